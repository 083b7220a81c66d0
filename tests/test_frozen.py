"""domain/frozen.builder: the same value as the class's own constructor, built faster."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from biddesk.domain.frozen import builder
from biddesk.domain.models import Bid, Outcome, OutcomeResult, Property, PropertyStatus
from biddesk.domain.overview import OverviewRow


def _fields(value: object) -> dict[str, object]:
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "value",
    [
        Property(id="p1", court="東京地方裁判所本庁", base_price=10_000_000,
                 bid_period_end=date(2026, 12, 9), status=PropertyStatus.WITHDRAWN),
        Bid(id="b1", property="p1", amount=12_340_000),
        Outcome(result=OutcomeResult.WON, top_bid=12_340_000),
        OverviewRow(key=("p1", ""), property=Property(id="p1"), bid=None, bidder=None),
    ],
)  # fmt: skip
def test_built_equals_constructed(value: object) -> None:
    built = builder(type(value))(**_fields(value))
    assert type(built) is type(value)
    assert built == value
    assert hash(built) == hash(value)
    assert repr(built) == repr(value)
    assert dataclasses.replace(built) == value  # type: ignore[type-var]
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.id = "x"  # type: ignore[attr-defined]


def test_a_missing_field_gets_its_default() -> None:
    # near miss of the fast path: not every field given, so the class's own constructor runs
    built = builder(Bid)(id="b1", property="p1")
    assert built == Bid(id="b1", property="p1")


def test_an_unknown_field_is_refused() -> None:
    fields = _fields(Bid(id="b1"))
    fields.pop("note")
    with pytest.raises(TypeError):
        builder(Bid)(**fields, note_typo="")


def test_only_plain_dataclasses() -> None:
    @dataclasses.dataclass(frozen=True)
    class Checked:
        x: int

        def __post_init__(self) -> None:
            pass

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        x: int

    for cls in (Checked, Slotted, int):
        with pytest.raises(TypeError):
            builder(cls)
