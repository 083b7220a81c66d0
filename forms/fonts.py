"""The bundled IPAex fonts, registered once with reportlab (embedded as subsets).

Every Japanese glyph must render: the fonts ship in resources/fonts, so a PDF never
depends on what the reader's machine has installed.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
GOTHIC = "IPAexGothic"
MINCHO = "IPAexMincho"
_FILES = {GOTHIC: "ipaexg.ttf", MINCHO: "ipaexm.ttf"}


@cache
def register_fonts() -> tuple[str, str]:
    """Register IPAexゴシック and IPAex明朝 (idempotent); returns (gothic, mincho).

    IPAex has no bold or italic face, so those styles map to the regular face: a ``<b>``
    in a paragraph then stays Japanese instead of falling back to a Latin font.
    """
    for name, file_name in _FILES.items():
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(name, bold, italic, name)
    return GOTHIC, MINCHO


def missing_glyphs(text: str, font: str = GOTHIC) -> set[str]:
    """Characters of ``text`` the font cannot draw (they would print as boxes)."""
    register_fonts()
    face = pdfmetrics.getFont(font).face
    mapping: dict[int, int] = face.charToGlyph
    return {ch for ch in text if not ch.isspace() and ord(ch) not in mapping}
