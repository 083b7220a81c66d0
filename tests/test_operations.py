"""Named operations (domain.edits.operations) and their undo (domain.edits.change.inverse_of).

Each operation is checked through the store too: the Change it returns, written to a
file, gives the portfolio the in-memory state shows, and the inverse gives back the one
before — in the same order, in memory and in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change, Place, PortfolioState, inverse_of
from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    DocType,
    Document,
    Portfolio,
    Property,
    Settings,
    Transfer,
)
from biddesk.domain.storage.store import PortfolioStore


def _portfolio() -> Portfolio:
    """Five properties, bids on the 2nd (two) and the 4th, interleaved in the file."""
    return Portfolio(
        settings=Settings(),
        bidders=(
            Bidder(id="b1", kind=BidderKind.INDIVIDUAL, name="山田太郎"),
            Bidder(id="b2", kind=BidderKind.INDIVIDUAL, name="鈴木花子"),
        ),
        properties=tuple(
            Property(id=f"p{n}", case_number=f"令和7年(ケ)第{n}号") for n in range(1, 6)
        ),
        bids=(
            Bid(id="x1", property="p2", bidder="b1"),
            Bid(id="x2", property="p4", bidder="b1"),
            Bid(id="x3", property="p2", bidder="b2", joint_bidders=("b1",)),
        ),
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PortfolioStore]:
    with PortfolioStore.create(tmp_path / "ops.biddesk") as opened:
        opened.apply(operations.put_portfolio(_portfolio()))
        yield opened


def _ids(portfolio: Portfolio) -> tuple[list[str], list[str], list[str]]:
    return (
        [p.id for p in portfolio.properties],
        [b.id for b in portfolio.bidders],
        [b.id for b in portfolio.bids],
    )


def _round_trip(store: PortfolioStore, change: Change) -> PortfolioState:
    """Apply ``change`` and its inverse to the file and to memory; both agree at each step
    and end where they began."""
    state = PortfolioState.of(store.load())
    before = state.portfolio()
    inverse = inverse_of(change, state)
    store.apply(change)
    state.apply(change)
    assert store.load() == state.portfolio()
    after = PortfolioState.of(state.portfolio())
    store.apply(inverse)
    state.apply(inverse)
    assert state.portfolio() == before
    assert store.load() == before
    return after


def test_remove_property_takes_its_bids_and_undo_restores_the_order(
    store: PortfolioStore,
) -> None:
    state = PortfolioState.of(store.load())
    change = operations.remove_property(state, "p2")
    assert change.delete_bids == ("x1", "x3")
    after = _round_trip(store, change)
    assert list(after.properties) == ["p1", "p3", "p4", "p5"]
    assert list(after.bids) == ["x2"]
    assert _ids(store.load()) == (["p1", "p2", "p3", "p4", "p5"], ["b1", "b2"], ["x1", "x2", "x3"])


def test_undo_restores_the_order_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "reopen.biddesk"
    with PortfolioStore.create(path) as store:
        store.apply(operations.put_portfolio(_portfolio()))
        state = PortfolioState.of(store.load())
        change = operations.remove_property(state, "p2")
        inverse = inverse_of(change, state)
        store.apply(change)
        store.apply(inverse)
    with PortfolioStore.open(path, read_only=True) as reopened:
        assert _ids(reopened.load())[0] == ["p1", "p2", "p3", "p4", "p5"]
        assert _ids(reopened.load())[2] == ["x1", "x2", "x3"]


@pytest.mark.parametrize("removed", ["p1", "p3", "p5"])
def test_first_middle_and_last_come_back_in_place(store: PortfolioStore, removed: str) -> None:
    _round_trip(store, operations.remove_property(PortfolioState.of(store.load()), removed))


def test_a_deleted_property_given_back_its_seq_twice_still_goes_in_place(
    store: PortfolioStore,
) -> None:
    """Delete, add a new property (it may take the freed number), undo both: in place."""
    state = PortfolioState.of(store.load())
    remove = operations.remove_property(state, "p5")
    undo_remove = inverse_of(remove, state)
    store.apply(remove)
    state.apply(remove)
    add = operations.add_properties([Property(case_number="新")], store.new_id)
    undo_add = inverse_of(add, state)
    store.apply(add)
    store.apply(undo_add)
    store.apply(undo_remove)
    assert _ids(store.load())[0] == ["p1", "p2", "p3", "p4", "p5"]


def test_a_place_without_a_gap_moves_the_later_rows(store: PortfolioStore) -> None:
    """The store makes room when the numbers around the place are adjacent (a file whose
    rows were renumbered): the row still lands at its index."""
    change = Change(
        put_properties=(Property(id="p9"),), places=(Place(table="properties", id="p9", index=1),)
    )
    store.apply(change)
    state = PortfolioState.of(_portfolio())
    state.apply(change)
    assert _ids(store.load())[0] == ["p1", "p9", "p2", "p3", "p4", "p5"]
    assert list(state.properties) == ["p1", "p9", "p2", "p3", "p4", "p5"]


def test_a_place_of_a_row_already_there_keeps_it_where_it_is(store: PortfolioStore) -> None:
    changed = Property(id="p4", case_number="変更")
    change = Change(
        put_properties=(changed,), places=(Place(table="properties", id="p4", index=0),)
    )
    store.apply(change)
    assert _ids(store.load())[0] == ["p1", "p2", "p3", "p4", "p5"]


def test_remove_bid_and_undo(store: PortfolioStore) -> None:
    after = _round_trip(store, operations.remove_bid("x2"))
    assert list(after.bids) == ["x1", "x3"]


def test_remove_bidder_refuses_while_a_bid_names_it(store: PortfolioStore) -> None:
    state = PortfolioState.of(store.load())
    with pytest.raises(operations.OperationRefused, match="3件の入札で使われている"):
        operations.remove_bidder(state, "b1")  # the bidder of x1 and x2, joint bidder in x3
    with pytest.raises(operations.OperationRefused, match="1件の入札"):
        operations.remove_bidder(state, "b2")


def test_remove_bidder_refuses_a_joint_bidder_or_funder() -> None:
    state = PortfolioState.of(
        Portfolio(
            settings=Settings(),
            bidders=(Bidder(id="b1"), Bidder(id="b2"), Bidder(id="b3")),
            properties=(Property(id="p1"),),
            bids=(Bid(id="x1", property="p1", bidder="b1", joint_bidders=("b2",), funder="b3"),),
        )
    )
    for named in ("b2", "b3"):
        with pytest.raises(operations.OperationRefused):
            operations.remove_bidder(state, named)


def test_remove_an_unused_bidder_and_undo(store: PortfolioStore) -> None:
    store.apply(operations.put_bidder(Bidder(id="b3", name="未使用")))
    store.apply(operations.put_bidder(Bidder(id="b4", name="後")))
    state = PortfolioState.of(store.load())
    after = _round_trip(store, operations.remove_bidder(state, "b3"))
    assert list(after.bidders) == ["b1", "b2", "b4"]


def test_add_properties_gets_fresh_ids_and_undo_removes_them(store: PortfolioStore) -> None:
    change = operations.add_properties([Property(), Property()], store.new_id)
    assert [p.id for p in change.put_properties] == ["p6", "p7"]
    after = _round_trip(store, change)
    assert list(after.properties)[-2:] == ["p6", "p7"]


def test_add_bid_takes_the_only_bidder() -> None:
    one = PortfolioState(bidders={"b1": Bidder(id="b1")})
    assert operations.add_bid(one, "p1", lambda _prefix: "x9").put_bids == (
        Bid(id="x9", property="p1", bidder="b1"),
    )
    two = PortfolioState(bidders={"b1": Bidder(id="b1"), "b2": Bidder(id="b2")})
    assert operations.add_bid(two, "p1", lambda _prefix: "x9").put_bids[0].bidder == ""


def test_edits_of_a_bid_and_settings_undo(store: PortfolioStore) -> None:
    bid = store.load().bids[0]
    transfer = Transfer(payer_name="山田太郎", payer_kana="ﾔﾏﾀﾞ ﾀﾛｳ", amount=1_000_000)
    _round_trip(store, operations.record_transfer(bid, transfer))
    _round_trip(store, operations.put_document(bid, None, Document(type=DocType.RESIDENCE)))
    _round_trip(store, operations.change_settings(Settings(cash_on_hand=5_000_000)))
    _round_trip(store, operations.put_property(Property(id="p3", case_number="変更")))


def test_put_document_replaces_in_place_or_adds() -> None:
    first, second = Document(type=DocType.RESIDENCE), Document(type=DocType.STATEMENT)
    bid = Bid(id="x1", documents=(first,))
    assert operations.put_document(bid, 0, second).put_bids[0].documents == (second,)
    assert operations.put_document(bid, None, second).put_bids[0].documents == (first, second)


@pytest.mark.parametrize(
    ("members", "representative", "bidder", "joint"),
    [
        (["b1", "b2"], "b1", "b1", ("b2",)),  # a joint bid led by its bidder
        (["b1", "b2"], "b2", "b2", ("b1",)),  # the other one leads: the bid's bidder changes
        (["b2", "b2", "b1"], "b1", "b1", ("b2",)),  # each once
        (["b1"], "b1", "b1", ()),  # near miss: one person is not a joint bid
        ([], "", "b1", ()),  # nobody chosen: the bidder bids alone
    ],
)
def test_set_joint_bid(
    members: list[str], representative: str, bidder: str, joint: tuple[str, ...]
) -> None:
    bid = Bid(id="x1", property="p1", bidder="b1")
    (made,) = operations.set_joint_bid(bid, members, representative).put_bids
    assert (made.bidder, made.joint_bidders) == (bidder, joint)


def test_agent_joint_bid_and_loan_round_trip_through_the_file(store: PortfolioStore) -> None:
    from datetime import date

    from biddesk.domain.models import Agent, Loan

    bid = store.load().bids[0]
    for change in (
        operations.set_agent(bid, Agent(name="佐藤 一郎", address="東京都", relation="弁護士")),
        operations.set_loan(
            bid, Loan(lender="A銀行", amount=10_000_000, expected_date=date(2027, 2, 1))
        ),
        operations.set_joint_bid(bid, ["b1", "b2"], "b2"),
    ):
        after = _round_trip(store, change)
        assert after.bids[bid.id] == change.put_bids[0]
    assert operations.set_agent(bid, None).put_bids[0].agent is None
    assert operations.set_loan(bid, None).put_bids[0].loan is None
