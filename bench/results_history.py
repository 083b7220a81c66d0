"""A synthetic 売却結果 history (the results benchmarks, the 市場 screenshot): courts, kinds,
openings over three years, ratios around 1.2–1.8 with a tail, a share of 不売 and 取下."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import groupby

from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.models import BidderKind

COURTS = (
    "東京地方裁判所本庁", "東京地方裁判所立川支部", "横浜地方裁判所本庁", "横浜地方裁判所川崎支部",
    "さいたま地方裁判所本庁", "千葉地方裁判所本庁", "大阪地方裁判所本庁", "名古屋地方裁判所本庁",
)  # fmt: skip
KINDS = ("土地", "戸建て", "マンション", "その他")


def synthetic_results(count: int, *, seed: int = 7) -> list[SaleResult]:
    rng = random.Random(seed)
    found = []
    for number in range(count):
        kind = rng.choice(KINDS)
        base = rng.randrange(50, 3000) * 10_000
        roll = rng.random()
        outcome = (
            SaleOutcome.UNSOLD
            if roll < 0.12
            else SaleOutcome.WITHDRAWN
            if roll < 0.17
            else SaleOutcome.SOLD
        )
        ratio = max(0.8, rng.lognormvariate(0.35 if kind == "マンション" else 0.25, 0.22))
        sold = outcome is SaleOutcome.SOLD
        found.append(
            SaleResult(
                court=rng.choice(COURTS),
                case_number=f"令和{rng.randrange(4, 9)}年(ケ)第{number + 1}号",
                property_numbers=("1", "2") if rng.random() < 0.1 else ("1",),
                kind=kind,
                address="東京都千代田区霞が関一丁目1番",
                base_price=None if outcome is SaleOutcome.WITHDRAWN else base,
                sale_price=int(base * ratio) // 1000 * 1000 if sold else None,
                result=outcome,
                bidders=max(1, int(rng.expovariate(1 / 6))) if sold else None,
                winner=rng.choice(list(BidderKind)) if sold else None,
                opening_date=date(2024, 1, 10) + timedelta(days=7 * rng.randrange(150)),
            )
        )
    return found


def _yen(amount: int | None) -> str:
    return "－" if amount is None else f"{amount:,}円"


def results_text(results: Iterable[SaleResult]) -> str:
    """The results as BIT's stacked result list, one page header per court and opening."""
    lines: list[str] = []
    ordered = sorted(results, key=lambda r: (r.court, r.opening_date))
    for (court, day), page in groupby(ordered, key=lambda r: (r.court, r.opening_date)):
        lines += ["売却結果一覧", court, f"開札期日 {day.year}年{day.month}月{day.day}日"]
        for r in page:
            lines += [
                r.kind or "その他", r.case_number, "売却価額", _yen(r.sale_price), "売却基準価額",
                _yen(r.base_price), "所在地", r.address or "", "物件番号",
                " ，".join(r.property_numbers), "開札結果", r.result.label, "入札者数（人）",
                "－" if r.bidders is None else str(r.bidders), "落札者資格",
                r.winner.label if r.winner is not None else "－",
            ]  # fmt: skip
    return "\n".join(lines) + "\n"
