"""`quote BASE [--deposit N] [--bid N] [--top N] [--json]`: figures for one base price."""

from __future__ import annotations

import argparse
from typing import Any

from biddesk.cli.common import format_fields, print_json
from biddesk.domain.errors import UserError
from biddesk.domain.figures import (
    BidCheck,
    PropertyFigures,
    SecondBidCheck,
    check_bid,
    property_figures,
    second_bid_eligibility,
)
from biddesk.domain.market.chance import Chance, chance_sentence
from biddesk.domain.market.statistics import rounded
from biddesk.domain.money import MoneyError, check_price, format_yen, parse_yen

_LABELS = {
    "base": "売却基準価額(BASE)",
    "deposit": "買受申出保証額(--deposit)",
    "bid": "入札額(--bid)",
    "top": "最高価(--top)",
}


def _yen(text: str, name: str) -> int:
    """The amount given for ``name`` (1円 to 999兆…円, as every input); a user error names
    the option."""
    label = _LABELS[name]
    try:
        amount = parse_yen(text)
    except MoneyError as error:
        raise UserError(f"{label}: {error}") from None
    if amount is None:
        raise UserError(f"{label}に金額を指定してください(例: 12340000, 1234万円)。")
    check_price(amount, label)  # 0円 refused as in every input
    return amount


def _option_yen(args: argparse.Namespace, name: str) -> int | None:
    text: str | None = getattr(args, name)
    return None if text is None else _yen(text, name)


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("base", metavar="BASE", help="売却基準価額(例: 12340000, 1234万円)")
    parser.add_argument("--deposit", metavar="N", help="公告された買受申出保証額")
    parser.add_argument("--bid", metavar="N", help="入札予定額")
    parser.add_argument("--top", metavar="N", help="最高価の入札額(次順位買受申出の判定)")
    parser.add_argument("--json", action="store_true", help="JSONで出力します")
    # The chance of winning from the results history (contracts.md `quote --market`).
    parser.add_argument(
        "--market", metavar="PORTFOLIO", help="売却結果の履歴から落札の見込みを出します"
    )
    parser.add_argument("--court", metavar="C", help="--market: 裁判所(例: 東京地裁)")
    parser.add_argument(
        "--kind", metavar="K", help="--market: 種別(土地、戸建て、マンション、その他)"
    )


def run(args: argparse.Namespace) -> int:
    base = _yen(args.base, "base")
    if args.top is not None and args.bid is None:
        raise UserError("--top を使うときは --bid で自分の入札額も指定してください。")
    figures = property_figures(base, announced_deposit=_option_yen(args, "deposit"))
    bid = None
    second = None
    amount = _option_yen(args, "bid")
    if amount is not None:
        bid = check_bid(
            amount, base_price=base, minimum=figures.minimum_bid, deposit=figures.deposit
        )
        top = _option_yen(args, "top")
        if top is not None:
            second = second_bid_eligibility(
                amount, minimum=figures.minimum_bid, top_bid=top, deposit=figures.deposit
            )
    market = _market(args, base, amount)
    if args.json:
        print_json(quote_json(figures, bid, second) | market_json(market))
    else:
        for line in quote_lines(figures, bid, second) + market_lines(market):
            print(line)
    return 0


def _market(args: argparse.Namespace, base: int, amount: int | None) -> Chance | None:
    if args.market is None:
        if args.court is not None or args.kind is not None:
            raise UserError("--court と --kind は --market と一緒に指定してください。")
        return None
    # The store only when asked: a plain quote does not open SQLite.
    from biddesk.cli.market_cmd import group_of, open_history
    from biddesk.domain.storage.results_history import chance

    court, kind = group_of(args)
    with open_history(args.market) as store:
        return chance(store, court=court, kind=kind, bid=amount, base=base)


def market_json(market: Chance | None) -> dict[str, Any]:
    """The `market` key of `quote --json` (contracts.md), absent without --market."""
    if market is None:
        return {}
    share = market.share
    return {
        "market": {
            "group": market.group.value,
            "comparables": market.comparables,
            "win_chance": None if share is None else rounded(share, 3),
        }
    }


def market_lines(market: Chance | None) -> list[str]:
    if market is None:
        return []
    return ["", chance_sentence(market)]


def quote_json(
    figures: PropertyFigures, bid: BidCheck | None, second: SecondBidCheck | None
) -> dict[str, Any]:
    """The `quote --json` object of contracts.md (plus ``warnings`` on the figures)."""
    return {
        "base_price": figures.base_price,
        "minimum_bid": figures.minimum_bid,
        "deposit": figures.deposit,
        "deposit_estimated": figures.deposit_estimated,
        "bid": None
        if bid is None
        else {
            "amount": bid.amount,
            "valid": bid.valid,
            "balance_due": bid.balance_due,
            "in_words": bid.in_words,
            "warnings": list(bid.warnings),
        },
        "second_bid": None
        if second is None
        else {"eligible": second.eligible, "reason": second.reason},
        "warnings": list(figures.warnings),
    }


def quote_lines(
    figures: PropertyFigures, bid: BidCheck | None, second: SecondBidCheck | None
) -> list[str]:
    """The human output: one aligned label/amount/note table, then the warnings."""
    deposit_note = (
        "推定: 基準×2/10(公告の額を確認してください)" if figures.deposit_estimated else "公告の額"
    )
    rows: list[tuple[str, str, str] | None] = [
        ("売却基準価額", format_yen(figures.base_price), ""),
        ("買受可能価額", format_yen(figures.minimum_bid), "基準×8/10(これ未満の入札は無効)"),
        ("買受申出保証額", format_yen(figures.deposit), deposit_note),
    ]
    if bid is not None:
        rows += [
            None,
            ("入札額", format_yen(bid.amount), bid.in_words),
            ("判定", "有効" if bid.valid else "無効", ""),
            (
                "残代金(落札時)",
                format_yen(bid.balance_due),
                "入札額−保証額" if bid.balance_due is not None else "無効な入札のため計算しません",
            ),
        ]
    if second is not None:
        rows.append(("次順位買受申出", "可" if second.eligible else "不可", ""))
    lines = format_fields(rows)
    if second is not None:
        lines.append(f"次順位: {second.reason}")
    warnings = list(figures.warnings) + (list(bid.warnings) if bid is not None else [])
    if warnings:
        lines.append("")
        lines += [f"注意: {warning}" for warning in warnings]
    return lines
