"""Creating the tables and migrating older files: ``MIGRATIONS[v]`` turns schema version
``v`` into ``v + 1`` inside the caller's transaction.

Version 0 was the prototype: ``meta`` plus ``portfolio_json(id, document)`` holding one
interchange JSON document; MIGRATIONS[0] turns it into version 1. Version 1 had the same
tables with SQLite's loose types; MIGRATIONS[1] checks every row and rebuilds them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from biddesk.domain.edits.change import Change
from biddesk.domain.models import (
    Portfolio,
    Settings,
)
from biddesk.domain.storage.interchange import portfolio_from_json
from biddesk.domain.storage.results_table import create_results_table
from biddesk.domain.storage.rows import _PUT_COUNTER, _read, _write
from biddesk.domain.storage.schema import (
    _TABLES_CHILDREN_FIRST,
    FORMAT_MARKER,
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_VERSION,
    TABLES_ADDED_IN_V3,
    _add_missing_columns,
    _check_rows,
    add_v3_columns,
)


def _create_tables(conn: sqlite3.Connection, schema: tuple[str, ...]) -> None:
    for statement in schema:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", (FORMAT_MARKER,))


def _create_v1(conn: sqlite3.Connection) -> None:
    _create_tables(conn, SCHEMA_V1)
    _add_missing_columns(conn)  # _write speaks the current columns
    _write(conn, Change(settings=Settings()))


def _create_current(conn: sqlite3.Connection) -> None:
    _create_tables(conn, SCHEMA_V2 + TABLES_ADDED_IN_V3)
    create_results_table(conn)  # version 3: the 売却結果 history
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


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 2 → 3: properties.bid_limit and properties.risks (issue 17: JSON objects,
    NULL in every existing row), added in place with their CHECKs; the new tables
    (attachments, the 売却結果 history, empty); every existing row stays as it is."""
    add_v3_columns(conn)
    _check_rows(conn)
    for statement in TABLES_ADDED_IN_V3:
        conn.execute(statement)
    create_results_table(conn)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (
    _migrate_0_to_1,
    _migrate_1_to_2,
    _migrate_2_to_3,
)
"""``MIGRATIONS[v]`` turns schema version ``v`` into ``v + 1``, inside one transaction."""
assert len(MIGRATIONS) == SCHEMA_VERSION
