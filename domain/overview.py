"""One line per property/bid: what the portfolio table and `list` show.

A property with no bid yet is one line; a property with bids is one line per bid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

from biddesk.domain.frozen import builder
from biddesk.domain.models import (
    Bid,
    Bidder,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
    Settings,
    property_title,
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


class LineFacts(NamedTuple):
    """What the portfolio table shows, sorts and filters a line by, short of its dates
    (次の期限 needs the calendars and the whole bid) and its findings.

    Two sources give equal values for the same line: ``line_facts`` of an overview row,
    and storage/lines.py straight from the file's columns in one query, which is how the
    window shows a large portfolio before it has read it whole. A named tuple: 10,000 of
    them are built at start, and a frozen dataclass is several times slower to build."""

    key: tuple[str, str]
    case_number: str | None
    property_numbers: tuple[str, ...]
    court: str | None
    kind: str | None
    address: str | None
    period_start: date | None
    period_end: date | None
    base_price: int | None
    minimum_bid: int | None
    deposit: int | None
    deposit_estimated: bool
    amount: int | None
    bidder_name: str
    bidder_kana: str
    status: str
    closed: bool

    @property
    def title(self) -> str:
        """事件番号 物件番号, worked out when shown (few of 10,000 lines are)."""
        return property_title(self.case_number, self.property_numbers)


def line_facts(row: OverviewRow) -> LineFacts:
    prop, bid, bidder = row.property, row.bid, row.bidder
    return LineFacts(
        row.key, prop.case_number, prop.property_numbers, prop.court, prop.kind,
        prop.address, prop.bid_period_start, prop.bid_period_end, prop.base_price,
        prop.minimum_bid, prop.deposit, prop.deposit_estimated,
        bid.amount if bid is not None else None,
        bidder.name if bidder is not None else "",
        bidder.name_kana if bidder is not None else "",
        status_label(prop, bid), not prop.status.is_open,
    )  # fmt: skip


_CONSIDERING, _UNDECIDED, _PREPARING = "検討中", "入札額未定", "入札準備中"


def status_label(prop: Property, bid: Bid | None) -> str:
    """The line's state in words: 取下げ等 first, then the recorded outcome, then progress."""
    if bid is None:
        return line_status(prop.status, has_bid=False, result=None, priced=False)
    result = bid.outcome.result if bid.outcome is not None else None
    return line_status(prop.status, has_bid=True, result=result, priced=bid.amount is not None)


@cache  # a few dozen combinations among 10,000 lines
def line_status(
    status: PropertyStatus, *, has_bid: bool, result: OutcomeResult | None, priced: bool
) -> str:
    """``status_label`` from the stored facts it reads (the table's lines at start);
    ``priced``: the bid has an amount."""
    if not status.is_open:
        return status.label
    if not has_bid:
        return _CONSIDERING
    if result is not None:
        return result.label
    if not priced:
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
