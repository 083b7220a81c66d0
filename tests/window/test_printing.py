"""印刷 (issue 15 item 6): Ctrl+P opens a print preview with the pages of the forms/ PDFs.
Nothing is printed: the preview paints onto its own stand-in printer."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintPreviewDialog
from pytestqt.qtbot import QtBot

from biddesk.gui.main_window import MainWindow
from biddesk.gui.printing import PrintKind, PrintPreview


def select_bid(window: MainWindow, case: str) -> str:
    for row in range(window.model.rowCount()):
        line = window.model.row_at(row)
        if line.bid is not None and case in line.property.title:
            window.table.selectRow(row)
            return line.bid.id
    raise AssertionError(case)


def pages_of(dialog: PrintPreview) -> int:
    dialog.preview_widget.updatePreview()
    return dialog.page_count()


@pytest.mark.parametrize(
    ("kind", "pages"),
    [
        (PrintKind.SHEET, 1),  # one page per bid
        (PrintKind.PAPERS, 3),  # 入札書, 振込依頼書, 陳述書 (an individual, no agent)
        (PrintKind.REPORT, 3),  # the lists and the sheets: several pages
    ],
)
def test_the_preview_has_the_pdf_pages(
    demo_window: MainWindow, qtbot: QtBot, kind: PrintKind, pages: int
) -> None:
    select_bid(demo_window, "第1234号")
    dialog = demo_window.printing.preview(kind, modal=False)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QPrintPreviewDialog)
    count = pages_of(dialog)
    assert count == dialog.pages.count
    assert count >= pages if kind is PrintKind.REPORT else count == pages
    assert kind.value in dialog.windowTitle()
    dialog.reject()


def test_ctrl_p_previews_the_selected_bids_sheet(
    demo_window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[PrintPreview] = []

    def record(self: PrintPreview) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(PrintPreview, "exec", record)
    select_bid(demo_window, "第1234号")
    demo_window.activateWindow()
    demo_window.printing.print_action.trigger()
    assert shown and shown[0].windowTitle().endswith("入札準備シート")
    assert pages_of(shown[0]) == 1
    assert demo_window.printing.print_action.shortcut().toString() == "Ctrl+P"
    qtbot.addWidget(shown[0])


def test_printing_a_bid_paper_without_a_bid_says_so(empty_window: MainWindow, dialogs: Any) -> None:
    assert empty_window.printing.preview(PrintKind.SHEET, modal=False) is None
    assert dialogs.warnings and "入札を一覧で選んでください" in dialogs.warnings[-1]


def test_the_report_prints_from_an_empty_portfolio_too(
    empty_window: MainWindow, qtbot: QtBot
) -> None:
    dialog = empty_window.printing.preview(None, modal=False)  # no bid: Ctrl+P is the report
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert pages_of(dialog) >= 1 and dialog.windowTitle().endswith("報告書")
    dialog.reject()
