"""Refund tracking (返還管理): every deposit paid, until it is back in full or forfeited.

One ``RefundStatus`` per bid whose deposit left as money (振込; a 支払保証委託契約 moves no
cash). States and their sources:

| state | when | source |
|---|---|---|
| 開札待ち | transferred, no outcome yet | |
| 保留中(次順位) | 次順位買受申出: held until the winner's payment deadline | 民執法67条 |
| 返還待ち | lost, invalid, withdrawn (or the sale 取下げ/取消/停止), not back | court practice |
| 返還済 | back in full | |
| 一部返還 | back short: flagged, ask the court | |
| 代金に充当 | won: the deposit is part of the price | 民執法78条2項 |
| 返還されない | the winner did not pay (the courts' wording, not 没収) | 民執法80条1項 |

Overdue (court practice, the same verdict REFUND_OVERDUE in ``checks`` reports, from the one
rule ``aftersale.refund_schedule``): not back ``REFUND_WARNING_COURT_DAYS`` (10) court days
after the day it is counted from (the opening, the withdrawal, for 次順位 the winner's payment
deadline) is a warning, ``REFUND_CONTACT_COURT_DAYS`` (22) court days an error: contact the
court. Court days, so 年末年始 does not raise them early (see ``aftersale``).

A bid the bidder withdrew before handing it in (outcome 取下げ等 while the sale still takes
place) after transferring the deposit is not refunded by itself: a warning at once, contact
the court (出納課) and expect a 組戻し fee; a refund short by up to ``RETURN_FEE_ALLOWANCE``
is that fee, not a 一部返還. A sale the court called off is refunded without asking.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from biddesk.domain.dates import format_wareki
from biddesk.domain.figures import figures_of
from biddesk.domain.models import Bid, OutcomeResult, Portfolio, Property
from biddesk.domain.money import format_yen
from biddesk.domain.schedule.aftersale import (
    REFUND_CONTACT_COURT_DAYS,
    REFUND_WARNING_COURT_DAYS,
    RETURN_FEE_ALLOWANCE,
    RefundSchedule,
    deposit_amount,
    pays_money_deposit,
    refund_schedule,
    transfer_made,
)

REFUND_RULE_TEXT = (
    f"開札期日(取下げの日、次順位は最高価買受申出人の代金納付期限)から{REFUND_WARNING_COURT_DAYS}"
    f"開庁日(約2週間)で注意、{REFUND_CONTACT_COURT_DAYS}開庁日(約1か月)で裁判所への問い合わせを"
    "促します(土日祝日と年末年始は数えません)。入札書を出さずに取り下げた入札の保証金は、"
    "すぐに裁判所(出納課)への連絡を促します。"
)
"""The overdue rule in words, for the 返還管理 view (built from the constants it states)."""


class RefundState(StrEnum):
    PENDING = "pending"
    HELD = "held"
    WAITING = "waiting"
    RETURNED = "returned"
    SHORT = "short"
    APPLIED = "applied"
    FORFEITED = "forfeited"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def outstanding(self) -> bool:
        """Money still out and expected back (in full or in part)."""
        return self in _OUTSTANDING


_STATE_LABELS: dict[RefundState, str] = {
    RefundState.PENDING: "開札待ち",
    RefundState.HELD: "保留中(次順位)",
    RefundState.WAITING: "返還待ち",
    RefundState.RETURNED: "返還済",
    RefundState.SHORT: "一部返還",
    RefundState.APPLIED: "代金に充当",
    RefundState.FORFEITED: "返還されない",
}

_OUTSTANDING = frozenset(
    {RefundState.PENDING, RefundState.HELD, RefundState.WAITING, RefundState.SHORT}
)

WARNING = "warning"
ERROR = "error"
_SEVERITY_RANK = {ERROR: 0, WARNING: 1, "": 2}


@dataclass(frozen=True, kw_only=True)
class RefundStatus:
    """Where one deposit stands. Dates are None when unknown or not applicable."""

    bid: str
    property: str
    deposit: int | None
    """The amount transferred, else the property's deposit (None when neither is known)."""
    paid_date: date | None
    """The transfer date (None when the outcome is recorded but the transfer is not)."""
    reference_date: date | None
    """The day the refund is counted from: opening, withdrawal, winner's deadline (次順位)."""
    expected_date: date | None
    """About 1 week (5 court days) after ``reference_date`` (court practice)."""
    refund_date: date | None
    refund_amount: int | None
    short_by: int
    """How much less than the deposit came back (0 when not short)."""
    age_days: int | None
    """Days since ``reference_date`` while the refund is still awaited, else None."""
    overdue: str
    """"" | "warning" (10 court days; at once for a refund on request) | "error" (22 court
    days: contact the court)."""
    state: RefundState
    message: str
    """One Japanese sentence for the user: where the deposit stands, what to do."""
    schedule: RefundSchedule | None = None
    """The refund rule's dates (None: no refund is coming, or its day is unknown)."""

    @builtins.property  # the field `property` shadows the builtin here
    def label(self) -> str:
        return self.state.label

    @builtins.property
    def outstanding(self) -> bool:
        return self.state.outstanding

    @builtins.property
    def severity(self) -> str | None:
        """The overdue level, or "warning" for a short refund; None when all is well."""
        if self.overdue:
            return self.overdue
        return WARNING if self.state is RefundState.SHORT else None

    # Names the exports use for the same facts.
    @builtins.property
    def expected_by(self) -> date | None:
        return self.expected_date

    @builtins.property
    def warning_from(self) -> date | None:
        return self.schedule.warning_from if self.schedule is not None else None

    @builtins.property
    def contact_by(self) -> date | None:
        return self.schedule.contact_from if self.schedule is not None else None

    @builtins.property
    def shortfall(self) -> int:
        return self.short_by

    @builtins.property
    def days_waiting(self) -> int | None:
        return self.age_days


def _deposit_paid(bid: Bid, today: date) -> bool:
    """The deposit left as money: transferred by today, or an outcome says the bid went in."""
    if not pays_money_deposit(bid):
        return False
    if bid.transfer is not None and bid.transfer.date is not None and bid.transfer.date <= today:
        return True
    outcome = bid.outcome
    if outcome is None:
        return False
    if outcome.refund_date is not None:
        return True
    if outcome.result is OutcomeResult.WITHDRAWN:
        return transfer_made(bid)
    return True


def refund_status(bid: Bid, prop: Property | None, *, today: date) -> RefundStatus | None:
    """Where the deposit of ``bid`` stands on ``today``; None when no money deposit was paid."""
    if not _deposit_paid(bid, today):
        return None
    deposit, _ = deposit_amount(bid, figures_of(prop) if prop is not None else None)
    outcome = bid.outcome
    schedule = refund_schedule(bid, prop, today=today)
    ref_day = schedule.since if schedule is not None else None
    refund_date = outcome.refund_date if outcome is not None else None
    refund_amount = outcome.refund_amount if outcome is not None else None
    short_by = 0
    age: int | None = None
    overdue = ""
    what = f"保証金{format_yen(deposit)}" if deposit is not None else "保証金"
    result = outcome.result if outcome is not None else None
    called_off = prop is not None and not prop.status.is_open
    if result is OutcomeResult.WON:
        state = RefundState.APPLIED
        message = f"{what}は代金に充当されます(民執法78条2項)。"
    elif result is OutcomeResult.FORFEITED:
        state = RefundState.FORFEITED
        message = f"代金が納付されなかったため、{what}は返還されません(民執法80条1項)。"
    elif refund_date is not None:
        amount = refund_amount if refund_amount is not None else deposit
        refund_amount = amount
        short_by = max((deposit or 0) - (amount or 0), 0)
        state, message = _returned(refund_date, amount, short_by, what, schedule)
    elif outcome is None and not called_off:
        state = RefundState.PENDING
        opening = prop.opening_date if prop is not None else None
        when = f"開札期日{format_wareki(opening)}" if opening is not None else "開札期日"
        message = f"{what}は裁判所が預かっています。{when}の後に結果を記録してください。"
    elif result is OutcomeResult.SECOND and (ref_day is None or today <= ref_day):
        state = RefundState.HELD
        until = f"(期限{format_wareki(ref_day)})" if ref_day is not None else ""
        message = (
            f"次順位買受申出のため、最高価買受申出人が代金を納付するまで{until}"
            f"{what}は返還されません(民執法67条)。"
        )
    else:
        state = RefundState.WAITING
        if schedule is None:
            message = f"{what}の返還を待っています。開札期日を入力すると返還予定日を計算します。"
        else:
            age = max((today - schedule.since).days, 0)
            overdue, message = _waiting(schedule, today, age, what)
    return RefundStatus(
        bid=bid.id,
        property=bid.property,
        deposit=deposit,
        paid_date=bid.transfer.date if bid.transfer is not None else None,
        reference_date=ref_day,
        expected_date=schedule.expected if schedule is not None else None,
        refund_date=refund_date,
        refund_amount=refund_amount,
        short_by=short_by,
        age_days=age,
        overdue=overdue,
        state=state,
        message=message,
        schedule=schedule,
    )


def _returned(
    day: date, amount: int | None, short_by: int, what: str, schedule: RefundSchedule | None
) -> tuple[RefundState, str]:
    """A recorded refund: in full, short by the 組戻し fee (own withdrawal), or short."""
    if short_by == 0:
        return RefundState.RETURNED, f"{format_wareki(day)}に{what}が返還されました。"
    on_request = schedule is not None and schedule.on_request
    if on_request and short_by <= RETURN_FEE_ALLOWANCE:
        return RefundState.RETURNED, (
            f"{format_wareki(day)}に{what}から組戻し等の手数料と見られる"
            f"{format_yen(short_by)}を差し引いた{format_yen(amount)}が返還されました。"
        )
    return RefundState.SHORT, (
        f"{format_wareki(day)}の返還額{format_yen(amount)}が{what}より"
        f"{format_yen(short_by)}少ないため、裁判所(出納課)に確認してください。"
    )


def _waiting(schedule: RefundSchedule, today: date, age: int, what: str) -> tuple[str, str]:
    """(overdue level, message) of a refund still awaited."""
    since = f"{schedule.since_label}{format_wareki(schedule.since)}から{age}日"
    if today >= schedule.contact_from:
        return ERROR, (
            f"{since}たっても{what}の返還が記録されていません。"
            "返還口座の入金を確認し、なければ裁判所(執行官室・出納課)に問い合わせてください。"
        )
    if schedule.on_request:
        return WARNING, (
            f"入札書を出さずに取り下げた入札の{what}は自動では返還されないため、裁判所(出納課)に"
            "連絡して返還(組戻し)を依頼してください(組戻し等の手数料が差し引かれることがあります)。"
        )
    if today >= schedule.warning_from:
        return WARNING, (
            f"{since}たちましたが、{what}の返還が記録されていません。"
            "返還口座の入金を確認し、入金があれば返還日を記録してください。"
        )
    return "", f"{what}は{format_wareki(schedule.expected)}ごろ返還される見込みです。"


def awaited_refund(bid: Bid, prop: Property | None, *, today: date) -> RefundSchedule | None:
    """The dates of a refund still awaited (返還待ち, or held for 次順位), for 今後の期限 and
    the calendar; None when none is awaited (not paid, back, applied, forfeited, no day)."""
    status = refund_status(bid, prop, today=today)
    if status is None or status.state not in (RefundState.WAITING, RefundState.HELD):
        return None
    return status.schedule


def refund_statuses(portfolio: Portfolio, *, today: date) -> list[RefundStatus]:
    """Every deposit paid, the ones still out first (errors, warnings, then by expected
    date), then the settled ones (returned, applied, forfeited) in portfolio order."""
    properties = {p.id: p for p in reversed(portfolio.properties)}
    found: list[tuple[tuple[int, int, date, int], RefundStatus]] = []
    for index, bid in enumerate(portfolio.bids):
        status = refund_status(bid, properties.get(bid.property), today=today)
        if status is None:
            continue
        if status.outstanding:
            rank = _SEVERITY_RANK[status.severity or ""]
            key = (0, rank, status.expected_date or date.max, index)
        else:
            key = (1, 0, date.max, index)
        found.append((key, status))
    found.sort(key=lambda item: item[0])
    return [status for _, status in found]


def outstanding_refunds(portfolio: Portfolio, *, today: date) -> list[RefundStatus]:
    """The 返還管理 view: every deposit not yet back (in full), the most urgent first."""
    return [s for s in refund_statuses(portfolio, today=today) if s.outstanding]
