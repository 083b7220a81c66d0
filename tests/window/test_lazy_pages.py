"""Start-up (issue 15 item 8): 資金繰り, 返還管理 and 市場 are built the first time they are
shown or asked for; the window opens on ポートフォリオ without them."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from window_support import TODAY, open_window

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.cashflow_view import CashflowView


def test_the_other_pages_are_built_when_first_shown(demo_window: MainWindow, qtbot: QtBot) -> None:
    pages = demo_window.pages
    assert pages.currentIndex() == 0 and pages.built_pages() == []
    pages.tabBar().setCurrentIndex(1)  # as a click on 資金繰り does
    built = pages.built_pages()
    assert len(built) == 1 and isinstance(built[0], CashflowView)
    assert pages.currentWidget().isAncestorOf(built[0])
    qtbot.waitUntil(lambda: demo_window.cashflow_view.table.model().rowCount() > 0)
    assert not pages.is_built(3)  # near miss: 市場, not shown, is still not built


def test_the_menu_and_set_current_widget_show_a_page_built_later(
    demo_window: MainWindow,
) -> None:
    actions = demo_window.findChildren(type(demo_window.undo_action))
    next(a for a in actions if a.text() == "返還管理").trigger()
    assert demo_window.pages.currentWidget().isAncestorOf(demo_window.refunds_view)
    demo_window.pages.setCurrentWidget(demo_window.market_view)  # as the tests and F-keys do
    assert demo_window.pages.currentWidget().isAncestorOf(demo_window.market_view)


def test_a_page_built_after_another_file_is_opened_shows_that_file(
    qtbot: QtBot, tmp_path: Path
) -> None:
    first, second = tmp_path / "a.biddesk", tmp_path / "b.biddesk"
    create_demo(first, today=TODAY).close()
    PortfolioStore.create(second).close()
    window = open_window(qtbot, first)
    assert window.open_path(second)
    view = window.cashflow_view  # built now, on the open file
    assert view.document is window.document and window.document.path == second
    assert window.market_view.import_button.isEnabled()
