"""Start the window: `biddesk [PORTFOLIO] [--demo] [--screenshot PNG] [--today DATE]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

import platformdirs
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QApplication, QMessageBox

from domain.errors import UserError
from domain.store import PortfolioStore, StoreError
from gui import crash
from gui.demo import create_demo
from gui.document import PortfolioDocument
from gui.fonts import register_fonts
from gui.main_window import MainWindow, open_store

APP_NAME = "BidDesk"


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="biddesk", description="BidDesk 競売入札準備デスク")
    parser.add_argument("portfolio", nargs="?", help="開くポートフォリオ(.biddesk)")
    parser.add_argument(
        "--demo", action="store_true", help="デモ用ポートフォリオの新しいコピーを開きます"
    )
    parser.add_argument("--screenshot", metavar="PNG", help="ウィンドウを画像に保存して終了します")
    parser.add_argument("--today", metavar="DATE", help="今日の日付(YYYY-MM-DD、検証用)")
    return parser.parse_args(argv)


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    register_fonts(app)
    return app


def data_dir() -> Path:
    """The user's BidDesk folder (demo copy, logs), created readable by the owner only."""
    if QStandardPaths.isTestModeEnabled():
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        path = Path(location)
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def choose_store(args: argparse.Namespace, today: date) -> PortfolioStore | None:
    """The portfolio to open: the one named, a fresh demo, the last one, or the demo."""

    if args.portfolio:
        path = Path(args.portfolio)
        return open_store(path, None) if path.exists() else PortfolioStore.create(path)
    if not args.demo:
        last = QSettings().value("last_file")
        if last and Path(str(last)).exists():
            try:
                return open_store(Path(str(last)), None)
            except StoreError as error:
                QMessageBox.warning(None, APP_NAME, f"前回のファイルを開けません: {error}")
    return create_demo(data_dir() / "デモ.biddesk", today=today)


def run(argv: list[str]) -> int:
    try:
        args = _arguments(argv)
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        print("エラー: --today には YYYY-MM-DD 形式の日付を指定してください。", file=sys.stderr)
        return 2
    app = make_application()
    if not args.screenshot:
        crash.install()
    try:
        store = choose_store(args, today)
    except UserError as error:
        if args.screenshot:
            print(f"エラー: {error}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, APP_NAME, str(error))
        return 2
    if store is None:
        return 1
    window = MainWindow(PortfolioDocument(store), today=today)
    window.show()
    if args.screenshot:
        app.processEvents()
        window.grab().save(args.screenshot)
        window.close()
        return 0
    return app.exec()
