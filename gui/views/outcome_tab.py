"""結果・返還: the outcome of one bid after the opening, its refund, and its acquisition costs.

Every field is one undoable edit of ``Bid.outcome`` (or ``Bid.acquisition_costs``). The
次順位 eligibility and the refund state are the domain's (``second_bid_eligibility``,
``refund_status``), recomputed as the figures are typed, before anything is saved.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.errors import UserError
from biddesk.domain.figures import (
    check_bid,
    deposit_credited,
    figures_of,
    second_bid_eligibility,
)
from biddesk.domain.funds.costs import (
    DEFAULT_RATES,
    CostLine,
    CostRates,
    estimate_costs,
    parse_percent,
    percent_text,
    total_costs,
)
from biddesk.domain.funds.refunds import ERROR, WARNING, RefundState, RefundStatus, refund_status
from biddesk.domain.models import Bid, Outcome, OutcomeResult, PaymentMethod, Property
from biddesk.domain.money import format_yen
from biddesk.domain.schedule.aftersale import estimated_payment_deadline, payment_due
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField, YenField, fit_form, select_data
from biddesk.gui.geometry import fit_dialog
from biddesk.gui.palette import Role
from biddesk.gui.views.bid_view import BidView
from biddesk.gui.views.market_view import sale_result_text

# Which rows each result shows (the rest do not apply to it).
_TOP_BID = {OutcomeResult.WON, OutcomeResult.SECOND, OutcomeResult.LOST, OutcomeResult.FORFEITED}
_ELIGIBILITY = {OutcomeResult.SECOND, OutcomeResult.LOST}
_DEADLINE = {OutcomeResult.WON, OutcomeResult.SECOND, OutcomeResult.FORFEITED}
_PAID = {OutcomeResult.WON}
_WITHDRAWN = {OutcomeResult.WITHDRAWN}
_REFUND = {
    OutcomeResult.SECOND,
    OutcomeResult.LOST,
    OutcomeResult.INVALID,
    OutcomeResult.WITHDRAWN,
}


class CostEstimateDialog(QDialog):
    """取得諸費用の概算: the estimator's lines, editable inputs; the total only on OK."""

    def __init__(
        self,
        price: int | None,
        *,
        loan_amount: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("取得諸費用の概算")
        fit_dialog(self, 900, 460)  # the screen less a margin if smaller
        self.lines: list[CostLine] = []
        form = fit_form(QFormLayout())
        self.price = YenField()
        self.price.set_value(price)
        form.addRow("買受価額", self.price)
        self.assessed = YenField()
        self.assessed.set_placeholder("不明なら空欄(買受価額で概算)")
        form.addRow("固定資産税評価額", self.assessed)
        self.loan = YenField()
        self.loan.set_value(loan_amount)
        form.addRow("融資額(抵当権設定)", self.loan)
        self.erasures = QSpinBox()
        self.erasures.setRange(0, 50)
        self.erasures.setSuffix(" 件")
        form.addRow("抹消登記の件数", self.erasures)
        rates = QHBoxLayout()
        self.rates: dict[str, QLineEdit] = {}
        for name, label in (
            ("registration", "登録免許税(移転)"),
            ("acquisition_tax", "不動産取得税"),
            ("mortgage", "登録免許税(抵当権)"),
        ):
            edit = QLineEdit(percent_text(getattr(DEFAULT_RATES, name)))
            edit.setMaximumWidth(70)
            edit.textEdited.connect(self.recompute)
            self.rates[name] = edit
            rates.addWidget(QLabel(label))
            rates.addWidget(edit)
            rates.addWidget(QLabel("%"))
        rates.addStretch(1)
        form.addRow("税率", rates)
        note = QLabel(
            "税率は本則です。土地の売買(1.5%)や住宅用家屋の軽減などは条件を確かめて書き換えて"
            "ください。OK を押すと合計を諸費用として入力します。"
        )
        note.setWordWrap(True)
        note.setStyleSheet(palette.css(Role.MUTED))
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["項目", "課税標準", "税率", "金額", "根拠", "備考"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.total_label = QLabel()
        self.total_label.setStyleSheet("font-weight: bold;")
        self.error = QLabel()
        self.error.setStyleSheet(palette.css(Role.ERROR))
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("キャンセル")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        for field in (self.price, self.assessed, self.loan):
            field.edited.connect(self.recompute)
            field.edit.textEdited.connect(self.recompute)
        self.erasures.valueChanged.connect(self.recompute)
        self.recompute()

    def _rates(self) -> CostRates:
        return CostRates(
            registration=parse_percent(self.rates["registration"].text()),
            acquisition_tax=parse_percent(self.rates["acquisition_tax"].text()),
            mortgage=parse_percent(self.rates["mortgage"].text()),
        )

    def recompute(self, *_: object) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        problems = [
            f"{name}: {field.toolTip()}"
            for name, field in (
                ("買受価額", self.price),
                ("固定資産税評価額", self.assessed),
                ("融資額", self.loan),
            )
            if not field.valid
        ]
        price = self.price.value()
        if price is None and self.price.valid:
            problems.append("買受価額を入力してください。")
        try:
            rates = self._rates()
        except UserError as error:
            problems.append(str(error))
            rates = DEFAULT_RATES
        if problems or price is None:
            self.lines = []
            self.error.setText("\n".join(problems))
            self.total_label.setText("合計 －")
            self.table.setRowCount(0)
            ok.setEnabled(False)
            return
        self.lines = estimate_costs(
            price,
            assessed_value=self.assessed.value(),
            loan_amount=self.loan.value(),
            erasures=self.erasures.value(),
            rates=rates,
        )
        self.error.setText("")
        ok.setEnabled(True)
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            base = f"{line.base}件" if line.rate is None else format_yen(line.base)
            rate = "定額" if line.rate is None else f"{percent_text(line.rate)}%"
            cells = (line.name, base, rate, format_yen(line.amount), line.source, line.note)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (1, 2, 3):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.total_label.setText(f"合計 {format_yen(self.total())}")

    def total(self) -> int:
        return total_costs(self.lines)


class OutcomeTab(BidView):
    """結果・返還 of one bid."""

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, today, parent)

        self.placeholder = QLabel("入札を選択してください。")
        self.placeholder.setStyleSheet(palette.css(Role.MUTED))
        self.form_widget = QWidget()
        form = self.form = fit_form(QFormLayout(self.form_widget))
        self.result = QComboBox()
        self.result.addItem("未記録", "")
        for result in OutcomeResult:
            self.result.addItem(result.label, result.value)
        self.result.currentIndexChanged.connect(self._result_changed)
        form.addRow("結果", self.result)
        self.top_bid = YenField(price="最高価")
        self.top_bid.edited.connect(self._refresh_eligibility)
        self.top_bid.committed.connect(lambda: self._put("最高価", top_bid=self.top_bid.value()))
        form.addRow("最高価", self.top_bid)
        self.eligibility = QLabel()
        self.eligibility.setWordWrap(True)
        self.eligibility.setObjectName("eligibility")
        # The verdict is a sentence: on its own full-width row under its title, so a
        # narrow pane wraps it in the pane's width instead of cutting it off.
        self.eligibility.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.MinimumExpanding
        )
        self.eligibility_title = QLabel("次順位の可否")
        form.addRow(self.eligibility_title)
        form.addRow(self.eligibility)
        # issue 16: the opening's 売却結果 from the history, and the own bid against it
        self.sale_result = QLabel()
        self.sale_result.setWordWrap(True)
        form.addRow("売却結果", self.sale_result)
        self.payment_deadline = DateField()
        self.payment_deadline.committed.connect(
            lambda: self._put("代金納付期限", payment_deadline=self.payment_deadline.value())
        )
        self.deadline_label = QLabel("代金納付期限")
        form.addRow(self.deadline_label, self.payment_deadline)
        self.paid_date = DateField()
        self.paid_date.committed.connect(
            lambda: self._put("代金納付日", paid_date=self.paid_date.value())
        )
        form.addRow("代金納付日", self.paid_date)
        self.withdrawn_date = DateField()
        self.withdrawn_date.committed.connect(
            lambda: self._put("取下げ等の日", withdrawn_date=self.withdrawn_date.value())
        )
        form.addRow("取下げ等の日", self.withdrawn_date)
        self.refund_date = DateField()
        self.refund_date.edited.connect(self._refresh_status)
        self.refund_date.committed.connect(
            lambda: self._put("返還日", refund_date=self.refund_date.value())
        )
        form.addRow("返還日", self.refund_date)
        self.refund_amount = YenField()
        self.refund_amount.edited.connect(self._refresh_status)
        self.refund_amount.edit.textEdited.connect(self._refresh_status)
        self.refund_amount.committed.connect(
            lambda: self._put("返還額", refund_amount=self.refund_amount.value())
        )
        form.addRow("返還額", self.refund_amount)
        # Wrapped labels go outside the form: a QFormLayout row clips their last lines.
        self.short = QLabel()
        self.short.setWordWrap(True)
        self.short.setStyleSheet(palette.css(Role.ERROR, bold=True))
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setObjectName("refundStatus")
        refund_box = QGroupBox("保証金の返還")
        refund_layout = QVBoxLayout(refund_box)
        refund_layout.addWidget(self.short)
        refund_layout.addWidget(self.status)

        costs = QGroupBox("取得諸費用(落札した場合)")
        costs_layout = QVBoxLayout(costs)
        costs_form = fit_form(QFormLayout())
        costs_layout.addLayout(costs_form)
        self.costs = YenField()
        self.costs.committed.connect(
            lambda: self._put_bid("諸費用", acquisition_costs=self.costs.value())
        )
        self.estimate_button = QPushButton("見積もる…")
        self.estimate_button.setToolTip(
            "登録免許税・不動産取得税の概算を表示します。OK を押したときだけ入力します。"
        )
        self.estimate_button.clicked.connect(self.open_estimate)
        costs_form.addRow("諸費用", self.costs)
        row = QHBoxLayout()  # under the field: beside it, a narrow pane would cut it off
        row.addWidget(self.estimate_button)
        row.addStretch(1)
        costs_form.addRow("", row)
        costs_note = QLabel("資金繰りには、ここに入力した諸費用だけが数えられます。")
        costs_note.setStyleSheet(palette.css(Role.MUTED))
        costs_note.setWordWrap(True)  # outside the form: a form row clips a wrapped label
        costs_layout.addWidget(costs_note)

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.form_widget)
        layout.addWidget(refund_box)
        layout.addWidget(costs)
        layout.addStretch(1)
        self.refund_box = refund_box
        self.costs_box = costs
        self.show_bid(None, None)

    # --- showing ------------------------------------------------------------------
    def show_bid(self, prop: Property | None, bid: Bid | None) -> None:
        self.prop, self.bid = prop, bid
        self.placeholder.setVisible(bid is None)
        for box in (self.form_widget, self.refund_box, self.costs_box):
            box.setVisible(bid is not None)
        if bid is None:
            return
        outcome = bid.outcome
        select_data(self.result, outcome.result.value if outcome else "")
        self.top_bid.set_value(outcome.top_bid if outcome else None)
        self.payment_deadline.set_value(outcome.payment_deadline if outcome else None)
        self.paid_date.set_value(outcome.paid_date if outcome else None)
        self.withdrawn_date.set_value(outcome.withdrawn_date if outcome else None)
        self.refund_date.set_value(outcome.refund_date if outcome else None)
        self.refund_amount.set_value(outcome.refund_amount if outcome else None)
        self.costs.set_value(bid.acquisition_costs)
        deposit = self._deposit()
        self.refund_amount.set_placeholder(
            f"空欄 = 保証額の全額({format_yen(deposit)})" if deposit is not None else "空欄 = 全額"
        )
        self._show_rows(outcome.result if outcome else None)
        self.sale_result.setText(sale_result_text(self.document, prop, bid))
        self._refresh_eligibility()
        self._refresh_status()
        editable = not self.document.read_only
        for widget in (self.form_widget, self.costs_box):
            widget.setEnabled(editable)

    def _show_rows(self, result: OutcomeResult | None) -> None:
        def show(widget: QWidget, results: set[OutcomeResult]) -> None:
            self.form.setRowVisible(widget, result in results)

        show(self.top_bid, _TOP_BID)
        show(self.eligibility, _ELIGIBILITY)
        show(self.eligibility_title, _ELIGIBILITY)
        show(self.payment_deadline, _DEADLINE)
        show(self.paid_date, _PAID)
        show(self.withdrawn_date, _WITHDRAWN)
        show(self.refund_date, _REFUND)
        show(self.refund_amount, _REFUND)
        second = result is OutcomeResult.SECOND
        # the long label on two lines, so that the fields keep their width beside it
        long_label = "最高価買受申出人の\n代金納付期限"
        self.deadline_label.setText(long_label if second else "代金納付期限")
        estimate = estimated_payment_deadline(self.prop)
        if estimate is not None and self.payment_deadline.value() is None:
            self.payment_deadline.hint.setText(
                f"推定 {format_wareki(estimate)}(裁判所の通知の期限を入力)"
            )

    def _deposit(self) -> int | None:
        """The property's 買受申出保証額 (announced, else computed)."""
        if self.prop is None:
            return None
        return figures_of(self.prop).deposit

    def _refresh_eligibility(self) -> None:
        bid, prop = self.bid, self.prop
        if bid is None:
            return
        top = self.top_bid.value() if self.top_bid.valid else None
        if top is None:
            self.eligibility.setText("最高価を入力すると判定します。")
            self.eligibility.setStyleSheet(palette.css(Role.MUTED))
            return
        if bid.amount is None:
            self.eligibility.setText("入札額が未入力のため判定できません。")
            self.eligibility.setStyleSheet(palette.css(Role.MUTED))
            return
        figures = figures_of(prop) if prop is not None else None
        check = second_bid_eligibility(
            bid.amount,
            minimum=figures.minimum_bid if figures else None,
            top_bid=top,
            deposit=figures.deposit if figures else None,
        )
        mark = "○ 申出できます" if check.eligible else "× 申出できません"
        self.eligibility.setText(f"{mark}: {check.reason}")
        self.eligibility.setStyleSheet(palette.css(Role.GOOD if check.eligible else Role.ERROR))

    def _preview(self) -> Bid | None:
        """The bid with the refund date and amount as typed (not yet saved)."""
        bid = self.bid
        if bid is None or bid.outcome is None:
            return bid
        outcome = bid.outcome
        if self.refund_date.valid:
            outcome = replace(outcome, refund_date=self.refund_date.value())
        if self.refund_amount.valid:
            outcome = replace(outcome, refund_amount=self.refund_amount.value())
        return replace(bid, outcome=outcome)

    def preview_status(self) -> RefundStatus | None:
        bid = self._preview()
        return refund_status(bid, self.prop, today=self.today) if bid is not None else None

    def _refresh_status(self, *_: object) -> None:
        status = self.preview_status()
        if status is None:
            guarantee = self.bid is not None and self.bid.method is PaymentMethod.GUARANTEE
            self.status.setText(
                "支払保証委託契約のため、返還される保証金はありません。"
                if guarantee
                else "保証金はまだ振り込まれていません。"
            )
            self.short.setText("")
            self.short.setVisible(False)
            return
        role = {ERROR: Role.ERROR, WARNING: Role.WARNING}.get(status.severity or "")
        color = palette.name(role) if role is not None else palette.text_color().name()
        facts = [f"<b>{html.escape(status.state.label)}</b>"]
        if status.expected_date is not None and status.refund_date is None:
            facts.append(f"返還予定 {format_wareki(status.expected_date)}")
        if status.age_days is not None:
            facts.append(f"経過 {status.age_days}日")
        level = {ERROR: "要連絡", WARNING: "遅れ"}.get(status.overdue, "")
        if level:
            facts.append(f"<b>{level}</b>")
        self.status.setText(
            f"<span style='color:{color}'>{'　'.join(facts)}<br>"
            f"{html.escape(status.message)}</span>{self._balance_text()}"
        )
        self.status.setToolTip(
            status.expected_date.isoformat() if status.expected_date is not None else ""
        )
        if status.state is RefundState.SHORT:  # a 組戻し fee is not a 一部返還
            self.short.setText(
                f"⚠ 返還額が保証額より{format_yen(status.short_by)}少ない(一部返還): "
                "裁判所(出納課)に確認してください。"
            )
        else:
            self.short.setText("")
        self.short.setVisible(bool(self.short.text()))

    def _balance_text(self) -> str:
        """For a won, unpaid bid: the balance and when it is due (one lump sum)."""
        bid, prop = self.bid, self.prop
        outcome = bid.outcome if bid is not None else None
        if bid is None or outcome is None or outcome.result is not OutcomeResult.WON:
            return ""
        if outcome.paid_date is not None or bid.amount is None:
            return ""
        figures = figures_of(prop) if prop is not None else None
        balance = check_bid(
            bid.amount,
            base_price=figures.base_price if figures else None,
            minimum=figures.minimum_bid if figures else None,
            deposit=deposit_credited(bid.method, figures.deposit if figures else None),
        ).balance_due
        due = payment_due(bid, prop)
        when = ""
        if due is not None:
            when = f"{format_wareki(due.day)}{'(見込み)' if due.estimated else ''}までに"
        return (
            f"<br><b>残代金 {format_yen(balance)}</b> を{when}一括で納付してください"
            "(分割はできません)。"
        )

    def _document_changed(self, _change: object) -> None:
        if self.bid is None:
            return
        state = self.document.state
        bid = state.bids.get(self.bid.id)
        if bid is None:
            self.show_bid(None, None)
            return
        if bid != self.bid or state.properties.get(bid.property) != self.prop:
            self.show_bid(state.properties.get(bid.property), bid)

    # --- edits ---------------------------------------------------------------------
    def _current(self) -> Bid | None:
        if self.bid is None:
            return None
        return self.document.state.bids.get(self.bid.id, self.bid)

    def _put_bid(self, label: str, **values: Any) -> None:
        bid = self._current()
        if bid is None or all(getattr(bid, k) == v for k, v in values.items()):
            return
        self.put_bid(replace(bid, **values), f"{label}を変更")

    def _put(self, label: str, **values: Any) -> None:
        bid = self._current()
        if bid is None or bid.outcome is None:
            return
        outcome = replace(bid.outcome, **values)
        if outcome != bid.outcome:
            self.put_bid(replace(bid, outcome=outcome), f"{label}を変更")

    def _result_changed(self) -> None:
        bid = self._current()
        if bid is None:
            return
        value = self.result.currentData()
        outcome: Outcome | None
        if not value:
            outcome = None
        else:
            result = OutcomeResult(value)
            if bid.outcome is None:
                top = bid.amount if result is OutcomeResult.WON else None
                outcome = Outcome(result=result, top_bid=top)
            else:
                outcome = replace(bid.outcome, result=result)
        if outcome == bid.outcome:
            return
        self.put_bid(replace(bid, outcome=outcome), "結果を変更")

    def record_result(self, result: OutcomeResult | None) -> None:
        """Choose a result in the combo, as the user does."""
        self.result.setCurrentIndex(max(self.result.findData(result.value if result else ""), 0))

    def estimate_price(self) -> int | None:
        """The price to estimate costs on: the bid, else the property's minimum bid."""
        bid = self.bid
        if bid is None:
            return None
        if bid.amount is not None:
            return bid.amount
        return figures_of(self.prop).minimum_bid if self.prop is not None else None

    def open_estimate(self) -> None:
        bid = self.bid
        if bid is None:
            return
        loan = bid.loan.amount if bid.loan is not None and bid.loan.amount else None
        dialog = CostEstimateDialog(self.estimate_price(), loan_amount=loan, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.apply_costs(dialog.total())

    def apply_costs(self, total: int) -> None:
        self._put_bid("諸費用", acquisition_costs=total)
