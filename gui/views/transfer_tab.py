"""振込: the deposit transfer of one bid as made at the bank, with the days to aim for.

The transfer is recorded only when the user enters something; until then the fields show
what the form should say (the bidder's name, the property's deposit). Each field is one
undoable edit of ``Bid.transfer``. A 支払保証委託契約 needs no transfer: the tab says so.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change
from biddesk.domain.figures import figures_of
from biddesk.domain.models import Bid, Channel, PaymentMethod, Property, Transfer
from biddesk.domain.money import format_yen
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.rules.registry import TRANSFER_CODES, Severity
from biddesk.domain.schedule.deadlines import bid_dates
from biddesk.domain.schedule.labels import LAST_TRANSFER, SAFE_TRANSFER
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField, YenField, fit_form, select_data
from biddesk.gui.keys import confirm_delete
from biddesk.gui.palette import Role
from biddesk.gui.views.bid_view import BidView

COUNTER_NOTE = (
    "保証金は銀行の窓口で、裁判所の振込依頼書を使って電信扱いで振り込みます。"
    "ATM・インターネットバンキングの振込は認められません(振込証明書が作れないため)。"
)
GUARANTEE_NOTE = (
    "保証の提供方法が支払保証委託契約のため、保証金の振込は不要です。銀行等と支払保証委託契約を"
    "結び、発行される支払保証委託契約締結証明書を入札書に添えて提出します(民執規則48条)。"
    "落札した場合は代金の全額を納付します。"
)


class TransferTab(BidView):
    """振込 of one bid."""

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, today, parent)
        self.finding_codes: list[str] = []

        self.placeholder = QLabel("入札を選択してください。")
        self.placeholder.setStyleSheet(palette.css(Role.MUTED))
        self.guarantee = QLabel(GUARANTEE_NOTE)
        self.guarantee.setWordWrap(True)
        self.guarantee.setObjectName("guaranteeNote")

        self.form_widget = QWidget()
        form = fit_form(QFormLayout(self.form_widget))
        self.recorded = QLabel()
        self.recorded.setWordWrap(True)
        self.recorded.setStyleSheet(palette.css(Role.MUTED))
        self.date = DateField()
        self.date.committed.connect(lambda: self._put("振込日", date=self.date.value()))
        form.addRow("振込日", self.date)
        self.payer_name = QLineEdit()
        self.payer_name.editingFinished.connect(
            lambda: self._put("振込依頼人", payer_name=self.payer_name.text().strip())
        )
        form.addRow("振込依頼人", self.payer_name)
        self.payer_kana = QLineEdit()
        self.payer_kana.setPlaceholderText("例: ヤマダ タロウ / カ)ミライフドウサン")
        self.payer_kana.editingFinished.connect(
            lambda: self._put("振込依頼人カナ", payer_kana=self.payer_kana.text().strip())
        )
        form.addRow("振込依頼人(カナ)", self.payer_kana)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.channel.currentIndexChanged.connect(
            lambda: self._put("振込方法", channel=Channel(self.channel.currentData()))
        )
        form.addRow("振込方法", self.channel)
        self.channel_note = QLabel(COUNTER_NOTE)
        self.channel_note.setWordWrap(True)
        self.channel_note.setStyleSheet(palette.css(Role.ERROR))
        form.addRow(self.channel_note)
        self.amount = YenField(words=True)
        self.amount.committed.connect(lambda: self._put("振込額", amount=self.amount.value()))
        self.same_button = QPushButton("保証額と同じ")
        self.same_button.clicked.connect(self.use_deposit)
        form.addRow("振込額", self.amount)
        amount_row = QHBoxLayout()  # under the field: beside it, a narrow pane cuts it off
        amount_row.addWidget(self.same_button)
        amount_row.addStretch(1)
        form.addRow("", amount_row)
        self.days = QLabel()
        self.days.setTextFormat(Qt.TextFormat.RichText)
        self.days.setObjectName("transferDays")
        self.days.setWordWrap(True)
        self.days.setToolTip(f"{LAST_TRANSFER.name}: {LAST_TRANSFER.meaning}(銀行の当日締切に注意)")
        form.addRow("振込の日", self.days)
        self.findings = QLabel()
        self.findings.setTextFormat(Qt.TextFormat.RichText)
        self.findings.setWordWrap(True)
        self.findings.setObjectName("transferFindings")
        self.clear_button = QPushButton("振込の記録を削除")
        self.clear_button.clicked.connect(self.clear_transfer)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        # Wrapped labels outside the form: a QFormLayout row clips their last lines.
        self.main_widget = QWidget()
        main = QVBoxLayout(self.main_widget)
        main.setContentsMargins(0, 0, 0, 0)
        main.addWidget(self.form_widget)
        main.addWidget(self.findings)
        main.addLayout(buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.guarantee)
        layout.addWidget(self.recorded)
        layout.addWidget(self.main_widget)
        layout.addStretch(1)
        self.show_bid(None, None)

    # --- showing ------------------------------------------------------------------
    def deposit(self) -> int | None:
        """The property's 買受申出保証額 (announced, else computed)."""
        return figures_of(self.prop).deposit if self.prop is not None else None

    def show_bid(self, prop: Property | None, bid: Bid | None) -> None:
        self.prop, self.bid = prop, bid
        guarantee = bid is not None and bid.method is PaymentMethod.GUARANTEE
        self.placeholder.setVisible(bid is None)
        self.guarantee.setVisible(guarantee)
        self.main_widget.setVisible(bid is not None and not guarantee)
        self.recorded.setVisible(False)
        if bid is None or guarantee:
            return
        shown = self._base(bid)
        self.recorded.setText(
            ""
            if bid.transfer is not None
            else "振込はまだ記録されていません。振込日などを入力すると記録します"
            "(振込依頼人と振込額は入札人・保証額から仮に表示しています)。"
        )
        self.recorded.setVisible(bid.transfer is None)
        self.date.set_value(shown.date)
        self.payer_name.setText(shown.payer_name)
        self.payer_kana.setText(shown.payer_kana)
        select_data(self.channel, shown.channel.value)
        self.amount.set_value(shown.amount)
        self._refresh_channel_note(shown.channel)
        self._refresh_days()
        self._refresh_findings()
        self.main_widget.setEnabled(not self.document.read_only)
        self.clear_button.setVisible(bid.transfer is not None)

    def _base(self, bid: Bid) -> Transfer:
        """The recorded transfer, else the one the form should show."""
        if bid.transfer is not None:
            return bid.transfer
        bidder = self.document.state.bidders.get(bid.bidder)
        return Transfer(
            payer_name=bidder.name if bidder is not None else "",
            payer_kana=bidder.name_kana if bidder is not None else "",
            amount=self.deposit(),
        )

    def _refresh_channel_note(self, channel: Channel) -> None:
        weight = "bold" if channel is not Channel.COUNTER else "normal"
        self.channel_note.setStyleSheet(palette.css(Role.ERROR, bold=weight == "bold"))

    def _refresh_days(self) -> None:
        settings = self.document.state.settings
        bid = self.bid or Bid(property=self.prop.id if self.prop is not None else "")
        dates = bid_dates(bid, self.prop, settings)
        if dates is None:
            self.days.setText(
                f"入札期間(終)を入力すると{SAFE_TRANSFER.name}と{LAST_TRANSFER.name}を表示します。"
            )
            return
        safe, last = dates.safe_transfer, dates.last_transfer
        # The envelope may be what sets the last day (規則48条): say so, not only the date.
        last_label = (
            f"{LAST_TRANSFER.name}(振込証明書を封筒に入れるため、発送・持参の日まで)"
            if dates.transfer_bound_by_envelope
            else LAST_TRANSFER.name
        )
        rows = [
            ("買受申出保証額", format_yen(self.deposit())),
            (f"{SAFE_TRANSFER.name}(余裕{settings.transfer_margin}営業日)", format_wareki(safe)),
            (last_label, format_wareki(last)),
        ]
        body = "".join(
            f"<tr><td style='padding-right:12px;color:{palette.name(Role.MUTED)}'>"
            f"{html.escape(label)}</td>"
            f"<td title='{day_iso}'>{html.escape(value)}</td></tr>"
            for (label, value), day_iso in zip(
                rows, ("", safe.isoformat(), last.isoformat()), strict=True
            )
        )
        self.days.setText(f"<table>{body}</table>")

    def _refresh_findings(self) -> None:
        bid = self.bid
        if bid is None:
            return
        found = [
            f
            for f in check_bid(self.document.portfolio(), bid, today=self.today)
            if f.code in TRANSFER_CODES and f.severity is not Severity.INFO
        ]
        self.finding_codes = [f.code for f in found]
        self.findings.setText(
            "".join(
                f"<p style='color:{palette.name(_severity_role(f.severity))};margin:2px'>"
                f"⚠ {html.escape(f.message)}"
                f"<br><span style='color:{palette.name(Role.MUTED)}'>"
                f"根拠: {html.escape(f.rule.source)}</span></p>"
                for f in found
            )
        )

    def _document_changed(self, change: object) -> None:
        if self.bid is None or not self._touches(change):
            return
        state = self.document.state
        bid = state.bids.get(self.bid.id)
        if bid is None:
            self.show_bid(None, None)
            return
        self.show_bid(state.properties.get(bid.property), bid)

    def _touches(self, change: object) -> bool:
        """Whether ``change`` can alter what the tab shows (the findings read the bid, its
        property, the bidders and the margins): skip the checks for unrelated edits."""
        if not isinstance(change, Change) or self.bid is None:
            return True
        bid_id, prop_id = self.bid.id, self.bid.property
        return (
            change.settings is not None
            or bool(change.put_bidders or change.delete_bidders)
            or any(b.id == bid_id for b in change.put_bids)
            or bid_id in change.delete_bids
            or any(p.id == prop_id for p in change.put_properties)
            or prop_id in change.delete_properties
        )

    # --- edits ---------------------------------------------------------------------
    def _put(self, label: str, **values: Any) -> None:
        bid = self.bid and self.document.state.bids.get(self.bid.id, self.bid)
        if bid is None or bid.method is PaymentMethod.GUARANTEE:
            return
        if bid.transfer is None:
            suggested = self._base(bid)
            if all(getattr(suggested, k) == v for k, v in values.items()):
                return  # leaving a field as suggested records nothing
            # The first entry records the transfer with what the form shows.
            base = Transfer(
                date=self.date.value() if self.date.valid else None,
                payer_name=self.payer_name.text().strip(),
                payer_kana=self.payer_kana.text().strip(),
                channel=Channel(self.channel.currentData()),
                amount=self.amount.value() if self.amount.valid else None,
            )
        else:
            base = bid.transfer
        transfer = replace(base, **values)
        if transfer == bid.transfer:
            return
        text = "振込を記録" if bid.transfer is None else f"{label}を変更"
        self.apply(operations.record_transfer(bid, transfer), text)

    def use_deposit(self) -> None:
        deposit = self.deposit()
        if deposit is None:
            self.failed.emit("買受申出保証額が不明のため、振込額に入力できません。")
            return
        self.amount.set_value(deposit)
        self._put("振込額", amount=deposit)

    def clear_transfer(self) -> None:
        bid = self.bid and self.document.state.bids.get(self.bid.id, self.bid)
        if bid is None or bid.transfer is None:
            return
        if confirm_delete(self, "振込の記録を削除", "この入札の振込の記録を削除しますか?"):
            self.apply(operations.record_transfer(bid, None), "振込の記録を削除")


def _severity_role(severity: Severity) -> Role:
    return Role.ERROR if severity is Severity.ERROR else Role.WARNING
