"""After the opening: the own bid against the result, per bid and over time (how far off
the user usually is)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from biddesk.domain.dates import format_wareki
from biddesk.domain.market.proposals import concerns
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.market.statistics import quantile, rounded_percent
from biddesk.domain.models import Portfolio
from biddesk.domain.money import format_yen


@dataclass(frozen=True, kw_only=True)
class BidVersusResult:
    """One own bid with an amount, and the result of its opening.

    Attributes:
        gap: own amount ÷ 売却価額 − 1 (−0.05: 5% below the winning bid; 0: won); None
            unless sold.
    """

    bid: str
    title: str
    court: str
    opening_date: date
    amount: int
    base_price: int | None
    sale_price: int | None
    result: SaleOutcome

    @property
    def gap(self) -> Fraction | None:
        if self.sale_price is None or self.result is not SaleOutcome.SOLD:
            return None
        return Fraction(self.amount, self.sale_price) - 1

    def cells(self) -> tuple[str, ...]:
        """The line `market` and the 市場 tab show: 開札期日, 物件, 入札額, 売却価額, 結果, 差."""
        gap = self.gap
        return (
            format_wareki(self.opening_date),
            self.title,
            format_yen(self.amount),
            format_yen(self.sale_price),
            self.result.label,
            "－" if gap is None else rounded_percent(gap),
        )


VERSUS_HEADERS = ("開札期日", "物件", "入札額", "売却価額", "結果", "差")


def bids_versus_results(
    portfolio: Portfolio, results: Iterable[SaleResult]
) -> list[BidVersusResult]:
    """Every own bid with an amount whose opening is in ``results``, oldest opening first."""
    rows: list[BidVersusResult] = []
    sales = list(results)
    by_case: dict[str, list[SaleResult]] = {}
    for sale in sales:
        by_case.setdefault(sale.case_number, []).append(sale)
    for bid in portfolio.bids:
        prop = portfolio.property_by_id(bid.property)
        if prop is None or bid.amount is None or prop.case_number is None:
            continue
        for sale in by_case.get(prop.case_number, ()):
            if concerns(sale, prop) and sale.result.opened:
                rows.append(
                    BidVersusResult(
                        bid=bid.id,
                        title=prop.title,
                        court=sale.court,
                        opening_date=sale.opening_date,
                        amount=bid.amount,
                        base_price=sale.base_price,
                        sale_price=sale.sale_price,
                        result=sale.result,
                    )
                )
    rows.sort(key=lambda row: (row.opening_date, row.bid))
    return rows


def usual_gap(rows: Iterable[BidVersusResult]) -> Fraction | None:
    """The median gap of the sold openings (how far off the user usually is); None
    without one."""
    gaps = sorted(gap for row in rows if (gap := row.gap) is not None)
    if not gaps:
        return None
    return quantile(gaps.__getitem__, len(gaps), Fraction(1, 2))


def gaps_by_year(rows: Iterable[BidVersusResult]) -> list[tuple[int, Fraction, int]]:
    """Over time: (year of the opening, median gap, sold openings) per year, oldest first —
    whether the user's bids come closer to the winning ones."""
    years: dict[int, list[BidVersusResult]] = {}
    for row in rows:
        if row.gap is not None:
            years.setdefault(row.opening_date.year, []).append(row)
    found = []
    for year in sorted(years):
        median = usual_gap(years[year])
        assert median is not None
        found.append((year, median, len(years[year])))
    return found
