"""Keys that do not surprise (issue 15 item 3): Delete only in the portfolio table and never
confirmed by Enter, Enter in the paste preview moves down, Tab leaves tables, Ctrl+F, Ctrl+S,
and every deletion asks first."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from window_support import DATA, item_at

from biddesk.domain.models import Channel, Transfer
from biddesk.gui.dialogs.paste_dialog import PasteDialog
from biddesk.gui.keys import confirm_delete
from biddesk.gui.main_window import MainWindow
from biddesk.gui.window_keys import ALREADY_SAVED


def activate(window: MainWindow, qtbot: QtBot, focus: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    focus.setFocus()
    qtbot.waitUntil(focus.hasFocus)


def test_delete_in_the_table_asks_and_elsewhere_does_nothing(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Any
) -> None:
    demo_window.table.selectRow(0)
    before = len(demo_window.document.state.properties)
    activate(demo_window, qtbot, demo_window.filter_edit)
    qtbot.keyClick(demo_window.filter_edit, Qt.Key.Key_Delete)
    assert dialogs.questions == []
    demo_window.pages.setCurrentWidget(demo_window.cashflow_view)
    activate(demo_window, qtbot, demo_window.cashflow_view)
    qtbot.keyClick(demo_window.cashflow_view, Qt.Key.Key_Delete)
    assert dialogs.questions == []
    assert len(demo_window.document.state.properties) == before
    demo_window.pages.setCurrentIndex(0)
    activate(demo_window, qtbot, demo_window.table)
    dialogs.answer = QMessageBox.StandardButton.No
    qtbot.keyClick(demo_window.table, Qt.Key.Key_Delete)
    assert len(dialogs.questions) == 1 and "を削除しますか" in dialogs.questions[0]
    assert len(demo_window.document.state.properties) == before


def test_the_delete_question_defaults_to_no(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[object, ...]] = []

    def question(*args: object) -> QMessageBox.StandardButton:
        asked.append(args)
        return args[4]  # type: ignore[return-value]  # Enter: the default button

    monkeypatch.setattr(QMessageBox, "question", question)
    assert not confirm_delete(None, "物件を削除", "削除しますか?")
    assert asked[0][4] == QMessageBox.StandardButton.No
    assert "元に戻すで復元できます" in str(asked[0][2])


def test_ctrl_f_goes_to_the_filter_and_ctrl_s_says_all_is_saved(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    demo_window.filter_edit.setText("東京")
    demo_window.pages.setCurrentWidget(demo_window.refunds_view)
    activate(demo_window, qtbot, demo_window.table)
    qtbot.keyClick(demo_window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.pages.currentIndex() == 0
    assert demo_window.filter_edit.hasFocus()
    assert demo_window.filter_edit.selectedText() == "東京"
    qtbot.keyClick(demo_window.filter_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert demo_window.statusBar().currentMessage() == ALREADY_SAVED


def test_tab_leaves_the_portfolio_table(demo_window: MainWindow, qtbot: QtBot) -> None:
    assert not demo_window.table.tabKeyNavigation()
    demo_window.table.selectRow(0)
    activate(demo_window, qtbot, demo_window.table)
    row = demo_window.table.currentIndex().row()
    qtbot.keyClick(demo_window.table, Qt.Key.Key_Tab)
    assert not demo_window.table.hasFocus()
    assert demo_window.table.currentIndex().row() == row
    assert not demo_window.detail.checklist_tab.table.tabKeyNavigation()
    assert not demo_window.detail.checklist_tab.findings_view.tabKeyNavigation()
    demo_window.precheck_dialog()
    assert demo_window.precheck is not None
    assert not demo_window.precheck.view.tabKeyNavigation()


def test_enter_in_the_paste_preview_moves_down_and_adds_nothing(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    text = (DATA / "announcements" / "koukoku_table.txt").read_text(encoding="utf-8")
    dialog = PasteDialog(empty_window, text)
    qtbot.addWidget(dialog)
    added: list[object] = []
    dialog.added.connect(added.append)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    table = dialog.table
    assert table.rowCount() == 3
    table.setFocus()
    table.setCurrentCell(0, 1)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    assert (table.currentRow(), table.currentColumn()) == (1, 1)
    # Editing a cell: Enter saves it and moves down, as in Excel.
    table.editItem(item_at(table, 1, 4))
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.hasFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "Tokyo")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.currentRow() == 2)
    assert dialog.cell_text(1, 4) == "Tokyo"
    assert dialog.drafts[1].address == "Tokyo"
    assert dialog.isVisible() and added == []
    assert not table.tabKeyNavigation()


def test_deleting_a_bid_a_transfer_or_a_bidder_asks_first(
    demo_window: MainWindow, dialogs: Any
) -> None:
    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

    state = demo_window.document.state
    bid = state.bids["x1"]
    demo_window.show_bid("x1", bid.property)
    dialogs.answer = QMessageBox.StandardButton.No
    demo_window.detail.delete_bid()
    assert "への入札を削除しますか" in dialogs.questions[-1]
    assert "x1" in state.bids

    tab = demo_window.detail.transfer_tab
    demo_window.detail.put_bid(
        type(bid)(**{**bid.__dict__, "transfer": Transfer(channel=Channel.COUNTER)}), "振込"
    )
    tab.clear_transfer()
    assert "振込の記録を削除しますか" in dialogs.questions[-1]
    assert state.bids["x1"].transfer is not None
    dialogs.answer = QMessageBox.StandardButton.Yes
    tab.clear_transfer()
    assert state.bids["x1"].transfer is None

    from biddesk.domain.edits import operations
    from biddesk.domain.models import Bidder

    demo_window.document.apply(operations.put_bidder(Bidder(id="b9", name="未使用")), "入札者")
    dialog = BiddersDialog(demo_window.document, demo_window)
    dialog.current_id = "b9"
    dialogs.answer = QMessageBox.StandardButton.No
    dialog._delete()
    assert "未使用を削除しますか" in dialogs.questions[-1]
    assert "b9" in state.bidders
    dialogs.answer = QMessageBox.StandardButton.Yes
    dialog._delete()
    assert "b9" not in state.bidders
    dialog.close()
