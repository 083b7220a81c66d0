"""The portfolio table: a QAbstractTableModel over overview rows that filters and sorts.

Display strings are computed once per row, when first shown, and cached until that row
changes. ``SORT_ROLE`` returns the raw values (yen as int, dates) the model sorts by.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from biddesk.domain.dates import WEEKDAYS, format_wareki
from biddesk.domain.lookup import (
    case_number_key,
    matches,
    property_numbers_key,
    search_terms,
    search_text,
)
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen
from biddesk.domain.overview import OverviewRow, next_deadline, overview_rows, status_label
from biddesk.gui import palette
from biddesk.gui.palette import Role
from biddesk.gui.views.list_model import AnyIndex, ListModel

SORT_ROLE = Qt.ItemDataRole.UserRole
KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class Column(IntEnum):
    """Columns in display order: what is needed every day first, so it shows unscrolled."""

    PROPERTY = 0
    COURT = 1
    PERIOD = 2
    BASE = 3
    MINIMUM = 4
    DEPOSIT = 5
    BID = 6
    FINDINGS = 7
    STATUS = 8
    NEXT = 9
    BIDDER = 10
    KIND = 11


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
    next_date: date
    status: str
    closed: bool
    next_full: str


def short_date(day: date | None) -> str:
    return format_wareki(day, weekday=False, missing="")


def period_text(start: date | None, end: date | None) -> str:
    """令和8年12月2日〜12月9日: the end without its year when it is the same year."""
    if start is None and end is None:
        return ""
    if start is not None and end is not None and start.year == end.year:
        return f"{short_date(start)}〜{end.month}月{end.day}日"
    return f"{short_date(start)}〜{short_date(end)}"


def short_court(court: str | None) -> str:
    """東京地方裁判所本庁 → 東京地裁本庁 (the table is narrow; the detail pane says it in full)."""
    return (court or "").replace("地方裁判所", "地裁")


def _cells(row: OverviewRow, portfolio: Portfolio, today: date) -> _Cells:
    prop, bid = row.property, row.bid
    deadline = next_deadline(prop, bid, portfolio.settings, today=today)
    deposit = format_yen(prop.deposit, missing="")
    if prop.deposit is not None and prop.deposit_estimated:
        deposit += "(推定)"
    status = status_label(prop, bid)
    bidder = row.bidder.name if row.bidder else ""
    next_text = ""
    if deadline is not None:
        day = deadline.date
        next_text = f"{deadline.label} {day.month}/{day.day}({WEEKDAYS[day.weekday()]})"
    display = {
        Column.PROPERTY: prop.title,
        Column.COURT: short_court(prop.court),
        Column.KIND: prop.kind or "",
        Column.PERIOD: period_text(prop.bid_period_start, prop.bid_period_end),
        Column.BASE: format_yen(prop.base_price, missing=""),
        Column.MINIMUM: format_yen(prop.minimum_bid, missing=""),
        Column.DEPOSIT: deposit,
        Column.BID: format_yen(bid.amount, missing="") if bid else "",
        Column.BIDDER: bidder,
        Column.STATUS: status,
        Column.NEXT: next_text,
        Column.FINDINGS: "",
    }
    return _Cells(
        display=tuple(display[c] for c in Column),
        next_date=deadline.date if deadline else date.max,
        status=status,
        closed=not prop.status.is_open,
        next_full=f"{deadline.label} {format_wareki(deadline.date)}" if deadline else "",
    )


def _plain_sort_key(row: OverviewRow, column: int) -> Any:
    """Sort keys that need no figures: read straight off the line, no cache needed."""
    prop, bid = row.property, row.bid
    if column == Column.PROPERTY:
        return (case_number_key(prop.case_number), property_numbers_key(prop.property_numbers))
    if column == Column.COURT:
        return prop.court or ""
    if column == Column.KIND:
        return prop.kind or ""
    if column == Column.PERIOD:
        return prop.bid_period_end or date.max
    if column == Column.BASE:
        return _yen_key(prop.base_price)
    if column == Column.MINIMUM:
        return _yen_key(prop.minimum_bid)
    if column == Column.DEPOSIT:
        return _yen_key(prop.deposit)
    if column == Column.BID:
        return _yen_key(bid.amount if bid else None)
    if column == Column.BIDDER:
        return row.bidder.name if row.bidder else ""
    return status_label(prop, bid)


def _yen_key(amount: int | None) -> int:
    return amount if amount is not None else -1


class PortfolioTableModel(ListModel):
    """All lines of the portfolio; shows the ones the filter lets through, in sort order.

    Filtering and sorting happen here, on Python lists (one C-level sort of cached keys),
    instead of in a QSortFilterProxyModel that would call back into Python for every
    row and every comparison: at 10,000 rows that is the difference between a few
    milliseconds and a second per keystroke. Public row numbers are *view* rows.
    """

    headers = HEADERS

    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self._portfolio = Portfolio()
        self._rows: list[OverviewRow] = []  # every line, in portfolio order
        self._order: list[int] = []  # the visible lines, as indexes into _rows
        self._cells: dict[tuple[str, str], _Cells] = {}
        self._search: list[str] | None = None  # folded text per line, built on first filter
        self._needles: list[str] = []
        self._status = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # column → every line's sort key (not 指摘, which changes with any edit); dropped
        # whenever the lines change, so restoring the saved sort and filters at start sorts
        # on keys computed once
        self._keys: dict[int, list[Any]] = {}
        # bid id → number of findings; set by the window (computed lazily, per bid)
        self.findings_count: Callable[[str], int] | None = None

    # --- content ---------------------------------------------------------
    def set_portfolio(self, portfolio: Portfolio) -> None:
        """Show ``portfolio``. When the set of lines is unchanged (an edit), only changed
        lines are signalled and the order is kept, so the selection stays put."""
        rows = overview_rows(portfolio)
        same_lines = [r.key for r in self._rows] == [r.key for r in rows]
        changed = {
            i for i, (old, new) in enumerate(zip(self._rows, rows, strict=False)) if old != new
        }
        settings_changed = portfolio.settings != self._portfolio.settings
        self._portfolio = portfolio
        self._keys.clear()
        if same_lines and not settings_changed:
            self._rows = rows
            for index in changed:
                self._cells.pop(rows[index].key, None)
                if self._search is not None:
                    self._search[index] = _search_text(rows[index])
            view_rows = [v for v, i in enumerate(self._order) if i in changed]
            for view_row in view_rows:
                self._signal_rows(view_row, view_row)
            return
        self.beginResetModel()
        self._rows = rows
        if settings_changed:
            self._cells.clear()
        else:
            live = {r.key for r in rows}
            self._cells = {k: v for k, v in self._cells.items() if k in live}
            for index in changed:
                self._cells.pop(rows[index].key, None)
        self._search = None
        self._order = self._visible_order()
        self.endResetModel()

    def set_filter(self, text: str | None = None, status: str | None = None) -> None:
        """Filter on each line's folded text (``lookup.search_terms``: 全角/半角, ひらがな and
        カタカナ, R7 for 令和7年 all match) and a state."""
        if text is not None:
            self._needles = search_terms(text)
        if status is not None:
            self._status = status
        self._relayout(self._visible_order())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self._relayout(self._visible_order())

    def _visible_order(self) -> list[int]:
        indexes: list[int] = list(range(len(self._rows)))
        if self._needles or self._status:
            search = self._search_texts()
            needles, status = self._needles, self._status
            indexes = [
                i
                for i in indexes
                if matches(search[i], needles)
                and (
                    not status or status_label(self._rows[i].property, self._rows[i].bid) == status
                )
            ]
        if self._sort is not None:
            column, order = self._sort
            reverse = order == Qt.SortOrder.DescendingOrder
            if column == Column.FINDINGS:
                found = {i: self._sort_key(i, column) for i in indexes}
                indexes.sort(key=found.__getitem__, reverse=reverse)
            else:
                keys = self._keys.get(column)
                if keys is None:
                    keys = [self._sort_key(i, column) for i in range(len(self._rows))]
                    self._keys[column] = keys
                indexes.sort(key=keys.__getitem__, reverse=reverse)
        return indexes

    def _relayout(self, order: list[int]) -> None:
        """Change which lines show and in what order, keeping selection and current line."""
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        old_lines = [self._order[i.row()] for i in old_persistent]
        self._order = order
        position = {line: view_row for view_row, line in enumerate(order)}
        new_persistent = [
            self.index(position[line], old.column()) if line in position else QModelIndex()
            for old, line in zip(old_persistent, old_lines, strict=True)
        ]
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    def _search_texts(self) -> list[str]:
        if self._search is None:
            self._search = [_search_text(row) for row in self._rows]
        return self._search

    def _sort_key(self, line: int, column: int) -> Any:
        row = self._rows[line]
        if column == Column.FINDINGS:
            bid = row.bid
            return self.findings_count(bid.id) if bid and self.findings_count else 0
        if column == Column.NEXT:  # the one key that needs the calendars: cache it
            return self._cells_of(line).next_date
        return _plain_sort_key(row, column)

    # --- findings ------------------------------------------------------------------
    def set_findings_source(self, count: Callable[[str], int] | None) -> None:
        self.findings_count = count
        self.refresh_findings()

    def refresh_findings(self) -> None:
        """Findings may change for any line (e.g. FUNDS_SHORTFALL): repaint that column."""
        if self._order:
            column = Column.FINDINGS
            self.dataChanged.emit(self.index(0, column), self.index(len(self._order) - 1, column))

    def findings(self, view_row: int) -> int:
        bid = self.row_at(view_row).bid
        if bid is None or self.findings_count is None:
            return 0
        return self.findings_count(bid.id)

    # --- rows ----------------------------------------------------------------------
    def _signal_rows(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def row_at(self, view_row: int) -> OverviewRow:
        return self._rows[self._order[view_row]]

    def row_of(self, key: tuple[str, str]) -> int:
        """The view row of a line, or -1 when it is filtered out or gone."""
        for view_row, line in enumerate(self._order):
            if self._rows[line].key == key:
                return view_row
        return -1

    def total_rows(self) -> int:
        return len(self._rows)

    def _cells_of(self, line: int) -> _Cells:
        item = self._rows[line]
        cached = self._cells.get(item.key)
        if cached is None:
            cached = _cells(item, self._portfolio, self.today)
            self._cells[item.key] = cached
        return cached

    def cells(self, view_row: int) -> _Cells:
        return self._cells_of(self._order[view_row])

    # --- Qt model API ----------------------------------------------------------
    def _items(self) -> Sequence[int]:
        return self._order

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = Column(index.column())
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == Column.FINDINGS:
                count = self.findings(row)
                return str(count) if count else ""
            return self.cells(row).display[column]
        if role == SORT_ROLE:
            return self._sort_key(self._order[row], column)
        if role == KEY_ROLE:
            return self.row_at(row).key
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in MONEY_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if column == Column.FINDINGS:
                return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.cells(row).closed:
                return palette.brush(Role.MUTED)
            if column == Column.FINDINGS:
                return palette.brush(Role.ERROR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Column.PROPERTY:
                return self.row_at(row).property.address or None
            if column == Column.NEXT:
                return self.cells(row).next_full or None
            if column == Column.COURT:
                return self.row_at(row).property.court or None
        return None


def _search_text(row: OverviewRow) -> str:
    """What the filter box matches: title, court, kind, address, bidder and its kana, state."""
    prop = row.property
    return search_text(
        (
            prop.title,
            prop.court or "",
            short_court(prop.court),
            prop.kind or "",
            prop.address or "",
            row.bidder.name if row.bidder else "",
            row.bidder.name_kana if row.bidder else "",
            status_label(prop, row.bid),
        )
    )
