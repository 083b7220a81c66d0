"""A page that follows the open document but recomputes only while it is shown.

資金繰り, 返還管理 and 市場 are hidden most of the time: an edit only marks them due
(``schedule``); they recompute when shown, and while shown ``debounce_ms`` after the last
edit (0: at once), so typing an amount does not redraw a chart per keystroke."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QWidget

from biddesk.gui.document import PortfolioDocument


class LivePage(QWidget):
    def __init__(
        self, document: PortfolioDocument, debounce_ms: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self._dirty = True
        self._debounce_ms = debounce_ms
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.refresh)
        document.changed.connect(self.schedule)

    @property
    def pending(self) -> bool:
        """A recomputation is due (debounced, or waiting for the page to be shown)."""
        return self._dirty

    def set_document(self, document: PortfolioDocument) -> None:
        self.document.changed.disconnect(self.schedule)
        self.document = document
        document.changed.connect(self.schedule)
        self.schedule()

    def schedule(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible():
            self._start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._start()

    def _start(self) -> None:
        if self._debounce_ms:
            self._timer.start()
        else:
            self.refresh()

    def refreshing(self) -> None:
        """Called first by ``refresh``: nothing is due any more."""
        self._timer.stop()
        self._dirty = False

    def refresh(self) -> None:
        raise NotImplementedError
