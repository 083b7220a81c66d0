"""Unexpected errors: a dialog with details to copy, a log without personal data."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from gui import crash


def raise_with_personal_data() -> None:
    raise ValueError("山田 太郎 東京都世田谷区桜新町一丁目2番3号 口座1234567")


def test_unexpected_error_is_logged_without_personal_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[QMessageBox] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box) or 0)
    log_file = crash.setup_logging(tmp_path)
    try:
        try:
            raise_with_personal_data()
        except ValueError:
            crash.handle_exception(*sys.exc_info())  # type: ignore[arg-type]
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
