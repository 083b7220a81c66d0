"""Every deadline of the portfolio as an iCalendar file (RFC 5545), all-day events.

The dates come from domain.schedule.deadlines (bank calendar for transfers, court calendar for
submission). Output is reproducible: UIDs are derived from the portfolio name, the bid
and the kind of deadline (not the date, so a moved deadline updates the same event in a
calendar app; a certificate's key also says which of its type it is), and DTSTAMP is
``today`` at midnight UTC. Text is escaped and stripped of control characters, and lines
are folded at 75 octets without splitting a character.

Hand-written rather than the ``icalendar`` library: the writer is forty lines, and
icalendar 7.3 passes control characters (NUL, ESC) through into TEXT values, so the
stripping would be needed anyway. The tests read the output back with icalendar.

Reminders (issue 18): each deadline that voids a bid or forfeits a deposit when missed, and
each certificate's expiry, has one VALARM per reminder day (``reminders``, by default 2
weeks, 1 week, 3 days and 1 day before, at 09:00: domain.schedule.reminders). Each open
property also has its 閲覧開始日 (the 3点セット can be read from then) and, when no open bid
of it already carries it, its 開札期日, with one reminder the day before.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from biddesk.domain.dates import format_wareki
from biddesk.domain.funds.refunds import awaited_refund
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen
from biddesk.domain.schedule.deadlines import Deadline
from biddesk.domain.schedule.reminders import (
    DEFAULT_REMINDER_DAYS,
    alarm_trigger,
    describe_days,
    normalized_days,
)
from biddesk.forms.atomic import Staging, write_bytes
from biddesk.forms.data import BidView, ExportData
from biddesk.forms.progress import Progress, no_progress

PRODID = "-//BidDesk//競売入札準備デスク//JA"

_ALARMED = frozenset(
    {
        "safe_transfer",
        "last_transfer",
        "mail_send_by",
        "last_in_person",
        "payment",
        "certificate_expiry",
    }
)
"""Deadlines that void a bid or forfeit a deposit when missed (a certificate past its 3
months voids the papers): reminded on every reminder day."""
_DAY_BEFORE = frozenset({"viewing_start", "opening"})
"""Dates to attend to, not to meet: reminded the day before."""


@dataclass(frozen=True, kw_only=True)
class CalendarEvent:
    day: date
    kind: str
    summary: str
    description: str
    location: str
    uid: str
    reminders: tuple[int, ...] = ()
    """Days before ``day`` on which a reminder fires (09:00), earliest first."""

    @property
    def alarm(self) -> bool:
        return bool(self.reminders)


def _printable(text: str) -> str:
    """``text`` without the control characters TEXT values may not hold (RFC 5545 3.3.11):
    CR LF and CR become LF (escaped later), a tab stays, every other C0/C1 control and DEL
    is dropped (a name pasted from a terminal or a PDF must not reach a calendar's parser)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        ch for ch in text if ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs")
    )


def _escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    return (
        _printable(text)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, 74  # continuation lines start with a space
        current += ch
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _uid(name: str, *keys: str) -> str:
    digest = hashlib.sha256("\x1f".join((name, *keys)).encode("utf-8")).hexdigest()[:24]
    return f"{digest}@biddesk"


def _deadline_key(view: BidView, deadline: Deadline) -> str:
    """What makes a deadline one event within its bid. A joint bid has one 住民票 per person,
    so a certificate's key also says which of its type it is (the first keeps the key of
    earlier versions, so calendars that imported them are updated, not duplicated)."""
    key = f"{deadline.kind}:{deadline.label}"
    if deadline.document is None:
        return key
    kind = view.bid.documents[deadline.document].type
    nth = sum(1 for d in view.bid.documents[: deadline.document + 1] if d.type is kind)
    return key if nth == 1 else f"{key}#{nth}"


def _title(view: BidView) -> str:
    numbers = f" 物件{view.property_numbers}" if view.property_numbers else ""
    return f"{view.case_number or '(事件番号不明)'}{numbers}"


def _description(view: BidView, extra: str = "") -> str:
    lines = [
        f"裁判所: {view.prop.court or '－'}" if view.prop is not None else "",
        f"入札人: {view.bidder_name}",
        f"入札額: {format_yen(view.bid.amount)}",
        f"買受申出保証額: {format_yen(view.deposit)}",
        extra,
    ]
    return "\n".join(line for line in lines if line)


def _reminders(kind: str, reminders: tuple[int, ...]) -> tuple[int, ...]:
    if kind in _ALARMED:
        return reminders
    return (1,) if kind in _DAY_BEFORE else ()


def _property_events(data: ExportData, reminders: tuple[int, ...]) -> list[CalendarEvent]:
    """閲覧開始日 of each property still for sale, and its 開札期日 when no open bid of it
    has it already (a property only watched, or whose bids are done)."""
    opened_by_bid = {view.prop.id for view in data.views if view.open and view.prop is not None}
    events: list[CalendarEvent] = []
    for prop in data.properties.values():
        if not prop.status.is_open:
            continue
        numbers = f" 物件{','.join(prop.property_numbers)}" if prop.property_numbers else ""
        title = f"{prop.case_number or '(事件番号不明)'}{numbers}"
        found: list[tuple[date | None, str, str]] = [
            (prop.viewing_start, "viewing_start", "閲覧開始日(3点セットの閲覧)")
        ]
        if prop.id not in opened_by_bid:
            found.append((prop.opening_date, "opening", "開札期日"))
        for day, kind, label in found:
            if day is None:
                continue
            lines = [f"裁判所: {prop.court or '－'}", f"期日: {format_wareki(day)}"]
            if prop.bid_period_start is not None and prop.bid_period_end is not None:
                period = (
                    f"{format_wareki(prop.bid_period_start)}〜{format_wareki(prop.bid_period_end)}"
                )
                lines.append(f"入札期間: {period}")
            events.append(
                CalendarEvent(
                    day=day,
                    kind=kind,
                    summary=f"{label} {title}",
                    description="\n".join(lines),
                    location=prop.court or "",
                    uid=_uid(data.name, "property", prop.id, kind),
                    reminders=_reminders(kind, reminders),
                )
            )
    return events


def calendar_events(
    data: ExportData, reminders: tuple[int, ...] = DEFAULT_REMINDER_DAYS
) -> list[CalendarEvent]:
    """Every deadline of every bid (past ones too) and the open properties' 閲覧開始日 and
    開札期日, sorted by date."""
    reminders = normalized_days(reminders)
    events: list[CalendarEvent] = _property_events(data, reminders)
    for view in data.views:
        bid, prop = view.bid, view.prop
        location = (prop.court or "") if prop is not None else ""
        title = _title(view)
        found: list[tuple[date, str, str, str]] = []  # day, kind, label, uid key
        for deadline in data.deadlines(view):
            key = _deadline_key(view, deadline)
            found.append((deadline.date, deadline.kind, deadline.label, key))
        if view.open and prop is not None and prop.bid_period_end is not None:
            found.append((prop.bid_period_end, "period_end", "入札期間の末日", "period_end"))
        refund = awaited_refund(bid, prop, today=data.today)
        if refund is not None:
            label = "保証金の返還遅延: 未返還なら裁判所に問い合わせ"
            found.append((refund.contact_from, "refund_overdue", label, "refund_overdue"))
        for day, kind, label, key in found:
            events.append(
                CalendarEvent(
                    day=day,
                    kind=kind,
                    summary=f"{label} {title}",
                    description=_description(view, f"期日: {format_wareki(day)}"),
                    location=location,
                    uid=_uid(data.name, bid.id, key),
                    reminders=_reminders(kind, reminders),
                )
            )
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def calendar_text(
    portfolio: Portfolio,
    *,
    today: date,
    name: str = "",
    reminders: tuple[int, ...] = DEFAULT_REMINDER_DAYS,
) -> str:
    """The .ics text (CRLF line ends, folded lines)."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    stamp = f"{today:%Y%m%d}T000000Z"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(f'競売入札の期限 {name}'.strip())}",
        "X-WR-TIMEZONE:Asia/Tokyo",
    ]
    for event in calendar_events(data, reminders):
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.summary)}",
            f"DESCRIPTION:{_escape(event.description)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{_escape(event.location)}")
        lines += [f"CATEGORIES:{event.kind}", "TRANSP:TRANSPARENT"]
        for days in event.reminders:  # 09:00, ``days`` days before the all-day start
            lines += [
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                f"DESCRIPTION:{_escape(f'{describe_days(days)}: {event.summary}')}",
                f"TRIGGER:{alarm_trigger(days)}",
                "END:VALARM",
            ]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


def write_calendar(
    portfolio: Portfolio,
    path: Path | str,
    *,
    today: date,
    name: str = "",
    staging: Staging | None = None,
    progress: Progress = no_progress,
    reminders: tuple[int, ...] = DEFAULT_REMINDER_DAYS,
) -> Path:
    """Write the .ics file atomically (one step: it takes a moment even at 10,000 bids)."""
    progress(0, 1)
    text = calendar_text(portfolio, today=today, name=name, reminders=reminders)
    written = write_bytes(Path(path), text.encode("utf-8"), staging=staging)
    progress(1, 1)
    return written
