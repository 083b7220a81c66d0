"""Announcement text → Property drafts with warnings (domain-rules.md "The announcement").

Reads what users paste, in one go and mixed: BIT物件カード text (``label：value``), cards copied
from the BIT site (label on its own line, value on the next, the kind badge before the court
heading), the 期間入札公告 (common dates in the header, one table row per case) and typed
notes (``札幌地裁 本庁 R7(ケ)77 物件1 戸建 / 基準価額 1234万円``).

Rules the reader keeps:
- A value never slides into a neighbouring field: a label without a value takes the next line
  only when that line is a valid value of that field (an empty 中止情報 stays empty).
- Announced figures win (domain.figures.property_figures); a missing deposit is computed,
  marked estimated and warned. A missing field is None with a warning, never a guess.
- Arbitrary text gives a ParseResult or a ParseError, nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from biddesk.domain.announcements.parsing_draft import Draft, build_property, merge_into
from biddesk.domain.announcements.parsing_layout import (
    Line,
    ReadState,
    Region,
    find_tables,
    headerless_warning,
    layout,
)
from biddesk.domain.announcements.parsing_lines import COMMON_FIELDS, Field
from biddesk.domain.announcements.parsing_table import read_table_rows
from biddesk.domain.announcements.parsing_text import read_card, read_loose
from biddesk.domain.announcements.parsing_values import (
    ParseError,
    clean,
    normalize_case_number,
    normalize_court,
    parse_property_numbers,
    parse_status,
)
from biddesk.domain.models import Property

__all__ = [
    "ParseError",
    "ParseResult",
    "normalize_case_number",
    "normalize_court",
    "parse_announcement",
    "parse_property_numbers",
    "parse_status",
]


@dataclass(frozen=True, kw_only=True)
class ParseResult:
    properties: tuple[Property, ...]
    warnings: tuple[str, ...]


MAX_UNREAD_WARNINGS = 10
_UNPLACED = "どの物件のものか分からないため"
_OUTSIDE = "物件の記載の外にあるため"


def parse_announcement(text: str, *, source: str = "") -> ParseResult:
    """Every property in an announcement text, each with its own warnings.

    ``source`` names the text in messages (a file name, 貼り付け). Raises ParseError when the
    text holds no property at all (no 事件番号); any other oddity is a warning.
    """
    prefix = f"{source}: " if source else ""
    lines = [
        Line(number=index + 1, raw=raw.strip(), text=clean(raw))
        for index, raw in enumerate(text.splitlines())
    ]
    if not any(line.text for line in lines):
        raise ParseError(f"{prefix}テキストが空のため、物件を読み取れませんでした。")
    state = ReadState.of(lines, prefix)
    properties = _read(state)
    if not properties:
        raise ParseError(
            f"{prefix}事件番号(例: 令和7年(ケ)第1234号)が見つからないため、"
            "物件を読み取れませんでした。"
        )
    return ParseResult(properties=properties, warnings=tuple(dict.fromkeys(state.warnings)))


def _read(state: ReadState) -> tuple[Property, ...]:
    """The properties of the text's cards and tables, in the order they are written."""
    tables = find_tables(state.lines)
    state.warnings.extend(
        f"{state.prefix}{headerless_warning(state.lines, table)}"
        for table in tables
        if table.header is None
    )
    regions = layout(state.lines, tables)
    found: list[tuple[int, Property]] = []
    blocks: list[Draft] = []
    block_common: Draft | None = None
    cursor = 0
    for position, region in enumerate(regions):
        loose = list(range(cursor, region.start))
        if region.table is not None:
            found.extend(_read_table_region(state, region, loose, first=position == 0))
        elif position == 0:
            block_common = read_loose(state, loose, preamble=True) if loose else None
        elif loose:
            _warn_unused(state, read_loose(state, loose), _OUTSIDE)
        if region.table is None:
            blocks.append(read_card(state, region.start, region.end))
        cursor = region.end
    rest = list(range(cursor, len(state.lines)))
    if rest:
        leftover = read_loose(state, rest, preamble=not regions)
        if regions:
            _warn_unused(state, leftover, "物件の記載より後にあるため")
    found.extend(_finish_blocks(state, blocks, block_common))
    found.sort(key=lambda item: item[0])
    _warn_unread(state)
    return _deduplicate(state, [prop for _, prop in found])


def _read_table_region(
    state: ReadState, region: Region, loose: list[int], *, first: bool
) -> list[tuple[int, Property]]:
    """A 公告: its header above the table is common to its rows (the first region's
    header reaches up to the text's start); loose text before a later 公告 is warned."""
    assert region.table is not None
    table = region.table
    if not first and loose:
        _warn_unused(state, read_loose(state, loose), _OUTSIDE)
    # A 公告's court line is for its own rows, not for cards pasted below it.
    section_court = state.section_court
    header = list(range(loose[0] if first and loose else region.start, min(table.lines)))
    common = read_loose(state, header, preamble=True)
    _warn_unused(state, common, _UNPLACED, keep=COMMON_FIELDS)
    court = common.court or state.section_court
    found = [
        (draft.first_line, _build(draft, common, court)) for draft in read_table_rows(state, table)
    ]
    state.section_court = section_court
    return found


def _finish_blocks(
    state: ReadState, blocks: list[Draft], common: Draft | None
) -> list[tuple[int, Property]]:
    if common is not None and len(blocks) == 1:
        # One card with text above it: that text is about this card too.
        merge_into(blocks[0], common)
        common = None
    elif common is not None:
        _warn_unused(state, common, _UNPLACED, keep=COMMON_FIELDS)
    return [
        (draft.first_line, _build(draft, common, draft.fallback_court or None)) for draft in blocks
    ]


def _build(draft: Draft, common: Draft | None, fallback: str | None) -> Property:
    if common is not None:
        for key in COMMON_FIELDS:
            if key not in draft.values and key in common.values:
                draft.values[key] = common.values[key]
    return build_property(draft, draft.court or fallback)


def _warn_unused(
    state: ReadState, draft: Draft, why: str, *, keep: frozenset[Field] = frozenset()
) -> None:
    for key, (line, shown) in draft.shown.items():
        if key not in keep:
            state.warnings.append(
                f"{state.prefix}{line}行目の{key.value}「{shown}」は{why}使いませんでした。"
            )
    state.warnings.extend(f"{state.prefix}{warning}" for warning in draft.warnings)


def _warn_unread(state: ReadState) -> None:
    unread = sorted(set(state.unread), key=lambda line: line.number)
    for line in unread[:MAX_UNREAD_WARNINGS]:
        shown = line.raw if len(line.raw) <= 40 else line.raw[:40] + "…"
        state.warnings.append(f"{state.prefix}{line.number}行目「{shown}」は読み取れませんでした。")
    if len(unread) > MAX_UNREAD_WARNINGS:
        state.warnings.append(
            f"{state.prefix}ほかに{len(unread) - MAX_UNREAD_WARNINGS}行、読み取れない行があります。"
        )


def _deduplicate(state: ReadState, properties: list[Property]) -> tuple[Property, ...]:
    kept: list[Property] = []
    seen: set[Property] = set()
    keys: set[tuple[str | None, str | None, tuple[str, ...]]] = set()
    for prop in properties:
        if prop in seen:
            state.warnings.append(
                f"{state.prefix}{prop.title}が2回書かれているため、1件として読み取りました。"
            )
            continue
        key = (prop.court, prop.case_number, prop.property_numbers)
        if prop.case_number is not None and key in keys:
            state.warnings.append(
                f"{state.prefix}{prop.title}が2回、異なる内容で書かれているため、"
                "どちらが正しいか確認してください。"
            )
        seen.add(prop)
        keys.add(key)
        kept.append(prop)
    return tuple(kept)
