"""The results history: statistics, the chance of winning (a small hand-computed history),
the store's indexed queries agreeing with the rules, and the schema migration 2 → 3."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.market.chance import Group, choose_group, win_chance
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.market.statistics import market_stats, quantile, rounded
from biddesk.domain.storage.results_history import add_results, all_results, chance, stats
from biddesk.domain.storage.results_table import Filter
from biddesk.domain.storage.store import SCHEMA_VERSION, PortfolioStore

A = "東京地方裁判所本庁"
B = "大阪地方裁判所本庁"
DAY = date(2026, 12, 9)


def result(
    number: int,
    *,
    court: str = A,
    kind: str | None = "土地",
    base: int | None = 1_000_000,
    sale: int | None = None,
    outcome: SaleOutcome = SaleOutcome.SOLD,
    bidders: int | None = None,
    day: date = DAY,
) -> SaleResult:
    return SaleResult(
        court=court,
        case_number=f"令和8年(ケ)第{number}号",
        property_numbers=("1",),
        kind=kind,
        base_price=base,
        sale_price=sale,
        result=outcome,
        bidders=bidders,
        opening_date=day,
    )


def hand_history() -> list[SaleResult]:
    """Court A 土地: ten sold at 1.1 … 2.0 times the base (bidders 1 … 10), eight 不売, two
    取下; court A マンション: five sold at 1.2, 1.4, 1.6, 1.8, 2.0; court B: one sold at 1.0."""
    rows = [result(n, sale=1_000_000 + 100_000 * n, bidders=n) for n in range(1, 11)]
    rows += [result(100 + n, outcome=SaleOutcome.UNSOLD) for n in range(8)]
    rows += [result(200 + n, base=None, outcome=SaleOutcome.WITHDRAWN) for n in range(2)]
    rows += [result(300 + n, kind="マンション", sale=1_000_000 + 200_000 * n) for n in range(1, 6)]
    rows.append(result(400, court=B, sale=1_000_000))
    return rows


def test_statistics_of_the_hand_history() -> None:
    land = [r for r in hand_history() if r.court == A and r.kind == "土地"]
    figures = market_stats(land)
    assert (figures.count, figures.sold, figures.unsold, figures.withdrawn) == (20, 10, 8, 2)
    assert figures.sale_rate == Fraction(10, 18)  # 取下 is no opening
    # h = 9·p: Q1 between 1.3 and 1.4 at .25, median between 1.5 and 1.6 at .5, Q3 at .75
    assert figures.quartiles == (Fraction(1325, 1000), Fraction(155, 100), Fraction(1775, 1000))
    assert figures.mean_bidders == Fraction(55, 10)


def test_quantile_of_one_value_and_of_exact_ranks() -> None:
    values = [Fraction(3, 2)]
    assert quantile(values.__getitem__, 1, Fraction(1, 4)) == Fraction(3, 2)
    five = [Fraction(n) for n in range(5)]
    assert quantile(five.__getitem__, 5, Fraction(1, 2)) == 2


@pytest.mark.parametrize(
    ("bid", "expected_won"),
    [
        (1_500_000, 15),  # 1.5 exactly: 土地 1.1–1.5 (5) + マンション 1.2, 1.4 (2) + 8 不売
        (1_499_999, 14),  # near miss: 1.5 no longer counts
        (800_000, 8),  # only the 不売 results
        (2_000_000, 23),  # every comparable
    ],
)
def test_chance_on_the_hand_history(bid: int, expected_won: int) -> None:
    found = win_chance(hand_history(), court=A, kind="土地", bid=bid, base=1_000_000)
    # 土地 has 18 comparables (取下 is none) < 20, so the court's 23 are used
    assert (found.group, found.comparables) == (Group.COURT, 23)
    assert found.share == Fraction(expected_won, 23)


def test_the_group_widens_below_twenty() -> None:
    assert choose_group(20, 25) is Group.COURT_KIND
    assert choose_group(19, 20) is Group.COURT
    assert choose_group(19, 19) is Group.ALL
    found = win_chance(hand_history(), court=B, kind="土地", bid=1_000_000, base=1_000_000)
    assert (found.group, found.comparables) == (Group.ALL, 24)


def test_rounding_is_half_up_to_three_places() -> None:
    assert rounded(Fraction(15, 23), 3) == 0.652
    assert rounded(Fraction(2, 3), 3) == 0.667
    assert rounded(Fraction(1, 8), 2) == 0.13  # 0.125 → up


def test_the_store_answers_as_the_rules(tmp_path: Path) -> None:
    history = hand_history()
    with PortfolioStore.create(tmp_path / "m.biddesk") as store:
        assert len(add_results(store, history)) == len(history)
        assert add_results(store, history[:5]) == []  # never twice
        assert all_results(store) == history
        for which in (Filter(), Filter(court=A), Filter(court=A, kind="土地"), Filter(kind="x")):
            expected = [
                r
                for r in history
                if which.court in (None, r.court) and which.kind in (None, r.kind)
            ]
            assert stats(store, which) == market_stats(expected)
        for bid in (800_000, 1_499_999, 1_500_000, 2_000_000):
            assert chance(store, court=A, kind="土地", bid=bid, base=1_000_000) == win_chance(
                history, court=A, kind="土地", bid=bid, base=1_000_000
            )
        assert stats(store, Filter(court=A, without_kind=True)).count == 0
        add_results(store, [result(900, kind=None, sale=1_300_000)])
        assert stats(store, Filter(court=A, without_kind=True)).count == 1


_money = st.integers(min_value=1, max_value=12)


@st.composite
def _histories(draw: st.DrawFn) -> list[SaleResult]:
    """Small amounts, so that equal ratios (3/2 = 6/4) are common: the exact tie-breaking
    of the store's double-valued index is exercised."""
    size = draw(st.integers(min_value=0, max_value=40))
    rows = []
    for n in range(size):
        outcome = draw(st.sampled_from(list(SaleOutcome)))
        base = draw(_money) * 1_000_000
        sale = draw(_money) * 1_000_000 + draw(st.sampled_from([0, 1, 333_333]))
        rows.append(
            result(
                n + 1,
                court=draw(st.sampled_from([A, B])),
                kind=draw(st.sampled_from(["土地", "戸建て", None])),
                base=base,
                sale=sale if outcome is SaleOutcome.SOLD else None,
                outcome=outcome,
                bidders=draw(st.one_of(st.none(), st.integers(1, 30))),
            )
        )
    return rows


@settings(max_examples=40)
@given(history=_histories(), bid=_money, base=_money)
def test_store_queries_agree_with_the_rules_on_any_history(
    tmp_path_factory: pytest.TempPathFactory, history: list[SaleResult], bid: int, base: int
) -> None:
    path = tmp_path_factory.mktemp("h") / "h.biddesk"
    with PortfolioStore.create(path) as store:
        add_results(store, history)
        for which in (Filter(), Filter(court=A, kind="土地")):
            expected = [
                r
                for r in history
                if which.court in (None, r.court) and which.kind in (None, r.kind)
            ]
            assert stats(store, which) == market_stats(expected)
        for kind in ("土地", None):
            assert chance(
                store, court=A, kind=kind, bid=bid * 1_000_000, base=base * 1_000_000
            ) == (
                win_chance(history, court=A, kind=kind, bid=bid * 1_000_000, base=base * 1_000_000)
            )


def version_2_file(path: Path) -> Path:
    """A portfolio as schema version 2 wrote it (made by the version-2 code)."""
    shutil.copyfile(Path(__file__).parent / "data" / "portfolio_v2.biddesk", path)
    return path


def test_a_version_2_file_migrates_with_an_empty_history(tmp_path: Path) -> None:
    path = version_2_file(tmp_path / "old.biddesk")
    with PortfolioStore.open(path, read_only=True) as store:  # in memory only
        assert all_results(store) == []
    with PortfolioStore.open(path) as store:
        assert store.migrated_from == 2
        assert store.backup is not None and store.backup.exists()
        assert all_results(store) == []
        add_results(store, hand_history()[:3])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM sale_results").fetchone()[0] == 3
    conn.close()


def test_a_bad_value_is_refused_and_nothing_is_added(tmp_path: Path) -> None:
    from biddesk.domain.storage.store import StoreError

    bad = result(9, sale=1_000_000, bidders=-1)
    with PortfolioStore.create(tmp_path / "b.biddesk") as store:
        with pytest.raises(StoreError, match="売却結果を保存しません"):
            add_results(store, [result(8, sale=1_000_000), bad])
        assert all_results(store) == []


def test_own_bids_against_results_per_bid_and_per_year() -> None:
    from biddesk.domain.market.comparison import bids_versus_results, gaps_by_year, usual_gap
    from biddesk.domain.models import Bid, Portfolio, Property

    def prop(pid: str, number: int, day: date) -> Property:
        return Property(
            id=pid, court=A, case_number=f"令和8年(ケ)第{number}号", property_numbers=("1",),
            base_price=1_000_000, opening_date=day,
        )  # fmt: skip

    portfolio = Portfolio(
        properties=(
            prop("p1", 1, date(2025, 6, 4)),
            prop("p2", 2, date(2026, 6, 3)),
            prop("p3", 3, date(2026, 7, 1)),
        ),
        bids=(
            Bid(id="x1", property="p1", amount=1_000_000),  # 20% below 1,250,000
            Bid(id="x2", property="p2", amount=1_500_000),  # won
            Bid(id="x3", property="p3", amount=1_800_000),  # 10% below 2,000,000
        ),
    )
    history = [
        result(1, sale=1_250_000, day=date(2025, 6, 4)),
        result(2, sale=1_500_000, day=date(2026, 6, 3)),
        result(3, sale=2_000_000, day=date(2026, 7, 1)),
        result(3, sale=2_100_000, day=date(2027, 1, 6)),  # a later re-sale: not x3's opening
    ]
    rows = bids_versus_results(portfolio, history)
    assert [(r.bid, r.gap) for r in rows] == [
        ("x1", Fraction(-1, 5)), ("x2", Fraction(0)), ("x3", Fraction(-1, 10)),
    ]  # fmt: skip
    assert usual_gap(rows) == Fraction(-1, 10)
    assert gaps_by_year(rows) == [(2025, Fraction(-1, 5), 1), (2026, Fraction(-1, 20), 2)]
