"""結果・返還 tab, 返還管理 view and 振込 tab on the demo portfolio (real widgets)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from window_support import TODAY, type_text

from biddesk.domain.errors import UserError
from biddesk.domain.funds.costs import estimate_costs, parse_percent, percent_text, total_costs
from biddesk.domain.funds.refunds import RefundState
from biddesk.domain.models import Channel, Outcome, OutcomeResult, PaymentMethod, Transfer
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.rules.registry import RULES, Code
from biddesk.domain.storage.store import Change, PortfolioStore, StoreError
from biddesk.gui import palette
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField, YenField
from biddesk.gui.palette import Role
from biddesk.gui.views.outcome_tab import CostEstimateDialog, OutcomeTab
from biddesk.gui.views.refunds_view import RefundColumn, RefundsView
from biddesk.gui.views.transfer_tab import TransferTab


@pytest.fixture
def document(tmp_path: Path) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    doc = PortfolioDocument(PortfolioStore.open(path))
    yield doc
    doc.close()


Tab = TypeVar("Tab", OutcomeTab, TransferTab)


def shown(qtbot: QtBot, widget_class: type[Tab], document: PortfolioDocument, bid_id: str) -> Tab:
    widget = widget_class(document, TODAY)
    qtbot.addWidget(widget)
    widget.resize(640, 720)
    widget.show()
    bid = document.state.bids[bid_id]
    widget.show_bid(document.state.properties[bid.property], bid)
    return widget


@pytest.fixture
def refunds(qtbot: QtBot, document: PortfolioDocument) -> RefundsView:
    view = RefundsView(document, TODAY)
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    return view


def outcome_of(document: PortfolioDocument, bid_id: str) -> Outcome:
    outcome = document.state.bids[bid_id].outcome
    assert outcome is not None, f"{bid_id} has no outcome"
    return outcome


def transfer_of(document: PortfolioDocument, bid_id: str) -> Transfer:
    transfer = document.state.bids[bid_id].transfer
    assert transfer is not None, f"{bid_id} has no transfer"
    return transfer


def commit(qtbot: QtBot, field: YenField | DateField, text: str) -> None:
    """Type into a YenField/DateField and press Enter, as a user does."""
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def overdue(document: PortfolioDocument, bid_id: str) -> list[str]:
    bid = document.state.bids[bid_id]
    findings = check_bid(document.portfolio(), bid, today=TODAY)
    return [f.severity.value for f in findings if f.code == "REFUND_OVERDUE"]


# --- 結果・返還 -------------------------------------------------------------------------


def test_a_lost_bid_shows_its_result_and_overdue_refund(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    assert tab.result.currentText() == "落札できず"
    assert tab.top_bid.value() == 5_100_000
    assert tab.refund_date.isVisibleTo(tab) and not tab.paid_date.isVisibleTo(tab)
    assert "返還待ち" in tab.status.text()
    assert "要連絡" in tab.status.text()
    assert "経過 40日" in tab.status.text()
    # 4,100,000 is not above 5,100,000 − 900,000 = 4,200,000
    assert tab.eligibility.text().startswith("× 申出できません")


def test_recording_a_refund_clears_the_overdue_finding(
    qtbot: QtBot, document: PortfolioDocument, refunds: RefundsView
) -> None:
    assert overdue(document, "x4") == ["error"]
    assert refunds.model.bid_ids() == ["x4"]
    tab = shown(qtbot, OutcomeTab, document, "x4")
    commit(qtbot, tab.refund_date, "2026-11-20")
    commit(qtbot, tab.refund_amount, "900000")
    outcome = document.state.bids["x4"].outcome
    assert outcome is not None
    assert outcome.refund_date == date(2026, 11, 20)
    assert outcome.refund_amount == 900_000
    assert overdue(document, "x4") == []
    qtbot.waitUntil(lambda: not refunds.pending, timeout=3000)
    assert "x4" not in refunds.model.bid_ids()
    assert "返還済" in tab.status.text()
    assert not tab.short.isVisibleTo(tab)


def test_each_outcome_edit_is_one_undo_step(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    commit(qtbot, tab.refund_date, "2026-11-20")
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "返還日を変更"
    document.undo_stack.undo()
    outcome = document.state.bids["x4"].outcome
    assert outcome is not None and outcome.refund_date is None
    assert tab.refund_date.value() is None  # the tab follows the document


def test_a_short_refund_is_flagged(
    qtbot: QtBot, document: PortfolioDocument, refunds: RefundsView
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    commit(qtbot, tab.refund_date, "2026-11-20")
    type_text(qtbot, tab.refund_amount.edit, "800000")
    assert "100,000円少ない" in tab.short.text()  # live, before it is saved
    assert tab.short.isVisibleTo(tab)
    qtbot.keyClick(tab.refund_amount.edit, Qt.Key.Key_Return)
    assert outcome_of(document, "x4").refund_amount == 800_000
    assert "一部返還" in tab.status.text()
    qtbot.waitUntil(lambda: not refunds.pending, timeout=3000)
    row = refunds.model.bid_ids().index("x4")  # still outstanding: ask the court
    status = refunds.model.statuses[row]
    assert status.state is RefundState.SHORT
    short = refunds.model.index(row, RefundColumn.SHORT)
    assert refunds.model.data(short) == "100,000円"
    background = refunds.model.data(short, Qt.ItemDataRole.BackgroundRole)
    assert background.color() == palette.color(Role.WARNING_BACKGROUND)


def test_recording_second_place_computes_eligibility(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    tab.record_result(OutcomeResult.SECOND)
    assert outcome_of(document, "x4").result is OutcomeResult.SECOND
    assert tab.deadline_label.text().replace("\n", "") == "最高価買受申出人の代金納付期限"
    assert tab.eligibility.isVisibleTo(tab)
    commit(qtbot, tab.top_bid, "4900000")
    # 4,100,000 > 4,900,000 − 900,000 = 4,000,000 and ≥ 買受可能価額 3,600,000
    assert tab.eligibility.text().startswith("○ 申出できます")
    assert "4,000,000円" in tab.eligibility.text()
    assert outcome_of(document, "x4").top_bid == 4_900_000


def test_eligibility_follows_the_typed_top_bid(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    tab.top_bid.edit.clear()
    type_text(qtbot, tab.top_bid.edit, "4100000")
    assert "追加入札" in tab.eligibility.text()  # equal to the top bid
    assert outcome_of(document, "x4").top_bid == 5_100_000  # not saved yet


def test_winning_fills_the_top_bid_and_shows_payment_fields(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x1")
    assert tab.result.currentText() == "未記録"
    assert not tab.top_bid.isVisibleTo(tab)
    tab.record_result(OutcomeResult.WON)
    outcome = document.state.bids["x1"].outcome
    assert outcome is not None and outcome.top_bid == 15_000_000
    assert tab.paid_date.isVisibleTo(tab) and tab.payment_deadline.isVisibleTo(tab)
    assert not tab.refund_date.isVisibleTo(tab)
    assert "推定" in tab.payment_deadline.hint.text()
    commit(qtbot, tab.payment_deadline, "2027-01-29")
    assert outcome_of(document, "x1").payment_deadline == date(2027, 1, 29)


def test_clearing_the_result_removes_the_outcome_and_undo_restores(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    before = document.state.bids["x4"].outcome
    tab.record_result(None)
    assert document.state.bids["x4"].outcome is None
    document.undo_stack.undo()
    assert document.state.bids["x4"].outcome == before
    assert tab.result.currentText() == "落札できず"


def test_an_own_withdrawal_refunded_less_the_fee_is_not_flagged(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    # p5 is still announced: x4 withdrawn by the bidder is refunded by 組戻し, less the fee.
    tab = shown(qtbot, OutcomeTab, document, "x4")
    tab.record_result(OutcomeResult.WITHDRAWN)
    commit(qtbot, tab.refund_date, "2026-11-20")
    commit(qtbot, tab.refund_amount, "899120")  # 880円 short: the 組戻し fee
    assert "返還済" in tab.status.text() and "手数料" in tab.status.text()
    assert not tab.short.isVisibleTo(tab)


def test_withdrawn_shows_its_date(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")
    tab.record_result(OutcomeResult.WITHDRAWN)
    assert tab.withdrawn_date.isVisibleTo(tab)
    assert not tab.top_bid.isVisibleTo(tab)
    commit(qtbot, tab.withdrawn_date, "2026-10-15")
    assert outcome_of(document, "x4").withdrawn_date == date(2026, 10, 15)


def test_a_store_failure_is_reported(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x4")

    def fail(*_args: object) -> None:
        raise StoreError("ファイルに書き込めません。")

    monkeypatch.setattr(document, "apply", fail)
    with qtbot.waitSignal(tab.failed) as signal:
        commit(qtbot, tab.refund_date, "2026-11-20")
    assert signal.args == ["ファイルに書き込めません。"]


def test_no_bid_shows_a_placeholder(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = OutcomeTab(document, TODAY)
    qtbot.addWidget(tab)
    tab.show()
    assert tab.placeholder.isVisible() and not tab.form_widget.isVisible()


# --- 諸費用 -------------------------------------------------------------------------


def test_the_estimate_matches_the_domain(qtbot: QtBot) -> None:
    dialog = CostEstimateDialog(7_650_000, loan_amount=5_000_000)
    qtbot.addWidget(dialog)
    dialog.erasures.setValue(2)
    expected = total_costs(estimate_costs(7_650_000, loan_amount=5_000_000, erasures=2))
    assert dialog.total() == expected
    assert dialog.table.rowCount() == 4
    assert dialog.total_label.text() == f"合計 {expected:,}円"


def test_an_edited_rate_changes_the_estimate(qtbot: QtBot) -> None:
    dialog = CostEstimateDialog(10_000_000)
    qtbot.addWidget(dialog)
    before = dialog.total()
    dialog.rates["registration"].setText("1.5")
    dialog.recompute()
    assert dialog.total() == before - 50_000  # 2% → 1.5% of 10,000,000


def test_an_unreadable_rate_disables_ok(qtbot: QtBot) -> None:
    dialog = CostEstimateDialog(10_000_000)
    qtbot.addWidget(dialog)
    dialog.rates["mortgage"].setText("abc")
    dialog.recompute()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    with pytest.raises(UserError) as refused:
        parse_percent("abc")
    assert str(refused.value) in dialog.error.text()  # the core's sentence, not a copy


def test_percent_text_round_trips() -> None:
    assert percent_text(Fraction(4, 1000)) == "0.4"
    assert percent_text(Fraction(2, 100)) == "2"
    assert parse_percent("１．５％") == Fraction(3, 200)
    with pytest.raises(UserError, match="税率"):
        parse_percent("x")
    with pytest.raises(UserError, match="0〜100%"):
        parse_percent("101")


def test_costs_are_applied_only_on_ok(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x3")
    monkeypatch.setattr(CostEstimateDialog, "exec", lambda self: QDialog.DialogCode.Rejected)
    tab.estimate_button.click()
    assert document.state.bids["x3"].acquisition_costs is None
    assert document.undo_stack.count() == 0
    monkeypatch.setattr(CostEstimateDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    tab.estimate_button.click()
    expected = total_costs(estimate_costs(7_650_000))
    assert document.state.bids["x3"].acquisition_costs == expected
    assert tab.costs.value() == expected
    assert document.undo_stack.count() == 1


def test_costs_can_be_typed(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, OutcomeTab, document, "x3")
    commit(qtbot, tab.costs, "50万")
    assert document.state.bids["x3"].acquisition_costs == 500_000


# --- 返還管理 -------------------------------------------------------------------------


def test_refunds_view_lists_outstanding_deposits_with_age(refunds: RefundsView) -> None:
    model = refunds.model
    assert model.bid_ids() == ["x4"]
    assert model.data(model.index(0, RefundColumn.AGE)) == "40日"
    assert model.data(model.index(0, RefundColumn.STATE)) == "返還待ち(要連絡)"
    assert model.data(model.index(0, RefundColumn.DEPOSIT)) == "900,000円"
    assert model.data(model.index(0, RefundColumn.EXPECTED)) == "令和8年10月21日(水)"
    tip = model.data(model.index(0, RefundColumn.EXPECTED), Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("2026-10-21")
    background = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert background.color() == palette.color(Role.ERROR_BACKGROUND)
    assert "問い合わせ 1件" in refunds.summary.text()


def test_refunds_view_can_show_settled_deposits(refunds: RefundsView) -> None:
    refunds.show_settled.setChecked(True)
    assert refunds.model.bid_ids() == ["x4", "x3"]
    row = refunds.model.bid_ids().index("x3")
    assert refunds.model.data(refunds.model.index(row, RefundColumn.STATE)) == "代金に充当"


def test_refunds_view_double_click_opens_the_bid(qtbot: QtBot, refunds: RefundsView) -> None:
    with qtbot.waitSignal(refunds.activated) as signal:
        refunds.table.doubleClicked.emit(refunds.model.index(0, 2))
    assert signal.args == ["x4", "p5"]


def test_no_outstanding_refund_says_so(
    qtbot: QtBot, document: PortfolioDocument, refunds: RefundsView
) -> None:
    bid = document.state.bids["x4"]
    assert bid.outcome is not None
    outcome = replace(bid.outcome, refund_date=date(2026, 11, 1))
    with qtbot.waitSignal(refunds.refreshed, timeout=3000):
        document.apply(Change(put_bids=(replace(bid, outcome=outcome),)), "返還日を変更")
    assert refunds.model.rowCount() == 0
    assert refunds.summary.text() == "返還を待っている保証金はありません。"


# --- 振込 ---------------------------------------------------------------------------


def test_transfer_tab_prefills_from_the_bidder_and_deposit(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    assert tab.recorded.isVisibleTo(tab)
    assert tab.payer_name.text() == "山田 太郎"
    assert tab.amount.value() == 2_468_000
    # x1 is posted on 12/3 with the 振込証明書 inside (規則48条): the transfer is due by then,
    # not by the period's 振込推奨日 12/7 or its last bank day 12/9.
    assert "令和8年12月3日(木)" in tab.days.text()
    assert "封筒" in tab.days.text()
    assert "令和8年12月9日(水)" not in tab.days.text()
    assert document.state.bids["x1"].transfer is None  # shown, not recorded


def test_entering_the_date_records_the_transfer_in_one_step(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    commit(qtbot, tab.date, "2026-12-04")
    transfer = document.state.bids["x1"].transfer
    assert transfer == Transfer(
        date=date(2026, 12, 4),
        payer_name="山田 太郎",
        payer_kana="ヤマダ タロウ",
        channel=Channel.COUNTER,
        amount=2_468_000,
    )
    assert document.undo_stack.count() == 1
    assert document.undo_stack.undoText() == "振込を記録"
    assert not tab.recorded.isVisibleTo(tab)
    document.undo_stack.undo()
    assert document.state.bids["x1"].transfer is None


def test_an_atm_transfer_is_flagged(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    assert "DEPOSIT_CHANNEL" not in tab.finding_codes
    tab.channel.setCurrentIndex(tab.channel.findData(Channel.ATM.value))
    assert transfer_of(document, "x1").channel is Channel.ATM
    assert "DEPOSIT_CHANNEL" in tab.finding_codes
    assert "ATM" in tab.findings.text()
    assert "bold" in tab.channel_note.styleSheet()


def test_a_transfer_dated_on_a_bank_holiday_is_flagged_with_its_source(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    commit(qtbot, tab.date, "2026-11-22")  # a Sunday: no bank counter is open
    assert "TRANSFER_DATE_INVALID" in tab.finding_codes  # was left out of the tab's own list
    assert "銀行の休業日" in tab.findings.text()
    assert f"根拠: {RULES[Code.TRANSFER_DATE_INVALID].source}" in tab.findings.text()


def test_same_as_deposit_button(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    commit(qtbot, tab.amount, "1000000")
    assert transfer_of(document, "x1").amount == 1_000_000
    assert "DEPOSIT_MISMATCH" in tab.finding_codes  # short of the deposit
    qtbot.mouseClick(tab.same_button, Qt.MouseButton.LeftButton)
    assert transfer_of(document, "x1").amount == 2_468_000
    assert "DEPOSIT_MISMATCH" not in tab.finding_codes


def test_payer_name_is_saved(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    tab.payer_name.clear()
    type_text(qtbot, tab.payer_name, "山田 花子")
    qtbot.keyClick(tab.payer_name, Qt.Key.Key_Return)
    assert transfer_of(document, "x1").payer_name == "山田 花子"
    assert "PAYER_NAME_MISMATCH" in tab.finding_codes


def test_guarantee_needs_no_transfer(qtbot: QtBot, document: PortfolioDocument) -> None:
    bid = replace(document.state.bids["x1"], method=PaymentMethod.GUARANTEE)
    document.apply(Change(put_bids=(bid,)), "保証の提供方法を変更")
    tab = shown(qtbot, TransferTab, document, "x1")
    assert tab.guarantee.isVisibleTo(tab)
    assert "振込は不要" in tab.guarantee.text()
    assert not tab.main_widget.isVisibleTo(tab)


def test_clearing_the_transfer(qtbot: QtBot, document: PortfolioDocument) -> None:
    tab = shown(qtbot, TransferTab, document, "x3")
    assert tab.clear_button.isVisibleTo(tab)
    tab.clear_button.click()
    assert document.state.bids["x3"].transfer is None
    assert tab.recorded.isVisibleTo(tab)


def test_leaving_a_suggested_field_records_nothing(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    tab.payer_name.editingFinished.emit()  # focus in and out without a change
    assert document.state.bids["x1"].transfer is None
    assert document.undo_stack.count() == 0


def test_the_transfer_tab_follows_edits_of_its_bid_only(
    qtbot: QtBot, document: PortfolioDocument
) -> None:
    tab = shown(qtbot, TransferTab, document, "x1")
    other = replace(document.state.bids["x2"], note="メモ")
    document.apply(Change(put_bids=(other,)), "メモを変更")
    tab.payer_name.setText("typing")  # an unrelated edit leaves the typing alone
    document.apply(Change(put_bids=(replace(other, note="別"),)), "メモを変更")
    assert tab.payer_name.text() == "typing"
    bid = replace(document.state.bids["x1"], transfer=Transfer(amount=2_468_000))
    document.apply(Change(put_bids=(bid,)), "振込を記録")
    assert tab.payer_name.text() == ""
    assert tab.clear_button.isVisibleTo(tab)


def test_a_won_unpaid_bid_shows_the_balance_and_its_deadline(qtbot: QtBot, tmp_path: Path) -> None:
    from datetime import date

    from biddesk.domain.storage.store import PortfolioStore
    from biddesk.gui.demo import create_demo
    from biddesk.gui.document import PortfolioDocument
    from biddesk.gui.views.outcome_tab import OutcomeTab

    path = tmp_path / "won.biddesk"
    create_demo(path, today=date(2026, 11, 23)).close()
    document = PortfolioDocument(PortfolioStore.open(path))
    tab = OutcomeTab(document, date(2026, 11, 23))
    qtbot.addWidget(tab)
    bid = document.state.bids["x3"]  # won at 7,650,000円, deposit 1,240,000円
    tab.show_bid(document.state.properties[bid.property], bid)
    text = tab.status.text()
    assert "残代金 6,410,000円" in text
    assert "令和8年12月11日(金)までに" in text
