"""The detail pane builds a tab when it is first shown (issue 15 item 8): the window opens with
only 入札 (and 添付, which sets the pane's width) built; a tab built later shows the selected
bid as one built at the start would, saves its edits as one undoable change, and is disabled
on a read-only file like the others."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot
from window_support import TODAY, item_at

from biddesk.domain.models import DocStatus, DocType
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.checklist_tab import ChecklistColumn, ChecklistTab

LABELS = ["入札", "書類チェック", "振込", "結果・返還", "物件", "添付", "3点セット"]


def click_tab(qtbot: QtBot, window: MainWindow, label: str) -> None:
    """Click the tab's name in the tab bar, as a user does."""
    tabs = window.detail.tabs
    bar = tabs.tabBar()
    index = [tabs.tabText(i) for i in range(tabs.count())].index(label)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def show_bid(window: MainWindow, bid_id: str) -> None:
    bid = window.document.state.bids[bid_id]
    window.show_bid(bid.id, bid.property)
    assert window.detail.bid is not None and window.detail.bid.id == bid_id


def cells(tab: ChecklistTab) -> list[list[str]]:
    return [
        [item_at(tab.table, row, column).text() for column in ChecklistColumn]
        for row in range(tab.table.rowCount())
        if all(tab.table.item(row, column) is not None for column in ChecklistColumn)
    ]


def test_the_window_opens_with_only_the_shown_tab_built(demo_window: MainWindow) -> None:
    pane = demo_window.detail
    tabs = pane.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == LABELS
    assert tabs.currentIndex() == 0
    assert pane.built_tabs() == ["入札", "添付"]  # near miss: the shown tab is built
    page = tabs.widget(LABELS.index("書類チェック"))
    assert isinstance(page, QScrollArea) and page.widget() is None  # an empty page for now
    shown = tabs.widget(0)
    assert isinstance(shown, QScrollArea) and shown.widget() is pane.bid_tab


def test_a_tab_clicked_is_built_and_shows_the_selected_bid(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    show_bid(demo_window, "x2")  # a company by an agent: the most papers of the demo
    pane = demo_window.detail
    assert "書類チェック" not in pane.built_tabs()
    click_tab(qtbot, demo_window, "書類チェック")
    assert "書類チェック" in pane.built_tabs()
    assert "振込" not in pane.built_tabs()  # only the one clicked
    tab = pane.checklist_tab
    page = pane.tabs.currentWidget()
    assert isinstance(page, QScrollArea) and page.widget() is tab
    assert tab.isVisible() and tab.isEnabled()
    # what a tab built at the start and shown this bid has
    eager = ChecklistTab(demo_window.document, TODAY)
    qtbot.addWidget(eager)
    eager.show_bid(pane.prop, pane.bid)
    assert [row.requirement for row in tab.rows] == [row.requirement for row in eager.rows]
    assert cells(tab) and cells(tab) == cells(eager)
    assert tab.notes.text() == eager.notes.text()
    registry = tab.row_of(DocType.REGISTRY)
    assert item_at(tab.table, registry, ChecklistColumn.ISSUED).text() == "令和8年11月16日(月)"
    # built, it follows the selection as before
    show_bid(demo_window, "x1")
    assert DocType.REGISTRY not in [row.requirement.type for row in tab.rows]


def test_reading_a_tab_builds_it_with_the_shown_bid(demo_window: MainWindow) -> None:
    show_bid(demo_window, "x1")
    pane = demo_window.detail
    assert "結果・返還" not in pane.built_tabs()
    outcome = pane.outcome_tab
    assert "結果・返還" in pane.built_tabs()
    assert outcome.bid is not None and outcome.bid.id == "x1"
    assert pane.tabs.currentIndex() == 0  # reading it does not switch to it
    assert pane.bid_views == [pane.checklist_tab, pane.transfer_tab, outcome]


def test_an_edit_in_a_tab_built_later_is_saved_and_undone(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    show_bid(demo_window, "x1")
    click_tab(qtbot, demo_window, "書類チェック")
    tab = demo_window.detail.checklist_tab
    row = tab.row_of(DocType.RESIDENCE)
    combo = tab.status_combo(row)
    assert combo.currentText() == "未取得"

    def residence() -> list[DocStatus]:
        bid = demo_window.document.state.bids["x1"]
        return [d.status for d in bid.documents if d.type is DocType.RESIDENCE]

    before = residence()
    combo.setCurrentIndex(combo.findData(DocStatus.OBTAINED.value))
    assert residence() == [DocStatus.OBTAINED]
    assert demo_window.undo_action.isEnabled()
    demo_window.undo_action.trigger()
    assert residence() == before
    assert tab.status_combo(tab.row_of(DocType.RESIDENCE)).currentText() == "未取得"


def test_a_failed_edit_in_a_tab_built_later_is_told(demo_window: MainWindow) -> None:
    pane = demo_window.detail
    outcome = pane.outcome_tab  # built now
    with_message: list[str] = []
    pane.failed.connect(with_message.append)
    outcome.failed.emit("ファイルに書き込めません。")
    assert with_message == ["ファイルに書き込めません。"]


def test_a_tab_built_later_on_a_read_only_file_is_disabled(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "ro.biddesk"
    create_demo(path, today=TODAY).close()
    window = MainWindow(PortfolioDocument(PortfolioStore.open(path, read_only=True)), today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.document.is_loaded)
    show_bid(window, "x1")
    pane = window.detail
    assert pane.tabs.isEnabled()
    assert not pane.bid_tab.isEnabled()  # built at the start
    click_tab(qtbot, window, "結果・返還")
    assert not pane.outcome_tab.isEnabled()
    assert not pane.property_tab.isEnabled()  # built by reading it
    assert not pane.risk_panel.isEnabled()


def test_a_tab_built_later_on_a_writable_file_is_enabled(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    show_bid(demo_window, "x1")  # the near miss of the read-only file
    click_tab(qtbot, demo_window, "結果・返還")
    assert demo_window.detail.outcome_tab.isEnabled()
    assert demo_window.detail.property_tab.isEnabled()


def test_a_tab_built_after_another_file_is_opened_follows_that_file(
    demo_window: MainWindow, tmp_path: Path
) -> None:
    other_path = tmp_path / "other.biddesk"
    create_demo(other_path, today=TODAY).close()
    other = PortfolioDocument(PortfolioStore.open(other_path))
    pane = demo_window.detail
    try:
        pane.set_document(other)
        assert pane.built_tabs() == ["入札", "添付"]
        transfer = pane.transfer_tab
        assert transfer.document is other
        assert transfer.bid is None
    finally:
        pane.set_document(demo_window.document)
        other.close()
