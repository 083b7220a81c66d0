"""Every way an amount of yen is written in announcements, notes and fields (issue 14 item 3):
digits with or without separators, spaced 3-digit groups, 兆/億/万 groups in digits, 漢数字,
大字, digits with 千/百, 千円 tables, 全角. Each must read back as exactly the amount."""

from __future__ import annotations

from collections.abc import Callable

from biddesk.domain.money import yen_in_words

FULLWIDTH = str.maketrans("0123456789,", "０１２３４５６７８９，")
_KANJI = "〇一二三四五六七八九"
_DAIJI_DIGITS = "〇壱弐参四五六七八九"


def kanji_group(value: int, digits: str = _KANJI, units: str = "千百十") -> str:
    """1234 → 千二百三十四 (no 一 before 千/百/十, as usually written)."""
    out = ""
    for unit, size in zip(units, (1000, 100, 10), strict=True):
        count, value = divmod(value, size)
        if count:
            out += ("" if count == 1 else digits[count]) + unit
    return out + (digits[value] if value else "")


def grouped(amount: int, write_group: Callable[[int], str], units: str = "兆億万") -> str:
    """The amount in 兆/億/万 groups, each written by ``write_group``, then 円."""
    groups = []
    for unit, size in zip(units, (10**12, 10**8, 10**4), strict=True):
        count, amount = divmod(amount, size)
        if count:
            groups.append(write_group(count) + unit)
    if amount:
        groups.append(write_group(amount))
    return "".join(groups) + "円"


def arabic_units(value: int) -> str:
    """1234 → 1千2百34 (digits before 千/百, the rest filling its places)."""
    thousands, rest = divmod(value, 1000)
    hundreds, rest = divmod(rest, 100)
    out = (f"{thousands}千" if thousands else "") + (f"{hundreds}百" if hundreds else "")
    if rest:
        out += f"{rest:02d}" if hundreds else (f"{rest:03d}" if thousands else str(rest))
    return out


def writings(amount: int) -> list[str]:
    """Every writing of ``amount`` the reader accepts (0 has fewer: 「円」 is no amount)."""
    found = [
        f"{amount}",
        f"{amount:,}円",
        f"金{amount:,}円",
        f"¥{amount:,}",
        f"{amount:,}".replace(",", " ") + "円",
        f"{amount:,}".replace(",", "\u2009") + "円",
        yen_in_words(amount),
    ]
    if amount:
        found += [
            grouped(amount, str),
            grouped(amount, lambda count: f"{count:,}"),
            grouped(amount, kanji_group),
            grouped(amount, lambda count: kanji_group(count, _DAIJI_DIGITS, "阡佰拾"), "兆億萬"),
            grouped(amount, arabic_units),
        ]
    if amount % 1000 == 0 and amount >= 10_000:
        found.append(f"{amount // 1000:,}千円")
    return found + [text.translate(FULLWIDTH) for text in found]
