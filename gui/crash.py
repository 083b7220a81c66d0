"""Unexpected errors in the window: a short dialog instead of a crash, and a log.

Every edit is already its own committed transaction, so nothing the user did is lost when
something unexpected happens; the window stays open. The log holds where the error
happened (files, lines, functions, the exception type) but never the exception's message
or any values, which could carry names, addresses or account numbers.
"""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

LOG_NAME = "biddesk.log"


def log_dir() -> Path:
    path = Path(platformdirs.user_log_dir("BidDesk", appauthor=False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def setup_logging(folder: Path | None = None) -> Path:
    """Log warnings and errors to a rotating file readable by the owner only."""
    path = (folder or log_dir()) / LOG_NAME
    path.touch(mode=0o600, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    return path


def describe(kind: type[BaseException], tb: TracebackType | None) -> str:
    """Where it happened, without the message or any values (no personal data)."""
    frames = traceback.extract_tb(tb)
    lines = [f"{kind.__module__}.{kind.__qualname__}"]
    lines += [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return "\n".join(lines)


def handle_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """sys.excepthook for the window: log, then tell the user in one dialog."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    details = describe(kind, tb)
    logging.getLogger("biddesk").error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    box = QMessageBox(QMessageBox.Icon.Warning, "BidDesk", "予期しない問題が起きました。")
    box.setInformativeText(
        "それまでの編集はすべて保存されています。操作を続けられますが、同じ問題が続く場合は"
        "「詳細をコピー」で内容をコピーして開発元にお知らせください。"
    )
    box.setDetailedText(details)
    copy = box.addButton("詳細をコピー", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Ok)
    box.exec()
    if box.clickedButton() is copy:
        QGuiApplication.clipboard().setText(details)


def install() -> Path | None:
    """Route unexpected errors to the dialog and the log; returns the log file."""
    try:
        path: Path | None = setup_logging()
    except OSError:
        path = None  # a read-only home must not stop the window from opening
    sys.excepthook = handle_exception
    return path
