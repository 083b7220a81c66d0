"""The Excel workbook: real numbers and dates, formats, layout, chart, injection guard."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from forms_fixtures import INJECTION, PORTFOLIO, TODAY, X2, YAMADA, export_data
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from biddesk.domain.models import Portfolio
from biddesk.domain.rules.registry import RULES, Code
from biddesk.forms.workbook import (
    ISO_FORMAT,
    WAREKI_FORMAT,
    YEN_FORMAT,
    build_workbook,
    guard_text,
    workbook_rows,
    write_workbook,
)

SHEETS = [
    "物件一覧", "入札一覧", "書類チェック", "資金繰り", "返還管理", "指摘事項",
    "入札上限・3点セット",
]  # fmt: skip


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The fixture portfolio's workbook (with a fixed cash flow), loaded back."""
    path = tmp_path_factory.mktemp("xlsx") / "ポートフォリオ.xlsx"
    data = export_data()
    build_workbook(workbook_rows(PORTFOLIO, today=TODAY, data=data), data).save(path)
    return load_workbook(path)


def column(ws: Worksheet, header: str) -> list[Any]:
    """The cells under ``header`` (data rows only)."""
    headers = [c.value for c in ws[1]]
    index = headers.index(header) + 1
    return [ws.cell(row=r, column=index) for r in range(2, ws.max_row + 1)]


_CASES = {
    **{p.id: p.case_number for p in PORTFOLIO.properties},
    **{b.id: PORTFOLIO.property_by_id(b.property).case_number for b in PORTFOLIO.bids},  # type: ignore[union-attr]
}
"""The fixture's one bid per property: a row is found by its 事件番号, as the user finds
it (the sheets show no ids)."""


def row_of(ws: Worksheet, key: str) -> dict[str, Any]:
    headers = [c.value for c in ws[1]]
    case = headers.index("事件番号")
    for row in ws.iter_rows(min_row=2):
        if row[case].value == _CASES[key]:
            return dict(zip(headers, row, strict=True))
    raise AssertionError(f"no row {key}")


def test_no_sheet_shows_an_id(real_book: Any) -> None:
    ids = set(_CASES) | {b.id for b in PORTFOLIO.bidders}
    for ws in real_book.worksheets:
        headers = [c.value for c in ws[1]]
        assert not any(h and "ID" in str(h) for h in headers), ws.title
        values = {c.value for row in ws.iter_rows(min_row=2) for c in row}
        assert not values & ids, (ws.title, values & ids)


def test_sheets_in_order(book: Any) -> None:
    assert book.sheetnames == SHEETS


def test_yen_are_integers_with_the_yen_format(book: Any) -> None:
    cells = column(book["物件一覧"], "売却基準価額")
    assert [c.value for c in cells][:2] == [12_340_000, 8_150_000]
    assert all(c.data_type == "n" and c.number_format == YEN_FORMAT for c in cells)


def test_computed_figures_are_numbers(book: Any) -> None:
    x2 = row_of(book["入札一覧"], "x2")
    # p2 announces no minimum/deposit: both computed from 基準 8,150,000 (8/10, 2/10).
    assert x2["買受可能価額"].value == 6_520_000
    assert x2["買受申出保証額"].value == 1_630_000
    assert x2["残代金(落札時)"].value == 9_000_000 - 1_630_000
    assert x2["入札額(文字)"].value == "900万円"


def test_dates_are_real_dates_in_wareki(book: Any) -> None:
    cells = column(book["物件一覧"], "入札期間の末日")
    assert cells[0].value == datetime(2026, 12, 9)
    assert cells[0].is_date
    assert cells[0].number_format == WAREKI_FORMAT
    assert WAREKI_FORMAT.startswith("[$-411]") and "ggge" in WAREKI_FORMAT


def test_iso_column_is_the_same_date_in_iso_format(book: Any) -> None:
    ws = book["入札一覧"]
    deadline = column(ws, "提出の期限")
    iso = column(ws, "提出の期限(ISO)")
    assert [c.value for c in deadline] == [c.value for c in iso]
    assert iso[0].number_format == ISO_FORMAT and iso[0].is_date


def test_header_frozen_autofilter_and_widths_on_every_sheet(book: Any) -> None:
    sheets = workbook_rows(PORTFOLIO, today=TODAY, data=export_data())
    for sheet, ws in zip(sheets, book.worksheets, strict=True):
        assert ws.freeze_panes == "A2", ws.title
        last = ws.cell(row=1, column=len(sheet.columns)).column_letter
        assert ws.auto_filter.ref == f"A1:{last}{len(sheet.rows) + 1}"
        assert ws.column_dimensions["B"].width == sheet.columns[1].width
        assert ws[1][0].font.bold


def test_print_setup_a4_landscape_fit_to_width(book: Any) -> None:
    for ws in book.worksheets:
        setup = ws.page_setup
        assert setup.orientation == "landscape"
        assert int(setup.paperSize) == 9  # A4
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1"


def test_header_and_footer_carry_name_and_page(book: Any) -> None:
    ws = book["入札一覧"]
    assert ws.oddHeader.left.text == "テスト"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert "令和8年11月25日" in ws.oddFooter.left.text


def test_ampersand_in_the_name_is_printed_not_a_code(tmp_path: Path) -> None:
    path = write_workbook(Portfolio(), tmp_path / "a.xlsx", today=TODAY, name="A&B")
    assert load_workbook(path)["物件一覧"].oddHeader.left.text == "A&&B"


def test_native_line_chart_of_the_cash_flow(book: Any) -> None:
    ws = book["資金繰り"]
    charts = ws._charts
    assert len(charts) == 1
    chart = charts[0]
    assert chart.tagname == "lineChart"
    assert len(chart.series) == 2  # 手元資金 and 余力
    refs = [s.val.numRef.f for s in chart.series]
    assert refs == ["'資金繰り'!$H$2:$H$6", "'資金繰り'!$I$2:$I$6"]
    assert all(s.smooth is False for s in chart.series)  # straight steps, no invented curve


def test_cashflow_rows_and_summary(book: Any) -> None:
    ws = book["資金繰り"]
    assert [c.value for c in column(ws, "余力")] == [
        22_532_000,
        5_032_000,
        3_402_000,
        23_402_000,
        -6_500_000,
    ]
    assert column(ws, "金額")[0].number_format.startswith(YEN_FORMAT)
    summary = {ws.cell(row=r, column=12).value: ws.cell(row=r, column=13) for r in range(1, 6)}
    assert summary["最低の余力"].value == -6_500_000
    assert summary["最初の資金不足日"].value == datetime(2027, 2, 24)


def test_conditional_formatting_marks_errors_and_shortfalls(book: Any) -> None:
    formulas = {
        title: [r.formula[0] for cf in book[title].conditional_formatting for r in cf.rules]
        for title in ("入札一覧", "資金繰り", "書類チェック", "指摘事項")
    }
    assert "$U2>0" in formulas["入札一覧"]  # 重大 count
    assert "$I2<0" in formulas["資金繰り"]  # headroom below zero
    assert '$F2="未取得"' in formulas["書類チェック"]
    assert '$A2="重大"' in formulas["指摘事項"]


def test_formula_injection_is_written_as_quoted_text(book: Any) -> None:
    p2 = row_of(book["物件一覧"], "p2")
    assert p2["メモ"].value == INJECTION
    assert p2["メモ"].data_type == "s" and p2["メモ"].quotePrefix
    assert p2["所在地"].value.startswith("@") and p2["所在地"].quotePrefix
    x2 = row_of(book["入札一覧"], "x2")
    assert x2["メモ"].value == "-急ぎ" and x2["メモ"].quotePrefix
    assert not row_of(book["物件一覧"], "p1")["所在地"].quotePrefix


def test_a_formula_in_a_name_never_becomes_a_formula(tmp_path: Path) -> None:
    evil = replace(YAMADA, name="=1+1")
    portfolio = replace(PORTFOLIO, bidders=(evil, *PORTFOLIO.bidders[1:]))
    path = write_workbook(portfolio, tmp_path / "w.xlsx", today=TODAY, name="n")
    ws = load_workbook(path)["入札一覧"]
    cell = row_of(ws, "x1")["入札人"]
    assert cell.value == "=1+1" and cell.data_type == "s"


@pytest.mark.parametrize(
    ("text", "forced"),
    [
        ("=SUM(A1)", True),
        ("+81", True),
        ("-1", True),
        ("@cmd", True),
        ("\tx", True),
        ("a=b", False),
        ("－", False),
        ("山田", False),
    ],
)
def test_guard_text(text: str, forced: bool) -> None:
    assert guard_text(text) == (text, forced)


def test_control_characters_are_dropped_not_fatal(tmp_path: Path) -> None:
    noisy = replace(X2, note="bell\x07here")
    portfolio = replace(PORTFOLIO, bids=(*PORTFOLIO.bids[:1], noisy, *PORTFOLIO.bids[2:]))
    path = write_workbook(portfolio, tmp_path / "w.xlsx", today=TODAY, name="n")
    assert row_of(load_workbook(path)["入札一覧"], "x2")["メモ"].value == "bellhere"


def test_documents_sheet_lists_missing_and_requested_papers(book: Any) -> None:
    ws = book["書類チェック"]
    rows = [(r[0].value, r[3].value, r[5].value) for r in ws.iter_rows(min_row=2)]
    x1, x2 = _CASES["x1"], _CASES["x2"]
    assert (x2, "登記事項証明書", "請求中") in rows
    assert (x2, "買受適格証明書", "未取得") in rows  # farmland
    assert (x2, "委任状", "未取得") in rows  # agent
    assert {r[0] for r in rows} == {x1, x2}  # open bids only


def test_findings_sheet_has_the_payer_mismatch(book: Any) -> None:
    codes = [c.value for c in column(book["指摘事項"], "コード")]
    assert "PAYER_NAME_MISMATCH" in codes


def test_findings_sheet_says_the_source_of_each_rule(book: Any) -> None:
    ws = book["指摘事項"]
    codes = [c.value for c in column(ws, "コード")]
    sources = [c.value for c in column(ws, "根拠")]
    assert codes and len(sources) == len(codes)
    for code, source in zip(codes, sources, strict=True):  # DOC_MISSING: the paper's own rule
        assert source == RULES[Code(code)].source or code == "DOC_MISSING", (code, source)
    assert all(any(w in s for w in ("法", "規則", "裁判所")) for s in sources)
    assert "振込依頼人は入札人本人" in sources[codes.index("PAYER_NAME_MISMATCH")]


def test_workbook_rows_are_what_is_written(book: Any) -> None:
    sheets = workbook_rows(PORTFOLIO, today=TODAY, data=export_data())
    assert [s.title for s in sheets] == SHEETS
    bids = sheets[1]
    ws = book["入札一覧"]
    assert [c.value for c in ws[1]] == bids.headers
    assert ws.max_row == len(bids.rows) + 1 == 6
    assert bids.rows[0][5] == ws["F2"].value == 15_000_000


def test_empty_portfolio_gives_headers_only(tmp_path: Path) -> None:
    path = write_workbook(Portfolio(), tmp_path / "empty.xlsx", today=TODAY, name="空")
    book = load_workbook(path)
    assert book.sheetnames == SHEETS
    assert all(ws["A1"].value and ws["A2"].value is None for ws in book.worksheets)
    assert book["資金繰り"]._charts == []  # no chart without events


def test_document_properties_follow_today(tmp_path: Path) -> None:
    path = write_workbook(PORTFOLIO, tmp_path / "w.xlsx", today=TODAY, name="n")
    assert load_workbook(path).properties.created == datetime(2026, 11, 25)


@pytest.fixture(scope="module")
def real_book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The workbook as the program writes it (the domain's own cash flow and refunds)."""
    path = tmp_path_factory.mktemp("xlsx") / "real.xlsx"
    return load_workbook(write_workbook(PORTFOLIO, path, today=TODAY, name="テスト"))


def test_real_cash_flow_sheet_and_chart(real_book: Any) -> None:
    ws = real_book["資金繰り"]
    kinds = [c.value for c in column(ws, "種類")]
    assert {"保証金", "残代金", "融資", "返還"} <= set(kinds)
    assert len(ws._charts) == 1
    headroom = [c.value for c in column(ws, "余力")]
    assert min(headroom) < 0  # the fixture cannot pay everything if it all wins
    assert all(isinstance(v, int) for v in headroom)


def test_refund_sheet_flags_the_overdue_deposit(real_book: Any) -> None:
    x4 = row_of(real_book["返還管理"], "x4")
    assert x4["状況"].value == "返還待ち"
    assert x4["遅延"].value == "重大"  # 35 days after the opening: contact the court
    assert x4["経過日数"].value == 35
    assert x4["保証額"].value == 1_000_000 and x4["保証額"].number_format == YEN_FORMAT
    assert row_of(real_book["返還管理"], "x3")["状況"].value == "代金に充当"
    formulas = [
        r.formula[0] for cf in real_book["返還管理"].conditional_formatting for r in cf.rules
    ]
    assert '$O2="重大"' in formulas
