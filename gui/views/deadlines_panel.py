"""今後の期限: the next dates across all bids (transfer days, send-by dates, certificate
expiries, openings, payments, refunds), soonest first, so nothing is missed.

The dates come from ``domain.schedule.deadlines.bid_deadlines`` per bid, kept in a
``DeadlinesCache`` so an edit recomputes only the bids it touched (``upcoming_deadlines`` over
10,000 bids takes about 0.35 s; the cached refresh after one edit takes a few milliseconds).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.schedule.deadlines import Deadline
from biddesk.domain.storage.store import Change
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.findings_cache import DeadlinesCache
from biddesk.gui.views.list_model import ListModel, bidder_name, property_title

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole

HORIZONS: tuple[tuple[str, int | None], ...] = (
    ("すべて", None),
    ("2週間以内", 14),
    ("1か月以内", 31),
    ("3か月以内", 92),
)
URGENT_DAYS = 3
SOON_DAYS = 7


class DeadlineColumn(IntEnum):
    DATE = 0
    REMAINING = 1
    KIND = 2
    PROPERTY = 3
    BIDDER = 4


HEADERS = ("日付", "残り", "種類", "物件", "入札人")


def remaining_text(days: int) -> str:
    if days == 0:
        return "今日"
    if days == 1:
        return "明日"
    return f"あと{days}日"


class DeadlinesModel(ListModel):
    headers = HEADERS

    def __init__(self, document: PortfolioDocument, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self._rows: list[Deadline] = []

    def set_deadlines(self, deadlines: list[Deadline]) -> None:
        self.beginResetModel()
        self._rows = deadlines
        self.endResetModel()

    def deadline(self, row: int) -> Deadline:
        return self._rows[row]

    def deadlines(self) -> list[Deadline]:
        return list(self._rows)

    def _items(self) -> Sequence[Any]:
        return self._rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        deadline = self._rows[index.row()]
        column = index.column()
        days = (deadline.date - self.today).days
        if role == Qt.ItemDataRole.DisplayRole:
            if column == DeadlineColumn.DATE:
                return format_wareki(deadline.date)
            if column == DeadlineColumn.REMAINING:
                return remaining_text(days)
            if column == DeadlineColumn.KIND:
                return deadline.label
            if column == DeadlineColumn.PROPERTY:
                return property_title(self.document, deadline.property)
            return bidder_name(self.document, deadline.bid)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (DeadlineColumn.DATE, DeadlineColumn.REMAINING):
                return deadline.date.isoformat()
            if column == DeadlineColumn.PROPERTY and deadline.property is not None:
                prop = self.document.state.properties.get(deadline.property)
                if prop is not None:
                    return "\n".join(x for x in (prop.court, prop.title, prop.address) if x)
            return deadline.label
        if role == Qt.ItemDataRole.ForegroundRole and column in (
            DeadlineColumn.DATE,
            DeadlineColumn.REMAINING,
        ):
            if days <= URGENT_DAYS:
                return palette.brush(Role.ERROR)
            if days <= SOON_DAYS:
                return palette.brush(Role.WARNING)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column == DeadlineColumn.REMAINING:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == SORT_ROLE:
            return deadline.date.isoformat()
        return None


FILL_SLICE = 400
"""Bids whose dates are computed per turn of the event loop (about 15 ms on the bench
machine); a portfolio with no more missing than this is shown at once."""
FILL_PAUSE_MS = 10
"""Between two slices: the window paints and takes input first."""
FILL_START_MS = 150
"""Before the first slice, counted from when the list is shown: the window's first paint
(tens of milliseconds at 10,000 bids) comes before any date is computed."""


class DeadlinesPanel(QWidget):
    """The list of upcoming dates; double-click a line to go to its bid."""

    activated = Signal(str, str)  # bid id, property id

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.cache = DeadlinesCache(document, today)
        self.model = DeadlinesModel(document, today, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(DeadlineColumn, (150, 78, 210, 190, 130), strict=True):
            self.view.setColumnWidth(column, width)
        self.view.activated.connect(self._activated)

        self.horizon = QComboBox()
        for label, days in HORIZONS:
            self.horizon.addItem(label, days)
        self.horizon.currentIndexChanged.connect(self.refresh)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("表示:"))
        top.addWidget(self.horizon)
        top.addStretch(1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        document.changed.connect(self._document_changed)
        document.loaded.connect(self._portfolio_read)
        # A large portfolio's dates are computed after the window's first paint, a slice per
        # turn of the event loop (the window stays usable); a small one's at once.
        self._filler = QTimer(self)
        self._filler.setSingleShot(True)
        self._filler.setInterval(FILL_PAUSE_MS)
        self._filler.timeout.connect(self._fill_slice)
        self.refresh()

    @property
    def filling(self) -> bool:
        """The dates are still being computed (the list is shown once they all are)."""
        return self._pending

    def _start_filling(self, pause_ms: int) -> None:
        """Fill only while the list is on screen: not before its first paint, and paused
        while it is hidden (a closed window or dock computes nothing)."""
        if self.isVisible() and not self._filler.isActive():
            self._filler.start(pause_ms)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._pending and self.document.is_loaded:
            self._start_filling(FILL_START_MS)

    def _portfolio_read(self) -> None:
        """The lines-first document has read its portfolio: the dates from FILL_START_MS on
        (a small portfolio's at once)."""
        self.refresh()
        if self._pending:
            self._filler.stop()
            self._start_filling(FILL_START_MS)

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._filler.stop()

    def _fill_slice(self) -> None:
        missing = self.cache.missing()
        self.cache.warm(missing[:FILL_SLICE])
        if len(missing) > FILL_SLICE:
            self._start_filling(FILL_PAUSE_MS)
            return
        self._pending = False
        self.refresh()

    def set_document(self, document: PortfolioDocument) -> None:
        with contextlib.suppress(RuntimeError, TypeError):  # the old one may be gone
            self.document.changed.disconnect(self._document_changed)
            self.document.loaded.disconnect(self._portfolio_read)
        self.document = document
        self.model.document = document
        self.cache.set_document(document)
        document.changed.connect(self._document_changed)
        document.loaded.connect(self._portfolio_read)
        self.refresh()

    def _document_changed(self, change: Change) -> None:
        self.cache.invalidate(change)
        self.refresh()

    _pending = False

    def refresh(self) -> None:
        """Show the dates within the chosen horizon, keeping the selected line if it remains."""
        # A portfolio not read yet is read after the window's first paint (then this again).
        loaded = self.document.is_loaded
        if not loaded or len(self.cache.missing()) > FILL_SLICE:
            self._pending = True
            self.count_label.setText("期限を計算しています…")
            if loaded:
                self._start_filling(FILL_PAUSE_MS)
            return
        self._pending = False
        current = self.view.currentIndex()
        kept = self.model.deadline(current.row()) if current.isValid() else None
        horizon = self.horizon.currentData()
        deadlines = self.cache.upcoming(horizon if isinstance(horizon, int) else None)
        self.model.set_deadlines(deadlines)
        if kept is not None and kept in deadlines:
            self.view.selectRow(deadlines.index(kept))
        if deadlines:
            self.count_label.setText(f"{len(deadlines)}件")
        else:
            self.count_label.setText("期限はありません")

    def _activated(self, index: QModelIndex) -> None:
        deadline = self.model.deadline(index.row())
        if deadline.bid is not None:
            self.activated.emit(deadline.bid, deadline.property or "")
