"""出力 from the window: written in a worker, nothing partial when cancelled."""

from __future__ import annotations

import errno
import time
from pathlib import Path

import pytest
from export_support import large_portfolio_file
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot
from window_support import Dialogs, open_window

from biddesk.gui.export_runner import ExportKind
from biddesk.gui.main_window import MainWindow


def finish(window: MainWindow, qtbot: QtBot) -> None:
    window.exporter.wait(120)
    qtbot.waitUntil(lambda: not window.exporter.busy, timeout=10_000)


def test_workbook_export_runs_in_background_and_offers_to_open(
    demo_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "biddesk.gui.export_runner.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()),
    )
    target = tmp_path / "out.xlsx"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=120_000) as signal:
        demo_window.export_to(ExportKind.WORKBOOK, target)
    summary, error = signal.args
    assert error == ""
    assert "Excelブック" in summary
    workbook = load_workbook(target)
    assert "物件一覧" in workbook.sheetnames
    assert dialogs.questions and "開きますか" in dialogs.questions[-1]
    assert opened == [str(target)]


def test_cancelled_export_leaves_no_file(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "report.pdf"
    demo_window.export_to(ExportKind.REPORT, target)
    demo_window.exporter.cancel()  # the user presses キャンセル before it ends
    finish(demo_window, qtbot)
    assert not target.exists()
    assert list(folder.iterdir()) == [], "no temporary file is left behind"


def test_failed_export_says_why_and_leaves_nothing(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.ics"  # a file stands where the folder should be
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    assert dialogs.warnings, "the user was told"
    assert not target.exists()


def test_calendar_export(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    dialogs.answer = dialogs.answer.No
    target = tmp_path / "deadlines.ics"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in text


# --- issue 12: the save dialogs, cancel, failures --------------------------------------


def answers(monkeypatch: pytest.MonkeyPatch, dialog: str, *picks: str) -> list[str]:
    """QFileDialog.<dialog> returns ``picks`` one after the other; records each start path."""
    asked: list[str] = []
    queue = list(picks)

    def pick(_parent: object, _title: str, start: str, *args: object) -> str | tuple[str, str]:
        asked.append(start)
        name = queue.pop(0) if queue else ""
        return name if dialog == "getExistingDirectory" else (name, "")

    monkeypatch.setattr(f"PySide6.QtWidgets.QFileDialog.{dialog}", pick)
    return asked


def test_the_save_dialog_refuses_the_portfolio_and_asks_again(
    demo_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    portfolio = demo_window.document.path
    before = portfolio.read_bytes()
    good = tmp_path / "book.xlsx"
    asked = answers(monkeypatch, "getSaveFileName", str(portfolio), f"{portfolio}-wal", str(good))
    dialogs.answer = dialogs.answer.No  # do not open the result
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=120_000) as signal:
        demo_window.export(ExportKind.WORKBOOK)
    assert len(asked) == 3, "asked again after each refusal"
    assert "ポートフォリオファイルそのもの" in dialogs.warnings[0]
    assert "作業用ファイル" in dialogs.warnings[1]
    assert signal.args[1] == "" and load_workbook(good)
    assert portfolio.read_bytes() == before


def test_cancelling_the_save_dialog_exports_nothing(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers(monkeypatch, "getSaveFileName", str(demo_window.document.path))
    demo_window.export(ExportKind.REPORT)  # refused, then the user gives up
    assert len(dialogs.warnings) == 1
    assert not demo_window.exporter.busy


def test_the_portfolio_s_folder_gets_a_forms_folder_of_its_own(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = demo_window.document.path.parent
    answers(monkeypatch, "getExistingDirectory", str(folder))
    dialogs.answer = dialogs.answer.No
    before = sorted(p.name for p in folder.iterdir())
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=120_000) as signal:
        demo_window.export(ExportKind.FORMS)
    assert signal.args[1] == ""
    written = folder / "demo_記入控え"
    assert str(written) in signal.args[0]
    assert sorted(p.name for p in folder.iterdir()) == sorted([*before, written.name])
    assert list(written.glob("*/*.pdf"))


def test_a_folder_of_the_user_gets_a_forms_folder_inside_and_keeps_its_files(
    demo_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("x", encoding="utf-8")
    asked = answers(monkeypatch, "getExistingDirectory", str(mine))
    dialogs.answer = dialogs.answer.No
    demo_window.export(ExportKind.FORMS)
    finish(demo_window, qtbot)
    assert asked and (mine / "demo_記入控え").is_dir()
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "x"


@pytest.fixture
def large_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, large_portfolio_file(tmp_path / "large.biddesk", 2_000))


@pytest.mark.parametrize(
    ("kind", "name", "past", "after"),
    [
        (ExportKind.WORKBOOK, "big.xlsx", 0.6, 2.0),  # saving: most of a workbook's time
        (ExportKind.REPORT, "big.pdf", 0.1, 0.5),
        (ExportKind.FORMS, "f", 0.0, 2.0),
    ],
)
def test_cancel_stops_a_large_export_at_once_and_leaves_nothing(
    large_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    kind: ExportKind,
    name: str,
    past: float,
    after: float,
) -> None:
    import openpyxl.worksheet._writer as sheet_writer

    folder = tmp_path / "exports"
    folder.mkdir()
    reports: list[tuple[int, int]] = []
    large_window.exporter.worker.progressed.connect(
        lambda done, total: reports.append((done, total))
    )
    started = time.monotonic()
    large_window.export_to(kind, folder / name)

    # Well into the work (a workbook is saving by then): the dialog has shown progress.
    def well_into_it() -> bool:
        done, total = reports[-1] if reports else (0, 0)
        return time.monotonic() - started > after and done > 0 and done >= past * total

    qtbot.waitUntil(well_into_it, timeout=120_000)
    dialog = large_window.exporter.progress
    assert large_window.exporter.busy and dialog is not None and dialog.isVisible()
    assert 0 < dialog.value() < dialog.maximum()  # the bar moves
    cancelled = time.monotonic()
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # キャンセル
    qtbot.waitUntil(lambda: not large_window.exporter.busy, timeout=3_000)
    stopped = time.monotonic() - cancelled
    print(f"{kind.value}: at {reports[-1]}, stopped {stopped:.2f} s after キャンセル")
    assert list(folder.iterdir()) == [], "no file and no temporary file"
    assert sheet_writer.ALL_TEMP_FILES == [], "no sheet XML left in the system's temp folder"
    assert "キャンセル" in large_window.statusBar().currentMessage()


def test_an_unexpected_failure_logs_where_but_no_names_or_paths(
    demo_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import biddesk.forms.workbook

    secret = tmp_path / "山田太郎の口座.xlsx"

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError(f"山田太郎 1234567 {secret}")

    monkeypatch.setattr(biddesk.forms.workbook, "write_workbook", broken)
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000) as signal:
        demo_window.export_to(ExportKind.WORKBOOK, secret)
    assert signal.args[1] == "出力できませんでした(ValueError)。"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "ValueError" in logged and "test_export_menu.py" in logged  # where it happened
    assert "山田" not in logged and "1234567" not in logged and str(tmp_path) not in logged
    assert not any(r.exc_info for r in caplog.records), "no traceback with the message"


def test_a_full_disk_in_the_window_says_so(
    demo_window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    target = tmp_path / "deadlines.ics"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    assert dialogs.warnings == [f"出力できませんでした(ディスクの空きが足りません): {target}"]
    assert list(tmp_path.glob("*deadlines*")) == []
