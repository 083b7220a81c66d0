"""Named edits of a portfolio: each returns the ``Change`` that makes it.

Anki's pattern (``col.remove_notes(ids)`` → ``OpChanges``): the rules of an edit — a
property's bids go with it, a bidder still named by a bid stays — live here, once; the
window and the command line only apply the Change and undo it (``domain.edits.change``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from biddesk.domain.edits.change import BidderId, BidId, Change, PortfolioState, PropertyId
from biddesk.domain.errors import UserError
from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    BidderKind,
    Document,
    Loan,
    Portfolio,
    Property,
    Settings,
    Transfer,
)

NewId = Callable[[str], str]
"""Hands out a fresh id for a prefix ("p", "b", "x"): ``PortfolioStore.new_id``."""


class OperationRefused(UserError):
    """The edit would break the portfolio; one sentence for the user."""


# --- properties ---------------------------------------------------------------------


def put_property(prop: Property) -> Change:
    return Change(put_properties=(prop,))


def add_properties(properties: Iterable[Property], new_id: NewId) -> Change:
    """New properties (parsed, pasted), each with a fresh id, after the existing ones."""
    return Change(put_properties=tuple(replace(p, id=new_id("p")) for p in properties))


def bids_of_property(state: PortfolioState, property_id: PropertyId) -> tuple[Bid, ...]:
    return tuple(b for b in state.bids.values() if b.property == property_id)


def remove_property(state: PortfolioState, property_id: PropertyId) -> Change:
    """The property and its bids (a bid cannot outlive its property); undone, both come
    back where they were."""
    bids = bids_of_property(state, property_id)
    return Change(delete_properties=(property_id,), delete_bids=tuple(b.id for b in bids))


# --- bids ---------------------------------------------------------------------------


def put_bid(bid: Bid) -> Change:
    return Change(put_bids=(bid,))


def add_bid(state: PortfolioState, property_id: PropertyId, new_id: NewId) -> Change:
    """A new bid on the property; its bidder is the only registered one, if there is one."""
    bidders = list(state.bidders)
    bidder = bidders[0] if len(bidders) == 1 else ""
    return put_bid(Bid(id=new_id("x"), property=property_id, bidder=bidder))


def remove_bid(bid_id: BidId) -> Change:
    return Change(delete_bids=(bid_id,))


def record_transfer(bid: Bid, transfer: Transfer | None) -> Change:
    """The deposit transfer as made at the bank (None: the record is removed)."""
    return put_bid(replace(bid, transfer=transfer))


def put_document(bid: Bid, index: int | None, document: Document) -> Change:
    """``document`` in place of the bid's ``index``-th document, or added (None)."""
    documents = list(bid.documents)
    if index is None:
        documents.append(document)
    else:
        documents[index] = document
    return put_bid(replace(bid, documents=tuple(documents)))


def set_agent(bid: Bid, agent: Agent | None) -> Change:
    """The 代理人 who submits for the bidder (None: the bidder submits). An agent needs a
    委任状 (民執規則49条→38条: the agent is named on the 入札書)."""
    return put_bid(replace(bid, agent=agent))


def set_loan(bid: Bid, loan: Loan | None) -> Change:
    """The mortgage loan that pays the balance (None: none): it needs the 申出書 of
    民執法82条2項 before the payment."""
    return put_bid(replace(bid, loan=loan))


def set_joint_bid(bid: Bid, members: Iterable[str], representative: str) -> Change:
    """A joint bid (共同入札) of ``members`` led by ``representative``, who becomes the
    bid's bidder (the 入札書, the transfer and the refund are in their name); the others are
    its joint bidders, each once, in the order given. Fewer than two people: not a joint
    bid any more, the representative (or the bidder) bids alone. A joint bid needs the
    執行官's 共同入札買受許可 before it is made (裁判所の入札手続案内: 共同入札)."""
    people = list(dict.fromkeys(m for m in (representative, *members) if m))
    leader = representative or next(iter(people), bid.bidder)
    joint = tuple(m for m in people if m != leader)
    return put_bid(replace(bid, bidder=leader, joint_bidders=joint))


# --- bidders ------------------------------------------------------------------------


def put_bidder(bidder: Bidder) -> Change:
    return Change(put_bidders=(bidder,))


def add_bidder(kind: BidderKind, new_id: NewId) -> Change:
    """A new, still unnamed bidder."""
    return put_bidder(Bidder(id=new_id("b"), kind=kind, name=""))


def bids_naming(state: PortfolioState, bidder_id: BidderId) -> tuple[Bid, ...]:
    """The bids that name the bidder: as bidder, joint bidder or funder."""
    return tuple(
        b
        for b in state.bids.values()
        if bidder_id in (b.bidder, b.funder) or bidder_id in b.joint_bidders
    )


def remove_bidder(state: PortfolioState, bidder_id: BidderId) -> Change:
    """The bidder, unless a bid names it (its 陳述書 and papers would lose their person)."""
    used = bids_naming(state, bidder_id)
    if used:
        raise OperationRefused(f"この入札者は{len(used)}件の入札で使われているため削除できません。")
    return Change(delete_bidders=(bidder_id,))


# --- settings and whole portfolios --------------------------------------------------


def change_settings(settings: Settings) -> Change:
    return Change(settings=settings)


def put_portfolio(portfolio: Portfolio) -> Change:
    """Everything in ``portfolio``, ids as they are: the first content of a new file."""
    return Change(
        put_properties=portfolio.properties,
        put_bidders=portfolio.bidders,
        put_bids=portfolio.bids,
        settings=portfolio.settings,
    )
