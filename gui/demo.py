"""The demo portfolio: built from resources/demo/demo.json at first use.

The JSON is written for an anchor date; every date is moved by whole weeks to today so
the demo always shows upcoming deadlines, a won bid with its balance due and an
overdue refund, on the same weekdays as written.

Each `--demo` run gets a folder of its own (``new_demo_folder``), removed when its window
closes, so a second demo never replaces the files of one still open.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import platformdirs
from PySide6.QtCore import QStandardPaths

from biddesk.domain.edits.operations import put_portfolio
from biddesk.domain.models import Portfolio
from biddesk.domain.storage.interchange import portfolio_from_json
from biddesk.domain.storage.store import PortfolioStore
from biddesk.forms.package_data import resource

DEMO_JSON = resource("demo", "demo.json")
DEMO_NAME = "デモ.biddesk"
FOLDER_PREFIX = "demo-"
_FILE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock")
"""The portfolio and the files SQLite and the edit lock put beside it."""


def shift_dates(value: Any, delta: timedelta) -> Any:
    """``value`` with every date inside it (dataclasses, tuples) moved by ``delta``."""
    if isinstance(value, date):
        return value + delta
    if isinstance(value, tuple):
        return tuple(shift_dates(item, delta) for item in value)
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: shift_dates(getattr(value, f.name), delta) for f in fields(value)}
        return replace(value, **changes)
    return value


def demo_portfolio(today: date) -> Portfolio:
    data = json.loads(DEMO_JSON.read_text(encoding="utf-8"))
    anchor = date.fromisoformat(data["anchor"])
    weeks = (today - anchor).days // 7
    portfolio = portfolio_from_json(data)
    shifted: Portfolio = shift_dates(portfolio, timedelta(weeks=weeks))
    return shifted


def create_demo(path: Path, *, today: date) -> PortfolioStore:
    """A fresh copy of the demo at ``path`` (an older copy there is replaced)."""
    for suffix in _FILE_SUFFIXES:
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    portfolio = demo_portfolio(today)
    store = PortfolioStore.create(path)
    store.apply(put_portfolio(portfolio))
    return store


def _data_location() -> Path:
    if QStandardPaths.isTestModeEnabled():
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(location)
    return Path(platformdirs.user_data_dir("BidDesk", appauthor=False))


def data_dir() -> Path:
    """The user's BidDesk folder (the demo runs' folders), created owner-only."""
    path = _data_location()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def new_demo_folder() -> Path:
    """A fresh folder for one demo run, owner-only (mkdtemp creates it 0700)."""
    return Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX, dir=data_dir()))


def is_demo_copy(path: Path) -> bool:
    """Whether ``path`` is the portfolio of a demo run (not worth remembering as the last
    file: it is removed when its window closes)."""
    folder = path.absolute().parent
    return (
        path.name == DEMO_NAME
        and folder.name.startswith(FOLDER_PREFIX)
        and folder.parent == _data_location().absolute()
    )


def remove_demo(folder: Path) -> None:
    """Remove this run's demo files and then its folder; anything else saved there (a
    名前を付けて保存 into it) keeps the folder and stays."""
    for suffix in _FILE_SUFFIXES:
        Path(f"{folder / DEMO_NAME}{suffix}").unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()
