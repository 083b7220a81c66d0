"""One line per property/bid: what the portfolio table and `list` show.

A property with no bid yet is one line; a property with bids is one line per bid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from biddesk.domain.frozen import builder
from biddesk.domain.models import (
    Bid,
    Bidder,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
    Settings,
)
from biddesk.domain.schedule import deadlines


@dataclass(frozen=True, kw_only=True)
class Deadline:
    date: date
    label: str


@dataclass(frozen=True, kw_only=True)
class OverviewRow:
    """One line; ``key`` = (property id, bid id or "") identifies it across edits."""

    key: tuple[str, str]
    property: Property
    bid: Bid | None
    bidder: Bidder | None


_LINE = builder(OverviewRow)  # 10,000 lines at start: built straight into __dict__

_CONSIDERING, _UNDECIDED, _PREPARING = "検討中", "入札額未定", "入札準備中"


def status_label(prop: Property, bid: Bid | None) -> str:
    """The line's state in words: 取下げ等 first, then the recorded outcome, then progress."""
    if not prop.status.is_open:
        return prop.status.label
    if bid is None:
        return _CONSIDERING
    if bid.outcome is not None:
        return bid.outcome.result.label
    if bid.amount is None:
        return _UNDECIDED
    return _PREPARING


STATUS_LABELS: tuple[str, ...] = (
    _CONSIDERING,
    _UNDECIDED,
    _PREPARING,
    *(result.label for result in OutcomeResult),
    *(status.label for status in PropertyStatus if not status.is_open),
)
"""Every word ``status_label`` can give, in the order a state filter lists them."""


def bid_deadlines(
    prop: Property, bid: Bid | None, settings: Settings, *, today: date
) -> list[Deadline]:
    """The dates of this bid (or of this property, before a bid: a transfer, in person) in
    date order, with short labels: ``deadlines.bid_deadlines``, the rule 今後の期限 lists too —
    the transfer days bounded by the envelope, gone once the transfer is made."""
    line = bid if bid is not None else Bid(property=prop.id)
    found = deadlines.bid_deadlines(line, prop, settings, today=today)
    return sorted(
        (Deadline(date=d.date, label=deadlines.short_label(d)) for d in found), key=lambda d: d.date
    )


def next_deadline(
    prop: Property, bid: Bid | None, settings: Settings, *, today: date
) -> Deadline | None:
    """The first deadline on or after ``today`` for an open line, else None."""
    if not prop.status.is_open:
        return None
    return next(
        (d for d in bid_deadlines(prop, bid, settings, today=today) if d.date >= today), None
    )


def overview_rows(portfolio: Portfolio) -> list[OverviewRow]:
    """Every line of the portfolio, properties in their stored order."""
    bids_by_property: dict[str, list[Bid]] = {}
    for bid in portfolio.bids:
        bids_by_property.setdefault(bid.property, []).append(bid)
    bidders = {b.id: b for b in portfolio.bidders}
    line = _LINE
    rows: list[OverviewRow] = []
    for prop in portfolio.properties:
        bids = bids_by_property.get(prop.id)
        if not bids:
            rows.append(line(key=(prop.id, ""), property=prop, bid=None, bidder=None))
            continue
        rows.extend(
            line(key=(prop.id, bid.id), property=prop, bid=bid, bidder=bidders.get(bid.bidder))
            for bid in bids
        )
    return rows
