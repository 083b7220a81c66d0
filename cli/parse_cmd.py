"""`parse FILE… [--json]`: the properties found in announcement text."""

from __future__ import annotations

import argparse

from biddesk.cli.common import print_json, print_table, read_text
from biddesk.domain.announcements.parsing import parse_announcement
from biddesk.domain.dates import format_wareki
from biddesk.domain.models import Property
from biddesk.domain.money import format_yen
from biddesk.domain.storage.interchange import property_to_json


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="テキストファイル(- は標準入力)")
    parser.add_argument("--json", action="store_true", help="JSONで出力します")


def run(args: argparse.Namespace) -> int:
    properties: list[Property] = []
    warnings: list[str] = []
    for name in args.files:
        result = parse_announcement(read_text(name), source=name)
        properties.extend(result.properties)
        warnings.extend(result.warnings)
    if args.json:
        print_json({"properties": [property_to_json(p) for p in properties], "warnings": warnings})
        return 0
    rows = [
        [
            p.court or "－",
            p.case_number or "－",
            ",".join(p.property_numbers) or "－",
            p.kind or "－",
            format_yen(p.base_price),
            format_yen(p.minimum_bid),
            format_yen(p.deposit) + ("(推定)" if p.deposit_estimated else ""),
            format_wareki(p.bid_period_end, missing="－"),
            format_wareki(p.opening_date, missing="－"),
            p.status.label,
        ]
        for p in properties
    ]
    headers = [
        "裁判所",
        "事件番号",
        "物件番号",
        "種別",
        "売却基準価額",
        "買受可能価額",
        "保証額",
        "入札期間末日",
        "開札期日",
        "状態",
    ]
    print_table(headers, rows, right={4, 5, 6})
    print(f"\n{len(properties)}件の物件を読み取りました。")
    for prop in properties:
        for warning in prop.warnings:
            print(f"注意: {prop.title}: {warning}")
    for warning in warnings:
        print(f"注意: {warning}")
    return 0
