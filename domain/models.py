"""Value objects of a portfolio, mirroring the interchange JSON of contracts.md.

Every class is a frozen, keyword-only dataclass; money is ``int`` yen, dates are
``datetime.date``, probabilities are percent integers (never float). Each class lists its
fields under ``Attributes:`` (or in a note below the field) with what ``None`` and ``""``
mean there. In general ``None`` is "not known / not entered" for a figure or a date (never
0 or a guessed day), ``""`` is "not entered" for a text, and an empty tuple is "none".
Ids are the portfolio file's own (``p1``, ``b1``, ``x1``): an ``""`` id is a value not yet
stored (a parsed property, a bidder being typed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import TypeAlias

PropertyId: TypeAlias = str
"""``Property.id``: ``p1``, ``p2``… as the portfolio file numbers them."""
BidderId: TypeAlias = str
"""``Bidder.id``: ``b1``, ``b2``…"""
BidId: TypeAlias = str
"""``Bid.id``: ``x1``, ``x2``…"""


class PropertyStatus(StrEnum):
    """状態 of a property as announced (BIT 中止情報)."""

    ANNOUNCED = "announced"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    SUSPENDED = "suspended"

    @property
    def label(self) -> str:
        return _label(self)

    @property
    def is_open(self) -> bool:
        """A sale that still takes place (not 取下げ/取消/停止)."""
        return self is PropertyStatus.ANNOUNCED


class BidderKind(StrEnum):
    """個人 or 法人 (a corporation has a representative and officers)."""

    INDIVIDUAL = "individual"
    CORPORATION = "corporation"

    @property
    def label(self) -> str:
        return _label(self)


class PaymentMethod(StrEnum):
    """How the deposit is provided: transfer (振込) or 支払保証委託契約 (guarantee)."""

    TRANSFER = "transfer"
    GUARANTEE = "guarantee"

    @property
    def label(self) -> str:
        return _label(self)


class Submission(StrEnum):
    """入札書 submitted in person at the 執行官室, or by 書留 mail."""

    IN_PERSON = "in_person"
    MAIL = "mail"

    @property
    def label(self) -> str:
        return _label(self)


class Channel(StrEnum):
    """Transfer channel; only the bank counter (電信扱い) is accepted by courts."""

    COUNTER = "counter"
    ATM = "atm"
    ONLINE = "online"

    @property
    def label(self) -> str:
        return _label(self)


class DocType(StrEnum):
    """提出書類; the value is the Japanese name used in the interchange JSON."""

    BID_FORM = "入札書"
    TRANSFER_PROOF = "振込証明書"
    GUARANTEE_PROOF = "支払保証証明書"
    STATEMENT = "陳述書"
    RESIDENCE = "住民票"
    REGISTRY = "登記事項証明書"
    PROXY = "委任状"
    JOINT_PERMISSION = "共同入札許可"
    LOAN_NOTICE = "82条申出書"
    FARMLAND_CERT = "買受適格証明書"

    @property
    def label(self) -> str:
        return _label(self)


class DocStatus(StrEnum):
    """Where a document stands: 未取得 → 請求中 → 取得済 → 確認済 (checked by the user)."""

    MISSING = "missing"
    REQUESTED = "requested"
    OBTAINED = "obtained"
    CHECKED = "checked"

    @property
    def label(self) -> str:
        return _label(self)


class OutcomeResult(StrEnum):
    """Result after the opening (開札)."""

    WON = "won"
    SECOND = "second"
    LOST = "lost"
    INVALID = "invalid"
    WITHDRAWN = "withdrawn"
    FORFEITED = "forfeited"

    @property
    def label(self) -> str:
        return _label(self)


def _label(member: StrEnum) -> str:
    """Japanese label; keyed by enum *and* value, since values repeat across enums
    (PropertyStatus.WITHDRAWN and OutcomeResult.WITHDRAWN are both "withdrawn")."""
    return _LABELS.get((type(member), member.value), member.value)


_LABELS: dict[tuple[type[StrEnum], str], str] = {
    (PropertyStatus, PropertyStatus.ANNOUNCED.value): "公告中",
    (PropertyStatus, PropertyStatus.WITHDRAWN.value): "取下げ",
    (PropertyStatus, PropertyStatus.CANCELLED.value): "取消",
    (PropertyStatus, PropertyStatus.SUSPENDED.value): "停止",
    (BidderKind, BidderKind.INDIVIDUAL.value): "個人",
    (BidderKind, BidderKind.CORPORATION.value): "法人",
    (PaymentMethod, PaymentMethod.TRANSFER.value): "振込",
    (PaymentMethod, PaymentMethod.GUARANTEE.value): "支払保証委託契約",
    (Submission, Submission.IN_PERSON.value): "持参",
    (Submission, Submission.MAIL.value): "郵送",
    (Channel, Channel.COUNTER.value): "窓口(電信扱い)",
    (Channel, Channel.ATM.value): "ATM",
    (Channel, Channel.ONLINE.value): "インターネットバンキング",
    (DocType, DocType.TRANSFER_PROOF.value): "入札保証金振込証明書",
    (DocType, DocType.GUARANTEE_PROOF.value): "支払保証委託契約締結証明書",
    (DocType, DocType.STATEMENT.value): "暴力団員等に該当しない旨の陳述書",
    (DocType, DocType.RESIDENCE.value): "住民票の写し",
    (DocType, DocType.JOINT_PERMISSION.value): "共同入札買受許可申立書",
    (DocType, DocType.LOAN_NOTICE.value): "民執法82条2項の申出書",
    (DocStatus, DocStatus.MISSING.value): "未取得",
    (DocStatus, DocStatus.REQUESTED.value): "請求中",
    (DocStatus, DocStatus.OBTAINED.value): "取得済",
    (DocStatus, DocStatus.CHECKED.value): "確認済",
    (OutcomeResult, OutcomeResult.WON.value): "最高価買受申出人",
    (OutcomeResult, OutcomeResult.SECOND.value): "次順位買受申出人",
    (OutcomeResult, OutcomeResult.LOST.value): "落札できず",
    (OutcomeResult, OutcomeResult.INVALID.value): "無効",
    (OutcomeResult, OutcomeResult.WITHDRAWN.value): "取下げ等",
    # 民執法80条1項: the buyer "cannot claim the return" of the deposit; the courts say
    # 保証金は返還されません, not 没収.
    (OutcomeResult, OutcomeResult.FORFEITED.value): "保証金が返還されない",
}


# --- 入札上限 and the 3点セット risk sheet (issue 17): per property, in the file -----------


@dataclass(frozen=True, kw_only=True)
class NamedCost:
    """A cost that comes with the property (立退き, 滞納管理費, 修繕…), in yen."""

    name: str = ""
    """What the cost is (立退き…); "" when not named."""
    amount: int = 0
    """Yen, 0 or more."""


@dataclass(frozen=True, kw_only=True)
class BidLimitInputs:
    """What the investor enters to work back to a 入札上限 (domain/funds/bidlimit.py):
    a resale ``value``, or a rental (``rent_yearly`` − ``expenses_yearly``) ÷ ``target_yield``;
    the sale cost rate; named costs; a profit rate on the whole outlay or a profit amount;
    rounding to ``unit`` with an odd ending ``tail`` (端数). Rates are Fractions (0.04 = 4%)."""

    value: int | None = None
    """The resale value in yen; None: worked out from the rent instead."""
    rent_yearly: int | None = None
    """Annual rent in yen (rental mode); None: not a rental."""
    expenses_yearly: int = 0
    """Annual expenses of a rental in yen (管理費, 固定資産税…)."""
    target_yield: Fraction | None = None
    """The yield the rent is capitalised at (rental mode)."""
    sell_cost_rate: Fraction = Fraction(0)
    """Costs of the resale as a share of the value (仲介手数料…)."""
    costs: tuple[NamedCost, ...] = ()
    """The named costs that come with the property."""
    profit_rate: Fraction | None = None
    """Target profit as a share of the whole outlay (bid + costs); None: see ``profit``."""
    profit: int | None = None
    """Target profit in yen; None: ``profit_rate`` or no profit target."""
    unit: int | None = None
    """Round the limit down to this unit of yen; None: no rounding."""
    tail: int = 0
    """The odd ending added after rounding (端数, 0 ≤ tail < unit)."""


class Occupant(StrEnum):
    """Who occupies the property, as the 現況調査報告書 / 物件明細書 say."""

    OWNER = "owner"
    TENANT = "tenant"
    NONE = "none"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _label(self)


class Answer(StrEnum):
    """A yes/no fact read from the 3点セット; unknown = not stated or not yet read."""

    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _label(self)


class FarmlandUse(StrEnum):
    """Farmland and the permit the buyer needs (農地法3条: to farm it, 5条: to convert it)."""

    NOT_FARMLAND = "not_farmland"
    FARMING = "farming"
    CONVERSION = "conversion"

    @property
    def label(self) -> str:
        return _label(self)


_LABELS.update(
    {
        (Occupant, Occupant.OWNER.value): "所有者(債務者)",
        (Occupant, Occupant.TENANT.value): "賃借人",
        (Occupant, Occupant.NONE.value): "占有者なし(空室)",
        (Occupant, Occupant.UNKNOWN.value): "不明",
        (Answer, Answer.YES.value): "あり",
        (Answer, Answer.NO.value): "なし",
        (Answer, Answer.UNKNOWN.value): "不明",
        (FarmlandUse, FarmlandUse.NOT_FARMLAND.value): "農地でない",
        (FarmlandUse, FarmlandUse.FARMING.value): "農地(耕作: 農地法3条)",
        (FarmlandUse, FarmlandUse.CONVERSION.value): "農地(転用: 農地法5条)",
    }
)


@dataclass(frozen=True, kw_only=True)
class RiskSheet:
    """The facts an investor reads from the 物件明細書, 現況調査報告書 and 評価書, as entered
    (None: not entered). domain/paperwork/risks.py turns them into findings and cost lines."""

    occupant: Occupant | None = None
    """Who occupies it (現況調査報告書); 引渡命令 prospects follow (民執法83条)."""
    senior_lease: Answer | None = None
    """最先の賃借権 that the buyer takes over (対抗できる賃借権, 物件明細書)."""
    assumed_rights: Answer | None = None
    """買受人が負担することとなる他人の権利 other than a lease (民執法59条2項・4項)."""
    assumed_deposit: int | None = None
    """敷金・保証金 the buyer would owe a senior tenant."""
    statutory_superficies: Answer | None = None
    """法定地上権 (民法388条) on the land or for the building."""
    unpaid_fees: int | None = None
    """滞納管理費・修繕積立金 the buyer owes (区分所有法8条)."""
    rebuildable: Answer | None = None
    """再建築できる (建築基準法43条: 幅4m以上の道路に2m以上接する)."""
    boundary_issue: Answer | None = None
    """境界未確定・越境の記載がある."""
    farmland: FarmlandUse | None = None
    """農地: the permission the buyer needs (農地法3条/5条)."""
    eviction_cost: int | None = None
    """明渡しの費用の見込み (引越代・強制執行の費用)."""
    note: str = ""
    """The investor's own note on the 3点セット; "" when none."""


@dataclass(frozen=True, kw_only=True)
class Property:
    """One sale unit (one 事件, one or more 物件番号 sold together).

    Fields follow the `parse --json` output of contracts.md. ``minimum_bid`` and
    ``deposit`` hold the announced figures when the announcement gave them.

    Attributes:
        id: the portfolio's id; "" for a property only parsed, not stored.
        court: the court with its branch (``東京地方裁判所本庁``); None: not read.
        case_number: 事件番号, normalised (``令和7年(ケ)第1234号``); None: not read.
        property_numbers: 物件番号 sold together (``("1", "2")``); (): none read.
        kind: 種別 as announced (戸建, マンション, 土地…); None: not stated.
        farmland: a number is （農地） or the 地目 is 田/畑: the bid needs a 買受適格証明書.
        address: 所在地 as announced; None: not stated.
        base_price: 売却基準価額 (yen); None: not read (then no figure is computed).
        minimum_bid: 買受可能価額 (yen), the announced one, else ⌈base × 8/10⌉; None: no base.
        deposit: 買受申出保証額 (yen), the announced one, else ⌈base × 2/10⌉; None: no base.
        deposit_estimated: the deposit was computed, not announced (shown as 推定).
        viewing_start: 閲覧開始日 (the 3点セット); None: not announced.
        bid_period_start: 入札期間 first day; None: not announced.
        bid_period_end: 入札期間 last day (the court must receive the bid by then); None: not
            announced.
        opening_date: 開札期日; None: not announced.
        sale_decision_date: 売却決定期日; None: not announced.
        special_sale_start: 特別売却 first day; None: none announced.
        special_sale_end: 特別売却 last day; None: none announced.
        status: 公告中 or called off (取下げ/取消/停止).
        warnings: what reading the announcement found odd, one sentence each.
        note: the user's memo; "" none.
        creditor_offer: see its note below.
    """

    id: PropertyId = ""
    court: str | None = None
    case_number: str | None = None
    property_numbers: tuple[str, ...] = ()
    kind: str | None = None
    farmland: bool = False
    address: str | None = None
    base_price: int | None = None
    minimum_bid: int | None = None
    deposit: int | None = None
    deposit_estimated: bool = False
    viewing_start: date | None = None
    bid_period_start: date | None = None
    bid_period_end: date | None = None
    opening_date: date | None = None
    sale_decision_date: date | None = None
    special_sale_start: date | None = None
    special_sale_end: date | None = None
    status: PropertyStatus = PropertyStatus.ANNOUNCED
    warnings: tuple[str, ...] = ()
    note: str = ""
    creditor_offer: int | None = None
    """民執法63条2項1号の申出額 (yen) when the announcement states one: the 差押債権者 buys at
    that price unless a bid reaches it, so a lower bid cannot win. None: none stated."""
    bid_limit: BidLimitInputs | None = None
    """The 入札上限 inputs (issue 17); None: not entered."""
    risks: RiskSheet | None = None
    """The 3点セット risk sheet (issue 17); None: not entered."""

    @property
    def title(self) -> str:
        """Short label: 事件番号 物件番号."""
        return property_title(self.case_number, self.property_numbers)


def property_title(case_number: str | None, property_numbers: tuple[str, ...]) -> str:
    """A property's short label, 事件番号 物件番号 (``Property.title``; also built from the
    file's columns for the table at start, storage/lines.py)."""
    numbers = ",".join(property_numbers)
    case = case_number or "(事件番号不明)"
    return f"{case} 物件{numbers}" if numbers else case


@dataclass(frozen=True, kw_only=True)
class Officer:
    """役員 listed in the 陳述書 別紙 (民執法65条の2).

    Attributes:
        name: 氏名; "" not entered (STATEMENT_INCOMPLETE).
        name_kana: ふりがな; "" not entered.
        birth_date: 生年月日; None: not entered.
        sex: 性別 as written on the 陳述書 (男/女); "" not entered.
        address: 住所; "" not entered.
    """

    name: str = ""
    name_kana: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""


@dataclass(frozen=True, kw_only=True)
class RefundAccount:
    """The account the court returns the deposit to (保証金返還請求 / 振込先).

    Attributes:
        bank: 金融機関名; "" not entered.
        branch: 支店名; "" not entered.
        type: 預金種別 (普通, 当座…).
        number: 口座番号 (digits as text); "" not entered.
        holder_kana: 口座名義 in katakana, as the bank holds it; "" not entered.
    """

    bank: str = ""
    branch: str = ""
    type: str = "普通"
    number: str = ""
    holder_kana: str = ""


@dataclass(frozen=True, kw_only=True)
class Bidder:
    """入札人: an individual, or a corporation with its representative and officers.

    Attributes:
        id: the portfolio's id; "" for a bidder not stored yet.
        kind: 個人 or 法人.
        name: 氏名 or 名称 as on the 住民票 / 登記事項証明書; "" not entered.
        name_kana: ふりがな; "" not entered.
        address: 住所 or 本店所在地; "" not entered.
        birth_date: an individual's 生年月日; None: not entered (and for a corporation).
        representative_title: a corporation's 代表者の資格 (代表取締役…); None: an individual
            or not entered.
        representative_name: a corporation's 代表者の氏名; None: an individual or not entered.
        officers: a corporation's 役員 for the 陳述書 別紙; (): none entered.
        refund_account: where the deposit is returned; None: not entered.
        sex: see its note below.
    """

    id: BidderId = ""
    kind: BidderKind = BidderKind.INDIVIDUAL
    name: str = ""
    name_kana: str = ""
    address: str = ""
    birth_date: date | None = None
    representative_title: str | None = None
    representative_name: str | None = None
    officers: tuple[Officer, ...] = ()
    refund_account: RefundAccount | None = None
    sex: str = ""
    """An individual's 性別 as written on the 陳述書 (e.g. 男/女); "" not entered yet."""


@dataclass(frozen=True, kw_only=True)
class Agent:
    """代理人 who submits for the bidder (委任状 needed).

    Attributes:
        name: 氏名; "" not entered.
        address: 住所; "" not entered.
        relation: the agent's relation to the bidder (従業員, 親族…); "" not entered.
    """

    name: str = ""
    address: str = ""
    relation: str = ""


@dataclass(frozen=True, kw_only=True)
class Loan:
    """Mortgage financing of the balance (民執法82条2項の申出).

    Attributes:
        lender: the bank lending; "" not entered.
        amount: the loan (yen) paid with the balance; 0 not entered.
        expected_date: when the loan is paid out; None: with the balance (on its deadline).
    """

    lender: str = ""
    amount: int = 0
    expected_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """保証金の振込 as made (or planned) at the bank.

    Attributes:
        date: the day of the transfer; None: planned, not made yet.
        payer_name: 振込依頼人 as the bank prints it (must be the bidder); "" not entered.
        payer_kana: 振込依頼人 in katakana; "" not entered.
        channel: 窓口(電信扱い), ATM or online; courts accept only the counter.
        amount: the yen transferred; None: not entered (the property's deposit is assumed).
    """

    date: date | None = None
    payer_name: str = ""
    payer_kana: str = ""
    channel: Channel = Channel.COUNTER
    amount: int | None = None


@dataclass(frozen=True, kw_only=True)
class Document:
    """One 提出書類 of a bid and where it stands.

    Attributes:
        type: which document (住民票, 陳述書…).
        issued: 発行日 (a certificate's validity counts from it); None: not entered.
        name: the name written on it, compared with the bidder's; "" not entered.
        status: 未取得 → 請求中 → 取得済 → 確認済.
        note: the user's memo; "" none.
        representative: see its note below.
    """

    type: DocType
    issued: date | None = None
    name: str = ""
    status: DocStatus = DocStatus.MISSING
    note: str = ""
    representative: str = ""
    """A 登記事項証明書's 代表者 as written on it (資格 and 氏名, e.g. 「代表取締役 山田 一郎」),
    compared with the bidder's; "" not entered (and for every other document)."""


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """What happened after the opening (開札), as the user records it.

    Attributes:
        result: 最高価買受申出人, 次順位, 落札できず, 無効, 取下げ等 or 保証金没収.
        top_bid: the highest bid announced at the opening (yen); None: not entered.
        payment_deadline: 代金納付期限 from the court's notice; None: not received yet (an
            estimate is shown).
        paid_date: the day the balance was paid; None: not paid.
        refund_date: the day the deposit came back; None: not yet.
        refund_amount: the yen returned; None: not entered.
        withdrawn_date: the day the sale was called off (取下げ等); None: not entered.
    """

    result: OutcomeResult
    top_bid: int | None = None
    payment_deadline: date | None = None
    paid_date: date | None = None
    refund_date: date | None = None
    refund_amount: int | None = None
    withdrawn_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class Bid:
    """One 入札: a bidder's bid on a property, its papers, deposit and outcome.

    Attributes:
        id: the portfolio's id; "" for a bid not stored yet.
        property: the property's id; "" none chosen yet.
        bidder: the bidder's id (the representative of joint bidders); "" none chosen yet.
        amount: 入札価額 (yen); None: not decided yet (AMOUNT_UNDECIDED).
        method: the deposit by 振込 or by 支払保証委託契約.
        submission: 持参 or 郵送 (a mailed bid must arrive within the period).
        planned_submission: the day the user plans to hand in or post it; None: not planned.
        agent: the 代理人 who submits; None: the bidder in person.
        joint_bidders: the other 共同入札人 (bidder ids); (): a bid alone.
        loan: 民執法82条2項 financing of the balance; None: none.
        transfer: the deposit's transfer; None: not planned or made yet.
        documents: the papers recorded for this bid; (): none yet.
        outcome: what happened at the opening; None: not recorded (still open).
        win_probability: percent 0–100 for the expected cash flow; None: the default.
        acquisition_costs: costs the user accepted (登録免許税…, yen); None: none entered.
        note: the user's memo; "" none.
        funder: see its note below.
    """

    id: BidId = ""
    property: PropertyId = ""
    bidder: BidderId = ""
    amount: int | None = None
    method: PaymentMethod = PaymentMethod.TRANSFER
    submission: Submission = Submission.IN_PERSON
    planned_submission: date | None = None
    agent: Agent | None = None
    joint_bidders: tuple[BidderId, ...] = ()
    loan: Loan | None = None
    transfer: Transfer | None = None
    documents: tuple[Document, ...] = ()
    outcome: Outcome | None = None
    win_probability: int | None = None
    acquisition_costs: int | None = None
    note: str = ""
    funder: BidderId = ""
    """Id of the bidder on whose account the bid is made (自己の計算において買受けの申出を
    させようとする者, 民執法65条の2第2号): their 陳述書 is needed too. "" when there is none."""


@dataclass(frozen=True, kw_only=True)
class Financing:
    """A line of funding besides cash (融資, 借入枠) counted in the capacity.

    Attributes:
        name: what it is (A銀行 融資); "" not named.
        amount: yen available.
        available_from: the day it can be used; None: a standby facility, counted in the
            headroom from the start but never as cash.
    """

    name: str = ""
    amount: int = 0
    available_from: date | None = None


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The portfolio's money and planning margins.

    Attributes:
        cash_on_hand: 手元資金 (yen) before every transfer and payment.
        reserve: 予備資金 (yen) never spent: capacity = cash + financing − reserve.
        financing: funding besides cash; (): none.
        transfer_margin: bank days before the period end by which to transfer the deposit.
        mail_margin: court days before the period end by which to post a mailed bid.
    """

    cash_on_hand: int = 0
    reserve: int = 0
    financing: tuple[Financing, ...] = ()
    transfer_margin: int = 2
    mail_margin: int = 3


@dataclass(frozen=True, kw_only=True)
class Portfolio:
    """Everything in one portfolio file, as plain values.

    Attributes:
        settings: money and margins.
        bidders: every 入札人, in the file's order.
        properties: every property, in the file's order.
        bids: every bid, in the file's order (the window's and the exports' order).
    """

    settings: Settings = field(default_factory=Settings)
    bidders: tuple[Bidder, ...] = ()
    properties: tuple[Property, ...] = ()
    bids: tuple[Bid, ...] = ()

    def property_by_id(self, property_id: PropertyId) -> Property | None:
        return next((p for p in self.properties if p.id == property_id), None)

    def bidder_by_id(self, bidder_id: BidderId) -> Bidder | None:
        return next((b for b in self.bidders if b.id == bidder_id), None)
