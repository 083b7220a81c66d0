"""Calendar reminders (issue 18 item 4): each deadline at 2 weeks, 1 week, 3 days and 1 day
before, configurable; the properties' 閲覧開始日 and 開札期日 as events."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import icalendar
import pytest
from forms_fixtures import P1, PORTFOLIO, TODAY, X1
from hypothesis import given
from hypothesis import strategies as st

from biddesk.domain.errors import UserError
from biddesk.domain.schedule.reminders import (
    DEFAULT_REMINDER_DAYS,
    MAX_REMINDER_DAYS,
    alarm_trigger,
    describe_days,
    format_reminder_days,
    parse_reminder_days,
)
from biddesk.forms.calendar import calendar_text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("14,7,3,1", (14, 7, 3, 1)),
        ("1, 3, 7, 14", (14, 7, 3, 1)),  # any order, spaces
        ("１４、７", (14, 7)),  # 全角 digits and 、
        ("3,3,1", (3, 1)),  # a repeat once
        ("0", (0,)),  # the morning of the day
        ("", ()),  # no reminder
        (f"{MAX_REMINDER_DAYS}", (MAX_REMINDER_DAYS,)),  # near miss of the limit
    ],
)
def test_reminder_days_read(text: str, days: tuple[int, ...]) -> None:
    assert parse_reminder_days(text) == days


@pytest.mark.parametrize(
    "text", ["-1", "1.5", "二週間", "14;7", f"{MAX_REMINDER_DAYS + 1}", "1,2,3,4,5,6,7,8,9"]
)
def test_reminder_days_refused_in_one_sentence(text: str) -> None:
    with pytest.raises(UserError) as error:
        parse_reminder_days(text)
    assert "通知" in str(error.value) and "\n" not in str(error.value)


@given(st.lists(st.integers(0, MAX_REMINDER_DAYS), max_size=8))
def test_format_then_parse_is_the_same(days: list[int]) -> None:
    written = format_reminder_days(tuple(days))
    assert parse_reminder_days(written) == tuple(sorted(set(days), reverse=True))


@pytest.mark.parametrize(
    ("days", "trigger", "words"),
    [
        (14, "-P13DT15H", "2週間前"),
        (7, "-P6DT15H", "1週間前"),
        (3, "-P2DT15H", "3日前"),
        (1, "-PT15H", "前日"),
        (0, "PT9H", "当日"),
    ],
)
def test_each_reminder_is_at_nine_in_the_morning(days: int, trigger: str, words: str) -> None:
    assert alarm_trigger(days) == trigger
    assert describe_days(days) == words


def events(text: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    return [e for e in calendar.walk("VEVENT") if isinstance(e, icalendar.Event)]


def value(component: icalendar.Component, name: str) -> str:
    """A property as written in the file (CATEGORIES, DTSTART, TRIGGER)."""
    raw: Any = component[name]
    return str(raw.to_ical().decode())


def alarms(event: icalendar.Event) -> list[str]:
    return sorted(value(alarm, "TRIGGER") for alarm in event.walk("VALARM"))


def test_every_deadline_has_four_reminders() -> None:
    found = events(calendar_text(PORTFOLIO, today=TODAY, name="テスト"))
    deadline = next(e for e in found if value(e, "CATEGORIES") == "mail_send_by")
    assert alarms(deadline) == sorted(["-P13DT15H", "-P6DT15H", "-P2DT15H", "-PT15H"])
    assert DEFAULT_REMINDER_DAYS == (14, 7, 3, 1)
    descriptions = [str(a["DESCRIPTION"]) for a in deadline.walk("VALARM")]
    assert descriptions[0].startswith("2週間前: 入札書の郵送期限")


def test_reminders_follow_the_setting_and_none_means_none() -> None:
    found = events(calendar_text(PORTFOLIO, today=TODAY, reminders=(5,)))
    payment = next(e for e in found if value(e, "CATEGORIES") == "payment")
    assert alarms(payment) == ["-P4DT15H"]
    quiet = calendar_text(PORTFOLIO, today=TODAY, reminders=())
    deadline_kinds = ("payment", "mail_send_by", "last_in_person", "last_transfer")
    for event in events(quiet):
        if value(event, "CATEGORIES") in deadline_kinds:
            assert alarms(event) == []


def test_viewing_start_and_opening_of_a_property_without_an_open_bid() -> None:
    watched = replace(P1, id="p9", case_number="令和7年(ケ)第999号")
    book = replace(PORTFOLIO, properties=(*PORTFOLIO.properties, watched))
    found = events(calendar_text(book, today=TODAY, name="テスト"))
    mine = [e for e in found if "第999号" in str(e["SUMMARY"])]
    kinds = {(value(e, "CATEGORIES"), value(e, "DTSTART")) for e in mine}
    assert kinds == {("viewing_start", "20261118"), ("opening", "20261216")}
    assert all(alarms(e) == ["-PT15H"] for e in mine)  # the day before
    summary = next(str(e["SUMMARY"]) for e in mine if "閲覧" in str(e["SUMMARY"]))
    assert summary == "閲覧開始日(3点セットの閲覧) 令和7年(ケ)第999号 物件1"


def test_near_miss_an_open_bid_keeps_its_own_opening_and_no_second() -> None:
    """p1 has the open bid x1: its opening is the bid's event, not doubled."""
    found = events(calendar_text(replace(PORTFOLIO, bids=(X1,)), today=TODAY))
    openings = [
        e for e in found if value(e, "CATEGORIES") == "opening" and "第1234号" in str(e["SUMMARY"])
    ]
    assert [str(e["SUMMARY"]) for e in openings] == ["開札期日 令和7年(ケ)第1234号 物件1"]
    assert "入札額: 15,000,000円" in str(
        openings[0]["DESCRIPTION"]
    )  # the bid's, not the property's
    withdrawn = [e for e in found if "令和元年(ケ)第5号" in str(e["SUMMARY"])]
    assert withdrawn == []  # a withdrawn sale has no 閲覧開始日 or 開札期日
