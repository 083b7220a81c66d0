"""The portfolio store: one transaction per Change, ids, order, read-only, save as."""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from biddesk.domain.models import (
    Bid,
    Bidder,
    DocStatus,
    DocType,
    Document,
    Financing,
    Outcome,
    OutcomeResult,
    Portfolio,
    Property,
    Settings,
    Transfer,
)
from biddesk.domain.storage.interchange import portfolio_from_json
from biddesk.domain.storage.store import (
    SCHEMA_VERSION,
    Change,
    PortfolioStore,
    StoreError,
    load_portfolio,
)

DATA = Path(__file__).parent / "data" / "interchange"


@pytest.fixture
def rich() -> Portfolio:
    return portfolio_from_json(json.loads((DATA / "rich.json").read_text(encoding="utf-8")))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PortfolioStore]:
    opened = PortfolioStore.create(tmp_path / "p.biddesk")
    yield opened
    opened.close()


def everything(portfolio: Portfolio) -> Change:
    return Change(
        put_properties=portfolio.properties,
        put_bidders=portfolio.bidders,
        put_bids=portfolio.bids,
        settings=portfolio.settings,
    )


def count(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_a_new_store_is_an_empty_portfolio_in_wal_mode(store: PortfolioStore) -> None:
    assert store.load() == Portfolio()
    assert not store.read_only
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()


def test_files_are_readable_by_the_owner_only(store: PortfolioStore, rich: Portfolio) -> None:
    store.apply(everything(rich))
    for suffix in ("", "-wal", "-shm", ".lock"):
        path = Path(f"{store.path}{suffix}")
        assert path.exists(), suffix
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, suffix


def test_create_refuses_an_existing_file_and_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "taken.biddesk"
    path.write_bytes(b"mine")
    with pytest.raises(StoreError, match="すでにあります"):
        PortfolioStore.create(path)
    assert path.read_bytes() == b"mine"


def test_create_in_a_missing_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="フォルダがありません") as caught:
        PortfolioStore.create(tmp_path / "nowhere" / "p.biddesk")
    assert "\n" not in str(caught.value)


def test_rich_portfolio_round_trips_exactly(
    tmp_path: Path, store: PortfolioStore, rich: Portfolio
) -> None:
    store.apply(everything(rich))
    assert store.load() == rich
    store.close()
    assert load_portfolio(tmp_path / "p.biddesk") == rich


def test_putting_a_property_again_keeps_its_bids(store: PortfolioStore, rich: Portfolio) -> None:
    store.apply(everything(rich))
    edited = replace(rich.properties[0], note="edited", base_price=12_000_000)
    store.apply(Change(put_properties=(edited,)))
    loaded = store.load()
    assert loaded.properties[0] == edited
    assert loaded.bids == rich.bids  # an upsert, never a delete-and-insert cascade


def test_deleting_a_property_deletes_its_bids_and_their_parts(
    store: PortfolioStore, rich: Portfolio
) -> None:
    store.apply(everything(rich))
    store.apply(Change(delete_properties=("p1",)))
    loaded = store.load()
    assert [p.id for p in loaded.properties] == ["p2", "p3", "p4"]
    assert [b.id for b in loaded.bids] == ["x2", "x3", "x4"]
    assert count(store.path, "documents") == sum(len(b.documents) for b in loaded.bids)
    assert count(store.path, "transfers") == 1


def test_putting_a_bid_replaces_its_documents_transfer_and_outcome(
    store: PortfolioStore, rich: Portfolio
) -> None:
    store.apply(everything(rich))
    bid = rich.bids[0]
    edited = replace(
        bid,
        documents=(Document(type=DocType.STATEMENT, status=DocStatus.CHECKED),),
        transfer=None,
        outcome=Outcome(result=OutcomeResult.LOST, refund_date=date(2026, 12, 20)),
    )
    store.apply(Change(put_bids=(edited,)))
    assert store.load().bids[0] == edited
    assert count(store.path, "transfers") == 1  # only x3's is left


def test_a_failing_change_writes_nothing(store: PortfolioStore, rich: Portfolio) -> None:
    store.apply(everything(rich))
    before = store.load()
    orphan = Bid(id="x99", property="p-missing", bidder="b1")
    with pytest.raises(StoreError, match="保存しませんでした"):
        store.apply(
            Change(put_properties=(Property(id="p50"),), put_bids=(orphan,), delete_bids=("x1",))
        )
    assert store.load() == before


def test_a_bidder_used_by_a_bid_cannot_be_deleted(store: PortfolioStore, rich: Portfolio) -> None:
    store.apply(everything(rich))
    with pytest.raises(StoreError):
        store.apply(Change(delete_bidders=("b1",)))
    assert [b.id for b in store.load().bidders] == ["b1", "b2", "b3"]
    # With its bids in the same change it can.
    store.apply(Change(delete_bids=("x1", "x3"), delete_bidders=("b1",)))
    assert [b.id for b in store.load().bidders] == ["b2", "b3"]


def test_an_inverse_change_undoes_an_edit(store: PortfolioStore, rich: Portfolio) -> None:
    store.apply(everything(rich))
    before = store.load()
    prop = rich.properties[0]
    bids = tuple(b for b in rich.bids if b.property == prop.id)
    change = Change(
        delete_properties=(prop.id,),
        delete_bids=tuple(b.id for b in bids),
        settings=Settings(cash_on_hand=1),
    )
    inverse = Change(put_properties=(prop,), put_bids=bids, settings=before.settings)
    store.apply(change)
    assert store.load() != before
    store.apply(inverse)
    after = store.load()
    assert after.settings == before.settings
    assert sorted(after.properties, key=lambda p: p.id) == sorted(
        before.properties, key=lambda p: p.id
    )
    assert {b.id: b for b in after.bids} == {b.id: b for b in before.bids}


def test_order_is_insertion_order_and_kept_by_updates(store: PortfolioStore) -> None:
    props = tuple(Property(id=f"p{n}", case_number=f"令和7年(ケ)第{n}号") for n in (3, 1, 2))
    store.apply(Change(put_properties=props))
    store.apply(Change(put_properties=(replace(props[0], note="x"),)))
    assert [p.id for p in store.load().properties] == ["p3", "p1", "p2"]


def test_documents_keep_their_order(store: PortfolioStore) -> None:
    docs = tuple(Document(type=t) for t in (DocType.STATEMENT, DocType.BID_FORM, DocType.PROXY))
    store.apply(
        Change(
            put_properties=(Property(id="p1"),),
            put_bids=(Bid(id="x1", property="p1", documents=docs),),
        )
    )
    assert store.load().bids[0].documents == docs


def test_settings_are_saved_and_replaced(store: PortfolioStore) -> None:
    settings = Settings(
        cash_on_hand=10,
        reserve=2,
        financing=(Financing(name="融資", amount=5, available_from=date(2027, 1, 4)),),
        transfer_margin=1,
        mail_margin=5,
    )
    store.apply(Change(settings=settings))
    assert store.load().settings == settings
    store.apply(Change(settings=Settings()))
    assert store.load().settings == Settings()


def test_new_ids_are_unique_and_never_reused(tmp_path: Path) -> None:
    path = tmp_path / "ids.biddesk"
    store = PortfolioStore.create(path)
    first, second = store.new_id("p"), store.new_id("p")
    assert (first, second) == ("p1", "p2")
    assert store.new_id("b") == "b1"
    store.apply(Change(put_properties=(Property(id=second),)))
    store.apply(Change(delete_properties=(second,)))
    store.close()
    store = PortfolioStore.open(path)
    assert store.new_id("p") == "p3"  # p2 was used and deleted: not handed out again
    store.close()


def test_new_ids_skip_ids_put_by_hand(store: PortfolioStore) -> None:
    store.apply(Change(put_bidders=(Bidder(id="b40"),), put_properties=(Property(id="prop"),)))
    assert store.new_id("b") == "b41"
    assert store.new_id("p") == "p1"
    with pytest.raises(ValueError):
        store.new_id("P-")


def test_read_only_store_reads_but_never_writes(tmp_path: Path, rich: Portfolio) -> None:
    path = tmp_path / "ro.biddesk"
    with PortfolioStore.create(path) as store:
        store.apply(everything(rich))
    before = path.read_bytes()
    with PortfolioStore.open(path, read_only=True) as reader:
        assert reader.read_only
        assert reader.load() == rich
        assert reader.new_id("p") == "p5"
        with pytest.raises(StoreError, match="読み取り専用"):
            reader.apply(Change(delete_bids=("x1",)))
    assert path.read_bytes() == before


def test_an_empty_change_is_allowed(store: PortfolioStore) -> None:
    assert Change().is_empty
    store.apply(Change())
    assert store.load() == Portfolio()


def test_save_as_writes_an_owner_only_copy(
    tmp_path: Path, store: PortfolioStore, rich: Portfolio
) -> None:
    store.apply(everything(rich))
    copy = tmp_path / "copy.biddesk"
    store.save_as(copy)
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert load_portfolio(copy) == rich
    store.apply(Change(delete_properties=("p1",)))  # the original stays editable
    assert load_portfolio(copy) == rich
    with pytest.raises(StoreError):
        store.save_as(store.path)


def test_save_as_replaces_a_file_and_ignores_its_stale_wal(
    tmp_path: Path, store: PortfolioStore, rich: Portfolio
) -> None:
    target = tmp_path / "old.biddesk"
    with PortfolioStore.create(target) as other:
        other.apply(Change(put_properties=(Property(id="p1", note="old"),)))
    Path(f"{target}-wal").write_bytes(b"\0" * 64)
    store.apply(everything(rich))
    store.save_as(target)
    assert not Path(f"{target}-wal").exists()  # a stale WAL would be replayed into the copy
    assert load_portfolio(target) == rich


def test_a_closed_store_says_so(store: PortfolioStore) -> None:
    store.close()
    store.close()  # twice is fine
    with pytest.raises(StoreError, match="閉じています"):
        store.load()
    assert not Path(f"{store.path}.lock").exists()


def test_ten_thousand_bids_load_back(tmp_path: Path) -> None:
    props = tuple(
        Property(id=f"p{n}", case_number=f"令和7年(ケ)第{n}号", base_price=1_000_000 + n)
        for n in range(1, 10_001)
    )
    bids = tuple(
        Bid(
            id=f"x{n}",
            property=f"p{n}",
            amount=900_000 + n,
            transfer=Transfer(date=date(2026, 12, 4), amount=200_000) if n % 2 else None,
            documents=(Document(type=DocType.BID_FORM), Document(type=DocType.RESIDENCE)),
        )
        for n in range(1, 10_001)
    )
    with PortfolioStore.create(tmp_path / "big.biddesk") as store:
        store.apply(Change(put_properties=props, put_bids=bids))
        loaded = store.load()
    assert loaded.bids == bids
    assert loaded.properties == props
