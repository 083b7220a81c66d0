"""The portfolio file: one SQLite file per portfolio (contracts.md "Portfolio file").

Why it is safe to kill the program at any moment:
- Every change is one ``BEGIN IMMEDIATE … COMMIT`` transaction; WAL with synchronous=FULL
  makes a commit durable before ``apply`` returns (an edit is a user action: an fsync per
  edit costs nothing anyone notices, and a power cut loses no acknowledged edit).
- Foreign keys hold the rows together (a bid's transfer, documents and outcome go with it;
  deleting a property deletes its bids).
- A file is inspected read-only before anything writes to it (``integrity_check``): a newer,
  foreign or corrupt file is refused with one sentence and left byte-for-byte unchanged. An
  older file is copied to a backup beside it, then migrated in one transaction, and only
  then switched to WAL, so a failed or killed migration leaves the old file as it was.
- The edit lock ``<file>.lock`` is an OS lock held for the session (domain/lock.py): taken
  atomically, dropped by the OS when its holder dies; a holder that cannot be checked
  (another computer, an older BidDesk) is reported so the user can take over.

Where the file lives:
- Reading never writes and creates nothing beside the file: a closed file is in rollback
  journal mode (``close`` switches back from WAL), and a WAL-mode file with no -wal is read
  as immutable into memory. A read-only file, folder or volume, or a full disk, is read,
  never called damaged; editing it raises StoreNotWritableError saying why.
- On a network share (domain/filesystems.py) the rollback journal is used instead of WAL,
  whose shared memory does not work across computers; ``journal_note`` says so.

Schema version 2 (``PRAGMA user_version``; ``PRAGMA application_id`` = "BDK1" and the
``meta`` row ``format`` mark the file as ours): one table per entity (properties, bidders,
bids) and per bid part that is edited on its own (transfers, documents, outcomes), a
one-row settings table; small value lists that are always read with their owner
(物件番号, warnings, officers, the refund account, agent, loan, financing) are JSON columns.
Tables are STRICT with a named CHECK per column (``COLUMN_CHECKS``: amounts and dates within
domain/limits.py, enum values, JSON shapes), and every row is checked again on loading.

Version 0 was the prototype: ``meta`` plus ``portfolio_json(id, document)`` holding one
interchange JSON document; MIGRATIONS[0] turns it into version 1. Version 1 had the same
tables with SQLite's loose types; MIGRATIONS[1] checks every row and rebuilds them.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import json
import os
import re
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from domain.edits.change import Change as Change  # re-exported: the edit the store writes
from domain.edits.change import Place, Table
from domain.errors import DISK_FULL, DISK_IO, READ_ONLY_FILE, UserError, os_reason
from domain.limits import MAX_DATE, MAX_YEN, MIN_DATE, MIN_YEN
from domain.models import (
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
from domain.storage.filesystems import network_filesystem
from domain.storage.interchange import portfolio_from_json
from domain.storage.lock import FileLock, Holder, LockedError, lock_holder
from domain.storage.lock import lock_path as lock_path  # re-exported: callers name the lock file

SCHEMA_VERSION = 2
APPLICATION_ID = 0x42444B31  # "BDK1": marks the SQLite header as a BidDesk portfolio
FORMAT_MARKER = "biddesk-portfolio"
SUFFIX = ".biddesk"
SQLITE_HEADER = b"SQLite format 3\x00"
FILE_MODE = 0o600  # a portfolio holds names, addresses and bank accounts: owner only
BUSY_TIMEOUT_MS = 5000

_ID_RE = re.compile(r"([a-z]+)([0-9]{1,15})")
_PREFIX_RE = re.compile(r"[a-z]+")
E = TypeVar("E", bound=StrEnum)


class StoreError(UserError):
    """The portfolio file cannot be opened, read or written; one sentence for the user."""


class StoreLockedError(StoreError):
    """Another process (another window) holds, or may hold, the edit lock of the file.

    ``holder`` says who the lock file names; ``can_take_over`` is True when that holder
    cannot be checked from here (another computer, an older BidDesk): ask the user, then
    ``open(path, take_over=True)``."""

    def __init__(
        self, message: str, *, holder: Holder | None = None, can_take_over: bool = False
    ) -> None:
        super().__init__(message)
        self.holder = holder
        self.can_take_over = can_take_over


class StoreNotWritableError(StoreError):
    """The file can be read but not edited here: a read-only file, folder or volume, or a
    full disk. ``reason`` is the phrase before "ため" (e.g. "ファイルが読み取り専用の")."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


# --- schema -------------------------------------------------------------------------

PROPERTY_COLUMNS = (
    "id", "court", "case_number", "property_numbers", "kind", "farmland", "address",
    "base_price", "minimum_bid", "deposit", "deposit_estimated", "viewing_start",
    "bid_period_start", "bid_period_end", "opening_date", "sale_decision_date",
    "special_sale_start", "special_sale_end", "status", "warnings", "note", "creditor_offer",
)  # fmt: skip
BIDDER_COLUMNS = (
    "id", "kind", "name", "name_kana", "address", "birth_date", "representative_title",
    "representative_name", "officers", "refund_account", "sex",
)  # fmt: skip
BID_COLUMNS = (
    "id", "property", "bidder", "amount", "method", "submission", "planned_submission",
    "agent", "joint_bidders", "loan", "win_probability", "acquisition_costs", "note", "funder",
)  # fmt: skip
TRANSFER_COLUMNS = ("bid", "date", "payer_name", "payer_kana", "channel", "amount")
DOCUMENT_COLUMNS = ("bid", "position", "type", "issued", "name", "status", "note")
OUTCOME_COLUMNS = (
    "bid", "result", "top_bid", "payment_deadline", "paid_date", "refund_date",
    "refund_amount", "withdrawn_date",
)  # fmt: skip
SETTINGS_COLUMNS = ("id", "cash_on_hand", "reserve", "financing", "transfer_margin", "mail_margin")

SCHEMA_V1 = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE properties (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, court TEXT, case_number TEXT,
        property_numbers TEXT NOT NULL DEFAULT '[]', kind TEXT,
        farmland INTEGER NOT NULL DEFAULT 0, address TEXT, base_price INTEGER,
        minimum_bid INTEGER, deposit INTEGER, deposit_estimated INTEGER NOT NULL DEFAULT 0,
        viewing_start TEXT, bid_period_start TEXT, bid_period_end TEXT, opening_date TEXT,
        sale_decision_date TEXT, special_sale_start TEXT, special_sale_end TEXT,
        status TEXT NOT NULL DEFAULT 'announced', warnings TEXT NOT NULL DEFAULT '[]',
        note TEXT NOT NULL DEFAULT '')""",
    """CREATE TABLE bidders (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
        name TEXT NOT NULL DEFAULT '', name_kana TEXT NOT NULL DEFAULT '',
        address TEXT NOT NULL DEFAULT '', birth_date TEXT, representative_title TEXT,
        representative_name TEXT, officers TEXT NOT NULL DEFAULT '[]', refund_account TEXT)""",
    """CREATE TABLE bids (
        seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
        property TEXT REFERENCES properties(id) ON DELETE CASCADE,
        bidder TEXT REFERENCES bidders(id),
        amount INTEGER, method TEXT NOT NULL, submission TEXT NOT NULL,
        planned_submission TEXT, agent TEXT, joint_bidders TEXT NOT NULL DEFAULT '[]',
        loan TEXT, win_probability INTEGER, acquisition_costs INTEGER,
        note TEXT NOT NULL DEFAULT '')""",
    "CREATE INDEX bids_property ON bids(property)",
    "CREATE INDEX bids_bidder ON bids(bidder)",
    """CREATE TABLE transfers (
        bid TEXT PRIMARY KEY REFERENCES bids(id) ON DELETE CASCADE, date TEXT,
        payer_name TEXT NOT NULL, payer_kana TEXT NOT NULL, channel TEXT NOT NULL,
        amount INTEGER)""",
    """CREATE TABLE documents (
        bid TEXT NOT NULL REFERENCES bids(id) ON DELETE CASCADE, position INTEGER NOT NULL,
        type TEXT NOT NULL, issued TEXT, name TEXT NOT NULL, status TEXT NOT NULL,
        note TEXT NOT NULL, PRIMARY KEY (bid, position)) WITHOUT ROWID""",
    """CREATE TABLE outcomes (
        bid TEXT PRIMARY KEY REFERENCES bids(id) ON DELETE CASCADE, result TEXT NOT NULL,
        top_bid INTEGER, payment_deadline TEXT, paid_date TEXT, refund_date TEXT,
        refund_amount INTEGER, withdrawn_date TEXT)""",
    """CREATE TABLE settings (
        id INTEGER PRIMARY KEY CHECK (id = 1), cash_on_hand INTEGER NOT NULL,
        reserve INTEGER NOT NULL, financing TEXT NOT NULL, transfer_margin INTEGER NOT NULL,
        mail_margin INTEGER NOT NULL)""",
    "CREATE TABLE id_counters (prefix TEXT PRIMARY KEY, next INTEGER NOT NULL)",
)


# --- schema version 2: every column checked ---------------------------------------
# Version 1 had SQLite's loose types: a hand-edited or foreign-made file could hold text in
# an amount column, which then crashed `list` and the window far from the cause. Version 2
# tables are STRICT (a value of the wrong type is refused on writing) and each column has a
# named CHECK: amounts and dates inside domain/limits.py, enum values, JSON shapes. The same
# predicates check every row of a file on loading (``_check_rows``), so a file of any
# version, or one whose schema was tampered with, is refused in one sentence naming the
# table, the row and the column instead of crashing later.


def _yen(column: str) -> str:
    return f"(typeof({column}) = 'integer' AND {column} BETWEEN {MIN_YEN} AND {MAX_YEN})"


def _whole(column: str, low: int, high: int) -> str:
    return f"(typeof({column}) = 'integer' AND {column} BETWEEN {low} AND {high})"


def _day_check(column: str) -> str:
    # date(x, '+0 days') normalises: an impossible day (02-30) or any other spelling differs.
    return (
        f"(typeof({column}) = 'text' AND {column} BETWEEN '{MIN_DATE}' AND '{MAX_DATE}'"
        f" AND date({column}, '+0 days') IS {column})"
    )


def _text(column: str) -> str:
    return f"(typeof({column}) = 'text')"


def _choice(column: str, kind: type[StrEnum]) -> str:
    values = ", ".join(f"'{member.value}'" for member in kind)
    return f"(typeof({column}) = 'text' AND {column} IN ({values}))"


def _json_of(column: str, shape: str) -> str:
    return (
        f"(typeof({column}) = 'text' AND json_valid({column}) AND json_type({column}) = '{shape}')"
    )


def _maybe(predicate: str, column: str) -> str:
    return f"({column} IS NULL OR {predicate})"


_FLAG = "(typeof({0}) = 'integer' AND {0} IN (0, 1))"
_MAX_MARGIN_DAYS = 366  # business days of margin; the input's own limit is lower


def _column_checks() -> dict[str, dict[str, str]]:
    """table → column → the predicate every stored value satisfies (true or false, never
    NULL, so that it serves both as a CHECK and as a WHERE NOT (…) on loading)."""
    day, yen, text = _day_check, _yen, _text
    return {
        "properties": {
            "id": text("id"), "court": _maybe(text("court"), "court"),
            "case_number": _maybe(text("case_number"), "case_number"),
            "property_numbers": _json_of("property_numbers", "array"),
            "kind": _maybe(text("kind"), "kind"), "farmland": _FLAG.format("farmland"),
            "address": _maybe(text("address"), "address"),
            **{c: _maybe(yen(c), c) for c in ("base_price", "minimum_bid", "deposit")},
            "deposit_estimated": _FLAG.format("deposit_estimated"),
            **{
                c: _maybe(day(c), c)
                for c in (
                    "viewing_start", "bid_period_start", "bid_period_end", "opening_date",
                    "sale_decision_date", "special_sale_start", "special_sale_end",
                )
            },
            "status": _choice("status", PropertyStatus),
            "warnings": _json_of("warnings", "array"), "note": text("note"),
            "creditor_offer": _maybe(yen("creditor_offer"), "creditor_offer"),
        },
        "bidders": {
            "id": text("id"), "kind": _choice("kind", BidderKind), "name": text("name"),
            "name_kana": text("name_kana"), "address": text("address"),
            "birth_date": _maybe(day("birth_date"), "birth_date"),
            "representative_title": _maybe(text("representative_title"), "representative_title"),
            "representative_name": _maybe(text("representative_name"), "representative_name"),
            "officers": _json_of("officers", "array"),
            "refund_account": _maybe(_json_of("refund_account", "object"), "refund_account"),
            "sex": text("sex"),
        },
        "bids": {
            "id": text("id"), "property": _maybe(text("property"), "property"),
            "bidder": _maybe(text("bidder"), "bidder"), "amount": _maybe(yen("amount"), "amount"),
            "method": _choice("method", PaymentMethod),
            "submission": _choice("submission", Submission),
            "planned_submission": _maybe(day("planned_submission"), "planned_submission"),
            "agent": _maybe(_json_of("agent", "object"), "agent"),
            "joint_bidders": _json_of("joint_bidders", "array"),
            "loan": _maybe(_json_of("loan", "object"), "loan"),
            "win_probability": _maybe(_whole("win_probability", 0, 100), "win_probability"),
            "acquisition_costs": _maybe(yen("acquisition_costs"), "acquisition_costs"),
            "note": text("note"), "funder": _maybe(text("funder"), "funder"),
        },
        "transfers": {
            "bid": text("bid"), "date": _maybe(day("date"), "date"),
            "payer_name": text("payer_name"), "payer_kana": text("payer_kana"),
            "channel": _choice("channel", Channel), "amount": _maybe(yen("amount"), "amount"),
        },
        "documents": {
            "bid": text("bid"), "position": _whole("position", 0, 10_000),
            "type": _choice("type", DocType), "issued": _maybe(day("issued"), "issued"),
            "name": text("name"), "status": _choice("status", DocStatus), "note": text("note"),
        },
        "outcomes": {
            "bid": text("bid"), "result": _choice("result", OutcomeResult),
            "top_bid": _maybe(yen("top_bid"), "top_bid"),
            **{
                c: _maybe(day(c), c)
                for c in ("payment_deadline", "paid_date", "refund_date", "withdrawn_date")
            },
            "refund_amount": _maybe(yen("refund_amount"), "refund_amount"),
        },
        "settings": {
            "cash_on_hand": yen("cash_on_hand"), "reserve": yen("reserve"),
            "financing": _json_of("financing", "array"),
            "transfer_margin": _whole("transfer_margin", 0, _MAX_MARGIN_DAYS),
            "mail_margin": _whole("mail_margin", 0, _MAX_MARGIN_DAYS),
        },
    }  # fmt: skip


COLUMN_CHECKS = _column_checks()
_KEY_COLUMN = {"transfers": "bid", "documents": "bid", "outcomes": "bid", "settings": "id"}


def _strict(statement: str) -> str:
    """A version 1 CREATE TABLE as version 2: STRICT, with a named CHECK per column."""
    match = re.match(r"\s*CREATE TABLE (\w+)", statement)
    if match is None or match.group(1) not in COLUMN_CHECKS:
        return statement
    checks = ", ".join(
        f'CONSTRAINT "{match.group(1)}.{column}" CHECK {predicate}'
        for column, predicate in COLUMN_CHECKS[match.group(1)].items()
    )
    body, tail = statement.rsplit(")", 1)
    options = "STRICT, WITHOUT ROWID" if "WITHOUT ROWID" in tail else "STRICT"
    return f"{body}, {checks}) {options}"


ADDED_IN_V2: dict[str, tuple[tuple[str, str], ...]] = {
    "properties": (("creditor_offer", "INTEGER"),),
    "bidders": (("sex", "TEXT NOT NULL DEFAULT ''"),),
    "bids": (("funder", "TEXT REFERENCES bidders(id)"),),
}
"""Columns version 2 adds (contracts.md: a property's 63条 申出額, an individual's 性別, a bid's
funder), appended so that the row tuples of version 1 keep their positions."""


def _with_added_columns(statement: str) -> str:
    match = re.match(r"\s*CREATE TABLE (\w+)", statement)
    added = ADDED_IN_V2.get(match.group(1), ()) if match is not None else ()
    if not added:
        return statement
    body, tail = statement.rsplit(")", 1)
    columns = "".join(f", {name} {definition}" for name, definition in added)
    return f"{body}{columns}){tail}"


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Give older tables the columns added since, so a migration can read and write them
    with the current row tuples (ALTER TABLE … ADD COLUMN; existing rows get the default)."""
    for table, added in ADDED_IN_V2.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, definition in added:
            if name not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


SCHEMA_V2 = tuple(_strict(_with_added_columns(statement)) for statement in SCHEMA_V1)
_TABLES_CHILDREN_FIRST = (
    "transfers", "documents", "outcomes", "bids", "properties", "bidders", "settings",
    "id_counters",
)  # fmt: skip


class _BadValue(Exception):
    """A stored value outside its column's rule: (table, row id, column)."""


def _check_rows(conn: sqlite3.Connection) -> None:
    """Every row of every table against ``COLUMN_CHECKS``; _BadValue for the first that
    breaks a rule. One scan per table inside SQLite (10,000 bids: a few milliseconds)."""
    for table, checks in COLUMN_CHECKS.items():
        key = _KEY_COLUMN.get(table, "id")
        cases = " ".join(f"WHEN NOT {p} THEN '{c}'" for c, p in checks.items())
        every = " AND ".join(checks.values())
        sql = f"SELECT {key}, CASE {cases} END FROM {table} WHERE NOT ({every}) LIMIT 1"
        row = conn.execute(sql).fetchone()
        if row is not None:
            raise _BadValue(table, row[0], row[1])


def _create_tables(conn: sqlite3.Connection, schema: tuple[str, ...]) -> None:
    for statement in schema:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", (FORMAT_MARKER,))


def _create_v1(conn: sqlite3.Connection) -> None:
    _create_tables(conn, SCHEMA_V1)
    _add_missing_columns(conn)  # _write speaks the current columns
    _write(conn, Change(settings=Settings()))


def _create_current(conn: sqlite3.Connection) -> None:
    _create_tables(conn, SCHEMA_V2)
    _write(conn, Change(settings=Settings()))


def _write_all(conn: sqlite3.Connection, portfolio: Portfolio) -> None:
    """Every row of ``portfolio`` into freshly made tables (a migration's last step)."""
    _write(
        conn,
        Change(
            put_properties=portfolio.properties,
            put_bidders=portfolio.bidders,
            put_bids=portfolio.bids,
            settings=portfolio.settings,
        ),
    )


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    """Version 0 (prototype): the whole portfolio as one interchange JSON document."""
    row = conn.execute("SELECT document FROM portfolio_json ORDER BY id LIMIT 1").fetchone()
    portfolio = portfolio_from_json(json.loads(row[0])) if row else Portfolio()
    conn.execute("DROP TABLE portfolio_json")
    _create_v1(conn)
    _write_all(conn, portfolio)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 1 → 2: the same columns in STRICT, checked tables. Every row is checked
    first (a bad one stops the migration, naming it), then read, the tables rebuilt and
    the rows written back in their order; the id counters are kept."""
    _add_missing_columns(conn)
    _check_rows(conn)
    portfolio = _read(conn)
    counters = conn.execute("SELECT prefix, next FROM id_counters").fetchall()
    for table in _TABLES_CHILDREN_FIRST:
        conn.execute(f"DROP TABLE {table}")
    _create_tables(conn, SCHEMA_V2[1:])  # meta stays as it is
    _write_all(conn, portfolio)
    conn.executemany(_PUT_COUNTER, counters)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_0_to_1, _migrate_1_to_2)
"""``MIGRATIONS[v]`` turns schema version ``v`` into ``v + 1``, inside one transaction."""
assert len(MIGRATIONS) == SCHEMA_VERSION


# --- rows ⇄ values --------------------------------------------------------------------


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


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


def _property_row(p: Property) -> tuple[Any, ...]:
    return (
        p.id, p.court, p.case_number, _json(list(p.property_numbers)), p.kind, int(p.farmland),
        p.address, p.base_price, p.minimum_bid, p.deposit, int(p.deposit_estimated),
        _iso(p.viewing_start), _iso(p.bid_period_start), _iso(p.bid_period_end),
        _iso(p.opening_date), _iso(p.sale_decision_date), _iso(p.special_sale_start),
        _iso(p.special_sale_end), p.status.value, _json(list(p.warnings)), p.note,
        p.creditor_offer,
    )  # fmt: skip


def _property_of(row: tuple[Any, ...]) -> Property:
    return Property(
        id=row[0], court=row[1], case_number=row[2], property_numbers=_texts(row[3]),
        kind=row[4], farmland=bool(row[5]), address=row[6], base_price=row[7],
        minimum_bid=row[8], deposit=row[9], deposit_estimated=bool(row[10]),
        viewing_start=_day(row[11]), bid_period_start=_day(row[12]),
        bid_period_end=_day(row[13]), opening_date=_day(row[14]),
        sale_decision_date=_day(row[15]), special_sale_start=_day(row[16]),
        special_sale_end=_day(row[17]), status=_STATUS[row[18]],
        warnings=_texts(row[19]), note=row[20], creditor_offer=row[21],
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
    return Bid(
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
    return Transfer(
        date=_day(row[1]), payer_name=row[2], payer_kana=row[3], channel=_CHANNEL[row[4]],
        amount=row[5],
    )  # fmt: skip


def _document_row(bid_id: str, position: int, d: Document) -> tuple[Any, ...]:
    return (bid_id, position, d.type.value, _iso(d.issued), d.name, d.status.value, d.note)


@functools.lru_cache(maxsize=8192)
def _document_of(fields: tuple[Any, ...]) -> Document:
    """A document from (type, issued, name, status, note). Checklists repeat the same
    entries (入札書 missing, …) across bids; equal frozen values can be shared."""
    return Document(
        type=_DOC_TYPE[fields[0]], issued=_day(fields[1]), name=fields[2],
        status=_DOC_STATUS[fields[3]], note=fields[4],
    )  # fmt: skip


def _outcome_row(bid_id: str, o: Outcome) -> tuple[Any, ...]:
    return (
        bid_id, o.result.value, o.top_bid, _iso(o.payment_deadline), _iso(o.paid_date),
        _iso(o.refund_date), o.refund_amount, _iso(o.withdrawn_date),
    )  # fmt: skip


def _outcome_of(row: tuple[Any, ...]) -> Outcome:
    return Outcome(
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


# --- the edit lock (domain/lock.py) -------------------------------------------------


def _locked(error: LockedError) -> StoreLockedError:
    return StoreLockedError(str(error), holder=error.holder, can_take_over=error.can_take_over)


# --- opening ------------------------------------------------------------------------


def _create_private(path: Path) -> None:
    """An empty file readable by the owner only; fails if ``path`` exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)  # the umask may have taken bits away; never adds any


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _sibling(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def _in_wal_mode(path: Path) -> bool:
    """Whether the header says WAL (file format bytes 18–19 are 2)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(20)
    except OSError:
        return False
    return header[18:20] == b"\x02\x02"


def _reads_alone(path: Path) -> bool:
    """A WAL-mode file with no -wal beside it: no process has it open and every change is
    in the file itself. SQLite would create -wal and -shm to read it (and leave them, or
    fail in a read-only folder): such a file is read as immutable into memory instead."""
    return _in_wal_mode(path) and not _sibling(path, "-wal").exists()


def _connect(uri: str) -> sqlite3.Connection:
    return sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)


def _file_state(path: Path) -> tuple[int, int, bool]:
    info = path.stat()
    return info.st_size, info.st_mtime_ns, _sibling(path, "-wal").exists()


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, nor creates anything beside ``path``: a live
    read-only one, or for a file read alone an in-memory copy (checked unchanged while
    it was made, else read live)."""
    if not _reads_alone(path):
        return _connect(_uri(path, "ro"))
    before = _file_state(path)
    source = _connect(_uri(path, "ro") + "&immutable=1")
    try:
        memory = _connect(":memory:")
        source.backup(memory)
    finally:
        source.close()
    if _file_state(path) != before:  # an editor opened it meanwhile: read along with it
        memory.close()
        return _connect(_uri(path, "ro"))
    return memory


def _not_ours(path: Path) -> StoreError:
    return StoreError(f"BidDeskのポートフォリオではないSQLiteファイルのため開けません: {path}")


def _unknown(path: Path) -> StoreError:
    return StoreError(
        f"BidDeskのポートフォリオファイルではないか、壊れているため開けません: {path}"
    )


def _corrupt(path: Path) -> StoreError:
    return StoreError(
        f"ファイルが壊れているため開けません(バックアップがあればそちらを開いてください): {path}"
    )


def _bad_value(path: Path, bad: _BadValue) -> StoreError:
    table, row, column = bad.args
    return StoreError(
        f"ファイルの中に範囲外か形式の違う値があるため開けません(表{table}の{row}の{column}): "
        f"{path}"
    )


def _cannot_read(path: Path, error: sqlite3.Error) -> StoreError:
    """A failure to read that is not damage: say what it is, never "壊れています"."""
    text = str(error)
    if "disk is full" in text or "database or disk is full" in text:
        return StoreError(f"ディスクの空きが足りないため読めません: {path}")
    if "unable to open" in text or "readonly" in text:
        return StoreError(
            "フォルダに書き込めないため前回の変更(-wal)を読めません(-wal・-shmごと書き込める"
            f"フォルダへコピーすれば開けます): {path}"
        )
    if "locked" in text or "busy" in text:
        return StoreError(f"ほかのプログラムが使用中のため読めません: {path}")
    return _corrupt(path)


def _inspect(path: Path) -> int:
    """The schema version of ``path``, read without writing anything; StoreError for a file
    that is missing, newer, foreign or corrupt."""
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except FileNotFoundError:
        raise StoreError(f"ポートフォリオファイルが見つかりません: {path}") from None
    except IsADirectoryError:
        raise StoreError(f"ファイルではなくフォルダです: {path}") from None
    except OSError as error:
        raise StoreError(f"ファイルを読めません({error.strerror}): {path}") from None
    if not header.startswith(SQLITE_HEADER):
        raise _unknown(path)
    if len(header) < 100:
        raise _corrupt(path)
    try:
        conn = _connect_read_only(path)
    except sqlite3.DatabaseError as error:
        raise _cannot_read(path, error) from None
    try:
        return _inspected_version(conn, path)
    except sqlite3.DatabaseError as error:
        raise _cannot_read(path, error) from None
    finally:
        conn.close()


def _inspected_version(conn: sqlite3.Connection, path: Path) -> int:
    application_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if application_id not in (0, APPLICATION_ID):
        raise _not_ours(path)
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    marker = (
        conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone() if has_meta else None
    )
    if marker is None or marker[0] != FORMAT_MARKER:
        raise _not_ours(path)
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"新しいバージョンのBidDeskで作られたファイル(形式{version})のため、"
            f"このバージョン(形式{SCHEMA_VERSION}まで)では開けません: {path}"
        )
    # integrity_check, not quick_check: it also finds an index that disagrees with its
    # table (a lookup by id would miss rows). 10,000 bids: see docs/reliability.md.
    if conn.execute("PRAGMA integrity_check(1)").fetchall() != [("ok",)]:
        raise _corrupt(path)
    return int(version)


def _backup_path(path: Path, version: int) -> Path:
    candidate = path.with_name(f"{path.stem}.v{version}-backup{path.suffix}")
    number = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}.v{version}-backup-{number}{path.suffix}")
        number += 1
    return candidate


def _copy_database(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` at ``target`` (owner-only), via the backup API and a
    temporary file so that ``target`` is either complete or untouched."""
    temp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        _create_private(temp)
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            # A closed portfolio is one self-contained file (see PortfolioStore.close).
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        for sibling in ("-wal", "-shm", "-journal"):
            # A stale WAL beside the target would be replayed into the new file.
            _sibling(target, sibling).unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        for leftover in (temp, _sibling(temp, "-journal")):
            leftover.unlink(missing_ok=True)


def _journal_mode(path: Path) -> tuple[str, str | None]:
    """WAL on a local disk; the rollback journal on a network share, with the sentence
    that says so (item 12: WAL's shared memory does not work across computers)."""
    network = network_filesystem(path.parent)
    if network is None:
        return "wal", None
    return "delete", (
        f"ネットワーク上のフォルダ({network})にあるため、安全な保存方式(WALを使わない"
        "ロールバックジャーナル)で開きました。"
    )


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")


def _set_journal(conn: sqlite3.Connection, mode: str) -> None:
    """After any migration: a migration killed midway must leave the file as it was, and
    switching to WAL already rewrites the header."""
    if conn.execute(f"PRAGMA journal_mode = {mode}").fetchone()[0].lower() != mode:
        raise StoreError(f"ファイルを書き込み用に開けません({mode.upper()}モードにできません)。")
    conn.execute("PRAGMA synchronous = FULL")
    # A first read creates -wal and -shm now: a reader tells an open file by its -wal.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Building tens of thousands of values at once sets off the cycle collector again and
    again for nothing (they hold no cycles); pausing it makes loading about a third faster."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        # SQLite has already rolled back after some errors (SQLITE_FULL): a second
        # ROLLBACK would fail and hide the real reason.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _migrate(conn: sqlite3.Connection, version: int) -> None:
    with _transaction(conn):
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


_SQLITE_REASONS = (
    ("disk is full", DISK_FULL),
    ("readonly database", READ_ONLY_FILE),
    ("disk I/O error", DISK_IO),
    ("database is locked", "ほかのプログラムが使用中です"),
)


def _why(error: Exception) -> str:
    """SQLite's English reason (or an OS error), said in Japanese where we know it: the
    same words as an export that fails the same way (domain.errors.os_reason)."""
    if isinstance(error, OSError):
        return os_reason(error)
    text = str(error)
    return next((japanese for english, japanese in _SQLITE_REASONS if english in text), text)


_ROOM_TO_OPEN = 1 << 20  # -shm (32 KiB), the first WAL pages, the lock file: with margin


def _unwritable_reason(path: Path) -> str | None:
    """Why ``path`` can be read but not edited here, before anything is written; None
    when it looks writable (os.access knows read-only mounts and the real user's rights)."""
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return "フォルダに書き込めない"
    if not os.access(path, os.W_OK):
        return "ファイルが読み取り専用の"
    with contextlib.suppress(OSError):
        # Checked before anything is written: SQLite would already have switched the
        # header to WAL when it finds no room for the -shm.
        if shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN:
            return "ディスクの空きが足りない"
    return None


def _reason_of(error: BaseException, path: Path | None = None) -> str | None:
    """The not-writable reason behind an OSError or SQLite error, or None for others.
    SQLite reports a -shm it could not grow on a full disk as a mere "disk I/O error":
    the free space tells."""
    if path is not None and "disk I/O error" in str(error):
        with contextlib.suppress(OSError):
            if shutil.disk_usage(path.parent).free < _ROOM_TO_OPEN:
                return "ディスクの空きが足りない"
    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return "ディスクの空きが足りない"
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "フォルダに書き込めない"
        return None
    text = str(error)
    if "disk is full" in text:
        return "ディスクの空きが足りない"
    if "readonly" in text or "unable to open" in text:
        return "ファイルかフォルダに書き込めない"
    return None


def _not_writable(path: Path, reason: str) -> StoreNotWritableError:
    return StoreNotWritableError(
        f"{reason}ため、書き込み用に開けません(読み取り専用なら開けます): {path}", reason=reason
    )


def _leave_self_contained(conn: sqlite3.Connection) -> None:
    """On closing an edited file: back to the rollback journal, so that the closed file is
    one self-contained file (no -wal/-shm for a reader to create, nothing to lose when it
    is copied alone). Skipped, quietly, while another process still reads it."""
    with contextlib.suppress(sqlite3.Error):
        conn.execute("PRAGMA busy_timeout = 0")
        conn.execute("PRAGMA journal_mode = DELETE")


class PortfolioStore:
    """An open portfolio file. Use ``create`` or ``open``; ``close`` releases the lock."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        read_only: bool,
        lock: FileLock | None,
        migrated_from: int | None = None,
        backup: Path | None = None,
        journal_note: str | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.migrated_from = migrated_from
        """The schema version the file had when it was migrated on opening, else None."""
        self.backup = backup
        """The backup written before that migration."""
        self.journal_note = journal_note
        """A sentence to show once: the file is on a network share, saved without WAL."""
        self.read_only_reason: str | None = None
        """Set by the caller that fell back to reading: why the file could not be edited."""
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self._guard = threading.RLock()
        # Read on the first new_id(): opening a large file should not scan every id.
        self._next_ids: dict[str, int] | None = None

    # --- opening and closing ---------------------------------------------------------
    @classmethod
    def create(cls, path: Path) -> PortfolioStore:
        """A new, empty portfolio at ``path`` (owner-only); StoreError if it exists."""
        path = Path(path)
        try:
            _create_private(path)
        except FileExistsError:
            raise StoreError(f"同じ名前のファイルがすでにあります: {path}") from None
        except FileNotFoundError:
            raise StoreError(f"保存先のフォルダがありません: {path.parent}") from None
        except OSError as error:
            reason = _reason_of(error)
            if reason is not None:
                raise StoreError(f"{reason}ため、ファイルを作れません: {path}") from None
            raise StoreError(f"ファイルを作れません({error.strerror}): {path}") from None
        try:
            lock = FileLock.acquire(path)
        except (LockedError, OSError) as error:
            path.unlink(missing_ok=True)
            if isinstance(error, LockedError):
                raise _locked(error) from None
            raise StoreError(f"ロックファイルを作れません({error.strerror}): {path}") from None
        mode, note = _journal_mode(path)
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _configure(conn)
            _set_journal(conn, mode)
            with _transaction(conn):
                _create_current(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except (sqlite3.Error, StoreError) as error:
            lock.release()
            for suffix in ("", "-wal", "-shm", "-journal"):
                _sibling(path, suffix).unlink(missing_ok=True)
            reason = _why(error) if isinstance(error, sqlite3.Error) else str(error)
            raise StoreError(
                f"ポートフォリオファイルを作れませんでした({reason}): {path}"
            ) from None
        return cls(path, conn, read_only=False, lock=lock, journal_note=note)

    @classmethod
    def open(
        cls, path: Path, *, read_only: bool = False, take_over: bool = False
    ) -> PortfolioStore:
        """Open ``path``. A newer, foreign or corrupt file raises StoreError and is left as
        it is. An older file is backed up beside itself and migrated (read-only: migrated
        in memory only). StoreLockedError when another process edits it (``take_over``
        takes a lock whose holder cannot be checked, after the user said it is gone);
        StoreNotWritableError when it can only be read here (read-only file, folder or
        volume, a full disk)."""
        path = Path(path)
        version = _inspect(path)
        if read_only:
            return cls._open_read_only(path, version)
        reason = _unwritable_reason(path)
        if reason is not None:
            raise _not_writable(path, reason)
        try:
            lock = FileLock.acquire(path, take_over=take_over)
        except LockedError as error:
            raise _locked(error) from None
        except OSError as error:
            reason = _reason_of(error, path)
            if reason is not None:
                raise _not_writable(path, reason) from None
            raise StoreError(f"ロックファイルを作れません({error.strerror}): {path}") from None
        try:
            return cls._open_for_editing(path, version, lock)
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_for_editing(cls, path: Path, version: int, lock: FileLock) -> PortfolioStore:
        backup = None
        mode, note = _journal_mode(path)
        try:
            if version < SCHEMA_VERSION:
                backup = _backup_path(path, version)
                source = _connect_read_only(path)
                try:
                    if version >= 1:  # a file the migration will refuse gets no backup
                        _check_rows(source)
                    _copy_database(source, backup)
                finally:
                    source.close()
            absent = [s for s in ("-wal", "-shm", "-journal") if not _sibling(path, s).exists()]
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                _configure(conn)
                if version < SCHEMA_VERSION:
                    _migrate(conn, version)
                _set_journal(conn, mode)
            except BaseException:
                conn.close()
                for suffix in absent:  # made by this failed attempt, used by no one else
                    _sibling(path, suffix).unlink(missing_ok=True)
                raise
        except _BadValue as bad:
            raise _bad_value(path, bad) from None
        except UserError as error:
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"古い形式のファイルを変換できませんでした({error}): {path}") from None
        except (sqlite3.Error, OSError) as error:
            reason = _reason_of(error, path)
            if reason is not None:
                raise _not_writable(path, reason) from None
            raise StoreError(f"ファイルを書き込み用に開けません({_why(error)}): {path}") from None
        migrated = version if version < SCHEMA_VERSION else None
        return cls(
            path, conn, read_only=False, lock=lock, migrated_from=migrated, backup=backup,
            journal_note=note,
        )  # fmt: skip

    @classmethod
    def _open_read_only(cls, path: Path, version: int) -> PortfolioStore:
        try:
            conn = _connect_read_only(path)
            if version < SCHEMA_VERSION:
                # Read-only never writes the file: migrate a copy in memory.
                memory = _connect(":memory:")
                conn.backup(memory)
                conn.close()
                conn = memory
                conn.execute("PRAGMA foreign_keys = ON")
                _migrate(conn, version)
        except _BadValue as bad:
            raise _bad_value(path, bad) from None
        except UserError as error:
            raise StoreError(f"古い形式のファイルを読めませんでした({error}): {path}") from None
        except sqlite3.Error as error:
            raise _cannot_read(path, error) from None
        return cls(path, conn, read_only=True, lock=None)

    def close(self) -> None:
        with self._guard:
            if self._conn is not None:
                if not self.read_only:
                    _leave_self_contained(self._conn)
                self._conn.close()
                self._conn = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def __enter__(self) -> PortfolioStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"ポートフォリオファイルはすでに閉じています: {self.path}")
        return self._conn

    # --- reading and writing ---------------------------------------------------------
    def load(self) -> Portfolio:
        """The whole portfolio, read in one read transaction (a consistent snapshot)."""
        with self._guard:
            conn = self.conn
            try:
                conn.execute("BEGIN")
                try:
                    _check_rows(conn)
                    with _no_gc():
                        return _read(conn)
                finally:
                    conn.execute("COMMIT")
            except _BadValue as bad:
                raise _bad_value(self.path, bad) from None
            except (ValueError, KeyError, TypeError):
                # Inside a JSON column (an officer, a loan) where the row checks do not reach.
                raise StoreError(
                    f"ファイルの中に形式の違う値があるため開けません: {self.path}"
                ) from None
            except sqlite3.DatabaseError as error:
                raise _cannot_read(self.path, error) from None

    def apply(self, change: Change) -> None:
        """Write ``change`` in ONE transaction: all of it or, on any error, none of it."""
        if self.read_only:
            raise StoreError(f"読み取り専用で開いているため変更を保存できません: {self.path}")
        if change.is_empty:
            return
        with self._guard:
            conn = self.conn
            try:
                with _transaction(conn):
                    _write(conn, change)
            except sqlite3.IntegrityError as error:
                if "CHECK constraint failed" in str(error):
                    place = str(error).rsplit(":", 1)[-1].strip()
                    raise StoreError(
                        f"範囲外か形式の違う値({place})が含まれているため、変更を保存しません"
                        f"でした。ファイルは直前の状態のままです: {self.path}"
                    ) from None
                raise StoreError(
                    "存在しない物件・入札者を指す入札か、入札で使われている入札者の削除が"
                    "含まれているため、変更を保存しませんでした。"
                ) from None
            except (sqlite3.Error, OverflowError) as error:
                raise StoreError(
                    f"変更を保存できませんでした({_why(error)})。ファイルは直前の状態のままです: "
                    f"{self.path}"
                ) from None
        if self._next_ids is not None:
            self._next_ids = _next_numbers(_put_ids(change), self._next_ids)

    def new_id(self, prefix: str) -> str:
        """A fresh id such as ``p12``: never one in the file, never handed out before."""
        if not _PREFIX_RE.fullmatch(prefix):
            raise ValueError(f"id prefix must be lowercase letters: {prefix!r}")
        with self._guard:
            if self._next_ids is None:
                self._next_ids = self._id_counters()
            number = self._next_ids.get(prefix, 1)
            self._next_ids[prefix] = number + 1
        return f"{prefix}{number}"

    def _id_counters(self) -> dict[str, int]:
        """Next numbers per prefix: the stored counters (which outlive deleted rows) and
        every id in the file, so that a hand-made id is never handed out again."""
        conn = self.conn
        stored = dict(conn.execute("SELECT prefix, next FROM id_counters").fetchall())
        ids = conn.execute(
            "SELECT id FROM properties UNION ALL SELECT id FROM bidders "
            "UNION ALL SELECT id FROM bids"
        )
        return _next_numbers((row[0] for row in ids), stored)

    def save_as(self, path: Path) -> None:
        """A copy of the portfolio at ``path`` (owner-only), made with SQLite's backup API;
        an existing file there is replaced, unless another window edits it."""
        path = Path(path)
        if path.resolve() == self.path.resolve():
            raise StoreError(f"開いているファイルと同じ名前には保存できません: {path}")
        holder = lock_holder(path)
        if holder is not None:
            raise StoreLockedError(
                f"保存先のファイルは別のウィンドウで編集中です: {path}", holder=holder
            )
        with self._guard:
            try:
                _copy_database(self.conn, path)
            except FileNotFoundError:
                raise StoreError(f"保存先のフォルダがありません: {path.parent}") from None
            except (OSError, sqlite3.Error) as error:
                raise StoreError(f"名前を付けて保存できませんでした({error}): {path}") from None


def load_portfolio(path: Path) -> Portfolio:
    """The portfolio in ``path``, read-only (no lock, no change): for the CLI commands."""
    with PortfolioStore.open(Path(path), read_only=True) as store:
        return store.load()
