"""One 売却結果 (sale result) as BIT's result list shows it, kept in the results history.

A result is independent of the user's own bids: the history holds every opening the user
copied, sold or not, so that later bids can be compared with it (contracts.md
"`results --json` output").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction

from biddesk.domain.models import BidderKind


class SaleOutcome(StrEnum):
    """開札結果: 売却 (sold), 不売 (no valid bid), 取下 / 取消 (the sale did not take place)."""

    SOLD = "sold"
    UNSOLD = "unsold"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def opened(self) -> bool:
        """Whether the bids were opened (売却 or 不売): only these are comparables."""
        return self in (SaleOutcome.SOLD, SaleOutcome.UNSOLD)


_LABELS = {
    SaleOutcome.SOLD: "売却",
    SaleOutcome.UNSOLD: "不売",
    SaleOutcome.WITHDRAWN: "取下",
    SaleOutcome.CANCELLED: "取消",
}


@dataclass(frozen=True, kw_only=True)
class SaleResult:
    """One block of BIT's 売却結果一覧.

    Attributes:
        court: court with branch, as contracts.md writes it (東京地方裁判所本庁).
        case_number: normalised 事件番号 (令和8年(ケ)第211号).
        property_numbers: the 物件番号 sold together (一括 ``1 ，2`` → ("1", "2")).
        kind: 種別 (土地, 戸建て, マンション, その他), None when not shown.
        address: 所在地 as written.
        base_price: 売却基準価額; None when the page shows －.
        sale_price: 売却価額 (the highest bid); None unless sold.
        result: 開札結果.
        bidders: 入札者数; None when the page shows －.
        winner: 落札者資格 (法人 / 個人); None unless sold.
        opening_date: 開札期日 (from the page header).
    """

    court: str
    case_number: str
    property_numbers: tuple[str, ...]
    kind: str | None = None
    address: str | None = None
    base_price: int | None = None
    sale_price: int | None = None
    result: SaleOutcome = SaleOutcome.SOLD
    bidders: int | None = None
    winner: BidderKind | None = None
    opening_date: date

    @property
    def key(self) -> tuple[str, str, tuple[str, ...], date]:
        """What makes a result the same one (court, 事件番号, 物件番号, 開札期日): the
        history never holds it twice."""
        return (self.court, self.case_number, self.property_numbers, self.opening_date)

    @property
    def ratio(self) -> Fraction | None:
        """売却価額 ÷ 売却基準価額, exact; None unless sold with both known."""
        if self.sale_price is None or not self.base_price:
            return None
        return Fraction(self.sale_price, self.base_price)

    @property
    def title(self) -> str:
        return f"{self.case_number} 物件{','.join(self.property_numbers)}"
