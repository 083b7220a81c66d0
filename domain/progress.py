"""Progress and cancellation of long work: exports, the 入札前チェック of a large portfolio.

Long work takes ``progress: Progress`` and calls it often (per bid, per row, per PDF page)
with the steps done so far and the total (0 when not known yet). The window's callback
(gui.worker) shows the figures and raises ``Cancelled`` once the user pressed キャンセル /
中止: the exception unwinds through the work, which cleans up on its way out (an export's
staging removes every temporary file), so a cancel takes effect within one step.
"""

from __future__ import annotations

from typing import Protocol


class Cancelled(Exception):
    """The user cancelled the work; raised from inside a ``Progress`` callback."""


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None:
        """``done`` steps of ``total`` are finished; may raise Cancelled."""


def no_progress(done: int, total: int) -> None:
    """The default for callers that show no progress (the command line, tests)."""
