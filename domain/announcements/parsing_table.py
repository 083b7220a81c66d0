"""Reading the rows of a 期間入札公告 table: one Draft per row.

A row is its 事件番号 (or the one of the row above: a case with several 物件), its 物件番号,
a status, its amounts in the heading's column order (thousands of yen in a 千円 table),
then a kind and an address when the table has those columns.
"""

from __future__ import annotations

from dataclasses import replace

from biddesk.domain.announcements.parsing_draft import Draft, TextValue, interpret_numbers, sentence
from biddesk.domain.announcements.parsing_layout import Line, ReadState, Table
from biddesk.domain.announcements.parsing_lines import (
    AMOUNT_FIELDS,
    NUMBERS_AT_START,
    Field,
    looks_like_address,
    row_case,
)
from biddesk.domain.announcements.parsing_text import (
    PUNCTUATION,
    read_fragment,
    read_fragments,
    store,
)
from biddesk.domain.announcements.parsing_values import (
    KIND_BADGE_RE,
    STATUS_FRAGMENT,
    AmountReading,
    ParseError,
    amount_readings,
    case_from_match,
    clean,
    read_amount,
)


def read_table_rows(state: ReadState, table: Table) -> list[Draft]:
    """One draft per row, each with the 事件番号 written on it or on a row above."""
    drafts: list[Draft] = []
    case: str | None = None
    case_error: str | None = None
    for row in table.rows:
        line = state.lines[row]
        draft = Draft(first_line=line.number)
        match = row_case(line.text)
        rest = line.text
        if match is not None:
            try:
                case, case_error = case_from_match(match), None
            except ParseError as error:
                case, case_error = None, str(error)
            split = state.split_cases.get(line.number)
            if split is not None and match.end() == split[0]:
                case, case_error = None, split[1]
            rest = line.text[match.end() :]
        draft.case, draft.case_error = case, case_error
        if not _read_row(state, draft, rest, table, line):
            state.unread.append(line)
        drafts.append(draft)
    return drafts


def _read_row(state: ReadState, draft: Draft, text: str, table: Table, line: Line) -> bool:
    """One 公告 row after its 事件番号; False when part of it was not understood."""
    rest = text
    numbers = NUMBERS_AT_START.match(rest) if Field.NUMBERS in table.columns else None
    if numbers is not None:
        reading = interpret_numbers(numbers.group("numbers"))
        if reading is not None:
            store(draft, Field.NUMBERS, reading, numbers.group("numbers"), line.number)
        rest = rest[numbers.end() :]
    status = STATUS_FRAGMENT.search(rest)
    if status is not None:
        read_fragment(draft, status.group(0), line.number)
        rest = rest[: status.start()] + " " + rest[status.end() :]
    amounts = _row_amounts(state, table, rest)
    _put_amounts(draft, table, amounts, line)
    for _, amount in amounts:
        rest = rest.replace(amount.text, " ", 1)
    leftover = clean(rest).strip(PUNCTUATION)
    if not leftover:
        return True
    kind = KIND_BADGE_RE.search(leftover) if Field.KIND in table.columns else None
    if kind is not None:
        read_fragment(draft, kind.group(0), line.number)
        leftover = clean(leftover.replace(kind.group(0), " ", 1))
    if leftover and (Field.ADDRESS in table.columns or looks_like_address(leftover)):
        draft.put(Field.ADDRESS, TextValue(text=leftover), leftover, line.number)
        return True
    return read_fragments(draft, leftover, line.number)


def _row_amounts(state: ReadState, table: Table, text: str) -> list[tuple[int, AmountReading]]:
    """The row's amounts; in a 千円 table a bare figure is thousands of yen (warned)."""
    amounts = amount_readings(text, "金額")
    if not table.thousands:
        return amounts
    read = [(start, _in_thousands(amount)) for start, amount in amounts]
    if read != amounts:
        first = state.lines[min(table.lines)].number
        state.warnings.append(
            f"{state.prefix}{first}行目からの表は千円単位のため、単位のない金額を"
            "1,000倍して読みました(公告の金額と照らし合わせてください)。"
        )
    return read


def _put_amounts(
    draft: Draft, table: Table, amounts: list[tuple[int, AmountReading]], line: Line
) -> None:
    """The amounts in the heading's order of amount columns; a different count reads none."""
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


def _in_thousands(amount: AmountReading) -> AmountReading:
    """A figure of a 千円 table: 「12,340」 is 12,340,000円, read as 「12,340千円」 (the one
    reader, its range and 0円 rule); a figure written with 円 or 万 keeps its own unit."""
    if amount.dash or amount.error or any(unit in amount.text for unit in "円万億兆千百十"):
        return amount
    reading = read_amount(f"{amount.text}千円", "金額")
    if reading is None:
        return amount
    return replace(amount, amount=reading.amount, error=reading.error)
