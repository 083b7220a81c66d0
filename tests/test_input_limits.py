"""One range of amounts and dates, the 0円 price rule, and files that are not an import
(issue 12 item 9): every reader refuses them in one sentence naming the place."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from biddesk.domain.announcements.csv_import import CsvImportError, properties_from_csv
from biddesk.domain.announcements.file_kinds import NotAnImportFile
from biddesk.domain.announcements.parsing import parse_announcement
from biddesk.domain.dates import iso_date
from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_YEN
from biddesk.domain.money import MoneyError, check_price, parse_yen
from biddesk.domain.storage.interchange import (
    InterchangeError,
    portfolio_from_json,
    portfolio_from_text,
    read_incoming,
    read_incoming_file,
)

DATA = Path(__file__).parent / "data"
CARD = (DATA / "announcements" / "bit_card_single.txt").read_text(encoding="utf-8")
HUGE = "1" * 5000


def document(**sections: Any) -> dict[str, Any]:
    return {"format": "biddesk-portfolio", "version": 1, **sections}


def json_errors(data: object) -> tuple[str, ...]:
    with pytest.raises(InterchangeError) as caught:
        portfolio_from_json(data)
    return caught.value.errors


# --- amounts: parse_yen is the one reader of typed and pasted amounts ------------------


@pytest.mark.parametrize(
    "text",
    ["999,999,999,999,999円", "9999999億9999万9999円", "99999999999万9999円", "0円", "1円"],
)
def test_amounts_up_to_fifteen_digits_are_read(text: str) -> None:
    amount = parse_yen(text)
    assert amount is not None and 0 <= amount <= MAX_YEN


@pytest.mark.parametrize(
    "text",
    ["1,000,000,000,000,000円", "10000000億", "100000000000万円", "10000000000000000", HUGE],
)
def test_amounts_beyond_fifteen_digits_are_refused(text: str) -> None:
    with pytest.raises(MoneyError, match="桁が多すぎます"):
        parse_yen(text)


def test_a_five_thousand_digit_amount_is_quoted_short() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_yen(HUGE + "円")
    assert len(str(caught.value)) < 120 and "5,001文字" in str(caught.value)
    with pytest.raises(MoneyError, match="端数"):
        parse_yen("1." + HUGE + "万円")  # decimals beyond 1円: no int() of 5,000 digits
    assert parse_yen("1." + "0" * 5000 + "万円") == 10_000  # zeros are no fraction


def test_the_price_rule_refuses_zero_and_keeps_a_missing_price() -> None:
    with pytest.raises(MoneyError, match="売却基準価額には1円以上"):
        check_price(0, "売却基準価額")
    assert check_price(1, "売却基準価額") == 1
    assert check_price(None, "売却基準価額") is None  # 「－円」 of a withdrawn card


# --- interchange JSON ----------------------------------------------------------------


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01"])
def test_json_dates_outside_the_range_are_refused(day: str) -> None:
    data = document(properties=[{"id": "p1", "bid_period_end": day}])
    assert json_errors(data) == (
        "properties[0].bid_period_end: expected a date from 1900-01-01 to 2199-12-31",
    )


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
def test_json_dates_at_the_ends_of_the_range_are_read(day: str) -> None:
    data = document(bidders=[{"id": "b1", "birth_date": day}])
    assert portfolio_from_json(data).bidders[0].birth_date == date.fromisoformat(day)


@pytest.mark.parametrize("day", ["20261209", "2026-W49-3", "２０２６-１２-０９", "2026-12-9"])
def test_json_dates_must_be_written_yyyy_mm_dd(day: str) -> None:
    data = document(properties=[{"id": "p1", "opening_date": day}])
    assert json_errors(data) == ("properties[0].opening_date: expected a date YYYY-MM-DD",)
    assert iso_date(day) is None


def test_json_amounts_outside_the_range_are_refused_and_the_top_is_kept() -> None:
    too_big = document(properties=[{"id": "p1", "base_price": MAX_YEN + 1}])
    assert json_errors(too_big) == (
        "properties[0].base_price: expected an integer yen amount from 0 to 999,999,999,999,999",
    )
    top = document(properties=[{"id": "p1", "base_price": MAX_YEN}])
    assert portfolio_from_json(top).properties[0].base_price == MAX_YEN


def test_a_json_number_of_thousands_of_digits_is_one_sentence() -> None:
    text = '{"format": "biddesk-portfolio", "properties": [{"base_price": ' + HUGE + "}]}"
    with pytest.raises(InterchangeError, match="桁の多すぎる数"):
        portfolio_from_text(text, source="big.json")


@pytest.mark.parametrize(
    ("section", "entry", "path"),
    [
        ("properties", {"id": "p1", "base_price": 0}, "properties[0].base_price: 売却基準価額"),
        ("properties", {"id": "p1", "minimum_bid": 0}, "properties[0].minimum_bid: 買受可能価額"),
        ("properties", {"id": "p1", "deposit": 0}, "properties[0].deposit: 買受申出保証額"),
        ("bids", {"id": "x1", "amount": 0}, "bids[0].amount: 入札額"),
        ("bids", {"id": "x1", "outcome": {"result": "lost", "top_bid": 0}}, "最高価"),
    ],
)
def test_json_prices_of_zero_are_refused(section: str, entry: dict[str, Any], path: str) -> None:
    (error,) = json_errors(document(**{section: [entry]}))
    assert path in error and "1円以上" in error


def test_json_prices_may_be_missing_and_other_amounts_may_be_zero() -> None:
    data = document(
        settings={"cash_on_hand": 0, "reserve": 0},
        properties=[{"id": "p1", "base_price": None, "deposit": 1}],
        bids=[{"id": "x1", "amount": 1, "acquisition_costs": 0, "loan": {"amount": 0}}],
    )
    portfolio = portfolio_from_json(data)
    assert portfolio.properties[0].base_price is None and portfolio.bids[0].amount == 1


# --- CSV ------------------------------------------------------------------------------


def csv_error(base: str) -> str:
    with pytest.raises(CsvImportError) as caught:
        properties_from_csv(f"事件番号,売却基準価額\n令和7年(ケ)第1号,{base}\n", "a.csv")
    (error,) = caught.value.errors
    return error


def test_csv_amounts_beyond_fifteen_digits_name_row_and_column() -> None:
    assert csv_error("10000000000000000").startswith("2行目「売却基準価額」: 金額の桁が多すぎます")
    assert "桁が多すぎます" in csv_error(HUGE)  # was int()'s English 4,300-digit message
    (prop,) = properties_from_csv("事件番号,売却基準価額\n令和7年(ケ)第1号,999999999999999\n", "a")
    assert prop.base_price == MAX_YEN


def test_csv_prices_of_zero_are_refused_but_a_dash_is_kept() -> None:
    assert csv_error("0") == (
        "2行目「売却基準価額」: "
        "売却基準価額には1円以上の金額を指定してください(0円は入力できません)"
    )
    (prop,) = properties_from_csv("事件番号,売却基準価額\n令和7年(ケ)第1号,－円\n", "a.csv")
    assert prop.base_price is None


def test_a_refused_csv_imports_nothing() -> None:
    text = "事件番号,売却基準価額\n令和7年(ケ)第1号,1000万円\n令和7年(ケ)第2号,0円\n"
    with pytest.raises(CsvImportError, match="3行目"):
        read_incoming(text, "a.csv")


# --- announcement text ------------------------------------------------------------------


@pytest.mark.parametrize("amount", ["0円", "1,000,000,000,000,000円", HUGE + "円"])
def test_announcement_amounts_outside_the_rules_are_warned_not_kept(amount: str) -> None:
    (prop,) = parse_announcement(CARD.replace("12,340,000円", amount)).properties
    assert prop.base_price is None
    assert any(w.startswith("売却基準価額") for w in prop.warnings)
    assert all(len(w) < 200 for w in prop.warnings)  # the 5,000 digits are not repeated


def test_announcement_amount_at_the_top_of_the_range_is_kept() -> None:
    (prop,) = parse_announcement(CARD.replace("12,340,000円", "999,999,999,999,999円")).properties
    assert prop.base_price == MAX_YEN


# --- files that are not an import -------------------------------------------------------


def _zip(*names: str) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


CALENDAR = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:入札期間末日 "
    "東京地方裁判所本庁 令和7年(ケ)第1号\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
PORTFOLIO_JSON = json.dumps(document(properties=[{"case_number": "令和7年(ケ)第1号"}]))
CSV_TEXT = (DATA / "csv" / "japanese.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("book.xlsx", _zip("[Content_Types].xml", "xl/workbook.xml"), "CSV(UTF-8)で保存"),
        ("book.zip", _zip("[Content_Types].xml", "xl/workbook.xml"), "Excel"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel"),
        ("letter.docx", _zip("[Content_Types].xml", "word/document.xml"), "Word"),
        ("files.zip", _zip("a.txt"), "展開して"),
        ("koukoku.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "PDF"),
        ("koukoku.txt", b"%PDF-1.7\n" + "令和7年(ケ)第1号".encode(), "PDF"),
        ("other.biddesk", b"SQLite format 3\x00" + bytes(100), "「開く」"),
        (
            "image.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(50),
            "テキストファイルではない",
        ),
        ("utf16.txt", "\ufeff令和7年(ケ)第1号".encode("utf-16"), "UTF-16"),
        ("mail.txt", "令和7年(ケ)第1号\n".encode("iso2022_jp"), "ISO-2022-JP"),
        ("cal.ics", CALENDAR.encode(), "カレンダー"),
        ("cal.txt", CALENDAR.encode(), "カレンダー"),
        ("saved.txt", PORTFOLIO_JSON.encode(), "拡張子を.json"),
        ("saved", b"  [" + PORTFOLIO_JSON.encode() + b"]", "拡張子を.json"),
        ("truncated.txt", b'{"format": "biddesk-portfolio", "proper', "拡張子を.json"),
        ("table.txt", CSV_TEXT.encode("cp932"), "拡張子を.csv"),
        ("table.csv", PORTFOLIO_JSON.encode(), "拡張子を.json"),
    ],
)
def test_files_that_are_not_an_import_are_refused_with_a_hint(
    name: str, data: bytes, hint: str
) -> None:
    with pytest.raises(NotAnImportFile) as caught:
        read_incoming_file(data, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: ") and hint in message
    assert message.count("。") == 1 and message.endswith("。")  # one sentence


@pytest.mark.parametrize(
    "path", sorted((DATA / "announcements").glob("*.txt")), ids=lambda path: path.name
)
def test_every_sample_announcement_still_reads(path: Path) -> None:
    incoming = read_incoming_file(path.read_bytes(), path.name)
    assert incoming.portfolio.properties


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("japanese.csv", CSV_TEXT.encode("cp932")),
        ("english.csv", (DATA / "csv" / "english.csv").read_bytes()),
        ("rich.json", (DATA / "interchange" / "rich.json").read_bytes()),
        ("saved.json", PORTFOLIO_JSON.encode()),
        ("bracket.txt", "[期間入札公告]\n".encode() + CARD.encode()),
        ("tabs.txt", "事件番号\t物件番号\t売却基準価額\n".encode() + CARD.encode()),
        ("one_column.txt", "売却基準価額, 12,340,000円\n".encode() + CARD.encode()),
    ],
)
def test_near_misses_are_read_as_before(name: str, data: bytes) -> None:
    assert read_incoming_file(data, name).portfolio.properties


def test_refusals_are_user_errors() -> None:
    assert issubclass(NotAnImportFile, UserError)
