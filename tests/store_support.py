"""Real read-only places, full disks, plain users and killed editors for the store tests.

We run as root here, and root ignores file permissions: a chmod alone tests nothing. So a
read-only folder is a read-only bind mount (the kernel says EROFS to everyone), a full disk
is a tiny tmpfs, and a 0400 file is tried by a child process that lost root's right to
override permissions (CAP_DAC_OVERRIDE). Each helper skips, saying why, where it cannot
make the real thing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from biddesk.domain.models import Bid, Property
from biddesk.domain.storage import migrations, rows
from biddesk.domain.storage import store as store_module
from biddesk.domain.storage.store import Change, PortfolioStore

REPO = Path(__file__).resolve().parent.parent
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
LINUX_ONLY = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux mounts")


def siblings(path: Path) -> list[str]:
    """Every file beside ``path`` (and itself), by name."""
    return sorted(p.name for p in path.parent.iterdir())


def files_state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _mount(*args: str) -> bool:
    if shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def read_only_view(source: Path) -> Iterator[Path]:
    """``source`` (a folder or a file) seen through a read-only bind mount: writing there
    fails with EROFS even for root, while ``source`` itself stays writable for checks."""
    if not (IS_ROOT and sys.platform.startswith("linux")):
        pytest.skip("a read-only bind mount needs root on Linux")
    view = source.with_name(f"{source.stem}-ro{source.suffix}")
    if source.is_dir():
        view.mkdir()
    else:
        view.write_bytes(b"")
    if not _mount("--bind", str(source), str(view)):
        pytest.skip("cannot bind-mount here")
    try:
        if not _mount("-o", "remount,bind,ro", str(view)):
            pytest.skip("cannot remount read-only here")
        yield view
    finally:
        subprocess.run(["umount", "-l", str(view)], capture_output=True, check=False)


@contextlib.contextmanager
def tiny_disk(folder: Path, size: str = "256k") -> Iterator[Path]:
    """A real tmpfs of ``size`` at ``folder`` (root on Linux; else skipped)."""
    if not (IS_ROOT and sys.platform.startswith("linux")):
        pytest.skip("a tmpfs needs root on Linux")
    folder.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the disk of ``folder`` to the last byte, then free ``leave`` bytes."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 4096)
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))


def plain_user() -> list[str]:
    """The command prefix that runs a child bound by file permissions like any user:
    nothing for a normal user, root without CAP_DAC_OVERRIDE/CAP_DAC_READ_SEARCH."""
    if sys.platform == "win32":
        pytest.skip("POSIX permissions")
    if not IS_ROOT:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv is needed to drop root's override of file permissions")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


def run_python(code: str, *args: str, prefix: list[str] | None = None) -> str:
    """``code`` in a fresh Python in the repository; its standard output (checked)."""
    done = subprocess.run(
        [*(prefix or []), sys.executable, "-c", code, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_KILLED_EDITOR = """
import os, signal, sys
from pathlib import Path
from biddesk.domain.models import Property
from biddesk.domain.storage.store import Change, PortfolioStore
store = PortfolioStore.open(Path(sys.argv[1]))
store.apply(Change(put_properties=(Property(id="p-last", note="the last edit"),)))
os.kill(os.getpid(), signal.SIGKILL)
"""


def killed_editor(path: Path) -> None:
    """A window that made one edit and was killed: the file is left in WAL mode with its
    -wal, -shm and lock file beside it."""
    if sys.platform == "win32":
        pytest.skip("SIGKILL is POSIX")
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_EDITOR, str(path)], cwd=REPO, check=False, timeout=120
    )
    assert done.returncode == -signal.SIGKILL


def saved(path: Path, properties: int = 2) -> Path:
    """A closed portfolio with a few properties and one bid."""
    with PortfolioStore.create(path) as store:
        store.apply(
            Change(
                put_properties=tuple(Property(id=f"p{n}") for n in range(1, properties + 1)),
                put_bids=(Bid(id="x1", property="p1", amount=1_000_000),),
            )
        )
    return path


def wal_mode_closed(path: Path) -> Path:
    """A closed file left in WAL mode with no -wal (as BidDesk before this change left
    every file it closed)."""
    saved(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert not Path(f"{path}-wal").exists()
    return path


def version_1_file(path: Path, change: Change) -> Path:
    """A portfolio as the schema version 1 BidDesk wrote it (loose column types)."""
    conn = sqlite3.connect(path, isolation_level=None)
    with store_module._transaction(conn):
        migrations._create_v1(conn)
        rows._write(conn, change)
        conn.execute("PRAGMA user_version = 1")
        conn.execute(f"PRAGMA application_id = {store_module.APPLICATION_ID}")
    conn.close()
    path.chmod(0o600)
    return path


def break_an_index(path: Path) -> None:
    """Make an index disagree with its table (bids_property over the bidder column): only
    integrity_check finds it, quick_check passes it."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX bids_property ON bids(bidder)' "
        "WHERE name = 'bids_property'"
    )
    conn.close()
