"""What the detail pane's layout tests check (test_detail_layout.py), measured in the window
it is given: in the test's own process (the default offscreen screen) or in a child process on
a 1280×720 screen (layout_probe.py). Every problem found is one line of text; none, no lines.

- every amount and date field (YenField, DateField, the 入札上限's PercentField) is as wide
  as its longest value, its placeholder and its text, and its reading as its minimum;
- the 振込 and 結果・返還 tabs have no sideways scroll bar;
- on the 書類チェック tab the papers table ends above the notes under it, and the 内容
  column of the findings keeps a readable width;
- the seven tabs are all whole in the tab bar.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from biddesk.domain.models import OutcomeResult
from biddesk.gui.fields import DATE_SAMPLE, YEN_SAMPLE, DateField, YenField, _ParsedField
from biddesk.gui.main_window import MainWindow
from biddesk.gui.views.findings_view import FindingColumn
from biddesk.gui.views.pane_chrome import CompactTabBar

MESSAGE_MIN = 150  # pixels of the 内容 column: some ten characters a line
EDIT_AIR = 6  # the line edit's frame and text margins it needs beside its text
NO_SIDEWAYS = ("振込", "結果・返還")
SHORT_WINDOW = 480  # pixels: lower than the tallest 書類チェック tab


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _longest(field: _ParsedField) -> list[str]:
    texts = [field.edit.placeholderText(), field.edit.text()]
    if isinstance(field, YenField):
        texts.append(YEN_SAMPLE)
    if isinstance(field, DateField):
        texts.append(DATE_SAMPLE)
    return texts


def field_problems(page: QWidget, where: str) -> list[str]:
    problems = []
    for field in page.findChildren(_ParsedField):
        if not field.isVisibleTo(page):
            continue
        edit = field.edit
        for text in _longest(field):
            needed = edit.fontMetrics().horizontalAdvance(text) + EDIT_AIR
            if edit.width() < needed:
                problems.append(f"{where}: a field {edit.width()}px for {text!r} ({needed}px)")
        if field.hint.isVisibleTo(page) and field.hint.width() < field.hint.minimumWidth():
            problems.append(f"{where}: the reading {field.hint.width()}px")
    return problems


def _tab_titles(window: MainWindow) -> list[str]:
    tabs = window.detail.tabs
    return [tabs.tabText(i) for i in range(tabs.count())]


def tab_problems(window: MainWindow, where: str) -> list[str]:
    detail = window.detail
    problems = []
    for index, title in enumerate(_tab_titles(window)):
        detail.tabs.setCurrentIndex(index)
        _settle()
        page = detail.tabs.widget(index)
        assert page is not None
        problems += field_problems(page, f"{where} {title}")
        sideways = isinstance(page, QScrollArea) and page.horizontalScrollBar().maximum() > 0
        if title in NO_SIDEWAYS and sideways:
            problems.append(f"{where} {title}: a sideways scroll bar")
    bar = detail.tabs.tabBar()
    if isinstance(bar, CompactTabBar) and not bar.all_in_sight():
        problems.append(f"{where}: a tab not whole in the tab bar")
    elif not isinstance(bar, CompactTabBar):
        problems.append(f"{where}: not the compact tab bar")
    return problems


def checklist_problems(window: MainWindow, where: str) -> list[str]:
    detail = window.detail
    detail.tabs.setCurrentIndex(_tab_titles(window).index("書類チェック"))
    _settle()
    tab = detail.checklist_tab
    problems = []
    if tab.table.rowCount() == 0:
        return [f"{where}: no papers"]
    notes_shown = tab.notes.isVisibleTo(tab) and bool(tab.notes.text())
    if notes_shown and tab.table.geometry().bottom() >= tab.notes.geometry().top():
        problems.append(
            f"{where}: the papers end at {tab.table.geometry().bottom()},"
            f" the notes start at {tab.notes.geometry().top()}"
        )
    if tab.table.height() < tab.table.minimumHeight():
        problems.append(f"{where}: the papers table squeezed")
    message = tab.findings_view.columnWidth(FindingColumn.MESSAGE)
    if tab.findings_model.rowCount() > 0 and message < MESSAGE_MIN:
        problems.append(f"{where}: 内容 {message}px")
    return problems


def load_papers(window: MainWindow) -> None:
    """The shown bid joint with everyone, by an agent, with a loan: as a user enters them."""
    facts = window.detail.bid_tab.facts
    facts.agent_group.setChecked(True)
    facts.agent_name.setText("弁護士 鈴木 一郎")
    facts.agent_name.editingFinished.emit()
    for row in range(facts.members.count()):
        item = facts.members.item(row)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked)
    facts.loan_group.setChecked(True)
    facts.loan_lender.setText("B信用金庫")
    facts.loan_lender.editingFinished.emit()
    _settle()


def measure(window: MainWindow) -> list[str]:
    """Every layout problem of the detail pane, for each line with a bid of the portfolio."""
    problems: list[str] = []
    rows = [r for r in range(window.model.rowCount()) if window.model.row_at(r).bid is not None]
    for row in rows:
        window.table.selectRow(row)
        _settle()
        where = window.model.row_at(row).property.title
        problems += tab_problems(window, where)
        problems += checklist_problems(window, where)
    # the most papers and notes (the reviewer's bid: joint, by an agent, with a loan) in a
    # window lower than them: the tab scrolls, nothing overlaps
    window.table.selectRow(rows[0])
    _settle()
    load_papers(window)
    size = window.size()
    window.resize(size.width(), max(window.minimumHeight(), SHORT_WINDOW))
    for row in rows:
        window.table.selectRow(row)
        _settle()
        where = window.model.row_at(row).property.title
        problems += checklist_problems(window, f"{where} (the window {window.height()}px)")
    window.resize(size)
    _settle()
    # 次順位買受申出人: the longest label of the 結果・返還 form
    window.table.selectRow(rows[0])
    _settle()
    detail = window.detail
    detail.outcome_tab.record_result(OutcomeResult.SECOND)
    detail.tabs.setCurrentIndex(_tab_titles(window).index("結果・返還"))
    _settle()
    page = detail.tabs.widget(detail.tabs.currentIndex())
    assert page is not None
    problems += field_problems(page, "次順位買受申出人")
    if isinstance(page, QScrollArea) and page.horizontalScrollBar().maximum() > 0:
        problems.append("次順位買受申出人: a sideways scroll bar")
    return problems
