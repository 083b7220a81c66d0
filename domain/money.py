"""Money: integer yen, Fraction ratios, named rounding, Japanese formats.

Amounts are plain ``int`` yen. Ratios are ``Fraction`` so 基準×8/10 is exact; the
rounding that turns a ratio into yen is always named (``ceil_yen``/``floor_yen``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_YEN, MAX_YEN_DIGITS, yen_in_range

Yen = int

MINIMUM_BID_RATIO = Fraction(8, 10)
"""買受可能価額 = 売却基準価額 × 8/10 (民執法60条3項: 基準から10分の2を控除した額)."""

DEPOSIT_RATIO = Fraction(2, 10)
"""買受申出保証額 = 売却基準価額 × 2/10 by default (民執規則49条→39条1項)."""

CHO = 10**12
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
    """The bid in words, as written beside a 入札書 amount: ``123456789`` → ``1億2,345万6,789円``,
    ``1234567890123456`` → ``1,234兆5,678億9,012万3,456円``.

    Each group is written in digits with thousands separators (``1,234兆``, ``1,234万``), so
    ``parse_yen`` reads the result back to the same amount.
    """
    if amount < 0:
        raise MoneyError(f"負の金額は書き表せません: {amount:,}円")
    if amount == 0:
        return "0円"
    cho, rest = divmod(amount, CHO)
    oku, rest = divmod(rest, OKU)
    man, ichi = divmod(rest, MAN)
    parts = [
        f"{group:,}{unit}"
        for group, unit in ((cho, "兆"), (oku, "億"), (man, "万"), (ichi, ""))
        if group
    ]
    return "".join(parts) + "円"


_NOT_AVAILABLE = frozenset({"-", "－", "‐", "‑", "―", "ー", "—", "–", "−", "─"})
_SHOWN_CHARACTERS = 40


def normalize_amount_text(text: str) -> str:
    """NFKC (全角 digits and commas to half width) and no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


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


# --- reading an amount ------------------------------------------------------------
#
# One exact reader for every input (paste, notes, CSV, the window's fields, `quote`):
# digits with 3-digit separators, the units 兆/億/万 and 千/百/十 with digits or 漢数字,
# 大字 (壱, 弐, 参, 拾, 萬…) and 「8,150千円」 of the 公告 tables kept in thousands of yen.
# A text that does not follow these rules is refused as a whole: never a partial number.
# (kanjize, suggested for this, reads 「12.5」 as 12 and 「0.5」 as 0 through float: not exact.)

KANJI_DIGITS = "〇一二三四五六七八九"
# 大字 (formal numerals of receipts and deeds) and 萬/零 to the everyday characters.
_DAIJI = str.maketrans(
    {
        "零": "〇", "壱": "一", "壹": "一", "弐": "二", "貳": "二", "参": "三", "參": "三",
        "肆": "四", "伍": "五", "陸": "六", "漆": "七", "柒": "七", "捌": "八", "玖": "九",
        "拾": "十", "佰": "百", "陌": "百", "阡": "千", "仟": "千", "萬": "万",
    }
)  # fmt: skip
KANJI_DIGIT_CHARACTERS = KANJI_DIGITS + "零壱壹弐貳参參肆伍陸漆柒捌玖"
UNIT_CHARACTERS = "十拾百佰陌千阡仟万萬億兆"
AMOUNT_CHARACTERS = "0-9" + KANJI_DIGIT_CHARACTERS + UNIT_CHARACTERS
"""Every character an amount may be written with (a regex class body), units included."""

_BIG_UNITS = {"兆": 12, "億": 8, "万": 4}  # digits of yen the unit stands for
_SMALL_UNITS = {"千": 1000, "百": 100, "十": 10}
_WIDTH_EXAMPLES = {"千": "3千500円", "百": "8百15万円", "十": "2十5円"}
_TOKEN = re.compile(
    r"(?P<arabic>[0-9][0-9,]*(?:\.[0-9]+)?)|(?P<kanji>[〇一二三四五六七八九]+)"
    r"|(?P<small>[千百十])|(?P<big>[兆億万])"
)
# Digits are ASCII after NFKC; separators must group by three (「1234,567」 is a typo).
_ARABIC = re.compile(r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", re.ASCII)
# (?<![0-9]): a run is tried from its first digit only (else 100,000 digits take minutes).
_SPACED_DIGITS = re.compile(r"(?<![0-9])[0-9]+(?: [0-9]+)+")
_SPACE_GROUPS = re.compile(r"[0-9]{1,3}(?: [0-9]{3})+")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # arabic, kanji, small (千百十) or big (兆億万)
    text: str


def _join_space_groups(text: str, shown: str) -> str:
    """「8 150 000」 (a PDF table's thin spaces) → 8150000, but only when every group after
    the first has 3 digits: 「8 15 000」 is refused, not read as 815,000. Other spaces go."""
    text = re.sub(r"\s+", " ", text).strip()
    if " " not in text:
        return text

    def join(match: re.Match[str]) -> str:
        before = text[match.start() - 1 : match.start()]
        after = text[match.end() : match.end() + 1]
        if not _SPACE_GROUPS.fullmatch(match.group(0)) or {before, after} & {",", "."}:
            raise MoneyError(f"数字の間の空白は3桁ごとの区切りとしてだけ使えます: 「{shown}」")
        return match.group(0).replace(" ", "")

    return _SPACED_DIGITS.sub(join, text).replace(" ", "")


def _tokens(text: str, shown: str) -> list[_Token]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None or (match.lastgroup == "arabic" and not _ARABIC.fullmatch(match[0])):
            raise MoneyError(f"金額として読めません: 「{shown}」")
        tokens.append(_Token(str(match.lastgroup), match.group(0)))
        position = match.end()
    return tokens


def _digits(token: _Token) -> int:
    """Significant digits of a number token (its size is known before it is computed)."""
    whole = token.text.replace(",", "").split(".")[0]
    return len(whole.lstrip("0" if token.kind == "arabic" else "〇"))


def _decimals(token: _Token) -> int:
    return len(token.text.partition(".")[2].rstrip("0"))


def _number(token: _Token) -> Fraction:
    """A number token, exactly (its size was checked: no int() of thousands of digits)."""
    if token.kind == "kanji":
        digits = "".join(str(KANJI_DIGITS.index(c)) for c in token.text).lstrip("0")
        return Fraction(int(digits or "0"))
    whole, _, decimals = token.text.replace(",", "").partition(".")
    decimals = decimals.rstrip("0")
    fraction = Fraction(int(decimals), 10 ** len(decimals)) if decimals else Fraction(0)
    return int(whole.lstrip("0") or "0") + fraction


def _one_digit(token: _Token, shown: str) -> int:
    """The 1–9 before 千/百/十 (「8百」, 「三千」)."""
    if token.kind in ("arabic", "kanji") and len(token.text) == 1 and token.text not in "0〇":
        return int(_number(token))
    raise MoneyError(f"千・百・十の前の数字は1から9の1桁で書いてください: 「{shown}」")


def _small_unit_value(tokens: list[_Token], shown: str) -> int:
    """A group written with 千/百/十: 千二百三十四, 8百15, 3千, 二十."""
    value = 0
    last: str | None = None
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "small":
            unit, coefficient, index = token.text, 1, index + 1
        elif following is not None and following.kind == "small":
            unit, coefficient, index = following.text, _one_digit(token, shown), index + 2
        else:
            break
        if last is not None and _SMALL_UNITS[unit] >= _SMALL_UNITS[last]:
            raise MoneyError(f"千・百・十の順序が正しくありません: 「{shown}」")
        value += coefficient * _SMALL_UNITS[unit]
        last = unit
    if index == len(tokens):
        return value
    tail = tokens[index]
    if last is None or index != len(tokens) - 1 or tail.kind not in ("arabic", "kanji"):
        raise MoneyError(f"金額として読めません: 「{shown}」")
    if tail.kind == "kanji" and (len(tail.text) != 1 or tail.text == "〇"):
        raise MoneyError(f"漢数字の{last}の後ろは一から九の1字で書いてください: 「{shown}」")
    width = len(str(_SMALL_UNITS[last])) - 1
    if tail.kind == "arabic" and len(tail.text) != width:
        # 「5千5」 is 5,005 or, said aloud, 5,500: digits after 千/百/十 fill every place.
        raise MoneyError(
            f"{last}の後ろの数字は{width}桁で書いてください(例: {_WIDTH_EXAMPLES[last]}): "
            f"「{shown}」"
        )
    return value + int(_number(tail))


def _group_value(
    tokens: list[_Token], unit: str | None, previous: str | None, shown: str, full: str
) -> Fraction:
    """One group of an amount (the part before 兆, 億, 万, or the last part), exactly."""
    unit_digits = _BIG_UNITS[unit] if unit else 0
    if len(tokens) == 1 and tokens[0].kind in ("arabic", "kanji"):
        token = tokens[0]
        if previous is None and _digits(token) + unit_digits > MAX_YEN_DIGITS:
            raise MoneyError(too_large_message(full))
        if previous is not None and _digits(token) > 4:
            # 「1万23456円」 is a typo, not an amount.
            raise MoneyError(
                f"{previous}の後ろの{unit + 'の' if unit else ''}桁数が多すぎます: 「{shown}」"
            )
        if _decimals(token) > unit_digits:
            raise MoneyError(f"円未満の端数になる金額です: 「{shown}」")
        return _number(token)
    return Fraction(_small_unit_value(tokens, shown))


def _thousands_of_yen(tokens: list[_Token], shown: str, full: str) -> Fraction | None:
    """「8,150千円」 as the 公告 tables print 千円 units: any number of thousands, alone."""
    if len(tokens) != 2 or tokens[0].kind != "arabic" or tokens[1].text != "千":
        return None
    if len(tokens[0].text) == 1:
        return None  # 「8千円」: the ordinary reading (and its 1–9 rule) applies
    if _digits(tokens[0]) + 3 > MAX_YEN_DIGITS:
        raise MoneyError(too_large_message(full))
    if _decimals(tokens[0]) > 3:
        raise MoneyError(f"円未満の端数になる金額です: 「{shown}」")
    return _number(tokens[0]) * 1000


def _amount(text: str, shown: str, full: str) -> Fraction:
    tokens = _tokens(_join_space_groups(text, shown), shown)
    thousands = _thousands_of_yen(tokens, shown, full)
    if thousands is not None:
        return thousands
    groups: list[tuple[list[_Token], str | None]] = []
    current: list[_Token] = []
    for token in tokens:
        if token.kind != "big":
            current.append(token)
            continue
        if not current:
            raise MoneyError(f"{token.text}の前に数字がありません: 「{shown}」")
        if groups and _BIG_UNITS[token.text] >= _BIG_UNITS[str(groups[-1][1])]:
            raise MoneyError(f"兆・億・万の順序が正しくありません: 「{shown}」")
        groups.append((current, token.text))
        current = []
    if current:
        groups.append((current, None))
    total = Fraction(0)
    previous: str | None = None
    for position, (group, unit) in enumerate(groups):
        if any("." in token.text for token in group):
            if len(group) != 1:
                raise MoneyError(f"千・百・十のある金額に小数点は使えません: 「{shown}」")
            if position != len(groups) - 1:
                # 「1.5万5,000円」: a decimal unit must be the last part of the amount.
                raise MoneyError(f"小数のある単位の後ろに金額が続いています: 「{shown}」")
        value = _group_value(group, unit, previous, shown, full)
        total += value * 10 ** (_BIG_UNITS[unit] if unit else 0)
        previous = unit
    return total


def parse_yen(text: str) -> Yen | None:
    """Read an amount as written in announcements, notes, CSV cells and fields.

    Accepts ``12,340,000円``, ``１２，３４０，０００円``, ``1234万円``, ``1,234万5,000円``,
    ``1億2,345万6,789円``, ``1兆2億円``, ``123.4万円``, ``1千万円``, ``250万3千円``,
    ``8百15万円``, ``8,150千円`` (a table in 千円), ``三百万円``, ``千二百三十四万円``,
    ``金壱百萬円也``, ``8 150 000円`` (spaces only between 3-digit groups), ``¥12,340,000``,
    ``金12,340,000円``. ``－円`` / ``-円`` mean "not available" and give ``None`` (a withdrawn
    BIT card shows them). Anything else, and any amount outside 0〜999兆…円 (domain/limits),
    raises ``MoneyError``: a misread amount must never pass silently (wrong digits void a bid).
    """
    full = text.strip()
    shown = _shorten(full)
    cleaned = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().translate(_DAIJI)
    cleaned = cleaned.removeprefix("金").removesuffix("也").strip()
    cleaned = cleaned.removesuffix("円").strip()
    if cleaned.startswith(("¥", "\\")):
        cleaned = cleaned[1:].strip()
    if cleaned in _NOT_AVAILABLE:
        return None
    if not cleaned:
        raise MoneyError(f"金額が入力されていません: 「{shown}」")
    total = _amount(cleaned, shown, full)
    if total.denominator != 1:
        raise MoneyError(f"円未満の端数になる金額です: 「{shown}」")
    if not yen_in_range(int(total)):
        raise MoneyError(too_large_message(full))
    return int(total)
