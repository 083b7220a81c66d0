"""Rows ⇄ values: how each model value is written to and read from its table, and the
one write of a Change (``_write``) and the one read of a portfolio (``_read``)."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from biddesk.domain.edits.change import Change, Place, Table
from biddesk.domain.frozen import builder
from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    Document,
    Financing,
    Loan,
    Officer,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    PropertyStatus,
    RefundAccount,
    Settings,
    Submission,
    Transfer,
)
from biddesk.domain.storage import analysis_json
from biddesk.domain.storage.schema import (
    BID_COLUMNS,
    BIDDER_COLUMNS,
    DOCUMENT_COLUMNS,
    OUTCOME_COLUMNS,
    PROPERTY_COLUMNS,
    SETTINGS_COLUMNS,
    TRANSFER_COLUMNS,
)

_ID_RE = re.compile(r"([a-z]+)([0-9]{1,15})")
E = TypeVar("E", bound=StrEnum)

# --- rows ⇄ values --------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_or_null(value: Any) -> str | None:
    return None if value is None else _json(value)


class StoredValueError(ValueError):
    """A stored JSON value its reader refuses (the file was edited outside BidDesk)."""


def _stored_value_error(path: str, problem: str) -> None:
    raise StoredValueError(f"{path}: {problem}")


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


@functools.lru_cache(maxsize=8192)
def _cached_day(text: str) -> date:
    return date.fromisoformat(text)


def _day(text: Any) -> date | None:
    # Dates repeat across thousands of rows (periods, openings): parse each once.
    return _cached_day(text) if text else None


@functools.lru_cache(maxsize=8192)
def _texts(text: str) -> tuple[str, ...]:
    """A JSON list of strings as a tuple (immutable, so cached values may be shared)."""
    return tuple(json.loads(text)) if text != "[]" else ()


def _lookup(kind: type[E]) -> dict[str, E]:
    """value → member; a dict lookup is far cheaper than ``Enum(value)`` per row."""
    return {member.value: member for member in kind}


_STATUS = _lookup(PropertyStatus)
_BIDDER_KIND = _lookup(BidderKind)
_METHOD = _lookup(PaymentMethod)
_SUBMISSION = _lookup(Submission)
_CHANNEL = _lookup(Channel)
_DOC_TYPE = _lookup(DocType)
_DOC_STATUS = _lookup(DocStatus)
_RESULT = _lookup(OutcomeResult)

# The values read most (a line each), built straight into their __dict__ (domain/frozen.py).
_PROPERTY = builder(Property)
_BID = builder(Bid)
_TRANSFER = builder(Transfer)
_OUTCOME = builder(Outcome)


def _property_row(p: Property) -> tuple[Any, ...]:
    return (
        p.id, p.court, p.case_number, _json(list(p.property_numbers)), p.kind, int(p.farmland),
        p.address, p.base_price, p.minimum_bid, p.deposit, int(p.deposit_estimated),
        _iso(p.viewing_start), _iso(p.bid_period_start), _iso(p.bid_period_end),
        _iso(p.opening_date), _iso(p.sale_decision_date), _iso(p.special_sale_start),
        _iso(p.special_sale_end), p.status.value, _json(list(p.warnings)), p.note,
        p.creditor_offer, _json_or_null(analysis_json.bid_limit_to_json(p.bid_limit)),
        _json_or_null(analysis_json.risks_to_json(p.risks)),
    )  # fmt: skip


def _property_of(row: tuple[Any, ...]) -> Property:
    return _PROPERTY(
        id=row[0], court=row[1], case_number=row[2], property_numbers=_texts(row[3]),
        kind=row[4], farmland=bool(row[5]), address=row[6], base_price=row[7],
        minimum_bid=row[8], deposit=row[9], deposit_estimated=bool(row[10]),
        viewing_start=_day(row[11]), bid_period_start=_day(row[12]),
        bid_period_end=_day(row[13]), opening_date=_day(row[14]),
        sale_decision_date=_day(row[15]), special_sale_start=_day(row[16]),
        special_sale_end=_day(row[17]), status=_STATUS[row[18]],
        warnings=_texts(row[19]), note=row[20], creditor_offer=row[21],
        bid_limit=None if row[22] is None else analysis_json.bid_limit_from_json(
            json.loads(row[22]), f"properties[{row[0]}].bid_limit", _stored_value_error
        ),
        risks=None if row[23] is None else analysis_json.risks_from_json(
            json.loads(row[23]), f"properties[{row[0]}].risks", _stored_value_error
        ),
    )  # fmt: skip


def _bidder_row(b: Bidder) -> tuple[Any, ...]:
    officers = [
        {"name": o.name, "name_kana": o.name_kana, "birth_date": _iso(o.birth_date),
         "sex": o.sex, "address": o.address}
        for o in b.officers
    ]  # fmt: skip
    account = b.refund_account
    account_json = (
        None
        if account is None
        else _json(
            {"bank": account.bank, "branch": account.branch, "type": account.type,
             "number": account.number, "holder_kana": account.holder_kana}
        )
    )  # fmt: skip
    return (
        b.id, b.kind.value, b.name, b.name_kana, b.address, _iso(b.birth_date),
        b.representative_title, b.representative_name, _json(officers), account_json, b.sex,
    )  # fmt: skip


def _bidder_of(row: tuple[Any, ...]) -> Bidder:
    officers = tuple(
        Officer(
            name=o["name"], name_kana=o["name_kana"], birth_date=_day(o["birth_date"]),
            sex=o["sex"], address=o["address"],
        )
        for o in json.loads(row[8])
    )  # fmt: skip
    account = json.loads(row[9]) if row[9] is not None else None
    return Bidder(
        id=row[0], kind=_BIDDER_KIND[row[1]], name=row[2], name_kana=row[3], address=row[4],
        birth_date=_day(row[5]), representative_title=row[6], representative_name=row[7],
        officers=officers,
        refund_account=None if account is None else RefundAccount(**account), sex=row[10],
    )  # fmt: skip


def _bid_row(b: Bid) -> tuple[Any, ...]:
    agent, loan = b.agent, b.loan
    agent_json = (
        None
        if agent is None
        else _json({"name": agent.name, "address": agent.address, "relation": agent.relation})
    )
    loan_json = (
        None
        if loan is None
        else _json(
            {
                "lender": loan.lender,
                "amount": loan.amount,
                "expected_date": _iso(loan.expected_date),
            }
        )
    )
    return (
        b.id, b.property or None, b.bidder or None, b.amount, b.method.value,
        b.submission.value, _iso(b.planned_submission), agent_json,
        _json(list(b.joint_bidders)), loan_json, b.win_probability, b.acquisition_costs, b.note,
        b.funder or None,
    )  # fmt: skip


def _bid_of(
    row: tuple[Any, ...],
    transfer: Transfer | None,
    documents: tuple[Document, ...],
    outcome: Outcome | None,
) -> Bid:
    agent = json.loads(row[7]) if row[7] is not None else None
    loan = json.loads(row[9]) if row[9] is not None else None
    return _BID(
        id=row[0], property=row[1] or "", bidder=row[2] or "", amount=row[3],
        method=_METHOD[row[4]], submission=_SUBMISSION[row[5]],
        planned_submission=_day(row[6]), agent=None if agent is None else Agent(**agent),
        joint_bidders=_texts(row[8]),
        loan=None if loan is None else Loan(
            lender=loan["lender"], amount=loan["amount"], expected_date=_day(loan["expected_date"])
        ),
        transfer=transfer, documents=documents, outcome=outcome, win_probability=row[10],
        acquisition_costs=row[11], note=row[12], funder=row[13] or "",
    )  # fmt: skip


def _transfer_row(bid_id: str, t: Transfer) -> tuple[Any, ...]:
    return (bid_id, _iso(t.date), t.payer_name, t.payer_kana, t.channel.value, t.amount)


def _transfer_of(row: tuple[Any, ...]) -> Transfer:
    return _TRANSFER(
        date=_day(row[1]), payer_name=row[2], payer_kana=row[3], channel=_CHANNEL[row[4]],
        amount=row[5],
    )  # fmt: skip


def _document_row(bid_id: str, position: int, d: Document) -> tuple[Any, ...]:
    return (
        bid_id, position, d.type.value, _iso(d.issued), d.name, d.status.value, d.note,
        d.representative,
    )  # fmt: skip


@functools.lru_cache(maxsize=8192)
def _document_of(fields: tuple[Any, ...]) -> Document:
    """A document from (type, issued, name, status, note, representative). Checklists repeat
    the same entries (入札書 missing, …) across bids; equal frozen values can be shared."""
    return Document(
        type=_DOC_TYPE[fields[0]], issued=_day(fields[1]), name=fields[2],
        status=_DOC_STATUS[fields[3]], note=fields[4], representative=fields[5],
    )  # fmt: skip


def _outcome_row(bid_id: str, o: Outcome) -> tuple[Any, ...]:
    return (
        bid_id, o.result.value, o.top_bid, _iso(o.payment_deadline), _iso(o.paid_date),
        _iso(o.refund_date), o.refund_amount, _iso(o.withdrawn_date),
    )  # fmt: skip


def _outcome_of(row: tuple[Any, ...]) -> Outcome:
    return _OUTCOME(
        result=_RESULT[row[1]], top_bid=row[2], payment_deadline=_day(row[3]),
        paid_date=_day(row[4]), refund_date=_day(row[5]), refund_amount=row[6],
        withdrawn_date=_day(row[7]),
    )  # fmt: skip


def _settings_row(s: Settings) -> tuple[Any, ...]:
    financing = [
        {"name": f.name, "amount": f.amount, "available_from": _iso(f.available_from)}
        for f in s.financing
    ]
    return (1, s.cash_on_hand, s.reserve, _json(financing), s.transfer_margin, s.mail_margin)


def _settings_of(row: tuple[Any, ...] | None) -> Settings:
    if row is None:
        return Settings()
    financing = tuple(
        Financing(name=f["name"], amount=f["amount"], available_from=_day(f["available_from"]))
        for f in json.loads(row[3])
    )
    return Settings(
        cash_on_hand=row[1], reserve=row[2], financing=financing, transfer_margin=row[4],
        mail_margin=row[5],
    )  # fmt: skip


def _upsert(table: str, columns: tuple[str, ...], key: str) -> str:
    names = ", ".join(columns)
    marks = ", ".join("?" for _ in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    # An upsert, not INSERT OR REPLACE: a REPLACE deletes the row first, and the cascade
    # would take the bids of a replaced property with it.
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT({key}) DO UPDATE SET {updates}"
    )


def _insert(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"


_PUT_PROPERTY = _upsert("properties", PROPERTY_COLUMNS, "id")
_PUT_BIDDER = _upsert("bidders", BIDDER_COLUMNS, "id")
_PUT_BID = _upsert("bids", BID_COLUMNS, "id")
_PUT_SETTINGS = _upsert("settings", SETTINGS_COLUMNS, "id")
_INSERT_TRANSFER = _insert("transfers", TRANSFER_COLUMNS)
_INSERT_DOCUMENT = _insert("documents", DOCUMENT_COLUMNS)
_INSERT_OUTCOME = _insert("outcomes", OUTCOME_COLUMNS)
_PUT_COUNTER = (
    "INSERT INTO id_counters (prefix, next) VALUES (?, ?) "
    "ON CONFLICT(prefix) DO UPDATE SET next = max(next, excluded.next)"
)


def _keys(ids: Iterable[str]) -> list[tuple[str]]:
    return [(key,) for key in ids]


def _put_ids(change: Change) -> Iterator[str]:
    yield from (p.id for p in change.put_properties)
    yield from (b.id for b in change.put_bidders)
    yield from (b.id for b in change.put_bids)


def _next_numbers(ids: Iterable[str], start: dict[str, int] | None = None) -> dict[str, int]:
    """For ids like ``p12``: the next free number per prefix (``{"p": 13}``), at least
    the numbers in ``start``."""
    counters = dict(start or {})
    for item_id in ids:
        match = _ID_RE.fullmatch(item_id)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            counters[prefix] = max(counters.get(prefix, 1), number + 1)
    return counters


_PUTS = {"properties": _PUT_PROPERTY, "bidders": _PUT_BIDDER, "bids": _PUT_BID}
_INSERTS_AT = {
    "properties": _insert("properties", ("seq", *PROPERTY_COLUMNS)),
    "bidders": _insert("bidders", ("seq", *BIDDER_COLUMNS)),
    "bids": _insert("bids", ("seq", *BID_COLUMNS)),
}


def _put_rows(
    conn: sqlite3.Connection, table: Table, change: Change, rows: list[tuple[str, tuple[Any, ...]]]
) -> None:
    """Insert-or-replace ``rows`` (id, values); a new row with a ``Place`` is inserted at
    its position (the undo of a deletion), the other new rows at the end."""
    values = dict(rows)
    placed: list[Place] = []
    for place in change.places_in(table):
        exists = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (place.id,)).fetchone()
        if place.id in values and exists is None:
            placed.append(place)
    for place in placed:
        conn.execute(_INSERTS_AT[table], (_seq_at(conn, table, place.index), *values[place.id]))
    done = {place.id for place in placed}
    conn.executemany(_PUTS[table], [row for key, row in rows if key not in done])


def _seq_at(conn: sqlite3.Connection, table: Table, index: int) -> int | None:
    """The ``seq`` that makes a new row the ``index``-th of ``table`` (None: the end). A
    deleted row leaves a gap in the numbers, so restoring it moves nothing; without a gap
    the later rows move up by one."""
    after = conn.execute(
        f"SELECT seq FROM {table} ORDER BY seq LIMIT 1 OFFSET ?", (index,)
    ).fetchone()
    if after is None:
        return None
    before = conn.execute(f"SELECT max(seq) FROM {table} WHERE seq < ?", (after[0],)).fetchone()[0]
    low = before if before is not None else 0
    if low + 1 < after[0]:
        return int(low) + 1
    # Two steps through negative numbers: seq is unique at every row of an UPDATE.
    conn.execute(f"UPDATE {table} SET seq = -seq - 1 WHERE seq >= ?", (after[0],))
    conn.execute(f"UPDATE {table} SET seq = -seq WHERE seq < 0")
    return int(after[0])


def _write(conn: sqlite3.Connection, change: Change) -> None:
    """``change`` on ``conn`` inside the caller's transaction: deletes, then puts."""
    conn.executemany("DELETE FROM bids WHERE id = ?", _keys(change.delete_bids))
    conn.executemany("DELETE FROM properties WHERE id = ?", _keys(change.delete_properties))
    conn.executemany("DELETE FROM bidders WHERE id = ?", _keys(change.delete_bidders))
    _put_rows(conn, "bidders", change, [(b.id, _bidder_row(b)) for b in change.put_bidders])
    _put_rows(conn, "properties", change, [(p.id, _property_row(p)) for p in change.put_properties])
    bids = change.put_bids
    _put_rows(conn, "bids", change, [(b.id, _bid_row(b)) for b in bids])
    ids = _keys(b.id for b in bids)
    for table in ("transfers", "documents", "outcomes"):
        conn.executemany(f"DELETE FROM {table} WHERE bid = ?", ids)
    conn.executemany(
        _INSERT_TRANSFER, [_transfer_row(b.id, b.transfer) for b in bids if b.transfer]
    )
    conn.executemany(
        _INSERT_DOCUMENT,
        [_document_row(b.id, i, d) for b in bids for i, d in enumerate(b.documents)],
    )
    conn.executemany(_INSERT_OUTCOME, [_outcome_row(b.id, b.outcome) for b in bids if b.outcome])
    if change.settings is not None:
        conn.execute(_PUT_SETTINGS, _settings_row(change.settings))
    counters = _next_numbers(_put_ids(change))
    conn.executemany(_PUT_COUNTER, list(counters.items()))


def _read(conn: sqlite3.Connection) -> Portfolio:
    def rows(table: str, columns: tuple[str, ...], order: str) -> Iterator[tuple[Any, ...]]:
        sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"
        return iter(conn.execute(sql))

    transfers = {r[0]: _transfer_of(r) for r in rows("transfers", TRANSFER_COLUMNS, "rowid")}
    outcomes = {r[0]: _outcome_of(r) for r in rows("outcomes", OUTCOME_COLUMNS, "rowid")}
    documents: dict[str, list[Document]] = {}
    for r in rows("documents", DOCUMENT_COLUMNS, "bid, position"):
        documents.setdefault(r[0], []).append(_document_of(r[2:]))
    bids = tuple(
        _bid_of(r, transfers.get(r[0]), tuple(documents.get(r[0], ())), outcomes.get(r[0]))
        for r in rows("bids", BID_COLUMNS, "seq")
    )
    settings_sql = f"SELECT {', '.join(SETTINGS_COLUMNS)} FROM settings WHERE id = 1"
    return Portfolio(
        settings=_settings_of(conn.execute(settings_sql).fetchone()),
        bidders=tuple(_bidder_of(r) for r in rows("bidders", BIDDER_COLUMNS, "seq")),
        properties=tuple(_property_of(r) for r in rows("properties", PROPERTY_COLUMNS, "seq")),
        bids=bids,
    )
