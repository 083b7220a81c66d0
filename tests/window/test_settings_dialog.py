"""資金の設定: cash on hand, reserve, financing lines, margins; one undoable change."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from window_support import TODAY, type_text

from biddesk.domain.models import Financing
from biddesk.domain.storage.store import PortfolioStore, StoreError
from biddesk.gui.demo import create_demo
from biddesk.gui.dialogs.settings_dialog import SettingsDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.views.cashflow_view import CashflowView


@pytest.fixture
def document(tmp_path: Path) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    doc = PortfolioDocument(PortfolioStore.open(path))
    yield doc
    doc.close()


@pytest.fixture
def dialog(qtbot: QtBot, document: PortfolioDocument) -> SettingsDialog:
    widget = SettingsDialog(document)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    type_text(qtbot, edit, text)


def test_shows_the_current_settings(dialog: SettingsDialog) -> None:
    assert dialog.cash.value() == 30_000_000
    assert dialog.reserve.value() == 5_000_000
    assert len(dialog.rows) == 1
    row = dialog.rows[0]
    assert row.name.text() == "A銀行 事業融資枠"
    assert row.amount.value() == 20_000_000
    assert row.available.value() == date(2027, 1, 20)
    assert dialog.transfer_margin.value() == 2
    assert dialog.mail_margin.value() == 3


def test_the_cash_label_says_before_every_event(dialog: SettingsDialog) -> None:
    parent = dialog.cash.parentWidget()
    assert parent is not None
    form = parent.layout()
    assert isinstance(form, QFormLayout)
    label = form.labelForField(dialog.cash)
    assert isinstance(label, QLabel)
    assert "すべての振込・納付の前" in label.text()


def test_cash_on_hand_changes_capacity_and_undo_restores(
    qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    view = CashflowView(document, TODAY)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    assert view.result is not None and view.result.capacity_start == 25_000_000
    retype(qtbot, dialog.cash.edit, "4000万")
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert document.state.settings.cash_on_hand == 40_000_000
    assert view.result.capacity_start == 35_000_000
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "資金の設定を変更"
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        document.undo_stack.undo()
    assert document.state.settings.cash_on_hand == 30_000_000
    assert view.result.capacity_start == 25_000_000


def test_an_unreadable_amount_is_named_and_nothing_is_written(
    qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    retype(qtbot, dialog.cash.edit, "abc")
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "手元資金:" in dialog.errors.text()
    assert document.undo_stack.count() == 0
    assert document.state.settings.cash_on_hand == 30_000_000


def test_reserve_error_names_the_reserve(qtbot: QtBot, dialog: SettingsDialog) -> None:
    retype(qtbot, dialog.reserve.edit, "xyz")
    dialog.accept()
    assert "予備資金:" in dialog.errors.text()
    assert "手元資金" not in dialog.errors.text()


def test_adding_a_financing_line(
    qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    row = dialog.add_financing_row()
    type_text(qtbot, row.name, "B信金 つなぎ融資")
    type_text(qtbot, row.amount.edit, "1000万")
    type_text(qtbot, row.available.edit, "令和9年2月1日")
    dialog.accept()
    lines = document.state.settings.financing
    assert lines[1] == Financing(
        name="B信金 つなぎ融資", amount=10_000_000, available_from=date(2027, 2, 1)
    )
    assert len(lines) == 2


def test_a_line_without_a_date_is_a_standby_facility(
    qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    row = dialog.add_financing_row()
    type_text(qtbot, row.name, "standby")
    type_text(qtbot, row.amount.edit, "300万")
    dialog.accept()
    assert document.state.settings.financing[1].available_from is None


def test_a_line_without_an_amount_is_refused(
    qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    row = dialog.add_financing_row()
    type_text(qtbot, row.name, "C")
    dialog.accept()
    assert "融資枠2行目の金額を入力してください。" in dialog.errors.text()
    assert len(document.state.settings.financing) == 1


def test_an_unreadable_date_names_the_row(qtbot: QtBot, dialog: SettingsDialog) -> None:
    retype(qtbot, dialog.rows[0].available.edit, "2027-13-45")
    dialog.accept()
    assert "融資枠1行目の利用可能日" in dialog.errors.text()


def test_blank_rows_are_ignored(dialog: SettingsDialog, document: PortfolioDocument) -> None:
    dialog.add_financing_row()
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(document.state.settings.financing) == 1
    assert document.undo_stack.count() == 0  # nothing changed: no undo step


def test_removing_a_line(qtbot: QtBot, document: PortfolioDocument, dialog: SettingsDialog) -> None:
    qtbot.mouseClick(dialog.rows[0].remove_button, Qt.MouseButton.LeftButton)
    assert dialog.rows == []
    dialog.accept()
    assert document.state.settings.financing == ()


def test_margins_are_saved(document: PortfolioDocument, dialog: SettingsDialog) -> None:
    dialog.transfer_margin.setValue(4)
    dialog.mail_margin.setValue(5)
    dialog.accept()
    assert document.state.settings.transfer_margin == 4
    assert document.state.settings.mail_margin == 5


def test_a_store_failure_keeps_the_dialog_open(
    monkeypatch: pytest.MonkeyPatch, document: PortfolioDocument, dialog: SettingsDialog
) -> None:
    def fail(*_args: object) -> None:
        raise StoreError("ファイルに書き込めません。")

    monkeypatch.setattr(document, "apply", fail)
    dialog.reserve.set_value(1_000_000)
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.errors.text() == "ファイルに書き込めません。"
