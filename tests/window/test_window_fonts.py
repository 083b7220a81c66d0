"""The window's fonts: the bundled IPAex faces and the IPAmj明朝 fallback for 𠮷."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from biddesk.gui.app import make_application


def test_the_fallback_font_is_registered_for_variant_kanji() -> None:
    app = make_application()
    families = set(QFontDatabase.families())
    assert {"IPAexGothic", "IPAmjMincho"} <= families
    assert app.font().family() == "IPAexGothic"
    assert QFontMetrics(QApplication.font()).inFontUcs4(0x20BB7)  # 𠮷 through the fallback
