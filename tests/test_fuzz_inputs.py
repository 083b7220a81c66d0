"""Every parser of user input, fed arbitrary text: a clear UserError, never a crash."""

from __future__ import annotations

import json
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.csv_import import properties_from_csv
from domain.dates import parse_date
from domain.errors import UserError
from domain.interchange import portfolio_from_text, read_incoming
from domain.money import parse_yen

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
