"""Refund tracking (domain.funds.refunds): states, ages, overdue levels, short refunds, order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from cashflow_fixtures import BID, DEADLINE_ESTIMATE, DEPOSIT, OPENING, P1, PAID, portfolio

from biddesk.domain.funds.refunds import (
    RefundState,
    RefundStatus,
    outstanding_refunds,
    refund_status,
    refund_statuses,
)
from biddesk.domain.models import (
    Bid,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    PropertyStatus,
    Transfer,
)
from biddesk.domain.rules.checks import run_checks

PAID_ON = date(2026, 12, 4)


def closed(result: OutcomeResult, bid: Bid = PAID, **fields: object) -> Bid:
    return replace(bid, outcome=Outcome(result=result, **fields))  # type: ignore[arg-type]


def status(bid: Bid, today: date, prop: object = P1) -> RefundStatus | None:
    return refund_status(bid, prop, today=today)  # type: ignore[arg-type]


def days_after_opening(days: int) -> date:
    return OPENING + timedelta(days=days)


# --- which deposits are tracked ------------------------------------------------------------

NOT_TRACKED = [
    ("open, not transferred", BID, date(2026, 12, 10)),
    ("transfer planned after today", PAID, date(2026, 12, 1)),
    (
        "guarantee: no money left",
        closed(OutcomeResult.LOST, bid=replace(BID, method=PaymentMethod.GUARANTEE)),
        date(2026, 12, 20),
    ),
    ("withdrawn before the transfer", closed(OutcomeResult.WITHDRAWN, bid=BID), date(2026, 12, 20)),
]


@pytest.mark.parametrize(
    ("bid", "today"), [c[1:] for c in NOT_TRACKED], ids=[c[0] for c in NOT_TRACKED]
)
def test_not_tracked(bid: Bid, today: date) -> None:
    assert status(bid, today) is None


# --- states ----------------------------------------------------------------------------------

STATES: list[tuple[str, Bid, date, RefundState, bool]] = [
    ("transferred, before the opening", PAID, date(2026, 12, 5), RefundState.PENDING, True),
    ("lost", closed(OutcomeResult.LOST), days_after_opening(3), RefundState.WAITING, True),
    ("invalid", closed(OutcomeResult.INVALID), days_after_opening(3), RefundState.WAITING, True),
    (
        "lost, the transfer not recorded",
        closed(OutcomeResult.LOST, bid=BID),
        days_after_opening(3),
        RefundState.WAITING,
        True,
    ),
    (
        "back in full",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=DEPOSIT),
        days_after_opening(40),
        RefundState.RETURNED,
        False,
    ),
    (
        "back, amount not entered: in full",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22)),
        days_after_opening(40),
        RefundState.RETURNED,
        False,
    ),
    (
        "back short",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=2_400_000),
        days_after_opening(40),
        RefundState.SHORT,
        True,
    ),
    ("won: applied", closed(OutcomeResult.WON), days_after_opening(40), RefundState.APPLIED, False),
    (
        "forfeited",
        closed(OutcomeResult.FORFEITED),
        days_after_opening(90),
        RefundState.FORFEITED,
        False,
    ),
    (
        "次順位 before the winner's deadline",
        closed(OutcomeResult.SECOND, payment_deadline=date(2027, 1, 20)),
        date(2027, 1, 20),
        RefundState.HELD,
        True,
    ),
    (
        "次順位 after the winner's deadline",
        closed(OutcomeResult.SECOND, payment_deadline=date(2027, 1, 20)),
        date(2027, 1, 21),
        RefundState.WAITING,
        True,
    ),
    (
        "withdrawn",
        closed(OutcomeResult.WITHDRAWN, withdrawn_date=date(2026, 12, 10)),
        date(2026, 12, 12),
        RefundState.WAITING,
        True,
    ),
]


@pytest.mark.parametrize(
    ("bid", "today", "state", "outstanding"),
    [c[1:] for c in STATES],
    ids=[c[0] for c in STATES],
)
def test_state(bid: Bid, today: date, state: RefundState, outstanding: bool) -> None:
    found = status(bid, today)
    assert found is not None
    assert found.state is state
    assert found.outstanding is outstanding
    assert found.message.endswith("。")


@pytest.mark.parametrize(
    ("state", "label"),
    [
        (RefundState.PENDING, "開札待ち"),
        (RefundState.HELD, "保留中(次順位)"),
        (RefundState.WAITING, "返還待ち"),
        (RefundState.RETURNED, "返還済"),
        (RefundState.SHORT, "一部返還"),
        (RefundState.APPLIED, "代金に充当"),
        (RefundState.FORFEITED, "返還されない"),
    ],
)
def test_state_labels(state: RefundState, label: str) -> None:
    assert state.label == label


# --- overdue: 10 court days a warning, 22 court days an error --------------------------------
# The opening 2026-12-16 (水): 14 calendar days would end on 12-30, inside 年末年始 (the court
# is closed 12/29–1/3): counted in court days the warning comes on 2027-01-05 (day 20), and
# the error on 2027-01-22 (day 37; 01-11 成人の日 too) — never while the 出納課 was closed.

OVERDUE = [
    (0, ""),
    (7, ""),
    (14, ""),  # 12-30: calendar days said "warning" here (年末年始)
    (19, ""),
    (20, "warning"),
    (30, "warning"),  # calendar days said "error" here
    (36, "warning"),
    (37, "error"),
    (60, "error"),
]


@pytest.mark.parametrize(("days", "level"), OVERDUE)
def test_overdue_after_the_opening(days: int, level: str) -> None:
    found = status(closed(OutcomeResult.LOST), days_after_opening(days))
    assert found is not None
    assert (found.age_days, found.overdue) == (days, level)
    assert found.severity == (level or None)


@pytest.mark.parametrize(("days", "level"), OVERDUE)
def test_overdue_agrees_with_the_refund_check(days: int, level: str) -> None:
    bid = closed(OutcomeResult.LOST)
    today = days_after_opening(days)
    found = [f for f in run_checks(portfolio(bid), today=today) if f.code == "REFUND_OVERDUE"]
    assert [f.severity.value for f in found] == ([level] if level else [])
    ours = refund_statuses(portfolio(bid), today=today)
    assert [s.overdue for s in ours] == [level]


# 2027-01-20 (水): 10 court days = 02-03 (day 14); 22 court days = 02-22 (day 33: 02-11
# 建国記念の日).
@pytest.mark.parametrize(
    ("days", "level"), [(13, ""), (14, "warning"), (32, "warning"), (33, "error")]
)
def test_second_overdue_counts_from_the_winners_deadline(days: int, level: str) -> None:
    deadline = date(2027, 1, 20)
    bid = closed(OutcomeResult.SECOND, payment_deadline=deadline)
    found = status(bid, deadline + timedelta(days=days))
    assert found is not None
    assert (found.reference_date, found.age_days, found.overdue) == (deadline, days, level)


def test_error_message_tells_to_contact_the_court() -> None:
    found = status(closed(OutcomeResult.LOST), days_after_opening(38))
    assert found is not None
    assert "38日" in found.message and "裁判所" in found.message
    assert "2,468,000円" in found.message


def test_waiting_message_gives_the_expected_day() -> None:
    found = status(closed(OutcomeResult.LOST), days_after_opening(2))
    assert found is not None
    assert "令和8年12月23日(水)ごろ" in found.message


# --- dates and amounts -----------------------------------------------------------------------


def test_lost_dates() -> None:
    found = status(closed(OutcomeResult.LOST), days_after_opening(5))
    assert found is not None
    assert found.paid_date == PAID_ON
    assert found.reference_date == OPENING
    assert found.expected_date == found.expected_by == date(2026, 12, 23)
    assert found.warning_from == date(2027, 1, 5)  # 10 court days: 年末年始 is closed
    assert found.contact_by == date(2027, 1, 22)  # 22 court days
    assert found.days_waiting == found.age_days == 5
    assert (found.bid, found.property, found.deposit) == ("x1", "p1", DEPOSIT)


def test_short_refund_is_flagged() -> None:
    bid = closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=2_400_000)
    found = status(bid, days_after_opening(40))
    assert found is not None
    assert (found.short_by, found.shortfall, found.refund_amount) == (68_000, 68_000, 2_400_000)
    assert found.severity == "warning" and found.overdue == ""
    assert "68,000円" in found.message and found.age_days is None


def test_full_refund_is_not_short() -> None:
    bid = closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=DEPOSIT)
    found = status(bid, days_after_opening(40))
    assert found is not None
    assert (found.short_by, found.severity, found.refund_date) == (0, None, date(2026, 12, 22))


def test_deposit_is_the_transferred_amount() -> None:
    transfer = Transfer(date=PAID_ON, amount=2_500_000)
    bid = closed(OutcomeResult.LOST, bid=replace(PAID, transfer=transfer))
    found = status(bid, days_after_opening(1))
    assert found is not None and found.deposit == 2_500_000


def test_second_without_deadline_is_held_until_the_estimate() -> None:
    found = status(closed(OutcomeResult.SECOND), days_after_opening(10))
    assert found is not None
    assert (found.state, found.reference_date) == (RefundState.HELD, DEADLINE_ESTIMATE)
    assert "次順位" in found.message


def test_called_off_sale_waits_from_today_before_the_opening() -> None:
    prop = replace(P1, status=PropertyStatus.WITHDRAWN)
    found = status(PAID, date(2026, 12, 10), prop)
    assert found is not None
    assert (found.state, found.reference_date, found.expected_date) == (
        RefundState.WAITING,
        date(2026, 12, 10),
        date(2026, 12, 17),
    )


def test_called_off_sale_after_the_opening_goes_overdue() -> None:
    prop = replace(P1, status=PropertyStatus.CANCELLED)
    found = status(PAID, days_after_opening(40), prop)
    assert found is not None
    assert (found.reference_date, found.age_days, found.overdue) == (OPENING, 40, "error")


def test_unknown_opening_leaves_the_dates_open() -> None:
    prop = replace(P1, opening_date=None)
    found = status(closed(OutcomeResult.LOST), date(2027, 1, 30), prop)
    assert found is not None
    assert (found.reference_date, found.expected_date, found.age_days) == (None, None, None)
    assert "開札期日を入力" in found.message


# --- the list ----------------------------------------------------------------------------------


def _book() -> list[Bid]:
    return [
        replace(
            closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=DEPOSIT),
            id="r1",
        ),
        replace(closed(OutcomeResult.WON), id="r2"),
        replace(closed(OutcomeResult.LOST), id="r3"),
        replace(PAID, id="r4", property="p2", transfer=Transfer(date=date(2027, 1, 12))),
        replace(closed(OutcomeResult.WITHDRAWN, withdrawn_date=date(2026, 12, 28)), id="r5"),
        replace(
            closed(OutcomeResult.LOST, refund_date=date(2026, 12, 22), refund_amount=1),
            id="r6",
        ),
        BID,  # never transferred: not listed
    ]


LIST_TODAY = date(2027, 1, 25)  # opening + 40: r3 is an error; r5 (own withdrawal): a warning


def test_outstanding_first_most_urgent_first() -> None:
    found = refund_statuses(portfolio(*_book()), today=LIST_TODAY)
    assert [(s.bid, s.state.value, s.overdue) for s in found] == [
        ("r3", "waiting", "error"),
        ("r6", "short", ""),  # a warning too, expected earlier (12-23) than r5 (01-04)
        ("r5", "waiting", "warning"),
        ("r4", "pending", ""),
        ("r1", "returned", ""),
        ("r2", "applied", ""),
    ]


def test_outstanding_refunds_lists_only_money_still_out() -> None:
    found = outstanding_refunds(portfolio(*_book()), today=LIST_TODAY)
    assert [s.bid for s in found] == ["r3", "r6", "r5", "r4"]
    assert all(s.outstanding for s in found)


def test_empty_portfolio_has_no_refunds() -> None:
    assert refund_statuses(portfolio(), today=LIST_TODAY) == []


@pytest.mark.parametrize(
    ("decision", "deadline"),
    [
        # 12/23 + 7 = 12/30 (court holiday): the appeal period runs to 2027-01-04 (月),
        # + 1 month = 2027-02-04 (木) (民執法20条 → 民訴法95条3項).
        (date(2026, 12, 23), date(2027, 2, 4)),
        # Near miss: 12/16 + 7 = 12/23 (水), a court day: + 1 month = 2027-01-23 (土) → 01-22 (金).
        (date(2026, 12, 16), date(2027, 1, 22)),
        # 2027-04-22 + 7 = 04-29 (昭和の日) → 04-30 (金), + 1 month = 05-30 (日) → 05-28 (金).
        (date(2027, 4, 22), date(2027, 5, 28)),
    ],
)
def test_payment_deadline_estimate_follows_a_holiday_extended_appeal_period(
    decision: date, deadline: date
) -> None:
    from biddesk.domain.schedule.aftersale import estimated_payment_deadline

    prop = replace(P1, sale_decision_date=decision)
    assert estimated_payment_deadline(prop) == deadline


# --- one refund rule: check, calendar, 今後の期限, 返還管理 and the cash flow agree -----------
# For every outcome kind, with the transfer made or not, on a sale still on or called off by
# the court: whether a refund is expected and from which day. ``SINCE`` is the rule written
# out by hand (aftersale.refund_schedule): a future copy that drifts fails here.

WITHDRAWN_ON = date(2026, 12, 10)
SECOND_DEADLINE = date(2027, 1, 29)
AFTER_OPENING = date(2026, 12, 17)

OUTCOMES: dict[str, Outcome | None] = {
    "none": None,
    "lost": Outcome(result=OutcomeResult.LOST),
    "invalid": Outcome(result=OutcomeResult.INVALID),
    "withdrawn dated": Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=WITHDRAWN_ON),
    "withdrawn undated": Outcome(result=OutcomeResult.WITHDRAWN),
    "second": Outcome(result=OutcomeResult.SECOND, payment_deadline=SECOND_DEADLINE),
    "second estimated": Outcome(result=OutcomeResult.SECOND),
    "won": Outcome(result=OutcomeResult.WON, payment_deadline=date(2027, 1, 29)),
    "forfeited": Outcome(result=OutcomeResult.FORFEITED),
}


def _since(kind: str, transferred: bool, called_off: bool) -> tuple[date, bool] | None:
    """(day counted from, on request) — the refund rule, by hand."""
    if kind in ("lost", "invalid"):
        return OPENING, False  # the bid went in with its deposit
    if kind in ("second", "second estimated"):
        return (SECOND_DEADLINE if kind == "second" else DEADLINE_ESTIMATE), False
    if kind.startswith("withdrawn") and transferred:
        # the bidder's own withdrawal is refunded only when asked; the court's by itself
        return (WITHDRAWN_ON if kind == "withdrawn dated" else OPENING), not called_off
    if kind == "none" and transferred and called_off:
        return OPENING, False
    return None  # won, forfeited, open, or nothing ever transferred


CROSS = [
    (kind, transferred, called_off)
    for kind in OUTCOMES
    for transferred in (True, False)
    for called_off in (False, True)
]


@pytest.mark.parametrize(
    ("kind", "transferred", "called_off"),
    CROSS,
    ids=[f"{k}-{'paid' if t else 'unpaid'}-{'called off' if c else 'on'}" for k, t, c in CROSS],
)
def test_every_consumer_of_the_refund_rule_agrees(
    kind: str, transferred: bool, called_off: bool
) -> None:
    from biddesk.domain.funds.cashflow import EventKind, Scenario, compute_cashflow
    from biddesk.domain.schedule.aftersale import REFUND_BACK_COURT_DAYS, refund_day
    from biddesk.domain.schedule.deadlines import DeadlineKind, bid_deadlines
    from biddesk.forms.calendar import calendar_events
    from biddesk.forms.data import ExportData

    bid = replace(PAID if transferred else BID, outcome=OUTCOMES[kind])
    prop = replace(P1, status=PropertyStatus.WITHDRAWN) if called_off else P1
    book = portfolio(bid, properties=(prop,))
    today = AFTER_OPENING
    rule = _since(kind, transferred, called_off)

    found = status(bid, today, prop)
    schedule = found.schedule if found is not None else None
    ours = (schedule.since, schedule.on_request) if schedule is not None else None
    assert ours == rule
    if rule is None:
        assert found is None or found.state not in (RefundState.WAITING, RefundState.HELD)

    # 今後の期限: the refund check on the warning day, iff a refund is awaited.
    listed = [
        d.date for d in bid_deadlines(bid, prop, book.settings, today=today) if d.kind == "refund"
    ]
    assert listed == ([schedule.warning_from] if schedule else [])
    assert DeadlineKind.REFUND.value == "refund"

    # The calendar: the same warning day, and the day to ask the court.
    events = calendar_events(ExportData(portfolio=book, today=today))
    calendar = sorted((e.kind, e.day) for e in events if e.kind.startswith("refund"))
    assert calendar == (
        sorted([("refund", schedule.warning_from), ("refund_overdue", schedule.contact_from)])
        if schedule
        else []
    )

    # The cash flow: the deposit back about a week after the same day (never before today).
    flow = compute_cashflow(book, scenario=Scenario.ALL, today=today)
    back = [e.date for e in flow.events if e.kind is EventKind.REFUND]
    if rule is None:
        assert back == []
    else:
        expected = max(refund_day(rule[0], REFUND_BACK_COURT_DAYS), today)
        assert back == [expected]

    # check: REFUND_OVERDUE from the warning day on, not the day before (at once if asked).
    def overdue(day: date) -> list[str]:
        return [f.severity.value for f in run_checks(book, today=day) if f.code == "REFUND_OVERDUE"]

    if schedule is None:
        assert overdue(date(2027, 6, 1)) == []
        return
    warning, contact = schedule.warning_from, schedule.contact_from
    assert overdue(max(warning, today)) == (["warning"] if warning < contact else ["error"])
    assert overdue(contact) == ["error"]
    if warning - timedelta(days=1) >= today:
        assert overdue(warning - timedelta(days=1)) == []
    late = status(bid, contact, prop) or found
    assert late is not None and late.overdue == "error"


# --- the thresholds in court days (issue 14: 年末年始 does not raise them early) -------------


def test_court_day_thresholds_never_come_before_14_and_30_calendar_days() -> None:
    from biddesk.domain.dates import court_holiday
    from biddesk.domain.schedule.aftersale import RefundSchedule

    day = date(2026, 1, 1)
    while day < date(2029, 1, 1):
        schedule = RefundSchedule(since=day, since_label="開札期日", estimated=False)
        assert schedule.warning_from >= day + timedelta(days=14)
        assert schedule.contact_from >= day + timedelta(days=30)
        fortnight = [day + timedelta(days=n) for n in range(15)]
        if not any(court_holiday(d) for d in fortnight):  # an ordinary fortnight: same day
            assert schedule.warning_from == day + timedelta(days=14)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("since", "warning", "contact"),
    [
        # 年末年始: 12/16 + 14 days = 12/30 with the court closed 12/29–1/3.
        (date(2026, 12, 16), date(2027, 1, 5), date(2027, 1, 22)),
        # Near miss, an ordinary month (Tuesday): exactly 14 and 30 days.
        (date(2026, 6, 2), date(2026, 6, 16), date(2026, 7, 2)),
        # Golden Week: 4/28 + 14 = 5/12 would count 4/29, 5/3–5/5 as days the court paid out.
        (date(2027, 4, 28), date(2027, 5, 18), date(2027, 6, 3)),
    ],
)
def test_refund_thresholds_in_court_days(since: date, warning: date, contact: date) -> None:
    from biddesk.domain.schedule.aftersale import RefundSchedule

    schedule = RefundSchedule(since=since, since_label="開札期日", estimated=False)
    assert (schedule.warning_from, schedule.contact_from) == (warning, contact)


# --- a bid withdrawn before it was handed in: refunded only when asked (組戻し) -------------

OWN = closed(OutcomeResult.WITHDRAWN, withdrawn_date=WITHDRAWN_ON)
BY_COURT = replace(P1, status=PropertyStatus.WITHDRAWN)


def test_own_withdrawal_says_to_ask_the_court_at_once() -> None:
    found = status(OWN, WITHDRAWN_ON)
    assert found is not None and found.overdue == "warning"
    assert "出納課" in found.message and "組戻し" in found.message and "手数料" in found.message
    [finding] = [
        f for f in run_checks(portfolio(OWN), today=WITHDRAWN_ON) if f.code == "REFUND_OVERDUE"
    ]
    assert finding.message == found.message and finding.due == WITHDRAWN_ON


def test_the_courts_withdrawal_is_refunded_without_asking() -> None:
    found = status(OWN, WITHDRAWN_ON, BY_COURT)
    assert found is not None and found.overdue == ""
    assert "組戻し" not in found.message and "ごろ返還される見込み" in found.message


@pytest.mark.parametrize(
    ("prop", "short", "state"),
    [
        (P1, 880, RefundState.RETURNED),  # own withdrawal: the 組戻し fee, expected
        (P1, 2_200, RefundState.RETURNED),
        (P1, 2_201, RefundState.SHORT),  # near miss: more than a fee
        (BY_COURT, 880, RefundState.SHORT),  # the court refunds in full: ask
    ],
)
def test_a_fee_short_refund_of_an_own_withdrawal_is_not_alarming(
    prop: object, short: int, state: RefundState
) -> None:
    bid = replace(OWN, outcome=replace(OWN.outcome, refund_date=date(2026, 12, 20)))  # type: ignore[type-var]
    bid = replace(bid, outcome=replace(bid.outcome, refund_amount=DEPOSIT - short))  # type: ignore[type-var]
    found = status(bid, date(2026, 12, 21), prop)
    assert found is not None
    assert (found.state, found.short_by) == (state, short)
    book = portfolio(bid, properties=(prop,))  # type: ignore[arg-type]
    codes = [f.code for f in run_checks(book, today=date(2026, 12, 21))]
    assert ("REFUND_SHORT" in codes) is (state is RefundState.SHORT)
    if state is RefundState.RETURNED:
        assert found.severity is None and "手数料" in found.message
