"""CSV import: header names in Japanese or English, values as on the cards, errors by cell."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from biddesk.domain.announcements.csv_import import CsvImportError, properties_from_csv
from biddesk.domain.models import PropertyStatus

CSV = Path(__file__).parent / "data" / "csv"


def read(name: str) -> str:
    return (CSV / name).read_text(encoding="utf-8")


def errors_of(text: str) -> tuple[str, ...]:
    with pytest.raises(CsvImportError) as caught:
        properties_from_csv(text, "t.csv")
    assert str(caught.value).startswith("t.csv: ")
    return caught.value.errors


def test_japanese_headers_and_values_as_written_on_cards() -> None:
    tokyo, chiba, _ = properties_from_csv(read("japanese.csv"), "japanese.csv")
    assert tokyo.court == "東京地方裁判所本庁"
    assert tokyo.case_number == "令和7年(ケ)第1234号"  # 全角, leading zeros
    assert tokyo.property_numbers == ("1",)
    assert (tokyo.base_price, tokyo.minimum_bid, tokyo.deposit) == (
        12_340_000,
        9_872_000,
        2_468_000,
    )
    assert (tokyo.bid_period_start, tokyo.bid_period_end) == (date(2026, 12, 2), date(2026, 12, 9))
    assert tokyo.opening_date == date(2026, 12, 16)
    assert tokyo.note == "駅近" and tokyo.warnings == ()
    assert chiba.court == "千葉地方裁判所松戸支部" and chiba.case_number == "令和7年(ケ)第517号"
    assert chiba.property_numbers == ("1", "2") and chiba.farmland and chiba.kind == "土地"
    assert chiba.note == "下見済み\n境界未確認"  # a quoted cell over two lines


def test_a_missing_deposit_is_estimated_and_warned() -> None:
    chiba = properties_from_csv(read("japanese.csv"), "japanese.csv")[1]
    assert chiba.base_price == 21_600_000 and chiba.minimum_bid == 17_280_000
    assert chiba.deposit == 4_320_000 and chiba.deposit_estimated
    assert any("推定値" in w for w in chiba.warnings)


def test_a_withdrawn_row_has_no_price_and_says_so() -> None:
    yokohama = properties_from_csv(read("japanese.csv"), "japanese.csv")[2]
    assert yokohama.status is PropertyStatus.WITHDRAWN
    assert yokohama.base_price is None and yokohama.deposit is None
    assert yokohama.case_number == "令和元年(ヌ)第5号" and yokohama.kind == "戸建て"
    assert yokohama.warnings[0].startswith("取下げ")


def test_english_headers_iso_dates_and_unknown_columns() -> None:
    sakai, kyoto = properties_from_csv(read("english.csv"), "english.csv")
    assert sakai.base_price == 6_200_000 and sakai.deposit == 1_240_000
    assert not sakai.deposit_estimated and not sakai.farmland
    assert (sakai.bid_period_start, sakai.bid_period_end) == (date(2026, 10, 7), date(2026, 10, 14))
    assert kyoto.court == "京都地方裁判所本庁" and kyoto.case_number == "令和6年(ケ)第88号"
    assert kyoto.farmland and kyoto.base_price == 350_000 and kyoto.deposit == 70_000


def test_every_bad_cell_is_named_by_row_and_column() -> None:
    assert errors_of(read("bad_cells.csv")) == (
        "3行目「売却基準価額」: 金額として読めません: 「千円くらい」",
        "4行目「物件番号」: 物件番号「x」を読み取れません(例: 1 / 1,2 / 1～3)",
        "4行目「開札期日」: 存在しない日付です: 「令和8年13月40日」",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("名前,値段\nA,1\n", "1行目: 見出しに分かる列名がありません"),
        ("事件番号,売却基準価額\n", "見出し行の後に物件の行がありません"),
        ("", "ファイルが空です"),
        ("事件番号,case_number\nR7(ケ)1,R7(ケ)1\n", "同じ項目の列が2つあります"),
        ("事件番号,状態\n令和7年(ケ)第1号,たぶん\n", "2行目「状態」: 状態として読めません"),
        ("事件番号,農地\n令和7年(ケ)第1号,maybe\n", "2行目「農地」"),
        (
            "事件番号,入札期間\n令和7年(ケ)第1号,令和8年12月2日\n",
            "「入札期間」: 期間として読めません",
        ),
        ("事件番号\n第1号\n", "2行目「事件番号」: 事件番号として読めません"),
    ],
)
def test_problems_with_the_table_itself(text: str, expected: str) -> None:
    assert any(expected in error for error in errors_of(text))


def test_blank_rows_are_skipped_and_row_numbers_count_them() -> None:
    text = "事件番号,売却基準価額\n令和7年(ケ)第1号,100万円\n,\n\n令和7年(ケ)第2号,abc\n"
    assert errors_of(text) == ("5行目「売却基準価額」: 金額として読めません: 「abc」",)


def test_tab_separated_with_split_period_columns() -> None:
    text = (
        "事件番号\t物件番号\t売却基準価額\t入札期間開始\t入札期間末日\t特別売却期間\n"
        "令和7年(ケ)第9号\t1～3\t1,234万5,000円\tR8.12.2\t2026年12月9日\t実施しておりません。\n"
    )
    (prop,) = properties_from_csv(text, "tab.csv")
    assert prop.property_numbers == ("1", "2", "3")
    assert prop.base_price == 12_345_000
    assert (prop.bid_period_start, prop.bid_period_end) == (date(2026, 12, 2), date(2026, 12, 9))
    assert prop.special_sale_start is None


# --- the parser's last step, shared (parsing_draft.finish_property) ------------------------

_HEADER = "裁判所,事件番号,物件番号,売却基準価額,入札期間,開札期日"
_TEXT = (
    "東京地方裁判所\n令和7年(ケ)第1234号\n物件番号 1\n売却基準価額 1234万円\n"
    "入札期間 令和8年12月2日～令和8年12月9日\n開札期日 {opening}\n"
)


@pytest.mark.parametrize(
    ("opening", "warned"),
    [
        ("令和8年12月8日", True),  # before the period's end: a typo somewhere
        ("令和8年12月16日", False),  # near miss: a week after it
    ],
)
def test_a_row_gets_the_same_date_order_warning_as_pasted_text(opening: str, warned: bool) -> None:
    from biddesk.domain.announcements.parsing import parse_announcement

    period = "令和8年12月2日～令和8年12月9日"
    row = f"{_HEADER}\n東京地方裁判所,令和7年(ケ)第1234号,1,12340000,{period},{opening}\n"
    [from_csv] = properties_from_csv(row, "t.csv")
    [pasted] = parse_announcement(_TEXT.format(opening=opening)).properties
    order = [w for w in from_csv.warnings if "開札期日" in w]
    assert bool(order) is warned
    assert order == [w for w in pasted.warnings if "開札期日" in w]
    # The same figures and the same figure warnings, whatever the property was read from.
    assert (from_csv.minimum_bid, from_csv.deposit, from_csv.deposit_estimated) == (
        pasted.minimum_bid,
        pasted.deposit,
        pasted.deposit_estimated,
    )
    assert [w for w in from_csv.warnings if "推定値" in w] == [
        w for w in pasted.warnings if "推定値" in w
    ]
