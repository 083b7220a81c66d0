"""Money: integer yen, exact ratios, named rounding, and the Japanese formats both ways."""

from __future__ import annotations

import time
from fractions import Fraction

import pytest
from amount_writings import FULLWIDTH, writings
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_YEN
from biddesk.domain.money import (
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
        (1_000_000_000_000, "1兆円"),
        (1_234_567_890_123_456, "1,234兆5,678億9,012万3,456円"),
        (999_999_999_999_999, "999兆9,999億9,999万9,999円"),
        (1_000_000_000_001, "1兆1円"),
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


# --- one exact reader: 兆…十, 漢数字, 大字, 千円 tables, spaced groups (issue 14 item 3) ---


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        # The misreadings of issue 14, each now exact.
        ("1千万円", 10_000_000),
        ("250万3千円", 2_503_000),
        ("1億2千万円", 120_000_000),
        ("8150千円", 8_150_000),
        ("8,150千円", 8_150_000),  # a 公告 table kept in 千円
        ("８，１５０千円", 8_150_000),
        ("8百15万円", 8_150_000),
        ("8 150 000円", 8_150_000),
        ("8\u2009150\u2009000円", 8_150_000),  # thin spaces of a PDF table
        ("8\u3000150\u3000000円", 8_150_000),  # 全角 spaces
        ("12 340 000", 12_340_000),
        # 兆 and the units in every place.
        ("1兆円", 10**12),
        ("1兆2億円", 1_000_200_000_000),
        ("999兆9999億9999万9999円", 999_999_999_999_999),
        ("1,234万5千678円", 12_345_678),
        ("1千2百万円", 12_000_000),
        ("3千500円", 3_500),
        ("8百05万円", 8_050_000),
        ("2十5円", 25),
        ("1億 2,345万", 123_450_000),
        ("1.5千円", 1_500),
        # 漢数字 and 大字.
        ("三百万円", 3_000_000),
        ("千二百三十四万円", 12_340_000),
        ("一億二千万円", 120_000_000),
        ("一億二千三百四十五万六千七百八十九円", 123_456_789),
        ("二百三円", 203),
        ("十五万円", 150_000),
        ("百万円", 1_000_000),
        ("千万円", 10_000_000),
        ("三〇〇万円", 3_000_000),
        ("〇円", 0),
        ("零円", 0),
        ("金壱百萬円也", 1_000_000),
        ("金弐拾参万円", 230_000),
        ("参阡円", 3_000),
        ("1億二千万円", 120_000_000),
    ],
)
def test_parse_yen_reads_units_and_kanji_exactly(text: str, amount: int) -> None:
    assert parse_yen(text) == amount


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("8 15 000円", "3桁ごとの区切り"),  # spaces must group by three
        ("1 234,567円", "3桁ごとの区切り"),
        ("12 34万円", "3桁ごとの区切り"),
        ("5千5円", "3桁で"),  # 5,005 or, said aloud, 5,500
        ("8百5万円", "2桁で"),  # 805万 or 850万
        ("1千2345円", "3桁で"),
        ("12千万円", "1桁"),  # 千 takes one digit inside a 万 group
        ("0千円", "1桁"),
        ("1.5千万円", "小数点"),
        ("1万2億円", "順序"),
        ("1億1億円", "順序"),
        ("千百千円", "順序"),
        ("百千円", "順序"),
        ("万円", "前に数字"),
        ("億", "前に数字"),
        ("二百三四円", "1字"),
        ("二百〇円", "1字"),
        ("1000兆円", "桁が多すぎます"),
        ("9千兆円", "桁が多すぎます"),
        ("1万5千百十一十円", "順序"),
        ("1二円", "読めません"),
        ("○○万円", "読めません"),  # the placeholder ○ is not 〇
        ("1万円5千", "読めません"),
    ],
)
def test_parse_yen_refuses_what_it_cannot_read_whole(text: str, reason: str) -> None:
    with pytest.raises(MoneyError, match=reason):
        parse_yen(text)


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=MAX_YEN))
def test_every_writing_of_an_amount_reads_back_exactly(amount: int) -> None:
    for text in writings(amount):
        assert parse_yen(text) == amount, text


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**11).map(lambda n: n * 1000))
def test_thousands_of_yen_tables_read_back_exactly(amount: int) -> None:
    assert parse_yen(f"{amount // 1000:,}千円") == amount
    assert parse_yen(f"{amount // 1000}千") == amount


_AMOUNT_ALPHABET = [*"0123456789０１２３,.，． 兆億万萬千百十拾〇一二三九壱弐円金¥也-", "\u2009"]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_AMOUNT_ALPHABET), max_size=16))
def test_junk_is_read_whole_or_refused(text: str) -> None:
    """Random amount-like text gives an amount in range or a MoneyError, never anything else;
    and what it gives is the text's own value: read again after writing it out, it is stable."""
    try:
        amount = parse_yen(text)
    except MoneyError as error:
        assert str(error) and "\n" not in str(error)
        return
    if amount is None:
        return
    assert 0 <= amount <= MAX_YEN
    assert parse_yen(yen_in_words(amount)) == amount


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=10, max_value=10**12),
    st.sampled_from(["千", "百", "十", "万", "億", "兆", "5", "五", ",", "円", " "]),
    st.data(),
)
def test_a_stray_character_never_gives_a_part_of_the_amount(
    amount: int, stray: str, data: st.DataObject
) -> None:
    """An amount with one character slipped in reads as a different whole amount or is
    refused: it is never read as the part before the slip (the 「1千万円」 → 1円 of old)."""
    text = f"{amount:,}万円" if data.draw(st.booleans()) else yen_in_words(amount)
    body = text.removesuffix("円")
    cut = data.draw(st.integers(min_value=1, max_value=len(body) - 1))  # inside the amount
    slipped = body[:cut] + stray + body[cut:] + "円"
    prefix = body[:cut]
    try:
        value = parse_yen(slipped)
    except MoneyError:
        return
    try:
        partial = parse_yen(prefix)
    except MoneyError:
        return
    assert value != partial, slipped


@pytest.mark.parametrize(
    "text",
    ["1" * 100_000 + "円", "1 " * 50_000 + "円", "千" * 100_000 + "円", "1万" * 50_000],
)
def test_a_pasted_wall_of_digits_is_refused_at_once(text: str) -> None:
    """A 100,000-character paste is refused in well under a second (a backtracking pattern
    once took two minutes on it)."""
    started = time.perf_counter()
    with pytest.raises(MoneyError):
        parse_yen(text)
    assert time.perf_counter() - started < 5


def test_leading_zeros_of_any_length_are_no_crash() -> None:
    """int() refuses strings over 4,300 digits: zeros are dropped before, 漢数字 too."""
    assert parse_yen("〇" * 100_000 + "円") == 0
    assert parse_yen("〇" * 5_000 + "一万円") == 10_000
    assert parse_yen("0" * 5_000 + "1万円") == 10_000


_LONG_RUNS = st.tuples(
    st.text(alphabet=st.sampled_from(_AMOUNT_ALPHABET), max_size=4),
    st.sampled_from(_AMOUNT_ALPHABET),
    st.integers(min_value=4_301, max_value=6_000),  # past int()'s 4,300-digit limit
    st.text(alphabet=st.sampled_from(_AMOUNT_ALPHABET), max_size=4),
).map(lambda parts: parts[0] + parts[1] * parts[2] + parts[3])


@settings(max_examples=60, deadline=None)
@given(_LONG_RUNS)
def test_long_runs_are_read_whole_or_refused(text: str) -> None:
    try:
        amount = parse_yen(text)
    except MoneyError:
        return
    assert amount is None or 0 <= amount <= MAX_YEN
