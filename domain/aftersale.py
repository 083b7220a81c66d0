"""After the opening (開札): when a deposit comes back and when a balance falls due.

The rules the cash flow (``cashflow``) and the refund tracking (``refunds``) share, so the
two never disagree about a date. Sources:

| rule | source |
|---|---|
| the deposit is applied to the price; only a money deposit is | 民執法78条2項 |
| 支払保証委託契約 instead of money: no cash leaves before the balance | 民執規則48条 |
| 売却決定期日 within 3 weeks of the opening (estimate: 1 week) | 民執規則46条1項, court practice |
| 売却許可決定 final after the 1-week 執行抗告 period | 民執法74条1項, 10条2項 |
| a period ending on a court holiday ends on the next court day | 民執法20条 → 民訴法95条3項 |
| 代金納付期限 within 1 month of the finality | 民執規則56条1項 |
| lost/invalid: refunded within days–1 week of the opening | court practice |
| 次順位: held until the winner pays, then refunded | 民執法67条, court practice |
| forfeited when the winner does not pay | 民執法80条1項 |

Every figure the user recorded (the court's payment deadline, the refund date) beats an
estimate computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.dates import add_months, last_court_day_on_or_before, next_court_day_on_or_after
from domain.figures import PropertyFigures, property_figures
from domain.models import Bid, OutcomeResult, PaymentMethod, Property

REFUND_DAYS = 7
"""A refund is back about 1 week after the day it is counted from (court practice:
開札日から数日~1週間程度)."""

SALE_DECISION_DAYS = 7
"""売却決定期日 when not announced: about 1 week after the opening (民執規則46条1項 allows
up to 3 weeks; the earlier date is the cautious one for a balance)."""

FINALITY_DAYS = 7
"""The 売却許可決定 is final once the 1-week 執行抗告 period has run (民執法10条2項・74条1項)."""


def figures_of(prop: Property) -> PropertyFigures:
    """The property's minimum bid and deposit: announced figures win, else computed."""
    return property_figures(
        prop.base_price, announced_minimum=prop.minimum_bid, announced_deposit=prop.deposit
    )


def estimated_payment_deadline(prop: Property | None) -> date | None:
    """代金納付期限 estimate: the 1-week 執行抗告 period from the 売却決定期日 (else opening +
    1 week), moved to the next court day when it ends on a holiday (民執法20条 → 民訴法95条3項),
    + 1 month (民執規則56条1項), on the last court business day on or before it.

    The court's notice gives the real deadline; record it and this estimate is not used.
    """
    if prop is None:
        return None
    decision = prop.sale_decision_date
    if decision is None and prop.opening_date is not None:
        decision = prop.opening_date + timedelta(days=SALE_DECISION_DAYS)
    if decision is None:
        return None
    appeal_ends = next_court_day_on_or_after(decision + timedelta(days=FINALITY_DAYS))
    return last_court_day_on_or_before(add_months(appeal_ends, 1))


@dataclass(frozen=True, kw_only=True)
class Dated:
    """A date and whether the program estimated it (the user did not record it)."""

    day: date
    estimated: bool


def payment_due(bid: Bid, prop: Property | None) -> Dated | None:
    """When the balance of a won bid is paid: the recorded payment date, else the court's
    deadline, else the estimate from the 売却決定期日."""
    outcome = bid.outcome
    if outcome is not None:
        if outcome.paid_date is not None:
            return Dated(day=outcome.paid_date, estimated=False)
        if outcome.payment_deadline is not None:
            return Dated(day=outcome.payment_deadline, estimated=False)
    estimate = estimated_payment_deadline(prop)
    return Dated(day=estimate, estimated=True) if estimate is not None else None


def pays_money_deposit(bid: Bid) -> bool:
    """Only a deposit paid by transfer is cash out and back (民執規則48条)."""
    return bid.method is PaymentMethod.TRANSFER


def transfer_made(bid: Bid) -> bool:
    return bid.transfer is not None and bid.transfer.date is not None


def deposit_amount(bid: Bid, figures: PropertyFigures | None) -> tuple[int | None, bool]:
    """(amount, estimated): the amount transferred, else the property's deposit (marked
    estimated when the announcement did not give it)."""
    transfer = bid.transfer
    if transfer is not None and transfer.amount is not None:
        return transfer.amount, False
    if figures is None or figures.deposit is None:
        return None, False
    return figures.deposit, figures.deposit_estimated


def withdrawal_day(prop: Property | None, recorded: date | None, today: date) -> date:
    """The day a withdrawal (取下げ/取消/停止) is counted from: the recorded date, else the
    opening or today, whichever is earlier (the sale was called off by today at the latest)."""
    if recorded is not None:
        return recorded
    opening = prop.opening_date if prop is not None else None
    return min(opening, today) if opening is not None else today


def refund_reference(bid: Bid, prop: Property | None, *, today: date) -> Dated | None:
    """The day a refund is counted from, or None when no refund is coming (won, forfeited,
    still open, guarantee, or the day is unknown).

    Lost or invalid: the opening. Withdrawn (outcome 取下げ等, or the property 取下げ/取消/停止
    with the deposit already transferred): the withdrawal. 次順位: the winner's payment
    deadline (the deposit is held until the winner pays, 民執法67条).
    """
    if not pays_money_deposit(bid):
        return None
    opening = prop.opening_date if prop is not None else None
    outcome = bid.outcome
    if outcome is None:
        if prop is not None and not prop.status.is_open and transfer_made(bid):
            return Dated(day=withdrawal_day(prop, None, today), estimated=True)
        return None
    result = outcome.result
    if result in (OutcomeResult.LOST, OutcomeResult.INVALID):
        return Dated(day=opening, estimated=False) if opening is not None else None
    if result is OutcomeResult.WITHDRAWN:
        if not transfer_made(bid) and outcome.refund_date is None:
            return None  # called off before the deposit was transferred: nothing to return
        day = withdrawal_day(prop, outcome.withdrawn_date, today)
        return Dated(day=day, estimated=outcome.withdrawn_date is None)
    if result is OutcomeResult.SECOND:
        if outcome.payment_deadline is not None:
            return Dated(day=outcome.payment_deadline, estimated=False)
        estimate = estimated_payment_deadline(prop)
        return Dated(day=estimate, estimated=True) if estimate is not None else None
    return None


def expected_refund_day(reference: date) -> date:
    """About 1 week after the day a refund is counted from (court practice)."""
    return reference + timedelta(days=REFUND_DAYS)
