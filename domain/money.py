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
from domain.limits import MAX_YEN, MAX_YEN_DIGITS, yen_in_range

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


# Digits of yen a unit stands for: the size of an amount is known before it is computed.
_UNIT_DIGITS = {"oku": 8, "man": 4, "ichi": 0}
_SHOWN_CHARACTERS = 40


def _number(text: str) -> Fraction:
    """A part of an amount, exactly (its size was checked: no int() of thousands of digits)."""
    whole, _, decimals = text.replace(",", "").partition(".")
    decimals = decimals.rstrip("0")
    fraction = Fraction(int(decimals), 10 ** len(decimals)) if decimals else Fraction(0)
    return int(whole.lstrip("0") or "0") + fraction


def _digits(text: str) -> int:
    return len(text.replace(",", "").split(".")[0].lstrip("0"))


def _decimals(text: str) -> int:
    return len(text.partition(".")[2].rstrip("0"))


def _shorten(text: str) -> str:
    """The text as quoted in a message: a pasted 5,000-digit number must not fill the screen."""
    if len(text) <= _SHOWN_CHARACTERS:
        return text
    return f"{text[: _SHOWN_CHARACTERS - 10]}…{text[-9:]}({len(text):,}文字)"


def too_large_message(shown: str) -> str:
    """The one sentence for an amount above the range every input accepts (domain/limits)."""
    return (
        f"金額の桁が多すぎます({MAX_YEN_DIGITS}桁・{format_yen(MAX_YEN)}まで): "
        f"「{_shorten(shown)}」"
    )


def check_price(amount: Yen | None, label: str) -> Yen | None:
    """``amount`` as a price (売却基準価額, 買受可能価額, 保証額, 入札額, 最高価), the rule every
    input shares: 0円 is refused (no court sells or accepts a bid for nothing, and a 0 base
    turns every figure into 0); None — not announced, 「－円」 of a withdrawn card — passes."""
    if amount is not None and amount <= 0:
        raise MoneyError(f"{label}には1円以上の金額を指定してください(0円は入力できません)。")
    return amount


def parse_yen(text: str) -> Yen | None:
    """Read an amount as written in announcements and notes.

    Accepts ``12,340,000円``, ``１２，３４０，０００円``, ``1234万円``, ``1,234万5,000円``,
    ``1億2,345万6,789円``, ``123.4万円``, ``¥12,340,000``, ``金12,340,000円``. ``－円`` / ``-円``
    mean "not available" and give ``None`` (a withdrawn BIT card shows them). Anything else,
    and any amount outside 0〜999兆…円 (domain/limits), raises ``MoneyError``: a misread amount
    must never pass silently (wrong digits void a bid).
    """
    shown = _shorten(text.strip())
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
    parts = {"oku": oku, "man": man, "ichi": ichi}
    if any(
        _digits(part) + _UNIT_DIGITS[unit] > MAX_YEN_DIGITS for unit, part in parts.items() if part
    ):
        raise MoneyError(too_large_message(text.strip()))
    if any(_decimals(part) > _UNIT_DIGITS[unit] for unit, part in parts.items() if part):
        raise MoneyError(f"円未満の端数になる金額です: 「{shown}」")
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
    if not yen_in_range(int(total)):
        raise MoneyError(too_large_message(text.strip()))
    return int(total)
