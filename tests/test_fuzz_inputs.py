"""Every parser of user input, fed arbitrary text: a clear UserError, never a crash; and
the one range of amounts and dates (domain/limits) holds for every reader."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.announcements.csv_import import CsvImportError, properties_from_csv
from biddesk.domain.dates import parse_date
from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_DATE, MAX_YEN, MIN_DATE, date_in_range, yen_in_range
from biddesk.domain.models import Bid, Financing, Portfolio, Property, Settings
from biddesk.domain.money import MoneyError, format_yen, parse_yen
from biddesk.domain.storage.interchange import (
    InterchangeError,
    merge_into,
    portfolio_from_text,
    portfolio_to_json,
    read_incoming,
    read_incoming_file,
)
from biddesk.domain.storage.store import PortfolioStore

JAPANESE = st.text(
    alphabet=st.sampled_from(
        list("0123456789０１２３４５６７８９,，.、。円万億年月日令和平成昭和元RHS()（）～〜-－/")
        + list("事件番号物件売却基準価額保証入札期間開札裁判所地方支部本庁ケヌ第号 \t\n\"'=@")
    ),
    max_size=80,
)
ANY_TEXT = st.one_of(st.text(max_size=200), JAPANESE)


def _only_user_errors(call: Callable[..., object], *args: object) -> None:
    try:
        call(*args)
    except UserError as error:
        message = str(error)
        assert message and "\n" not in message.strip(), "one sentence for the user"
        assert "Traceback" not in message


@settings(max_examples=150)
@given(ANY_TEXT)
def test_money_parser(text: str) -> None:
    _only_user_errors(parse_yen, text)


@settings(max_examples=150)
@given(ANY_TEXT)
def test_date_parser(text: str) -> None:
    _only_user_errors(parse_date, text)


CSV_HEADER = "裁判所,事件番号,物件番号,売却基準価額,買受申出保証額,入札期間,開札期日\n"


@settings(max_examples=100)
@given(st.lists(st.lists(JAPANESE, min_size=7, max_size=7), max_size=4))
def test_csv_rows(rows: list[list[str]]) -> None:
    body = "\n".join(",".join(json.dumps(cell, ensure_ascii=False) for cell in row) for row in rows)
    _only_user_errors(properties_from_csv, CSV_HEADER + body, "fuzz.csv")


@settings(max_examples=100)
@given(ANY_TEXT)
def test_csv_whole_text(text: str) -> None:
    _only_user_errors(properties_from_csv, text, "fuzz.csv")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10) | JAPANESE,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "format",
                    "version",
                    "settings",
                    "bidders",
                    "properties",
                    "bids",
                    "id",
                    "amount",
                    "property",
                    "bidder",
                    "documents",
                    "outcome",
                    "transfer",
                    "kind",
                    "base_price",
                    "bid_period_end",
                    "result",
                    "officers",
                    "financing",
                ]
            ),
            children,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(max_examples=150)
@given(JSON_VALUES)
def test_interchange_json(value: object) -> None:
    document = value
    if isinstance(value, dict):
        document = {"format": "biddesk-portfolio", "version": 1, **value}
    text = json.dumps(document, ensure_ascii=False)
    _only_user_errors(lambda: portfolio_from_text(text, source="fuzz.json"))


@settings(max_examples=60)
@given(ANY_TEXT, st.sampled_from(["a.txt", "a.csv", "a.json", "a"]))
def test_any_import_file(text: str, name: str) -> None:
    _only_user_errors(read_incoming, text, name)


@settings(max_examples=150)
@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.csv", "a.json", "a.xlsx", "a"]))
def test_any_bytes_as_an_import_file(data: bytes, name: str) -> None:
    _only_user_errors(read_incoming_file, data, name)


# --- one range for amounts and dates (domain/limits) -------------------------------------

OUT_OF_RANGE = st.one_of(
    st.integers(min_value=MAX_YEN + 1, max_value=10**40), st.integers(max_value=-1)
)
IN_RANGE = st.integers(min_value=1, max_value=MAX_YEN)
DAYS_OUT = st.one_of(
    st.dates(max_value=MIN_DATE - timedelta(days=1)),
    st.dates(min_value=MAX_DATE + timedelta(days=1)),
)
DAYS_IN = st.dates(min_value=MIN_DATE, max_value=MAX_DATE)


def _document(**sections: object) -> str:
    return json.dumps({"format": "biddesk-portfolio", "version": 1, **sections})


@settings(max_examples=100)
@given(OUT_OF_RANGE)
def test_every_reader_refuses_an_amount_outside_the_range(amount: int) -> None:
    with pytest.raises(MoneyError):
        parse_yen(str(amount))
    with pytest.raises(MoneyError):
        parse_yen(f"{amount:,}円")
    with pytest.raises(CsvImportError, match="2行目「売却基準価額」"):
        properties_from_csv(f"事件番号,売却基準価額\n令和7年(ケ)第1号,{amount}\n", "a.csv")
    for document in (
        _document(properties=[{"base_price": amount}]),
        _document(settings={"cash_on_hand": amount}),
        _document(bids=[{"loan": {"amount": amount}}]),
    ):
        with pytest.raises(InterchangeError, match="expected an integer yen amount from 0"):
            portfolio_from_text(document)


@settings(max_examples=100)
@given(IN_RANGE)
def test_every_reader_keeps_an_amount_inside_the_range(amount: int) -> None:
    assert parse_yen(format_yen(amount)) == amount
    (prop,) = properties_from_csv(f"事件番号,売却基準価額\n令和7年(ケ)第1号,{amount}\n", "a")
    assert prop.base_price == amount
    # A portfolio holding it dumps and imports back to the same document.
    portfolio = Portfolio(
        settings=Settings(cash_on_hand=amount, financing=(Financing(name="f", amount=amount),)),
        properties=(Property(id="p1", base_price=amount, minimum_bid=amount, deposit=amount),),
        bids=(Bid(id="x1", property="p1", amount=amount, acquisition_costs=amount),),
    )
    text = json.dumps(portfolio_to_json(portfolio))
    assert portfolio_from_text(text) == portfolio


@settings(max_examples=100)
@given(st.text(max_size=30))
def test_no_typed_amount_leaves_the_range(text: str) -> None:
    try:
        amount = parse_yen(text)
    except MoneyError:
        return
    assert amount is None or yen_in_range(amount)


@settings(max_examples=100)
@given(DAYS_OUT)
def test_interchange_refuses_a_date_outside_the_range(day: date) -> None:
    with pytest.raises(InterchangeError, match="expected a date from 1900-01-01 to 2199-12-31"):
        portfolio_from_text(_document(properties=[{"opening_date": day.isoformat()}]))


@settings(max_examples=100)
@given(DAYS_IN)
def test_interchange_keeps_a_date_inside_the_range(day: date) -> None:
    (prop,) = portfolio_from_text(
        _document(properties=[{"opening_date": day.isoformat()}])
    ).properties
    assert prop.opening_date == day


DATE_SHAPES = st.one_of(
    st.builds(
        "{}{}年{}月{}日".format,
        st.sampled_from(["令和", "平成", "昭和", "大正"]),
        st.integers(1, 99),
        st.integers(1, 12),
        st.integers(1, 31),
    ),
    st.builds(
        "{}{}.{}.{}".format,
        st.sampled_from("RHST"),
        st.integers(1, 99),
        st.integers(1, 12),
        st.integers(1, 31),
    ),
    st.builds("{}/{}/{}".format, st.integers(0, 9999), st.integers(1, 12), st.integers(1, 31)),
)


@settings(max_examples=200)
@given(DATE_SHAPES)
def test_no_typed_date_leaves_the_range(text: str) -> None:
    try:
        day = parse_date(text)
    except UserError:
        return
    assert date_in_range(day)


@settings(max_examples=25)
@given(IN_RANGE, DAYS_IN)
def test_the_portfolio_file_keeps_any_value_inside_the_range(amount: int, day: date) -> None:
    incoming = Portfolio(
        properties=(Property(id="p1", base_price=amount, opening_date=day),),
        bids=(Bid(id="x1", property="p1", amount=amount, planned_submission=day),),
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.biddesk"
        with PortfolioStore.create(path) as store:
            store.apply(merge_into(incoming, store.new_id))
            (prop,), (bid,) = store.load().properties, store.load().bids
    assert (prop.base_price, prop.opening_date, bid.amount, bid.planned_submission) == (
        amount,
        day,
        amount,
        day,
    )
