"""The .ics calendar: every deadline, RFC 5545 shape, stable UIDs, reproducible."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from forms_fixtures import PORTFOLIO, TODAY

from forms.calendar import calendar_text, fold, write_calendar


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
        ("safe_transfer", "20270118"),  # x2 (x1 already transferred)
        ("mail_send_by", "20270115"),  # x2 by mail
        ("last_in_person", "20261209"),  # x1 in person
        ("period_end", "20261209"),
        ("opening", "20261216"),
        ("payment", "20261218"),  # x3 won
        ("refund", "20261104"),  # x4 lost: 14 days after the opening
        ("refund_overdue", "20261120"),  # 30 days: ask the court
    }
    assert expected <= kinds


def test_all_day_events_with_summary_and_location() -> None:
    payment = next(e for e in events(TEXT) if e["CATEGORIES"] == "payment")
    assert payment["DTEND"] == "20261219"
    assert payment["SUMMARY"] == "代金納付期限 令和7年(ヌ)第45号 物件3"
    assert payment["LOCATION"] == "横浜地方裁判所本庁"
    assert "入札ID: x3" in payment["DESCRIPTION"].replace("\\n", "\n")


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
