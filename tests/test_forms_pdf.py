"""PDF helpers: glyph safety, escaping, fonts, chart scales; .ics folding as a property."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from forms.calendar import fold
from forms.charts import Point, _nice_step, cashflow_drawing
from forms.fonts import FONT_DIR, GOTHIC, MINCHO, missing_glyphs, register_fonts
from forms.pdf import REPLACEMENT, markup, printable


def test_fonts_ship_with_the_program_and_register_once() -> None:
    assert (FONT_DIR / "ipaexg.ttf").is_file() and (FONT_DIR / "ipaexm.ttf").is_file()
    assert register_fonts() == (GOTHIC, MINCHO)
    assert register_fonts() == (GOTHIC, MINCHO)  # idempotent


def test_the_fonts_cover_what_the_documents_print() -> None:
    used = "入札書 記入控え 振込依頼書 陳述書 委任状 □■〜～（）「」￥円㈱髙﨑令和元年"
    assert missing_glyphs(used, GOTHIC) == set()
    assert missing_glyphs(used, MINCHO) == set()
    assert missing_glyphs("🏠") == {"🏠"}


def test_printable_replaces_what_no_font_has() -> None:
    assert printable("𠮷田") == f"{REPLACEMENT}田"
    assert printable("山田\x00太郎") == "山田太郎"  # control characters dropped
    assert printable("髙橋") == "髙橋"  # variant kanji kept (they matter for names)


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
