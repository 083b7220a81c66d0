"""Clean, complete bids to start check tests from: each test changes one fact.

The bid period 2026-12-02 (水) … 2026-12-09 (水): last transfer day 12/09, safe transfer
day 12/07 (月), last in-person day 12/09, mail send-by 12/04 (金) with mail_margin 3.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    Document,
    Officer,
    PaymentMethod,
    Portfolio,
    Property,
    Settings,
    Submission,
    Transfer,
)

TODAY = date(2026, 12, 3)  # the day the fixtures' deposit was transferred
PERIOD_START = date(2026, 12, 2)
PERIOD_END = date(2026, 12, 9)
OPENING = date(2026, 12, 16)

PROPERTY = Property(
    id="p1",
    court="東京地方裁判所本庁",
    case_number="令和7年(ケ)第1234号",
    property_numbers=("1",),
    kind="戸建",
    address="東京都練馬区…",
    base_price=12_340_000,
    minimum_bid=9_872_000,
    deposit=2_468_000,
    bid_period_start=PERIOD_START,
    bid_period_end=PERIOD_END,
    opening_date=OPENING,
    sale_decision_date=date(2026, 12, 23),
)

YAMADA = Bidder(
    id="b1",
    kind=BidderKind.INDIVIDUAL,
    name="山田 太郎",
    name_kana="ヤマダ タロウ",
    address="東京都新宿区…",
    birth_date=date(1980, 4, 1),
    sex="男",
)

SUZUKI = Bidder(
    id="b2",
    kind=BidderKind.INDIVIDUAL,
    name="鈴木 花子",
    name_kana="スズキ ハナコ",
    address="東京都中野区…",
    birth_date=date(1982, 6, 3),
    sex="女",
)

OFFICERS = (
    Officer(
        name="山田 一郎",
        name_kana="やまだ いちろう",
        birth_date=date(1960, 1, 2),
        sex="男",
        address="東京都港区…",
    ),
    Officer(
        name="佐藤 優子",
        name_kana="さとう ゆうこ",
        birth_date=date(1970, 5, 6),
        sex="女",
        address="東京都品川区…",
    ),
)

COMPANY = Bidder(
    id="c1",
    kind=BidderKind.CORPORATION,
    name="株式会社ヤマダ商事",
    name_kana="カブシキガイシャ ヤマダショウジ",
    address="東京都港区…",
    representative_title="代表取締役",
    representative_name="山田 一郎",
    officers=OFFICERS,
)


def doc(
    doc_type: DocType,
    name: str,
    *,
    issued: date | None = None,
    status: DocStatus = DocStatus.OBTAINED,
) -> Document:
    return Document(type=doc_type, name=name, issued=issued, status=status)


def individual_documents(name: str = "山田 太郎") -> tuple[Document, ...]:
    return (
        doc(DocType.BID_FORM, name, status=DocStatus.CHECKED),
        doc(DocType.TRANSFER_PROOF, name),
        doc(DocType.STATEMENT, name),
        doc(DocType.RESIDENCE, name, issued=date(2026, 10, 1)),
    )


BID = Bid(
    id="x1",
    property="p1",
    bidder="b1",
    amount=15_000_000,
    method=PaymentMethod.TRANSFER,
    submission=Submission.IN_PERSON,
    planned_submission=date(2026, 12, 7),
    transfer=Transfer(
        date=date(2026, 12, 3),
        payer_name="山田 太郎",
        payer_kana="ﾔﾏﾀﾞ ﾀﾛｳ",
        channel=Channel.COUNTER,
        amount=2_468_000,
    ),
    documents=individual_documents(),
)

COMPANY_BID = replace(
    BID,
    id="x2",
    bidder="c1",
    transfer=Transfer(
        date=date(2026, 12, 3),
        payer_name="株式会社ヤマダ商事",
        payer_kana="ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ",
        channel=Channel.COUNTER,
        amount=2_468_000,
    ),
    documents=(
        doc(DocType.BID_FORM, "株式会社ヤマダ商事", status=DocStatus.CHECKED),
        doc(DocType.TRANSFER_PROOF, "株式会社ヤマダ商事"),
        doc(DocType.STATEMENT, "株式会社ヤマダ商事"),
        doc(DocType.REGISTRY, "株式会社ヤマダ商事", issued=date(2026, 11, 2)),
    ),
)

SETTINGS = Settings(cash_on_hand=100_000_000, reserve=1_000_000)


def portfolio(
    *bids: Bid,
    properties: tuple[Property, ...] = (PROPERTY,),
    bidders: tuple[Bidder, ...] = (YAMADA, SUZUKI, COMPANY),
    settings: Settings = SETTINGS,
) -> Portfolio:
    return Portfolio(
        settings=settings,
        bidders=bidders,
        properties=properties,
        bids=bids or (BID,),
    )


def replace_doc(bid: Bid, doc_type: DocType, **changes: object) -> Bid:
    """The bid with the first document of ``doc_type`` changed."""
    documents = list(bid.documents)
    index = next(i for i, d in enumerate(documents) if d.type is doc_type)
    documents[index] = replace(documents[index], **changes)  # type: ignore[arg-type]
    return replace(bid, documents=tuple(documents))


def without_doc(bid: Bid, doc_type: DocType) -> Bid:
    return replace(bid, documents=tuple(d for d in bid.documents if d.type is not doc_type))
