"""印刷 (Ctrl+P): the 入札準備シート, the 記入控え and the report, with a print preview.

The pages are the PDFs of forms/ (reportlab, the same bytes as 出力): written to a temporary
folder, read back with Qt's PDF module (QPdfDocument) and painted page by page onto the
QPrinter that QPrintPreviewDialog shows and prints. Each page is scaled to the printer's
page, keeping its proportions (A4 on A4 is 1:1), in its own orientation.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import date
from enum import Enum
from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from biddesk.domain.errors import UserError
from biddesk.domain.models import Portfolio
from biddesk.forms.print_papers import write_bid_papers
from biddesk.forms.report import write_bid_sheet, write_report
from biddesk.gui.geometry import fit_dialog

RENDER_DPI = 200
"""Pages are drawn as images at this resolution (sharp on paper, quick to preview)."""


class PrintKind(Enum):
    SHEET = "入札準備シート"
    PAPERS = "記入控え"
    REPORT = "報告書"

    @property
    def needs_bid(self) -> bool:
        return self is not PrintKind.REPORT


def write_pdf(
    kind: PrintKind,
    portfolio: Portfolio,
    bid_id: str | None,
    target: Path,
    *,
    today: date,
    name: str,
) -> Path:
    """The PDF to print, by the same writers as 出力."""
    if kind.needs_bid:
        if not bid_id:
            raise UserError(f"{kind.value}を印刷する入札を一覧で選んでください。")
        if kind is PrintKind.SHEET:
            return write_bid_sheet(portfolio, bid_id, target, today=today, name=name)
        return write_bid_papers(portfolio, bid_id, target, today=today, name=name)
    return write_report(portfolio, target, today=today, name=name)


class PdfPages:
    """A PDF's pages painted onto a printer (or the preview's stand-in for one)."""

    def __init__(self, path: Path) -> None:
        self.document = QPdfDocument()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_ or self.document.pageCount() == 0:
            raise UserError(f"印刷用のPDFを読めませんでした({path.name})。")

    @property
    def count(self) -> int:
        return int(self.document.pageCount())

    def landscape(self, page: int) -> bool:
        size = self.document.pagePointSize(page)
        return size.width() > size.height()

    def paint(self, printer: QPrinter) -> None:
        """Every page, each in its own orientation, scaled into the printable area."""
        painter = QPainter()
        for page in range(self.count):
            orientation = (
                QPageLayout.Orientation.Landscape
                if self.landscape(page)
                else QPageLayout.Orientation.Portrait
            )
            if page == 0:
                printer.setPageOrientation(orientation)
                if not painter.begin(printer):
                    return
            else:
                printer.setPageOrientation(orientation)  # takes effect on the next page
                printer.newPage()
            area = painter.viewport()
            points = self.document.pagePointSize(page)
            scale = min(area.width() / points.width(), area.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            pixels = QSize(
                int(points.width() / 72 * RENDER_DPI), int(points.height() / 72 * RENDER_DPI)
            )
            image = self.document.render(page, pixels)
            target = QRect(area.x(), area.y(), size.width(), size.height())
            painter.drawImage(target, image)
        painter.end()


class PrintPreview(QPrintPreviewDialog):
    """The preview of one PDF; it owns the temporary folder the PDF lives in."""

    def __init__(self, pages: PdfPages, folder: tempfile.TemporaryDirectory[str], title: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(printer, parent)
        self.target_printer = printer  # kept alive as long as the dialog
        self.pages = pages
        self._folder = folder
        self.setWindowTitle(f"印刷プレビュー: {title}")
        fit_dialog(self, 1100, 860)  # the toolbar and its 印刷 button stay on screen
        printer.setDocName(title)
        self.paintRequested.connect(pages.paint)
        self.finished.connect(lambda _result: self._folder.cleanup())

    @property
    def preview_widget(self) -> QPrintPreviewWidget:
        widget = self.findChild(QPrintPreviewWidget)
        assert widget is not None
        return widget

    def page_count(self) -> int:
        return int(self.preview_widget.pageCount())


def make_preview(
    kind: PrintKind,
    portfolio: Portfolio,
    bid_id: str | None,
    *,
    today: date,
    name: str,
    parent: QWidget | None = None,
) -> PrintPreview:
    """The PDF written and loaded, its preview ready to ``exec`` (or ``show``)."""
    folder = tempfile.TemporaryDirectory(prefix="biddesk-print-")
    try:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            path = write_pdf(
                kind, portfolio, bid_id, Path(folder.name) / f"{kind.value}.pdf",
                today=today, name=name,
            )  # fmt: skip
            pages = PdfPages(path)
        finally:
            QGuiApplication.restoreOverrideCursor()
        return PrintPreview(pages, folder, kind.value, parent)
    except BaseException:
        folder.cleanup()
        raise


class PrintMenu:
    """ファイル → 印刷: one action per kind; Ctrl+P prints the selected bid's 入札準備シート,
    or the report when no bid is selected."""

    def __init__(
        self,
        parent: QWidget,
        menu: QMenu,
        *,
        portfolio: Callable[[], Portfolio],
        bid_id: Callable[[], str | None],
        today: date,
        name: Callable[[], str],
    ) -> None:
        self.parent, self.portfolio, self.bid_id = parent, portfolio, bid_id
        self.today, self.name = today, name
        self.last: PrintPreview | None = None
        self.print_action = QAction("印刷…", parent)
        self.print_action.setShortcut(QKeySequence.StandardKey.Print)
        self.print_action.triggered.connect(lambda: self.preview(None))
        submenu = menu.addMenu("印刷")
        submenu.addAction(self.print_action)
        submenu.addSeparator()
        self.actions = {}
        for kind in PrintKind:
            suffix = "(選択した入札)" if kind.needs_bid else "(ポートフォリオ全体)"
            act = QAction(f"{kind.value}{suffix}…", parent)
            act.triggered.connect(lambda _=False, k=kind: self.preview(k))
            submenu.addAction(act)
            self.actions[kind] = act
        parent.addAction(self.print_action)

    def preview(self, kind: PrintKind | None, *, modal: bool = True) -> PrintPreview | None:
        bid_id = self.bid_id()
        if kind is None:
            kind = PrintKind.SHEET if bid_id else PrintKind.REPORT
        try:
            dialog = make_preview(
                kind, self.portfolio(), bid_id, today=self.today, name=self.name(),
                parent=self.parent,
            )  # fmt: skip
        except UserError as error:
            QMessageBox.warning(self.parent, "印刷", str(error))
            return None
        self.last = dialog
        if modal:
            dialog.exec()
        else:
            dialog.show()
        return dialog
