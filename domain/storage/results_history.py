"""The results history of an open portfolio file: add 売却結果 in one transaction, read
them, and ask the indexed questions (statistics, chance of winning)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from biddesk.domain.edits.change import Change
from biddesk.domain.market.chance import Chance
from biddesk.domain.market.sale_result import SaleResult
from biddesk.domain.market.statistics import MarketStats
from biddesk.domain.models import Property
from biddesk.domain.storage import results_table
from biddesk.domain.storage.results_table import Filter
from biddesk.domain.storage.rows import _write
from biddesk.domain.storage.store import PortfolioStore, StoreError, _transaction, _why

_IMPORT_CACHE_KIB = -65536  # negative: KiB (64 MiB)


def add_results(
    store: PortfolioStore, results: Iterable[SaleResult], change: Change | None = None
) -> list[SaleResult]:
    """Add ``results`` to the history, and make ``change`` (the confirmed outcomes), in ONE
    transaction (all or none); results already there are skipped. Returns those added."""
    if store.read_only:
        raise StoreError(f"読み取り専用で開いているため売却結果を保存できません: {store.path}")
    incoming = list(results)
    with store._guard:
        conn = store.conn
        cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        # A 100,000-result history touches five indexes at random places: a larger page
        # cache for this transaction keeps them in memory (about a third faster).
        conn.execute(f"PRAGMA cache_size = {_IMPORT_CACHE_KIB}")
        try:
            with _transaction(conn):
                added = results_table.insert_results(conn, incoming)
                if change is not None and not change.is_empty:
                    _write(conn, change)
                return added
        except sqlite3.IntegrityError as error:
            place = str(error).rsplit(":", 1)[-1].strip()
            raise StoreError(
                f"範囲外か形式の違う値({place})が含まれているため、売却結果を保存しません"
                f"でした。ファイルは直前の状態のままです: {store.path}"
            ) from None
        except sqlite3.Error as error:
            raise StoreError(
                f"売却結果を保存できませんでした({_why(error)})。ファイルは直前の状態のままです: "
                f"{store.path}"
            ) from None
        finally:
            conn.execute(f"PRAGMA cache_size = {int(cache)}")


def all_results(store: PortfolioStore) -> list[SaleResult]:
    with store._guard:
        return results_table.read_results(store.conn)


def results_for_cases(store: PortfolioStore, cases: Iterable[str]) -> list[SaleResult]:
    with store._guard:
        return results_table.results_of_cases(store.conn, cases)


def stats(store: PortfolioStore, which: Filter | None = None) -> MarketStats:
    with store._guard:
        return results_table.query_stats(store.conn, which or Filter())


def chance(
    store: PortfolioStore, *, court: str | None, kind: str | None, bid: int | None, base: int
) -> Chance:
    with store._guard:
        return results_table.query_chance(store.conn, court=court, kind=kind, bid=bid, base=base)


def chance_of(store: PortfolioStore) -> Callable[[Property, int], Chance]:
    """The chance of an amount on a property, from this file's history (for
    ``domain.market.expected.expected_odds``)."""

    def of(prop: Property, amount: int) -> Chance:
        assert prop.base_price is not None
        return chance(store, court=prop.court, kind=prop.kind, bid=amount, base=prop.base_price)

    return of
