"""Faults while the window is open: a full disk, a read-only file, hostile text."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_support import DATA, Dialogs, type_text

from biddesk.gui.main_window import MainWindow

SAMPLES = DATA / "announcements"


def fill_disk(window: MainWindow) -> None:
    """SQLite's own 'database or disk is full': the file may not grow by a single page."""
    conn = window.document.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_keeps_everything_and_the_window_usable(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Dialogs
) -> None:
    before = demo_window.document.portfolio()
    fill_disk(demo_window)
    big = "\n\n".join(
        (SAMPLES / "bit_card_single.txt").read_text(encoding="utf-8").replace("1234", str(n))
        for n in range(1000, 1400)
    )
    path = demo_window.document.path.parent / "big.txt"
    path.write_text(big, encoding="utf-8")
    demo_window.import_paths([path])
    assert dialogs.warnings and "ディスクの空き" in dialogs.warnings[-1]
    assert "直前の状態のまま" in dialogs.warnings[-1]
    assert demo_window.document.portfolio() == before
    assert not demo_window.document.undo_stack.canUndo()
    # Space again: the very next edit works, and the file is sound.
    demo_window.document.store.conn.execute("PRAGMA max_page_count = 1073741823")
    note = path.parent / "note.txt"  # a case the demo does not have (a known one is updated)
    note.write_text(
        (SAMPLES / "typed_note.txt").read_text(encoding="utf-8").replace("(ケ)77", "(ケ)7777"),
        encoding="utf-8",
    )
    demo_window.import_paths([note])
    assert len(demo_window.document.state.properties) == len(before.properties) + 1
    check = sqlite3.connect(demo_window.document.path).execute("PRAGMA integrity_check")
    assert check.fetchone()[0] == "ok"


def test_full_disk_during_a_typed_edit(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Dialogs
) -> None:
    demo_window.table.selectRow(0)
    bid = demo_window.detail.bid
    assert bid is not None
    fill_disk(demo_window)
    # Fill the last free bytes of the page cache with a long note, then type an amount.
    tab = demo_window.detail.bid_tab
    tab.note.setText("あ" * 100_000)
    tab.note.editingFinished.emit()
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "99999999")
    qtbot.keyClick(tab.amount.edit, Qt.Key.Key_Return)
    stored = demo_window.document.state.bids[bid.id]
    assert dialogs.warnings, "the user was told the edit was not saved"
    assert stored.note == bid.note
    reopened = sqlite3.connect(demo_window.document.path)
    assert reopened.execute("SELECT note FROM bids WHERE id = ?", (bid.id,)).fetchone()[0] == (
        bid.note
    )


def test_read_only_document_refuses_edits_in_words(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    from window_support import TODAY

    from biddesk.domain.storage.store import PortfolioStore
    from biddesk.gui.demo import create_demo
    from biddesk.gui.document import PortfolioDocument

    path = tmp_path / "ro.biddesk"
    create_demo(path, today=TODAY).close()
    before = path.read_bytes()
    window = MainWindow(PortfolioDocument(PortfolioStore.open(path, read_only=True)), today=TODAY)
    qtbot.addWidget(window)
    window.show()
    window.table.selectRow(0)
    assert not window.detail.bid_tab.isEnabled()
    assert not window.paste_action.isEnabled()
    window.import_paths([SAMPLES / "typed_note.txt"])  # e.g. a file dropped on the window
    assert window.document.state.properties.keys() == {f"p{n}" for n in range(1, 9)}
    assert path.read_bytes() == before


def test_hostile_text_survives_the_window_and_every_export(
    demo_window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    from dataclasses import replace

    from openpyxl import load_workbook

    from biddesk.domain.storage.store import Change
    from biddesk.gui.export_runner import ExportKind

    prop = demo_window.document.state.properties["p1"]
    hostile = replace(
        prop,
        address='=HYPERLINK("http://example.invalid","click") 𠮷野家 髙島屋 🏠\x07',
        note="長" * 10_000,
        kind="@SUM(A1)",
    )
    demo_window.document.apply(Change(put_properties=(hostile,)), "hostile")
    demo_window.filter_edit.setText("𠮷野家")
    assert demo_window.model.rowCount() == 1
    for kind, name in (
        (ExportKind.WORKBOOK, "h.xlsx"),
        (ExportKind.REPORT, "h.pdf"),
        (ExportKind.FORMS, "forms"),
        (ExportKind.CALENDAR, "h.ics"),
    ):
        with qtbot.waitSignal(demo_window.exporter.finished, timeout=120_000) as signal:
            demo_window.export_to(kind, tmp_path / name)
        assert signal.args[1] == "", signal.args[1]
    sheet = load_workbook(tmp_path / "h.xlsx")["物件一覧"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    risky = [c for c in cells if c.value.startswith(("=", "@"))]
    assert len(risky) == 2  # the address and the kind, kept as the user wrote them
    assert all(c.data_type == "s" and c.quotePrefix for c in risky)  # text, never a formula
    assert any("𠮷野家" in c.value for c in cells)


def test_opening_an_older_file_says_where_the_backup_is_and_it_restores(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    import shutil

    from test_store_files import make_v0, rich_document

    old = make_v0(tmp_path / "old.biddesk", rich_document())
    before = list(sqlite3.connect(old).iterdump())
    assert demo_window.open_path(old)
    assert dialogs.informations and "old.v0-backup.biddesk" in dialogs.informations[-1]
    assert len(demo_window.document.state.bids) == 5
    backup = tmp_path / "old.v0-backup.biddesk"
    assert list(sqlite3.connect(backup).iterdump()) == before  # as it was before the update
    # Restoring = putting the backup back; it opens (and is migrated again) like before.
    demo_window.open_path(tmp_path / "demo.biddesk")
    restored = tmp_path / "restored.biddesk"
    shutil.copy(backup, restored)
    assert demo_window.open_path(restored)
    assert len(demo_window.document.state.bids) == 5


def test_opening_a_damaged_file_says_so_and_keeps_the_open_one(
    demo_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    damaged = tmp_path / "damaged.biddesk"
    damaged.write_bytes(b"SQLite format 3\x00" + bytes(range(256)) * 8)
    before = damaged.read_bytes()
    assert not demo_window.open_path(damaged)
    assert len(dialogs.warnings) == 1 and "\n" not in dialogs.warnings[0]
    assert damaged.read_bytes() == before
    assert demo_window.document.path.name == "demo.biddesk"
    assert demo_window.model.rowCount() == 8
