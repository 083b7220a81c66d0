"""Statistics of the 売却結果 history: count, 売却率, quartiles of 売却価額 ÷ 売却基準価額,
bidders per sale (`market`, the 市場 view).

The rules are here, on plain values; ``domain.storage.results_table`` answers the same
questions with indexed SQL over 100,000 results and is tested to agree with these.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fractions import Fraction

from biddesk.domain.market.sale_result import SaleOutcome, SaleResult

QUARTILES = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


@dataclass(frozen=True, kw_only=True)
class MarketStats:
    """One group of results (a court, a kind, a period, or all).

    Attributes:
        count: every result in the group (取下・取消 included).
        sold, unsold, withdrawn: by 開札結果 (withdrawn counts 取下 and 取消).
        sale_rate: 売却率 = sold ÷ (sold + unsold): the share of openings that sold; None
            without an opening.
        quartiles: Q1, median, Q3 of 売却価額 ÷ 売却基準価額 over the sold results with both
            prices; None without one.
        mean_bidders: 入札者数 per sale over the sold results that show it; None without one.
    """

    count: int
    sold: int
    unsold: int
    withdrawn: int
    sale_rate: Fraction | None
    quartiles: tuple[Fraction, Fraction, Fraction] | None
    mean_bidders: Fraction | None


def quantile(nth: Callable[[int], Fraction], n: int, p: Fraction) -> Fraction:
    """The ``p`` quantile of ``n`` sorted values (``nth(k)`` is the k-th, 0-based) by linear
    interpolation between closest ranks (h = (n − 1)·p; Hyndman & Fan type 7, the default of
    R, NumPy and Excel's QUARTILE.INC), exact in fractions."""
    h = (n - 1) * p
    low = h.numerator // h.denominator
    fraction = h - low
    value = nth(low)
    if fraction == 0:
        return value
    return value + fraction * (nth(low + 1) - value)


def quartiles_of(nth: Callable[[int], Fraction], n: int) -> tuple[Fraction, Fraction, Fraction]:
    q1, q2, q3 = (quantile(nth, n, p) for p in QUARTILES)
    return (q1, q2, q3)


def stats_from_counts(
    *,
    count: int,
    sold: int,
    unsold: int,
    withdrawn: int,
    ratios: int,
    nth: Callable[[int], Fraction],
    bidders_sum: int,
    bidders_count: int,
) -> MarketStats:
    """The statistics from counts and a k-th-ratio look-up (what the SQL answers)."""
    openings = sold + unsold
    return MarketStats(
        count=count,
        sold=sold,
        unsold=unsold,
        withdrawn=withdrawn,
        sale_rate=Fraction(sold, openings) if openings else None,
        quartiles=quartiles_of(nth, ratios) if ratios else None,
        mean_bidders=Fraction(bidders_sum, bidders_count) if bidders_count else None,
    )


def market_stats(results: Iterable[SaleResult]) -> MarketStats:
    """The statistics of ``results`` (the rule; the store's query must agree)."""
    rows = list(results)
    sold = [r for r in rows if r.result is SaleOutcome.SOLD]
    ratios = sorted(ratio for r in sold if (ratio := r.ratio) is not None)
    with_bidders = [r.bidders for r in sold if r.bidders is not None]
    return stats_from_counts(
        count=len(rows),
        sold=len(sold),
        unsold=sum(r.result is SaleOutcome.UNSOLD for r in rows),
        withdrawn=sum(not r.result.opened for r in rows),
        ratios=len(ratios),
        nth=ratios.__getitem__,
        bidders_sum=sum(with_bidders),
        bidders_count=len(with_bidders),
    )


def rounded(value: Fraction, places: int) -> float:
    """``value`` rounded half up to ``places`` decimals, for JSON (the exact fraction is the
    figure; this is how it is printed)."""
    scale: int = 10**places
    steps: int = math.floor(value * scale + Fraction(1, 2))
    return steps / scale


def rounded_percent(value: Fraction | None) -> str:
    """``0.6666…`` → ``66.7%`` (half up); None → －."""
    if value is None:
        return "－"
    return f"{rounded(value * 100, 1):.1f}%"


def ratio_text(value: Fraction | None) -> str:
    """売却価額 ÷ 売却基準価額 as the courts' readers say it: ``1.626倍``."""
    if value is None:
        return "－"
    return f"{rounded(value, 3):.3f}倍"
