"""Realistic portfolios of any size: courts, cases, figures, bids in every state."""

from __future__ import annotations

import random
from datetime import date, timedelta

from biddesk.domain.figures import minimum_bid, standard_deposit
from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    DocStatus,
    DocType,
    Document,
    Financing,
    Officer,
    Outcome,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
    Settings,
    Submission,
    Transfer,
)

COURTS = (
    "東京地方裁判所本庁",
    "東京地方裁判所立川支部",
    "横浜地方裁判所本庁",
    "横浜地方裁判所川崎支部",
    "さいたま地方裁判所本庁",
    "さいたま地方裁判所川越支部",
    "千葉地方裁判所松戸支部",
    "大阪地方裁判所本庁",
    "大阪地方裁判所堺支部",
    "名古屋地方裁判所岡崎支部",
    "神戸地方裁判所尼崎支部",
    "札幌地方裁判所本庁",
    "福岡地方裁判所小倉支部",
)
KINDS = ("土地", "戸建て", "マンション", "その他")
TOWNS = (
    "江東区亀戸",
    "川越市新宿町",
    "松戸市常盤平",
    "堺市北区中百舌鳥町",
    "岡崎市康生通西",
    "尼崎市南塚口町",
    "札幌市中央区北一条西",
    "北九州市小倉北区京町",
)


def generate(bids: int, *, today: date = date(2026, 11, 23), seed: int = 7) -> Portfolio:
    """A portfolio with ``bids`` bids on as many properties, 20 bidders, mixed outcomes."""
    rng = random.Random(seed)
    bidders = []
    for index in range(20):
        if index % 4 == 0:
            bidders.append(
                Bidder(
                    id=f"b{index + 1}",
                    kind=BidderKind.CORPORATION,
                    name=f"株式会社テスト不動産{index}",
                    name_kana=f"カ）テストフドウサン{index}",
                    address="東京都千代田区丸の内一丁目1番1号",
                    representative_title="代表取締役",
                    representative_name="佐藤 花子",
                    officers=(
                        Officer(
                            name="佐藤 花子",
                            name_kana="さとう はなこ",
                            birth_date=date(1975, 8, 12),
                            sex="女",
                            address="東京都杉並区",
                        ),
                    ),
                )
            )
        else:
            bidders.append(
                Bidder(
                    id=f"b{index + 1}",
                    name=f"山田 太郎{index}",
                    name_kana="ヤマダ タロウ",
                    address="東京都世田谷区桜新町",
                    birth_date=date(1980, 4, 1),
                )
            )
    properties = []
    bid_list = []
    for index in range(bids):
        base = rng.randrange(50, 8000) * 10_000 + rng.choice((0, 0, 0, 1_234, 5_670))
        start = today + timedelta(days=rng.randrange(-120, 120))
        start -= timedelta(days=start.weekday() - 2) if start.weekday() >= 2 else timedelta(0)
        end = start + timedelta(days=7)
        status = PropertyStatus.WITHDRAWN if rng.random() < 0.03 else PropertyStatus.ANNOUNCED
        prop = Property(
            id=f"p{index + 1}",
            court=rng.choice(COURTS),
            case_number=(
                f"令和{rng.choice((6, 7))}年({rng.choice('ケヌ')})第{rng.randrange(1, 2000)}号"
            ),
            property_numbers=(str(rng.randrange(1, 4)),),
            kind=rng.choice(KINDS),
            address=f"{rng.choice(TOWNS)}{rng.randrange(1, 9)}丁目{rng.randrange(1, 99)}番",
            base_price=base,
            minimum_bid=minimum_bid(base),
            deposit=standard_deposit(base),
            bid_period_start=start,
            bid_period_end=end,
            opening_date=end + timedelta(days=7),
            sale_decision_date=end + timedelta(days=14),
            status=status,
        )
        properties.append(prop)
        bidder = rng.choice(bidders)
        amount = minimum_bid(base) + rng.randrange(0, base // 2)
        past = prop.opening_date is not None and prop.opening_date < today
        outcome = None
        transfer = None
        if past:
            transfer = Transfer(
                date=end - timedelta(days=3),
                payer_name=bidder.name,
                payer_kana=bidder.name_kana,
                amount=prop.deposit,
            )
            result = rng.choice(
                (OutcomeResult.WON, OutcomeResult.LOST, OutcomeResult.LOST, OutcomeResult.SECOND)
            )
            refunded = result is OutcomeResult.LOST and rng.random() < 0.7
            outcome = Outcome(
                result=result,
                top_bid=amount + rng.randrange(0, 1_000_000),
                payment_deadline=end + timedelta(days=60) if result is OutcomeResult.WON else None,
                refund_date=end + timedelta(days=14) if refunded else None,
                refund_amount=prop.deposit if refunded else None,
            )
        documents = (
            Document(type=DocType.BID_FORM, name=bidder.name, status=DocStatus.OBTAINED),
            Document(type=DocType.STATEMENT, name=bidder.name, status=rng.choice(list(DocStatus))),
        )
        bid_list.append(
            Bid(
                id=f"x{index + 1}",
                property=prop.id,
                bidder=bidder.id,
                amount=amount,
                submission=rng.choice(list(Submission)),
                planned_submission=end - timedelta(days=2),
                transfer=transfer,
                documents=documents,
                outcome=outcome,
                win_probability=rng.choice((None, 10, 30, 50)),
            )
        )
    settings = Settings(
        cash_on_hand=bids * 3_000_000,
        reserve=5_000_000,
        financing=(
            Financing(
                name="A銀行", amount=bids * 1_000_000, available_from=today + timedelta(days=30)
            ),
        ),
    )
    return Portfolio(
        settings=settings,
        bidders=tuple(bidders),
        properties=tuple(properties),
        bids=tuple(bid_list),
    )
