"""Dates: 和暦 ⇄ 西暦, Japanese formatting, court and bank calendars pinned to real years."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.dates import (
    DateError,
    add_months,
    bank_days_before,
    bank_holiday,
    certificate_valid_through,
    court_days_before,
    court_holiday,
    find_dates,
    format_era_number,
    format_wareki,
    is_bank_business_day,
    is_court_business_day,
    last_bank_day_on_or_before,
    last_court_day_on_or_before,
    national_holiday,
    next_bank_day_on_or_after,
    next_court_day_on_or_after,
    parse_date,
    wareki,
)
from biddesk.domain.errors import UserError

D = date
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和8年12月9日", D(2026, 12, 9)),
        ("令和08年12月09日", D(2026, 12, 9)),
        ("令和８年１２月９日", D(2026, 12, 9)),
        ("令和 8 年 12 月 9 日", D(2026, 12, 9)),
        ("令和8年12月9日(水)", D(2026, 12, 9)),
        ("令和８年１２月９日（水曜日）", D(2026, 12, 9)),
        ("R8.12.9", D(2026, 12, 9)),
        ("R08.12.09", D(2026, 12, 9)),
        ("r8/12/9", D(2026, 12, 9)),
        ("Ｒ８．１２．９", D(2026, 12, 9)),
        ("2026/12/9", D(2026, 12, 9)),
        ("2026-12-09", D(2026, 12, 9)),
        ("2026.12.09", D(2026, 12, 9)),
        ("２０２６－１２－０９", D(2026, 12, 9)),
        ("2026年12月9日", D(2026, 12, 9)),
        ("  2026-12-09  ", D(2026, 12, 9)),
        # 元年 and the era boundaries
        ("令和元年5月1日", D(2019, 5, 1)),
        ("令和1年5月1日", D(2019, 5, 1)),
        ("R元.5.1", D(2019, 5, 1)),
        ("平成31年4月30日", D(2019, 4, 30)),
        ("H31.4.30", D(2019, 4, 30)),
        ("昭和64年1月7日", D(1989, 1, 7)),
        ("S64.1.7", D(1989, 1, 7)),
        ("平成元年1月8日", D(1989, 1, 8)),
        ("昭和元年12月25日", D(1926, 12, 25)),
        ("大正15年12月24日", D(1926, 12, 24)),
        ("平成28年2月29日", D(2016, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("令和1年4月30日", "令和の期間"),  # 令和 begins 2019-05-01
        ("令和元年4月30日", "令和の期間"),
        ("平成31年5月1日", "平成の期間"),
        ("平成元年1月7日", "平成の期間"),
        ("昭和64年1月8日", "昭和の期間"),
        ("令和0年1月1日", "0年"),
        ("2026-02-30", "存在しない"),
        ("令和8年2月29日", "存在しない"),
        ("2026-13-01", "存在しない"),
        ("2026-12-09(木)", "曜日"),  # 2026-12-09 is a Wednesday
        ("令和8年12月", "読めません"),
        ("12/9", "読めません"),
        ("12026/1/10", "読めません"),
        ("abc", "読めません"),
        ("", "読めません"),
    ],
)
def test_parse_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        parse_date(text)


def test_date_error_is_a_user_error_naming_the_text() -> None:
    with pytest.raises(UserError, match="令和1年4月30日"):
        parse_date("令和1年4月30日")


def test_find_dates_in_a_card() -> None:
    text = (
        "入札期間\n令和08年10月21日〜令和08年10月29日\n"
        "開札期日 令和8年11月5日(木)\n売却決定期日 2026/11/19\n"
        "電話 03-1234-5678 / 12026/1/10 / 2026/1/123 / ROOMS8.12.9\n"
        "令和1年4月30日"  # outside 令和: skipped, not an error
    )
    assert find_dates(text) == [D(2026, 10, 21), D(2026, 10, 29), D(2026, 11, 5), D(2026, 11, 19)]


def test_find_dates_reads_fullwidth() -> None:
    assert find_dates("期間：令和８年１２月２日～令和８年１２月９日") == [
        D(2026, 12, 2),
        D(2026, 12, 9),
    ]


# --- formatting ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (D(2026, 12, 9), "令和8年12月9日(水)"),
        (D(2019, 5, 1), "令和元年5月1日(水)"),
        (D(2019, 4, 30), "平成31年4月30日(火)"),
        (D(1989, 1, 8), "平成元年1月8日(日)"),
        (D(1989, 1, 7), "昭和64年1月7日(土)"),
        (D(1926, 12, 25), "昭和元年12月25日(土)"),
        (D(1926, 12, 24), "大正15年12月24日(金)"),
        (D(2027, 1, 11), "令和9年1月11日(月)"),
    ],
)
def test_format_wareki(day: date, text: str) -> None:
    assert format_wareki(day) == text
    assert parse_date(text) == day


def test_format_wareki_options() -> None:
    assert format_wareki(D(2026, 12, 9), weekday=False) == "令和8年12月9日"
    assert format_wareki(None) == "－"
    assert format_wareki(None, missing="未定") == "未定"
    # Before 大正 there is no supported era: 西暦, never a crash in a table.
    assert format_wareki(D(1900, 1, 1), weekday=False) == "1900年1月1日"


@pytest.mark.parametrize(
    ("day", "era", "year"),
    [(D(2019, 5, 1), "令和", 1), (D(2019, 4, 30), "平成", 31), (D(1989, 1, 7), "昭和", 64)],
)
def test_wareki(day: date, era: str, year: int) -> None:
    assert wareki(day) == (era, year)


def test_wareki_before_taisho_is_an_error() -> None:
    with pytest.raises(DateError):
        wareki(D(1912, 7, 29))


def test_format_era_number() -> None:
    assert format_era_number("令和", 1) == "令和元年"
    assert format_era_number("令和", 7) == "令和7年"


DATES = st.dates(min_value=D(1912, 7, 30), max_value=D(2099, 12, 31))


@settings(max_examples=200, deadline=None)
@given(DATES)
def test_wareki_round_trips(day: date) -> None:
    text = format_wareki(day)
    assert parse_date(text) == day
    assert parse_date(text.translate(FULLWIDTH)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.year}/{day.month}/{day.day}") == day


@settings(max_examples=100, deadline=None)
@given(DATES)
def test_romaji_era_round_trips(day: date) -> None:
    era, year = wareki(day)
    initial = {"令和": "R", "平成": "H", "昭和": "S", "大正": "T"}[era]
    assert parse_date(f"{initial}{year:02d}.{day.month:02d}.{day.day:02d}") == day


# --- calendars -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (D(2026, 9, 21), "敬老の日"),
        (D(2026, 9, 22), "国民の休日"),  # sandwiched between two holidays (祝日法3条3項)
        (D(2026, 9, 23), "秋分の日"),
        (D(2027, 1, 11), "成人の日"),
        (D(2026, 5, 6), "振替休日"),  # 5/3 fell on a Sunday (祝日法3条2項)
        (D(2027, 3, 22), "振替休日"),  # 春分の日 3/21 fell on a Sunday
        (D(2019, 5, 1), "天皇の即位の日"),
        (D(2027, 1, 1), "元日"),
    ],
)
def test_national_holidays_pinned(day: date, name: str) -> None:
    assert national_holiday(day) == name


@pytest.mark.parametrize("day", [D(2026, 9, 24), D(2026, 5, 7), D(2027, 3, 23), D(2026, 12, 31)])
def test_not_national_holidays(day: date) -> None:
    assert national_holiday(day) is None


@pytest.mark.parametrize(
    ("day", "court_open", "bank_open"),
    [
        (D(2026, 12, 25), True, True),  # Fri
        (D(2026, 12, 26), False, False),  # Sat
        (D(2026, 12, 27), False, False),  # Sun
        (D(2026, 12, 28), True, True),  # last court day of the year
        (D(2026, 12, 29), False, True),  # court closed 12/29–1/3, banks open
        (D(2026, 12, 30), False, True),  # last bank day of the year
        (D(2026, 12, 31), False, False),  # banks closed 12/31–1/3
        (D(2027, 1, 1), False, False),
        (D(2027, 1, 2), False, False),
        (D(2027, 1, 3), False, False),
        (D(2027, 1, 4), True, True),
        (D(2027, 12, 29), False, True),  # a Wednesday: closed only by the year-end rule
        (D(2027, 12, 30), False, True),
        (D(2027, 12, 31), False, False),
        (D(2028, 1, 3), False, False),  # a Monday, not a national holiday
        (D(2028, 1, 4), True, True),
        (D(2026, 9, 21), False, False),
        (D(2026, 9, 22), False, False),
        (D(2026, 9, 23), False, False),
        (D(2026, 9, 24), True, True),
        (D(2026, 5, 6), False, False),
        (D(2026, 5, 7), True, True),
        (D(2027, 3, 22), False, False),
        (D(2027, 1, 11), False, False),
        (D(2026, 12, 9), True, True),
    ],
)
def test_court_and_bank_business_days(day: date, court_open: bool, bank_open: bool) -> None:
    assert is_court_business_day(day) is court_open
    assert is_bank_business_day(day) is bank_open


@pytest.mark.parametrize(
    ("day", "court", "bank"),
    [
        (D(2026, 12, 26), "土曜日", "土曜日"),
        (D(2026, 12, 27), "日曜日", "日曜日"),
        (D(2026, 12, 29), "年末年始(12月29日〜1月3日)", None),
        (D(2026, 12, 31), "年末年始(12月29日〜1月3日)", "年末年始(12月31日〜1月3日)"),
        (D(2027, 1, 1), "元日", "元日"),
        (D(2026, 9, 22), "国民の休日", "国民の休日"),
        (D(2026, 12, 28), None, None),
    ],
)
def test_holiday_reasons(day: date, court: str | None, bank: str | None) -> None:
    assert court_holiday(day) == court
    assert bank_holiday(day) == bank


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)))
def test_court_days_are_bank_days(day: date) -> None:
    # The court closes on every bank holiday and more (12/29, 12/30).
    if is_court_business_day(day):
        assert is_bank_business_day(day)


@pytest.mark.parametrize(
    ("day", "court", "bank"),
    [
        (D(2027, 1, 3), D(2026, 12, 28), D(2026, 12, 30)),
        (D(2026, 12, 31), D(2026, 12, 28), D(2026, 12, 30)),
        (D(2026, 12, 30), D(2026, 12, 28), D(2026, 12, 30)),
        (D(2026, 9, 23), D(2026, 9, 18), D(2026, 9, 18)),
        (D(2026, 5, 6), D(2026, 5, 1), D(2026, 5, 1)),
        (D(2026, 12, 9), D(2026, 12, 9), D(2026, 12, 9)),
    ],
)
def test_last_business_day_on_or_before(day: date, court: date, bank: date) -> None:
    assert last_court_day_on_or_before(day) == court
    assert last_bank_day_on_or_before(day) == bank


@pytest.mark.parametrize(
    ("day", "court", "bank"),
    [
        (D(2026, 12, 29), D(2027, 1, 4), D(2026, 12, 29)),
        (D(2026, 12, 31), D(2027, 1, 4), D(2027, 1, 4)),
        (D(2026, 9, 19), D(2026, 9, 24), D(2026, 9, 24)),
        (D(2027, 3, 20), D(2027, 3, 23), D(2027, 3, 23)),
    ],
)
def test_next_business_day_on_or_after(day: date, court: date, bank: date) -> None:
    assert next_court_day_on_or_after(day) == court
    assert next_bank_day_on_or_after(day) == bank


@pytest.mark.parametrize(
    ("day", "count", "court", "bank"),
    [
        (D(2027, 1, 5), 1, D(2027, 1, 4), D(2027, 1, 4)),
        (D(2027, 1, 5), 2, D(2026, 12, 28), D(2026, 12, 30)),
        (D(2027, 1, 5), 3, D(2026, 12, 25), D(2026, 12, 29)),
        (D(2026, 9, 25), 2, D(2026, 9, 18), D(2026, 9, 18)),
        (D(2026, 5, 8), 2, D(2026, 5, 1), D(2026, 5, 1)),
        (D(2027, 3, 24), 2, D(2027, 3, 19), D(2027, 3, 19)),
        (D(2026, 12, 9), 0, D(2026, 12, 9), D(2026, 12, 9)),
    ],
)
def test_business_days_before(day: date, count: int, court: date, bank: date) -> None:
    assert court_days_before(day, count) == court
    assert bank_days_before(day, count) == bank


# --- months and certificates ---------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 11, 15), 3, D(2027, 2, 15)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2027, 1, 15), -3, D(2026, 10, 15)),
        (D(2026, 5, 20), 0, D(2026, 5, 20)),
        (D(2026, 5, 20), 12, D(2027, 5, 20)),
    ],
)
def test_add_months_clamps_to_month_end(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("issued", "valid_through"),
    [
        (D(2026, 11, 30), D(2027, 2, 28)),  # 起算日 12/1 → 応当日 3/1 の前日
        (D(2027, 11, 30), D(2028, 2, 29)),  # leap year
        (D(2026, 10, 31), D(2027, 1, 31)),
        (D(2026, 10, 15), D(2027, 1, 15)),
        (D(2026, 11, 29), D(2027, 2, 28)),  # 応当日 2/30 がない: その月の末日 (143条2項但書)
        (D(2027, 11, 28), D(2028, 2, 28)),  # 応当日 2/29 がある: その前日
        (D(2026, 9, 30), D(2026, 12, 31)),  # 起算日 10/1 → 1/1 の前日, not 12/30
        (D(2026, 2, 28), D(2026, 5, 31)),  # 起算日 3/1 → 6/1 の前日
        (D(2026, 12, 31), D(2027, 3, 31)),
        (D(2026, 9, 7), D(2026, 12, 7)),
    ],
)
def test_certificate_valid_through(issued: date, valid_through: date) -> None:
    assert certificate_valid_through(issued) == valid_through


def test_certificate_valid_through_other_lengths() -> None:
    assert certificate_valid_through(D(2026, 1, 31), months=1) == D(2026, 2, 28)
    assert certificate_valid_through(D(2026, 4, 30), months=1) == D(2026, 5, 31)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)))
def test_certificate_validity_follows_the_civil_code(issued: date) -> None:
    through = certificate_valid_through(issued)
    # Never shorter than the naive clamped date, at most three days longer (month ends).
    assert add_months(issued, 3) <= through <= add_months(issued, 3) + timedelta(days=3)
    # A later issue date is never valid for a shorter time.
    assert certificate_valid_through(issued + timedelta(days=1)) >= through
    # The day after is the first day that is out: it lies three months after the 起算日.
    start = issued + timedelta(days=1)
    first_out = through + timedelta(days=1)
    assert (first_out.year * 12 + first_out.month) - (start.year * 12 + start.month) in (3, 4)
