"""封筒チェックリスト: one page per open bid sent by mail — what goes into which envelope.

The page lists, with boxes to tick:
- what goes into the sealed 白封筒 (入札書用封筒) and what to write on it (事件番号,
  物件番号, 開札期日: 民執規則47条);
- what goes beside it into the outer envelope (the 入札保証金振込証明書 or the
  支払保証委託契約締結証明書, the 陳述書 …);
- what must not go in: the deposit's proof inside the 白封筒, two 入札書 in one 白封筒,
  cash;
- the address (the court's 執行官室: BidDesk knows no court's address, so there are lines to
  write it from the 公告 or the court's 入札書 set), the sender, 書留;
- the send-by day and the expected arrival (domain.schedule.deadlines: ``envelope_day``,
  ``receipt_day``), and the period's end (必着).

Which paper goes where is one rule, domain.paperwork.envelopes (its source: 金沢地方裁判所
「期間入札についての注意」, 民執規則47条・48条・31条の2), printed at the foot of every page.
Written into each mailed bid's 記入控え folder (forms.sheets) and, all bids in one PDF, by
the window's 出力 menu (``write_envelope_checklists``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer, Table, TableStyle

from biddesk.domain.models import DocStatus, PaymentMethod, Portfolio, Submission
from biddesk.domain.paperwork.envelopes import NEVER_INNER, SOURCE, Envelope, envelope_of
from biddesk.domain.schedule.deadlines import envelope_day, receipt_day
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.data import BidView, ExportData
from biddesk.forms.labels import requirement_who
from biddesk.forms.notices import unprintable_notice
from biddesk.forms.pdf import (
    FONT_COMMAND,
    GRID,
    PORTRAIT,
    PageInfo,
    Steps,
    Tick,
    build_pdf,
    day,
    frame_size,
    para,
    shorten,
    styles,
)
from biddesk.forms.progress import Progress, no_progress

ENVELOPE_TITLE = "封筒チェックリスト"
ENVELOPE_FORM = "封筒チェックリスト"
"""The file's name in a bid's 記入控え folder (``.pdf``)."""
NAME_LIMIT = 40
BOX = "□"
NEVER = "×"
_WRITE_LINE = "＿" * 22

COURT_GUIDANCE_FIRST = (
    "裁判所によって細部(陳述書を入れる封筒など)が異なることがあります。公告と裁判所の"
    "入札書セットに付いている案内を優先してください。"
)


def mailed(view: BidView) -> bool:
    """A bid that gets a checklist: still being prepared and sent by mail."""
    return view.open and view.bid.submission is Submission.MAIL


def _status(document_status: DocStatus | None) -> str:
    return document_status.label if document_status is not None else "未登録"


def _rows_table(rows: list[tuple[str, str, str]], *, shade: str | None = None) -> Table:
    """Tick box / paper / note rows in a boxed grid."""
    s = styles()
    width, _ = frame_size(PORTRAIT)
    data = [
        [para(mark, s.body), para(paper, s.body), para(note, s.small)] for mark, paper, note in rows
    ]
    table = Table(data, colWidths=[8 * mm, 62 * mm, width - 70 * mm], hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        FONT_COMMAND,
        ("BOX", (0, 0), (-1, -1), 0.8, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if shade is not None:
        from reportlab.lib import colors

        commands.append(("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(shade)))
    table.setStyle(TableStyle(commands))
    return table


def _papers(data: ExportData, view: BidView) -> dict[Envelope, list[tuple[str, str, str]]]:
    """The bid's required papers (its 書類チェック), sorted into the two envelopes."""
    rows: dict[Envelope, list[tuple[str, str, str]]] = {Envelope.INNER: [], Envelope.OUTER: []}
    for requirement, document in data.checklist(view):
        who = requirement_who(requirement, data.bidders)
        label = requirement.label
        if requirement.type in NEVER_INNER:
            label = (
                "入札保証金振込証明書(振込金受取書を貼る)"
                if view.bid.method is PaymentMethod.TRANSFER
                else "支払保証委託契約締結証明書"
            )
        note = f"{who}・{_status(document.status if document else None)}"
        if requirement.reason:
            note += f"({requirement.reason})"
        rows[envelope_of(requirement.type)].append((BOX, label, note))
    return rows


def _dates(data: ExportData, view: BidView) -> list[tuple[str, str, str]]:
    settings = data.portfolio.settings
    bid, prop = view.bid, view.prop
    send_by = envelope_day(bid, prop, settings)
    receipt = receipt_day(bid, prop, settings)
    end = view.dates.period_end if view.dates is not None else None
    deadline = view.dates.mail_send_by if view.dates is not None else None
    rows = [
        (
            "発送する日",
            day(send_by) if send_by is not None else "(入札期間が未登録)",
            "郵便局の窓口から書留で。控え(引受番号)を保管します。",
        ),
    ]
    if deadline is not None and send_by is not None and send_by != deadline:
        rows.append(("郵送期限", day(deadline), "これより後の発送は期間内に届かないおそれ"))
    if receipt is not None:
        rows.append((receipt.label, day(receipt.day), "証明書はこの日に発行から3か月以内"))
    if end is not None:
        rows.append(("入札期間の末日", day(end), "期間内必着(民執規則46条・47条)"))
    if prop is not None and prop.opening_date is not None:
        rows.append(("開札期日", day(prop.opening_date), "白封筒の表に書きます"))
    return rows


def _two_column(rows: list[tuple[str, str, str]]) -> Table:
    s = styles()
    width, _ = frame_size(PORTRAIT)
    data = [[para(a, s.body), para(b, s.body), para(c, s.small)] for a, b, c in rows]
    table = Table(data, colWidths=[32 * mm, 52 * mm, width - 84 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def envelope_story(data: ExportData, view: BidView) -> list[Flowable]:
    """One page (shrunk to fit when a bid names many people) for one mailed bid."""
    s = styles()
    width, height = frame_size(PORTRAIT)
    prop = view.prop
    court = (prop.court if prop is not None else None) or ""
    case = shorten(view.case_number, NAME_LIMIT) or "(事件番号不明)"
    numbers = shorten(view.property_numbers, NAME_LIMIT) or "－"
    opening = day(prop.opening_date) if prop is not None and prop.opening_date else "(開札期日)"
    papers = _papers(data, view)
    deposit_proof = (
        "入札保証金振込証明書"
        if view.bid.method is PaymentMethod.TRANSFER
        else "支払保証委託契約締結証明書"
    )
    bidder = view.bidder
    sender = (
        f"{bidder.address or '(住所)'} {bidder.name}" if bidder is not None else view.bidder_name
    )
    content: list[Flowable] = [
        *unprintable_notice(view),
        para(f"{ENVELOPE_TITLE}(郵送による入札) {case} 物件{numbers}", s.heading),
        para(f"裁判所: {shorten(court or '－', NAME_LIMIT)} / 入札人: {view.bidder_name}", s.body),
        para(COURT_GUIDANCE_FIRST, s.small),
        Spacer(1, 2 * mm),
        para("1. 日付", s.subheading),
        _two_column(_dates(data, view)),
        para(f"2. {Envelope.INNER.label}に入れるもの(入札書1枚につき白封筒1通)", s.subheading),
        _rows_table(papers[Envelope.INNER]),
        _rows_table(
            [
                (
                    BOX,
                    "白封筒の表に書く",
                    f"事件番号 {case}　物件番号 {numbers}　開札期日 {opening}",
                ),
                (BOX, "封をする", "のり付けして封をします(開札期日まで開けられません)。"),
            ]
        ),
        para(f"3. {Envelope.OUTER.label}に入れるもの", s.subheading),
        _rows_table(
            [
                (BOX, "上の白封筒(封をしたもの)", "中身を入れ忘れていないか、封をする前に確認"),
                *papers[Envelope.OUTER],
            ]
        ),
        para("4. 入れてはいけないもの・してはいけないこと", s.subheading),
        _rows_table(
            [
                (NEVER, f"{deposit_proof}を白封筒に入れる", "白封筒の外(外封筒)に入れます。"),
                (
                    NEVER,
                    "2件以上の入札書を1通の白封筒に",
                    "物件ごと・入札書ごとに白封筒を分けます。",
                ),
                (
                    NEVER,
                    "現金・小切手",
                    "期間入札の保証は振込か支払保証委託契約です(民執規則48条)。",
                ),
                (NEVER, "金額を訂正した入札書", "書き損じたら新しい入札書の用紙に書き直します。"),
            ],
            shade="#FFF2F2",
        ),
        para("5. 外封筒の宛先・差出人・郵送", s.subheading),
        _two_column(
            [
                (
                    "宛先",
                    f"〒　　　－　　　　　{_WRITE_LINE}",
                    "公告・入札書セットの宛先を写します",
                ),
                ("", f"{court or '(裁判所)'} 執行官 宛", "執行官室の所在地: 上の行に"),
                ("差出人", shorten(sender, 60), "住民票・登記のとおり"),
                ("郵送の方法", f"{BOX} 書留(郵便局の窓口で)", "普通郵便・ポスト投函はしない"),
            ]
        ),
        Spacer(1, 3 * mm),
        para(f"根拠: {SOURCE}", s.small),
    ]
    return [KeepInFrame(width, height, content, mode="shrink")]


def _info(title: str, data: ExportData, target: Path) -> PageInfo:
    return PageInfo(title=title, name=data.name, today=data.today, file_name=target.name)


def write_envelope_page(stage: Staging, target: Path, data: ExportData, view: BidView) -> Path:
    """One bid's checklist (a page of its 記入控え folder)."""
    build_pdf(
        stage.temp_for(target), envelope_story(data, view), _info(ENVELOPE_TITLE, data, target)
    )
    return target


def write_envelope_checklists(
    portfolio: Portfolio,
    path: Path | str,
    *,
    today: date,
    name: str = "",
    staging: Staging | None = None,
    progress: Progress = no_progress,
) -> int:
    """Every mailed open bid's checklist in one PDF, a page each; returns the page count.
    A portfolio without such a bid gets one page that says so."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    views = [view for view in data.open_views if mailed(view)]
    steps = Steps(progress, len(views))
    story: list[Flowable] = []
    for index, view in enumerate(views):
        if index:
            story.append(PageBreak())
        story += [*envelope_story(data, view), Tick(steps)]
    if not story:
        story = [para("郵送で提出する準備中の入札はありません。", styles().body)]
    target = Path(path)
    with staged(staging) as stage:
        build_pdf(stage.temp_for(target), story, _info(ENVELOPE_TITLE, data, target), steps=steps)
    return max(len(views), 1)
