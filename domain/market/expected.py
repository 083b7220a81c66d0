"""The 期待値 (expected) scenario's odds: the 落札見込み the user typed, else the chance of
winning from the results history (contracts.md), said which was used."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from biddesk.domain.funds.cashflow import DEFAULT_WIN_PROBABILITY
from biddesk.domain.market.chance import Chance
from biddesk.domain.models import Portfolio, Property

ChanceOf = Callable[[Property, int], Chance]
"""The chance of a bid amount on a property (the store's indexed query)."""


class OddsSource(StrEnum):
    ENTERED = "entered"
    MARKET = "market"
    DEFAULT = "default"

    @property
    def label(self) -> str:
        return {
            "entered": "入力した落札見込み",
            "market": "売却結果の履歴から",
            "default": "既定値",
        }[self.value]


@dataclass(frozen=True, kw_only=True)
class Odds:
    bid: str
    percent: int
    source: OddsSource
    comparables: int = 0


def percent_of(share: Fraction) -> int:
    """A chance as a whole percent, rounded half up."""
    steps: int = math.floor(share * 100 + Fraction(1, 2))
    return steps


def expected_odds(portfolio: Portfolio, chance_of: ChanceOf) -> list[Odds]:
    """The odds of every open bid (no outcome yet) in the expected scenario: typed, else
    from the history (a bid with an amount on a property with a base price and at least
    one comparable result), else even odds (domain.funds.cashflow.DEFAULT_WIN_PROBABILITY)."""
    found = []
    for bid in portfolio.bids:
        if bid.outcome is not None:
            continue
        if bid.win_probability is not None:
            found.append(Odds(bid=bid.id, percent=bid.win_probability, source=OddsSource.ENTERED))
            continue
        prop = portfolio.property_by_id(bid.property)
        chance = (
            chance_of(prop, bid.amount)
            if prop is not None and prop.base_price and bid.amount is not None
            else None
        )
        if chance is not None and chance.share is not None:
            found.append(
                Odds(
                    bid=bid.id,
                    percent=percent_of(chance.share),
                    source=OddsSource.MARKET,
                    comparables=chance.comparables,
                )
            )
        else:
            found.append(
                Odds(bid=bid.id, percent=DEFAULT_WIN_PROBABILITY, source=OddsSource.DEFAULT)
            )
    return found


def market_chances(odds: list[Odds]) -> dict[str, int]:
    """The chances ``compute_cashflow`` takes: the odds that came from the history."""
    return {o.bid: o.percent for o in odds if o.source is OddsSource.MARKET}
