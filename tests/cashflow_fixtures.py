"""A small portfolio to start cash-flow and refund tests from: each test changes one fact.

Property p1: 入札期間 2026-12-02 (水) … 12-09 (水), safe transfer day 12-07 (月) with
transfer_margin 2, opening 12-16 (水), 売却決定期日 12-23 (水). The payment-deadline
estimate: the 執行抗告 period of 12-23 + 7 days ends on 12-30, a court holiday, so on
2027-01-04 (月) (民訴法95条3項); + 1 month = 2027-02-04 (木).
Property p2: a second sale a month later (opening 2027-01-20, decision 01-27 → estimate
2027-03-03 (水)).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from biddesk.domain.models import Bid, Bidder, Portfolio, Property, Settings, Transfer

TODAY = date(2026, 12, 1)
SAFE_DAY = date(2026, 12, 7)
OPENING = date(2026, 12, 16)
REFUND_DAY = date(2026, 12, 23)  # opening + 7
DEADLINE_ESTIMATE = date(2027, 2, 4)

DEPOSIT = 2_468_000
AMOUNT = 15_000_000
BALANCE = AMOUNT - DEPOSIT  # 12,532,000

P1 = Property(
    id="p1",
    court="東京地方裁判所本庁",
    case_number="令和7年(ケ)第1234号",
    property_numbers=("1",),
    kind="戸建",
    base_price=12_340_000,
    minimum_bid=9_872_000,
    deposit=DEPOSIT,
    bid_period_start=date(2026, 12, 2),
    bid_period_end=date(2026, 12, 9),
    opening_date=OPENING,
    sale_decision_date=date(2026, 12, 23),
)

P2 = Property(
    id="p2",
    court="大阪地方裁判所堺支部",
    case_number="令和7年(ヌ)第55号",
    property_numbers=("2",),
    kind="マンション",
    base_price=8_150_000,
    minimum_bid=6_520_000,
    deposit=1_630_000,
    bid_period_start=date(2027, 1, 6),
    bid_period_end=date(2027, 1, 13),
    opening_date=date(2027, 1, 20),
    sale_decision_date=date(2027, 1, 27),
)
P2_DEADLINE_ESTIMATE = date(2027, 3, 3)

YAMADA = Bidder(id="b1", name="山田 太郎", name_kana="ヤマダ タロウ")

BID = Bid(id="x1", property="p1", bidder="b1", amount=AMOUNT)
"""An open bid on p1, transfer not made yet (the deposit leaves on the safe day)."""

PAID = replace(BID, transfer=Transfer(date=date(2026, 12, 4), amount=DEPOSIT))
"""The same bid with the deposit transferred on 12-04."""

BID2 = Bid(id="x2", property="p2", bidder="b1", amount=9_000_000)

SETTINGS = Settings(cash_on_hand=30_000_000, reserve=5_000_000)


def portfolio(
    *bids: Bid, settings: Settings = SETTINGS, properties: tuple[Property, ...] = (P1, P2)
) -> Portfolio:
    return Portfolio(settings=settings, bidders=(YAMADA,), properties=properties, bids=bids)
