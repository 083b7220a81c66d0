"""出力: exports run in a worker thread behind a progress dialog with a Cancel button.

The forms write to temporary files (``forms.atomic.Staging``); only when the worker has
finished and the user has not cancelled are they renamed into place, so a cancelled or
failed export leaves no partial file.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from domain.errors import UserError
from domain.models import Portfolio
from forms.atomic import Staging

log = logging.getLogger(__name__)


class ExportKind(StrEnum):
    WORKBOOK = "xlsx"
    REPORT = "pdf"
    FORMS = "forms"
    CALENDAR = "ics"

    @property
    def label(self) -> str:
        return {
            ExportKind.WORKBOOK: "Excelブック",
            ExportKind.REPORT: "PDFレポート",
            ExportKind.FORMS: "記入控え",
            ExportKind.CALENDAR: "カレンダー",
        }[self]


@dataclass(frozen=True, kw_only=True)
class ExportJob:
    kind: ExportKind
    target: Path
    name: str
    today: date
    include_officer_details: bool = False


def write_export(portfolio: Portfolio, job: ExportJob, staging: Staging) -> str:
    """Write one export into ``staging`` (not yet in place); returns what was written."""
    # Imported here: starting the window does not pay for openpyxl/reportlab.
    if job.kind is ExportKind.WORKBOOK:
        from forms.workbook import write_workbook

        write_workbook(portfolio, job.target, today=job.today, name=job.name, staging=staging)
        return f"Excelブックを出力しました: {job.target}"
    if job.kind is ExportKind.REPORT:
        from forms.report import write_report

        write_report(portfolio, job.target, today=job.today, name=job.name, staging=staging)
        return f"PDFレポートを出力しました: {job.target}"
    if job.kind is ExportKind.FORMS:
        from forms.sheets import write_form_sheets

        files = write_form_sheets(
            portfolio,
            job.target,
            today=job.today,
            name=job.name,
            include_officer_details=job.include_officer_details,
            staging=staging,
        )
        folders = len({f.parent for f in files})
        return f"記入控えを出力しました: {job.target}({folders}件の入札、{len(files)}ファイル)"
    from forms.calendar import write_calendar

    write_calendar(portfolio, job.target, today=job.today, name=job.name, staging=staging)
    return f"カレンダーを出力しました: {job.target}"


class _Relay(QObject):
    """Carries the worker's result to the GUI thread (a queued signal)."""

    done = Signal(object, str, str)  # staging, summary, error


class ExportRunner(QObject):
    """Runs one export at a time. ``finished(summary, error)``: exactly one is non-empty,
    or both are empty when the user cancelled."""

    finished = Signal(str, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._relay = _Relay(self)
        self._relay.done.connect(self._worker_done)
        self._cancelled = False
        self._thread: threading.Thread | None = None
        self.progress: QProgressDialog | None = None
        self.last_job: ExportJob | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self, portfolio: Portfolio, job: ExportJob) -> None:
        if self.busy:
            raise UserError("ほかの出力が終わるまでお待ちください。")
        self._cancelled = False
        self.last_job = job
        progress = QProgressDialog(f"{job.kind.label}を出力しています…", "キャンセル", 0, 0)
        progress.setParent(self._parent, progress.windowFlags())
        progress.setWindowTitle("出力")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        progress.canceled.connect(self.cancel)
        self.progress = progress
        self._thread = threading.Thread(
            target=self._work, args=(portfolio, job), name="biddesk-export", daemon=True
        )
        self._thread.start()

    def _work(self, portfolio: Portfolio, job: ExportJob) -> None:
        staging = Staging()
        try:
            summary = write_export(portfolio, job, staging)
        except UserError as error:
            staging.abort()
            self._relay.done.emit(None, "", str(error))
        except Exception as error:
            staging.abort()
            log.exception("export failed")
            self._relay.done.emit(None, "", f"出力できませんでした({type(error).__name__})。")
        else:
            self._relay.done.emit(staging, summary, "")

    def cancel(self) -> None:
        """Stop waiting: what the worker writes is thrown away when it ends."""
        self._cancelled = True
        self._close_progress()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the worker thread has ended (tests, quitting)."""
        if self._thread is not None:
            self._thread.join(timeout)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.canceled.disconnect(self.cancel)
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _worker_done(self, staging: Staging | None, summary: str, error: str) -> None:
        self._thread = None
        self._close_progress()
        if staging is not None:
            if self._cancelled:
                staging.abort()
                summary = ""
            else:
                try:
                    staging.commit()
                except OSError as commit_error:
                    staging.abort()
                    summary, error = "", f"出力先に書き込めませんでした({commit_error.strerror})。"
        self.finished.emit(summary, error)


def offer_to_open(parent: QWidget, target: Path, summary: str) -> None:
    answer = QMessageBox.question(parent, "出力", f"{summary}\n開きますか?")
    if answer == QMessageBox.StandardButton.Yes:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
