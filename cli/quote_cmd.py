"""`quote BASE [--deposit N] [--bid N] [--top N] [--json]`: figures for one base price."""

from __future__ import annotations

import argparse
from typing import Any

from cli.common import print_json
from domain.errors import UserError
from domain.figures import check_bid, property_figures, second_bid_eligibility
from domain.money import format_yen, parse_yen


def _yen(text: str) -> int:
    amount = parse_yen(text)
    if amount is None:
        raise UserError(f"金額が指定されていません: {text}")
    return amount


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("base", metavar="BASE", help="売却基準価額(例: 12340000, 1234万円)")
    parser.add_argument("--deposit", metavar="N", help="公告された買受申出保証額")
    parser.add_argument("--bid", metavar="N", help="入札予定額")
    parser.add_argument("--top", metavar="N", help="最高価の入札額(次順位の判定)")
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def run(args: argparse.Namespace) -> int:
    base = _yen(args.base)
    if base <= 0:
        raise UserError("売却基準価額は1円以上を指定してください。")
    deposit_arg = _yen(args.deposit) if args.deposit is not None else None
    figures = property_figures(base, announced_deposit=deposit_arg)
    if args.top is not None and args.bid is None:
        raise UserError("--top を使うときは --bid で自分の入札額も指定してください。")
    bid = None
    second = None
    if args.bid is not None:
        bid = check_bid(
            _yen(args.bid),
            base_price=base,
            minimum=figures.minimum_bid,
            deposit=figures.deposit,
        )
        if args.top is not None:
            second = second_bid_eligibility(
                bid.amount, minimum=figures.minimum_bid, top_bid=_yen(args.top),
                deposit=figures.deposit,
            )
    if args.json:
        data: dict[str, Any] = {
            "base_price": base,
            "minimum_bid": figures.minimum_bid,
            "deposit": figures.deposit,
            "deposit_estimated": figures.deposit_estimated,
            "bid": None,
            "second_bid": None,
        }
        if bid is not None:
            data["bid"] = {
                "amount": bid.amount,
                "valid": bid.valid,
                "balance_due": bid.balance_due,
                "in_words": bid.in_words,
                "warnings": list(bid.warnings),
            }
        if second is not None:
            data["second_bid"] = {"eligible": second.eligible, "reason": second.reason}
        if figures.warnings:
            data["warnings"] = list(figures.warnings)
        print_json(data)
        return 0
    print(f"売却基準価額    {format_yen(base):>16}")
    print(f"買受可能価額    {format_yen(figures.minimum_bid):>16}")
    estimated = "(推定: 基準×2/10。公告の額を確認してください)" if figures.deposit_estimated else ""
    print(f"買受申出保証額  {format_yen(figures.deposit):>16}{estimated}")
    for warning in figures.warnings:
        print(f"注意: {warning}")
    if bid is not None:
        print()
        print(f"入札額          {format_yen(bid.amount):>16}  ({bid.in_words})")
        print(f"判定            {'有効' if bid.valid else '無効'}")
        print(f"残代金(落札時)  {format_yen(bid.balance_due):>16}")
        for warning in bid.warnings:
            print(f"注意: {warning}")
    if second is not None:
        print()
        print(f"次順位買受申出  {'可' if second.eligible else '不可'}: {second.reason}")
    return 0
