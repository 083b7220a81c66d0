"""Shared helpers of the window tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow

TODAY = date(2026, 11, 23)
DATA = Path(__file__).resolve().parent.parent / "data"


def open_window(qtbot: object, path: Path) -> MainWindow:
    store = PortfolioStore.open(path) if path.exists() else PortfolioStore.create(path)
    window = MainWindow(PortfolioDocument(store), today=TODAY)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    return window


def type_text(qtbot: object, widget: object, text: str) -> None:
    """Type like a user: ASCII as key presses, Japanese as an input method commits it."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)  # type: ignore[attr-defined]
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)  # type: ignore[arg-type]
