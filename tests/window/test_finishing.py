"""Smaller things that looked unfinished (issue 15 item 7): the checklist's green line, the
open 入札前チェック following edits and files, multi-line メモ, text dropped from a browser,
the first-start welcome, 和暦 shown back as 和暦, the courts' wording."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton
from pytestqt.qtbot import QtBot
from window_support import open_window

from biddesk.domain.edits import operations
from biddesk.domain.models import DocStatus, OutcomeResult
from biddesk.gui import palette
from biddesk.gui.fields import DateField
from biddesk.gui.main_window import MainWindow
from biddesk.gui.palette import Role
from biddesk.gui.welcome import WELCOME, show_welcome


def show(window: MainWindow, bid_id: str) -> None:
    window.show_bid(bid_id, window.document.state.bids[bid_id].property)


def test_all_papers_in_hand_is_not_green_while_an_error_stands(demo_window: MainWindow) -> None:
    document = demo_window.document
    show(demo_window, "x1")
    tab = demo_window.detail.checklist_tab
    for number in range(len(tab.rows)):  # every paper 確認済
        combo = tab.status_combo(number)
        combo.setCurrentIndex(combo.findData(DocStatus.CHECKED.value))
    bid = document.state.bids["x1"]
    document.apply(operations.put_bid(replace(bid, amount=1_000)), "入札額")  # below minimum
    text = tab.summary.text()
    good = palette.name(Role.GOOD)
    assert "重大な指摘が" in text and good not in text
    assert "そろっています" not in text
    document.apply(operations.put_bid(bid), "入札額")  # near miss: no error left
    errors = [f for f in tab.findings_model.all() if f.severity.value == "error"]
    assert errors == [] and good in tab.summary.text() and "そろっています" in tab.summary.text()


def test_the_open_precheck_follows_another_file(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    demo_window.precheck_dialog()
    dialog = demo_window.precheck
    assert dialog is not None and dialog.findings
    empty = tmp_path / "empty.biddesk"
    open_window(qtbot, empty).close()
    assert demo_window.open_path(empty)
    assert dialog.document is demo_window.document
    assert dialog.findings == [] and "指摘はありません" in dialog.summary.text()
    demo_window.precheck_dialog()  # F5 again: the same dialog, checked again
    assert demo_window.precheck is dialog


def test_notes_take_several_lines(demo_window: MainWindow) -> None:
    show(demo_window, "x1")
    note = demo_window.detail.bid_tab.note
    assert isinstance(note, QPlainTextEdit) and note.tabChangesFocus()
    note.setText("1行目\n2行目")
    note.editingFinished.emit()
    assert demo_window.document.state.bids["x1"].note == "1行目\n2行目"
    prop_note = demo_window.detail.property_tab.note
    prop_note.setText("現況調査: 占有者あり\n要確認")
    prop_note.editingFinished.emit()
    prop_id = demo_window.document.state.bids["x1"].property
    assert demo_window.document.state.properties[prop_id].note == "現況調査: 占有者あり\n要確認"


def test_text_dropped_from_a_browser_opens_the_paste_preview(
    demo_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(demo_window, "paste_dialog", lambda text="": opened.append(text))
    mime = QMimeData()
    mime.setText("札幌地裁 本庁 R7(ケ)77 物件1 基準価額 1234万円")
    mime.setHtml("<b>札幌地裁</b> …")
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    demo_window.dropEvent(event)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened == ["札幌地裁 本庁 R7(ケ)77 物件1 基準価額 1234万円"]
    assert event.isAccepted()


def test_the_first_start_welcome_says_demo_and_how_to_begin(demo_window: MainWindow) -> None:
    bar = show_welcome(demo_window)
    labels = [w.text() for w in bar.findChildren(QLabel)]
    assert WELCOME in labels
    assert "デモ" in WELCOME and "新規" in WELCOME and "貼り付けて追加" in WELCOME
    (close,) = [b for b in bar.findChildren(QPushButton) if b.text() == "閉じる"]
    close.click()
    assert not bar.isVisible()


def test_wareki_typed_is_shown_back_as_wareki(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.edit.setText("R8.12.9")
    field.edit.textEdited.emit("R8.12.9")
    assert field.value() is not None
    field.set_value(field.value())
    assert field.edit.text() == "令和8年12月9日"
    assert field.hint.text() == "令和8年12月9日(水)"


def test_the_courts_wording_for_an_unpaid_win() -> None:
    assert OutcomeResult.FORFEITED.label == "保証金が返還されない"


def test_a_file_that_cannot_be_read_is_said_in_japanese(
    demo_window: MainWindow, dialogs: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "公告.txt"  # a folder where a file was expected: EISDIR
    folder.mkdir()
    demo_window.import_paths([folder])
    (message,) = dialogs.warnings
    assert message == "ファイルを読めません(ファイルではなくフォルダです): 公告.txt"
    assert not any(c.isascii() and c.isalpha() for c in message.replace("txt", ""))


def test_os_read_reason_speaks_of_reading() -> None:
    import errno

    from biddesk.domain.errors import os_read_reason

    assert os_read_reason(PermissionError(errno.EACCES, "Permission denied")).startswith("読む権限")
    assert os_read_reason(OSError(errno.ENOSPC, "No space left")) == "ディスクの空きが足りません"
    assert (
        os_read_reason(FileNotFoundError(errno.ENOENT, "x")) == "ファイルかフォルダが見つかりません"
    )


def test_no_english_button_in_the_dialogs_touched(demo_window: MainWindow, qtbot: QtBot) -> None:
    """Item 2 of the issue: Qt's own buttons are translated (はい/いいえ, キャンセル), and ours
    are written in Japanese."""
    from PySide6.QtWidgets import QAbstractButton, QMessageBox

    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog
    from biddesk.gui.dialogs.paste_dialog import PasteDialog
    from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog

    box = QMessageBox(QMessageBox.Icon.Question, "入札を削除", "削除しますか?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    widgets = [
        box,
        PasteDialog(demo_window, ""),
        PrecheckDialog(demo_window.document, demo_window.today, demo_window),
        BiddersDialog(demo_window.document, demo_window),
        demo_window.detail,
        show_welcome(demo_window),
    ]
    for widget in widgets:
        for button in widget.findChildren(QAbstractButton):
            # a mnemonic is Latin in Japanese too: はい(&Y)
            text = re.sub(r"\(&?[A-Z]\)", "", button.text()).replace("&", "")
            if text and not text.isdigit():
                assert not any("a" <= c.lower() <= "z" for c in text), (widget, text)
    assert {re.sub(r"\(&?[A-Z]\)", "", b.text()) for b in box.buttons()} == {"はい", "いいえ"}
