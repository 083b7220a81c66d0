"""Atomic output: every file is written under a temporary name beside its target and
renamed into place only when everything succeeded, so a failed export leaves no partial
file (and an older good file stays untouched).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from domain.errors import UserError

# Exports carry names, addresses and accounts (personal data): readable by the owner only,
# like the portfolio file itself. The user decides whom to give a copy.
_FILE_MODE = 0o600


class Staging:
    """Temporary files for a set of outputs; ``commit`` renames them all into place."""

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self._made_dirs: list[Path] = []

    def temp_for(self, target: Path) -> Path:
        """A new empty temporary file in ``target``'s folder (created if needed)."""
        target = Path(target)
        folder = target.parent
        missing: list[Path] = []
        probe = folder
        while not probe.exists() and probe != probe.parent:
            missing.append(probe)
            probe = probe.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        except OSError as error:
            raise UserError(f"出力先に書き込めません: {folder} ({error.strerror})") from None
        os.close(handle)
        self._made_dirs.extend(missing)
        temp = Path(name)
        self._pending.append((temp, target))
        return temp

    def commit(self) -> list[Path]:
        """Rename every temporary file onto its target; returns the targets in order."""
        for _, target in self._pending:
            if target.is_dir():
                self.abort()
                raise UserError(f"同じ名前のフォルダがあるため書き込めません: {target}")
        done = []
        for temp, target in self._pending:
            os.chmod(temp, _FILE_MODE)
            os.replace(temp, target)
            done.append(target)
        self._pending.clear()
        self._made_dirs.clear()
        return done

    def abort(self) -> None:
        """Remove every temporary file (and the folders made only for them)."""
        for temp, _ in self._pending:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        self._pending.clear()
        deepest_first = sorted(self._made_dirs, key=lambda p: len(p.parts), reverse=True)
        for folder in deepest_first:  # only if left empty
            with contextlib.suppress(OSError):
                folder.rmdir()
        self._made_dirs.clear()


@contextlib.contextmanager
def staged(staging: Staging | None = None) -> Iterator[Staging]:
    """Use ``staging`` when given (the caller commits), else a new one committed on
    success and aborted on any error."""
    if staging is not None:
        yield staging
        return
    own = Staging()
    try:
        yield own
    except BaseException:
        own.abort()
        raise
    try:
        own.commit()
    except OSError as error:
        own.abort()
        raise UserError(f"出力ファイルを保存できません({error.strerror})。") from None


def write_bytes(path: Path, data: bytes, *, staging: Staging | None = None) -> Path:
    """Write ``data`` to ``path`` atomically."""
    with staged(staging) as stage:
        Path(stage.temp_for(path)).write_bytes(data)
    return Path(path)
