"""The real main window, driven offscreen: paste, edit, bid, undo, filter, sort, reopen."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot
from window_support import (
    DATA,
    TODAY,
    Dialogs,
    item_at,
    open_window,
    screen_platform,
    type_text,
)

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.dialogs.paste_dialog import COLUMNS, PasteDialog
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column

SAMPLES = DATA / "announcements"
BASE_COLUMN = [c[0] for c in COLUMNS].index("売却基準価額")
MINIMUM_COLUMN = [c[0] for c in COLUMNS].index("買受可能価額")


def table_texts(window: MainWindow, column: Column) -> list[str]:
    model = window.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def paste(window: MainWindow, qtbot: QtBot, text: str) -> PasteDialog:
    dialog = PasteDialog(window, text)
    qtbot.addWidget(dialog)
    dialog.added.connect(window.add_properties)
    return dialog


def select_case(window: MainWindow, case_fragment: str) -> None:
    for row in range(window.model.rowCount()):
        if case_fragment in window.model.index(row, Column.PROPERTY).data():
            window.table.selectRow(row)
            return
    raise AssertionError(f"no row with {case_fragment}")


def test_paste_preview_correct_and_add(empty_window: MainWindow, qtbot: QtBot) -> None:
    text = (SAMPLES / "bit_cards_multi.txt").read_text(encoding="utf-8")
    dialog = paste(empty_window, qtbot, text)
    assert dialog.table.rowCount() == 3
    # The withdrawn card is shown but not selected for adding.
    assert len(dialog.selected_rows()) == 2
    # Correct the base price of the first card in the preview: figures follow.
    item_at(dialog.table, 0, BASE_COLUMN).setText("900万円")
    assert dialog.cell_text(0, BASE_COLUMN) == "9,000,000円"
    assert dialog.cell_text(0, MINIMUM_COLUMN) == "7,200,000円"
    dialog.add_button.click()
    assert empty_window.model.rowCount() == 2
    bases = sorted(p.base_price or 0 for p in empty_window.document.state.properties.values())
    assert bases == [9_000_000, 21_600_000]


def test_bad_cell_blocks_adding(empty_window: MainWindow, qtbot: QtBot) -> None:
    text = (SAMPLES / "bit_card_single.txt").read_text(encoding="utf-8")
    dialog = paste(empty_window, qtbot, text)
    item_at(dialog.table, 0, BASE_COLUMN).setText("千二百万くらい")
    assert not dialog.add_button.isEnabled()
    assert "金額" in item_at(dialog.table, 0, BASE_COLUMN).toolTip()
    item_at(dialog.table, 0, BASE_COLUMN).setText("12,340,000円")
    assert dialog.add_button.isEnabled()


def test_unparseable_paste_says_so_and_adds_nothing(empty_window: MainWindow, qtbot: QtBot) -> None:
    dialog = paste(empty_window, qtbot, "こんにちは。今日はいい天気です。")
    assert dialog.table.rowCount() == 0
    assert dialog.message.text()
    assert not dialog.add_button.isEnabled()


def test_add_is_undoable_and_redoable(empty_window: MainWindow, qtbot: QtBot) -> None:
    text = (SAMPLES / "koukoku_table.txt").read_text(encoding="utf-8")
    paste(empty_window, qtbot, text).add_button.click()
    assert empty_window.model.rowCount() == 3
    empty_window.undo_action.trigger()
    assert empty_window.model.rowCount() == 0
    assert PortfolioStore.open(empty_window.document.path, read_only=True).load().properties == ()
    empty_window.redo_action.trigger()
    assert empty_window.model.rowCount() == 3


def test_typing_a_bid_updates_figures_live(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    tab = demo_window.detail.bid_tab
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "9000000")
    # Not saved yet, but the figures already say the bid is invalid.
    assert "無効" in tab.figures.text()
    assert "900万円" in tab.figures.text()
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "1234万5678")
    assert "1,234万5,678円" in tab.figures.text()
    assert "有効" in tab.figures.text()
    assert "9,877,678円" in tab.figures.text()  # balance = 12,345,678 − 2,468,000
    qtbot.keyClick(tab.amount.edit, Qt.Key.Key_Return)
    bid = demo_window.detail.bid
    assert bid is not None and bid.amount == 12_345_678
    assert "12,345,678円" in table_texts(demo_window, Column.BID)


def test_edit_undo_redo_restores_bid_amount(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    tab = demo_window.detail.bid_tab
    tab.amount.edit.clear()
    type_text(qtbot, tab.amount.edit, "13,000,000")
    qtbot.keyClick(tab.amount.edit, Qt.Key.Key_Return)
    assert demo_window.document.state.bids["x1"].amount == 13_000_000
    demo_window.undo_action.trigger()
    assert demo_window.document.state.bids["x1"].amount == 15_000_000
    assert tab.amount.edit.text() == "15,000,000"
    demo_window.redo_action.trigger()
    assert demo_window.document.state.bids["x1"].amount == 13_000_000


def test_base_price_edit_recomputes_minimum(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第88号")
    tab = demo_window.detail.property_tab
    tab.base.edit.clear()
    type_text(qtbot, tab.base.edit, "1,234,567円")
    qtbot.keyClick(tab.base.edit, Qt.Key.Key_Return)
    prop = demo_window.detail.prop
    assert prop is not None
    assert prop.base_price == 1_234_567
    assert prop.minimum_bid == 987_654  # ceil(987,653.6)
    assert prop.deposit == 1_630_000  # announced: kept, and warned as inconsistent
    assert not any("2/10" in w for w in prop.warnings)


def test_creditor_offer_and_funder_are_entered_and_checked(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    from biddesk.domain.rules.checks import check_bid

    select_case(demo_window, "令和7年(ケ)第1234号")
    document = demo_window.detail.document
    tab = demo_window.detail.property_tab
    type_text(qtbot, tab.creditor_offer.edit, "2000万円")
    qtbot.keyClick(tab.creditor_offer.edit, Qt.Key.Key_Return)
    prop = demo_window.detail.prop
    assert prop is not None and prop.creditor_offer == 20_000_000
    codes = {
        f.code for f in check_bid(document.portfolio(), document.state.bids["x1"], today=TODAY)
    }
    assert "BELOW_CREDITOR_OFFER" in codes  # the 15,000,000円 bid cannot win
    bid_tab = demo_window.detail.bid_tab
    bid_tab.funder.setCurrentIndex(bid_tab.funder.findData("b2"))
    assert document.state.bids["x1"].funder == "b2"
    checklist = demo_window.detail.checklist_tab
    assert any(row.requirement.who == "b2" for row in checklist.rows)  # the funder's papers
    demo_window.undo_action.trigger()
    assert document.state.bids["x1"].funder == ""


def test_invalid_date_is_refused_and_nothing_saved(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第88号")
    before = demo_window.document.state.properties["p2"]
    field = demo_window.detail.property_tab.dates["opening_date"]
    field.edit.clear()
    type_text(qtbot, field.edit, "令和9年2月30日")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert not field.valid
    assert "存在しない日付" in field.hint.text()
    assert demo_window.document.state.properties["p2"] == before


def test_filter_and_sort_use_raw_values(demo_window: MainWindow, qtbot: QtBot) -> None:
    total = demo_window.model.rowCount()
    demo_window.filter_edit.setText("川越")
    assert demo_window.model.rowCount() == 1
    demo_window.filter_edit.setText("ｹ")  # 半角 kana matches 全角 after NFKC
    assert demo_window.model.rowCount() > 0
    demo_window.filter_edit.clear()
    assert demo_window.model.rowCount() == total
    demo_window.table.sortByColumn(Column.BASE, Qt.SortOrder.DescendingOrder)
    values = [
        demo_window.model.index(row, Column.BASE).data(Qt.ItemDataRole.UserRole)
        for row in range(demo_window.model.rowCount())
    ]
    assert values == sorted(values, reverse=True)
    # 21,600,000 sorts above 980,000 although "9" > "2" as text.
    texts = table_texts(demo_window, Column.BASE)
    assert texts.index("21,600,000円") < texts.index("980,000円")


def test_status_filter(demo_window: MainWindow) -> None:
    index = demo_window.status_filter.findData("取下げ")
    demo_window.status_filter.setCurrentIndex(index)
    assert table_texts(demo_window, Column.STATUS) == ["取下げ"]


def test_delete_property_with_bids_and_undo(demo_window: MainWindow, dialogs: Dialogs) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    demo_window.delete_action.trigger()
    assert "入札1件" in dialogs.questions[0]
    assert "p1" not in demo_window.document.state.properties
    assert "x1" not in demo_window.document.state.bids
    demo_window.undo_action.trigger()
    assert demo_window.document.state.bids["x1"].amount == 15_000_000


def test_reopen_finds_everything(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "p.biddesk"
    window = open_window(qtbot, path)
    text = (SAMPLES / "bit_card_single.txt").read_text(encoding="utf-8")
    paste(window, qtbot, text).add_button.click()
    window.table.selectRow(0)
    window.detail.bid_tab.create_button.click()
    tab = window.detail.bid_tab
    type_text(qtbot, tab.amount.edit, "11,111,111")
    qtbot.keyClick(tab.amount.edit, Qt.Key.Key_Return)
    window.close()
    reopened = open_window(qtbot, path)
    bids = list(reopened.document.state.bids.values())
    assert [b.amount for b in bids] == [11_111_111]
    assert reopened.model.rowCount() == 1


def test_second_window_opens_read_only(qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    from biddesk.gui.document import PortfolioDocument
    from biddesk.gui.main_window import open_store

    path = tmp_path / "shared.biddesk"
    open_window(qtbot, path)  # the first window holds the edit lock
    store = open_store(path, None)
    assert dialogs.questions, "the user was asked whether to open read-only"
    assert store is not None and store.read_only
    second = MainWindow(PortfolioDocument(store), today=TODAY)
    qtbot.addWidget(second)
    assert not second.paste_action.isEnabled()
    assert "読み取り専用" in second.windowTitle()


def test_import_files_by_drop(empty_window: MainWindow) -> None:
    empty_window.import_paths([SAMPLES / "koukoku_table.txt", SAMPLES / "typed_note.txt"])
    cases = {p.case_number for p in empty_window.document.state.properties.values()}
    assert "令和7年(ヌ)第56号" in cases
    assert "令和7年(ケ)第77号" in cases
    empty_window.undo_action.trigger()
    assert not empty_window.document.state.properties


def test_import_bad_json_changes_nothing(
    empty_window: MainWindow, tmp_path: Path, dialogs: Dialogs
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "biddesk-portfolio", "version": 1, "bids": [{"amount": "x"}]}', encoding="utf-8"
    )
    empty_window.import_paths([bad])
    assert dialogs.warnings and "bids[0]" in dialogs.warnings[0]
    assert not empty_window.document.state.bids


def test_bidder_profile_corporation(demo_window: MainWindow, qtbot: QtBot) -> None:
    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

    dialog = BiddersDialog(demo_window.document, demo_window)
    qtbot.addWidget(dialog)
    before = len(demo_window.document.state.bidders)
    from biddesk.domain.models import BidderKind

    dialog._add(BidderKind.CORPORATION)
    dialog.name.setText("合同会社テスト")
    dialog.rep_title.setText("代表社員")
    dialog.rep_name.setText("田中 三郎")
    dialog.officers.insertRow(0)
    from PySide6.QtWidgets import QTableWidgetItem

    for column, value in enumerate(
        ["田中 三郎", "たなか さぶろう", "昭和60年1月2日", "男", "東京都"]
    ):
        dialog.officers.setItem(0, column, QTableWidgetItem(value))
    assert dialog.save()
    saved = [b for b in demo_window.document.state.bidders.values() if b.name == "合同会社テスト"]
    assert len(saved) == 1 and len(demo_window.document.state.bidders) == before + 1
    assert saved[0].representative_name == "田中 三郎"
    assert saved[0].officers[0].birth_date == date(1985, 1, 2)


def test_screenshot_command(tmp_path: Path) -> None:
    png = tmp_path / "w.png"
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [
            sys.executable,
            str(root / "main.py"),
            str(tmp_path / "s.biddesk"),
            "--screenshot",
            str(png),
            "--today",
            TODAY.isoformat(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={
            **__import__("os").environ,
            "QT_QPA_PLATFORM": screen_platform(tmp_path, 1920, 1080),
            "XDG_CONFIG_HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    # Its preferred size on a large screen (a 1280×720 screen: test_geometry.py).
    assert (image.width(), image.height()) == (1600, 900)


def test_bidder_edits_are_kept_when_switching_or_closing(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

    dialog = BiddersDialog(demo_window.document, demo_window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    dialog.address.setText("東京都世田谷区桜新町九丁目9番9号")
    dialog.list.setCurrentRow(1)  # switching saves, without a 保存 click
    assert demo_window.document.state.bidders["b1"].address == "東京都世田谷区桜新町九丁目9番9号"
    dialog.name_kana.setText("カ）ミライ")
    dialog.accept()  # closing saves too
    assert demo_window.document.state.bidders["b2"].name_kana == "カ）ミライ"
    demo_window.undo_action.trigger()
    assert demo_window.document.state.bidders["b2"].name_kana == "カ）ミライフドウサン"


def test_an_individuals_sex_is_entered_for_the_statement(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    from biddesk.domain.models import BidderKind
    from biddesk.domain.rules.checks import check_bid
    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

    dialog = BiddersDialog(demo_window.document, demo_window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    assert dialog.sex.isVisibleTo(dialog) and dialog.sex.currentText() == "男"
    dialog.sex.setCurrentText("")
    dialog.list.setCurrentRow(1)  # saved on switching
    document = demo_window.document
    assert document.state.bidders["b1"].sex == ""
    findings = check_bid(document.portfolio(), document.state.bids["x1"], today=TODAY)
    assert any(f.code == "STATEMENT_INCOMPLETE" and "性別" in f.message for f in findings)
    assert not dialog.sex.isVisibleTo(dialog)  # a corporation has no 性別 of its own
    assert document.state.bidders["b2"].kind is BidderKind.CORPORATION
    dialog.list.setCurrentRow(0)
    dialog.sex.setCurrentText("女")
    dialog.accept()
    assert document.state.bidders["b1"].sex == "女"


def test_unreadable_officer_birth_date_keeps_the_dialog_on_that_bidder(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Dialogs
) -> None:
    from PySide6.QtWidgets import QTableWidgetItem

    from biddesk.gui.dialogs.bidders_dialog import BiddersDialog

    dialog = BiddersDialog(demo_window.document, demo_window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(1)
    dialog.officers.setItem(0, 2, QTableWidgetItem("昭和99年"))
    dialog.list.setCurrentRow(0)
    assert dialog.current_id == "b2"
    assert dialogs.warnings and "役員1行目の生年月日" in dialogs.warnings[-1]


def test_save_as_copies_and_switches_to_the_copy(
    demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    target = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    demo_window.save_as_action.trigger()
    copy = target.with_suffix(".biddesk")
    assert demo_window.document.path == copy
    assert len(demo_window.document.state.bids) == 5
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    recent = [a.text() for a in demo_window.recent_menu.actions()]
    assert recent[0] == str(copy)
    assert str(tmp_path / "demo.biddesk") in recent


def test_new_file_starts_empty_and_can_go_back_via_recent(
    demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "fresh.biddesk"), "")
    )
    demo_window.new_action.trigger()
    assert demo_window.model.rowCount() == 0
    assert "fresh" in demo_window.windowTitle()
    back = next(a for a in demo_window.recent_menu.actions() if a.text().endswith("demo.biddesk"))
    back.trigger()
    assert demo_window.model.rowCount() == 8


def test_dropping_files_imports_them(empty_window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SAMPLES / "bit_cards_multi.txt"))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    empty_window.dropEvent(event)
    qtbot.waitUntil(lambda: len(empty_window.document.state.properties) == 3)
    assert empty_window.document.undo_stack.canUndo()


def test_case_number_and_property_numbers_are_normalised_as_typed(
    demo_window: MainWindow, qtbot: QtBot, dialogs: Dialogs
) -> None:
    select_case(demo_window, "令和7年(ケ)第88号")
    tab = demo_window.detail.property_tab
    case = tab.texts["case_number"]
    case.setText("Ｒ７（ケ）０８８")
    case.editingFinished.emit()
    assert demo_window.document.state.properties["p2"].case_number == "令和7年(ケ)第88号"
    tab.numbers.setText("１～３")
    tab.numbers.editingFinished.emit()
    assert demo_window.document.state.properties["p2"].property_numbers == ("1", "2", "3")
    case.setText("第何号か不明")
    case.editingFinished.emit()
    assert dialogs.warnings and "事件番号" in dialogs.warnings[-1]
    assert demo_window.document.state.properties["p2"].case_number == "令和7年(ケ)第88号"


def test_two_json_files_with_the_same_ids_add_one_copy(
    empty_window: MainWindow, tmp_path: Path
) -> None:
    rich = DATA / "interchange" / "rich.json"
    copy = tmp_path / "copy.json"
    copy.write_bytes(rich.read_bytes())
    empty_window.import_paths([rich, copy])
    state = empty_window.document.state
    # The second file holds the same properties, bidders and bids: nothing twice.
    assert len(state.properties) == 4 and len(state.bids) == 5 and len(state.bidders) == 3
    assert {b.property for b in state.bids.values()} <= set(state.properties)
