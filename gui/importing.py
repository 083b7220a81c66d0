"""Files dropped on the window or chosen in ファイルから取り込み → one undoable Change."""

from __future__ import annotations

from pathlib import Path

from biddesk.domain.errors import UserError, os_read_reason
from biddesk.domain.models import Portfolio
from biddesk.domain.storage.interchange import (
    combine_changes,
    duplicate_warnings,
    merge_into,
    read_incoming_file,
)
from biddesk.domain.storage.store import Change
from biddesk.gui.document import PortfolioDocument


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        # one Japanese sentence, never the system's English ("Permission denied")
        raise UserError(f"ファイルを読めません({os_read_reason(error)}): {path.name}") from None


def change_for_files(
    document: PortfolioDocument, paths: list[Path]
) -> tuple[Change, str, list[str]]:
    """Read every file first; any error names the file and nothing is imported. Each file
    gets fresh ids of its own (as `import` does), so two files may both say "p1"."""
    # The same reader as `import`: an Excel, PDF or calendar file is refused with a hint.
    incoming = [read_incoming_file(_read(path), path.name) for path in paths]
    change = combine_changes([merge_into(item.portfolio, document.new_id) for item in incoming])
    if change.is_empty:
        raise UserError("取り込める物件・入札者・入札がありませんでした。")
    added = Portfolio(
        properties=change.put_properties, bidders=change.put_bidders, bids=change.put_bids
    )
    warnings = [w for item in incoming for w in item.warnings]
    warnings += duplicate_warnings(document.portfolio(), added)
    summary = (
        f"{len(paths)}個のファイルから物件{len(added.properties)}件・入札者"
        f"{len(added.bidders)}名・入札{len(added.bids)}件を取り込みました。"
    )
    return change, summary, warnings
