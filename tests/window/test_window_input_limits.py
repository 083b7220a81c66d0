"""The window refuses what every input refuses (issue 12 item 9): amounts beyond 15 digits,
a price of 0円, and dropped files that are not an import."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from window_support import Dialogs, item_at, type_text

from biddesk.gui.fields import YenField
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column

SAMPLES = Path(__file__).parent.parent / "data" / "announcements"


def enter(qtbot: QtBot, field: YenField, text: str) -> None:
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Backspace)
    type_text(qtbot, field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


def select_case(window: MainWindow, case_fragment: str) -> None:
    for row in range(window.model.rowCount()):
        if case_fragment in window.model.index(row, Column.PROPERTY).data():
            window.table.selectRow(row)
            return
    raise AssertionError(f"no row with {case_fragment}")


@pytest.mark.parametrize(
    ("price", "text", "valid"),
    [
        ("入札額", "0", False),
        ("入札額", "０円", False),
        ("入札額", "1", True),
        ("入札額", "－", True),  # no amount yet: allowed, as a withdrawn card's 「－円」
        (None, "0", True),  # cash on hand, a loan: 0円 is an amount
        (None, "999,999,999,999,999", True),
        (None, "1,000,000,000,000,000", False),
        (None, "1" * 5000, False),
    ],
)
def test_yen_fields_share_the_range_and_the_price_rule(
    qtbot: QtBot, price: str | None, text: str, valid: bool
) -> None:
    field = YenField(price=price)
    qtbot.addWidget(field)
    committed: list[bool] = []
    field.committed.connect(lambda: committed.append(True))
    field.edit.setText(text)
    field.edit.textEdited.emit(text)
    field.edit.editingFinished.emit()
    assert field.valid is valid
    assert bool(committed) is valid
    if not valid:
        assert len(field.hint.text()) < 120  # a 5,000-digit paste is quoted short


def test_a_bid_of_zero_is_refused_and_nothing_saved(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第1234号")
    before = demo_window.document.state.bids["x1"]
    tab = demo_window.detail.bid_tab
    enter(qtbot, tab.amount, "0")
    assert not tab.amount.valid and "入札額には1円以上" in tab.amount.hint.text()
    assert demo_window.document.state.bids["x1"] == before
    enter(qtbot, tab.amount, "1")  # near miss: a (hopeless) 1円 bid is kept
    assert demo_window.document.state.bids["x1"].amount == 1


def test_a_base_price_of_zero_is_refused(demo_window: MainWindow, qtbot: QtBot) -> None:
    select_case(demo_window, "令和7年(ケ)第88号")
    before = demo_window.document.state.properties["p2"]
    tab = demo_window.detail.property_tab
    enter(qtbot, tab.base, "0円")
    assert not tab.base.valid and "売却基準価額には1円以上" in tab.base.hint.text()
    enter(qtbot, tab.base, "1,000,000,000,000,000")
    assert not tab.base.valid and "桁が多すぎます" in tab.base.hint.text()
    assert demo_window.document.state.properties["p2"] == before


def _xlsx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<w/>")
    return path


@pytest.mark.parametrize(
    ("name", "content", "hint"),
    [
        ("book.xlsx", None, "CSV(UTF-8)で保存"),
        ("cal.ics", b"BEGIN:VCALENDAR\r\nSUMMARY:\xe4\xbb\xa4\xe5\x92\x8c7\r\n", "カレンダー"),
        ("saved.txt", b'{"format": "biddesk-portfolio", "properties": []}', "拡張子を.json"),
        ("k.pdf", b"%PDF-1.4\n", "PDF"),
    ],
)
def test_dropping_a_file_that_is_not_an_import_adds_nothing(
    empty_window: MainWindow,
    tmp_path: Path,
    dialogs: Dialogs,
    name: str,
    content: bytes | None,
    hint: str,
) -> None:
    bad = tmp_path / name
    if content is None:
        _xlsx(bad)
    else:
        bad.write_bytes(content)
    empty_window.import_paths([SAMPLES / "bit_card_single.txt", bad])
    assert (
        len(dialogs.warnings) == 1 and name in dialogs.warnings[0] and hint in dialogs.warnings[0]
    )
    assert not empty_window.document.state.properties
    empty_window.import_paths([SAMPLES / "bit_card_single.txt"])  # near miss: a real card
    assert len(empty_window.document.state.properties) == 1


def test_a_corrected_paste_cell_of_zero_blocks_adding(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    from biddesk.gui.dialogs.paste_dialog import COLUMNS, PasteDialog

    base_column = [header for header, _, _ in COLUMNS].index("売却基準価額")
    dialog = PasteDialog(empty_window, (SAMPLES / "bit_card_single.txt").read_text("utf-8"))
    qtbot.addWidget(dialog)
    for text, enabled in (("0円", False), ("1,000,000,000,000,000円", False), ("1円", True)):
        item_at(dialog.table, 0, base_column).setText(text)
        assert dialog.add_button.isEnabled() is enabled, text
    item_at(dialog.table, 0, base_column).setText("0円")
    assert "売却基準価額には1円以上" in item_at(dialog.table, 0, base_column).toolTip()
