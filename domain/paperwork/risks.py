"""The 3点セット risk sheet: what investors read from the 物件明細書 (民執法62条), the
現況調査報告書 (民執法57条) and the 評価書 (民執法58条), entered per property
(``models.RiskSheet``), and what each answer means for the bid.

Every answer feeds either a cost line of the 入札上限 (``risk_cost_lines``: 明渡し費用,
引受ける敷金, 滞納管理費) or a finding (``risk_findings``, codes in rules/registry.py), and
``risk_rows`` gives the sheet as rows (項目・記載・影響・根拠) for the window, the
入札準備シート and the workbook. The rules, with their sources:

- 占有者 (``RISK_OCCUPANT``): the owner (債務者) or a tenant without a senior lease can be
  removed by a 引渡命令, applied for within 6 months of paying (民執法83条1項・2項); a
  tenant under a lease after the mortgage keeps the house 6 months after the sale
  (明渡猶予, 民法395条1項). Unknown: no plan can be made — read the 現況調査報告書.
- 最先の賃借権 and other rights the buyer takes over (``RISK_ASSUMED_RIGHT``): a lease
  older than every mortgage and attachment survives the sale (民執法59条2項の反対解釈), no
  引渡命令 issues against it (民執法83条1項ただし書), and the buyer owes its 敷金
  (民法605条の2第4項). Other rights stated as 引受け in the 物件明細書 (民執法59条4項,
  62条1項2号) likewise.
- 法定地上権 (``RISK_SUPERFICIES``): land sold apart from its building is burdened by the
  building owner's 地上権 (民法388条, 民執法81条).
- 滞納管理費 (``RISK_UNPAID_FEES``): the buyer of a 区分所有建物 owes the arrears
  (建物の区分所有等に関する法律8条): an info finding, and a cost line.
- 再建築の可否 (``RISK_NOT_REBUILDABLE``): a site not touching a road of 4 m by 2 m cannot
  be built on again (建築基準法43条1項).
- 境界・越境 (``RISK_BOUNDARY``): an unsettled boundary or an encroachment costs a survey
  and talks with the neighbours.
- 農地 (``RISK_FARMLAND``): only a buyer the 農業委員会 certifies (買受適格証明書) may bid
  (民執規則33条; 農地法3条 to farm it, 5条 to convert it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from biddesk.domain.models import (
    Answer,
    FarmlandUse,
    NamedCost,
    Occupant,
    Property,
    RiskSheet,
)
from biddesk.domain.money import format_yen
from biddesk.domain.rules.registry import RULES, Code, Finding, Severity

EVICTION_COST = "明渡し費用(見込み)"
ASSUMED_DEPOSIT = "引受ける敷金等"
UNPAID_FEES = "滞納管理費等"


def risk_cost_lines(sheet: RiskSheet | None) -> tuple[NamedCost, ...]:
    """The sheet's amounts as cost lines of the 入札上限: the eviction estimate (unless
    nobody occupies the property), the 敷金 of a senior lease, the 滞納管理費."""
    if sheet is None:
        return ()
    lines = []
    if sheet.eviction_cost and sheet.occupant is not Occupant.NONE:
        lines.append(NamedCost(name=EVICTION_COST, amount=sheet.eviction_cost))
    if sheet.assumed_deposit and sheet.senior_lease is Answer.YES:
        lines.append(NamedCost(name=ASSUMED_DEPOSIT, amount=sheet.assumed_deposit))
    if sheet.unpaid_fees:
        lines.append(NamedCost(name=UNPAID_FEES, amount=sheet.unpaid_fees))
    return tuple(lines)


@dataclass(frozen=True, kw_only=True)
class RiskNote:
    """What one answer means: a finding's severity and message (None: nothing to report)."""

    code: Code
    severity: Severity
    message: str


def _eviction_hint(sheet: RiskSheet) -> str:
    if sheet.eviction_cost:
        return f"明渡し費用{format_yen(sheet.eviction_cost)}を諸費用に含めました。"
    return "明渡し費用(引越代・強制執行の費用)を見込んで入力してください。"


def _occupant(sheet: RiskSheet) -> RiskNote | None:
    code = Code.RISK_OCCUPANT
    match sheet.occupant:
        case Occupant.OWNER:
            return RiskNote(
                code=code,
                severity=Severity.INFO,
                message="所有者(債務者)が占有しています。代金納付から6か月以内に引渡命令を"
                "申し立てられます(民執法83条)。" + _eviction_hint(sheet),
            )
        case Occupant.TENANT if sheet.senior_lease is Answer.NO:
            return RiskNote(
                code=code,
                severity=Severity.INFO,
                message="賃借人が占有しています(最先の賃借権ではない)。引渡しは売却から6か月"
                "猶予され(民法395条)、その後は引渡命令を申し立てられます(民執法83条)。"
                + _eviction_hint(sheet),
            )
        case Occupant.TENANT if sheet.senior_lease is not Answer.YES:
            return RiskNote(
                code=code,
                severity=Severity.WARNING,
                message="賃借人が占有していますが、最先の賃借権かどうかが未確認です。"
                "物件明細書で引受けの有無を確認してください。",
            )
        case Occupant.UNKNOWN:
            return RiskNote(
                code=code,
                severity=Severity.WARNING,
                message="占有者が不明です。現況調査報告書で占有者と占有の権原を確認し、"
                "引渡命令の見通しを立ててください。",
            )
    return None


def _assumed(sheet: RiskSheet) -> list[RiskNote]:
    code = Code.RISK_ASSUMED_RIGHT
    notes = []
    if sheet.senior_lease is Answer.YES:
        deposit = (
            f"敷金等{format_yen(sheet.assumed_deposit)}の返還義務も引き継ぎます(諸費用に含めました)。"
            if sheet.assumed_deposit
            else "敷金の返還義務も引き継ぐため、その額を入力してください(民法605条の2)。"
        )
        notes.append(
            RiskNote(
                code=code,
                severity=Severity.WARNING,
                message="最先の賃借権があり、買受人が賃貸人の地位を引き受けます。この賃借人に"
                "引渡命令は出ません(民執法59条・83条1項ただし書)。" + deposit,
            )
        )
    elif sheet.senior_lease is Answer.UNKNOWN:
        notes.append(
            RiskNote(
                code=code,
                severity=Severity.WARNING,
                message="最先の賃借権の有無が不明です。物件明細書の「買受人が負担することと"
                "なる他人の権利」を確認してください。",
            )
        )
    if sheet.assumed_rights is Answer.YES:
        notes.append(
            RiskNote(
                code=code,
                severity=Severity.WARNING,
                message="物件明細書に買受人が引き受ける権利(地上権・留置権など)があります"
                "(民執法59条4項・62条)。その負担を評価額に織り込んでください。",
            )
        )
    elif sheet.assumed_rights is Answer.UNKNOWN:
        notes.append(
            RiskNote(
                code=code,
                severity=Severity.INFO,
                message="引受けとなる権利の有無が未確認です。物件明細書を確認してください。",
            )
        )
    return notes


def _answer_note(
    answer: Answer | None, code: Code, *, risky: Answer, message: str, unknown: str
) -> RiskNote | None:
    if answer is risky:
        return RiskNote(code=code, severity=Severity.WARNING, message=message)
    if answer is Answer.UNKNOWN:
        return RiskNote(code=code, severity=Severity.INFO, message=unknown)
    return None


def _farmland(sheet: RiskSheet, prop: Property | None) -> RiskNote | None:
    code = Code.RISK_FARMLAND
    if sheet.farmland is FarmlandUse.FARMING:
        message = (
            "農地(耕作目的)のため、農地法3条の許可を受けられる人だけが買い受けられます。"
            "農業委員会の買受適格証明書を入札書に添えてください(民執規則33条)。"
        )
    elif sheet.farmland is FarmlandUse.CONVERSION:
        message = (
            "農地(転用目的)のため、農地法5条の許可(市街化区域は届出)が必要です。"
            "農業委員会の買受適格証明書を入札書に添えてください(民執規則33条)。"
        )
    elif sheet.farmland is FarmlandUse.NOT_FARMLAND and prop is not None and prop.farmland:
        message = (
            "リスク表では農地でないとしていますが、公告では農地です。"
            "地目と農業委員会の扱いを確認してください(農地法3条・5条)。"
        )
    else:
        return None
    return RiskNote(code=code, severity=Severity.WARNING, message=message)


def risk_notes(sheet: RiskSheet | None, prop: Property | None = None) -> list[RiskNote]:
    """What the sheet's answers mean, in the order of the sheet (no answer, no note)."""
    if sheet is None:
        return []
    notes: list[RiskNote | None] = [_occupant(sheet), *_assumed(sheet)]
    notes.append(
        _answer_note(
            sheet.statutory_superficies,
            Code.RISK_SUPERFICIES,
            risky=Answer.YES,
            message="法定地上権が成立します(民法388条・民執法81条)。土地なら建物所有者の地上権が"
            "付き、土地を自由に使えません。評価書の評価を確認してください。",
            unknown="法定地上権の成否が不明です。物件明細書を確認してください。",
        )
    )
    if sheet.unpaid_fees:
        notes.append(
            RiskNote(
                code=Code.RISK_UNPAID_FEES,
                severity=Severity.INFO,
                message=f"滞納管理費等{format_yen(sheet.unpaid_fees)}は買受人が支払います"
                "(区分所有法8条)。諸費用に含めました。",
            )
        )
    notes.append(
        _answer_note(
            sheet.rebuildable,
            Code.RISK_NOT_REBUILDABLE,
            risky=Answer.NO,
            message="再建築できません(建築基準法43条: 接道義務)。建替えができない前提で"
            "評価額を見直してください。",
            unknown="再建築の可否が不明です。評価書の接道状況を確認してください。",
        )
    )
    notes.append(
        _answer_note(
            sheet.boundary_issue,
            Code.RISK_BOUNDARY,
            risky=Answer.YES,
            message="境界未確定・越境の記載があります。測量や隣地との協議の費用を"
            "諸費用に見込んでください。",
            unknown="境界・越境の有無が不明です。現況調査報告書・評価書を確認してください。",
        )
    )
    notes.append(_farmland(sheet, prop))
    return [note for note in notes if note is not None]


def risk_findings(prop: Property | None, bid_id: str | None) -> list[Finding]:
    """The risk sheet's findings for a bid on ``prop`` (one per note, never above the
    rule's severity)."""
    if prop is None:
        return []
    return [
        Finding(
            code=note.code,
            severity=note.severity,
            bid=bid_id,
            property=prop.id,
            message=note.message,
            due=None,
        )
        for note in risk_notes(prop.risks, prop)
    ]


@dataclass(frozen=True, kw_only=True)
class RiskRow:
    """One line of the sheet as printed: 項目, what was entered, what it means, 根拠."""

    item: str
    entered: str
    effect: str
    source: str


def _entered(value: Answer | Occupant | FarmlandUse | int | None) -> str:
    if value is None:
        return "未入力"
    if isinstance(value, int):
        return format_yen(value)
    return value.label


def risk_rows(sheet: RiskSheet | None, prop: Property | None = None) -> list[RiskRow]:
    """Every item of the sheet (entered or not) with the notes it gave: the 入札準備シート,
    the workbook and the window show the same rows."""
    sheet = sheet or RiskSheet()
    notes: dict[Code, list[str]] = {}
    for note in risk_notes(sheet, prop):
        notes.setdefault(note.code, []).append(note.message)

    def row(item: str, entered: Iterable[str], codes: tuple[Code, ...]) -> RiskRow:
        effect = " ".join(m for code in codes for m in notes.get(code, []))
        source = RULES[codes[0]].source
        return RiskRow(item=item, entered="・".join(entered), effect=effect, source=source)

    occupant = [_entered(sheet.occupant)]
    if sheet.eviction_cost:
        occupant.append(f"明渡し費用 {format_yen(sheet.eviction_cost)}")
    lease = [f"最先の賃借権 {_entered(sheet.senior_lease)}"]
    if sheet.assumed_deposit:
        lease.append(f"敷金等 {format_yen(sheet.assumed_deposit)}")
    lease.append(f"その他の引受け {_entered(sheet.assumed_rights)}")
    return [
        row("占有者・引渡命令", occupant, (Code.RISK_OCCUPANT,)),
        row("引受けとなる権利", lease, (Code.RISK_ASSUMED_RIGHT,)),
        row("法定地上権", [_entered(sheet.statutory_superficies)], (Code.RISK_SUPERFICIES,)),
        row("滞納管理費等", [_entered(sheet.unpaid_fees)], (Code.RISK_UNPAID_FEES,)),
        row(
            "再建築の可否",
            [_rebuild_text(sheet.rebuildable)],
            (Code.RISK_NOT_REBUILDABLE,),
        ),
        row("境界・越境", [_entered(sheet.boundary_issue)], (Code.RISK_BOUNDARY,)),
        row("農地", [_entered(sheet.farmland)], (Code.RISK_FARMLAND,)),
    ]


def _rebuild_text(answer: Answer | None) -> str:
    """再建築 reads 可/不可, not あり/なし."""
    return {Answer.YES: "可", Answer.NO: "不可", Answer.UNKNOWN: "不明", None: "未入力"}[answer]


def has_entries(sheet: RiskSheet | None) -> bool:
    """Whether anything was entered (an empty sheet is not printed)."""
    return sheet is not None and sheet != RiskSheet()
