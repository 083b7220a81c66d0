"""`results PORTFOLIO FILE… [--apply] [--today DATE] [--json]`: BIT 売却結果 text into the
results history, and the outcome it proposes for each own bid (contracts.md).

Every file is read before the portfolio is opened; the results (and with ``--apply`` the
proposed outcomes) are written in one transaction.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from biddesk.cli.common import print_json, print_table, read_text, today_option
from biddesk.domain.dates import format_wareki
from biddesk.domain.errors import UserError
from biddesk.domain.funds.refunds import refund_status
from biddesk.domain.market.proposals import Proposal, propose_outcomes, record_proposals
from biddesk.domain.market.results_parsing import parse_results
from biddesk.domain.market.sale_result import SaleResult
from biddesk.domain.market.statistics import ratio_text
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen
from biddesk.domain.storage.interchange import result_to_json
from biddesk.domain.storage.results_history import add_results
from biddesk.domain.storage.store import PortfolioStore


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル(.biddesk)")
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="BITの売却結果一覧をコピーしたテキスト(- は標準入力)",
    )
    parser.add_argument(
        "--apply", action="store_true", help="提案した開札結果を自分の入札に記録します"
    )
    parser.add_argument("--today", metavar="DATE", help="基準日(YYYY-MM-DD、既定は今日)")
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def _read(names: list[str]) -> tuple[list[SaleResult], list[str]]:
    results: list[SaleResult] = []
    warnings: list[str] = []
    errors: list[str] = []
    for name in names:
        try:
            reading = parse_results(read_text(name), source=name)
        except UserError as error:
            errors.append(str(error))
            continue
        results.extend(reading.results)
        warnings.extend(reading.warnings)
    if errors:
        raise UserError(
            " / ".join(errors) + (" 何も記録しませんでした。" if len(names) > 1 else "")
        )
    return results, warnings


def proposal_json(proposal: Proposal) -> dict[str, Any]:
    return {
        "bid": proposal.bid.id,
        "result": proposal.result.value,
        "top_bid": proposal.top_bid,
        "reason": proposal.reason,
    }


def run(args: argparse.Namespace) -> int:
    today = today_option(args.today)
    path = Path(args.portfolio)
    if not path.exists():
        raise UserError(f"ポートフォリオファイルが見つかりません: {args.portfolio}")
    results, warnings = _read(args.files)
    with PortfolioStore.open(path) as store:
        portfolio = store.load()
        future = [r for r in results if r.opening_date > today]
        for result in future:
            warnings.append(
                f"{result.title}: 開札期日{format_wareki(result.opening_date)}が"
                "基準日より後のため、結果を提案しません。"
            )
        reading = propose_outcomes(portfolio, [r for r in results if r.opening_date <= today])
        warnings.extend(reading.warnings)
        change = record_proposals(reading.proposals) if args.apply else None
        added = add_results(store, results, change)
        after = store.load() if args.apply else portfolio
    if args.json:
        print_json(
            {
                "results": [result_to_json(r) for r in results],
                "added": len(added),
                "proposals": [proposal_json(p) for p in reading.proposals],
                "applied": bool(args.apply and reading.proposals),
                "warnings": warnings,
            }
        )
        return 0
    _print_text(results, added, reading.proposals, warnings, args.apply, after, today)
    return 0


def _result_cells(result: SaleResult) -> list[str]:
    return [
        result.court,
        result.title,
        format_wareki(result.opening_date),
        result.result.label,
        format_yen(result.sale_price),
        format_yen(result.base_price),
        ratio_text(result.ratio),
        "－" if result.bidders is None else f"{result.bidders}人",
        result.winner.label if result.winner is not None else "－",
    ]


def _print_text(
    results: list[SaleResult],
    added: list[SaleResult],
    proposals: tuple[Proposal, ...],
    warnings: list[str],
    applied: bool,
    after: Portfolio,
    today: date,
) -> None:
    headers = [
        "裁判所",
        "事件",
        "開札期日",
        "結果",
        "売却価額",
        "売却基準価額",
        "倍率",
        "入札者",
        "落札者",
    ]
    print_table(headers, [_result_cells(r) for r in results], right={4, 5, 6, 7})
    print(
        f"\n売却結果{len(results)}件を読み取り、{len(added)}件を履歴に追加しました"
        f"(登録済み{len(results) - len(added)}件)。"
    )
    if proposals:
        print("\n自分の入札の開札結果(提案):")
        for proposal in proposals:
            top = f"、最高価{format_yen(proposal.top_bid)}" if proposal.top_bid is not None else ""
            print(f"  {proposal.bid.id} {proposal.prop.title}: {proposal.result.label}{top}")
            print(f"    {proposal.reason}")
        if applied:
            print(f"\n{len(proposals)}件の開札結果を記録しました。")
            for proposal in proposals:
                bid = next(b for b in after.bids if b.id == proposal.bid.id)
                status = refund_status(bid, after.property_by_id(bid.property), today=today)
                if status is not None:
                    print(f"  返還管理 {bid.id}: {status.message}")
        else:
            print("\n記録するには --apply を付けて実行してください。")
    for warning in warnings:
        print(f"注意: {warning}")
