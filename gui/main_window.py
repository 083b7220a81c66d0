"""The main window: the portfolio table on the left, the selected line on the right.

Its jobs live beside it and its methods delegate to them: the table and its filters
(portfolio_table), files (window_files: open, new, save as, import, recent), exports
(window_exports) and its title, status bar and saved layout (window_state). Here: the
pages, the actions and menus, the open document and the selection."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import cast

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QToolBar,
    QToolButton,
    QWidget,
)

from biddesk.domain.edits import operations
from biddesk.domain.models import Property
from biddesk.domain.overview import OverviewRow
from biddesk.domain.storage.store import (
    Change,
    StoreError,
)
from biddesk.gui import drops, window_exports, window_files, window_state
from biddesk.gui.detail import DetailPane
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.dialogs.results_dialog import ResultsDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.export_runner import (
    ExportKind,
    ExportRunner,
)
from biddesk.gui.first_paint import FirstPaint
from biddesk.gui.keys import confirm_delete
from biddesk.gui.lazy_tabs import LazyTabs
from biddesk.gui.portfolio_table import STATUS_FILTERS, build_portfolio_table
from biddesk.gui.printing import PrintMenu
from biddesk.gui.table_model import PortfolioTableModel
from biddesk.gui.views.cashflow_view import CashflowView
from biddesk.gui.views.deadlines_panel import DeadlinesPanel
from biddesk.gui.views.findings_cache import FindingsCache
from biddesk.gui.views.market_view import MarketView
from biddesk.gui.views.refunds_view import RefundsView
from biddesk.gui.window_files import FILE_FILTER, IMPORT_FILTER, SUFFIX, ask_take_over, open_store
from biddesk.gui.window_keys import install_keys

# The names other modules import from here, now defined beside the window.
__all__ = [
    "FILE_FILTER",
    "IMPORT_FILTER",
    "STATUS_FILTERS",
    "SUFFIX",
    "MainWindow",
    "ask_take_over",
    "open_store",
]


class MainWindow(QMainWindow):
    def __init__(self, document: PortfolioDocument, *, today: date) -> None:
        super().__init__()
        self.today = today
        self.document = document
        self.settings = QSettings()
        self.precheck: PrecheckDialog | None = None
        self.setAcceptDrops(True)

        self.model = PortfolioTableModel(today, self)
        portfolio_table = build_portfolio_table(self.model)
        self.table = portfolio_table.table
        self.filter_edit = portfolio_table.filter_edit
        self.status_filter = portfolio_table.status_filter
        left = portfolio_table.widget

        self.detail = DetailPane(document, today)
        self.detail.failed.connect(self.show_error)
        self.splitter = QSplitter()
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        # 資金繰り, 返還管理 and 市場 (the 売却結果 history, issue 16) are built when first shown
        self.pages = LazyTabs()
        self.pages.setDocumentMode(True)
        self.pages.addTab(self.splitter, "ポートフォリオ")
        self._cashflow_page = self.pages.add_lazy("資金繰り", self._build_cashflow)
        self._refunds_page = self.pages.add_lazy("返還管理", self._build_refunds)
        self._market_page = self.pages.add_lazy("市場", self._build_market)
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
        self.first_paint = FirstPaint(self.table.viewport())
        self.exporter = ExportRunner(self)
        self.exporter.finished.connect(self._export_finished)
        self._build_actions()
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.model.layoutChanged.connect(self._update_status)
        self._attach(document)
        self._restore_state()

    # --- the pages built on first use ---------------------------------------------------
    def _build_cashflow(self) -> CashflowView:
        view = CashflowView(self.document, self.today)
        view.activated.connect(self.show_bid)
        return view

    def _build_refunds(self) -> RefundsView:
        view = RefundsView(self.document, self.today)
        view.activated.connect(self.show_bid)
        return view

    def _build_market(self) -> MarketView:
        view = MarketView(self.document, self.today)
        view.activated.connect(self.show_bid)
        view.import_requested.connect(self.results_dialog)
        view.import_button.setEnabled(not self.document.read_only)
        return view

    @property
    def cashflow_view(self) -> CashflowView:
        return cast(CashflowView, self.pages.page(self._cashflow_page))

    @property
    def refunds_view(self) -> RefundsView:
        return cast(RefundsView, self.pages.page(self._refunds_page))

    @property
    def market_view(self) -> MarketView:
        return cast(MarketView, self.pages.page(self._market_page))

    def _built_market(self) -> MarketView | None:
        if self.pages.is_built(self._market_page):
            return self.market_view
        return None

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
            "資金繰り", lambda: self.pages.setCurrentIndex(self._cashflow_page)
        )
        self.refunds_action = action(
            "返還管理", lambda: self.pages.setCurrentIndex(self._refunds_page)
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
                (ExportKind.ENVELOPES, "(郵送する入札, .pdf)"),
            )
        }
        self.reminders_action = action("カレンダーの通知…", self.reminders_dialog)

        file_menu = self.menuBar().addMenu("ファイル(&F)")
        for act in (self.new_action, self.open_action):
            file_menu.addAction(act)
        self.recent_menu = file_menu.addMenu("最近使ったファイル")
        file_menu.addSeparator()
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.save_as_action)
        file_menu.addSeparator()
        self.printing = PrintMenu(  # 印刷 with a preview (Ctrl+P)
            self,
            file_menu,
            portfolio=lambda: self.document.portfolio(),
            bid_id=lambda: row.bid.id if (row := self.current_row()) and row.bid else None,
            today=self.today,
            name=lambda: self.document.path.stem,
        )
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
        self.results_action = action("売却結果を取り込む…", self.results_dialog)
        edit_menu.addAction(self.results_action)
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
        export_menu.addSeparator()
        export_menu.addAction(self.reminders_action)
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
            for page in self.pages.built_pages():  # a page built later takes it then
                cast(CashflowView | RefundsView | MarketView, page).set_document(document)
            if self.precheck is not None:  # an open 入札前チェック follows the file
                self.precheck.set_document(document)
        if document.is_loaded:
            self.first_paint.disarm()
            self.model.set_portfolio(document.portfolio())
        else:  # its lines now, the whole portfolio after the first paint
            self.model.set_lines(document.lines)  # StoreError: a row failed its checks
            document.loaded.connect(self._document_loaded)
            document.load_failed.connect(self._load_failed)
            self.first_paint.arm(document)
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
        self.results_action.setEnabled(not document.read_only)
        market = self._built_market()
        if market is not None:
            market.import_button.setEnabled(not document.read_only)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self._first_selection = True  # shown when the portfolio is read, not now
            self.table.selectRow(0)
            self._first_selection = False

    def _document_loaded(self) -> None:
        """The whole portfolio is read: 次の期限, 指摘 and the selected line's detail (the
        same line, found by its key: another window may have edited the file since)."""
        key = self._current_key()
        self.model.set_portfolio(self.document.portfolio(), self.document.lines_of_portfolio)
        self.model.refresh_findings()
        if key is not None:  # kept, not scrolled to: a sort asked for meanwhile shows its top
            self._select_key(key, scroll=False)
        if self.model.rowCount() and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self._refresh_detail()
        self._update_status()

    def _load_failed(self, message: str) -> None:
        """The file shown by its lines could not be read whole (a value inside a JSON
        column the row checks do not reach): say so and close, as if it had not opened."""
        self.load_failed = True
        self.show_error(message)
        self.close()

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
        window_state.update_undo_actions(self)

    def _update_status(self) -> None:
        window_state.update_status(self)

    # --- selection ------------------------------------------------------------------
    def _current_key(self) -> tuple[str, str] | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.key_at(index.row())

    def _select_key(self, key: tuple[str, str], *, scroll: bool = True) -> None:
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
            if scroll:
                self.table.scrollTo(index)

    def current_row(self) -> OverviewRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        if not self.model.has_portfolio:  # a command before the portfolio is read: read it
            self.document.finish_loading()  # (_document_loaded keeps the line selected)
            index = self.table.currentIndex()
            if not index.isValid():
                return None
        return self.model.row_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh_detail()

    _first_selection = False
    load_failed = False
    """The file shown by its lines could not be read whole (the window closed)."""

    def _refresh_detail(self) -> None:
        # The line selected on opening is shown once the portfolio is read
        # (_document_loaded); a line the user picks before then reads it now.
        if self.model.has_portfolio or not self._first_selection:
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

        dialog = PasteDialog(self, text, existing=self.document.portfolio())
        dialog.added.connect(self.add_properties)
        dialog.exec()

    def add_properties(self, properties: list[Property]) -> None:
        """Pasted properties: new ones added, ones already registered updated (the paste
        preview showed 新規 / 更新 / 変更なし), in one undo step."""
        from biddesk.gui.importing import NOTHING_NEW, plan_for_properties

        plan = plan_for_properties(self.document, properties)
        summary = plan.summary()
        if plan.change.is_empty:
            self.statusBar().showMessage(NOTHING_NEW, 5000)
        elif self.apply(plan.change, summary.removesuffix("しました。")):
            self.statusBar().showMessage(summary, 5000)

    def precheck_dialog(self) -> None:
        if self.precheck is not None and self.precheck.isVisible():  # F5 again: check again
            self.precheck.run()
            self.precheck.raise_()
            return
        dialog = PrecheckDialog(self.document, self.today, self)
        dialog.activated.connect(self.show_bid)
        dialog.show()
        self.precheck = dialog  # kept for tests and so it is not collected while open

    def results_dialog(self) -> None:
        """売却結果の取り込み (issue 16): the history, then the confirmed outcomes (undoable)."""
        dialog = ResultsDialog(self.document, self.today, self)
        dialog.exec()
        self.refresh_market()

    def refresh_market(self) -> None:
        """After 売却結果 were added: 市場 shows them (when built; else when first shown)."""
        market = self._built_market()
        if market is not None:
            market.schedule()

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

    # --- exports (gui/window_exports.py) --------------------------------------------
    def reminders_dialog(self) -> None:
        from biddesk.gui.dialogs.reminders_dialog import RemindersDialog

        RemindersDialog(self.settings, self).exec()

    def export(self, kind: ExportKind) -> None:
        """Ask where, then write in the background (出力 menu)."""
        window_exports.export(self, kind)

    def _ask_export_target(self, kind: ExportKind) -> Path | None:
        return window_exports.ask_export_target(self, kind)

    def export_to(
        self, kind: ExportKind, target: Path, *, include_officer_details: bool = False
    ) -> None:
        window_exports.export_to(
            self, kind, target, include_officer_details=include_officer_details
        )

    def _export_finished(self, summary: str, error: str) -> None:
        window_exports.export_finished(self, summary, error)

    # --- files (gui/window_files.py) ------------------------------------------------
    def new_file(self) -> None:
        window_files.new_file(self)

    def open_file(self) -> None:
        window_files.open_file(self)

    def open_path(self, path: Path) -> bool:
        return window_files.open_path(self, path)

    def save_as(self) -> None:
        window_files.save_as(self)

    def import_files(self) -> None:
        window_files.import_files(self)

    def import_paths(self, paths: list[Path]) -> None:
        window_files.import_paths(self, paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if drops.accepts(event.mimeData()):  # files, or text from a browser
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        window_files.drop(self, event)

    def _remember(self, path: Path) -> None:
        window_files.remember(self, path)

    # --- window state (gui/window_state.py) -------------------------------------------
    def _restore_state(self) -> None:
        window_state.restore_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.exporter.busy:  # an export still running is cancelled: nothing half-written stays
            self.exporter.cancel()
            self.exporter.wait(10)
        window_state.save_state(self)
        self.first_paint.disarm()  # a window closed before its first paint reads no more
        self.document.close()
        super().closeEvent(event)
