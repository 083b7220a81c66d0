"""The check registry: one ``Code`` per check of contracts.md, its ``Rule`` (the highest
severity it reports, a Japanese title, its source in 民執法・民執規則 or court practice) and
the ``Finding`` a check produces, which carries its rule so every view can say why.

The checks themselves are in ``domain.rules.checks``; ``RULES`` is the one list every view, the
command line and the exports read a code's title and source from.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "重大", "warning": "注意", "info": "情報"}[self.value]

    @property
    def rank(self) -> int:
        """Sort order: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Code(StrEnum):
    """Every check code of contracts.md, in the order of ``RULES`` (a StrEnum, so a code
    compares equal to its string and prints as it in ``check --json``)."""

    BID_BELOW_MINIMUM = "BID_BELOW_MINIMUM"
    BID_SUSPICIOUS_AMOUNT = "BID_SUSPICIOUS_AMOUNT"
    DEPOSIT_MISMATCH = "DEPOSIT_MISMATCH"
    DEPOSIT_CHANNEL = "DEPOSIT_CHANNEL"
    TRANSFER_LATE = "TRANSFER_LATE"
    PAYER_NAME_MISMATCH = "PAYER_NAME_MISMATCH"
    NAME_MISMATCH = "NAME_MISMATCH"
    NAME_VARIANT = "NAME_VARIANT"
    DOC_MISSING = "DOC_MISSING"
    DOC_EXPIRED = "DOC_EXPIRED"
    SUBMISSION_LATE = "SUBMISSION_LATE"
    FUNDS_SHORTFALL = "FUNDS_SHORTFALL"
    REFUND_OVERDUE = "REFUND_OVERDUE"
    PROPERTY_WITHDRAWN = "PROPERTY_WITHDRAWN"
    STATEMENT_INCOMPLETE = "STATEMENT_INCOMPLETE"
    BELOW_CREDITOR_OFFER = "BELOW_CREDITOR_OFFER"
    ANNOUNCEMENT_SUSPECT = "ANNOUNCEMENT_SUSPECT"
    PAYMENT_OVERDUE = "PAYMENT_OVERDUE"
    DOC_DATE_INVALID = "DOC_DATE_INVALID"
    TRANSFER_DATE_INVALID = "TRANSFER_DATE_INVALID"
    AMOUNT_UNDECIDED = "AMOUNT_UNDECIDED"
    BIDDER_DISQUALIFIED = "BIDDER_DISQUALIFIED"
    REFUND_SHORT = "REFUND_SHORT"
    OUTCOME_INCONSISTENT = "OUTCOME_INCONSISTENT"
    # issue 17: the 入札上限 and the 3点セット risk sheet (domain/funds/bidlimit.py,
    # domain/paperwork/risks.py)
    BID_ABOVE_LIMIT = "BID_ABOVE_LIMIT"
    RISK_OCCUPANT = "RISK_OCCUPANT"
    RISK_ASSUMED_RIGHT = "RISK_ASSUMED_RIGHT"
    RISK_SUPERFICIES = "RISK_SUPERFICIES"
    RISK_UNPAID_FEES = "RISK_UNPAID_FEES"
    RISK_NOT_REBUILDABLE = "RISK_NOT_REBUILDABLE"
    RISK_BOUNDARY = "RISK_BOUNDARY"
    RISK_FARMLAND = "RISK_FARMLAND"


@dataclass(frozen=True, kw_only=True)
class Rule:
    """One check code.

    Attributes:
        code: the code the rule reports under.
        severity: the highest severity its findings have (some are warnings first).
        title: what the rule is about, in Japanese (a heading, not a message).
        source: where the rule comes from — 民執法, 民執規則 or the court's practice.
    """

    code: Code
    severity: Severity
    title: str
    source: str


def _registry(*rules: Rule) -> dict[Code, Rule]:
    return {rule.code: rule for rule in rules}


RULES: Mapping[Code, Rule] = _registry(
    Rule(
        code=Code.BID_BELOW_MINIMUM,
        severity=Severity.ERROR,
        title="入札額が買受可能価額未満",
        source="民執法60条3項(買受可能価額未満の入札は無効)",
    ),
    Rule(
        code=Code.BID_SUSPICIOUS_AMOUNT,
        severity=Severity.WARNING,
        title="入札額が売却基準価額の3倍超(桁の誤りの疑い)",
        source="裁判所の入札書記載要領(入札書の金額は訂正できない)",
    ),
    Rule(
        code=Code.DEPOSIT_MISMATCH,
        severity=Severity.ERROR,
        title="保証額・振込額の不一致",
        source="民執規則49条→39条1項・2項(保証の額)、48条(保証の提供方法)",
    ),
    Rule(
        code=Code.DEPOSIT_CHANNEL,
        severity=Severity.ERROR,
        title="ATM・インターネットバンキングでの振込",
        source="民執規則48条1項1号、裁判所の振込依頼書の注意書(窓口・電信扱いのみ)",
    ),
    Rule(
        code=Code.TRANSFER_LATE,
        severity=Severity.ERROR,
        title="保証金の振込が遅い",
        source="民執規則48条、裁判所の入札手続案内(入札期間の末日までに着金)、銀行法施行令5条",
    ),
    Rule(
        code=Code.PAYER_NAME_MISMATCH,
        severity=Severity.ERROR,
        title="振込依頼人が入札人と違う",
        source="裁判所の振込依頼書の注意書(振込依頼人は入札人本人、共同入札は代表者)",
    ),
    Rule(
        code=Code.NAME_MISMATCH,
        severity=Severity.ERROR,
        title="書類の名義が入札人と違う",
        source="民執規則49条→38条(入札書の記載事項)、裁判所の入札手続案内(住民票・登記のとおり)",
    ),
    Rule(
        code=Code.NAME_VARIANT,
        severity=Severity.WARNING,
        title="書類の名義の表記ゆれ(異体字・全角半角)",
        source="裁判所の入札手続案内(住民票・登記事項証明書のとおりに記載)",
    ),
    Rule(
        code=Code.DOC_MISSING,
        severity=Severity.ERROR,
        title="提出書類が揃っていない",
        source="民執法65条の2・82条2項(融資の申出書)、民執規則31条の2・48条・49条、裁判所の入札手続案内(添付書類)",
    ),
    Rule(
        code=Code.DOC_EXPIRED,
        severity=Severity.ERROR,
        title="証明書の発行から3か月超",
        source="裁判所の入札手続案内(提出日前3か月以内の発行)、民法140条・143条(期間の計算)",
    ),
    Rule(
        code=Code.SUBMISSION_LATE,
        severity=Severity.ERROR,
        title="入札書の提出・発送が期限後",
        source="民執規則46条・47条(入札期間内に提出・必着)、裁判所の休日に関する法律1条",
    ),
    Rule(
        code=Code.FUNDS_SHORTFALL,
        severity=Severity.ERROR,
        title="全件落札時の資金不足",
        source="民執法78条(代金納付)、80条1項(不納付なら保証金は返還されない)",
    ),
    Rule(
        code=Code.REFUND_OVERDUE,
        severity=Severity.ERROR,
        title="保証金の返還が遅れている",
        source=(
            "裁判所の運用(開札後、入札書記載の口座へ返還。通常1〜2週間、開庁日で数える。"
            "入札書を出さずに取り下げた保証金は申出により組戻し)"
        ),
    ),
    Rule(
        code=Code.PROPERTY_WITHDRAWN,
        severity=Severity.WARNING,
        title="物件の取下げ・取消・停止",
        source="民執法39条・40条(停止・取消)、76条(取下げ)",
    ),
    Rule(
        code=Code.STATEMENT_INCOMPLETE,
        severity=Severity.ERROR,
        title="陳述書に書く事項が未入力",
        source="民執法65条の2、民執規則31条の2(陳述書の記載事項・役員の別紙)",
    ),
    Rule(
        code=Code.BELOW_CREDITOR_OFFER,
        severity=Severity.WARNING,
        title="入札額が差押債権者の申出額未満",
        source="民執法63条2項1号(申出額に達しなければ差押債権者が申出額で買い受ける)",
    ),
    Rule(
        code=Code.ANNOUNCEMENT_SUSPECT,
        severity=Severity.WARNING,
        title="公告の日付に誤りの疑い",
        source="民執規則46条1項(入札期間は1週間以上1月以内、開札期日は期間満了後)、"
        "裁判所の休日に関する法律1条",
    ),
    Rule(
        code=Code.PAYMENT_OVERDUE,
        severity=Severity.ERROR,
        title="代金納付期限の経過・期限後の納付",
        source="民執法78条(代金の納付)、80条1項(不納付で売却許可決定は失効し保証は返還されない)",
    ),
    Rule(
        code=Code.DOC_DATE_INVALID,
        severity=Severity.ERROR,
        title="証明書の発行日が未来・提出後",
        source="裁判所の入札手続案内(証明書は入札書に添えて提出)",
    ),
    Rule(
        code=Code.TRANSFER_DATE_INVALID,
        severity=Severity.ERROR,
        title="振込日が銀行休業日・未来・入札期間前",
        source="銀行法15条・銀行法施行令5条(銀行の休日)、民執規則48条(入札期間内の振込)",
    ),
    Rule(
        code=Code.AMOUNT_UNDECIDED,
        severity=Severity.ERROR,
        title="入札額が未定",
        source="民執規則49条→38条2項(入札書には入札価額を記載)",
    ),
    Rule(
        code=Code.BIDDER_DISQUALIFIED,
        severity=Severity.ERROR,
        title="同じ事件で代金を納付しなかった入札人",
        source="民執法71条4号ロ(その手続で代金を納付しなかった者は売却不許可)、188条",
    ),
    Rule(
        code=Code.REFUND_SHORT,
        severity=Severity.WARNING,
        title="返還額が保証金より少ない",
        source="民執法66条(買受けの申出の保証)、裁判所の入札手続案内(保証金は入札書の返還口座へ全額返還)",
    ),
    Rule(
        code=Code.OUTCOME_INCONSISTENT,
        severity=Severity.WARNING,
        title="結果の記録が物件・入札と合わない",
        source="民執規則49条→41条・42条(開札期日に最高価買受申出人を定める)",
    ),
    # --- issue 17: the 入札上限 and the 3点セット risk sheet ---------------------------
    Rule(
        code=Code.BID_ABOVE_LIMIT,
        severity=Severity.WARNING,
        title="入札額が入札上限を超える",
        source="入札者の収支計画(入札上限 = 評価額 − 売却経費 − 諸費用 − 目標利益)、"
        "民執法78条・80条(落札すれば代金を納めなければならず、納めなければ保証金を失う)",
    ),
    Rule(
        code=Code.RISK_OCCUPANT,
        severity=Severity.WARNING,
        title="占有者と引渡命令の見通し",
        source="民執法83条(引渡命令: 代金納付から6か月以内)、民法395条(明渡猶予6か月)、"
        "現況調査報告書・物件明細書",
    ),
    Rule(
        code=Code.RISK_ASSUMED_RIGHT,
        severity=Severity.WARNING,
        title="買受人が引き受ける権利(最先の賃借権など)",
        source="民執法59条(売却に伴う権利の消滅等)、62条(物件明細書)、民法605条の2(敷金の承継)",
    ),
    Rule(
        code=Code.RISK_SUPERFICIES,
        severity=Severity.WARNING,
        title="法定地上権",
        source="民法388条(法定地上権)、民執法81条(法定地上権)、物件明細書",
    ),
    Rule(
        code=Code.RISK_UNPAID_FEES,
        severity=Severity.INFO,
        title="滞納管理費等は買受人の負担",
        source="建物の区分所有等に関する法律8条(特定承継人の責任)、評価書・現況調査報告書",
    ),
    Rule(
        code=Code.RISK_NOT_REBUILDABLE,
        severity=Severity.WARNING,
        title="再建築できない(接道義務)",
        source="建築基準法43条1項(幅員4m以上の道路に2m以上接する)、42条、評価書",
    ),
    Rule(
        code=Code.RISK_BOUNDARY,
        severity=Severity.WARNING,
        title="境界未確定・越境",
        source="現況調査報告書・評価書の記載、民法223条(境界標の設置)、233条(竹木の枝の切除)",
    ),
    Rule(
        code=Code.RISK_FARMLAND,
        severity=Severity.WARNING,
        title="農地の買受けには農地法の許可",
        source="農地法3条(権利移動の許可)、5条(転用のための権利移動)、"
        "民執規則33条(買受けの申出をすることができる者の制限)",
    ),
)


TRANSFER_CODES: frozenset[Code] = frozenset(
    {
        Code.DEPOSIT_MISMATCH,
        Code.DEPOSIT_CHANNEL,
        Code.TRANSFER_LATE,
        Code.TRANSFER_DATE_INVALID,
        Code.PAYER_NAME_MISMATCH,
    }
)
"""The codes about the deposit transfer (its amount, channel, day and payer): the 振込 tab
shows their findings next to the transfer."""


@dataclass(frozen=True, kw_only=True)
class Finding:
    """One thing a check found.

    Attributes:
        code: the rule it comes from (``rule`` gives its title and source).
        severity: error, warning or info — never above the rule's ``severity``.
        bid: the bid's id; None for a portfolio-wide finding (FUNDS_SHORTFALL).
        property: the bid's property id; None when the bid names none or for a
            portfolio-wide finding.
        message: one or two Japanese sentences: what is wrong and what to do.
        due: the date it relates to (the deadline to fix it by, or the day something
            became overdue); None when there is none.
        basis: the finding's own source when it is narrower than its rule's (DOC_MISSING
            names the rule for the one paper missing); "" for the rule's source.
    """

    code: Code
    severity: Severity
    bid: str | None
    property: str | None
    message: str
    due: date | None
    basis: str = ""

    def __post_init__(self) -> None:
        # A code outside the registry fails here, where it is made, not in a view.
        object.__setattr__(self, "code", Code(self.code))

    @builtins.property  # plain ``property`` is the field above
    def rule(self) -> Rule:
        return RULES[self.code]

    @builtins.property
    def source(self) -> str:
        """根拠: the finding's own basis, else its rule's source."""
        return self.basis or self.rule.source


def findings_to_json(findings: Iterable[Finding]) -> dict[str, Any]:
    """The `check --json` shape of contracts.md, each finding with its rule's title and
    source added (extra keys: the contract's keys are as they were)."""
    return {
        "findings": [
            {
                "code": str(f.code),
                "severity": f.severity.value,
                "bid": f.bid,
                "property": f.property,
                "message": f.message,
                "due": f.due.isoformat() if f.due is not None else None,
                "title": f.rule.title,
                "source": f.source,
            }
            for f in findings
        ]
    }


def counts(findings: Iterable[Finding]) -> dict[Severity, int]:
    """How many findings of each severity (all severities present, zero included)."""
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


def counts_text(tally: Mapping[Severity, int]) -> str:
    """重大 1件・注意 0件・情報 0件 (the command line's and the report's summary)."""
    return "・".join(f"{severity.label} {tally.get(severity, 0)}件" for severity in Severity)
