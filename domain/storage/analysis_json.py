"""A property's 入札上限 inputs and 3点セット risk sheet as JSON objects (issue 17): the
``bid_limit`` and ``risks`` keys of a property in the interchange JSON, and the same text in
the portfolio file's ``properties.bid_limit`` / ``properties.risks`` columns (schema 3).

Rates are written as the percent the user types (``"4"``, ``"3.5"``; a percent without a
finite decimal as ``"1/3"``), read back exactly by ``costs.parse_percent``. Reading names
the JSON path of every problem through ``fail(path, problem)``; a missing key is null (0 for
the expenses and the tail, [] for the costs, "" for the note).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from fractions import Fraction
from typing import Any, TypeVar

from biddesk.domain.errors import UserError
from biddesk.domain.funds.costs import parse_percent, percent_text
from biddesk.domain.limits import MAX_YEN, yen_in_range
from biddesk.domain.models import (
    Answer,
    BidLimitInputs,
    FarmlandUse,
    NamedCost,
    Occupant,
    RiskSheet,
)

Fail = Callable[[str, str], None]
E = TypeVar("E", bound=StrEnum)


def _percent(rate: Fraction | None) -> str | None:
    return None if rate is None else percent_text(rate)


def bid_limit_to_json(inputs: BidLimitInputs | None) -> dict[str, Any] | None:
    if inputs is None:
        return None
    return {
        "value": inputs.value,
        "rent_yearly": inputs.rent_yearly,
        "expenses_yearly": inputs.expenses_yearly,
        "target_yield": _percent(inputs.target_yield),
        "sell_cost_rate": percent_text(inputs.sell_cost_rate),
        "costs": [{"name": c.name, "amount": c.amount} for c in inputs.costs],
        "profit_rate": _percent(inputs.profit_rate),
        "profit": inputs.profit,
        "unit": inputs.unit,
        "tail": inputs.tail,
    }


def risks_to_json(sheet: RiskSheet | None) -> dict[str, Any] | None:
    if sheet is None:
        return None

    def value(answer: StrEnum | None) -> str | None:
        return None if answer is None else answer.value

    return {
        "occupant": value(sheet.occupant),
        "senior_lease": value(sheet.senior_lease),
        "assumed_rights": value(sheet.assumed_rights),
        "assumed_deposit": sheet.assumed_deposit,
        "statutory_superficies": value(sheet.statutory_superficies),
        "unpaid_fees": sheet.unpaid_fees,
        "rebuildable": value(sheet.rebuildable),
        "boundary_issue": value(sheet.boundary_issue),
        "farmland": value(sheet.farmland),
        "eviction_cost": sheet.eviction_cost,
        "note": sheet.note,
    }


class _Fields:
    """Typed reads from one JSON object, each problem reported through ``fail``."""

    def __init__(self, data: dict[str, Any], path: str, fail: Fail) -> None:
        self.data, self.path, self.fail = data, path, fail

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def yen(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not yen_in_range(value):
            self.fail(self.at(key), f"expected an integer yen amount from 0 to {MAX_YEN:,}")
            return None
        return value

    def rate(self, key: str) -> Fraction | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return parse_percent(value, "率")
            except UserError:
                pass
        self.fail(self.at(key), 'expected a percent from 0 to 100 as a string ("4", "3.5")')
        return None

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            self.fail(self.at(key), "expected a string")
            return ""
        return value

    def choice(self, key: str, kind: type[E]) -> E | None:
        value = self.data.get(key)
        if value is None:
            return None
        for member in kind:
            if member.value == value:
                return member
        names = ", ".join(member.value for member in kind)
        self.fail(self.at(key), f"expected one of {names} or null")
        return None

    def costs(self, key: str) -> tuple[NamedCost, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(self.at(key), "expected a list")
            return ()
        found = []
        for index, item in enumerate(value):
            if not isinstance(item, dict):
                self.fail(f"{self.at(key)}[{index}]", "expected an object")
                continue
            entry = _Fields(item, f"{self.at(key)}[{index}]", self.fail)
            found.append(NamedCost(name=entry.text("name"), amount=entry.yen("amount") or 0))
        return tuple(found)


def _object(value: object, path: str, fail: Fail) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        fail(path, "expected an object or null")
        return None
    return value


def bid_limit_from_json(value: object, path: str, fail: Fail) -> BidLimitInputs | None:
    data = _object(value, path, fail)
    if data is None:
        return None
    f = _Fields(data, path, fail)
    return BidLimitInputs(
        value=f.yen("value"),
        rent_yearly=f.yen("rent_yearly"),
        expenses_yearly=f.yen("expenses_yearly") or 0,
        target_yield=f.rate("target_yield"),
        sell_cost_rate=f.rate("sell_cost_rate") or Fraction(0),
        costs=f.costs("costs"),
        profit_rate=f.rate("profit_rate"),
        profit=f.yen("profit"),
        unit=f.yen("unit"),
        tail=f.yen("tail") or 0,
    )


def risks_from_json(value: object, path: str, fail: Fail) -> RiskSheet | None:
    data = _object(value, path, fail)
    if data is None:
        return None
    f = _Fields(data, path, fail)
    return RiskSheet(
        occupant=f.choice("occupant", Occupant),
        senior_lease=f.choice("senior_lease", Answer),
        assumed_rights=f.choice("assumed_rights", Answer),
        assumed_deposit=f.yen("assumed_deposit"),
        statutory_superficies=f.choice("statutory_superficies", Answer),
        unpaid_fees=f.yen("unpaid_fees"),
        rebuildable=f.choice("rebuildable", Answer),
        boundary_issue=f.choice("boundary_issue", Answer),
        farmland=f.choice("farmland", FarmlandUse),
        eviction_cost=f.yen("eviction_cost"),
        note=f.text("note"),
    )
