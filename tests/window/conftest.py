"""GUI test fixtures: an isolated QSettings, a fixed today, and the real main window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from window_support import TODAY, Dialogs, open_window

from biddesk.gui.app import make_application
from biddesk.gui.demo import create_demo
from biddesk.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: object) -> Iterator[None]:
    QStandardPaths.setTestModeEnabled(True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "ini"))
    make_application()
    yield


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    record = Dialogs()

    def question(_parent: object, _title: str, text: str, *args: object) -> object:
        record.questions.append(text)
        return record.answer

    def recorder(store: list[str]) -> object:
        def show(_parent: object, _title: str, text: str, *args: object) -> object:
            store.append(text)
            return QMessageBox.StandardButton.Ok

        return show

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QMessageBox, "warning", recorder(record.warnings))
    monkeypatch.setattr(QMessageBox, "critical", recorder(record.warnings))
    monkeypatch.setattr(QMessageBox, "information", recorder(record.informations))
    return record


@pytest.fixture
def empty_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path / "empty.biddesk")


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    return open_window(qtbot, path)
