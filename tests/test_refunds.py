"""Refund tracking (domain.refunds): states, ages, overdue levels, short refunds, order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from cashflow_fixtures import BID, DEADLINE_ESTIMATE, DEPOSIT, OPENING, P1, PAID, portfolio

from domain.checks import run_checks
from domain.models import Bid, Outcome, OutcomeResult, PaymentMethod, PropertyStatus, Transfer
from domain.refunds import (
    RefundState,
    RefundStatus,
    outstanding_refunds,
    refund_status,
    refund_statuses,
)

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
        (RefundState.FORFEITED, "没収"),
    ],
)
def test_state_labels(state: RefundState, label: str) -> None:
    assert state.label == label


# --- overdue: 14 days a warning, 30 days an error ------------------------------------------

OVERDUE = [
    (0, ""),
    (7, ""),
    (13, ""),
    (14, "warning"),
    (29, "warning"),
    (30, "error"),
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


@pytest.mark.parametrize(("days", "level"), [(13, ""), (14, "warning"), (30, "error")])
def test_second_overdue_counts_from_the_winners_deadline(days: int, level: str) -> None:
    deadline = date(2027, 1, 20)
    bid = closed(OutcomeResult.SECOND, payment_deadline=deadline)
    found = status(bid, deadline + timedelta(days=days))
    assert found is not None
    assert (found.reference_date, found.age_days, found.overdue) == (deadline, days, level)


def test_error_message_tells_to_contact_the_court() -> None:
    found = status(closed(OutcomeResult.LOST), days_after_opening(31))
    assert found is not None
    assert "31日" in found.message and "裁判所" in found.message
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
    assert found.warning_from == date(2026, 12, 30)
    assert found.contact_by == date(2027, 1, 15)
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
    found = status(PAID, days_after_opening(35), prop)
    assert found is not None
    assert (found.reference_date, found.age_days, found.overdue) == (OPENING, 35, "error")


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


LIST_TODAY = date(2027, 1, 16)  # opening + 31: r3 is an error; r5 (12-28) + 19: a warning


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
    from domain.aftersale import estimated_payment_deadline

    prop = replace(P1, sale_decision_date=decision)
    assert estimated_payment_deadline(prop) == deadline
