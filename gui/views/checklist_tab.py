"""書類チェック: the papers one bid needs, their progress, and the bid's findings.

The rows come from ``domain.paperwork.documents.checklist`` (never a fixed list); each edit of a
row (状態, 発行日, 記載の氏名, メモ) is one undoable change of the bid's documents. Below
the papers, the bid's findings (``check_bid``) follow every change of the document. How a
cell shows a paper is in checklist_cells, the texts above and below the table in
checklist_texts; the methods here delegate to them under their old names.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki, parse_date
from biddesk.domain.edits import operations
from biddesk.domain.errors import UserError
from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    DocStatus,
    DocType,
    Document,
    Property,
)
from biddesk.domain.paperwork.certificates import certificate_validity
from biddesk.domain.paperwork.documents import (
    Requirement,
    checklist,
    is_done,
    others_named,
)
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.rules.registry import Severity, counts
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.keys import tab_leaves
from biddesk.gui.views.bid_view import BidView
from biddesk.gui.views.checklist_cells import (
    GOOD,
    MUTED,
    STATUS_COLORS,
    FindingsTable,
    StatusCombo,
    show_match,
    show_validity,
    status_icon,
)
from biddesk.gui.views.checklist_texts import notes_html, statement_html, summary_html
from biddesk.gui.views.findings_cache import bid_portfolio
from biddesk.gui.views.findings_view import FindingColumn, FindingsModel, summary_text

__all__ = ["EDITABLE", "HEADERS", "ChecklistColumn", "ChecklistRow", "ChecklistTab", "status_icon"]

EDIT_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex


class ChecklistColumn(IntEnum):
    DOCUMENT = 0
    WHO = 1
    STATUS = 2
    ISSUED = 3
    VALIDITY = 4
    NAME = 5
    MATCH = 6
    REPRESENTATIVE = 7
    NOTE = 8


HEADERS = (
    "書類", "対象", "状態", "発行日", "3か月以内", "記載の氏名", "照合", "登記の代表者", "メモ",
)  # fmt: skip
VISUAL_ORDER = (
    ChecklistColumn.DOCUMENT,
    ChecklistColumn.STATUS,
    ChecklistColumn.NAME,
    ChecklistColumn.MATCH,
    ChecklistColumn.WHO,
    ChecklistColumn.ISSUED,
    ChecklistColumn.VALIDITY,
    ChecklistColumn.REPRESENTATIVE,
    ChecklistColumn.NOTE,
)
"""The columns left to right as shown."""
EDITABLE = {ChecklistColumn.ISSUED, ChecklistColumn.NAME, ChecklistColumn.NOTE}
"""Editable on every row; 登記の代表者 only on a 登記事項証明書's row."""
_WHAT = {
    ChecklistColumn.STATUS: "状態",
    ChecklistColumn.ISSUED: "発行日",
    ChecklistColumn.NAME: "記載の氏名",
    ChecklistColumn.REPRESENTATIVE: "登記の代表者",
    ChecklistColumn.NOTE: "メモ",
}


@dataclass(frozen=True)
class ChecklistRow:
    """One requirement, the document answering it, and that document's place in the bid."""

    requirement: Requirement
    document: Document | None
    index: int | None


class _DateDelegate(QStyledItemDelegate):
    """Edits an issue date as text (和暦 or 西暦), showing what it reads while typing."""

    def __init__(self, tab: ChecklistTab) -> None:
        super().__init__(tab.table)
        self.tab = tab

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> Any:
        editor = QLineEdit(parent)
        editor.setPlaceholderText("例: 令和8年11月1日")
        editor.textEdited.connect(lambda text: self.tab.show_reading(editor, text))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(index.data(EDIT_ROLE) or "")

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit):
            self.tab.show_reading(None, "")
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ChecklistTab(BidView):
    """The 書類チェック tab of one bid."""

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, today, parent)
        self.rows: list[ChecklistRow] = []
        self._bid_id: str | None = None
        self._prop_id: str | None = None
        self._filling = False
        self._combos: list[StatusCombo] = []

        self.placeholder = QLabel("入札を選ぶと、必要な書類と指摘をここに表示します。")
        self.placeholder.setWordWrap(True)
        self.placeholder.setStyleSheet(f"{palette.css(MUTED)} padding: 12px;")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)

        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tab_leaves(self.table)
        self.table.setItemDelegateForColumn(ChecklistColumn.ISSUED, _DateDelegate(self))
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in zip(
            ChecklistColumn, (128, 140, 84, 136, 68, 140, 64, 120, 80), strict=True
        ):
            self.table.setColumnWidth(column, width)
        # What is checked first in sight on a narrow pane (1280×720): the name as written
        # and its 照合 right after the state; the logical columns stay as they are.
        for visual, column in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(column), visual)
        self.table.itemChanged.connect(self._item_changed)
        self.table.horizontalScrollBar().rangeChanged.connect(lambda *_: self._fit_height())

        self.hint = QLabel()
        self.hint.setStyleSheet(palette.css(MUTED))
        self.hint.setVisible(False)  # only while an issue date is typed
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.RichText)

        self.findings_title = QLabel()
        self.findings_title.setTextFormat(Qt.TextFormat.RichText)
        self.findings_model = FindingsModel(document, self)
        self.findings_view = FindingsTable()
        self.findings_view.setModel(self.findings_model)
        self.findings_view.verticalHeader().setVisible(False)
        self.findings_view.setWordWrap(True)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tab_leaves(self.findings_view)
        for hidden in (FindingColumn.PROPERTY, FindingColumn.BIDDER):
            self.findings_view.setColumnHidden(hidden, True)
        findings_header = self.findings_view.horizontalHeader()
        findings_header.setSectionResizeMode(FindingColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.findings_view.set_widths(  # 内容 keeps the rest, and at least half on a narrow pane
            {FindingColumn.SEVERITY: 76, FindingColumn.DUE: 130, FindingColumn.SOURCE: 170},
            FindingColumn.MESSAGE,
        )
        # Room for a few findings; when the pane is shorter, the tab scrolls (detail.py)
        # instead of drawing the papers table over the notes below it.
        self.findings_view.setMinimumHeight(160)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.summary)
        content.addWidget(self.table)
        content.addWidget(self.hint)
        content.addWidget(self.notes)
        content.addWidget(self.findings_title)
        content.addWidget(self.findings_view, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content, 1)
        self.refresh()

    # --- what is shown ------------------------------------------------------------------
    def set_document(self, document: PortfolioDocument) -> None:
        self.findings_model.document = document
        super().set_document(document)

    def show_bid(self, prop: Property | None, bid: Bid | None) -> None:
        self._prop_id = prop.id if prop is not None else (bid.property if bid else None)
        self._bid_id = bid.id if bid is not None else None
        self.refresh()

    def _document_changed(self, _change: object) -> None:
        self.refresh()

    def row_of(self, doc_type: DocType, who: str | None = None) -> int:
        """The row of a requirement (the first of that type, or the one for ``who``)."""
        for number, row in enumerate(self.rows):
            if row.requirement.type is doc_type and (who is None or row.requirement.who == who):
                return number
        return -1

    def status_combo(self, row: int) -> QComboBox:
        return self._combos[row]

    def refresh(self) -> None:
        """Show the current bid as the document has it now."""
        if self._bid_id is None and self._prop_id is None:  # nothing chosen: no lookup
            bid, prop_id = None, None
        else:
            state = self.document.state
            bid = state.bids.get(self._bid_id) if self._bid_id is not None else None
            prop_id = bid.property if bid is not None else self._prop_id
        self.bid = bid
        self.prop = self.document.state.properties.get(prop_id) if prop_id is not None else None
        if bid is None:
            self.rows = []
            self._fill_table()
            if self._bid_id is not None:
                text = "この入札は削除されました。"
            elif self.prop is not None:
                text = (
                    "この物件にはまだ入札がありません。入札タブで入札を作ると書類を確認できます。"
                )
            else:
                text = "入札を選ぶと、必要な書類と指摘をここに表示します。"
            self.placeholder.setText(text)
            self.placeholder.setVisible(True)
            self.content.setVisible(False)
            self.findings_model.set_findings([])
            return
        self.placeholder.setVisible(False)
        self.content.setVisible(True)
        bidder = state.bidders.get(bid.bidder)
        joint = [
            state.bidders[key]
            for key in bid.joint_bidders
            if key != bid.bidder and key in state.bidders
        ]
        self.rows = [
            ChecklistRow(requirement, document, _index_of(bid, document))
            for requirement, document in checklist(
                bid, bidder, self.prop, others_named(bid, state.bidders)
            )
        ]
        self._fill_table()
        findings = check_bid(bid_portfolio(self.document, bid), bid, today=self.today)
        self.summary.setText(self._summary_html(bid, counts(findings)[Severity.ERROR]))
        self.notes.setText(self._notes_html(bid, bidder, joint))
        self.notes.setVisible(bool(self.notes.text()))
        self.findings_model.set_findings(findings)
        if findings:
            self.findings_title.setText(f"<b>この入札の指摘</b>　{summary_text(counts(findings))}")
        else:
            self.findings_title.setText(
                "<b>この入札の指摘</b>　" + palette.span(GOOD, "指摘はありません。")
            )
        self._fit_findings()

    def _fit_findings(self) -> None:
        self.findings_view.fit_rows()

    # --- the table ------------------------------------------------------------------------
    def _fill_table(self) -> None:
        self._filling = True
        try:
            read_only = self.document.read_only
            self.table.setEditTriggers(
                QAbstractItemView.EditTrigger.NoEditTriggers
                if read_only
                else QAbstractItemView.EditTrigger.DoubleClicked
                | QAbstractItemView.EditTrigger.EditKeyPressed
                | QAbstractItemView.EditTrigger.AnyKeyPressed
            )
            self.table.setRowCount(len(self.rows))
            del self._combos[len(self.rows) :]  # the table deletes their widgets
            for number, row in enumerate(self.rows):
                self._fill_row(number, row, read_only)
            self.table.resizeRowsToContents()
            self.table.setCurrentCell(-1, -1)
            self.table.clearSelection()
        finally:
            self._filling = False
        self._fit_height()

    def _fit_height(self) -> None:
        """Every row visible without an inner scroll bar (there are at most ~15 rows)."""
        table = self.table
        height = table.horizontalHeader().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        if table.horizontalScrollBar().maximum() > 0:
            height += table.horizontalScrollBar().sizeHint().height()
        table.setFixedHeight(height)

    def _cell(self, row: int, column: ChecklistColumn) -> QTableWidgetItem:
        item = self.table.item(row, column)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(row, column, item)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if column in EDITABLE and not self.document.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        item.setForeground(QBrush())
        item.setIcon(QIcon())
        item.setToolTip("")
        item.setData(EDIT_ROLE, None)
        return item

    def _fill_row(self, number: int, row: ChecklistRow, read_only: bool) -> None:
        requirement, document = row.requirement, row.document
        status = document.status if document is not None else DocStatus.MISSING
        bid = self.bid
        assert bid is not None

        item = self._cell(number, ChecklistColumn.DOCUMENT)
        name = requirement.type.value
        if requirement.type is DocType.STATEMENT and self._is_corporation(requirement.who):
            name += "(別紙付)"
        item.setText(name)
        item.setIcon(status_icon(status))
        item.setToolTip(f"{requirement.label}\n{requirement.reason}")

        item = self._cell(number, ChecklistColumn.WHO)
        item.setText(self._whose(requirement, bid))
        if requirement.type is DocType.PROXY and bid.agent is not None:
            agent = bid.agent
            relation = f"({agent.relation})" if agent.relation else ""
            item.setToolTip(f"代理人: {agent.name}{relation}")

        combo = self._combo(number)
        combo.blockSignals(True)
        combo.setCurrentIndex(max(combo.findData(status.value), 0))
        combo.setStyleSheet(f"QComboBox {{ {palette.css(STATUS_COLORS[status])} }}")
        combo.setEnabled(not read_only)
        combo.blockSignals(False)
        self._cell(number, ChecklistColumn.STATUS).setText("")

        item = self._cell(number, ChecklistColumn.ISSUED)
        issued = document.issued if document is not None else None
        item.setText(format_wareki(issued) if issued is not None else "")
        # what the editor starts with: 和暦, as typed (read back by parse_date)
        item.setData(EDIT_ROLE, format_wareki(issued, weekday=False, missing=""))
        item.setToolTip(
            issued.isoformat() if issued is not None else "発行日を入力します(例: 令和8年11月1日)"
        )
        self._fill_validity(self._cell(number, ChecklistColumn.VALIDITY), row, bid)

        item = self._cell(number, ChecklistColumn.NAME)
        written = document.name if document is not None else ""
        item.setText(written)
        item.setToolTip(f"入札人の名義: {requirement.expected_name or '(不明)'}")
        self._fill_match(self._cell(number, ChecklistColumn.MATCH), row, written)

        item = self._cell(number, ChecklistColumn.REPRESENTATIVE)
        if requirement.type is DocType.REGISTRY:
            if not read_only:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            item.setText(document.representative if document is not None else "")
            item.setToolTip("証明書に書かれた代表者の資格・氏名(例: 代表取締役 山田 一郎)")
        else:
            item.setText("")

        self._cell(number, ChecklistColumn.NOTE).setText(
            document.note if document is not None else ""
        )

    def _combo(self, number: int) -> StatusCombo:
        if number < len(self._combos):
            return self._combos[number]
        combo = StatusCombo()
        combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for status in DocStatus:
            combo.addItem(status_icon(status), status.label, status.value)
        combo.currentIndexChanged.connect(lambda _i, row=number: self._status_chosen(row))
        self._combos.append(combo)
        self.table.setCellWidget(number, ChecklistColumn.STATUS, combo)
        return combo

    def _fill_validity(self, item: QTableWidgetItem, row: ChecklistRow, bid: Bid) -> None:
        """The core's answer (``certificates.certificate_validity``) in the 3か月以内 cell."""
        answer = certificate_validity(
            row.requirement.needs_issue_date,
            row.document,
            bid,
            self.prop,
            self.document.state.settings,
            today=self.today,
        )
        show_validity(item, answer, done=is_done(row.document))

    def _fill_match(self, item: QTableWidgetItem, row: ChecklistRow, written: str) -> None:
        expected = row.requirement.expected_name
        show_match(item, expected or "", written, done=is_done(row.document))

    def _is_corporation(self, bidder_id: str) -> bool:
        bidder = self.document.state.bidders.get(bidder_id)
        return bidder is not None and bidder.kind is BidderKind.CORPORATION

    def _whose(self, requirement: Requirement, bid: Bid) -> str:
        bidder = self.document.state.bidders.get(requirement.who)
        name = bidder.name if bidder is not None else "(未登録の入札者)"
        if not bid.joint_bidders:
            return name
        return f"{name}(代表者)" if requirement.who == bid.bidder else f"{name}(共同入札人)"

    # --- texts above and below the table ------------------------------------------------------
    def _summary_html(self, bid: Bid, errors: int) -> str:
        documents = [row.document for row in self.rows]
        return summary_html(documents, bid, self.prop, self.document.state.settings, errors)

    def _notes_html(self, bid: Bid, bidder: Bidder | None, joint: list[Bidder]) -> str:
        return notes_html(bid, bidder, joint, self.document.state.bidders)

    def _statement_html(self, person: Bidder, role: str) -> str:
        return statement_html(person, role)

    # --- edits ------------------------------------------------------------------------------
    def show_reading(self, editor: QLineEdit | None, text: str) -> None:
        """While an issue date is typed: what it reads as, or why it cannot be read."""
        if editor is None or not text.strip():
            self.hint.setText("")
            self.hint.setVisible(False)
            if editor is not None:
                editor.setStyleSheet("")
            return
        try:
            day = parse_date(text)
        except UserError as error:
            editor.setStyleSheet(palette.error_field_style())
            self.hint.setText(f"発行日: {error}")
            self.hint.setVisible(True)
            return
        editor.setStyleSheet("")
        self.hint.setText(f"発行日: {format_wareki(day)}")
        self.hint.setVisible(True)

    def _status_chosen(self, number: int) -> None:
        if self._filling or number >= len(self.rows):
            return
        status = DocStatus(self._combos[number].currentData())
        self._edit(number, ChecklistColumn.STATUS, status=status)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.row() >= len(self.rows):
            return
        number, column = item.row(), item.column()
        text = item.text().strip()
        if column == ChecklistColumn.ISSUED:
            try:
                issued = parse_date(text) if text else None
            except UserError as error:
                what = self.rows[number].requirement.type.value
                self.failed.emit(f"{what}の発行日を入力し直してください({error})。")
                self.refresh()
                return
            self._edit(number, ChecklistColumn.ISSUED, issued=issued)
        elif column == ChecklistColumn.NAME:
            self._edit(number, ChecklistColumn.NAME, name=text)
        elif column == ChecklistColumn.REPRESENTATIVE:
            self._edit(number, ChecklistColumn.REPRESENTATIVE, representative=text)
        elif column == ChecklistColumn.NOTE:
            self._edit(number, ChecklistColumn.NOTE, note=text)

    def _edit(self, number: int, column: ChecklistColumn, **values: Any) -> None:
        """One undoable change of the bid's documents; the row's document is replaced in
        place, or added when the bid has none for this requirement yet."""
        bid, row = self.bid, self.rows[number]
        if bid is None:
            return
        old = row.document if row.document is not None else Document(type=row.requirement.type)
        new = replace(old, **values)
        if new == old:
            self.refresh()  # nothing to save: show the stored value again
            return
        text = f"{row.requirement.type.value}の{_WHAT[column]}を変更"
        if not self.apply(operations.put_document(bid, row.index, new), text):
            self.refresh()


def _index_of(bid: Bid, document: Document | None) -> int | None:
    """Where ``document`` (an object taken from the bid) sits in the bid's documents."""
    if document is None:
        return None
    return next((i for i, d in enumerate(bid.documents) if d is document), None)
