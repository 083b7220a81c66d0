"""Where an export may write: the one rule the command line and the window's save dialogs
both call before anything is written (issue 12 item 2).

An output is refused when it would overwrite
- the portfolio itself (also through a symlink or a hard link), its ``-wal``/``-shm``/
  ``-journal``/``.lock`` files or its ``.v<N>-backup[-k]`` copies;
- any other portfolio (an existing file that starts like an SQLite database), or a file
  with a ``.lock`` beside it (a portfolio another window has open), or such a file's
  ``-wal``/``-shm``/``-journal``/``.lock``;
- another output of the same run (names compared case-insensitively: on the usual
  Windows and macOS volumes they are one file), or a file inside the run's 記入控え folder.

The 記入控え folder (``--forms DIR``) is replaced as a whole on every export, so it must not
hold the portfolio, and an existing folder must be empty or one that BidDesk wrote
(``forms.atomic.folder_problem``): BidDesk never deletes a file it did not write.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from biddesk.domain.errors import UserError
from biddesk.domain.storage.lock import lock_path
from biddesk.forms.atomic import folder_problem

SQLITE_MAGIC = b"SQLite format 3\x00"
_SIDECARS = ("-wal", "-shm", "-journal", ".lock")


class UnsafeOutput(UserError):
    """An output would destroy the portfolio, another portfolio or another output."""


@dataclass(frozen=True)
class Output:
    """One place an export writes; ``label`` names it in the sentence (``--xlsx``,
    「Excelブック」)."""

    label: str
    path: Path
    is_folder: bool = False


def _real(path: Path) -> Path:
    """Absolute, with the symlinks of its existing part resolved."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _key(path: Path) -> str:
    return os.path.normcase(str(_real(path))).casefold()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _is_database(path: Path) -> bool:
    """Cheap: the first 16 bytes of an existing regular file say SQLite."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _portfolio_names(portfolio: Path) -> re.Pattern[str]:
    """The portfolio's sidecars and its backups (``<stem>.v3-backup-2.biddesk``, the names
    ``domain.storage.store`` gives them before a migration)."""
    name, stem, suffix = (re.escape(s) for s in (portfolio.name, portfolio.stem, portfolio.suffix))
    sidecars = "|".join(re.escape(s) for s in _SIDECARS)
    return re.compile(rf"{name}(?:{sidecars})|{stem}\.v\d+-backup(?:-\d+)?{suffix}", re.I)


def _file_problem(output: Output, portfolio: Path) -> str | None:
    path = _real(output.path)
    where = f"{output.label} の出力先"
    if path.is_dir():
        return f"{output.label} にはファイル名を指定してください(フォルダです): {output.path}"
    real_portfolio = _real(portfolio)
    if _same_file(path, real_portfolio):
        return f"{where}がポートフォリオファイルそのものです: {output.path}"
    same_folder = _same_file(path.parent, real_portfolio.parent)
    if same_folder and _portfolio_names(real_portfolio).fullmatch(path.name):
        return (
            f"{where}はポートフォリオの作業用ファイル(ロック・-wal・-shm・バックアップ)です: "
            f"{output.path}"
        )
    if _is_database(path):
        return f"{where}は別のポートフォリオ(データベース)ファイルです: {output.path}"
    if lock_path(path).exists():
        return f"{where}は開かれているポートフォリオです(ロックファイルがあります): {output.path}"
    for sidecar in _SIDECARS:
        if path.name.lower().endswith(sidecar):
            base = path.with_name(path.name[: -len(sidecar)])
            if _is_database(base) or lock_path(base).exists():
                return f"{where}はほかのポートフォリオの作業用ファイルです: {output.path}"
    return None


def _inside(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or somewhere below it (symlinks resolved)."""
    inner, outer = _key(path), _key(folder)
    return inner == outer or inner.startswith(outer.rstrip(os.sep) + os.sep)


def _folder_problem(output: Output, portfolio: Path) -> str | None:
    path = output.path
    if path.exists() and not path.is_dir():
        return f"{output.label} にはフォルダを指定してください(ファイルです): {path}"
    if _inside(portfolio, path):
        return (
            f"{output.label} のフォルダにはポートフォリオファイルがあります"
            f"(記入控えはフォルダごと作り直すため、別のフォルダを指定してください): {path}"
        )
    from biddesk.forms.sheets import FORM_FILES  # here: checking a path need not load reportlab

    return folder_problem(path, output.label, FORM_FILES)


def _pair_problem(first: Output, second: Output) -> str | None:
    if _key(first.path) == _key(second.path) or _same_file(first.path, second.path):
        return f"{first.label} と {second.label} の出力先が同じです: {second.path}"
    for folder, other in ((first, second), (second, first)):
        if folder.is_folder and _inside(other.path, folder.path):
            return (
                f"{other.label} の出力先が {folder.label} のフォルダの中にあります"
                f"(フォルダごと作り直すため消えてしまいます): {other.path}"
            )
    return None


def forms_folder_in(chosen: Path, stem: str) -> Path:
    """The 記入控え folder a folder picked in a dialog means: the folder itself when it is
    empty or one BidDesk wrote, else a new 「<stem>_記入控え」 inside it — a user who picks
    the portfolio's folder or 書類 gets a folder of its own, not a refusal."""
    from biddesk.forms.sheets import FORM_FILES

    chosen = Path(chosen)
    if chosen.is_dir() and folder_problem(chosen, "", FORM_FILES) is None:
        return chosen
    return chosen / f"{stem}_記入控え"


def output_problem(portfolio: Path, outputs: Sequence[Output]) -> str | None:
    """The first reason not to write ``outputs`` of ``portfolio``, or None."""
    for output in outputs:
        check = _folder_problem if output.is_folder else _file_problem
        problem = check(output, portfolio)
        if problem is not None:
            return problem
    for index, first in enumerate(outputs):
        for second in outputs[index + 1 :]:
            problem = _pair_problem(first, second)
            if problem is not None:
                return problem
    return None


def check_outputs(portfolio: Path, outputs: Sequence[Output]) -> None:
    """Raise ``UnsafeOutput`` (one sentence) when any output must not be written."""
    problem = output_problem(Path(portfolio), outputs)
    if problem is not None:
        raise UnsafeOutput(problem)
