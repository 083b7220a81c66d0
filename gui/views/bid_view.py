"""What every tab about the selected bid shares: it follows the open document, saves each
edit of the bid as one undoable change, and reports what went wrong in one sentence."""

from __future__ import annotations

import contextlib
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change
from biddesk.domain.models import Bid, Property
from biddesk.domain.storage.store import StoreError
from biddesk.gui.document import PortfolioDocument


class BidView(QWidget):
    failed = Signal(str)

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.prop: Property | None = None
        self.bid: Bid | None = None
        document.changed.connect(self._document_changed)

    def set_document(self, document: PortfolioDocument) -> None:
        """Follow another open file (File > Open)."""
        with contextlib.suppress(RuntimeError, TypeError):  # the old one may be gone
            self.document.changed.disconnect(self._document_changed)
        self.document = document
        document.changed.connect(self._document_changed)
        self.show_bid(None, None)

    def show_bid(self, prop: Property | None, bid: Bid | None) -> None:
        raise NotImplementedError

    def _document_changed(self, change: Change) -> None:
        raise NotImplementedError

    def put_bid(self, bid: Bid, text: str) -> bool:
        """Save ``bid`` as one undoable edit; on failure say why and return False."""
        return self.apply(operations.put_bid(bid), text)

    def apply(self, change: Change, text: str) -> bool:
        """Make ``change`` as one undoable edit; on failure say why and return False."""
        try:
            self.document.apply(change, text)
        except StoreError as error:
            self.failed.emit(str(error))
            return False
        return True
