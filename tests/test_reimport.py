"""Re-import: a property already in the portfolio is updated, never copied (contracts.md)."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from biddesk.domain.announcements.parsing import parse_announcement
from biddesk.domain.edits.change import PortfolioState, inverse_of
from biddesk.domain.edits.reimport import (
    Verdict,
    merged_property,
    plan_import,
    property_changes,
    property_key,
    same_sale_round,
)
from biddesk.domain.models import (
    Bid,
    Bidder,
    Outcome,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
)
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.rules.registry import Code
from biddesk.domain.storage.interchange import portfolio_from_text

DATA = Path(__file__).parent / "data"
ANNOUNCEMENTS = DATA / "announcements"

STORED = Property(
    id="p1",
    court="東京地方裁判所本庁",
    case_number="令和7年(ケ)第1234号",
    property_numbers=("1",),
    kind="マンション",
    address="東京都江東区亀戸二丁目101番地1",
    base_price=12_340_000,
    minimum_bid=9_872_000,
    deposit=2_468_000,
    bid_period_start=date(2026, 12, 2),
    bid_period_end=date(2026, 12, 9),
    opening_date=date(2026, 12, 16),
    note="内見済み",
)


def fresh() -> Callable[[str], str]:
    """A new-id source like PortfolioStore.new_id."""
    counter = itertools.count(100)
    return lambda prefix: f"{prefix}{next(counter)}"


@pytest.mark.parametrize(
    ("other", "same"),
    [
        ({}, True),  # the same sale unit
        ({"kind": "土地", "base_price": 1}, True),  # other facts do not make it another
        ({"property_numbers": ("1", "2")}, False),  # near miss: another 物件番号
        ({"court": "東京地方裁判所立川支部"}, False),  # near miss: another court
        ({"case_number": "令和7年(ケ)第1235号"}, False),
    ],
)
def test_the_key_is_court_case_and_numbers(other: dict[str, object], same: bool) -> None:
    assert (property_key(replace(STORED, **other)) == property_key(STORED)) is same  # type: ignore[arg-type]


def test_no_case_number_matches_nothing() -> None:
    assert property_key(replace(STORED, case_number=None)) is None


def test_a_withdrawal_card_updates_status_and_keeps_what_it_does_not_say() -> None:
    card = replace(
        STORED,
        id="",
        status=PropertyStatus.WITHDRAWN,
        address=None,
        base_price=None,
        minimum_bid=None,
        deposit=None,
        note="",
    )
    merged = merged_property(STORED, card)
    assert merged.status is PropertyStatus.WITHDRAWN
    assert merged.address == STORED.address and merged.base_price == 12_340_000
    assert merged.deposit == 2_468_000 and merged.note == "内見済み" and merged.id == "p1"
    assert [str(c) for c in property_changes(STORED, merged)] == ["状態 公告中→取下げ"]


def test_new_prices_and_moved_dates_are_listed_in_japanese() -> None:
    newer = replace(
        STORED,
        id="",
        base_price=10_000_000,
        minimum_bid=8_000_000,
        deposit=2_000_000,
        opening_date=date(2026, 12, 23),
    )
    changes = [str(c) for c in property_changes(STORED, merged_property(STORED, newer))]
    assert changes == [
        "売却基準価額 12,340,000円→10,000,000円",
        "買受可能価額 9,872,000円→8,000,000円",
        "買受申出保証額 2,468,000円→2,000,000円",
        "開札期日 令和8年12月16日(水)→令和8年12月23日(水)",
    ]


@pytest.mark.parametrize(
    ("base", "kept"),
    [
        (12_340_000, True),  # the same 基準 with an estimate: the announced 保証額 stays
        (10_000_000, False),  # near miss: a new 基準, its estimate replaces the old figure
    ],
)
def test_an_estimate_does_not_replace_an_announced_deposit(base: int, kept: bool) -> None:
    note = replace(STORED, id="", base_price=base, deposit=base // 5, deposit_estimated=True)
    merged = merged_property(STORED, note)
    assert (merged.deposit == STORED.deposit and not merged.deposit_estimated) is kept


@pytest.mark.parametrize(
    ("base", "kept"),
    [
        (12_340_000, True),  # the same 基準, its 8/10 computed: the announced minimum stays
        (10_000_000, False),  # near miss: a new 基準 brings its own minimum
    ],
)
def test_a_computed_minimum_does_not_replace_an_announced_one(base: int, kept: bool) -> None:
    stored = replace(STORED, minimum_bid=9_900_000)  # announced, not 8/10 of the base
    note = replace(STORED, id="", base_price=base, minimum_bid=base * 8 // 10)
    merged = merged_property(stored, note)
    assert (merged.minimum_bid == 9_900_000) is kept


def test_a_card_and_a_koukoku_of_the_same_case_are_one_row() -> None:
    text = (ANNOUNCEMENTS / "bit_card_single.txt").read_text(encoding="utf-8")
    text += "\n\n" + (ANNOUNCEMENTS / "koukoku_table.txt").read_text(encoding="utf-8")
    parsed = parse_announcement(text, source="貼り付け").properties
    assert len(parsed) == 4  # the reader gives both entries
    plan = plan_import(Portfolio(), [Portfolio(properties=parsed)], fresh())
    assert len(plan.change.put_properties) == 3
    joined = plan.files[0].properties[1]
    assert joined.joins == 0 and joined.result.id == plan.files[0].properties[0].result.id
    first = plan.change.put_properties[0]
    assert first.address == "東京都江東区亀戸二丁目101番地1 ほか"  # from the card
    assert first.sale_decision_date == date(2026, 12, 23)  # from the 公告
    assert "所在地が見つかりません。" not in first.warnings
    assert plan.summary() == "物件3件を追加しました。"


def test_a_text_imported_twice_changes_nothing() -> None:
    parsed = parse_announcement(
        (ANNOUNCEMENTS / "koukoku_table.txt").read_text(encoding="utf-8"), source="x"
    ).properties
    first = plan_import(Portfolio(), [Portfolio(properties=parsed)], fresh())
    state = PortfolioState()
    state.apply(first.change)
    again = plan_import(state.portfolio(), [Portfolio(properties=parsed)], fresh())
    assert again.change.is_empty
    assert [p.verdict for p in again.files[0].properties] == [Verdict.SAME] * 3
    assert "登録済みで変更のない物件3件" in again.summary()


def _with_bids() -> Portfolio:
    bidder = Bidder(id="b1", name="山田 太郎")
    return Portfolio(
        properties=(STORED,),
        bidders=(bidder,),
        bids=(
            Bid(id="x1", property="p1", bidder="b1", amount=10_000_000),
            Bid(
                id="x2",
                property="p1",
                bidder="",
                outcome=Outcome(result=OutcomeResult.LOST),
            ),
        ),
    )


def test_a_withdrawal_says_what_it_means_for_open_bids_and_is_undoable() -> None:
    current = _with_bids()
    card = replace(STORED, id="", status=PropertyStatus.WITHDRAWN, note="")
    plan = plan_import(current, [Portfolio(properties=(card,))], fresh())
    (item,) = plan.updates
    assert item.verdict is Verdict.UPDATE and item.description == "更新: 状態 公告中→取下げ"
    assert len(item.consequences) == 1  # only the open bid; x2 has its outcome
    assert "x1(山田 太郎)" in item.consequences[0] and "PROPERTY_WITHDRAWN" in item.consequences[0]
    state = PortfolioState.of(current)
    before = PortfolioState.of(current)
    state.apply(plan.change)
    assert list(state.properties) == ["p1"] and state.properties["p1"].status.label == "取下げ"
    findings = run_checks(state.portfolio(), today=date(2026, 11, 23))
    assert any(f.code is Code.PROPERTY_WITHDRAWN and f.bid == "x1" for f in findings)
    state.apply(inverse_of(plan.change, before))
    assert state.portfolio() == current


def test_a_dump_imported_into_its_own_portfolio_adds_nothing() -> None:
    rich = portfolio_from_text((DATA / "interchange" / "rich.json").read_text(encoding="utf-8"))
    first = plan_import(Portfolio(), [rich], fresh())
    state = PortfolioState()
    state.apply(first.change)
    again = plan_import(state.portfolio(), [rich], fresh())
    assert again.change.is_empty
    assert again.files[0].bidders_matched == len(rich.bidders)
    assert again.files[0].bids_matched == len(rich.bids)


def test_a_dump_with_a_new_bid_adds_only_that_bid_on_the_stored_property() -> None:
    current = _with_bids()
    other = Bidder(id="b9", name="佐藤 花子")
    dump = Portfolio(
        properties=(replace(STORED, id="p7"),),
        bidders=(Bidder(id="b7", name="山田 太郎"), other),
        bids=(
            Bid(id="x7", property="p7", bidder="b7", amount=11_000_000),  # same key as x1
            Bid(id="x8", property="p7", bidder="b9", amount=12_000_000),
        ),
    )
    plan = plan_import(current, [dump], fresh())
    (bidder,) = plan.change.put_bidders
    (bid,) = plan.change.put_bids
    assert bidder.name == "佐藤 花子"
    assert (bid.property, bid.bidder, bid.amount) == ("p1", bidder.id, 12_000_000)
    assert plan.change.put_properties == ()  # the same property, nothing changed
    assert plan.files[0].bids_matched == 1 and plan.files[0].bidders_matched == 1


def test_two_bidders_of_one_name_in_one_dump_stay_two() -> None:
    dump = Portfolio(bidders=(Bidder(id="b1", name="山田 太郎"), Bidder(id="b2", name="山田 太郎")))
    plan = plan_import(Portfolio(), [dump], fresh())
    assert len(plan.change.put_bidders) == 2


def test_a_file_given_twice_in_one_import_adds_once() -> None:
    rich = portfolio_from_text((DATA / "interchange" / "rich.json").read_text(encoding="utf-8"))
    plan = plan_import(Portfolio(), [rich, rich], fresh())
    assert len(plan.change.put_properties) == len(rich.properties)
    assert len(plan.change.put_bids) == len(rich.bids)
    assert len(plan.change.put_bidders) == len(rich.bidders)


@pytest.mark.parametrize(
    ("start", "end", "opening", "same"),
    [
        # 民執規則46条: a new 期間入札 after the opening (不売, 民執法80条) is a new round
        (date(2027, 3, 1), date(2027, 3, 8), date(2027, 3, 15), False),
        # near miss: a period starting on the old opening day is still the same round
        (date(2026, 12, 16), date(2026, 12, 20), date(2026, 12, 23), True),
        (None, date(2027, 3, 8), date(2027, 3, 15), False),  # only the period end known
        (None, None, None, True),  # nothing known: the same round (updated)
        # the earlier round imported after the later one: still two rounds
        (date(2026, 6, 1), date(2026, 6, 8), date(2026, 6, 15), False),
    ],
)
def test_a_new_sale_round_of_one_case_is_a_property_of_its_own(
    start: date | None, end: date | None, opening: date | None, same: bool
) -> None:
    other = replace(STORED, id="", bid_period_start=start, bid_period_end=end, opening_date=opening)
    assert same_sale_round(STORED, other) is same
    plan = plan_import(Portfolio(properties=(STORED,)), [Portfolio(properties=(other,))], fresh())
    assert plan.count(Verdict.NEW) == (0 if same else 1)


@pytest.mark.parametrize(
    ("incoming_kind", "kept"),
    [("マンション", ()), (None, ("種別が見つかりません。",))],  # near miss: still missing
)
def test_a_merge_drops_the_stored_warning_about_a_field_it_now_has(
    incoming_kind: str | None, kept: tuple[str, ...]
) -> None:
    stored = replace(STORED, kind=None, warnings=("種別が見つかりません。",))
    incoming = replace(STORED, id="", kind=incoming_kind, warnings=())
    assert merged_property(stored, incoming).warnings == kept
