"""A small portfolio for the export tests: every section of every document has rows.

- x1: 山田 太郎 (individual), open, transfer made, papers complete.
- x2: 株式会社みらい不動産 (corporation, two officers), open, through an agent, 住民票-free,
  a 登記事項証明書 still requested, a payer written (株).
- x3: won, balance due by the payment deadline.
- x4: lost, no refund recorded 35 days after the opening (overdue).
- x5: on a withdrawn property.
- A note and an address that begin with "=" / "@" (formula injection guard).
"""

from __future__ import annotations

from datetime import date

from biddesk.domain.funds.cashflow import CashEvent, CashflowResult, EventKind, Scenario
from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    Document,
    Financing,
    Officer,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    PropertyStatus,
    RefundAccount,
    Settings,
    Submission,
    Transfer,
)
from biddesk.forms.data import ExportData

TODAY = date(2026, 11, 25)
INJECTION = '=HYPERLINK("http://example.com","x")'

P1 = Property(
    id="p1",
    court="東京地方裁判所本庁",
    case_number="令和7年(ケ)第1234号",
    property_numbers=("1",),
    kind="マンション",
    address="東京都江東区亀戸二丁目101番地1",
    base_price=12_340_000,
    minimum_bid=9_872_000,
    deposit=2_468_000,
    viewing_start=date(2026, 11, 18),
    bid_period_start=date(2026, 12, 2),
    bid_period_end=date(2026, 12, 9),
    opening_date=date(2026, 12, 16),
    sale_decision_date=date(2026, 12, 23),
)
P2 = Property(
    id="p2",
    court="さいたま地方裁判所川越支部",
    case_number="令和7年(ケ)第88号",
    property_numbers=("1", "2"),
    kind="土地",
    farmland=True,
    address="@埼玉県川越市新宿町五丁目12番3",
    base_price=8_150_000,
    minimum_bid=None,
    deposit=None,
    bid_period_start=date(2027, 1, 13),
    bid_period_end=date(2027, 1, 20),
    opening_date=date(2027, 1, 27),
    sale_decision_date=date(2027, 2, 3),
    note=INJECTION,
)
P3 = Property(
    id="p3",
    court="横浜地方裁判所本庁",
    case_number="令和7年(ヌ)第45号",
    property_numbers=("3",),
    kind="戸建て",
    address="神奈川県横浜市港北区大倉山三丁目1番",
    base_price=20_000_000,
    minimum_bid=16_000_000,
    deposit=4_000_000,
    bid_period_start=date(2026, 10, 7),
    bid_period_end=date(2026, 10, 14),
    opening_date=date(2026, 10, 21),
    sale_decision_date=date(2026, 10, 28),
)
P4 = Property(
    id="p4",
    court="千葉地方裁判所松戸支部",
    case_number="令和7年(ケ)第300号",
    property_numbers=("2",),
    kind="マンション",
    address="千葉県松戸市本町1番",
    base_price=5_000_000,
    minimum_bid=4_000_000,
    deposit=1_000_000,
    bid_period_start=date(2026, 10, 14),
    bid_period_end=date(2026, 10, 21),
    opening_date=date(2026, 10, 21),
    sale_decision_date=date(2026, 11, 4),
)
P5 = Property(
    id="p5",
    court="東京地方裁判所立川支部",
    case_number="令和元年(ケ)第5号",
    property_numbers=("1",),
    kind="その他",
    address="東京都立川市",
    base_price=3_000_000,
    minimum_bid=2_400_000,
    deposit=600_000,
    bid_period_start=date(2026, 12, 9),
    bid_period_end=date(2026, 12, 16),
    opening_date=date(2026, 12, 23),
    status=PropertyStatus.WITHDRAWN,
)

YAMADA = Bidder(
    id="b1",
    kind=BidderKind.INDIVIDUAL,
    name="山田 太郎",
    name_kana="ヤマダ タロウ",
    address="東京都世田谷区桜新町一丁目2番3号",
    birth_date=date(1980, 4, 1),
    refund_account=RefundAccount(
        bank="みずほ銀行",
        branch="桜新町支店",
        type="普通",
        number="1234567",
        holder_kana="ヤマダ タロウ",
    ),
)
MIRAI = Bidder(
    id="b2",
    kind=BidderKind.CORPORATION,
    name="株式会社みらい不動産",
    name_kana="カブシキガイシャミライフドウサン",
    address="東京都千代田区神田小川町三丁目4番5号",
    representative_title="代表取締役",
    representative_name="佐藤 花子",
    officers=(
        Officer(
            name="佐藤 花子",
            name_kana="さとう はなこ",
            birth_date=date(1975, 8, 12),
            sex="女",
            address="東京都杉並区阿佐谷北二丁目6番7号",
        ),
        Officer(
            name="髙橋 一郎",
            name_kana="たかはし いちろう",
            birth_date=date(1969, 2, 28),
            sex="男",
            address="埼玉県さいたま市浦和区高砂一丁目8番9号",
        ),
    ),
    refund_account=RefundAccount(
        bank="三井住友銀行",
        branch="神田支店",
        type="当座",
        number="7654321",
        holder_kana="カ)ミライフドウサン",
    ),
)


def _doc(
    kind: DocType, name: str, status: DocStatus = DocStatus.OBTAINED, **kw: object
) -> Document:
    return Document(type=kind, name=name, status=status, **kw)  # type: ignore[arg-type]


X1 = Bid(
    id="x1",
    property="p1",
    bidder="b1",
    amount=15_000_000,
    submission=Submission.IN_PERSON,
    planned_submission=date(2026, 12, 7),
    transfer=Transfer(
        date=date(2026, 12, 3),
        payer_name="山田 太郎",
        payer_kana="ﾔﾏﾀﾞ ﾀﾛｳ",
        channel=Channel.COUNTER,
        amount=2_468_000,
    ),
    documents=(
        _doc(DocType.BID_FORM, "山田 太郎", DocStatus.CHECKED),
        _doc(DocType.TRANSFER_PROOF, "山田 太郎"),
        _doc(DocType.STATEMENT, "山田 太郎"),
        _doc(DocType.RESIDENCE, "山田 太郎", issued=date(2026, 10, 1)),
    ),
    win_probability=30,
)
X2 = Bid(
    id="x2",
    property="p2",
    bidder="b2",
    amount=9_000_000,
    submission=Submission.MAIL,
    planned_submission=date(2027, 1, 12),
    agent=Agent(name="鈴木 一郎", address="東京都中野区中野一丁目1番1号", relation="従業員"),
    transfer=Transfer(payer_name="(株)みらい不動産", payer_kana="ｶ)ﾐﾗｲﾌﾄﾞｳｻﾝ"),
    documents=(
        _doc(DocType.BID_FORM, "株式会社みらい不動産"),
        _doc(DocType.STATEMENT, "株式会社みらい不動産"),
        _doc(DocType.REGISTRY, "株式会社みらい不動産", DocStatus.REQUESTED),
    ),
    note="-急ぎ",
)
X3 = Bid(
    id="x3",
    property="p3",
    bidder="b1",
    amount=21_500_000,
    transfer=Transfer(date=date(2026, 10, 9), amount=4_000_000, payer_name="山田 太郎"),
    outcome=Outcome(result=OutcomeResult.WON, payment_deadline=date(2026, 12, 18)),
)
X4 = Bid(
    id="x4",
    property="p4",
    bidder="b2",
    amount=4_200_000,
    transfer=Transfer(date=date(2026, 10, 16), amount=1_000_000),
    outcome=Outcome(result=OutcomeResult.LOST, top_bid=5_100_000),
)
X5 = Bid(id="x5", property="p5", bidder="b1", amount=None, method=PaymentMethod.TRANSFER)

SETTINGS = Settings(
    cash_on_hand=30_000_000,
    reserve=5_000_000,
    financing=(Financing(name="A銀行 融資", amount=20_000_000, available_from=date(2027, 1, 20)),),
)

PORTFOLIO = Portfolio(
    settings=SETTINGS,
    bidders=(YAMADA, MIRAI),
    properties=(P1, P2, P3, P4, P5),
    bids=(X1, X2, X3, X4, X5),
)


# --- a fixed cash-flow result (for layout tests that must not move with the cash-flow
# rules): x1's deposit, x3's balance, x2's deposit, financing, x2's balance short ----------


def _event(
    day: date,
    kind: EventKind,
    bid: str | None,
    amount: int,
    cash: int,
    room: int,
    label: str,
    estimated: bool = False,
) -> CashEvent:
    return CashEvent(
        date=day,
        kind=kind,
        bid=bid,
        amount=amount,
        cash_after=cash,
        headroom=room,
        label=label,
        estimated=estimated,
    )


FAKE_CASHFLOW = CashflowResult(
    scenario=Scenario.ALL,
    capacity_start=25_000_000,
    events=(
        _event(
            date(2026, 12, 7),
            EventKind.DEPOSIT,
            "x1",
            -2_468_000,
            27_532_000,
            22_532_000,
            "保証金の振込",
        ),
        _event(
            date(2026, 12, 18),
            EventKind.BALANCE,
            "x3",
            -17_500_000,
            10_032_000,
            5_032_000,
            "残代金の納付",
        ),
        _event(
            date(2027, 1, 18),
            EventKind.DEPOSIT,
            "x2",
            -1_630_000,
            8_402_000,
            3_402_000,
            "保証金の振込",
        ),
        _event(
            date(2027, 1, 20),
            EventKind.FINANCING,
            None,
            20_000_000,
            28_402_000,
            23_402_000,
            "A銀行 融資",
        ),
        _event(
            date(2027, 2, 24),
            EventKind.BALANCE,
            "x2",
            -29_902_000,
            -1_500_000,
            -6_500_000,
            "残代金の納付",
            estimated=True,
        ),
    ),
    lowest=(date(2027, 2, 24), -6_500_000),
    first_shortfall=date(2027, 2, 24),
)


def export_data(
    portfolio: Portfolio = PORTFOLIO,
    *,
    cashflow: CashflowResult = FAKE_CASHFLOW,
    name: str = "テスト",
) -> ExportData:
    """ExportData with a fixed cash-flow result (the cached property set in advance)."""
    data = ExportData(portfolio=portfolio, today=TODAY, name=name)
    data.__dict__["cashflow"] = cashflow
    return data
