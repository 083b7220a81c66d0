"""Read the rest of a lines-first document once the table has been painted.

The window opens a large portfolio by showing its table lines (one query) and reads the
whole portfolio only after the table's first paint, so the user sees the file at once;
nothing can act on the document in between (anything that needs it reads it first). A
table that is not painted (its pane collapsed by a saved layout) does not stop it: the
portfolio is read FALLBACK_MS after the window is shown in any case.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from biddesk.domain.storage.store import StoreError
from biddesk.gui.document import PortfolioDocument

FALLBACK_MS = 300


class FirstPaint(QObject):
    """Watches ``surface`` for its first paint, then finishes loading the armed document.

    ``painted`` is emitted when the event loop is back after that paint (the picture is
    on the screen), or after the fallback: the moment the benchmark and the tests measure
    start-up by. A failure to read is the document's to report (``load_failed``)."""

    painted = Signal()

    def __init__(self, surface: QWidget) -> None:
        super().__init__(surface)
        self._surface = surface
        self._document: PortfolioDocument | None = None
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.setInterval(FALLBACK_MS)
        self._fallback.timeout.connect(self._after_paint)

    def arm(self, document: PortfolioDocument) -> None:
        if self._document is None:
            self._surface.installEventFilter(self)
            self._surface.window().installEventFilter(self)
        self._document = document
        if self._surface.window().isVisible():
            self._fallback.start()

    def disarm(self) -> None:
        """Forget the armed document (replaced by one already read, or closed)."""
        if self._document is not None:
            self._surface.removeEventFilter(self)
            self._surface.window().removeEventFilter(self)
        self._fallback.stop()
        self._document = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._document is None:
            return False
        if watched is self._surface and event.type() == QEvent.Type.Paint:
            self._surface.removeEventFilter(self)
            self._surface.window().removeEventFilter(self)
            self._fallback.stop()
            QTimer.singleShot(0, self, self._after_paint)
        elif watched is self._surface.window() and event.type() == QEvent.Type.Show:
            self._fallback.start()
        return False

    def _after_paint(self) -> None:
        document = self._document
        self.disarm()
        self.painted.emit()
        if document is None or document.store.closed:  # closed (or replaced) meanwhile
            return
        # Reported by the document (load_failed): the window says so and closes.
        try:
            document.finish_loading()
        except StoreError:
            return
