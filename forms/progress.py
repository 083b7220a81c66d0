"""Progress and cancellation of long exports (issue 12 item 5).

Every exporter takes ``progress: Progress`` and calls it often — at least once per bid and
per PDF page — with the work done so far and the total (0 when not known yet). The window's
callback updates the progress dialog and raises ``ExportCancelled`` once the user pressed
キャンセル; the exception unwinds through the exporter, the staging removes every temporary
file, and nothing is left behind. So a Cancel takes effect within one step of work.
"""

from __future__ import annotations

from typing import Protocol


class ExportCancelled(Exception):
    """The user cancelled the export; raised from inside a ``Progress`` callback."""


class Progress(Protocol):
    def __call__(self, done: int, total: int) -> None:
        """``done`` steps of ``total`` are finished; may raise ExportCancelled."""


def no_progress(done: int, total: int) -> None:
    """The default for callers that show no progress (the command line, tests)."""
