"""The portfolio table sorts case numbers by number and the filter reads R7 and kana
(issue 15 item 7; the rules are domain.lookup's)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column


def titles(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, Column.PROPERTY).data() for row in range(model.rowCount())]


def bidders(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, Column.BIDDER).data() for row in range(model.rowCount())]


def test_case_numbers_sort_by_number(demo_window: MainWindow) -> None:
    demo_window.table.sortByColumn(Column.PROPERTY, Qt.SortOrder.AscendingOrder)
    numbers = [t.split(" ")[0] for t in titles(demo_window)]
    reiwa7 = [n for n in numbers if n.startswith("令和7年(ケ)")]
    assert reiwa7 == [
        "令和7年(ケ)第77号",
        "令和7年(ケ)第88号",
        "令和7年(ケ)第95号",
        "令和7年(ケ)第190号",
        "令和7年(ケ)第310号",
        "令和7年(ケ)第517号",
        "令和7年(ケ)第1234号",
    ]
    assert numbers[0] == "令和6年(ヌ)第402号"  # the earlier year first
    demo_window.table.sortByColumn(Column.PROPERTY, Qt.SortOrder.DescendingOrder)
    assert titles(demo_window)[0].startswith("令和7年(ケ)第1234号")


def test_the_filter_reads_r7_and_a_bidders_kana(demo_window: MainWindow) -> None:
    total = demo_window.model.rowCount()
    demo_window.filter_edit.setText("R7")
    assert demo_window.model.rowCount() == total - 1  # all but 令和6年(ヌ)第402号
    demo_window.filter_edit.setText("R6")
    assert titles(demo_window) == ["令和6年(ヌ)第402号 物件2"]
    demo_window.filter_edit.setText("R7(ケ)88")
    assert titles(demo_window) == ["令和7年(ケ)第88号 物件1"]
    demo_window.filter_edit.setText("やまだ")  # 山田 太郎's kana, typed in hiragana
    assert bidders(demo_window) == ["山田 太郎", "山田 太郎"]
    demo_window.filter_edit.setText("ミライフドウサン")
    assert set(bidders(demo_window)) == {"株式会社みらい不動産"}
