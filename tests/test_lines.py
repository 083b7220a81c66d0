"""The table's lines read straight from the file (issue 15 item 8): one query that must
give what ``overview.line_facts`` gives for the same portfolio, line for line, and refuse a
tampered file as loading does."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_support import break_an_index, saved, version_1_file

from biddesk.domain.models import (
    Bid,
    Bidder,
    Outcome,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
)
from biddesk.domain.overview import LineFacts, line_facts, overview_rows
from biddesk.domain.storage.store import Change, PortfolioStore, StoreError
from biddesk.gui.demo import create_demo

TODAY = date(2026, 11, 23)


def facts_of_values(path: Path) -> list[LineFacts]:
    with PortfolioStore.open(path, read_only=True) as store:
        return [line_facts(row) for row in overview_rows(store.load())]


def lines_of(path: Path, *, read_only: bool = False) -> list[LineFacts]:
    with PortfolioStore.open(path, read_only=read_only) as store:
        return list(store.read_lines())


def write(path: Path, portfolio: Portfolio) -> Path:
    with PortfolioStore.create(path) as store:
        store.apply(
            Change(
                put_properties=portfolio.properties,
                put_bidders=portfolio.bidders,
                put_bids=portfolio.bids,
            )
        )
    return path


def test_the_demo_lines_equal_the_values_lines(tmp_path: Path) -> None:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    lines = lines_of(path)
    assert len(lines) > 5
    assert lines == facts_of_values(path)


def test_every_kind_of_line_reads_the_same(tmp_path: Path) -> None:
    """Bids stored in another order than their properties, a property without bids, one
    with two, a bid without bidder or amount, an outcome, a withdrawn card, an estimate."""
    portfolio = Portfolio(
        properties=(
            Property(id="p2", court="東京地方裁判所本庁", case_number="令和7年(ケ)第88号",
                     property_numbers=("1", "2"), kind="戸建て", address="東京都港区",
                     bid_period_start=date(2026, 12, 2), bid_period_end=date(2026, 12, 9),
                     base_price=10_000_000, minimum_bid=8_000_000, deposit=2_000_000,
                     deposit_estimated=True),
            Property(id="p1", status=PropertyStatus.WITHDRAWN),
            Property(id="p3", case_number="令和7年(ヌ)第190号"),
        ),
        bidders=(Bidder(id="b1", name="山田 太郎", name_kana="やまだ たろう"),),
        bids=(
            Bid(id="x3", property="p1", bidder="b1", amount=9_000_000),
            Bid(id="x1", property="p2", bidder="b1", amount=8_500_000,
                outcome=Outcome(result=OutcomeResult.SECOND)),
            Bid(id="x2", property="p2"),
        ),
    )  # fmt: skip
    path = write(tmp_path / "p.biddesk", portfolio)
    lines = lines_of(path)
    assert [line.key for line in lines] == [("p2", "x1"), ("p2", "x2"), ("p1", "x3"), ("p3", "")]
    assert lines == facts_of_values(path)
    first = lines[0]
    assert (first.title, first.bidder_kana, first.status) == (
        "令和7年(ケ)第88号 物件1,2",
        "やまだ たろう",
        "次順位買受申出人",
    )
    assert lines[2].closed and not lines[0].closed


_statuses = st.sampled_from(list(PropertyStatus))
_results = st.none() | st.sampled_from(list(OutcomeResult))
_amounts = st.none() | st.integers(min_value=1, max_value=10**10)
_texts = st.none() | st.text(alphabet="東京地裁第号ケヌ0123456789 ", min_size=1, max_size=12)


@st.composite
def portfolios(draw: st.DrawFn) -> Portfolio:
    count = draw(st.integers(min_value=0, max_value=6))
    properties = tuple(
        Property(
            id=f"p{n}", status=draw(_statuses), court=draw(_texts), kind=draw(_texts),
            case_number=draw(_texts), address=draw(_texts), base_price=draw(_amounts),
            deposit=draw(_amounts), deposit_estimated=draw(st.booleans()),
            property_numbers=tuple(draw(st.lists(st.sampled_from("1234"), max_size=2))),
            bid_period_end=draw(st.none() | st.dates(date(2020, 1, 1), date(2030, 1, 1))),
        )
        for n in range(count)
    )  # fmt: skip
    bidders = (Bidder(id="b1", name="甲"), Bidder(id="b2", name="乙", name_kana="おつ"))
    bids = []
    for n in range(draw(st.integers(min_value=0, max_value=8)) if properties else 0):
        result = draw(_results)
        bids.append(
            Bid(
                id=f"x{n}",
                property=draw(st.sampled_from([p.id for p in properties])),
                bidder=draw(st.sampled_from(["", "b1", "b2"])),
                amount=draw(_amounts),
                outcome=None if result is None else Outcome(result=result),
            )
        )
    return Portfolio(properties=properties, bidders=bidders, bids=tuple(bids))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(portfolios())
def test_any_portfolio_reads_the_same_lines_both_ways(portfolio: Portfolio) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "p.biddesk", portfolio)
        assert lines_of(path) == facts_of_values(path)
        assert lines_of(path, read_only=True) == facts_of_values(path)


@pytest.mark.parametrize(
    ("sql", "place"),
    [
        ("UPDATE properties SET status = 'sold?' WHERE id = 'p1'", "表propertiesのp1のstatus"),
        ("UPDATE properties SET bid_period_end = '2026-02-30' WHERE id = 'p2'", "p2のbid_period"),
        ("UPDATE bids SET amount = -5 WHERE id = 'x1'", "表bidsのx1のamount"),
        # a column the lines do not read is checked all the same (near miss for the query)
        ("UPDATE bids SET win_probability = 101 WHERE id = 'x1'", "x1のwin_probability"),
    ],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_a_tampered_file_is_refused_before_any_line_is_shown(
    tmp_path: Path, sql: str, place: str, read_only: bool
) -> None:
    path = saved(tmp_path / "p.biddesk")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql)
    conn.close()
    store = PortfolioStore.open(path, read_only=read_only)
    try:
        with pytest.raises(StoreError, match=place):
            store.read_lines()
    finally:
        store.close()


def test_an_in_memory_copy_is_checked_on_its_own_connection(tmp_path: Path) -> None:
    """An older file opened read-only is migrated in memory, where no second connection can
    look: its rows are checked before its lines, on the one connection."""
    path = version_1_file(
        tmp_path / "old.biddesk",
        Change(put_properties=(Property(id="p1"),), put_bids=(Bid(id="x7", property="p1"),)),
    )
    assert [line.key for line in lines_of(path, read_only=True)] == [("p1", "x7")]
    with PortfolioStore.open(path, read_only=True) as store:
        store.conn.execute("PRAGMA ignore_check_constraints = ON")
        store.conn.execute("UPDATE bids SET amount = -5 WHERE id = 'x7'")
        with pytest.raises(StoreError, match="表bidsのx7のamount"):
            store.read_lines()


def test_loading_after_the_lines_checks_again_only_if_the_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rows passed their checks for the lines; loading the portfolio right after skips
    them (10,000 bids: ~80 ms), unless another connection has committed since."""
    from biddesk.domain.storage import schema
    from biddesk.domain.storage import store as store_module

    calls: list[object] = []
    real = schema._check_rows
    monkeypatch.setattr(store_module, "_check_rows", lambda conn: calls.append(real(conn)))
    path = saved(tmp_path / "p.biddesk")
    with PortfolioStore.open(path) as store:
        store.read_lines()
        checks = len(calls)
        store.load()
        assert len(calls) == checks  # the same file: not checked twice
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("PRAGMA ignore_check_constraints = ON")
        other.execute("UPDATE bids SET win_probability = 101 WHERE id = 'x1'")
        other.close()
        with pytest.raises(StoreError, match="x1のwin_probability"):  # near miss: changed
            store.load()


def test_a_file_that_cannot_be_opened_twice_is_checked_on_its_one_connection(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moved since it was opened, or out of file handles: the second connection fails, the
    rows are checked on the store's own connection instead (no raw sqlite3 error)."""
    from biddesk.domain.storage import store as store_module

    def refuse(uri: str) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    path = saved(tmp_path / "p.biddesk")
    with PortfolioStore.open(path) as store:
        monkeypatch.setattr(store_module, "_connect", refuse)
        assert [line.key[0] for line in store.read_lines()] == ["p1", "p2"]
        store.conn.execute("PRAGMA ignore_check_constraints = ON")
        store.conn.execute("UPDATE bids SET win_probability = 101 WHERE id = 'x1'")
        with pytest.raises(StoreError, match="x1のwin_probability"):
            store.read_lines()


# --- the integrity check beside the lines (open(verify_later=True)) --------------------


def damaged(path: Path) -> Path:
    """An index that disagrees with its table: only integrity_check finds it."""
    saved(path, properties=50)
    break_an_index(path)
    return path


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("read_only", [False, True])
def test_a_damaged_file_is_refused_beside_its_lines_and_left_as_it_was(
    tmp_path: Path, read_only: bool
) -> None:
    path = damaged(tmp_path / "p.biddesk")
    before = path.read_bytes()
    store = PortfolioStore.open(path, read_only=read_only, verify_later=True)
    try:
        with pytest.raises(StoreError, match="壊れている"):
            store.read_lines()
    finally:
        store.close()
    assert path.read_bytes() == before  # not switched to WAL, nothing dropped
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.biddesk"]  # no lock, no -wal


def test_a_damaged_file_is_refused_on_its_first_use_too(tmp_path: Path) -> None:
    """Whatever uses the store first checks it: load, apply, new_id, conn."""
    path = damaged(tmp_path / "p.biddesk")
    before = path.read_bytes()
    with PortfolioStore.open(path, verify_later=True) as store:
        with pytest.raises(StoreError, match="壊れている"):
            store.load()
        with pytest.raises(StoreError, match="壊れている"):
            store.apply(Change(put_properties=(Property(id="p99"),)))
    assert path.read_bytes() == before


def test_an_intact_file_is_opened_for_editing_once_it_is_checked_and_used(
    tmp_path: Path,
) -> None:
    path = saved(tmp_path / "p.biddesk")
    assert journal_mode(path) == "delete"
    with PortfolioStore.open(path, verify_later=True) as store:
        assert journal_mode(path) == "delete"  # near miss: nothing written before the check
        assert [line.key for line in store.read_lines()] == [("p1", "x1"), ("p2", "")]
        assert journal_mode(path) == "delete"  # the lines shown: switched on the next use
        assert len(store.load().properties) == 2
        assert journal_mode(path) == "wal"
        store.apply(Change(put_properties=(Property(id="p3"),)))
    with PortfolioStore.open(path) as store:
        assert len(store.load().properties) == 3
