"""The README's pictures made from the demo (``make screenshots``): a joint bid in 書類チェック
(docs/checklist-joint.png), 入札前チェック, errors first (docs/precheck.png), and 結果・返還
above 返還管理 (docs/outcome.png).

The demo, with a co-bidder registered and 山田 太郎's bid on 令和7年(ケ)第1234号 made a joint
bid and financed by a loan through the 入札 tab's own widgets (as a user does), some papers
in hand; then the 書類チェック tab is grabbed.
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from biddesk.domain.edits import operations
from biddesk.domain.models import Bidder, BidderKind, DocStatus, DocType, Document
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.app import make_application
from biddesk.gui.demo import create_demo
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.checklist_tab import ChecklistTab
from biddesk.gui.views.outcome_tab import OutcomeTab
from biddesk.gui.views.refunds_view import RefundsView

TODAY = date(2026, 11, 23)
SATO = Bidder(
    id="b9",
    kind=BidderKind.INDIVIDUAL,
    name="佐藤 次郎",
    name_kana="サトウ ジロウ",
    address="東京都世田谷区桜新町一丁目2番3号",
    birth_date=date(1982, 6, 15),
    sex="男",
)


def joint_checklist(target: Path) -> None:
    app = make_application()
    folder = Path(tempfile.mkdtemp())
    create_demo(folder / "demo.biddesk", today=TODAY).close()
    document = PortfolioDocument(PortfolioStore.open(folder / "demo.biddesk"))
    window = MainWindow(document, today=TODAY)
    window.resize(1600, 1000)
    window.show()
    document.apply(operations.put_bidder(SATO), "入札者")
    window.show_bid("x1", "p1")
    facts = window.detail.bid_tab.facts
    for row in range(facts.members.count()):
        item = facts.members.item(row)
        if item.data(Qt.ItemDataRole.UserRole) == SATO.id:
            item.setCheckState(Qt.CheckState.Checked)
    facts.loan_group.setChecked(True)
    facts.loan_lender.setText("B信用金庫")
    facts.loan_amount.edit.setText("800万円")
    facts.loan_amount.edit.textEdited.emit("800万円")
    facts.loan_date.edit.setText("令和9年1月8日")
    facts.loan_date.edit.textEdited.emit("令和9年1月8日")
    facts.loan_lender.editingFinished.emit()
    bid = document.state.bids["x1"]
    papers = (
        Document(type=DocType.BID_FORM, name="山田 太郎", status=DocStatus.OBTAINED),
        Document(type=DocType.STATEMENT, name="山田 太郎", status=DocStatus.OBTAINED),
        Document(
            type=DocType.RESIDENCE,
            name="山田 太郎",
            issued=date(2026, 11, 16),
            status=DocStatus.CHECKED,
        ),
        Document(
            type=DocType.JOINT_PERMISSION,
            name="山田 太郎",
            status=DocStatus.REQUESTED,
            note="執行官室に申立済み",
        ),
        Document(
            type=DocType.RESIDENCE,
            name="佐藤　次郎",
            issued=date(2026, 11, 10),
            status=DocStatus.OBTAINED,
        ),
    )
    document.apply(operations.put_bid(replace(bid, documents=papers)), "書類")
    tab = ChecklistTab(document, TODAY)  # the tab alone, at the README's size
    tab.resize(1000, 600)
    tab.show()
    bid = document.state.bids["x1"]
    tab.show_bid(document.state.properties[bid.property], bid)
    app.processEvents()
    tab.grab().save(str(target))
    tab.close()
    window.close()


def precheck(target: Path) -> None:
    app = make_application()
    folder = Path(tempfile.mkdtemp())
    create_demo(folder / "demo.biddesk", today=TODAY).close()
    document = PortfolioDocument(PortfolioStore.open(folder / "demo.biddesk"))
    dialog = PrecheckDialog(document, TODAY)
    dialog.resize(1180, 600)
    dialog.show()
    app.processEvents()
    dialog.grab().save(str(target))
    dialog.close()
    document.close()


def outcome(target: Path) -> None:
    """結果・返還 of the demo's lost bid with its refund overdue, above 返還管理."""
    app = make_application()
    folder = Path(tempfile.mkdtemp())
    create_demo(folder / "demo.biddesk", today=TODAY).close()
    document = PortfolioDocument(PortfolioStore.open(folder / "demo.biddesk"))
    bid = document.state.bids["x4"]
    prop = document.state.properties[bid.property]
    bidder = document.state.bidders[bid.bidder]
    page = QWidget()
    layout = QVBoxLayout(page)
    title = QLabel(f"<b>{prop.court}　{prop.title} / {bidder.name}</b>")
    layout.addWidget(title)
    tab = OutcomeTab(document, TODAY)
    tab.show_bid(prop, bid)
    top = QTabWidget()
    top.addTab(tab, "結果・返還")
    bottom = QTabWidget()
    refunds = RefundsView(document, TODAY)
    bottom.addTab(refunds, "返還管理")
    layout.addWidget(top, 3)
    layout.addWidget(bottom, 2)
    page.resize(1100, 820)
    page.show()
    refunds.refresh()  # now, not after its debounce
    app.processEvents()
    page.grab().save(str(target))
    page.close()
    document.close()


if __name__ == "__main__":
    docs = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    joint_checklist(docs / "checklist-joint.png")
    precheck(docs / "precheck.png")
    outcome(docs / "outcome.png")
