"""After the opening (開札): when a deposit comes back and when a balance falls due.

The rules the cash flow (``cashflow``), the refund tracking (``refunds``, and through it
check's REFUND_OVERDUE, 今後の期限 and the calendar) share, so they never disagree about a
date. Sources:

| rule | source |
|---|---|
| the deposit is applied to the price; only a money deposit is | 民執法78条2項 |
| 支払保証委託契約 instead of money: no cash leaves before the balance | 民執規則48条 |
| 売却決定期日 within 3 weeks of the opening (estimate: 1 week) | 民執規則46条1項, court practice |
| 売却許可決定 final after the 1-week 執行抗告 period | 民執法74条1項, 10条2項 |
| a period ending on a court holiday ends on the next court day | 民執法20条 → 民訴法95条3項 |
| 代金納付期限 within 1 month of the finality | 民執規則56条1項 |
| lost/invalid: refunded within days–1 week of the opening | court practice |
| refund late after 10 court days, contact after 22 | court practice; 裁判所の休日に関する法律1条 |
| own withdrawal before handing in: refunded on request (組戻し, fee) | court practice |
| 次順位: held until the winner pays, then refunded | 民執法67条, court practice |
| forfeited when the winner does not pay | 民執法80条1項 |

Every figure the user recorded (the court's payment deadline, the refund date) beats an
estimate computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from biddesk.domain.dates import (
    add_months,
    court_days_after,
    last_court_day_on_or_before,
    next_court_day_on_or_after,
)
from biddesk.domain.figures import PropertyFigures
from biddesk.domain.models import Bid, OutcomeResult, PaymentMethod, Property

REFUND_BACK_COURT_DAYS = 5
"""A refund is usually back within a week of the day it is counted from (court practice:
開札日から数日~1週間程度): 5 court days, 7 calendar days when no holiday falls in them."""

REFUND_WARNING_COURT_DAYS = 10
"""Not back 10 court days after: a warning (check the account, record the refund).

The thresholds are counted in court business days (裁判所の休日に関する法律1条: weekends,
祝日, 12/29–1/3), because the court's 出納課 pays refunds out on court days only: a fortnight
spanning 年末年始 or Golden Week holds fewer working days, and counting calendar days would
raise the warning before the court could have paid. 10 is the number of court days in any
14 calendar days without a holiday, so for a reference on a court day the warning comes on
the 14th day exactly as the court-practice "2 weeks" says, and a holiday only delays it."""

REFUND_CONTACT_COURT_DAYS = 22
"""Not back 22 court days after: an error, contact the court (執行官室・出納課).

22 is the most court days 30 calendar days can hold (4 weeks and 2 weekdays): the error
never comes before the 30th day (the court-practice "1 month"), comes on it for a reference
on a Monday to Wednesday without holidays, and a holiday delays it (same reason as
``REFUND_WARNING_COURT_DAYS``)."""

RETURN_FEE_ALLOWANCE = 2_200
"""A bidder's own withdrawal is refunded by 組戻し or a return transfer whose bank fees are
deducted (about 660–1,100円 each at the major banks, court practice): a refund up to this
much short is the fee, not a loss to chase."""

SALE_DECISION_DAYS = 7
"""売却決定期日 when not announced: about 1 week after the opening (民執規則46条1項 allows
up to 3 weeks; the earlier date is the cautious one for a balance)."""

FINALITY_DAYS = 7
"""The 売却許可決定 is final once the 1-week 執行抗告 period has run (民執法10条2項・74条1項)."""


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
    """The day a withdrawal (取下げ/取消/停止, or the bidder's own) is counted from: the
    recorded date, else the opening or today, whichever is earlier — the latest day the
    sale can have been called off, so an undated withdrawal never looks overdue early."""
    if recorded is not None:
        return recorded
    opening = prop.opening_date if prop is not None else None
    return min(opening, today) if opening is not None else today


def refund_day(since: date, court_days: int) -> date:
    """``court_days`` court business days after ``since`` (counted from the next court day
    when ``since`` is a holiday): the 出納課 pays out on court days only."""
    return court_days_after(next_court_day_on_or_after(since), court_days)


@dataclass(frozen=True, kw_only=True)
class RefundSchedule:
    """When a deposit paid as money should be back (the refund rule of check's
    REFUND_OVERDUE, 返還管理, the cash flow, 今後の期限 and the calendar).

    Attributes:
        since: the day the refund is counted from: the opening (lost, invalid), the
            withdrawal, for 次順位 the winner's payment deadline.
        since_label: what ``since`` is, as a message names it (「開札期日」…).
        estimated: ``since`` is the program's estimate (an undated withdrawal, the
            estimated payment deadline), not a recorded date.
        on_request: the bidder withdrew a bid never handed in (outcome 取下げ等 while the
            sale still takes place): the court cannot refund what it never received as a
            bid, so the money comes back only when asked for (組戻し), less the fee.
    """

    since: date
    since_label: str
    estimated: bool
    on_request: bool = False

    @property
    def expected(self) -> date:
        """About a week later (``REFUND_BACK_COURT_DAYS``)."""
        return refund_day(self.since, REFUND_BACK_COURT_DAYS)

    @property
    def warning_from(self) -> date:
        """Not back by then: a warning. On request: at once (ask the court now)."""
        return self.since if self.on_request else refund_day(self.since, REFUND_WARNING_COURT_DAYS)

    @property
    def contact_from(self) -> date:
        """Not back by then: an error, contact the court."""
        return refund_day(self.since, REFUND_CONTACT_COURT_DAYS)


def refund_schedule(bid: Bid, prop: Property | None, *, today: date) -> RefundSchedule | None:
    """The refund rule: from which day a deposit is expected back, or None when none is
    coming (won, forfeited, still open, a guarantee, nothing transferred, the day unknown).

    Lost or invalid: from the opening (the deposit went in with the bid). 次順位: from the
    winner's payment deadline, recorded else estimated (held until the winner pays,
    民執法67条). The sale called off by the court (the property 取下げ/取消/停止, with or
    without an outcome 取下げ等) after the deposit was transferred: from the withdrawal,
    refunded without asking. The bidder's own withdrawal (outcome 取下げ等, the sale still
    on) after the transfer: ``on_request`` — contact the 出納課 (court practice). Nothing
    transferred before a withdrawal: nothing to return (a refund recorded anyway still
    shows from the withdrawal).
    """
    if not pays_money_deposit(bid):
        return None
    opening = prop.opening_date if prop is not None else None
    called_off = prop is not None and not prop.status.is_open
    outcome = bid.outcome
    if outcome is None:
        if called_off and transfer_made(bid):
            return _withdrawn(prop, None, today, on_request=False)
        return None
    result = outcome.result
    if result in (OutcomeResult.LOST, OutcomeResult.INVALID):
        if opening is None:
            return None
        return RefundSchedule(since=opening, since_label="開札期日", estimated=False)
    if result is OutcomeResult.WITHDRAWN:
        if not transfer_made(bid) and outcome.refund_date is None:
            return None  # called off before the deposit was transferred: nothing to return
        return _withdrawn(prop, outcome.withdrawn_date, today, on_request=not called_off)
    if result is OutcomeResult.SECOND:
        recorded = outcome.payment_deadline
        deadline = recorded or estimated_payment_deadline(prop)
        if deadline is None:
            return None
        label = "最高価買受申出人の代金納付期限" + ("" if recorded else "(見込み)")
        return RefundSchedule(since=deadline, since_label=label, estimated=recorded is None)
    return None


def _withdrawn(
    prop: Property | None, recorded: date | None, today: date, *, on_request: bool
) -> RefundSchedule:
    label = "取下げ日" if recorded is not None else "開札予定日"
    return RefundSchedule(
        since=withdrawal_day(prop, recorded, today),
        since_label=label,
        estimated=recorded is None,
        on_request=on_request,
    )
