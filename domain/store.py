"""The portfolio file: one SQLite file per portfolio (contracts.md "Portfolio file").

Why it is safe to kill the program at any moment:
- Every change is one ``BEGIN IMMEDIATE … COMMIT`` transaction; WAL with synchronous=FULL
  makes a commit durable before ``apply`` returns (an edit is a user action: an fsync per
  edit costs nothing anyone notices, and a power cut loses no acknowledged edit).
- Foreign keys hold the rows together (a bid's transfer, documents and outcome go with it;
  deleting a property deletes its bids).
- A file is inspected read-only before anything writes to it: a newer, foreign or corrupt
  file is refused with one sentence and left byte-for-byte unchanged. An older file is
  copied to a backup beside it, then migrated in one transaction.
- A lock file ``<file>.lock`` (pid, host) stops a second window editing the same file
  unknowingly; a lock whose process is gone on this host is taken over.

Schema version 1 (``PRAGMA user_version``; ``PRAGMA application_id`` = "BDK1" and the
``meta`` row ``format`` mark the file as ours): one table per entity (properties, bidders,
bids) and per bid part that is edited on its own (transfers, documents, outcomes), a
one-row settings table; small value lists that are always read with their owner
(物件番号, warnings, officers, the refund account, agent, loan, financing) are JSON columns.

Version 0 was the prototype: ``meta`` plus ``portfolio_json(id, document)`` holding one
interchange JSON document; MIGRATIONS[0] turns it into version 1.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import re
import socket
import sqlite3
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from domain.errors import DISK_FULL, DISK_IO, READ_ONLY_FILE, UserError, os_reason
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

SCHEMA_VERSION = 1
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
    """Another live process (another window) holds the edit lock of the file."""


@dataclass(frozen=True, kw_only=True)
class Change:
    """One edit, written in one transaction: the single mutation path of a portfolio.

    Puts are insert-or-replace by id, deletes are by id (deleting a property deletes its
    bids). Undo is ``apply`` of an inverse Change built by the caller from the state
    before the edit."""

    put_properties: tuple[Property, ...] = ()
    put_bidders: tuple[Bidder, ...] = ()
    put_bids: tuple[Bid, ...] = ()
    delete_properties: tuple[str, ...] = ()
    delete_bidders: tuple[str, ...] = ()
    delete_bids: tuple[str, ...] = ()
    settings: Settings | None = None

    @property
    def is_empty(self) -> bool:
        return not (
            self.put_properties
            or self.put_bidders
            or self.put_bids
            or self.delete_properties
            or self.delete_bidders
            or self.delete_bids
            or self.settings is not None
        )


# --- schema -------------------------------------------------------------------------

PROPERTY_COLUMNS = (
    "id", "court", "case_number", "property_numbers", "kind", "farmland", "address",
    "base_price", "minimum_bid", "deposit", "deposit_estimated", "viewing_start",
    "bid_period_start", "bid_period_end", "opening_date", "sale_decision_date",
    "special_sale_start", "special_sale_end", "status", "warnings", "note",
)  # fmt: skip
BIDDER_COLUMNS = (
    "id", "kind", "name", "name_kana", "address", "birth_date", "representative_title",
    "representative_name", "officers", "refund_account",
)  # fmt: skip
BID_COLUMNS = (
    "id", "property", "bidder", "amount", "method", "submission", "planned_submission",
    "agent", "joint_bidders", "loan", "win_probability", "acquisition_costs", "note",
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


def _create_v1(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_V1:
        conn.execute(statement)
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('format', ?)", (FORMAT_MARKER,))
    _write(conn, Change(settings=Settings()))


def _migrate_0_to_1(conn: sqlite3.Connection) -> None:
    """Version 0 (prototype): the whole portfolio as one interchange JSON document."""
    # Imported here: domain.interchange builds on this module (Change).
    from domain.interchange import portfolio_from_json

    row = conn.execute("SELECT document FROM portfolio_json ORDER BY id LIMIT 1").fetchone()
    portfolio = portfolio_from_json(json.loads(row[0])) if row else Portfolio()
    conn.execute("DROP TABLE portfolio_json")
    _create_v1(conn)
    _write(
        conn,
        Change(
            put_properties=portfolio.properties,
            put_bidders=portfolio.bidders,
            put_bids=portfolio.bids,
            settings=portfolio.settings,
        ),
    )


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_migrate_0_to_1,)
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
        warnings=_texts(row[19]), note=row[20],
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
        b.representative_title, b.representative_name, _json(officers), account_json,
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
        refund_account=None if account is None else RefundAccount(**account),
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
        acquisition_costs=row[11], note=row[12],
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


def _write(conn: sqlite3.Connection, change: Change) -> None:
    """``change`` on ``conn`` inside the caller's transaction: deletes, then puts."""
    conn.executemany("DELETE FROM bids WHERE id = ?", _keys(change.delete_bids))
    conn.executemany("DELETE FROM properties WHERE id = ?", _keys(change.delete_properties))
    conn.executemany("DELETE FROM bidders WHERE id = ?", _keys(change.delete_bidders))
    conn.executemany(_PUT_BIDDER, [_bidder_row(b) for b in change.put_bidders])
    conn.executemany(_PUT_PROPERTY, [_property_row(p) for p in change.put_properties])
    bids = change.put_bids
    conn.executemany(_PUT_BID, [_bid_row(b) for b in bids])
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
    conn.executemany(
        "INSERT INTO id_counters (prefix, next) VALUES (?, ?) "
        "ON CONFLICT(prefix) DO UPDATE SET next = max(next, excluded.next)",
        list(counters.items()),
    )


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


# --- the edit lock ------------------------------------------------------------------

_HELD: set[str] = set()  # lock files this process holds (a pid alone cannot tell)
_HELD_GUARD = threading.Lock()


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _read_lock(path: Path) -> dict[str, Any] | None:
    """The holder recorded in a lock file; None when it is gone or unreadable (stale)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    return data


def _holder_alive(holder: dict[str, Any], path: Path) -> bool:
    if holder.get("host") != socket.gethostname():
        return True  # a process on another machine cannot be checked: assume it is alive
    if holder["pid"] == os.getpid():
        with _HELD_GUARD:
            return str(path) in _HELD
    return _pid_alive(holder["pid"])


def _publish(path: Path, content: str) -> bool:
    """Create ``path`` holding ``content`` atomically; False when it already exists."""
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(content)
        try:
            os.link(temp, path)  # a hard link appears complete or not at all
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            except FileExistsError:
                return False
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
        return True
    finally:
        temp.unlink(missing_ok=True)


@dataclass(frozen=True, kw_only=True)
class _Lock:
    path: Path
    token: str

    @classmethod
    def acquire(cls, db_path: Path) -> _Lock:
        path = lock_path(db_path)
        token = uuid.uuid4().hex
        content = _json(
            {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "token": token,
                "since": datetime.now().isoformat(timespec="seconds"),
            }
        )
        for _ in range(3):
            try:
                created = _publish(path, content)
            except OSError as error:
                raise StoreError(f"ロックファイルを作れません({error.strerror}): {path}") from None
            if created:
                with _HELD_GUARD:
                    _HELD.add(str(path))
                return cls(path=path, token=token)
            holder = _read_lock(path)
            if holder is not None and _holder_alive(holder, path):
                raise StoreLockedError(
                    f"このファイルは別のウィンドウ(プロセス{holder['pid']}、"
                    f"{holder.get('host', '?')})で編集中です: {db_path}"
                )
            # The holder is gone (crashed or killed): take the lock over.
            path.unlink(missing_ok=True)
        raise StoreLockedError(f"このファイルのロックを取得できませんでした: {db_path}")

    def release(self) -> None:
        with _HELD_GUARD:
            _HELD.discard(str(self.path))
        holder = _read_lock(self.path)
        if holder is not None and holder.get("token") == self.token:
            self.path.unlink(missing_ok=True)


# --- opening ------------------------------------------------------------------------


def _create_private(path: Path) -> None:
    """An empty file readable by the owner only; fails if ``path`` exists."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    os.chmod(path, FILE_MODE)  # the umask may have taken bits away; never adds any


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(
        _uri(path, "ro"), uri=True, isolation_level=None, check_same_thread=False
    )


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
    except sqlite3.Error:
        raise _corrupt(path) from None
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if application_id not in (0, APPLICATION_ID):
            raise _not_ours(path)
        has_meta = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone()
        marker = (
            conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if has_meta
            else None
        )
        if marker is None or marker[0] != FORMAT_MARKER:
            raise _not_ours(path)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"新しいバージョンのBidDeskで作られたファイル(形式{version})のため、"
                f"このバージョン(形式{SCHEMA_VERSION}まで)では開けません: {path}"
            )
        if conn.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
            raise _corrupt(path)
    except sqlite3.DatabaseError:
        raise _corrupt(path) from None
    finally:
        conn.close()
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
        finally:
            copy.close()
        for sibling in ("-wal", "-shm", "-journal"):
            # A stale WAL beside the target would be replayed into the new file.
            Path(f"{target}{sibling}").unlink(missing_ok=True)
        os.replace(temp, target)
    finally:
        for leftover in (temp, Path(f"{temp}-journal")):
            leftover.unlink(missing_ok=True)


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
        raise StoreError("ファイルを書き込み用に開けません(WALモードにできません)。")
    conn.execute("PRAGMA synchronous = FULL")


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


class PortfolioStore:
    """An open portfolio file. Use ``create`` or ``open``; ``close`` releases the lock."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        *,
        read_only: bool,
        lock: _Lock | None,
        migrated_from: int | None = None,
        backup: Path | None = None,
    ) -> None:
        self.path = path
        self.read_only = read_only
        self.migrated_from = migrated_from
        """The schema version the file had when it was migrated on opening, else None."""
        self.backup = backup
        """The backup written before that migration."""
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
            raise StoreError(f"ファイルを作れません({error.strerror}): {path}") from None
        try:
            lock = _Lock.acquire(path)
        except StoreError:
            path.unlink(missing_ok=True)
            raise
        try:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            _configure(conn)
            with _transaction(conn):
                _create_v1(conn)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        except (sqlite3.Error, StoreError) as error:
            lock.release()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            raise StoreError(f"ポートフォリオファイルを作れませんでした({error}): {path}") from None
        return cls(path, conn, read_only=False, lock=lock)

    @classmethod
    def open(cls, path: Path, *, read_only: bool = False) -> PortfolioStore:
        """Open ``path``. A newer, foreign or corrupt file raises StoreError and is left as
        it is. An older file is backed up beside itself and migrated (read-only: migrated
        in memory only). StoreLockedError when another live process edits it."""
        path = Path(path)
        version = _inspect(path)
        if read_only:
            return cls._open_read_only(path, version)
        lock = _Lock.acquire(path)
        try:
            backup = None
            if version < SCHEMA_VERSION:
                backup = _backup_path(path, version)
                source = _connect_read_only(path)
                try:
                    _copy_database(source, backup)
                finally:
                    source.close()
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            try:
                _configure(conn)
                if version < SCHEMA_VERSION:
                    _migrate(conn, version)
            except BaseException:
                conn.close()
                raise
        except UserError as error:
            lock.release()
            if isinstance(error, StoreError):
                raise
            raise StoreError(f"古い形式のファイルを変換できませんでした({error}): {path}") from None
        except (sqlite3.Error, OSError) as error:
            lock.release()
            raise StoreError(f"ファイルを書き込み用に開けません({error}): {path}") from None
        except BaseException:
            lock.release()
            raise
        migrated = version if version < SCHEMA_VERSION else None
        return cls(path, conn, read_only=False, lock=lock, migrated_from=migrated, backup=backup)

    @classmethod
    def _open_read_only(cls, path: Path, version: int) -> PortfolioStore:
        try:
            conn = _connect_read_only(path)
            if version < SCHEMA_VERSION:
                # Read-only never writes the file: migrate a copy in memory.
                memory = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
                conn.backup(memory)
                conn.close()
                conn = memory
                conn.execute("PRAGMA foreign_keys = ON")
                _migrate(conn, version)
        except UserError as error:
            raise StoreError(f"古い形式のファイルを読めませんでした({error}): {path}") from None
        except sqlite3.Error:
            raise _corrupt(path) from None
        return cls(path, conn, read_only=True, lock=None)

    def close(self) -> None:
        with self._guard:
            if self._conn is not None:
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
                    with _no_gc():
                        return _read(conn)
                finally:
                    conn.execute("COMMIT")
            except (sqlite3.DatabaseError, ValueError, KeyError, TypeError):
                raise _corrupt(self.path) from None

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
            except sqlite3.IntegrityError:
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
        holder = _read_lock(lock_path(path))
        if holder is not None and _holder_alive(holder, lock_path(path)):
            raise StoreLockedError(f"保存先のファイルは別のウィンドウで編集中です: {path}")
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
