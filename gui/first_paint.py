"""Read the rest of a lines-first document once the table has been painted.

The window opens a large portfolio by showing its table lines (one query) and reads the
whole portfolio only after the table's first paint, so the user sees the file at once;
nothing can act on the document in between (anything that needs it reads it first).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from biddesk.domain.storage.store import StoreError
from biddesk.gui.document import PortfolioDocument


class FirstPaint(QObject):
    """Watches ``surface`` for its first paint, then finishes loading the armed document.

    ``painted`` is emitted when the event loop is back after that paint (the picture is
    on the screen): the moment the benchmark and the tests measure start-up by."""

    painted = Signal()

    def __init__(self, surface: QWidget, failed: Callable[[str], None]) -> None:
        super().__init__(surface)
        self._surface = surface
        self._failed = failed
        self._document: PortfolioDocument | None = None

    def arm(self, document: PortfolioDocument) -> None:
        if self._document is None:
            self._surface.installEventFilter(self)
        self._document = document

    def disarm(self) -> None:
        """Forget the armed document (replaced by one already read, or closed)."""
        if self._document is not None:
            self._surface.removeEventFilter(self)
        self._document = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._document is not None:
            self._surface.removeEventFilter(self)
            QTimer.singleShot(0, self, self._after_paint)
        return False

    def _after_paint(self) -> None:
        document, self._document = self._document, None
        self.painted.emit()
        if document is None or document.store.closed:  # closed (or replaced) meanwhile
            return
        try:
            document.finish_loading()
        except StoreError as error:
            self._failed(str(error))
