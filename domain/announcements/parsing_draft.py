"""Drafts of properties while an announcement is read, and the Property built from one.

A draft collects what one card, 公告 row or preamble says, field by field; the first value of
a field wins and a different second value is a warning. ``build_property`` turns a draft into
a ``Property``: announced figures win (domain.figures.property_figures), a missing deposit is
computed and marked estimated, missing fields are None with a warning, dates in the wrong
order are warned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from biddesk.domain.announcements.parsing_lines import (
    AMOUNT_FIELDS,
    NUMBERS_AT_START,
    PERIOD_FIELDS,
    SINGLE_DATE_FIELDS,
    Field,
    is_date_only,
    is_kind_badge,
    is_status_word,
    looks_like_address,
)
from biddesk.domain.announcements.parsing_values import (
    KIND_BADGE_RE,
    AmountReading,
    DateReading,
    ParseError,
    is_no_status,
    numbers_from_text,
    parse_property_numbers,
    parse_status,
    read_amount,
    read_chimoku,
    read_date,
    read_kind,
    read_period,
)
from biddesk.domain.dates import format_wareki
from biddesk.domain.figures import property_figures
from biddesk.domain.models import Property, PropertyStatus
from biddesk.domain.money import format_yen
from biddesk.domain.schedule.bid_period import bid_period_length_problem

_STATUS_NOTES = {
    PropertyStatus.WITHDRAWN: "取下げの物件です(売却は実施されません)。",
    PropertyStatus.CANCELLED: "取消の物件です(売却は実施されません)。",
    PropertyStatus.SUSPENDED: "停止中の物件です(売却の手続が止まっています)。",
}
_NUMBER_KIND_ITEM = re.compile(r"(?P<number>[0-9]{1,4})\s?\.\s?(?P<kind>[^\s0-9]+)")


@dataclass(frozen=True, kw_only=True)
class NumbersValue:
    numbers: tuple[str, ...]
    kinds: str | None = None  # 物件番号．種別: 1．土地 2．建物 → 土地・建物
    farmland: bool = False


@dataclass(frozen=True, kw_only=True)
class TextValue:
    text: str


Value = AmountReading | DateReading | NumbersValue | TextValue | PropertyStatus | None


@dataclass
class Draft:
    """What one card, table row or preamble says; the first value of a field wins."""

    first_line: int
    fallback_court: str | None = None  # the court of a court-only line above this card
    court: str | None = None
    case: str | None = None
    case_error: str | None = None
    kind_badge: str | None = None
    farmland: bool = False
    # 地目 田/畑 and nothing else says 農地: why the property is farmland (said unless 種別 does).
    registry_farmland: str | None = None
    values: dict[Field, Value] = field(default_factory=dict)
    shown: dict[Field, tuple[int, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def put(self, key: Field, value: Value, shown: str, line: int) -> None:
        if key in self.values:
            if _same(self.values[key], value):
                return
            first_line, first_shown = self.shown[key]
            self.warnings.append(
                f"{key.value}が2か所で異なるため({first_line}行目「{first_shown}」、{line}行目"
                f"「{shown}」)、最初の値を使いました。"
            )
            return
        self.values[key] = value
        self.shown[key] = (line, shown)

    def amount(self, key: Field) -> AmountReading | None:
        value = self.values.get(key)
        return value if isinstance(value, AmountReading) else None

    def dates(self, key: Field) -> DateReading | None:
        value = self.values.get(key)
        return value if isinstance(value, DateReading) else None

    def text(self, key: Field) -> str | None:
        value = self.values.get(key)
        return value.text if isinstance(value, TextValue) else None

    def numbers(self) -> NumbersValue | None:
        value = self.values.get(Field.NUMBERS)
        return value if isinstance(value, NumbersValue) else None

    def status(self) -> PropertyStatus | None:
        value = self.values.get(Field.STATUS)
        return value if isinstance(value, PropertyStatus) else None


def _same(first: Value, second: Value) -> bool:
    if isinstance(first, AmountReading) and isinstance(second, AmountReading):
        return (first.amount, first.dash) == (second.amount, second.dash)
    if isinstance(first, DateReading) and isinstance(second, DateReading):
        return (first.start, first.end, first.none) == (second.start, second.end, second.none)
    return first == second


def merge_into(draft: Draft, common: Draft) -> None:
    for key, value in common.values.items():
        if key not in draft.values:
            draft.values[key] = value
            draft.shown[key] = common.shown[key]
    draft.court = draft.court or common.court
    draft.kind_badge = draft.kind_badge or common.kind_badge
    draft.farmland = draft.farmland or common.farmland
    draft.registry_farmland = draft.registry_farmland or common.registry_farmland
    draft.warnings[:0] = common.warnings


# --- values -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Reading:
    value: Value
    errors: tuple[str, ...] = ()  # said to the user as warnings
    farmland: bool = False
    registry_farmland: str | None = None  # farmland by the registered 地目 alone, and why
    rest: str = ""  # text after 物件番号 (「物件1 戸建」): read as free text
    remark: str = ""  # text after a date or amount (「午前10時」「取下げ」): badges and status only


def interpret(key: Field, text: str, label: str, *, next_line: bool = False) -> Reading | None:
    """The value of ``key`` in ``text``, or None when ``text`` is not such a value."""
    if key in AMOUNT_FIELDS:
        amount = read_amount(text, label)
        if amount is None:
            return None
        after = text[text.find(amount.text) + len(amount.text) :] if amount.text else ""
        errors = (amount.error,) if amount.error else ()
        return Reading(value=None if amount.error else amount, errors=errors, remark=after)
    if key in SINGLE_DATE_FIELDS:
        day = read_date(text, label)
        if day is None:
            return None
        return Reading(value=day if day.start else None, errors=day.errors, remark=day.rest)
    if key in PERIOD_FIELDS:
        period = read_period(text, label)
        if period is None or (period.none and key is not Field.SPECIAL):
            return None
        usable = period.none or period.start is not None
        return Reading(value=period if usable else None, errors=period.errors, remark=period.rest)
    if key is Field.NUMBERS or key is Field.NUMBERS_KINDS:
        return interpret_numbers(text)
    if key is Field.KIND:
        if next_line and not _kind_like(text):
            return None
        kind = read_kind(text)
        return Reading(
            value=TextValue(text=kind.kind) if kind.kind else None, farmland=kind.farmland
        )
    if key is Field.STATUS:
        status = parse_status(text)
        if status is None:
            return Reading(value=None) if is_no_status(text) else None
        return Reading(value=status)
    if key is Field.CHIMOKU or key is Field.CURRENT_USE:
        if next_line and (len(text) > 30 or looks_like_address(text)):
            return None
        chimoku = read_chimoku(text if key is Field.CHIMOKU else f"現況 {text}")
        if chimoku.registry_only:
            return Reading(value=TextValue(text=text), registry_farmland=chimoku.note)
        return Reading(
            value=TextValue(text=text) if key is Field.CHIMOKU else None,
            farmland=chimoku.farmland,
            errors=(chimoku.note,) if chimoku.note else (),
        )
    if key is Field.ADDRESS:
        if next_line and (
            is_date_only(text)
            or is_kind_badge(text)
            or is_status_word(text)
            or (read_amount(text, label) is not None and not looks_like_address(text))
        ):
            return None
        return Reading(value=TextValue(text=text))
    # Field.OTHER (面積, 間取り…): skipped, but never at the cost of an address or a badge.
    if next_line and (looks_like_address(text) or is_kind_badge(text) or is_status_word(text)):
        return None
    return Reading(value=TextValue(text=text))


def _kind_like(text: str) -> bool:
    return KIND_BADGE_RE.search(text) is not None or "建物" in text or "区分" in text


def interpret_numbers(text: str) -> Reading | None:
    items = list(_NUMBER_KIND_ITEM.finditer(text))
    if items:  # 物件番号．種別: 「1．土地 2．建物（所有権）」
        numbers: list[str] = []
        for item in items:
            try:
                numbers.extend(parse_property_numbers(item.group("number")))
            except ParseError as error:
                return Reading(value=None, errors=(str(error),))
        kinds = [re.sub(r"\([^)]*\)", "", item.group("kind")) for item in items]
        farmland = any("農地" in item.group("kind") for item in items)
        kind = read_kind("・".join(kinds)).kind
        return Reading(
            value=NumbersValue(
                numbers=tuple(dict.fromkeys(numbers)), kinds=kind, farmland=farmland
            ),
            farmland=farmland,
        )
    match = NUMBERS_AT_START.match(text)
    if match is None:
        return None
    try:
        found = numbers_from_text(match.group("numbers"))
    except ParseError as error:
        return Reading(value=None, errors=(str(error),))
    return Reading(value=NumbersValue(numbers=found), rest=text[match.end() :])


# --- building a property ------------------------------------------------------------


def build_property(draft: Draft, court: str | None) -> Property:
    status = draft.status() or PropertyStatus.ANNOUNCED
    warnings: list[str] = []
    if draft.case_error:
        warnings.append(draft.case_error)
    warnings.extend(draft.warnings)

    numbers = draft.numbers()
    kind = draft.text(Field.KIND) or draft.kind_badge or (numbers.kinds if numbers else None)
    farmland = draft.farmland or bool(numbers and numbers.farmland)
    if draft.registry_farmland and not farmland:
        warnings.append(draft.registry_farmland)
        farmland = True
    address = draft.text(Field.ADDRESS)
    base = draft.amount(Field.BASE)
    minimum = draft.amount(Field.MINIMUM)
    deposit = draft.amount(Field.DEPOSIT)
    offer = draft.amount(Field.CREDITOR_OFFER)
    base_price = base.amount if base else None

    missing = {
        "裁判所": court is None,
        "事件番号": draft.case is None and draft.case_error is None,
        "物件番号": numbers is None,
        "種別": kind is None,
        "所在地": address is None,
        # A withdrawn card shows no price: its status note says enough.
        "売却基準価額": base is None and status.is_open,
        "入札期間": draft.dates(Field.BID_PERIOD) is None,
        "開札期日": draft.dates(Field.OPENING) is None,
    }
    warnings.extend(f"{name}が見つかりません。" for name, absent in missing.items() if absent)
    if status.is_open and base is not None and base.dash:
        warnings.append(
            "売却基準価額が「－円」と表示されているため、取下げ等になっていないか"
            "裁判所の情報で確認してください。"
        )

    bid = draft.dates(Field.BID_PERIOD)
    special = draft.dates(Field.SPECIAL)
    viewing = draft.dates(Field.VIEWING)
    opening = draft.dates(Field.OPENING)
    decision = draft.dates(Field.DECISION)
    prop = Property(
        court=court,
        case_number=draft.case,
        property_numbers=numbers.numbers if numbers else (),
        kind=kind,
        farmland=farmland,
        address=address,
        base_price=base_price,
        viewing_start=viewing.start if viewing else None,
        bid_period_start=bid.start if bid else None,
        bid_period_end=bid.end if bid else None,
        opening_date=opening.start if opening else None,
        sale_decision_date=decision.start if decision else None,
        special_sale_start=special.start if special else None,
        special_sale_end=special.end if special else None,
        status=status,
        creditor_offer=offer.amount if offer else None,
    )
    return finish_property(
        prop,
        announced_minimum=minimum.amount if minimum else None,
        announced_deposit=deposit.amount if deposit else None,
        warnings=warnings,
    )


def finish_property(
    prop: Property,
    *,
    announced_minimum: int | None,
    announced_deposit: int | None,
    warnings: Sequence[str],
) -> Property:
    """The last step of every announcement reader (pasted text, CSV): the same property
    whatever it was read from. The figures: announced win, the rest computed and an
    estimated deposit said so (domain-rules.md "Figures"); the warnings in one order — the
    status note, the reader's own (``warnings``), the figures', the date order's
    (民事執行規則46条1項) — each once."""
    figures = property_figures(
        prop.base_price, announced_minimum=announced_minimum, announced_deposit=announced_deposit
    )
    notes = [_STATUS_NOTES[prop.status]] if not prop.status.is_open else []
    notes += [*warnings, *figures.warnings]
    if figures.deposit_estimated and figures.deposit is not None and prop.status.is_open:
        notes.append(
            f"買受申出保証額の記載がないため、売却基準価額の2/10({format_yen(figures.deposit)})"
            "を推定値として入れました(裁判所が多く定めることもあるため、公告で確認してください)。"
        )
    prop = replace(
        prop,
        minimum_bid=figures.minimum_bid,
        deposit=figures.deposit,
        deposit_estimated=figures.deposit_estimated,
    )
    notes += _date_order_warnings(prop)
    return replace(prop, warnings=tuple(dict.fromkeys(notes)))


def _date_order_warnings(prop: Property) -> list[str]:
    """Dates that break the order of a 期間入札 are a typo somewhere: 閲覧開始 ≤ 入札期間,
    入札期間 of 1週間以上1月以内 and 開札期日 within 1週間 after it (民事執行規則46条1項),
    売却決定期日 after the 開札, 特別売却 after the 開札 (規則51条1項)."""
    warnings = []
    checks: list[tuple[str, date | None, str, date | None, bool]] = [
        ("入札期間の始まり", prop.bid_period_start, "終わり", prop.bid_period_end, False),
        ("閲覧開始日", prop.viewing_start, "入札期間の始まり", prop.bid_period_start, False),
        ("入札期間の終わり", prop.bid_period_end, "開札期日", prop.opening_date, True),
        ("開札期日", prop.opening_date, "売却決定期日", prop.sale_decision_date, False),
        ("開札期日", prop.opening_date, "特別売却期間の始まり", prop.special_sale_start, True),
        ("特別売却期間の始まり", prop.special_sale_start, "終わり", prop.special_sale_end, False),
    ]
    for first_name, first, second_name, second, strict in checks:
        if first is None or second is None:
            continue
        if first > second:
            warnings.append(
                f"{first_name}({format_wareki(first)})が{second_name}({format_wareki(second)})"
                "より後になっているため、日付を確認してください。"
            )
        elif strict and first == second:
            warnings.append(
                f"{first_name}と{second_name}が同じ日({format_wareki(first)})のため、"
                "日付を確認してください。"
            )
    start, end, opening = prop.bid_period_start, prop.bid_period_end, prop.opening_date
    if start is not None and end is not None and start <= end:
        length = bid_period_length_problem(start, end)
        if length is not None:
            warnings.append(length)
    if end is not None and opening is not None and (opening - end).days > 7:
        warnings.append(
            f"開札期日({format_wareki(opening)})が入札期間の終わりから1週間より後のため、"
            "日付を確認してください(民事執行規則46条1項)。"
        )
    return warnings


def sentence(text: str) -> str:
    return text if text.endswith("。") else text + "。"
