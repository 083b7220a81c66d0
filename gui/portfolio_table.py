"""The portfolio page's left side: the table of every line and the filters above it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.overview import STATUS_LABELS
from biddesk.gui.table_model import Column, PortfolioTableModel

STATUS_FILTERS = ("", *STATUS_LABELS)  # "": every state
COLUMN_WIDTHS = {
    Column.PROPERTY: 165,
    Column.COURT: 120,
    Column.PERIOD: 185,
    Column.BASE: 98,
    Column.MINIMUM: 98,
    Column.DEPOSIT: 98,
    Column.BID: 98,
    Column.FINDINGS: 40,
    Column.STATUS: 115,
    Column.NEXT: 130,
    Column.BIDDER: 150,
    Column.KIND: 90,
}


@dataclass(frozen=True)
class PortfolioTable:
    widget: QWidget  # the filters above the table
    table: QTableView
    filter_edit: QLineEdit
    status_filter: QComboBox


def build_portfolio_table(model: PortfolioTableModel) -> PortfolioTable:
    """The table over ``model`` (sorted by 入札期間) with its text and state filters."""
    table = QTableView()
    table.setModel(model)
    table.setSortingEnabled(True)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    table.sortByColumn(Column.PERIOD, Qt.SortOrder.AscendingOrder)
    for column, width in COLUMN_WIDTHS.items():
        table.setColumnWidth(column, width)
    # 物件 (事件番号 物件番号) whole, whatever the font and scaling.
    sample = table.fontMetrics().horizontalAdvance("令和7年(ケ)第1234号 物件1,2")
    table.setColumnWidth(Column.PROPERTY, max(165, sample + 16))

    filter_edit = QLineEdit()
    filter_edit.setPlaceholderText("絞り込み(裁判所・事件番号・所在地・入札人…)")
    filter_edit.setClearButtonEnabled(True)
    filter_edit.textChanged.connect(lambda text: model.set_filter(text=text))
    status_filter = QComboBox()
    for status in STATUS_FILTERS:
        status_filter.addItem(status or "すべての状態", status)
    status_filter.currentIndexChanged.connect(
        lambda: model.set_filter(status=status_filter.currentData())
    )
    filters = QHBoxLayout()
    filters.addWidget(filter_edit, 1)
    filters.addWidget(status_filter)
    left = QWidget()
    left_layout = QVBoxLayout(left)
    left_layout.setContentsMargins(6, 6, 0, 6)
    left_layout.addLayout(filters)
    left_layout.addWidget(table)
    return PortfolioTable(left, table, filter_edit, status_filter)
