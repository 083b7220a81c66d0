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
from biddesk.domain.overview import LineFacts
from biddesk.domain.storage.store import LinesReading, PortfolioStore, StoreError


class LoadFailed(StoreError):
    """A lines-first document could not read its whole portfolio; ``load_failed`` has told
    the window, which said so and closed (the crash dialog only logs it)."""


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
    """An open portfolio file. ``changed`` carries the change just written.

    ``PortfolioDocument(store)`` reads the whole portfolio now. ``lines_first(store)`` reads
    only the table's lines (one query; ``lines`` waits for the file's integrity check and
    the rules of the values they show, running in a thread meanwhile) and the whole
    portfolio on ``finish_loading``, which the window calls after its first paint; anything
    that needs the portfolio before then (``portfolio()``, ``state``, ``apply``) reads it at
    once, so no caller can see a document that is not there."""

    changed = Signal(object)
    failed = Signal(str)  # an undo/redo could not be written: one sentence for the user
    loaded = Signal()  # a lines_first document has read the whole portfolio
    load_failed = Signal(str)  # … or could not: one sentence for the user

    def __init__(
        self, store: PortfolioStore, parent: QObject | None = None, *, defer: bool = False
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = QUndoStack(self)
        self._state = PortfolioState()
        self._portfolio: Portfolio | None = None
        self._pending = defer
        self._reading: LinesReading | None = None
        try:
            if defer:
                self._reading = store.start_reading_lines()
            else:
                self.reload()
        except StoreError:
            store.close()  # a file that cannot be shown is not kept locked either
            raise

    @property
    def lines(self) -> list[LineFacts]:
        """The table's lines of a lines_first document, once its rows passed their checks
        (which go on while the window builds itself); StoreError saying where one did not.
        [] once the whole portfolio is read."""
        if self._reading is None:
            return []
        try:
            return self._reading.result()
        except StoreError:
            self.store.close()
            raise

    @classmethod
    def lines_first(cls, store: PortfolioStore) -> PortfolioDocument:
        """A document that shows its table before it reads the whole portfolio."""
        return cls(store, defer=True)

    @property
    def is_loaded(self) -> bool:
        return not self._pending

    def finish_loading(self) -> None:
        """Read the whole portfolio, if not yet read (then ``loaded``). A file that cannot
        be read whole (a bad value in a column the lines do not show, or inside a JSON
        column) emits ``load_failed`` once, for the window to say so and close, and raises
        LoadFailed to whatever needed the portfolio."""
        if not self._pending:
            return
        try:
            lines = self._reading.result() if self._reading is not None else []
            self.reload()
        except StoreError as error:
            if not self._failed_once:
                self._failed_once = True
                self.load_failed.emit(str(error))
            raise LoadFailed(str(error)) from None
        self._pending = False
        self._reading = None
        self.lines_of_portfolio = lines if self.store.read_as_lines else None
        self.loaded.emit()
        self.lines_of_portfolio = None

    _failed_once = False
    lines_of_portfolio: list[LineFacts] | None = None
    """While ``loaded`` is emitted: the lines shown, when they are the portfolio's own (the
    file unchanged since), so the table need not work them out again."""

    @property
    def path(self) -> Path:
        return Path(self.store.path)

    @property
    def read_only(self) -> bool:
        return bool(self.store.read_only)

    @property
    def state(self) -> PortfolioState:
        """The portfolio as mutable maps, the base of every edit."""
        self.finish_loading()
        return self._state

    def reload(self) -> None:
        portfolio = self.store.load()
        self._state = PortfolioState.of(portfolio)
        self._portfolio = portfolio
        # A large portfolio is hundreds of thousands of long-lived objects: keep the cyclic
        # garbage collector from walking them on every collection (they are acyclic values,
        # freed by reference counting when replaced).
        gc.freeze()

    def portfolio(self) -> Portfolio:
        """The whole portfolio as values (rebuilt once per change)."""
        self.finish_loading()
        if self._portfolio is None:
            self._portfolio = self._state.portfolio()
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
        self.finish_loading()  # the copy in memory must be read before the change is written
        self.store.apply(change)
        self.state.apply(change)  # loads a lines_first document first
        self._portfolio = None
        self.changed.emit(change)

    def close(self) -> None:
        self.store.close()
