"""資金繰り view: scenario switch, chart series, event table, debounced recomputation."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from window_support import TODAY

from biddesk.domain.funds.cashflow import EventKind, Scenario
from biddesk.domain.storage.store import Change, PortfolioStore
from biddesk.gui import palette
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.cashflow_view import MAN, CashflowView, EventColumn


@pytest.fixture
def document(tmp_path: Path) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    doc = PortfolioDocument(PortfolioStore.open(path))
    yield doc
    doc.close()


@pytest.fixture
def view(qtbot: QtBot, document: PortfolioDocument) -> CashflowView:
    widget = CashflowView(document, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.refresh()
    return widget


def switch(qtbot: QtBot, view: CashflowView, scenario: Scenario) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.set_scenario(scenario)


def rows(view: CashflowView) -> list[tuple[str, str | None, int]]:
    return [(e.kind.value, e.bid, e.amount) for e in view.model.events]


def cell(
    view: CashflowView, row: int, column: EventColumn, role: int = Qt.ItemDataRole.DisplayRole
) -> Any:
    return view.model.data(view.model.index(row, column), role)


def find_row(view: CashflowView, kind: EventKind, bid: str | None) -> int:
    return next(i for i, e in enumerate(view.model.events) if e.kind is kind and e.bid == bid)


def test_opens_on_the_all_win_stress_test(view: CashflowView) -> None:
    assert view.result is not None
    assert view.result.scenario is Scenario.ALL
    assert view.scenario_buttons[Scenario.ALL].isChecked()
    text = view.summary.text()
    assert "開始時の余力 25,000,000円" in text
    assert "資金不足はありません" in text
    assert "最低余力 2,550,000円" in text


def test_switching_none_to_all_changes_the_chart_and_the_table(
    qtbot: QtBot, view: CashflowView
) -> None:
    switch(qtbot, view, Scenario.NONE)
    none_rows = rows(view)
    none_balances = len(view.chart.markers[EventKind.BALANCE].points())
    none_lowest = min(p.y() for p in view.chart.headroom.points())
    assert ("balance", "x5", -20_680_000) not in none_rows
    switch(qtbot, view, Scenario.ALL)
    all_rows = rows(view)
    assert ("balance", "x5", -20_680_000) in all_rows
    assert all_rows != none_rows
    assert len(view.chart.markers[EventKind.BALANCE].points()) > none_balances
    assert min(p.y() for p in view.chart.headroom.points()) < none_lowest
    assert view.chart.chart().title() == Scenario.ALL.label


def test_clicking_a_scenario_button_recomputes(qtbot: QtBot, view: CashflowView) -> None:
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        qtbot.mouseClick(view.scenario_buttons[Scenario.NONE], Qt.MouseButton.LeftButton)
    assert view.result is not None and view.result.scenario is Scenario.NONE
    assert "すべて落札できなかった場合" in view.summary.text()


def test_selected_scenario_with_one_ticked_bid(qtbot: QtBot, view: CashflowView) -> None:
    switch(qtbot, view, Scenario.SELECTED)
    assert view.winner_panel.isVisible()
    listed = [
        view.winner_model.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(view.winner_model.rowCount())
    ]
    assert listed == ["x1", "x2", "x5"]  # x3/x4 have outcomes: recorded, not selectable
    assert not [r for r in rows(view) if r[0] == "balance" and r[1] != "x3"]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.tick("x2")
    assert view.winners == {"x2"}
    balances = {r[1] for r in rows(view) if r[0] == "balance"}
    assert balances == {"x3", "x2"}  # x3 won (recorded) + the ticked one
    refunds = {r[1] for r in rows(view) if r[0] == "refund"}
    assert "x5" in refunds and "x2" not in refunds


def test_selected_with_nothing_ticked_matches_none(qtbot: QtBot, view: CashflowView) -> None:
    switch(qtbot, view, Scenario.NONE)
    none_rows = rows(view)
    switch(qtbot, view, Scenario.SELECTED)
    assert rows(view) == none_rows


def test_select_all_button_ticks_every_selectable_bid(qtbot: QtBot, view: CashflowView) -> None:
    switch(qtbot, view, Scenario.SELECTED)
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.set_winners(["x1", "x2", "x5"])
    checked = [
        view.winner_model.item(r).checkState() == Qt.CheckState.Checked
        for r in range(view.winner_model.rowCount())
    ]
    assert all(checked)
    selected_rows = rows(view)
    switch(qtbot, view, Scenario.ALL)
    assert rows(view) == selected_rows


def test_the_winner_panel_hides_outside_the_selected_scenario(
    qtbot: QtBot, view: CashflowView
) -> None:
    switch(qtbot, view, Scenario.SELECTED)
    assert view.winner_panel.isVisible()
    switch(qtbot, view, Scenario.EXPECTED)
    assert not view.winner_panel.isVisible()


def test_expected_scenario_shows_shares(qtbot: QtBot, view: CashflowView) -> None:
    switch(qtbot, view, Scenario.EXPECTED)
    labels = [e.label for e in view.model.events]
    assert any("期待値 40%" in label for label in labels)  # x1: 落札見込み 40%


def test_ticks_survive_a_document_change(
    qtbot: QtBot, view: CashflowView, document: PortfolioDocument
) -> None:
    switch(qtbot, view, Scenario.SELECTED)
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.tick("x5")
    bid = document.state.bids["x2"]
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        document.apply(Change(put_bids=(replace(bid, amount=9_900_000),)), "入札額を変更")
    assert view.winners == {"x5"}
    assert ("balance", "x5", -20_680_000) in rows(view)


def test_table_cells_are_formatted(view: CashflowView) -> None:
    row = find_row(view, EventKind.DEPOSIT, "x4")
    assert cell(view, row, EventColumn.DATE) == "令和8年9月28日(月)"
    assert cell(view, row, EventColumn.DATE, Qt.ItemDataRole.ToolTipRole) == "2026-09-28"
    assert cell(view, row, EventColumn.KIND) == "保証金"
    assert cell(view, row, EventColumn.AMOUNT) == "−900,000円"
    assert cell(view, row, EventColumn.CASH) == "29,100,000円"
    assert cell(view, row, EventColumn.HEADROOM) == "24,100,000円"
    assert "令和7年(ケ)第95号" in cell(view, row, EventColumn.BID)
    align = cell(view, row, EventColumn.AMOUNT, Qt.ItemDataRole.TextAlignmentRole)
    assert align & int(Qt.AlignmentFlag.AlignRight)
    financing = find_row(view, EventKind.FINANCING, None)
    assert cell(view, financing, EventColumn.AMOUNT) == "+20,000,000円"
    assert cell(view, financing, EventColumn.BID) == "(資金の設定)"


def test_estimated_rows_are_italic_with_a_tooltip(view: CashflowView) -> None:
    estimated = find_row(view, EventKind.DEPOSIT, "x1")  # planned: 振込推奨日
    recorded = find_row(view, EventKind.DEPOSIT, "x4")
    font = cell(view, estimated, EventColumn.LABEL, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.italic()
    assert cell(view, recorded, EventColumn.LABEL, Qt.ItemDataRole.FontRole) is None
    assert "推定" in cell(view, estimated, EventColumn.LABEL, Qt.ItemDataRole.ToolTipRole)
    assert "推定" in cell(view, estimated, EventColumn.KIND)


def lower_cash(qtbot: QtBot, view: CashflowView, document: PortfolioDocument, cash: int) -> None:
    settings = replace(document.state.settings, cash_on_hand=cash)
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        document.apply(Change(settings=settings), "資金の設定を変更")


def test_a_shortfall_is_red_and_shaded(
    qtbot: QtBot, view: CashflowView, document: PortfolioDocument
) -> None:
    assert view.chart.shortfall_lower.points() == []
    lower_cash(qtbot, view, document, 12_000_000)
    assert view.result is not None
    assert view.result.first_shortfall == date(2026, 12, 11)
    assert "資金不足の初日 令和8年12月11日(金)" in view.summary.text()
    row = find_row(view, EventKind.BALANCE, "x3")
    brush = cell(view, row, EventColumn.HEADROOM, Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == palette.color(Role.ERROR)
    assert cell(view, 0, EventColumn.HEADROOM, Qt.ItemDataRole.ForegroundRole) is None
    lower = view.chart.shortfall_lower.points()
    assert lower and min(p.y() for p in lower) == pytest.approx(-15_450_000 / MAN)
    assert max(p.y() for p in lower) == 0
    legend = view.chart.chart().legend().markers(view.chart.shortfall)
    assert legend[0].isVisible()


def test_step_lines_start_at_the_settings_and_end_at_the_last_event(view: CashflowView) -> None:
    assert view.result is not None
    cash = view.chart.cash.points()
    room = view.chart.headroom.points()
    assert cash[0].y() == pytest.approx(30_000_000 / MAN)
    assert room[0].y() == pytest.approx(view.result.capacity_start / MAN)
    assert cash[-1].y() == pytest.approx(view.result.events[-1].cash_after / MAN)
    assert room[-1].y() == pytest.approx(view.result.events[-1].headroom / MAN)
    assert [p.x() for p in cash] == sorted(p.x() for p in cash)


def test_reserve_is_a_horizontal_line(view: CashflowView) -> None:
    points = view.chart.reserve.points()
    assert len(points) == 2
    assert {p.y() for p in points} == {5_000_000 / MAN}


def test_one_marker_per_event(view: CashflowView) -> None:
    assert view.result is not None
    markers = sum(len(s.points()) for s in view.chart.markers.values())
    assert markers == len(view.result.events)
    deposits = view.chart.markers[EventKind.DEPOSIT].points()
    assert len(deposits) == sum(1 for e in view.result.events if e.kind is EventKind.DEPOSIT)


def test_changes_are_debounced_and_applied(
    qtbot: QtBot, view: CashflowView, document: PortfolioDocument
) -> None:
    settings = replace(document.state.settings, cash_on_hand=31_000_000)
    document.apply(Change(settings=settings), "資金の設定を変更")
    assert view.pending
    assert view.result is not None and view.result.capacity_start == 25_000_000
    qtbot.waitUntil(lambda: not view.pending, timeout=3000)
    assert view.result.capacity_start == 26_000_000


def test_a_hidden_view_waits_until_shown(
    qtbot: QtBot, view: CashflowView, document: PortfolioDocument
) -> None:
    view.hide()
    settings = replace(document.state.settings, reserve=6_000_000)
    document.apply(Change(settings=settings), "資金の設定を変更")
    qtbot.wait(250)
    assert view.pending
    assert view.result is not None and view.result.capacity_start == 25_000_000
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        view.show()
    assert view.result.capacity_start == 24_000_000


def test_chart_text_uses_the_application_font(view: CashflowView) -> None:
    family = QApplication.font().family()
    assert view.chart.x_axis.labelsFont().family() == family
    assert view.chart.y_axis.labelsFont().family() == family
    assert view.chart.chart().legend().font().family() == family
    assert view.chart.y_axis.titleText() == "万円"


def test_double_click_on_an_event_opens_its_bid(qtbot: QtBot, view: CashflowView) -> None:
    row = find_row(view, EventKind.DEPOSIT, "x4")
    index = view.model.index(row, EventColumn.LABEL)
    with qtbot.waitSignal(view.activated) as signal:
        view.table.doubleClicked.emit(index)
    assert signal.args == ["x4", "p5"]
    financing = view.model.index(find_row(view, EventKind.FINANCING, None), 0)
    with qtbot.assertNotEmitted(view.activated):
        view.table.doubleClicked.emit(financing)


def test_undo_brings_the_figures_back(
    qtbot: QtBot, view: CashflowView, document: PortfolioDocument
) -> None:
    lower_cash(qtbot, view, document, 12_000_000)
    assert view.result is not None and view.result.first_shortfall is not None
    with qtbot.waitSignal(view.refreshed, timeout=3000):
        document.undo_stack.undo()
    assert view.result.first_shortfall is None
    assert view.result.capacity_start == 25_000_000


def test_model_has_no_children(view: CashflowView) -> None:
    parent = view.model.index(0, 0)
    assert view.model.rowCount(parent) == 0
    assert view.model.rowCount(QModelIndex()) == len(view.model.events)
    assert view.model.headerData(4, Qt.Orientation.Horizontal) == "金額"
