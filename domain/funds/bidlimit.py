"""The 入札上限 (bid limit): working back from what the property is worth to the investor.

Investors decide a bid from the value to them — a resale price, or the rent capitalised at
a target yield — minus the costs that come with an auction property (立退き, 滞納管理費,
修繕, the taxes on acquisition) and a target profit (contracts.md, ``bidlimit --json``):

1. ``value`` = the resale value, or ⌊(年間家賃 R − 年間経費 E) ÷ 期待利回り P⌋ (直接還元法,
   不動産鑑定評価基準 総論第7章 収益還元法).
2. ``net`` = ⌊value × (1 − 売却経費率)⌋: what a resale brings in after its costs (仲介手数料…).
3. ``raw`` = ⌊net ÷ (1 + r)⌋ − Σcosts with a profit rate r on the whole outlay (bid + costs:
   bid + costs + r × (bid + costs) = net), or net − Y − Σcosts with a profit amount Y.
4. ``limit`` = ⌊(raw − t) ÷ u⌋ × u + t with a rounding unit u and an odd ending t (端数: a bid
   of …2,000円 beats the round figures others write), else ``raw``. The tail must be
   smaller than the unit (0 ≤ t < u): a larger one is refused, since it is no ending of a
   figure rounded to u.
5. With the 売却基準価額, ``minimum_bid`` = ⌈base × 8/10⌉ (買受可能価額, 民執法60条3項) and the
   limit is ``valid`` when it is at least that (a lower bid is void).

Everything is integer yen and Fractions; each rounding is a floor (a limit never exceeds
what the formula allows) except the minimum bid, which rounds up as in figures.py. Every
step is said in Japanese in ``steps``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from biddesk.domain.errors import UserError
from biddesk.domain.figures import figures_of
from biddesk.domain.funds.costs import percent_text
from biddesk.domain.limits import MAX_YEN
from biddesk.domain.models import Bid, BidLimitInputs, NamedCost, Property
from biddesk.domain.money import floor_yen, format_yen
from biddesk.domain.paperwork.risks import risk_cost_lines
from biddesk.domain.rules.registry import Code, Finding, Severity


class BidLimitError(UserError):
    """Inputs from which no limit can be worked out; the message is one sentence."""


@dataclass(frozen=True, kw_only=True)
class BidLimit:
    """The worked-out 入札上限 (contracts.md ``bidlimit --json``)."""

    value: int
    net: int
    costs: int
    cost_lines: tuple[NamedCost, ...]
    profit: int
    """The target profit: net − ⌊net ÷ (1 + r)⌋ for a rate, the amount Y otherwise."""
    raw: int
    limit: int
    profit_at_limit: int
    """net − Σcosts − limit: what a win at the limit leaves (at least ``profit``)."""
    minimum_bid: int | None
    valid: bool | None
    steps: tuple[str, ...]


def _pct(rate: Fraction) -> str:
    return f"{percent_text(rate)}%"


def _value(inputs: BidLimitInputs, steps: list[str]) -> int:
    if inputs.value is not None and inputs.rent_yearly is not None:
        raise BidLimitError("評価額と年間家賃はどちらか一方だけを指定してください。")
    if inputs.value is not None:
        if inputs.value <= 0:
            raise BidLimitError("評価額(再販価格)には1円以上の金額を指定してください。")
        steps.append(f"評価額(再販価格): {format_yen(inputs.value)}")
        return inputs.value
    if inputs.rent_yearly is None:
        raise BidLimitError("評価額(再販価格)か年間家賃のどちらかを指定してください。")
    rate = inputs.target_yield
    if rate is None or rate <= 0:
        raise BidLimitError("年間家賃から求めるときは、0%より大きい期待利回りを指定してください。")
    income = inputs.rent_yearly - inputs.expenses_yearly
    if income <= 0:
        raise BidLimitError(
            f"年間家賃{format_yen(inputs.rent_yearly)}が年間経費"
            f"{format_yen(inputs.expenses_yearly)}以下のため、収益価格を求められません。"
        )
    value = floor_yen(Fraction(income) / rate)
    steps.append(
        f"収益価格 = (年間家賃 {format_yen(inputs.rent_yearly)} − 年間経費 "
        f"{format_yen(inputs.expenses_yearly)}) ÷ 期待利回り {_pct(rate)} = "
        f"{format_yen(value)}(円未満切捨て)"
    )
    return value


def _check_rate(rate: Fraction, label: str, *, below_one: bool) -> None:
    if rate < 0 or rate > 1 or (below_one and rate == 1):
        limit = "100%未満" if below_one else "0〜100%"
        raise BidLimitError(f"{label}は{limit}で指定してください: {_pct(rate)}")


def compute_bid_limit(
    inputs: BidLimitInputs,
    *,
    minimum_bid: int | None = None,
    extra_costs: tuple[NamedCost, ...] = (),
) -> BidLimit:
    """The 入札上限 of ``inputs`` (the module docstring gives the formula).

    ``minimum_bid``: the property's 買受可能価額 (announced, else ⌈基準 × 8/10⌉), to compare
    with. ``extra_costs``: cost lines from elsewhere (the 3点セット risk sheet), added after
    the entered ones. Raises ``BidLimitError`` for inputs that give no limit.
    """
    steps: list[str] = []
    value = _value(inputs, steps)
    sell = inputs.sell_cost_rate
    _check_rate(sell, "売却経費率", below_one=True)
    net = floor_yen(value * (1 - sell))
    if sell:
        steps.append(
            f"売却時の手取り = {format_yen(value)} × (1 − 売却経費率 {_pct(sell)}) = "
            f"{format_yen(net)}(円未満切捨て)"
        )
    else:
        steps.append(f"売却経費なし: 手取り {format_yen(net)}")
    lines = tuple(inputs.costs) + tuple(extra_costs)
    for line in lines:
        if line.amount < 0:
            raise BidLimitError(f"費用「{line.name}」には0円以上の金額を指定してください。")
    costs = sum(line.amount for line in lines)
    if lines:
        parts = " + ".join(
            f"{line.name or '(名称なし)'} {format_yen(line.amount)}" for line in lines
        )
        steps.append(f"諸費用の合計 = {parts} = {format_yen(costs)}")
    else:
        steps.append("諸費用: なし")
    if inputs.profit_rate is not None and inputs.profit is not None:
        raise BidLimitError("目標利益は率か金額のどちらか一方だけを指定してください。")
    if inputs.profit_rate is not None:
        rate = inputs.profit_rate
        _check_rate(rate, "目標利益率", below_one=False)
        outlay = floor_yen(net / (1 + rate))
        profit = net - outlay
        raw = outlay - costs
        steps.append(
            f"目標利益率 {_pct(rate)}(入札額+諸費用に対して): {format_yen(net)} ÷ "
            f"(1 + {_pct(rate)}) = {format_yen(outlay)}(円未満切捨て、利益 {format_yen(profit)})"
        )
        steps.append(
            f"諸費用を引いて {format_yen(outlay)} − {format_yen(costs)} = {format_yen(raw)}"
        )
    else:
        profit = inputs.profit or 0
        raw = net - profit - costs
        steps.append(
            f"手取り {format_yen(net)} − 目標利益 {format_yen(profit)} − 諸費用 "
            f"{format_yen(costs)} = {format_yen(raw)}"
        )
    limit = _rounded(raw, inputs.unit, inputs.tail, steps)
    if limit <= 0:
        steps.append("上限が0円以下のため、この条件では入札する余地がありません。")
    valid: bool | None = None
    if minimum_bid is not None:
        valid = limit >= minimum_bid
        if valid:
            steps.append(
                f"買受可能価額 {format_yen(minimum_bid)} 以上のため、この上限で入札できます"
                f"(余裕 {format_yen(limit - minimum_bid)})。"
            )
        else:
            steps.append(
                f"買受可能価額 {format_yen(minimum_bid)} に {format_yen(minimum_bid - limit)} "
                "届かないため、この条件では有効な入札ができません(民執法60条3項)。"
            )
    profit_at_limit = net - costs - limit
    if limit > 0:  # no bid of 0円 or less: its "profit" would only confuse
        steps.append(
            f"上限で落札した場合の利益: {format_yen(net)} − {format_yen(costs)} − "
            f"{format_yen(limit)} = {format_yen(profit_at_limit)}"
        )
    return BidLimit(
        value=value,
        net=net,
        costs=costs,
        cost_lines=lines,
        profit=profit,
        raw=raw,
        limit=limit,
        profit_at_limit=profit_at_limit,
        minimum_bid=minimum_bid,
        valid=valid,
        steps=tuple(steps),
    )


def _rounded(raw: int, unit: int | None, tail: int, steps: list[str]) -> int:
    """⌊(raw − t) ÷ u⌋ × u + t: the largest figure ≤ raw that ends in ``tail`` after ``unit``."""
    if unit is None:
        if tail:
            raise BidLimitError("端数を指定するときは丸め単位も指定してください。")
        steps.append(f"丸めなし: 入札上限 {format_yen(raw)}")
        return raw
    if unit <= 0 or unit > MAX_YEN:
        raise BidLimitError("丸め単位には1円以上の金額を指定してください。")
    if not 0 <= tail < unit:
        raise BidLimitError(
            f"端数{format_yen(tail)}は丸め単位{format_yen(unit)}より小さくしてください"
            "(例: 単位10,000円・端数2,000円)。"
        )
    limit = (raw - tail) // unit * unit + tail
    if tail:
        steps.append(
            f"端数の調整: ({format_yen(raw)} − {format_yen(tail)}) を {format_yen(unit)} 単位に"
            f"切り捨てて {format_yen(tail)} を足し、入札上限 {format_yen(limit)}"
        )
    else:
        steps.append(f"{format_yen(unit)} 単位に切り捨てて、入札上限 {format_yen(limit)}")
    return limit


def bid_limit_to_json(result: BidLimit) -> dict[str, object]:
    """The ``bidlimit --json`` object of contracts.md (plus ``raw``, ``cost_lines`` and
    ``profit_at_limit``: new keys, none renamed)."""
    return {
        "value": result.value,
        "net": result.net,
        "costs": result.costs,
        "profit": result.profit,
        "limit": result.limit,
        "minimum_bid": result.minimum_bid,
        "valid": result.valid,
        "steps": list(result.steps),
        "raw": result.raw,
        "cost_lines": [{"name": c.name, "amount": c.amount} for c in result.cost_lines],
        "profit_at_limit": result.profit_at_limit,
    }


# --- a property's limit: its inputs, its risk sheet's costs, its figures ---------------


def property_bid_limit(prop: Property | None) -> BidLimit | None:
    """The 入札上限 of ``prop``: its entered inputs, the cost lines of its 3点セット risk sheet
    (paperwork/risks.py) and its 買受可能価額 (announced, else ⌈基準 × 8/10⌉). None when no
    inputs are entered or they give no limit (the window says why)."""
    if prop is None or prop.bid_limit is None:
        return None
    try:
        return compute_bid_limit(
            prop.bid_limit,
            minimum_bid=figures_of(prop).minimum_bid,
            extra_costs=risk_cost_lines(prop.risks),
        )
    except BidLimitError:
        return None


def undecided_price(prop: Property | None) -> tuple[int | None, bool]:
    """The price a bid without an amount is costed at in the cash flow: the property's
    入札上限 when it is a valid bid (at least the 買受可能価額), else the 買受可能価額.
    Returns (price, from the limit)."""
    if prop is None:
        return None, False
    limit = property_bid_limit(prop)
    if limit is not None and limit.valid:
        return limit.limit, True
    return figures_of(prop).minimum_bid, False


def limit_findings(bid: Bid, prop: Property | None) -> list[Finding]:
    """BID_ABOVE_LIMIT: the bid exceeds the property's 入札上限 (a warning: the investor's
    own rule, worked out by ``property_bid_limit``); a bid equal to the limit is within it."""
    limit = property_bid_limit(prop)
    if bid.amount is None or limit is None or bid.amount <= limit.limit or prop is None:
        return []
    return [
        Finding(
            code=Code.BID_ABOVE_LIMIT,
            severity=Severity.WARNING,
            bid=bid.id,
            property=prop.id,
            message=(
                f"入札額{format_yen(bid.amount)}が入札上限{format_yen(limit.limit)}を"
                f"{format_yen(bid.amount - limit.limit)}超えています。評価額・費用・目標利益を"
                "見直すか、入札額を上限以下にしてください。"
            ),
            due=None,
        )
    ]
