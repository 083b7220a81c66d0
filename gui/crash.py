"""Unexpected errors in the window: a short dialog instead of a crash, and a log.

Every edit is already its own committed transaction, so nothing the user did is lost when
something unexpected happens; the window stays open. The log holds where the error
happened (files, lines, functions, the exception type) but never the exception's message
or any values, which could carry names, addresses or account numbers.
"""

from __future__ import annotations

import io
import logging
import os
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
    return Path(platformdirs.user_log_dir("BidDesk", appauthor=False))


def _private_opener(path: str, flags: int) -> int:
    """Open a log file owner-only whatever the umask: a new one (also the fresh file a
    rollover starts) is created 0600, an older one is put back to 0600."""
    fd = os.open(path, flags, 0o600)
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)
    return fd


class PrivateRotatingFileHandler(RotatingFileHandler):
    """RotatingFileHandler whose files are 0600: the stock one opens the file a rollover
    starts with the umask (0644)."""

    def _open(self) -> io.TextIOWrapper:
        # Always "a": RotatingFileHandler appends whenever maxBytes is set.
        return open(
            self.baseFilename,
            "a",
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )


class PlacesOnly(logging.Formatter):
    """What the code wrote and where, never the values passed with it nor an exception's
    message (either can hold a name, an address or an account number): a record's
    arguments are not filled in, and a traceback is reduced to ``describe``."""

    def format(self, record: logging.LogRecord) -> str:
        template = record.msg if isinstance(record.msg, str) else type(record.msg).__name__
        place = f"{Path(record.pathname).name}:{record.lineno} in {record.funcName}"
        text = f"{self.formatTime(record)} {record.levelname} {record.name} ({place}): {template}"
        if record.exc_info and record.exc_info[0] is not None:
            text += "\n" + describe(record.exc_info[0], record.exc_info[2])
        return text


def setup_logging(folder: Path | None = None) -> Path:
    """Log warnings and errors to a rotating file; the folder 0700 and every log file in
    it (current and rotated) 0600, whatever the umask and earlier versions left."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    for old in folder.glob(f"{LOG_NAME}*"):
        os.chmod(old, 0o600)
    path = folder / LOG_NAME
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(PlacesOnly())
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
    from biddesk.gui.document import LoadFailed

    if issubclass(kind, LoadFailed):  # already said to the user, the window closed
        logging.getLogger("biddesk").info("portfolio could not be read whole")
        return
    details = describe(kind, tb)
    # The places go in the template: PlacesOnly never fills in arguments.
    logging.getLogger("biddesk").error(f"unexpected error\n{details}")
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
