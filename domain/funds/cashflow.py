"""Cash flow across all bids: dated cash events, running cash, headroom, shortfall.

The model (contracts.md, `cashflow --json`; domain-rules.md, Funding capacity):

- **Opening balance.** ``Settings.cash_on_hand`` is the money set aside for bidding *before*
  any event of the portfolio; every event, past or future, is applied to it in date order.
- **Headroom** = cash after the event + standby financing − reserve. The reserve
  (生活防衛資金) is never spent: a shortfall is headroom < 0.
- **Financing.** A ``Settings.financing`` line with a date arrives as cash on that date (a
  ``financing`` event); before it, it counts nowhere. A line without a date is a standby
  facility available from the start: it counts in the headroom (the contract's "available
  and not yet used") but never becomes cash, because nobody knows when it would be drawn.
  A bid's loan (``Bid.loan``, 民執法82条2項) finances that bid's balance: a ``financing``
  event on its expected date (else on the balance day) wherever the bid wins.
- **Same day.** Financing first, then deposit, balance, cost, refund: a loan disbursed on
  the payment day pays the balance, and a refund is not spent before it has arrived.
- **Dates.** A date the user recorded or planned (transfer, payment deadline, payment,
  refund, loan, financing) is used as is. A date the program estimates (safe transfer day,
  opening + 1 week, payment-deadline estimate) is never before ``today``: what has not been
  recorded has not happened yet. An outflow with no date at all falls on ``today`` (the
  earliest it could); an inflow with no date is left out (never counted on), except a
  bid's loan, which arrives with the balance it pays.
- **Scenarios.** Recorded outcomes always apply, as does a sale called off (取下げ/取消/停止:
  the deposit comes back, nothing is paid). Each open bid wins with a weight ``w``:
  ``none`` 0, ``all`` 1, ``selected`` 1 for the ticked bids and 0 for the rest, ``expected``
  win_probability/100, where no probability entered counts as
  ``DEFAULT_WIN_PROBABILITY``. Its balance, costs and loan count ``w`` times, its refund
  ``1 − w`` times: expected values, with outflows rounded up and inflows rounded down to
  the yen (never understate the money needed; integer arithmetic on the percent, exact).
  The deposit always leaves in full.
- **One winner per property.** Several own bids on one property (a person and his company)
  cannot all win: only one can be 最高価買受申出人 (民執規則49条 → 41条). Among the
  open bids a scenario lets win, the highest amount (an undecided one at the 買受可能価額;
  on a tie the first) keeps its weight and the others lose: their deposits come back.
- **Amounts.** Balance = bid − the deposit paid (民執法78条2項); with a 支払保証委託契約
  the whole bid (no money deposit, 民執規則48条). An undecided bid is costed at the
  property's 入札上限 when one is entered and is a valid bid (domain/funds/bidlimit.py
  ``undecided_price``), else at the 買受可能価額, and marked estimated. Acquisition costs
  count only where the user entered them (``Bid.acquisition_costs``; the estimator in
  ``domain.funds.costs`` never adds them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Any

from biddesk.domain.figures import PropertyFigures, deposit_credited, figures_of
from biddesk.domain.funds.bidlimit import undecided_price
from biddesk.domain.models import Bid, OutcomeResult, Portfolio, Property, Settings
from biddesk.domain.schedule.aftersale import (
    REFUND_BACK_COURT_DAYS,
    RETURN_FEE_ALLOWANCE,
    Dated,
    deposit_amount,
    estimated_payment_deadline,
    payment_due,
    pays_money_deposit,
    refund_day,
    refund_schedule,
    transfer_made,
)
from biddesk.domain.schedule.deadlines import SubmissionDates, bid_dates

DEFAULT_WIN_PROBABILITY = 50
"""``expected`` scenario: a bid without a probability counts as even odds (0 would hide its
balance, 100 would repeat the all-win scenario)."""


class Scenario(StrEnum):
    NONE = "none"
    ALL = "all"
    EXPECTED = "expected"
    SELECTED = "selected"

    @property
    def label(self) -> str:
        return _SCENARIO_LABELS[self]


_SCENARIO_LABELS: dict[Scenario, str] = {
    Scenario.NONE: "すべて落札できなかった場合",
    Scenario.ALL: "すべて落札した場合",
    Scenario.EXPECTED: "落札確率による期待値",
    Scenario.SELECTED: "選んだ入札が落札した場合",
}


class EventKind(StrEnum):
    DEPOSIT = "deposit"
    REFUND = "refund"
    BALANCE = "balance"
    COST = "cost"
    FINANCING = "financing"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def rank(self) -> int:
        """Order on the same day (see the module docstring)."""
        return _RANK[self]


_KIND_LABELS: dict[EventKind, str] = {
    EventKind.DEPOSIT: "保証金",
    EventKind.REFUND: "返還",
    EventKind.BALANCE: "残代金",
    EventKind.COST: "諸費用",
    EventKind.FINANCING: "融資",
}

_SAME_DAY_ORDER = (
    EventKind.FINANCING,
    EventKind.DEPOSIT,
    EventKind.BALANCE,
    EventKind.COST,
    EventKind.REFUND,
)
_RANK = {kind: rank for rank, kind in enumerate(_SAME_DAY_ORDER)}


@dataclass(frozen=True, kw_only=True)
class CashEvent:
    """One dated movement of money; ``amount`` is signed (out < 0)."""

    date: date
    kind: EventKind
    bid: str | None
    amount: int
    cash_after: int
    headroom: int
    label: str
    estimated: bool
    """The date or the amount is the program's estimate, not a recorded fact."""


@dataclass(frozen=True, kw_only=True)
class CashflowResult:
    scenario: Scenario
    capacity_start: int
    """Cash on hand + standby financing − reserve, before any event."""
    events: tuple[CashEvent, ...]
    lowest: tuple[date, int] | None
    """(date, headroom) of the lowest point, the start included; the earliest on a tie."""
    first_shortfall: date | None
    """The first date the headroom is below zero."""


_Draft = tuple[date, EventKind, int, str, bool]
"""(date, kind, amount, label, estimated) of an event before the running totals."""


def share_up(amount: int, percent: int) -> int:
    """``amount`` × percent/100 rounded up to the yen (an expected outflow)."""
    return -(-amount * percent // 100)


def share_down(amount: int, percent: int) -> int:
    """``amount`` × percent/100 rounded down to the yen (an expected inflow)."""
    return amount * percent // 100


class _Lookup:
    """Per-property figures and dates, computed once (a portfolio may hold 10,000 bids)."""

    def __init__(self, portfolio: Portfolio) -> None:
        # The first property with an id wins, as in Portfolio.property_by_id.
        self.properties = {p.id: p for p in reversed(portfolio.properties)}
        self.settings: Settings = portfolio.settings
        self._figures: dict[str, PropertyFigures] = {}
        self._deadlines: dict[str, date | None] = {}

    def figures(self, prop: Property | None) -> PropertyFigures | None:
        if prop is None:
            return None
        found = self._figures.get(prop.id)
        if found is None:
            found = self._figures[prop.id] = figures_of(prop)
        return found

    def dates(self, bid: Bid, prop: Property | None) -> SubmissionDates | None:
        """The bid's transfer days: the period's, bounded by its envelope (規則48条)."""
        return bid_dates(bid, prop, self.settings)

    def payment_due(self, bid: Bid, prop: Property | None) -> Dated | None:
        outcome = bid.outcome
        if prop is None or (
            outcome is not None
            and (outcome.paid_date is not None or outcome.payment_deadline is not None)
        ):
            return payment_due(bid, prop)
        if prop.id not in self._deadlines:
            self._deadlines[prop.id] = estimated_payment_deadline(prop)
        day = self._deadlines[prop.id]
        return Dated(day=day, estimated=True) if day is not None else None


def _percent(bid: Bid, chances: Mapping[str, int] | None = None) -> int:
    """The 落札見込み typed for the bid; else its chance from the results history
    (domain.market.expected), when given; else even odds."""
    value = bid.win_probability
    if value is None and chances is not None:
        value = chances.get(bid.id)
    return DEFAULT_WIN_PROBABILITY if value is None else max(0, min(100, value))


def _weight(
    bid: Bid, scenario: Scenario, winners: frozenset[str], chances: Mapping[str, int] | None = None
) -> int:
    """The percent with which an open bid wins in ``scenario``."""
    if scenario is Scenario.ALL:
        return 100
    if scenario is Scenario.SELECTED:
        return 100 if bid.id in winners else 0
    if scenario is Scenario.EXPECTED:
        return _percent(bid, chances)
    return 0


class _BidEvents:
    """The events of one bid, given the percent with which it wins if still open."""

    def __init__(
        self, bid: Bid, prop: Property | None, look: _Lookup, today: date, *, outranked: bool
    ) -> None:
        self.bid = bid
        self.outranked = outranked
        self.prop = prop
        self.look = look
        self.today = today
        self.figures = look.figures(prop)
        self.money = pays_money_deposit(bid)
        deposit, estimated = deposit_amount(bid, self.figures) if self.money else (None, False)
        self.deposit = deposit
        self.deposit_estimated = estimated
        self.drafts: list[_Draft] = []

    @cached_property
    def dates(self) -> SubmissionDates | None:
        """The transfer days, computed at most once per bid (the missed-deadline test and the
        deposit day both read them; a bid with neither need never compute them)."""
        return self.look.dates(self.bid, self.prop) if self.money else None

    def add(self, day: date, kind: EventKind, amount: int, label: str, estimated: bool) -> None:
        if amount:
            self.drafts.append((day, kind, amount, label, estimated))

    def not_before_today(self, day: date) -> date:
        return max(day, self.today)

    def build(self, weight: int) -> list[_Draft]:
        outcome = self.bid.outcome
        called_off = self.prop is not None and not self.prop.status.is_open
        if outcome is None and not called_off:
            if self.missed():
                return self.drafts  # never submitted in time: no deposit, no win
            self.deposit_out()
            self.open_bid(weight)
        elif outcome is not None and outcome.result is OutcomeResult.WON:
            self.deposit_out()
            self.win(100)
        elif outcome is not None and outcome.result is OutcomeResult.FORFEITED:
            self.deposit_out()  # 保証金が返還されない (民執法80条1項): nothing comes back
        else:
            withdrawn = outcome is None or outcome.result is OutcomeResult.WITHDRAWN
            recorded_refund = outcome is not None and outcome.refund_date is not None
            if not withdrawn or transfer_made(self.bid) or recorded_refund:
                self.deposit_out()
                self.refund_back()
        return self.drafts

    def missed(self) -> bool:
        """An open bid paid by transfer whose 振込最終日 has passed with no transfer recorded:
        it can no longer be made (民執規則48条; TRANSFER_LATE says so), so it plans neither a
        deposit nor a win."""
        if self.dates is None or transfer_made(self.bid):
            return False
        return self.dates.last_transfer < self.today

    def deposit_out(self) -> None:
        if self.deposit is None:
            return
        transfer = self.bid.transfer
        if transfer is not None and transfer.date is not None:
            day, estimated, label = transfer.date, False, "保証金の振込"
        elif self.dates is not None:
            day = self.not_before_today(self.dates.safe_transfer)
            estimated, label = True, "保証金の振込(振込推奨日)"
        else:
            day, estimated, label = self.today, True, "保証金の振込(入札期間が未入力)"
        self.add(day, EventKind.DEPOSIT, -self.deposit, label, estimated or self.deposit_estimated)

    def refund_back(self) -> None:
        """A closed bid's refund: the recorded one, else the expected one."""
        if not self.money:
            return
        outcome = self.bid.outcome
        reason = _refund_reason(self.bid)
        if outcome is not None and outcome.refund_date is not None:
            amount = outcome.refund_amount if outcome.refund_amount is not None else self.deposit
            if amount is None:
                return
            short = (self.deposit or 0) - amount
            label = f"保証金の返還({reason})"
            if short > 0:
                label = f"保証金の返還({reason}・{short:,}円不足)"
            self.add(outcome.refund_date, EventKind.REFUND, amount, label, False)
            return
        schedule = refund_schedule(self.bid, self.prop, today=self.today)
        if schedule is None or self.deposit is None:
            return
        day = self.not_before_today(schedule.expected)
        if schedule.on_request:  # asked for, by 組戻し: never count on the fee
            amount = max(self.deposit - RETURN_FEE_ALLOWANCE, 0)
            label = "保証金の返還(取下げ: 裁判所に依頼して組戻し、手数料差引の見込み)"
            self.add(day, EventKind.REFUND, amount, label, True)
            return
        self.add(day, EventKind.REFUND, self.deposit, f"保証金の返還({reason})", True)

    def open_bid(self, weight: int) -> None:
        lose = 100 - weight
        opening = self.prop.opening_date if self.prop is not None else None
        if self.deposit is not None and opening is not None:
            day = self.not_before_today(refund_day(opening, REFUND_BACK_COURT_DAYS))
            amount = share_down(self.deposit, lose)
            why = (
                "同じ物件の自分の高い入札が落札する場合"
                if self.outranked
                else "落札できなかった場合"
            )
            label = f"保証金の返還({why})" + _share(lose)
            self.add(day, EventKind.REFUND, amount, label, True)
        self.win(weight)

    def win(self, weight: int) -> None:
        if weight == 0:
            return
        partial = weight != 100
        due = self.look.payment_due(self.bid, self.prop)
        outcome = self.bid.outcome
        unpaid = outcome is None or outcome.paid_date is None
        overdue = False
        if due is None:
            day, estimated = self.today, True
        elif due.estimated:
            day, estimated = self.not_before_today(due.day), True
        elif unpaid and due.day < self.today:
            # The deadline passed with no payment recorded (PAYMENT_OVERDUE): the balance is
            # not paid, so it is not booked on that past day; it is still owed as of today.
            day, estimated, overdue = self.today, True, True
        else:
            day, estimated = due.day, False
        share = _share(weight)
        price, price_estimated, from_limit = self.bid.amount, False, False
        if price is None:  # undecided: at the 入札上限 if one is entered, else the minimum
            price, from_limit = undecided_price(self.prop)
            price_estimated = price is not None
        if price is not None:
            applied = deposit_credited(self.bid.method, self.deposit) or 0  # 民執法78条2項
            balance = max(price - applied, 0)
            label = "残代金の納付" + (
                (
                    "(入札額未定: 入札上限で試算)"
                    if from_limit
                    else "(入札額未定: 買受可能価額で試算)"
                )
                if price_estimated
                else ""
            )
            if overdue:
                label += "(納付期限を過ぎて未記録)"
            self.add(
                day,
                EventKind.BALANCE,
                -share_up(balance, weight),
                label + share,
                estimated or price_estimated or partial,
            )
        costs = self.bid.acquisition_costs
        if costs:
            self.add(
                day,
                EventKind.COST,
                -share_up(costs, weight),
                "取得諸費用" + share,
                estimated or partial,
            )
        loan = self.bid.loan
        if loan is not None and loan.amount > 0:
            if loan.expected_date is not None:
                loan_day, loan_estimated = loan.expected_date, False
            else:
                loan_day, loan_estimated = day, estimated
            name = f"融資 {loan.lender}".strip()
            self.add(
                loan_day,
                EventKind.FINANCING,
                share_down(loan.amount, weight),
                name + share,
                loan_estimated or partial,
            )


def _share(percent: int) -> str:
    """Label suffix for an expected value (the share of the event that counts)."""
    return "" if percent in (0, 100) else f"(期待値 {percent}%)"


def _refund_reason(bid: Bid) -> str:
    outcome = bid.outcome
    if outcome is None or outcome.result is OutcomeResult.WITHDRAWN:
        return "取下げ等"
    if outcome.result is OutcomeResult.SECOND:
        return "次順位: 最高価買受申出人の代金納付後"
    if outcome.result is OutcomeResult.INVALID:
        return "無効"
    return "落札できず"


def selectable_bids(portfolio: Portfolio) -> list[str]:
    """Ids of the bids a scenario decides (no outcome recorded, the sale not called off):
    the ones the ``selected`` window offers to tick, in portfolio order."""
    properties = {p.id: p for p in reversed(portfolio.properties)}
    found = []
    for bid in portfolio.bids:
        prop = properties.get(bid.property)
        if bid.outcome is None and (prop is None or prop.status.is_open):
            found.append(bid.id)
    return found


def _outranked(portfolio: Portfolio, look: _Lookup, weights: dict[str, int]) -> frozenset[str]:
    """Open bids that cannot win because an own bid on the same property already won, or an
    own higher bid (that the scenario lets win) would be the 最高価買受申出人 instead: one
    winner per property."""
    open_ids = set(selectable_bids(portfolio))
    won = {
        bid.property
        for bid in portfolio.bids
        if bid.outcome is not None and bid.outcome.result is OutcomeResult.WON
    }
    best: dict[str, tuple[int, int, str]] = {}
    for index, bid in enumerate(portfolio.bids):
        if bid.id not in open_ids or weights[bid.id] == 0 or not bid.property:
            continue
        amount = bid.amount
        if amount is None:
            amount, _ = undecided_price(look.properties.get(bid.property))
        key = (amount or 0, -index, bid.id)
        if bid.property not in best or key > best[bid.property]:
            best[bid.property] = key
    winners = {key[2] for prop, key in best.items() if prop not in won}
    return frozenset(
        bid.id
        for bid in portfolio.bids
        if bid.id in open_ids and weights[bid.id] and bid.property and bid.id not in winners
    )


def standby_financing(settings: Settings) -> int:
    """The standby facilities: the financing lines without a date, counted in the headroom
    from the start but never as cash (domain-rules.md, Funding capacity)."""
    return sum(line.amount for line in settings.financing if line.available_from is None)


def compute_cashflow(
    portfolio: Portfolio,
    *,
    scenario: Scenario,
    today: date,
    winners: frozenset[str] | None = None,
    chances: Mapping[str, int] | None = None,
) -> CashflowResult:
    """Every cash event of the portfolio in ``scenario``, with the running cash and headroom.

    ``winners`` lists the bid ids assumed to win in the ``selected`` scenario; ``chances``
    (percent by bid id, from the results history) stand in for an untyped 落札見込み in the
    ``expected`` scenario. O(n log n) in the number of bids (one sort); lookups are by dict.
    """
    look = _Lookup(portfolio)
    settings = portfolio.settings
    chosen = winners or frozenset()
    # (date, same-day rank, bid order, bid id, draft): one sort orders everything.
    keyed: list[tuple[date, int, int, str | None, _Draft]] = []
    for line in settings.financing:
        if line.available_from is not None and line.amount:
            draft = (
                line.available_from,
                EventKind.FINANCING,
                line.amount,
                f"融資 {line.name}".strip(),
                False,
            )
            keyed.append((line.available_from, _RANK[EventKind.FINANCING], -1, None, draft))
    weights = {bid.id: _weight(bid, scenario, chosen, chances) for bid in portfolio.bids}
    outranked = _outranked(portfolio, look, weights)
    for index, bid in enumerate(portfolio.bids):
        prop = look.properties.get(bid.property)
        weight = 0 if bid.id in outranked else weights[bid.id]
        bid_events = _BidEvents(bid, prop, look, today, outranked=bid.id in outranked)
        for draft in bid_events.build(weight):
            keyed.append((draft[0], _RANK[draft[1]], index, bid.id, draft))
    keyed.sort()  # ties past the first three fields compare plain values, never None vs str

    standby = standby_financing(settings)
    capacity_start = settings.cash_on_hand + standby - settings.reserve
    cash = settings.cash_on_hand
    events: list[CashEvent] = []
    for _, _, _, bid_id, (day, kind, amount, label, estimated) in keyed:
        cash += amount
        events.append(
            CashEvent(
                date=day,
                kind=kind,
                bid=bid_id,
                amount=amount,
                cash_after=cash,
                headroom=cash + standby - settings.reserve,
                label=label,
                estimated=estimated,
            )
        )
    start = min(today, events[0].date) if events else today
    lowest = (start, capacity_start)
    first_shortfall = start if capacity_start < 0 else None
    for event in events:
        if event.headroom < lowest[1]:
            lowest = (event.date, event.headroom)
        if first_shortfall is None and event.headroom < 0:
            first_shortfall = event.date
    return CashflowResult(
        scenario=scenario,
        capacity_start=capacity_start,
        events=tuple(events),
        lowest=lowest,
        first_shortfall=first_shortfall,
    )


def cashflow_to_json(result: CashflowResult) -> dict[str, Any]:
    """The `cashflow --json` object of contracts.md (each event also carries its ``label``
    and ``estimated``; new keys extend the contract, none is renamed)."""
    lowest = result.lowest
    return {
        "scenario": result.scenario.value,
        "capacity_start": result.capacity_start,
        "events": [
            {
                "date": event.date.isoformat(),
                "kind": event.kind.value,
                "bid": event.bid,
                "amount": event.amount,
                "cash_after": event.cash_after,
                "headroom": event.headroom,
                "label": event.label,
                "estimated": event.estimated,
            }
            for event in result.events
        ],
        "lowest": None
        if lowest is None
        else {"date": lowest[0].isoformat(), "headroom": lowest[1]},
        "first_shortfall": result.first_shortfall.isoformat()
        if result.first_shortfall is not None
        else None,
    }
