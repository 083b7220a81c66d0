"""Interchange JSON: the dump shape, strict reading with JSON paths, merging with new ids."""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.models import (
    Bid,
    BidderKind,
    Channel,
    DocType,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    PropertyStatus,
    Settings,
)
from biddesk.domain.storage.interchange import (
    FORMAT,
    VERSION,
    InterchangeError,
    merge_into,
    portfolio_from_json,
    portfolio_from_text,
    portfolio_to_json,
    property_to_json,
    read_incoming,
)

DATA = Path(__file__).parent / "data" / "interchange"
MINIMAL = {"format": FORMAT, "version": VERSION}


def rich() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / "rich.json").read_text(encoding="utf-8"))
    return data


def errors_of(data: object) -> tuple[str, ...]:
    with pytest.raises(InterchangeError) as caught:
        portfolio_from_json(data)
    for error in caught.value.errors:
        assert error in str(caught.value)  # the message lists every error
    return caught.value.errors


def test_rich_document_reads_and_writes_back_identically() -> None:
    data = rich()
    portfolio = portfolio_from_json(data)
    assert portfolio_to_json(portfolio) == data


def test_rich_document_holds_every_part_of_a_bid() -> None:
    portfolio = portfolio_from_json(rich())
    corporation = portfolio.bidder_by_id("b2")
    assert corporation is not None and corporation.kind is BidderKind.CORPORATION
    assert [o.name for o in corporation.officers] == ["佐藤 花子", "髙橋 一郎"]
    x1, x2, x3, x4, x5 = portfolio.bids
    assert x1.agent is not None and x1.transfer is not None
    assert x1.transfer.channel is Channel.COUNTER and x1.transfer.date == date(2026, 12, 4)
    assert [d.type for d in x1.documents][:2] == [DocType.BID_FORM, DocType.RESIDENCE]
    assert x2.method is PaymentMethod.GUARANTEE and x2.joint_bidders == ("b3",)
    assert x2.loan is not None and x2.loan.amount == 15_000_000
    assert x3.outcome is not None and x3.outcome.result is OutcomeResult.WON
    assert x4.amount is None and x4.outcome is not None
    assert x5.bidder == "" and x5.win_probability == 0
    assert portfolio.settings.financing[1].available_from == date(2026, 12, 1)


def test_dump_keys_follow_the_contract() -> None:
    dumped = portfolio_to_json(portfolio_from_json(rich()))
    assert list(dumped)[:2] == ["format", "version"]
    bid = dumped["bids"][0]
    for key in ("id", "property", "bidder", "amount", "method", "submission",
                "planned_submission", "agent", "joint_bidders", "loan", "transfer",
                "documents", "outcome"):  # fmt: skip
        assert key in bid
    prop = dumped["properties"][0]
    assert set(property_to_json(Property())) <= set(prop)
    assert dumped["settings"]["financing"][0]["available_from"] == "2027-01-20"


def test_a_minimal_document_is_an_empty_portfolio() -> None:
    assert portfolio_from_json(MINIMAL) == Portfolio()
    assert portfolio_from_json({"format": FORMAT}) == Portfolio()  # version 1 by default


def test_missing_optional_keys_mean_null_false_or_empty() -> None:
    data = {
        **MINIMAL,
        "bidders": [{"id": "b1"}],
        "properties": [{"id": "p1"}],
        "bids": [{"id": "x1", "property": "p1", "documents": [{"type": "陳述書"}]}],
    }
    portfolio = portfolio_from_json(data)
    assert portfolio.properties[0] == Property(id="p1")
    assert portfolio.bids[0].transfer is None and portfolio.bids[0].joint_bidders == ()
    assert portfolio.bids[0].documents[0].type is DocType.STATEMENT
    assert portfolio.bidders[0].name == "" and portfolio.bidders[0].refund_account is None


def test_unknown_keys_are_ignored() -> None:
    data = rich()
    data["comment"] = "exported by hand"
    data["properties"][0]["colour"] = "blue"
    data["bids"][0]["transfer"]["bank_memo"] = 1
    assert portfolio_from_json(data) == portfolio_from_json(rich())


def test_parse_output_properties_are_accepted() -> None:
    prop = Property(
        court="東京地方裁判所本庁",
        case_number="令和7年(ケ)第1号",
        property_numbers=("1", "2"),
        base_price=1_000_000,
        bid_period_end=date(2026, 12, 9),
        status=PropertyStatus.CANCELLED,
        warnings=("注意",),
    )
    data = {**MINIMAL, "properties": [property_to_json(prop)]}
    (loaded,) = portfolio_from_json(data).properties
    assert loaded.id  # a property without an id gets a placeholder (merge_into renames it)
    assert replace(loaded, id="") == prop


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("15000000", "expected an integer yen amount"),
        (15000000.0, "expected an integer yen amount"),
        (True, "expected an integer yen amount"),
        (-1, "expected an integer yen amount from 0 to 999,999,999,999,999"),
        (10**15, "expected an integer yen amount from 0 to 999,999,999,999,999"),
        (10**20, "expected an integer yen amount from 0 to 999,999,999,999,999"),
        (0, "入札額には1円以上の金額を指定してください(0円は入力できません)"),
    ],
)
def test_a_wrong_amount_names_its_path(value: object, problem: str) -> None:
    data = rich()
    data["bids"][2]["amount"] = value
    assert errors_of(data) == (f"bids[2].amount: {problem}",)


def test_a_wrong_type_deep_inside_names_the_full_path() -> None:
    data = rich()
    data["bids"][0]["documents"][1]["issued"] = 20261001
    data["bidders"][1]["officers"][1]["birth_date"] = "1969/02/28"
    data["bids"][1]["loan"]["amount"] = "1500万円"
    assert errors_of(data) == (
        "bidders[1].officers[1].birth_date: expected a date YYYY-MM-DD",
        "bids[0].documents[1].issued: expected a date YYYY-MM-DD",
        "bids[1].loan.amount: expected an integer yen amount",
    )


def test_every_kind_of_wrong_value_is_reported() -> None:
    data = rich()
    data["settings"]["transfer_margin"] = 500
    data["bidders"][0]["kind"] = "company"
    data["properties"][0]["farmland"] = "yes"
    data["properties"][0]["property_numbers"] = [1]
    data["properties"][1]["bid_period_end"] = "2027-02-30"
    data["bids"][0]["method"] = "cash"
    data["bids"][0]["transfer"]["channel"] = "ATM"
    data["bids"][0]["documents"][0]["type"] = "住民票の写し"
    data["bids"][2]["outcome"] = {"top_bid": 1}
    data["bids"][3]["win_probability"] = 101
    data["bids"][4]["joint_bidders"] = "b1"
    found = errors_of(data)
    paths = [error.split(":")[0] for error in found]
    assert paths == [
        "settings.transfer_margin",
        "bidders[0].kind",
        "properties[0].property_numbers[0]",
        "properties[0].farmland",
        "properties[1].bid_period_end",
        "bids[0].method",
        "bids[0].transfer.channel",
        "bids[0].documents[0].type",
        "bids[2].outcome.result",
        "bids[3].win_probability",
        "bids[4].joint_bidders",
    ]
    assert "expected one of individual, corporation" in found[1]


def test_references_and_ids_are_checked() -> None:
    data = rich()
    data["bids"][0]["property"] = "p99"
    data["bids"][1]["joint_bidders"] = ["b3", "b7"]
    data["bids"][2]["bidder"] = "nobody"
    data["bids"][3]["funder"] = "b8"
    data["properties"][1]["id"] = "p1"
    data["bidders"][2]["id"] = 3
    found = errors_of(data)
    assert 'bids[0].property: no property with id "p99"' in found
    assert 'bids[1].joint_bidders[1]: no bidder with id "b7"' in found
    assert 'bids[2].bidder: no bidder with id "nobody"' in found
    assert 'bids[3].funder: no bidder with id "b8"' in found
    assert 'properties[1].id: duplicate id "p1"' in found
    assert "bidders[2].id: expected a non-empty string" in found


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ([], "(全体): expected an object"),
        ("text", "(全体): expected an object"),
        ({"format": "other"}, 'format: expected "biddesk-portfolio"'),
        ({"format": FORMAT, "version": 2}, "version: version 2 is newer than this program reads"),
        ({"format": FORMAT, "version": "1"}, "version: expected an integer version"),
        ({**MINIMAL, "bids": {"x1": {}}}, "bids: expected a list"),
        ({**MINIMAL, "bids": [7]}, "bids[0]: expected an object"),
        ({**MINIMAL, "settings": []}, "settings: expected an object"),
        ({**MINIMAL, "properties": [{"warnings": ["ok", None]}]}, "properties[0].warnings[1]"),
        ({**MINIMAL, "bidders": [{"name": "\ud800"}]}, "bidders[0].name"),
    ],
)
def test_the_shape_of_the_document_is_checked(document: object, expected: str) -> None:
    assert any(error.startswith(expected) for error in errors_of(document))


def test_text_that_is_not_json_is_one_error_with_its_position() -> None:
    with pytest.raises(InterchangeError, match="2行") as caught:
        portfolio_from_text('{"format":\n  oops}', source="bad.json")
    assert str(caught.value).startswith("bad.json: ")


def test_merge_remaps_every_id_consistently() -> None:
    incoming = portfolio_from_json(rich())
    issued: dict[str, int] = {}

    def new_id(prefix: str) -> str:
        issued[prefix] = issued.get(prefix, 10) + 1
        return f"{prefix}{issued[prefix]}"

    change = merge_into(incoming, new_id)
    assert [p.id for p in change.put_properties] == ["p11", "p12", "p13", "p14"]
    assert [b.id for b in change.put_bidders] == ["b11", "b12", "b13"]
    by_id = {b.id: b for b in change.put_bids}
    assert by_id["x12"].property == "p12" and by_id["x12"].bidder == "b12"
    assert by_id["x12"].joint_bidders == ("b13",)
    assert by_id["x15"].bidder == ""
    assert change.settings is None
    assert merge_into(incoming, new_id, with_settings=True).settings == incoming.settings


def test_merge_of_hand_written_ids_keeps_the_links() -> None:
    data = {
        **MINIMAL,
        "bidders": [{"id": "me", "name": "山田 太郎"}],
        "properties": [{"id": "house"}, {"id": "flat"}],
        "bids": [{"id": "first", "property": "flat", "bidder": "me", "amount": 5}],
    }
    counter = iter(range(1, 100))
    change = merge_into(portfolio_from_json(data), lambda prefix: f"{prefix}{next(counter)}")
    (bid,) = change.put_bids
    flat = change.put_properties[1]
    assert bid.property == flat.id and bid.bidder == change.put_bidders[0].id
    assert bid.amount == 5


def test_merge_gives_parsed_properties_without_ids_their_own_ids() -> None:
    counter = iter(range(1, 100))
    parsed = Portfolio(properties=(Property(note="a"), Property(note="b")))
    change = merge_into(parsed, lambda prefix: f"{prefix}{next(counter)}")
    assert [(p.id, p.note) for p in change.put_properties] == [("p1", "a"), ("p2", "b")]


def test_read_incoming_dispatches_on_the_suffix() -> None:
    text = (DATA / "rich.json").read_text(encoding="utf-8")
    from_json = read_incoming(text, "rich.json")
    assert from_json.has_settings and len(from_json.portfolio.bids) == 5
    assert not read_incoming(json.dumps(MINIMAL), "x.JSON").has_settings
    card = read_incoming((DATA / "two_cards.txt").read_text(encoding="utf-8"), "cards.txt")
    assert [p.case_number for p in card.portfolio.properties] == [
        "令和7年(ケ)第1234号",
        "令和7年(ケ)第517号",
    ]
    assert card.portfolio.bids == () and not card.has_settings


# --- robustness ---------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


RICH = rich()
RICH_PATHS = _paths(RICH)[1:]


@settings(max_examples=150)
@given(st.lists(st.tuples(st.sampled_from(RICH_PATHS), json_values), min_size=1, max_size=3))
def test_a_mutated_document_gives_a_portfolio_or_an_interchange_error(
    mutations: list[tuple[tuple[object, ...], object]],
) -> None:
    data = copy.deepcopy(RICH)
    for path, value in mutations:
        target: Any = data
        try:
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this place
    try:
        portfolio = portfolio_from_json(data)
    except InterchangeError as error:
        assert error.errors and all(": " in e for e in error.errors)
    else:
        assert portfolio_from_json(portfolio_to_json(portfolio)) == portfolio


@settings(max_examples=100)
@given(json_values)
def test_any_json_value_gives_only_an_interchange_error(value: object) -> None:
    with pytest.raises(InterchangeError):
        portfolio_from_json(value)


def test_round_trip_of_defaults() -> None:
    portfolio = Portfolio(
        settings=Settings(), properties=(Property(id="p1"),), bids=(Bid(id="x1", property="p1"),)
    )
    assert portfolio_from_json(portfolio_to_json(portfolio)) == portfolio


def test_new_facts_round_trip_and_follow_new_ids() -> None:
    """性別 of an individual, a bid's funder (民執法65条の2第2号) and a 63条 申出額."""
    portfolio = portfolio_from_json(rich())
    assert portfolio.bidder_by_id("b1").sex == "男"  # type: ignore[union-attr]
    funded = next(b for b in portfolio.bids if b.id == "x3")
    assert funded.funder == "b3"
    assert portfolio.property_by_id("p4").creditor_offer == 5_000_000  # type: ignore[union-attr]
    counter = iter(range(100, 200))
    change = merge_into(portfolio, lambda prefix: f"{prefix}{next(counter)}")
    names = {b.id: b.name for b in change.put_bidders}
    moved = next(b for b in change.put_bids if b.amount == funded.amount)
    assert names[moved.funder] == "山田 花子"  # the funder follows the new bidder ids
