"""市場 view, the 売却結果 dialog (proposals confirmed and undone), the live chance in the 入札
tab and the expected scenario's odds, on the real window."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from biddesk.domain.edits.operations import put_portfolio
from biddesk.domain.funds.cashflow import Scenario
from biddesk.domain.models import OutcomeResult
from biddesk.domain.storage.interchange import portfolio_from_text
from biddesk.domain.storage.results_history import all_results
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.dialogs.results_dialog import ResultsDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.market_view import live_chance

DATA = Path(__file__).resolve().parent.parent / "data" / "results"
AFTER = date(2026, 12, 17)


def window_on_bids(qtbot: object, tmp_path: Path) -> MainWindow:
    store = PortfolioStore.create(tmp_path / "m.biddesk")
    store.apply(put_portfolio(portfolio_from_text((DATA / "bids_kawasaki.json").read_text())))
    window = MainWindow(PortfolioDocument(store), today=AFTER)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    return window


def test_results_dialog_records_the_checked_proposals_and_undo_takes_them_back(
    qtbot: object, tmp_path: Path
) -> None:
    window = window_on_bids(qtbot, tmp_path)
    document = window.document
    dialog = ResultsDialog(document, AFTER, window)
    dialog.text.setPlainText((DATA / "stacked.txt").read_text(encoding="utf-8"))
    dialog.read()
    assert dialog.list.count() == 4  # x1 won, x2 lost, x4 withdrawn, x5 lost
    assert "有効な入札をしたのに開札結果が不売" in dialog.summary.text()  # x3
    dialog.list.item(3).setCheckState(Qt.CheckState.Unchecked)  # x5 not now
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert len(all_results(document.store)) == 4
    outcomes = {k: b.outcome.result for k, b in document.state.bids.items() if b.outcome}
    assert outcomes == {
        "x1": OutcomeResult.WON,
        "x2": OutcomeResult.LOST,
        "x4": OutcomeResult.WITHDRAWN,
    }
    assert window.undo_action.text() == "元に戻す: 開札結果の記録(3件)"
    window.show_bid("x2", "p1")
    assert window.detail.outcome_tab.sale_result.text() == (
        "令和8年12月16日(水) 売却、売却価額18,250,000円(1.521倍)、入札者9人、入札額との差-12.3%"
    )
    window.show_bid("x6", "p5")  # another opening of the same case: not in the history
    assert "履歴にありません" in window.detail.outcome_tab.sale_result.text()
    window.undo_action.trigger()
    assert all(b.outcome is None for b in document.state.bids.values())
    assert len(all_results(document.store)) == 4  # the history stays

    window.pages.setCurrentWidget(window.market_view)
    view = window.market_view
    view.refresh()
    assert view.summary.text().startswith("すべての売却結果: 4件(売却2・不売1・取下等1)")
    assert view.groups.rowCount() == 3 and view.versus.rowCount() == 4
    assert view.chart.counts[7] == 2  # 1.519倍 and 1.521倍 in the 1.5 bar
    labels = [m.label for m in view.chart.marks]  # the case's 第…号, never the bid's id
    assert len(labels) == 6 and all(re.fullmatch(r"第\d+号", label) for label in labels)
    view.court.setCurrentText("横浜地方裁判所川崎支部")
    view.kind.setCurrentText("土地")
    assert view.summary.text().startswith("横浜地方裁判所川崎支部 土地: 1件")


def test_an_empty_history_says_how_to_fill_it(qtbot: object, tmp_path: Path) -> None:
    window = window_on_bids(qtbot, tmp_path)
    window.pages.setCurrentWidget(window.market_view)
    window.market_view.refresh()
    assert "売却結果の履歴はまだありません" in window.market_view.summary.text()
    prop = window.document.state.properties["p1"]
    assert "履歴がまだありません" in live_chance(window.document, prop, 15_000_000)


def test_the_chance_shows_as_the_amount_is_typed_and_feeds_the_expected_scenario(
    qtbot: object, tmp_path: Path
) -> None:
    window = window_on_bids(qtbot, tmp_path)
    dialog = ResultsDialog(window.document, AFTER, window)
    dialog.text.setPlainText((DATA / "stacked.txt").read_text(encoding="utf-8"))
    dialog.read()
    for index in range(dialog.list.count()):
        dialog.list.item(index).setCheckState(Qt.CheckState.Unchecked)
    dialog.record()
    window.show_bid("x6", "p5")
    tab = window.detail.bid_tab
    tab.amount.edit.selectAll()
    qtbot.keyClicks(tab.amount.edit, "18240000")  # type: ignore[attr-defined]
    # 18,240,000 / 12,000,000 = 1.52 < 1.5208 (301号) but ≥ 1.5194 (320号); 不売 counts: 2 of 3
    assert "落札の見込み" in tab.figures.text() and "66.7%(すべての結果の売却結果3件中)" in (
        tab.figures.text()
    )
    window.pages.setCurrentWidget(window.cashflow_view)
    window.cashflow_view.set_scenario(Scenario.EXPECTED)
    window.cashflow_view.refresh()
    assert "落札見込み: 売却結果の履歴から6件" in window.cashflow_view.summary.text()


def test_a_json_with_a_results_list_fills_the_history(qtbot: object, tmp_path: Path) -> None:
    import json

    from biddesk.domain.market.results_parsing import parse_results
    from biddesk.domain.storage.interchange import result_to_json

    results = parse_results((DATA / "one_line.txt").read_text(encoding="utf-8")).results
    source = tmp_path / "history.json"
    document = {"format": "biddesk-portfolio", "version": 1}
    document["results"] = [result_to_json(r) for r in results]
    source.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    window = window_on_bids(qtbot, tmp_path)
    window.import_paths([source])
    assert all_results(window.document.store) == list(results)
    assert not window.document.undo_stack.canUndo()  # nothing but the history came in
    assert "売却結果3件を履歴に追加しました" in window.statusBar().currentMessage()
