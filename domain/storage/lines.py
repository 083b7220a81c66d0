"""The portfolio table's lines straight from the file: one query, no domain values.

Opening a large portfolio, the window shows these first and reads the whole portfolio
after its first paint (gui/document.py). They equal ``overview.line_facts`` of the same
lines (tests/test_lines.py), in the same order: properties as stored, each one's bids as
stored, a property without bids as one line.
"""

from __future__ import annotations

import sqlite3

from biddesk.domain.overview import LineFacts, line_status
from biddesk.domain.storage.rows import _RESULT, _STATUS, _day, _texts

_LINES = """
    SELECT p.id, b.id, p.case_number, p.property_numbers, p.court, p.kind, p.address,
           p.bid_period_start, p.bid_period_end, p.base_price, p.minimum_bid, p.deposit,
           p.deposit_estimated, p.status, b.amount, o.result, x.name, x.name_kana
    FROM properties p
    LEFT JOIN bids b ON b.property = p.id
    LEFT JOIN outcomes o ON o.bid = b.id
    LEFT JOIN bidders x ON x.id = b.bidder
    ORDER BY p.seq, b.seq
"""


def read_lines(conn: sqlite3.Connection) -> list[LineFacts]:
    """Every line of the portfolio in ``conn`` (rows already checked: storage/schema.py)."""
    # A few dozen distinct states and 物件番号 lists among 10,000 lines: each worked out once.
    states: dict[tuple[str, bool, str | None, bool], tuple[str, bool]] = {}
    numbers_of: dict[str, tuple[str, ...]] = {}
    lines: list[LineFacts] = []
    append = lines.append
    new = tuple.__new__  # what LineFacts(...) calls, without its Python frame per line
    for row in conn.execute(_LINES):
        state_key = (row[13], row[1] is not None, row[15], row[14] is None)
        state = states.get(state_key)
        if state is None:
            status = _STATUS[row[13]]
            result = _RESULT[row[15]] if row[15] is not None else None
            label = line_status(
                status, has_bid=state_key[1], result=result, priced=not state_key[3]
            )
            state = states[state_key] = (label, not status.is_open)
        numbers = numbers_of.get(row[3])
        if numbers is None:
            numbers = numbers_of[row[3]] = _texts(row[3])
        append(
            new(LineFacts, (
                (row[0], row[1] or ""), row[2], numbers, row[4], row[5], row[6], _day(row[7]),
                _day(row[8]), row[9], row[10], row[11], bool(row[12]), row[14], row[16] or "",
                row[17] or "", *state,
            ))
        )  # fmt: skip
    return lines
