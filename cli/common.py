"""Helpers shared by the commands: reading inputs, --today, JSON output, tables."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from domain.dates import DateError
from domain.errors import UserError


def read_text(name: str) -> str:
    """The text of FILE, or of stdin for ``-``; UTF-8 with or without BOM, or CP932."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise UserError(f"ファイルが見つかりません: {name}") from None
        except IsADirectoryError:
            raise UserError(f"ファイルではなくフォルダです: {name}") from None
        except OSError as error:
            raise UserError(f"ファイルを読めません: {name} ({error.strerror})") from None
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"文字コードを判別できません(UTF-8かShift_JISで保存してください): {name}")


def parse_iso_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DateError(f"{option} には YYYY-MM-DD 形式の日付を指定してください: {text}") from None


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (全角 counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
    """A plain aligned table; columns in ``right`` are right-aligned (amounts)."""
    right = right or set()
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        out = []
        for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            pad = " " * (width - display_width(cell))
            out.append(pad + cell if index in right else cell + pad)
        return "  ".join(out).rstrip()

    print(line(headers))
    print("  ".join("─" * w for w in widths))
    for row in rows:
        print(line(row))
