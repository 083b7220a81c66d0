"""Qt's own texts are Japanese: buttons of message boxes, the text fields' menu (issue 15)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox

from biddesk.gui.app import install_japanese, make_application


def test_qt_speaks_japanese(qapp: object) -> None:
    app = make_application()
    assert install_japanese(app)  # the translation PySide6 ships was found and installed
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "確認",
        "削除しますか?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    assert [button.text() for button in box.buttons()] == ["はい(&Y)", "いいえ(&N)"]
    assert QCoreApplication.translate("QLineEdit", "&Copy") == "コピー(&C)"
    # Near miss: a text Qt does not know stays as written.
    assert QCoreApplication.translate("QLineEdit", "BidDesk only") == "BidDesk only"
    assert QApplication.instance() is app


def test_a_bundle_finds_its_own_copy_of_the_translation(
    qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Frozen (PyInstaller): Qt's reported folder may be wrong; the copy packaging/biddesk.spec
    puts under sys._MEIPASS is used (Windows layout: PySide6/translations)."""
    from biddesk.gui import app as app_module

    qt_folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    bundle = tmp_path / "_internal"
    (bundle / "PySide6" / "translations").mkdir(parents=True)
    shutil.copy(qt_folder / "qtbase_ja.qm", bundle / "PySide6" / "translations")
    monkeypatch.setattr(QLibraryInfo, "path", lambda _which: str(tmp_path / "none"))
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert app_module.load_qt_translation(QTranslator())
    # Near miss: neither Qt's folder nor a bundle: no translation, and no error.
    monkeypatch.delattr(sys, "_MEIPASS")
    assert not app_module.load_qt_translation(QTranslator())
