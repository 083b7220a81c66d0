"""`attach PORTFOLIO PROPERTY FILE…` and `attachments PORTFOLIO [--extract DIR] [--json]`
(contracts.md): files kept inside the portfolio file, listed and written back.

`attach` puts every FILE in, in one transaction (all or none); `attachments` reads the file
read-only (it works while the window has it open) and `--extract DIR` writes every
attachment to DIR/<property>/<name>, whole or not at all.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from biddesk.cli.common import print_json, print_table, today_option
from biddesk.cli.portfolio_cmds import _opening_notes
from biddesk.domain.dates import format_wareki
from biddesk.domain.storage.attachments import (
    KIND_LABELS,
    MAX_PORTFOLIO_ATTACHMENT_BYTES,
    Attachment,
    attach_files,
    attachment_to_json,
    format_size,
    list_attachments,
)
from biddesk.domain.storage.store import PortfolioStore


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("portfolio", metavar="PORTFOLIO", help="ポートフォリオファイル(.biddesk)")
    if name == "attach":
        parser.add_argument(
            "property", metavar="PROPERTY", help="物件のid(list --json・dump の property)"
        )
        parser.add_argument(
            "files", nargs="+", metavar="FILE", help="添付するファイル(PDF・JPEG・PNG・TIFF・HEIC)"
        )
        parser.add_argument("--today", metavar="DATE", help="添付日(YYYY-MM-DD、省略時は今日)")
    else:
        parser.add_argument(
            "--extract", metavar="DIR", help="すべての添付ファイルをこのフォルダに書き出します"
        )
        parser.add_argument("--json", action="store_true", help="JSONで出力します")


def run(args: argparse.Namespace) -> int:
    return run_attach(args) if args.command == "attach" else run_attachments(args)


def run_attach(args: argparse.Namespace) -> int:
    today = today_option(args.today)
    path = Path(args.portfolio)
    with PortfolioStore.open(path) as store:
        result = attach_files(store, args.property, [Path(f) for f in args.files], today=today)
        notes = _opening_notes(store)
    for note in notes:
        print(note)
    for item in result.added:
        print(
            f"{item.name}: 添付しました({KIND_LABELS[item.kind]}、{format_size(item.size)}、"
            f"sha256 {item.sha256[:12]}…)"
        )
    for source, name in result.already:
        print(f"{source}: 同じ内容のファイルがすでに添付されているため、添付しませんでした({name})")
    size = sum(item.size for item in result.added)
    if result.added:
        print(f"{args.property}に{len(result.added)}件({format_size(size)})を添付しました。")
    else:
        print(f"{args.property}に新しく添付したファイルはありません。")
    return 0


HEADERS = ["物件", "事件番号・物件番号", "名前", "種類", "大きさ", "添付日", "sha256"]


def _cells(item: Attachment, titles: dict[str, str]) -> list[str]:
    return [
        item.property,
        titles.get(item.property, "－"),
        item.name,
        KIND_LABELS[item.kind],
        format_size(item.size),
        format_wareki(item.added),
        item.sha256[:12],
    ]


def run_attachments(args: argparse.Namespace) -> int:
    path = Path(args.portfolio)
    with PortfolioStore.open(path, read_only=True) as store:
        items = list_attachments(store)
        properties = {p.id: p for p in store.load().properties}
        extracted = None
        if args.extract is not None:
            from biddesk.forms.attachment_files import extract_attachments

            extracted = extract_attachments(store, Path(args.extract), properties)
    total = sum(item.size for item in items)
    if args.json:
        data: dict[str, Any] = {
            "attachments": [attachment_to_json(item) for item in items],
            "total_size": total,
        }
        if extracted is not None:
            data["written"] = [str(target) for _, target in extracted.written]
            data["unchanged"] = [str(target) for _, target in extracted.unchanged]
        print_json(data)
        return 0
    if extracted is not None:
        for _, target in extracted.written:
            print(f"書き出しました: {target}")
        for _, target in extracted.unchanged:
            print(f"同じ内容のファイルがあるため、そのままにしました: {target}")
        print(
            f"{len(extracted.written) + len(extracted.unchanged)}件を{args.extract}に"
            f"書き出しました(新しく書いたもの{len(extracted.written)}件)。"
        )
        return 0
    titles = {key: prop.title for key, prop in properties.items()}
    print_table(HEADERS, [_cells(item, titles) for item in items], right={4})
    print(
        f"\n添付ファイル{len(items)}件、合計{format_size(total)}"
        f"(上限{format_size(MAX_PORTFOLIO_ATTACHMENT_BYTES)})"
    )
    return 0
