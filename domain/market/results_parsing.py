"""Reading BIT's 売却結果 (sale results) as copied from the result list.

The page header names the court and the 開札期日; then one block per case: the 種別 badge,
the 事件番号, 売却価額 (or －), 売却基準価額, 所在地, 物件番号 (一括: ``1 ，2``), 開札結果
(売却 / 不売 / 取下), 入札者数（人） and 落札者資格 (法人 / 個人). Copied from the site, each
label stands on its own line with the value on the next (stacked), or label and value share a
line; 全角 as on the site. Everything that cannot be read is a warning naming the block, and
that block is not recorded: nothing is guessed (a value never slides to the next field).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date
from enum import Enum

from biddesk.domain.announcements.parsing_values import (
    CASE_RE,
    COURT_RE,
    KIND_WORDS_RE,
    NUMBERS_PATTERN,
    ParseError,
    clean,
    court_from_match,
    normalize_case_number,
    parse_property_numbers,
    read_kind,
)
from biddesk.domain.dates import DateError, parse_date
from biddesk.domain.figures import minimum_bid
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.models import BidderKind
from biddesk.domain.money import MoneyError, check_price, format_yen, parse_yen


class _F(Enum):
    KIND = "種別"
    CASE = "事件番号"
    SALE = "売却価額"
    BASE = "売却基準価額"
    ADDRESS = "所在地"
    NUMBERS = "物件番号"
    RESULT = "開札結果"
    BIDDERS = "入札者数"
    WINNER = "落札者資格"
    OPENING = "開札期日"
    COURT = "裁判所"


_HEADER_FIELDS = (_F.OPENING, _F.COURT)
_FINAL = frozenset({_F.RESULT, _F.WINNER, _F.BIDDERS})  # the last fields of a block
# Longest first: 売却基準価額 before 売却価額 would not matter (different second char), but
# 入札者数(人) before 入札者数 does.
_LABELS = (
    ("売却基準価額", _F.BASE), ("売却価額", _F.SALE), ("入札者数(人)", _F.BIDDERS),
    ("入札者数", _F.BIDDERS), ("落札者資格", _F.WINNER), ("開札結果", _F.RESULT),
    ("物件番号", _F.NUMBERS), ("事件番号", _F.CASE), ("所在地", _F.ADDRESS), ("種別", _F.KIND),
    ("開札期日", _F.OPENING), ("裁判所", _F.COURT),
)  # fmt: skip
_LABEL_RE = re.compile(
    "^(?P<label>" + "|".join(re.escape(label) for label, _ in _LABELS) + r")(?:\s?[:：]\s?|\s|$)"
)
_FIELD_OF = dict(_LABELS)

_RESULT_WORDS = {
    "売却": SaleOutcome.SOLD,
    "不売": SaleOutcome.UNSOLD,
    "取下": SaleOutcome.WITHDRAWN,
    "取下げ": SaleOutcome.WITHDRAWN,
    "取消": SaleOutcome.CANCELLED,
    "取消し": SaleOutcome.CANCELLED,
}
_WINNER_WORDS = {"法人": BidderKind.CORPORATION, "個人": BidderKind.INDIVIDUAL}
_DASHES = frozenset({"-", "－", "‐", "―", "ー", "−", "─", "—", "–"})
_IGNORED = re.compile(
    r"^(?:売却結果(?:一覧)?|[0-9]+件中\s?[0-9]+\s?-\s?[0-9]+件|前へ|次へ|詳細|[0-9]+)$"
)
_AMOUNT_SHAPE = re.compile(r"^[0-9,.万億兆円¥\s]+$")


def _is_dash(text: str) -> bool:
    return text in _DASHES or (text.rstrip("円") in _DASHES and text.endswith("円"))


def _fits(kind: _F, text: str) -> bool:
    """Whether ``text`` has the shape of ``kind``'s value: a stacked label whose value was
    left empty on the site must not take the next block's first line."""
    if kind in (_F.SALE, _F.BASE):
        return _is_dash(text) or bool(_AMOUNT_SHAPE.match(text))
    if kind is _F.BIDDERS:
        return _is_dash(text) or text.isdigit()
    if kind is _F.NUMBERS:
        return bool(re.fullmatch(NUMBERS_PATTERN, text.replace(" ", "")))
    if kind is _F.CASE:
        return CASE_RE.fullmatch(text) is not None
    if kind is _F.KIND:
        return _is_kind(text)
    if kind is _F.OPENING:
        return _reads_as_date(text)
    # 所在地, 開札結果, 落札者資格: any word but the next block's badge or 事件番号 (an
    # unknown 開札結果 is then reported by name).
    return not _is_kind(text) and CASE_RE.fullmatch(text) is None


def _is_kind(text: str) -> bool:
    return KIND_WORDS_RE.fullmatch(text) is not None


def _reads_as_date(text: str) -> bool:
    try:
        parse_date(text)
    except DateError:
        return False
    return True


@dataclass
class _Block:
    index: int
    court: str | None
    opening: date | None
    values: dict[_F, str] = field(default_factory=dict)
    stray: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        case = self.values.get(_F.CASE)
        return f"{self.index}件目({case})" if case else f"{self.index}件目"

    @property
    def empty(self) -> bool:
        return not self.values


@dataclass(frozen=True, kw_only=True)
class ResultsReading:
    """What a 売却結果 text holds: the readable results and a warning per problem."""

    results: tuple[SaleResult, ...]
    warnings: tuple[str, ...]


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.court: str | None = None
        self.opening: date | None = None
        self.header_warnings: list[str] = []
        self.blocks: list[_Block] = []
        self.block: _Block | None = None

    def _new_block(self) -> _Block:
        self.block = _Block(index=len(self.blocks) + 1, court=self.court, opening=self.opening)
        self.blocks.append(self.block)
        return self.block

    def _close(self) -> None:
        self.block = None

    def put(self, kind: _F, value: str) -> None:
        if kind in _HEADER_FIELDS:
            self._close()
            if kind is _F.OPENING:
                try:
                    self.opening = parse_date(value)
                except DateError as error:
                    self.opening = None
                    self.header_warnings.append(f"開札期日を読み取れません({error})。")
            else:
                match = COURT_RE.search(value)
                self.court = court_from_match(match) if match else None
                if match is None:
                    self.header_warnings.append(f"裁判所「{value}」を読み取れません。")
            return
        block = self.block
        starts = (
            block is None
            or kind in block.values
            or (kind in (_F.KIND, _F.CASE) and not _FINAL.isdisjoint(block.values))
        )
        if starts:
            block = self._new_block()
        assert block is not None
        block.values[kind] = value

    def stray(self, line: str) -> None:
        if self.block is not None:
            self.block.stray.append(line)


def _court_line(line: str) -> tuple[str, str] | None:
    """A header line naming the court (``さいたま地方裁判所本庁``, maybe followed by
    ``開札期日 …``): the court, and what follows it."""
    match = COURT_RE.match(line)
    if match is None:
        return None
    return court_from_match(match), line[match.end() :].strip()


def parse_results(text: str, *, source: str = "") -> ResultsReading:
    """The 売却結果 in ``text`` (contracts.md `results`). Raises ParseError when the text
    holds no result block at all (another kind of text)."""
    reader = _Reader(source)
    lines = [clean(raw) for raw in text.splitlines()]
    pending: _F | None = None
    queue = [line for line in lines if line]
    position = 0
    while position < len(queue):
        line = queue[position]
        position += 1
        if pending is not None:
            label_match = _LABEL_RE.match(line)
            if label_match is None and _fits(pending, line):
                reader.put(pending, line)
                pending = None
                continue
            reader.put(pending, "")  # empty on the site: the next line is not its value
            pending = None
        court = _court_line(line)
        if court is not None and not _LABEL_RE.match(line):
            reader.put(_F.COURT, court[0])
            if court[1]:
                queue.insert(position, court[1])
            continue
        label_match = _LABEL_RE.match(line)
        if label_match is not None:
            kind = _FIELD_OF[label_match.group("label")]
            rest = line[label_match.end() :].strip()
            if rest:
                reader.put(kind, rest)
            else:
                pending = kind
            continue
        if _is_kind(line):
            reader.put(_F.KIND, line)
        elif CASE_RE.fullmatch(line):
            reader.put(_F.CASE, line)
        elif _IGNORED.match(line):
            continue
        else:
            reader.stray(line)
    if pending is not None:
        reader.put(pending, "")
    blocks = [b for b in reader.blocks if not b.empty]
    if not blocks:
        where = f"{source}: " if source else ""
        raise ParseError(f"{where}売却結果(事件番号・開札結果)が見つかりません。")
    results: list[SaleResult] = []
    warnings = list(reader.header_warnings)
    for block in blocks:
        result, block_warnings = _finish(block)
        warnings += [f"{block.name}: {w}" for w in block_warnings]
        if result is not None:
            results.append(result)
    if source:
        warnings = [f"{source}: {w}" for w in warnings]
    return ResultsReading(results=tuple(results), warnings=tuple(warnings))


# Pages repeat the same few 物件番号 and 種別: read each spelling once (pure functions).
_numbers = functools.lru_cache(maxsize=1024)(parse_property_numbers)
_kind = functools.lru_cache(maxsize=256)(read_kind)


def _amount(block: _Block, kind: _F, problems: list[str]) -> int | None:
    text = block.values.get(kind, "")
    if not text or _is_dash(text):
        return None
    try:
        return check_price(parse_yen(text), kind.value)
    except MoneyError as error:
        problems.append(f"{kind.value}を読み取れません({error})")
        return None


def _finish(block: _Block) -> tuple[SaleResult | None, list[str]]:
    """The result of one block, or None with the reasons it is not recorded; a warning
    for what is missing but not needed."""
    values = block.values
    problems: list[str] = []  # the block is not recorded
    notes: list[str] = []  # recorded, but the user should know
    for line in block.stray:
        notes.append(f"「{line}」を読み取れませんでした")
    if block.court is None:
        problems.append("ページ見出しに裁判所がないため")
    if block.opening is None:
        problems.append("ページ見出しに開札期日がないため")
    case: str | None = None
    if not values.get(_F.CASE):
        problems.append("事件番号がないため")
    else:
        try:
            case = normalize_case_number(values[_F.CASE])
        except ParseError as error:
            problems.append(str(error).rstrip("。"))
    numbers: tuple[str, ...] = ()
    if not values.get(_F.NUMBERS):
        problems.append("物件番号がないため")
    else:
        try:
            numbers = _numbers(values[_F.NUMBERS].replace(" ", ""))
        except ParseError as error:
            problems.append(str(error).rstrip("。"))
    word = values.get(_F.RESULT, "")
    outcome = _RESULT_WORDS.get(word)
    if outcome is None:
        problems.append(f"開札結果「{word}」を読み取れないため" if word else "開札結果がないため")
    sale = _amount(block, _F.SALE, problems)
    base = _amount(block, _F.BASE, problems)
    bidders_text = values.get(_F.BIDDERS, "")
    bidders = int(bidders_text) if bidders_text.isdigit() else None
    if bidders_text and bidders is None and not _is_dash(bidders_text):
        problems.append(f"入札者数「{bidders_text}」を読み取れないため")
    winner_text = values.get(_F.WINNER, "")
    winner = _WINNER_WORDS.get(winner_text)
    if winner_text and winner is None and not _is_dash(winner_text):
        problems.append(f"落札者資格「{winner_text}」を読み取れないため")
    if outcome is SaleOutcome.SOLD:
        if sale is None:
            problems.append("開札結果が売却なのに売却価額がないため")
        if base is None:
            notes.append("売却基準価額がないため、統計には含めません")
        if bidders is None:
            notes.append("入札者数がありません")
        elif bidders == 0:
            problems.append("開札結果が売却なのに入札者数が0人のため")
        if winner is None:
            notes.append("落札者資格がありません")
        if sale is not None and base is not None and sale < minimum_bid(base):
            notes.append(
                f"売却価額{format_yen(sale)}が買受可能価額{format_yen(minimum_bid(base))}を"
                "下回っています。入力を確認してください"
            )
    elif outcome is not None:
        if sale is not None:
            problems.append(f"開札結果が{outcome.label}なのに売却価額があるため")
        if outcome is SaleOutcome.UNSOLD and base is None:
            notes.append("売却基準価額がないため、統計には含めません")
        winner = None
    if problems:
        return None, ["、".join(problems) + "取り込みませんでした。", *[n + "。" for n in notes]]
    assert case is not None and outcome is not None
    assert block.court is not None and block.opening is not None
    kind_text = values.get(_F.KIND)
    result = SaleResult(
        court=block.court,
        case_number=case,
        property_numbers=numbers,
        kind=_kind(kind_text).kind if kind_text else None,
        address=values.get(_F.ADDRESS) or None,
        base_price=base,
        sale_price=sale,
        result=outcome,
        bidders=bidders,
        winner=winner,
        opening_date=block.opening,
    )
    return result, [n + "。" for n in notes]
