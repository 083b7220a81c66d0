"""Opening files in the window (issue 12 items 3, 9, 10, 12): read-only places open
read-only and say so, bad values are refused naming the place, a lock whose holder cannot
be checked is offered for take-over, a network share is noted."""

from __future__ import annotations

import json
import socket
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from store_support import fill, read_only_view, saved, tiny_disk, version_1_file
from window_support import Dialogs

from biddesk.domain.models import Bid, Property
from biddesk.domain.storage import store as store_module
from biddesk.domain.storage.store import Change, lock_path
from biddesk.gui.main_window import MainWindow


def status(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def test_a_read_only_volume_opens_read_only_and_says_so(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    saved(folder / "p.biddesk")
    with read_only_view(folder) as view:
        assert demo_window.open_path(view / "p.biddesk")
        assert demo_window.document.read_only
        assert "読み取り専用で開きました" in status(demo_window)
        assert "壊れ" not in status(demo_window)
        assert not dialogs.warnings and not dialogs.questions
        assert not demo_window.paste_action.isEnabled()
        assert len(demo_window.document.state.properties) == 2
        demo_window.open_path(tmp_path / "demo.biddesk")  # let go of the mount


def test_a_full_disk_opens_read_only_and_says_the_disk_is_full(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    with tiny_disk(tmp_path / "disk", "2m") as disk:
        saved(disk / "p.biddesk")
        fill(disk)
        assert demo_window.open_path(disk / "p.biddesk")
        assert demo_window.document.read_only
        assert "ディスクの空きが足りない" in status(demo_window)
        assert not dialogs.warnings
        demo_window.open_path(tmp_path / "demo.biddesk")


def test_a_bad_value_is_refused_naming_the_place_and_the_open_file_stays(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = version_1_file(
        tmp_path / "hand.biddesk",
        Change(put_properties=(Property(id="p1"),), put_bids=(Bid(id="x1", property="p1"),)),
    )
    conn = sqlite3.connect(path)
    conn.execute("UPDATE bids SET amount = 'たくさん'")
    conn.commit()
    conn.close()
    shown = demo_window.document
    assert not demo_window.open_path(path)
    assert dialogs.warnings and "表bidsのx1のamount" in dialogs.warnings[-1]
    assert demo_window.document is shown
    assert not lock_path(path).exists()  # refused, so not left locked either


def click_in_next_message_box(button_text: str, seen: list[str]) -> None:
    """Answer the modal question the window is about to show, as a user would."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        for button in box.buttons():
            if button.text() == button_text:
                button.click()
                return

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize(
    ("button", "read_only"), [("引き継ぐ", False), ("読み取り専用で開く", True)]
)
def test_a_lock_of_another_computer_is_offered_for_take_over(
    demo_window: MainWindow, tmp_path: Path, button: str, read_only: bool
) -> None:
    path = saved(tmp_path / "office.biddesk")
    lock_path(path).write_text(
        json.dumps({"pid": 812, "host": "office-pc", "since": "2026-11-20T18:02:11"})
    )
    seen: list[str] = []
    click_in_next_message_box(button, seen)
    assert demo_window.open_path(path)
    assert seen and seen[0].startswith(
        "このファイルは別のコンピューター(office-pc)のプロセス812、2026-11-20 18:02:11から"
        "で編集中のようです。そのプロセスが終了していることが確かなら、編集を引き継ぎますか?"
    )
    assert demo_window.document.read_only is read_only
    holder = json.loads(lock_path(path).read_text())["host"]
    assert holder == ("office-pc" if read_only else socket.gethostname())


def test_a_file_on_a_network_share_says_how_it_is_saved(
    demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "network_filesystem", lambda _folder: "cifs")
    path = saved(tmp_path / "share.biddesk")
    assert demo_window.open_path(path)
    assert not demo_window.document.read_only
    assert "ネットワーク上のフォルダ(cifs)にあるため" in status(demo_window)


def test_starting_the_window_on_a_file_with_a_bad_value_says_where(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The check runs when the window loads the file: it used to escape as a traceback."""
    from biddesk.gui import app

    path = saved(tmp_path / "bad.biddesk")
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE bids SET amount = -5")
    conn.commit()
    conn.close()
    shot = tmp_path / "shot.png"
    assert app.run([str(path), "--screenshot", str(shot), "--today", "2026-11-23"]) == 2
    assert "表bidsのx1のamount" in capsys.readouterr().err
    assert not shot.exists() and not lock_path(path).exists()
