"""The edit lock of a portfolio file: ``<file>.lock``, held by the OS for the whole session.

The lock is an OS lock on the open lock file (``flock`` on POSIX, ``msvcrt.locking`` on
Windows), not the file's existence: the OS takes it atomically and drops it when the holder
exits or is killed, so two processes taking over a stale lock can never both win, and a
reused pid cannot keep a file locked for good. The file's content only says who holds it
(host, pid, process start, boot id, since) so that a refusal can name the holder.

What the OS cannot tell: a lock written by another computer on a shared folder (whose OS
lock may not reach us) or by an older BidDesk that did not take an OS lock. Those are
reported as ``StoreLockedError`` with ``can_take_over``; the caller asks the user and opens
again with ``take_over=True``.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from biddesk.domain.errors import UserError

FILE_MODE = 0o600
LOCK_FORMAT = "os-lock-1"  # marks a lock file whose holder also holds the OS lock
_WINDOWS_LOCK_OFFSET = 1 << 30  # a byte past the content: Windows locks are mandatory

_HELD: set[str] = set()  # lock files this process holds (a second open must not win)
_HELD_GUARD = threading.Lock()


class LockedError(UserError):
    """Base of the store's StoreLockedError: someone else edits the file."""

    def __init__(self, message: str, *, holder: Holder | None, can_take_over: bool) -> None:
        super().__init__(message)
        self.holder = holder
        self.can_take_over = can_take_over
        """True when the holder cannot be proven alive (another computer, an old lock)."""


@dataclass(frozen=True, kw_only=True)
class Holder:
    """Who the lock file says holds it."""

    pid: int
    host: str
    since: str = ""
    started: str = ""  # the holder process's start time, where the platform tells
    boot_id: str = ""
    os_lock: bool = False

    @property
    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def describe(self) -> str:
        place = "このコンピューター" if self.on_this_host else f"別のコンピューター({self.host})"
        since = f"、{self.since.replace('T', ' ')}から" if self.since else ""
        return f"{place}のプロセス{self.pid}{since}"


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _process_start(pid: int) -> str:
    """The start time of ``pid`` in clock ticks since boot (Linux); "" elsewhere."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def holder_of(text: str) -> Holder | None:
    """The holder recorded in a lock file's text; None when unreadable (stale)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    return Holder(
        pid=data["pid"],
        host=str(data.get("host", "")),
        since=str(data.get("since", "")),
        started=str(data.get("started", "")),
        boot_id=str(data.get("boot_id", "")),
        os_lock=data.get("lock") == LOCK_FORMAT,
    )


def _old_holder_alive(holder: Holder) -> bool:
    """Whether a holder that took no OS lock (an older BidDesk) may still run here."""
    if not _pid_alive(holder.pid):
        return False
    if holder.boot_id and holder.boot_id != _boot_id():
        return False  # written before the last restart
    return not holder.started or holder.started == _process_start(holder.pid)


def _try_os_lock(fd: int) -> bool:
    """Take the OS lock on the open lock file without waiting; False if another holds it."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _release_probe(fd: int) -> None:
    """Let go of a lock taken only to look. On Windows a region lock is freed when its handle
    closes, but "when" is up to the system (msvcrt.locking's documentation): a window opening
    the file at that moment would be told it is locked. So it is unlocked first. POSIX
    releases a flock at close, at once."""
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            with contextlib.suppress(OSError):
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        finally:
            os.lseek(fd, 0, os.SEEK_SET)


def _same_file(fd: int, path: Path) -> bool:
    """Whether ``path`` still names the file we locked (a releasing holder unlinks it)."""
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    return holder_of(os.read(fd, 64 * 1024).decode("utf-8", errors="replace"))


def _write_record(fd: int, content: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    while content:
        content = content[os.write(fd, content) :]


def _content(token: str) -> bytes:
    record = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "token": token,
        "since": datetime.now().isoformat(timespec="seconds"),
        "started": _process_start(os.getpid()),
        "boot_id": _boot_id(),
        "lock": LOCK_FORMAT,
    }
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _recorded_may_run(holder: Holder | None) -> bool:
    """Whether the holder named in a lock file WE could OS-lock may still be editing: on
    another computer (its OS lock may not reach us) or an older BidDesk without OS lock."""
    if holder is None:
        return False
    if holder.on_this_host:
        return not holder.os_lock and _old_holder_alive(holder)
    return True


def _locked_message(holder: Holder | None, db_path: Path, *, alive: bool) -> str:
    who = holder.describe() if holder is not None else "別のプロセス"
    if alive:
        return f"このファイルは別のウィンドウ({who})で編集中です: {db_path}"
    return f"このファイルは{who}で編集中のようです: {db_path}"


def _held_here(path: Path) -> bool:
    with _HELD_GUARD:
        return str(path) in _HELD


@dataclass(kw_only=True)
class FileLock:
    """A held edit lock; ``release`` (or the end of the process) lets it go."""

    path: Path
    fd: int | None
    """A raw descriptor, not a file object: a store that is never closed keeps the lock
    until the process ends (as a window would), without a ResourceWarning."""

    @classmethod
    def acquire(cls, db_path: Path, *, take_over: bool = False) -> FileLock:
        """The edit lock of ``db_path``. LockedError when a live process holds it, or when
        a holder that cannot be checked is recorded and ``take_over`` is False; OSError
        when the lock file cannot be created."""
        path = lock_path(db_path)
        if _held_here(path):  # this process: another window of ours has it open
            us = Holder(pid=os.getpid(), host=socket.gethostname(), os_lock=True)
            message = _locked_message(us, db_path, alive=True)
            raise LockedError(message, holder=us, can_take_over=False)
        for _ in range(20):
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), FILE_MODE)
            try:
                if not _try_os_lock(fd):
                    holder = _read_holder(fd)
                    message = _locked_message(holder, db_path, alive=True)
                    raise LockedError(message, holder=holder, can_take_over=False)
                if _same_file(fd, path):
                    holder = _read_holder(fd)
                    if not take_over and _recorded_may_run(holder):
                        message = _locked_message(holder, db_path, alive=False)
                        raise LockedError(message, holder=holder, can_take_over=True)
                    try:
                        _write_record(fd, _content(uuid.uuid4().hex))
                    except OSError:
                        path.unlink(missing_ok=True)  # ours now: a refusal leaves nothing
                        raise
                    with _HELD_GUARD:
                        _HELD.add(str(path))
                    return cls(path=path, fd=fd)
            except BaseException:
                os.close(fd)
                raise
            os.close(fd)  # we locked a file its holder had just unlinked: again
        message = f"このファイルのロックを取得できませんでした: {db_path}"
        raise LockedError(message, holder=None, can_take_over=False)

    def release(self) -> None:
        fd, self.fd = self.fd, None
        if fd is None:
            return
        with _HELD_GUARD:
            _HELD.discard(str(self.path))
        if sys.platform == "win32":
            os.close(fd)
            with contextlib.suppress(OSError):  # another process has just opened it
                self.path.unlink(missing_ok=True)
            return
        try:
            # Unlinked while still locked: a process waiting on it sees the file is gone.
            self.path.unlink(missing_ok=True)
        finally:
            os.close(fd)


def lock_holder(db_path: Path) -> Holder | None:
    """Who holds, or may hold, the edit lock of ``db_path``; None when nobody does. Reads
    and probes only: the lock file is neither created nor changed."""
    path = lock_path(db_path)
    if _held_here(path):
        return Holder(pid=os.getpid(), host=socket.gethostname(), os_lock=True)
    try:
        fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None
    except OSError:
        return None  # unreadable: no one we could name
    try:
        holder = _read_holder(fd)
        if not _try_os_lock(fd):
            return holder or Holder(pid=0, host="")
        _release_probe(fd)
        return holder if _recorded_may_run(holder) else None
    finally:
        os.close(fd)  # and with it our probing OS lock
