"""The open portfolio: its store, an in-memory copy, and the one mutation path.

Every edit is a ``Change`` pushed on the undo stack as a ``ChangeCommand``; the command
writes it to the store in one transaction and then updates the in-memory copy, so the
window never shows anything that is not on disk.
"""

from __future__ import annotations

import gc
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from biddesk.domain.edits.change import Change, PortfolioState, inverse_of
from biddesk.domain.models import Portfolio
from biddesk.domain.storage.store import PortfolioStore, StoreError


class ChangeCommand(QUndoCommand):
    """An edit already written by ``PortfolioDocument.apply``; undo/redo rewrite it."""

    def __init__(self, document: PortfolioDocument, change: Change, inverse: Change, text: str):
        super().__init__(text)
        self._document = document
        self._change = change
        self._inverse = inverse
        self._written = True  # apply() wrote it before pushing

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._document.write_or_report(self._change)

    def undo(self) -> None:
        self._document.write_or_report(self._inverse)


class PortfolioDocument(QObject):
    """An open portfolio file. ``changed`` carries the change just written."""

    changed = Signal(object)
    failed = Signal(str)  # an undo/redo could not be written: one sentence for the user

    def __init__(self, store: PortfolioStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self.state = PortfolioState()
        self._portfolio: Portfolio | None = None
        try:
            self.reload()
        except StoreError:
            store.close()  # a file that cannot be shown is not kept locked either
            raise

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    @property
    def read_only(self) -> bool:
        return bool(self.store.read_only)

    def reload(self) -> None:
        portfolio = self.store.load()
        self.state = PortfolioState.of(portfolio)
        self._portfolio = portfolio
        # A large portfolio is hundreds of thousands of long-lived objects: keep the cyclic
        # garbage collector from walking them on every collection (they are acyclic values,
        # freed by reference counting when replaced).
        gc.freeze()

    def portfolio(self) -> Portfolio:
        """The whole portfolio as values (rebuilt once per change)."""
        if self._portfolio is None:
            self._portfolio = self.state.portfolio()
        return self._portfolio

    def new_id(self, prefix: str) -> str:
        return str(self.store.new_id(prefix))

    def apply(self, change: Change, text: str) -> None:
        """Make an undoable edit. It is written first, and pushed on the undo stack only
        once it is on disk; a failure raises ``StoreError`` and changes nothing."""
        inverse = inverse_of(change, self.state)
        self.write(change)
        self.undo_stack.push(ChangeCommand(self, change, inverse, text))

    def write_or_report(self, change: Change) -> None:
        """Undo/redo cannot raise through Qt: on failure keep the file as it is, drop the
        history that no longer matches it, and tell the window."""
        try:
            self.write(change)
        except StoreError as error:
            self.failed.emit(str(error))
            QTimer.singleShot(0, self.undo_stack.clear)

    def write(self, change: Change) -> None:
        """Write ``change`` in one transaction, then mirror it in memory."""
        self.store.apply(change)
        self.state.apply(change)
        self._portfolio = None
        self.changed.emit(change)

    def close(self) -> None:
        self.store.close()
