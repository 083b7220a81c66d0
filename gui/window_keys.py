"""The main window's keys (issue 15 item 3), hooked in with one call.

- Delete deletes the selected property only while the portfolio table has the focus: in a
  text field it deletes a character, on the 資金繰り page nothing (it was a window-wide
  shortcut), and the question it asks defaults to いいえ (``keys.confirm_delete``).
- Ctrl+F puts the cursor in the filter box, its text selected.
- Ctrl+S says there is nothing to save: every edit is written to the file as it is made.
- Tab leaves the portfolio table for the next field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from biddesk.gui.keys import tab_leaves

if TYPE_CHECKING:
    from biddesk.gui.main_window import MainWindow

ALREADY_SAVED = (
    "保存の操作は要りません。編集はそのたびにファイルへ保存されています"
    "(別の名前で残すときは「名前を付けて保存」)。"
)
NOTICE_MS = 8000


@dataclass(frozen=True)
class WindowKeys:
    find: QAction
    """Ctrl+F: to the filter box (編集 menu)."""
    save: QAction
    """Ctrl+S: says every edit is already saved (ファイル menu)."""


def install_keys(window: MainWindow) -> WindowKeys:
    delete = window.delete_action
    delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.table.addAction(delete)  # the one widget where Delete means 物件を削除
    tab_leaves(window.table)

    find = QAction("絞り込み", window)
    find.setShortcut(QKeySequence.StandardKey.Find)
    find.triggered.connect(lambda: focus_filter(window))
    window.addAction(find)
    save = QAction("保存", window)
    save.setShortcut(QKeySequence.StandardKey.Save)
    save.triggered.connect(lambda: window.statusBar().showMessage(ALREADY_SAVED, NOTICE_MS))
    window.addAction(save)
    return WindowKeys(find=find, save=save)


def focus_filter(window: MainWindow) -> None:
    """The portfolio page, the cursor in the filter box with its text selected."""
    window.pages.setCurrentIndex(0)
    window.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
    window.filter_edit.selectAll()
