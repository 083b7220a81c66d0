"""The portfolio file under stress: kills, damaged and foreign files, locks, migrations."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from biddesk.domain.models import Portfolio, Property
from biddesk.domain.storage.interchange import portfolio_from_json
from biddesk.domain.storage.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    Change,
    PortfolioStore,
    StoreError,
    StoreLockedError,
    load_portfolio,
    lock_path,
)

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "interchange"
POSIX_ONLY = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and pids are POSIX here")


def rich_document() -> dict[str, object]:
    data: dict[str, object] = json.loads((DATA / "rich.json").read_text(encoding="utf-8"))
    return data


def snapshot(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def saved_store(path: Path, properties: int = 1) -> Path:
    with PortfolioStore.create(path) as store:
        store.apply(
            Change(
                put_properties=tuple(
                    Property(id=f"p{n}", address="東京都" + "町" * 200) for n in range(properties)
                )
            )
        )
    return path


def assert_refused(path: Path, fragment: str) -> None:
    """Opening ``path`` in every way fails with one sentence, changes nothing and writes
    nothing beside it."""
    before = snapshot(path)
    beside = sorted(p.name for p in path.parent.iterdir())
    for attempt in (
        lambda: PortfolioStore.open(path),
        lambda: PortfolioStore.open(path, read_only=True),
        lambda: load_portfolio(path),
    ):
        with pytest.raises(StoreError) as caught:
            attempt()
        message = str(caught.value)
        assert fragment in message
        assert "\n" not in message and str(path) in message
    assert snapshot(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == beside
    assert not lock_path(path).exists()


# --- damaged and foreign files ------------------------------------------------------


def test_random_bytes_are_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "noise.biddesk"
    path.write_bytes(bytes(range(256)) * 40)
    assert_refused(path, "BidDeskのポートフォリオファイルではないか、壊れている")


def test_an_empty_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "empty.biddesk"
    path.write_bytes(b"")
    assert_refused(path, "開けません")


def test_a_truncated_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "cut.biddesk", properties=300)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, "壊れている")


def test_a_file_cut_inside_its_header_is_refused(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "head.biddesk")
    path.write_bytes(path.read_bytes()[:60])
    assert_refused(path, "壊れている")


def test_a_foreign_sqlite_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('hello')")
    conn.commit()
    conn.close()
    assert_refused(path, "BidDeskのポートフォリオではないSQLiteファイル")


def test_a_foreign_sqlite_file_in_wal_mode_gets_nothing_beside_it(tmp_path: Path) -> None:
    path = tmp_path / "other-wal.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.commit()
    conn.close()
    assert_refused(path, "BidDeskのポートフォリオではないSQLiteファイル")


def test_a_file_of_another_application_id_is_refused(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "app.biddesk")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.close()
    assert_refused(path, "ではないSQLiteファイル")


def test_a_newer_file_is_refused_unchanged(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "future.biddesk")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    assert_refused(path, "新しいバージョンのBidDesk")


def test_a_missing_file_or_a_folder_is_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="見つかりません"):
        PortfolioStore.open(tmp_path / "missing.biddesk")
    with pytest.raises(StoreError, match="フォルダ"):
        PortfolioStore.open(tmp_path)


# --- the edit lock ------------------------------------------------------------------


def test_a_second_editor_is_refused_and_may_read(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "shared.biddesk")
    with PortfolioStore.open(path) as first:
        with pytest.raises(StoreLockedError, match="編集中"):
            PortfolioStore.open(path)
        with PortfolioStore.open(path, read_only=True) as reader:
            first.apply(Change(put_properties=(Property(id="p9"),)))
            assert [p.id for p in reader.load().properties] == ["p0", "p9"]
    with PortfolioStore.open(path) as again:  # closing released the lock
        assert not again.read_only


@POSIX_ONLY
def test_a_lock_of_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "stale.biddesk")
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    dead_pid = int(finished.stdout)
    lock_path(path).write_text(json.dumps({"pid": dead_pid, "host": socket.gethostname()}))
    with PortfolioStore.open(path) as store:
        holder = json.loads(lock_path(path).read_text())
        assert holder["pid"] == os.getpid()
        assert not store.read_only


def test_an_unreadable_lock_is_stale_and_a_foreign_host_is_respected(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "hosts.biddesk")
    lock_path(path).write_text("{broken")
    PortfolioStore.open(path).close()
    lock_path(path).write_text(json.dumps({"pid": 1, "host": "another-machine.example"}))
    with pytest.raises(StoreLockedError, match=r"another-machine\.example"):
        PortfolioStore.open(path)


@POSIX_ONLY
def test_a_live_process_holds_the_lock_until_it_closes(tmp_path: Path) -> None:
    path = saved_store(tmp_path / "live.biddesk")
    holder_script = (
        "import sys; from pathlib import Path\n"
        "from biddesk.domain.storage.store import PortfolioStore\n"
        "store = PortfolioStore.open(Path(sys.argv[1])); print('open', flush=True)\n"
        "sys.stdin.read(); store.close()\n"
    )
    child = subprocess.Popen(
        [sys.executable, "-c", holder_script, str(path)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        with pytest.raises(StoreLockedError, match=f"プロセス{child.pid}"):
            PortfolioStore.open(path)
        assert load_portfolio(path).properties[0].id == "p0"
    finally:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.close()
        child.wait(timeout=60)
        child.stdout.close()
    PortfolioStore.open(path).close()


# --- killed in the middle of imports ------------------------------------------------

# Each import renumbers the cases, since a property already there is updated, not added.
_IMPORTER = """
import contextlib, io, pathlib, re, sys
from biddesk import main
portfolio, source = sys.argv[1:3]
text = pathlib.Path(source).read_text(encoding="utf-8")
n = 0
while True:
    copy = pathlib.Path(portfolio).with_name(f"import-{n}.json")
    copy.write_text(re.sub(r"第(\\d+)号", rf"第\\g<1>{n:05d}号", text), encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()):
        code = main.main(["import", portfolio, str(copy)])
    if code != 0:
        print("failed", flush=True)
        break
    n += 1
    print(f"committed {n}", flush=True)
"""


@POSIX_ONLY
@pytest.mark.parametrize("kill_after", [5, 17])
def test_sigkill_during_repeated_imports_leaves_a_consistent_file(
    tmp_path: Path, kill_after: int
) -> None:
    path = saved_store(tmp_path / "killed.biddesk", properties=0)
    source = DATA / "rich.json"
    per_import = rich_document()
    properties, bids = len(per_import["properties"]), len(per_import["bids"])  # type: ignore[arg-type]
    child = subprocess.Popen(
        [sys.executable, "-c", _IMPORTER, str(path), str(source)],
        cwd=REPO, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert child.stdout is not None
    committed = 0
    for line in child.stdout:
        assert line.startswith("committed"), line
        committed = int(line.split()[1])
        if committed >= kill_after:
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=60)
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL

    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()
    with PortfolioStore.open(path) as store:  # the dead importer's lock is taken over
        portfolio = store.load()
    imports, rest = divmod(len(portfolio.properties), properties)
    assert rest == 0 and imports >= committed  # whole imports only, the last one present
    assert len(portfolio.bids) == imports * bids
    ids = {p.id for p in portfolio.properties}
    assert all(b.property in ids for b in portfolio.bids)


# --- migrations ---------------------------------------------------------------------


def make_v0(path: Path, document: object) -> Path:
    """A prototype (schema version 0) file: the whole portfolio as one JSON document."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute("INSERT INTO meta VALUES ('format', 'biddesk-portfolio')")
    conn.execute("CREATE TABLE portfolio_json (id INTEGER PRIMARY KEY, document TEXT NOT NULL)")
    conn.execute("INSERT INTO portfolio_json (document) VALUES (?)", (json.dumps(document),))
    conn.commit()
    conn.close()
    path.chmod(0o600)
    return path


def test_there_is_one_migration_per_version() -> None:
    assert len(MIGRATIONS) == SCHEMA_VERSION


def test_an_older_file_is_backed_up_then_migrated(tmp_path: Path) -> None:
    document = rich_document()
    path = make_v0(tmp_path / "old.biddesk", document)
    with PortfolioStore.open(path) as store:
        assert store.migrated_from == 0
        backup = store.backup
        assert backup == tmp_path / "old.v0-backup.biddesk"
        assert store.load() == portfolio_from_json(document)
        assert store.new_id("p") == "p5"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        conn.close()
    assert backup is not None and stat.S_IMODE(backup.stat().st_mode) == 0o600
    conn = sqlite3.connect(backup)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        (kept,) = conn.execute("SELECT document FROM portfolio_json").fetchone()
        assert json.loads(kept) == document
    finally:
        conn.close()
    with PortfolioStore.open(path) as again:  # already migrated: no second backup
        assert again.migrated_from is None
    assert sorted(p.name for p in tmp_path.glob("*backup*")) == ["old.v0-backup.biddesk"]


def test_an_older_file_opened_read_only_is_migrated_in_memory_only(tmp_path: Path) -> None:
    document = rich_document()
    path = make_v0(tmp_path / "old.biddesk", document)
    before = snapshot(path)
    assert load_portfolio(path) == portfolio_from_json(document)
    assert snapshot(path) == before
    assert not any(tmp_path.glob("*backup*"))


def test_a_failed_migration_changes_nothing_and_keeps_the_backup(tmp_path: Path) -> None:
    broken = {"format": "biddesk-portfolio", "version": 1, "bids": [{"amount": "many"}]}
    path = make_v0(tmp_path / "bad.biddesk", broken)
    before = snapshot(path)[0]
    with pytest.raises(StoreError, match="変換できませんでした") as caught:
        PortfolioStore.open(path)
    assert "bids[0].amount" in str(caught.value)
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM portfolio_json").fetchone()[0] == 1
    finally:
        conn.close()
    assert (tmp_path / "bad.v0-backup.biddesk").exists()
    assert not lock_path(path).exists()
    assert len(before) > 0


def test_an_empty_v0_file_migrates_to_an_empty_portfolio(tmp_path: Path) -> None:
    path = tmp_path / "blank.biddesk"
    make_v0(path, {"format": "biddesk-portfolio", "version": 1})
    with PortfolioStore.open(path) as store:
        assert store.load() == Portfolio()
