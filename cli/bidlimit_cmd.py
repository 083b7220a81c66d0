"""`bidlimit (--value V | --rent-yearly R [--expenses-yearly E] --yield P) …`: the 入札上限.

A pure command (no portfolio): the calculator of domain/funds/bidlimit.py on the options.
Amounts are read by money.parse_yen, percents by costs.parse_percent (the one reader each).
"""

from __future__ import annotations

import argparse
import unicodedata
from fractions import Fraction

from biddesk.cli.common import format_fields, print_json
from biddesk.domain.errors import UserError
from biddesk.domain.figures import minimum_bid
from biddesk.domain.funds.bidlimit import BidLimit, bid_limit_to_json, compute_bid_limit
from biddesk.domain.funds.costs import parse_percent
from biddesk.domain.models import BidLimitInputs, NamedCost
from biddesk.domain.money import MoneyError, check_price, format_yen, parse_yen, yen_in_words

_LABELS = {
    "value": "評価額(--value)",
    "rent_yearly": "年間家賃(--rent-yearly)",
    "expenses_yearly": "年間経費(--expenses-yearly)",
    "profit": "目標利益(--profit)",
    "unit": "丸め単位(--unit)",
    "tail": "端数(--tail)",
    "base": "売却基準価額(--base)",
}
_RATES = {
    "target_yield": "期待利回り(--yield)",
    "sell_cost_rate": "売却経費率(--sell-cost-rate)",
    "profit_rate": "目標利益率(--profit-rate)",
}
_POSITIVE = frozenset({"value", "rent_yearly", "unit", "base"})


def _yen(text: str, label: str, *, positive: bool) -> int:
    try:
        amount = parse_yen(text)
    except MoneyError as error:
        raise UserError(f"{label}: {error}") from None
    if amount is None:
        raise UserError(f"{label}に金額を指定してください(例: 3000万円, 2000)。")
    if positive:
        check_price(amount, label)
    return amount


def _option_yen(args: argparse.Namespace, name: str) -> int | None:
    text: str | None = getattr(args, name)
    return None if text is None else _yen(text, _LABELS[name], positive=name in _POSITIVE)


def _option_rate(args: argparse.Namespace, name: str) -> Fraction | None:
    text: str | None = getattr(args, name)
    return None if text is None else parse_percent(text, _RATES[name])


def _cost(text: str) -> NamedCost:
    """``NAME=YEN`` (the last = splits; 全角 ＝ too): a named cost."""
    name, sep, amount = unicodedata.normalize("NFKC", text).rpartition("=")
    if not sep or not name.strip():
        raise UserError(
            f"--cost は 名称=金額 の形で指定してください(例: 立退き=50万円): 「{text}」"
        )
    label = f"費用「{name.strip()}」(--cost)"
    return NamedCost(name=name.strip(), amount=_yen(amount, label, positive=False))


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--value", metavar="V", help="評価額(再販価格)")
    parser.add_argument("--rent-yearly", metavar="R", help="年間家賃(収益価格で求めるとき)")
    parser.add_argument("--expenses-yearly", metavar="E", help="年間経費(管理費・固定資産税など)")
    parser.add_argument("--yield", dest="target_yield", metavar="P", help="期待利回り(%%)")
    parser.add_argument("--sell-cost-rate", metavar="P", help="売却経費率(%%、仲介手数料など)")
    parser.add_argument(
        "--cost",
        action="append",
        default=[],
        metavar="NAME=YEN",
        help="物件に伴う費用(立退き・滞納管理費・修繕・取得税など、何度でも)",
    )
    parser.add_argument("--profit-rate", metavar="P", help="目標利益率(%%、入札額+諸費用に対して)")
    parser.add_argument("--profit", metavar="YEN", help="目標利益(金額)")
    parser.add_argument("--unit", metavar="YEN", help="丸め単位(例: 10000)")
    parser.add_argument("--tail", metavar="YEN", help="端数(例: 2000 → …2,000円)")
    parser.add_argument("--base", metavar="YEN", help="売却基準価額(買受可能価額と比べます)")
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def _inputs(args: argparse.Namespace) -> BidLimitInputs:
    if args.value is None and args.rent_yearly is None:
        raise UserError("--value(評価額)か --rent-yearly(年間家賃)を指定してください。")
    if args.value is not None and args.rent_yearly is not None:
        raise UserError("--value と --rent-yearly はどちらか一方だけを指定してください。")
    if args.rent_yearly is None and (
        args.target_yield is not None or args.expenses_yearly is not None
    ):
        raise UserError("--yield と --expenses-yearly は --rent-yearly と一緒に指定してください。")
    if args.rent_yearly is not None and args.target_yield is None:
        raise UserError("--rent-yearly を使うときは --yield(期待利回り)も指定してください。")
    if args.profit_rate is not None and args.profit is not None:
        raise UserError("--profit-rate と --profit はどちらか一方だけを指定してください。")
    if args.tail is not None and args.unit is None:
        raise UserError("--tail を使うときは --unit(丸め単位)も指定してください。")
    sell = _option_rate(args, "sell_cost_rate")
    return BidLimitInputs(
        value=_option_yen(args, "value"),
        rent_yearly=_option_yen(args, "rent_yearly"),
        expenses_yearly=_option_yen(args, "expenses_yearly") or 0,
        target_yield=_option_rate(args, "target_yield"),
        sell_cost_rate=sell if sell is not None else BidLimitInputs().sell_cost_rate,
        costs=tuple(_cost(text) for text in args.cost),
        profit_rate=_option_rate(args, "profit_rate"),
        profit=_option_yen(args, "profit"),
        unit=_option_yen(args, "unit"),
        tail=_option_yen(args, "tail") or 0,
    )


def run(args: argparse.Namespace) -> int:
    inputs = _inputs(args)
    base = _option_yen(args, "base")
    result = compute_bid_limit(inputs, minimum_bid=minimum_bid(base) if base is not None else None)
    if args.json:
        print_json(bid_limit_to_json(result))
    else:
        for line in bid_limit_lines(result):
            print(line)
    return 0


def bid_limit_lines(result: BidLimit) -> list[str]:
    """The human output: the steps, then the figures in one aligned table."""
    lines = [f"{index}. {step}" for index, step in enumerate(result.steps, 1)]
    in_words = yen_in_words(result.limit) if result.limit >= 0 else ""
    rows: list[tuple[str, str, str] | None] = [
        None,
        ("評価額", format_yen(result.value), ""),
        ("手取り", format_yen(result.net), "売却経費を引いた額"),
        ("諸費用", format_yen(result.costs), f"{len(result.cost_lines)}件"),
        ("目標利益", format_yen(result.profit), ""),
        ("入札上限", format_yen(result.limit), in_words),
    ]
    if result.minimum_bid is not None:
        rows += [
            ("買受可能価額", format_yen(result.minimum_bid), "基準×8/10(これ未満の入札は無効)"),
            (
                "判定",
                "可" if result.valid else "不可",
                "上限は買受可能価額以上" if result.valid else "上限が買受可能価額に届かない",
            ),
        ]
    return lines + format_fields(rows)
