"""One edit of a portfolio as a value, its undo, and the in-memory copy it updates.

A ``Change`` is what the store writes in one transaction (``PortfolioStore.apply``) and
what the window mirrors in memory (``PortfolioState.apply``); the named operations of
``domain.edits.operations`` build them, ``inverse_of`` builds the one that undoes them (Anki's
``OpChanges``: the window only applies and undoes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from biddesk.domain.models import Bid, Bidder, Portfolio, Property, Settings

PropertyId = str
BidderId = str
BidId = str
Table = Literal["properties", "bidders", "bids"]
"""Which rows: the ``Portfolio`` field that holds them (in file order)."""

Item = TypeVar("Item", Property, Bidder, Bid)


@dataclass(frozen=True, kw_only=True)
class Place:
    """Where a put row that is not in the portfolio yet goes.

    Attributes:
        table: the rows it belongs to.
        id: the put row.
        index: its position in ``table`` once the change is made (0 = first); the undo of
            a deletion puts each row back at the index it had.
    """

    table: Table
    id: str
    index: int


@dataclass(frozen=True, kw_only=True)
class Change:
    """One edit, written in one transaction: the single mutation path of a portfolio.

    Puts are insert-or-replace by id, deletes are by id (deleting a property deletes its
    bids). A replaced row keeps its position; a new row goes at the end, or where its
    ``Place`` says. Undo is ``apply`` of ``inverse_of(change, state before)``.

    Attributes:
        put_properties, put_bidders, put_bids: rows to insert or replace.
        delete_properties, delete_bidders, delete_bids: ids of rows to remove.
        settings: the new settings; None leaves them as they are.
        places: positions of new rows (empty: new rows are appended).
    """

    put_properties: tuple[Property, ...] = ()
    put_bidders: tuple[Bidder, ...] = ()
    put_bids: tuple[Bid, ...] = ()
    delete_properties: tuple[PropertyId, ...] = ()
    delete_bidders: tuple[BidderId, ...] = ()
    delete_bids: tuple[BidId, ...] = ()
    settings: Settings | None = None
    places: tuple[Place, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (
            self.put_properties
            or self.put_bidders
            or self.put_bids
            or self.delete_properties
            or self.delete_bidders
            or self.delete_bids
            or self.settings is not None
        )

    def places_in(self, table: Table) -> list[Place]:
        """The places of ``table``'s rows, first position first (the order to insert them)."""
        return sorted((p for p in self.places if p.table == table), key=lambda p: p.index)


@dataclass
class PortfolioState:
    """The open portfolio in memory, by id, each table in file order.

    Attributes:
        settings: the portfolio's settings.
        properties, bidders, bids: rows by id; iteration order is the file's order.
    """

    settings: Settings = field(default_factory=Settings)
    properties: dict[PropertyId, Property] = field(default_factory=dict)
    bidders: dict[BidderId, Bidder] = field(default_factory=dict)
    bids: dict[BidId, Bid] = field(default_factory=dict)

    @classmethod
    def of(cls, portfolio: Portfolio) -> PortfolioState:
        return cls(
            settings=portfolio.settings,
            properties={p.id: p for p in portfolio.properties},
            bidders={b.id: b for b in portfolio.bidders},
            bids={b.id: b for b in portfolio.bids},
        )

    def portfolio(self) -> Portfolio:
        return Portfolio(
            settings=self.settings,
            bidders=tuple(self.bidders.values()),
            properties=tuple(self.properties.values()),
            bids=tuple(self.bids.values()),
        )

    def apply(self, change: Change) -> None:
        """Make ``change`` here as the store makes it in the file: deletes (a property's
        bids with it), then puts, new rows at their place."""
        for key in change.delete_properties:
            self.properties.pop(key, None)
        gone = set(change.delete_properties)
        for key in [k for k, b in self.bids.items() if b.property in gone] if gone else ():
            del self.bids[key]
        for key in change.delete_bids:
            self.bids.pop(key, None)
        for key in change.delete_bidders:
            self.bidders.pop(key, None)
        self.properties = _put(
            self.properties, change.put_properties, change.places_in("properties")
        )
        self.bidders = _put(self.bidders, change.put_bidders, change.places_in("bidders"))
        self.bids = _put(self.bids, change.put_bids, change.places_in("bids"))
        if change.settings is not None:
            self.settings = change.settings


def _put(rows: dict[str, Item], puts: tuple[Item, ...], places: list[Place]) -> dict[str, Item]:
    """``rows`` with ``puts`` made; placed new rows are inserted at their index (one
    rebuild of the table, only when there are any: the undo of a deletion)."""
    placed = {p.id: p.index for p in places if p.id not in rows}
    for item in puts:
        if item.id not in placed:
            rows[item.id] = item
    if not placed:
        return rows
    by_id = {item.id: item for item in puts}
    items = list(rows.items())
    for key, index in sorted(placed.items(), key=lambda pair: pair[1]):
        items.insert(index, (key, by_id[key]))
    return dict(items)


def inverse_of(change: Change, before: PortfolioState) -> Change:
    """The change that undoes ``change`` when applied right after it, given the state
    ``before`` it: replaced rows get their old values, new rows are deleted, deleted
    rows (a deleted property's bids too) come back at the positions they had."""
    gone = set(change.delete_properties)
    cascaded = tuple(k for k, b in before.bids.items() if b.property in gone) if gone else ()
    places: list[Place] = []

    def split(
        table: Table, puts: tuple[Item, ...], deletes: tuple[str, ...], current: Mapping[str, Item]
    ) -> tuple[tuple[Item, ...], tuple[str, ...]]:
        restore = [current[item.id] for item in puts if item.id in current]
        deleted = [key for key in dict.fromkeys(deletes) if key in current]
        restore += [current[key] for key in deleted]
        if deleted:
            positions = _positions(current)
            places.extend(Place(table=table, id=key, index=positions[key]) for key in deleted)
        remove = tuple(item.id for item in puts if item.id not in current)
        return tuple(restore), remove

    put_properties, delete_properties = split(
        "properties", change.put_properties, change.delete_properties, before.properties
    )
    put_bidders, delete_bidders = split(
        "bidders", change.put_bidders, change.delete_bidders, before.bidders
    )
    put_bids, delete_bids = split(
        "bids", change.put_bids, change.delete_bids + cascaded, before.bids
    )
    return Change(
        put_properties=put_properties,
        put_bidders=put_bidders,
        put_bids=put_bids,
        delete_properties=delete_properties,
        delete_bidders=delete_bidders,
        delete_bids=delete_bids,
        settings=before.settings if change.settings is not None else None,
        places=tuple(places),
    )


def _positions(rows: Mapping[str, Item]) -> dict[str, int]:
    return {key: index for index, key in enumerate(rows)}
