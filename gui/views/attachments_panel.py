"""添付 tab: the selected property's files kept inside the portfolio (3点セットのPDF, photos).

追加… streams the chosen files in (one transaction, with a progress dialog whose キャンセル
adds none), 開く writes a whole copy to a private temporary folder and hands it to the
system's viewer, 保存… writes one where the user says, 削除 asks first (attachments are not on
the undo stack: domain/storage/attachments.py says why). The rules live in
domain/storage/attachments.py and forms/attachment_files.py; this only asks and shows.
"""

from __future__ import annotations

import atexit
import shutil
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.errors import UserError
from biddesk.domain.models import Property
from biddesk.domain.storage.attachments import (
    KIND_LABELS,
    MAX_ATTACHMENT_BYTES,
    MAX_PORTFOLIO_ATTACHMENT_BYTES,
    Attachment,
    attach_files,
    format_size,
    list_attachments,
    remove_attachment,
    safe_file_name,
)
from biddesk.forms.attachment_files import save_attachment, temporary_copy
from biddesk.gui.document import PortfolioDocument

FILE_FILTER = (
    "PDF・画像 (*.pdf *.PDF *.jpg *.jpeg *.JPG *.JPEG *.png *.PNG *.tif *.tiff *.TIF "
    "*.heic *.HEIC *.heif);;すべてのファイル (*)"
)
COLUMNS = ("名前", "種類", "大きさ", "添付日")
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


_TEMPORARY: list[Path] = []
"""The folders of the copies made for 開く, removed when the program ends."""


@atexit.register
def remove_temporary_copies() -> None:
    """The copies made for 開く (a viewer still holding one on Windows keeps it)."""
    for folder in _TEMPORARY:
        shutil.rmtree(folder, ignore_errors=True)
    _TEMPORARY.clear()


class _Cancelled(Exception):
    """キャンセル pressed while files were going in: the transaction is rolled back."""


class AttachmentsPanel(QWidget):
    """The attachments of one property, with 追加…, 開く, 保存…, 削除."""

    failed = Signal(str)
    changed = Signal()  # the list changed (after 追加 or 削除)

    def __init__(self, document: PortfolioDocument, today: date) -> None:
        super().__init__()
        self.document = document
        self.today = today
        self.prop: Property | None = None
        self.items: list[Attachment] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "3点セットのPDFや写真をポートフォリオファイルの中に保存します(BITの掲載が終わっても"
            f"残ります)。ここへドロップしても追加できます。PDF・JPEG・PNG・TIFF・HEIC、1ファイル{format_size(MAX_ATTACHMENT_BYTES)}・"
            f"合計{format_size(MAX_PORTFOLIO_ATTACHMENT_BYTES)}まで。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.cellDoubleClicked.connect(lambda *_: self.open_selected())
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("追加…")
        self.open_button = QPushButton("開く")
        self.save_button = QPushButton("保存…")
        self.remove_button = QPushButton("削除")
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.open_button, self.save_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setAcceptDrops(True)  # files dropped here are attached, not imported
        self._update_buttons()

    # --- showing ------------------------------------------------------------------
    def set_document(self, document: PortfolioDocument) -> None:
        self.document = document
        self.show_property(None)

    def show_property(self, prop: Property | None) -> None:
        self.prop = prop
        self.refresh()

    def refresh(self) -> None:
        try:
            store = self.document.store
            self.items = list_attachments(store, self.prop.id) if self.prop else []
        except UserError as error:
            self.items = []
            self.failed.emit(str(error))
        self.table.setRowCount(len(self.items))
        for row, item in enumerate(self.items):
            cells = (
                item.name,
                KIND_LABELS[item.kind],
                format_size(item.size),
                format_wareki(item.added),
            )
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 2:
                    cell.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, cell)
        total = sum(item.size for item in self.items)
        self.summary.setText(
            f"{len(self.items)}件、{format_size(total)}"
            if self.items
            else "添付ファイルはありません。"
        )
        if self.items:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Attachment | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        writable = self.prop is not None and not self.document.read_only
        chosen = self.selected() is not None
        self.add_button.setEnabled(writable)
        self.remove_button.setEnabled(writable and chosen)
        self.open_button.setEnabled(chosen)
        self.save_button.setEnabled(chosen)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.add_button.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        if paths and self.add_button.isEnabled():
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.attach_paths(paths))

    # --- actions ------------------------------------------------------------------
    def add_files(self) -> None:
        if self.prop is None:
            return
        names, _ = QFileDialog.getOpenFileNames(self, "添付するファイル", "", FILE_FILTER)
        if names:
            self.attach_paths([Path(name) for name in names])

    def attach_paths(self, paths: list[Path]) -> None:
        """Attach ``paths`` to the shown property, all or none, with a progress dialog."""
        if self.prop is None:
            return
        dialog = QProgressDialog("ファイルを保存しています…", "キャンセル", 0, 1000, self)
        dialog.setWindowTitle("添付")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(500)

        def progress(done: int, total: int) -> None:
            dialog.setValue(done * 1000 // total if total else 1000)
            QApplication.processEvents()
            if dialog.wasCanceled():
                raise _Cancelled

        try:
            result = attach_files(
                self.document.store, self.prop.id, paths, today=self.today, progress=progress
            )
        except _Cancelled:
            self.failed.emit("添付を取り消しました(何も添付していません)。")
            return
        except UserError as error:
            self.failed.emit(str(error))
            return
        finally:
            dialog.close()
            dialog.deleteLater()
        self.refresh()
        self.changed.emit()
        if result.already:
            names = "、".join(f"{path.name}(→{name})" for path, name in result.already)
            self.failed.emit(
                f"同じ内容のファイルがすでに添付されているため、添付しませんでした: {names}"
            )

    def open_selected(self) -> None:
        """A whole copy in a private temporary folder, opened by the system's viewer."""
        item = self.selected()
        if item is None:
            return
        try:
            copy = temporary_copy(self.document.store, item)
        except UserError as error:
            self.failed.emit(str(error))
            return
        _TEMPORARY.append(copy.parent)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(copy))):
            self.failed.emit(f"このファイルを開くアプリが見つかりません: {copy}")

    def save_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "添付ファイルを保存", safe_file_name(item.name, item.kind)
        )
        if not name:
            return
        try:
            save_attachment(self.document.store, item, Path(name))
        except UserError as error:
            self.failed.emit(str(error))

    def remove_selected(self) -> None:
        item = self.selected()
        if item is None or self.document.read_only:
            return
        answer = QMessageBox.question(
            self,
            "添付ファイルを削除",
            f"「{item.name}」({format_size(item.size)})を削除しますか?\n"
            "添付ファイルの削除は「元に戻す」では復元できません。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_attachment(self.document.store, item.id)
        except UserError as error:
            self.failed.emit(str(error))
            return
        self.refresh()
        self.changed.emit()
