"""The one range of amounts and dates that every input accepts (issue 12 item 9).

Paste, notes, CSV, interchange JSON, the window's fields, ``quote`` and the portfolio file all
refuse what lies outside it, so a value that got in can always be computed with, dumped and
imported back. Why these bounds:

- Amounts are integer yen from 0 to 999,999,999,999,999 (15 digits, just under 1,000兆円):
  far above any real property and well inside SQLite's 64-bit integers, so sums of
  thousands of bids never overflow.
- Dates run from 1900-01-01 to 2199-12-31: every living bidder's birth date and every
  plausible auction day, while ``date + timedelta`` (deadlines, certificate months) can never
  leave ``datetime.date``'s range (year 1–9999) and 和暦 can always be written (明治 onward).
"""

from __future__ import annotations

from datetime import date

MIN_YEN = 0
MAX_YEN = 10**15 - 1
MAX_YEN_DIGITS = 15

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)


def yen_in_range(value: int) -> bool:
    """Whether ``value`` is an amount BidDesk can keep (``bool`` is not an amount)."""
    return not isinstance(value, bool) and MIN_YEN <= value <= MAX_YEN


def date_in_range(day: date) -> bool:
    """Whether ``day`` is a date BidDesk can keep and compute with."""
    return MIN_DATE <= day <= MAX_DATE
