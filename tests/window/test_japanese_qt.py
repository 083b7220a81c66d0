"""Qt's own texts are Japanese: buttons of message boxes, the text fields' menu (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
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
