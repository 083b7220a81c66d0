"""資金の設定: cash on hand, reserve, financing lines and the safety margins.

OK writes them as one undoable ``operations.change_settings``; a field that cannot be read is
named in the message and nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.edits import operations
from biddesk.domain.models import Financing, Settings
from biddesk.domain.storage.store import StoreError
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField, YenField
from biddesk.gui.geometry import fit_dialog
from biddesk.gui.palette import Role

CASH_HELP = (
    "入札に使える預金などの残高を、このポートフォリオのすべての保証金の振込・代金の納付より"
    "前の時点で入力します。振込済みの保証金も資金繰りで日付順に差し引くため、振込後の残高を"
    "入力すると二重に差し引かれます。"
)
RESERVE_HELP = (
    "生活防衛資金・運転資金の予備として手を付けない額です。余力は手元資金 + 融資枠 − 予備資金で、"
    "余力がマイナスになる日を資金不足とします。"
)
FINANCING_HELP = (
    "利用可能日のある融資はその日に入金されるものとします。利用可能日が空欄の融資枠は"
    "いつでも使える枠として余力にだけ数えます(入金はしません)。"
    "物件ごとの融資(民執法82条2項の申出)は、入札タブの「融資で代金を払う」で入札ごとに入力します。"
)
TRANSFER_HELP = (
    "保証金は入札期間の最終の銀行営業日までに着金が必要です。振込推奨日をその何銀行営業日前に"
    "するかを指定します(窓口の手続き違いや締め時刻に備えた余裕)。"
)
MAIL_HELP = (
    "郵送の入札書は入札期間内必着です。郵送期限を最終の開庁日の何開庁日前にするかを指定します。"
)


def _help(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(palette.css(Role.MUTED))
    return label


class SettingsInputError(ValueError):
    """Fields that cannot be read: one Japanese sentence per field, naming it."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


class FinancingRow(QWidget):
    """One financing line: name, amount, available from (blank = standby facility)."""

    def __init__(self, line: Financing | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(line.name if line else "")
        self.name.setPlaceholderText("例: A銀行 事業融資枠")
        self.amount = YenField()
        self.amount.set_value(line.amount if line else None)
        self.available = DateField()
        self.available.set_value(line.available_from if line else None)
        self.remove_button = QPushButton("削除")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 3)
        layout.addWidget(self.amount, 4)
        layout.addWidget(self.available, 4)
        layout.addWidget(self.remove_button)

    @property
    def blank(self) -> bool:
        return (
            not self.name.text().strip()
            and not self.amount.edit.text().strip()
            and not self.available.edit.text().strip()
        )


class SettingsDialog(QDialog):
    def __init__(self, document: PortfolioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("資金の設定")
        fit_dialog(self, 820, 640)  # the screen less a margin if smaller
        current = document.state.settings

        money = QGroupBox("資金")
        form = QFormLayout(money)
        self.cash = YenField()
        self.cash.set_value(current.cash_on_hand)
        form.addRow("手元資金(すべての振込・納付の前の残高)", self.cash)
        form.addRow(_help(CASH_HELP))
        self.reserve = YenField()
        self.reserve.set_value(current.reserve)
        form.addRow("予備資金(生活防衛資金・運転資金の予備)", self.reserve)
        form.addRow(_help(RESERVE_HELP))

        financing = QGroupBox("融資枠")
        self.rows_layout = QVBoxLayout()
        heading = QGridLayout()
        for column, (text, stretch) in enumerate(
            (("名称", 3), ("金額", 4), ("利用可能日(空欄 = いつでも)", 4))
        ):
            heading.addWidget(QLabel(text), 0, column)
            heading.setColumnStretch(column, stretch)
        self.add_button = QPushButton("融資枠を追加")
        self.add_button.clicked.connect(lambda: self.add_financing_row())
        box = QVBoxLayout(financing)
        box.addLayout(heading)
        box.addLayout(self.rows_layout)
        adder = QHBoxLayout()
        adder.addWidget(self.add_button)
        adder.addStretch(1)
        box.addLayout(adder)
        box.addWidget(_help(FINANCING_HELP))
        self.rows: list[FinancingRow] = []
        for line in current.financing:
            self.add_financing_row(line)

        margins = QGroupBox("余裕日数")
        margin_form = QFormLayout(margins)
        self.transfer_margin = QSpinBox()
        self.transfer_margin.setRange(0, 10)
        self.transfer_margin.setSuffix(" 銀行営業日前")
        self.transfer_margin.setValue(current.transfer_margin)
        margin_form.addRow("振込の余裕", self.transfer_margin)
        margin_form.addRow(_help(TRANSFER_HELP))
        self.mail_margin = QSpinBox()
        self.mail_margin.setRange(0, 10)
        self.mail_margin.setSuffix(" 開庁日前")
        self.mail_margin.setValue(current.mail_margin)
        margin_form.addRow("郵送の余裕", self.mail_margin)
        margin_form.addRow(_help(MAIL_HELP))

        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(palette.css(Role.ERROR))
        self.errors.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("キャンセル")
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(not document.read_only)
        if document.read_only:
            self.errors.setText("読み取り専用で開いているため変更できません。")

        layout = QVBoxLayout(self)
        layout.addWidget(money)
        layout.addWidget(financing)
        layout.addWidget(margins)
        layout.addStretch(1)
        layout.addWidget(self.errors)
        layout.addWidget(self.buttons)

    # --- financing rows -----------------------------------------------------------------
    def add_financing_row(self, line: Financing | None = None) -> FinancingRow:
        row = FinancingRow(line)
        row.remove_button.clicked.connect(lambda: self.remove_financing_row(row))
        self.rows.append(row)
        self.rows_layout.addWidget(row)
        return row

    def remove_financing_row(self, row: FinancingRow) -> None:
        self.rows.remove(row)
        self.rows_layout.removeWidget(row)
        row.deleteLater()

    # --- reading ---------------------------------------------------------------
    def settings(self) -> Settings:
        """The settings as entered; raises ``SettingsInputError`` naming each bad field."""
        problems: list[str] = []

        def amount(field: YenField, name: str) -> int:
            if not field.valid:
                problems.append(f"{name}: {field.toolTip() or '金額を読み取れません。'}")
                return 0
            return field.value() or 0

        cash = amount(self.cash, "手元資金")
        reserve = amount(self.reserve, "予備資金")
        lines: list[Financing] = []
        for number, row in enumerate((r for r in self.rows if not r.blank), start=1):
            where = f"融資枠{number}行目"
            value = amount(row.amount, f"{where}の金額")
            if row.amount.valid and not value:
                problems.append(f"{where}の金額を入力してください。")
            if not row.available.valid:
                problems.append(f"{where}の利用可能日: {row.available.toolTip()}")
            name = row.name.text().strip()
            lines.append(Financing(name=name, amount=value, available_from=row.available.value()))
        if problems:
            raise SettingsInputError(problems)
        return Settings(
            cash_on_hand=cash,
            reserve=reserve,
            financing=tuple(lines),
            transfer_margin=self.transfer_margin.value(),
            mail_margin=self.mail_margin.value(),
        )

    def accept(self) -> None:
        try:
            settings = self.settings()
        except SettingsInputError as error:
            self.errors.setText("\n".join(error.messages))
            return
        if settings != self.document.state.settings:
            try:
                self.document.apply(operations.change_settings(settings), "資金の設定を変更")
            except StoreError as error:
                self.errors.setText(str(error))
                return
        super().accept()
