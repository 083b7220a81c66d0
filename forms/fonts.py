"""The bundled fonts, registered once with reportlab (embedded as subsets).

Every Japanese glyph must render: the fonts ship in resources/fonts, so a PDF never
depends on what the reader's machine has installed.

- IPAexゴシック / IPAex明朝 draw everything they can (JIS X 0213 level 1–4 kanji).
- IPAmj明朝 is the fallback for the characters IPAex lacks: it was made for the variant
  kanji of 住民基本台帳 and 戸籍 (𠮷, 𨻶, …: 42,856 characters IPAex lacks), so a legal
  name prints as written. reportlab cannot switch fonts per glyph, so text is cut into runs
  (``font_runs``): a run of characters IPAex lacks is drawn in IPAmj明朝 (Mincho also
  inside Gothic text: there is no IPAmj Gothic). The 46 MB file is read only when such a
  character appears.
- Variation selectors (IVS, U+FE00–FE0F and U+E0100–E01EF after a kanji) are dropped:
  reportlab cannot select a variant glyph, so the base character prints.
- What no bundled font has (emoji, unassigned code points) cannot be in a legal name; it
  prints as 〓 (the 下駄記号 of Japanese typesetting), so the gap is visible, and the form
  drafts say so (``unprintable``).
"""

from __future__ import annotations

import unicodedata
from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from biddesk.forms.package_data import resource

FONT_DIR = resource("fonts")
GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"
FALLBACK = "IPAmjMincho"
_FILES = {GOTHIC: "ipaexg.ttf", MINCHO: "ipaexm.ttf", FALLBACK: "ipamjm.ttf"}

REPLACEMENT = "〓"
"""Printed for a character no bundled font has, so a missing glyph shows as such."""


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with code points beyond U+FFFF written as UTF-16
    surrogate pairs as the PDF reference requires (reportlab writes ``<20BB7>``, which
    readers reject, so 𠮷 could not be searched or copied). Same bytes for the BMP."""

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{index:02X}> <{utf16(code)}>" for index, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


def _register(name: str) -> None:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / _FILES[name])))
    # No bold or italic faces: those styles map to the regular face, so a <b> in a
    # paragraph stays Japanese instead of falling back to a Latin font.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, name)


@cache
def register_fonts() -> tuple[str, str]:
    """Register IPAexゴシック and IPAex明朝 (idempotent); returns (gothic, mincho)."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    for name in (GOTHIC, MINCHO):
        _register(name)
    return GOTHIC, MINCHO


def _cmap(font: str) -> frozenset[int]:
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


@cache
def main_glyphs() -> frozenset[int]:
    """Code points both IPAex faces draw."""
    register_fonts()
    return _cmap(GOTHIC) & _cmap(MINCHO)


@cache
def fallback_glyphs() -> frozenset[int]:
    """Code points IPAmj明朝 draws (registers it on first use: 46 MB, 0.3 s)."""
    register_fonts()
    _register(FALLBACK)
    return _cmap(FALLBACK)


def _silent(ch: str) -> bool:
    """Characters that print as nothing: controls, format characters (ZWJ), variation
    selectors."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Cc", "Cf")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def _drawable(ch: str) -> bool:
    code = ord(ch)
    return code in main_glyphs() or code in fallback_glyphs()


def _fold(ch: str) -> str:
    """What to print for a character no font has: its compatibility form (NFKC) when
    that is drawable, else 〓."""
    folded = unicodedata.normalize("NFKC", ch)
    if folded and all(ord(c) in main_glyphs() for c in folded):
        return folded
    return REPLACEMENT


def font_runs(text: str) -> list[tuple[str | None, str]]:
    """``text`` cut into (font, run) pieces: font None for the caller's own IPAex face,
    ``FALLBACK`` for characters only IPAmj明朝 has. Control characters and variation
    selectors are dropped and what no font draws becomes 〓 (or its NFKC form)."""
    main = main_glyphs()
    runs: list[tuple[str | None, str]] = []
    for ch in text:
        code = ord(ch)
        font: str | None = None
        if code in main or ch in "\n ":
            piece = ch
        elif _silent(ch):
            continue
        elif code in fallback_glyphs():
            piece, font = ch, FALLBACK
        else:
            piece = _fold(ch)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + piece)
        else:
            runs.append((font, piece))
    return runs


def unprintable(text: str) -> set[str]:
    """Characters of ``text`` no bundled font draws (they print as 〓 or their NFKC form)."""
    return {ch for ch in text if not ch.isspace() and not _silent(ch) and not _drawable(ch)}


def missing_glyphs(text: str, font: str = GOTHIC) -> set[str]:
    """Characters of ``text`` the font cannot draw (they would print as boxes)."""
    register_fonts()
    if font == FALLBACK:
        fallback_glyphs()
    mapping: dict[int, int] = pdfmetrics.getFont(font).face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in mapping}
