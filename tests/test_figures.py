"""Figures: minimum bid, deposit, bid checks, 次順位 (民執法67条), transfer and mail deadlines."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.figures import (
    SUSPICIOUS_MULTIPLE,
    check_bid,
    last_in_person_day,
    last_transfer_day,
    mail_send_by,
    minimum_bid,
    property_figures,
    safe_transfer_day,
    second_bid_eligibility,
    standard_deposit,
)

D = date
BASE = 12_340_000
MINIMUM = 9_872_000
DEPOSIT = 2_468_000


@pytest.mark.parametrize(
    ("base", "minimum", "deposit"),
    [
        (1_234_567, 987_654, 246_914),  # ceil(987,653.6), ceil(246,913.4)
        (12_340_000, 9_872_000, 2_468_000),
        (1_710_000, 1_368_000, 342_000),
        (123_456_789, 98_765_432, 24_691_358),  # ceil(98,765,431.2), ceil(24,691,357.8)
        (1, 1, 1),
        (5, 4, 1),
        (9, 8, 2),  # ceil(7.2), ceil(1.8)
        (0, 0, 0),
    ],
)
def test_minimum_bid_and_standard_deposit_round_up(base: int, minimum: int, deposit: int) -> None:
    assert minimum_bid(base) == minimum
    assert standard_deposit(base) == deposit


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**12))
def test_minimum_bid_is_the_smallest_whole_yen_at_eight_tenths(base: int) -> None:
    minimum = minimum_bid(base)
    assert minimum * 10 >= base * 8 > (minimum - 1) * 10
    # 基準 − 基準×2/10 (民執法60条3項) in whole yen is the same number.
    assert minimum == base - base * 2 // 10
    deposit = standard_deposit(base)
    assert deposit * 10 >= base * 2 > (deposit - 1) * 10


# --- property figures ----------------------------------------------------------------


def test_figures_computed_from_the_base_mark_the_deposit_estimated() -> None:
    figures = property_figures(BASE)
    assert (figures.minimum_bid, figures.deposit) == (MINIMUM, DEPOSIT)
    assert figures.deposit_estimated is True
    assert figures.warnings == ()


def test_announced_deposit_is_used_and_not_estimated() -> None:
    figures = property_figures(BASE, announced_deposit=DEPOSIT)
    assert figures.deposit == DEPOSIT
    assert figures.deposit_estimated is False
    assert figures.warnings == ()


def test_deposit_rounded_up_by_the_court_beats_the_computed_one() -> None:
    # 規則39条2項: the court may set more, e.g. rounded up to the next 1万円.
    figures = property_figures(1_234_567, announced_deposit=250_000)
    assert figures.deposit == 250_000
    assert figures.warnings == ()


def test_deposit_below_two_tenths_is_warned_not_fixed() -> None:
    figures = property_figures(BASE, announced_deposit=246_800)
    assert figures.deposit == 246_800
    assert len(figures.warnings) == 1
    assert "少額" in figures.warnings[0]
    assert "2,468,000円" in figures.warnings[0]


def test_deposit_above_the_base_is_a_digit_warning() -> None:
    figures = property_figures(BASE, announced_deposit=24_680_000)
    assert figures.deposit == 24_680_000
    assert len(figures.warnings) == 1
    assert "桁" in figures.warnings[0]


def test_minimum_not_eight_tenths_is_warned_and_the_announced_one_used() -> None:
    figures = property_figures(BASE, announced_minimum=9_870_000, announced_deposit=DEPOSIT)
    assert figures.minimum_bid == 9_870_000
    assert len(figures.warnings) == 1
    assert "9,872,000円" in figures.warnings[0]


def test_announced_figures_that_agree_give_no_warning() -> None:
    figures = property_figures(BASE, announced_minimum=MINIMUM, announced_deposit=DEPOSIT)
    assert figures.warnings == ()
    assert (figures.minimum_bid, figures.deposit, figures.deposit_estimated) == (
        MINIMUM,
        DEPOSIT,
        False,
    )


def test_without_a_base_only_announced_figures_remain() -> None:
    figures = property_figures(None, announced_minimum=MINIMUM, announced_deposit=None)
    assert figures.base_price is None
    assert figures.minimum_bid == MINIMUM
    assert figures.deposit is None
    assert figures.deposit_estimated is False
    assert figures.warnings == ()


def test_warnings_are_one_sentence() -> None:
    figures = property_figures(BASE, announced_minimum=1, announced_deposit=1)
    assert len(figures.warnings) == 2
    for warning in figures.warnings:
        assert warning.count("。") == 1 and warning.endswith("。")


# --- a bid ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "valid", "balance", "words", "warning"),
    [
        (15_000_000, True, 12_532_000, "1,500万円", None),
        (MINIMUM, True, MINIMUM - DEPOSIT, "987万2,000円", None),
        (MINIMUM - 1, False, None, "987万1,999円", "買受可能価額"),
        (123_456_789, True, 120_988_789, "1億2,345万6,789円", "3倍"),
        (3 * BASE, True, 3 * BASE - DEPOSIT, "3,702万円", None),
        (3 * BASE + 1, True, 3 * BASE + 1 - DEPOSIT, "3,702万1円", "3倍"),
        (0, False, None, "0円", "1円以上"),
    ],
)
def test_check_bid(
    amount: int, valid: bool, balance: int | None, words: str, warning: str | None
) -> None:
    result = check_bid(amount, base_price=BASE, minimum=MINIMUM, deposit=DEPOSIT)
    assert result.amount == amount
    assert result.valid is valid
    assert result.balance_due == balance
    assert result.in_words == words
    if warning is None:
        assert result.warnings == ()
    else:
        assert len(result.warnings) == 1
        assert warning in result.warnings[0]


def test_check_bid_computes_the_minimum_when_none_is_announced() -> None:
    result = check_bid(9_000_000, base_price=BASE, minimum=None, deposit=DEPOSIT)
    assert result.valid is False
    assert "9,872,000円" in result.warnings[0]


def test_check_bid_uses_the_announced_minimum() -> None:
    result = check_bid(9_870_000, base_price=BASE, minimum=9_870_000, deposit=DEPOSIT)
    assert result.valid is True


def test_check_bid_without_a_deposit_has_no_balance() -> None:
    result = check_bid(15_000_000, base_price=BASE, minimum=MINIMUM, deposit=None)
    assert result.valid is True
    assert result.balance_due is None


def test_check_bid_without_any_figures_only_needs_a_positive_amount() -> None:
    result = check_bid(1, base_price=None, minimum=None, deposit=None)
    assert result.valid is True
    assert result.warnings == ()


def test_negative_bid_is_invalid_and_has_no_words() -> None:
    result = check_bid(-5, base_price=BASE, minimum=MINIMUM, deposit=DEPOSIT)
    assert result.valid is False
    assert result.in_words == ""
    assert result.balance_due is None


def test_suspicious_multiple_is_three() -> None:
    assert SUSPICIOUS_MULTIPLE == 3


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**10), st.integers(min_value=1, max_value=10**11))
def test_bid_validity_and_balance(base: int, amount: int) -> None:
    deposit = standard_deposit(base)
    result = check_bid(amount, base_price=base, minimum=minimum_bid(base), deposit=deposit)
    assert result.valid is (amount * 10 >= base * 8)
    if result.valid:
        # 残代金 = 入札額 − 保証金; the deposit is per property, not 2/10 of the bid.
        assert result.balance_due == amount - deposit
        assert result.balance_due >= 0
    else:
        assert result.balance_due is None


# --- 次順位買受けの申出 (民執法67条) -----------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "top", "eligible", "reason"),
    [
        (12_532_001, 15_000_000, True, "できます"),  # > 15,000,000 − 2,468,000
        (12_532_000, 15_000_000, True, "12,532,000円以上"),  # equal is enough: 「以上」
        (12_531_999, 15_000_000, False, "12,532,000円未満"),  # one yen short
        (14_999_999, 15_000_000, True, "できます"),
        (9_872_000, 11_000_000, True, "できます"),  # exactly the minimum, above top − deposit
        (9_871_999, 11_000_000, False, "買受可能価額"),  # above top − deposit but below minimum
        (15_000_000, 15_000_000, False, "追加入札"),  # a tie: 民執規則42条
        (15_000_001, 15_000_000, False, "最高価買受申出人"),
    ],
)
def test_second_bid_eligibility(amount: int, top: int, eligible: bool, reason: str) -> None:
    result = second_bid_eligibility(amount, minimum=MINIMUM, top_bid=top, deposit=DEPOSIT)
    assert result.eligible is eligible
    assert reason in result.reason


def test_second_bid_needs_the_deposit() -> None:
    result = second_bid_eligibility(14_000_000, minimum=MINIMUM, top_bid=15_000_000, deposit=None)
    assert result.eligible is False
    assert "保証額が不明" in result.reason


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**9),
    st.integers(min_value=1, max_value=10**9),
)
def test_second_bid_rule(base: int, amount: int, top: int) -> None:
    minimum, deposit = minimum_bid(base), standard_deposit(base)
    result = second_bid_eligibility(amount, minimum=minimum, top_bid=top, deposit=deposit)
    assert result.eligible is (minimum <= amount < top and amount >= top - deposit)


# --- deadlines: deposit transfer and submission ---------------------------------------


@pytest.mark.parametrize(
    ("period_end", "transfer_margin", "mail_margin", "last", "safe", "in_person", "send_by"),
    [
        # An ordinary Wednesday.
        (D(2026, 12, 9), 2, 3, D(2026, 12, 9), D(2026, 12, 7), D(2026, 12, 9), D(2026, 12, 4)),
        # Across 年末年始: banks reopen 1/4 and worked 12/29–30; the court did not.
        (D(2027, 1, 5), 2, 3, D(2027, 1, 5), D(2026, 12, 30), D(2027, 1, 5), D(2026, 12, 25)),
        (D(2027, 1, 5), 3, 1, D(2027, 1, 5), D(2026, 12, 29), D(2027, 1, 5), D(2027, 1, 4)),
        # A period ending on 12/29 or 12/31: bank 12/29 or 12/30, court 12/28.
        (D(2026, 12, 29), 0, 0, D(2026, 12, 29), D(2026, 12, 29), D(2026, 12, 28), D(2026, 12, 28)),
        (D(2026, 12, 31), 1, 1, D(2026, 12, 30), D(2026, 12, 29), D(2026, 12, 28), D(2026, 12, 25)),
        # Golden Week with 振替休日 5/6 (2026).
        (D(2026, 5, 8), 2, 3, D(2026, 5, 8), D(2026, 5, 1), D(2026, 5, 8), D(2026, 4, 30)),
        (D(2026, 5, 6), 1, 1, D(2026, 5, 1), D(2026, 4, 30), D(2026, 5, 1), D(2026, 4, 30)),
        # 振替休日 2027-03-22 (春分の日 on a Sunday).
        (D(2027, 3, 23), 2, 1, D(2027, 3, 23), D(2027, 3, 18), D(2027, 3, 23), D(2027, 3, 19)),
        # The 2026 silver week: 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日.
        (D(2026, 9, 24), 1, 2, D(2026, 9, 24), D(2026, 9, 18), D(2026, 9, 24), D(2026, 9, 17)),
        # A period ending on a Saturday: the last business day is the Friday.
        (D(2026, 12, 12), 2, 3, D(2026, 12, 11), D(2026, 12, 9), D(2026, 12, 11), D(2026, 12, 8)),
    ],
)
def test_deadlines(
    period_end: date,
    transfer_margin: int,
    mail_margin: int,
    last: date,
    safe: date,
    in_person: date,
    send_by: date,
) -> None:
    assert last_transfer_day(period_end) == last
    assert safe_transfer_day(period_end, transfer_margin) == safe
    assert last_in_person_day(period_end) == in_person
    assert mail_send_by(period_end, mail_margin) == send_by


@settings(max_examples=100, deadline=None)
@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31)),
    st.integers(min_value=0, max_value=5),
)
def test_deadline_order(period_end: date, margin: int) -> None:
    safe = safe_transfer_day(period_end, margin)
    assert safe <= last_transfer_day(period_end) <= period_end
    assert mail_send_by(period_end, margin) <= last_in_person_day(period_end) <= period_end
    # The court is never open when the banks are closed, so a court day is a transfer day.
    assert last_in_person_day(period_end) <= last_transfer_day(period_end)


# --- figures_of: the one "announced else computed" for a recorded property ------------------


def test_figures_of_keeps_an_estimated_deposit_marked_estimated() -> None:
    from biddesk.domain.figures import figures_of
    from biddesk.domain.models import Property

    # A deposit the parser estimated (2/10 of 12,340,000) is stored with deposit_estimated;
    # every copy passed it on as if announced, so exports and the cash flow lost the mark.
    estimated = Property(id="p", base_price=12_340_000, deposit=2_468_000, deposit_estimated=True)
    figures = figures_of(estimated)
    assert (figures.deposit, figures.deposit_estimated, figures.minimum_bid) == (
        2_468_000,
        True,
        9_872_000,
    )
    # Near miss: an announced deposit (more than 2/10) stays as announced.
    announced = Property(id="p", base_price=12_340_000, deposit=3_000_000)
    assert (figures_of(announced).deposit, figures_of(announced).deposit_estimated) == (
        3_000_000,
        False,
    )


def test_every_consumer_shows_the_same_figures() -> None:
    from biddesk.domain.figures import figures_of
    from biddesk.domain.funds.cashflow import EventKind, Scenario, compute_cashflow
    from biddesk.domain.models import Bid, Portfolio, Property, Transfer
    from biddesk.forms.data import ExportData

    today = date(2026, 12, 1)
    prop = Property(id="p", base_price=12_340_000, deposit=2_468_000, deposit_estimated=True)
    # Transferred on a recorded day, the amount not entered: only the amount is an estimate.
    bid = Bid(id="x", property="p", amount=10_000_000, transfer=Transfer(date=today))
    book = Portfolio(properties=(prop,), bids=(bid,))
    ours = figures_of(prop)
    assert ExportData(portfolio=book, today=today).property_figures["p"] == ours
    flow = compute_cashflow(book, scenario=Scenario.ALL, today=today)
    [deposit] = [e for e in flow.events if e.kind is EventKind.DEPOSIT]
    assert (deposit.amount, deposit.estimated) == (-ours.deposit, True)  # type: ignore[operator]
