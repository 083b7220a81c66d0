"""PDF helpers: glyph safety, escaping, fonts, chart scales; .ics folding as a property."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.forms.calendar import fold
from biddesk.forms.charts import Point, _nice_step, cashflow_drawing
from biddesk.forms.fonts import (
    FALLBACK,
    FONT_DIR,
    GOTHIC,
    MINCHO,
    REPLACEMENT,
    _to_unicode_cmap,
    font_runs,
    missing_glyphs,
    register_fonts,
    unprintable,
)
from biddesk.forms.pdf import (
    LIST_MAX_LINES,
    OMITTED,
    cell_lines,
    fit,
    list_table,
    markup,
    printable,
    shorten,
    text_width,
)


def test_fonts_ship_with_the_program_and_register_once() -> None:
    assert (FONT_DIR / "ipaexg.ttf").is_file() and (FONT_DIR / "ipaexm.ttf").is_file()
    assert register_fonts() == (GOTHIC, MINCHO)
    assert register_fonts() == (GOTHIC, MINCHO)  # idempotent


def test_the_fonts_cover_what_the_documents_print() -> None:
    used = "入札書 記入控え 振込依頼書 陳述書 委任状 □■〜～（）「」￥円㈱髙﨑令和元年"
    assert missing_glyphs(used, GOTHIC) == set()
    assert missing_glyphs(used, MINCHO) == set()
    assert missing_glyphs("🏠") == {"🏠"}
    assert missing_glyphs("🏠", FALLBACK) == {"🏠"}


def test_the_fallback_font_ships_with_its_licence() -> None:
    font = FONT_DIR / "ipamjm.ttf"
    assert font.stat().st_size > 40_000_000  # the unmodified IPAmj明朝 005.01
    licence = (FONT_DIR / "LICENSE-IPAmjMincho.txt").read_text(encoding="utf-8")
    assert "IPA Font License Agreement v1.0" in licence


def test_variant_kanji_are_in_the_fallback_and_emoji_in_no_font() -> None:
    assert missing_glyphs("𠮷𨻶", GOTHIC) == {"𠮷", "𨻶"}
    assert missing_glyphs("𠮷𨻶", FALLBACK) == set()
    assert missing_glyphs("髙﨑", GOTHIC) == set()  # in IPAex itself: no fallback needed
    assert unprintable("𠮷田 🏠") == {"🏠"}


def test_runs_switch_to_the_fallback_only_where_needed() -> None:
    assert font_runs("山田") == [(None, "山田")]
    assert font_runs("𠮷田 太郎") == [(FALLBACK, "𠮷"), (None, "田 太郎")]
    assert font_runs("a\x00🏠b") == [(None, f"a{REPLACEMENT}b")]  # control dropped, emoji 〓
    assert font_runs("葛\U000e0100城") == [(None, "葛城")]  # an IVS selector: the base prints
    assert unprintable("葛\U000e0100城") == set()


def test_markup_sets_fallback_runs_in_the_fallback_font() -> None:
    assert markup("𠮷田&") == f'<font name="{FALLBACK}">𠮷</font>田&amp;'


def test_printable_replaces_what_its_one_face_lacks() -> None:
    assert printable("𠮷田") == f"{REPLACEMENT}田"  # chart labels: one face only
    assert printable("山田\x00太郎") == "山田太郎"  # control characters dropped
    assert printable("髙橋") == "髙橋"  # variant kanji kept (they matter for names)


def test_to_unicode_writes_utf16_beyond_the_bmp() -> None:
    cmap = _to_unicode_cmap("AAAAAA+X", [0, 0x20BB7, 0x7530])
    assert "<01> <D842DFB7>" in cmap  # a surrogate pair, not <20BB7>
    assert "<02> <7530>" in cmap and "<00> <0000>" in cmap


def test_shorten_marks_the_cut() -> None:
    assert shorten("山田", 5) == "山田"
    cut = shorten("山" * 100, 20)
    assert len(cut) == 20 and cut.endswith(OMITTED)


def test_fit_cuts_to_a_width() -> None:
    assert fit("山田", 100, GOTHIC, 8) == "山田"
    cut = fit("山" * 200, 100, GOTHIC, 8)
    assert cut.endswith("…") and text_width(cut, GOTHIC, 8) <= 100


def test_cell_lines_wrap_and_stop_at_three_lines() -> None:
    assert cell_lines("令和7年(ケ)第1号\n物件1", 200) == ["令和7年(ケ)第1号", "物件1"]
    lines = cell_lines("山" * 600, 60)
    assert len(lines) == LIST_MAX_LINES and lines[-1].endswith("…")
    assert all(text_width(line, GOTHIC, 7.5) <= 60 for line in lines)


def test_a_list_splits_by_rows_and_never_outgrows_a_page() -> None:
    rows = [[str(i), "山" * (600 if i == 3 else 5)] for i in range(100)]
    table = list_table(["番号", "名前"], rows, [50, 100])
    _, height = table.wrap(150, 200)
    assert height > 200  # more than fits: the frame asks for a split
    first, rest = table.split(150, 200)
    assert first.rows + rest.rows == 100 and 0 < first.rows < 100
    assert first.wrap(150, 200)[1] <= 200


def test_markup_escapes_user_text() -> None:
    assert markup("A&B <b>") == "A&amp;B &lt;b&gt;"
    assert markup("1行目\n2行目") == "1行目<br/>2行目"
    assert markup(None) == ""


def test_nice_steps() -> None:
    assert _nice_step(50_000_000) == 10_000_000
    assert _nice_step(12_000_000) == 5_000_000
    assert _nice_step(1) == 1


def test_chart_without_events_still_draws() -> None:
    drawing = cashflow_drawing(
        [], start=date(2026, 11, 25), start_cash=1, start_headroom=1, width=400, height=200
    )
    assert drawing.width == 400 and drawing.contents


def test_chart_marks_the_lowest_point() -> None:
    points = [
        Point(day=date(2026, 12, 1), cash=5_000_000, headroom=-1_000_000),
        Point(day=date(2026, 12, 9), cash=9_000_000, headroom=3_000_000),
    ]
    drawing = cashflow_drawing(
        points,
        start=date(2026, 11, 25),
        start_cash=8_000_000,
        start_headroom=2_000_000,
        width=600,
        height=250,
    )
    texts = [getattr(item, "text", "") for item in drawing.contents]
    assert any(t.startswith("最低 -1,000,000円 (令和8年12月1日)") for t in texts)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=0, max_size=200))
def test_fold_round_trips_and_respects_75_octets(text: str) -> None:
    line = "DESCRIPTION:" + text.replace("\r", "").replace("\n", "")
    folded = fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))
