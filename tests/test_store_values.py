"""Checked values in the portfolio file (issue 12 item 9, storage side): STRICT tables with
a named CHECK per column (schema version 2), every row checked on loading, integrity_check,
and a migration that leaves the old file as it was when it fails or is killed."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import RunCli
from store_support import REPO, saved, version_1_file

from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_DATE, MAX_YEN, MIN_DATE
from biddesk.domain.models import Bid, Bidder, Outcome, OutcomeResult, Property, Settings, Transfer
from biddesk.domain.storage import store as store_module
from biddesk.domain.storage.store import (
    SCHEMA_VERSION,
    Change,
    PortfolioStore,
    StoreError,
    load_portfolio,
)


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def v1_portfolio() -> Change:
    return Change(
        put_bidders=(Bidder(id="b1", name="山田太郎"),),
        put_properties=(Property(id="p2", base_price=10_000_000), Property(id="p1")),
        put_bids=(
            Bid(
                id="x7",
                property="p2",
                bidder="b1",
                amount=12_000_000,
                transfer=Transfer(date=date(2026, 12, 4), amount=2_000_000),
                outcome=Outcome(result=OutcomeResult.WON, top_bid=12_000_000),
            ),
        ),
        settings=Settings(cash_on_hand=5_000_000),
    )


# --- writing: the schema refuses what domain/limits.py does not allow -----------------


@pytest.mark.parametrize(
    ("put", "place"),
    [
        (Change(put_properties=(Property(id="p1", base_price=MAX_YEN + 1),)), "base_price"),
        (Change(put_properties=(Property(id="p1", deposit=-1),)), "deposit"),
        (Change(put_properties=(Property(id="p1", opening_date=date(1899, 12, 31)),)), "opening"),
        (Change(put_bidders=(Bidder(id="b1", birth_date=date(2200, 1, 1)),)), "birth_date"),
        (Change(settings=Settings(cash_on_hand=MAX_YEN + 1)), "cash_on_hand"),
    ],
)
def test_values_outside_the_limits_are_refused_naming_the_column(
    tmp_path: Path, put: Change, place: str
) -> None:
    with PortfolioStore.create(tmp_path / "p.biddesk") as store:
        before = store.load()
        with pytest.raises(StoreError) as caught:
            store.apply(put)
        assert place in str(caught.value) and "直前の状態のまま" in str(caught.value)
        assert store.load() == before


def test_the_limits_themselves_are_kept(tmp_path: Path) -> None:
    edge = Property(
        id="p1", base_price=MAX_YEN, deposit=0, opening_date=MIN_DATE, bid_period_end=MAX_DATE
    )
    with PortfolioStore.create(tmp_path / "p.biddesk") as store:
        store.apply(Change(put_properties=(edge,), settings=Settings(cash_on_hand=MAX_YEN)))
        assert store.load().properties == (edge,)


def test_text_in_an_amount_column_is_refused_by_the_file_itself(tmp_path: Path) -> None:
    path = saved(tmp_path / "p.biddesk")
    conn = raw(path)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="cannot store TEXT"):
            conn.execute("UPDATE bids SET amount = 'many' WHERE id = 'x1'")
        with pytest.raises(sqlite3.IntegrityError, match=r"bids\.amount"):
            conn.execute(f"UPDATE bids SET amount = {MAX_YEN + 1} WHERE id = 'x1'")
        with pytest.raises(sqlite3.IntegrityError, match=r"properties\.opening_date"):
            conn.execute("UPDATE properties SET opening_date = '2026-02-30'")
    finally:
        conn.close()


# --- reading: every row checked, one sentence naming the place ----------------------


def test_a_v1_file_with_text_in_an_integer_column_is_refused_naming_the_place(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Version 1's loose types let a hand-edited file hold text in `amount`; `list` and the
    window crashed on it far from the cause."""
    path = version_1_file(tmp_path / "hand.biddesk", v1_portfolio())
    conn = raw(path)
    conn.execute("UPDATE bids SET amount = '1,000万' WHERE id = 'x7'")
    conn.close()
    before = path.read_bytes()
    for attempt in (lambda: load_portfolio(path), lambda: PortfolioStore.open(path)):
        with pytest.raises(StoreError) as caught:
            attempt()
        message = str(caught.value)
        assert "表bidsのx7のamount" in message and str(path) in message and "\n" not in message
    code, out, err = run_cli("list", str(path))
    assert code == 2 and out == "" and "表bidsのx7のamount" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hand.biddesk"]  # no backup, no lock


def test_a_file_whose_checks_were_bypassed_is_refused_on_loading(tmp_path: Path) -> None:
    path = saved(tmp_path / "p.biddesk")
    conn = raw(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE properties SET viewing_start = '0001-01-01' WHERE id = 'p2'")
    conn.close()
    with pytest.raises(StoreError, match="表propertiesのp2のviewing_start"):
        load_portfolio(path)


@pytest.mark.parametrize(
    ("sql", "place"),
    [
        ("UPDATE properties SET status = 'sold?' WHERE id = 'p1'", "propertiesのp1のstatus"),
        ("UPDATE properties SET warnings = '{\"a\":1}' WHERE id = 'p1'", "p1のwarnings"),
        ("UPDATE bids SET win_probability = 101 WHERE id = 'x1'", "x1のwin_probability"),
        ("UPDATE settings SET mail_margin = -1", "settingsの1のmail_margin"),
    ],
)
def test_each_kind_of_rule_is_checked_on_loading(tmp_path: Path, sql: str, place: str) -> None:
    path = saved(tmp_path / "p.biddesk")
    conn = raw(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql)
    conn.close()
    with pytest.raises(StoreError, match=place):
        load_portfolio(path)


def test_an_index_that_disagrees_with_its_table_is_called_damaged(tmp_path: Path) -> None:
    """quick_check passes such a file; integrity_check does not."""
    path = saved(tmp_path / "p.biddesk", properties=50)
    conn = raw(path)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX bids_property ON bids(bidder)' "
        "WHERE name = 'bids_property'"
    )
    conn.close()
    conn = raw(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA integrity_check").fetchall() != [("ok",)]
    finally:
        conn.close()
    with pytest.raises(StoreError, match="壊れている"):
        load_portfolio(path)


# --- migration 1 → 2 ----------------------------------------------------------------


def test_a_v1_file_is_backed_up_and_migrated_keeping_everything(tmp_path: Path) -> None:
    change = v1_portfolio()
    path = version_1_file(tmp_path / "old.biddesk", change)
    counters = raw(path).execute("SELECT prefix, next FROM id_counters").fetchall()
    expected = load_portfolio(path)  # read-only: migrated in memory only
    assert raw(path).execute("PRAGMA user_version").fetchone()[0] == 1
    with PortfolioStore.open(path) as store:
        assert store.migrated_from == 1
        assert store.backup == tmp_path / "old.v1-backup.biddesk"
        assert store.load() == expected
        assert [p.id for p in expected.properties] == ["p2", "p1"]  # the order is kept
        assert store.new_id("x") == "x8"
    conn = raw(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT prefix, next FROM id_counters").fetchall() == counters
        tables = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'bids'").fetchone()[0]
        assert tables.endswith("STRICT") and '"bids.amount"' in tables
    finally:
        conn.close()
    assert raw(tmp_path / "old.v1-backup.biddesk").execute("PRAGMA user_version").fetchone() == (1,)


def test_import_says_it_migrated_the_file_and_where_the_backup_is(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = version_1_file(tmp_path / "old.biddesk", v1_portfolio())
    source = Path(__file__).parent / "data" / "interchange" / "rich.json"
    code, out, err = run_cli("import", str(path), str(source))
    assert code == 0, err
    assert "古い形式(形式1)のファイルを現在の形式に更新しました" in out
    assert str(tmp_path / "old.v1-backup.biddesk") in out
    code, out, _err = run_cli("import", str(path), str(source))  # already current: quiet
    assert code == 0 and "更新しました" not in out


def _fail_in_migration(_conn: sqlite3.Connection) -> None:
    raise UserError("injected failure")


def test_a_failed_migration_leaves_the_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is switched to WAL only after the migration: before, a failed migration
    still left the header rewritten for WAL."""
    path = version_1_file(tmp_path / "old.biddesk", v1_portfolio())
    before = path.read_bytes()
    real = store_module.MIGRATIONS[1]

    def half_then_fail(conn: sqlite3.Connection) -> None:
        real(conn)
        _fail_in_migration(conn)

    monkeypatch.setattr(store_module, "MIGRATIONS", (store_module.MIGRATIONS[0], half_then_fail))
    with pytest.raises(StoreError, match="変換できませんでした"):
        PortfolioStore.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.biddesk", "old.v1-backup.biddesk"]


_KILLED_MIGRATION = """
import os, signal, sys
from pathlib import Path
from biddesk.domain.storage import store
real = store.MIGRATIONS[1]
def step(conn):
    real(conn)  # every row rewritten, not yet committed
    os.kill(os.getpid(), signal.SIGKILL)
store.MIGRATIONS = (store.MIGRATIONS[0], step)
store.PortfolioStore.open(Path(sys.argv[1]))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_migration_leaves_the_old_file_as_it_was(tmp_path: Path) -> None:
    many = Change(put_properties=tuple(Property(id=f"p{n}", note="備考" * 200) for n in range(300)))
    path = version_1_file(tmp_path / "old.biddesk", many)
    before = path.read_bytes()
    child = subprocess.run(
        [sys.executable, "-c", _KILLED_MIGRATION, str(path)], cwd=REPO, check=False, timeout=120
    )
    assert child.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # header and pages: the old file, in rollback mode
    assert len(load_portfolio(path).properties) == 300
    with PortfolioStore.open(path) as store:  # the next open migrates it for real
        assert store.migrated_from == 1 and len(store.load().properties) == 300
    assert os.path.getsize(path) > 0
