"""代理人, 共同入札 and 融資 in the 入札 tab: each edit is one undoable change, and the papers it
requires are in 書類チェック at once (issue 15 item 1)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_support import type_text

from biddesk.domain.models import DocType, Loan
from biddesk.gui.main_window import MainWindow


def show(window: MainWindow, bid_id: str) -> None:
    bid = window.document.state.bids[bid_id]
    window.show_bid(bid_id, bid.property)
    assert window.detail.bid is not None and window.detail.bid.id == bid_id


def papers(window: MainWindow) -> list[tuple[DocType, str]]:
    return [(r.requirement.type, r.requirement.who) for r in window.detail.checklist_tab.rows]


def test_an_agent_brings_the_proxy_at_once_and_undo_takes_it_away(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    show(demo_window, "x1")  # 山田 太郎 submits himself
    facts = demo_window.detail.bid_tab.facts
    assert not facts.agent_group.isChecked()
    assert (DocType.PROXY, "b1") not in papers(demo_window)
    facts.agent_group.setChecked(True)
    assert demo_window.document.state.bids["x1"].agent is not None
    assert (DocType.PROXY, "b1") in papers(demo_window)
    facts.agent_name.setFocus()
    type_text(qtbot, facts.agent_name, "弁護士 佐藤 一郎")
    qtbot.keyClick(facts.agent_name, Qt.Key.Key_Return)
    facts.agent_relation.setCurrentText("弁護士")
    facts.agent_relation.activated.emit(0)
    agent = demo_window.document.state.bids["x1"].agent
    assert agent is not None
    assert (agent.name, agent.relation) == ("弁護士 佐藤 一郎", "弁護士")
    assert "代理人 弁護士 佐藤 一郎" in demo_window.detail.checklist_tab.notes.text()
    facts.agent_group.setChecked(False)
    assert demo_window.document.state.bids["x1"].agent is None
    assert (DocType.PROXY, "b1") not in papers(demo_window)
    demo_window.undo_action.trigger()
    assert demo_window.document.state.bids["x1"].agent == agent
    assert facts.agent_group.isChecked() and facts.agent_name.text() == "弁護士 佐藤 一郎"


def test_the_demo_agent_of_a_corporation_is_shown(demo_window: MainWindow) -> None:
    show(demo_window, "x2")
    facts = demo_window.detail.bid_tab.facts
    assert facts.agent_group.isChecked()
    assert facts.agent_name.text() == "鈴木 次郎"
    assert facts.agent_relation.currentText() == "従業員"


def test_a_joint_bid_lists_each_co_bidders_papers_and_the_permission(
    demo_window: MainWindow,
) -> None:
    show(demo_window, "x1")
    facts = demo_window.detail.bid_tab.facts
    assert not facts.representative.isEnabled()  # one person: not a joint bid
    company = next(
        facts.members.item(r)
        for r in range(facts.members.count())
        if facts.members.item(r).data(Qt.ItemDataRole.UserRole) == "b2"
    )
    company.setCheckState(Qt.CheckState.Checked)
    bid = demo_window.document.state.bids["x1"]
    assert (bid.bidder, bid.joint_bidders) == ("b1", ("b2",))
    found = papers(demo_window)
    assert (DocType.JOINT_PERMISSION, "b1") in found
    assert (DocType.STATEMENT, "b2") in found and (DocType.REGISTRY, "b2") in found
    assert (DocType.RESIDENCE, "b1") in found
    assert facts.representative.isEnabled()
    assert "共同入札: 代表者 山田 太郎" in demo_window.detail.checklist_tab.notes.text()
    # The representative is the bid's bidder: the company leads now.
    facts.representative.setCurrentIndex(facts.representative.findData("b2"))
    bid = demo_window.document.state.bids["x1"]
    assert (bid.bidder, bid.joint_bidders) == ("b2", ("b1",))
    assert demo_window.detail.bid_tab.bidder.currentData() == "b2"
    assert (DocType.JOINT_PERMISSION, "b2") in papers(demo_window)
    demo_window.undo_action.trigger()
    demo_window.undo_action.trigger()
    bid = demo_window.document.state.bids["x1"]
    assert (bid.bidder, bid.joint_bidders) == ("b1", ())
    assert (DocType.JOINT_PERMISSION, "b1") not in papers(demo_window)


def test_a_loan_brings_the_82_notice_and_its_fields_are_saved(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    show(demo_window, "x1")
    facts = demo_window.detail.bid_tab.facts
    assert (DocType.LOAN_NOTICE, "b1") not in papers(demo_window)
    facts.loan_group.setChecked(True)
    assert (DocType.LOAN_NOTICE, "b1") in papers(demo_window)
    type_text(qtbot, facts.loan_lender, "B信用金庫")
    qtbot.keyClick(facts.loan_lender, Qt.Key.Key_Return)
    type_text(qtbot, facts.loan_amount.edit, "1000万円")
    qtbot.keyClick(facts.loan_amount.edit, Qt.Key.Key_Return)
    type_text(qtbot, facts.loan_date.edit, "令和9年2月1日")
    qtbot.keyClick(facts.loan_date.edit, Qt.Key.Key_Return)
    loan = demo_window.document.state.bids["x1"].loan
    assert loan is not None
    assert loan == Loan(lender="B信用金庫", amount=10_000_000, expected_date=loan.expected_date)
    assert loan.expected_date is not None and loan.expected_date.isoformat() == "2027-02-01"
    assert facts.loan_date.edit.text() == "令和9年2月1日"  # 和暦 typed, 和暦 shown
    facts.loan_group.setChecked(False)
    assert demo_window.document.state.bids["x1"].loan is None
    assert (DocType.LOAN_NOTICE, "b1") not in papers(demo_window)


def test_the_funder_combo_names_the_funders_papers(demo_window: MainWindow) -> None:
    show(demo_window, "x1")
    combo = demo_window.detail.bid_tab.funder
    combo.setCurrentIndex(combo.findData("b2"))
    assert demo_window.document.state.bids["x1"].funder == "b2"
    found = papers(demo_window)
    assert (DocType.STATEMENT, "b2") in found and (DocType.REGISTRY, "b2") in found
