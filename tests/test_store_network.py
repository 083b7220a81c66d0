"""A portfolio on a network share (issue 12 item 12): detected, and saved with the rollback
journal instead of WAL, saying so. NFS and SMB cannot be mounted here: the detection is a
pure function over /proc/self/mountinfo text, tested by table; the store is tested with
the detector answering "nfs4"."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from conftest import RunCli
from store_support import saved, siblings

from biddesk.domain.models import Property
from biddesk.domain.storage import store as store_module
from biddesk.domain.storage.filesystems import (
    is_network_type,
    mount_type_from_mountinfo,
    network_filesystem,
)
from biddesk.domain.storage.store import Change, PortfolioStore, load_portfolio

MOUNTINFO = r"""22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw
40 27 0:45 / /mnt/share rw,relatime shared:30 - nfs4 filer:/export/office rw,vers=4.2
41 27 0:46 / /home/taro/社内\040共有 rw,relatime shared:31 - cifs //srv/共有 rw,vers=3.1.1
42 40 0:47 / /mnt/share/scratch rw,relatime shared:32 - tmpfs tmpfs rw
43 27 0:48 / /media/ssh rw,nosuid,nodev - fuse.sshfs taro@host:/home rw
44 27 0:49 / /mnt/nas rw - smb3 //nas/data rw
45 27 0:50 / /mnt/vm rw - 9p hostshare rw
46 27 0:51 / /mnt/share rw,relatime shared:33 - ext4 /dev/vdb1 rw
"""


@pytest.mark.parametrize(
    ("path", "fstype", "network"),
    [
        ("/home/taro/競売/p.biddesk", "ext4", False),
        ("/home/taro/社内 共有/p.biddesk", "cifs", True),
        ("/home/taro/社内 共有2/p.biddesk", "ext4", False),  # a longer name, not inside
        ("/media/ssh/p.biddesk", "fuse.sshfs", True),
        ("/mnt/nas/a/b/p.biddesk", "smb3", True),
        ("/mnt/vm/p.biddesk", "9p", True),
        ("/tmp/p.biddesk", "ext4", False),
        ("/", "ext4", False),
    ],
)
def test_the_mount_holding_a_path_and_whether_it_is_a_network_share(
    path: str, fstype: str, network: bool
) -> None:
    found = mount_type_from_mountinfo(MOUNTINFO, path)
    assert found == fstype
    assert is_network_type(found) is network


def test_a_later_mount_over_the_same_point_wins_and_a_local_mount_inside_a_share() -> None:
    # /mnt/share: nfs4 first, then an ext4 mounted over it (line 46): the kernel shows ext4.
    assert mount_type_from_mountinfo(MOUNTINFO, "/mnt/share/p.biddesk") == "ext4"
    without_overmount = "\n".join(MOUNTINFO.splitlines()[:-1])
    assert mount_type_from_mountinfo(without_overmount, "/mnt/share/p.biddesk") == "nfs4"
    assert mount_type_from_mountinfo(without_overmount, "/mnt/share/scratch/p") == "tmpfs"
    assert mount_type_from_mountinfo("garbage\n\n", "/x") is None


def test_this_machine_s_temporary_folder_is_local(tmp_path: Path) -> None:
    assert network_filesystem(tmp_path) is None


@pytest.fixture
def on_a_share(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "network_filesystem", lambda _folder: "nfs4")


def journal_mode(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA journal_mode").fetchone()[0])
    finally:
        conn.close()


def test_a_file_on_a_share_is_edited_without_wal_and_says_so(
    tmp_path: Path, on_a_share: None
) -> None:
    path = saved(tmp_path / "share.biddesk")
    with PortfolioStore.open(path) as store:
        assert store.journal_note is not None and "ネットワーク上のフォルダ(nfs4)" in (
            store.journal_note
        )
        store.apply(Change(put_properties=(Property(id="p9"),)))
        assert journal_mode(path) == "delete"
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-shm").exists()
    assert [p.id for p in load_portfolio(path).properties] == ["p1", "p2", "p9"]
    with PortfolioStore.create(tmp_path / "new.biddesk") as created:
        assert created.journal_note is not None
        assert journal_mode(created.path) == "delete"


def test_a_local_file_keeps_wal_and_no_note(tmp_path: Path) -> None:
    path = saved(tmp_path / "local.biddesk")
    with PortfolioStore.open(path) as store:
        assert store.journal_note is None
        assert journal_mode(path) == "wal"
    assert siblings(path) == ["local.biddesk"]


def test_import_prints_the_note(tmp_path: Path, run_cli: RunCli, on_a_share: None) -> None:
    path = saved(tmp_path / "share.biddesk")
    source = Path(__file__).parent / "data" / "interchange" / "rich.json"
    code, out, err = run_cli("import", str(path), str(source))
    assert code == 0, err
    assert "ネットワーク上のフォルダ(nfs4)にあるため" in out
