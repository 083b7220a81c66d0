"""The detail pane's layout (the reviewer's problems 1–5 of the window at 1280×720 and at the
default offscreen size): fields that show their longest value, the 書類チェック table above its
notes with a readable 内容 column, no sideways scroll bar on 振込 / 結果・返還, seven whole
tabs. What is measured is in layout_measure.py; here it runs on the default offscreen screen in
this process and on a 1280×720 screen in a child process (as test_screen_fit.py does).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot
from window_support import screen_platform

from biddesk.gui.fields import DATE_SAMPLE, YEN_SAMPLE, DateField, YenField, fit_form
from biddesk.gui.main_window import MainWindow

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from layout_measure import measure  # noqa: E402


def test_the_detail_pane_at_the_default_size(demo_window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitExposed(demo_window)
    assert measure(demo_window) == []


def test_the_detail_pane_on_a_1280x720_screen(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(HERE / "layout_probe.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": screen_platform(tmp_path, 1280, 720),
            "XDG_CONFIG_HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["screen"] == 1280
    assert facts["problems"] == []


@pytest.mark.parametrize("kind", [YenField, DateField])
def test_a_field_in_a_narrow_form_keeps_its_width(
    qtbot: QtBot, kind: type[YenField] | type[DateField]
) -> None:
    """A form narrower than its fields: the fields keep their minimum (the pane scrolls)."""
    from PySide6.QtWidgets import QFormLayout, QWidget

    body = QWidget()
    form = fit_form(QFormLayout(body))
    field = kind()
    form.addRow("最高価買受申出人の代金納付期限", field)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(body)
    qtbot.addWidget(area)
    area.resize(200, 300)
    area.show()
    qtbot.waitExposed(area)
    sample = YEN_SAMPLE if kind is YenField else DATE_SAMPLE
    edit = field.edit
    needed = edit.fontMetrics().horizontalAdvance(sample)
    assert edit.width() > needed
    assert edit.width() > edit.fontMetrics().horizontalAdvance(edit.placeholderText())
    assert area.horizontalScrollBar().maximum() > 0  # scrolled, not squeezed


def test_the_reading_goes_under_the_edit_when_narrow(qtbot: QtBot) -> None:
    field = DateField()
    qtbot.addWidget(field)
    field.resize(field.side_by_side_width() + 20, 60)
    field.show()
    qtbot.waitExposed(field)
    field.edit.setText("令和8年12月9日")
    field.edit.textEdited.emit("令和8年12月9日")
    assert field.hint.geometry().left() > field.edit.geometry().right()  # beside
    field.resize(field.minimumWidth(), 80)
    qtbot.waitUntil(lambda: field.hint.geometry().top() > field.edit.geometry().bottom())
    assert field.hint.text() == "令和8年12月9日(水)"


def test_the_seven_tabs_are_whole_in_a_1280_pane_not_in_a_narrower_one(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QWidget

    from biddesk.gui.views.pane_chrome import CompactTabBar, compact_tabs

    tabs = compact_tabs()
    qtbot.addWidget(tabs)
    for name in ("入札", "書類チェック", "振込", "結果・返還", "物件", "添付", "3点セット"):
        tabs.addTab(QWidget(), name)
    bar = tabs.tabBar()
    assert isinstance(bar, CompactTabBar)
    assert bar.tabToolTip(6) == "3点セット"  # whole when elided
    tabs.resize(419, 200)  # the detail pane at 1280×720
    tabs.show()
    qtbot.waitExposed(tabs)
    assert bar.all_in_sight()
    tabs.resize(320, 200)
    qtbot.waitUntil(lambda: not bar.all_in_sight())  # elided, none scrolled away
    assert bar.tabRect(6).right() < bar.width()
