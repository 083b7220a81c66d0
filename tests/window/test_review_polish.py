"""The reviewer's window findings (issue 18): the 市場 chart's name tags (case numbers, laid
out without overlap), its empty comparison sentence and 平均入札者数; the 入札前チェック
dialog's wrapping 内容 and per-paper 根拠; the toolbar's short 元に戻す; dates with the
weekday in 返還管理 and the cash-flow axis's M/d with the year in its title."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot
from test_reimport_window import NEW_CARD, paste
from window_support import TODAY

from biddesk.domain.models import Property
from biddesk.domain.rules.registry import Code
from biddesk.gui.dialogs.precheck_dialog import MESSAGE_SHARE, PrecheckDialog
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.cashflow_view import axis_title
from biddesk.gui.views.findings_view import FindingColumn
from biddesk.gui.views.market_view import (
    NO_OWN_RESULTS,
    STATS_HEADERS,
    OwnMark,
    RatioChart,
    place_labels,
    quartile_labels,
    short_case,
)
from biddesk.gui.views.refunds_view import RefundColumn

# --- the chart's name tags ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([(0, 50), (60, 100)], [1, 1]),  # apart: one row
        ([(0, 50), (52, 100)], [1, 2]),  # closer than the gap: the next row
        ([(0, 50), (54, 100)], [1, 1]),  # near miss: just the gap apart
        ([(0, 50), (10, 60), (20, 70)], [1, 2, None]),  # no row left: left out
    ],
)
def test_tags_take_the_first_row_with_room(
    spans: list[tuple[float, float]], expected: list[int | None]
) -> None:
    assert place_labels(spans, range(1, 3)) == expected


def test_tags_keep_off_the_quartile_labels() -> None:
    taken: dict[int, list[tuple[float, float]]] = {}
    assert place_labels([(0, 40)], range(2), taken) == [0]
    assert place_labels([(10, 60)], range(2), taken) == [1]


@pytest.mark.parametrize(
    ("quartiles", "expected"),
    [
        ((Fraction(1), Fraction(13, 10), Fraction(16, 10)), ["Q1", "中央値", "Q3"]),
        ((Fraction(1626, 1000),) * 3, ["Q1・中央値・Q3"]),
        ((Fraction(1), Fraction(1), Fraction(2)), ["Q1・中央値", "Q3"]),
    ],
)
def test_equal_quartiles_share_one_label(
    quartiles: tuple[Fraction, Fraction, Fraction], expected: list[str]
) -> None:
    assert [name for name, _ in quartile_labels(quartiles)] == expected


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("令和7年(ケ)第1234号", "第1234号"),
        (None, "(事件番号不明)"),  # the title, never the id
    ],
)
def test_a_tag_is_the_case_number(case: str | None, expected: str) -> None:
    assert short_case(Property(id="x1", case_number=case)) == expected


def test_crowded_tags_are_left_out_and_listed_in_the_tooltip(qtbot: QtBot) -> None:
    chart = RatioChart()
    qtbot.addWidget(chart)
    chart.resize(400, 220)
    marks = [OwnMark(f"第{n}号", Fraction(12, 10), f"令和7年(ケ)第{n}号 物件1") for n in range(30)]
    chart.set_data([Fraction(13, 10)], None, marks)
    chart.show()
    chart.grab()  # paints
    assert 0 < len(chart.hidden) < 30
    assert all(m.title in chart.toolTip() for m in marks)
    assert "x1" not in chart.toolTip()


def test_the_demo_chart_names_cases_and_the_comparison_says_what_is_missing(
    demo_window: MainWindow,
) -> None:
    view = demo_window.market_view
    demo_window.pages.setCurrentWidget(view)
    view.refresh()
    labels = [m.label for m in view.chart.marks]
    assert labels and all(label.startswith("第") and label.endswith("号") for label in labels)
    assert not any(bid in view.chart.toolTip() for bid in demo_window.document.state.bids)
    assert view.gap_label.text() == NO_OWN_RESULTS
    assert "売却結果" in NO_OWN_RESULTS and "開札の済んだ" not in NO_OWN_RESULTS
    assert STATS_HEADERS[-1] == "平均入札者数"


# --- 入札前チェック ------------------------------------------------------------------------


@pytest.mark.parametrize("width", [768, 1180])
def test_the_message_stretches_and_rows_fit_it(
    demo_window: MainWindow, qtbot: QtBot, width: int
) -> None:
    dialog = PrecheckDialog(demo_window.document, TODAY, demo_window)
    qtbot.addWidget(dialog)
    dialog.resize(width, 600)
    dialog.show()
    view = dialog.view
    assert view.wordWrap()
    assert view.columnWidth(FindingColumn.MESSAGE) >= view.viewport().width() * MESSAGE_SHARE - 2
    line = view.fontMetrics().lineSpacing()
    assert all(view.rowHeight(r) >= 2 * line for r in range(dialog.model.rowCount()))
    longest = max(
        range(dialog.model.rowCount()), key=lambda r: len(dialog.model.finding(r).message)
    )
    assert view.rowHeight(longest) > 2 * line + 8  # three lines or more: taller


def test_a_missing_bid_form_names_rule_47(demo_window: MainWindow, qtbot: QtBot) -> None:
    dialog = PrecheckDialog(demo_window.document, TODAY, demo_window)
    qtbot.addWidget(dialog)
    model = dialog.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.finding(r).code is Code.DOC_MISSING
        and model.finding(r).message.startswith("入札書がまだ")
    )
    source = model.index(row, FindingColumn.SOURCE).data()
    assert "民執規則47条" in source and "82条2項" not in source
    dialog.view.selectRow(row)
    assert f"根拠: {source}" in dialog.detail.text()


# --- 元に戻す -------------------------------------------------------------------------------


def test_the_toolbar_says_only_undo_and_the_menu_and_tooltip_say_what(
    demo_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = paste(demo_window, qtbot, NEW_CARD)
    dialog.add_button.click()
    assert demo_window.statusBar().currentMessage() == "物件1件を追加しました。"
    button = demo_window.toolbar.widgetForAction(demo_window.undo_action)
    assert isinstance(button, QToolButton)
    assert button.text() == "元に戻す"
    assert demo_window.undo_action.text() == "元に戻す: 物件1件を追加"  # the 編集 menu
    assert button.toolTip().startswith("元に戻す: 物件1件を追加")
    demo_window.undo_action.trigger()
    redo = demo_window.toolbar.widgetForAction(demo_window.redo_action)
    assert isinstance(redo, QToolButton)
    assert redo.text() == "やり直す" and demo_window.redo_action.text() == "やり直す: 物件1件を追加"


# --- dates -------------------------------------------------------------------------------


def test_refund_dates_have_the_weekday(demo_window: MainWindow) -> None:
    view = demo_window.refunds_view
    demo_window.pages.setCurrentWidget(view)
    view.refresh()
    model = view.model
    assert model.rowCount() >= 1
    opening = model.index(0, RefundColumn.OPENING).data(Qt.ItemDataRole.DisplayRole)
    assert opening.startswith("令和") and opening.endswith(")") and "日(" in opening


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 9, 28), date(2026, 12, 17), "日付(令和8年)"),
        (date(2026, 9, 28), date(2027, 3, 17), "日付(令和8年〜令和9年)"),
        (date(2019, 4, 1), date(2019, 5, 1), "日付(平成31年〜令和元年)"),
    ],
)
def test_the_cashflow_axis_title_carries_the_year(start: date, end: date, expected: str) -> None:
    assert axis_title(start, end) == expected


def test_the_cashflow_axis_labels_are_month_and_day(demo_window: MainWindow) -> None:
    view = demo_window.cashflow_view
    demo_window.pages.setCurrentWidget(view)
    view.refresh()
    axis = view.chart.x_axis
    assert axis.format() == "M/d"
    assert axis.titleText().startswith("日付(令和")
