"""`cashflow PORTFOLIO [--scenario all|none|expected|selected] [--win ID…] [--today DATE]
[--json]`: dated cash events with the running cash and headroom (contracts.md).

The default scenario is ``all`` (every open bid wins: the stress test the funding plan must
survive). ``selected`` takes the winning bids from ``--win``. Exit 0 whenever the cash flow
could be computed (a shortfall is in the output, and ``check`` reports FUNDS_SHORTFALL).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from biddesk.cli.common import format_table, load_portfolio_file, print_json, today_option
from biddesk.domain.dates import format_wareki
from biddesk.domain.errors import UserError
from biddesk.domain.funds.cashflow import (
    CashEvent,
    CashflowResult,
    Scenario,
    cashflow_to_json,
    compute_cashflow,
    standby_financing,
)
from biddesk.domain.market.expected import Odds, OddsSource, expected_odds, market_chances
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen

HEADERS = ["日付", "種類", "物件/入札", "金額", "手元資金", "余力", "内容"]
RIGHT = {3, 4, 5}
ESTIMATE_MARK = "(見込み)"


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル")
    parser.add_argument(
        "--scenario",
        choices=[s.value for s in Scenario],
        default=Scenario.ALL.value,
        help="all=すべて落札(既定), none=すべて落札できず, expected=落札確率による期待値, "
        "selected=--win で選んだ入札が落札",
    )
    parser.add_argument(
        "--win",
        metavar="ID",
        action="append",
        default=[],
        help="--scenario selected で落札とみなす入札ID(複数回指定できます)",
    )
    parser.add_argument(
        "--today", metavar="DATE", help="基準日 YYYY-MM-DD(省略時は今日。結果を再現するため)"
    )
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def _winners(args: argparse.Namespace, portfolio: Portfolio, scenario: Scenario) -> frozenset[str]:
    chosen = frozenset(args.win)
    if chosen and scenario is not Scenario.SELECTED:
        raise UserError("--win は --scenario selected と一緒に指定してください。")
    unknown = sorted(chosen - {bid.id for bid in portfolio.bids})
    if unknown:
        raise UserError(f"--win に指定した入札IDがポートフォリオにありません: {', '.join(unknown)}")
    return chosen


def run(args: argparse.Namespace) -> int:
    today = today_option(args.today)
    scenario = Scenario(args.scenario)
    portfolio = load_portfolio_file(args.portfolio)
    winners = _winners(args, portfolio, scenario)
    odds = _expected_odds(args.portfolio, portfolio) if scenario is Scenario.EXPECTED else None
    result = compute_cashflow(
        portfolio,
        scenario=scenario,
        today=today,
        winners=winners,
        chances=market_chances(odds) if odds is not None else None,
    )
    if args.json:
        print_json(cashflow_to_json(result) | _odds_json(odds))
    else:
        print("\n".join(format_cashflow(portfolio, result, today=today)))
        for line in _odds_lines(odds):
            print(line)
    return 0


# --- the expected scenario's odds: typed, else from the results history (issue 16) -----


def _expected_odds(path: str, portfolio: Portfolio) -> list[Odds]:
    from biddesk.domain.storage.results_history import chance_of
    from biddesk.domain.storage.store import PortfolioStore

    with PortfolioStore.open(Path(path), read_only=True) as store:
        return expected_odds(portfolio, chance_of(store))


def _odds_json(odds: list[Odds] | None) -> dict[str, Any]:
    if odds is None:
        return {}
    return {"odds": [{"bid": o.bid, "percent": o.percent, "source": o.source.value} for o in odds]}


def _odds_lines(odds: list[Odds] | None) -> list[str]:
    if not odds:
        return []
    lines = ["", "落札見込み(期待値の計算に使った値):"]
    for o in odds:
        extra = f"、{o.comparables}件の売却結果と比較" if o.source is OddsSource.MARKET else ""
        lines.append(f"  {o.bid}: {o.percent}%({o.source.label}{extra})")
    return lines


def signed_yen(amount: int) -> str:
    """``+2,468,000円`` / ``-2,468,000円``: the direction of a movement at a glance."""
    return f"+{format_yen(amount)}" if amount > 0 else format_yen(amount)


def _where(event: CashEvent, titles: dict[str, str]) -> str:
    if event.bid is None:
        return "－"
    title = titles.get(event.bid)
    return f"{title} ({event.bid})" if title else event.bid


def format_cashflow(portfolio: Portfolio, result: CashflowResult, *, today: date) -> list[str]:
    """The human output: the opening capacity, the dated table, the lowest point and the
    first shortfall."""
    settings = portfolio.settings
    properties = {p.id: p for p in reversed(portfolio.properties)}
    titles = {
        bid.id: properties[bid.property].title
        for bid in portfolio.bids
        if bid.property in properties
    }
    standby = standby_financing(settings)
    opening = f"手元資金 {format_yen(settings.cash_on_hand)}"
    if standby:
        opening += f" + 融資枠(日付なし) {format_yen(standby)}"
    opening += (
        f" − 生活防衛資金 {format_yen(settings.reserve)}"
        f" = 開始時の余力 {format_yen(result.capacity_start)}"
    )
    lines = [
        f"資金繰り: {result.scenario.label}(基準日 {format_wareki(today)})",
        opening,
        "",
    ]
    if not result.events:
        lines.append("予定されている入出金はありません。")
    else:
        rows = [
            [
                format_wareki(event.date),
                event.kind.label,
                _where(event, titles),
                signed_yen(event.amount),
                format_yen(event.cash_after),
                format_yen(event.headroom),
                event.label + (ESTIMATE_MARK if event.estimated else ""),
            ]
            for event in result.events
        ]
        lines += format_table(HEADERS, rows, RIGHT)
    lines.append("")
    if result.lowest is not None:
        day, headroom = result.lowest
        lines.append(f"最低余力: {format_yen(headroom)}({format_wareki(day)})")
    shortfall = result.first_shortfall
    lines.append(
        f"資金不足の初日: {format_wareki(shortfall)}(余力がマイナスになります)"
        if shortfall is not None
        else "資金不足の初日: なし"
    )
    if any(event.estimated for event in result.events):
        lines.append(
            f"{ESTIMATE_MARK}は記録や裁判所の通知ではなく、推定した日付・金額です"
            "(代金納付期限は通知が届いたら入力してください)。"
        )
    return lines
