"""Interchange JSON (contracts.md): portfolio values ⇄ plain JSON-ready dicts.

This module owns the public JSON shapes: `parse --json` properties and the
`biddesk-portfolio` document used by `dump` and `import`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.models import Property

JsonDict = dict[str, Any]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def property_to_json(prop: Property, *, with_id: bool = False) -> JsonDict:
    """A property as in `parse --json` (contracts.md), optionally with its id."""
    data: JsonDict = {"id": prop.id} if with_id else {}
    data.update(
        {
            "court": prop.court,
            "case_number": prop.case_number,
            "property_numbers": list(prop.property_numbers),
            "kind": prop.kind,
            "farmland": prop.farmland,
            "address": prop.address,
            "base_price": prop.base_price,
            "minimum_bid": prop.minimum_bid,
            "deposit": prop.deposit,
            "deposit_estimated": prop.deposit_estimated,
            "viewing_start": iso(prop.viewing_start),
            "bid_period_start": iso(prop.bid_period_start),
            "bid_period_end": iso(prop.bid_period_end),
            "opening_date": iso(prop.opening_date),
            "sale_decision_date": iso(prop.sale_decision_date),
            "special_sale_start": iso(prop.special_sale_start),
            "special_sale_end": iso(prop.special_sale_end),
            "status": prop.status.value,
            "warnings": list(prop.warnings),
        }
    )
    return data
