"""The main window: the portfolio table on the left, the selected line on the right."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.edits import operations
from biddesk.domain.errors import UserError
from biddesk.domain.overview import STATUS_LABELS, OverviewRow
from biddesk.domain.storage.lock import Holder
from biddesk.domain.storage.store import (
    Change,
    PortfolioStore,
    StoreError,
    StoreLockedError,
    StoreNotWritableError,
)
from biddesk.forms.targets import forms_folder_in
from biddesk.gui import drops, user_settings
from biddesk.gui.detail import DetailPane
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.export_runner import (
    ExportJob,
    ExportKind,
    ExportRunner,
    offer_to_open,
    target_problem,
)
from biddesk.gui.keys import confirm_delete
from biddesk.gui.table_model import Column, PortfolioTableModel
from biddesk.gui.views.cashflow_view import CashflowView
from biddesk.gui.views.deadlines_panel import DeadlinesPanel
from biddesk.gui.views.findings_cache import FindingsCache
from biddesk.gui.views.refunds_view import RefundsView
from biddesk.gui.window_keys import install_keys

SUFFIX = ".biddesk"
FILE_FILTER = f"BidDesk ポートフォリオ (*{SUFFIX});;すべてのファイル (*)"
IMPORT_FILTER = "取り込めるファイル (*.txt *.csv *.json);;すべてのファイル (*)"
STATUS_FILTERS = ("", *STATUS_LABELS)  # "": every state


def open_store(path: Path, parent: QWidget | None) -> PortfolioStore | None:
    """Open ``path`` for editing. Where it can only be read (a read-only file, folder or
    volume, a full disk) it opens read-only and says why in the status bar; if another
    window edits it, offer read-only; if a lock's holder cannot be checked, ask whether
    to take over."""
    try:
        return PortfolioStore.open(path)
    except StoreNotWritableError as error:
        store = PortfolioStore.open(path, read_only=True)
        store.read_only_reason = f"読み取り専用で開きました({error.reason}ため)。"
        return store
    except StoreLockedError as error:
        if error.can_take_over and error.holder is not None:
            choice = ask_take_over(parent, error.holder, path)
            if choice == "take_over":
                return PortfolioStore.open(path, take_over=True)
            return PortfolioStore.open(path, read_only=True) if choice == "read_only" else None
        answer = QMessageBox.question(
            parent,
            "ほかのウィンドウで編集中",
            f"{error}\n読み取り専用で開きますか?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return PortfolioStore.open(path, read_only=True)


def ask_take_over(parent: QWidget | None, holder: Holder, path: Path) -> str | None:
    """What the user chose for a lock whose holder may be gone: "take_over", "read_only"
    or None (cancelled)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("編集中のファイル")
    box.setText(
        f"このファイルは{holder.describe()}で編集中のようです。そのプロセスが終了していることが"
        f"確かなら、編集を引き継ぎますか?\n{path}"
    )
    take = box.addButton("引き継ぐ", QMessageBox.ButtonRole.AcceptRole)
    read = box.addButton("読み取り専用で開く", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read)  # the safe answer when unsure
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "take_over" if clicked is take else "read_only" if clicked is read else None


class MainWindow(QMainWindow):
    def __init__(self, document: PortfolioDocument, *, today: date) -> None:
        super().__init__()
        self.today = today
        self.document = document
        self.settings = QSettings()
        self.precheck: PrecheckDialog | None = None
        self.setAcceptDrops(True)
        self.setMinimumSize(1000, 620)

        self.model = PortfolioTableModel(today, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.sortByColumn(Column.PERIOD, Qt.SortOrder.AscendingOrder)
        for column, width in {
            Column.PROPERTY: 165,
            Column.COURT: 120,
            Column.PERIOD: 185,
            Column.BASE: 98,
            Column.MINIMUM: 98,
            Column.DEPOSIT: 98,
            Column.BID: 98,
            Column.FINDINGS: 40,
            Column.STATUS: 115,
            Column.NEXT: 130,
            Column.BIDDER: 150,
            Column.KIND: 90,
        }.items():
            self.table.setColumnWidth(column, width)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("絞り込み(裁判所・事件番号・所在地・入札人…)")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self.model.set_filter(text=text))
        self.status_filter = QComboBox()
        for status in STATUS_FILTERS:
            self.status_filter.addItem(status or "すべての状態", status)
        self.status_filter.currentIndexChanged.connect(
            lambda: self.model.set_filter(status=self.status_filter.currentData())
        )
        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.status_filter)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 0, 6)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table)

        self.detail = DetailPane(document, today)
        self.detail.failed.connect(self.show_error)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.cashflow_view = CashflowView(document, today)
        self.refunds_view = RefundsView(document, today)
        for view in (self.cashflow_view, self.refunds_view):
            view.activated.connect(self.show_bid)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "ポートフォリオ")
        self.pages.addTab(self.cashflow_view, "資金繰り")
        self.pages.addTab(self.refunds_view, "返還管理")
        self.setCentralWidget(self.pages)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.findings_cache = FindingsCache(document, today)
        self.model.set_findings_source(self.findings_cache.count)
        self.deadlines = DeadlinesPanel(document, today)
        self.deadlines.activated.connect(self.show_bid)
        dock = QDockWidget("今後の期限", self)
        dock.setObjectName("deadlines-dock")
        dock.setWidget(self.deadlines)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.deadlines_dock = dock
        self.exporter = ExportRunner(self)
        self.exporter.finished.connect(self._export_finished)
        self._build_actions()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.layoutChanged.connect(self._update_status)
        self._attach(document)
        self._restore_state()

    # --- actions and menus -------------------------------------------------------------
    def _build_actions(self) -> None:
        def action(
            text: str, slot: Callable[[], object], shortcut: QKeySequence.StandardKey | str = ""
        ) -> QAction:
            act = QAction(text, self)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcut(shortcut)
            return act

        self.new_action = action("新規…", self.new_file, QKeySequence.StandardKey.New)
        self.open_action = action("開く…", self.open_file, QKeySequence.StandardKey.Open)
        self.import_action = action("ファイルから取り込み…", self.import_files)
        self.save_as_action = action(
            "名前を付けて保存…", self.save_as, QKeySequence.StandardKey.SaveAs
        )
        self.close_action = action("閉じる", self.close, QKeySequence.StandardKey.Close)
        self.paste_action = action("貼り付けて追加…", lambda: self.paste_dialog(), "Ctrl+Shift+V")
        self.bidders_action = action("入札者…", self.bidders_dialog)
        self.settings_action = action("資金の設定…", self.settings_dialog)
        self.precheck_action = action("入札前チェック…", self.precheck_dialog, "F5")
        self.cashflow_action = action(
            "資金繰り", lambda: self.pages.setCurrentWidget(self.cashflow_view)
        )
        self.refunds_action = action(
            "返還管理", lambda: self.pages.setCurrentWidget(self.refunds_view)
        )
        self.delete_action = action(
            "選択した物件を削除", self.delete_selected, QKeySequence.StandardKey.Delete
        )

        def exporter(kind: ExportKind) -> Callable[[], None]:
            return lambda: self.export(kind)

        self.export_actions = {
            kind: action(f"{kind.label}{suffix}…", exporter(kind))
            for kind, suffix in (
                (ExportKind.WORKBOOK, "(.xlsx)"),
                (ExportKind.REPORT, "(.pdf)"),
                (ExportKind.FORMS, "(フォルダ)"),
                (ExportKind.CALENDAR, "(.ics)"),
            )
        }

        file_menu = self.menuBar().addMenu("ファイル(&F)")
        for act in (self.new_action, self.open_action):
            file_menu.addAction(act)
        self.recent_menu = file_menu.addMenu("最近使ったファイル")
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)

        edit_menu = self.menuBar().addMenu("編集(&E)")
        self.undo_action = QAction("元に戻す", self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(lambda: self.document.undo_stack.undo())
        self.redo_action = QAction("やり直す", self)
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.triggered.connect(lambda: self.document.undo_stack.redo())
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.paste_action)
        edit_menu.addAction(self.delete_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.bidders_action)
        edit_menu.addAction(self.settings_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.precheck_action)
        edit_menu.addAction(self.deadlines_dock.toggleViewAction())

        export_menu = self.menuBar().addMenu("出力(&O)")
        for act in self.export_actions.values():
            export_menu.addAction(act)
        self.export_menu = export_menu

        toolbar = QToolBar("操作")
        toolbar.setObjectName("main-toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(self.paste_action)
        toolbar.addAction(self.bidders_action)
        toolbar.addAction(self.precheck_action)
        toolbar.addAction(self.cashflow_action)
        toolbar.addAction(self.refunds_action)
        export_button = QToolButton()
        export_button.setText("出力")
        export_button.setMenu(export_menu)
        export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        toolbar.addWidget(export_button)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.addToolBar(toolbar)
        self.toolbar = toolbar
        self.keys = install_keys(self)  # Delete only in the table, Ctrl+F, Ctrl+S, Tab
        file_menu.insertAction(self.save_as_action, self.keys.save)
        edit_menu.insertAction(self.bidders_action, self.keys.find)

    # --- the open document ----------------------------------------------------------
    def _attach(self, document: PortfolioDocument) -> None:
        self.document = document
        document.setParent(self)  # lives exactly as long as the window shows it
        document.changed.connect(self._document_changed)
        document.failed.connect(self.show_error)
        document.undo_stack.indexChanged.connect(self._update_undo_actions)
        document.undo_stack.cleanChanged.connect(self._update_undo_actions)
        self.detail.set_document(document)
        if self.deadlines.document is not document:  # a newly opened file
            self.findings_cache.set_document(document)
            self.deadlines.set_document(document)
            self.cashflow_view.set_document(document)
            self.refunds_view.set_document(document)
            if self.precheck is not None:  # an open 入札前チェック follows the file
                self.precheck.set_document(document)
        self.model.set_portfolio(document.portfolio())
        self._update_undo_actions()
        self._update_status()
        self._remember(document.path)
        if document.store.backup is not None:
            QMessageBox.information(
                self,
                "ファイル形式の更新",
                "古い形式のファイルを現在の形式に更新しました。更新前のファイルは次の名前で"
                f"残してあります: {document.store.backup}",
            )
        for act in (self.paste_action, self.import_action, self.delete_action, self.bidders_action):
            act.setEnabled(not document.read_only)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)

    def _replace_document(self, document: PortfolioDocument) -> None:
        old = self.document
        old.changed.disconnect(self._document_changed)
        old.failed.disconnect(self.show_error)
        old.undo_stack.indexChanged.disconnect(self._update_undo_actions)
        old.undo_stack.cleanChanged.disconnect(self._update_undo_actions)
        old.close()
        old.deleteLater()
        self._attach(document)

    def _document_changed(self, change: Change) -> None:
        key = self._current_key()
        self.findings_cache.invalidate(change)
        self.model.set_portfolio(self.document.portfolio())
        self.model.refresh_findings()
        focus = self._focus_after(change) or key
        if focus is not None:
            self._select_key(focus)
        self._refresh_detail()
        self._update_status()

    def _focus_after(self, change: Change) -> tuple[str, str] | None:
        """After adding things, select the first added line so the user sees it."""
        if change.put_bids and len(change.put_bids) == 1:
            bid = change.put_bids[0]
            if bid.id in self.document.state.bids:
                return (bid.property, bid.id)
        if change.put_properties and self.model.row_of((change.put_properties[0].id, "")) >= 0:
            return (change.put_properties[0].id, "")
        return None

    def _update_undo_actions(self) -> None:
        stack = self.document.undo_stack
        self.undo_action.setEnabled(stack.canUndo())
        self.redo_action.setEnabled(stack.canRedo())
        self.undo_action.setText(f"元に戻す: {stack.undoText()}" if stack.canUndo() else "元に戻す")
        self.redo_action.setText(f"やり直す: {stack.redoText()}" if stack.canRedo() else "やり直す")

    def _update_status(self) -> None:
        state = self.document.state
        mode = "(読み取り専用)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.path.stem}{mode} — BidDesk 競売入札準備デスク")
        store = self.document.store
        notices = "".join(n for n in (store.read_only_reason, store.journal_note) if n)
        # The notice first: a long path would push it behind the counts on the right.
        where = f"{self.document.path}{mode}" if not store.read_only_reason else f"{store.path}"
        self.statusBar().showMessage(f"{notices}　{where}" if notices else where)
        self.count_label.setText(
            f"物件 {len(state.properties):,}件 / 入札 {len(state.bids):,}件 / "
            f"入札者 {len(state.bidders):,}名　表示 {self.model.rowCount():,}行"
        )

    # --- selection ------------------------------------------------------------------
    def _current_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        key: tuple[str, str] = self.model.row_at(index.row()).key
        return key

    def _select_key(self, key: tuple[str, str]) -> None:
        row = self.model.row_of(key)
        if row < 0:
            return
        index = self.model.index(row, 0)
        if index.isValid():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def current_row(self) -> OverviewRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.row_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        self.detail.show_row(self.current_row())

    # --- commands -------------------------------------------------------------------
    def show_error(self, message: str) -> None:
        QMessageBox.warning(self, "BidDesk", message)

    def apply(self, change: Change, text: str) -> bool:
        try:
            self.document.apply(change, text)
        except StoreError as error:
            self.show_error(str(error))
            return False
        return True

    def delete_selected(self) -> None:
        row = self.current_row()
        if row is None or self.document.read_only:
            return
        prop = row.property
        change = operations.remove_property(self.document.state, prop.id)
        bids = len(change.delete_bids)
        detail = f"(入札{bids}件も削除されます)" if bids else ""
        question = f"{prop.title} を削除しますか?{detail}"
        if confirm_delete(self, "物件を削除", question):
            self.apply(change, f"{prop.title}を削除")

    def paste_dialog(self, text: str = "") -> None:
        from biddesk.gui.dialogs.paste_dialog import PasteDialog

        dialog = PasteDialog(self, text)
        dialog.added.connect(self.add_properties)
        dialog.exec()

    def add_properties(self, properties: list) -> None:  # type: ignore[type-arg]
        change = operations.add_properties(properties, self.document.new_id)
        added = len(change.put_properties)
        if added and self.apply(change, f"{added}件の物件を追加"):
            self.statusBar().showMessage(f"{added}件の物件を追加しました。", 5000)

    def precheck_dialog(self) -> None:
        if self.precheck is not None and self.precheck.isVisible():  # F5 again: check again
            self.precheck.run()
            self.precheck.raise_()
            return
        dialog = PrecheckDialog(self.document, self.today, self)
        dialog.activated.connect(self.show_bid)
        dialog.show()
        self.precheck = dialog  # kept for tests and so it is not collected while open

    def show_page(self, page: QWidget) -> None:
        self.pages.setCurrentWidget(page)

    def settings_dialog(self) -> None:
        from biddesk.gui.dialogs.settings_dialog import SettingsDialog

        SettingsDialog(self.document, self).exec()

    def show_bid(self, bid_id: str, property_id: str) -> None:
        """Bring the portfolio page forward with this line selected (filter cleared if
        it hid the line)."""
        self.pages.setCurrentIndex(0)
        key = (property_id, bid_id)
        if self.model.row_of(key) < 0:
            self.filter_edit.clear()
            self.status_filter.setCurrentIndex(0)
        self._select_key(key)

    def bidders_dialog(self) -> None:
        from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

        BiddersDialog(self.document, self).exec()
        self._refresh_detail()

    # --- exports --------------------------------------------------------------------
    def export(self, kind: ExportKind) -> None:
        """Ask where, then write in the background (出力 menu)."""
        target = self._ask_export_target(kind)
        if target is None:
            return
        include_officers = False
        if kind is ExportKind.FORMS:
            answer = QMessageBox.question(
                self,
                "陳述書 別紙",
                "陳述書の別紙に役員の生年月日・性別・住所を記入しますか?\n"
                "(個人情報です。「いいえ」なら空欄の下書きになります)",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            include_officers = answer == QMessageBox.StandardButton.Yes
        self.export_to(kind, target, include_officer_details=include_officers)

    def _ask_export_target(self, kind: ExportKind) -> Path | None:
        """The save dialog until the user picks a place the export may write (never the
        portfolio, its lock or backups, another portfolio: forms.targets) or gives up."""
        source = self.document.path
        suggestion = source.parent / f"{source.stem}.{kind.value}"
        while True:
            if kind is ExportKind.FORMS:
                name = QFileDialog.getExistingDirectory(
                    self, "記入控えの出力先フォルダ", str(suggestion.parent)
                )
                target = forms_folder_in(Path(name), source.stem) if name else None
            else:
                suffix = f".{kind.value}"
                name, _ = QFileDialog.getSaveFileName(
                    self, kind.label, str(suggestion), f"{kind.label} (*{suffix})"
                )
                target = Path(name) if name else None
            if target is None:
                return None
            problem = target_problem(kind, target, source)
            if problem is None:
                return target
            QMessageBox.warning(self, f"{kind.label}: 別の出力先を選んでください", problem)
            suggestion = target

    def export_to(
        self, kind: ExportKind, target: Path, *, include_officer_details: bool = False
    ) -> None:
        job = ExportJob(
            kind=kind,
            target=target,
            source=self.document.path,
            name=self.document.path.stem,
            today=self.today,
            include_officer_details=include_officer_details,
        )
        try:
            self.exporter.start(self.document.portfolio(), job)
        except UserError as error:
            self.show_error(str(error))

    def _export_finished(self, summary: str, error: str) -> None:
        if error:
            self.show_error(error)
        elif not summary:
            self.statusBar().showMessage(
                "出力をキャンセルしました(何も書き込んでいません)。", 10000
            )
        else:
            self.statusBar().showMessage(summary, 10000)
            job = self.exporter.last_job
            if job is not None:
                offer_to_open(self, job.target, summary)

    # --- files ----------------------------------------------------------------------
    def new_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "新しいポートフォリオ", "", FILE_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            if path.exists():
                raise StoreError(f"同じ名前のファイルがすでにあります: {path}")
            store = PortfolioStore.create(path)
        except StoreError as error:
            self.show_error(str(error))
            return
        self._replace_document(PortfolioDocument(store))

    def open_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "ポートフォリオを開く", "", FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def open_path(self, path: Path) -> bool:
        try:
            store = open_store(path, self)
            if store is None:
                return False
            document = PortfolioDocument(store)  # reads every row: a bad value says where
        except StoreError as error:
            self.show_error(str(error))
            return False
        self._replace_document(document)
        return True

    def save_as(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "名前を付けて保存", "", FILE_FILTER)
        if not name:
            return
        path = Path(name)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            self.document.store.save_as(path)
        except StoreError as error:
            self.show_error(str(error))
            return
        self.open_path(path)

    def import_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "ファイルから取り込み", "", IMPORT_FILTER)
        self.import_paths([Path(n) for n in names])

    def import_paths(self, paths: list[Path]) -> None:
        from biddesk.gui.importing import change_for_files

        if not paths or self.document.read_only:
            return
        try:
            change, summary, warnings = change_for_files(self.document, paths)
        except UserError as error:
            self.show_error(str(error))
            return
        if not self.apply(change, summary):
            return
        self.statusBar().showMessage(summary, 8000)
        if warnings:
            shown = "\n".join(f"・{w}" for w in warnings[:20])
            more = f"\nほか{len(warnings) - 20}件" if len(warnings) > 20 else ""
            QMessageBox.information(self, "取り込み", f"{summary}\n\n注意:\n{shown}{more}")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if drops.accepts(event.mimeData()):  # files, or text from a browser
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = drops.dropped_files(event.mimeData())
        text = drops.dropped_text(event.mimeData())
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_paths(paths))
        elif text and not self.document.read_only:  # as pasted: the preview first
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.paste_dialog(text))

    def _remember(self, path: Path) -> None:
        recent = user_settings.remember(self.settings, path)
        self.recent_menu.clear()
        for item in recent:
            act = self.recent_menu.addAction(item)
            act.triggered.connect(lambda _=False, p=item: self.open_path(Path(p)))

    # --- window state ------------------------------------------------------------------
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1600, 900)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:
            self.resizeDocks([self.deadlines_dock], [190], Qt.Orientation.Vertical)
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        else:
            self.splitter.setSizes([1050, 550])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.exporter.busy:  # an export still running is cancelled: nothing half-written stays
            self.exporter.cancel()
            self.exporter.wait(10)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        user_settings.sync_private(self.settings)
        self.document.close()
        super().closeEvent(event)
