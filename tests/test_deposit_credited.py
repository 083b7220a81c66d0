"""The 残代金 rule in one place (民執法78条2項): a deposit paid in money is applied to the
price, a 支払保証委託契約 is not; the exports, the window and the cash flow agree."""

from __future__ import annotations

from datetime import date

import pytest

from biddesk.domain.figures import deposit_credited
from biddesk.domain.funds.cashflow import Scenario, compute_cashflow
from biddesk.domain.models import Bid, PaymentMethod, Portfolio, Property
from biddesk.forms.data import ExportData

PROP = Property(
    id="p1",
    court="東京地方裁判所本庁",
    case_number="令和8年(ケ)第1号",
    property_numbers=("1",),
    base_price=10_000_000,
    minimum_bid=8_000_000,
    deposit=2_000_000,
    bid_period_start=date(2026, 12, 2),
    bid_period_end=date(2026, 12, 9),
    opening_date=date(2026, 12, 16),
)


@pytest.mark.parametrize(
    ("method", "credited"),
    [
        (PaymentMethod.TRANSFER, 2_000_000),  # money: applied to the price
        (PaymentMethod.GUARANTEE, 0),  # a bank's promise: the whole bid is due
    ],
)
def test_only_money_counts_toward_the_price(method: PaymentMethod, credited: int) -> None:
    assert deposit_credited(method, 2_000_000) == credited


@pytest.mark.parametrize(
    ("method", "balance"),
    [(PaymentMethod.GUARANTEE, 12_000_000), (PaymentMethod.TRANSFER, 10_000_000)],
)
def test_exports_and_the_all_win_cash_flow_owe_the_same_balance(
    method: PaymentMethod, balance: int
) -> None:
    bid = Bid(id="x1", property="p1", amount=12_000_000, method=method)
    portfolio = Portfolio(properties=(PROP,), bids=(bid,))
    today = date(2026, 11, 25)
    view = ExportData(portfolio=portfolio, today=today).views[0]
    assert view.balance_due == balance
    flow = compute_cashflow(portfolio, today=today, scenario=Scenario.ALL)
    paid = [e for e in flow.events if e.kind.value == "balance"]
    assert [-e.amount for e in paid] == [balance]


@pytest.mark.parametrize(
    ("today", "planned"),
    [
        (date(2026, 12, 10), False),  # the period (12/2–12/9) is over, no transfer: missed
        (date(2026, 12, 9), True),  # near miss: the last bank day of the period itself
    ],
)
def test_a_bid_past_its_last_transfer_day_plans_nothing(today: date, planned: bool) -> None:
    bid = Bid(id="x1", property="p1", amount=12_000_000, method=PaymentMethod.TRANSFER)
    portfolio = Portfolio(properties=(PROP,), bids=(bid,))
    flow = compute_cashflow(portfolio, today=today, scenario=Scenario.ALL)
    assert bool([e for e in flow.events if e.kind.value == "deposit"]) is planned
