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
from biddesk.domain.overview import (
    Deadline,
    LineFacts,
    OverviewRow,
    line_facts,
    next_deadline,
    overview_rows,
)
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


def _cells(facts: LineFacts, deadline: Deadline | None) -> _Cells:
    """A line's display strings; 次の期限 blank until the portfolio is read (``deadline``)."""
    deposit = format_yen(facts.deposit, missing="")
    if facts.deposit is not None and facts.deposit_estimated:
        deposit += "(推定)"
    next_text = ""
    if deadline is not None:
        day = deadline.date
        next_text = f"{deadline.label} {day.month}/{day.day}({WEEKDAYS[day.weekday()]})"
    display = {
        Column.PROPERTY: facts.title,
        Column.COURT: short_court(facts.court),
        Column.KIND: facts.kind or "",
        Column.PERIOD: period_text(facts.period_start, facts.period_end),
        Column.BASE: format_yen(facts.base_price, missing=""),
        Column.MINIMUM: format_yen(facts.minimum_bid, missing=""),
        Column.DEPOSIT: deposit,
        Column.BID: format_yen(facts.amount, missing=""),
        Column.BIDDER: facts.bidder_name,
        Column.STATUS: facts.status,
        Column.NEXT: next_text,
        Column.FINDINGS: "",
    }
    return _Cells(
        display=tuple(display[c] for c in Column),
        next_date=deadline.date if deadline else date.max,
        status=facts.status,
        closed=facts.closed,
        next_full=f"{deadline.label} {format_wareki(deadline.date)}" if deadline else "",
    )


_NO_DAY = date.max
_PLAIN_KEYS: dict[int, Callable[[LineFacts], Any]] = {
    Column.PROPERTY: lambda f: (
        case_number_key(f.case_number),
        property_numbers_key(f.property_numbers),
    ),
    Column.COURT: lambda f: f.court or "",
    Column.KIND: lambda f: f.kind or "",
    Column.PERIOD: lambda f: f.period_end or _NO_DAY,
    Column.BASE: lambda f: -1 if f.base_price is None else f.base_price,
    Column.MINIMUM: lambda f: -1 if f.minimum_bid is None else f.minimum_bid,
    Column.DEPOSIT: lambda f: -1 if f.deposit is None else f.deposit,
    Column.BID: lambda f: -1 if f.amount is None else f.amount,
    Column.BIDDER: lambda f: f.bidder_name,
    Column.STATUS: lambda f: f.status,
}
"""Sort keys that need no figures, read straight off the line (yen: an unknown amount
first, as -1). One call per line: sorting 10,000 lines at start is one list of these."""


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
        self._facts: list[LineFacts] = []  # every line, in portfolio order
        # the same lines as values; None while only the lines are read (set_lines)
        self._rows: list[OverviewRow] | None = []
        self._order: list[int] = []  # the visible lines, as indexes into _facts
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
    @property
    def has_portfolio(self) -> bool:
        """False while the table shows lines read before the portfolio (``set_lines``)."""
        return self._rows is not None

    def set_lines(self, lines: list[LineFacts]) -> None:
        """Show lines read straight from the file, before the portfolio is read: every
        column but 次の期限 and 指摘, which ``set_portfolio`` fills in."""
        self.beginResetModel()
        self._facts = lines
        self._rows = None
        self._portfolio = Portfolio()
        self._cells.clear()
        self._keys.clear()
        self._search = None
        self._order = self._visible_order()
        self.endResetModel()

    def set_portfolio(self, portfolio: Portfolio, lines: list[LineFacts] | None = None) -> None:
        """Show ``portfolio``. When the set of lines is unchanged (an edit, or the portfolio
        of the lines shown), only changed lines are signalled and the order is kept, so the
        selection stays put. ``lines``: the portfolio's own lines, already worked out (the
        lines shown, read from the same file)."""
        rows = overview_rows(portfolio)
        old_rows = self._rows
        same_lines = [f.key for f in self._facts] == [r.key for r in rows]
        if old_rows is None:  # the lines shown were read first: now with their dates
            changed = set(range(len(rows)))
            if lines is None or len(lines) != len(rows):
                lines = [line_facts(r) for r in rows]
            facts = lines
        else:
            changed = {
                i for i, (old, new) in enumerate(zip(old_rows, rows, strict=False)) if old != new
            }
            facts = [
                self._facts[i] if i < len(self._facts) and i not in changed else line_facts(r)
                for i, r in enumerate(rows)
            ]
        # (the lines shown had no settings: their cells are all redone anyway)
        settings_changed = old_rows is not None and portfolio.settings != self._portfolio.settings
        self._portfolio = portfolio
        self._keys.clear()
        if same_lines and not settings_changed:
            self._rows, self._facts = rows, facts
            for index in changed:
                self._cells.pop(rows[index].key, None)
                if self._search is not None:
                    self._search[index] = _search_text(facts[index])
            if old_rows is None and self._sort is not None:  # 次の期限 and 指摘 sort now
                self._relayout(self._visible_order())
            view_rows = [v for v, i in enumerate(self._order) if i in changed]
            if len(view_rows) == len(self._order):
                self._signal_rows(0, len(self._order) - 1)
            else:
                for view_row in view_rows:
                    self._signal_rows(view_row, view_row)
            return
        self.beginResetModel()
        self._rows, self._facts = rows, facts
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
        indexes: list[int] = list(range(len(self._facts)))
        if self._needles or self._status:
            search = self._search_texts()
            needles, status = self._needles, self._status
            facts = self._facts
            indexes = [
                i
                for i in indexes
                if matches(search[i], needles) and (not status or facts[i].status == status)
            ]
        if self._sort is not None:
            column, order = self._sort
            reverse = order == Qt.SortOrder.DescendingOrder
            if self._rows is None and column in (Column.NEXT, Column.FINDINGS):
                # No dates or findings yet: keep the order shown until the portfolio is read
                # (set_portfolio sorts then), rather than an order that means nothing.
                shown = {line: n for n, line in enumerate(self._order)}
                indexes.sort(key=lambda line: shown.get(line, len(shown) + line))
                return indexes
            if column == Column.FINDINGS:
                found = {i: self._sort_key(i, column) for i in indexes}
                indexes.sort(key=found.__getitem__, reverse=reverse)
            else:
                keys = self._keys.get(column)
                if keys is None:
                    plain = _PLAIN_KEYS.get(column)
                    if plain is not None:
                        keys = [plain(facts) for facts in self._facts]
                    else:
                        keys = [self._sort_key(i, column) for i in range(len(self._facts))]
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
            self._search = [_search_text(facts) for facts in self._facts]
        return self._search

    def _sort_key(self, line: int, column: int) -> Any:
        facts = self._facts[line]
        if column == Column.FINDINGS:
            bid = facts.key[1]
            ready = self._rows is not None and bid and self.findings_count
            return self.findings_count(bid) if ready and self.findings_count else 0
        if column == Column.NEXT:  # the one key that needs the calendars: cache it
            return self._cells_of(line).next_date
        return _PLAIN_KEYS[column](facts)

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
        bid = self.key_at(view_row)[1]
        if not bid or self.findings_count is None or self._rows is None:
            return 0
        return self.findings_count(bid)

    # --- rows ----------------------------------------------------------------------
    def _signal_rows(self, first: int, last: int) -> None:
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(Column) - 1))

    def row_at(self, view_row: int) -> OverviewRow:
        """The line as values (only once the portfolio is shown: ``has_portfolio``)."""
        if self._rows is None:
            raise LookupError("the portfolio table shows lines only: read the portfolio first")
        if view_row < 0:
            raise IndexError(f"no view row {view_row}")
        return self._rows[self._order[view_row]]

    def key_at(self, view_row: int) -> tuple[str, str]:
        return self._facts[self._order[view_row]].key

    def facts_at(self, view_row: int) -> LineFacts:
        return self._facts[self._order[view_row]]

    def row_of(self, key: tuple[str, str]) -> int:
        """The view row of a line, or -1 when it is filtered out or gone."""
        for view_row, line in enumerate(self._order):
            if self._facts[line].key == key:
                return view_row
        return -1

    def total_rows(self) -> int:
        return len(self._facts)

    def _cells_of(self, line: int) -> _Cells:
        facts = self._facts[line]
        cached = self._cells.get(facts.key)
        if cached is None:
            deadline = None
            if self._rows is not None:
                row = self._rows[line]
                deadline = next_deadline(
                    row.property, row.bid, self._portfolio.settings, today=self.today
                )
            cached = _cells(facts, deadline)
            self._cells[facts.key] = cached
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
            return self.key_at(row)
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
                return self.facts_at(row).address or None
            if column == Column.NEXT:
                return self.cells(row).next_full or None
            if column == Column.COURT:
                return self.facts_at(row).court or None
        return None


def _search_text(facts: LineFacts) -> str:
    """What the filter box matches: title, court, kind, address, bidder and its kana, state."""
    return search_text(
        (
            facts.title,
            facts.court or "",
            short_court(facts.court),
            facts.kind or "",
            facts.address or "",
            facts.bidder_name,
            facts.bidder_kana,
            facts.status,
        )
    )
