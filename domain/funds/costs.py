"""Acquisition cost estimator (取得諸費用の概算): taxes and fees after a won bid.

An *offer*, never an automatic addition: the user sees the lines, may edit the rates, and
enters the total as ``Bid.acquisition_costs`` if they accept it; only then does the cash
flow count it (contracts.md: "Acquisition costs count only where the user entered them").

Every line names its source. The rates are the statutory ones (本則); reductions that
depend on the property and the year (e.g. 土地の売買 1.5%, 租税特別措置法72条; 住宅用家屋
0.3%, 同73条; 宅地の課税標準 1/2, 地方税法附則11条の5) are left to the user to enter
as rates, because they need facts the program does not hold.

Rounding (named, never float): the tax base is cut down to the ¥1,000 and the tax to the
¥100 (国税通則法118条1項・119条1項; 地方税法20条の4の2第1項・第3項); the 登録免許税 is at
least ¥1,000 (登録免許税法19条).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from biddesk.domain.errors import UserError
from biddesk.domain.money import floor_yen


@dataclass(frozen=True, kw_only=True)
class CostRates:
    """Editable rates (Fractions) and fixed fees of the estimate."""

    registration: Fraction = Fraction(2, 100)
    """登録免許税, 所有権の移転 (売買・競落): 登録免許税法 別表第一 1(2)ハ."""
    acquisition_tax: Fraction = Fraction(3, 100)
    """不動産取得税: 本則4% (地方税法73条の15), 土地・住宅は3% (同法附則11条の2)."""
    mortgage: Fraction = Fraction(4, 1000)
    """登録免許税, 抵当権の設定 (融資を受ける場合): 登録免許税法 別表第一 1(5)."""
    erasure_fee: int = 1_000
    """登録免許税, 抹消登記 1件につき: 登録免許税法 別表第一 1(15)."""


DEFAULT_RATES = CostRates()


@dataclass(frozen=True, kw_only=True)
class CostLine:
    """One line of the estimate: what, on which base, at which rate, and why."""

    name: str
    base: int
    rate: Fraction | None
    """None for a fixed fee (``base`` is then the number of items)."""
    amount: int
    source: str
    note: str = ""


TAX_BASE_UNIT = 1_000
TAX_UNIT = 100
MINIMUM_REGISTRATION_TAX = 1_000


def _tax(base: int, rate: Fraction) -> int:
    """base cut to ¥1,000, × rate, cut to ¥100 (国税通則法118条・119条, 地方税法20条の4の2)."""
    taxable = base // TAX_BASE_UNIT * TAX_BASE_UNIT
    return floor_yen(taxable * rate) // TAX_UNIT * TAX_UNIT


def estimate_costs(
    price: int,
    *,
    assessed_value: int | None = None,
    loan_amount: int | None = None,
    erasures: int = 0,
    rates: CostRates = DEFAULT_RATES,
) -> list[CostLine]:
    """The estimated costs of acquiring a property won at ``price``.

    The taxes are on the 固定資産税評価額 (``assessed_value``); without it, the price is used
    as the base and the line says so (the 評価額 is usually lower: an upper estimate).
    ``loan_amount`` adds the 抵当権設定 registration, ``erasures`` the 抹消登記 fees.
    """
    base = assessed_value if assessed_value is not None else price
    note = "" if assessed_value is not None else "固定資産税評価額が不明のため買受価額で概算"
    lines = [
        CostLine(
            name="登録免許税(所有権移転)",
            base=base,
            rate=rates.registration,
            amount=max(_tax(base, rates.registration), MINIMUM_REGISTRATION_TAX),
            source="登録免許税法 別表第一 1(2)ハ",
            note=note,
        ),
        CostLine(
            name="不動産取得税",
            base=base,
            rate=rates.acquisition_tax,
            amount=_tax(base, rates.acquisition_tax),
            source="地方税法73条の15・附則11条の2",
            note=note,
        ),
    ]
    if loan_amount:
        lines.append(
            CostLine(
                name="登録免許税(抵当権設定)",
                base=loan_amount,
                rate=rates.mortgage,
                amount=max(_tax(loan_amount, rates.mortgage), MINIMUM_REGISTRATION_TAX),
                source="登録免許税法 別表第一 1(5)",
            )
        )
    if erasures > 0:
        lines.append(
            CostLine(
                name="登録免許税(抹消登記)",
                base=erasures,
                rate=None,
                amount=erasures * rates.erasure_fee,
                source="登録免許税法 別表第一 1(15)",
                note=f"{erasures}件 × {rates.erasure_fee:,}円",
            )
        )
    return lines


def total_costs(lines: list[CostLine]) -> int:
    """The sum the user may accept as ``Bid.acquisition_costs``."""
    return sum(line.amount for line in lines)


def percent_text(rate: Fraction) -> str:
    """A rate as the percent the user types: Fraction(4, 1000) → "0.4" (exact, no float).
    A percent with no finite decimal (1/3 %) is written as the fraction "1/3", which
    ``parse_percent`` reads back to the same rate."""
    percent = rate * 100
    denominator = percent.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return f"{percent.numerator}/{percent.denominator}"
    value = Decimal(percent.numerator) / Decimal(percent.denominator)
    return format(value.normalize(), "f")


def parse_percent(text: str, label: str = "税率") -> Fraction:
    """A rate typed in percent, 0–100: "1.5" / "１．５％" → Fraction(3, 200) (exact).

    The one percent reader (tax rates, the 入札上限's yield, sale cost and profit rates);
    ``label`` names the rate in the one-sentence error."""
    cleaned = unicodedata.normalize("NFKC", text).strip().rstrip("%").strip()
    try:
        value = Fraction(cleaned)
    except (ValueError, ZeroDivisionError):
        raise UserError(f"{label}として読めません: 「{text}」") from None
    if value < 0 or value > 100:
        raise UserError(f"{label}は0〜100%で入力してください: 「{text}」")
    return value / 100
