"""返還管理: every deposit not yet back, the most urgent first, with its age.

The rows are ``domain.funds.refunds.refund_statuses`` as they come (outstanding first: errors,
warnings, then by expected date); overdue rows are coloured (amber: late, red:
contact the court; the rule is in ``domain.funds.refunds``). Double-click opens the bid.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.funds.refunds import (
    ERROR,
    REFUND_RULE_TEXT,
    WARNING,
    RefundStatus,
    refund_statuses,
)
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.list_model import ListModel
from biddesk.gui.views.live_page import LivePage

DEBOUNCE_MS = 150

AnyIndex = QModelIndex | QPersistentModelIndex


class RefundColumn(IntEnum):
    PROPERTY = 0
    BIDDER = 1
    DEPOSIT = 2
    OPENING = 3
    EXPECTED = 4
    AGE = 5
    STATE = 6
    REFUND_DATE = 7
    REFUND_AMOUNT = 8
    SHORT = 9


HEADERS = {
    RefundColumn.PROPERTY: "物件",
    RefundColumn.BIDDER: "入札人",
    RefundColumn.DEPOSIT: "保証額",
    RefundColumn.OPENING: "開札期日",
    RefundColumn.EXPECTED: "返還予定日",
    RefundColumn.AGE: "経過日数",
    RefundColumn.STATE: "状態",
    RefundColumn.REFUND_DATE: "返還日",
    RefundColumn.REFUND_AMOUNT: "返還額",
    RefundColumn.SHORT: "不足額",
}
_RIGHT = {
    RefundColumn.DEPOSIT,
    RefundColumn.AGE,
    RefundColumn.REFUND_AMOUNT,
    RefundColumn.SHORT,
}
_DATES = {RefundColumn.OPENING, RefundColumn.EXPECTED, RefundColumn.REFUND_DATE}


class RefundTableModel(ListModel):
    """One row per RefundStatus; cells formatted on demand."""

    headers = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.statuses: list[RefundStatus] = []
        self._context: dict[str, tuple[str, str, date | None]] = {}

    def set_statuses(
        self, statuses: list[RefundStatus], context: dict[str, tuple[str, str, date | None]]
    ) -> None:
        """``context``: bid id → (property title, bidder name, opening date)."""
        self.beginResetModel()
        self.statuses = statuses
        self._context = context
        self.endResetModel()

    def _items(self) -> Sequence[Any]:
        return self.statuses

    def bid_ids(self) -> list[str]:
        return [s.bid for s in self.statuses]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        status = self.statuses[index.row()]
        column = RefundColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(status, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _RIGHT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            severity = status.severity
            if severity == ERROR:
                return palette.brush(Role.ERROR_BACKGROUND)
            if severity == WARNING:
                return palette.brush(Role.WARNING_BACKGROUND)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if status.severity == ERROR:
                return palette.brush(Role.ERROR)
            if status.severity == WARNING:
                return palette.brush(Role.WARNING)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            day = self._day(status, column)
            prefix = f"{day.isoformat()}\n" if day is not None else ""
            return prefix + status.message
        return None

    def _day(self, status: RefundStatus, column: RefundColumn) -> date | None:
        if column is RefundColumn.OPENING:
            return self._context.get(status.bid, ("", "", None))[2]
        if column is RefundColumn.EXPECTED:
            return status.expected_date
        if column is RefundColumn.REFUND_DATE:
            return status.refund_date
        return None

    def _display(self, status: RefundStatus, column: RefundColumn) -> str:
        title, bidder, _ = self._context.get(status.bid, (status.property, "", None))
        if column is RefundColumn.PROPERTY:
            return title
        if column is RefundColumn.BIDDER:
            return bidder
        if column is RefundColumn.DEPOSIT:
            return format_yen(status.deposit, missing="")
        if column in _DATES:
            return format_wareki(self._day(status, column), missing="")
        if column is RefundColumn.AGE:
            return f"{status.age_days}日" if status.age_days is not None else ""
        if column is RefundColumn.STATE:
            level = {ERROR: "(要連絡)", WARNING: "(遅れ)"}.get(status.overdue, "")
            return status.state.label + level
        if column is RefundColumn.REFUND_AMOUNT:
            return format_yen(status.refund_amount, missing="")
        return format_yen(status.short_by) if status.short_by > 0 else ""


def _context(portfolio: Portfolio) -> dict[str, tuple[str, str, date | None]]:
    properties = {p.id: p for p in reversed(portfolio.properties)}
    bidders = {b.id: b for b in reversed(portfolio.bidders)}
    found: dict[str, tuple[str, str, date | None]] = {}
    for bid in portfolio.bids:
        prop = properties.get(bid.property)
        bidder = bidders.get(bid.bidder)
        found[bid.id] = (
            prop.title if prop is not None else bid.property,
            bidder.name if bidder is not None else "",
            prop.opening_date if prop is not None else None,
        )
    return found


class RefundsView(LivePage):
    """返還管理: the deposits still out (optionally the settled ones too)."""

    activated = Signal(str, str)  # bid id, property id
    refreshed = Signal()

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, DEBOUNCE_MS, parent)
        self.today = today
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.show_settled = QCheckBox("返還済み・代金に充当・返還されないものも表示")
        self.show_settled.toggled.connect(lambda _on: self.refresh())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_settled)
        self.model = RefundTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in (
            (RefundColumn.PROPERTY, 200),
            (RefundColumn.BIDDER, 140),
            (RefundColumn.DEPOSIT, 100),
            (RefundColumn.OPENING, 150),
            (RefundColumn.EXPECTED, 150),
            (RefundColumn.AGE, 70),
            (RefundColumn.STATE, 140),
            (RefundColumn.REFUND_DATE, 150),
            (RefundColumn.REFUND_AMOUNT, 100),
            (RefundColumn.SHORT, 90),
        ):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._double_clicked)
        note = QLabel(
            REFUND_RULE_TEXT + "返還を記録するには行をダブルクリックし、"
            "結果・返還タブで返還日と返還額を入力します。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(palette.css(Role.MUTED))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(note)

    def refresh(self) -> None:
        self.refreshing()
        portfolio = self.document.portfolio()
        statuses = refund_statuses(portfolio, today=self.today)
        outstanding = [s for s in statuses if s.outstanding]
        shown = statuses if self.show_settled.isChecked() else outstanding
        self.model.set_statuses(shown, _context(portfolio))
        errors = sum(1 for s in outstanding if s.severity == ERROR)
        warnings = sum(1 for s in outstanding if s.severity == WARNING)
        if not outstanding:
            text = "返還を待っている保証金はありません。"
        else:
            text = f"返還を待っている保証金 {len(outstanding)}件"
            if errors:
                text += f"　うち裁判所へ問い合わせ {errors}件"
            if warnings:
                text += f"　遅れ・一部返還 {warnings}件"
        self.summary.setText(text)
        self.summary.setStyleSheet(palette.css(Role.ERROR, bold=True) if errors else "")
        self.refreshed.emit()

    def _double_clicked(self, index: QModelIndex) -> None:
        status = self.model.statuses[index.row()]
        self.activated.emit(status.bid, status.property)
