"""Atomic output: an export appears complete or not at all, and leaves nothing behind.

Files: each is written under a hidden temporary name beside its target
(``.<name>.biddesk-<host>-<pid>-XXXXXXXX.tmp``) and renamed into place only when every
output of the run succeeded, so a failed or cancelled export leaves no partial file and an
older good file stays untouched.

Folders (the 記入控え folder): written as a whole. Everything goes into a hidden sibling
``.<name>.biddesk-new-<host>-<pid>-…``; on commit the old folder is renamed to
``.<name>.biddesk-old-<host>-<pid>-…``, the new one to its place, and the old one is
removed. A crash at any point leaves the old or the new folder complete; files of bids that
no longer need them disappear with the old folder. BidDesk never deletes what it did not
write: an existing folder must be empty or carry our marker file (the list of what we
wrote there) and hold nothing else (``folder_problem``).

A process killed half-way leaves these hidden names behind (complete PDFs with personal
data among them): the next export into the same folder removes those whose process is gone
(and that are older than its own start), and puts back an old folder whose replacement never
arrived. Another export still writing beside it keeps its files.

Everything is the owner's only (files 0600, folders 0700) whatever the umask: exports
carry names, addresses and accounts, like the portfolio itself.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import shutil
import socket
import tempfile
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from biddesk.domain.errors import UserError, os_reason
from biddesk.domain.storage.lock import _pid_alive as pid_alive  # the lock's own liveness test

_FILE_MODE = 0o600
_FOLDER_MODE = 0o700

MARKER = ".biddesk-folder"
_MARKER_HEAD = (
    "BidDesk 記入控えフォルダ: 出力のたびにフォルダごと作り直します。"
    "ここに自分のファイルを置くと、次の出力は止まります(消しません)。"
)
# Written by the file managers themselves: replacing the folder may drop them.
_SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})

# Our hidden names carry their writer (a hash of the host name and the pid): a leftover is
# removed only when that process is gone, never while another export is writing it.
_OWNER = r"(?P<host>[0-9a-f]{6})-(?P<pid>\d+)"
_TEMP_FILE = re.compile(rf"\..+\.biddesk-{_OWNER}-[a-z0-9_]{{8}}\.tmp")
_OLD_TEMP_FILE = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # BidDesk before issue 12
_NEW_FOLDER = re.compile(rf"\.(?P<name>.+)\.biddesk-new-{_OWNER}-[a-z0-9_]{{8}}")
_OLD_FOLDER = re.compile(rf"\.(?P<name>.+)\.biddesk-old-{_OWNER}-[a-z0-9_]{{8}}")
OTHER_HOST_AGE = 24 * 3600  # seconds: another computer's process cannot be asked


def write_failure(error: OSError, where: Path) -> UserError:
    """The one sentence for an export the file system refused (disk full, read-only…)."""
    return UserError(f"出力できませんでした({os_reason(error)}): {where}")


# --- the 記入控え folder: whose files are these? --------------------------------------


def _manifest(folder: Path) -> set[str] | None:
    """The files BidDesk wrote into ``folder`` last time and the folders holding them, or
    None without a marker."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    files = {line for line in lines[1:] if line}
    return files | {p.as_posix() for f in files for p in Path(f).parents if p != Path(".")}


def _entries(folder: Path) -> list[tuple[str, bool]]:
    """Every path under ``folder`` (relative, with ``/``) and whether it is a folder."""
    found: list[tuple[str, bool]] = []
    for root, dirs, files in os.walk(folder):
        base = Path(root).relative_to(folder)
        found += [((base / d).as_posix(), not (Path(root) / d).is_symlink()) for d in dirs]
        found += [((base / f).as_posix(), False) for f in files]
    return found


def _ours(
    relative: str, is_folder: bool, manifest: set[str] | None, legacy: Collection[str]
) -> bool:
    name = relative.rsplit("/", 1)[-1]
    if relative == MARKER or name in _SYSTEM_FILES:
        return True
    if manifest is not None:
        return relative in manifest
    # Written before the marker existed: one folder per bid holding our form files only.
    depth = relative.count("/")
    if is_folder:
        return depth == 0
    return depth == 1 and (name in legacy or _OLD_TEMP_FILE.fullmatch(name) is not None)


def folder_problem(folder: Path, label: str, legacy_names: Collection[str] = ()) -> str | None:
    """Why ``folder`` may not be replaced as a whole, or None (missing, empty, or only
    files BidDesk wrote). ``legacy_names``: the file names an older BidDesk wrote there."""
    if folder.is_symlink():  # the swap would replace the link, not the folder it names
        return (
            f"{label} のフォルダがシンボリックリンクです"
            f"(リンク先のフォルダを指定してください): {folder}"
        )
    if not folder.is_dir():
        return None
    manifest = _manifest(folder)
    for relative, is_folder in _entries(folder):
        if not _ours(relative, is_folder, manifest, legacy_names):
            return _foreign(label, folder, relative if manifest is not None else None)
    return None


def _foreign(label: str, folder: Path, relative: str | None) -> str:
    if relative is None:
        return (
            f"{label} のフォルダは空でなく、BidDeskの記入控えフォルダでもありません"
            "(フォルダごと作り直すため、空のフォルダか新しいフォルダ名を指定してください): "
            f"{folder}"
        )
    return (
        f"{label} のフォルダにBidDeskが書いていないファイルがあります"
        f"(消さないよう出力を止めました。移動してからもう一度出力してください): {folder / relative}"
    )


# --- leftovers of a killed run -----------------------------------------------------


def _host() -> str:
    return hashlib.sha256(socket.gethostname().encode("utf-8")).hexdigest()[:6]


def owner() -> str:
    """This process, as our hidden names carry it."""
    return f"{_host()}-{os.getpid()}"


def _abandoned(path: Path, found: re.Match[str] | None, started: float) -> bool:
    """Left by a process that is gone: older than this run and, where the name says who
    wrote it, that process no longer runs (on another computer: a day old)."""
    try:
        modified = path.lstat().st_mtime
    except OSError:
        return False
    if modified >= started:
        return False
    if found is None:  # an older BidDesk's name: age is all there is
        return True
    if found["host"] != _host():
        return modified < started - OTHER_HOST_AGE
    pid = int(found["pid"])
    return pid != os.getpid() and not pid_alive(pid)


def clean_leftovers(
    folder: Path, started: float, legacy_temp: re.Pattern[str] | None = None
) -> None:
    """Remove our temporary files and staged folders in ``folder`` older than ``started``,
    and put back an old 記入控え folder whose replacement never arrived."""
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return
    for name in names:
        path = folder / name
        if path.is_symlink():
            continue
        temp = _TEMP_FILE.fullmatch(name)
        new = _NEW_FOLDER.fullmatch(name)
        old = _OLD_FOLDER.fullmatch(name)
        legacy = legacy_temp.fullmatch(name) if legacy_temp and not temp else None
        if not (temp or new or old or legacy) or not _abandoned(path, temp or new or old, started):
            continue
        with contextlib.suppress(OSError):
            if temp or legacy:
                if path.is_file():
                    path.unlink()
            elif new and path.is_dir():
                shutil.rmtree(path)
            elif old and path.is_dir():
                original = folder / old["name"]
                if original.exists():
                    shutil.rmtree(path)
                else:  # killed between the two renames: the old folder is the good one
                    os.rename(path, original)


# --- staging -------------------------------------------------------------------------


@dataclass
class _StagedFolder:
    target: Path
    stage: Path
    label: str
    legacy_names: Collection[str]
    files: list[str] = field(default_factory=list)


class Staging:
    """Temporary files and folders for a set of outputs; ``commit`` puts them all in place,
    ``abort`` removes them."""

    def __init__(self) -> None:
        self._started = time.time()
        self._pending: list[tuple[Path, Path]] = []
        self._folders: list[_StagedFolder] = []
        self._order: list[Path] = []
        self._made_dirs: list[Path] = []
        self._cleaned: set[tuple[Path, str]] = set()
        self.current: Path | None = None  # the output being written (for error messages)

    def _make_parent(self, folder: Path) -> None:
        """Create ``folder`` and its missing parents (owner-only, removed again on abort)."""
        missing: list[Path] = []
        probe = folder
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        try:
            for made in reversed(missing):
                made.mkdir()
                self._made_dirs.append(made)
                os.chmod(made, _FOLDER_MODE)
        except OSError as error:
            raise UserError(f"出力先のフォルダを作れません({os_reason(error)}): {folder}") from None

    def _clean(self, folder: Path, name: str) -> None:
        """Leftovers of killed runs beside an output; also the temporary names of older
        BidDesk versions (``.<name>.XXXXXXXX.tmp``), for this output's name only."""
        if (folder, name) not in self._cleaned:
            self._cleaned.add((folder, name))
            legacy = re.compile(rf"\.{re.escape(name)}\.[a-z0-9_]{{8}}\.tmp")
            clean_leftovers(folder, self._started, legacy)

    def replace_folder(
        self, target: Path, *, label: str = "出力先", legacy_names: Collection[str] = ()
    ) -> Path:
        """Write the folder ``target`` as a whole: ``temp_for`` of any path below it gives a
        file in a hidden staged folder, which replaces ``target`` on commit."""
        target = Path(target)
        self._make_parent(target.parent)
        self._clean(target.parent, target.name)
        problem = folder_problem(target, label, legacy_names)
        if problem is not None:
            raise UserError(problem)
        try:
            stage = Path(
                tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}.biddesk-new-{owner()}-")
            )
        except OSError as error:
            raise write_failure(error, target) from None
        os.chmod(stage, _FOLDER_MODE)
        self._folders.append(_StagedFolder(target, stage, label, legacy_names))
        return stage

    def _staged_folder(self, target: Path) -> _StagedFolder | None:
        return next((f for f in self._folders if f.target in target.parents), None)

    def temp_for(self, target: Path) -> Path:
        """A new empty temporary file for ``target`` (its folder is created if needed)."""
        target = Path(target)
        self.current = target
        folder = self._staged_folder(target)
        if folder is not None:
            return self._file_in_stage(folder, target)
        self._make_parent(target.parent)
        self._clean(target.parent, target.name)
        try:
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.biddesk-{owner()}-", suffix=".tmp"
            )
        except OSError as error:
            raise UserError(
                f"出力先に書き込めません({os_reason(error)}): {target.parent}"
            ) from None
        os.close(handle)
        temp = Path(name)
        self._pending.append((temp, target))
        self._order.append(target)
        return temp

    def _file_in_stage(self, folder: _StagedFolder, target: Path) -> Path:
        relative = target.relative_to(folder.target)
        path = folder.stage / relative
        for parent in reversed(relative.parents[:-1]):  # the bid folders, owner-only
            made = folder.stage / parent
            if not made.exists():
                made.mkdir()
                os.chmod(made, _FOLDER_MODE)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _FILE_MODE))
        folder.files.append(relative.as_posix())
        self._order.append(target)
        return path

    def commit(self) -> list[Path]:
        """Put every output in place; returns the targets in the order they were asked for."""
        for _, target in self._pending:
            if target.is_dir():
                self.abort()
                raise UserError(f"同じ名前のフォルダがあるため書き込めません: {target}")
        for folder in self._folders:  # checked again: the user may have added a file since
            problem = folder_problem(folder.target, folder.label, folder.legacy_names)
            if problem is not None:
                self.abort()
                raise UserError(problem)
        for temp, target in self._pending:
            os.chmod(temp, _FILE_MODE)
            os.replace(temp, target)
        self._pending.clear()
        for folder in list(self._folders):
            _swap(folder)
            self._folders.remove(folder)
        self._made_dirs.clear()
        done, self._order = self._order, []
        return done

    def abort(self) -> None:
        """Remove every temporary file and staged folder (and the folders made for them)."""
        for temp, _ in self._pending:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        self._pending.clear()
        for folder in self._folders:
            shutil.rmtree(folder.stage, ignore_errors=True)
        self._folders.clear()
        self._order.clear()
        deepest_first = sorted(self._made_dirs, key=lambda p: len(p.parts), reverse=True)
        for made in deepest_first:  # only if left empty
            with contextlib.suppress(OSError):
                made.rmdir()
        self._made_dirs.clear()


def _swap(folder: _StagedFolder) -> None:
    """Replace ``folder.target`` by its staged copy: rename old away, new in, old out."""
    lines = [_MARKER_HEAD, *sorted(folder.files)]
    marker = folder.stage / MARKER
    marker.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.chmod(marker, _FILE_MODE)
    target = folder.target
    old: Path | None = None
    if target.exists():
        old = target.with_name(f".{target.name}.biddesk-old-{owner()}-{secrets.token_hex(4)}")
        os.rename(target, old)
    try:
        os.rename(folder.stage, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)  # what is left, the next run removes


@contextlib.contextmanager
def staged(staging: Staging | None = None) -> Iterator[Staging]:
    """Use ``staging`` when given (the caller commits), else a new one committed on
    success and aborted on any error (Ctrl+C and a cancel too)."""
    if staging is not None:
        yield staging
        return
    own = Staging()
    try:
        yield own
    except OSError as error:
        own.abort()
        raise write_failure(error, own.current or Path()) from None
    except BaseException:
        own.abort()
        raise
    try:
        own.commit()
    except OSError as error:
        own.abort()
        raise write_failure(error, own.current or Path()) from None


def write_bytes(path: Path, data: bytes, *, staging: Staging | None = None) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with staged(staging) as stage:
        Path(stage.temp_for(path)).write_bytes(data)
    return Path(path)
