"""Money: integer yen, Fraction ratios, named rounding, Japanese formats.

Amounts are plain ``int`` yen. Ratios are ``Fraction`` so 基準×8/10 is exact; the
rounding that turns a ratio into yen is always named (``ceil_yen``/``floor_yen``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from fractions import Fraction

from domain.errors import UserError

Yen = int

MINIMUM_BID_RATIO = Fraction(8, 10)
"""買受可能価額 = 売却基準価額 × 8/10 (民執法60条3項: 基準から10分の2を控除した額)."""

DEPOSIT_RATIO = Fraction(2, 10)
"""買受申出保証額 = 売却基準価額 × 2/10 by default (民執規則49条→39条1項)."""

OKU = 100_000_000
MAN = 10_000


class MoneyError(UserError, ValueError):
    """Text that is not an amount of yen; the message is one sentence for the user."""


def _exact(value: Fraction | int) -> Fraction:
    # A float here would already have lost the exact yen; refuse it loudly.
    if isinstance(value, float):
        raise TypeError("money is never float: use int yen or Fraction")
    return Fraction(value)


def ceil_yen(value: Fraction | int) -> Yen:
    """Round up to a whole yen (a bid or deposit may not fall short by a fraction)."""
    return math.ceil(_exact(value))


def ceil_share(amount: Yen, ratio: Fraction) -> Yen:
    """ceil(amount × ratio) in integer arithmetic: the same exact result as
    ``ceil_yen(amount * ratio)`` without building a Fraction per call (hot in checks)."""
    return -(-amount * ratio.numerator // ratio.denominator)


def floor_yen(value: Fraction | int) -> Yen:
    """Round down to a whole yen."""
    return math.floor(_exact(value))


def format_yen(amount: Yen | None, *, missing: str = "－") -> str:
    """``12340000`` → ``12,340,000円``; ``None`` → ``－`` (not available)."""
    if amount is None:
        return missing
    return f"{amount:,}円"


def yen_in_words(amount: Yen) -> str:
    """The bid in words, as written beside a 入札書 amount: ``123456789`` → ``1億2,345万6,789円``.

    Each group is written in digits with thousands separators (``12,345億``, ``1,234万``), so
    ``parse_yen`` reads the result back to the same amount.
    """
    if amount < 0:
        raise MoneyError(f"負の金額は書き表せません: {amount:,}円")
    if amount == 0:
        return "0円"
    oku, rest = divmod(amount, OKU)
    man, ichi = divmod(rest, MAN)
    parts = []
    if oku:
        parts.append(f"{oku:,}億")
    if man:
        parts.append(f"{man:,}万")
    if ichi:
        parts.append(f"{ichi:,}")
    return "".join(parts) + "円"


_NOT_AVAILABLE = frozenset({"-", "－", "‐", "‑", "―", "ー", "—", "–", "−", "─"})
# Digits are ASCII after NFKC; separators must group by three (「1234,567」 is a typo).
_INTEGER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
_NUMBER = rf"{_INTEGER}(?:\.[0-9]+)?"
_AMOUNT_RE = re.compile(
    rf"(?:(?P<oku>{_NUMBER})億)?(?:(?P<man>{_NUMBER})万)?(?P<ichi>{_INTEGER})?",
    re.ASCII,
)


def normalize_amount_text(text: str) -> str:
    """NFKC (全角 digits and commas to half width) and no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _number(text: str) -> Fraction:
    return Fraction(text.replace(",", ""))


def _digits(text: str) -> int:
    return len(text.replace(",", "").split(".")[0].lstrip("0"))


def parse_yen(text: str) -> Yen | None:
    """Read an amount as written in announcements and notes.

    Accepts ``12,340,000円``, ``１２，３４０，０００円``, ``1234万円``, ``1,234万5,000円``,
    ``1億2,345万6,789円``, ``123.4万円``, ``¥12,340,000``, ``金12,340,000円``. ``－円`` / ``-円``
    mean "not available" and give ``None`` (a withdrawn BIT card shows them). Anything else
    raises ``MoneyError``: a misread amount must never pass silently (wrong digits void a bid).
    """
    shown = text.strip()
    cleaned = normalize_amount_text(text)
    if cleaned.startswith("金"):
        cleaned = cleaned[1:]
    if cleaned.endswith("円"):
        cleaned = cleaned[:-1]
    if cleaned.startswith(("¥", "\\")):
        cleaned = cleaned[1:]
    if cleaned in _NOT_AVAILABLE:
        return None
    if not cleaned:
        raise MoneyError(f"金額が入力されていません: 「{shown}」")
    match = _AMOUNT_RE.fullmatch(cleaned)
    if match is None:
        raise MoneyError(f"金額として読めません: 「{shown}」")
    oku, man, ichi = match.group("oku", "man", "ichi")
    if (oku and "." in oku and (man or ichi)) or (man and "." in man and ichi):
        # 「1.5万5,000円」: a decimal unit must be the last part of the amount.
        raise MoneyError(f"小数のある単位の後ろに金額が続いています: 「{shown}」")
    if oku and man and _digits(man) > 4:
        raise MoneyError(f"億の後ろの万の桁数が多すぎます: 「{shown}」")
    if (oku or man) and ichi and _digits(ichi) > 4:
        # 「1万23456円」 is a typo, not an amount.
        unit = "万" if man else "億"
        raise MoneyError(f"{unit}の後ろの桁数が多すぎます: 「{shown}」")
    total = Fraction(0)
    if oku:
        total += _number(oku) * OKU
    if man:
        total += _number(man) * MAN
    if ichi:
        total += _number(ichi)
    if total.denominator != 1:
        raise MoneyError(f"円未満の端数になる金額です: 「{shown}」")
    return int(total)
