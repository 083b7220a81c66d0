"""The Excel workbook (openpyxl): 物件一覧, 入札一覧, 書類チェック, 資金繰り, 返還管理, 指摘事項.

Amounts are numbers formatted ``#,##0"円"``, dates are real dates shown in 和暦 (with an
ISO column where a date is the key of a row), so the user can sort, filter and compute.
Every sheet has a frozen header row, an autofilter, column widths and an A4 landscape
print setup fitted to the page width, with the portfolio name and page in the margins.

Security: user text that begins with ``=``, ``+``, ``-``, ``@`` (or a tab / carriage
return) is stored as text with Excel's quote prefix, never as a formula (CSV/formula
injection, OWASP). Characters XML cannot hold are dropped rather than failing the export.

Speed: values go in with ``Worksheet.append``; the formats are a handful of shared
number formats set per cell (openpyxl keeps one style record per distinct format).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import LineChart, Reference
from openpyxl.chart.axis import DateAxis
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from biddesk.domain.dates import certificate_valid_through, format_wareki
from biddesk.domain.funds.bidlimit import property_bid_limit
from biddesk.domain.models import DocStatus, Portfolio
from biddesk.domain.paperwork.names import compare_names
from biddesk.domain.paperwork.risks import has_entries, risk_rows
from biddesk.domain.rules.registry import Severity
from biddesk.domain.schedule.labels import LAST_TRANSFER, SAFE_TRANSFER
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.data import ExportData
from biddesk.forms.labels import (
    requirement_who,
    result_label,
    yes,
)
from biddesk.forms.progress import Progress, no_progress

CellValue = str | int | date | None

YEN_FORMAT = '#,##0"円"'
SIGNED_YEN_FORMAT = '#,##0"円";[Red]-#,##0"円"'
# [$-411] (Japanese locale) renders 和暦 in Excel *and* LibreOffice; the Excel-only
# [$-ja-JP-x-gannen] variant (which writes 元年) shows a bare serial number in LibreOffice.
WAREKI_FORMAT = '[$-411]ggge"年"m"月"d"日"'
ISO_FORMAT = "yyyy-mm-dd"

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read text as a formula (OWASP CSV injection)."""


class Kind(Enum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    YEN = "yen"
    SIGNED_YEN = "signed_yen"
    DATE = "date"
    ISO = "iso"
    INT = "int"

    @property
    def number_format(self) -> str | None:
        return _NUMBER_FORMATS.get(self)


_NUMBER_FORMATS = {
    Kind.YEN: YEN_FORMAT,
    Kind.SIGNED_YEN: SIGNED_YEN_FORMAT,
    Kind.DATE: WAREKI_FORMAT,
    Kind.ISO: ISO_FORMAT,
    Kind.INT: "0",
}


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 12


@dataclass(frozen=True, kw_only=True)
class Highlight:
    """Conditional formatting: the whole row turns ``color`` when ``header``'s cell
    satisfies ``test`` (an Excel comparison written after the cell, e.g. ``>0``)."""

    header: str
    test: str
    color: str


@dataclass(frozen=True, kw_only=True)
class SheetRows:
    """One sheet as plain values: what the bench writes with raw openpyxl."""

    title: str
    columns: tuple[Column, ...]
    rows: list[list[CellValue]]
    highlights: tuple[Highlight, ...] = ()

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]


RED = "FFC7CE"
YELLOW = "FFEB9C"
GREY = "E7E6E6"


def _sheet_properties(data: ExportData) -> SheetRows:
    columns = (
        Column("裁判所", width=24),
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("種別", width=10),
        Column("農地", width=6),
        Column("所在地", Kind.LONG_TEXT, 36),
        Column("売却基準価額", Kind.YEN, 15),
        Column("買受可能価額", Kind.YEN, 15),
        Column("買受申出保証額", Kind.YEN, 15),
        Column("保証額は推定", width=8),
        Column("閲覧開始日", Kind.DATE, 17),
        Column("入札期間の初日", Kind.DATE, 17),
        Column("入札期間の末日", Kind.DATE, 17),
        Column("入札期間の末日(ISO)", Kind.ISO, 12),
        Column("開札期日", Kind.DATE, 17),
        Column("売却決定期日", Kind.DATE, 17),
        Column("状態", width=8),
        Column("入札数", Kind.INT, 7),
        Column("注意", Kind.LONG_TEXT, 40),
        Column("メモ", Kind.LONG_TEXT, 24),
    )
    rows: list[list[CellValue]] = []
    for prop in data.portfolio.properties:
        figures = data.property_figures[prop.id]
        rows.append(
            [
                prop.court,
                prop.case_number,
                ",".join(prop.property_numbers),
                prop.kind,
                yes(prop.farmland),
                prop.address,
                figures.base_price,
                figures.minimum_bid,
                figures.deposit,
                yes(figures.deposit_estimated),
                prop.viewing_start,
                prop.bid_period_start,
                prop.bid_period_end,
                prop.bid_period_end,
                prop.opening_date,
                prop.sale_decision_date,
                prop.status.label,
                data.bids_per_property.get(prop.id, 0),
                " ".join(dict.fromkeys((*prop.warnings, *figures.warnings))) or None,
                prop.note or None,
            ]
        )
    return SheetRows(
        title="物件一覧",
        columns=columns,
        rows=rows,
        highlights=(Highlight(header="状態", test='<>"公告中"', color=GREY),),
    )


def _sheet_bids(data: ExportData) -> SheetRows:
    columns = (
        Column("裁判所", width=22),
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("入札人", width=20),
        Column("区分", width=6),
        Column("入札額", Kind.YEN, 15),
        Column("入札額(文字)", width=20),
        Column("買受可能価額", Kind.YEN, 15),
        Column("買受申出保証額", Kind.YEN, 15),
        Column("残代金(落札時)", Kind.YEN, 15),
        Column("保証の提供方法", width=12),
        Column("提出方法", width=8),
        Column("提出予定日", Kind.DATE, 17),
        Column(SAFE_TRANSFER.name, Kind.DATE, 17),
        Column(LAST_TRANSFER.name, Kind.DATE, 17),
        Column("提出の期限", Kind.DATE, 17),
        Column("提出の期限(ISO)", Kind.ISO, 12),
        Column("開札期日", Kind.DATE, 17),
        Column("結果", width=14),
        Column("代金納付期限", Kind.DATE, 17),
        Column("重大", Kind.INT, 6),
        Column("注意", Kind.INT, 6),
        Column("次の期限", Kind.DATE, 17),
        Column("次の期限の内容", width=26),
        Column("メモ", Kind.LONG_TEXT, 24),
    )
    rows: list[list[CellValue]] = []
    for view in data.views:
        bid, prop = view.bid, view.prop
        counts = data.finding_counts(bid.id)
        upcoming = data.next_deadline(view)
        outcome = bid.outcome
        dates = view.dates
        rows.append(
            [
                prop.court if prop is not None else None,
                view.case_number or None,
                view.property_numbers or None,
                view.bidder_name,
                view.bidder.kind.label if view.bidder is not None else None,
                bid.amount,
                view.check.in_words if view.check is not None else None,
                view.minimum,
                view.deposit,
                view.balance_due,
                bid.method.label,
                bid.submission.label,
                bid.planned_submission,
                dates.safe_transfer if dates is not None else None,
                dates.last_transfer if dates is not None else None,
                view.submission_deadline,
                view.submission_deadline,
                prop.opening_date if prop is not None else None,
                result_label(bid, prop),
                outcome.payment_deadline if outcome is not None else None,
                counts[Severity.ERROR],
                counts[Severity.WARNING],
                upcoming.date if upcoming is not None else None,
                upcoming.label if upcoming is not None else None,
                bid.note or None,
            ]
        )
    return SheetRows(
        title="入札一覧",
        columns=columns,
        rows=rows,
        highlights=(
            Highlight(header="重大", test=">0", color=RED),
            Highlight(header="注意", test=">0", color=YELLOW),
        ),
    )


def _sheet_documents(data: ExportData) -> SheetRows:
    columns = (
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("入札人", width=20),
        Column("書類", width=30),
        Column("対象者", width=18),
        Column("状態", width=9),
        Column("書類の名義", width=20),
        Column("名義の照合", width=10),
        Column("発行日", Kind.DATE, 17),
        Column("有効期限", Kind.DATE, 17),
        Column("必要な理由", Kind.LONG_TEXT, 50),
    )
    rows: list[list[CellValue]] = []
    for view in data.open_views:
        for requirement, document in data.checklist(view):
            status = document.status if document is not None else DocStatus.MISSING
            verdict = None
            if document is not None and document.name.strip() and requirement.expected_name:
                verdict = compare_names(requirement.expected_name, document.name).kind.label
            issued = document.issued if document is not None else None
            valid = (
                certificate_valid_through(issued)
                if issued is not None and requirement.needs_issue_date
                else None
            )
            rows.append(
                [
                    view.case_number or None,
                    view.property_numbers or None,
                    view.bidder_name,
                    requirement.label,
                    requirement_who(requirement, data.bidders),
                    status.label,
                    document.name if document is not None and document.name else None,
                    verdict,
                    issued,
                    valid,
                    requirement.reason,
                ]
            )
    return SheetRows(
        title="書類チェック",
        columns=columns,
        rows=rows,
        highlights=(
            Highlight(header="状態", test=f'="{DocStatus.MISSING.label}"', color=RED),
            Highlight(header="名義の照合", test='="不一致"', color=RED),
            Highlight(header="状態", test=f'="{DocStatus.REQUESTED.label}"', color=YELLOW),
            Highlight(header="名義の照合", test='="表記ゆれ"', color=YELLOW),
        ),
    )


def _sheet_cashflow(data: ExportData) -> SheetRows:
    columns = (
        Column("日付", Kind.DATE, 17),
        Column("日付(ISO)", Kind.ISO, 12),
        Column("種類", width=10),
        Column("事件番号", width=20),
        Column("入札人", width=20),
        Column("内容", Kind.LONG_TEXT, 36),
        Column("金額", Kind.SIGNED_YEN, 15),
        Column("手元資金", Kind.SIGNED_YEN, 15),
        Column("余力", Kind.SIGNED_YEN, 15),
        Column("見込み", width=7),
    )
    rows: list[list[CellValue]] = []
    for event in data.cashflow.events:
        view = data.view_by_id(event.bid)
        rows.append(
            [
                event.date,
                event.date,
                event.kind.label,
                (view.case_number or None) if view is not None else None,
                view.bidder_name if view is not None else None,
                event.label or None,
                event.amount,
                event.cash_after,
                event.headroom,
                yes(event.estimated),
            ]
        )
    return SheetRows(
        title="資金繰り",
        columns=columns,
        rows=rows,
        highlights=(Highlight(header="余力", test="<0", color=RED),),
    )


def _sheet_refunds(data: ExportData) -> SheetRows:
    columns = (
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("入札人", width=20),
        Column("結果", width=14),
        Column("保証額", Kind.YEN, 15),
        Column("振込日", Kind.DATE, 17),
        Column("返還の起算日", Kind.DATE, 17),
        Column("返還予定日", Kind.DATE, 17),
        Column("返還予定日(ISO)", Kind.ISO, 12),
        Column("問い合わせ目安日", Kind.DATE, 17),
        Column("返還日", Kind.DATE, 17),
        Column("返還額", Kind.YEN, 15),
        Column("不足額", Kind.YEN, 12),
        Column("状況", width=14),
        Column("遅延", width=6),
        Column("経過日数", Kind.INT, 8),
        Column("説明", Kind.LONG_TEXT, 50),
    )
    rows: list[list[CellValue]] = []
    for status in data.refunds:
        view = data.view_by_id(status.bid)
        rows.append(
            [
                (view.case_number or None) if view is not None else None,
                (view.property_numbers or None) if view is not None else None,
                view.bidder_name if view is not None else None,
                result_label(view.bid, view.prop) if view is not None else None,
                status.deposit,
                status.paid_date,
                status.reference_date,
                status.expected_date,
                status.expected_date,
                status.contact_by,
                status.refund_date,
                status.refund_amount,
                status.short_by or None,
                status.state.label,
                Severity(status.overdue).label if status.overdue else None,
                status.age_days,
                status.message or None,
            ]
        )
    return SheetRows(
        title="返還管理",
        columns=columns,
        rows=rows,
        highlights=(
            Highlight(header="遅延", test=f'="{Severity.ERROR.label}"', color=RED),
            Highlight(header="不足額", test=">0", color=RED),
            Highlight(header="遅延", test=f'="{Severity.WARNING.label}"', color=YELLOW),
        ),
    )


def _sheet_findings(data: ExportData) -> SheetRows:
    columns = (
        Column("重要度", width=7),
        Column("コード", width=22),
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("入札人", width=20),
        Column("内容", Kind.LONG_TEXT, 70),
        Column("期日", Kind.DATE, 17),
        Column("根拠", Kind.LONG_TEXT, 45),
    )
    rows: list[list[CellValue]] = []
    for finding in data.findings:
        prop = data.properties.get(finding.property or "")
        view = data.view_by_id(finding.bid)
        rows.append(
            [
                finding.severity.label,
                finding.code,
                prop.case_number if prop is not None else None,
                (",".join(prop.property_numbers) or None) if prop is not None else None,
                view.bidder_name if view is not None else None,
                finding.message,
                finding.due,
                finding.source,
            ]
        )
    return SheetRows(
        title="指摘事項",
        columns=columns,
        rows=rows,
        highlights=(
            Highlight(header="重要度", test=f'="{Severity.ERROR.label}"', color=RED),
            Highlight(header="重要度", test=f'="{Severity.WARNING.label}"', color=YELLOW),
        ),
    )


# --- issue 17: the 入札上限 and the 3点セット risk sheet, per property where entered --------

_RISK_ITEMS = [row.item for row in risk_rows(None)]
_VALID_TEXT = {True: "はい", False: "いいえ", None: None}


def _sheet_bid_limits(data: ExportData) -> SheetRows:
    columns = (
        Column("裁判所", width=20),
        Column("事件番号", width=20),
        Column("物件番号", width=9),
        Column("入札上限", Kind.SIGNED_YEN, 15),
        Column("買受可能価額", Kind.YEN, 15),
        Column("上限は買受可能価額以上", width=10),
        Column("評価額", Kind.YEN, 15),
        Column("手取り", Kind.YEN, 15),
        Column("諸費用", Kind.YEN, 15),
        Column("目標利益", Kind.YEN, 15),
        Column("上限で落札した場合の利益", Kind.SIGNED_YEN, 15),
        Column("計算", Kind.LONG_TEXT, 60),
        *(Column(item, Kind.LONG_TEXT, 16) for item in _RISK_ITEMS),
        Column("3点セットの影響", Kind.LONG_TEXT, 70),
        Column("3点セットのメモ", Kind.LONG_TEXT, 24),
    )
    rows: list[list[CellValue]] = []
    for prop in data.portfolio.properties:
        if prop.bid_limit is None and not has_entries(prop.risks):
            continue
        limit = property_bid_limit(prop)
        figures: list[CellValue] = [None] * 9
        if limit is not None:
            figures = [
                limit.limit, limit.minimum_bid, _VALID_TEXT[limit.valid], limit.value, limit.net,
                limit.costs, limit.profit, limit.profit_at_limit, "\n".join(limit.steps),
            ]  # fmt: skip
        elif prop.bid_limit is not None:
            figures[-1] = "入力が足りないか誤っているため計算できません。"
        risk = risk_rows(prop.risks, prop) if has_entries(prop.risks) else []
        entered: list[CellValue] = [r.entered for r in risk] or [None] * len(_RISK_ITEMS)
        rows.append(
            [
                prop.court,
                prop.case_number,
                ",".join(prop.property_numbers),
                *figures,
                *entered,
                " ".join(r.effect for r in risk if r.effect) or None,
                (prop.risks.note if prop.risks is not None else "") or None,
            ]
        )
    return SheetRows(
        title="入札上限・3点セット",
        columns=columns,
        rows=rows,
        highlights=(Highlight(header="上限は買受可能価額以上", test='="いいえ"', color=RED),),
    )


def workbook_rows(
    portfolio: Portfolio, *, today: date, data: ExportData | None = None
) -> list[SheetRows]:
    """Every sheet as plain values (str, int yen, date, None), in workbook order."""
    data = data or ExportData(portfolio=portfolio, today=today)
    return [
        _sheet_properties(data),
        _sheet_bids(data),
        _sheet_documents(data),
        _sheet_cashflow(data),
        _sheet_refunds(data),
        _sheet_findings(data),
        _sheet_bid_limits(data),
    ]


def guard_text(value: str) -> tuple[str, bool]:
    """``value`` without characters XML cannot store, and whether it must be forced to
    text (it would otherwise be read as a formula)."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value, value.startswith(_FORMULA_TRIGGERS)


def _header_footer_text(text: str) -> str:
    # "&" starts a control code in Excel headers and footers; "&&" prints one "&".
    return text.replace("&", "&&")


def _fill(color: str) -> PatternFill:
    return PatternFill(start_color=color, end_color=color, fill_type="solid")


_HEADER_FONT = Font(bold=True)
_HEADER_FILL = _fill("DDEBF7")
_HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _write_rows(ws: Worksheet, sheet: SheetRows, tick: Callable[[], None]) -> None:
    """Header and values. A cell that needs a format (or the text guard) is made as a
    Cell and appended with its row, so no cell is looked up again; empty cells stay
    unstyled (openpyxl then does not write them at all)."""
    ws.append(sheet.headers)
    for cell in ws[1]:
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _HEADER_ALIGNMENT
    text_columns = [i for i, c in enumerate(sheet.columns) if c.kind in (Kind.TEXT, Kind.LONG_TEXT)]
    formatted = [
        (i, fmt) for i, c in enumerate(sheet.columns) if (fmt := c.kind.number_format) is not None
    ]
    for values in sheet.rows:
        tick()
        row: list[object] = list(values)
        for index in text_columns:
            value = row[index]
            if isinstance(value, str):
                cleaned, force = guard_text(value)
                if force:
                    cell = Cell(ws, value=cleaned)
                    cell.data_type = "s"  # text, never a formula
                    cell.quotePrefix = True
                    row[index] = cell
                elif cleaned is not value:
                    row[index] = cleaned
        for index, fmt in formatted:
            value = row[index]
            if value is not None:
                cell = Cell(ws, value=value)
                cell.number_format = fmt
                row[index] = cell
        ws.append(row)


def _layout(ws: Worksheet, sheet: SheetRows, *, name: str, today: date) -> None:
    last_column = get_column_letter(len(sheet.columns))
    last_row = len(sheet.rows) + 1
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{last_column}{last_row}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True
    ws.oddHeader.left.text = _header_footer_text(name)
    ws.oddHeader.right.text = "&A"
    ws.oddFooter.left.text = f"作成日 {format_wareki(today)}"
    ws.oddFooter.center.text = "&P / &N ページ"
    ws.oddFooter.right.text = "BidDesk"
    if not sheet.rows:
        return
    headers = sheet.headers
    for highlight in sheet.highlights:
        letter = get_column_letter(headers.index(highlight.header) + 1)
        ws.conditional_formatting.add(
            f"A2:{last_column}{last_row}",
            FormulaRule(formula=[f"${letter}2{highlight.test}"], fill=_fill(highlight.color)),
        )


def _cashflow_extras(ws: Worksheet, sheet: SheetRows, data: ExportData) -> None:
    """A summary beside the table and a native line chart of cash and headroom."""
    result = data.cashflow
    first_free = len(sheet.columns) + 2
    label_letter = get_column_letter(first_free)
    value_letter = get_column_letter(first_free + 1)
    lowest = result.lowest
    summary: list[tuple[str, CellValue, str | None]] = [
        ("シナリオ", result.scenario.label, None),
        ("開始時の余力", result.capacity_start, YEN_FORMAT),
        ("最低の余力", lowest[1] if lowest is not None else None, SIGNED_YEN_FORMAT),
        ("最低の余力の日", lowest[0] if lowest is not None else None, WAREKI_FORMAT),
        ("最初の資金不足日", result.first_shortfall, WAREKI_FORMAT),
    ]
    for offset, (label, value, fmt) in enumerate(summary, start=1):
        ws[f"{label_letter}{offset}"] = label
        ws[f"{label_letter}{offset}"].font = _HEADER_FONT
        cell = ws[f"{value_letter}{offset}"]
        cell.value = value if value is not None else "なし"
        if fmt is not None and value is not None:
            cell.number_format = fmt
    ws.column_dimensions[label_letter].width = 18
    ws.column_dimensions[value_letter].width = 20
    if not sheet.rows:
        return
    headers = sheet.headers
    last_row = len(sheet.rows) + 1
    cash = headers.index("手元資金") + 1
    headroom = headers.index("余力") + 1
    chart = LineChart()
    chart.title = "資金繰り(すべて落札した場合)"
    chart.y_axis.title = "円"
    chart.y_axis.number_format = "#,##0"
    chart.y_axis.majorGridlines = None
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = "yyyy/m/d"
    chart.x_axis.title = "日付"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for column in (cash, headroom):
        chart.add_data(
            Reference(ws, min_col=column, max_col=column, min_row=1, max_row=last_row),
            titles_from_data=True,
        )
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=last_row))
    for series in chart.series:
        series.smooth = False  # money moves in steps: a curve would invent in-between amounts
    chart.x_axis.majorTimeUnit = "months"
    chart.x_axis.majorUnit = 1
    chart.height = 10
    chart.width = 22
    ws.add_chart(chart, f"{label_letter}{len(summary) + 2}")


def build_workbook(
    sheets: Sequence[SheetRows], data: ExportData, tick: Callable[[], None] = lambda: None
) -> Workbook:
    """The openpyxl workbook of ``sheets`` with formats, layout and the chart; ``tick``
    is called once per row."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    stamp = datetime_of(data.today)
    workbook.properties.created = stamp
    workbook.properties.modified = stamp
    workbook.properties.creator = "BidDesk"
    workbook.properties.title = data.name or None
    for sheet in sheets:
        ws = workbook.create_sheet(sheet.title)
        _write_rows(ws, sheet, tick)
        _layout(ws, sheet, name=data.name, today=data.today)
        if sheet.title == "資金繰り":
            _cashflow_extras(ws, sheet, data)
    return workbook


def datetime_of(day: date) -> datetime:
    """Midnight of ``day``: document timestamps follow ``today`` (reproducible output)."""
    return datetime(day.year, day.month, day.day)


def write_workbook(
    portfolio: Portfolio,
    path: Path | str,
    *,
    today: date,
    name: str,
    staging: Staging | None = None,
    progress: Progress = no_progress,
) -> Path:
    """Write the workbook to ``path`` atomically (temp file renamed at the end).
    ``progress`` hears of every row twice: once built, once saved."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    sheets = workbook_rows(portfolio, today=today, data=data)
    total = 2 * sum(len(sheet.rows) + 1 for sheet in sheets)  # + the header rows
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        progress(done, total)

    progress(0, total)
    workbook = build_workbook(sheets, data, tick)
    target = Path(path)
    with staged(staging) as stage:
        save_workbook(workbook, stage.temp_for(target), tick)
    progress(total, total)
    return target


class _RowWriter(WorksheetWriter):  # type: ignore[misc]
    def __init__(self, ws: Worksheet, tick: Callable[[], None]) -> None:
        self._tick = tick
        super().__init__(ws)

    def write_row(self, xf: Any, row: Any, row_idx: int) -> None:
        self._tick()
        super().write_row(xf, row, row_idx)


class _TickingWriter(ExcelWriter):  # type: ignore[misc]
    """openpyxl's writer, calling ``tick`` per row saved: most of a large workbook's time
    goes into saving, and a cancel must not wait for it. (``write_worksheet`` as in
    openpyxl 3.1, with our row writer.)"""

    def __init__(self, workbook: Workbook, archive: ZipFile, tick: Callable[[], None]) -> None:
        super().__init__(workbook, archive)
        self._tick = tick

    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _RowWriter(ws, self._tick)
        try:
            writer.write()
            ws._rels = writer._rels
            self._archive.write(writer.out, ws.path[1:])
            self.manifest.append(ws)
        finally:
            writer.close()
            writer.cleanup()  # the sheet's XML in the system's temp folder: personal data


def save_workbook(workbook: Workbook, path: Path, tick: Callable[[], None]) -> None:
    """``workbook.save(path)``, calling ``tick`` once per row. The timestamps stay those
    of ``today`` that ``build_workbook`` set (openpyxl's own save would stamp the clock)."""
    with ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _TickingWriter(workbook, archive, tick).save()
