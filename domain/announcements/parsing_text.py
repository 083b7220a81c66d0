"""Reading the lines of a card or of loose text into a Draft.

A line gives its court and 事件番号 first (masked out), then its labelled values
(``label：value``, or a label alone with its value on the next line) and free text (kind
badge, status, address). A label without a value takes the next line only when that line is
a valid value of that field: a value never slides into a neighbouring field. A line not
understood is kept in ``ReadState.unread`` for one warning at the end.
"""

from __future__ import annotations

import re

from biddesk.domain.announcements.parsing_draft import (
    Draft,
    Reading,
    TextValue,
    interpret,
    sentence,
)
from biddesk.domain.announcements.parsing_layout import Line, ReadState
from biddesk.domain.announcements.parsing_lines import (
    PERIOD_FIELDS,
    Field,
    Segment,
    is_access_line,
    is_boilerplate,
    is_court_only,
    is_date_only,
    is_kind_badge,
    is_list_mark,
    is_status_word,
    looks_like_address,
    scan_labels,
    starts_with_label,
)
from biddesk.domain.announcements.parsing_values import (
    CASE_RE,
    COURT_RE,
    FARMLAND_MARK,
    DateReading,
    ParseError,
    case_from_match,
    court_from_match,
    normalize_court,
    parse_status,
    read_kind,
)
from biddesk.domain.dates import DATE_PATTERN

PUNCTUATION = " :/|,、;。"
_PERIOD_PIECE = re.compile(
    rf"(?:[~〜\-]|から|より)?\s?(?:{DATE_PATTERN})?(?:\s?\([月火水木金土日]\))?\s?(?:まで)?"
)
_UNKNOWN_LABEL = re.compile(r"^(?P<label>[^:\s]{1,15})\s?:")
_IMPORTANT_WORDS = re.compile(r"価|額|金|期間|期日|番号|裁判所")


def read_loose(state: ReadState, indexes: list[int], *, preamble: bool = False) -> Draft:
    """Lines outside any card: a preamble (公告 header, text above the cards) or a tail."""
    draft = Draft(first_line=state.lines[indexes[0]].number if indexes else 0)
    end = max(indexes) + 1 if indexes else 0
    for index in indexes:
        read_line(state, draft, index, end=end, preamble=preamble)
    return draft


def read_card(state: ReadState, start: int, end: int) -> Draft:
    """The card on lines ``start``..``end``; a court-only line above it is its fallback."""
    draft = Draft(first_line=state.lines[start].number, fallback_court=state.section_court)
    for index in range(start, end):
        read_line(state, draft, index, end=end)
    return draft


def read_line(
    state: ReadState, draft: Draft, index: int, *, end: int, preamble: bool = False
) -> None:
    if index in state.used:
        return
    line = state.lines[index]
    text = line.text
    if not text or is_boilerplate(text):
        return
    if is_date_only(text):
        if not preamble:  # a 公告's own date stands alone in its header
            state.unread.append(line)
        return
    masked, court_only = _take_court(state, draft, text)
    masked = _take_case(state, draft, masked, line)
    scan = scan_labels(masked)
    understood = court_only or _read_free_text(draft, scan.prefix, line)
    for segment in scan.segments:
        understood = _read_segment(state, draft, segment, index, end) and understood
    if not understood:
        state.unread.append(line)


def _mask(text: str, match: re.Match[str]) -> str:
    return text[: match.start()] + " " * len(match.group(0)) + text[match.end() :]


def _take_court(state: ReadState, draft: Draft, text: str) -> tuple[str, bool]:
    masked = text
    for match in COURT_RE.finditer(text):
        draft.court = draft.court or court_from_match(match)
        masked = _mask(masked, match)
    court_only = masked != text and is_court_only(text)
    if court_only:
        state.section_court = normalize_court(text)
    return masked, court_only


def _take_case(state: ReadState, draft: Draft, text: str, line: Line) -> str:
    masked = text
    for count, match in enumerate(CASE_RE.finditer(text)):
        masked = _mask(masked, match)
        if count:
            state.warnings.append(
                f"{state.prefix}{line.number}行目に事件番号が複数あるため、"
                "最初の事件番号だけを使いました。"
            )
            continue
        split = state.split_cases.get(line.number)
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


def _read_free_text(draft: Draft, text: str, line: Line) -> bool:
    """Unlabelled text: kind badge, status, (農地), address, station line. False when part
    of it was not understood."""
    value = text.strip(PUNCTUATION)
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
    return read_fragments(draft, value, line.number)


def read_fragments(draft: Draft, text: str, line: int) -> bool:
    """Space-separated words (kind badge, status, 農地); False when one is not understood."""
    understood = True
    for fragment in text.split(" "):
        understood = read_fragment(draft, fragment.strip(PUNCTUATION), line) and understood
    return understood


def read_fragment(draft: Draft, fragment: str, line: int) -> bool:
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


def _read_segment(state: ReadState, draft: Draft, segment: Segment, index: int, end: int) -> bool:
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
        found = _next_value(state, segment.field, index, end) if segment.last else None
        if found is None:
            return True  # an empty value stays empty
        reading, value_index = found
        state.used.add(value_index)
        value = state.lines[value_index].text
    if segment.field in PERIOD_FIELDS:
        reading, value = _complete_period(state, segment.field, reading, value, value_index, end)
    return store(draft, segment.field, reading, value, state.lines[value_index].number)


def _complete_period(
    state: ReadState, key: Field, reading: Reading, value: str, index: int, end: int
) -> tuple[Reading, str]:
    """A period split over lines as table cells copy (``令和8年10月21日`` ⏎ ``〜`` ⏎
    ``令和8年10月29日``): join the next pieces while they are only a date or a 〜."""
    period = reading.value
    if not isinstance(period, DateReading) or period.start is None or _has_end(reading):
        return reading, value
    taken: list[int] = []
    probe = index + 1
    while probe < end and len(taken) < 3:
        text = state.lines[probe].text
        if text and (probe in state.used or not _PERIOD_PIECE.fullmatch(text)):
            break
        if text:
            taken.append(probe)
            value = f"{value} {text}"
            joined = interpret(key, value, key.value)
            if joined is not None and _has_end(joined):
                state.used.update(taken)
                return joined, value
        probe += 1
    return reading, value


def _has_end(reading: Reading) -> bool:
    return isinstance(reading.value, DateReading) and reading.value.end is not None


def _next_value(state: ReadState, key: Field, index: int, end: int) -> tuple[Reading, int] | None:
    """The next line as the value of a label standing alone, if it is a valid value of
    that field. Otherwise the label is empty: a value never slides to a neighbour."""
    lines = state.lines
    probe = index + 1
    while probe < end and not lines[probe].text and probe - index <= 2:
        probe += 1
    if probe >= end or probe in state.used:
        return None
    text = lines[probe].text
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


def store(draft: Draft, key: Field, reading: Reading, shown: str, line: int) -> bool:
    """Put a field's reading into the draft with its errors and what is left beside it;
    False when that rest was not understood."""
    draft.warnings.extend(sentence(error) for error in reading.errors)
    draft.farmland = draft.farmland or reading.farmland
    draft.registry_farmland = draft.registry_farmland or reading.registry_farmland
    understood = read_fragments(draft, reading.rest, line) if reading.rest else True
    if reading.remark:
        read_fragments(draft, reading.remark, line)  # a time, a comment: not a problem
    if reading.value is not None and key is not Field.OTHER:
        draft.put(Field.NUMBERS if key is Field.NUMBERS_KINDS else key, reading.value, shown, line)
    return understood
