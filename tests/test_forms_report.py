"""The PDF report and the 入札準備シート: text, embedded fonts, pages, reproducible bytes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from forms_fixtures import P1, PORTFOLIO, TODAY, X1, YAMADA, export_data
from pdf_checks import glyphs_of
from pdf_checks import text as pdf_text
from pypdf import PdfReader

import biddesk.forms.report
from biddesk.domain.errors import UserError
from biddesk.domain.models import DocStatus, DocType, Document, Portfolio
from biddesk.domain.rules.registry import RULES
from biddesk.forms.fonts import missing_glyphs
from biddesk.forms.pdf import LANDSCAPE, OMITTED, PageInfo, build_pdf
from biddesk.forms.progress import ExportCancelled
from biddesk.forms.report import REPORT_TITLE, report_story, write_bid_sheet, write_report

PARCELS = "".join(f"東京都江東区亀戸二丁目{100 + i}番地{i}、" for i in range(29))
"""A 29-parcel address (541 characters): one cell taller than a page raised LayoutError."""
LONG_NAME = "山田" * 300


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def fonts_of(path: Path) -> dict[str, Any]:
    """Every font any page uses: BaseFont → font dictionary."""
    found: dict[str, Any] = {}
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture report with a fixed cash flow (5 sections on 6 pages + 2 sheets)."""
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    data = export_data()
    info = PageInfo(title=REPORT_TITLE, name="テスト", today=TODAY, file_name=path.name)
    build_pdf(path, report_story(data), info, first=LANDSCAPE)
    return path


def test_report_pages_sections_then_one_sheet_per_open_bid(report: Path) -> None:
    texts = page_texts(report)
    assert len(texts) == 8
    assert "概要" in texts[0]
    assert "物件一覧" in texts[1]
    assert "入札一覧" in texts[2]
    assert "指摘事項" in texts[3]
    assert "資金繰り" in texts[4]
    assert "保証金の返還管理" in texts[5]
    assert texts[6].startswith("入札準備シート 令和7年(ケ)第1234号 物件1")
    assert "入札準備シート 令和7年(ケ)第88号 物件1,2" in texts[7]


def test_report_page_sizes_landscape_then_portrait(report: Path) -> None:
    pages = PdfReader(report).pages
    assert pages[0].mediabox.width > pages[0].mediabox.height
    assert pages[7].mediabox.width < pages[7].mediabox.height


def test_every_font_is_an_embedded_ipaex_subset(report: Path) -> None:
    fonts = fonts_of(report)
    assert fonts, "no fonts found"
    for name, font in fonts.items():
        assert "IPAex" in name and "+" in name, name  # subset prefix AAAAAA+
        descriptor = font["/FontDescriptor"]
        assert "/FontFile2" in descriptor, name


def test_footer_has_page_numbers_date_and_file_name(report: Path) -> None:
    texts = page_texts(report)
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {len(texts)}" in text
        assert "作成日 令和8年11月25日(水)" in text
        assert "report.pdf" in text


def test_figures_and_words_on_the_sheet(report: Path) -> None:
    sheet = page_texts(report)[6]
    for expected in (
        "12,340,000円",
        "9,872,000円",
        "2,468,000円",
        "15,000,000円",
        "1,500万円",
        "12,532,000円",
        "令和8年12月7日(月)",
        "令和8年12月16日(水)",
    ):
        assert expected in sheet


def test_sheet_checklist_boxes_and_name_table(report: Path) -> None:
    x2 = page_texts(report)[7]
    assert "□" in x2 and "■" in x2
    assert "登記事項証明書" in x2 and "請求中" in x2
    assert "(株)みらい不動産" in x2 and "不一致" in x2  # payer name vs bidder name
    assert "PAYER_NAME_MISMATCH" not in x2  # codes stay off the sheet, messages are shown
    assert "振込依頼人" in x2


def test_findings_page_says_the_source_of_each_rule_once(report: Path) -> None:
    page = page_texts(report)[3]
    legend = page[page.index("指摘の根拠") :]
    codes = dict.fromkeys(f.code for f in export_data().findings)
    assert len(codes) > 3
    for code in codes:
        assert legend.count(code) == 1, code
        assert RULES[code].source.split("、")[0] in legend.replace("\n", ""), code


def test_summary_shows_counts_and_funding(report: Path) -> None:
    summary = page_texts(report)[0]
    assert "5件(準備中 2件・最高価買受申出 1件)" in summary
    assert "30,000,000円" in summary and "5,000,000円" in summary
    assert "令和9年2月24日(水)" in summary  # first shortfall


def test_cash_flow_page_has_the_chart_and_shortfall(report: Path) -> None:
    page = page_texts(report)[4]
    assert "手元資金" in page and "余力" in page
    assert "最低 -6,500,000円" in page  # the chart's label of the lowest point
    assert "資金不足" in page


def test_every_character_is_drawable(report: Path) -> None:
    text = "".join(page_texts(report))
    assert missing_glyphs(text) == set()


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = write_report(PORTFOLIO, tmp_path / "a" / "r.pdf", today=TODAY, name="n")
    second = write_report(PORTFOLIO, tmp_path / "b" / "r.pdf", today=TODAY, name="n")
    assert first.read_bytes() == second.read_bytes()


def test_creation_date_is_today(tmp_path: Path) -> None:
    path = write_report(PORTFOLIO, tmp_path / "r.pdf", today=TODAY, name="n")
    meta = PdfReader(path).metadata
    assert meta is not None
    assert str(meta["/CreationDate"]).startswith("D:20261125")
    assert str(meta["/Subject"]) == "r.pdf"


def test_report_without_sheets(tmp_path: Path) -> None:
    path = write_report(PORTFOLIO, tmp_path / "r.pdf", today=TODAY, name="n", bid_sheets=False)
    assert not any("入札準備シート 令和" in t for t in page_texts(path))


def test_empty_portfolio_report(tmp_path: Path) -> None:
    path = write_report(Portfolio(), tmp_path / "r.pdf", today=TODAY, name="空")
    texts = page_texts(path)
    assert "指摘事項はありません。" in "".join(texts)


def test_user_markup_is_text_not_markup(tmp_path: Path) -> None:
    odd = replace(YAMADA, name="A&B <b>商会</b>")
    portfolio = replace(PORTFOLIO, bidders=(odd, *PORTFOLIO.bidders[1:]))
    path = write_bid_sheet(portfolio, "x1", tmp_path / "s.pdf", today=TODAY)
    assert "A&B <b>商会</b>" in page_texts(path)[0]


def test_a_variant_kanji_prints_as_written_and_an_emoji_as_geta(tmp_path: Path) -> None:
    odd = replace(YAMADA, name="𠮷田 🏠")  # 𠮷 (U+20BB7) is in IPAmj明朝 only; no font has 🏠
    portfolio = replace(PORTFOLIO, bidders=(odd, *PORTFOLIO.bidders[1:]))
    path = write_bid_sheet(portfolio, "x1", tmp_path / "s.pdf", today=TODAY)
    assert "𠮷田 〓" in page_texts(path)[0]
    glyphs = glyphs_of(path, "𠮷")
    assert glyphs and all(name.endswith("+IPAmjMincho") for name in glyphs)
    assert 0 not in glyphs.values()  # a real glyph, not .notdef


def test_the_report_prints_a_variant_kanji_everywhere(tmp_path: Path) -> None:
    odd = replace(YAMADA, name="𠮷田 太郎")
    portfolio = replace(PORTFOLIO, bidders=(odd, *PORTFOLIO.bidders[1:]))
    path = write_report(portfolio, tmp_path / "𠮷田.pdf", today=TODAY, name="𠮷田の入札")
    texts = page_texts(path)
    assert all("𠮷田" in t for t in texts)  # header (name), footer (file name), tables
    assert "𠮷田 太郎" in texts[2]  # 入札一覧, drawn on the canvas
    assert 0 not in glyphs_of(path, "𠮷").values()
    again = write_report(portfolio, tmp_path / "b" / "𠮷田.pdf", today=TODAY, name="𠮷田の入札")
    assert again.read_bytes() == path.read_bytes()  # the fallback font keeps bytes stable


def test_long_texts_wrap_or_are_cut_and_never_stop_the_report(tmp_path: Path) -> None:
    bidder = replace(YAMADA, name=LONG_NAME, address=PARCELS)
    prop = replace(P1, address=PARCELS, property_numbers=tuple(str(i) for i in range(1, 30)))
    portfolio = replace(
        PORTFOLIO,
        bidders=(bidder, *PORTFOLIO.bidders[1:]),
        properties=(prop, *PORTFOLIO.properties[1:]),
    )
    report = write_report(portfolio, tmp_path / "r.pdf", today=TODAY, name=LONG_NAME)
    assert "入札一覧" in pdf_text(report)
    sheet = write_bid_sheet(portfolio, "x1", tmp_path / "s.pdf", today=TODAY)
    pages = page_texts(sheet)
    assert len(pages) == 1  # the sheet stays one page: long names are cut with a mark
    assert OMITTED in pages[0]
    assert "東京都江東区亀戸二丁目100番地0" in pages[0]


def test_near_miss_an_ordinary_address_is_not_cut(tmp_path: Path) -> None:
    sheet = write_bid_sheet(PORTFOLIO, "x1", tmp_path / "s.pdf", today=TODAY)
    assert OMITTED not in page_texts(sheet)[0]


def _many(count: int) -> Portfolio:
    """``count`` open bids on ``count`` properties, all still to submit."""
    props = tuple(replace(P1, id=f"q{i}", case_number=f"令和7年(ケ)第{i}号") for i in range(count))
    bids = tuple(replace(X1, id=f"y{i}", property=f"q{i}") for i in range(count))
    return replace(PORTFOLIO, properties=props, bids=bids)


def test_at_scale_every_bid_is_listed_and_the_sheets_are_capped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(biddesk.forms.report, "SHEET_LIMIT", 3)
    monkeypatch.setattr(biddesk.forms.report, "LIST_LIMIT", 10)
    path = write_report(_many(150), tmp_path / "r.pdf", today=TODAY, name="n")
    texts = page_texts(path)
    summary = texts[0].replace("\n", "")
    assert "3件(提出期限が過ぎていない準備中の入札、期限の近い順)" in summary
    assert "以下147件は入札一覧のみ" in summary
    everything = "".join(texts)
    assert "令和7年(ケ)第149号" in everything  # the last bid listed
    assert "y149" not in everything  # by its case and bidder, never by its id
    assert "件は省略しました(Excel出力の「資金繰り」シートにすべてあります)" in everything
    assert sum(t.startswith("入札準備シート") for t in texts) == 3
    assert len(texts) < 30  # 150 properties and 150 bids on about 7 pages each


def test_no_sheet_for_a_bid_whose_deadline_has_passed(tmp_path: Path) -> None:
    passed = replace(P1, bid_period_start=date(2026, 11, 11), bid_period_end=date(2026, 11, 18))
    portfolio = replace(PORTFOLIO, properties=(passed, *PORTFOLIO.properties[1:]))
    texts = page_texts(write_report(portfolio, tmp_path / "r.pdf", today=TODAY, name="n"))
    assert "提出期限を過ぎた1件は入札一覧のみ(結果を記録してください)" in texts[0].replace("\n", "")
    sheets = [t for t in texts if t.startswith("入札準備シート")]
    assert len(sheets) == 1 and "第88号" in sheets[0]  # x2 only: x1's deadline is past


def test_progress_counts_up_to_its_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_report(
        _many(60),
        tmp_path / "r.pdf",
        today=TODAY,
        name="n",
        progress=lambda d, t: calls.append((d, t)),
    )
    totals = {t for _, t in calls if t}
    assert len(totals) == 1
    total = totals.pop()
    assert total >= 120 + 60  # 60 properties and 60 bids listed, 60 sheets
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == total


def test_cancel_stops_the_report_and_leaves_nothing(tmp_path: Path) -> None:
    calls = []

    def cancel_later(done: int, total: int) -> None:
        calls.append(done)
        if len(calls) == 40:
            raise ExportCancelled

    with pytest.raises(ExportCancelled):
        write_report(_many(60), tmp_path / "r.pdf", today=TODAY, name="n", progress=cancel_later)
    assert list(tmp_path.iterdir()) == []


def test_bid_sheet_is_one_page_even_with_many_papers(tmp_path: Path) -> None:
    many = tuple(
        Document(
            type=DocType.RESIDENCE,
            name=f"山田 太郎{i}",
            issued=date(2026, 9, i + 1),
            status=DocStatus.OBTAINED,
        )
        for i in range(25)
    )
    crowded = replace(X1, documents=X1.documents + many)
    portfolio = replace(PORTFOLIO, bids=(crowded,))
    path = write_bid_sheet(portfolio, "x1", tmp_path / "s.pdf", today=TODAY, name="n")
    assert len(PdfReader(path).pages) == 1


def test_bid_sheet_of_an_unknown_bid_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="入札が見つかりません"):
        write_bid_sheet(PORTFOLIO, "nope", tmp_path / "s.pdf", today=TODAY)
    assert list(tmp_path.iterdir()) == []


def test_a_failed_report_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import biddesk.forms.report

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(biddesk.forms.report, "build_pdf", explode)
    with pytest.raises(RuntimeError):
        write_report(PORTFOLIO, tmp_path / "r.pdf", today=TODAY, name="n")
    assert list(tmp_path.iterdir()) == []


def test_real_report_has_refunds_and_cash_flow(tmp_path: Path) -> None:
    path = write_report(PORTFOLIO, tmp_path / "r.pdf", today=TODAY, name="n", bid_sheets=False)
    text = "".join(page_texts(path))
    assert "35日たっても保証金1,000,000円の返還が記録されていません" in text
    assert "代金に充当" in text
    # x2 is posted 2027-01-12: its deposit leaves then (the 振込証明書 goes in the envelope).
    assert "令和9年1月12日(火)に余力がマイナスになります" in text
    assert "戻っていない保証金" in text


def test_the_chart_keeps_each_days_extremes_and_drops_the_rest() -> None:
    from biddesk.forms.charts import Point
    from biddesk.forms.report import _chart_points

    day, later = date(2026, 12, 1), date(2026, 12, 2)
    points = [
        Point(day=day, cash=5, headroom=1),
        Point(day=day, cash=2, headroom=-9),  # the day's lowest: kept
        Point(day=day, cash=3, headroom=0),  # between: dropped (same x, inside the range)
        Point(day=day, cash=9, headroom=4),  # highest and last: kept
        Point(day=later, cash=1, headroom=1),
    ]
    kept = _chart_points(points)
    assert kept == [points[0], points[1], points[3], points[4]]
    assert _chart_points(points[4:]) == points[4:]  # near miss: one event a day stays


def test_a_standby_financing_line_says_it_counts_from_the_start() -> None:
    from biddesk.domain.models import Financing
    from biddesk.forms.report import financing_row

    # Undated: a standby facility in the headroom (it read "(－から)" before).
    assert financing_row(Financing(name="A銀行", amount=5_000_000)) == (
        "融資: A銀行",
        "5,000,000円(日付なし: 待機枠として余力に算入)",
    )
    dated = Financing(name="B銀行", amount=1_000_000, available_from=date(2027, 1, 20))
    assert financing_row(dated)[1].endswith("から)") and "令和9年1月20日" in financing_row(dated)[1]
