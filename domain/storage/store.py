"""The portfolio file: one SQLite file per portfolio (contracts.md "Portfolio file").

Why it is safe to kill the program at any moment:
- Every change is one ``BEGIN IMMEDIATE … COMMIT`` transaction; WAL with synchronous=FULL
  makes a commit durable before ``apply`` returns (an edit is a user action: an fsync per
  edit costs nothing anyone notices, and a power cut loses no acknowledged edit).
- Foreign keys hold the rows together (a bid's transfer, documents and outcome go with it;
  deleting a property deletes its bids).
- A file is inspected read-only before anything writes to it (``integrity_check``): a newer,
  foreign or corrupt file is refused with one sentence and left byte-for-byte unchanged. An
  older file is copied to a backup beside it, then migrated in one transaction, and only
  then switched to WAL, so a failed or killed migration leaves the old file as it was.
- The edit lock ``<file>.lock`` is an OS lock held for the session (domain/lock.py): taken
  atomically, dropped by the OS when its holder dies; a holder that cannot be checked
  (another computer, an older BidDesk) is reported so the user can take over.

Where the file lives:
- Reading never writes and creates nothing beside the file: a closed file is in rollback
  journal mode (``close`` switches back from WAL), and a WAL-mode file with no -wal is read
  as immutable into memory. A read-only file, folder or volume, or a full disk, is read,
  never called damaged; editing it raises StoreNotWritableError saying why.
- On a network share (domain/filesystems.py) the rollback journal is used instead of WAL,
  whose shared memory does not work across computers; ``journal_note`` says so.

Schema version 2 (``PRAGMA user_version``; ``PRAGMA application_id`` = "BDK1" and the
``meta`` row ``format`` mark the file as ours): one table per entity (properties, bidders,
bids) and per bid part that is edited on its own (transfers, documents, outcomes), a
one-row settings table; small value lists that are always read with their owner
(物件番号, warnings, officers, the refund account, agent, loan, financing) are JSON columns.
Tables are STRICT with a named CHECK per column (``COLUMN_CHECKS``: amounts and dates within
domain/limits.py, enum values, JSON shapes), and every row is checked again on loading.

The tables are in ``storage/schema.py``, rows ⇄ values in ``storage/rows.py``, creating and
migrating in ``storage/migrations.py``; this module opens, reads, writes and closes a file.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import re
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

from biddesk.domain.edits.change import Change as Change  # re-exported: the edit the store writes
from biddesk.domain.errors import DISK_FULL, DISK_IO, READ_ONLY_FILE, UserError, os_reason
from biddesk.domain.models import (
    Portfolio,
)
from biddesk.domain.overview import LineFacts
from biddesk.domain.storage.filesystems import network_filesystem
from biddesk.domain.storage.lines import read_lines
from biddesk.domain.storage.lock import FileLock, Holder, LockedError, lock_holder
from biddesk.domain.storage.lock import (
    lock_path as lock_path,  # re-exported: callers name the lock file
)
from biddesk.domain.storage.migrations import (
    MIGRATIONS as MIGRATIONS,  # re-exported: tests replace it
)
from biddesk.domain.storage.migrations import _create_current
from biddesk.domain.storage.rows import _next_numbers, _put_ids, _read, _write
from biddesk.domain.storage.schema import (
    FORMAT_MARKER,
    ORPHAN_ATTACHMENTS,
    _BadValue,
    _check_current_rows,
    _check_line_rows,
    _check_rows,
)
from biddesk.domain.storage.schema import (
    SCHEMA_VERSION as SCHEMA_VERSION,  # re-exported: the file's version
)

APPLICATION_ID = 0x42444B31  # "BDK1": marks the SQLite header as a BidDesk portfolio
SUFFIX = ".biddesk"
SQLITE_HEADER = b"SQLite format 3\x00"
FILE_MODE = 0o600  # a portfolio holds names, addresses and bank accounts: owner only
BUSY_TIMEOUT_MS = 5000

_PREFIX_RE = re.compile(r"[a-z]+")


class StoreError(UserError):
    """The portfolio file cannot be opened, read or written; one sentence for the user."""


class StoreLockedError(StoreError):
    """Another process (another window) holds, or may hold, the edit lock of the file.

    ``holder`` says who the lock file names; ``can_take_over`` is True when that holder
    cannot be checked from here (another computer, an older BidDesk): ask the user, then
    ``open(path, take_over=True)``."""

    def __init__(
        self, message: str, *, holder: Holder | None = None, can_take_over: bool = False
    ) -> None:
        super().__init__(message)
        self.holder = holder
        self.can_take_over = can_take_over


class StoreNotWritableError(StoreError):
    """The file can be read but not edited here: a read-only file, folder or volume, or a
    full disk. ``reason`` is the phrase before "ため" (e.g. "ファイルが読み取り専用の")."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# --- the edit lock (domain/lock.py) -------------------------------------------------


def _locked(error: LockedError) -> StoreLockedError:
    return StoreLockedError(str(error), holder=error.holder, can_take_over=error.can_take_over)


# --- opening ------------------------------------------------------------------------


def _create_private(path: Path) -> None:
    """An empty file readable by the owner only; fails if ``path`` exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)  # the umask may have taken bits away; never adds any


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _sibling(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def _in_wal_mode(path: Path) -> bool:
    """Whether the header says WAL (file format bytes 18–19 are 2)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def _reads_alone(path: Path) -> bool:
    """A WAL-mode file with no -wal beside it: no process has it open and every change is
    in the file itself. SQLite would create -wal and -shm to read it (and leave them, or
    fail in a read-only folder): such a file is read as immutable into memory instead."""
    return _in_wal_mode(path) and not _sibling(path, "-wal").exists()


def _connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def _file_state(path: Path) -> tuple[int, int, bool]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, _sibling(path, "-wal").exists()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, nor creates anything beside ``path``: a live
    read-only one, or for a file read alone an in-memory copy (checked unchanged while
    it was made, else read live)."""
    if not _reads_alone(path):
        return _connect(_uri(path, "ro"))
    before = _file_state(path)
    source = _connect(_uri(path, "ro") + "&immutable=1")
    try:
        memory = _connect(":memory:")
        source.backup(memory)
    finally:
        source.close()
    if _file_state(path) != before:  # an editor opened it meanwhile: read along with it
        memory.close()
        return _connect(_uri(path, "ro"))
    return memory


def _not_ours(path: Path) -> StoreError:
    return StoreError(f"BidDeskのポートフォリオではないSQLiteファイルのため開けません: {path}")


def _unknown(path: Path) -> StoreError:
    return StoreError(
        f"BidDeskのポートフォリオファイルではないか、壊れているため開けません: {path}"
    )


def _corrupt(path: Path) -> StoreError:
    return StoreError(
        f"ファイルが壊れているため開けません(バックアップがあればそちらを開いてください): {path}"
    )


def _bad_value(path: Path, bad: _BadValue) -> StoreError:
    table, row, column = bad.args
    return StoreError(
        f"ファイルの中に範囲外か形式の違う値があるため開けません(表{table}の{row}の{column}): "
        f"{path}"
    )


def _cannot_read(path: Path, error: sqlite3.Error) -> StoreError:
    """A failure to read that is not damage: say what it is, never "壊れています"."""
    text = str(error)
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"ディスクの空きが足りないため読めません: {path}")
    if "unable to open" in text or "readonly" in text:
        return StoreError(
            "フォルダに書き込めないため前回の変更(-wal)を読めません(-wal・-shmごと書き込める"
            f"フォルダへコピーすれば開けます): {path}"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"ほかのプログラムが使用中のため読めません: {path}")
    return _corrupt(path)


def _inspect(path: Path, *, integrity: bool = True) -> int:
    """The schema version of ``path``, read without writing anything; StoreError for a file
    that is missing, newer, foreign or (``integrity``) corrupt."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise StoreError(f"ポートフォリオファイルが見つかりません: {path}") from None
    except IsADirectoryError:
        raise StoreError(f"ファイルではなくフォルダです: {path}") from None
    except OSError as error:
        raise StoreError(f"ファイルを読めません({error.strerror}): {path}") from None
    if not header.startswith(SQLITE_HEADER):
        raise _unknown(path)
    if len(header) < 100:
        raise _corrupt(path)
    try:
        conn = _connect_read_only(path)
    except sqlite3.DatabaseError as error:
        raise _cannot_read(path, error) from None
    try:
        return _inspected_version(conn, path, integrity=integrity)
    except sqlite3.DatabaseError as error:
        raise _cannot_read(path, error) from None
    finally:
        conn.close()


def _inspected_version(conn: sqlite3.Connection, path: Path, *, integrity: bool) -> int:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id not in (0, APPLICATION_ID):
        raise _not_ours(path)
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    marker = (
        conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() if has_meta else None
    )
    if marker is None or marker[0] != FORMAT_MARKER:
        raise _not_ours(path)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"新しいバージョンのBidDeskで作られたファイル(形式{version})のため、"
            f"このバージョン(形式{SCHEMA_VERSION}まで)では開けません: {path}"
        )
    if integrity and not _intact(conn):
        raise _corrupt(path)
    return int(version)


def _intact(conn: sqlite3.Connection) -> bool:
    # integrity_check, not quick_check: it also finds an index that disagrees with its
    # table (a lookup by id would miss rows). 10,000 bids: see docs/reliability.md.
    return bool(conn.execute("PRAGMA integrity_check(1)").fetchall() == [("ok",)])


def _backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.stem}.v{version}-backup{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.v{version}-backup-{number}{path.suffix}")
        number += 1
    return candidate


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` (owner-only), via the backup API and a
    temporary file so that ``target`` is either complete or untouched."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        _create_private(temp)
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            # A closed portfolio is one self-contained file (see PortfolioStore.close).
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        for sibling in ("-wal", "-shm", "-journal"):
            # A stale WAL beside the target would be replayed into the new file.
            _sibling(target, sibling).unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        for leftover in (temp, _sibling(temp, "-journal")):
            leftover.unlink(missing_ok=True)


def _journal_mode(path: Path) -> tuple[str, str | None]:
    """WAL on a local disk; the rollback journal on a network share, with the sentence
    that says so (item 12: WAL's shared memory does not work across computers)."""
    network = network_filesystem(path.parent)
    if network is None:
        return "wal", None
    return "delete", (
        f"ネットワーク上のフォルダ({network})にあるため、安全な保存方式(WALを使わない"
        "ロールバックジャーナル)で開きました。"
    )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def _set_journal(conn: sqlite3.Connection, mode: str) -> None:
    """After any migration: a migration killed midway must leave the file as it was, and
    switching to WAL already rewrites the header."""
    if conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0].lower() != mode:
        raise StoreError(f"ファイルを書き込み用に開けません({mode.upper()}モードにできません)。")
    conn.execute("PRAGMA synchronous = FULL")
    # A first read creates -wal and -shm now: a reader tells an open file by its -wal.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Building tens of thousands of values at once sets off the cycle collector again and
    again for nothing (they hold no cycles); pausing it makes loading about a third faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (SQLITE_FULL): a second
        # ROLLBACK would fail and hide the real reason.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    with _transaction(conn):
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_SQLITE_REASONS = (
    ("disk is full", DISK_FULL),
    ("readonly database", READ_ONLY_FILE),
    ("disk I/O error", DISK_IO),
    ("database is locked", "ほかのプログラムが使用中です"),
)


def _why(error: Exception) -> str:
    """SQLite's English reason (or an OS error), said in Japanese where we know it: the
    same words as an export that fails the same way (domain.errors.os_reason)."""
    if isinstance(error, OSError):
        return os_reason(error)
    text = str(error)
    return next((japanese for english, japanese in _SQLITE_REASONS if english in text), text)


_ROOM_TO_OPEN = 1 << 20  # -shm (32 KiB), the first WAL pages, the lock file: with margin


def _unwritable_reason(path: Path) -> str | None:
    """Why ``path`` can be read but not edited here, before anything is written; None
    when it looks writable (os.access knows read-only mounts and the real user's rights)."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "フォルダに書き込めない"
    if not os.access(path, os.W_OK):
        return "ファイルが読み取り専用の"
    with contextlib.suppress(OSError):
        # Checked before anything is written: SQLite would already have switched the
        # header to WAL when it finds no room for the -shm.
        if shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN:
            return "ディスクの空きが足りない"
    return None


def _reason_of(error: BaseException, path: Path | None = None) -> str | None:
    """The not-writable reason behind an OSError or SQLite error, or None for others.
    SQLite reports a -shm it could not grow on a full disk as a mere "disk I/O error":
    the free space tells."""
    if path is not None and "disk I/O error" in str(error):
        with contextlib.suppress(OSError):
            if shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN:
                return "ディスクの空きが足りない"
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "ディスクの空きが足りない"
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "フォルダに書き込めない"
        return None
    text = str(error)
    if "disk is full" in text:
        return "ディスクの空きが足りない"
    if "readonly" in text or "unable to open" in text:
        return "ファイルかフォルダに書き込めない"
    return None


def _not_writable(path: Path, reason: str) -> StoreNotWritableError:
    return StoreNotWritableError(
        f"{reason}ため、書き込み用に開けません(読み取り専用なら開けます): {path}", reason=reason
    )


def _drop_orphan_attachments(conn: sqlite3.Connection) -> None:
    """At the start and end of an editing session: the attachments of properties deleted
    in an earlier one (kept until then so that undo brings them back; schema version 3)."""
    with contextlib.suppress(sqlite3.Error), _transaction(conn):
        conn.execute(ORPHAN_ATTACHMENTS)


def _leave_self_contained(conn: sqlite3.Connection) -> None:
    """On closing an edited file: back to the rollback journal, so that the closed file is
    one self-contained file (no -wal/-shm for a reader to create, nothing to lose when it
    is copied alone). Skipped, quietly, while another process still reads it."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA journal_mode = DELETE")


class PortfolioStore:
    """An open portfolio file. Use ``create`` or ``open``; ``close`` releases the lock."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        read_only: bool,
        lock: FileLock | None,
        migrated_from: int | None = None,
        backup: Path | None = None,
        journal_note: str | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.migrated_from = migrated_from
        """The schema version the file had when it was migrated on opening, else None."""
        self.backup = backup
        """The backup written before that migration."""
        self.journal_note = journal_note
        """A sentence to show once: the file is on a network share, saved without WAL."""
        self.read_only_reason: str | None = None
        """Set by the caller that fell back to reading: why the file could not be edited."""
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self._guard = threading.RLock()
        # Read on the first new_id(): opening a large file should not scan every id.
        self._next_ids: dict[str, int] | None = None
        # open(verify_later=True): the integrity check, and for editing the switch to WAL,
        # not yet done: on the first use of the connection (_verify); the integrity check
        # also beside the reading of the lines (LinesReading).
        self._integrity_pending = False
        self._journal_pending: str | None = None
        self.read_as_lines = False
        """The portfolio last loaded is the file the lines were read from (no other
        connection has committed since): the lines are its lines."""
        # The checks of the columns the lines do not show, still running (LinesReading).
        self._running_checks: tuple[_RowChecker, int] | None = None
        # The data_version at which every row passed its checks (start_reading_lines):
        # load() need not check them again while no other connection has committed since.
        self._checked_at: int | None = None

    # --- opening and closing ---------------------------------------------------------
    @classmethod
    def create(cls, path: Path) -> PortfolioStore:
        """A new, empty portfolio at ``path`` (owner-only); StoreError if it exists."""
        path = Path(path)
        try:
            _create_private(path)
        except FileExistsError:
            raise StoreError(f"同じ名前のファイルがすでにあります: {path}") from None
        except FileNotFoundError:
            raise StoreError(f"保存先のフォルダがありません: {path.parent}") from None
        except OSError as error:
            reason = _reason_of(error)
            if reason is not None:
                raise StoreError(f"{reason}ため、ファイルを作れません: {path}") from None
            raise StoreError(f"ファイルを作れません({error.strerror}): {path}") from None
        try:
            lock = FileLock.acquire(path)
        except (LockedError, OSError) as error:
            path.unlink(missing_ok=True)
            if isinstance(error, LockedError):
                raise _locked(error) from None
            raise StoreError(f"ロックファイルを作れません({error.strerror}): {path}") from None
        mode, note = _journal_mode(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _configure(conn)
            _set_journal(conn, mode)
            with _transaction(conn):
                _create_current(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except (sqlite3.Error, StoreError) as error:
            lock.release()
            for suffix in ("", "-wal", "-shm", "-journal"):
                _sibling(path, suffix).unlink(missing_ok=True)
            reason = _why(error) if isinstance(error, sqlite3.Error) else str(error)
            raise StoreError(
                f"ポートフォリオファイルを作れませんでした({reason}): {path}"
            ) from None
        return cls(path, conn, read_only=False, lock=lock, journal_note=note)

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        read_only: bool = False,
        take_over: bool = False,
        verify_later: bool = False,
    ) -> PortfolioStore:
        """Open ``path``. A newer, foreign or corrupt file raises StoreError and is left as
        it is. An older file is backed up beside itself and migrated (read-only: migrated
        in memory only). StoreLockedError when another process edits it (``take_over``
        takes a lock whose holder cannot be checked, after the user said it is gone);
        StoreNotWritableError when it can only be read here (read-only file, folder or
        volume, a full disk).

        ``verify_later``: the integrity check, and for editing the switch to WAL, wait for
        the first use of the file (``conn``, ``load``, ``apply``…), or run beside reading the
        table's lines (``start_reading_lines``); nothing is written before it passes. An
        older file is checked and migrated now, as ever."""
        path = Path(path)
        version = _inspect(path, integrity=not verify_later)
        later = verify_later and version == SCHEMA_VERSION
        if verify_later and not later:
            version = _inspect(path)  # checked before its backup and migration
        if read_only:
            store = cls._open_read_only(path, version)
            store._integrity_pending = later
            return store
        reason = _unwritable_reason(path)
        if reason is not None:
            raise _not_writable(path, reason)
        try:
            lock = FileLock.acquire(path, take_over=take_over)
        except LockedError as error:
            raise _locked(error) from None
        except OSError as error:
            reason = _reason_of(error, path)
            if reason is not None:
                raise _not_writable(path, reason) from None
            raise StoreError(f"ロックファイルを作れません({error.strerror}): {path}") from None
        try:
            return cls._open_for_editing(path, version, lock, verified=not later)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_for_editing(
        cls, path: Path, version: int, lock: FileLock, *, verified: bool
    ) -> PortfolioStore:
        backup = None
        mode, note = _journal_mode(path)
        try:
            if version < SCHEMA_VERSION:
                backup = _backup_path(path, version)
                source = _connect_read_only(path)
                try:
                    if version >= 1:  # a file the migration will refuse gets no backup
                        _check_rows(source)
                    _copy_database(source, backup)
                finally:
                    source.close()
            absent = [s for s in ("-wal", "-shm", "-journal") if not _sibling(path, s).exists()]
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                _configure(conn)
                if version < SCHEMA_VERSION:
                    _migrate(conn, version)
                if verified:
                    _set_journal(conn, mode)
                    _drop_orphan_attachments(conn)
            except BaseException:
                conn.close()
                for suffix in absent:  # made by this failed attempt, used by no one else
                    _sibling(path, suffix).unlink(missing_ok=True)
                raise
        except _BadValue as bad:
            raise _bad_value(path, bad) from None
        except UserError as error:
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"古い形式のファイルを変換できませんでした({error}): {path}") from None
        except (sqlite3.Error, OSError) as error:
            reason = _reason_of(error, path)
            if reason is not None:
                raise _not_writable(path, reason) from None
            raise StoreError(f"ファイルを書き込み用に開けません({_why(error)}): {path}") from None
        migrated = version if version < SCHEMA_VERSION else None
        store = cls(
            path, conn, read_only=False, lock=lock, migrated_from=migrated, backup=backup,
            journal_note=note,
        )  # fmt: skip
        if not verified:
            store._integrity_pending = True
            store._journal_pending = mode
        return store

    @classmethod
    def _open_read_only(cls, path: Path, version: int) -> PortfolioStore:
        try:
            conn = _connect_read_only(path)
            if version < SCHEMA_VERSION:
                # Read-only never writes the file: migrate a copy in memory.
                memory = _connect(":memory:")
                conn.backup(memory)
                conn.close()
                conn = memory
                conn.execute("PRAGMA foreign_keys = ON")
                _migrate(conn, version)
        except _BadValue as bad:
            raise _bad_value(path, bad) from None
        except UserError as error:
            raise StoreError(f"古い形式のファイルを読めませんでした({error}): {path}") from None
        except sqlite3.Error as error:
            raise _cannot_read(path, error) from None
        return cls(path, conn, read_only=True, lock=None)

    def close(self) -> None:
        with self._guard:
            if self._running_checks is not None:
                self._running_checks[0].close()
                self._running_checks = None
            if self._conn is not None:
                if not self.read_only and self._journal_pending is None:  # else unchanged
                    _drop_orphan_attachments(self._conn)
                    _leave_self_contained(self._conn)
                self._conn.close()
                self._conn = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> PortfolioStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._conn is None

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection, the file checked first (open(verify_later=True))."""
        conn = self._open_conn()
        if self._integrity_pending or self._journal_pending is not None:
            self._verify()
        return conn

    def _open_conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"ポートフォリオファイルはすでに閉じています: {self.path}")
        return self._conn

    def _verify(self) -> None:
        """What open(verify_later=True) left for the first use: the integrity check, then
        (editing) the switch to WAL and the orphaned attachments."""
        with self._guard:
            conn = self._open_conn()
            if self._integrity_pending:
                try:
                    intact = self._intact_on_disk(conn)
                except sqlite3.DatabaseError as error:
                    raise _cannot_read(self.path, error) from None
                if not intact:
                    raise _corrupt(self.path)
                self._integrity_pending = False
            mode, self._journal_pending = self._journal_pending, None
            if mode is not None:
                try:
                    _set_journal(conn, mode)
                    _drop_orphan_attachments(conn)
                except (sqlite3.Error, OSError) as error:
                    self._journal_pending = mode
                    reason = _reason_of(error, self.path)
                    if reason is not None:
                        raise _not_writable(self.path, reason) from None
                    raise StoreError(
                        f"ファイルを書き込み用に開けません({_why(error)}): {self.path}"
                    ) from None

    def _intact_on_disk(self, conn: sqlite3.Connection) -> bool:
        """On a read-only connection, as _inspect checks: a writable one also counts a broken
        CHECK as damage, where the row checks say which value it is."""
        if not _on_disk(conn):
            return _intact(conn)
        check = _connect(_uri(self.path, "ro"))
        try:
            return _intact(check)
        finally:
            check.close()

    def _found_intact(self) -> None:
        """The checker's integrity_check said ok (LinesReading): the file may be written
        from its next use on."""
        with self._guard:
            self._integrity_pending = False

    # --- reading and writing ---------------------------------------------------------
    def load(self) -> Portfolio:
        """The whole portfolio, read in one read transaction (a consistent snapshot)."""
        with self._guard:
            self._finish_checks()
            conn = self.conn
            try:
                conn.execute("BEGIN")
                try:
                    checked, self._checked_at = self._checked_at, None
                    self.read_as_lines = checked is not None and _data_version(conn) == checked
                    if not self.read_as_lines:
                        _check_rows(conn)
                    with _no_gc():
                        return _read(conn)
                finally:
                    conn.execute("COMMIT")
            except _BadValue as bad:
                raise _bad_value(self.path, bad) from None
            except (ValueError, KeyError, TypeError):
                # Inside a JSON column (an officer, a loan) where the row checks do not reach.
                raise StoreError(
                    f"ファイルの中に形式の違う値があるため開けません: {self.path}"
                ) from None
            except sqlite3.DatabaseError as error:
                raise _cannot_read(self.path, error) from None

    def _checks_go_on(self, checker: _RowChecker, version: int) -> None:
        """The checks of the columns the lines do not show, still running: load() and
        close() wait for them."""
        with self._guard:
            self._running_checks = (checker, version)

    def _finish_checks(self) -> None:
        """Wait for the checks still running; StoreError for what they found."""
        running, self._running_checks = self._running_checks, None
        if running is None:
            return
        checker, version = running
        checker.close()
        if checker.error is not None:
            raise _reading_error(self.path, checker.error)
        self._rows_checked(version)

    def _rows_checked(self, version: int) -> None:
        """The checker's connection saw the file as this one did at ``version`` if no
        other connection committed meanwhile."""
        with self._guard:
            if self._conn is not None and _data_version(self._conn) == version:
                self._checked_at = version

    def read_lines(self) -> list[LineFacts]:
        """The portfolio table's lines (storage/lines.py), every row of the file checked
        as ``load`` checks them: a bad value raises StoreError saying where."""
        lines = self.start_reading_lines().result()
        with self._guard:
            self._finish_checks()
        return lines

    def start_reading_lines(self) -> LinesReading:
        """The lines now, the file's checks still going on: ``result()`` waits for the
        integrity check and the rules of the columns the lines show; ``load`` for the rest.

        The checks are SQLite's own work (10,000 bids: ~130 ms), so they run on a second
        connection in a thread while this one reads the lines and the caller goes on (the
        window builds itself); both read the same committed file (editing: this process
        holds the edit lock; reading: another editor's commits pass the same CHECK
        constraints). An in-memory copy has no second connection: checked first, here."""
        with self._guard:
            conn = self._open_conn()
            version = _data_version(conn)
            checker = None
            if _on_disk(conn):
                checker = _RowChecker.start(self.path, integrity=self._integrity_pending)
            try:
                if checker is None:
                    self._verify()
                    _check_rows(conn)
                    self._checked_at = version
                conn.execute("BEGIN")
                try:
                    lines = read_lines(conn)
                finally:
                    conn.execute("COMMIT")
            except (_BadValue, ValueError, KeyError, TypeError, sqlite3.DatabaseError) as error:
                found: BaseException = error
                if checker is not None:
                    checker.close()
                    found = checker.error or error  # the place of the bad value, if found
                raise _reading_error(self.path, found) from None
            return LinesReading(self, lines, checker, version)

    def apply(self, change: Change) -> None:
        """Write ``change`` in ONE transaction: all of it or, on any error, none of it."""
        if self.read_only:
            raise StoreError(f"読み取り専用で開いているため変更を保存できません: {self.path}")
        if change.is_empty:
            return
        with self._guard:
            conn = self.conn
            try:
                with _transaction(conn):
                    _write(conn, change)
            except sqlite3.IntegrityError as error:
                if "CHECK constraint failed" in str(error):
                    place = str(error).rsplit(":", 1)[-1].strip()
                    raise StoreError(
                        f"範囲外か形式の違う値({place})が含まれているため、変更を保存しません"
                        f"でした。ファイルは直前の状態のままです: {self.path}"
                    ) from None
                raise StoreError(
                    "存在しない物件・入札者を指す入札か、入札で使われている入札者の削除が"
                    "含まれているため、変更を保存しませんでした。"
                ) from None
            except (sqlite3.Error, OverflowError) as error:
                raise StoreError(
                    f"変更を保存できませんでした({_why(error)})。ファイルは直前の状態のままです: "
                    f"{self.path}"
                ) from None
        if self._next_ids is not None:
            self._next_ids = _next_numbers(_put_ids(change), self._next_ids)

    def new_id(self, prefix: str) -> str:
        """A fresh id such as ``p12``: never one in the file, never handed out before."""
        if not _PREFIX_RE.fullmatch(prefix):
            raise ValueError(f"id prefix must be lowercase letters: {prefix!r}")
        with self._guard:
            if self._next_ids is None:
                self._next_ids = self._id_counters()
            number = self._next_ids.get(prefix, 1)
            self._next_ids[prefix] = number + 1
        return f"{prefix}{number}"

    def _id_counters(self) -> dict[str, int]:
        """Next numbers per prefix: the stored counters (which outlive deleted rows) and
        every id in the file, so that a hand-made id is never handed out again."""
        conn = self.conn
        stored = dict(conn.execute("SELECT prefix, next FROM id_counters").fetchall())
        ids = conn.execute(
            "SELECT id FROM properties UNION ALL SELECT id FROM bidders "
            "UNION ALL SELECT id FROM bids"
        )
        return _next_numbers((row[0] for row in ids), stored)

    def save_as(self, path: Path) -> None:
        """A copy of the portfolio at ``path`` (owner-only), made with SQLite's backup API;
        an existing file there is replaced, unless another window edits it."""
        path = Path(path)
        if path.resolve() == self.path.resolve():
            raise StoreError(f"開いているファイルと同じ名前には保存できません: {path}")
        holder = lock_holder(path)
        if holder is not None:
            raise StoreLockedError(
                f"保存先のファイルは別のウィンドウで編集中です: {path}", holder=holder
            )
        with self._guard:
            try:
                _copy_database(self.conn, path)
            except FileNotFoundError:
                raise StoreError(f"保存先のフォルダがありません: {path.parent}") from None
            except (OSError, sqlite3.Error) as error:
                raise StoreError(f"名前を付けて保存できませんでした({error}): {path}") from None


def _on_disk(conn: sqlite3.Connection) -> bool:
    """Whether ``conn`` reads a file another connection can open (not an in-memory copy)."""
    return any(row[1] == "main" and row[2] for row in conn.execute("PRAGMA database_list"))


def _data_version(conn: sqlite3.Connection) -> int:
    """Changes when another connection (or process) commits to the file."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


class _Damaged(Exception):
    """The checker's integrity_check did not say ok."""


def _reading_error(path: Path, error: BaseException) -> BaseException:
    """What reading the lines or checking the rows raised, as the user's one sentence."""
    if isinstance(error, _Damaged):
        return _corrupt(path)
    if isinstance(error, _BadValue):
        return _bad_value(path, error)
    if isinstance(error, ValueError | KeyError | TypeError):
        return StoreError(f"ファイルの中に形式の違う値があるため開けません: {path}")
    if isinstance(error, sqlite3.DatabaseError):
        return _cannot_read(path, error)
    return error


class LinesReading:
    """Lines read while the file is still being checked (``start_reading_lines``)."""

    def __init__(
        self,
        store: PortfolioStore,
        lines: list[LineFacts],
        checker: _RowChecker | None,
        version: int,
    ) -> None:
        self._store = store
        self._lines = lines
        self._checker = checker
        self._version = version
        self._failure: BaseException | None = None

    def result(self) -> list[LineFacts]:
        """The lines once the file is intact and the values they show keep their rules;
        StoreError saying where one does not. The other columns' checks go on: ``load``
        waits for them."""
        checker, self._checker = self._checker, None
        if checker is not None:
            error = checker.wait_for_lines()
            if error is not None:
                checker.close()
                self._lines = []
                self._failure = _reading_error(self._store.path, error)
            else:
                self._store._found_intact()
                self._store._checks_go_on(checker, self._version)
        if self._failure is not None:
            raise self._failure
        return self._lines


class _RowChecker:
    """The file's checks on its own read-only connection, in a thread (SQLite releases the
    GIL while it scans): ``integrity`` (the integrity check), the columns the lines show
    (``wait_for_lines``), then every other rule (``close`` waits for all; ``error`` is the
    first failure)."""

    def __init__(self, conn: sqlite3.Connection, *, integrity: bool) -> None:
        self.error: BaseException | None = None
        self._conn = conn
        self._integrity = integrity
        self._lines_checked = threading.Event()
        self._thread = threading.Thread(target=self._run, name="file-checks", daemon=True)
        self._thread.start()

    @classmethod
    def start(cls, path: Path, *, integrity: bool) -> _RowChecker | None:
        """The checks under way, or None when the file cannot be opened a second time
        (moved since, out of file handles): then the caller checks on its own connection."""
        try:
            return cls(_connect(_uri(path, "ro")), integrity=integrity)
        except sqlite3.Error:
            return None

    def _run(self) -> None:
        try:
            self._conn.execute("BEGIN")
            try:
                if self._integrity and not _intact(self._conn):
                    raise _Damaged()
                _check_line_rows(self._conn)
                self._lines_checked.set()
                _check_current_rows(self._conn)
            finally:
                self._conn.execute("COMMIT")
        except BaseException as error:  # handed to the caller through .error
            self.error = error
        finally:
            self._lines_checked.set()

    def wait_for_lines(self) -> BaseException | None:
        """Wait until the lines' columns are checked; what failed so far, if anything."""
        self._lines_checked.wait()
        return self.error

    def close(self) -> None:
        """Wait for every check, then let go of the connection."""
        self._thread.join()
        self._conn.close()


def load_portfolio(path: Path) -> Portfolio:
    """The portfolio in ``path``, read-only (no lock, no change): for the CLI commands."""
    with PortfolioStore.open(Path(path), read_only=True) as store:
        return store.load()
