"""添付 tab in the real window (offscreen): 追加…, 開く, 保存…, 削除, read-only, キャンセル,
and a deleted property's attachments coming back with 元に戻す."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot
from window_support import TODAY, item_at

from biddesk.domain.storage.attachments import attach_files, list_attachments
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views import attachments_panel

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    shown = MainWindow(PortfolioDocument(PortfolioStore.open(path)), today=TODAY)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def select_property(window: MainWindow, property_id: str) -> None:
    for row in range(window.model.rowCount()):
        if window.model.row_at(row).property.id == property_id:
            window._select_key(window.model.row_at(row).key)
            return
    raise AssertionError(property_id)


def files(tmp_path: Path) -> list[Path]:
    pdf, png = tmp_path / "3点セット.pdf", tmp_path / "外観.png"
    pdf.write_bytes(PDF)
    png.write_bytes(PNG)
    return [pdf, png]


def add_through_the_dialog(panel: Any, monkeypatch: pytest.MonkeyPatch, paths: list[Path]) -> None:
    monkeypatch.setattr(
        QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(p) for p in paths], "")
    )
    panel.add_button.click()


def test_add_open_save_and_remove(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(iter(window.document.state.properties))
    select_property(window, first)
    panel = window.detail.attachments_tab
    window.detail.tabs.setCurrentWidget(panel)
    assert panel.summary.text() == "添付ファイルはありません。"
    assert not panel.open_button.isEnabled() and panel.add_button.isEnabled()
    add_through_the_dialog(panel, monkeypatch, files(tmp_path))
    assert panel.table.rowCount() == 2
    assert [item_at(panel.table, r, 0).text() for r in range(2)] == ["3点セット.pdf", "外観.png"]
    assert item_at(panel.table, 0, 1).text() == "PDF" and item_at(
        panel.table, 0, 3
    ).text().startswith("令和8年")
    assert [a.name for a in list_attachments(window.document.store, first)] == [
        "3点セット.pdf",
        "外観.png",
    ]

    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", record)
    panel.table.selectRow(1)
    panel.open_button.click()
    copy = Path(opened[0].toLocalFile())
    assert copy.name == "外観.png" and copy.read_bytes() == PNG  # whole before it is opened
    attachments_panel.remove_temporary_copies()
    assert not copy.parent.exists()

    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    panel.table.selectRow(0)
    panel.save_button.click()
    assert target.read_bytes() == PDF

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: answers.pop(0))
    panel.remove_button.click()  # No: nothing removed
    assert panel.table.rowCount() == 2
    panel.remove_button.click()
    assert panel.table.rowCount() == 1 and item_at(panel.table, 0, 0).text() == "外観.png"


def test_a_deleted_property_s_attachments_come_back_with_undo(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(iter(window.document.state.properties))
    attach_files(window.document.store, first, files(tmp_path), today=TODAY)
    select_property(window, first)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.delete_selected()
    assert first not in window.document.state.properties
    assert list_attachments(window.document.store) == []
    window.document.undo_stack.undo()
    select_property(window, first)
    assert window.detail.attachments_tab.table.rowCount() == 2


def test_a_wrong_file_says_so_and_cancel_adds_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = next(iter(window.document.state.properties))
    select_property(window, first)
    panel = window.detail.attachments_tab
    messages: list[str] = []
    panel.failed.connect(messages.append)
    text = tmp_path / "memo.txt"
    text.write_text("メモ", encoding="utf-8")
    add_through_the_dialog(panel, monkeypatch, [*files(tmp_path), text])
    assert "PDF・JPEG・PNG・TIFF・HEICのファイルだけ" in messages[-1]
    assert panel.table.rowCount() == 0
    monkeypatch.setattr(QProgressDialog, "wasCanceled", lambda self: True)
    add_through_the_dialog(panel, monkeypatch, files(tmp_path))
    assert messages[-1] == "添付を取り消しました(何も添付していません)。"
    assert list_attachments(window.document.store) == []


def test_read_only_shows_but_does_not_change(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    with PortfolioStore.open(path) as store:
        first = next(iter(store.load().properties)).id
        attach_files(store, first, files(tmp_path), today=TODAY)
    shown = MainWindow(PortfolioDocument(PortfolioStore.open(path, read_only=True)), today=TODAY)
    qtbot.addWidget(shown)
    shown.show()
    select_property(shown, first)
    panel = shown.detail.attachments_tab
    assert panel.table.rowCount() == 2
    assert panel.open_button.isEnabled() and panel.save_button.isEnabled()
    assert not panel.add_button.isEnabled() and not panel.remove_button.isEnabled()


def test_files_dropped_on_the_tab_are_attached_not_imported(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from PySide6.QtCore import QMimeData, QPointF
    from PySide6.QtGui import QDropEvent

    first = next(iter(window.document.state.properties))
    select_property(window, first)
    panel = window.detail.attachments_tab
    window.detail.tabs.setCurrentWidget(panel)
    before = len(window.document.state.properties)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(p)) for p in files(tmp_path)])
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    panel.dropEvent(drop)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2)
    assert len(window.document.state.properties) == before
