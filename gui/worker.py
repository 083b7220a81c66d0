"""One helper for long work off the GUI thread: progress, and a Cancel that really stops.

``Worker.start(work, done)`` runs ``work(progress)`` on a thread. The work calls
``progress(done, total)`` often (domain.progress: per bid, per row, per page); the callback
relays the figures to the GUI thread (``progressed``, at most every PROGRESS_INTERVAL) and,
once ``cancel()`` was called, raises ``domain.progress.Cancelled``: the work unwinds within
one step, cleaning up on its way (an export's staging removes what it wrote). ``done`` is
called on the GUI thread with the ``Outcome`` once the thread has ended.

Used by the exports (gui.export_runner) and the 入札前チェック of a large portfolio
(gui.dialogs.precheck_dialog). The threads' news travels through one relay object that is
never deleted, so a thread that ends after its window was closed emits on a live object;
a Worker deleted meanwhile is no longer connected and its jobs' outcomes are dropped.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from biddesk.domain.progress import Cancelled, Progress

T = TypeVar("T")

PROGRESS_INTERVAL = 0.1  # seconds between progress signals: the work may report 100,000 steps


@dataclass(frozen=True, kw_only=True)
class Outcome(Generic[T]):
    """How a job ended: its ``value``, or the ``error`` it raised (not Cancelled).
    ``cancelled``: cancel() was called for it before this outcome was delivered;
    ``finished`` then says whether the work had ended anyway (``value`` is its result)."""

    value: T | None = None
    error: Exception | None = None
    finished: bool = False
    cancelled: bool = False


@dataclass(eq=False)
class _Job:
    number: int
    done: Callable[[Outcome[Any]], None]
    stop: threading.Event = field(default_factory=threading.Event)
    last_report: float = 0.0
    thread: threading.Thread | None = None


class _Relay(QObject):
    """Carries every worker thread's news to the GUI thread (queued signals)."""

    progress = Signal(int, int, int)  # job number, done, total (0: not known yet)
    ended = Signal(int, object)  # job number, Outcome


_relay: _Relay | None = None
_numbers = itertools.count(1)
_live: set[threading.Thread] = set()  # every worker's running threads
_live_guard = threading.Lock()


def _the_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
    return _relay


def wait_for_all(timeout: float | None = None) -> None:
    """Block until every worker's threads have ended (tests: no worker outlives its test)."""
    with _live_guard:
        threads = list(_live)
    for thread in threads:
        thread.join(timeout)


class Worker(QObject):
    """Runs jobs on threads; ``progressed(done, total)`` is the current job's progress."""

    progressed = Signal(int, int)

    def __init__(self, parent: QObject | None = None, *, name: str = "biddesk-worker") -> None:
        super().__init__(parent)
        self._name = name
        self._jobs: dict[int, _Job] = {}  # started, not yet ended
        self._current: _Job | None = None
        relay = _the_relay()
        relay.progress.connect(self._progress)
        relay.ended.connect(self._ended)

    @property
    def busy(self) -> bool:
        """A thread of this worker is still running (a cancelled one until it stopped)."""
        return bool(self._jobs)

    @property
    def running(self) -> bool:
        """The current job runs and was not cancelled: its result is on its way."""
        return self._current is not None and not self._current.stop.is_set()

    def start(self, work: Callable[[Progress], T], done: Callable[[Outcome[T]], None]) -> None:
        """Run ``work`` on a new thread; ``done`` gets its Outcome on the GUI thread."""
        job = _Job(number=next(_numbers), done=done)
        job.thread = threading.Thread(
            target=self._run, args=(job, work), name=self._name, daemon=True
        )
        self._jobs[job.number] = job
        self._current = job
        with _live_guard:
            _live.add(job.thread)
        job.thread.start()

    def cancel(self) -> None:
        """Stop the current job: it ends at its next step (its Outcome says cancelled)."""
        if self._current is not None:
            self._current.stop.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until every thread of this worker has ended (tests, quitting)."""
        for job in list(self._jobs.values()):
            if job.thread is not None:
                job.thread.join(timeout)

    # --- the worker thread ------------------------------------------------------------
    @staticmethod
    def _run(job: _Job, work: Callable[[Progress], object]) -> None:
        relay = _the_relay()

        def progress(done: int, total: int) -> None:
            if job.stop.is_set():
                raise Cancelled
            now = time.monotonic()
            if now - job.last_report >= PROGRESS_INTERVAL:
                job.last_report = now
                relay.progress.emit(job.number, done, total)

        outcome: Outcome[object]
        try:
            value = work(progress)
            outcome = Outcome(value=value, finished=True)
        except Cancelled:
            outcome = Outcome(cancelled=True)
        except Exception as error:  # handed to ``done`` on the GUI thread
            outcome = Outcome(error=error)
        relay.ended.emit(job.number, outcome)
        with _live_guard:
            _live.discard(threading.current_thread())

    # --- the GUI thread -----------------------------------------------------------------
    @Slot(int, int, int)
    def _progress(self, number: int, done: int, total: int) -> None:
        if self._current is not None and self._current.number == number and self.running:
            self.progressed.emit(done, total)

    @Slot(int, object)
    def _ended(self, number: int, outcome: Outcome[object]) -> None:
        job = self._jobs.pop(number, None)
        if job is None:
            return  # another worker's job
        if self._current is job:
            self._current = None
        # Read here, where cancel() is called: a cancel after the work ended but before
        # this delivery still counts.
        job.done(replace(outcome, cancelled=outcome.cancelled or job.stop.is_set()))
