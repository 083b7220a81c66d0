"""Reading back what a PDF really draws: the text, and the glyph each character uses."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile

_BFCHAR = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]+)>")


def text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def _fonts(path: Path) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for page in PdfReader(path).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            font = font.get_object()
            found[str(font["/BaseFont"])] = font
    return found


def glyphs_of(path: Path, char: str) -> dict[str, int]:
    """For every embedded font subset that maps ``char`` (by its ToUnicode CMap): the
    glyph index its own cmap gives that code. 0 would be .notdef, an empty box."""
    utf16 = char.encode("utf-16-be").hex().upper()
    found: dict[str, int] = {}
    for name, font in _fonts(path).items():
        cmap = font["/ToUnicode"].get_object().get_data().decode("ascii")
        pairs = _BFCHAR.findall(cmap.split("beginbfchar", 1)[1])
        codes = [int(code, 16) for code, unicode in pairs if unicode == utf16]
        if not codes:
            continue
        data = font["/FontDescriptor"]["/FontFile2"].get_object().get_data()
        subset = TTFontFile(io.BytesIO(data))
        found[name] = subset.charToGlyph.get(codes[0], 0)
    return found


def font_names(path: Path) -> set[str]:
    """The base names of the fonts (without the subset prefix)."""
    return {name.split("+", 1)[-1] for name in _fonts(path)}
