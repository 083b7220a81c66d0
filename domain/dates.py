"""Dates: 和暦 ⇄ 西暦, Japanese formatting, court and bank business-day calendars.

Sources:
- Court holidays: 裁判所の休日に関する法律 1条 — Saturdays, Sundays, 国民の祝日に関する法律
  の休日 (incl. 振替休日 and 国民の休日), and 12月29日〜1月3日.
- Bank holidays: 銀行法施行令5条 — Saturdays, Sundays, 国民の祝日, and 12月31日〜1月3日.
- Periods in months: 民法140条 (初日不算入), 143条 (ends the day before the corresponding
  day; the month's last day when there is none).
National holidays come from the maintained ``holidays`` package (python-holidays).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
from functools import cache

import holidays

from biddesk.domain.errors import UserError


class DateError(UserError, ValueError):
    """Text that is not a date; the message is one sentence for the user."""


ERAS: tuple[tuple[str, str, date], ...] = (
    # (name, romaji initial, first day), newest first. 大正 is kept for officers' birth dates.
    ("令和", "R", date(2019, 5, 1)),
    ("平成", "H", date(1989, 1, 8)),
    ("昭和", "S", date(1926, 12, 25)),
    ("大正", "T", date(1912, 7, 30)),
)
_ERA_BY_KEY = {key: (name, start) for name, initial, start in ERAS for key in (name, initial)}

WEEKDAYS = "月火水木金土日"

# One date in any of the shapes announcements use, on NFKC-normalised text. The guards
# keep a date from starting or ending inside a longer number or word (「12026/1/10」).
DATE_PATTERN = (
    r"(?:(?P<era>令和|平成|昭和|大正)\s*(?P<eyear>元|[0-9]{1,2})\s*年\s*(?P<emonth>[0-9]{1,2})"
    r"\s*月\s*(?P<eday>[0-9]{1,2})\s*日"
    r"|(?<![A-Za-z])(?P<rera>[RHSTrhst])\s*(?P<ryear>元|[0-9]{1,2})[./](?P<rmonth>[0-9]{1,2})"
    r"[./](?P<rday>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9])(?P<year>(?:19|20)[0-9]{2})\s*(?:[./-]\s*(?P<month>[0-9]{1,2})\s*[./-]\s*"
    r"(?P<day>[0-9]{1,2})(?![0-9])"
    r"|年\s*(?P<kmonth>[0-9]{1,2})\s*月\s*(?P<kday>[0-9]{1,2})\s*日))"
)
_DATE_RE = re.compile(DATE_PATTERN)
_WEEKDAY_SUFFIX = re.compile(r"\s*[(（]\s*(?P<weekday>[月火水木金土日])(?:曜日?)?\s*[)）]\s*$")


def normalize(text: str) -> str:
    """NFKC: 全角 digits, letters and punctuation to half width."""
    return unicodedata.normalize("NFKC", text)


def date_from_match(match: re.Match[str]) -> date:
    """Turn a match of ``DATE_PATTERN`` into a date, checking the era's range."""
    groups = match.groupdict()
    try:
        if groups["era"] or groups["rera"]:
            key = groups["era"] or groups["rera"].upper()
            era_name, era_start = _ERA_BY_KEY[key]
            raw_year = groups["eyear"] or groups["ryear"]
            era_year = 1 if raw_year == "元" else int(raw_year)
            month = int(groups["emonth"] or groups["rmonth"])
            day = int(groups["eday"] or groups["rday"])
            if era_year < 1:
                raise DateError(f"{era_name}0年という年はありません: 「{match.group(0)}」")
            result = date(era_start.year + era_year - 1, month, day)
            era_end = _era_end(era_name)
            if result < era_start or (era_end is not None and result > era_end):
                span = f"{_western(era_start)}〜{_western(era_end) if era_end else ''}"
                raise DateError(f"{era_name}の期間({span})外の日付です: 「{match.group(0)}」")
            return result
        year = int(groups["year"])
        month = int(groups["month"] or groups["kmonth"])
        day = int(groups["day"] or groups["kday"])
        return date(year, month, day)
    except ValueError as error:
        if isinstance(error, DateError):
            raise
        raise DateError(f"存在しない日付です: 「{match.group(0)}」") from None


def _western(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _era_end(era_name: str) -> date | None:
    names = [name for name, _, _ in ERAS]
    index = names.index(era_name)
    if index == 0:
        return None
    return ERAS[index - 1][2] - timedelta(days=1)


def parse_date(text: str) -> date:
    """Read one date: ``令和8年12月9日``, ``令和08年12月09日``, ``令和元年5月1日``, 全角 digits,
    ``R8.12.9``, ``2026/12/9``, ``2026-12-09``, ``2026年12月9日``; a trailing ``(水)`` is allowed
    and must be the date's weekday (a wrong one means a typo somewhere).
    Raises ``DateError`` for anything else (including dates outside their era)."""
    cleaned = normalize(text).strip()
    suffix = _WEEKDAY_SUFFIX.search(cleaned)
    if suffix is not None:
        cleaned = cleaned[: suffix.start()]
    match = _DATE_RE.fullmatch(cleaned)
    if match is None:
        raise DateError(f"日付として読めません: 「{text.strip()}」")
    result = date_from_match(match)
    if suffix is not None and suffix.group("weekday") != WEEKDAYS[result.weekday()]:
        raise DateError(f"曜日が日付と合いません({format_wareki(result)}): 「{text.strip()}」")
    return result


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> date | None:
    """``text`` if it is exactly a YYYY-MM-DD date, else None. Stricter than
    ``date.fromisoformat``, which also takes 20261209 and 2026-W49-3: files and options
    that say YYYY-MM-DD mean it."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def find_dates(text: str) -> list[date]:
    """Every date in ``text`` in order; text that looks like a date but is none is skipped."""
    found = []
    for match in _DATE_RE.finditer(normalize(text)):
        try:
            found.append(date_from_match(match))
        except DateError:
            continue
    return found


def wareki(day: date) -> tuple[str, int]:
    """The era and era year of a date: 2019-05-01 → ("令和", 1)."""
    for name, _, start in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise DateError(f"大正より前の日付は和暦にできません: {day.isoformat()}")


def format_wareki(day: date | None, *, weekday: bool = True, missing: str = "－") -> str:
    """``2026-12-09`` → ``令和8年12月9日(水)``; year 1 is 元年. Dates before 大正 (none in
    practice) are written in 西暦 rather than failing."""
    if day is None:
        return missing
    try:
        era, year = wareki(day)
    except DateError:
        text = f"{day.year}年{day.month}月{day.day}日"
    else:
        text = f"{format_era_number(era, year)}{day.month}月{day.day}日"
    return f"{text}({WEEKDAYS[day.weekday()]})" if weekday else text


def format_era_number(era: str, year: int) -> str:
    """(令和, 1) → 令和元年, (令和, 7) → 令和7年."""
    return f"{era}{'元' if year == 1 else year}年"


# --- calendars ---------------------------------------------------------------


@cache
def _national_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("JP", years=year, language="ja").items())


def national_holiday(day: date) -> str | None:
    """The name of the 国民の祝日/振替休日/国民の休日 on ``day``, if any."""
    return _national_holidays(day.year).get(day)


def _in_year_end(day: date, first_december_day: int) -> bool:
    return (day.month == 12 and day.day >= first_december_day) or (day.month == 1 and day.day <= 3)


@cache  # the same few hundred dates are asked about again and again
def court_holiday(day: date) -> str | None:
    """Why the court is closed on ``day`` (裁判所の休日に関する法律1条), or None."""
    if day.weekday() == 5:
        return "土曜日"
    if day.weekday() == 6:
        return "日曜日"
    name = national_holiday(day)
    if name:
        return name
    if _in_year_end(day, 29):
        return "年末年始(12月29日〜1月3日)"
    return None


@cache
def bank_holiday(day: date) -> str | None:
    """Why banks are closed on ``day`` (銀行法施行令5条), or None."""
    if day.weekday() == 5:
        return "土曜日"
    if day.weekday() == 6:
        return "日曜日"
    name = national_holiday(day)
    if name:
        return name
    if _in_year_end(day, 31):
        return "年末年始(12月31日〜1月3日)"
    return None


def is_court_business_day(day: date) -> bool:
    return court_holiday(day) is None


def is_bank_business_day(day: date) -> bool:
    return bank_holiday(day) is None


def last_court_day_on_or_before(day: date) -> date:
    while not is_court_business_day(day):
        day -= timedelta(days=1)
    return day


def last_bank_day_on_or_before(day: date) -> date:
    while not is_bank_business_day(day):
        day -= timedelta(days=1)
    return day


def next_court_day_on_or_after(day: date) -> date:
    while not is_court_business_day(day):
        day += timedelta(days=1)
    return day


def next_bank_day_on_or_after(day: date) -> date:
    while not is_bank_business_day(day):
        day += timedelta(days=1)
    return day


def court_days_before(day: date, count: int) -> date:
    """The court business day ``count`` court business days before ``day``."""
    for _ in range(count):
        day = last_court_day_on_or_before(day - timedelta(days=1))
    return day


def court_days_after(day: date, count: int) -> date:
    """The court business day ``count`` court business days after ``day``."""
    for _ in range(count):
        day = next_court_day_on_or_after(day + timedelta(days=1))
    return day


def bank_days_before(day: date, count: int) -> date:
    """The bank business day ``count`` bank business days before ``day``."""
    for _ in range(count):
        day = last_bank_day_on_or_before(day - timedelta(days=1))
    return day


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clamped to the month's end (1/31 + 1 → 2/28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def certificate_valid_through(issued: date, months: int = 3) -> date:
    """Last day a certificate issued on ``issued`` is "issued within ``months`` months".

    民法140条 (初日不算入): the period starts the day after issue. 民法143条2項: it ends the
    day before the day corresponding to that start in the last month, or on that month's last
    day when there is no corresponding day. Issued 11/30 → 2/28 (2/29), 10/31 → 1/31,
    9/30 → 12/31 (not 12/30: the period starts 10/1).
    """
    start = issued + timedelta(days=1)
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if start.day > last:
        return date(year, month, last)
    return date(year, month, start.day) - timedelta(days=1)
