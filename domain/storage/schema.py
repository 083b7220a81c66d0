"""The portfolio file's tables: columns, the version 1 and 2 schemas, the CHECK of every
column (``COLUMN_CHECKS``) and the check of every stored row against them.

Version 2 tables are STRICT with a named CHECK per column: amounts and dates within
domain/limits.py, enum values, JSON shapes. The same predicates check every row of a file on
loading (``_check_rows``). Columns added since version 1 are in ``ADDED_IN_V2`` and
``ADDED_IN_V3`` (version 3: a property's 入札上限 inputs and risk sheet).
"""

from __future__ import annotations

import re
import sqlite3
from enum import StrEnum

from biddesk.domain.limits import MAX_DATE, MAX_YEN, MIN_DATE, MIN_YEN
from biddesk.domain.models import (
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    OutcomeResult,
    PaymentMethod,
    PropertyStatus,
    Submission,
)

SCHEMA_VERSION = 3
FORMAT_MARKER = "biddesk-portfolio"

# --- schema -------------------------------------------------------------------------

PROPERTY_COLUMNS = (
    "id", "court", "case_number", "property_numbers", "kind", "farmland", "address",
    "base_price", "minimum_bid", "deposit", "deposit_estimated", "viewing_start",
    "bid_period_start", "bid_period_end", "opening_date", "sale_decision_date",
    "special_sale_start", "special_sale_end", "status", "warnings", "note", "creditor_offer",
    "bid_limit", "risks",
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
DOCUMENT_COLUMNS = (
    "bid", "position", "type", "issued", "name", "status", "note", "representative",
)  # fmt: skip
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
            # version 3 (issue 17): the 入札上限 inputs and the 3点セット risk sheet
            "bid_limit": _maybe(_json_of("bid_limit", "object"), "bid_limit"),
            "risks": _maybe(_json_of("risks", "object"), "risks"),
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
            "representative": text("representative"),
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
    "documents": (("representative", "TEXT NOT NULL DEFAULT ''"),),
}
"""Columns version 2 adds (contracts.md: a property's 63条 申出額, an individual's 性別, a bid's
funder), appended so that the row tuples of version 1 keep their positions."""


# --- schema version 3 (issue 17): a property's 入札上限 inputs and 3点セット risk sheet, one
# JSON object each (domain/storage/analysis_json.py), NULL when not entered.
ADDED_IN_V3: dict[str, tuple[tuple[str, str], ...]] = {
    "properties": (("bid_limit", "TEXT"), ("risks", "TEXT")),
}


def _added_since_v1(table: str) -> tuple[tuple[str, str], ...]:
    """The columns added to ``table`` since version 1, in the order they were added."""
    return ADDED_IN_V2.get(table, ()) + ADDED_IN_V3.get(table, ())


def add_v3_columns(conn: sqlite3.Connection) -> None:
    """Version 2 → 3: the new columns, each with its named CHECK (ALTER TABLE … ADD COLUMN;
    existing rows hold NULL)."""
    for table, added in ADDED_IN_V3.items():
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, definition in added:
            if name not in present:
                check = COLUMN_CHECKS[table][name]
                conn.execute(
                    f"ALTER TABLE {table} ADD COLUMN {name} {definition}"
                    f' CONSTRAINT "{table}.{name}" CHECK {check}'
                )


def _with_added_columns(statement: str) -> str:
    match = re.match(r"\s*CREATE TABLE (\w+)", statement)
    added = _added_since_v1(match.group(1)) if match is not None else ()
    if not added:
        return statement
    columns = "".join(f", {name} {definition}" for name, definition in added)
    if ", PRIMARY KEY (" in statement:  # columns come before the table's constraints
        head, constraint = statement.split(", PRIMARY KEY (", 1)
        return f"{head}{columns}, PRIMARY KEY ({constraint}"
    body, tail = statement.rsplit(")", 1)
    return f"{body}{columns}){tail}"


def _add_missing_columns(conn: sqlite3.Connection) -> None:
    """Give older tables the columns added since, so a migration can read and write them
    with the current row tuples (ALTER TABLE … ADD COLUMN; existing rows get the default)."""
    for table in {**ADDED_IN_V2, **ADDED_IN_V3}:
        added = _added_since_v1(table)
        present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, definition in added:
            if name not in present:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {definition}")


SCHEMA_V2 = tuple(_strict(_with_added_columns(statement)) for statement in SCHEMA_V1)
"""The STRICT, checked tables of version 2 on, with every column added since (so version 3's
too: a version 1 file is rebuilt with the current columns, then the 2 → 3 step finds them)."""
_TABLES_CHILDREN_FIRST = (
    "transfers", "documents", "outcomes", "bids", "properties", "bidders", "settings",
    "id_counters",
)  # fmt: skip


class _BadValue(Exception):
    """A stored value outside its column's rule: (table, row id, column)."""


def _check_rows(conn: sqlite3.Connection) -> None:
    """Every row of every table against ``COLUMN_CHECKS``; _BadValue for the first that
    breaks a rule. One scan per table inside SQLite, in one statement (10,000 bids: ~80 ms).
    An older file lacks the columns added since (checked before its migration)."""
    present = {
        table: {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for table in COLUMN_CHECKS
    }
    _first_bad_row(conn, _rows_check_sql(present))


def _check_current_rows(conn: sqlite3.Connection) -> None:
    """``_check_rows`` for a file of the current version: one statement, prepared once, and
    no other query (the start-up checks run in a thread, and each query there waits for
    the GIL the window holds)."""
    _first_bad_row(conn, _CURRENT_ROWS_CHECK)


LINE_COLUMNS: dict[str, tuple[str, ...]] = {
    "properties": (
        "court", "case_number", "property_numbers", "kind", "address", "bid_period_start",
        "bid_period_end", "base_price", "minimum_bid", "deposit", "deposit_estimated", "status",
    ),
    "bids": ("property", "bidder", "amount"),
    "outcomes": ("result",),
    "bidders": ("name", "name_kana"),
}  # fmt: skip
"""The columns the table's lines show (storage/lines.py): checked before they are shown."""


def _check_line_rows(conn: sqlite3.Connection) -> None:
    """``_check_rows`` for the columns the table's lines read (a file of the current
    version): what must hold before the first paint; the rest is checked right after."""
    _first_bad_row(conn, _LINE_ROWS_CHECK)


def _first_bad_row(conn: sqlite3.Connection, sql: str) -> None:
    row = conn.execute(sql).fetchone()
    if row is not None:
        raise _BadValue(row[0], row[1], row[2])


def _rows_check_sql(present: dict[str, set[str]]) -> str:
    """One statement that yields (table, key, column) of the first row breaking a rule,
    the tables in ``COLUMN_CHECKS``' order; no row when every value keeps its rules."""
    parts = []
    for table, all_checks in COLUMN_CHECKS.items():
        checks = {c: p for c, p in all_checks.items() if c in present.get(table, ())}
        if not checks:
            continue
        key = _KEY_COLUMN.get(table, "id")
        cases = " ".join(f"WHEN NOT {p} THEN '{c}'" for c, p in checks.items())
        every = " AND ".join(checks.values())
        parts.append(
            f"SELECT * FROM (SELECT '{table}', {key}, CASE {cases} END FROM {table} "
            f"WHERE NOT ({every}) LIMIT 1)"
        )
    return " UNION ALL ".join(parts) + " LIMIT 1"


_CURRENT_ROWS_CHECK = _rows_check_sql({t: set(c) for t, c in COLUMN_CHECKS.items()})
_LINE_ROWS_CHECK = _rows_check_sql({t: set(c) for t, c in LINE_COLUMNS.items()})

# --- schema version 3: files kept inside the portfolio (issue 17 item 4) -------------
# BIT deletes a property's 3点セット after the period: the PDF and photos are kept in the
# file. One small row per file (``attachments``: listed, renamed, dumped without touching a
# blob page) and its bytes in ``attachment_contents``, written and read in chunks through
# SQLite's incremental blob I/O. No foreign key to properties: a deleted property's
# attachments stay until its editing session ends (``ORPHAN_ATTACHMENTS`` on opening and
# closing for editing), so that undoing the deletion brings them back with it.
ATTACHMENT_KINDS = ("pdf", "jpeg", "png", "tiff", "heic")
MAX_ATTACHMENT_BYTES = 200_000_000
"""One attached file at most (200MB; SQLite's own limit on one value is 1,000,000,000)."""

_KIND_LIST = ", ".join(f"'{kind}'" for kind in ATTACHMENT_KINDS)
TABLES_ADDED_IN_V3: tuple[str, ...] = (
    f"""CREATE TABLE attachments (
        id INTEGER PRIMARY KEY, property TEXT NOT NULL, name TEXT NOT NULL,
        kind TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL, added TEXT NOT NULL,
        CONSTRAINT "attachments.property" CHECK (property <> ''),
        CONSTRAINT "attachments.name" CHECK (length(name) BETWEEN 1 AND 255),
        CONSTRAINT "attachments.kind" CHECK (kind IN ({_KIND_LIST})),
        CONSTRAINT "attachments.size" CHECK {_whole("size", 1, MAX_ATTACHMENT_BYTES)},
        CONSTRAINT "attachments.sha256" CHECK (
            length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
        CONSTRAINT "attachments.added" CHECK {_day_check("added")}) STRICT""",
    "CREATE INDEX attachments_property ON attachments(property)",
    """CREATE TABLE attachment_contents (
        id INTEGER PRIMARY KEY REFERENCES attachments(id) ON DELETE CASCADE,
        content BLOB NOT NULL) STRICT""",
)
"""What version 3 adds: the attachment tables (made by MIGRATIONS[2] and in new files)."""

ORPHAN_ATTACHMENTS = "DELETE FROM attachments WHERE property NOT IN (SELECT id FROM properties)"
"""The attachments of properties deleted in an editing session that has ended (their
contents go with them: ON DELETE CASCADE)."""
