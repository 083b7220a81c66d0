"""The window's files: open (locks, read-only), new, save as, import, recent files.

The main window's ファイル menu and its drops delegate here (``MainWindow.new_file`` …
stay its methods); every function takes the window it acts for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from biddesk.domain.errors import UserError
from biddesk.domain.storage.lock import Holder
from biddesk.domain.storage.store import (
    PortfolioStore,
    StoreError,
    StoreLockedError,
    StoreNotWritableError,
)
from biddesk.gui import drops, user_settings
from biddesk.gui.document import PortfolioDocument

if TYPE_CHECKING:
    from biddesk.gui.main_window import MainWindow

SUFFIX = ".biddesk"
FILE_FILTER = f"BidDesk ポートフォリオ (*{SUFFIX});;すべてのファイル (*)"
IMPORT_FILTER = "取り込めるファイル (*.txt *.csv *.json);;すべてのファイル (*)"


def open_store(path: Path, parent: QWidget | None) -> PortfolioStore | None:
    """Open ``path`` for editing. Where it can only be read (a read-only file, folder or
    volume, a full disk) it opens read-only and says why in the status bar; if another
    window edits it, offer read-only; if a lock's holder cannot be checked, ask whether
    to take over. The file's integrity check waits for its first use (``verify_later``):
    beside the reading of the table's lines when the window opens it lines first."""
    try:
        return PortfolioStore.open(path, verify_later=True)
    except StoreNotWritableError as error:
        store = PortfolioStore.open(path, read_only=True, verify_later=True)
        store.read_only_reason = f"読み取り専用で開きました({error.reason}ため)。"
        return store
    except StoreLockedError as error:
        if error.can_take_over and error.holder is not None:
            choice = ask_take_over(parent, error.holder, path)
            if choice == "take_over":
                return PortfolioStore.open(path, take_over=True, verify_later=True)
            return (
                PortfolioStore.open(path, read_only=True, verify_later=True)
                if choice == "read_only"
                else None
            )
        answer = QMessageBox.question(
            parent,
            "ほかのウィンドウで編集中",
            f"{error}\n読み取り専用で開きますか?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return PortfolioStore.open(path, read_only=True, verify_later=True)


def ask_take_over(parent: QWidget | None, holder: Holder, path: Path) -> str | None:
    """What the user chose for a lock whose holder may be gone: "take_over", "read_only"
    or None (cancelled)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("編集中のファイル")
    box.setText(
        f"このファイルは{holder.describe()}で編集中のようです。そのプロセスが終了していることが"
        f"確かなら、編集を引き継ぎますか?\n{path}"
    )
    take = box.addButton("引き継ぐ", QMessageBox.ButtonRole.AcceptRole)
    read = box.addButton("読み取り専用で開く", QMessageBox.ButtonRole.ActionRole)
    cancel = box.addButton("キャンセル", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read)  # the safe answer when unsure
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return "take_over" if clicked is take else "read_only" if clicked is read else None


def _with_suffix(name: str) -> Path:
    path = Path(name)
    return path if path.suffix == SUFFIX else path.with_suffix(SUFFIX)


def new_file(window: MainWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(window, "新しいポートフォリオ", "", FILE_FILTER)
    if not name:
        return
    path = _with_suffix(name)
    try:
        if path.exists():
            raise StoreError(f"同じ名前のファイルがすでにあります: {path}")
        store = PortfolioStore.create(path)
    except StoreError as error:
        window.show_error(str(error))
        return
    window._replace_document(PortfolioDocument(store))


def open_file(window: MainWindow) -> None:
    name, _ = QFileDialog.getOpenFileName(window, "ポートフォリオを開く", "", FILE_FILTER)
    if name:
        window.open_path(Path(name))


def open_path(window: MainWindow, path: Path) -> bool:
    try:
        store = open_store(path, window)
        if store is None:
            return False
        document = PortfolioDocument(store)  # reads every row: a bad value says where
    except StoreError as error:
        window.show_error(str(error))
        return False
    window._replace_document(document)
    return True


def save_as(window: MainWindow) -> None:
    name, _ = QFileDialog.getSaveFileName(window, "名前を付けて保存", "", FILE_FILTER)
    if not name:
        return
    path = _with_suffix(name)
    try:
        window.document.store.save_as(path)
    except StoreError as error:
        window.show_error(str(error))
        return
    window.open_path(path)


def import_files(window: MainWindow) -> None:
    names, _ = QFileDialog.getOpenFileNames(window, "ファイルから取り込み", "", IMPORT_FILTER)
    window.import_paths([Path(n) for n in names])


def import_paths(window: MainWindow, paths: list[Path]) -> None:
    from biddesk.gui.importing import add_history, confirm_updates, plan_for_files

    if not paths or window.document.read_only:
        return
    try:
        plan, warnings, results = plan_for_files(window.document, paths)
    except UserError as error:
        window.show_error(str(error))
        return
    if not confirm_updates(window, plan):  # what changes in registered properties, first
        return
    summary = f"{len(paths)}個のファイルから{plan.summary()}"
    if not plan.change.is_empty and not window.apply(plan.change, summary):
        return
    try:
        summary += add_history(window.document, results)  # a JSON's 売却結果 history
    except StoreError as error:
        window.show_error(str(error))
        return
    window.refresh_market()
    window.statusBar().showMessage(summary, 8000)
    if warnings:
        shown = "\n".join(f"・{w}" for w in warnings[:20])
        more = f"\nほか{len(warnings) - 20}件" if len(warnings) > 20 else ""
        QMessageBox.information(window, "取り込み", f"{summary}\n\n注意:\n{shown}{more}")


def drop(window: MainWindow, event: QDropEvent) -> None:
    """Files dropped on the window are imported once the drop has ended; text dragged from
    a browser opens the paste preview, as pasted."""
    paths = drops.dropped_files(event.mimeData())
    text = drops.dropped_text(event.mimeData())
    if paths:
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: window.import_paths(paths))
    elif text and not window.document.read_only:
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: window.paste_dialog(text))


def remember(window: MainWindow, path: Path) -> None:
    """Put ``path`` first in 最近使ったファイル."""
    recent = user_settings.remember(window.settings, path)
    window.recent_menu.clear()
    for item in recent:
        act = window.recent_menu.addAction(item)
        act.triggered.connect(lambda _=False, p=item: window.open_path(Path(p)))
