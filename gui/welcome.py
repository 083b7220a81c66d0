"""The first-start welcome: when the window opens the demo because there is no portfolio of
the user's yet, a bar above the page says so and how to start one's own.

A bar, not a dialog: nothing has to be answered before the window can be used, and it goes
with 閉じる.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QPushButton, QSizePolicy, QToolBar

from biddesk.gui import palette
from biddesk.gui.palette import Role

WELCOME = (
    "ようこそ。これはデモ用のポートフォリオです(物件も入札者も架空で、変更は終了時に消えます)。"
    "自分のポートフォリオは「ファイル › 新規…」で作り、公告やBITの物件カードを"
    "「貼り付けて追加」(Ctrl+Shift+V)で取り込みます。"
)


def show_welcome(window: QMainWindow) -> QToolBar:
    """Put the welcome bar above the window's pages; returns it (tests look at it)."""
    bar = QToolBar("ようこそ", window)
    bar.setObjectName("welcome-bar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.toggleViewAction().setVisible(False)  # not one of the window's own toolbars
    label = QLabel(WELCOME)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    label.setMinimumWidth(600)  # the bar's width, not a narrow column of text
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setStyleSheet("padding: 4px 8px;")
    background = palette.name(Role.INFO_BACKGROUND)
    bar.setStyleSheet(f"QToolBar#welcome-bar {{ background: {background}; border: none; }}")
    bar.addWidget(label)
    close = QPushButton("閉じる")
    close.clicked.connect(bar.close)
    bar.addWidget(close)
    window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
