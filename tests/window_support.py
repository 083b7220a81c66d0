"""Shared helpers of the window tests (tests/window/): beside the other support modules so
mypy and pytest find it under one name (tests/window/conftest.py stays window.conftest)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QTableWidget, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow

TODAY = date(2026, 11, 23)
DATA = Path(__file__).resolve().parent / "data"


def open_window(qtbot: QtBot, path: Path) -> MainWindow:
    # As the app opens a file (window_files.open_store): its integrity check beside the lines.
    store = (
        PortfolioStore.open(path, verify_later=True)
        if path.exists()
        else PortfolioStore.create(path)
    )
    # As the app opens a file: its lines first, the whole portfolio after the first paint.
    window = MainWindow(PortfolioDocument.lines_first(store), today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.document.is_loaded)
    return window


def type_text(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII as key presses, Japanese as an input method commits it."""
    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(widget, event)


class Dialogs:
    """Every message box the window shows, recorded instead of blocking the test."""

    def __init__(self) -> None:
        self.questions: list[str] = []
        self.warnings: list[str] = []
        self.informations: list[str] = []
        self.answer = QMessageBox.StandardButton.Yes


def item_at(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The table's cell item, which the test expects to be there."""
    item = table.item(row, column)
    assert item is not None, f"no item at ({row}, {column})"
    return item


def screen_platform(folder: Path, width: int, height: int) -> str:
    """A QT_QPA_PLATFORM value for an offscreen screen of ``width``×``height`` logical
    pixels: the offscreen plugin reads its screens from a JSON ``configfile``
    (qtbase/src/plugins/platforms/offscreen/qoffscreenintegration.cpp)."""
    import json

    config = folder / f"screen-{width}x{height}.json"
    screen = {"name": f"test-{width}x{height}", "x": 0, "y": 0, "width": width, "height": height}
    screen |= {"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"
