"""Unexpected errors: a dialog with details to copy, a log without personal data."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from biddesk.gui import crash


def raise_with_personal_data() -> None:
    raise ValueError("山田 太郎 東京都世田谷区桜新町一丁目2番3号 口座1234567")


def test_unexpected_error_is_logged_without_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []

    def record(box: QMessageBox) -> int:
        shown.append(box)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    log_file = crash.setup_logging(tmp_path)
    try:
        try:
            raise_with_personal_data()
        except ValueError:
            crash.handle_exception(*sys.exc_info())
    finally:
        for handler in logging.getLogger().handlers[:]:
            if getattr(handler, "baseFilename", "") == str(log_file):
                logging.getLogger().removeHandler(handler)
                handler.close()
    text = log_file.read_text(encoding="utf-8")
    assert "raise_with_personal_data" in text
    assert "ValueError" in text
    assert "山田" not in text and "1234567" not in text
    assert oct(log_file.stat().st_mode & 0o777) == "0o600"
    assert len(shown) == 1
    assert "予期しない問題" in shown[0].text()
    assert "保存されています" in shown[0].informativeText()
    assert "raise_with_personal_data" in shown[0].detailedText()


def test_describe_names_places_only() -> None:
    try:
        raise_with_personal_data()
    except ValueError:
        kind, _error, tb = sys.exc_info()
        assert kind is not None
        details = crash.describe(kind, tb)
    assert details.splitlines()[0] == "builtins.ValueError"
    assert "test_crash.py" in details
    assert "山田" not in details


# --- owner-only files, places never values (issue 12 item 11) -------------------------


@pytest.fixture
def log_folder(tmp_path: Path) -> Iterator[Path]:
    """A log folder set up under umask 022, as on most desktops; the handler removed after."""
    folder = tmp_path / "log"
    previous = os.umask(0o022)
    try:
        yield folder
    finally:
        os.umask(previous)
        for handler in logging.getLogger().handlers[:]:
            if str(getattr(handler, "baseFilename", "")).startswith(str(folder)):
                logging.getLogger().removeHandler(handler)
                handler.close()


def handler_of(path: Path) -> RotatingFileHandler:
    return next(
        h
        for h in logging.getLogger().handlers
        if isinstance(h, RotatingFileHandler) and h.baseFilename == str(path)
    )


def mode(path: Path) -> str:
    return oct(path.stat().st_mode & 0o777)


def test_every_log_file_stays_owner_only_through_rollovers(log_folder: Path) -> None:
    log_folder.mkdir(mode=0o755)
    (log_folder / "biddesk.log.3").write_text("older version\n", encoding="utf-8")
    (log_folder / "biddesk.log.3").chmod(0o644)  # left by a version before this fix
    log_file = crash.setup_logging(log_folder)
    handler = handler_of(log_file)
    for _ in range(3):
        logging.getLogger("biddesk").error("unexpected error")
        handler.doRollover()  # the new biddesk.log used to be created 0644
    logging.getLogger("biddesk").error("unexpected error")
    files = sorted(log_folder.iterdir())
    assert [p.name for p in files] == [f"biddesk.log{s}" for s in ("", ".1", ".2", ".3")]
    assert {p.name: mode(p) for p in files} == {p.name: "0o600" for p in files}
    assert mode(log_folder) == "0o700"


def test_log_keeps_the_place_not_the_values(log_folder: Path) -> None:
    log_file = crash.setup_logging(log_folder)
    log = logging.getLogger("biddesk.gui.export_runner")
    log.warning("export for %s failed", "山田 太郎")
    try:
        raise_with_personal_data()
    except ValueError:
        log.exception("export failed")
    log.error(ValueError("口座1234567"))  # not a template: only its type is written
    text = log_file.read_text(encoding="utf-8")
    assert "export for %s failed" in text
    assert "export failed" in text
    assert "builtins.ValueError" in text
    assert "raise_with_personal_data" in text  # where it happened
    assert "test_crash.py:" in text
    assert "山田" not in text and "1234567" not in text and "世田谷" not in text
