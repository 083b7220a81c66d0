"""Run in a child process on an offscreen screen of a given size (test_detail_layout.py):
opens the demo window, measures its detail pane (layout_measure.py) and prints the problems
found as JSON.

`python layout_probe.py FOLDER` with QT_QPA_PLATFORM=offscreen:configfile=… set.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.app import make_application
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parent))
from layout_measure import measure

TODAY = date(2026, 11, 23)


def main(folder: Path) -> None:
    app = make_application()
    path = folder / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    window = MainWindow(PortfolioDocument(PortfolioStore.open(path)), today=TODAY)
    window.show()
    app.processEvents()
    app.processEvents()
    facts = {"screen": window.screen().availableGeometry().width(), "problems": measure(window)}
    window.close()
    QApplication.processEvents()
    print(json.dumps(facts, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
