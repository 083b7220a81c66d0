"""The window's 出力 menu: where to write (asked until the place is allowed), the 別紙
question, the background run (gui.export_runner) and what the user is told afterwards.

``MainWindow.export``, ``export_to`` and ``_export_finished`` delegate here.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from biddesk.domain.errors import UserError
from biddesk.forms.targets import forms_folder_in
from biddesk.gui import user_settings
from biddesk.gui.export_runner import ExportJob, ExportKind, offer_to_open, target_problem

if TYPE_CHECKING:
    from biddesk.gui.main_window import MainWindow


def export(window: MainWindow, kind: ExportKind) -> None:
    """Ask where, then write in the background (出力 menu)."""
    target = ask_export_target(window, kind)
    if target is None:
        return
    include_officers = False
    if kind is ExportKind.FORMS:
        answer = QMessageBox.question(
            window,
            "陳述書 別紙",
            "陳述書の別紙に役員の生年月日・性別・住所を記入しますか?\n"
            "(個人情報です。「いいえ」なら空欄の下書きになります)",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        include_officers = answer == QMessageBox.StandardButton.Yes
    window.export_to(kind, target, include_officer_details=include_officers)


def ask_export_target(window: MainWindow, kind: ExportKind) -> Path | None:
    """The save dialog until the user picks a place the export may write (never the
    portfolio, its lock or backups, another portfolio: forms.targets) or gives up."""
    source = window.document.path
    suggestion = source.parent / f"{source.stem}.{kind.value}"
    if kind is ExportKind.ENVELOPES:  # not the report's name.pdf
        suggestion = source.parent / f"{source.stem}_{kind.label}.pdf"
    while True:
        if kind is ExportKind.FORMS:
            name = QFileDialog.getExistingDirectory(
                window, "記入控えの出力先フォルダ", str(suggestion.parent)
            )
            target = forms_folder_in(Path(name), source.stem) if name else None
        else:
            suffix = kind.suffix
            name, _ = QFileDialog.getSaveFileName(
                window, kind.label, str(suggestion), f"{kind.label} (*{suffix})"
            )
            target = Path(name) if name else None
        if target is None:
            return None
        problem = target_problem(kind, target, source)
        if problem is None:
            return target
        QMessageBox.warning(window, f"{kind.label}: 別の出力先を選んでください", problem)
        suggestion = target


def export_to(
    window: MainWindow, kind: ExportKind, target: Path, *, include_officer_details: bool = False
) -> None:
    document = window.document
    job = ExportJob(
        kind=kind,
        target=target,
        source=document.path,
        name=document.path.stem,
        today=window.today,
        include_officer_details=include_officer_details,
        reminders=user_settings.reminder_days(window.settings),
    )
    try:
        window.exporter.start(document.portfolio(), job)
    except UserError as error:
        window.show_error(str(error))


def export_finished(window: MainWindow, summary: str, error: str) -> None:
    if error:
        window.show_error(error)
    elif not summary:
        window.statusBar().showMessage("出力をキャンセルしました(何も書き込んでいません)。", 10000)
    else:
        window.statusBar().showMessage(summary, 10000)
        job = window.exporter.last_job
        if job is not None:
            offer_to_open(window, job.target, summary)
