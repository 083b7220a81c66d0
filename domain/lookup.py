"""Finding and ordering lines: the case-number sort key and the filter's matching.

Pure functions, used by the window's tables (the portfolio table sorts and filters with
them, the findings lists sort by them) so every list orders 事件番号 the same way.

- 事件番号 sort by era year, then by number as a number (第88号 < 第190号 < 第1234号), then
  by kind ((ケ) before (ヌ)); 物件番号 by number too (2 < 10).
- The filter folds both sides the same way: NFKC (全角/半角), case, hiragana as katakana
  (a bidder's kana typed in either script), and an era abbreviation as it is written in a
  case number (``R7`` → ``令和7年``, ``H30`` → ``平成30年``; the courts' own short form).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from biddesk.domain.dates import ERAS

_ERA_START = {name: start.year for name, _initial, start in ERAS}
_ERA_BY_INITIAL = {initial.casefold(): name for name, initial, _start in ERAS}
_CASE = re.compile(
    r"(?P<era>"
    + "|".join(_ERA_START)
    + r")(?P<year>元|[0-9]+)年\((?P<kind>[^)]+)\)第(?P<number>[0-9]+)号"
)
_ERA_TERM = re.compile(
    r"(?P<initial>[" + "".join(_ERA_BY_INITIAL) + r"])(?P<year>[0-9]{1,2})(?P<rest>.*)"
)

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
"""ぁ…ゖ → ァ…ヶ, applied in C (str.translate): the filter folds every line once."""

CaseKey = tuple[int, int, int, str, str]
"""(0 readable / 1 not / 2 none, western year, number, kind, the unreadable text)."""


def _fold_width(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


@lru_cache(maxsize=1 << 16)  # a table sorts by it on every click: each text read once
def case_number_key(case_number: str | None) -> CaseKey:
    """Sort key of a 事件番号 (``令和7年(ケ)第88号``): year, number, kind; one that cannot be
    read after every readable one, by its text, and none last."""
    raw = case_number or ""
    # Stored case numbers are already written the one way (normalize_case_number): fold
    # only the ones that do not read as they are.
    match = _CASE.search(raw)
    if match is None:
        text = _fold_width(raw)
        if not text.strip():
            return (2, 0, 0, "", "")
        match = _CASE.search(text)
        if match is None:
            return (1, 0, 0, "", text)
    year_text = match.group("year")
    year = _ERA_START[match.group("era")] + (1 if year_text == "元" else int(year_text)) - 1
    return (0, year, int(match.group("number")), match.group("kind"), "")


@lru_cache(maxsize=1 << 16)
def property_numbers_key(numbers: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """Sort key of 物件番号 (``("2", "10")``): each by its number, text only when not one."""
    return tuple((int(n), "") if n.isdecimal() else (10**9, n) for n in numbers)


def title_key(title: str) -> tuple[CaseKey, tuple[tuple[int, str], ...]]:
    """Sort key of a line's title as shown (``令和7年(ケ)第88号 物件1,2``): its case number,
    then its 物件番号."""
    text = _fold_width(title)
    match = _CASE.search(text)
    numbers: list[str] = []
    if match is not None:
        rest = text[match.end() :]
        found = re.search(r"物件([0-9,]+)", rest)
        numbers = found.group(1).split(",") if found else []
    return case_number_key(title), property_numbers_key(tuple(numbers))


def fold(text: str) -> str:
    """``text`` as the filter compares it: NFKC, case-folded, hiragana as katakana."""
    return _fold_width(text).translate(_HIRAGANA_TO_KATAKANA)


def search_text(parts: Iterable[str]) -> str:
    """What the filter looks in, from a line's texts; a kana written with spaces is also
    found without them (``ヤマダ タロウ`` matches ``やまだたろう``)."""
    folded = fold("\n".join(p for p in parts if p))  # one pass over the line's text
    spaced = [t.replace(" ", "") for t in folded.split("\n") if " " in t]
    return "\n".join([folded, *spaced]) if spaced else folded


def search_terms(text: str) -> list[str]:
    """The filter box's words, folded; ``R7`` / ``R7(ケ)88`` read as a case number writes
    them (``令和7年``, ``令和7年(ケ)第88号``)."""
    terms: list[str] = []
    for word in fold(text).split():
        terms.append(_as_case_number(word))
    return terms


def _as_case_number(word: str) -> str:
    """``r7`` → ``令和7年``; ``r7(ケ)88`` → ``令和7年(ケ)第88号``; any other word as it is."""
    match = _ERA_TERM.fullmatch(word)
    if match is None:
        return word
    era = f"{_ERA_BY_INITIAL[match.group('initial')]}{int(match.group('year'))}年"
    rest = match.group("rest").removeprefix("年")
    if not rest:
        return era
    case = re.fullmatch(r"\((?P<kind>[^)]+)\)第?(?P<number>[0-9]+)号?", rest)
    if case is None:
        return word
    return f"{era}({case.group('kind')})第{int(case.group('number'))}号"


def matches(text: str, terms: Sequence[str]) -> bool:
    """Every term is in the line's ``search_text``."""
    return all(term in text for term in terms)
