"""Helpers shared by the commands: reading inputs, --today, JSON output, tables."""

from __future__ import annotations

import json
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from biddesk.domain.announcements.text_decoding import decode_text
from biddesk.domain.dates import DateError, iso_date
from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_DATE, MIN_DATE, date_in_range
from biddesk.domain.models import Portfolio


def read_bytes(name: str) -> bytes:
    """The bytes of FILE, or of stdin for ``-``."""
    if name == "-":
        return sys.stdin.buffer.read()
    path = Path(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"ファイルが見つかりません: {name}") from None
    except IsADirectoryError:
        raise UserError(f"ファイルではなくフォルダです: {name}") from None
    except OSError as error:
        raise UserError(f"ファイルを読めません: {name} ({error.strerror})") from None


def read_text(name: str) -> str:
    """The text of FILE, or of stdin for ``-``; UTF-8 with or without BOM, or CP932."""
    return decode_text(read_bytes(name), name)


def parse_iso_date(text: str, option: str) -> date:
    """An option's date: exactly YYYY-MM-DD, within the range every input accepts."""
    day = iso_date(text)
    if day is None:
        raise DateError(f"{option} には YYYY-MM-DD 形式の日付を指定してください: 「{text}」")
    if not date_in_range(day):
        raise DateError(f"{option} には{MIN_DATE}〜{MAX_DATE}の日付を指定してください: {text}")
    return day


def today_option(text: str | None) -> date:
    """``--today``: today when the option is not given; an empty value is an error, not today."""
    return date.today() if text is None else parse_iso_date(text, "--today")


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def display_width(text: str) -> int:
    """Columns a string takes in a terminal (全角 counts two, combining marks zero)."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` padded with spaces to ``width`` display columns (left- or right-aligned)."""
    fill = " " * max(0, width - display_width(text))
    return fill + text if right else text + fill


def format_table(
    headers: list[str], rows: list[list[str]], right: set[int] | None = None
) -> list[str]:
    """Lines of a plain table aligned by display width; columns in ``right`` are
    right-aligned (amounts). The rule under the header is ASCII so that terminals that
    draw box characters double width stay aligned."""
    right = right or set()
    widths = [display_width(h) for h in headers]
    for row in rows:
        widths = [max(w, display_width(cell)) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            pad(cell, width, right=index in right)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return [line(headers), "  ".join("-" * w for w in widths), *(line(row) for row in rows)]


def print_table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> None:
    """Print ``format_table``."""
    for text in format_table(headers, rows, right):
        print(text)


def format_fields(rows: list[tuple[str, str, str] | None]) -> list[str]:
    """Label / value / note lines: labels padded to one display width, values right-aligned
    to another, notes after them; ``None`` is a blank line (the alignment holds across it)."""
    present = [row for row in rows if row is not None]
    label_width = max((display_width(label) for label, _, _ in present), default=0)
    value_width = max((display_width(value) for _, value, _ in present), default=0)
    lines = []
    for row in rows:
        if row is None:
            lines.append("")
            continue
        label, value, note = row
        text = f"{pad(label, label_width)}  {pad(value, value_width, right=True)}"
        lines.append(f"{text}  {note}".rstrip() if note else text.rstrip())
    return lines


def load_portfolio_file(path_text: str) -> Portfolio:
    """The portfolio in PORTFOLIO for commands that only read it (check, cashflow, export)."""
    path = Path(path_text)
    if not path.exists():
        raise UserError(f"ポートフォリオファイルが見つかりません: {path_text}")
    if path.is_dir():
        raise UserError(f"ファイルではなくフォルダです: {path_text}")
    from biddesk.domain.storage.store import (
        load_portfolio,  # the SQLite store only when a file is read
    )

    portfolio: Portfolio = load_portfolio(path)
    return portfolio
