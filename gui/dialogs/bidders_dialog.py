"""入札者: bidder profiles (individual, or corporation with representative and officers).

Each 保存 is one undoable change; a bidder used by a bid cannot be deleted.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import parse_date
from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change
from biddesk.domain.errors import UserError
from biddesk.domain.models import Bidder, BidderKind, Officer, RefundAccount
from biddesk.domain.storage.store import StoreError
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField
from biddesk.gui.geometry import fit_dialog
from biddesk.gui.keys import confirm_delete

OFFICER_HEADERS = ("氏名", "ふりがな", "生年月日", "性別", "住所")


class BiddersDialog(QDialog):
    def __init__(self, document: PortfolioDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("入札者")
        fit_dialog(self, 980, 640)  # the screen less a margin if smaller
        self.current_id = ""

        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._selected)
        add_individual = QPushButton("個人を追加")
        add_individual.clicked.connect(lambda: self._add(BidderKind.INDIVIDUAL))
        add_corporation = QPushButton("法人を追加")
        add_corporation.clicked.connect(lambda: self._add(BidderKind.CORPORATION))
        self.delete_button = QPushButton("削除")
        self.delete_button.clicked.connect(self._delete)
        left = QVBoxLayout()
        left.addWidget(self.list)
        for button in (add_individual, add_corporation, self.delete_button):
            left.addWidget(button)

        self.kind = QComboBox()
        for kind in BidderKind:
            self.kind.addItem(kind.label, kind)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.name = QLineEdit()
        self.name_kana = QLineEdit()
        self.address = QLineEdit()
        self.birth_date = DateField()
        # 陳述書: 性別 as written there; a free choice, since the court's form has a box to fill.
        self.sex = QComboBox()
        self.sex.setEditable(True)
        self.sex.addItems(["", "男", "女"])
        self.rep_title = QLineEdit()
        self.rep_name = QLineEdit()
        form = QFormLayout()
        form.addRow("区分", self.kind)
        self.name_label = QLabel("氏名")
        form.addRow(self.name_label, self.name)
        form.addRow("フリガナ", self.name_kana)
        self.address_label = QLabel("住所")
        form.addRow(self.address_label, self.address)
        self.birth_label = QLabel("生年月日")
        form.addRow(self.birth_label, self.birth_date)
        self.sex_label = QLabel("性別(陳述書)")
        form.addRow(self.sex_label, self.sex)
        self.rep_title_label = QLabel("代表者の資格")
        form.addRow(self.rep_title_label, self.rep_title)
        self.rep_name_label = QLabel("代表者の氏名")
        form.addRow(self.rep_name_label, self.rep_name)

        self.officers_box = QGroupBox("役員(陳述書 別紙)")
        self.officers = QTableWidget(0, len(OFFICER_HEADERS))
        self.officers.setHorizontalHeaderLabels(list(OFFICER_HEADERS))
        self.officers.horizontalHeader().setStretchLastSection(True)
        add_officer = QPushButton("役員を追加")
        add_officer.clicked.connect(lambda: self.officers.insertRow(self.officers.rowCount()))
        remove_officer = QPushButton("選択した役員を削除")
        remove_officer.clicked.connect(lambda: self.officers.removeRow(self.officers.currentRow()))
        officer_buttons = QHBoxLayout()
        officer_buttons.addWidget(add_officer)
        officer_buttons.addWidget(remove_officer)
        officer_buttons.addStretch(1)
        officers_layout = QVBoxLayout(self.officers_box)
        officers_layout.addWidget(self.officers)
        officers_layout.addLayout(officer_buttons)

        account_box = QGroupBox("保証金の返還口座")
        self.bank = QLineEdit()
        self.branch = QLineEdit()
        self.account_type = QComboBox()
        self.account_type.addItems(["普通", "当座"])
        self.account_number = QLineEdit()
        self.holder_kana = QLineEdit()
        account_form = QFormLayout(account_box)
        account_form.addRow("金融機関", self.bank)
        account_form.addRow("支店", self.branch)
        account_form.addRow("種別", self.account_type)
        account_form.addRow("口座番号", self.account_number)
        account_form.addRow("口座名義(カナ)", self.holder_kana)

        self.save_button = QPushButton("保存")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close_button = QPushButton("閉じる")
        close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close_button)

        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(self.officers_box)
        right.addWidget(account_box)
        right.addLayout(buttons)
        self.editor = QWidget()
        self.editor.setLayout(right)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addWidget(self.editor, 3)
        self._fill_list()

    # --- list ---------------------------------------------------------------------------
    def _fill_list(self, select: str = "") -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for bidder in self.document.state.bidders.values():
            item = QListWidgetItem(f"{bidder.name or '(名称未入力)'}({bidder.kind.label})")
            item.setData(256, bidder.id)
            self.list.addItem(item)
            if bidder.id == (select or self.current_id):
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._selected(self.list.currentItem())

    def _selected(
        self, item: QListWidgetItem | None, previous: QListWidgetItem | None = None
    ) -> None:
        # Every edit is kept: leaving a bidder saves what was typed (or stays on it when
        # something cannot be read, so the message can be acted on).
        if previous is not None and self.current_id and not self._save_current(previous):
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        self.editor.setEnabled(item is not None and not self.document.read_only)
        self.delete_button.setEnabled(item is not None)
        if item is None:
            self.current_id = ""
            return
        self.current_id = str(item.data(256))
        self._show(self.document.state.bidders[self.current_id])

    def _show(self, bidder: Bidder) -> None:
        self.kind.setCurrentIndex(self.kind.findData(bidder.kind))
        self.name.setText(bidder.name)
        self.name_kana.setText(bidder.name_kana)
        self.address.setText(bidder.address)
        self.birth_date.set_value(bidder.birth_date)
        self.sex.setCurrentText(bidder.sex)
        self.rep_title.setText(bidder.representative_title or "")
        self.rep_name.setText(bidder.representative_name or "")
        self.officers.setRowCount(len(bidder.officers))
        for row, officer in enumerate(bidder.officers):
            birth = officer.birth_date.isoformat() if officer.birth_date else ""
            values = (officer.name, officer.name_kana, birth, officer.sex, officer.address)
            for column, value in enumerate(values):
                self.officers.setItem(row, column, QTableWidgetItem(value))
        account = bidder.refund_account or RefundAccount()
        self.bank.setText(account.bank)
        self.branch.setText(account.branch)
        self.account_type.setCurrentText(account.type or "普通")
        self.account_number.setText(account.number)
        self.holder_kana.setText(account.holder_kana)
        self._kind_changed()

    def _kind_changed(self) -> None:
        corporate = self.kind.currentData() == BidderKind.CORPORATION
        self.name_label.setText("商号" if corporate else "氏名")
        self.address_label.setText("本店所在地" if corporate else "住所")
        individual_only: tuple[QWidget, ...] = (
            self.birth_label,
            self.birth_date,
            self.sex_label,
            self.sex,
        )
        corporate_only: tuple[QWidget, ...] = (
            self.rep_title_label,
            self.rep_title,
            self.rep_name_label,
            self.rep_name,
            self.officers_box,
        )
        for widget in individual_only:
            widget.setVisible(not corporate)
        for widget in corporate_only:
            widget.setVisible(corporate)

    # --- edits -------------------------------------------------------------------------
    def _apply(self, change: Change, text: str) -> bool:
        try:
            self.document.apply(change, text)
        except StoreError as error:
            QMessageBox.warning(self, "入札者", str(error))
            return False
        return True

    def _add(self, kind: BidderKind) -> None:
        change = operations.add_bidder(kind, self.document.new_id)
        if self._apply(change, "入札者を追加"):
            self._fill_list(select=change.put_bidders[0].id)
            self.name.setFocus()

    def _delete(self) -> None:
        if not self.current_id:
            return
        try:
            change = operations.remove_bidder(self.document.state, self.current_id)
        except operations.OperationRefused as refused:
            QMessageBox.information(self, "入札者", str(refused))
            return
        bidder = self.document.state.bidders.get(self.current_id)
        name = bidder.name if bidder is not None and bidder.name else "この入札者"
        if not confirm_delete(self, "入札者を削除", f"{name}を削除しますか?"):
            return
        if self._apply(change, "入札者を削除"):
            self.current_id = ""
            self._fill_list()

    def edited_bidder(self) -> Bidder:
        """The bidder as entered; raises UserError naming the field that cannot be read."""
        officers = []
        for row in range(self.officers.rowCount()):
            items = [self.officers.item(row, c) for c in range(len(OFFICER_HEADERS))]
            cells = [item.text().strip() if item is not None else "" for item in items]
            if not any(cells):
                continue
            try:
                birth = parse_date(cells[2]) if cells[2] else None
            except UserError as error:
                raise UserError(f"役員{row + 1}行目の生年月日: {error}") from None
            officers.append(
                Officer(
                    name=cells[0],
                    name_kana=cells[1],
                    birth_date=birth,
                    sex=cells[3],
                    address=cells[4],
                )
            )
        if not self.birth_date.valid:
            raise UserError("生年月日を読み取れません。")
        corporate = self.kind.currentData() == BidderKind.CORPORATION
        account = RefundAccount(
            bank=self.bank.text().strip(),
            branch=self.branch.text().strip(),
            type=self.account_type.currentText(),
            number=self.account_number.text().strip(),
            holder_kana=self.holder_kana.text().strip(),
        )
        base = self.document.state.bidders[self.current_id]
        return replace(
            base,
            kind=BidderKind(self.kind.currentData()),
            name=self.name.text().strip(),
            name_kana=self.name_kana.text().strip(),
            address=self.address.text().strip(),
            birth_date=None if corporate else self.birth_date.value(),
            sex="" if corporate else self.sex.currentText().strip(),
            representative_title=(self.rep_title.text().strip() or None) if corporate else None,
            representative_name=(self.rep_name.text().strip() or None) if corporate else None,
            officers=tuple(officers) if corporate else (),
            refund_account=None if account == RefundAccount() else account,
        )

    def done(self, result: int) -> None:
        """Closing keeps the edits, like every other edit in BidDesk."""
        if self.current_id and self.editor.isEnabled() and not self.save():
            return
        super().done(result)

    def _save_current(self, item: QListWidgetItem) -> bool:
        if not self.editor.isEnabled() or self.current_id not in self.document.state.bidders:
            return True
        try:
            bidder = self.edited_bidder()
        except UserError as error:
            QMessageBox.warning(self, "入札者", str(error))
            return False
        if bidder == self.document.state.bidders[self.current_id]:
            return True
        if not self._apply(operations.put_bidder(bidder), f"入札者「{bidder.name}」を変更"):
            return False
        item.setText(f"{bidder.name or '(名称未入力)'}({bidder.kind.label})")
        return True

    def save(self) -> bool:
        item = self.list.currentItem()
        return bool(self.current_id) and item is not None and self._save_current(item)
