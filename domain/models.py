"""Value objects of a portfolio, mirroring the interchange JSON of contracts.md.

Every class is a frozen, keyword-only dataclass; money is ``int`` yen, dates are
``datetime.date``, probabilities are percent integers (never float).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


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


@dataclass(frozen=True, kw_only=True)
class Property:
    """One sale unit (one 事件, one or more 物件番号 sold together).

    Fields follow the `parse --json` output of contracts.md. ``minimum_bid`` and
    ``deposit`` hold the announced figures when the announcement gave them.
    """

    id: str = ""
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

    @property
    def title(self) -> str:
        """Short label: 事件番号 物件番号."""
        numbers = ",".join(self.property_numbers)
        case = self.case_number or "(事件番号不明)"
        return f"{case} 物件{numbers}" if numbers else case


@dataclass(frozen=True, kw_only=True)
class Officer:
    """役員 listed in the 陳述書 別紙 (民執法65条の2)."""

    name: str = ""
    name_kana: str = ""
    birth_date: date | None = None
    sex: str = ""
    address: str = ""


@dataclass(frozen=True, kw_only=True)
class RefundAccount:
    bank: str = ""
    branch: str = ""
    type: str = "普通"
    number: str = ""
    holder_kana: str = ""


@dataclass(frozen=True, kw_only=True)
class Bidder:
    """入札人: an individual, or a corporation with its representative and officers."""

    id: str = ""
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
    """代理人 who submits for the bidder (委任状 needed)."""

    name: str = ""
    address: str = ""
    relation: str = ""


@dataclass(frozen=True, kw_only=True)
class Loan:
    """Mortgage financing of the balance (民執法82条2項の申出)."""

    lender: str = ""
    amount: int = 0
    expected_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class Transfer:
    """保証金の振込 as made (or planned) at the bank."""

    date: date | None = None
    payer_name: str = ""
    payer_kana: str = ""
    channel: Channel = Channel.COUNTER
    amount: int | None = None


@dataclass(frozen=True, kw_only=True)
class Document:
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
    result: OutcomeResult
    top_bid: int | None = None
    payment_deadline: date | None = None
    paid_date: date | None = None
    refund_date: date | None = None
    refund_amount: int | None = None
    withdrawn_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class Bid:
    id: str = ""
    property: str = ""
    bidder: str = ""
    amount: int | None = None
    method: PaymentMethod = PaymentMethod.TRANSFER
    submission: Submission = Submission.IN_PERSON
    planned_submission: date | None = None
    agent: Agent | None = None
    joint_bidders: tuple[str, ...] = ()
    loan: Loan | None = None
    transfer: Transfer | None = None
    documents: tuple[Document, ...] = ()
    outcome: Outcome | None = None
    win_probability: int | None = None
    acquisition_costs: int | None = None
    note: str = ""
    funder: str = ""
    """Id of the bidder on whose account the bid is made (自己の計算において買受けの申出を
    させようとする者, 民執法65条の2第2号): their 陳述書 is needed too. "" when there is none."""


@dataclass(frozen=True, kw_only=True)
class Financing:
    name: str = ""
    amount: int = 0
    available_from: date | None = None


@dataclass(frozen=True, kw_only=True)
class Settings:
    cash_on_hand: int = 0
    reserve: int = 0
    financing: tuple[Financing, ...] = ()
    transfer_margin: int = 2
    mail_margin: int = 3


@dataclass(frozen=True, kw_only=True)
class Portfolio:
    """Everything in one portfolio file, as plain values."""

    settings: Settings = field(default_factory=Settings)
    bidders: tuple[Bidder, ...] = ()
    properties: tuple[Property, ...] = ()
    bids: tuple[Bid, ...] = ()

    def property_by_id(self, property_id: str) -> Property | None:
        return next((p for p in self.properties if p.id == property_id), None)

    def bidder_by_id(self, bidder_id: str) -> Bidder | None:
        return next((b for b in self.bidders if b.id == bidder_id), None)
