"""Start-up at scale (issue 15 item 8): the window shows a file's table lines, read in one
query, and reads the whole portfolio right after its first paint. Until then nothing can
see a document that is not there: anything that needs it reads it first."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_support import TODAY, Dialogs

from biddesk.domain.overview import line_facts
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column


def demo_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    return path


def tamper(path: Path, sql: str) -> None:
    """Change the file behind BidDesk's back, its CHECK constraints bypassed."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql)
    conn.close()


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def unshown_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow(PortfolioDocument.lines_first(PortfolioStore.open(path)), today=TODAY)
    qtbot.addWidget(window)
    return window


def column(window: MainWindow, which: Column) -> list[str]:
    return [window.model.index(r, which).data() for r in range(window.model.rowCount())]


def full_window(qtbot: QtBot, path: Path) -> MainWindow:
    window = MainWindow(PortfolioDocument(PortfolioStore.open(path, read_only=True)), today=TODAY)
    qtbot.addWidget(window)
    return window


def test_the_table_shows_the_lines_before_the_portfolio_is_read(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    full = full_window(qtbot, path)
    expected = {c: column(full, c) for c in Column if c not in (Column.NEXT, Column.FINDINGS)}
    full.close()
    window = unshown_window(qtbot, path)
    assert not window.document.is_loaded  # building the window read nothing more
    for which, texts in expected.items():
        assert column(window, which) == texts, which
    assert set(column(window, Column.NEXT)) == {""}  # the dates come with the portfolio
    assert window.count_label.text().startswith("読み込み中")
    assert window.detail.bid is None and window.detail.prop is None


def test_after_the_first_paint_the_portfolio_is_read_and_shown(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    full = full_window(qtbot, path)
    next_dates = column(full, Column.NEXT)
    full.close()
    window = unshown_window(qtbot, path)
    with qtbot.waitSignal(window.document.loaded):
        window.show()
    assert window.document.is_loaded
    assert column(window, Column.NEXT) == next_dates and any(next_dates)
    assert "入札者" in window.count_label.text() and "読み込み中" not in window.count_label.text()
    first = window.model.row_at(0)
    assert window.detail.prop == first.property  # the line selected on opening
    model = window.model
    assert [model.facts_at(r) for r in range(model.rowCount())] == [
        line_facts(model.row_at(r)) for r in range(model.rowCount())
    ]  # the lines read first are the portfolio's lines


def test_a_sort_by_the_next_deadline_is_applied_once_the_dates_are_known(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = demo_file(tmp_path)
    full = full_window(qtbot, path)
    full.model.sort(Column.NEXT)
    expected = [full.model.key_at(r) for r in range(full.model.rowCount())]
    full.close()
    window = unshown_window(qtbot, path)
    window.model.sort(Column.NEXT)  # as restoring the saved sort does at start
    before = [window.model.key_at(r) for r in range(window.model.rowCount())]
    window.show()
    qtbot.waitUntil(lambda: window.document.is_loaded)
    after = [window.model.key_at(r) for r in range(window.model.rowCount())]
    assert after == expected
    assert before != expected  # near miss: without the dates every line sorts alike


def test_a_line_picked_before_the_paint_reads_the_portfolio_at_once(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = unshown_window(qtbot, demo_file(tmp_path))
    assert window.table.currentIndex().row() == 0  # selected on opening, not yet shown
    row = next(r for r in range(1, window.model.rowCount()) if window.model.key_at(r)[1])
    window.table.selectRow(row)
    assert window.document.is_loaded
    assert window.detail.bid is not None and window.detail.bid.id == window.model.key_at(row)[1]


def test_an_edit_before_the_paint_is_written_once(qtbot: QtBot, tmp_path: Path) -> None:
    from biddesk.domain.edits import operations

    path = demo_file(tmp_path)
    window = unshown_window(qtbot, path)
    lines = window.model.total_rows()
    prop_id = window.model.key_at(0)[0]
    change = operations.add_bid(window.document.state, prop_id, window.document.new_id)
    assert window.apply(change, "入札を追加")
    assert window.model.total_rows() == lines + 1
    window.close()
    with PortfolioStore.open(path, read_only=True) as store:
        assert len(store.read_lines()) == lines + 1


def test_a_file_readable_only_line_by_line_is_closed_with_one_sentence(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    """A value inside a JSON column (a bid's 代理人) that the row checks do not reach: the
    lines show, reading the whole portfolio fails, the window says so and closes."""
    path = demo_file(tmp_path)
    tamper(path, """UPDATE bids SET agent = '{"who": 1}' WHERE id = (SELECT min(id) FROM bids)""")
    window = unshown_window(qtbot, path)
    assert window.model.rowCount() > 0
    window.show()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert len(dialogs.warnings) == 1 and "形式の違う値" in dialogs.warnings[0]
    assert not window.document.is_loaded and window.load_failed  # the app ends with 2


def test_a_bad_value_the_lines_show_stops_the_window_before_it_is_built(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The rules of the columns the table shows are checked while the window builds
    itself, before it shows anything; the file is let go (its lock released)."""
    import pytest

    from biddesk.domain.storage.store import StoreError

    path = demo_file(tmp_path)
    tamper(path, "UPDATE bids SET amount = -5 WHERE id = (SELECT min(id) FROM bids)")
    document = PortfolioDocument.lines_first(PortfolioStore.open(path, verify_later=True))
    with pytest.raises(StoreError, match="のamount"):
        MainWindow(document, today=TODAY)
    with PortfolioStore.open(path) as store:  # not left locked
        assert not store.closed


def test_a_bad_value_in_a_column_not_shown_is_said_right_after_the_first_paint(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    """Every other rule is checked on, in the thread, and waited for when the portfolio is
    read just after the first paint: one sentence, the window closes, the app ends with 2,
    every row as it was."""
    from biddesk.gui import app

    path = demo_file(tmp_path)
    tamper(path, "UPDATE bids SET win_probability = 101 WHERE id = (SELECT min(id) FROM bids)")
    before = dump(path)
    assert app.run([str(path), "--today", TODAY.isoformat()]) == 2
    assert len(dialogs.warnings) == 1 and "win_probability" in dialogs.warnings[0]
    assert dump(path) == before  # every row as it was (the header's counters aside)
    with PortfolioStore.open(path) as store:  # not left locked
        assert not store.closed


def test_a_table_that_is_never_painted_does_not_keep_the_portfolio_unread(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A saved layout may collapse the table's pane: its viewport is never painted, and the
    portfolio is read FALLBACK_MS after the window is shown all the same."""
    window = unshown_window(qtbot, demo_file(tmp_path))
    window.splitter.setSizes([0, 800])
    window.table.viewport().hide()  # near miss for the paint: nothing of the table shows
    window.show()
    qtbot.waitUntil(lambda: window.document.is_loaded, timeout=5000)
    assert window.detail.prop is not None and "入札者" in window.count_label.text()


def test_a_load_failure_met_on_demand_is_said_once_and_closes_the_window(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    from biddesk.gui.document import LoadFailed

    path = demo_file(tmp_path)
    tamper(path, """UPDATE bids SET agent = '{"who": 1}' WHERE id = (SELECT min(id) FROM bids)""")
    window = unshown_window(qtbot, path)
    window.show()
    for _ in range(2):  # F5, a page, a command: whatever asks for the portfolio first
        with pytest.raises(LoadFailed):
            window.document.portfolio()
    assert len(dialogs.warnings) == 1 and "形式の違う値" in dialogs.warnings[0]
    assert not window.isVisible() and window.load_failed


def test_the_selected_line_survives_a_file_edited_before_it_is_read(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Read-only beside another window that edits: the lines are read, then a property is
    deleted, then the portfolio: the line picked stays the line picked (by its key)."""
    from biddesk.domain.edits import operations

    path = demo_file(tmp_path)
    editor = PortfolioDocument(PortfolioStore.open(path))
    window = MainWindow(
        PortfolioDocument.lines_first(PortfolioStore.open(path, read_only=True)), today=TODAY
    )
    qtbot.addWidget(window)
    first = window.model.key_at(0)[0]
    target = next(r for r in range(window.model.rowCount()) if window.model.key_at(r)[0] != first)
    key = window.model.key_at(target)
    editor.apply(operations.remove_property(editor.state, first), "削除")
    window.table.selectRow(target)  # reads the portfolio at once: the first property is gone
    assert window.document.is_loaded
    row = window.current_row()
    assert row is not None and row.key == key
    model = window.model  # the lines were worked out again from the changed file
    assert [model.facts_at(r) for r in range(model.rowCount())] == [
        line_facts(model.row_at(r)) for r in range(model.rowCount())
    ]
    assert window.detail.prop is not None and window.detail.prop.id == key[0]
    editor.close()


def test_a_damaged_file_stops_the_window_before_it_shows_and_is_left_as_it_was(
    tmp_path: Path, dialogs: Dialogs
) -> None:
    """The integrity check runs beside the reading of the lines (the app opens the file
    with verify_later): a damaged file is refused before anything shows or is written."""
    from store_support import break_an_index

    from biddesk.gui import app

    path = demo_file(tmp_path)
    break_an_index(path)
    before = path.read_bytes()
    assert app.run([str(path), "--today", TODAY.isoformat()]) == 2
    assert len(dialogs.warnings) == 1 and "壊れている" in dialogs.warnings[0]
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["demo.biddesk"]


def test_a_sort_by_the_next_deadline_asked_before_the_dates_keeps_the_order_then_its_top(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Clicking 次の期限 before the portfolio is read: the lines stay as shown (there are no
    dates to sort by yet); once read they are sorted and the top of the list is in view, not
    scrolled away to the line selected on opening."""
    from export_support import large_portfolio_file

    path = large_portfolio_file(tmp_path / "large.biddesk", 300, today=TODAY)
    window = unshown_window(qtbot, path)
    window.resize(1000, 600)
    shown = [window.model.key_at(r) for r in range(window.model.rowCount())]
    window.table.sortByColumn(Column.NEXT, Qt.SortOrder.AscendingOrder)
    assert [window.model.key_at(r) for r in range(window.model.rowCount())] == shown
    selected = window.model.key_at(window.table.currentIndex().row())
    window.show()
    qtbot.waitUntil(lambda: window.document.is_loaded)
    dates = [window.model.cells(r).next_date for r in range(window.model.rowCount())]
    assert dates == sorted(dates) and dates != [dates[0]] * len(dates)
    assert window.model.key_at(window.table.currentIndex().row()) == selected  # kept
    assert window.table.rowAt(0) == 0  # the top of the sorted list shows


def test_before_the_dates_a_next_deadline_sort_keeps_the_order_shown(tmp_path: Path) -> None:
    """Near miss for the window test above: sorted by 売却基準価額 first, a click on 次の期限
    before the dates keeps that order (every line would sort alike: portfolio order)."""
    from export_support import large_portfolio_file

    from biddesk.gui.table_model import PortfolioTableModel

    path = large_portfolio_file(tmp_path / "large.biddesk", 60, today=TODAY)
    with PortfolioStore.open(path, read_only=True) as store:
        lines = store.read_lines()
    model = PortfolioTableModel(TODAY)
    model.set_lines(lines)
    model.sort(Column.BASE, Qt.SortOrder.DescendingOrder)
    shown = [model.key_at(r) for r in range(model.rowCount())]
    assert shown != [line.key for line in lines]
    model.sort(Column.NEXT)
    assert [model.key_at(r) for r in range(model.rowCount())] == shown
