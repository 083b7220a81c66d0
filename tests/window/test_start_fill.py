"""Start-up at scale (issue 15 item 8): a large portfolio's 今後の期限 is filled after the
window's first paint, a slice per turn of the event loop, and ends the same as at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from window_support import TODAY, open_window

from biddesk.domain.schedule.deadlines import upcoming_deadlines
from biddesk.gui.demo import create_demo
from biddesk.gui.views import deadlines_panel


@pytest.mark.parametrize("slice_size", [2, 1000])  # filled in slices / at once (near miss)
def test_the_deadlines_fill_after_the_first_paint(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slice_size: int
) -> None:
    monkeypatch.setattr(deadlines_panel, "FILL_SLICE", slice_size)
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    window = open_window(qtbot, path)
    panel = window.deadlines
    sliced = slice_size < len(window.document.state.bids)
    assert panel.filling is sliced
    if sliced:
        assert panel.count_label.text() == "期限を計算しています…"
        assert panel.model.rowCount() == 0
    qtbot.waitUntil(lambda: not panel.filling)
    expected = upcoming_deadlines(window.document.portfolio(), today=TODAY)
    assert [panel.model.deadline(r) for r in range(panel.model.rowCount())] == expected
    assert panel.count_label.text() == f"{len(expected)}件"
    # An edit while nothing is missing refreshes at once, as before.
    window.undo_action.trigger()
    assert not panel.filling


def test_the_fill_waits_for_the_first_paint_and_pauses_while_hidden(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(deadlines_panel, "FILL_SLICE", 2)
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    window = open_window(qtbot, path)
    panel = window.deadlines
    assert panel.filling
    assert len(panel.cache) == 0  # nothing computed in the first paint
    window.deadlines_dock.hide()  # a hidden list computes nothing
    qtbot.wait(deadlines_panel.FILL_START_MS + 100)
    assert panel.filling
    assert len(panel.cache) == 0
    window.deadlines_dock.show()  # near miss: shown again, it finishes
    qtbot.waitUntil(lambda: not panel.filling)
    expected = upcoming_deadlines(window.document.portfolio(), today=TODAY)
    assert [panel.model.deadline(r) for r in range(panel.model.rowCount())] == expected
