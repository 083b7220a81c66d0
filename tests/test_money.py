"""Money: integer yen, exact ratios, named rounding, and the Japanese formats both ways."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.errors import UserError
from domain.money import (
    DEPOSIT_RATIO,
    MINIMUM_BID_RATIO,
    MoneyError,
    ceil_share,
    ceil_yen,
    floor_yen,
    format_yen,
    parse_yen,
    yen_in_words,
)

# Up to 10 兆円: far beyond any sale, and every 億/万 grouping occurs.
AMOUNTS = st.integers(min_value=0, max_value=10**13)
FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")


def test_ratios_are_exact_fractions() -> None:
    assert Fraction(8, 10) == MINIMUM_BID_RATIO
    assert Fraction(2, 10) == DEPOSIT_RATIO
    assert MINIMUM_BID_RATIO + DEPOSIT_RATIO == 1


@pytest.mark.parametrize(
    ("value", "ceil", "floor"),
    [
        (Fraction(9876536, 10), 987654, 987653),  # 1,234,567 × 8/10
        (Fraction(2469134, 10), 246914, 246913),  # 1,234,567 × 2/10
        (Fraction(9872000), 9872000, 9872000),
        (5, 5, 5),
        (Fraction(1, 3), 1, 0),
        (Fraction(-1, 2), 0, -1),
    ],
)
def test_named_rounding(value: Fraction | int, ceil: int, floor: int) -> None:
    assert ceil_yen(value) == ceil
    assert floor_yen(value) == floor
    assert type(ceil_yen(value)) is int


def test_rounding_refuses_float() -> None:
    with pytest.raises(TypeError):
        ceil_yen(0.8 * 1234567)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        floor_yen(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (12340000, "12,340,000円"),
        (0, "0円"),
        (999, "999円"),
        (1000, "1,000円"),
        (-2468000, "-2,468,000円"),
        (None, "－"),
    ],
)
def test_format_yen(amount: int | None, text: str) -> None:
    assert format_yen(amount) == text


def test_format_yen_missing_marker_is_configurable() -> None:
    assert format_yen(None, missing="未定") == "未定"


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (123456789, "1億2,345万6,789円"),
        (12340000, "1,234万円"),
        (12345000, "1,234万5,000円"),
        (100000000, "1億円"),
        (100000001, "1億1円"),
        (100010000, "1億1万円"),
        (9999, "9,999円"),
        (10000, "1万円"),
        (0, "0円"),
        (1_000_000_000_000, "10,000億円"),
        (2_468_000, "246万8,000円"),
    ],
)
def test_yen_in_words(amount: int, words: str) -> None:
    assert yen_in_words(amount) == words


def test_yen_in_words_refuses_negative() -> None:
    with pytest.raises(MoneyError):
        yen_in_words(-1)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12,340,000円", 12340000),
        ("１２，３４０，０００円", 12340000),
        ("12340000", 12340000),
        ("1234万円", 12340000),
        ("１２３４万円", 12340000),
        ("1,234万5,000円", 12345000),
        ("1億2,345万6,789円", 123456789),
        ("１億２，３４５万６，７８９円", 123456789),
        ("1億円", 100000000),
        ("1億5000円", 100005000),
        ("123.4万円", 1234000),
        ("1.5億円", 150000000),
        (" 12,340,000 円 ", 12340000),
        ("¥12,340,000", 12340000),
        ("￥12,340,000", 12340000),
        ("金12,340,000円", 12340000),
        ("0円", 0),
        ("－円", None),
        ("-円", None),
        ("－", None),
        ("ー円", None),
        ("―円", None),
    ],
)
def test_parse_yen(text: str, amount: int | None) -> None:
    assert parse_yen(text) == amount


@pytest.mark.parametrize(
    "text",
    [
        "",
        "円",
        "abc",
        "1234,567円",  # separators must group by three
        "12,34,000円",
        "1万23456円",  # five digits after 万: a typo
        "1億10000万円",
        "1億12345円",
        "1.5万5,000円",  # a decimal unit must come last
        "0.5円",
        "1234.5円",
        "1.23456万円",  # a fraction of a yen
        "-5円",
        "1,234万円円",
        "万円",
        "٣円",  # digits other than 0-9 (after NFKC) are not amounts
    ],
)
def test_parse_yen_rejects(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_yen(text)


def test_money_error_is_a_user_error_with_the_text() -> None:
    with pytest.raises(UserError, match="1万23456"):
        parse_yen("1万23456円")


@settings(max_examples=200, deadline=None)
@given(AMOUNTS)
def test_format_then_parse_round_trips(amount: int) -> None:
    assert parse_yen(format_yen(amount)) == amount


@settings(max_examples=200, deadline=None)
@given(AMOUNTS)
def test_words_then_parse_round_trips(amount: int) -> None:
    assert parse_yen(yen_in_words(amount)) == amount


@settings(max_examples=200, deadline=None)
@given(AMOUNTS)
def test_fullwidth_variants_round_trip(amount: int) -> None:
    assert parse_yen(format_yen(amount).translate(FULLWIDTH)) == amount
    assert parse_yen(yen_in_words(amount).translate(FULLWIDTH)) == amount


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9999))
def test_man_notation_without_separators(man: int, ichi: int) -> None:
    assert parse_yen(f"{man}万{ichi}円") == man * 10_000 + ichi


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_parse_yen_never_fails_other_than_money_error(text: str) -> None:
    try:
        result = parse_yen(text)
    except MoneyError:
        return
    assert result is None or (isinstance(result, int) and result >= 0)


def test_parse_none_marker_round_trips() -> None:
    assert parse_yen(format_yen(None)) is None


@given(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.sampled_from([MINIMUM_BID_RATIO, DEPOSIT_RATIO, Fraction(1, 3), Fraction(7, 100)]),
)
def test_ceil_share_is_ceil_of_the_exact_product(amount: int, ratio: Fraction) -> None:
    assert ceil_share(amount, ratio) == ceil_yen(amount * ratio)
