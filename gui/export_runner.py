"""出力: exports run on a gui.worker.Worker behind a progress dialog with a Cancel button.

The forms write into a ``forms.atomic.Staging`` (temporary files and folders) and the
worker puts them in place only when everything succeeded. Every exporter calls the
``Progress`` callback often (per row, per page, per bid); the worker's callback moves the
dialog and, once キャンセル was pressed, raises ``Cancelled``: the exporter stops within one
step, the staging removes what it wrote, and nothing is left in the folder.

The log gets where an unexpected failure happened (gui.crash.describe: exception type,
files, lines), never the exception's message, which may quote paths and names.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from biddesk.domain.errors import UserError
from biddesk.domain.models import Portfolio
from biddesk.domain.schedule.reminders import DEFAULT_REMINDER_DAYS
from biddesk.forms.atomic import Staging, write_failure
from biddesk.forms.progress import Progress
from biddesk.forms.targets import Output, output_problem
from biddesk.gui.crash import describe
from biddesk.gui.worker import Outcome, Worker

log = logging.getLogger(__name__)


class ExportKind(StrEnum):
    WORKBOOK = "xlsx"
    REPORT = "pdf"
    FORMS = "forms"
    CALENDAR = "ics"
    ENVELOPES = "envelopes"

    @property
    def label(self) -> str:
        return {
            ExportKind.WORKBOOK: "Excelブック",
            ExportKind.REPORT: "PDFレポート",
            ExportKind.FORMS: "記入控え",
            ExportKind.CALENDAR: "カレンダー",
            ExportKind.ENVELOPES: "封筒チェックリスト",
        }[self]

    @property
    def suffix(self) -> str:
        """The file's suffix ("" for the 記入控え folder)."""
        return {ExportKind.FORMS: "", ExportKind.ENVELOPES: ".pdf"}.get(self, f".{self.value}")


@dataclass(frozen=True, kw_only=True)
class ExportJob:
    kind: ExportKind
    target: Path
    source: Path  # the portfolio file: an export must never overwrite it
    name: str
    today: date
    include_officer_details: bool = False
    reminders: tuple[int, ...] = DEFAULT_REMINDER_DAYS
    """The calendar's reminder days (the user's settings: gui.user_settings)."""


def target_problem(kind: ExportKind, target: Path, source: Path) -> str | None:
    """Why ``target`` may not receive this export (forms.targets: the command line's rule)."""
    return output_problem(source, [Output(kind.label, target, kind is ExportKind.FORMS)])


def write_export(portfolio: Portfolio, job: ExportJob, staging: Staging, progress: Progress) -> str:
    """Write one export into ``staging`` (not yet in place); returns what was written."""
    # Imported here: starting the window does not pay for openpyxl/reportlab.
    today, name, target = job.today, job.name, job.target
    if job.kind is ExportKind.WORKBOOK:
        from biddesk.forms.workbook import write_workbook

        write_workbook(
            portfolio, target, today=today, name=name, staging=staging, progress=progress
        )
        return f"Excelブックを出力しました: {target}"
    if job.kind is ExportKind.REPORT:
        from biddesk.forms.report import write_report

        write_report(portfolio, target, today=today, name=name, staging=staging, progress=progress)
        return f"PDFレポートを出力しました: {target}"
    if job.kind is ExportKind.FORMS:
        from biddesk.forms.sheets import write_form_sheets

        files = write_form_sheets(
            portfolio,
            target,
            today=today,
            name=name,
            include_officer_details=job.include_officer_details,
            staging=staging,
            progress=progress,
        )
        folders = len({f.parent for f in files})
        return f"記入控えを出力しました: {target}({folders}件の入札、{len(files)}ファイル)"
    if job.kind is ExportKind.ENVELOPES:
        from biddesk.forms.envelope import write_envelope_checklists

        pages = write_envelope_checklists(
            portfolio, target, today=today, name=name, staging=staging, progress=progress
        )
        return f"封筒チェックリストを出力しました: {target}({pages}ページ)"
    from biddesk.forms.calendar import write_calendar

    write_calendar(
        portfolio,
        target,
        today=today,
        name=name,
        staging=staging,
        progress=progress,
        reminders=job.reminders,
    )
    return f"カレンダーを出力しました: {target}"


class ExportRunner(QObject):
    """Runs one export at a time on a ``Worker``. ``finished(summary, error)``: exactly one
    is non-empty, or both are empty when the user cancelled."""

    finished = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self.worker = Worker(self, name="biddesk-export")
        self.worker.progressed.connect(self._show_progress)
        self.progress: QProgressDialog | None = None
        self.last_job: ExportJob | None = None

    @property
    def busy(self) -> bool:
        return self.worker.busy

    def start(self, portfolio: Portfolio, job: ExportJob) -> None:
        if self.busy:
            raise UserError("ほかの出力が終わるまでお待ちください。")
        problem = target_problem(job.kind, job.target, job.source)
        if problem is not None:
            raise UserError(problem)
        self.last_job = job
        progress = QProgressDialog(f"{job.kind.label}を出力しています…", "キャンセル", 0, 0)
        progress.setParent(self._parent, progress.windowFlags())
        progress.setWindowTitle("出力")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.setAutoReset(False)  # the last step is not the end: the files are renamed after
        progress.setAutoClose(False)
        progress.canceled.connect(self.cancel)
        self.progress = progress
        self.worker.start(lambda report: _export(portfolio, job, report), self._worker_done)

    def cancel(self) -> None:
        """Stop the export: the worker ends at its next step and removes what it wrote."""
        self.worker.cancel()
        self._close_progress()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker thread has ended (tests, quitting)."""
        self.worker.wait(timeout)

    def _show_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 0))
            self.progress.setValue(min(done, total) if total else 0)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _worker_done(self, outcome: Outcome[str]) -> None:
        self._close_progress()
        summary, error = "", ""
        if isinstance(outcome.error, UserError):
            error = str(outcome.error)
        elif outcome.error is not None:
            failure = outcome.error
            log.error("export failed\n%s", describe(type(failure), failure.__traceback__))
            error = f"出力できませんでした({type(failure).__name__})。"
        elif outcome.finished and outcome.value is not None:
            summary = outcome.value  # finished before a late キャンセル: the files are in place
        self.finished.emit(summary, error)


def _export(portfolio: Portfolio, job: ExportJob, progress: Progress) -> str:
    """The worker's job: write into a staging, put it in place only when all succeeded."""
    staging = Staging()
    try:
        summary = write_export(portfolio, job, staging, progress)
        progress(1, 1)  # a cancel up to here still leaves nothing
        staging.commit()
        return summary
    except OSError as failure:
        raise write_failure(failure, staging.current or job.target) from failure
    finally:
        staging.abort()  # after a commit there is nothing left to remove


def offer_to_open(parent: QWidget, target: Path, summary: str) -> None:
    answer = QMessageBox.question(parent, "出力", f"{summary}\n開きますか?")
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
