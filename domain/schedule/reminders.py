"""When a calendar reminds of a deadline: 2 weeks, 1 week, 3 days and 1 day before.

Not a rule of the court but of preparing in time (issue 18): a 住民票 or a 登記事項証明書
takes days to obtain, a transfer wants a bank day with room to spare, and a mailed bid must
leave ``mail_margin`` court days before the period ends (民執規則46条・47条), so one
alarm the day before comes too late to act. Each reminder fires at 09:00, ``days`` days
before the all-day event; 0 is the morning of the day itself.

The days are a preference of whoever imports the calendar, not a fact of the portfolio:
the window keeps them in the user's settings (gui.user_settings), the command line takes
``export --reminders 14,7,3,1``.
"""

from __future__ import annotations

import unicodedata

from biddesk.domain.errors import UserError

DEFAULT_REMINDER_DAYS: tuple[int, ...] = (14, 7, 3, 1)
MAX_REMINDER_DAYS = 60
"""Two months: the longest span from a 公告 to its 入札期間's end is about that."""
MAX_REMINDERS = 8


def normalized_days(days: tuple[int, ...] | list[int]) -> tuple[int, ...]:
    """The days without repeats, earliest reminder first (14, 7, 3, 1)."""
    return tuple(sorted(set(days), reverse=True))


def parse_reminder_days(text: str) -> tuple[int, ...]:
    """``14,7,3,1`` (全角 digits, 、 and spaces too) as days before; "" is no reminder.

    Raises UserError, one sentence, for anything else: a word, a negative or a fraction,
    more than MAX_REMINDER_DAYS days or more than MAX_REMINDERS reminders."""
    normalized = unicodedata.normalize("NFKC", text)
    parts = [p for p in normalized.replace("、", ",").replace(" ", ",").split(",") if p]
    days: list[int] = []
    for part in parts:
        if not part.isdecimal() or not part.isascii():
            raise UserError(
                "通知の日数は「14,7,3,1」のように何日前かの数をカンマ区切りで"
                f"指定してください: {text}"
            )
        day = int(part)
        if day > MAX_REMINDER_DAYS:
            raise UserError(f"通知は期限の{MAX_REMINDER_DAYS}日前までで指定してください: {part}")
        days.append(day)
    result = normalized_days(days)
    if len(result) > MAX_REMINDERS:
        raise UserError(f"通知は{MAX_REMINDERS}回までです: {text}")
    return result


def format_reminder_days(days: tuple[int, ...]) -> str:
    """The days as the settings and the option write them: ``14,7,3,1``."""
    return ",".join(str(day) for day in normalized_days(days))


def describe_days(days: int) -> str:
    """A reminder's words: 2週間前, 1週間前, 3日前, 前日, 当日."""
    if days == 0:
        return "当日"
    if days == 1:
        return "前日"
    if days % 7 == 0:
        return f"{days // 7}週間前"
    return f"{days}日前"


def alarm_trigger(days: int) -> str:
    """The RFC 5545 TRIGGER (relative to the all-day start, 00:00) for 09:00 ``days`` days
    before: 1 → -PT15H, 14 → -P13DT15H, 0 → PT9H."""
    if days == 0:
        return "PT9H"
    return f"-P{days - 1}DT15H" if days > 1 else "-PT15H"
