"""Files dropped on the window, chosen in ファイルから取り込み, or pasted → one undoable Change.

A property already in the portfolio is updated, not added again (domain/edits/reimport.py,
contracts.md); before an update is made the window shows what changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from biddesk.domain.edits.reimport import ImportPlan, Verdict, plan_import
from biddesk.domain.errors import UserError, os_read_reason
from biddesk.domain.market.sale_result import SaleResult
from biddesk.domain.models import Portfolio, Property
from biddesk.domain.storage.interchange import read_incoming_file
from biddesk.domain.storage.results_history import add_results
from biddesk.gui.document import PortfolioDocument

MAX_SHOWN = 20
NOTHING_NEW = "取り込んだ物件はすべて登録済みで、変更はありませんでした(二重には追加していません)。"


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        # one Japanese sentence, never the system's English ("Permission denied")
        raise UserError(f"ファイルを読めません({os_read_reason(error)}): {path.name}") from None


def update_lines(plan: ImportPlan) -> list[str]:
    """Each updated property with what changes, then what it means for its bids."""
    lines = []
    for item in plan.updates:
        where = " ".join(filter(None, (item.result.court, item.result.title)))
        lines.append(item.description.replace("更新: ", f"更新 {where}: ", 1))
        lines.extend(f"　→ {consequence}" for consequence in item.consequences)
    return lines


def shown(lines: Sequence[str]) -> str:
    """At most MAX_SHOWN lines of a list, for a message box."""
    text = "\n".join(f"・{line}" for line in lines[:MAX_SHOWN])
    more = len(lines) - MAX_SHOWN
    return text + (f"\nほか{more}件" if more > 0 else "")


def plan_for_files(
    document: PortfolioDocument, paths: list[Path]
) -> tuple[ImportPlan, list[str], list[SaleResult]]:
    """Read every file first; any error names the file and nothing is imported. Each file
    gets fresh ids of its own (as `import` does), so two files may both say "p1"."""
    # The same reader as `import`: an Excel, PDF or calendar file is refused with a hint.
    incoming = [read_incoming_file(_read(path), path.name) for path in paths]
    plan = plan_import(document.portfolio(), [i.portfolio for i in incoming], document.new_id)
    results = [r for item in incoming for r in item.results]  # a JSON's 売却結果 history
    if plan.change.is_empty and not results:
        if plan.count(Verdict.SAME):
            raise UserError(NOTHING_NEW)
        raise UserError("取り込める物件・入札者・入札がありませんでした。")
    warnings = [w for item in incoming for w in item.warnings]
    warnings += [
        f"{p.incoming.title}: {w}"
        for f in plan.files
        for p in f.properties
        if p.verdict is Verdict.NEW and p.joins is None
        for w in p.incoming.warnings
    ]
    return plan, warnings, results


def plan_for_properties(document: PortfolioDocument, properties: list[Property]) -> ImportPlan:
    """Pasted properties (貼り付けて追加): new ones added, known ones updated."""
    return plan_import(
        document.portfolio(), [Portfolio(properties=tuple(properties))], document.new_id
    )


def confirm_updates(parent: QWidget | None, plan: ImportPlan) -> bool:
    """Ask before properties already in the portfolio are changed (the preview of what
    changes); True when there is nothing to ask or the user agrees."""
    lines = update_lines(plan)
    if not lines:
        return True
    answer = QMessageBox.question(
        parent,
        "登録済みの物件を更新",
        f"{len(plan.updates)}件の物件はすでに登録されているため、次のとおり更新します"
        f"(元に戻すで戻せます)。\n\n{shown(lines)}\n\nよろしいですか?",
    )
    return answer == QMessageBox.StandardButton.Yes


def add_history(document: PortfolioDocument, results: Sequence[SaleResult]) -> str:
    """A JSON's 売却結果 history into the file: no undoable edit (the history is not the
    user's own data); written now, never twice. The sentence that says how many."""
    if not results:
        return ""
    count = len(add_results(document.store, results))
    return f"売却結果{count}件を履歴に追加しました(登録済み{len(results) - count}件)。"
