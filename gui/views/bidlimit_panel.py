"""入札上限: the calculator of domain/funds/bidlimit.py beside the bid (issue 17 item 2).

The inputs belong to the property (``Property.bid_limit``, saved in the file); every
committed field is one undoable edit. The result is recomputed on every keystroke from what
is typed (not yet saved), with the cost lines of the 3点セット risk sheet added; a button sets
the bid's amount to the limit, and the panel warns when the typed bid exceeds it.
"""

from __future__ import annotations

import html
from dataclasses import replace
from fractions import Fraction

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.errors import UserError
from biddesk.domain.figures import figures_of
from biddesk.domain.funds.bidlimit import BidLimit, compute_bid_limit
from biddesk.domain.funds.costs import parse_percent, percent_text
from biddesk.domain.models import Bid, BidLimitInputs, NamedCost, Property
from biddesk.domain.money import MoneyError, format_yen, parse_yen, yen_in_words
from biddesk.domain.paperwork.risks import risk_cost_lines
from biddesk.gui import palette
from biddesk.gui.fields import YenField, _ParsedField, fit_form, select_data
from biddesk.gui.palette import Role
from biddesk.gui.views.outcome_tab import CostEstimateDialog

_VALUE, _RENT = "value", "rent"
_RATE, _AMOUNT = "rate", "amount"


class PercentField(_ParsedField):
    """A rate typed in percent (``4``, ``3.5%``, ``１５％``), read by costs.parse_percent."""

    def __init__(self, label: str, placeholder: str, parent: QWidget | None = None) -> None:
        super().__init__(placeholder, "99.99", "99.99%", parent)
        self._label = label

    def _read(self, text: str) -> Fraction:
        return parse_percent(text, self._label)

    def _describe(self, value: Fraction) -> str:
        return f"{percent_text(value)}%"

    def _show(self, value: Fraction) -> str:
        return percent_text(value)

    def value(self) -> Fraction | None:
        return self._value if isinstance(self._value, Fraction) else None


class BidLimitPanel(QGroupBox):
    """The 入札上限 of the shown property, and the bid measured against it."""

    failed = Signal(str)
    put_property = Signal(object, str)  # (Property, label): one undoable edit
    set_amount = Signal(int)  # the bid's amount set to the limit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("入札上限(評価額から逆算)", parent)
        self.setObjectName("bidlimit")
        self.prop: Property | None = None
        self.bid: Bid | None = None
        self.typed_amount: int | None = None
        self.result: BidLimit | None = None
        self._showing = False
        form = fit_form(QFormLayout())
        self.mode = QComboBox()
        self.mode.addItem("評価額(再販価格)から", _VALUE)
        self.mode.addItem("家賃収入(収益価格)から", _RENT)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        form.addRow("求め方", self.mode)
        self.value = YenField(price="評価額")
        self.rent = YenField(price="年間家賃")
        self.expenses = YenField()
        self.target_yield = PercentField("期待利回り", "例: 8")
        self.sell_cost = PercentField("売却経費率", "例: 4(仲介手数料など)")
        self.value_label, self.rent_label = QLabel("評価額"), QLabel("年間家賃")
        self.expenses_label, self.yield_label = QLabel("年間経費"), QLabel("期待利回り(%)")
        form.addRow(self.value_label, self.value)
        form.addRow(self.rent_label, self.rent)
        form.addRow(self.expenses_label, self.expenses)
        form.addRow(self.yield_label, self.target_yield)
        form.addRow("売却経費率(%)", self.sell_cost)
        self.costs = QTableWidget(0, 2)
        self.costs.setHorizontalHeaderLabels(["費用(立退き・修繕など)", "金額"])
        self.costs.verticalHeader().setVisible(False)
        self.costs.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.costs.setMinimumHeight(110)
        self.costs.setMaximumHeight(170)
        self.costs.itemChanged.connect(self._cost_edited)
        form.addRow("諸費用", self.costs)
        cost_buttons = QHBoxLayout()
        self.add_cost = QPushButton("追加")
        self.add_cost.clicked.connect(self._add_cost_row)
        self.remove_cost = QPushButton("削除")
        self.remove_cost.setToolTip("選択した費用(選択がなければ最後の行)を削除します")
        self.remove_cost.clicked.connect(self._remove_cost_row)
        self.estimate = QPushButton("取得税等の概算…")
        self.estimate.setToolTip(
            "登録免許税・不動産取得税の概算(結果・返還タブと同じ計算)を諸費用に加えます。"
            "買受価額は今の入札上限(なければ買受可能価額)で、やや多めの見積りになります。"
        )
        self.estimate.clicked.connect(self._add_estimate)
        for button in (self.add_cost, self.remove_cost, self.estimate):
            cost_buttons.addWidget(button)
        cost_buttons.addStretch(1)
        form.addRow(cost_buttons)
        self.risk_costs = QLabel()
        self.risk_costs.setWordWrap(True)
        self.risk_costs.setStyleSheet(palette.css(Role.MUTED))
        form.addRow("3点セットから", self.risk_costs)
        profit = QHBoxLayout()
        self.profit_kind = QComboBox()
        self.profit_kind.addItem("利益率(%)", _RATE)
        self.profit_kind.addItem("利益額", _AMOUNT)
        self.profit_kind.setToolTip("利益率は入札額+諸費用(投下資金の全体)に対する率です")
        self.profit_kind.currentIndexChanged.connect(self._profit_kind_changed)
        self.profit_rate = PercentField("目標利益率", "例: 15")
        self.profit_amount = YenField()
        profit.addWidget(self.profit_kind)
        profit.addWidget(self.profit_rate, 1)
        profit.addWidget(self.profit_amount, 1)
        form.addRow("目標利益", profit)
        self.unit = YenField(price="丸め単位")
        self.unit.set_placeholder("例: 10,000")
        self.tail = YenField()
        self.tail.set_placeholder("例: 2,000")
        self.tail.setToolTip("…2,000円のように端数を付けた額にします(丸め単位より小さい額)")
        form.addRow("丸め単位", self.unit)
        form.addRow("端数", self.tail)
        self.summary = QLabel()
        self.summary.setObjectName("bidlimit_summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.steps = QLabel()
        self.steps.setObjectName("bidlimit_steps")
        self.steps.setWordWrap(True)
        self.steps.setStyleSheet(palette.css(Role.MUTED))
        self.steps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.use_limit = QPushButton("入札額を上限にする")
        self.use_limit.clicked.connect(self._use_limit)
        self.warning = QLabel()
        self.warning.setObjectName("bidlimit_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(palette.css(Role.ERROR, bold=True))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.warning)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_limit)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.steps)
        layout.addStretch(1)
        for field in self._fields():
            field.edited.connect(self.recompute)
            field.edit.textEdited.connect(self.recompute)
            field.committed.connect(self._commit)
        self._mode_changed()
        self._profit_kind_changed()

    def _fields(self) -> list[_ParsedField]:
        return [
            self.value, self.rent, self.expenses, self.target_yield, self.sell_cost,
            self.profit_rate, self.profit_amount, self.unit, self.tail,
        ]  # fmt: skip

    # --- showing ------------------------------------------------------------------
    def show_for(self, prop: Property | None, bid: Bid | None) -> None:
        self.prop, self.bid = prop, bid
        self.typed_amount = bid.amount if bid is not None else None
        inputs = (prop.bid_limit if prop is not None else None) or BidLimitInputs()
        self._showing = True
        try:
            rental = inputs.rent_yearly is not None
            select_data(self.mode, _RENT if rental else _VALUE)
            self.value.set_value(inputs.value)
            self.rent.set_value(inputs.rent_yearly)
            self.expenses.set_value(inputs.expenses_yearly or None)
            self.target_yield.set_value(inputs.target_yield)
            self.sell_cost.set_value(inputs.sell_cost_rate or None)
            select_data(self.profit_kind, _AMOUNT if inputs.profit is not None else _RATE)
            self.profit_rate.set_value(inputs.profit_rate)
            self.profit_amount.set_value(inputs.profit)
            self.unit.set_value(inputs.unit)
            self.tail.set_value(inputs.tail or None)
            self.costs.blockSignals(True)
            self.costs.setRowCount(0)
            for cost in inputs.costs:
                self._append_cost(cost.name, f"{cost.amount:,}")
            self.costs.blockSignals(False)
            self._mode_changed()
            self._profit_kind_changed()
        finally:
            self._showing = False
        self.recompute()

    def set_typed_amount(self, amount: int | None) -> None:
        """The bid's amount as typed (live, before it is saved): the warning follows it."""
        self.typed_amount = amount
        self._show_warning()

    def _mode_changed(self) -> None:
        rental = self.mode.currentData() == _RENT
        by_value: tuple[QWidget, ...] = (self.value_label, self.value)
        by_rent: tuple[QWidget, ...] = (
            self.rent_label, self.rent, self.expenses_label, self.expenses, self.yield_label,
            self.target_yield,
        )  # fmt: skip
        for widget in by_value:
            widget.setVisible(not rental)
        for widget in by_rent:
            widget.setVisible(rental)
        if not self._showing:
            self.recompute()
            self._commit()

    def _profit_kind_changed(self) -> None:
        rate = self.profit_kind.currentData() == _RATE
        self.profit_rate.setVisible(rate)
        self.profit_amount.setVisible(not rate)
        if not self._showing:
            self.recompute()
            self._commit()

    # --- the costs table ------------------------------------------------------------
    def _append_cost(self, name: str, amount: str) -> None:
        row = self.costs.rowCount()
        self.costs.insertRow(row)
        self.costs.setItem(row, 0, QTableWidgetItem(name))
        item = QTableWidgetItem(amount)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.costs.setItem(row, 1, item)

    def _add_cost_row(self) -> None:
        self.costs.blockSignals(True)
        self._append_cost("修繕", "0")
        self.costs.blockSignals(False)
        self.recompute()
        self._commit()

    def _remove_cost_row(self) -> None:
        rows = sorted({index.row() for index in self.costs.selectedIndexes()}, reverse=True)
        if not rows and self.costs.rowCount():
            rows = [self.costs.rowCount() - 1]
        for row in rows:
            self.costs.removeRow(row)
        self.recompute()
        self._commit()

    def _cost_edited(self, item: QTableWidgetItem) -> None:
        if item.column() == 1:
            self.costs.blockSignals(True)
            try:
                amount = parse_yen(item.text()) if item.text().strip() else 0
            except MoneyError as error:
                item.setToolTip(str(error))
                item.setBackground(palette.brush(Role.ERROR_BACKGROUND))
                self.costs.blockSignals(False)
                self.recompute()
                return
            item.setToolTip("")
            item.setData(Qt.ItemDataRole.BackgroundRole, None)
            if amount is not None:
                item.setText(f"{amount:,}")
            self.costs.blockSignals(False)
        self.recompute()
        self._commit()  # last: the saved edit shows the property again (new items)

    def _table_costs(self) -> tuple[NamedCost, ...]:
        """The costs as typed; UserError for an amount that cannot be read."""
        found = []
        for row in range(self.costs.rowCount()):
            name_item, amount_item = self.costs.item(row, 0), self.costs.item(row, 1)
            name = name_item.text().strip() if name_item is not None else ""
            text = amount_item.text() if amount_item is not None else ""
            try:
                amount = parse_yen(text) if text.strip() else 0
            except MoneyError as error:
                raise UserError(f"費用「{name}」: {error}") from None
            found.append(NamedCost(name=name, amount=amount or 0))
        return tuple(found)

    def _add_estimate(self) -> None:
        prop = self.prop
        if prop is None:
            return
        price = self.result.limit if self.result is not None and self.result.limit > 0 else None
        if price is None:
            price = figures_of(prop).minimum_bid
        loan = self.bid.loan.amount if self.bid is not None and self.bid.loan else None
        dialog = CostEstimateDialog(price, loan_amount=loan, parent=self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        names = {line.name for line in dialog.lines}
        self.costs.blockSignals(True)
        for row in reversed(range(self.costs.rowCount())):
            item = self.costs.item(row, 0)
            if item is not None and item.text().strip() in names:
                self.costs.removeRow(row)  # an estimate made again replaces the old lines
        for line in dialog.lines:
            self._append_cost(line.name, f"{line.amount:,}")
        self.costs.blockSignals(False)
        self.recompute()
        self._commit()

    # --- reading, computing, saving -------------------------------------------------
    def inputs(self) -> BidLimitInputs | None:
        """The inputs as typed; None when nothing is entered. UserError names a field that
        cannot be read."""
        rental = self.mode.currentData() == _RENT
        rate = self.profit_kind.currentData() == _RATE
        relevant = [
            *((self.rent, self.expenses, self.target_yield) if rental else (self.value,)),
            self.sell_cost, self.profit_rate if rate else self.profit_amount, self.unit, self.tail,
        ]  # fmt: skip
        for field in relevant:
            if not field.valid:
                raise UserError(field.toolTip() or "入力を確認してください。")
        inputs = BidLimitInputs(
            value=None if rental else self.value.value(),
            rent_yearly=self.rent.value() if rental else None,
            expenses_yearly=(self.expenses.value() or 0) if rental else 0,
            target_yield=self.target_yield.value() if rental else None,
            sell_cost_rate=self.sell_cost.value() or Fraction(0),
            costs=self._table_costs(),
            profit_rate=self.profit_rate.value() if rate else None,
            profit=None if rate else self.profit_amount.value(),
            unit=self.unit.value(),
            tail=self.tail.value() or 0,
        )
        return None if inputs == BidLimitInputs() else inputs

    def recompute(self, *_: object) -> None:
        if self._showing:
            return
        prop = self.prop
        extra = risk_cost_lines(prop.risks if prop is not None else None)
        self.risk_costs.setText(
            "、".join(f"{c.name} {format_yen(c.amount)}" for c in extra)
            or "なし(3点セットタブで占有者・滞納管理費などを入力すると加わります)"
        )
        self.result = None
        try:
            inputs = self.inputs()
            if inputs is None:
                self._show_result("評価額か家賃を入力すると入札上限を計算します。", [])
                return
            minimum = figures_of(prop).minimum_bid if prop is not None else None
            self.result = compute_bid_limit(inputs, minimum_bid=minimum, extra_costs=extra)
        except UserError as error:
            self._show_result(palette.span(Role.ERROR, str(error)), [])
            return
        result = self.result
        words = yen_in_words(result.limit) if result.limit >= 0 else ""
        verdict = ""
        if result.valid is not None:
            color, text = (
                (palette.name(Role.GOOD), "買受可能価額以上")
                if result.valid
                else (palette.name(Role.ERROR), "買受可能価額未満")
            )
            verdict = f" <span style='color:{color}'>{text}</span>"
        self._show_result(
            f"<span style='font-size:15px'><b>入札上限 {format_yen(result.limit)}</b></span>"
            f"({html.escape(words)}){verdict}",
            list(result.steps),
        )

    def _show_result(self, summary: str, steps: list[str]) -> None:
        self.summary.setText(summary)
        self.steps.setText("\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)))
        usable = self.result is not None and self.result.limit > 0 and self.bid is not None
        self.use_limit.setEnabled(usable)
        self._show_warning()

    def _show_warning(self) -> None:
        result, amount = self.result, self.typed_amount
        if result is None or amount is None or amount <= result.limit:
            self.warning.setText("")
            self.warning.setVisible(False)
            return
        self.warning.setText(
            f"⚠ 入札額{format_yen(amount)}が入札上限{format_yen(result.limit)}を"
            f"{format_yen(amount - result.limit)}超えています。"
        )
        self.warning.setVisible(True)

    def _commit(self) -> None:
        prop = self.prop
        if prop is None or self._showing:
            return
        try:
            inputs = self.inputs()
        except UserError:
            return  # the field shows why; nothing is saved until it reads
        if inputs != prop.bid_limit:
            self.put_property.emit(replace(prop, bid_limit=inputs), "入札上限")

    def _use_limit(self) -> None:
        if self.result is not None and self.result.limit > 0:
            self.set_amount.emit(self.result.limit)
