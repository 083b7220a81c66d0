"""The layout of an announcement text: its lines, its 公告 tables and where each card begins.

``layout`` splits the lines into regions, in order: cards (a 事件番号 heading, with the kind
badge or court line printed just above it) and 公告 tables (a heading row, or rows without
one, with the 公告's title and header above them). What lies between regions is loose text:
a preamble above the first one, or text no property owns. ``ReadState`` is what one reading
of a text shares: the lines, the lines taken already and the warnings so far.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from biddesk.domain.announcements.parsing_lines import (
    TITLE_RE,
    Field,
    case_key,
    is_boilerplate,
    is_court_only,
    is_header_line,
    is_headerless_row,
    is_kind_badge,
    is_table_row,
    says_thousands_of_yen,
    table_columns,
)
from biddesk.domain.announcements.parsing_values import CASE_RE

# The usual 期間入札公告 table when its heading row is missing.
DEFAULT_COLUMNS = (Field.CASE, Field.NUMBERS, Field.BASE, Field.MINIMUM, Field.DEPOSIT)
_NUMBER_CONTINUED = re.compile(r"^\s?[0-9]{1,8}\s?号")


@dataclass(frozen=True, kw_only=True)
class Line:
    number: int  # 1-based, for messages
    raw: str
    text: str  # clean(raw)


@dataclass(frozen=True, kw_only=True)
class Table:
    header: int | None  # line index of the heading row; None: rows without one
    columns: tuple[Field, ...]
    rows: tuple[int, ...]
    thousands: bool = False  # 「(千円)」/「(単位:千円)」: bare figures are thousands of yen

    @property
    def lines(self) -> tuple[int, ...]:
        return self.rows if self.header is None else (self.header, *self.rows)


@dataclass(frozen=True, kw_only=True)
class Region:
    """Lines ``start``..``end`` (indexes, end excluded): a card, or a 公告 table with its
    title and header above it (``table`` set)."""

    start: int
    end: int
    table: Table | None = None


@dataclass
class ReadState:
    """One reading of a text: its lines and what reading them has taken and found."""

    lines: list[Line]
    prefix: str  # 「source: 」 before every warning about the whole text
    # 事件番号 broken over two lines: line number → (where it ends on that line, the error)
    split_cases: dict[int, tuple[int, str]]
    warnings: list[str] = field(default_factory=list)
    used: set[int] = field(default_factory=set)  # line indexes read as a label's value
    unread: list[Line] = field(default_factory=list)
    section_court: str | None = None  # the last court-only line (a 公告's or a section's)

    @classmethod
    def of(cls, lines: list[Line], prefix: str) -> ReadState:
        fixed, split_cases = split_case_numbers(lines)
        return cls(lines=fixed, prefix=prefix, split_cases=split_cases)


def split_case_numbers(lines: list[Line]) -> tuple[list[Line], dict[int, tuple[int, str]]]:
    """事件番号 broken over two lines as a narrow table cell copies (「令和7年(ケ)第12」 ⏎
    「34号 1 12,340,000円…」): neither 第12号 nor a guessed 第1234号. The rest of the second
    line joins the first (one card, one table row) without the 「34号」, so it is not read as
    物件番号 34 either; the number's end on the first line maps to the error message."""
    errors: dict[int, tuple[int, str]] = {}
    fixed = list(lines)
    for index in range(len(lines) - 1):
        line, following = fixed[index], fixed[index + 1]
        matches = list(CASE_RE.finditer(line.text))
        tail = _NUMBER_CONTINUED.match(following.text)
        if not matches or tail is None:
            continue
        last = matches[-1]
        if last.group(0).rstrip().endswith("号") or line.text[last.end() :].strip():
            continue
        errors[line.number] = (
            last.end(),
            f"事件番号が2行に分かれているため({line.number}行目「{last.group(0).strip()}」、"
            f"{following.number}行目「{tail.group(0).strip()}」)、読み取りませんでした"
            "(1行につなげて貼り付け直してください)。",
        )
        rest = following.text[tail.end() :].strip()
        joined = f"{line.text} {rest}" if rest else line.text
        fixed[index] = Line(number=line.number, raw=line.raw, text=joined)
        fixed[index + 1] = Line(number=following.number, raw=following.raw, text="")
    return fixed, errors


def layout(lines: list[Line], tables: list[Table]) -> list[Region]:
    """The cards and tables of the text in order; the lines between them are loose."""
    spans: list[tuple[int, int]] = []
    for table in tables:
        previous_end = spans[-1][1] if spans else 0
        spans.append((table_start(lines, table, previous_end), max(table.lines) + 1))
    in_table = {i for start, end in spans for i in range(start, end)}
    anchors = [i for i, line in enumerate(lines) if i not in in_table and CASE_RE.search(line.text)]
    starts = sorted(
        [(start, "block", k) for k, start in enumerate(block_starts(lines, anchors, in_table))]
        + [(start, "table", k) for k, (start, _) in enumerate(spans)]
    )
    regions: list[Region] = []
    for position, (start, kind, index) in enumerate(starts):
        if kind == "table":
            regions.append(Region(start=start, end=spans[index][1], table=tables[index]))
        else:
            end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
            regions.append(Region(start=start, end=end))
    return regions


def table_start(lines: list[Line], table: Table, floor: int) -> int:
    """Where a 公告 begins above its table: its title (期間入札の公告) or its court line,
    found walking up over header lines (dates, 入札期間…, 書記官). Cards pasted above a
    公告 end there, so the 公告's dates never land in the last card."""
    start = min(table.lines)
    probe = start - 1
    while probe >= floor:
        text = lines[probe].text
        if text and not is_header_line(text):
            break
        if text and (TITLE_RE.fullmatch(text) or is_court_only(text)):
            start = probe
        probe -= 1
    return start


def find_tables(lines: list[Line]) -> list[Table]:
    """Every 公告 table: a heading row and the rows below it, or rows without a heading
    (``header`` None; their amounts are read in DEFAULT_COLUMNS' order)."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        text = lines[index].text
        columns = table_columns(text)
        headerless = columns is None and is_headerless_row(text)
        if columns is None and not headerless:
            index += 1
            continue
        rows: list[int] = []
        row = index if headerless else index + 1
        while row < len(lines):
            line = lines[row].text
            if line and not is_table_row(line, headerless=headerless, continuing=bool(rows)):
                break
            if line:
                rows.append(row)
            row += 1
        above = [line.text for line in lines[max(0, index - 3) : index]]
        thousands = any(says_thousands_of_yen(line) for line in (*above, text))
        tables.append(
            Table(
                header=None if headerless else index,
                columns=columns or DEFAULT_COLUMNS,
                rows=tuple(rows),
                thousands=thousands,
            )
        )
        index = max(rows[-1] if rows else index, index) + 1
    return tables


def headerless_warning(lines: list[Line], table: Table) -> str:
    first = lines[min(table.lines)].number
    return (
        f"{first}行目からの表に見出し行がないため、"
        "金額を売却基準価額・買受可能価額・買受申出保証額の順に読みました。"
    )


def block_starts(lines: list[Line], anchors: list[int], in_table: set[int]) -> list[int]:
    """A card starts at its heading (事件番号), or at the kind badge / court line printed
    just above it (BIT: ``戸建て`` ⏎ ``神戸地方裁判所尼崎支部 令和07年(ケ)第233号``)."""
    starts: list[int] = []
    previous = -1
    previous_case: str | None = None
    for anchor in anchors:
        case = case_key(lines[anchor].text)
        same_case = previous >= 0 and case == previous_case
        if same_case and _only_furniture(lines[previous + 1 : anchor]):
            continue  # the heading's 事件番号 repeated by a 事件番号 label: same card
        start = anchor
        taken = 0
        probe = anchor - 1
        while probe > previous and taken < 2 and probe not in in_table:
            text = lines[probe].text
            if text and not (is_kind_badge(text) or is_court_only(text)):
                break
            if text:
                start = probe
                taken += 1
            probe -= 1
        starts.append(start)
        previous, previous_case = anchor, case
    return starts


def _only_furniture(lines: list[Line]) -> bool:
    return all(
        not line.text
        or is_boilerplate(line.text)
        or is_kind_badge(line.text)
        or is_court_only(line.text)
        for line in lines
    )
