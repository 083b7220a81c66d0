"""The .ics calendar: every deadline, RFC 5545 shape, stable UIDs, reproducible."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import icalendar
import pytest
from forms_fixtures import P1, PORTFOLIO, TODAY, X1, YAMADA

from biddesk.domain.models import DocStatus, DocType, Document, Portfolio
from biddesk.forms.calendar import calendar_text, fold, write_calendar


def events(text: str) -> list[dict[str, str]]:
    """Unfolded VEVENTs as {property name: value} (parameters dropped)."""
    unfolded = text.replace("\r\n ", "")
    found: list[dict[str, str]] = []
    current: dict[str, str] | None = None
    for line in unfolded.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            found.append(current)
            current = None
        elif current is not None and ":" in line and "ALARM" not in line:
            key, value = line.split(":", 1)
            current.setdefault(key.split(";")[0], value)
    return found


TEXT = calendar_text(PORTFOLIO, today=TODAY, name="テスト")


def test_shape_crlf_and_line_length() -> None:
    assert TEXT.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert TEXT.endswith("END:VCALENDAR\r\n")
    assert "\n" not in TEXT.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in TEXT.split("\r\n"))


def test_every_kind_of_deadline_is_there() -> None:
    kinds = {(e["CATEGORIES"], e["DTSTART"]) for e in events(TEXT)}
    expected = {
        # x2 by mail (x1 already transferred), to be posted 01-12: the transfer comes first,
        # since the 振込証明書 goes into the envelope (規則48条) — not on the safe day 01-18.
        ("last_transfer", "20270112"),
        ("mail_send_by", "20270115"),
        ("last_in_person", "20261209"),  # x1 in person
        ("period_end", "20261209"),
        ("opening", "20261216"),
        ("payment", "20261218"),  # x3 won
        # x4 lost on 10-21: 10 court days later (11/3 文化の日 in between, was 11-04)
        ("refund", "20261105"),
        # 22 court days: ask the court (11/23 勤労感謝の日 too, was 11-20)
        ("refund_overdue", "20261124"),
    }
    assert expected <= kinds
    assert ("safe_transfer", "20270118") not in kinds


def test_all_day_events_with_summary_and_location() -> None:
    payment = next(e for e in events(TEXT) if e["CATEGORIES"] == "payment")
    assert payment["DTEND"] == "20261219"
    assert payment["SUMMARY"] == "代金納付期限 令和7年(ヌ)第45号 物件3"
    assert payment["LOCATION"] == "横浜地方裁判所本庁"
    assert "x3" not in payment["DESCRIPTION"]  # the bidder and the case, not the id


def test_commas_are_escaped() -> None:
    summaries = [e["SUMMARY"] for e in events(TEXT)]
    assert any("物件1\\,2" in s for s in summaries)


def test_uids_are_unique_and_stable_across_days() -> None:
    uids = [e["UID"] for e in events(TEXT)]
    assert len(uids) == len(set(uids))
    later = calendar_text(PORTFOLIO, today=date(2026, 12, 1), name="テスト")
    assert {e["UID"] for e in events(later)} == set(uids)
    other = calendar_text(PORTFOLIO, today=TODAY, name="別のファイル")
    assert not {e["UID"] for e in events(other)} & set(uids)


def test_dtstamp_is_today_and_output_reproducible() -> None:
    assert {e["DTSTAMP"] for e in events(TEXT)} == {"20261125T000000Z"}
    assert calendar_text(PORTFOLIO, today=TODAY, name="テスト") == TEXT


def test_alarms_on_deadlines_that_void_a_bid() -> None:
    assert TEXT.count("BEGIN:VALARM") == TEXT.count("END:VALARM") > 0
    assert "TRIGGER:-PT15H" in TEXT


def test_fold_never_splits_a_character() -> None:
    line = "SUMMARY:" + "保証金の振込予定日(余裕あり)" * 6
    folded = fold(line)
    parts = folded.split("\r\n")
    assert len(parts) > 1
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert folded.replace("\r\n ", "") == line


def test_write_calendar_writes_utf8(tmp_path: Path) -> None:
    path = write_calendar(PORTFOLIO, tmp_path / "期限.ics", today=TODAY, name="テスト")
    assert path.read_bytes() == TEXT.encode("utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["期限.ics"]


# --- two certificates of one type, hostile text (issue 12 item 7) ----------------------


def residence(name: str, issued: date) -> Document:
    return Document(type=DocType.RESIDENCE, name=name, issued=issued, status=DocStatus.OBTAINED)


def joint_bid(*documents: Document) -> Portfolio:
    """x1 on p1 (period ends 2026-12-09) with the given papers: 住民票 issued in August
    expire in November, inside the period, so each gets a reminder."""
    bid = replace(X1, documents=documents)
    return replace(PORTFOLIO, bids=(bid,), properties=(P1,), bidders=(YAMADA,))


def expiry_uids(portfolio: Portfolio, name: str = "テスト") -> list[str]:
    text = calendar_text(portfolio, today=TODAY, name=name)
    return [e["UID"] for e in events(text) if e["CATEGORIES"] == "certificate_expiry"]


TARO = residence("山田 太郎", date(2026, 8, 20))
HANAKO = residence("山田 花子", date(2026, 8, 25))


def test_two_residence_certificates_of_one_bid_get_two_reminders() -> None:
    uids = expiry_uids(joint_bid(TARO, HANAKO))
    assert len(uids) == 2
    assert len(set(uids)) == 2  # before: one UID, so a calendar app kept one reminder


def test_certificate_uids_are_stable() -> None:
    uids = expiry_uids(joint_bid(TARO, HANAKO))
    assert expiry_uids(joint_bid(TARO, HANAKO)) == uids  # re-export
    # The first 住民票 keeps the UID it had when it was the only one (earlier exports).
    assert expiry_uids(joint_bid(TARO)) == [uids[0]]
    # A renewed 住民票 (new issue date) updates its event; other papers do not shift it.
    renewed = replace(HANAKO, issued=date(2026, 8, 28))
    form = Document(type=DocType.BID_FORM, name="山田 太郎")
    assert set(expiry_uids(joint_bid(form, TARO, renewed))) == set(uids)


def test_certificates_of_two_types_stay_apart() -> None:
    registry = Document(type=DocType.REGISTRY, issued=date(2026, 8, 20))
    uids = expiry_uids(joint_bid(TARO, registry, HANAKO))
    assert len(set(uids)) == 3


HOSTILE = "山田\x00 太郎\x07;株式会社,\\テスト\x1b[31m\r\n二行目\r三行目\n\x7f\x85終\tタブ"
CLEAN = "山田 太郎;株式会社,\\テスト[31m\n二行目\n三行目\n終\tタブ"


def hostile_portfolio(text: str) -> Portfolio:
    prop = replace(P1, court=text, case_number=text)
    bidder = replace(YAMADA, name=text)
    bid = replace(X1, documents=(TARO,))
    return replace(PORTFOLIO, bids=(bid,), properties=(prop,), bidders=(bidder,))


def parsed(text: str) -> list[icalendar.Event]:
    """The events as a strict, independent reader sees them."""
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    assert not calendar.errors
    found = [event for event in calendar.walk("VEVENT") if isinstance(event, icalendar.Event)]
    assert all(not event.errors for event in found)
    return found


def test_hostile_text_reads_back_as_written_without_control_characters() -> None:
    text = calendar_text(hostile_portfolio(HOSTILE), today=TODAY, name=HOSTILE)
    assert not any(ord(ch) < 0x20 and ch not in "\t\r\n" for ch in text)
    assert "\x7f" not in text and "\x85" not in text
    assert "\n" not in text.replace("\r\n", "")  # no bare line break splits a line
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    calendar = icalendar.Calendar.from_ical(text.encode("utf-8"))
    # icalendar leaves X- properties escaped: the same escaping as the events' TEXT.
    escaped = "山田 太郎\\;株式会社\\,\\\\テスト[31m\\n二行目\\n三行目\\n終\tタブ"
    assert str(calendar["X-WR-CALNAME"]) == f"競売入札の期限 {escaped}"
    for event in parsed(text):
        assert str(event["LOCATION"]) == CLEAN
        assert str(event["SUMMARY"]).endswith(f" {CLEAN} 物件1")
        if "入札額:" in str(event["DESCRIPTION"]):  # a bid's event, not a property's
            assert f"入札人: {CLEAN}\n" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    "line",
    [
        "保証金の振込予定日(余裕あり)" * 8,  # 3-byte characters
        "𠮷田" * 40,  # 4-byte characters
        "a" + "😀" * 30 + "b" * 3 + "住" * 30,  # every alignment of a multi-byte character
        "\\;," * 60,  # escapes across the fold
    ],
)
def test_long_text_folds_and_reads_back(line: str) -> None:
    text = calendar_text(hostile_portfolio(line), today=TODAY, name="")
    assert all(len(part.encode("utf-8")) <= 75 for part in text.split("\r\n"))
    for event in parsed(text):
        assert str(event["LOCATION"]) == line
