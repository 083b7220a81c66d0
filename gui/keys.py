"""Keys that do not surprise: what Enter, Tab and Delete do in the window's tables, and the
one question asked before anything is deleted.

- Enter in an editable grid moves down a cell, as in Excel (it never presses the dialog's
  default button: 追加 with one Enter was a surprise).
- Tab leaves a table for the next field instead of walking its cells.
- A deletion asks first, with いいえ as the default answer, so an Enter does not confirm it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableWidget, QWidget

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
UNDO_NOTE = "元に戻すで復元できます。"


def confirm_delete(parent: QWidget | None, title: str, question: str) -> bool:
    """Ask ``question`` (one sentence ending in か?), adding that undo brings it back
    (every deletion is undoable); True only for はい. The default button is いいえ: Enter
    or Esc keep what is there."""
    answer = QMessageBox.question(
        parent,
        title,
        f"{question}\n{UNDO_NOTE}",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def tab_leaves(view: QAbstractItemView) -> None:
    """Tab and Shift+Tab go to the next and previous field, not from cell to cell."""
    view.setTabKeyNavigation(False)


class SpreadsheetTable(QTableWidget):
    """A grid where Enter moves down a cell (after saving the cell being edited) and Tab
    leaves the table."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        tab_leaves(self)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() in ENTER_KEYS and plain:
            event.accept()
            if self.state() == QAbstractItemView.State.EditingState:
                # The editor commits on a queued call; move once that is done.
                QTimer.singleShot(0, self.move_down)
            else:
                self.move_down()
            return
        super().keyPressEvent(event)

    def move_down(self) -> None:
        """The cell below the current one (the last row stays where it is)."""
        current = self.currentIndex()
        if not current.isValid():
            if self.rowCount() and self.columnCount():
                self.setCurrentCell(0, 0)
            return
        row = min(current.row() + 1, self.rowCount() - 1)
        self.setCurrentCell(row, current.column())
