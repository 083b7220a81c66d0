"""Duplicates are updates in the window (issue 15 item 5): the paste preview says 新規 /
更新 (which fields) / 変更なし per row, dropped files ask before updating, one undo step."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from window_support import DATA, item_at

from biddesk.domain.edits.reimport import Verdict
from biddesk.domain.models import PropertyStatus
from biddesk.domain.rules.registry import Code
from biddesk.gui.dialogs.paste_dialog import IMPORT_COLUMN, PasteDialog
from biddesk.gui.importing import NOTHING_NEW
from biddesk.gui.main_window import MainWindow

SAMPLES = DATA / "announcements"
NEW_CARD = """東京地方裁判所本庁　令和07年(ケ)第1235号
物件番号：2
種別：土地
所在地：東京都江東区亀戸三丁目1番
売却基準価額：5,000,000円
入札期間：令和08年12月02日〜令和08年12月09日
開札期日：令和08年12月16日
"""


def withdrawal_of(window: MainWindow, case: str) -> tuple[str, str]:
    prop = next(p for p in window.document.state.properties.values() if case in p.title)
    numbers = ",".join(prop.property_numbers)
    return prop.id, f"{prop.court}　{prop.case_number}\n物件番号：{numbers}\n中止情報：取下げ\n"


def paste(window: MainWindow, qtbot: QtBot, text: str) -> PasteDialog:
    dialog = PasteDialog(window, text, existing=window.document.portfolio())
    qtbot.addWidget(dialog)
    dialog.added.connect(window.add_properties)
    return dialog


def test_the_preview_says_new_update_and_same(demo_window: MainWindow, qtbot: QtBot) -> None:
    prop_id, card = withdrawal_of(demo_window, "第1234号")
    before = len(demo_window.document.state.properties)
    dialog = paste(demo_window, qtbot, card + "\n" + NEW_CARD)
    assert [dialog.verdict(r).verdict for r in range(2)] == [Verdict.UPDATE, Verdict.NEW]
    update = dialog.cell_text(0, IMPORT_COLUMN)
    assert update.startswith("更新: 状態 公告中→取下げ") and "入札1件に影響" in update
    assert "PROPERTY_WITHDRAWN" in item_at(dialog.table, 0, IMPORT_COLUMN).toolTip()
    assert dialog.cell_text(1, IMPORT_COLUMN) == "新規"
    assert dialog.selected_rows() == [0, 1]  # a 取下げ update is ticked: it is the news
    dialog.add_button.click()
    state = demo_window.document.state
    assert len(state.properties) == before + 1  # the update added no second copy
    assert state.properties[prop_id].status is PropertyStatus.WITHDRAWN
    bids = [b.id for b in state.bids.values() if b.property == prop_id]
    codes = {f.code for bid in bids for f in demo_window.findings_cache.findings(bid)}
    assert Code.PROPERTY_WITHDRAWN in codes
    demo_window.undo_action.trigger()  # one step: the update and the addition
    assert len(state.properties) == before
    assert demo_window.document.state.properties[prop_id].status is PropertyStatus.ANNOUNCED


def test_a_paste_already_there_is_unticked_and_adds_nothing(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    text = (SAMPLES / "koukoku_table.txt").read_text(encoding="utf-8")
    paste(empty_window, qtbot, text).add_button.click()
    assert empty_window.model.rowCount() == 3
    again = paste(empty_window, qtbot, text)
    assert {again.cell_text(r, IMPORT_COLUMN) for r in range(3)} == {"変更なし"}
    assert again.selected_rows() == [] and not again.add_button.isEnabled()
    assert empty_window.model.rowCount() == 3


def test_a_card_and_a_koukoku_of_one_case_are_one_row(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    text = (SAMPLES / "bit_card_single.txt").read_text(encoding="utf-8")
    text += "\n\n" + (SAMPLES / "koukoku_table.txt").read_text(encoding="utf-8")
    dialog = paste(empty_window, qtbot, text)
    assert dialog.table.rowCount() == 4
    assert dialog.cell_text(1, IMPORT_COLUMN).startswith("新規(1件目と同じ物件)")
    dialog.add_button.click()
    assert empty_window.model.rowCount() == 3
    cases = sorted(p.case_number or "" for p in empty_window.document.state.properties.values())
    assert cases.count("令和7年(ケ)第1234号") == 1


def test_a_dropped_file_asks_before_it_updates(
    demo_window: MainWindow, tmp_path: Path, dialogs: Any
) -> None:
    prop_id, card = withdrawal_of(demo_window, "第1234号")
    path = tmp_path / "withdrawn.txt"
    path.write_text(card, encoding="utf-8")
    dialogs.answer = QMessageBox.StandardButton.No
    demo_window.import_paths([path])
    assert "次のとおり更新します" in dialogs.questions[-1]
    assert "状態 公告中→取下げ" in dialogs.questions[-1]
    assert demo_window.document.state.properties[prop_id].status is PropertyStatus.ANNOUNCED
    dialogs.answer = QMessageBox.StandardButton.Yes
    before = len(demo_window.document.state.properties)
    demo_window.import_paths([path])
    state = demo_window.document.state
    assert state.properties[prop_id].status is PropertyStatus.WITHDRAWN
    assert len(state.properties) == before
    assert "更新" in demo_window.undo_action.text()


def test_a_file_imported_twice_changes_nothing(empty_window: MainWindow, dialogs: Any) -> None:
    rich = DATA / "interchange" / "rich.json"
    empty_window.import_paths([rich])
    before = empty_window.document.portfolio()
    empty_window.import_paths([rich])
    assert dialogs.warnings[-1] == NOTHING_NEW
    assert empty_window.document.portfolio() == before
    assert empty_window.model.rowCount() == len(before.bids) + sum(
        1 for p in before.properties if not any(b.property == p.id for b in before.bids)
    )
