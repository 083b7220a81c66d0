"""Figures of one property and one bid: minimum bid, deposit, balance, 次順位, deadlines.

Every figure a court *announces* beats a figure computed here; a disagreement is a
warning (likely a typo in the input), never silently "fixed".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from biddesk.domain.dates import bank_days_before, court_days_before, last_bank_day_on_or_before
from biddesk.domain.dates import last_court_day_on_or_before as last_court_day
from biddesk.domain.models import PaymentMethod, Property
from biddesk.domain.money import (
    DEPOSIT_RATIO,
    MINIMUM_BID_RATIO,
    Yen,
    ceil_share,
    format_yen,
    yen_in_words,
)

SUSPICIOUS_MULTIPLE = 3
"""A bid above 3× 基準 is probably a digit too many (court practice: wrong digits void a bid)."""


def minimum_bid(base_price: Yen) -> Yen:
    """買受可能価額: the smallest whole-yen bid, ceil(基準 × 8/10) (民執法60条3項)."""
    return ceil_share(base_price, MINIMUM_BID_RATIO)


def standard_deposit(base_price: Yen) -> Yen:
    """Default 買受申出保証額, ceil(基準 × 2/10) (民執規則49条→39条1項)."""
    return ceil_share(base_price, DEPOSIT_RATIO)


@dataclass(frozen=True, kw_only=True)
class PropertyFigures:
    """The figures to use for a property, and what disagrees in the announcement."""

    base_price: Yen | None
    minimum_bid: Yen | None
    deposit: Yen | None
    deposit_estimated: bool
    warnings: tuple[str, ...]


def property_figures(
    base_price: Yen | None,
    *,
    announced_minimum: Yen | None = None,
    announced_deposit: Yen | None = None,
) -> PropertyFigures:
    """Resolve minimum bid and deposit: announced figures win; missing ones are computed.

    A computed deposit is marked *estimated* (the court may set more, 規則39条2項, or round
    up). An announced deposit below 基準×2/10 or a minimum that is not 基準×8/10 is warned.
    """
    warnings: list[str] = []
    if base_price is None:
        return PropertyFigures(
            base_price=None,
            minimum_bid=announced_minimum,
            deposit=announced_deposit,
            deposit_estimated=False,
            warnings=(),
        )
    expected_minimum = minimum_bid(base_price)
    expected_deposit = standard_deposit(base_price)
    if announced_minimum is not None and announced_minimum != expected_minimum:
        warnings.append(
            f"買受可能価額{format_yen(announced_minimum)}が売却基準価額の8/10"
            f"({format_yen(expected_minimum)})と一致しないため、入力を確認してください。"
        )
    if announced_deposit is not None and announced_deposit < expected_deposit:
        warnings.append(
            f"買受申出保証額{format_yen(announced_deposit)}が売却基準価額の2/10"
            f"({format_yen(expected_deposit)})より少額のため、入力を確認してください。"
        )
    elif announced_deposit is not None and announced_deposit > base_price:
        # 規則39条2項 allows more than 2/10, but never more than the price: a digit too many.
        warnings.append(
            f"買受申出保証額{format_yen(announced_deposit)}が売却基準価額"
            f"{format_yen(base_price)}を超えているため、桁を確認してください。"
        )
    return PropertyFigures(
        base_price=base_price,
        minimum_bid=announced_minimum if announced_minimum is not None else expected_minimum,
        deposit=announced_deposit if announced_deposit is not None else expected_deposit,
        deposit_estimated=announced_deposit is None,
        warnings=tuple(warnings),
    )


@dataclass(frozen=True, kw_only=True)
class BidCheck:
    """A bid amount checked against the property's figures."""

    amount: Yen
    valid: bool
    balance_due: Yen | None
    """残代金 if the bid wins; None when the bid is invalid or the deposit is unknown."""
    in_words: str
    warnings: tuple[str, ...]


def figures_of(prop: Property) -> PropertyFigures:
    """The figures of a recorded property — the one place every view, check and export
    gets them from: the announced minimum and deposit win, else computed (民執法60条3項,
    民執規則49条→39条1項). A deposit the program estimated earlier (``deposit_estimated``)
    is not an announced one: it is estimated again from the base price, and stays marked."""
    announced = None if prop.deposit_estimated and prop.base_price is not None else prop.deposit
    return property_figures(
        prop.base_price, announced_minimum=prop.minimum_bid, announced_deposit=announced
    )


def check_bid(
    amount: Yen, *, base_price: Yen | None, minimum: Yen | None, deposit: Yen | None
) -> BidCheck:
    """Validity of a bid amount and the balance due if it wins (残代金 = 入札額 − 保証金).

    Invalid: not a positive amount, or below 買受可能価額 (民執法60条3項; the announced
    ``minimum``, else ceil(基準×8/10)). Warned: above 3× 基準 (court practice: the amount
    on a 入札書 cannot be corrected, and a digit too many still binds the bidder).
    """
    warnings: list[str] = []
    if minimum is None and base_price is not None:
        minimum = minimum_bid(base_price)
    valid = amount > 0
    if amount <= 0:
        warnings.append("入札額は1円以上の金額にしてください。")
    elif minimum is not None and amount < minimum:
        valid = False
        warnings.append(
            f"入札額{format_yen(amount)}が買受可能価額{format_yen(minimum)}を下回っているため、"
            "この入札は無効です。"
        )
    if base_price is not None and amount > SUSPICIOUS_MULTIPLE * base_price:
        warnings.append(
            f"入札額{format_yen(amount)}が売却基準価額の{SUSPICIOUS_MULTIPLE}倍"
            f"({format_yen(SUSPICIOUS_MULTIPLE * base_price)})を超えているため、"
            "桁を確認してください(入札書の金額は訂正できません)。"
        )
    balance = amount - deposit if valid and deposit is not None else None
    return BidCheck(
        amount=amount,
        valid=valid,
        balance_due=balance,
        in_words=yen_in_words(amount) if amount >= 0 else "",
        warnings=tuple(warnings),
    )


@dataclass(frozen=True, kw_only=True)
class SecondBidCheck:
    """Whether a 次順位買受けの申出 is allowed, with the reason in one sentence."""

    eligible: bool
    reason: str


def second_bid_eligibility(
    amount: Yen, *, minimum: Yen | None, top_bid: Yen, deposit: Yen | None
) -> SecondBidCheck:
    """次順位買受けの申出 (民執法67条): allowed only if own bid ≥ 買受可能価額 **and**
    own bid ≥ 最高価 − 買受申出保証額 (「控除した額以上」: the 平成16年 amendment replaced the
    original 「超える」, which older guides still repeat). A bid equal to the top one leads to
    追加入札 (民執規則42条), a higher one is itself the top bid: neither is a 次順位 case."""
    if minimum is not None and amount < minimum:
        return SecondBidCheck(
            eligible=False,
            reason=(
                f"入札額{format_yen(amount)}が買受可能価額{format_yen(minimum)}未満のため、"
                "次順位買受けの申出はできません(民執法67条)。"
            ),
        )
    if amount > top_bid:
        return SecondBidCheck(
            eligible=False,
            reason=(
                f"入札額{format_yen(amount)}が最高価{format_yen(top_bid)}を上回っているため、"
                "次順位ではなく最高価買受申出人になります。"
            ),
        )
    if amount == top_bid:
        return SecondBidCheck(
            eligible=False,
            reason=(
                f"入札額が最高価{format_yen(top_bid)}と同額のため、次順位ではなく"
                "追加入札(民執規則42条)の対象になります。"
            ),
        )
    if deposit is None:
        return SecondBidCheck(
            eligible=False,
            reason="買受申出保証額が不明のため、次順位買受けの申出を判定できません。",
        )
    threshold = top_bid - deposit
    if amount >= threshold:
        return SecondBidCheck(
            eligible=True,
            reason=(
                f"入札額が最高価{format_yen(top_bid)}から保証額{format_yen(deposit)}を引いた"
                f"{format_yen(threshold)}以上のため、次順位買受けの申出ができます(民執法67条)。"
            ),
        )
    return SecondBidCheck(
        eligible=False,
        reason=(
            f"入札額が最高価{format_yen(top_bid)}から保証額{format_yen(deposit)}を引いた"
            f"{format_yen(threshold)}未満のため、次順位買受けの申出はできません(民執法67条)。"
        ),
    )


# --- deadlines -----------------------------------------------------------------


@cache  # pure in its dates; portfolios share a few dozen period ends
def last_transfer_day(period_end: date) -> date:
    """Absolute last day for the deposit to be credited (着金): the last bank business day
    (銀行法施行令5条) on or before the end of the 入札期間, before the bank's same-day
    cut-off (court practice: 入札期間の末日までに裁判所の口座に入金されていること)."""
    return last_bank_day_on_or_before(period_end)


@cache
def safe_transfer_day(period_end: date, margin: int) -> date:
    """Planned transfer day: ``margin`` bank business days before the last transfer day
    (a safety margin for a counter mistake or a missed cut-off; Settings.transfer_margin)."""
    return bank_days_before(last_transfer_day(period_end), margin)


@cache
def last_in_person_day(period_end: date) -> date:
    """Last court business day (裁判所の休日に関する法律1条) of the period for submitting
    at the 執行官室 in person."""
    return last_court_day(period_end)


@cache
def mail_send_by(period_end: date, margin: int) -> date:
    """Send a mailed bid by this court business day so that the 書留 *arrives* within the
    period (court practice: 郵送は期間内必着), ``margin`` court days before its last court day."""
    return court_days_before(last_court_day(period_end), margin)


def deposit_credited(method: PaymentMethod, deposit: Yen | None) -> Yen | None:
    """The part of the deposit that counts toward the price if the bid wins.

    Money provided as the 買受申出保証 is applied to the price (民執法78条2項): with a
    transfer (振込) the 残代金 is the bid less the deposit. A 支払保証委託契約 (民執規則40条1項
    4号) is a bank's promise, not money: nothing is applied and the whole bid is due."""
    return deposit if method is PaymentMethod.TRANSFER else 0
