"""Acquisition cost estimator (domain.funds.costs): rates, bases, named rounding, sources."""

from __future__ import annotations

from fractions import Fraction

import pytest

from biddesk.domain.funds.costs import (
    DEFAULT_RATES,
    CostLine,
    CostRates,
    estimate_costs,
    total_costs,
)


def amounts(lines: list[CostLine]) -> dict[str, int]:
    return {line.name: line.amount for line in lines}


CASES = [
    (
        "price only: the price is the base",
        dict(price=10_000_000),
        {"登録免許税(所有権移転)": 200_000, "不動産取得税": 300_000},
    ),
    (
        "assessed value: base cut to ¥1,000, tax cut to ¥100",
        dict(price=10_000_000, assessed_value=6_543_210),
        {"登録免許税(所有権移転)": 130_800, "不動産取得税": 196_200},
    ),
    (
        "tiny base: 登録免許税 at least ¥1,000",
        dict(price=10_000_000, assessed_value=10_999),
        {"登録免許税(所有権移転)": 1_000, "不動産取得税": 300},
    ),
    (
        "with a loan: 抵当権設定 0.4%",
        dict(price=10_000_000, assessed_value=5_000_000, loan_amount=20_000_000),
        {
            "登録免許税(所有権移転)": 100_000,
            "不動産取得税": 150_000,
            "登録免許税(抵当権設定)": 80_000,
        },
    ),
    (
        "erasures: ¥1,000 each",
        dict(price=10_000_000, assessed_value=5_000_000, erasures=3),
        {
            "登録免許税(所有権移転)": 100_000,
            "不動産取得税": 150_000,
            "登録免許税(抹消登記)": 3_000,
        },
    ),
    (
        "edited rates: 土地 1.5%",
        dict(
            price=10_000_000,
            assessed_value=5_000_000,
            rates=CostRates(registration=Fraction(15, 1000), acquisition_tax=Fraction(3, 100) / 2),
        ),
        {"登録免許税(所有権移転)": 75_000, "不動産取得税": 75_000},
    ),
]


@pytest.mark.parametrize(("kwargs", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_estimate(kwargs: dict[str, object], expected: dict[str, int]) -> None:
    lines = estimate_costs(**kwargs)  # type: ignore[arg-type]
    assert amounts(lines) == expected
    assert total_costs(lines) == sum(expected.values())


def test_every_line_names_its_source() -> None:
    lines = estimate_costs(10_000_000, loan_amount=1_000_000, erasures=1)
    assert all(line.source.startswith(("登録免許税法", "地方税法")) for line in lines)


def test_missing_assessed_value_is_explained() -> None:
    without = estimate_costs(10_000_000)
    given = estimate_costs(10_000_000, assessed_value=8_000_000)
    assert all("買受価額で概算" in line.note for line in without)
    assert all(line.note == "" for line in given)
    assert {line.base for line in given} == {8_000_000}


def test_default_rates_are_exact_fractions() -> None:
    assert DEFAULT_RATES.registration == Fraction(2, 100)
    assert DEFAULT_RATES.acquisition_tax == Fraction(3, 100)
    assert DEFAULT_RATES.mortgage == Fraction(4, 1000)
    assert DEFAULT_RATES.erasure_fee == 1_000


def test_fixed_fee_line_has_no_rate() -> None:
    erasure = estimate_costs(1, erasures=2)[-1]
    assert (erasure.rate, erasure.base, erasure.note) == (None, 2, "2件 × 1,000円")


def test_no_loan_no_mortgage_line() -> None:
    names = [line.name for line in estimate_costs(10_000_000, loan_amount=0)]
    assert names == ["登録免許税(所有権移転)", "不動産取得税"]


def test_float_rate_is_refused() -> None:
    with pytest.raises(TypeError):
        estimate_costs(10_000_000, rates=CostRates(registration=0.02))  # type: ignore[arg-type]
