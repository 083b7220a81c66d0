"""The 売却結果 history in the portfolio file (schema version 3): the table, its indexes,
adding results (executemany, duplicates skipped by the unique key) and the indexed queries
behind `market`, `quote --market` and the 市場 view.

The rules are in ``domain.market`` (statistics, chance); this module answers them in SQL so
that a history of 100,000 results imports in seconds and a query answers in milliseconds.
Ratios: SQLite's ``ratio`` column is the double 売却価額 ÷ 売却基準価額. Both amounts are
below 2**53 (domain/limits.MAX_YEN), so the double is the exact quotient correctly rounded,
and rounding is monotone: a smaller double means a smaller fraction. Only results whose
doubles are *equal* can be out of order, and those few are compared as exact fractions.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from biddesk.domain.market.chance import Chance, Group, choose_group
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.market.statistics import MarketStats, stats_from_counts
from biddesk.domain.models import BidderKind
from biddesk.domain.storage.schema import _choice, _day_check, _maybe, _text, _whole, _yen

TABLE = "sale_results"
_COLUMNS = (
    "court", "case_number", "property_numbers", "kind", "address", "base_price", "sale_price",
    "result", "bidders", "winner", "opening_date",
)  # fmt: skip
_CHECKS = {
    "court": _text("court"),
    "case_number": _text("case_number"),
    "property_numbers": "(typeof(property_numbers) = 'text' AND json_valid(property_numbers)"
    " AND json_type(property_numbers) = 'array')",
    "kind": _maybe(_text("kind"), "kind"),
    "address": _maybe(_text("address"), "address"),
    "base_price": _maybe(f"({_yen('base_price')} AND base_price > 0)", "base_price"),
    "sale_price": _maybe(f"({_yen('sale_price')} AND sale_price > 0)", "sale_price"),
    "result": _choice("result", SaleOutcome),
    "bidders": _maybe(_whole("bidders", 0, 100_000), "bidders"),
    "winner": _maybe(_choice("winner", BidderKind), "winner"),
    "opening_date": _day_check("opening_date"),
}
_CONSTRAINTS = ", ".join(f'CONSTRAINT "{TABLE}.{c}" CHECK {p}' for c, p in _CHECKS.items())

RESULTS_SCHEMA = (
    f"""CREATE TABLE {TABLE} (
        seq INTEGER PRIMARY KEY, court TEXT NOT NULL, case_number TEXT NOT NULL,
        property_numbers TEXT NOT NULL, kind TEXT, address TEXT, base_price INTEGER,
        sale_price INTEGER, result TEXT NOT NULL, bidders INTEGER, winner TEXT,
        opening_date TEXT NOT NULL,
        ratio REAL GENERATED ALWAYS AS (CAST(sale_price AS REAL) / base_price) VIRTUAL,
        {_CONSTRAINTS}) STRICT""",
    f"CREATE UNIQUE INDEX {TABLE}_key ON {TABLE}"
    "(court, case_number, property_numbers, opening_date)",
    f"CREATE INDEX {TABLE}_court_kind ON {TABLE}(court, kind, result, ratio)",
    f"CREATE INDEX {TABLE}_court ON {TABLE}(court, result, ratio)",
    f"CREATE INDEX {TABLE}_kind ON {TABLE}(kind, result, ratio)",
    f"CREATE INDEX {TABLE}_all ON {TABLE}(result, ratio)",
)
"""Schema version 3's block for the results history: one table and its indexes (the lead
merges it with the other version-3 additions into one step)."""


def create_results_table(conn: sqlite3.Connection) -> None:
    for statement in RESULTS_SCHEMA:
        conn.execute(statement)


# --- rows ⇄ values ------------------------------------------------------------------


def _row(result: SaleResult) -> tuple[object, ...]:
    return (
        result.court,
        result.case_number,
        json.dumps(list(result.property_numbers), ensure_ascii=False, separators=(",", ":")),
        result.kind,
        result.address,
        result.base_price,
        result.sale_price,
        result.result.value,
        result.bidders,
        result.winner.value if result.winner is not None else None,
        result.opening_date.isoformat(),
    )


def _value(row: tuple[object, ...]) -> SaleResult:
    court, case, numbers, kind, address, base, sale, result, bidders, winner, opening = row
    return SaleResult(
        court=str(court),
        case_number=str(case),
        property_numbers=tuple(str(n) for n in json.loads(str(numbers))),
        kind=None if kind is None else str(kind),
        address=None if address is None else str(address),
        base_price=None if base is None else int(str(base)),
        sale_price=None if sale is None else int(str(sale)),
        result=SaleOutcome(str(result)),
        bidders=None if bidders is None else int(str(bidders)),
        winner=None if winner is None else BidderKind(str(winner)),
        opening_date=date.fromisoformat(str(opening)),
    )


_INSERT = f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"


def insert_results(conn: sqlite3.Connection, results: Iterable[SaleResult]) -> list[SaleResult]:
    """Add ``results`` inside the caller's transaction (a plain INSERT: OR IGNORE would also
    skip a row breaking a CHECK); one already in the history (same
    court, 事件番号, 物件番号, 開札期日) is skipped. Returns the ones added, in order."""
    added: list[SaleResult] = []
    seen: set[tuple[str, str, tuple[str, ...], date]] = set()
    fresh = []
    for result in results:
        if result.key in seen:
            continue
        seen.add(result.key)
        fresh.append(result)
    known = _known_keys(conn, fresh)
    rows = []
    for result in fresh:
        if result.key not in known:
            added.append(result)
            rows.append(_row(result))
    conn.executemany(_INSERT, rows)
    return added


def _known_keys(
    conn: sqlite3.Connection, results: list[SaleResult]
) -> set[tuple[str, str, tuple[str, ...], date]]:
    """The keys of ``results`` that the history already holds (one indexed look-up each,
    over a temporary table so that 100,000 keys are one statement)."""
    if not conn.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE})").fetchone()[0]:
        return set()
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_keys "
        "(court TEXT, case_number TEXT, property_numbers TEXT, opening_date TEXT)"
    )
    conn.execute("DELETE FROM incoming_keys")
    conn.executemany(
        "INSERT INTO incoming_keys VALUES (?, ?, ?, ?)",
        [(r[0], r[1], r[2], r[10]) for r in map(_row, results)],
    )
    found = conn.execute(
        f"SELECT s.court, s.case_number, s.property_numbers, s.opening_date FROM incoming_keys i "
        f"JOIN {TABLE} s ON s.court = i.court AND s.case_number = i.case_number "
        "AND s.property_numbers = i.property_numbers AND s.opening_date = i.opening_date"
    ).fetchall()
    conn.execute("DELETE FROM incoming_keys")
    return {
        (court, case, tuple(json.loads(numbers)), date.fromisoformat(opening))
        for court, case, numbers, opening in found
    }


def read_results(conn: sqlite3.Connection) -> list[SaleResult]:
    """The whole history in the order it was added."""
    cursor = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM {TABLE} ORDER BY seq")
    return [_value(row) for row in cursor]


def results_of_cases(conn: sqlite3.Connection, cases: Iterable[str]) -> list[SaleResult]:
    """The results of the given 事件番号 (the proposals for own bids)."""
    found: list[SaleResult] = []
    for case in dict.fromkeys(cases):
        cursor = conn.execute(
            f"SELECT {', '.join(_COLUMNS)} FROM {TABLE} WHERE case_number = ? ORDER BY seq",
            (case,),
        )
        found.extend(_value(row) for row in cursor)
    return found


def count_results(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0])


# --- queries ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Filter:
    """Which results: a court, a kind (None: any; ``without_kind``: only those that show
    none), 開札期日 from/until (inclusive)."""

    court: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    without_kind: bool = False

    def where(self) -> tuple[str, list[object]]:
        parts: list[str] = []
        values: list[object] = []
        if self.court is not None:
            parts.append("court = ?")
            values.append(self.court)
        if self.kind is not None:
            parts.append("kind = ?")
            values.append(self.kind)
        elif self.without_kind:
            parts.append("kind IS NULL")
        if self.since is not None:
            parts.append("opening_date >= ?")
            values.append(self.since.isoformat())
        if self.until is not None:
            parts.append("opening_date <= ?")
            values.append(self.until.isoformat())
        return (" AND ".join(parts) or "1"), values


def _exact_ratios(rows: Iterable[tuple[int, int]]) -> list[Fraction]:
    return sorted(Fraction(sale, base) for sale, base in rows)


class _SortedRatios:
    """The k-th smallest exact ratio of the sold results of a filter, through the index."""

    def __init__(self, conn: sqlite3.Connection, where: str, values: list[object]) -> None:
        self.conn = conn
        self.where = f"({where}) AND result = 'sold' AND ratio IS NOT NULL"
        self.values = values

    def count(self) -> int:
        sql = f"SELECT count(*) FROM {TABLE} WHERE {self.where}"
        return int(self.conn.execute(sql, self.values).fetchone()[0])

    def nth(self, k: int) -> Fraction:
        sql = f"SELECT ratio FROM {TABLE} WHERE {self.where} ORDER BY ratio LIMIT 1 OFFSET ?"
        approx = self.conn.execute(sql, [*self.values, k]).fetchone()[0]
        below = self.conn.execute(
            f"SELECT count(*) FROM {TABLE} WHERE {self.where} AND ratio < ?",
            [*self.values, approx],
        ).fetchone()[0]
        ties = self.conn.execute(
            f"SELECT sale_price, base_price FROM {TABLE} WHERE {self.where} AND ratio = ?",
            [*self.values, approx],
        ).fetchall()
        return _exact_ratios(ties)[k - int(below)]


def query_stats(conn: sqlite3.Connection, which: Filter) -> MarketStats:
    """``domain.market.statistics.market_stats`` of the results ``which`` selects."""
    where, values = which.where()
    row = conn.execute(
        "SELECT count(*), "
        "coalesce(sum(result = 'sold'), 0), coalesce(sum(result = 'unsold'), 0), "
        "coalesce(sum(result IN ('withdrawn', 'cancelled')), 0), "
        "coalesce(sum(CASE WHEN result = 'sold' THEN bidders END), 0), "
        "count(CASE WHEN result = 'sold' THEN bidders END) "
        f"FROM {TABLE} WHERE {where}",
        values,
    ).fetchone()
    ratios = _SortedRatios(conn, where, values)
    return stats_from_counts(
        count=row[0],
        sold=row[1],
        unsold=row[2],
        withdrawn=row[3],
        ratios=ratios.count(),
        nth=ratios.nth,
        bidders_sum=row[4],
        bidders_count=row[5],
    )


def _comparables(conn: sqlite3.Connection, where: str, values: list[object]) -> int:
    sql = (
        f"SELECT (SELECT count(*) FROM {TABLE} WHERE {where} AND result = 'unsold') + "
        f"(SELECT count(*) FROM {TABLE} WHERE {where} AND result = 'sold' AND ratio IS NOT NULL)"
    )
    return int(conn.execute(sql, values + values).fetchone()[0])


def _group_where(group: Group, court: str | None, kind: str | None) -> tuple[str, list[object]]:
    if group is Group.COURT_KIND:
        return "court = ? AND kind IS ?", [court, kind]
    if group is Group.COURT:
        return "court = ?", [court]
    return "1", []


def query_chance(
    conn: sqlite3.Connection, *, court: str | None, kind: str | None, bid: int | None, base: int
) -> Chance:
    """``domain.market.chance.win_chance`` over the history, through the indexes."""
    court_kind = _comparables(conn, *_group_where(Group.COURT_KIND, court, kind))
    same_court = (
        court_kind
        if court_kind >= 20
        else _comparables(conn, *_group_where(Group.COURT, court, kind))
    )
    group = choose_group(court_kind, same_court)
    where, values = _group_where(group, court, kind)
    total = {Group.COURT_KIND: court_kind, Group.COURT: same_court}.get(group)
    if total is None:
        total = _comparables(conn, where, values)
    if bid is None or total == 0:
        return Chance(group=group, comparables=total, share=None)
    threshold = Fraction(bid, base)
    approx = bid / base  # correctly rounded, like SQLite's quotient of the stored amounts
    unsold = conn.execute(
        f"SELECT count(*) FROM {TABLE} WHERE {where} AND result = 'unsold'", values
    ).fetchone()[0]
    below = conn.execute(
        f"SELECT count(*) FROM {TABLE} WHERE {where} AND result = 'sold' AND ratio < ?",
        [*values, approx],
    ).fetchone()[0]
    ties = conn.execute(
        f"SELECT sale_price, base_price FROM {TABLE} WHERE {where} AND result = 'sold' "
        "AND ratio = ?",
        [*values, approx],
    ).fetchall()
    tied_won = sum(Fraction(sale, b) <= threshold for sale, b in ties)
    return Chance(group=group, comparables=total, share=Fraction(unsold + below + tied_won, total))


def distinct_groups(conn: sqlite3.Connection, which: Filter) -> Iterator[tuple[str, str | None]]:
    """(court, kind) pairs present under ``which``, in order."""
    where, values = which.where()
    sql = f"SELECT DISTINCT court, kind FROM {TABLE} WHERE {where} ORDER BY court, kind"
    yield from conn.execute(sql, values)


def distinct_years(conn: sqlite3.Connection, which: Filter) -> list[int]:
    where, values = which.where()
    sql = f"SELECT DISTINCT substr(opening_date, 1, 4) FROM {TABLE} WHERE {where} ORDER BY 1"
    return [int(row[0]) for row in conn.execute(sql, values)]


def sold_ratios(conn: sqlite3.Connection, which: Filter) -> list[Fraction]:
    """Every sold ratio under ``which``, sorted (the 市場 view's distribution chart)."""
    where, values = which.where()
    sql = (
        f"SELECT sale_price, base_price FROM {TABLE} WHERE ({where}) AND result = 'sold' "
        "AND ratio IS NOT NULL"
    )
    return _exact_ratios(conn.execute(sql, values))
