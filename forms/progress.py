"""Progress and cancellation of long exports (issue 12 item 5): domain.progress.

Every exporter takes ``progress: Progress`` and calls it often — at least once per bid and
per PDF page — with the work done so far and the total (0 when not known yet). The window's
callback updates the progress dialog and raises ``ExportCancelled`` once the user pressed
キャンセル; the exception unwinds through the exporter, the staging removes every temporary
file, and nothing is left behind. So a Cancel takes effect within one step of work.
"""

from __future__ import annotations

from biddesk.domain.progress import Cancelled as ExportCancelled
from biddesk.domain.progress import Progress, no_progress

__all__ = ["ExportCancelled", "Progress", "no_progress"]
