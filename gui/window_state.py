"""What the window shows about itself: its title and status bar, the undo/redo texts, and
its geometry, docks and splitter kept between runs (QSettings).

``MainWindow._update_status``, ``_update_undo_actions``, ``_restore_state`` and the end of
``closeEvent`` delegate here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt

from biddesk.gui import geometry, user_settings

if TYPE_CHECKING:
    from biddesk.gui.main_window import MainWindow


def update_status(window: MainWindow) -> None:
    document = window.document
    mode = "(読み取り専用)" if document.read_only else ""
    window.setWindowTitle(f"{document.path.stem}{mode} — BidDesk 競売入札準備デスク")
    store = document.store
    notices = "".join(n for n in (store.read_only_reason, store.journal_note) if n)
    # The notice first: a long path would push it behind the counts on the right.
    where = f"{document.path}{mode}" if not store.read_only_reason else f"{store.path}"
    window.statusBar().showMessage(f"{notices}　{where}" if notices else where)
    shown = f"表示 {window.model.rowCount():,}行"
    if not document.is_loaded:  # the lines only, until just after the first paint
        window.count_label.setText(f"読み込み中…　{shown}")
        return
    state = document.state
    window.count_label.setText(
        f"物件 {len(state.properties):,}件 / 入札 {len(state.bids):,}件 / "
        f"入札者 {len(state.bidders):,}名　{shown}"
    )


def update_undo_actions(window: MainWindow) -> None:
    stack = window.document.undo_stack
    window.undo_action.setEnabled(stack.canUndo())
    window.redo_action.setEnabled(stack.canRedo())
    # The 編集 menu names the step; the toolbar keeps its short words (a long import
    # summary would push the buttons into the overflow) with the step in the tooltip.
    for action, word, can, text in (
        (window.undo_action, "元に戻す", stack.canUndo(), stack.undoText()),
        (window.redo_action, "やり直す", stack.canRedo(), stack.redoText()),
    ):
        full = f"{word}: {text}" if can and text else word
        action.setText(full)
        action.setIconText(word)
        action.setToolTip(full)


def restore_state(window: MainWindow) -> None:
    settings = window.settings
    geometry.fit_window(window, settings)  # the size kept for this screen, fitted to it
    state = settings.value("window/state")
    if isinstance(state, QByteArray):
        window.restoreState(state)
    else:
        window.resizeDocks(
            [window.deadlines_dock],
            [geometry.dock_height(window.height())],
            Qt.Orientation.Vertical,
        )
    splitter = settings.value("window/splitter")
    if isinstance(splitter, QByteArray):
        window.splitter.restoreState(splitter)
    else:
        window.splitter.setSizes(geometry.split(window.width()))


def save_state(window: MainWindow) -> None:
    settings = window.settings
    geometry.remember(window, settings)
    settings.setValue("window/state", window.saveState())
    settings.setValue("window/splitter", window.splitter.saveState())
    user_settings.sync_private(settings)
