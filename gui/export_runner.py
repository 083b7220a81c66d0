"""出力: exports run in a worker thread behind a progress dialog with a Cancel button.

The forms write into a ``forms.atomic.Staging`` (temporary files and folders) and the
worker puts them in place only when everything succeeded. Every exporter calls the
``Progress`` callback often (per row, per page, per bid); the callback moves the dialog
and, once キャンセル was pressed, raises ``ExportCancelled``: the exporter stops within one
step, the staging removes what it wrote, and nothing is left in the folder.

The log gets where an unexpected failure happened (gui.crash.describe: exception type,
files, lines), never the exception's message, which may quote paths and names.
"""

from __future__ import annotations

import logging
import threading
import time
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
from biddesk.forms.progress import ExportCancelled, Progress
from biddesk.forms.targets import Output, output_problem
from biddesk.gui.crash import describe

log = logging.getLogger(__name__)

PROGRESS_INTERVAL = 0.1  # seconds between dialog updates: the worker may report 100,000 steps


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


class _Relay(QObject):
    """Carries the worker's news to the GUI thread (queued signals)."""

    progress = Signal(int, int)  # done, total (0: not known yet)
    done = Signal(str, str)  # summary, error


class ExportRunner(QObject):
    """Runs one export at a time. ``finished(summary, error)``: exactly one is non-empty,
    or both are empty when the user cancelled."""

    finished = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._relay = _Relay(self)
        self._relay.done.connect(self._worker_done)
        self._relay.progress.connect(self._show_progress)
        self._cancel = threading.Event()
        self._last_report = 0.0
        self._thread: threading.Thread | None = None
        self.progress: QProgressDialog | None = None
        self.last_job: ExportJob | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self, portfolio: Portfolio, job: ExportJob) -> None:
        if self.busy:
            raise UserError("ほかの出力が終わるまでお待ちください。")
        problem = target_problem(job.kind, job.target, job.source)
        if problem is not None:
            raise UserError(problem)
        self._cancel.clear()
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
        self._thread = threading.Thread(
            target=self._work, args=(portfolio, job), name="biddesk-export", daemon=True
        )
        self._thread.start()

    # --- the worker thread ------------------------------------------------------------
    def _report(self, done: int, total: int) -> None:
        """The exporters' Progress callback (worker thread)."""
        if self._cancel.is_set():
            raise ExportCancelled
        now = time.monotonic()
        if now - self._last_report >= PROGRESS_INTERVAL:
            self._last_report = now
            self._relay.progress.emit(done, total)

    def _work(self, portfolio: Portfolio, job: ExportJob) -> None:
        staging = Staging()
        summary, error = "", ""
        try:
            summary = write_export(portfolio, job, staging, self._report)
            self._report(1, 1)  # a cancel up to here still leaves nothing
            staging.commit()
        except ExportCancelled:
            summary = ""
        except UserError as failure:
            error = str(failure)
        except OSError as failure:
            error = str(write_failure(failure, staging.current or job.target))
        except Exception as failure:
            log.error("export failed\n%s", describe(type(failure), failure.__traceback__))
            error = f"出力できませんでした({type(failure).__name__})。"
        finally:
            staging.abort()  # after a commit there is nothing left to remove
            if error:
                summary = ""
        self._relay.done.emit(summary, error)

    # --- the GUI thread -----------------------------------------------------------------
    def cancel(self) -> None:
        """Stop the export: the worker ends at its next step and removes what it wrote."""
        self._cancel.set()
        self._close_progress()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker thread has ended (tests, quitting)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _show_progress(self, done: int, total: int) -> None:
        if self.progress is not None and not self._cancel.is_set():
            self.progress.setMaximum(max(total, 0))
            self.progress.setValue(min(done, total) if total else 0)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _worker_done(self, summary: str, error: str) -> None:
        self._thread = None
        self._close_progress()
        self.finished.emit(summary, error)


def offer_to_open(parent: QWidget, target: Path, summary: str) -> None:
    answer = QMessageBox.question(parent, "出力", f"{summary}\n開きますか?")
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
