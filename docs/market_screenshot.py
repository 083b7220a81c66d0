"""docs/market.png: the 市場 view over a synthetic history of 3,000 results plus the
川崎支部 openings of tests/data/results, with the own bids of tests/data/results/bids_kawasaki.json.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python docs/market_screenshot.py docs/market.png
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.results_history import synthetic_results  # noqa: E402
from biddesk.domain.edits.operations import put_portfolio  # noqa: E402
from biddesk.domain.market.results_parsing import parse_results  # noqa: E402
from biddesk.domain.storage.interchange import portfolio_from_text  # noqa: E402
from biddesk.domain.storage.results_history import add_results  # noqa: E402
from biddesk.domain.storage.store import PortfolioStore  # noqa: E402
from biddesk.gui.app import make_application  # noqa: E402
from biddesk.gui.document import PortfolioDocument  # noqa: E402
from biddesk.gui.main_window import MainWindow  # noqa: E402

DATA = ROOT / "tests" / "data" / "results"
TODAY = date(2026, 12, 17)


def main(target: str) -> int:
    app = make_application()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "market.biddesk"
        store = PortfolioStore.create(path)
        store.apply(put_portfolio(portfolio_from_text((DATA / "bids_kawasaki.json").read_text())))
        add_results(store, synthetic_results(3000))
        add_results(store, parse_results((DATA / "stacked.txt").read_text()).results)
        window = MainWindow(PortfolioDocument(store), today=TODAY)
        window.resize(1280, 860)
        window.show()
        window.deadlines_dock.hide()
        window.pages.setCurrentWidget(window.market_view)
        window.market_view.court.setCurrentText("横浜地方裁判所川崎支部")
        app.processEvents()
        saved = window.grab().save(target)
        window.close()
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "docs/market.png"))
