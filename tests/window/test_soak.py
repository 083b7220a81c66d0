"""A working day in the window: thousands of row changes and hundreds of edits, then alive.

PySide6 6.12.0 on Python 3.11 dropped one reference to ``None`` on every Qt call that returns
nothing; the window aborted with ``Fatal Python error: none_dealloc`` after about 60 row
selections. Python 3.12 made ``None`` immortal, so the fault shows on 3.11 only, and only as a
falling reference count until the crash. The soak test therefore watches that count as well as
the window: on a bad pair it fails with a sentence instead of taking pytest down with it.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from window_support import type_text

from biddesk.gui.main_window import MainWindow

ROW_CHANGES = 1_500
EDITS = 300
# A healthy run ends with about as many references to None as it started with (caches may
# add some); a leaking binding loses at least one per void Qt call, tens of thousands here.
ALLOWED_NONE_LOSS = 1_000
# A row change made ~270 void Qt calls on the bad pair: checking after every step stops the
# test long before None's count (tens of thousands on Python 3.11 with Qt) reaches zero.
WAIT_EVERY = 25


def none_refs() -> int:
    return sys.getrefcount(None)


def assert_none_kept(start: int, step: str) -> None:
    lost = start - none_refs()
    assert lost < ALLOWED_NONE_LOSS, (
        f"{step}: Qt calls lost {lost} references to None — this PySide6 "
        f"({_pyside_version()}) with Python {sys.version.split()[0]} would abort the window "
        "(none_dealloc); see the PySide6 bounds in pyproject.toml"
    )


def _pyside_version() -> str:
    import PySide6

    return str(PySide6.__version__)


def test_void_qt_calls_keep_none_alive(qapp: object) -> None:
    """The canary: 2,000 calls that return nothing must not lose 2,000 references."""
    label = QLabel()
    start = none_refs()
    for _ in range(2_000):
        label.setText("x")
    assert_none_kept(start, "QLabel.setText ×2,000")


@pytest.mark.slow
def test_the_window_survives_a_working_day(demo_window: MainWindow, qtbot: QtBot) -> None:
    window = demo_window
    rows = window.model.rowCount()
    assert rows >= 3
    start = none_refs()

    for step in range(ROW_CHANGES):
        window.table.selectRow(step % rows)
        if step % WAIT_EVERY == 0:
            qtbot.wait(0)  # let queued signals and repaints run, as a user's clicks would
        assert_none_kept(start, f"row change {step}")

    window.table.selectRow(0)
    bid = window.detail.bid
    assert bid is not None, "the demo's first row carries a bid"
    tab = window.detail.bid_tab
    amounts = []
    for step in range(EDITS):
        amount = 20_000_000 + step * 1_000
        tab.amount.edit.clear()
        type_text(qtbot, tab.amount.edit, str(amount))
        qtbot.keyClick(tab.amount.edit, Qt.Key.Key_Return)
        amounts.append(amount)
        assert_none_kept(start, f"edit {step}")
    assert window.document.state.bids[bid.id].amount == amounts[-1]

    # Still alive and still correct: undo walks back through the edits.
    for _ in range(3):
        window.undo_action.trigger()
    assert window.document.state.bids[bid.id].amount == amounts[-4]
    assert window.isVisible()
    assert_none_kept(start, "end of the day")
