"""Register the bundled fonts so no glyph is ever a box, on any machine.

IPAexゴシック is the application font; IPAmj明朝 is registered too, so Qt's own font
fallback draws the variant kanji IPAex lacks (𠮷田) as the PDFs do (forms/fonts.py). Qt
maps the 46 MB file lazily: registering it costs about 2 ms and no memory."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from biddesk.forms.package_data import resource

FONT_DIR = resource("fonts")
GOTHIC = FONT_DIR / "ipaexg.ttf"
MINCHO = FONT_DIR / "ipaexm.ttf"
FALLBACK = FONT_DIR / "ipamjm.ttf"


def register_fonts(app: QApplication) -> str:
    """Add IPAex Gothic/Mincho and IPAmj Mincho to Qt and make Gothic the application font.

    Returns the family name in use (the system default if the files are missing)."""
    family = ""
    for path in (GOTHIC, MINCHO, FALLBACK):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and path == GOTHIC:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        font = QFont(family)
        font.setPointSize(max(app.font().pointSize(), 10))
        app.setFont(font)
    return family or app.font().family()
