"""Read-only places and full disks (issue 12 item 3): a healthy file is read, never called
damaged, and reading leaves nothing beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import RunCli
from store_support import (
    LINUX_ONLY,
    files_state,
    fill,
    killed_editor,
    plain_user,
    read_only_view,
    run_python,
    saved,
    siblings,
    tiny_disk,
    wal_mode_closed,
)

from biddesk.domain.storage.store import (
    PortfolioStore,
    StoreError,
    StoreNotWritableError,
    load_portfolio,
    lock_path,
)

TODAY = "2026-11-23"


def ids(path: Path) -> list[str]:
    return [p.id for p in load_portfolio(path).properties]


# --- reading leaves nothing behind ----------------------------------------------------


def test_a_closed_file_is_one_file(tmp_path: Path) -> None:
    path = saved(tmp_path / "p.biddesk")
    assert siblings(path) == ["p.biddesk"]
    with open(path, "rb") as handle:
        assert handle.read(20)[18:20] == b"\x01\x01"  # rollback journal: readers need no -shm


def test_read_only_commands_leave_nothing_beside_the_file(tmp_path: Path, run_cli: RunCli) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    path = saved(folder / "p.biddesk")
    before = files_state(folder)
    out = tmp_path / "out"
    out.mkdir()
    for command in (
        ["export", str(path), "--xlsx", str(out / "p.xlsx"), "--today", TODAY],
        ["list", str(path)],
        ["list", str(path), "--json"],
        ["dump", str(path)],
        ["check", str(path), "--today", TODAY],
        ["cashflow", str(path), "--today", TODAY],
    ):
        code, _out, err = run_cli(*command)
        assert code in (0, 1), (command, err)
        assert files_state(folder) == before, command
    assert (out / "p.xlsx").exists()


def test_reading_a_file_left_in_wal_mode_creates_no_wal_or_shm(
    tmp_path: Path, run_cli: RunCli
) -> None:
    """Files closed by the previous BidDesk stay in WAL mode: SQLite's own read-only open
    creates -wal and -shm beside them and leaves them (and fails in a read-only folder)."""
    path = wal_mode_closed(tmp_path / "legacy.biddesk")
    before = files_state(tmp_path)
    assert ids(path) == ["p1", "p2"]
    code, out, _err = run_cli("list", str(path))
    assert code == 0 and "物件2件" in out
    assert files_state(tmp_path) == before


@LINUX_ONLY
def test_a_killed_window_s_file_is_read_with_its_last_edit_and_left_as_it_was(
    tmp_path: Path, run_cli: RunCli
) -> None:
    path = saved(tmp_path / "k.biddesk")
    killed_editor(path)
    assert siblings(path) == ["k.biddesk", "k.biddesk-shm", "k.biddesk-wal", "k.biddesk.lock"]
    before = files_state(tmp_path)
    code, out, _err = run_cli("list", str(path))
    assert code == 0 and "物件3件" in out  # the last edit is in the -wal and is read
    assert ids(path)[-1] == "p-last"
    # list cannot checkpoint (that would write the file): the window's files stay as they
    # were; only the -shm, SQLite's shared-memory index of the -wal, is rebuilt by readers.
    after = files_state(tmp_path)
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }
    with PortfolioStore.open(path) as store:  # the dead window's lock is taken over
        assert store.load().properties[-1].note == "the last edit"
    assert siblings(path) == ["k.biddesk"]  # the next editor folds it all back in


# --- a read-only folder or volume ---------------------------------------------------


def test_a_read_only_volume_is_read_not_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    saved(folder / "closed.biddesk")
    wal_mode_closed(folder / "legacy.biddesk")
    killed_editor(saved(folder / "killed.biddesk"))
    before = files_state(folder)
    with read_only_view(folder) as view:
        assert ids(view / "closed.biddesk") == ["p1", "p2"]
        assert ids(view / "legacy.biddesk") == ["p1", "p2"]
        assert ids(view / "killed.biddesk")[-1] == "p-last"
        for name in ("closed", "legacy", "killed"):  # on a read-only mount the -shm is read only
            with pytest.raises(StoreNotWritableError) as caught:
                PortfolioStore.open(view / f"{name}.biddesk")
            assert "書き込めない" in str(caught.value) and "壊れ" not in str(caught.value)
            with PortfolioStore.open(view / f"{name}.biddesk", read_only=True) as reader:
                assert reader.read_only and reader.load().properties
    assert files_state(folder) == before


def test_a_damaged_file_on_a_read_only_volume_is_still_called_damaged(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = saved(folder / "cut.biddesk", properties=300)
    path.write_bytes(path.read_bytes()[:8192])
    with read_only_view(folder) as view, pytest.raises(StoreError, match="壊れている"):
        load_portfolio(view / "cut.biddesk")


def test_a_wal_without_its_shm_in_a_read_only_folder_says_what_to_do(tmp_path: Path) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    path = killed_editor_file(folder)
    Path(f"{path}-shm").unlink()
    with read_only_view(folder) as view, pytest.raises(StoreError) as caught:
        load_portfolio(view / path.name)
    message = str(caught.value)
    assert "-wal" in message and "コピー" in message and "壊れ" not in message


def killed_editor_file(folder: Path) -> Path:
    path = saved(folder / "k.biddesk")
    killed_editor(path)
    return path


def test_a_read_only_file_in_a_writable_folder(tmp_path: Path) -> None:
    """The file itself read-only (bind-mounted read-only over itself), its folder not."""
    path = saved(tmp_path / "p.biddesk")
    with read_only_view(path) as view:
        with pytest.raises(StoreNotWritableError) as caught:
            PortfolioStore.open(view)
        assert caught.value.reason
        assert ids(view) == ["p1", "p2"]
    assert siblings(path) == ["p-ro.biddesk", "p.biddesk"]  # no lock, no -wal left


_PLAIN_USER_OPENS = """
import sys
from pathlib import Path
from biddesk.domain.storage.store import PortfolioStore, StoreNotWritableError, load_portfolio
path = Path(sys.argv[1])
try:
    PortfolioStore.open(path).close()
    print("edited")
except StoreNotWritableError as error:
    print(error.reason)
print(len(load_portfolio(path).properties))
"""


def test_a_0400_file_opens_read_only_for_a_plain_user(tmp_path: Path) -> None:
    path = saved(tmp_path / "p.biddesk")
    path.chmod(0o400)
    out = run_python(_PLAIN_USER_OPENS, str(path), prefix=plain_user())
    assert out.split("\n")[:2] == ["ファイルが読み取り専用の", "2"]
    assert siblings(path) == ["p.biddesk"]
    path.chmod(0o600)  # near miss: writable again, it opens for editing
    assert run_python(_PLAIN_USER_OPENS, str(path), prefix=plain_user()).startswith("edited")


def test_a_0500_folder_is_read_only_for_a_plain_user(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    path = saved(folder / "p.biddesk")
    folder.chmod(0o500)
    try:
        out = run_python(_PLAIN_USER_OPENS, str(path), prefix=plain_user())
    finally:
        folder.chmod(0o700)
    assert out.split("\n")[:2] == ["フォルダに書き込めない", "2"]
    assert siblings(path) == ["p.biddesk"]


# --- a full disk --------------------------------------------------------------------


@pytest.mark.parametrize("room", [0, 12 * 1024, 200 * 1024], ids=["none", "lock-only", "no-shm"])
def test_a_full_disk_is_said_to_be_full_and_the_file_is_still_read(
    tmp_path: Path, room: int
) -> None:
    with tiny_disk(tmp_path / "disk", "2m") as disk:
        path = saved(disk / "p.biddesk")
        fill(disk, leave=room)
        before = files_state(disk)
        with pytest.raises(StoreNotWritableError) as caught:
            PortfolioStore.open(path)
        assert "ディスクの空きが足りない" in str(caught.value)
        assert "壊れ" not in str(caught.value)
        assert ids(path) == ["p1", "p2"]
        assert files_state(disk) == before  # no lock, -wal or -shm left behind
        assert not lock_path(path).exists()


def test_opening_for_editing_after_reading_works_as_before(tmp_path: Path) -> None:
    path = saved(tmp_path / "p.biddesk")
    assert ids(path) == ["p1", "p2"]
    with PortfolioStore.open(path) as store:
        assert not store.read_only
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        finally:
            conn.close()
    assert siblings(path) == ["p.biddesk"]
