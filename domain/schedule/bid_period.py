"""How long a 期間入札's 入札期間 may be: 1週間以上1月以内 (民事執行規則46条1項).

The period runs from the first day to the last day, both included (入札期間 5/7〜5/13 is one
week: its first day counts, as it starts at the opening of the court that day). A month from
5/7 ends on 6/6, the day before the corresponding day (民法143条2項; 1/31 → 2/28 when there
is none). The parser warns with these sentences; a portfolio check can reuse them.
"""

from __future__ import annotations

from datetime import date, timedelta

from biddesk.domain.dates import certificate_valid_through, format_wareki

MIN_DAYS = 7


def last_day_within_a_month(start: date) -> date:
    """The last day of a one-month period whose first day is ``start``: 5/7 → 6/6."""
    # certificate_valid_through counts from the day after its date (民法140条).
    return certificate_valid_through(start - timedelta(days=1), months=1)


def bid_period_length_problem(start: date, end: date) -> str | None:
    """One sentence when the 入札期間 ``start``〜``end`` is under a week or over a month."""
    shown = f"入札期間({format_wareki(start)}〜{format_wareki(end)})"
    if (end - start).days + 1 < MIN_DAYS:
        return f"{shown}が1週間より短いため、日付を確認してください(民事執行規則46条1項)。"
    if end > last_day_within_a_month(start):
        return f"{shown}が1か月より長いため、日付を確認してください(民事執行規則46条1項)。"
    return None
