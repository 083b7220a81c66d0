"""Run in a child process on an offscreen screen of a given size (test_screen_fit.py):
opens the demo window and prints, as JSON, where its parts are.

`python screen_probe.py FOLDER` with QT_QPA_PLATFORM=offscreen:configfile=… set.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QWidget

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.app import make_application
from biddesk.gui.demo import create_demo
from biddesk.gui.dialogs.bidders_dialog import BiddersDialog
from biddesk.gui.dialogs.paste_dialog import PasteDialog
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.dialogs.settings_dialog import SettingsDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column
from biddesk.gui.views.checklist_tab import ChecklistColumn

TODAY = date(2026, 11, 23)


def rect(r: QRect) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def on_screen(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def select(window: MainWindow, case: str) -> None:
    for row in range(window.model.rowCount()):
        line = window.model.row_at(row)
        if line.bid is not None and case in line.property.title:
            window.table.selectRow(row)
            return
    raise SystemExit(f"no bid on {case}")


def main(folder: Path) -> None:
    app = make_application()
    path = folder / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    window = MainWindow(PortfolioDocument(PortfolioStore.open(path)), today=TODAY)
    window.show()
    app.processEvents()
    app.processEvents()
    facts: dict[str, object] = {
        "available": rect(window.screen().availableGeometry()),
        "frame": rect(window.frameGeometry()),
        "detail": on_screen(window.detail),
        "status_bar": on_screen(window.statusBar()),
        "deadlines": on_screen(window.deadlines_dock),
    }
    widths = [
        window.table.fontMetrics().horizontalAdvance(window.model.index(r, Column.PROPERTY).data())
        for r in range(window.model.rowCount())
    ]
    facts["property_text"] = max(widths)
    facts["property_column"] = window.table.columnWidth(Column.PROPERTY)

    select(window, "第310号")
    detail = window.detail
    detail.tabs.setCurrentWidget(detail.checklist_tab)
    app.processEvents()
    table = detail.checklist_tab.table
    header = table.horizontalHeader()
    facts["checklist_viewport"] = table.viewport().width()
    facts["checklist_ends"] = {
        column.name: header.sectionViewportPosition(column) + header.sectionSize(column)
        for column in (ChecklistColumn.NAME, ChecklistColumn.MATCH)
    }

    select(window, "第95号")  # lost: the 次順位 verdict is shown
    outcome = detail.outcome_tab
    titles = [detail.tabs.tabText(i) for i in range(detail.tabs.count())]
    detail.tabs.setCurrentIndex(titles.index("結果・返還"))
    app.processEvents()
    label = outcome.eligibility
    facts["verdict"] = {
        "text": label.text(),
        "height": label.height(),
        "needed": label.heightForWidth(label.width()),
        "visible": label.isVisible(),
    }

    dialog = PasteDialog(window)
    dialog.show()
    app.processEvents()
    facts["paste_frame"] = rect(dialog.frameGeometry())
    facts["paste_buttons"] = on_screen(dialog.buttons)
    dialog.close()
    document = window.document
    others = {
        "bidders": BiddersDialog(document, window),
        "precheck": PrecheckDialog(document, TODAY, window),
        "settings": SettingsDialog(document, window),
    }
    frames = {}
    for name, other in others.items():
        other.show()
        app.processEvents()
        frames[name] = rect(other.frameGeometry())
        other.close()
    facts["dialogs"] = frames
    window.close()
    QApplication.processEvents()
    print(json.dumps(facts))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
