"""The portfolio table: QAbstractTableModel over overview rows + a filtering proxy.

Display strings are computed once per row and cached until that row changes, so
scrolling, sorting and filtering 10,000 rows never recompute figures.
``SORT_ROLE`` returns raw values (yen as int, dates as ISO strings) for sorting.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from domain.dates import format_wareki
from domain.models import Portfolio
from domain.money import format_yen
from domain.overview import OverviewRow, next_deadline, overview_rows, status_label

SORT_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    PROPERTY = 0
    COURT = 1
    KIND = 2
    PERIOD = 3
    BASE = 4
    MINIMUM = 5
    DEPOSIT = 6
    BID = 7
    BIDDER = 8
    STATUS = 9
    NEXT = 10
    FINDINGS = 11


HEADERS = {
    Column.PROPERTY: "物件",
    Column.COURT: "裁判所",
    Column.KIND: "種別",
    Column.PERIOD: "入札期間",
    Column.BASE: "売却基準価額",
    Column.MINIMUM: "買受可能価額",
    Column.DEPOSIT: "保証額",
    Column.BID: "入札額",
    Column.BIDDER: "入札人",
    Column.STATUS: "状態",
    Column.NEXT: "次の期限",
    Column.FINDINGS: "指摘",
}
MONEY_COLUMNS = {Column.BASE, Column.MINIMUM, Column.DEPOSIT, Column.BID}


@dataclass(frozen=True)
class _Cells:
    display: tuple[str, ...]
    sort: tuple[Any, ...]
    search: str
    status: str
    closed: bool


def short_date(day: date | None) -> str:
    return format_wareki(day, weekday=False, missing="")


def _cells(row: OverviewRow, portfolio: Portfolio, today: date, findings: int) -> _Cells:
    prop, bid = row.property, row.bid
    deadline = next_deadline(prop, bid, portfolio.settings, today=today)
    period = ""
    if prop.bid_period_start or prop.bid_period_end:
        period = f"{short_date(prop.bid_period_start)}〜{short_date(prop.bid_period_end)}"
    deposit = format_yen(prop.deposit, missing="")
    if prop.deposit is not None and prop.deposit_estimated:
        deposit += "(推定)"
    status = status_label(prop, bid)
    display = (
        prop.title,
        prop.court or "",
        prop.kind or "",
        period,
        format_yen(prop.base_price, missing=""),
        format_yen(prop.minimum_bid, missing=""),
        deposit,
        format_yen(bid.amount, missing="") if bid else "",
        row.bidder.name if row.bidder else "",
        status,
        f"{deadline.label} {format_wareki(deadline.date)}" if deadline else "",
        str(findings) if findings else "",
    )
    sort = (
        (prop.case_number or "", prop.property_numbers),
        prop.court or "",
        prop.kind or "",
        (prop.bid_period_end or date.max).isoformat(),
        prop.base_price if prop.base_price is not None else -1,
        prop.minimum_bid if prop.minimum_bid is not None else -1,
        prop.deposit if prop.deposit is not None else -1,
        bid.amount if bid and bid.amount is not None else -1,
        display[Column.BIDDER],
        status,
        (deadline.date if deadline else date.max).isoformat(),
        findings,
    )
    search = unicodedata.normalize("NFKC", " ".join(display[: Column.STATUS + 1])).casefold()
    closed = not prop.status.is_open
    return _Cells(display=display, sort=sort, search=search, status=status, closed=closed)


class PortfolioTableModel(QAbstractTableModel):
    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self._portfolio = Portfolio()
        self._rows: list[OverviewRow] = []
        self._cells: dict[tuple[str, str], _Cells] = {}
        self.findings_count: dict[str, int] = {}  # bid id → number of findings

    # --- content ---------------------------------------------------------
    def set_portfolio(self, portfolio: Portfolio) -> None:
        """Show ``portfolio``: rows whose values did not change keep their cache; when the
        set of rows is the same, only the changed rows are signalled (keeps selection)."""
        rows = overview_rows(portfolio)
        old_keys = [r.key for r in self._rows]
        new_keys = [r.key for r in rows]
        changed = [
            i for i, (old, new) in enumerate(zip(self._rows, rows, strict=False)) if old != new
        ]
        settings_changed = portfolio.settings != self._portfolio.settings
        self._portfolio = portfolio
        if old_keys == new_keys:
            self._rows = rows
            if settings_changed:
                self._cells.clear()
                self._signal_rows(0, len(rows) - 1)
                return
            for index in changed:
                self._cells.pop(rows[index].key, None)
                self._signal_rows(index, index)
            return
        self.beginResetModel()
        self._rows = rows
        live = set(new_keys)
        self._cells = {k: v for k, v in self._cells.items() if k in live}
        for index in changed:
            self._cells.pop(rows[index].key, None)
        self.endResetModel()

    def set_findings(self, counts: dict[str, int]) -> None:
        if counts == self.findings_count:
            return
        self.findings_count = counts
        self._cells.clear()
        if self._rows:
            self._signal_rows(0, len(self._rows) - 1)

    def _signal_rows(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def row_at(self, row: int) -> OverviewRow:
        return self._rows[row]

    def row_of(self, key: tuple[str, str]) -> int:
        for index, row in enumerate(self._rows):
            if row.key == key:
                return index
        return -1

    def cells(self, row: int) -> _Cells:
        item = self._rows[row]
        cached = self._cells.get(item.key)
        if cached is None:
            findings = self.findings_count.get(item.bid.id, 0) if item.bid else 0
            cached = _cells(item, self._portfolio, self.today, findings)
            self._cells[item.key] = cached
        return cached

    # --- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cells(index.row()).display[column]
        if role == SORT_ROLE:
            return self.cells(index.row()).sort[column]
        if role == KEY_ROLE:
            return self._rows[index.row()].key
        if role == Qt.ItemDataRole.TextAlignmentRole and column in MONEY_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            cells = self.cells(index.row())
            if cells.closed:
                return QBrush(QColor("#888888"))
            if column == Column.FINDINGS and cells.display[column]:
                return QBrush(QColor("#b00020"))
        if role == Qt.ItemDataRole.ToolTipRole and column == Column.PROPERTY:
            prop = self._rows[index.row()].property
            return prop.address or None
        return None


class PortfolioFilterProxy(QSortFilterProxyModel):
    """Filters on a cached, NFKC-folded text of each row (全角/半角 both match) and on a
    status; sorts on raw values."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needles: list[str] = []
        self._status = ""
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._needles = unicodedata.normalize("NFKC", text).casefold().split()
        self.endFilterChange()

    def set_status(self, status: str) -> None:
        self.beginFilterChange()
        self._status = status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PortfolioTableModel)
        cells = model.cells(source_row)
        if self._status and cells.status != self._status:
            return False
        return all(needle in cells.search for needle in self._needles)

    def lessThan(self, left: AnyIndex, right: AnyIndex) -> bool:
        # Raw Python values straight from the cache: no QVariant round trip per comparison.
        model = self.sourceModel()
        assert isinstance(model, PortfolioTableModel)
        a = model.cells(left.row()).sort[left.column()]
        b = model.cells(right.row()).sort[right.column()]
        return bool(a < b)
