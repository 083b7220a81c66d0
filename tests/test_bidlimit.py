"""The 入札上限 calculator (domain/funds/bidlimit.py) and the `bidlimit` command."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddesk.domain.funds.bidlimit import BidLimitError, bid_limit_to_json, compute_bid_limit
from biddesk.domain.funds.costs import parse_percent, percent_text
from biddesk.domain.models import BidLimitInputs, NamedCost

RunCli = Callable[..., tuple[int, str, str]]

CONTRACT_KEYS = {"value", "net", "costs", "profit", "limit", "minimum_bid", "valid", "steps"}

CONTRACT_EXAMPLE = BidLimitInputs(
    value=30_000_000,
    sell_cost_rate=Fraction(4, 100),
    costs=(NamedCost(name="立退き・滞納管理費", amount=1_500_000),),
    profit_rate=Fraction(15, 100),
    unit=10_000,
    tail=2_000,
)

# (name, inputs, minimum_bid, expected value, net, costs, profit, limit, valid)
TABLE: list[tuple[str, BidLimitInputs, int | None, tuple[int, int, int, int, int, bool | None]]] = [
    (
        "the contract's example",
        CONTRACT_EXAMPLE,
        None,
        (30_000_000, 28_800_000, 1_500_000, 3_756_522, 23_542_000, None),
    ),
    (
        "rental: (1,200,000 − 200,000) ÷ 8% = 12,500,000",
        BidLimitInputs(
            rent_yearly=1_200_000,
            expenses_yearly=200_000,
            target_yield=Fraction(8, 100),
            costs=(NamedCost(name="修繕", amount=700_000),),
            profit_rate=Fraction(10, 100),
        ),
        None,
        # 12,500,000 ÷ 1.1 = 11,363,636.36… → 11,363,636; − 700,000
        (12_500_000, 12_500_000, 700_000, 1_136_364, 10_663_636, None),
    ),
    (
        "rental with an awkward yield: the value is cut to the yen",
        BidLimitInputs(rent_yearly=1_000_000, target_yield=Fraction(7, 100)),
        None,
        (14_285_714, 14_285_714, 0, 0, 14_285_714, None),
    ),
    (
        "profit as an amount",
        BidLimitInputs(
            value=20_000_000,
            sell_cost_rate=Fraction(3, 100),
            costs=(
                NamedCost(name="立退き", amount=800_000),
                NamedCost(name="修繕", amount=1_000_000),
            ),
            profit=2_000_000,
            unit=10_000,
            tail=3_000,
        ),
        None,
        # net 19,400,000 − 2,000,000 − 1,800,000 = 15,600,000 → 15,593,000
        (20_000_000, 19_400_000, 1_800_000, 2_000_000, 15_593_000, None),
    ),
    (
        "a raw figure already ending in the tail stays",
        BidLimitInputs(value=10_002_000, unit=10_000, tail=2_000),
        None,
        (10_002_000, 10_002_000, 0, 0, 10_002_000, None),
    ),
    (
        "tail 0: plain rounding down to the unit",
        BidLimitInputs(value=12_345_678, unit=100_000),
        None,
        (12_345_678, 12_345_678, 0, 0, 12_300_000, None),
    ),
    (
        "a limit below the minimum bid: not valid",
        CONTRACT_EXAMPLE,
        24_000_000,
        (30_000_000, 28_800_000, 1_500_000, 3_756_522, 23_542_000, False),
    ),
    (
        "near miss: the limit equals the minimum bid (以上 is valid)",
        CONTRACT_EXAMPLE,
        23_542_000,
        (30_000_000, 28_800_000, 1_500_000, 3_756_522, 23_542_000, True),
    ),
    (
        "costs larger than the value: a negative limit, never valid",
        BidLimitInputs(value=1_000_000, costs=(NamedCost(name="立退き", amount=1_500_000),)),
        800_000,
        (1_000_000, 1_000_000, 1_500_000, 0, -500_000, False),
    ),
]


@pytest.mark.parametrize(
    ("name", "inputs", "minimum", "expected"), TABLE, ids=[t[0] for t in TABLE]
)
def test_table(
    name: str,
    inputs: BidLimitInputs,
    minimum: int | None,
    expected: tuple[int, int, int, int, int, bool | None],
) -> None:
    result = compute_bid_limit(inputs, minimum_bid=minimum)
    got = (result.value, result.net, result.costs, result.profit, result.limit, result.valid)
    assert got == expected
    assert result.steps and all(isinstance(step, str) and step for step in result.steps)


def test_steps_explain_each_figure_in_japanese() -> None:
    result = compute_bid_limit(CONTRACT_EXAMPLE, minimum_bid=20_000_000)
    text = "\n".join(result.steps)
    for figure in ("30,000,000円", "28,800,000円", "1,500,000円", "25,043,478円", "23,542,000円"):
        assert figure in text
    assert "端数" in text and "買受可能価額" in text
    below = compute_bid_limit(CONTRACT_EXAMPLE, minimum_bid=24_000_000)
    assert "民執法60条3項" in below.steps[-2]


def test_extra_costs_are_added_after_the_entered_ones() -> None:
    extra = (NamedCost(name="滞納管理費等", amount=300_000),)
    result = compute_bid_limit(CONTRACT_EXAMPLE, extra_costs=extra)
    assert result.costs == 1_800_000
    assert [c.name for c in result.cost_lines] == ["立退き・滞納管理費", "滞納管理費等"]


REFUSED = [
    ("tail as large as the unit", BidLimitInputs(value=10_000_000, unit=2_000, tail=2_000), "端数"),
    ("tail larger than the unit", BidLimitInputs(value=10_000_000, unit=1_000, tail=2_000), "端数"),
    ("tail without a unit", BidLimitInputs(value=10_000_000, tail=2_000), "丸め単位"),
    ("no value and no rent", BidLimitInputs(), "評価額"),
    (
        "both value and rent",
        BidLimitInputs(value=1, rent_yearly=1, target_yield=Fraction(1, 10)),
        "一方",
    ),
    ("rent without a yield", BidLimitInputs(rent_yearly=1_000_000), "期待利回り"),
    ("zero yield", BidLimitInputs(rent_yearly=1_000_000, target_yield=Fraction(0)), "期待利回り"),
    (
        "rent not above the expenses",
        BidLimitInputs(rent_yearly=500_000, expenses_yearly=500_000, target_yield=Fraction(1, 10)),
        "経費",
    ),
    (
        "sale costs of 100%",
        BidLimitInputs(value=1_000_000, sell_cost_rate=Fraction(1)),
        "売却経費率",
    ),
    (
        "profit rate and amount",
        BidLimitInputs(value=1_000_000, profit_rate=Fraction(1, 10), profit=1),
        "一方",
    ),
    (
        "a negative cost",
        BidLimitInputs(value=1_000_000, costs=(NamedCost(name="x", amount=-1),)),
        "x",
    ),
]


@pytest.mark.parametrize(("name", "inputs", "fragment"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name: str, inputs: BidLimitInputs, fragment: str) -> None:
    with pytest.raises(BidLimitError, match=fragment):
        compute_bid_limit(inputs)


def test_near_miss_of_the_tail_rule() -> None:
    """The largest tail allowed is unit − 1."""
    result = compute_bid_limit(BidLimitInputs(value=10_000_000, unit=2_000, tail=1_999))
    assert result.limit == 9_999_999


# --- properties --------------------------------------------------------------------------

yen = st.integers(min_value=1, max_value=10**12)
rates = st.fractions(min_value=0, max_value=1, max_denominator=10_000)


def _formula_raw(inputs: BidLimitInputs, value: int) -> int:
    """The contract's formula, written once more in plain integer arithmetic."""
    net = math.floor(value * (1 - inputs.sell_cost_rate))
    costs = sum(c.amount for c in inputs.costs)
    if inputs.profit_rate is not None:
        return math.floor(net / (1 + inputs.profit_rate)) - costs
    return net - (inputs.profit or 0) - costs


@st.composite
def limit_inputs(draw: st.DrawFn) -> BidLimitInputs:
    rental = draw(st.booleans())
    unit = draw(st.none() | st.integers(min_value=1, max_value=10**6))
    tail = draw(st.integers(min_value=0, max_value=unit - 1)) if unit else 0
    costs = tuple(
        NamedCost(name=f"c{i}", amount=amount)
        for i, amount in enumerate(draw(st.lists(st.integers(0, 10**9), max_size=4)))
    )
    profit_kind = draw(st.sampled_from(["rate", "amount", "none"]))
    common: dict[str, Any] = {
        "sell_cost_rate": draw(
            st.fractions(min_value=0, max_value=Fraction(99, 100), max_denominator=10_000)
        ),
        "costs": costs,
        "profit_rate": draw(rates) if profit_kind == "rate" else None,
        "profit": draw(st.integers(0, 10**10)) if profit_kind == "amount" else None,
        "unit": unit,
        "tail": tail,
    }
    if rental:
        expenses = draw(st.integers(0, 10**8))
        return BidLimitInputs(
            rent_yearly=expenses + draw(yen),
            expenses_yearly=expenses,
            target_yield=draw(
                st.fractions(min_value=Fraction(1, 1000), max_value=1, max_denominator=10_000)
            ),
            **common,
        )
    return BidLimitInputs(value=draw(yen), **common)


@given(limit_inputs())
def test_the_limit_never_exceeds_the_formula(inputs: BidLimitInputs) -> None:
    result = compute_bid_limit(inputs)
    assert isinstance(result.limit, int)
    raw = _formula_raw(inputs, result.value)
    assert result.raw == raw
    assert result.limit <= raw
    if inputs.unit is not None:
        assert raw - result.limit < inputs.unit  # the largest such figure
        assert (result.limit - inputs.tail) % inputs.unit == 0  # it ends in the tail
    else:
        assert result.limit == raw
    # A win at the limit leaves at least the target profit.
    assert result.profit_at_limit >= result.profit
    if inputs.profit_rate is not None:
        assert (result.limit + result.costs) * (1 + inputs.profit_rate) <= result.net


@given(limit_inputs(), st.integers(min_value=1, max_value=10**12))
def test_valid_is_the_comparison_with_the_minimum(inputs: BidLimitInputs, minimum: int) -> None:
    result = compute_bid_limit(inputs, minimum_bid=minimum)
    assert result.valid is (result.limit >= minimum)


@given(st.fractions(min_value=0, max_value=1, max_denominator=100_000))
def test_percent_text_round_trips_exactly(rate: Fraction) -> None:
    assert parse_percent(percent_text(rate)) == rate


# --- the command -------------------------------------------------------------------------

EXAMPLE_ARGS = (
    "--value", "3000万円", "--sell-cost-rate", "4%", "--cost", "立退き=50万円",
    "--cost", "滞納管理費=1,000,000", "--profit-rate", "15", "--unit", "10000", "--tail", "2000",
)  # fmt: skip


def limit_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    code, out, err = run_cli("bidlimit", *args, "--json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def test_cli_contract_example(run_cli: RunCli) -> None:
    data = limit_json(run_cli, *EXAMPLE_ARGS, "--base", "2500万")
    assert set(data) >= CONTRACT_KEYS
    assert (data["value"], data["net"], data["costs"], data["limit"]) == (
        30_000_000, 28_800_000, 1_500_000, 23_542_000,
    )  # fmt: skip
    assert (data["minimum_bid"], data["valid"]) == (20_000_000, True)
    assert data["cost_lines"] == [
        {"name": "立退き", "amount": 500_000},
        {"name": "滞納管理費", "amount": 1_000_000},
    ]


def test_cli_json_equals_the_core(run_cli: RunCli) -> None:
    data = limit_json(run_cli, *EXAMPLE_ARGS)
    core = bid_limit_to_json(
        compute_bid_limit(
            BidLimitInputs(
                value=30_000_000,
                sell_cost_rate=Fraction(4, 100),
                costs=(
                    NamedCost(name="立退き", amount=500_000),
                    NamedCost(name="滞納管理費", amount=1_000_000),
                ),
                profit_rate=Fraction(15, 100),
                unit=10_000,
                tail=2_000,
            )
        )
    )
    assert data == core
    assert data["minimum_bid"] is None and data["valid"] is None


def test_cli_rental_and_profit_amount(run_cli: RunCli) -> None:
    data = limit_json(
        run_cli, "--rent-yearly", "120万", "--expenses-yearly", "20万", "--yield", "8%",
        "--profit", "100万", "--unit", "10000", "--tail", "2000",
    )  # fmt: skip
    assert (data["value"], data["profit"], data["limit"]) == (12_500_000, 1_000_000, 11_492_000)


def test_cli_below_minimum(run_cli: RunCli) -> None:
    data = limit_json(run_cli, *EXAMPLE_ARGS, "--base", "3000万")
    assert (data["minimum_bid"], data["valid"]) == (24_000_000, False)


def test_cli_text_output(run_cli: RunCli) -> None:
    code, out, err = run_cli("bidlimit", *EXAMPLE_ARGS, "--base", "2500万")
    assert (code, err) == (0, "")
    assert "入札上限      23,542,000円  2,354万2,000円" in out
    assert "1. 評価額(再販価格): 30,000,000円" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ((), "--value"),
        (("--value", "1000万", "--rent-yearly", "100万", "--yield", "5"), "一方"),
        (("--rent-yearly", "100万"), "--yield"),
        (("--value", "1000万", "--yield", "5"), "--rent-yearly"),
        (("--value", "1000万", "--profit", "1", "--profit-rate", "1"), "一方"),
        (("--value", "1000万", "--tail", "2000"), "--unit"),
        (("--value", "1000万", "--unit", "1000", "--tail", "2000"), "端数"),
        (("--value", "abc"), "評価額(--value)"),
        (("--value", "0"), "1円以上"),
        (("--value", "1000万", "--sell-cost-rate", "x"), "売却経費率"),
        (("--value", "1000万", "--profit-rate", "150"), "目標利益率"),
        (("--value", "1000万", "--cost", "立退き"), "名称=金額"),
        (("--value", "1000万", "--cost", "立退き=たくさん"), "立退き"),
    ],
)
def test_cli_refusals_are_one_sentence(
    run_cli: RunCli, args: tuple[str, ...], fragment: str
) -> None:
    code, out, err = run_cli("bidlimit", *args)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("エラー: ") and fragment in lines[0], err


def _readme_examples() -> list[tuple[list[str], str]]:
    """The README's `bidlimit` console lines, each with the output shown under it."""
    import shlex
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("`bidlimit` and the 3点セット", 1)[1].split("```console", 1)[1]
    block = section.split("```", 1)[0]
    examples: list[tuple[list[str], str]] = []
    for chunk in block.split("$ .venv/bin/biddesk ")[1:]:
        command, _, output = chunk.partition("\n")
        examples.append((shlex.split(command), output))
    return examples


def test_the_readme_examples_run_as_shown(run_cli: RunCli) -> None:
    examples = _readme_examples()
    assert len(examples) == 3
    (text_args, text_out), (json_args, json_out), (bad_args, bad_out) = examples
    assert run_cli(*text_args) == (0, text_out, "")
    code, out, _ = run_cli(*json_args)
    shown = json_out.replace("    …\n", "")  # the README leaves out the later steps
    assert code == 0 and json.loads(out)["limit"] == 11_492_000
    assert all(line in out for line in shown.splitlines())
    assert run_cli(*bad_args) == (2, "", bad_out)


@pytest.mark.parametrize(("profit", "profit_step"), [(50_000_000, False), (10_000_000, True)])
def test_no_profit_is_worked_out_for_a_limit_of_zero_or_less(
    profit: int, profit_step: bool
) -> None:
    result = compute_bid_limit(BidLimitInputs(value=30_000_000, profit=profit))
    assert (result.limit > 0) is profit_step  # 30,000,000 − 50,000,000 < 0; the near miss > 0
    assert any("入札する余地がありません" in s for s in result.steps) is not profit_step
    assert any("上限で落札した場合の利益" in s for s in result.steps) is profit_step
