"""Start the window: `biddesk [PORTFOLIO] [--demo] [--screenshot PNG] [--today DATE]`."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTimer, QTranslator
from PySide6.QtGui import QImageWriter
from PySide6.QtWidgets import QApplication, QMessageBox

from biddesk import cli
from biddesk.cli.common import today_option
from biddesk.domain.errors import UserError
from biddesk.domain.storage.store import PortfolioStore, StoreError
from biddesk.gui import crash, demo, user_settings, welcome
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fonts import register_fonts
from biddesk.gui.main_window import MainWindow, open_store

APP_NAME = "BidDesk"
NOTICE_MS = 60_000
WELCOME = (
    "ようこそ。デモ用のポートフォリオを開いています(閉じると消えます)。"
    "自分の入札は ファイル → 新規… で作ったファイルに入れてください。"
)
"""The status bar's first words when the window opens on the demo because no file was
named and none was open last time (contracts.md: else the demo with a welcome)."""


def _arguments(argv: list[str]) -> argparse.Namespace:
    parser = cli.Parser(prog="biddesk", description="BidDesk 競売入札準備デスク")
    parser.add_argument(
        "portfolio", metavar="PORTFOLIO", nargs="?", help="開くポートフォリオ(.biddesk)"
    )
    parser.add_argument(
        "--demo", action="store_true", help="デモ用ポートフォリオの新しいコピーを開きます"
    )
    parser.add_argument("--screenshot", metavar="PNG", help="ウィンドウを画像に保存して終了します")
    parser.add_argument("--today", metavar="DATE", help="今日の日付(YYYY-MM-DD、検証用)")
    args = parser.parse_args(argv)
    if args.portfolio and not cli.names_portfolio(args.portfolio):
        raise cli.ArgumentError(cli.unknown_command(args.portfolio))
    return args


_TRANSLATORS: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def install_japanese(app: QApplication) -> bool:
    """Qt's own texts in Japanese (はい/いいえ, the text fields' context menu, the file
    dialog…): the qtbase translation PySide6 ships. Once per application; False when the
    file is missing (a stripped bundle), and Qt then stays English rather than failing."""
    if _TRANSLATORS:
        return True
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    translator = QTranslator(app)
    if not load_qt_translation(translator):
        return False
    app.installTranslator(translator)
    _TRANSLATORS.append(translator)
    return True


def translation_folders() -> list[Path]:
    """Where qtbase_ja.qm may be: the folder Qt reports (PySide6's own, which a PyInstaller
    bundle keeps under the same relative path), then, in a bundle, its copies under
    ``sys._MEIPASS`` (PySide6/Qt/translations on Linux and macOS, PySide6/translations on
    Windows: packaging/biddesk.spec puts them there)."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        root = Path(bundle) / "PySide6"
        folders += [root / "Qt" / "translations", root / "translations"]
    return folders


def load_qt_translation(translator: QTranslator) -> bool:
    """Load qtbase_ja into ``translator`` from the first folder that has it."""
    japanese = QLocale(QLocale.Language.Japanese)
    return any(translator.load(japanese, "qtbase", "_", str(f)) for f in translation_folders())


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    install_japanese(app)
    register_fonts(app)
    return app


def screenshot_problem(name: str) -> str | None:
    """Why ``--screenshot NAME`` cannot be written, checked before any window or file is
    made (Qt's save only returns False, and the run would end with 0)."""
    path = Path(name).absolute()
    formats = {bytes(f.data()).decode().lower() for f in QImageWriter.supportedImageFormats()}
    if path.suffix.lower().lstrip(".") not in formats:
        return f"--screenshot には画像の拡張子(.png など)を付けてください: {name}"
    if not path.parent.is_dir():
        return f"--screenshot の保存先フォルダがありません: {path.parent}"
    if not os.access(path.parent, os.W_OK):
        return f"--screenshot の保存先フォルダに書き込めません: {path.parent}"
    return None


@dataclass(frozen=True)
class Start:
    """What the window opens with."""

    store: PortfolioStore | None
    notice: str = ""
    """Shown in the status bar once the window is up."""
    demo_folder: Path | None = None
    """This run's demo folder, removed when the window closes."""


def choose_store(args: argparse.Namespace, today: date) -> Start:
    """The portfolio to open: the one named, a fresh demo (--demo), the last one, or the demo
    with a welcome."""
    if args.portfolio:
        path = user_settings.absolute(Path(args.portfolio))
        return Start(open_store(path, None) if path.exists() else PortfolioStore.create(path))
    notice = ""
    if not args.demo:
        last = user_settings.last_file(QSettings())
        if last is not None and last.exists():
            try:
                return Start(open_store(last, None))
            except StoreError as error:
                QMessageBox.warning(None, APP_NAME, f"前回のファイルを開けません: {error}")
        elif last is not None:
            notice = f"前回のファイルが見つかりません: {last}。デモを開きます。"
        else:
            notice = WELCOME
    folder = demo.new_demo_folder()
    try:
        store = demo.create_demo(folder / demo.DEMO_NAME, today=today)
    except BaseException:
        demo.remove_demo(folder)
        raise
    return Start(store, notice, folder)


def run(argv: list[str]) -> int:
    try:
        args = _arguments(argv)
        today = today_option(args.today)  # the command line's rule: YYYY-MM-DD, never empty
    except UserError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 2
    app = make_application()
    problem = screenshot_problem(args.screenshot) if args.screenshot else None
    if problem:
        print(f"エラー: {problem}", file=sys.stderr)
        return 2
    if not args.screenshot:
        crash.install()
    try:
        start = choose_store(args, today)
    except UserError as error:
        if args.screenshot:
            print(f"エラー: {error}", file=sys.stderr)
            return 2
        QMessageBox.critical(None, APP_NAME, str(error))
        return 2
    try:
        return _show(app, start, args, today)
    finally:
        if start.demo_folder is not None:
            demo.remove_demo(start.demo_folder)


def _show(app: QApplication, start: Start, args: argparse.Namespace, today: date) -> int:
    """Show the window until it closes (or save its picture); the store closes with it."""
    if start.store is None:
        return 1
    try:
        # The table's lines now, the rest after the first paint (a picture waits for all).
        # A bad value says where, before anything is shown.
        if args.screenshot:
            document = PortfolioDocument(start.store)
        else:
            document = PortfolioDocument.lines_first(start.store)
        window = MainWindow(document, today=today)
    except UserError as error:
        if args.screenshot:
            print(f"エラー: {error}", file=sys.stderr)
        else:
            QMessageBox.critical(None, APP_NAME, str(error))
        return 2
    if start.demo_folder is not None and not args.demo and not args.screenshot:
        welcome.show_welcome(window)  # the first start: this is the demo; how to begin
    window.show()
    if start.notice:
        window.statusBar().showMessage(start.notice, NOTICE_MS)
    if not args.screenshot:
        _close_on_terminate(app)
        code = app.exec()
        return 2 if window.load_failed else code
    app.processEvents()
    saved = window.grab().save(args.screenshot)
    window.close()
    if not saved:
        print(f"エラー: 画像を保存できませんでした: {args.screenshot}", file=sys.stderr)
        return 2
    return 0


def _close_on_terminate(app: QApplication) -> None:
    """A session that ends (SIGTERM) closes the window as the user would: the settings are
    written, the store is closed and this run's demo folder removed."""
    signal.signal(signal.SIGTERM, lambda *_: app.closeAllWindows())
    # Python runs signal handlers only between its own bytecodes: wake it up now and then.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(500)
