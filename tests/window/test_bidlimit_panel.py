"""The 入札上限 panel in the 入札 tab and the 3点セット tab, on the demo in the real window."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from window_support import TODAY, item_at, type_text

from biddesk.domain.funds.cashflow import EventKind, Scenario, compute_cashflow
from biddesk.domain.models import Answer, NamedCost, Occupant
from biddesk.domain.rules.checks import check_bid
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.outcome_tab import CostEstimateDialog


def select_case(window: MainWindow, case_fragment: str) -> None:
    from biddesk.gui.table_model import Column

    for row in range(window.model.rowCount()):
        if case_fragment in window.model.index(row, Column.PROPERTY).data():
            window.table.selectRow(row)
            return
    raise AssertionError(f"no row with {case_fragment}")


def commit(qtbot: QtBot, field: Any, text: str) -> None:
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def fill_contract_example(qtbot: QtBot, panel: Any) -> None:
    commit(qtbot, panel.value, "3000万円")
    commit(qtbot, panel.sell_cost, "4")
    panel.add_cost.click()
    panel.costs.item(0, 0).setText("立退き・滞納管理費")
    panel.costs.item(0, 1).setText("150万円")
    commit(qtbot, panel.profit_rate, "15%")
    commit(qtbot, panel.unit, "10000")
    commit(qtbot, panel.tail, "2000")


def test_the_panel_computes_saves_and_sets_the_bid(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    document = demo_window.document
    panel = demo_window.detail.bid_tab.limit_panel
    assert panel.isVisibleTo(demo_window.detail.bid_tab)
    fill_contract_example(qtbot, panel)
    assert "23,542,000円" in panel.summary.text()
    assert "2,354万2,000円" in panel.summary.text()
    assert "端数の調整" in panel.steps.text()
    prop_id = document.state.bids["x1"].property
    saved = document.state.properties[prop_id].bid_limit
    assert saved is not None
    assert (saved.value, saved.sell_cost_rate, saved.unit, saved.tail) == (
        30_000_000, Fraction(4, 100), 10_000, 2_000,
    )  # fmt: skip
    assert saved.costs == (NamedCost(name="立退き・滞納管理費", amount=1_500_000),)
    # The demo's bid of 15,000,000円 is within the limit: no warning.
    assert not panel.warning.isVisibleTo(panel)
    # Typing a bid above the limit warns at once, before it is saved.
    tab = demo_window.detail.bid_tab
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "23542001")
    assert panel.warning.isVisibleTo(panel) and "1円超えています" in panel.warning.text()
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "23542000")
    assert not panel.warning.isVisibleTo(panel)  # near miss: at the limit
    # The button sets the bid to the limit: one undoable edit.
    panel.use_limit.click()
    assert document.state.bids["x1"].amount == 23_542_000
    demo_window.undo_action.trigger()
    assert document.state.bids["x1"].amount == 15_000_000


def test_an_undecided_bid_uses_the_limit_in_the_all_win_cash_flow(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    fill_contract_example(qtbot, demo_window.detail.bid_tab.limit_panel)
    commit(qtbot, demo_window.detail.bid_tab.amount, "")
    document = demo_window.document
    assert document.state.bids["x1"].amount is None
    result = compute_cashflow(document.portfolio(), scenario=Scenario.ALL, today=TODAY)
    labels = [e.label for e in result.events if e.bid == "x1" and e.kind is EventKind.BALANCE]
    assert labels and "入札上限で試算" in labels[0]


def test_the_estimator_is_offered_as_costs(
    demo_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    panel = demo_window.detail.bid_tab.limit_panel
    commit(qtbot, panel.value, "3000万円")
    monkeypatch.setattr(CostEstimateDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    panel.estimate.click()
    names = [item_at(panel.costs, row, 0).text() for row in range(panel.costs.rowCount())]
    assert "登録免許税(所有権移転)" in names and "不動産取得税" in names
    panel.estimate.click()  # a second estimate replaces the first one's lines
    again = [item_at(panel.costs, row, 0).text() for row in range(panel.costs.rowCount())]
    assert again.count("不動産取得税") == 1
    prop = demo_window.detail.prop
    assert prop is not None and prop.bid_limit is not None
    assert {c.name for c in prop.bid_limit.costs} >= {"登録免許税(所有権移転)", "不動産取得税"}


def test_a_bad_input_says_why_and_saves_nothing(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    panel = demo_window.detail.bid_tab.limit_panel
    commit(qtbot, panel.value, "3000万円")
    commit(qtbot, panel.unit, "1000")
    commit(qtbot, panel.tail, "2000")  # the tail is not below the unit
    assert "端数" in panel.summary.text() and "小さく" in panel.summary.text()
    assert not panel.use_limit.isEnabled()
    prop = demo_window.detail.prop
    assert prop is not None and prop.bid_limit is not None and prop.bid_limit.tail == 2_000
    commit(qtbot, panel.sell_cost, "abc")
    assert prop.bid_limit.sell_cost_rate == 0  # unreadable: not saved


def test_the_risk_sheet_feeds_costs_and_findings(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    document = demo_window.document
    risks = demo_window.detail.risk_panel
    risks.choices["occupant"].setCurrentIndex(risks.choices["occupant"].findData(Occupant.OWNER))
    commit(qtbot, risks.amounts["eviction_cost"], "60万円")
    risks.choices["rebuildable"].setCurrentIndex(risks.choices["rebuildable"].findData(Answer.NO))
    prop = demo_window.detail.prop
    assert prop is not None and prop.risks is not None
    assert (prop.risks.occupant, prop.risks.eviction_cost, prop.risks.rebuildable) == (
        Occupant.OWNER, 600_000, Answer.NO,
    )  # fmt: skip
    assert "民執法83条" in risks.effects.text() and "建築基準法43条" in risks.effects.text()
    codes = {
        f.code for f in check_bid(document.portfolio(), document.state.bids["x1"], today=TODAY)
    }
    assert {"RISK_OCCUPANT", "RISK_NOT_REBUILDABLE"} <= codes
    # The eviction estimate is a cost line of the limit.
    panel = demo_window.detail.bid_tab.limit_panel
    commit(qtbot, panel.value, "3000万円")
    assert "明渡し費用(見込み) 600,000円" in panel.risk_costs.text()
    assert "29,400,000円" in panel.summary.text()  # 30,000,000 − 600,000
    demo_window.undo_action.trigger()  # the value
    demo_window.undo_action.trigger()  # 再建築
    prop = demo_window.detail.prop
    assert prop is not None and prop.risks is not None and prop.risks.rebuildable is None
