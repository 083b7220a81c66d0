"""Per-bid results (findings, deadlines), computed lazily and kept until a change touches them.

The portfolio table asks for a findings count on every repaint and the deadlines panel
needs every bid's dates after every edit; recomputing the whole portfolio each time costs
about 0.7 s (checks) or 0.35 s (deadlines) at 10,000 bids. A bid's results depend only on
the bid, its property, its bidders and the settings, so a change invalidates exactly the
bids it touches, and everything else is reused.

The owner calls ``invalidate(change)`` from its ``document.changed`` slot *before* it
repaints, and ``set_document`` (or ``clear``) when another file is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from operator import itemgetter
from typing import Generic, TypeVar

from biddesk.domain.models import Bid, Portfolio
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.rules.registry import Finding
from biddesk.domain.schedule.deadlines import Deadline, DeadlineKind, bid_deadlines
from biddesk.domain.storage.store import Change
from biddesk.gui.document import PortfolioDocument

T = TypeVar("T")

_KIND_ORDER = {kind.value: index for index, kind in enumerate(DeadlineKind)}


def bid_portfolio(document: PortfolioDocument, bid: Bid) -> Portfolio:
    """The part of the portfolio one bid's checks read: its property, its bidders (joint
    ones included) and the settings. ``check_bid`` has no rule that looks at other bids
    (those, like FUNDS_SHORTFALL, are portfolio-wide and only in ``run_checks``), and a
    slice avoids its linear look-ups in a 10,000-bid portfolio."""
    state = document.state
    prop = state.properties.get(bid.property)
    bidder_ids = dict.fromkeys((bid.bidder, *bid.joint_bidders))
    return Portfolio(
        settings=state.settings,
        properties=(prop,) if prop is not None else (),
        bidders=tuple(state.bidders[key] for key in bidder_ids if key in state.bidders),
        bids=(bid,),
    )


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    property: str
    bidders: frozenset[str]


class PerBidCache(Generic[T]):
    """Results per bid id, computed on first use by ``compute`` and dropped by ``invalidate``."""

    def __init__(self, document: PortfolioDocument, today: date) -> None:
        self.document = document
        self.today = today
        self._entries: dict[str, _Entry[T]] = {}

    def compute(self, bid: Bid) -> T:
        raise NotImplementedError

    def empty(self) -> T:
        raise NotImplementedError

    def get(self, bid_id: str) -> T:
        entry = self._entries.get(bid_id)
        if entry is not None:
            return entry.value
        bid = self.document.state.bids.get(bid_id)
        if bid is None:
            return self.empty()
        value = self.compute(bid)
        self._entries[bid_id] = _Entry(
            value, bid.property, frozenset((bid.bidder, *bid.joint_bidders))
        )
        return value

    def invalidate(self, change: Change) -> None:
        """Forget the bids ``change`` may have changed the results of."""
        if change.settings is not None:
            self.clear()
            return
        for key in (*(b.id for b in change.put_bids), *change.delete_bids):
            self._entries.pop(key, None)
        properties = {p.id for p in change.put_properties} | set(change.delete_properties)
        bidders = {b.id for b in change.put_bidders} | set(change.delete_bidders)
        if not properties and not bidders:
            return
        stale = [
            key
            for key, entry in self._entries.items()
            if entry.property in properties or entry.bidders & bidders
        ]
        for key in stale:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()

    def set_document(self, document: PortfolioDocument) -> None:
        self.document = document
        self.clear()

    def missing(self) -> list[str]:
        """The bids whose results are not computed yet, in file order."""
        return [key for key in self.document.state.bids if key not in self._entries]

    def warm(self, bid_ids: Sequence[str]) -> None:
        """Compute the results of ``bid_ids`` now (a slice of a background fill)."""
        for key in bid_ids:
            self.get(key)

    def __len__(self) -> int:
        """How many bids are cached (for tests and diagnostics)."""
        return len(self._entries)


class FindingsCache(PerBidCache[list[Finding]]):
    """Each bid's findings (``check_bid``), for the findings count column of the table."""

    def compute(self, bid: Bid) -> list[Finding]:
        return check_bid(bid_portfolio(self.document, bid), bid, today=self.today)

    def empty(self) -> list[Finding]:
        return []

    def findings(self, bid_id: str) -> list[Finding]:
        """The bid's findings, errors first (an unknown bid has none)."""
        return list(self.get(bid_id))

    def count(self, bid_id: str) -> int:
        return len(self.get(bid_id))


class DeadlinesCache(PerBidCache[tuple[Deadline, ...]]):
    """Each bid's dates from ``today`` on (``bid_deadlines``), for the deadlines panel."""

    def compute(self, bid: Bid) -> tuple[Deadline, ...]:
        state = self.document.state
        found = bid_deadlines(
            bid, state.properties.get(bid.property), state.settings, today=self.today
        )
        return tuple(d for d in found if d.date >= self.today)

    def empty(self) -> tuple[Deadline, ...]:
        return ()

    def upcoming(self, horizon_days: int | None = None) -> list[Deadline]:
        """Every bid's dates, in the order of ``upcoming_deadlines`` (date, kind, bid), which
        the tests compare this with; only the bids a change touched are recomputed."""
        last = self.today + timedelta(days=horizon_days) if horizon_days is not None else None
        found: list[tuple[date, int, int, Deadline]] = []
        for position, bid_id in enumerate(self.document.state.bids):
            for deadline in self.get(bid_id):
                if last is None or deadline.date <= last:
                    kind = _KIND_ORDER.get(deadline.kind, len(_KIND_ORDER))
                    found.append((deadline.date, kind, position, deadline))
        found.sort(key=itemgetter(0, 1, 2))
        return [item[3] for item in found]
