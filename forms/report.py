"""The PDF report of a portfolio and the one-page 入札準備シート (preparation sheet) per bid.

Report (A4 landscape): summary, properties, bids, findings, the cash-flow chart and table
(all-win scenario: the funding plan must survive winning everything), refunds; then an
A4 portrait 入札準備シート per bid still to submit: figures, the bid in words and in boxes,
deadlines, the checklist with boxes, and the name-consistency table.

Bounded at any size (10,000 bids: about a thousand pages, well under 500 MB):
- 物件一覧 and 入札一覧 list every property and every bid, one compact row each
  (``ListTable``: drawn on the canvas, cells of at most three lines ending in …);
- 指摘事項, the cash-flow events and 返還管理 list the first ``LIST_LIMIT`` rows, most
  urgent first (errors before warnings, nearest dates first, overdue refunds first), and
  say how many more there are; the Excel export has every row; under the findings, the
  source (根拠) of each rule they come from, once per code;
- a 入札準備シート is made only for an open bid whose submission deadline has not passed
  (decided, lost, refunded or withdrawn bids need no preparation), nearest deadline first,
  at most ``SHEET_LIMIT``; the summary says how many more are in the list only (their
  sheets come with the 記入控え export, one folder per bid).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from biddesk.domain.dates import certificate_valid_through
from biddesk.domain.errors import UserError
from biddesk.domain.funds.refunds import RefundStatus
from biddesk.domain.models import (
    DocStatus,
    Financing,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Submission,
)
from biddesk.domain.paperwork.documents import is_done
from biddesk.domain.paperwork.names import compare_names, kana_matches
from biddesk.domain.rules.registry import RULES, Finding, Severity, counts, counts_text
from biddesk.domain.schedule.deadlines import upcoming_deadlines
from biddesk.domain.schedule.labels import (
    LAST_IN_PERSON,
    LAST_TRANSFER,
    MAIL_SEND_BY,
    SAFE_TRANSFER,
)
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.charts import Point, cashflow_drawing
from biddesk.forms.data import BidView, ExportData
from biddesk.forms.labels import requirement_who, result_label
from biddesk.forms.pdf import (
    ERROR_BG,
    FONT_COMMAND,
    LANDSCAPE,
    PORTRAIT,
    WARNING_BG,
    ListTable,
    PageInfo,
    Steps,
    Tick,
    build_pdf,
    data_table,
    day,
    digit_boxes,
    field_table,
    frame_size,
    list_table,
    markup,
    para,
    rich,
    shorten,
    styles,
    yen,
)
from biddesk.forms.progress import Progress, no_progress
from biddesk.forms.risk_sheet import limit_and_risks

REPORT_TITLE = "競売入札 ポートフォリオ報告書"
LIST_LIMIT = 1000
"""Rows of 指摘事項, cash-flow events and 返還管理 in the PDF (the Excel export has all)."""
SHEET_LIMIT = 100
"""入札準備シート in one report, nearest submission deadline first."""
NAME_LIMIT = 40
ADDRESS_LIMIT = 200
MESSAGE_LIMIT = 160
"""The one-page sheet cuts longer names and addresses with …(以下省略) (the form drafts
print them in full)."""
SHEET_TITLE = "入札準備シート"
WON = OutcomeResult.WON
_SEVERITY_COLORS = {Severity.ERROR: ERROR_BG, Severity.WARNING: WARNING_BG}


# --- report sections ------------------------------------------------------------------


def sheet_views(data: ExportData) -> list[BidView]:
    """The open bids whose submission deadline has not passed (or is not known yet),
    nearest deadline first: the bids a 入札準備シート is for."""
    pending = [
        v
        for v in data.open_views
        if v.submission_deadline is None or v.submission_deadline >= data.today
    ]
    return sorted(pending, key=lambda v: v.submission_deadline or date.max)


def _sheet_statement(data: ExportData) -> str:
    """What the report's sheets cover, in one line of the summary."""
    pending = sheet_views(data)
    shown = min(len(pending), SHEET_LIMIT)
    text = f"{shown}件(提出期限が過ぎていない準備中の入札、期限の近い順)"
    if len(pending) > shown:
        text += f"。以下{len(pending) - shown}件は入札一覧のみ(記入控えの出力で1件ずつ作れます)"
    passed = len(data.open_views) - len(pending)
    if passed:
        text += f"。提出期限を過ぎた{passed}件は入札一覧のみ(結果を記録してください)"
    return text


def _more(count: int, sheet: str) -> list[Flowable]:
    """The line under a list cut at ``LIST_LIMIT``."""
    if count <= 0:
        return []
    return [para(f"以下{count}件は省略しました(Excel出力の「{sheet}」シートにすべてあります)。")]


def financing_row(line: Financing) -> tuple[str, str]:
    """A financing line of the summary: dated, cash from that day; undated, a standby
    facility counted in the headroom from the start (cashflow.standby_financing)."""
    when = (
        f"{day(line.available_from)}から"
        if line.available_from is not None
        else "日付なし: 待機枠として余力に算入"
    )
    return f"融資: {line.name}", f"{yen(line.amount)}({when})"


def _summary(data: ExportData, steps: Steps, *, bid_sheets: bool = True) -> list[Flowable]:
    s = styles()
    settings = data.portfolio.settings
    won = sum(1 for v in data.views if v.bid.outcome is not None and v.bid.outcome.result is WON)
    rows: list[tuple[object, object]] = [
        ("物件数", f"{len(data.portfolio.properties)}件"),
        (
            "入札数",
            f"{len(data.views)}件(準備中 {len(data.open_views)}件・最高価買受申出 {won}件)",
        ),
        (
            "指摘事項",
            counts_text(counts(data.findings)),
        ),
        *([("入札準備シート", _sheet_statement(data))] if bid_sheets else []),
        ("手元資金", yen(settings.cash_on_hand)),
        ("予備資金(使わない額)", yen(settings.reserve)),
    ]
    rows += [financing_row(line) for line in settings.financing]
    result = data.cashflow
    lowest = result.lowest
    waiting = [r for r in data.refunds if r.outstanding]
    overdue = [r for r in waiting if r.overdue]
    rows += [
        ("開始時の余力", yen(result.capacity_start)),
        (
            f"最低の余力({result.scenario.label})",
            f"{yen(lowest[1])}({day(lowest[0])})" if lowest is not None else "－",
        ),
        ("最初の資金不足日", day(result.first_shortfall) if result.first_shortfall else "なし"),
        (
            "戻っていない保証金",
            f"{len(waiting)}件 {yen(sum(r.deposit or 0 for r in waiting))}"
            f"(うち返還の遅れ {len(overdue)}件)",
        ),
    ]
    width, _ = frame_size(LANDSCAPE)
    story: list[Flowable] = [
        para(REPORT_TITLE, s.title),
        para(f"{shorten(data.name, NAME_LIMIT)}  作成日 {day(data.today)}", s.body),
        Spacer(1, 3 * mm),
        para("概要", s.heading),
        field_table(rows, [70 * mm, 110 * mm]),
    ]
    upcoming = upcoming_deadlines(data.portfolio, today=data.today, horizon_days=60)
    if upcoming:
        story += [para("これからの期限(60日以内)", s.heading)]
        table_rows = []
        for deadline in upcoming[:25]:
            view = data.view_by_id(deadline.bid)
            table_rows.append(
                [
                    day(deadline.date),
                    deadline.label,
                    view.case_number if view is not None else "",
                    view.property_numbers if view is not None else "",
                    view.bidder_name if view is not None else "",
                ]
            )
        story.append(
            list_table(
                ["期日", "内容", "事件番号", "物件番号", "入札人"],
                table_rows,
                [40 * mm, 80 * mm, 50 * mm, 20 * mm, width - 190 * mm],
                on_drawn=steps.advance,
            )
        )
        if len(upcoming) > 25:
            story.append(para(f"ほか{len(upcoming) - 25}件(Excel・カレンダー出力を参照)", s.small))
    return story


def _properties(data: ExportData, steps: Steps) -> list[Flowable]:
    s = styles()
    width, _ = frame_size(LANDSCAPE)
    rows = []
    shade = []
    for index, prop in enumerate(data.portfolio.properties):
        figures = data.property_figures[prop.id]
        deposit = yen(figures.deposit) + ("(推定)" if figures.deposit_estimated else "")
        period = f"{day(prop.bid_period_start, weekday=False)}〜\n{day(prop.bid_period_end)}"
        rows.append(
            [
                f"{prop.case_number or '－'}\n物件{','.join(prop.property_numbers) or '－'}",
                prop.court or "－",
                (prop.kind or "－") + ("(農地)" if prop.farmland else ""),
                prop.address or "－",
                yen(figures.base_price),
                yen(figures.minimum_bid),
                deposit,
                period,
                day(prop.opening_date),
                prop.status.label,
            ]
        )
        if not prop.status.is_open:
            shade.append((index, colors.HexColor("#E7E6E6")))
    return [
        para(f"物件一覧({len(rows)}件)", s.heading),
        list_table(
            [
                "事件番号・物件",
                "裁判所",
                "種別",
                "所在地",
                "売却基準価額",
                "買受可能価額",
                "保証額",
                "入札期間",
                "開札期日",
                "状態",
            ],
            rows,
            [
                36 * mm,
                34 * mm,
                18 * mm,
                width - 245 * mm,
                24 * mm,
                24 * mm,
                26 * mm,
                36 * mm,
                31 * mm,
                16 * mm,
            ],
            right=(4, 5, 6),
            row_colors=shade,
            on_drawn=steps.advance,
        ),
    ]


def _bids(data: ExportData, steps: Steps) -> list[Flowable]:
    s = styles()
    width, _ = frame_size(LANDSCAPE)
    rows = []
    shade = []
    for index, view in enumerate(data.views):
        bid = view.bid
        tally = data.finding_counts(bid.id)
        deadline = view.submission_deadline
        rows.append(
            [
                f"{view.case_number or '－'}\n物件{view.property_numbers or '－'}",
                view.bidder_name,
                yen(bid.amount),
                yen(view.deposit),
                yen(view.balance_due),
                f"{bid.method.label}/{bid.submission.label}",
                day(deadline) if view.open else "－",
                result_label(bid, view.prop),
                str(tally[Severity.ERROR]),
                str(tally[Severity.WARNING]),
            ]
        )
        if tally[Severity.ERROR]:
            shade.append((index, ERROR_BG))
        elif tally[Severity.WARNING]:
            shade.append((index, WARNING_BG))
    return [
        para(f"入札一覧({len(rows)}件)", s.heading),
        list_table(
            [
                "事件番号・物件",
                "入札人",
                "入札額",
                "保証額",
                "残代金(落札時)",
                "保証/提出",
                "提出の期限",
                "状況",
                "重大",
                "注意",
            ],
            rows,
            [
                38 * mm,
                width - 217 * mm,
                26 * mm,
                24 * mm,
                26 * mm,
                28 * mm,
                33 * mm,
                28 * mm,
                10 * mm,
                10 * mm,
            ],
            right=(2, 3, 4),
            center=(8, 9),
            row_colors=shade,
            on_drawn=steps.advance,
        ),
    ]


def _bidder_of(data: ExportData, bid_id: str | None) -> str:
    """The bidder's name of a finding's bid ("" for a portfolio-wide one): lines name
    people and cases, never the file's ids (x1, p1)."""
    view = data.view_by_id(bid_id)
    return view.bidder_name if view is not None else ""


def _finding_rows(
    data: ExportData, findings: list[Finding]
) -> tuple[list[list[object]], list[tuple[int, colors.Color]]]:
    rows: list[list[object]] = []
    shade = []
    for index, finding in enumerate(findings):
        prop = data.properties.get(finding.property or "")
        where = (
            f"{prop.case_number or ''} 物件{','.join(prop.property_numbers)}" if prop else "全体"
        )
        rows.append(
            [
                finding.severity.label,
                f"{where}\n{_bidder_of(data, finding.bid)}".strip(),
                finding.message,
                day(finding.due),
                finding.code,
            ]
        )
        color = _SEVERITY_COLORS.get(finding.severity)
        if color is not None:
            shade.append((index, color))
    return rows, shade


def _findings(data: ExportData, steps: Steps) -> list[Flowable]:
    s = styles()
    width, _ = frame_size(LANDSCAPE)
    if not data.findings:
        return [para("指摘事項", s.heading), para("指摘事項はありません。")]
    findings = data.findings
    rows, shade = _finding_rows(data, findings[:LIST_LIMIT])
    return [
        para(f"指摘事項({len(findings)}件)", s.heading),
        list_table(
            ["重要度", "物件・入札人", "内容", "期日", "コード"],
            rows,
            [14 * mm, 44 * mm, width - 141 * mm, 36 * mm, 47 * mm],
            center=(0,),
            row_colors=shade,
            on_drawn=steps.advance,
        ),
        *_more(len(findings) - len(rows), "指摘事項"),
        *_sources(findings[:LIST_LIMIT]),
    ]


def _sources(findings: list[Finding]) -> list[Flowable]:
    """The source (根拠) of each rule the list shows, once per code, in the list's order."""
    s = styles()
    width, _ = frame_size(LANDSCAPE)
    rules = [RULES[code] for code in dict.fromkeys(finding.code for finding in findings)]
    return [
        para("指摘の根拠", s.subheading),
        data_table(
            ["コード", "指摘", "根拠"],
            [[rule.code, rule.title, rule.source] for rule in rules],
            [47 * mm, 80 * mm, width - 127 * mm],
        ),
    ]


def _cashflow(data: ExportData, steps: Steps) -> list[Flowable]:
    s = styles()
    result = data.cashflow
    width, height = frame_size(LANDSCAPE)
    story: list[Flowable] = [para(f"資金繰り({result.scenario.label})", s.heading)]
    events = list(result.events)
    if not events:
        return [*story, para("予定されている入出金はありません。")]
    first = events[0]
    points = _chart_points(
        [Point(day=e.date, cash=e.cash_after, headroom=e.headroom) for e in events]
    )
    start = min(data.today, first.date)
    story.append(
        cashflow_drawing(
            points,
            start=start,
            start_cash=data.portfolio.settings.cash_on_hand,
            start_headroom=result.capacity_start,
            width=width,
            height=min(95 * mm, height * 0.55),
        )
    )
    if result.first_shortfall is not None:
        story.append(
            para(
                f"{day(result.first_shortfall)}に余力がマイナスになります(資金不足)。"
                "入札の数や額を見直すか、資金を確保してください。",
                s.notice,
            )
        )
    rows = []
    shade = []
    for index, event in enumerate(events[:LIST_LIMIT]):
        view = data.view_by_id(event.bid)
        rows.append(
            [
                day(event.date),
                event.kind.label,
                (view.case_number if view is not None else "") or "－",
                event.label or "",
                yen(event.amount),
                yen(event.cash_after),
                yen(event.headroom),
                "見込み" if event.estimated else "",
            ]
        )
        if event.headroom < 0:
            shade.append((index, ERROR_BG))
    story += [
        CondPageBreak(40 * mm),
        list_table(
            ["日付", "種類", "事件番号", "内容", "金額", "手元資金", "余力", ""],
            rows,
            [36 * mm, 22 * mm, 40 * mm, width - 210 * mm, 28 * mm, 30 * mm, 30 * mm, 24 * mm],
            right=(4, 5, 6),
            row_colors=shade,
            on_drawn=steps.advance,
        ),
        *_more(len(events) - len(rows), "資金繰り"),
    ]
    return story


def _chart_points(points: list[Point]) -> list[Point]:
    """The points that shape the chart: of each day's events (all drawn at one x) the
    first, the last, and the lowest and highest cash and headroom, in their order. The
    line is the same as with every event; 10,000 bids' 20,000 events took 3 s to draw."""
    kept: list[Point] = []
    day: list[Point] = []
    for point in [*points, None]:
        if day and (point is None or point.day != day[0].day):
            chosen = {id(day[0]), id(day[-1])}
            for key in (lambda q: q.cash, lambda q: q.headroom):
                chosen |= {id(min(day, key=key)), id(max(day, key=key))}
            kept += [q for q in day if id(q) in chosen]
            day = []
        if point is not None:
            day.append(point)
    return kept


def _refunds(data: ExportData, steps: Steps) -> list[Flowable]:
    s = styles()
    width, _ = frame_size(LANDSCAPE)
    story: list[Flowable] = [para("保証金の返還管理", s.heading)]
    refunds = data.refunds
    if not refunds:
        return [*story, para("返還を待っている保証金はありません。")]
    rows = []
    shade = []
    for index, status in enumerate(refunds[:LIST_LIMIT]):
        view = data.view_by_id(status.bid)
        rows.append(
            [
                f"{view.case_number}\n物件{view.property_numbers}" if view is not None else "－",
                view.bidder_name if view is not None else "－",
                result_label(view.bid, view.prop) if view is not None else "－",
                yen(status.deposit),
                day(status.expected_date),
                day(status.refund_date) if status.refund_date else "－",
                yen(status.refund_amount) if status.refund_amount is not None else "－",
                status.state.label,
                status.message or "",
            ]
        )
        color = _refund_color(status)
        if color is not None:
            shade.append((index, color))
    story.append(
        list_table(
            [
                "事件番号・物件",
                "入札人",
                "結果",
                "保証額",
                "返還予定",
                "返還日",
                "返還額",
                "状況",
                "説明",
            ],
            rows,
            [
                34 * mm,
                28 * mm,
                24 * mm,
                22 * mm,
                32 * mm,
                32 * mm,
                22 * mm,
                20 * mm,
                width - 214 * mm,
            ],
            right=(3, 6),
            row_colors=shade,
            on_drawn=steps.advance,
        )
    )
    return [*story, *_more(len(refunds) - len(rows), "返還管理")]


def _refund_color(status: RefundStatus) -> colors.Color | None:
    severity = status.severity
    return _SEVERITY_COLORS.get(Severity(severity)) if severity is not None else None


def report_story(
    data: ExportData, *, bid_sheets: bool = True, steps: Steps | None = None
) -> list[Flowable]:
    """The report's flowables: landscape sections, then a portrait sheet per bid still to
    submit (``sheet_views``, at most ``SHEET_LIMIT``). ``steps`` gets its total here and
    advances as list rows and sheets are drawn."""
    steps = steps or Steps()
    story = _summary(data, steps, bid_sheets=bid_sheets)
    for section in (_properties, _bids, _findings, _cashflow, _refunds):
        steps.check()  # building 10,000 rows takes a moment: let a cancel through
        story += [PageBreak(), *section(data, steps)]
    sheets = sheet_views(data)[:SHEET_LIMIT] if bid_sheets else []
    steps.total = sum(f.rows for f in story if isinstance(f, ListTable)) + len(sheets)
    for view in sheets:
        steps.check()  # laying out 100 sheets takes a while: let a cancel through
        story += [NextPageTemplate(PORTRAIT), PageBreak(), *bid_sheet_story(data, view)]
        story.append(Tick(steps))
    return story


# --- 入札準備シート ------------------------------------------------------------------


def _box(done: bool) -> str:
    return "■" if done else "□"


def _sheet_figures(view: BidView) -> Table:
    bid = view.bid
    figures = view.figures
    check = view.check
    verdict = "－"
    if check is not None:
        verdict = "有効" if check.valid else "無効"
        if check.warnings:
            verdict += ": " + " ".join(check.warnings)
    deposit = yen(view.deposit)
    if figures is not None and figures.deposit_estimated:
        deposit += "(推定: 公告の額を確認)"
    rows: list[tuple[object, object]] = [
        ("売却基準価額", yen(figures.base_price if figures else None)),
        ("買受可能価額", yen(view.minimum)),
        ("買受申出保証額", deposit),
        ("入札額", yen(bid.amount)),
        ("入札額(文字)", check.in_words if check is not None else "－"),
        ("判定", verdict),
        ("残代金(落札時)", yen(view.balance_due)),
    ]
    return field_table(rows, [30 * mm, 58 * mm])


def _sheet_dates(data: ExportData, view: BidView) -> Table:
    prop, bid, dates = view.prop, view.bid, view.dates
    rows: list[tuple[object, object]] = [
        (
            "入札期間",
            f"{day(prop.bid_period_start if prop else None)}〜\n"
            f"{day(prop.bid_period_end if prop else None)}",
        ),
    ]
    if bid.method is PaymentMethod.TRANSFER:
        rows += [
            (SAFE_TRANSFER.name, day(dates.safe_transfer if dates else None)),
            (LAST_TRANSFER.name, day(dates.last_transfer if dates else None)),
        ]
    if bid.submission is Submission.MAIL:
        rows.append((MAIL_SEND_BY.label, day(dates.mail_send_by if dates else None)))
    else:
        rows.append(
            (f"{LAST_IN_PERSON.name}(執行官室)", day(dates.last_in_person if dates else None))
        )
    rows += [
        ("提出予定日", day(bid.planned_submission)),
        ("開札期日", day(prop.opening_date if prop else None)),
        ("売却決定期日", day(prop.sale_decision_date if prop else None)),
    ]
    return field_table(rows, [36 * mm, 52 * mm])


def _sheet_checklist(data: ExportData, view: BidView) -> Table:
    rows = []
    for requirement, document in data.checklist(view):
        status = document.status.label if document is not None else DocStatus.MISSING.label
        issued = document.issued if document is not None else None
        valid = (
            day(certificate_valid_through(issued))
            if issued is not None and requirement.needs_issue_date
            else ""
        )
        rows.append(
            [
                _box(is_done(document)),
                requirement.label,
                shorten(requirement_who(requirement, data.bidders), NAME_LIMIT),
                status,
                day(issued) if issued else "",
                valid,
            ]
        )
    width, _ = frame_size(PORTRAIT)
    return data_table(
        ["済", "書類", "名義・対象", "状態", "発行日", "提出期限(3か月)"],
        rows,
        [8 * mm, 54 * mm, width - 140 * mm, 16 * mm, 31 * mm, 31 * mm],
        center=(0, 3),
    )


def name_rows(data: ExportData, view: BidView) -> list[list[str]]:
    """Every name written on a paper of the bid against the name it must be."""
    rows: list[list[str]] = []
    for requirement, document in data.checklist(view):
        if document is None or not requirement.expected_name:
            continue
        if not document.name.strip():
            if is_done(document):  # in hand but its name not recorded: cannot be compared
                rows.append(
                    [
                        requirement.label,
                        requirement.expected_name,
                        "",
                        "未入力",
                        "書類の名義を入力すると照合できます。",
                    ]
                )
            continue
        verdict = compare_names(requirement.expected_name, document.name)
        rows.append(
            [
                requirement.label,
                requirement.expected_name,
                document.name,
                verdict.kind.label,
                "" if verdict.is_same else verdict.explanation,
            ]
        )
    transfer = view.bid.transfer
    bidder = view.bidder
    if transfer is not None and bidder is not None and view.bid.method is PaymentMethod.TRANSFER:
        if transfer.payer_name.strip():
            verdict = compare_names(bidder.name, transfer.payer_name)
            rows.append(
                [
                    "振込依頼人(漢字)",
                    bidder.name,
                    transfer.payer_name,
                    verdict.kind.label,
                    "" if verdict.is_same else verdict.explanation,
                ]
            )
        if transfer.payer_kana.strip():
            same = kana_matches(bidder.name_kana, transfer.payer_kana, name=bidder.name)
            rows.append(
                [
                    "振込依頼人(カナ)",
                    bidder.name_kana or "(ふりがな未登録)",
                    transfer.payer_kana,
                    "一致" if same else "不一致",
                    "" if same else "銀行に届けるカナ名義が入札人のふりがなと違います。",
                ]
            )
    return rows


def _sheet_names(data: ExportData, view: BidView) -> Flowable:
    rows = [[shorten(cell, NAME_LIMIT) for cell in row] for row in name_rows(data, view)]
    if not rows:
        return para("名義を記入した書類はまだありません。", styles().small)
    width, _ = frame_size(PORTRAIT)
    shade = [
        (i, ERROR_BG if row[3] == "不一致" else WARNING_BG)
        for i, row in enumerate(rows)
        if row[3] != "一致"
    ]
    return data_table(
        ["書類", "正しい名義", "記載された名義", "照合", "説明"],
        rows,
        [40 * mm, 38 * mm, 38 * mm, 16 * mm, width - 132 * mm],
        center=(3,),
        row_colors=shade,
    )


def bid_sheet_story(data: ExportData, view: BidView) -> list[Flowable]:
    """One page (shrunk to fit when long) for one bid."""
    s = styles()
    bid, prop = view.bid, view.prop
    width, height = frame_size(PORTRAIT)
    head = (
        f"{SHEET_TITLE} {shorten(view.case_number, NAME_LIMIT) or '(事件番号不明)'}"
        f" 物件{shorten(view.property_numbers, NAME_LIMIT) or '－'}"
    )
    facts = (
        f"裁判所: {shorten((prop.court if prop else None) or '－', NAME_LIMIT)}"
        f" / 入札人: {shorten(view.bidder_name, NAME_LIMIT)}"
        f" / 保証: {bid.method.label} / 提出: {bid.submission.label}"
    )
    if bid.agent is not None:
        facts += f" / 代理人: {shorten(bid.agent.name, NAME_LIMIT)}"
    side_by_side = Table(
        [[_sheet_figures(view), _sheet_dates(data, view)]],
        colWidths=[width / 2, width / 2],
    )
    side_by_side.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    content: list[Flowable] = [
        para(head, s.heading),
        para(facts, s.body),
        para(
            f"所在地: {shorten((prop.address if prop else None) or '－', ADDRESS_LIMIT)}", s.small
        ),
        Spacer(1, 2 * mm),
        side_by_side,
        Spacer(1, 3 * mm),
    ]
    if bid.amount is not None and view.check is not None:
        content += [
            rich(
                f"入札額 <b>{markup(yen(bid.amount))}</b>(文字で: {markup(view.check.in_words)})",
                s.big,
            ),
            para("入札書の金額欄(1マスに1字。金額は訂正できません):", s.small),
            digit_boxes(bid.amount, box=8 * mm),
            Spacer(1, 3 * mm),
        ]
    else:
        content.append(para("入札額が未定です。", s.notice))
    content += [
        para("提出書類のチェック", s.subheading),
        _sheet_checklist(data, view),
        para("名義の照合(入札書・振込依頼人・証明書は同じ名義)", s.subheading),
        _sheet_names(data, view),
    ]
    content += limit_and_risks(prop, bid, width)  # issue 17: 入札上限 and 3点セット
    findings = data.findings_by_bid.get(bid.id, [])
    if findings:
        shown = findings[:8]
        rows, shade = _finding_rows(data, shown)
        content += [
            para("指摘事項", s.subheading),
            data_table(
                ["重要度", "内容", "期日"],
                [[row[0], shorten(str(row[2]), MESSAGE_LIMIT), row[3]] for row in rows],
                [13 * mm, width - 48 * mm, 35 * mm],
                center=(0,),
                row_colors=shade,
            ),
        ]
        if len(findings) > len(shown):
            content.append(para(f"ほか{len(findings) - len(shown)}件", s.small))
    return [KeepInFrame(width, height, content, mode="shrink")]


# --- writers --------------------------------------------------------------------------


def write_report(
    portfolio: Portfolio,
    path: Path | str,
    *,
    today: date,
    name: str,
    bid_sheets: bool = True,
    staging: Staging | None = None,
    progress: Progress = no_progress,
) -> Path:
    """Write the portfolio report (with the 入札準備シート of the bids still to submit)
    atomically; ``progress`` may raise ExportCancelled to stop (nothing is left)."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    target = Path(path)
    info = PageInfo(title=REPORT_TITLE, name=name, today=today, file_name=target.name)
    steps = Steps(progress)
    for part in ("views", "cashflow", "findings", "refunds"):  # a second or so each at 10,000
        steps.check()
        getattr(data, part)
    with staged(staging) as stage:
        story = report_story(data, bid_sheets=bid_sheets, steps=steps)
        build_pdf(stage.temp_for(target), story, info, first=LANDSCAPE, steps=steps)
    return target


def write_bid_sheet(
    portfolio: Portfolio,
    bid_id: str,
    path: Path | str,
    *,
    today: date,
    name: str = "",
    staging: Staging | None = None,
) -> Path:
    """Write the one-page 入札準備シート of bid ``bid_id`` atomically."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    view = data.view_by_id(bid_id)
    if view is None:
        raise UserError(f"入札が見つかりません: {bid_id}")
    target = Path(path)
    info = PageInfo(title=SHEET_TITLE, name=name, today=today, file_name=target.name)
    with staged(staging) as stage:
        build_pdf(stage.temp_for(target), bid_sheet_story(data, view), info, first=PORTRAIT)
    return target
