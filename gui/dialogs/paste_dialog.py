"""貼り付けて追加: paste any announcement text, check every parsed field, add the chosen ones.

Nothing is saved until 追加; every cell of the preview can be corrected and is read again
with the same parsers (so 1234万円 or 令和8年12月9日 are accepted in a cell too).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.announcements.parsing import (
    ParseError,
    parse_announcement,
    parse_property_numbers,
)
from biddesk.domain.dates import format_wareki, parse_date
from biddesk.domain.edits.property_figures import with_base_price, with_deposit
from biddesk.domain.edits.reimport import PropertyImport, Verdict, plan_import
from biddesk.domain.errors import UserError
from biddesk.domain.models import Portfolio, Property, PropertyStatus
from biddesk.domain.money import check_price, format_yen, parse_yen
from biddesk.gui import palette
from biddesk.gui.geometry import fit_dialog
from biddesk.gui.keys import SpreadsheetTable
from biddesk.gui.palette import Role


def _text(value: str | None) -> str:
    return value or ""


def _status(text: str) -> PropertyStatus:
    for status in PropertyStatus:
        if text.strip() in (status.label, status.value):
            return status
    raise UserError(
        f"状態は {'・'.join(s.label for s in PropertyStatus)} のいずれかです: 「{text}」"
    )


def _date_or_none(text: str) -> date | None:
    return parse_date(text) if text.strip() else None


def _price_or_none(text: str, label: str) -> int | None:
    """A corrected price cell: empty is none, 0円 is refused as in every input."""
    return check_price(parse_yen(text), label) if text.strip() else None


def _set_date(name: str) -> Callable[[Property, str], Property]:
    def apply(prop: Property, text: str) -> Property:
        values: dict[str, Any] = {name: _date_or_none(text)}
        return replace(prop, **values)

    return apply


# (header, shown text, apply corrected text)
COLUMNS: list[tuple[str, Callable[[Property], str], Callable[[Property, str], Property]]] = [
    ("裁判所", lambda p: _text(p.court), lambda p, t: replace(p, court=t.strip() or None)),
    (
        "事件番号",
        lambda p: _text(p.case_number),
        lambda p, t: replace(p, case_number=t.strip() or None),
    ),
    (
        "物件番号",
        lambda p: ",".join(p.property_numbers),
        lambda p, t: replace(p, property_numbers=parse_property_numbers(t) if t.strip() else ()),
    ),
    ("種別", lambda p: _text(p.kind), lambda p, t: replace(p, kind=t.strip() or None)),
    ("所在地", lambda p: _text(p.address), lambda p, t: replace(p, address=t.strip() or None)),
    (
        "売却基準価額",
        lambda p: format_yen(p.base_price, missing=""),
        lambda p, t: with_base_price(p, _price_or_none(t, "売却基準価額")),
    ),
    (
        "買受可能価額",
        lambda p: format_yen(p.minimum_bid, missing=""),
        lambda p, t: replace(p, minimum_bid=_price_or_none(t, "買受可能価額")),
    ),
    (
        "保証額",
        lambda p: format_yen(p.deposit, missing="") + ("(推定)" if p.deposit_estimated else ""),
        lambda p, t: with_deposit(p, _price_or_none(t.replace("(推定)", ""), "保証額")),
    ),
    (
        "入札期間(始)",
        lambda p: format_wareki(p.bid_period_start, missing=""),
        _set_date("bid_period_start"),
    ),
    (
        "入札期間(終)",
        lambda p: format_wareki(p.bid_period_end, missing=""),
        _set_date("bid_period_end"),
    ),
    ("開札期日", lambda p: format_wareki(p.opening_date, missing=""), _set_date("opening_date")),
    ("状態", lambda p: p.status.label, lambda p, t: replace(p, status=_status(t))),
]
IMPORT_COLUMN = len(COLUMNS)
"""新規 / 更新 (the changed fields) / 変更なし, against the open portfolio (edits/reimport)."""
WARNINGS_COLUMN = IMPORT_COLUMN + 1
IDENTITY_COLUMNS = 3
"""裁判所, 事件番号, 物件番号: what a row is matched by; 取り込み is shown next to them."""


class PasteDialog(QDialog):
    added = Signal(list)

    def __init__(
        self, parent: QWidget | None = None, text: str = "", *, existing: Portfolio | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("貼り付けて追加")
        fit_dialog(self, 1200, 720)
        self.existing = existing or Portfolio()
        self.drafts: list[Property] = []
        self.imports: list[PropertyImport] = []
        self.errors: dict[tuple[int, int], str] = {}

        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(
            "BITの物件カード、期間入札公告、メモなどをここに貼り付けてください(複数件まとめて可)。"
        )
        paste_button = QPushButton("クリップボードから貼り付け")
        paste_button.clicked.connect(self._paste_clipboard)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.table = SpreadsheetTable(0, WARNINGS_COLUMN + 1)  # Enter moves down a cell
        self.table.setHorizontalHeaderLabels([c[0] for c in COLUMNS] + ["取り込み", "注意"])
        self.table.horizontalHeader().setStretchLastSection(True)
        header = self.table.horizontalHeader()  # 取り込み right after the property's identity
        header.moveSection(header.visualIndex(IMPORT_COLUMN), IDENTITY_COLUMNS)
        self.table.itemChanged.connect(self._cell_edited)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("1. 公告・物件カードのテキスト"))
        row.addStretch(1)
        row.addWidget(paste_button)
        top_layout.addLayout(row)
        top_layout.addWidget(self.input)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("2. 読み取り結果(セルをダブルクリックして修正できます)"))
        bottom_layout.addWidget(self.message)
        bottom_layout.addWidget(self.table)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setSizes([260, 420])

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton(
            "選択した物件を取り込む", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._add)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(self.buttons)

        # Re-read shortly after typing stops, not on every keystroke.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.parse_now)
        self.input.textChanged.connect(self._timer.start)
        self.input.setPlainText(text)
        self.parse_now()

    def _paste_clipboard(self) -> None:
        self.input.setPlainText(QGuiApplication.clipboard().text())
        self.parse_now()

    def parse_now(self) -> None:
        self._timer.stop()
        text = self.input.toPlainText()
        self.drafts = []
        self.errors = {}
        if not text.strip():
            self.message.setText("テキストを貼り付けると、ここに物件が表示されます。")
        else:
            try:
                result = parse_announcement(text, source="貼り付け")
            except ParseError as error:
                self.message.setText(palette.span(Role.ERROR, str(error)))
            else:
                self.drafts = list(result.properties)
                lines = list(result.warnings) + [
                    f"{row + 1}行目 {prop.title}: {warning}"
                    for row, prop in enumerate(self.drafts)
                    for warning in prop.warnings
                ]
                notes = "".join(f"<br>⚠ {html.escape(line)}" for line in lines)
                self.message.setText(f"{len(self.drafts)}件の物件を読み取りました。{notes}")
        self._fill()

    def _plan(self) -> None:
        """What each draft would do to the open portfolio: 新規, 更新 (which fields) or
        変更なし — the same plan 取り込む makes (ids here are placeholders)."""
        counter = iter(range(1, 1_000_000))
        plan = plan_import(
            self.existing,
            [Portfolio(properties=tuple(self.drafts))],
            lambda prefix: f"{prefix}-preview-{next(counter)}",
        )
        self.imports = list(plan.files[0].properties) if plan.files else []

    def verdict(self, row: int) -> PropertyImport:
        return self.imports[row]

    def _fill(self) -> None:
        self._plan()
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.drafts))
        for row, prop in enumerate(self.drafts):
            self._fill_row(row, prop)
        self.table.resizeColumnsToContents()
        for column in range(len(COLUMNS)):  # keep 注意 (last) in view; tooltips show the rest
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), 150))
        self.table.setColumnWidth(IMPORT_COLUMN, min(self.table.columnWidth(IMPORT_COLUMN), 260))
        self.table.blockSignals(False)
        self._update_add_button()

    def _fill_row(self, row: int, prop: Property) -> None:
        for column, (_, show, _apply) in enumerate(COLUMNS):
            item = self.table.item(row, column) or QTableWidgetItem()
            if column == 0 and not item.data(Qt.ItemDataRole.UserRole):
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(
                    Qt.CheckState.Checked if self._ticked(row, prop) else Qt.CheckState.Unchecked
                )
                item.setData(Qt.ItemDataRole.UserRole, True)
            error = self.errors.get((row, column))
            if error is None:
                item.setText(show(prop))
            item.setBackground(palette.brush(Role.ERROR_BACKGROUND) if error else QBrush())
            item.setToolTip(error or "")
            self.table.setItem(row, column, item)
        self._fill_verdict(row)
        warnings = QTableWidgetItem("／".join(prop.warnings))
        warnings.setFlags(warnings.flags() & ~Qt.ItemFlag.ItemIsEditable)
        warnings.setToolTip("\n".join(prop.warnings))
        if prop.warnings:
            warnings.setBackground(palette.brush(Role.WARNING_BACKGROUND))
        self.table.setItem(row, WARNINGS_COLUMN, warnings)

    def _ticked(self, row: int, prop: Property) -> bool:
        """Ticked at first: an update of a registered property (a 取下げ card included),
        a new property still for sale; not a row that changes nothing."""
        verdict = self.imports[row].verdict if row < len(self.imports) else Verdict.NEW
        if verdict is Verdict.SAME:
            return False
        return verdict is Verdict.UPDATE or prop.status.is_open

    def _fill_verdict(self, row: int) -> None:
        if row >= len(self.imports):
            return
        found = self.imports[row]
        affected = f"(入札{len(found.consequences)}件に影響)" if found.consequences else ""
        item = QTableWidgetItem(found.description + affected)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        lines = [str(c) for c in found.changes] + list(found.consequences)
        item.setToolTip("\n".join([found.verdict.value, *lines]))
        if found.verdict is Verdict.UPDATE:
            item.setBackground(palette.brush(Role.WARNING_BACKGROUND))
        self.table.setItem(row, IMPORT_COLUMN, item)

    def _cell_edited(self, item: QTableWidgetItem) -> None:
        row, column = item.row(), item.column()
        if column >= len(COLUMNS) or row >= len(self.drafts):
            return
        _, show, apply = COLUMNS[column]
        if item.text() == show(self.drafts[row]):
            # The checkbox changed, or the text is back to the value: nothing to re-read.
            if self.errors.pop((row, column), None) is not None:
                self._restyle(row)
            self._update_add_button()
            return
        try:
            self.drafts[row] = apply(self.drafts[row], item.text())
            self.errors.pop((row, column), None)
        except UserError as error:
            self.errors[(row, column)] = str(error)
        self._plan()  # a corrected 事件番号 may now match a registered property
        self._restyle(row)
        self.table.blockSignals(True)
        for other in range(len(self.drafts)):
            self._fill_verdict(other)
        self.table.blockSignals(False)
        self._update_add_button()

    def _restyle(self, row: int) -> None:
        self.table.blockSignals(True)
        self._fill_row(row, self.drafts[row])
        self.table.blockSignals(False)

    def selected_rows(self) -> list[int]:
        return [
            row
            for row in range(self.table.rowCount())
            if (item := self.table.item(row, 0)) is not None
            and item.checkState() == Qt.CheckState.Checked
        ]

    def _update_add_button(self) -> None:
        rows = self.selected_rows()
        blocked = any(row in rows for row, _ in self.errors)
        self.add_button.setEnabled(bool(rows) and not blocked)
        self.add_button.setText(
            f"選択した{len(rows)}件を取り込む" if rows else "選択した物件を取り込む"
        )
        if blocked:
            self.add_button.setToolTip("赤いセルを修正してください。")
        else:
            self.add_button.setToolTip("")

    def _add(self) -> None:
        rows = self.selected_rows()
        if not rows or any(row in rows for row, _ in self.errors):
            return
        self.added.emit([self.drafts[row] for row in rows])
        self.accept()

    def cell_text(self, row: int, column: int) -> Any:
        item = self.table.item(row, column)
        return item.text() if item is not None else None
