"""`market PORTFOLIO [--court C] [--kind K] [--json]`: statistics of the results history
(contracts.md): count, sold, unsold, 売却率, quartiles of 売却価額 ÷ 売却基準価額, bidders per
sale; per court and kind, per year; and the own bids against their results."""

from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from biddesk.cli.common import print_json, print_table
from biddesk.domain.announcements.parsing_values import normalize_court, read_kind
from biddesk.domain.errors import UserError
from biddesk.domain.market.comparison import (
    VERSUS_HEADERS,
    BidVersusResult,
    bids_versus_results,
    gaps_by_year,
    usual_gap,
)
from biddesk.domain.market.statistics import MarketStats, ratio_text, rounded, rounded_percent
from biddesk.domain.storage import results_table
from biddesk.domain.storage.results_history import results_for_cases
from biddesk.domain.storage.results_table import Filter
from biddesk.domain.storage.store import PortfolioStore


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル(.biddesk)")
    add_group_options(parser)
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def add_group_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--court", metavar="C", help="裁判所(例: 東京地裁、さいたま地方裁判所本庁)")
    parser.add_argument("--kind", metavar="K", help="種別(土地、戸建て、マンション、その他)")


def group_of(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """--court and --kind as the history writes them (東京地裁 → 東京地方裁判所本庁, 戸建 →
    戸建て)."""
    court = normalize_court(args.court) if args.court else None
    kind = read_kind(args.kind).kind if args.kind else None
    return court, kind


def open_history(path_text: str) -> PortfolioStore:
    path = Path(path_text)
    if not path.exists():
        raise UserError(f"ポートフォリオファイルが見つかりません: {path_text}")
    return PortfolioStore.open(path, read_only=True)


def stats_json(stats: MarketStats) -> dict[str, Any]:
    quartiles = stats.quartiles
    return {
        "count": stats.count,
        "sold": stats.sold,
        "unsold": stats.unsold,
        "withdrawn": stats.withdrawn,
        "sale_rate": None if stats.sale_rate is None else rounded(stats.sale_rate, 3),
        "quartiles": None
        if quartiles is None
        else {
            "q1": rounded(quartiles[0], 3),
            "median": rounded(quartiles[1], 3),
            "q3": rounded(quartiles[2], 3),
        },
        "mean_bidders": None if stats.mean_bidders is None else rounded(stats.mean_bidders, 2),
    }


def _versus_json(row: BidVersusResult) -> dict[str, Any]:
    gap = row.gap
    return {
        "bid": row.bid,
        "property": row.title,
        "opening_date": row.opening_date.isoformat(),
        "amount": row.amount,
        "sale_price": row.sale_price,
        "result": row.result.value,
        "gap": None if gap is None else rounded(gap, 3),
    }


def run(args: argparse.Namespace) -> int:
    court, kind = group_of(args)
    which = Filter(court=court, kind=kind)
    with open_history(args.portfolio) as store:
        conn = store.conn
        total = results_table.query_stats(conn, which)
        groups = [
            (
                c,
                k,
                results_table.query_stats(
                    conn, replace(which, court=c, kind=k, without_kind=k is None)
                ),
            )
            for c, k in results_table.distinct_groups(conn, which)
        ]
        years = [
            (
                year,
                results_table.query_stats(
                    conn,
                    replace(
                        which,
                        since=date(year, 1, 1),
                        until=date(year, 12, 31),
                    ),
                ),
            )
            for year in results_table.distinct_years(conn, which)
        ]
        portfolio = store.load()
        cases = [p.case_number for p in portfolio.properties if p.case_number]
        versus = [
            row
            for row in bids_versus_results(portfolio, results_for_cases(store, cases))
            if court in (None, row.court)
        ]
    gap = usual_gap(versus)
    if args.json:
        print_json(
            {
                "court": court,
                "kind": kind,
                **stats_json(total),
                "groups": [{"court": c, "kind": k, **stats_json(s)} for c, k, s in groups],
                "years": [{"year": y, **stats_json(s)} for y, s in years],
                "own_bids": [_versus_json(row) for row in versus],
                "usual_gap": None if gap is None else rounded(gap, 3),
                "gap_by_year": [
                    {"year": y, "gap": rounded(g, 3), "sold": n} for y, g, n in gaps_by_year(versus)
                ],
            }
        )
        return 0
    title = " ".join(filter(None, (court, kind))) or "すべての売却結果"
    print(f"{title}: {_summary(total)}")
    headers = [
        "裁判所", "種別", "件数", "売却", "不売", "取下等", "売却率", "第1四分位", "中央値",
        "第3四分位", "入札者/件",
    ]  # fmt: skip
    rows = [[c, k or "－", *_cells(s)] for c, k, s in groups]
    if rows:
        print()
        print_table(headers, rows, right=set(range(2, 11)))
    if years:
        print()
        print_table(
            ["年", *headers[2:]],
            [[f"{y}年", *_cells(s)] for y, s in years],
            right=set(range(1, 10)),
        )
    if versus:
        print("\n自分の入札と開札結果:")
        print_table(
            list(VERSUS_HEADERS),
            [list(row.cells()) for row in versus],
            right={2, 3, 5},
        )
        if gap is not None:
            print(f"売却価額との差(中央値): {rounded_percent(gap)}")
            by_year = gaps_by_year(versus)
            if len(by_year) > 1:
                print(
                    "年ごと: "
                    + "、".join(f"{y}年 {rounded_percent(g)}({n}件)" for y, g, n in by_year)
                )
    return 0


def _summary(stats: MarketStats) -> str:
    return (
        f"{stats.count}件(売却{stats.sold}件・不売{stats.unsold}件・取下等{stats.withdrawn}件)、"
        f"売却率{rounded_percent(stats.sale_rate)}"
    )


def _cells(stats: MarketStats) -> list[str]:
    q = stats.quartiles
    bidders = stats.mean_bidders
    return [
        str(stats.count),
        str(stats.sold),
        str(stats.unsold),
        str(stats.withdrawn),
        rounded_percent(stats.sale_rate),
        *(ratio_text(v) for v in (q or (None, None, None))),
        "－" if bidders is None else f"{rounded(bidders, 1):.1f}人",
    ]
