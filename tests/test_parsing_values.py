"""The public normalisers of domain.announcements.parsing (reused by the CSV import) and value
readers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from amount_writings import writings
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.announcements.csv_import import CsvImportError, properties_from_csv
from biddesk.domain.announcements.parsing import (
    ParseError,
    normalize_case_number,
    normalize_court,
    parse_property_numbers,
    parse_status,
)
from biddesk.domain.announcements.parsing_values import (
    amount_readings,
    clean,
    read_amount,
    read_kind,
    read_period,
)
from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_YEN
from biddesk.domain.models import PropertyStatus
from biddesk.domain.money import AMOUNT_CHARACTERS, KANJI_DIGIT_CHARACTERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("令和07年(ケ)第1234号", "令和7年(ケ)第1234号"),
        ("令和７年（ケ）第１２３４号", "令和7年(ケ)第1234号"),
        ("令和07年（ケ）第０１２３４号", "令和7年(ケ)第1234号"),
        ("令和元年(ヌ)第5号", "令和元年(ヌ)第5号"),
        ("令和1年(ヌ)第05号", "令和元年(ヌ)第5号"),
        ("令和01年(ヌ)第5号", "令和元年(ヌ)第5号"),
        ("R7(ケ)77", "令和7年(ケ)第77号"),
        ("Ｒ７（ケ）７７", "令和7年(ケ)第77号"),
        ("r07(ヌ)0012", "令和7年(ヌ)第12号"),
        ("R7(ｹ)77", "令和7年(ケ)第77号"),  # half-width katakana
        ("令和7(ケ)1234", "令和7年(ケ)第1234号"),
        ("令和7年ケ第1234号", "令和7年(ケ)第1234号"),
        ("令和 7 年 (ケ) 第 1234 号", "令和7年(ケ)第1234号"),
        ("  令和7年(ケ)第1234号  ", "令和7年(ケ)第1234号"),
        ("H31(ケ)7", "平成31年(ケ)第7号"),
        ("平成３０年（ヌ）第１０号", "平成30年(ヌ)第10号"),
        ("R1(ヌ)5", "令和元年(ヌ)第5号"),
    ],
)
def test_normalize_case_number(text: str, expected: str) -> None:
    assert normalize_case_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "令和0年(ケ)第1号",
        "令和7年(ケ)第0号",
        "平成32年(ケ)第1号",
        "2025(ケ)77",
        "令和7年第1234号",
        "令和7年(ケ)第1234号 物件1",
        "令和7年(ァ)第1号",
        "R7(ケ)",
    ],
)
def test_normalize_case_number_rejects(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        normalize_case_number(text)
    message = str(caught.value)
    assert message.endswith("。") or message.endswith("」")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("東京地方裁判所本庁", "東京地方裁判所本庁"),
        ("東京地方裁判所", "東京地方裁判所本庁"),
        ("東京地裁", "東京地方裁判所本庁"),
        ("東京地方裁判所民事第２１部", "東京地方裁判所本庁"),
        ("東京地方裁判所立川支部民事第5部", "東京地方裁判所立川支部"),
        ("さいたま地方裁判所 川越支部", "さいたま地方裁判所川越支部"),
        ("さいたま地方裁判所　川越支部", "さいたま地方裁判所川越支部"),
        ("大阪地裁堺支部", "大阪地方裁判所堺支部"),
        ("大阪地方裁判所第14民事部", "大阪地方裁判所本庁"),
        ("札幌地裁 本庁", "札幌地方裁判所本庁"),
        ("福島地方裁判所いわき支部", "福島地方裁判所いわき支部"),
        ("大津地方裁判所", "大津地方裁判所本庁"),
        ("津地方裁判所四日市支部", "津地方裁判所四日市支部"),
        ("名古屋地裁岡崎支部", "名古屋地方裁判所岡崎支部"),
        ("東京高等裁判所", "東京高等裁判所"),  # not a 地方裁判所: kept as written
    ],
)
def test_normalize_court(text: str, expected: str) -> None:
    assert normalize_court(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", ("1",)),
        ("1,2", ("1", "2")),
        ("１，２", ("1", "2")),
        ("１～３", ("1", "2", "3")),
        ("1〜3", ("1", "2", "3")),
        ("1-3", ("1", "2", "3")),
        ("1、2", ("1", "2")),
        ("1・3", ("1", "3")),
        ("01", ("1",)),
        ("物件1", ("1",)),
        ("物件番号：2", ("2",)),
        ("1~3,5", ("1", "2", "3", "5")),
        ("1ないし3", ("1", "2", "3")),
        ("1及び2", ("1", "2")),
        ("2,1,2", ("2", "1")),
    ],
)
def test_parse_property_numbers(text: str, expected: tuple[str, ...]) -> None:
    assert parse_property_numbers(text) == expected


@pytest.mark.parametrize("text", ["", "0", "3~1", "a", "1~100000", "1 2", "1,", "12345"])
def test_parse_property_numbers_rejects(text: str) -> None:
    with pytest.raises(ParseError):
        parse_property_numbers(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("取下", PropertyStatus.WITHDRAWN),
        ("取下げ", PropertyStatus.WITHDRAWN),
        ("取り下げ", PropertyStatus.WITHDRAWN),
        ("取消", PropertyStatus.CANCELLED),
        ("取消し", PropertyStatus.CANCELLED),
        ("停止", PropertyStatus.SUSPENDED),
        ("中止", PropertyStatus.SUSPENDED),
        ("公告中", PropertyStatus.ANNOUNCED),
        ("withdrawn", PropertyStatus.WITHDRAWN),
        ("announced", PropertyStatus.ANNOUNCED),
        ("", None),
        ("なし", None),
        ("－", None),
        ("未定", None),
    ],
)
def test_parse_status(text: str, expected: PropertyStatus | None) -> None:
    assert parse_status(text) is expected


def test_parse_error_is_a_user_error() -> None:
    assert issubclass(ParseError, UserError)
    assert issubclass(ParseError, ValueError)


@pytest.mark.parametrize(
    ("text", "amount", "dash"),
    [
        ("12,340,000円", 12_340_000, False),
        ("１２，３４０，０００円", 12_340_000, False),
        ("1234万円", 12_340_000, False),
        ("1,234万5,000円", 12_345_000, False),
        ("1億2,345万6,789円", 123_456_789, False),
        ("123.4万円", 1_234_000, False),
        ("は公告どおり 247万円", 2_470_000, False),
        ("(物件1) 980万円", 9_800_000, False),
        ("3,210,000", 3_210_000, False),
        ("－円", None, True),
        ("-円", None, True),
        ("－", None, True),
    ],
)
def test_read_amount(text: str, amount: int | None, dash: bool) -> None:
    reading = read_amount(clean(text), "売却基準価額")
    assert reading is not None
    assert reading.error is None
    assert (reading.amount, reading.dash) == (amount, dash)


@pytest.mark.parametrize("text", ["12,340,00円", "1万23456円"])
def test_read_amount_refuses_a_misread_amount(text: str) -> None:
    reading = read_amount(text, "売却基準価額")
    assert reading is not None
    assert reading.amount is None
    assert reading.error is not None and "売却基準価額" in reading.error


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Issue 14 item 3: the whole run of amount characters is one amount.
        ("1千万円", [10_000_000]),
        ("250万3千円", [2_503_000]),
        ("1億2千万円", [120_000_000]),
        ("8150千円", [8_150_000]),
        ("8百15万円", [8_150_000]),
        ("8 150 000円", [8_150_000]),
        ("は 三百万円 です", [3_000_000]),
        ("金壱百萬円也", [1_000_000]),
        ("百万円", [1_000_000]),  # 漢数字 without a digit: only as the whole value
        # Near misses: words and separate cells stay apart.
        ("千葉 1234万円", [12_340_000]),
        ("一戸建 1,234万円", [12_340_000]),
        ("三田市1丁目 980万円", [9_800_000]),
        ("12,340,000 9,872,000 2,468,000", [12_340_000, 9_872_000, 2_468_000]),
        ("3000000 2400000", [3_000_000, 2_400_000]),
        ("12,340,000円 9,872,000円", [12_340_000, 9_872_000]),
        ("1 12,340,000円", [12_340_000]),
        ("令和八年十二月二日", []),
    ],
)
def test_amount_readings_take_the_whole_run(text: str, found: list[int]) -> None:
    readings = [reading for _, reading in amount_readings(clean(text), "金額")]
    assert [(r.amount, r.error) for r in readings] == [(amount, None) for amount in found]


@pytest.mark.parametrize(
    "text",
    [
        "8 15 000円",
        "5千5円",
        "12千万円",
        "1234万 988万",
        "1万2億円",
        "1二千万円",
        "(千円) 8,150",  # 千円 a column's unit, or 1,000円? Not a guess either way
    ],
)
def test_amount_readings_refuse_a_run_they_cannot_read_whole(text: str) -> None:
    """Before issue 14 these gave 15,000 / 5 / 12 / 12,340,988 / 1万2 / 1 / 8,150 (a part of
    the run, or a guess); now the first amount of the value is an error, so nothing is read."""
    reading = read_amount(clean(text), "金額")
    assert reading is not None and reading.amount is None and reading.error, reading


_RUN_PIECE = re.compile(f"[{AMOUNT_CHARACTERS}]")
_DIGIT = re.compile(f"[0-9{KANJI_DIGIT_CHARACTERS}]")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=MAX_YEN), st.sampled_from(["", "は公告どおり ", "金"]))
def test_every_writing_is_found_whole_in_a_value(amount: int, before: str) -> None:
    for text in writings(amount):
        if before == "金" and text.startswith(("金", "¥", "￥")):
            continue
        reading = read_amount(clean(f"{before}{text} (公告どおり)"), "売却基準価額")
        assert reading is not None, text
        if before != "金" and not _DIGIT.search(clean(text)):
            # 「千円」 beside other text may be a column's unit: refused, not guessed.
            assert (reading.amount, bool(reading.error)) == (None, True), text
            continue
        assert (reading.amount, reading.error) == (amount, None), text


_VALUE_TEXT = st.text(
    alphabet=st.sampled_from(list("0123456789,. 兆億万萬千百十〇一二三壱円金¥葉戸階年月-物件")),
    max_size=24,
)


@settings(max_examples=500, deadline=None)
@given(_VALUE_TEXT)
def test_no_reading_is_a_part_of_a_longer_run(text: str) -> None:
    """Whatever the text, every amount read is a whole run of amount characters: the
    characters just before and after it are no digit, 漢数字 or unit (never 1 of 1千万円)."""
    cleaned = clean(text)
    for start, reading in amount_readings(cleaned, "金額"):
        if reading.dash:
            continue
        assert cleaned.startswith(reading.text, start), (cleaned, reading)
        end = start + len(reading.text)
        assert not _RUN_PIECE.match(cleaned[start - 1 : start] if start else ""), cleaned
        if not reading.text.endswith("円"):  # 円 ends an amount: 「1円2円」 is two
            assert not _RUN_PIECE.match(cleaned[end : end + 1]), (cleaned, reading.text)
        if reading.amount is not None:
            assert 0 < reading.amount <= MAX_YEN


def test_read_amount_refuses_absurd_digit_counts_without_crashing() -> None:
    reading = read_amount("9" * 5000 + "円", "売却基準価額")
    assert reading is not None and reading.error is not None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("令和8年12月2日〜令和8年12月9日", date(2026, 12, 2), date(2026, 12, 9)),
        ("令和08年12月02日～令和08年12月09日", date(2026, 12, 2), date(2026, 12, 9)),
        ("令和8年12月2日から令和8年12月9日まで", date(2026, 12, 2), date(2026, 12, 9)),
        ("R8.12.2~R8.12.9", date(2026, 12, 2), date(2026, 12, 9)),
        ("2026/12/2 ~ 2026/12/9", date(2026, 12, 2), date(2026, 12, 9)),
        ("2026/12/2 ~ 12/9", date(2026, 12, 2), date(2026, 12, 9)),
        ("令和8年12月25日〜1月5日", date(2026, 12, 25), date(2027, 1, 5)),
        ("令和元年5月14日〜5月21日", date(2019, 5, 14), date(2019, 5, 21)),
        ("令和8年10月7日(水)〜10月14日(水)", date(2026, 10, 7), date(2026, 10, 14)),
    ],
)
def test_read_period(text: str, start: date, end: date) -> None:
    reading = read_period(clean(text), "入札期間")
    assert reading is not None
    assert (reading.start, reading.end, reading.errors) == (start, end, ())


def test_read_period_without_end_says_so() -> None:
    reading = read_period("令和8年12月2日から", "入札期間")
    assert reading is not None
    assert reading.start == date(2026, 12, 2) and reading.end is None
    assert any("終わり" in error for error in reading.errors)


@pytest.mark.parametrize("text", ["実施しておりません。", "実施しない", "なし"])
def test_read_period_no_special_sale(text: str) -> None:
    reading = read_period(text, "特別売却期間")
    assert reading is not None and reading.none


@pytest.mark.parametrize(
    ("text", "kind", "farmland"),
    [
        ("戸建", "戸建て", False),
        ("戸建て", "戸建て", False),
        ("土地・戸建", "土地・戸建て", False),
        ("マンション", "マンション", False),
        ("土地（農地）", "土地", True),
        ("農地", "土地", True),
        ("店舗", "店舗", False),
    ],
)
def test_read_kind(text: str, kind: str, farmland: bool) -> None:
    reading = read_kind(text)
    assert (reading.kind, reading.farmland) == (kind, farmland)


@pytest.mark.parametrize(
    ("cell", "amount"),
    [
        ("1千万円", 10_000_000),
        ('"8,150千円"', 8_150_000),
        ("三百万円", 3_000_000),
        ("8 150 000", 8_150_000),
    ],
)
def test_csv_cells_use_the_same_reader(cell: str, amount: int) -> None:
    (prop,) = properties_from_csv(f"事件番号,売却基準価額\n令和7年(ケ)第1号,{cell}\n", "a.csv")
    assert prop.base_price == amount


def test_csv_cell_not_read_whole_is_refused_with_its_place() -> None:
    with pytest.raises(CsvImportError, match=r"2行目「売却基準価額」.*3桁で"):
        properties_from_csv("事件番号,売却基準価額\n令和7年(ケ)第1号,5千5円\n", "a.csv")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1e20円", None),  # not 20円: the tail of a number in exponent notation
        ("-5,000,000円", None),  # a sign: not 5,000,000
        ("−5,000,000円", None),
        ("1,000万円～1,200万円", None),  # a range: which one? neither, as a guess
        ("1,000万円から1,200万円", None),
        ("12,340,000円", 12_340_000),  # near misses: a plain amount, with 金 or a note after
        ("金12,340,000円", 12_340_000),
        ("12,340,000円(前回 15,000,000円)", 12_340_000),
    ],
)
def test_an_amount_is_read_whole_or_not_at_all(text: str, amount: int | None) -> None:
    reading = read_amount(clean(text), "売却基準価額")
    got = reading.amount if reading is not None and reading.error is None else None
    assert got == amount
