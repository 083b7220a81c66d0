"""出力 from the window: written in a worker, nothing partial when cancelled."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from gui.export_runner import ExportKind
from gui.main_window import MainWindow


def finish(window: MainWindow, qtbot) -> None:
    window.exporter.wait(120)
    qtbot.waitUntil(lambda: not window.exporter.busy, timeout=10_000)


def test_workbook_export_runs_in_background_and_offers_to_open(
    demo_window: MainWindow, qtbot, tmp_path: Path, dialogs, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(
        "gui.export_runner.QDesktopServices.openUrl", lambda url: opened.append(url.toLocalFile())
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


def test_cancelled_export_leaves_no_file(demo_window: MainWindow, qtbot, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    target = folder / "report.pdf"
    demo_window.export_to(ExportKind.REPORT, target)
    demo_window.exporter.cancel()  # the user presses キャンセル before it ends
    finish(demo_window, qtbot)
    assert not target.exists()
    assert list(folder.iterdir()) == [], "no temporary file is left behind"


def test_failed_export_says_why_and_leaves_nothing(
    demo_window: MainWindow, qtbot, tmp_path: Path, dialogs
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "out.ics"  # a file stands where the folder should be
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    assert dialogs.warnings, "the user was told"
    assert not target.exists()


def test_calendar_export(demo_window: MainWindow, qtbot, tmp_path: Path, dialogs) -> None:
    dialogs.answer = dialogs.answer.No
    target = tmp_path / "deadlines.ics"
    with qtbot.waitSignal(demo_window.exporter.finished, timeout=60_000):
        demo_window.export_to(ExportKind.CALENDAR, target)
    text = target.read_text(encoding="utf-8")
    assert text.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in text
