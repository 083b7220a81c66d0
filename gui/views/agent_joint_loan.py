"""The bid's facts that bring papers with them: 代理人, 共同入札 and the 82条 loan.

Each is a group of the 入札 tab; every edit is one named operation
(``operations.set_agent``, ``set_joint_bid``, ``set_loan``), so the papers it requires —
the 委任状, the 共同入札買受許可申立書 and each co-bidder's own papers, the 82条2項 申出書 —
show in 書類チェック as soon as it is made (``documents.required_documents`` derives them).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change
from biddesk.domain.models import Agent, Bid, Bidder, Loan
from biddesk.gui import palette
from biddesk.gui.fields import DateField, YenField, fit_form, select_data
from biddesk.gui.palette import Role

Apply = Callable[[Change, str], None]
"""Makes one undoable edit with its undo text (``DetailPane._apply``)."""

AGENT_RELATIONS = ("従業員", "弁護士", "司法書士", "親族", "知人")
"""Usual answers to 代理人との関係 (the 委任状 asks for it); any other text may be typed."""


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(palette.css(Role.MUTED))
    return label


class _Group(QWidget):
    """A tick box whose fields show, framed, only while it is ticked."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.check = QCheckBox(title)
        self.toggled = self.check.toggled
        self.body = QGroupBox()
        self.form = fit_form(QFormLayout(self.body))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.body)
        self.body.setVisible(False)
        self.check.toggled.connect(self.body.setVisible)

    def isChecked(self) -> bool:
        return self.check.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.check.setChecked(checked)

    def show_checked(self, checked: bool) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(checked)
        self.check.blockSignals(False)
        self.body.setVisible(checked)


class BidFacts(QWidget):
    """代理人, 共同入札 and 融資 of the bid shown in the 入札 tab."""

    def __init__(self, apply: Apply) -> None:
        super().__init__()
        self._apply = apply
        self.bid: Bid | None = None
        self.bidders: Mapping[str, Bidder] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        # 代理人: an employee for a corporation, a lawyer… submits with a 委任状.
        self.agent_group = _Group("代理人が提出する")
        self.agent_group.check.setToolTip(
            "入札人本人(法人は代表者)以外の人が入札書を出す場合に入力します。"
            "委任状が書類チェックに加わります。"
        )
        self.agent_name = QLineEdit()
        self.agent_name.setPlaceholderText("例: 鈴木 次郎")
        self.agent_address = QLineEdit()
        self.agent_address.setPlaceholderText("住民票のとおり")
        self.agent_relation = QComboBox()
        self.agent_relation.setEditable(True)
        self.agent_relation.addItems(["", *AGENT_RELATIONS])
        self.agent_relation.setCurrentText("")
        form = self.agent_group.form
        form.addRow("代理人の氏名", self.agent_name)
        form.addRow("代理人の住所", self.agent_address)
        form.addRow("入札人との関係", self.agent_relation)
        form.addRow(_hint("委任状と代理人の本人確認書類が必要です。"))
        self.agent_group.toggled.connect(self._agent_toggled)
        self.agent_name.editingFinished.connect(self._agent_edited)
        self.agent_address.editingFinished.connect(self._agent_edited)
        line = self.agent_relation.lineEdit()
        if line is not None:
            line.editingFinished.connect(self._agent_edited)
        self.agent_relation.activated.connect(lambda _i: self._agent_edited())
        layout.addWidget(self.agent_group)

        # 共同入札: the co-bidders, one of them the representative (the bid's bidder).
        self.joint_group = QGroupBox("共同入札")
        joint = QVBoxLayout(self.joint_group)
        joint.addWidget(_hint("一緒に入札する人にチェックを付けます(入札者画面で登録した人)。"))
        self.members = QListWidget()
        self.members.itemChanged.connect(self._members_changed)
        joint.addWidget(self.members)
        representative = fit_form(QFormLayout())
        self.representative = QComboBox()
        self.representative.currentIndexChanged.connect(self._representative_chosen)
        representative.addRow("代表者", self.representative)
        joint.addLayout(representative)
        self.joint_hint = _hint("")
        joint.addWidget(self.joint_hint)
        layout.addWidget(self.joint_group)

        # 82条申出: a mortgage loan pays the balance.
        self.loan_group = _Group("融資で代金を払う(民執法82条2項の申出)")
        self.loan_lender = QLineEdit()
        self.loan_lender.setPlaceholderText("例: A銀行")
        self.loan_amount = YenField()
        self.loan_date = DateField()
        form = self.loan_group.form
        form.addRow("融資する金融機関", self.loan_lender)
        form.addRow("融資額", self.loan_amount)
        form.addRow("融資の予定日", self.loan_date)
        form.addRow(_hint("落札したら代金納付までに、金融機関と連名の申出書を裁判所に出します。"))
        self.loan_group.toggled.connect(self._loan_toggled)
        self.loan_lender.editingFinished.connect(self._loan_edited)
        self.loan_amount.committed.connect(self._loan_edited)
        self.loan_date.committed.connect(self._loan_edited)
        layout.addWidget(self.loan_group)

    # --- what is shown ----------------------------------------------------------------
    def show_bid(self, bid: Bid, bidders: Mapping[str, Bidder]) -> None:
        self.bid, self.bidders = bid, bidders
        agent = bid.agent
        self.agent_group.show_checked(agent is not None)
        self.agent_name.setText(agent.name if agent else "")
        self.agent_address.setText(agent.address if agent else "")
        self.agent_relation.setCurrentText(agent.relation if agent else "")
        self._show_joint(bid, bidders)
        loan = bid.loan
        self.loan_group.show_checked(loan is not None)
        self.loan_lender.setText(loan.lender if loan else "")
        self.loan_amount.set_value(loan.amount if loan and loan.amount else None)
        self.loan_date.set_value(loan.expected_date if loan else None)

    def _show_joint(self, bid: Bid, bidders: Mapping[str, Bidder]) -> None:
        members = self.member_ids(bid)
        self.members.blockSignals(True)
        self.members.clear()
        for bidder in bidders.values():
            item = QListWidgetItem(f"{bidder.name or '(名前未入力)'}({bidder.kind.label})")
            item.setData(Qt.ItemDataRole.UserRole, bidder.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = bidder.id in members
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.members.addItem(item)
        self.members.blockSignals(False)
        rows = max(self.members.count(), 1)
        self.members.setFixedHeight(min(rows, 5) * self.members.sizeHintForRow(0) + 6)
        self.representative.blockSignals(True)
        self.representative.clear()
        for member in members:
            person = bidders.get(member)
            self.representative.addItem(person.name if person else "(未登録の入札者)", member)
        self.representative.blockSignals(False)
        select_data(self.representative, bid.bidder)
        joint = bool(bid.joint_bidders)
        self.representative.setEnabled(joint)
        if not bidders:
            text = "入札者画面で入札人を登録すると選べます。"
        elif joint:
            text = (
                "代表者の名義で入札書・振込・返還を行います。各人の陳述書と住民票"
                "(法人は登記事項証明書)、共同入札買受許可申立書が必要です。"
            )
        else:
            text = "2人以上にチェックを付けると共同入札になります。"
        self.joint_hint.setText(text)

    @staticmethod
    def member_ids(bid: Bid) -> list[str]:
        """The people of the bid: its bidder (the representative) and the joint bidders."""
        return list(dict.fromkeys(m for m in (bid.bidder, *bid.joint_bidders) if m))

    # --- edits ------------------------------------------------------------------------
    def _edit(self, change: Change, text: str) -> None:
        bid = self.bid
        if bid is None or change.put_bids == (bid,):
            return
        self._apply(change, text)

    def _agent_toggled(self, checked: bool) -> None:
        if self.bid is None:
            return
        agent = self._typed_agent() if checked else None
        self._edit(operations.set_agent(self.bid, agent), "代理人" if checked else "代理人の削除")

    def _typed_agent(self) -> Agent:
        return Agent(
            name=self.agent_name.text().strip(),
            address=self.agent_address.text().strip(),
            relation=self.agent_relation.currentText().strip(),
        )

    def _agent_edited(self) -> None:
        if self.bid is None or not self.agent_group.isChecked():
            return
        self._edit(operations.set_agent(self.bid, self._typed_agent()), "代理人を変更")

    def _checked_members(self) -> list[str]:
        found: list[str] = []
        for row in range(self.members.count()):
            item = self.members.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def _members_changed(self, _item: QListWidgetItem) -> None:
        bid = self.bid
        if bid is None:
            return
        members = self._checked_members()
        representative = bid.bidder if bid.bidder in members else next(iter(members), "")
        if not members:  # nobody ticked: the bidder bids alone, as before
            members, representative = [bid.bidder], bid.bidder
        change = operations.set_joint_bid(bid, members, representative)
        self._edit(change, "共同入札人を変更")

    def _representative_chosen(self) -> None:
        bid = self.bid
        chosen = self.representative.currentData()
        if bid is None or not chosen or chosen == bid.bidder:
            return
        change = operations.set_joint_bid(bid, self.member_ids(bid), str(chosen))
        self._edit(change, "共同入札の代表者を変更")

    def _loan_toggled(self, checked: bool) -> None:
        if self.bid is None:
            return
        loan = self._typed_loan() if checked else None
        self._edit(operations.set_loan(self.bid, loan), "融資" if checked else "融資の削除")

    def _typed_loan(self) -> Loan:
        amount = self.loan_amount.value() if self.loan_amount.valid else None
        when = self.loan_date.value() if self.loan_date.valid else None
        return Loan(
            lender=self.loan_lender.text().strip(),
            amount=amount if amount is not None else 0,
            expected_date=when,
        )

    def _loan_edited(self) -> None:
        if self.bid is None or not self.loan_group.isChecked():
            return
        self._edit(operations.set_loan(self.bid, self._typed_loan()), "融資を変更")
