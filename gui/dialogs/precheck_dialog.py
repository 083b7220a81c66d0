"""入札前チェック: every rule over the whole portfolio, as a filterable list by bid.

``run_checks`` is a pure function of the portfolio and today, about 0.1 ms per bid plus
the cash-flow stress test (1.1 s for 10,000 bids). Small portfolios are checked at once;
large ones on a gui.worker.Worker behind a progress bar (bids checked) with a 中止 button:
the check stops at the next bid and its result is dropped.
"""

from __future__ import annotations

import contextlib
from datetime import date

from PySide6.QtCore import QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.rules.registry import Finding, Severity, counts
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.geometry import fit_dialog
from biddesk.gui.keys import tab_leaves
from biddesk.gui.palette import Role
from biddesk.gui.views.findings_view import FindingColumn, FindingsModel, summary_text
from biddesk.gui.worker import Outcome, Worker

SEVERITY_FILTERS: tuple[tuple[str, Severity | None], ...] = (
    ("すべて", None),
    ("重大のみ", Severity.ERROR),
    ("注意のみ", Severity.WARNING),
    ("情報のみ", Severity.INFO),
)


RERUN_DELAY_MS = 300
"""After an edit, the check runs again once edits pause this long."""


SEVERITY_WIDTH = 70
COLUMN_WIDTHS = {
    FindingColumn.SEVERITY: SEVERITY_WIDTH,
    FindingColumn.PROPERTY: 190,
    FindingColumn.BIDDER: 150,
    FindingColumn.DUE: 150,
    FindingColumn.SOURCE: 240,
}
"""The columns besides 内容 at their preferred widths (narrowed on a small dialog)."""
MESSAGE_SHARE = 0.4
MESSAGE_MIN = 280
FIT_ROWS = 500


def group_by_bid(findings: list[Finding], bid_order: dict[str, int]) -> list[Finding]:
    """Errors first, then warnings, then information; within each, the portfolio-wide
    findings, then bid by bid (portfolio order), the nearest due first."""
    return sorted(
        findings,
        key=lambda f: (
            f.severity.rank,
            -1 if f.bid is None else bid_order.get(f.bid, len(bid_order)),
            f.due or date.max,
        ),
    )


class PrecheckDialog(QDialog):
    """Runs every rule and lists the findings; double-click a line to go to its bid."""

    activated = Signal(str, str)  # bid id, property id
    checked = Signal()  # results are shown

    THREAD_THRESHOLD = 800
    """Above this many bids the check runs in a worker thread (≈ 0.1 s of checks)."""

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.today = today
        self.findings: list[Finding] = []
        self.worker = Worker(self, name="biddesk-precheck")
        self.setWindowTitle("入札前チェック")
        fit_dialog(self, 1180, 600)  # the screen less a margin if smaller

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.severity = QComboBox()
        for label, severity in SEVERITY_FILTERS:
            self.severity.addItem(label, severity.value if severity is not None else "")
        self.severity.currentIndexChanged.connect(self._filter_changed)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(QLabel("表示:"))
        top.addWidget(self.severity)

        self.busy_label = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # busy until the first figures come: then bids checked
        self.busy.setTextVisible(False)
        self.worker.progressed.connect(self._show_progress)
        self.cancel_button = QPushButton("中止")
        self.cancel_button.clicked.connect(self.cancel)
        self.busy_row = QWidget()
        busy = QHBoxLayout(self.busy_row)
        busy.setContentsMargins(0, 0, 0, 0)
        busy.addWidget(self.busy_label)
        busy.addWidget(self.busy, 1)
        busy.addWidget(self.cancel_button)
        self.busy_row.setVisible(False)

        self.model = FindingsModel(document, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(False)  # the default order is by bid; headers re-sort
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.view.verticalHeader().setVisible(False)
        # 内容 wraps: rows fit their message (two lines at least; beyond FIT_ROWS findings
        # the rows keep two lines and the whole message is in the tooltip and below).
        self.view.verticalHeader().setDefaultSectionSize(2 * self.fontMetrics().lineSpacing() + 8)
        self.view.setWordWrap(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tab_leaves(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FindingColumn.MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.fit_columns()
        self.view.activated.connect(self._activated)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(60)  # where, the message, 根拠
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.copy_button = QPushButton("コピー")
        self.copy_button.setToolTip("表示中の指摘を表計算ソフトに貼り付けられる形でコピーします")
        self.copy_button.clicked.connect(self.copy)
        self.rerun_button = QPushButton("再チェック")
        self.rerun_button.clicked.connect(self.run)
        close_button = QPushButton("閉じる")
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.rerun_button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.busy_row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        # Edits while the dialog is open: checked again once they pause (a burst of edits,
        # an import, is one re-check).
        self._rerun = QTimer(self)
        self._rerun.setSingleShot(True)
        self._rerun.setInterval(RERUN_DELAY_MS)
        self._rerun.timeout.connect(self.run)
        document.changed.connect(self._document_changed)
        self.finished.connect(self._stop_following)  # closed: no more re-checks
        self.run()

    def _stop_following(self) -> None:
        self._rerun.stop()
        with contextlib.suppress(RuntimeError, TypeError):
            self.document.changed.disconnect(self._document_changed)

    def set_document(self, document: PortfolioDocument) -> None:
        """Another file was opened in the window: check that one."""
        with contextlib.suppress(RuntimeError, TypeError):  # the old one may be gone
            self.document.changed.disconnect(self._document_changed)
        self.document = document
        self.model.document = document
        document.changed.connect(self._document_changed)
        self.run()

    def _document_changed(self, _change: object) -> None:
        self._rerun.start()

    # --- running ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.worker.running

    def run(self) -> None:
        """Check the portfolio as it is now."""
        portfolio = self.document.portfolio()
        if len(portfolio.bids) <= self.THREAD_THRESHOLD:
            self.worker.cancel()  # an older run in the worker is dropped
            self._show_findings(run_checks(portfolio, today=self.today))
            return
        self.busy_label.setText(f"入札{len(portfolio.bids):,}件をチェックしています…")
        self.busy.setRange(0, 0)
        self.busy_row.setVisible(True)
        self.rerun_button.setEnabled(False)
        self.copy_button.setEnabled(False)
        today = self.today
        self.worker.start(
            lambda progress: run_checks(portfolio, today=today, progress=progress),
            self._worker_finished,
        )

    def cancel(self) -> None:
        """Stop the check: the worker ends at its next bid and its result is dropped."""
        if not self.running:
            return
        self.worker.cancel()
        self.busy_row.setVisible(False)
        self.rerun_button.setEnabled(True)
        self.summary.setText("チェックを中止しました。「再チェック」でやり直せます。")

    def _show_progress(self, done: int, total: int) -> None:
        self.busy.setRange(0, max(total, 0))
        self.busy.setValue(min(done, total) if total else 0)

    def _worker_finished(self, outcome: Outcome[list[Finding]]) -> None:
        if outcome.cancelled:
            return  # 中止 was pressed: the summary says so already
        if outcome.error is None and outcome.value is not None:
            self._show_findings(outcome.value)
            return
        self._idle()
        self.findings = []
        self.model.set_findings([])
        self.summary.setText(f"チェックを実行できませんでした: {outcome.error}")
        self.checked.emit()

    def _show_findings(self, findings: list[Finding]) -> None:
        self._idle()
        order = {key: index for index, key in enumerate(self.document.state.bids)}
        self.findings = group_by_bid(findings, order)
        self.model.set_findings(self.findings)
        self.fit_rows()
        self._show_summary()
        self.detail.setText("")
        self.checked.emit()

    def _idle(self) -> None:
        self.busy_row.setVisible(False)
        self.rerun_button.setEnabled(True)
        self.copy_button.setEnabled(True)

    def _show_summary(self) -> None:
        bids = len(self.document.state.bids)
        total = counts(self.findings)
        day = format_wareki(self.today)
        if not self.findings:
            self.summary.setText(f"<b>指摘はありません。</b>　入札{bids}件・{day}時点")
            return
        color = palette.name(Role.ERROR if total[Severity.ERROR] else Role.WARNING)
        self.summary.setText(
            f"<b style='color:{color}'>{summary_text(total)}</b>　入札{bids}件・{day}時点"
        )

    # --- the list ----------------------------------------------------------------------------
    def fit_columns(self) -> None:
        """The fixed columns at their widths when the dialog is wide, narrowed evenly when it
        is not, so 内容 (the stretching column) keeps at least ``MESSAGE_SHARE`` of the table."""
        width = self.view.viewport().width() or self.width()
        others = {c: w for c, w in COLUMN_WIDTHS.items() if c is not FindingColumn.SEVERITY}
        room = width - max(MESSAGE_MIN, int(width * MESSAGE_SHARE)) - SEVERITY_WIDTH
        scale = min(1.0, max(room, 0) / sum(others.values()))
        self.view.setColumnWidth(FindingColumn.SEVERITY, SEVERITY_WIDTH)  # 「重大」 on one line
        for column, preferred in others.items():
            self.view.setColumnWidth(column, max(int(preferred * scale), 48))
        self.fit_rows()

    def fit_rows(self) -> None:
        """Rows as tall as their wrapped 内容 (two lines at least), for up to FIT_ROWS
        findings; the other columns show what fits (the whole 根拠 is in the tooltip)."""
        rows = self.model.rowCount()
        if rows > FIT_ROWS:
            return
        least = self.view.verticalHeader().defaultSectionSize()
        metrics = self.view.fontMetrics()
        box = QRect(0, 0, max(self.view.columnWidth(FindingColumn.MESSAGE) - 10, 40), 10_000)
        wrap = int(Qt.TextFlag.TextWordWrap)
        for row, finding in enumerate(self.model.visible()):
            height = metrics.boundingRect(box, wrap, finding.message).height() + 8
            self.view.setRowHeight(row, max(height, least))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "view"):  # fit_dialog resizes before the table is made
            self.fit_columns()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()

    def _filter_changed(self) -> None:
        value = self.severity.currentData()
        self.model.set_severity(Severity(value) if value else None)
        self.fit_rows()
        self.detail.setText("")

    def _header_clicked(self, column: int) -> None:
        header = self.view.horizontalHeader()
        self.model.sort(column, header.sortIndicatorOrder())

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.detail.setText("")
            return
        finding = self.model.finding(current.row())
        where = " ".join(
            x for x in (self.model.property_title(finding), self.model.bidder_name(finding)) if x
        )
        due = f"(期限 {format_wareki(finding.due)})" if finding.due is not None else ""
        self.detail.setText(
            f"【{finding.severity.label}】{where}\n{finding.message}{due}\n根拠: {finding.source}"
        )

    def _activated(self, index: QModelIndex) -> None:
        finding = self.model.finding(index.row())
        if finding.bid is not None:
            self.activated.emit(finding.bid, finding.property or "")

    def copy_text(self) -> str:
        """The findings shown, tab-separated with a header line (pastes into a spreadsheet)."""
        lines = [
            f"入札前チェック {format_wareki(self.today)}時点: {summary_text(counts(self.findings))}"
        ]
        lines.append("\t".join(("重要度", "物件", "入札人", "内容", "期限", "コード", "根拠")))
        for finding in self.model.visible():
            lines.append(
                "\t".join(
                    (
                        finding.severity.label,
                        self.model.property_title(finding),
                        self.model.bidder_name(finding),
                        finding.message,
                        format_wareki(finding.due) if finding.due is not None else "",
                        finding.code,
                        finding.source,
                    )
                )
            )
        return "\n".join(lines) + "\n"

    def copy(self) -> None:
        QApplication.clipboard().setText(self.copy_text())
