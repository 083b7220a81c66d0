"""出力 → カレンダーの通知… and 封筒チェックリスト from the window (issue 18 items 4 and 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from biddesk.gui import user_settings
from biddesk.gui.dialogs.reminders_dialog import RemindersDialog
from biddesk.gui.export_runner import ExportKind
from biddesk.gui.main_window import MainWindow


def test_the_reminder_days_are_the_users_and_reach_the_calendar(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Any
) -> None:
    assert demo_window.reminders_action in demo_window.export_menu.actions()
    dialog = RemindersDialog(demo_window.settings, demo_window)
    qtbot.addWidget(dialog)
    assert dialog.days.text() == "14,7,3,1"  # the default
    dialog.days.setText("十日")
    assert "カンマ区切り" in dialog.errors.text()
    dialog.accept()  # refused: nothing saved
    assert user_settings.reminder_days(QSettings()) == (14, 7, 3, 1)
    dialog.days.setText("10, 2")
    assert dialog.preview.text() == "期限の 10日前・2日前(9時)"
    dialog.accept()
    assert user_settings.reminder_days(QSettings()) == (10, 2)

    dialogs.answer = dialogs.answer.No
    target = tmp_path / "期限.ics"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    text = target.read_text(encoding="utf-8")
    assert "TRIGGER:-P9DT15H" in text and "TRIGGER:-P1DT15H" in text
    assert "TRIGGER:-P13DT15H" not in text


def test_no_reminder_is_kept_as_none_not_as_the_default(demo_window: MainWindow) -> None:
    user_settings.set_reminder_days(demo_window.settings, ())
    assert user_settings.reminder_days(QSettings()) == ()


def test_envelope_checklists_from_the_export_menu(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Any
) -> None:
    dialogs.answer = dialogs.answer.No
    labels = [a.text() for a in demo_window.export_menu.actions()]
    assert "封筒チェックリスト(郵送する入札, .pdf)…" in labels
    target = tmp_path / "封筒.pdf"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000) as signal:
        demo_window.export_to(ExportKind.ENVELOPES, target)
    summary, error = signal.args
    assert error == "" and "封筒チェックリストを出力しました" in summary
    text = PdfReader(target).pages[0].extract_text()
    assert "白封筒" in text and "外封筒" in text
