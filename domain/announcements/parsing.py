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

import re
from dataclasses import dataclass, replace

from biddesk.domain.announcements.parsing_draft import (
    Draft,
    Reading,
    TextValue,
    build_property,
    interpret,
    interpret_numbers,
    merge_into,
    sentence,
)
from biddesk.domain.announcements.parsing_lines import (
    AMOUNT_FIELDS,
    COMMON_FIELDS,
    NUMBERS_AT_START,
    PERIOD_FIELDS,
    TITLE_RE,
    Field,
    Segment,
    case_key,
    is_access_line,
    is_boilerplate,
    is_court_only,
    is_date_only,
    is_header_line,
    is_headerless_row,
    is_kind_badge,
    is_list_mark,
    is_status_word,
    is_table_row,
    looks_like_address,
    row_case,
    says_thousands_of_yen,
    scan_labels,
    starts_with_label,
    table_columns,
)
from biddesk.domain.announcements.parsing_values import (
    CASE_RE,
    COURT_RE,
    FARMLAND_MARK,
    KIND_BADGE_RE,
    STATUS_FRAGMENT,
    AmountReading,
    DateReading,
    ParseError,
    amount_readings,
    case_from_match,
    clean,
    court_from_match,
    normalize_case_number,
    normalize_court,
    parse_property_numbers,
    parse_status,
    read_amount,
    read_kind,
)
from biddesk.domain.dates import DATE_PATTERN
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


# The usual 期間入札公告 table when its heading row is missing.
DEFAULT_COLUMNS = (Field.CASE, Field.NUMBERS, Field.BASE, Field.MINIMUM, Field.DEPOSIT)
MAX_UNREAD_WARNINGS = 10
_PUNCTUATION = " :/|,、;。"
_PERIOD_PIECE = re.compile(
    rf"(?:[~〜\-]|から|より)?\s?(?:{DATE_PATTERN})?(?:\s?\([月火水木金土日]\))?\s?(?:まで)?"
)
_UNPLACED = "どの物件のものか分からないため"
_OUTSIDE = "物件の記載の外にあるため"
_UNKNOWN_LABEL = re.compile(r"^(?P<label>[^:\s]{1,15})\s?:")
_IMPORTANT_WORDS = re.compile(r"価|額|金|期間|期日|番号|裁判所")


@dataclass(frozen=True, kw_only=True)
class _Line:
    number: int  # 1-based, for messages
    raw: str
    text: str  # clean(raw)


def parse_announcement(text: str, *, source: str = "") -> ParseResult:
    """Every property in an announcement text, each with its own warnings.

    ``source`` names the text in messages (a file name, 貼り付け). Raises ParseError when the
    text holds no property at all (no 事件番号); any other oddity is a warning.
    """
    prefix = f"{source}: " if source else ""
    lines = [
        _Line(number=index + 1, raw=raw.strip(), text=clean(raw))
        for index, raw in enumerate(text.splitlines())
    ]
    if not any(line.text for line in lines):
        raise ParseError(f"{prefix}テキストが空のため、物件を読み取れませんでした。")
    reader = _Reader(lines, prefix)
    properties = reader.read()
    if not properties:
        raise ParseError(
            f"{prefix}事件番号(例: 令和7年(ケ)第1234号)が見つからないため、"
            "物件を読み取れませんでした。"
        )
    return ParseResult(properties=properties, warnings=tuple(dict.fromkeys(reader.warnings)))


@dataclass(frozen=True, kw_only=True)
class _Table:
    header: int | None  # line index of the heading row; None: rows without one
    columns: tuple[Field, ...]
    rows: tuple[int, ...]
    thousands: bool = False  # 「(千円)」/「(単位:千円)」: bare figures are thousands of yen

    @property
    def lines(self) -> tuple[int, ...]:
        return self.rows if self.header is None else (self.header, *self.rows)


_NUMBER_CONTINUED = re.compile(r"^\s?[0-9]{1,8}\s?号")


def _split_case_numbers(lines: list[_Line]) -> tuple[list[_Line], dict[int, tuple[int, str]]]:
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
        fixed[index] = _Line(number=line.number, raw=line.raw, text=joined)
        fixed[index + 1] = _Line(number=following.number, raw=following.raw, text="")
    return fixed, errors


class _Reader:
    """Splits the lines into preamble, cards and 公告 tables, and reads each."""

    def __init__(self, lines: list[_Line], prefix: str) -> None:
        self.lines, self.split_cases = _split_case_numbers(lines)
        self.prefix = prefix
        self.warnings: list[str] = []
        self.used: set[int] = set()
        self.unread: list[_Line] = []
        self.section_court: str | None = None

    # --- layout -------------------------------------------------------------------

    def read(self) -> tuple[Property, ...]:
        tables = self._find_tables()
        spans: list[tuple[int, int]] = []
        for table in tables:
            previous_end = spans[-1][1] if spans else 0
            spans.append((self._table_start(table, previous_end), max(table.lines) + 1))
        in_table = {i for start, end in spans for i in range(start, end)}
        anchors = [
            i
            for i, line in enumerate(self.lines)
            if i not in in_table and CASE_RE.search(line.text)
        ]
        regions = sorted(
            [(start, "block", k) for k, start in enumerate(self._block_starts(anchors, in_table))]
            + [(start, "table", k) for k, (start, _) in enumerate(spans)]
        )
        found: list[tuple[int, Property]] = []
        blocks: list[Draft] = []
        block_common: Draft | None = None
        cursor = 0
        for position, (start, kind, index) in enumerate(regions):
            if kind == "table":
                table, (_, end) = tables[index], spans[index]
                if position and cursor < start:
                    self._warn_unused(self._read_loose(list(range(cursor, start))), _OUTSIDE)
                # A 公告's court line is for its own rows, not for cards pasted below it.
                section_court = self.section_court
                first = min(table.lines)
                common = self._read_loose(
                    list(range(cursor if not position else start, first)), preamble=True
                )
                self._warn_unused(common, _UNPLACED, keep=COMMON_FIELDS)
                found.extend(self._read_table(table, common))
                self.section_court = section_court
                cursor = end
                continue
            loose = list(range(cursor, start))
            if position == 0:
                block_common = self._read_loose(loose, preamble=True) if loose else None
            elif loose:
                self._warn_unused(self._read_loose(loose), _OUTSIDE)
            end = regions[position + 1][0] if position + 1 < len(regions) else len(self.lines)
            draft = Draft(first_line=self.lines[start].number, fallback_court=self.section_court)
            for line_index in range(start, end):
                self._read_line(draft, line_index, end=end)
            blocks.append(draft)
            cursor = end
        rest = list(range(cursor, len(self.lines)))
        if rest:
            leftover = self._read_loose(rest, preamble=not regions)
            if regions:
                self._warn_unused(leftover, "物件の記載より後にあるため")
        found.extend(self._finish_blocks(blocks, block_common))
        found.sort(key=lambda item: item[0])
        self._warn_unread()
        return self._deduplicate([prop for _, prop in found])

    def _table_start(self, table: _Table, floor: int) -> int:
        """Where a 公告 begins above its table: its title (期間入札の公告) or its court line,
        found walking up over header lines (dates, 入札期間…, 書記官). Cards pasted above a
        公告 end there, so the 公告's dates never land in the last card."""
        start = min(table.lines)
        probe = start - 1
        while probe >= floor:
            text = self.lines[probe].text
            if text and not is_header_line(text):
                break
            if text and (TITLE_RE.fullmatch(text) or is_court_only(text)):
                start = probe
            probe -= 1
        return start

    def _find_tables(self) -> list[_Table]:
        tables: list[_Table] = []
        index = 0
        while index < len(self.lines):
            text = self.lines[index].text
            columns = table_columns(text)
            headerless = columns is None and is_headerless_row(text)
            if columns is None and not headerless:
                index += 1
                continue
            rows: list[int] = []
            row = index if headerless else index + 1
            while row < len(self.lines):
                line = self.lines[row].text
                if line and not is_table_row(line, headerless=headerless, continuing=bool(rows)):
                    break
                if line:
                    rows.append(row)
                row += 1
            above = [line.text for line in self.lines[max(0, index - 3) : index]]
            thousands = any(says_thousands_of_yen(line) for line in (*above, text))
            tables.append(
                _Table(
                    header=None if headerless else index,
                    columns=columns or DEFAULT_COLUMNS,
                    rows=tuple(rows),
                    thousands=thousands,
                )
            )
            if headerless:
                self.warnings.append(
                    f"{self.prefix}{self.lines[index].number}行目からの表に見出し行がないため、"
                    "金額を売却基準価額・買受可能価額・買受申出保証額の順に読みました。"
                )
            index = max(rows[-1] if rows else index, index) + 1
        return tables

    def _block_starts(self, anchors: list[int], in_table: set[int]) -> list[int]:
        """A card starts at its heading (事件番号), or at the kind badge / court line printed
        just above it (BIT: ``戸建て`` ⏎ ``神戸地方裁判所尼崎支部 令和07年(ケ)第233号``)."""
        starts: list[int] = []
        previous = -1
        previous_case: str | None = None
        for anchor in anchors:
            case = case_key(self.lines[anchor].text)
            if (
                previous >= 0
                and case == previous_case
                and self._only_furniture(previous + 1, anchor)
            ):
                continue  # the heading's 事件番号 repeated by a 事件番号 label: same card
            start = anchor
            taken = 0
            probe = anchor - 1
            while probe > previous and taken < 2 and probe not in in_table:
                text = self.lines[probe].text
                if text and not (is_kind_badge(text) or is_court_only(text)):
                    break
                if text:
                    start = probe
                    taken += 1
                probe -= 1
            starts.append(start)
            previous, previous_case = anchor, case
        return starts

    def _only_furniture(self, start: int, end: int) -> bool:
        return all(
            not line.text
            or is_boilerplate(line.text)
            or is_kind_badge(line.text)
            or is_court_only(line.text)
            for line in self.lines[start:end]
        )

    # --- reading lines ------------------------------------------------------------

    def _read_loose(self, indexes: list[int], *, preamble: bool = False) -> Draft:
        """Lines outside any card: a preamble (公告 header, text above the cards) or a tail."""
        draft = Draft(first_line=self.lines[indexes[0]].number if indexes else 0)
        end = max(indexes) + 1 if indexes else 0
        for index in indexes:
            self._read_line(draft, index, end=end, preamble=preamble)
        return draft

    def _read_line(self, draft: Draft, index: int, *, end: int, preamble: bool = False) -> None:
        if index in self.used:
            return
        line = self.lines[index]
        text = line.text
        if not text or is_boilerplate(text):
            return
        if is_date_only(text):
            if not preamble:  # a 公告's own date stands alone in its header
                self.unread.append(line)
            return
        masked, court_only = self._take_court(draft, text)
        masked = self._take_case(draft, masked, line)
        scan = scan_labels(masked)
        understood = court_only or self._read_free_text(draft, scan.prefix, line)
        for segment in scan.segments:
            understood = self._read_segment(draft, segment, index, end) and understood
        if not understood:
            self.unread.append(line)

    def _take_court(self, draft: Draft, text: str) -> tuple[str, bool]:
        masked = text
        for match in COURT_RE.finditer(text):
            draft.court = draft.court or court_from_match(match)
            masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
        court_only = masked != text and is_court_only(text)
        if court_only:
            self.section_court = normalize_court(text)
        return masked, court_only

    def _take_case(self, draft: Draft, text: str, line: _Line) -> str:
        masked = text
        for count, match in enumerate(CASE_RE.finditer(text)):
            masked = masked[: match.start()] + " " * len(match.group(0)) + masked[match.end() :]
            if count:
                self.warnings.append(
                    f"{self.prefix}{line.number}行目に事件番号が複数あるため、"
                    "最初の事件番号だけを使いました。"
                )
                continue
            split = self.split_cases.get(line.number)
            if split is not None and match.end() == split[0]:
                draft.case_error = draft.case_error or split[1]
                continue
            try:
                case = case_from_match(match)
            except ParseError as error:
                draft.case_error = draft.case_error or str(error)
                continue
            if draft.case is None:
                draft.case = case
            elif draft.case != case:
                draft.warnings.append(
                    f"事件番号が2つあるため({draft.case}、{case})、最初の事件番号を使いました。"
                )
        return masked

    def _read_free_text(self, draft: Draft, text: str, line: _Line) -> bool:
        """Unlabelled text: kind badge, status, (農地), address, station line. False when part
        of it was not understood."""
        value = text.strip(_PUNCTUATION)
        if not value or is_list_mark(value):
            return True
        unknown = _UNKNOWN_LABEL.match(text.strip())
        if unknown is not None:
            # A BIT detail we have no field for (構造: 木造…): fine unless it looks important.
            return _IMPORTANT_WORDS.search(unknown.group("label")) is None
        if is_access_line(value):
            return True
        if looks_like_address(value) and Field.ADDRESS not in draft.values:
            draft.put(Field.ADDRESS, TextValue(text=value), value, line.number)
            return True
        return self._read_fragments(draft, value, line.number)

    def _read_fragments(self, draft: Draft, text: str, line: int) -> bool:
        understood = True
        for fragment in text.split(" "):
            understood = (
                self._read_fragment(draft, fragment.strip(_PUNCTUATION), line) and understood
            )
        return understood

    def _read_fragment(self, draft: Draft, fragment: str, line: int) -> bool:
        if not fragment or is_list_mark(fragment):
            return True
        if is_kind_badge(fragment) or (FARMLAND_MARK.search(fragment) and len(fragment) <= 12):
            reading = read_kind(fragment)
            draft.kind_badge = draft.kind_badge or reading.kind
            draft.farmland = draft.farmland or reading.farmland
            return True
        if is_status_word(fragment):
            status = parse_status(fragment)
            if status is not None:
                draft.put(Field.STATUS, status, fragment, line)
            return True
        return False

    def _read_segment(self, draft: Draft, segment: Segment, index: int, end: int) -> bool:
        """Read one labelled value; False when part of the line was not understood."""
        value = segment.value
        if segment.field in (Field.COURT, Field.CASE):
            # Their values were taken (masked) already: what is left is no court/case.
            if value and not is_list_mark(value):
                draft.warnings.append(f"{segment.label}「{value}」を読み取れませんでした。")
            return True
        if value:
            reading = interpret(segment.field, value, segment.label)
            if reading is None:
                if segment.field is not Field.OTHER:
                    draft.warnings.append(f"{segment.label}「{value}」を読み取れませんでした。")
                return True
            value_index = index
        else:
            found = self._next_value(segment.field, index, end) if segment.last else None
            if found is None:
                return True  # an empty value stays empty
            reading, value_index = found
            self.used.add(value_index)
            value = self.lines[value_index].text
        if segment.field in PERIOD_FIELDS:
            reading, value = self._complete_period(segment.field, reading, value, value_index, end)
        return self._store(draft, segment.field, reading, value, self.lines[value_index].number)

    def _complete_period(
        self, key: Field, reading: Reading, value: str, index: int, end: int
    ) -> tuple[Reading, str]:
        """A period split over lines as table cells copy (``令和8年10月21日`` ⏎ ``〜`` ⏎
        ``令和8年10月29日``): join the next pieces while they are only a date or a 〜."""
        period = reading.value
        if not isinstance(period, DateReading) or period.start is None or _has_end(reading):
            return reading, value
        taken: list[int] = []
        probe = index + 1
        while probe < end and len(taken) < 3:
            text = self.lines[probe].text
            if text and (probe in self.used or not _PERIOD_PIECE.fullmatch(text)):
                break
            if text:
                taken.append(probe)
                value = f"{value} {text}"
                joined = interpret(key, value, key.value)
                if joined is not None and _has_end(joined):
                    self.used.update(taken)
                    return joined, value
            probe += 1
        return reading, value

    def _next_value(self, key: Field, index: int, end: int) -> tuple[Reading, int] | None:
        """The next line as the value of a label standing alone, if it is a valid value of
        that field. Otherwise the label is empty: a value never slides to a neighbour."""
        probe = index + 1
        while probe < end and not self.lines[probe].text and probe - index <= 2:
            probe += 1
        if probe >= end or probe in self.used:
            return None
        text = self.lines[probe].text
        if (
            not text
            or CASE_RE.search(text)
            or COURT_RE.search(text)
            or starts_with_label(text)
            or is_boilerplate(text)
            or is_access_line(text)
        ):
            return None
        reading = interpret(key, text, key.value, next_line=True)
        return (reading, probe) if reading is not None else None

    def _store(self, draft: Draft, key: Field, reading: Reading, shown: str, line: int) -> bool:
        draft.warnings.extend(sentence(error) for error in reading.errors)
        draft.farmland = draft.farmland or reading.farmland
        draft.registry_farmland = draft.registry_farmland or reading.registry_farmland
        understood = self._read_fragments(draft, reading.rest, line) if reading.rest else True
        if reading.remark:
            self._read_fragments(draft, reading.remark, line)  # a time, a comment: not a problem
        if reading.value is not None and key is not Field.OTHER:
            draft.put(
                Field.NUMBERS if key is Field.NUMBERS_KINDS else key, reading.value, shown, line
            )
        return understood

    # --- tables -------------------------------------------------------------------

    def _read_table(self, table: _Table, common: Draft) -> list[tuple[int, Property]]:
        found: list[tuple[int, Property]] = []
        case: str | None = None
        case_error: str | None = None
        court = common.court or self.section_court
        for row in table.rows:
            line = self.lines[row]
            draft = Draft(first_line=line.number)
            match = row_case(line.text)
            rest = line.text
            if match is not None:
                try:
                    case, case_error = case_from_match(match), None
                except ParseError as error:
                    case, case_error = None, str(error)
                split = self.split_cases.get(line.number)
                if split is not None and match.end() == split[0]:
                    case, case_error = None, split[1]
                rest = line.text[match.end() :]
            draft.case, draft.case_error = case, case_error
            if not self._read_row(draft, rest, table, line):
                self.unread.append(line)
            found.append((line.number, self._build(draft, common, court)))
        return found

    def _read_row(self, draft: Draft, text: str, table: _Table, line: _Line) -> bool:
        """One 公告 row after its 事件番号; False when part of it was not understood."""
        rest = text
        numbers = NUMBERS_AT_START.match(rest) if Field.NUMBERS in table.columns else None
        if numbers is not None:
            reading = interpret_numbers(numbers.group("numbers"))
            if reading is not None:
                self._store(draft, Field.NUMBERS, reading, numbers.group("numbers"), line.number)
            rest = rest[numbers.end() :]
        status = STATUS_FRAGMENT.search(rest)
        if status is not None:
            self._read_fragment(draft, status.group(0), line.number)
            rest = rest[: status.start()] + " " + rest[status.end() :]
        amounts = amount_readings(rest, "金額")
        if table.thousands:
            read = [(start, _in_thousands(amount)) for start, amount in amounts]
            if read != amounts:
                first = self.lines[min(table.lines)].number
                self.warnings.append(
                    f"{self.prefix}{first}行目からの表は千円単位のため、単位のない金額を"
                    "1,000倍して読みました(公告の金額と照らし合わせてください)。"
                )
            amounts = read
        columns = [column for column in table.columns if column in AMOUNT_FIELDS]
        if len(amounts) == len(columns):
            for column, (_, amount) in zip(columns, amounts, strict=True):
                if amount.error:
                    draft.warnings.append(sentence(amount.error.replace("金額", column.value, 1)))
                else:
                    draft.put(column, amount, amount.text, line.number)
        elif amounts:
            draft.warnings.append(
                f"金額の数({len(amounts)})が表の見出しの金額の列({len(columns)})と合わないため、"
                "金額を読み取れませんでした。"
            )
        for _, amount in amounts:
            rest = rest.replace(amount.text, " ", 1)
        leftover = clean(rest).strip(_PUNCTUATION)
        if not leftover:
            return True
        kind = KIND_BADGE_RE.search(leftover) if Field.KIND in table.columns else None
        if kind is not None:
            self._read_fragment(draft, kind.group(0), line.number)
            leftover = clean(leftover.replace(kind.group(0), " ", 1))
        if leftover and (Field.ADDRESS in table.columns or looks_like_address(leftover)):
            draft.put(Field.ADDRESS, TextValue(text=leftover), leftover, line.number)
            return True
        return self._read_fragments(draft, leftover, line.number)

    # --- building -----------------------------------------------------------------

    def _finish_blocks(
        self, blocks: list[Draft], common: Draft | None
    ) -> list[tuple[int, Property]]:
        if common is not None and len(blocks) == 1:
            # One card with text above it: that text is about this card too.
            merge_into(blocks[0], common)
            common = None
        elif common is not None:
            self._warn_unused(common, _UNPLACED, keep=COMMON_FIELDS)
        return [
            (draft.first_line, self._build(draft, common, draft.fallback_court or None))
            for draft in blocks
        ]

    def _build(self, draft: Draft, common: Draft | None, fallback: str | None) -> Property:
        if common is not None:
            for key in COMMON_FIELDS:
                if key not in draft.values and key in common.values:
                    draft.values[key] = common.values[key]
        return build_property(draft, draft.court or fallback)

    def _warn_unused(self, draft: Draft, why: str, *, keep: frozenset[Field] = frozenset()) -> None:
        for key, (line, shown) in draft.shown.items():
            if key not in keep:
                self.warnings.append(
                    f"{self.prefix}{line}行目の{key.value}「{shown}」は{why}使いませんでした。"
                )
        self.warnings.extend(f"{self.prefix}{warning}" for warning in draft.warnings)

    def _warn_unread(self) -> None:
        unread = sorted(set(self.unread), key=lambda line: line.number)
        for line in unread[:MAX_UNREAD_WARNINGS]:
            shown = line.raw if len(line.raw) <= 40 else line.raw[:40] + "…"
            self.warnings.append(
                f"{self.prefix}{line.number}行目「{shown}」は読み取れませんでした。"
            )
        if len(unread) > MAX_UNREAD_WARNINGS:
            self.warnings.append(
                f"{self.prefix}ほかに{len(unread) - MAX_UNREAD_WARNINGS}行、"
                "読み取れない行があります。"
            )

    def _deduplicate(self, properties: list[Property]) -> tuple[Property, ...]:
        kept: list[Property] = []
        seen: set[Property] = set()
        keys: set[tuple[str | None, str | None, tuple[str, ...]]] = set()
        for prop in properties:
            if prop in seen:
                self.warnings.append(
                    f"{self.prefix}{prop.title}が2回書かれているため、1件として読み取りました。"
                )
                continue
            key = (prop.court, prop.case_number, prop.property_numbers)
            if prop.case_number is not None and key in keys:
                self.warnings.append(
                    f"{self.prefix}{prop.title}が2回、異なる内容で書かれているため、"
                    "どちらが正しいか確認してください。"
                )
            seen.add(prop)
            keys.add(key)
            kept.append(prop)
        return tuple(kept)


def _in_thousands(amount: AmountReading) -> AmountReading:
    """A figure of a 千円 table: 「12,340」 is 12,340,000円, read as 「12,340千円」 (the one
    reader, its range and 0円 rule); a figure written with 円 or 万 keeps its own unit."""
    if amount.dash or amount.error or any(unit in amount.text for unit in "円万億兆千百十"):
        return amount
    reading = read_amount(f"{amount.text}千円", "金額")
    if reading is None:
        return amount
    return replace(amount, amount=reading.amount, error=reading.error)


def _has_end(reading: Reading) -> bool:
    return isinstance(reading.value, DateReading) and reading.value.end is not None
