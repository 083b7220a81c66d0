"""One line per property/bid: what the portfolio table and `list` show.

A property with no bid yet is one line; a property with bids is one line per bid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import deadlines
from domain.deadlines import submission_dates
from domain.models import Bid, Bidder, PaymentMethod, Portfolio, Property, Settings, Submission


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


def status_label(prop: Property, bid: Bid | None) -> str:
    """The line's state in words: 取下げ等 first, then the recorded outcome, then progress."""
    if not prop.status.is_open:
        return prop.status.label
    if bid is None:
        return "検討中"
    if bid.outcome is not None:
        return bid.outcome.result.label
    if bid.amount is None:
        return "入札額未定"
    return "入札準備中"


def bid_deadlines(prop: Property, bid: Bid | None, settings: Settings) -> list[Deadline]:
    """The dates that matter for preparing this bid (or this property, before a bid),
    with short labels, in date order. The dates are those of ``deadlines.submission_dates``:
    transfer days on the bank calendar, submission days on the court calendar."""
    deadlines: list[Deadline] = []
    dates = submission_dates(prop, settings)
    if dates is not None:
        if bid is None or bid.method is PaymentMethod.TRANSFER:
            deadlines.append(Deadline(date=dates.safe_transfer, label="振込推奨日"))
            deadlines.append(Deadline(date=dates.last_transfer, label="振込最終日"))
        if bid is not None and bid.submission is Submission.MAIL:
            deadlines.append(Deadline(date=dates.mail_send_by, label="郵送期限"))
        else:
            deadlines.append(Deadline(date=dates.last_in_person, label="持参最終日"))
    if prop.opening_date is not None:
        deadlines.append(Deadline(date=prop.opening_date, label="開札期日"))
    if bid is not None and bid.outcome is not None and bid.outcome.payment_deadline:
        deadlines.append(Deadline(date=bid.outcome.payment_deadline, label="代金納付期限"))
    return sorted(deadlines, key=lambda d: d.date)


def next_deadline(
    prop: Property, bid: Bid | None, settings: Settings, *, today: date
) -> Deadline | None:
    """The first deadline on or after ``today`` for an open line, else None."""
    if not prop.status.is_open:
        return None
    if bid is not None and bid.outcome is not None:
        # After the opening: the payment deadline (recorded, else estimated) or the refund
        # check, as 今後の期限 lists them (deadlines.bid_deadlines, one rule for both).
        ahead = [d for d in deadlines.bid_deadlines(bid, prop, settings, today=today)]
        upcoming = sorted((d.date, d.label) for d in ahead if d.date >= today)
        return Deadline(date=upcoming[0][0], label=upcoming[0][1]) if upcoming else None
    return next((d for d in bid_deadlines(prop, bid, settings) if d.date >= today), None)


def overview_rows(portfolio: Portfolio) -> list[OverviewRow]:
    """Every line of the portfolio, properties in their stored order."""
    bids_by_property: dict[str, list[Bid]] = {}
    for bid in portfolio.bids:
        bids_by_property.setdefault(bid.property, []).append(bid)
    bidders = {b.id: b for b in portfolio.bidders}
    rows: list[OverviewRow] = []
    for prop in portfolio.properties:
        bids = bids_by_property.get(prop.id)
        if not bids:
            rows.append(OverviewRow(key=(prop.id, ""), property=prop, bid=None, bidder=None))
            continue
        rows.extend(
            OverviewRow(
                key=(prop.id, bid.id), property=prop, bid=bid, bidder=bidders.get(bid.bidder)
            )
            for bid in bids
        )
    return rows
