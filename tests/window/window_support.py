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
