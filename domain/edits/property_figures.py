"""Edits that keep a property's figures coherent (used by the window's detail pane).

A changed 売却基準価額 recomputes the figures that were computed from it, and keeps the
ones the court announced (domain-rules.md: announced figures beat computed ones).
"""

from __future__ import annotations

from dataclasses import replace

from biddesk.domain.figures import minimum_bid, property_figures
from biddesk.domain.models import Property

_FIGURE_TERMS = ("売却基準価額", "買受可能価額", "保証額", "保証金")


def _refreshed_warnings(prop: Property, figure_warnings: tuple[str, ...]) -> tuple[str, ...]:
    """Warnings about figures are superseded by the new ones; the others stay."""
    kept = tuple(w for w in prop.warnings if not any(t in w for t in _FIGURE_TERMS))
    return kept + figure_warnings


def with_base_price(prop: Property, base_price: int | None) -> Property:
    """``prop`` with a new base price; a minimum that equalled 8/10 of the old base and
    an estimated deposit follow the new base, announced figures stay and are re-checked."""
    old_base = prop.base_price
    minimum_was_computed = prop.minimum_bid is None or (
        old_base is not None and prop.minimum_bid == minimum_bid(old_base)
    )
    figures = property_figures(
        base_price,
        announced_minimum=None if minimum_was_computed else prop.minimum_bid,
        announced_deposit=None if prop.deposit_estimated else prop.deposit,
    )
    return replace(
        prop,
        base_price=base_price,
        minimum_bid=figures.minimum_bid,
        deposit=figures.deposit,
        deposit_estimated=figures.deposit_estimated,
        warnings=_refreshed_warnings(prop, figures.warnings),
    )


def with_deposit(prop: Property, deposit: int | None) -> Property:
    """``prop`` with the deposit as announced (None: estimate it from the base again)."""
    figures = property_figures(
        prop.base_price, announced_minimum=prop.minimum_bid, announced_deposit=deposit
    )
    return replace(
        prop,
        deposit=figures.deposit,
        deposit_estimated=figures.deposit_estimated,
        warnings=_refreshed_warnings(prop, figures.warnings),
    )
