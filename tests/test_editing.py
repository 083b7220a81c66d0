"""Editing a property's figures keeps announced figures and recomputes computed ones."""

from __future__ import annotations

from biddesk.domain.edits.property_figures import with_base_price, with_deposit
from biddesk.domain.models import Property

ANNOUNCED = Property(
    id="p1",
    base_price=12_340_000,
    minimum_bid=9_872_000,
    deposit=2_468_000,
    deposit_estimated=False,
    warnings=("所在地が見つかりません。",),
)


def test_a_computed_minimum_and_an_estimated_deposit_follow_the_base() -> None:
    estimated = Property(
        id="p1",
        base_price=10_000_000,
        minimum_bid=8_000_000,
        deposit=2_000_000,
        deposit_estimated=True,
    )
    edited = with_base_price(estimated, 1_234_567)
    assert edited.minimum_bid == 987_654  # ceil(987,653.6)
    assert edited.deposit == 246_914  # ceil(246,913.4), still an estimate
    assert edited.deposit_estimated


def test_an_announced_deposit_stays_and_is_warned_when_it_no_longer_fits() -> None:
    edited = with_base_price(ANNOUNCED, 20_000_000)
    assert edited.minimum_bid == 16_000_000  # it was 8/10 of the old base: it follows
    assert edited.deposit == 2_468_000  # announced: never silently changed
    assert any("2/10" in w for w in edited.warnings)
    assert "所在地が見つかりません。" in edited.warnings  # other warnings stay


def test_an_announced_minimum_that_differs_is_kept() -> None:
    odd = Property(id="p1", base_price=10_000_000, minimum_bid=8_100_000, deposit=2_000_000)
    edited = with_base_price(odd, 10_000_000)
    assert edited.minimum_bid == 8_100_000
    assert any("8/10" in w for w in edited.warnings)


def test_clearing_the_deposit_estimates_it_again() -> None:
    edited = with_deposit(ANNOUNCED, None)
    assert edited.deposit == 2_468_000 and edited.deposit_estimated
    edited = with_deposit(edited, 2_500_000)
    assert edited.deposit == 2_500_000 and not edited.deposit_estimated
    assert not any("2/10" in w for w in edited.warnings)  # more than 2/10 is allowed
