"""`new`, `import`, `dump`, `list`: the portfolio file from the command line (contracts.md).

`import` reads every file first and writes all of them in one transaction, or nothing
when anything in any file is wrong; a property already in the portfolio is updated and
what changed is printed (contracts.md), never added twice.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from biddesk.cli.common import print_json, print_table, read_bytes
from biddesk.domain.dates import format_wareki
from biddesk.domain.edits.reimport import FileImport, Verdict, plan_import
from biddesk.domain.errors import UserError
from biddesk.domain.models import Settings
from biddesk.domain.money import format_yen
from biddesk.domain.overview import OverviewRow, overview_rows, status_label
from biddesk.domain.storage.attachments import attachment_to_json, list_attachments
from biddesk.domain.storage.interchange import (
    Incoming,
    iso,
    portfolio_to_json,
    read_incoming_file,
)
from biddesk.domain.storage.results_history import add_results, all_results
from biddesk.domain.storage.store import PortfolioStore, load_portfolio


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル(.biddesk)")
    if name == "import":
        parser.add_argument(
            "files",
            nargs="+",
            metavar="FILE",
            help="公告テキスト(.txt)、CSV(.csv、見出し行つき)、交換用JSON(.json)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="追加・更新される内容を表示するだけで、ファイルには書き込みません",
        )
    if name == "list":
        parser.add_argument("--json", action="store_true", help="JSONで出力します")


def run(args: argparse.Namespace) -> int:
    commands = {"new": run_new, "import": run_import, "dump": run_dump, "list": run_list}
    return commands[args.command](args)


def run_new(args: argparse.Namespace) -> int:
    path = Path(args.portfolio)
    PortfolioStore.create(path).close()
    print(f"空のポートフォリオを作成しました: {path}")
    return 0


def run_dump(args: argparse.Namespace) -> int:
    path = Path(args.portfolio)
    with PortfolioStore.open(path, read_only=True) as store:
        # the 売却結果 history is the `results` list
        data = portfolio_to_json(store.load(), all_results(store))
        # The attachments' facts, never their bytes (import warns that they stay behind);
        # none: no key (contracts.md: a missing list is []), so older dumps stay the same.
        attached = list_attachments(store)
        if attached:
            data["attachments"] = [attachment_to_json(a) for a in attached]
    print_json(data)
    return 0


# --- import -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class _Read:
    name: str
    incoming: Incoming


def _read_all(names: list[str]) -> list[_Read]:
    """Every file read and checked before anything is written."""
    found: list[_Read] = []
    errors: list[str] = []
    for name in names:
        try:
            incoming = read_incoming_file(read_bytes(name), name)
            found.append(_Read(name=name, incoming=incoming))
        except UserError as error:
            errors.append(str(error))
    if len(errors) == 1:
        raise UserError(errors[0])
    if errors:
        raise UserError(
            f"{len(errors)}個のファイルに誤りがあるため、何も取り込みませんでした: "
            + " / ".join(errors)
        )
    return found


def _opening_notes(store: PortfolioStore) -> list[str]:
    """What opening the file did that the user should know: a migration and its backup,
    the journal used on a network share."""
    notes = []
    if store.migrated_from is not None:
        notes.append(
            f"古い形式(形式{store.migrated_from})のファイルを現在の形式に更新しました。"
            f"更新前のファイルは次の名前で残してあります: {store.backup}"
        )
    if store.journal_note:
        notes.append(store.journal_note)
    return notes


def run_import(args: argparse.Namespace) -> int:
    path = Path(args.portfolio)
    reads = _read_all(args.files)  # before opening: a refused import leaves the file as it was
    with PortfolioStore.open(path) as store:
        current = store.load()
        # Settings come from a JSON only into a portfolio whose settings were never set:
        # an import must not silently replace the user's cash figures.
        settings_free = current.settings == Settings()
        settings: Settings | None = None
        notes: list[str] = []
        for item in reads:
            incoming = item.incoming
            if incoming.has_settings and incoming.portfolio.settings != current.settings:
                if settings_free and settings is None:
                    settings = incoming.portfolio.settings
                else:
                    notes.append(
                        f"{item.name}の設定(手元資金など)は取り込まず、現在の設定を残しました。"
                    )
        # A property already there is updated, a bidder or bid already there is kept
        # (domain/edits/reimport.py): a file imported twice adds nothing the second time.
        plan = plan_import(
            current, [item.incoming.portfolio for item in reads], store.new_id, settings=settings
        )
        dry_run = bool(getattr(args, "dry_run", False))
        results = [r for item in reads for r in item.incoming.results]
        added_results = 0
        if dry_run:
            pass
        elif results:  # the 売却結果 history with the rest, in the same transaction
            added_results = len(add_results(store, results, plan.change))
        elif not plan.change.is_empty:
            store.apply(plan.change)
        opened = _opening_notes(store)
    for note in opened:
        print(note)
    for item, result in zip(reads, plan.files, strict=True):
        _print_file(item, result)
    for note in notes:
        print(f"注意: {note}")
    if settings is not None:
        print("設定(手元資金・予備資金・融資枠・余裕日数)を取り込みました。")
    if results and not dry_run:
        print(
            f"売却結果{len(results)}件のうち{added_results}件を履歴に追加しました"
            f"(登録済み{len(results) - added_results}件)。"
        )
    print(
        f"{path}に物件{plan.count(Verdict.NEW)}件、入札者{plan.bidders_added}件、"
        f"入札{plan.bids_added}件を追加しました。"
    )
    if plan.updates:
        print(f"登録済みの物件{len(plan.updates)}件を更新しました(二重には追加していません)。")
    if dry_run:
        print(
            "--dry-run のため、ファイルには何も書き込んでいません(上は取り込んだ場合の内容です)。"
        )
    return 0


def _print_file(item: _Read, result: FileImport) -> None:
    """One file's line, what it updated (with each changed field) and its warnings."""
    known = [
        f"{what}{count}件"
        for what, count in (
            ("物件", result.count(Verdict.UPDATE) + result.count(Verdict.SAME)),
            ("入札者", result.bidders_matched),
            ("入札", result.bids_matched),
        )
        if count
    ]
    print(
        f"{item.name}: 物件{result.count(Verdict.NEW)}件、入札者{result.bidders_added}件、"
        f"入札{result.bids_added}件" + (f"(登録済み: {'、'.join(known)})" if known else "")
    )
    for prop in result.properties:
        where = " ".join(filter(None, (prop.result.court, prop.result.title)))
        if prop.verdict is Verdict.UPDATE:
            print(f"  {prop.description.replace('更新: ', f'更新: {where}: ', 1)}")
            for consequence in prop.consequences:
                print(f"    → {consequence}")
        if prop.joins is not None:
            print(f"  同じ物件を1件にまとめました: {where}")
        elif prop.verdict is Verdict.NEW:
            for warning in prop.incoming.warnings:
                print(f"  注意: {prop.incoming.title}: {warning}")
    for warning in item.incoming.warnings:
        print(f"  注意: {warning}")


# --- list ---------------------------------------------------------------------------

HEADERS = [
    "裁判所",
    "事件番号",
    "物件番号",
    "売却基準価額",
    "買受可能価額",
    "保証額",
    "入札者",
    "入札額",
    "入札期間末日",
    "状態",
]


def _row_json(row: OverviewRow) -> dict[str, Any]:
    prop, bid = row.property, row.bid
    return {
        "property": prop.id,
        "bid": bid.id if bid else None,
        "court": prop.court,
        "case_number": prop.case_number,
        "property_numbers": list(prop.property_numbers),
        "kind": prop.kind,
        "base_price": prop.base_price,
        "minimum_bid": prop.minimum_bid,
        "deposit": prop.deposit,
        "deposit_estimated": prop.deposit_estimated,
        "bid_period_end": iso(prop.bid_period_end),
        "opening_date": iso(prop.opening_date),
        "bidder": (bid.bidder or None) if bid else None,
        "bidder_name": row.bidder.name if row.bidder else None,
        "amount": bid.amount if bid else None,
        "property_status": prop.status.value,
        "outcome": bid.outcome.result.value if bid and bid.outcome else None,
        "status": status_label(prop, bid),
    }


def _row_cells(row: OverviewRow) -> list[str]:
    prop, bid = row.property, row.bid
    deposit = format_yen(prop.deposit) + ("(推定)" if prop.deposit_estimated else "")
    return [
        prop.court or "－",
        prop.case_number or "－",
        ",".join(prop.property_numbers) or "－",
        format_yen(prop.base_price),
        format_yen(prop.minimum_bid),
        deposit,
        (row.bidder.name or "(名前未入力)") if row.bidder else "－",
        format_yen(bid.amount) if bid else "－",
        format_wareki(prop.bid_period_end, missing="－"),
        status_label(prop, bid),
    ]


def run_list(args: argparse.Namespace) -> int:
    portfolio = load_portfolio(Path(args.portfolio))
    rows = overview_rows(portfolio)
    if args.json:
        print_json([_row_json(row) for row in rows])
        return 0
    print_table(HEADERS, [_row_cells(row) for row in rows], right={3, 4, 5, 7})
    print(f"\n物件{len(portfolio.properties)}件、入札{len(portfolio.bids)}件")
    return 0
