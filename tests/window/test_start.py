"""Starting the window (issue 12 items 8 and 11): --screenshot checked before anything
is made, each demo run in its own folder, the last file remembered by its absolute path
(and said so when it is gone), and the settings file owner-only."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QStatusBar
from window_support import TODAY

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui import app, demo, user_settings

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(autouse=True)
def data_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo runs' folders go under tmp_path, not the user's data folder."""
    location = tmp_path / "data"
    monkeypatch.setattr(demo, "_data_location", lambda: location)
    return location


def start_args(portfolio: str | None = None, *, demo_run: bool = False) -> argparse.Namespace:
    return argparse.Namespace(portfolio=portfolio, demo=demo_run, screenshot=None, today=None)


def demo_folders(location: Path) -> list[Path]:
    return sorted(location.glob(f"{demo.FOLDER_PREFIX}*")) if location.exists() else []


# --- --screenshot ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("nope/x.png", "保存先フォルダがありません"),
        ("x.txt", "画像の拡張子"),
        ("x", "画像の拡張子"),
    ],
)
def test_unusable_screenshot_is_refused_before_anything_is_made(
    tmp_path: Path,
    data_location: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    says: str,
) -> None:
    target = tmp_path / name
    assert app.run(["--demo", "--screenshot", str(target)]) == 2  # was 0, silently
    err = capsys.readouterr().err
    assert err.startswith("エラー: --screenshot ")
    assert says in err
    assert not target.exists()
    assert not data_location.exists()  # no demo was built


def test_screenshot_of_a_writable_png_is_saved(tmp_path: Path, data_location: Path) -> None:
    target = tmp_path / "window.png"
    assert app.run(["--demo", "--screenshot", str(target)]) == 0
    assert target.read_bytes().startswith(b"\x89PNG")
    assert demo_folders(data_location) == []  # the run's demo removed with its window


def test_mistyped_command_after_an_option_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert app.run(["--demo", "lsit"]) == 2
    assert "不明なコマンドです: lsit" in capsys.readouterr().err
    assert not (tmp_path / "lsit").exists()


@pytest.mark.parametrize("value", ["", "20261209"])
def test_window_today_follows_the_command_line_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    assert app.run(["--demo", "--today", value, "--screenshot", str(tmp_path / "t.png")]) == 2
    assert "--today には YYYY-MM-DD 形式" in capsys.readouterr().err  # "" was today
    assert not (tmp_path / "t.png").exists()


# --- two demo runs ----------------------------------------------------------------------


def test_a_second_demo_leaves_the_running_one_alone(tmp_path: Path, data_location: Path) -> None:
    first = app.choose_store(start_args(demo_run=True), TODAY)
    assert first.store is not None and first.demo_folder is not None
    assert oct(first.demo_folder.stat().st_mode & 0o777) == "0o700"
    assert app.run(["--demo", "--screenshot", str(tmp_path / "second.png")]) == 0
    # The first run's files are where they were, and it still reads and writes them.
    assert first.store.path.exists()
    assert demo_folders(data_location) == [first.demo_folder]
    assert len(first.store.load().bids) > 0
    first.store.close()
    demo.remove_demo(first.demo_folder)
    assert demo_folders(data_location) == []


def test_removing_a_demo_keeps_what_the_user_saved_there(tmp_path: Path) -> None:
    started = app.choose_store(start_args(demo_run=True), TODAY)
    assert started.store is not None and started.demo_folder is not None
    started.store.save_as(started.demo_folder / "mine.biddesk")
    started.store.close()
    demo.remove_demo(started.demo_folder)
    assert [p.name for p in started.demo_folder.iterdir()] == ["mine.biddesk"]


def wait_for(check: Callable[[], object], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """A user's environment with its own folders (Linux: XDG), the window offscreen."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        env[name] = str(tmp_path / name.lower())
    return env


@pytest.mark.skipif(sys.platform != "linux", reason="XDG folders and SIGTERM: Linux")
def test_two_demo_windows_as_a_user_starts_them(tmp_path: Path, user_env: dict[str, str]) -> None:
    data = tmp_path / "xdg_data_home" / "BidDesk"
    command = [sys.executable, str(REPO / "main.py"), "--demo"]
    log = tmp_path / "first.err"
    with log.open("wb") as err:
        first = subprocess.Popen(command, env=user_env, stderr=err)
    try:
        wait_for(lambda: any(p.glob("*.lock") for p in demo_folders(data)))
        (running,) = demo_folders(data)
        portfolio = running / demo.DEMO_NAME
        # Wait for the file itself and its first transactions (built, window up); a demo that
        # stopped meanwhile fails here with what it said.
        wait_for(lambda: first.poll() is not None or portfolio.exists())
        assert first.poll() is None, log.read_text(encoding="utf-8")
        wait_for(lambda: not Path(f"{portfolio}-journal").exists())
        inode = portfolio.stat().st_ino
        second = subprocess.run(
            [*command, "--screenshot", str(tmp_path / "b.png")],
            env=user_env,
            capture_output=True,
            timeout=120,
        )
        assert second.returncode == 0, second.stderr.decode()
        assert first.poll() is None  # still open
        assert demo_folders(data) == [running]
        assert portfolio.stat().st_ino == inode  # not replaced by the second demo
        assert Path(f"{portfolio}.lock").exists()
    finally:
        first.terminate()  # a session ending: the window closes as the user would
        first.wait(60)
    assert first.returncode == 0, log.read_text(encoding="utf-8")
    assert demo_folders(data) == []


# --- the last file ----------------------------------------------------------------------


@pytest.fixture
def in_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    yield folder


def test_last_file_is_remembered_absolute_and_found_from_elsewhere(
    tmp_path: Path, in_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert app.run(["my.biddesk", "--screenshot", str(tmp_path / "a.png")]) == 0
    expected = str(in_folder / "my.biddesk")
    assert QSettings().value("last_file") == expected  # was "my.biddesk"
    assert QSettings().value("recent_files") == [expected]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # `make run` starts in the repository
    started = app.choose_store(start_args(), TODAY)
    assert started.store is not None
    assert started.store.path == in_folder / "my.biddesk"
    assert started.notice == "" and started.demo_folder is None
    started.store.close()


def test_a_gone_last_file_is_said_in_the_status_bar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = tmp_path / "moved.biddesk"
    QSettings().setValue("last_file", str(gone))
    shown: list[str] = []
    original = QStatusBar.showMessage

    def record(bar: QStatusBar, text: str, timeout: int = 0) -> None:
        shown.append(text)
        original(bar, text, timeout)

    monkeypatch.setattr(QStatusBar, "showMessage", record)
    assert app.run(["--screenshot", str(tmp_path / "s.png")]) == 0
    assert f"前回のファイルが見つかりません: {gone}。デモを開きます。" in shown


def test_a_first_start_opens_the_demo_with_a_welcome() -> None:
    """No file named, none last time (contracts.md): the demo, and the status bar says so."""
    started = app.choose_store(start_args(), TODAY)
    try:
        assert started.store is not None and started.demo_folder is not None
        assert started.notice == app.WELCOME and "デモ" in started.notice
    finally:
        if started.store is not None:
            started.store.close()
        if started.demo_folder is not None:
            demo.remove_demo(started.demo_folder)
    # Near miss: --demo asked for the demo, no welcome needed.
    asked = app.choose_store(start_args(demo_run=True), TODAY)
    assert asked.notice == ""
    assert asked.store is not None and asked.demo_folder is not None
    asked.store.close()
    demo.remove_demo(asked.demo_folder)


def test_a_relative_last_file_of_an_older_version_reads_from_the_current_folder(
    in_folder: Path,
) -> None:
    PortfolioStore.create(in_folder / "old.biddesk").close()
    QSettings().setValue("last_file", "old.biddesk")
    assert user_settings.last_file(QSettings()) == in_folder / "old.biddesk"


def test_a_demo_copy_is_not_remembered(tmp_path: Path) -> None:
    started = app.choose_store(start_args(demo_run=True), TODAY)
    assert started.store is not None and started.demo_folder is not None
    real = tmp_path / "real.biddesk"
    user_settings.remember(QSettings(), real)
    user_settings.remember(QSettings(), started.store.path)
    assert QSettings().value("last_file") == str(real)
    started.store.close()
    demo.remove_demo(started.demo_folder)


# --- the settings file is owner-only ------------------------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_settings_file_and_folder_are_owner_only(tmp_path: Path, umask_022: None) -> None:
    settings = QSettings()
    user_settings.remember(settings, tmp_path / "a.biddesk")
    path = Path(settings.fileName())
    assert path.parent == tmp_path / "ini" / "BidDesk"
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # was 0o644
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"
    # Qt rewrites the file through a temporary file and a rename: still 0600 after.
    user_settings.remember(settings, tmp_path / "b.biddesk")
    settings.setValue("window/geometry", b"x")
    settings.sync()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert "b.biddesk" in path.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_window_settings_written_on_close_are_owner_only(tmp_path: Path, umask_022: None) -> None:
    assert app.run([str(tmp_path / "w.biddesk"), "--screenshot", str(tmp_path / "w.png")]) == 0
    path = Path(QSettings().fileName())
    assert "window" in path.read_text(encoding="utf-8")  # the close wrote its layout
    assert oct(path.stat().st_mode & 0o777) == "0o600"
