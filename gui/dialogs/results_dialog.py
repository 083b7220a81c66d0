"""売却結果の取り込み: paste BIT's 売却結果 text, see what was read (and every warning), and
confirm the outcome it proposes for each own bid.

The results go into the history (no undo: it is a record of the court's page, and adding it
twice changes nothing); the confirmed outcomes are one ordinary, undoable edit
(``domain.market.proposals.record_proposals``), so 返還管理 and 資金繰り follow at once.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.errors import UserError
from biddesk.domain.market.proposals import Proposal, propose_outcomes, record_proposals
from biddesk.domain.market.results_parsing import ResultsReading, parse_results
from biddesk.domain.money import format_yen
from biddesk.domain.storage.results_history import add_results
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role


class ResultsDialog(QDialog):
    """Paste → 読み取る → check the proposals → 記録."""

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("売却結果の取り込み")
        self.resize(820, 640)
        self.document = document
        self.today = today
        self.reading: ResultsReading | None = None
        self.proposals: tuple[Proposal, ...] = ()
        self.added = 0
        self.text = QPlainTextEdit()
        self.text.setPlaceholderText(
            "BITの売却結果一覧(裁判所名と開札期日の見出しから)をコピーして貼り付けてください。"
        )
        read_button = QPushButton("読み取る")
        read_button.clicked.connect(self.read)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.list = QListWidget()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("履歴に追加し、選んだ結果を記録")
        ok.setEnabled(False)
        self.buttons.accepted.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(read_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 2)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("自分の入札の開札結果(記録するものにチェック)"))
        layout.addWidget(self.list, 1)
        layout.addWidget(self.buttons)

    def read(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.list.clear()
        try:
            reading = parse_results(self.text.toPlainText())
        except UserError as error:
            self.reading = None
            self.summary.setText(palette.span(Role.ERROR, str(error)))
            ok.setEnabled(False)
            return
        self.reading = reading
        current = [r for r in reading.results if r.opening_date <= self.today]
        found = propose_outcomes(self.document.portfolio(), current)
        self.proposals = found.proposals
        warnings = list(reading.warnings) + list(found.warnings)
        warnings += [
            f"{r.title}: 開札期日が今日より後のため、結果を提案しません。"
            for r in reading.results
            if r.opening_date > self.today
        ]
        lines = [f"売却結果{len(reading.results)}件を読み取りました。"]
        lines += [palette.span(Role.WARNING, f"⚠ {w}") for w in warnings]
        self.summary.setText("<br>".join(lines))
        for proposal in self.proposals:
            top = f"(最高価{format_yen(proposal.top_bid)})" if proposal.top_bid else ""
            item = QListWidgetItem(
                f"{proposal.prop.title} 入札{proposal.bid.id} {format_yen(proposal.bid.amount)}: "
                f"{proposal.result.label}{top}\n　{proposal.reason}"
            )
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.list.addItem(item)
        if not self.proposals:
            self.list.addItem("この売却結果に該当する自分の入札はありません。")
        ok.setEnabled(bool(reading.results) and not self.document.read_only)

    def chosen(self) -> list[Proposal]:
        return [
            proposal
            for index, proposal in enumerate(self.proposals)
            if self.list.item(index).checkState() == Qt.CheckState.Checked
        ]

    def record(self) -> None:
        if self.reading is None:
            return
        try:
            self.added = len(add_results(self.document.store, self.reading.results))
            chosen = self.chosen()
            if chosen:
                self.document.apply(record_proposals(chosen), f"開札結果の記録({len(chosen)}件)")
        except UserError as error:
            self.summary.setText(palette.span(Role.ERROR, str(error)))
            return
        self.accept()
