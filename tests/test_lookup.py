"""domain.lookup: the case-number sort key and the filter's matching (issue 15 item 7)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biddesk.domain.lookup import (
    case_number_key,
    fold,
    matches,
    property_numbers_key,
    search_terms,
    search_text,
    title_key,
)


def test_case_numbers_sort_by_number_not_text() -> None:
    shown = ["令和7年(ケ)第1234号", "令和7年(ケ)第190号", "令和7年(ケ)第88号"]
    assert sorted(shown) == shown  # as text: 1234 < 190 < 88
    assert sorted(shown, key=case_number_key) == [
        "令和7年(ケ)第88号",
        "令和7年(ケ)第190号",
        "令和7年(ケ)第1234号",
    ]


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("令和6年(ヌ)第402号", "令和7年(ケ)第1号"),  # the year first
        ("平成31年(ケ)第5号", "令和元年(ケ)第900号"),  # across eras: 2019 both, by number
        ("令和元年(ケ)第5号", "令和2年(ケ)第1号"),
        ("令和7年(ケ)第88号", "令和7年(ヌ)第88号"),  # same number: (ケ) first
        ("令和７年（ケ）第８８号", "令和7年(ケ)第190号"),  # 全角 read as 半角
        ("令和7年(ケ)第99999号", "事件番号のメモ"),  # unreadable after readable
        ("事件番号のメモ", None),  # near miss: none at all last
    ],
)
def test_case_number_key_orders(earlier: str, later: str | None) -> None:
    assert case_number_key(earlier) < case_number_key(later)


@given(st.lists(st.integers(min_value=1, max_value=99_999), min_size=1, max_size=20))
def test_case_numbers_of_one_year_sort_as_their_numbers(numbers: list[int]) -> None:
    cases = [f"令和7年(ケ)第{n}号" for n in numbers]
    ordered = sorted(cases, key=case_number_key)
    assert [int(c.split("第")[1][:-1]) for c in ordered] == sorted(numbers)


def test_property_numbers_and_titles_sort_by_number() -> None:
    assert property_numbers_key(("2",)) < property_numbers_key(("10",))
    assert title_key("令和7年(ケ)第88号 物件2") < title_key("令和7年(ケ)第88号 物件10")
    assert title_key("令和7年(ケ)第88号 物件10") < title_key("令和7年(ケ)第190号 物件1")
    assert title_key("(全体)") > title_key("令和7年(ケ)第190号 物件1")


@pytest.mark.parametrize(
    ("typed", "terms"),
    [
        ("R7", ["令和7年"]),
        ("ｒ７", ["令和7年"]),  # 全角 and lower case
        ("H30年", ["平成30年"]),
        ("R7(ケ)88", ["令和7年(ケ)第88号"]),
        ("r7（ケ）第88号", ["令和7年(ケ)第88号"]),
        ("R7abc", ["r7abc"]),  # near miss: not an era abbreviation, kept as typed
        ("やまだ 東京", ["ヤマダ", "東京"]),
        ("", []),
    ],
)
def test_search_terms(typed: str, terms: list[str]) -> None:
    assert search_terms(typed) == terms


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("R7", True),
        ("R6", False),  # near miss: another year
        ("R7(ケ)88", True),
        ("R7(ケ)8", False),  # near miss: 第8号 is not 第88号
        ("やまだ", True),  # the bidder's kana typed in hiragana
        ("ヤマダタロウ", True),  # without the space
        ("ｻﾄｳ", False),
        ("さいたま 川越", True),
    ],
)
def test_a_line_matches(typed: str, found: bool) -> None:
    text = search_text(
        ["令和7年(ケ)第88号 物件1", "さいたま地方裁判所川越支部", "山田 太郎", "ヤマダ タロウ"]
    )
    assert matches(text, search_terms(typed)) is found


def test_fold_reads_half_width_kana_and_hiragana_alike() -> None:
    assert fold("ﾔﾏﾀﾞ") == fold("やまだ") == "ヤマダ"
