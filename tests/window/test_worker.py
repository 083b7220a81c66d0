"""gui.worker.Worker: the work runs off the GUI thread, its progress comes back, and a
cancel stops it at its next step (the exports and the 入札前チェック use it)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from window_support import TODAY

from biddesk.domain.progress import Progress
from biddesk.domain.rules import checks
from biddesk.domain.rules.registry import Finding
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.worker import Outcome, Worker, wait_for_all


@pytest.fixture
def document(tmp_path: Path, qapp: QApplication) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    opened = PortfolioDocument(PortfolioStore.open(path))
    yield opened
    wait_for_all(30)
    opened.close()


class Recorder:
    def __init__(self) -> None:
        self.outcomes: list[Outcome[int]] = []

    def __call__(self, outcome: Outcome[int]) -> None:
        self.outcomes.append(outcome)


def test_the_result_comes_back_on_the_gui_thread(qtbot: QtBot, qapp: QApplication) -> None:
    worker = Worker()
    record = Recorder()
    threads: list[threading.Thread] = []

    def work(progress: Progress) -> int:
        threads.append(threading.current_thread())
        progress(1, 1)
        return 42

    worker.start(work, record)
    assert worker.busy and worker.running
    qtbot.waitUntil(lambda: bool(record.outcomes), timeout=10_000)
    (outcome,) = record.outcomes
    assert outcome == Outcome(value=42, finished=True)
    assert threads != [threading.main_thread()]
    assert not worker.busy and not worker.running


def test_progress_is_relayed(qtbot: QtBot, qapp: QApplication) -> None:
    worker = Worker()
    record = Recorder()
    seen: list[tuple[int, int]] = []
    worker.progressed.connect(lambda done, total: seen.append((done, total)))

    def work(progress: Progress) -> int:
        progress(3, 7)
        return 0

    worker.start(work, record)
    qtbot.waitUntil(lambda: bool(record.outcomes), timeout=10_000)
    assert seen == [(3, 7)]  # the first report always goes out


def test_an_error_is_handed_over_not_raised(qtbot: QtBot, qapp: QApplication) -> None:
    worker = Worker()
    record = Recorder()

    def work(progress: Progress) -> int:
        raise ValueError("壊れた")

    worker.start(work, record)
    qtbot.waitUntil(lambda: bool(record.outcomes), timeout=10_000)
    (outcome,) = record.outcomes
    assert isinstance(outcome.error, ValueError) and not outcome.finished


def test_cancel_stops_the_work_at_its_next_step(qtbot: QtBot, qapp: QApplication) -> None:
    worker = Worker()
    record = Recorder()
    started, release = threading.Event(), threading.Event()
    steps: list[int] = []

    def work(progress: Progress) -> int:
        for step in range(1_000_000):
            progress(step, 1_000_000)
            steps.append(step)
            if step == 0:
                started.set()
                release.wait(10)
        return -1

    worker.start(work, record)
    assert started.wait(10)
    worker.cancel()
    assert not worker.running and worker.busy  # still ending
    release.set()
    worker.wait(10)
    qtbot.waitUntil(lambda: bool(record.outcomes), timeout=10_000)
    assert steps == [0]  # the step after the cancel raised Cancelled
    assert record.outcomes == [Outcome(cancelled=True)]
    assert not worker.busy


def test_work_that_ended_before_it_noticed_the_cancel_says_so(
    qtbot: QtBot, qapp: QApplication
) -> None:
    worker = Worker()
    record = Recorder()
    started, release = threading.Event(), threading.Event()

    def work(progress: Progress) -> int:
        started.set()
        release.wait(10)
        return 7  # no more steps: the cancel came too late

    worker.start(work, record)
    assert started.wait(10)
    worker.cancel()
    release.set()
    qtbot.waitUntil(lambda: bool(record.outcomes), timeout=10_000)
    assert record.outcomes == [Outcome(value=7, finished=True, cancelled=True)]


def test_precheck_cancel_stops_run_checks_at_the_next_bid(
    qtbot: QtBot, document: PortfolioDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    """中止 really stops the check: no bid after it is checked (was: the result dropped)."""
    checked: list[str] = []
    first, release = threading.Event(), threading.Event()
    real = checks._check_bid

    def slow_check(*args: Any) -> list[Finding]:
        checked.append(args[1].id)
        first.set()
        release.wait(10)
        return real(*args)

    monkeypatch.setattr(checks, "_check_bid", slow_check)
    monkeypatch.setattr(PrecheckDialog, "THREAD_THRESHOLD", 0)
    dialog = PrecheckDialog(document, TODAY)
    qtbot.addWidget(dialog)
    assert first.wait(10) and dialog.running
    dialog.cancel_button.click()
    release.set()
    dialog.worker.wait(10)
    QApplication.processEvents()
    assert len(checked) == 1 < len(document.state.bids)
    assert "中止" in dialog.summary.text() and not dialog.running and not dialog.worker.busy


def test_every_worker_thread_can_be_waited_for(qapp: QApplication) -> None:
    release = threading.Event()
    worker = Worker()
    worker.start(lambda progress: int(release.wait(10)), Recorder())
    release.set()
    wait_for_all(10)
    assert not [t for t in threading.enumerate() if t.name == "biddesk-worker"]
