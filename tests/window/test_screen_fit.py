"""The window on a small screen (issue 15 item 4): 1280×720, or 1920×1080 at 150 %.

The offscreen platform takes its screens from a JSON configfile; the window is opened in a
child process on a 1280×720 screen (screen_probe.py) and every part that must be seen is
checked against QScreen.availableGeometry.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from pytestqt.qtbot import QtBot
from window_support import screen_platform

from biddesk.gui import geometry
from biddesk.gui.main_window import MainWindow

HERE = Path(__file__).resolve().parent


def inside(outer: list[int], inner: list[int]) -> bool:
    return QRect(*outer).contains(QRect(*inner))


# (screen width, height, Qt's scale factor): a 1280×720 screen, and a 1920×1080 one at 150 %
# (Windows' 150 % scaling), which is 1280×720 logical pixels too.
SCREENS = {"1280x720": (1280, 720, "1"), "1920x1080@150%": (1920, 1080, "1.5")}


@pytest.fixture(scope="module", params=list(SCREENS))
def small_screen(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Any]:
    width, height, scale = SCREENS[request.param]
    folder = tmp_path_factory.mktemp("screen")
    result = subprocess.run(
        [sys.executable, str(HERE / "screen_probe.py"), str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": screen_platform(folder, width, height),
            "QT_SCALE_FACTOR": scale,
            "XDG_CONFIG_HOME": str(folder),
            "XDG_DATA_HOME": str(folder),
        },
    )
    assert result.returncode == 0, result.stderr
    facts: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return facts


def test_the_window_fits_a_1280x720_screen(small_screen: dict[str, Any]) -> None:
    available = small_screen["available"]
    assert available[2:] == [1280, 720]
    assert inside(available, small_screen["frame"])
    for part in ("detail", "status_bar", "deadlines"):
        assert inside(available, small_screen[part]), part


def test_the_columns_that_matter_are_in_sight(small_screen: dict[str, Any]) -> None:
    assert small_screen["property_column"] >= small_screen["property_text"]  # 物件 whole
    ends = small_screen["checklist_ends"]
    assert ends["NAME"] <= small_screen["checklist_viewport"]  # 記載の氏名
    assert ends["MATCH"] <= small_screen["checklist_viewport"]  # 照合


def test_the_second_bid_verdict_is_not_cut_off(small_screen: dict[str, Any]) -> None:
    verdict = small_screen["verdict"]
    assert verdict["visible"] and "民執法67条" in verdict["text"]
    assert verdict["height"] >= verdict["needed"]


def test_the_paste_dialog_buttons_are_on_screen(small_screen: dict[str, Any]) -> None:
    assert inside(small_screen["available"], small_screen["paste_frame"])
    assert inside(small_screen["available"], small_screen["paste_buttons"])
    for name, frame in small_screen["dialogs"].items():  # 入札者, 入札前チェック, 資金の設定
        assert inside(small_screen["available"], frame), name


def test_in_process_the_window_fits_its_screen(empty_window: MainWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(
        lambda: empty_window.screen().availableGeometry().contains(empty_window.frameGeometry())
    )
    available = empty_window.screen().availableGeometry()
    assert available.contains(empty_window.frameGeometry())
    assert empty_window.minimumWidth() <= available.width()


def test_the_size_is_remembered_per_screen(empty_window: MainWindow) -> None:
    settings = QSettings()
    key = f"window/geometry/{geometry.screen_key(empty_window.screen())}"
    empty_window.resize(700, 500)
    empty_window.close()
    saved = settings.value(key)
    assert isinstance(saved, QByteArray)
    assert settings.value("window/geometry/another-1920x1080") is None
    settings.setValue("window/geometry/another-1920x1080", saved)  # another screen's own
    assert settings.value(key) == saved


def test_an_old_single_size_is_read_and_fitted(qtbot: QtBot, tmp_path: Path) -> None:
    from window_support import open_window

    first = open_window(qtbot, tmp_path / "a.biddesk")
    first.resize(5000, 4000)  # larger than the screen: saved as the old single key did
    QSettings().setValue(geometry.LEGACY_KEY, first.saveGeometry())
    first.close()
    settings = QSettings()
    settings.remove(f"window/geometry/{geometry.screen_key(first.screen())}")
    again = open_window(qtbot, tmp_path / "b.biddesk")
    area = again.screen().availableGeometry()
    qtbot.waitUntil(lambda: area.contains(again.frameGeometry()))


def test_a_remembered_size_larger_than_the_screen_is_fitted(empty_window: MainWindow) -> None:
    area = empty_window.screen().availableGeometry()
    empty_window.setMinimumSize(0, 0)
    empty_window.resize(area.width() + 500, area.height() + 400)
    empty_window.move(area.right() - 50, area.bottom() - 50)
    geometry.keep_inside(empty_window, area)
    assert area.contains(empty_window.frameGeometry())


@pytest.mark.parametrize(
    ("preferred", "area", "expected"),
    [
        (QSize(1600, 900), QRect(0, 0, 1920, 1040), QSize(1600, 900)),  # room: as preferred
        (QSize(1600, 900), QRect(0, 0, 1280, 680), QSize(1280, 680)),  # near miss: shrunk
    ],
)
def test_fitted(preferred: QSize, area: QRect, expected: QSize) -> None:
    assert geometry.fitted(preferred, area) == expected


def test_split_keeps_the_detail_pane_wide_enough() -> None:
    assert geometry.split(1600) == [1024, 576]
    assert geometry.split(1280) == [720, 560]
    assert geometry.split(1000) == [500, 500]
