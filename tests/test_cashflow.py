"""Cash events, scenarios, financing, capacity and shortfall (domain.funds.cashflow)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from cashflow_fixtures import (
    AMOUNT,
    BALANCE,
    BID,
    BID2,
    DEADLINE_ESTIMATE,
    DEPOSIT,
    OPENING,
    P1,
    P2,
    PAID,
    REFUND_DAY,
    SAFE_DAY,
    SETTINGS,
    TODAY,
    portfolio,
)
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from biddesk.domain.funds.cashflow import (
    DEFAULT_WIN_PROBABILITY,
    CashflowResult,
    EventKind,
    Scenario,
    cashflow_to_json,
    compute_cashflow,
    selectable_bids,
)
from biddesk.domain.models import (
    Bid,
    Financing,
    Loan,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    Property,
    PropertyStatus,
    Settings,
    Submission,
    Transfer,
)

Row = tuple[date, str, str | None, int]
D, R, B, C, F = "deposit", "refund", "balance", "cost", "financing"
PAID_ON = date(2026, 12, 4)


def flow(
    *bids: Bid,
    scenario: Scenario = Scenario.ALL,
    today: date = TODAY,
    settings: Settings = SETTINGS,
    winners: frozenset[str] | None = None,
    properties: tuple[Property, ...] = (P1, P2),
) -> CashflowResult:
    return compute_cashflow(
        portfolio(*bids, settings=settings, properties=properties),
        scenario=scenario,
        today=today,
        winners=winners,
    )


def rows(result: CashflowResult) -> list[Row]:
    return [(e.date, e.kind.value, e.bid, e.amount) for e in result.events]


def won(**fields: object) -> Bid:
    return replace(PAID, outcome=Outcome(result=OutcomeResult.WON, **fields))  # type: ignore[arg-type]


def closed(result: OutcomeResult, bid: Bid = PAID, **fields: object) -> Bid:
    return replace(bid, outcome=Outcome(result=result, **fields))  # type: ignore[arg-type]


# --- an open bid in each scenario ----------------------------------------------------

OPEN_CASES: list[tuple[str, Scenario, frozenset[str] | None, int | None, list[Row]]] = [
    (
        "none: the deposit comes back a week after the opening",
        Scenario.NONE,
        None,
        None,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "all: the balance falls due by the estimated deadline",
        Scenario.ALL,
        None,
        None,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (DEADLINE_ESTIMATE, B, "x1", -BALANCE)],
    ),
    (
        "selected and ticked: wins",
        Scenario.SELECTED,
        frozenset({"x1"}),
        None,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (DEADLINE_ESTIMATE, B, "x1", -BALANCE)],
    ),
    (
        "selected, another bid ticked: loses",
        Scenario.SELECTED,
        frozenset({"x9"}),
        None,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "selected, nothing ticked: loses",
        Scenario.SELECTED,
        None,
        None,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "expected 60%: 40% of the refund, 60% of the balance",
        Scenario.EXPECTED,
        None,
        60,
        [
            (SAFE_DAY, D, "x1", -DEPOSIT),
            (REFUND_DAY, R, "x1", 987_200),
            (DEADLINE_ESTIMATE, B, "x1", -7_519_200),
        ],
    ),
    (
        "expected 100%: the same as all",
        Scenario.EXPECTED,
        None,
        100,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (DEADLINE_ESTIMATE, B, "x1", -BALANCE)],
    ),
    (
        "expected 0%: the same as none",
        Scenario.EXPECTED,
        None,
        0,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "expected, probability above 100 is clamped",
        Scenario.EXPECTED,
        None,
        150,
        [(SAFE_DAY, D, "x1", -DEPOSIT), (DEADLINE_ESTIMATE, B, "x1", -BALANCE)],
    ),
    (
        "expected, no probability: even odds",
        Scenario.EXPECTED,
        None,
        None,
        [
            (SAFE_DAY, D, "x1", -DEPOSIT),
            (REFUND_DAY, R, "x1", DEPOSIT // 2),
            (DEADLINE_ESTIMATE, B, "x1", -BALANCE // 2),
        ],
    ),
]


@pytest.mark.parametrize(
    ("scenario", "winners", "probability", "expected"),
    [case[1:] for case in OPEN_CASES],
    ids=[case[0] for case in OPEN_CASES],
)
def test_open_bid_per_scenario(
    scenario: Scenario,
    winners: frozenset[str] | None,
    probability: int | None,
    expected: list[Row],
) -> None:
    bid = replace(BID, win_probability=probability)
    assert rows(flow(bid, scenario=scenario, winners=winners)) == expected


def test_default_probability_is_even_odds() -> None:
    assert DEFAULT_WIN_PROBABILITY == 50


def test_expected_values_round_outflows_up_and_inflows_down() -> None:
    bid = replace(
        BID,
        amount=3_000_002,
        win_probability=50,
        transfer=Transfer(date=PAID_ON, amount=1_000_001),
    )
    result = flow(bid, scenario=Scenario.EXPECTED)
    assert rows(result) == [
        (PAID_ON, D, "x1", -1_000_001),
        (REFUND_DAY, R, "x1", 500_000),  # floor(500,000.5)
        (DEADLINE_ESTIMATE, B, "x1", -1_000_001),  # ceil(1,000,000.5)
    ]
    assert all(e.estimated for e in result.events[1:])
    assert "期待値 50%" in result.events[2].label


def test_estimated_events_are_marked() -> None:
    result = flow(BID, PAID, scenario=Scenario.ALL)
    marks = {(e.bid, e.kind.value, e.date): e.estimated for e in result.events}
    assert marks[("x1", D, SAFE_DAY)] is True  # the safe transfer day, not a recorded transfer
    assert marks[("x1", D, PAID_ON)] is False
    assert marks[("x1", B, DEADLINE_ESTIMATE)] is True


# --- recorded outcomes always apply ---------------------------------------------------

RECORDED: list[tuple[str, Bid, list[Row]]] = [
    (
        "lost: refund a week after the opening",
        closed(OutcomeResult.LOST),
        [(PAID_ON, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "invalid: refunded like a lost bid",
        closed(OutcomeResult.INVALID),
        [(PAID_ON, D, "x1", -DEPOSIT), (REFUND_DAY, R, "x1", DEPOSIT)],
    ),
    (
        "lost, refund recorded: on its date",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 21), refund_amount=DEPOSIT),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2026, 12, 21), R, "x1", DEPOSIT)],
    ),
    (
        "lost, short refund: the amount that came back",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 21), refund_amount=2_400_000),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2026, 12, 21), R, "x1", 2_400_000)],
    ),
    (
        "lost, refund date without amount: the deposit",
        closed(OutcomeResult.LOST, refund_date=date(2026, 12, 21)),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2026, 12, 21), R, "x1", DEPOSIT)],
    ),
    (
        "次順位: held until the winner's recorded deadline, then a week",
        closed(OutcomeResult.SECOND, payment_deadline=date(2027, 1, 20)),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2027, 1, 27), R, "x1", DEPOSIT)],
    ),
    (
        "次順位: the winner's deadline estimated from the 売却決定期日",
        closed(OutcomeResult.SECOND),
        # 5 court days after 2027-02-04 (木): 02-11 建国記念の日 is skipped.
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2027, 2, 12), R, "x1", DEPOSIT)],
    ),
    (
        "withdrawn by the bidder on a recorded date: asked for, less the 組戻し fee",
        closed(OutcomeResult.WITHDRAWN, withdrawn_date=date(2026, 12, 10)),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2026, 12, 17), R, "x1", DEPOSIT - 2_200)],
    ),
    (
        "withdrawn before the transfer: nothing moves",
        closed(OutcomeResult.WITHDRAWN, bid=BID, withdrawn_date=date(2026, 12, 3)),
        [],
    ),
    (
        "won, court's deadline entered",
        won(payment_deadline=date(2027, 1, 15)),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2027, 1, 15), B, "x1", -BALANCE)],
    ),
    (
        "won, deadline estimated",
        won(),
        [(PAID_ON, D, "x1", -DEPOSIT), (DEADLINE_ESTIMATE, B, "x1", -BALANCE)],
    ),
    (
        "won and paid: on the payment date",
        won(payment_deadline=date(2027, 1, 15), paid_date=date(2027, 1, 12)),
        [(PAID_ON, D, "x1", -DEPOSIT), (date(2027, 1, 12), B, "x1", -BALANCE)],
    ),
    (
        "forfeited: the deposit never comes back",
        closed(OutcomeResult.FORFEITED),
        [(PAID_ON, D, "x1", -DEPOSIT)],
    ),
]


@pytest.mark.parametrize("scenario", list(Scenario))
@pytest.mark.parametrize(
    ("bid", "expected"), [c[1:] for c in RECORDED], ids=[c[0] for c in RECORDED]
)
def test_recorded_outcome_overrides_every_scenario(
    scenario: Scenario, bid: Bid, expected: list[Row]
) -> None:
    result = flow(bid, scenario=scenario, winners=frozenset({"x1"}))
    assert rows(result) == expected


def test_recorded_dates_are_not_estimates() -> None:
    bid = won(payment_deadline=date(2027, 1, 15))
    assert [e.estimated for e in flow(bid).events] == [False, False]
    assert [e.estimated for e in flow(won()).events] == [False, True]


def test_short_refund_label_names_the_missing_amount() -> None:
    bid = closed(OutcomeResult.LOST, refund_date=date(2026, 12, 21), refund_amount=2_400_000)
    refund = flow(bid).events[-1]
    assert refund.kind is EventKind.REFUND
    assert "68,000円不足" in refund.label


def test_second_refund_label_says_held_until_winner_pays() -> None:
    refund = flow(closed(OutcomeResult.SECOND)).events[-1]
    assert "次順位" in refund.label and refund.estimated


# --- the sale called off (取下げ/取消/停止) -------------------------------------------


@pytest.mark.parametrize(
    "status", [PropertyStatus.WITHDRAWN, PropertyStatus.CANCELLED, PropertyStatus.SUSPENDED]
)
@pytest.mark.parametrize("scenario", [Scenario.ALL, Scenario.NONE])
def test_called_off_sale_refunds_a_paid_deposit(status: PropertyStatus, scenario: Scenario) -> None:
    prop = replace(P1, status=status)
    today = date(2026, 12, 10)  # the opening (12-16) is ahead: called off by today
    result = flow(PAID, scenario=scenario, today=today, properties=(prop,))
    assert rows(result) == [(PAID_ON, D, "x1", -DEPOSIT), (date(2026, 12, 17), R, "x1", DEPOSIT)]


def test_called_off_after_the_opening_counts_from_the_opening() -> None:
    prop = replace(P1, status=PropertyStatus.WITHDRAWN)
    result = flow(PAID, today=date(2026, 12, 18), properties=(prop,))
    # opening + 7 = 12-23 is still ahead of today
    assert rows(result)[-1] == (REFUND_DAY, R, "x1", DEPOSIT)


def test_called_off_before_the_transfer_moves_nothing() -> None:
    prop = replace(P1, status=PropertyStatus.WITHDRAWN)
    assert flow(BID, scenario=Scenario.ALL, properties=(prop,)).events == ()


# --- amounts ---------------------------------------------------------------------------


def test_guarantee_moves_no_deposit_and_the_whole_price_is_due() -> None:
    bid = replace(BID, method=PaymentMethod.GUARANTEE)
    assert rows(flow(bid, scenario=Scenario.ALL)) == [(DEADLINE_ESTIMATE, B, "x1", -AMOUNT)]
    assert rows(flow(bid, scenario=Scenario.NONE)) == []


def test_undecided_bid_is_costed_at_the_minimum_bid() -> None:
    result = flow(replace(BID, amount=None))
    balance = result.events[-1]
    assert (balance.kind, balance.amount) == (EventKind.BALANCE, -(9_872_000 - DEPOSIT))
    assert balance.estimated and "買受可能価額" in balance.label


def test_transferred_amount_beats_the_announced_deposit() -> None:
    bid = replace(BID, transfer=Transfer(date=PAID_ON, amount=2_500_000))
    assert rows(flow(bid)) == [
        (PAID_ON, D, "x1", -2_500_000),
        (DEADLINE_ESTIMATE, B, "x1", -(AMOUNT - 2_500_000)),
    ]


def test_unannounced_deposit_is_computed_and_marked() -> None:
    prop = replace(P1, deposit=None)
    deposit = flow(BID, properties=(prop,)).events[0]
    assert (deposit.amount, deposit.estimated) == (-2_468_000, True)


def test_unknown_property_uses_the_transfer_and_today() -> None:
    bid = replace(PAID, property="zz")
    assert rows(flow(bid, properties=(P1,))) == [
        (TODAY, B, "x1", -BALANCE),
        (PAID_ON, D, "x1", -DEPOSIT),
    ]
    # without an opening date no refund is counted on
    assert rows(flow(bid, scenario=Scenario.NONE, properties=(P1,))) == [
        (PAID_ON, D, "x1", -DEPOSIT)
    ]


def test_property_without_dates_puts_outflows_on_today() -> None:
    prop = Property(id="p1", base_price=10_000_000)
    assert rows(flow(BID, properties=(prop,))) == [
        (TODAY, D, "x1", -2_000_000),
        (TODAY, B, "x1", -(AMOUNT - 2_000_000)),
    ]
    assert flow(BID, properties=(prop,)).events[0].label == "保証金の振込(入札期間が未入力)"


COST_CASES = [
    (Scenario.ALL, None, [(DEADLINE_ESTIMATE, C, "x1", -800_000)]),
    (Scenario.NONE, None, []),
    (Scenario.EXPECTED, 25, [(DEADLINE_ESTIMATE, C, "x1", -200_000)]),
]


@pytest.mark.parametrize(("scenario", "probability", "expected"), COST_CASES)
def test_acquisition_costs_only_where_entered_and_won(
    scenario: Scenario, probability: int | None, expected: list[Row]
) -> None:
    bid = replace(BID, acquisition_costs=800_000, win_probability=probability)
    assert [r for r in rows(flow(bid, scenario=scenario)) if r[1] == C] == expected
    assert [r for r in rows(flow(BID, scenario=scenario)) if r[1] == C] == []


def test_cost_follows_the_balance_on_the_same_day() -> None:
    bid = replace(BID, acquisition_costs=800_000)
    kinds = [e.kind for e in flow(bid).events]
    assert kinds == [EventKind.DEPOSIT, EventKind.BALANCE, EventKind.COST]


# --- financing ---------------------------------------------------------------------------

LINE = Financing(name="A銀行", amount=20_000_000, available_from=date(2027, 1, 20))


def test_dated_financing_arrives_as_cash_on_its_date() -> None:
    settings = replace(SETTINGS, financing=(LINE,))
    result = flow(BID, settings=settings)
    assert rows(result) == [
        (SAFE_DAY, D, "x1", -DEPOSIT),
        (date(2027, 1, 20), F, None, 20_000_000),
        (DEADLINE_ESTIMATE, B, "x1", -BALANCE),
    ]
    assert result.capacity_start == 25_000_000  # not available at the start
    assert [e.headroom for e in result.events] == [22_532_000, 42_532_000, 30_000_000]
    assert result.events[1].label == "融資 A銀行"


def test_financing_before_the_balance_avoids_a_shortfall() -> None:
    settings = Settings(cash_on_hand=10_000_000, financing=(LINE,))
    result = flow(BID, settings=settings)
    assert result.first_shortfall is None
    assert result.lowest == (SAFE_DAY, 10_000_000 - DEPOSIT)


def test_financing_after_the_balance_leaves_a_shortfall() -> None:
    late = replace(LINE, available_from=date(2027, 2, 10))
    settings = Settings(cash_on_hand=10_000_000, financing=(late,))
    result = flow(BID, settings=settings)
    assert [e.headroom for e in result.events] == [7_532_000, -5_000_000, 15_000_000]
    assert result.first_shortfall == DEADLINE_ESTIMATE
    assert result.lowest == (DEADLINE_ESTIMATE, -5_000_000)


def test_financing_on_the_balance_day_comes_first() -> None:
    same = replace(LINE, available_from=DEADLINE_ESTIMATE)
    settings = Settings(cash_on_hand=10_000_000, financing=(same,))
    result = flow(BID, settings=settings)
    assert [e.kind for e in result.events][1:] == [EventKind.FINANCING, EventKind.BALANCE]
    assert result.first_shortfall is None


def test_undated_financing_is_standby_headroom_never_cash() -> None:
    standby = Financing(name="当座貸越", amount=5_000_000, available_from=None)
    settings = Settings(cash_on_hand=10_000_000, reserve=1_000_000, financing=(standby,))
    result = flow(BID, settings=settings)
    assert result.capacity_start == 14_000_000
    assert all(e.kind is not EventKind.FINANCING for e in result.events)
    assert [(e.cash_after, e.headroom) for e in result.events] == [
        (7_532_000, 11_532_000),
        (-5_000_000, -1_000_000),
    ]


LOAN = Loan(lender="B信金", amount=10_000_000, expected_date=date(2027, 1, 25))

LOAN_CASES = [
    (Scenario.ALL, None, [(date(2027, 1, 25), F, "x1", 10_000_000)]),
    (Scenario.NONE, None, []),
    (Scenario.EXPECTED, 50, [(date(2027, 1, 25), F, "x1", 5_000_000)]),
    (Scenario.SELECTED, None, []),
]


@pytest.mark.parametrize(("scenario", "probability", "expected"), LOAN_CASES)
def test_bid_loan_arrives_only_where_the_bid_wins(
    scenario: Scenario, probability: int | None, expected: list[Row]
) -> None:
    bid = replace(BID, loan=LOAN, win_probability=probability)
    assert [r for r in rows(flow(bid, scenario=scenario)) if r[1] == F] == expected


def test_loan_without_date_arrives_with_the_balance() -> None:
    bid = replace(BID, loan=replace(LOAN, expected_date=None))
    result = flow(bid, settings=Settings(cash_on_hand=5_000_000))
    assert rows(result)[1:] == [
        (DEADLINE_ESTIMATE, F, "x1", 10_000_000),
        (DEADLINE_ESTIMATE, B, "x1", -BALANCE),
    ]
    assert result.first_shortfall is None  # 5,000,000 − 2,468,000 + 10,000,000 ≥ 12,532,000
    assert result.events[1].estimated


def test_loan_of_a_recorded_win_applies_in_the_none_scenario() -> None:
    bid = replace(won(payment_deadline=date(2027, 1, 15)), loan=LOAN)
    assert (date(2027, 1, 25), F, "x1", 10_000_000) in rows(flow(bid, scenario=Scenario.NONE))


# --- capacity, reserve, lowest point, shortfall ------------------------------------------


def test_capacity_start_is_cash_minus_reserve() -> None:
    assert flow(scenario=Scenario.ALL).capacity_start == 25_000_000


def test_reserve_is_never_spent() -> None:
    settings = Settings(cash_on_hand=15_000_000, reserve=3_000_000)
    result = flow(BID, settings=settings)
    last = result.events[-1]
    assert last.cash_after == 0  # the cash is all there…
    assert last.headroom == -3_000_000  # …but the reserve would have been touched
    assert result.first_shortfall == DEADLINE_ESTIMATE


def test_no_events_lowest_is_the_start() -> None:
    result = flow(scenario=Scenario.ALL)
    assert result.events == ()
    assert result.lowest == (TODAY, 25_000_000)
    assert result.first_shortfall is None


def test_reserve_above_cash_is_a_shortfall_from_the_start() -> None:
    result = flow(settings=Settings(cash_on_hand=1_000_000, reserve=2_000_000))
    assert result.first_shortfall == TODAY
    assert result.lowest == (TODAY, -1_000_000)


def test_start_is_the_earliest_past_event() -> None:
    settings = Settings(cash_on_hand=1_000_000, reserve=2_000_000)
    result = flow(closed(OutcomeResult.LOST), settings=settings, today=date(2027, 1, 5))
    assert result.first_shortfall == PAID_ON  # the transfer before today is the start


def test_lowest_is_the_earliest_on_a_tie() -> None:
    prop = replace(P2, bid_period_end=P1.bid_period_end, opening_date=OPENING)
    one = replace(PAID, outcome=Outcome(result=OutcomeResult.LOST, refund_date=date(2026, 12, 5)))
    two = Bid(
        id="x2",
        property="p2",
        amount=9_000_000,
        transfer=Transfer(date=date(2026, 12, 6), amount=DEPOSIT),
        outcome=Outcome(result=OutcomeResult.FORFEITED),
    )
    result = flow(one, two, properties=(P1, prop))
    assert [e.headroom for e in result.events] == [22_532_000, 25_000_000, 22_532_000]
    assert result.lowest == (PAID_ON, 22_532_000)


def test_first_shortfall_is_the_first_negative_headroom() -> None:
    settings = Settings(cash_on_hand=14_000_000)
    result = flow(BID, BID2, settings=settings)
    negatives = [e.date for e in result.events if e.headroom < 0]
    assert result.first_shortfall == negatives[0] == DEADLINE_ESTIMATE


# --- dates and order ---------------------------------------------------------------------


def test_estimated_dates_never_fall_before_today() -> None:
    today = date(2026, 12, 8)  # the safe day (12-07) has passed without a transfer
    assert rows(flow(BID, today=today))[0] == (today, D, "x1", -DEPOSIT)
    overdue = closed(OutcomeResult.LOST)
    later = date(2027, 1, 5)
    assert rows(flow(overdue, today=later))[-1] == (later, R, "x1", DEPOSIT)


def test_recorded_dates_stay_in_the_past() -> None:
    result = flow(PAID, today=date(2026, 12, 10))
    assert result.events[0].date == PAID_ON


def test_same_day_deposit_goes_before_refund() -> None:
    # x2's safe day on p2 is 2027-01-08 (01-11 成人の日); x1's refund is recorded that day.
    refund_day = date(2027, 1, 8)
    x1 = closed(OutcomeResult.LOST, refund_date=refund_day, refund_amount=DEPOSIT)
    result = flow(x1, BID2)
    same_day = [(e.kind, e.bid) for e in result.events if e.date == refund_day]
    assert same_day == [(EventKind.DEPOSIT, "x2"), (EventKind.REFUND, "x1")]


def test_events_sorted_by_date_then_kind_then_bid_order() -> None:
    result = flow(BID2, BID, replace(BID, id="x3"), scenario=Scenario.ALL)
    keys = [(e.date, e.kind.rank) for e in result.events]
    assert keys == sorted(keys)
    assert [e.bid for e in result.events if e.date == SAFE_DAY] == ["x1", "x3"]


def test_running_cash_and_headroom() -> None:
    settings = replace(SETTINGS, financing=(LINE,))
    result = flow(BID, BID2, PAID, settings=settings, scenario=Scenario.EXPECTED)
    cash = settings.cash_on_hand
    for event in result.events:
        cash += event.amount
        assert event.cash_after == cash
        assert event.headroom == cash - settings.reserve


def test_funds_shortfall_finding_uses_the_all_win_scenario() -> None:
    from biddesk.domain.rules.checks import run_checks

    settings = Settings(cash_on_hand=14_000_000)
    found = [
        f
        for f in run_checks(portfolio(BID, settings=settings), today=TODAY)
        if f.code == "FUNDS_SHORTFALL"
    ]
    assert [f.due for f in found] == [DEADLINE_ESTIMATE]
    rich = [f for f in run_checks(portfolio(BID), today=TODAY) if f.code == "FUNDS_SHORTFALL"]
    assert rich == []


def test_selectable_bids_are_the_open_ones() -> None:
    called_off = replace(P2, status=PropertyStatus.WITHDRAWN)
    book = portfolio(
        BID,
        closed(OutcomeResult.LOST, bid=replace(BID, id="x7")),
        BID2,
        replace(BID, id="x9", property="zz"),
        properties=(P1, called_off),
    )
    assert selectable_bids(book) == ["x1", "x9"]


# --- labels, JSON, scale -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (EventKind.DEPOSIT, "保証金"),
        (EventKind.REFUND, "返還"),
        (EventKind.BALANCE, "残代金"),
        (EventKind.COST, "諸費用"),
        (EventKind.FINANCING, "融資"),
    ],
)
def test_event_kind_labels(kind: EventKind, label: str) -> None:
    assert kind.label == label


def test_scenario_values_and_labels() -> None:
    assert [s.value for s in Scenario] == ["none", "all", "expected", "selected"]
    assert Scenario.ALL.label == "すべて落札した場合"
    assert all(s.label for s in Scenario)


def test_json_shape_follows_the_contract() -> None:
    settings = Settings(cash_on_hand=10_000_000, financing=(LINE,))
    data = cashflow_to_json(flow(BID, settings=settings))
    assert set(data) == {"scenario", "capacity_start", "events", "lowest", "first_shortfall"}
    assert data["scenario"] == "all"
    assert data["capacity_start"] == 10_000_000
    assert data["events"][0] == {
        "date": "2026-12-07",
        "kind": "deposit",
        "bid": "x1",
        "amount": -DEPOSIT,
        "cash_after": 7_532_000,
        "headroom": 7_532_000,
        "label": "保証金の振込(振込推奨日)",
        "estimated": True,
    }
    assert data["events"][1]["bid"] is None
    assert data["lowest"] == {"date": "2026-12-07", "headroom": 7_532_000}
    assert data["first_shortfall"] is None


def test_json_first_shortfall_is_iso() -> None:
    data = cashflow_to_json(flow(BID, settings=Settings(cash_on_hand=1_000_000)))
    assert data["first_shortfall"] == "2026-12-07"


def test_ten_thousand_bids() -> None:
    results = list(OutcomeResult)
    properties = tuple(
        replace(P1, id=f"p{n}", bid_period_end=date(2026, 12, 9) + timedelta(days=n % 60))
        for n in range(1000)
    )
    bids = []
    for n in range(10_000):
        bid = Bid(id=f"x{n}", property=f"p{n % 1000}", amount=15_000_000, win_probability=n % 101)
        if n % 3 == 0:
            bid = replace(bid, transfer=Transfer(date=date(2026, 12, 4), amount=DEPOSIT))
        if n % 4 == 0:
            bid = replace(bid, outcome=Outcome(result=results[n % len(results)]))
        bids.append(bid)
    big = portfolio(*bids, properties=properties)
    for scenario in (Scenario.ALL, Scenario.EXPECTED):
        result = compute_cashflow(big, scenario=scenario, today=TODAY)
        assert len({e.bid for e in result.events}) > 9_000
        assert [e.date for e in result.events] == sorted(e.date for e in result.events)
        assert result.first_shortfall is not None


# --- properties over random portfolios --------------------------------------------------

_bids = st.lists(
    st.builds(
        Bid,
        id=st.sampled_from(["a", "b", "c", "d"]),
        property=st.sampled_from(["p1", "p2", "zz"]),
        amount=st.one_of(st.none(), st.integers(10_000_000, 40_000_000)),
        method=st.sampled_from(list(PaymentMethod)),
        win_probability=st.one_of(st.none(), st.integers(0, 100)),
        acquisition_costs=st.one_of(st.none(), st.integers(0, 2_000_000)),
        transfer=st.one_of(
            st.none(),
            st.builds(
                Transfer,
                date=st.dates(date(2026, 11, 1), date(2027, 1, 31)),
                amount=st.one_of(st.none(), st.integers(1_000_000, 3_000_000)),
            ),
        ),
        outcome=st.one_of(
            st.none(),
            st.builds(
                Outcome,
                result=st.sampled_from(list(OutcomeResult)),
                refund_date=st.one_of(st.none(), st.dates(date(2026, 12, 1), date(2027, 3, 1))),
            ),
        ),
    ),
    max_size=6,
)


@hsettings(max_examples=60)
@given(bids=_bids, today=st.dates(date(2026, 11, 1), date(2027, 3, 1)))
def test_scenarios_order_the_final_cash(bids: list[Bid], today: date) -> None:
    """Without loans, winning more never leaves more cash: all ≤ expected ≤ none."""
    book = portfolio(*bids)
    finals = {}
    for scenario in (Scenario.ALL, Scenario.EXPECTED, Scenario.NONE):
        result = compute_cashflow(book, scenario=scenario, today=today)
        cash = SETTINGS.cash_on_hand
        for event in result.events:
            cash += event.amount
            assert event.cash_after == cash
            assert event.headroom == cash - SETTINGS.reserve
        finals[scenario] = cash
        keys = [(e.date, e.kind.rank) for e in result.events]
        assert keys == sorted(keys)
    assert finals[Scenario.ALL] <= finals[Scenario.EXPECTED] <= finals[Scenario.NONE]


# --- one winner per property -------------------------------------------------------

COMPANY_BID = replace(BID, id="x9", bidder="c1", amount=16_000_000)
"""A second own bid on p1 (the bidder's company), higher than BID."""


def balances(result: CashflowResult) -> dict[str | None, int]:
    return {e.bid: e.amount for e in result.events if e.kind is EventKind.BALANCE}


def refunds(result: CashflowResult) -> dict[str | None, int]:
    return {e.bid: e.amount for e in result.events if e.kind is EventKind.REFUND}


@pytest.mark.parametrize("scenario", [Scenario.ALL, Scenario.EXPECTED])
def test_two_own_bids_on_one_property_cannot_both_win(scenario: Scenario) -> None:
    result = flow(BID, COMPANY_BID, scenario=scenario)
    # Only the higher bid can be 最高価買受申出人: the other's deposit comes back in full.
    assert set(balances(result)) == {"x9"}
    assert refunds(result)["x1"] == DEPOSIT
    label = next(e.label for e in result.events if e.bid == "x1" and e.kind is EventKind.REFUND)
    assert "自分の高い入札" in label


def test_bids_on_different_properties_all_win() -> None:
    # Near miss: the same two amounts on two properties both count in the all-win scenario.
    result = flow(BID, replace(COMPANY_BID, property="p2"))
    assert set(balances(result)) == {"x1", "x9"}


def test_an_undecided_own_bid_ranks_at_the_minimum() -> None:
    undecided = replace(COMPANY_BID, amount=None)  # costed at 9,872,000 < 15,000,000
    assert set(balances(flow(BID, undecided))) == {"x1"}


def test_equal_own_bids_the_first_wins() -> None:
    assert set(balances(flow(BID, replace(COMPANY_BID, amount=AMOUNT)))) == {"x1"}


def test_selected_only_the_higher_of_the_ticked_bids_wins() -> None:
    both = frozenset({"x1", "x9"})
    assert set(balances(flow(BID, COMPANY_BID, scenario=Scenario.SELECTED, winners=both))) == {"x9"}
    # Only the lower one ticked: it is the one assumed to win.
    lower = frozenset({"x1"})
    assert set(balances(flow(BID, COMPANY_BID, scenario=Scenario.SELECTED, winners=lower))) == {
        "x1"
    }


def test_a_recorded_win_takes_the_property_from_open_own_bids() -> None:
    result = flow(won(paid_date=date(2027, 1, 20)), COMPANY_BID)
    assert set(balances(result)) == {"x1"}  # the higher but open x9 cannot win p1 any more
    assert refunds(result)["x9"] == DEPOSIT
    # Near miss: an open bid on another property still wins.
    other = flow(won(paid_date=date(2027, 1, 20)), replace(COMPANY_BID, property="p2"))
    assert set(balances(other)) == {"x1", "x9"}


def test_a_mailed_deposit_leaves_before_the_envelope() -> None:
    # 郵送期限 12/4 (金): the 振込証明書 goes into the envelope (規則48条), so the deposit is
    # planned by then, not on the period's safe transfer day 12/7.
    mailed = replace(BID, submission=Submission.MAIL)
    [deposit] = [e for e in flow(mailed).events if e.kind is EventKind.DEPOSIT]
    assert deposit.date == date(2026, 12, 4)
    # Near miss: handed in on the last day, the period's safe day stands.
    [in_person] = [e for e in flow(BID).events if e.kind is EventKind.DEPOSIT]
    assert in_person.date == SAFE_DAY


def test_an_unpaid_balance_past_its_deadline_is_not_booked_as_paid() -> None:
    # Deadline 2027-01-29, no payment recorded, today 2027-02-05 (PAYMENT_OVERDUE): the balance
    # is not on 01-29 as if paid, but owed as of today, marked as an estimate.
    late = won(payment_deadline=date(2027, 1, 29))
    [balance] = [
        e for e in flow(late, today=date(2027, 2, 5)).events if e.kind is EventKind.BALANCE
    ]
    assert (balance.date, balance.estimated) == (date(2027, 2, 5), True)
    assert "納付期限を過ぎて未記録" in balance.label
    # Near miss: paid on the deadline, booked on its day as recorded.
    paid = won(payment_deadline=date(2027, 1, 29), paid_date=date(2027, 1, 29))
    [booked] = [e for e in flow(paid, today=date(2027, 2, 5)).events if e.kind is EventKind.BALANCE]
    assert (booked.date, booked.estimated) == (date(2027, 1, 29), False)
