"""`check PORTFOLIO [--today DATE] [--json]`: every rule over a portfolio.

Exit status (contracts.md): 0 = no errors, 1 = errors found, 2 = could not run.
The human output groups the findings by bid (errors first), each with the source of its
rule (根拠), then lists the upcoming deadlines across all bids. ``--json`` adds each
finding's ``title`` and ``source`` to the contract's keys.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import Any

from biddesk.cli.common import load_portfolio_file, print_json, today_option
from biddesk.domain.dates import format_wareki
from biddesk.domain.models import Portfolio
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.rules.registry import Finding, Severity, counts, counts_text, findings_to_json
from biddesk.domain.schedule.deadlines import Deadline, upcoming_deadlines

SOURCE_INDENT = " " * 9
"""Under the message: as wide as "  [重大] " on a terminal (a kanji is two columns)."""


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル")
    parser.add_argument(
        "--today", metavar="DATE", help="基準日 YYYY-MM-DD(省略時は今日。結果を再現するため)"
    )
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def run(args: argparse.Namespace) -> int:
    today = today_option(args.today)
    portfolio = load_portfolio_file(args.portfolio)
    findings = run_checks(portfolio, today=today)
    deadlines = upcoming_deadlines(portfolio, today=today)
    if args.json:
        data: dict[str, Any] = findings_to_json(findings)
        data["deadlines"] = [deadline_to_json(d) for d in deadlines]
        print_json(data)
    else:
        print(format_report(portfolio, findings, deadlines, today=today))
    return 1 if any(f.severity is Severity.ERROR for f in findings) else 0


def deadline_to_json(deadline: Deadline) -> dict[str, Any]:
    return {
        "date": deadline.date.isoformat(),
        "kind": deadline.kind,
        "label": deadline.label,
        "bid": deadline.bid,
        "property": deadline.property,
    }


def bid_heading(portfolio: Portfolio, bid_id: str | None) -> str:
    """物件 title / bidder name (bid id), or the portfolio-wide heading."""
    if bid_id is None:
        return "ポートフォリオ全体"
    bid = next((b for b in portfolio.bids if b.id == bid_id), None)
    if bid is None:
        return f"入札 {bid_id}"
    prop = portfolio.property_by_id(bid.property)
    bidder = portfolio.bidder_by_id(bid.bidder)
    title = prop.title if prop is not None else "(物件不明)"
    name = bidder.name if bidder is not None and bidder.name else "(入札者不明)"
    return f"{title} / {name} (入札 {bid_id})"


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    """Each finding on a line, its source (根拠) under it — once under a run of findings
    that share it (DOC_MISSING findings name each paper's own rule)."""
    lines = []
    for index, finding in enumerate(findings):
        due = f"(期限 {format_wareki(finding.due)})" if finding.due is not None else ""
        lines.append(f"  [{finding.severity.label}] {finding.message}{due}")
        following = findings[index + 1] if index + 1 < len(findings) else None
        if following is None or following.source != finding.source:
            lines.append(f"{SOURCE_INDENT}根拠: {finding.source}")
    return lines


def format_report(
    portfolio: Portfolio,
    findings: Sequence[Finding],
    deadlines: Sequence[Deadline],
    *,
    today: date,
) -> str:
    """The human output: a summary line, findings by bid (errors first), upcoming dates."""
    summary = counts_text(counts(findings))
    lines = [f"チェック結果(基準日 {format_wareki(today)}): {summary}"]
    if not findings:
        lines += ["", "問題は見つかりませんでした。"]
    # Findings arrive errors first, so first appearance puts bids with errors first.
    groups: dict[str | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.bid, []).append(finding)
    for bid_id, group in groups.items():
        lines += ["", f"■ {bid_heading(portfolio, bid_id)}"]
        lines += finding_lines(sorted(group, key=lambda f: f.severity.rank))
    lines += ["", "今後の期限"]
    if not deadlines:
        lines.append("  予定されている期限はありません。")
    for deadline in deadlines:
        where = bid_heading(portfolio, deadline.bid)
        lines.append(f"  {format_wareki(deadline.date)}  {deadline.label}  {where}")
    return "\n".join(lines)
