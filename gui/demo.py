"""The demo portfolio: built from resources/demo/demo.json at first use.

The JSON is written for an anchor date; every date is moved by whole weeks to today so
the demo always shows upcoming deadlines, a won bid with its balance due and an
overdue refund, on the same weekdays as written.
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from domain.interchange import portfolio_from_json
from domain.models import Portfolio
from domain.store import Change, PortfolioStore

DEMO_JSON = Path(__file__).resolve().parent.parent / "resources" / "demo" / "demo.json"


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
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    portfolio = demo_portfolio(today)
    store = PortfolioStore.create(path)
    store.apply(
        Change(
            put_properties=portfolio.properties,
            put_bidders=portfolio.bidders,
            put_bids=portfolio.bids,
            settings=portfolio.settings,
        )
    )
    return store
