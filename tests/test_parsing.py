"""parse_announcement: every format, field by field, and the rules the reader keeps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from biddesk.domain.announcements.parsing import ParseError, ParseResult, parse_announcement
from biddesk.domain.models import Property, PropertyStatus

HEADING = "東京地方裁判所本庁　令和07年(ケ)第1234号"
BASE_CARD = (
    "物件番号：1",
    "種別：マンション",
    "所在地：東京都江東区亀戸二丁目101番地1",
    "売却基準価額：12,340,000円",
    "買受申出保証額：2,468,000円",
    "入札期間：令和08年12月02日〜令和08年12月09日",
    "開札期日：令和08年12月16日",
)


def card(*lines: str, heading: str = HEADING) -> str:
    return "\n".join((heading, *lines))


def only(text: str) -> Property:
    result = parse_announcement(text)
    assert len(result.properties) == 1, result
    return result.properties[0]


def with_line(replace_label: str, line: str) -> str:
    """The base card with the line of ``replace_label`` replaced (or added)."""
    lines = [x for x in BASE_CARD if not x.startswith(replace_label)]
    return card(*lines, line)


# --- format 1: BIT card text, label：value --------------------------------------------


def test_card_text_reads_every_field() -> None:
    prop = only(card(*BASE_CARD, "閲覧開始日：令和08年11月18日", "売却決定期日：令和08年12月23日"))
    assert prop.court == "東京地方裁判所本庁"
    assert prop.case_number == "令和7年(ケ)第1234号"
    assert prop.property_numbers == ("1",)
    assert prop.kind == "マンション"
    assert prop.address == "東京都江東区亀戸二丁目101番地1"
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (12_340_000, 9_872_000, 2_468_000)
    assert prop.deposit_estimated is False
    assert prop.viewing_start == date(2026, 11, 18)
    assert (prop.bid_period_start, prop.bid_period_end) == (date(2026, 12, 2), date(2026, 12, 9))
    assert prop.opening_date == date(2026, 12, 16)
    assert prop.sale_decision_date == date(2026, 12, 23)
    assert prop.status is PropertyStatus.ANNOUNCED
    assert prop.id == ""
    assert prop.warnings == ()


@pytest.mark.parametrize(
    ("line", "base"),
    [
        ("売却基準価額：12,340,000円", 12_340_000),
        ("売却基準価額：１２，３４０，０００円", 12_340_000),
        ("売却基準価額：1234万円", 12_340_000),
        ("売却基準価額：１２３４万円", 12_340_000),
        ("売却基準価額：1,234万円", 12_340_000),
        ("売却基準価額：1,234万5,000円", 12_345_000),
        ("売却基準価額：1億2,345万円", 123_450_000),
        ("売却基準価額 12,340,000円", 12_340_000),
        ("売却基準価額\n12,340,000円", 12_340_000),
        ("売却基準価格：12,340,000円", 12_340_000),
        ("基準価額 1234万円", 12_340_000),
        ("売却基準価額: ¥12,340,000", 12_340_000),
    ],
)
def test_base_price_shapes(line: str, base: int) -> None:
    prop = only(with_line("売却基準価額", line))
    assert prop.base_price == base


@pytest.mark.parametrize(
    ("line", "opening"),
    [
        ("開札期日：令和8年12月16日", date(2026, 12, 16)),
        ("開札期日：令和08年12月16日", date(2026, 12, 16)),
        ("開札期日：令和８年１２月１６日", date(2026, 12, 16)),
        ("開札期日：R8.12.16", date(2026, 12, 16)),
        ("開札期日：2026/12/16", date(2026, 12, 16)),
        ("開札期日：2026-12-16", date(2026, 12, 16)),
        ("開札期日：2026年12月16日", date(2026, 12, 16)),
        ("開札期日：令和8年12月16日(水)", date(2026, 12, 16)),
        ("開札期日：令和８年１２月１６日（水）　午前９時３０分", date(2026, 12, 16)),
        ("開札期日\n令和08年12月16日", date(2026, 12, 16)),
        ("開札日 R8.12.16", date(2026, 12, 16)),
    ],
)
def test_opening_date_shapes(line: str, opening: date) -> None:
    prop = only(with_line("開札期日", line))
    assert prop.opening_date == opening
    assert prop.warnings == ()


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("入札期間：令和8年12月2日〜令和8年12月9日", date(2026, 12, 2), date(2026, 12, 9)),
        (
            "入札期間：令和８年１２月２日から令和８年１２月９日まで",
            date(2026, 12, 2),
            date(2026, 12, 9),
        ),
        ("入札期間：R8.12.2~R8.12.9", date(2026, 12, 2), date(2026, 12, 9)),
        ("入札期間：2026/12/2 ~ 12/9", date(2026, 12, 2), date(2026, 12, 9)),
        ("入札期間\n令和08年12月02日〜令和08年12月09日", date(2026, 12, 2), date(2026, 12, 9)),
    ],
)
def test_bid_period_shapes(line: str, start: date, end: date) -> None:
    prop = only(with_line("入札期間", line))
    assert (prop.bid_period_start, prop.bid_period_end) == (start, end)


def test_era_year_one_is_read_as_gannen() -> None:
    text = card(
        "物件番号：1",
        "種別：土地",
        "所在地：宮城県仙台市青葉区国分町二丁目1番2",
        "売却基準価額：850万円",
        "入札期間：令和元年5月14日〜令和元年5月21日",
        "開札期日：令和元年5月28日",
        heading="仙台地方裁判所本庁　令和元年(ヌ)第3号",
    )
    prop = only(text)
    assert prop.case_number == "令和元年(ヌ)第3号"
    assert (prop.bid_period_start, prop.opening_date) == (date(2019, 5, 14), date(2019, 5, 28))


@pytest.mark.parametrize(
    ("heading", "court", "case"),
    [
        ("東京地方裁判所本庁　令和07年(ケ)第1234号", "東京地方裁判所本庁", "令和7年(ケ)第1234号"),
        ("東京地方裁判所 令和7年(ケ)第1234号", "東京地方裁判所本庁", "令和7年(ケ)第1234号"),
        ("東京地裁立川支部 R7(ケ)12", "東京地方裁判所立川支部", "令和7年(ケ)第12号"),
        (
            "さいたま地方裁判所川越支部　令和07年(ケ)第0088号",
            "さいたま地方裁判所川越支部",
            "令和7年(ケ)第88号",
        ),
        ("大阪地裁 堺支部 令和元年（ヌ）第５号", "大阪地方裁判所堺支部", "令和元年(ヌ)第5号"),
        (
            "名古屋地方裁判所岡崎支部　Ｒ７（ケ）９５",
            "名古屋地方裁判所岡崎支部",
            "令和7年(ケ)第95号",
        ),
        ("仙台地裁 H31(ケ)7", "仙台地方裁判所本庁", "平成31年(ケ)第7号"),
    ],
)
def test_heading_variants(heading: str, court: str, case: str) -> None:
    prop = only(card(*BASE_CARD, heading=heading))
    assert (prop.court, prop.case_number) == (court, case)


def test_labelled_court_and_case_lines_make_one_card() -> None:
    text = "\n".join(("裁判所：札幌地方裁判所", "事件番号：令和7年(ケ)第77号", *BASE_CARD))
    prop = only(text)
    assert (prop.court, prop.case_number) == ("札幌地方裁判所本庁", "令和7年(ケ)第77号")


def test_case_number_repeated_under_its_heading_is_one_card() -> None:
    prop = only(card("事件番号：令和7年(ケ)第1234号", *BASE_CARD))
    assert prop.case_number == "令和7年(ケ)第1234号"
    assert prop.base_price == 12_340_000


@pytest.mark.parametrize(
    ("line", "numbers"),
    [
        ("物件番号：1,2", ("1", "2")),
        ("物件番号：１～３", ("1", "2", "3")),
        ("物件番号：1〜3", ("1", "2", "3")),
        ("物件番号：1、3", ("1", "3")),
        ("物件番号\n2", ("2",)),
        ("物件番号．種別：1．土地 2．建物（所有権）", ("1", "2")),
    ],
)
def test_property_number_shapes(line: str, numbers: tuple[str, ...]) -> None:
    prop = only(with_line("物件番号", line))
    assert prop.property_numbers == numbers


@pytest.mark.parametrize(
    ("line", "kind"),
    [("種別：戸建", "戸建て"), ("種別：土地・戸建", "土地・戸建て"), ("種別：その他", "その他")],
)
def test_kind_shapes(line: str, kind: str) -> None:
    assert only(with_line("種別", line)).kind == kind


@pytest.mark.parametrize(
    ("lines", "farmland"),
    [
        (("物件番号．種別：1．土地（農地） 2．土地（農地）",), True),
        (("地目：畑",), True),
        (("地目：田",), True),
        (("地目\n田",), True),
        (("地目：宅地",), False),
        (("種別：農地",), True),
        (("物件番号．種別\n1．土地 2．建物（所有権）",), False),
        ((), False),
    ],
)
def test_farmland(lines: tuple[str, ...], farmland: bool) -> None:
    prop = only(card(*BASE_CARD, *lines))
    assert prop.farmland is farmland


@pytest.mark.parametrize(
    ("lines", "farmland", "why"),
    [
        # Issue 14 item 6: the actual use decides (農地法2条1項), whatever the register says.
        (("地目：山林（現況農地）",), True, "現況が農地"),
        (("地目：山林(現況:畑)",), True, "現況が畑(農地)"),
        (("地目：原野", "現況：田"), True, "現況が田(農地)"),
        (("地目\n山林（現況農地）",), True, "現況が農地"),
        (("地目：田（現況宅地）",), True, "登記が田、現況が宅地"),  # the court decides: ask
        (("地目：畑",), True, "地目が畑(農地)"),
        # Near misses: no farmland and nothing said.
        (("地目：山林（現況山林）",), False, None),
        (("地目：宅地",), False, None),
        (("地目：宅地", "現況：居宅"), False, None),
        (("現況は空き家です",), False, None),
    ],
)
def test_farmland_by_current_use_says_why(
    lines: tuple[str, ...], farmland: bool, why: str | None
) -> None:
    prop = only(card(*BASE_CARD, *lines))
    assert prop.farmland is farmland
    notes = [w for w in prop.warnings if "地目" in w or "現況" in w or "農地" in w]
    if why is None:
        assert notes == [], prop.warnings
    else:
        assert len(notes) == 1 and why in notes[0] and "買受適格証明書" in notes[0], notes


def test_registered_farmland_is_not_explained_twice_when_the_kind_says_so() -> None:
    prop = only(card(*BASE_CARD, "物件番号．種別：1．土地（農地）", "地目：田"))
    assert prop.farmland is True
    assert not any("地目" in warning for warning in prop.warnings)


# --- withdrawn cards and status ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("取下", PropertyStatus.WITHDRAWN),
        ("取下げ", PropertyStatus.WITHDRAWN),
        ("取消", PropertyStatus.CANCELLED),
        ("停止", PropertyStatus.SUSPENDED),
        ("中止", PropertyStatus.SUSPENDED),
        ("", PropertyStatus.ANNOUNCED),
    ],
)
def test_status_from_chuushi_jouhou(value: str, status: PropertyStatus) -> None:
    assert only(card(*BASE_CARD, f"中止情報：{value}")).status is status


def test_withdrawn_card_has_null_amounts_and_one_clear_note() -> None:
    text = card(
        "物件番号：2",
        "種別：土地",
        "所在地：神奈川県横浜市青葉区美しが丘一丁目3番",
        "売却基準価額：－円",
        "買受可能価額：－円",
        "買受申出保証額：－円",
        "入札期間：令和09年01月13日〜令和09年01月20日",
        "開札期日：令和09年01月27日",
        "中止情報：取下",
    )
    prop = only(text)
    assert prop.status is PropertyStatus.WITHDRAWN
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (None, None, None)
    assert prop.deposit_estimated is False
    assert prop.warnings == ("取下げの物件です(売却は実施されません)。",)


def test_dash_price_without_status_is_warned_not_guessed() -> None:
    prop = only(with_line("売却基準価額", "売却基準価額：－円"))
    assert prop.status is PropertyStatus.ANNOUNCED
    assert prop.base_price is None
    assert any("「－円」" in w for w in prop.warnings)


def test_status_word_in_a_typed_note() -> None:
    text = (
        "横浜地裁 令和6年(ヌ)第402号 物件2 土地 基準 500万円"
        " 入札 R9.1.13~R9.1.20 開札 R9.1.27 取下げ"
    )
    prop = only(text)
    assert prop.status is PropertyStatus.WITHDRAWN
    assert prop.opening_date == date(2027, 1, 27)


# --- format 2: cards copied from the BIT site --------------------------------------

STACKED = """戸建て
神戸地方裁判所尼崎支部　令和07年(ケ)第233号
お問い合わせ
期間入札
閲覧開始日
令和08年12月16日
入札期間
令和09年01月06日〜令和09年01月13日
開札期日
令和09年01月20日
特別売却期間
{special}
売却基準価額 6,480,000円
買受申出保証金 1,296,000円
中止情報
{status}
尼崎市南塚口町八丁目１２番３
阪急神戸本線　塚口駅　南方　約８００ｍ
物件番号．種別
1．土地 2．建物（所有権）
"""


def test_stacked_card_reads_values_on_the_next_line() -> None:
    prop = only(STACKED.format(special="令和09年01月21日〜令和09年01月27日", status=""))
    assert prop.kind == "戸建て"
    assert prop.court == "神戸地方裁判所尼崎支部"
    assert prop.viewing_start == date(2026, 12, 16)
    assert (prop.special_sale_start, prop.special_sale_end) == (
        date(2027, 1, 21),
        date(2027, 1, 27),
    )
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (6_480_000, 5_184_000, 1_296_000)
    assert prop.address == "尼崎市南塚口町八丁目12番3"
    assert prop.property_numbers == ("1", "2")
    assert prop.warnings == ()


def test_empty_chuushi_jouhou_does_not_take_the_address() -> None:
    prop = only(STACKED.format(special="実施しておりません。", status=""))
    assert prop.status is PropertyStatus.ANNOUNCED
    assert prop.address == "尼崎市南塚口町八丁目12番3"


def test_chuushi_jouhou_on_the_next_line() -> None:
    prop = only(STACKED.format(special="実施しておりません。", status="取下げ"))
    assert prop.status is PropertyStatus.WITHDRAWN
    assert prop.address == "尼崎市南塚口町八丁目12番3"


def test_empty_special_sale_does_not_take_the_base_price() -> None:
    text = STACKED.format(special="", status="").replace("特別売却期間\n\n", "特別売却期間\n")
    prop = only(text)
    assert (prop.special_sale_start, prop.special_sale_end) == (None, None)
    assert prop.base_price == 6_480_000


def test_no_special_sale_is_none_without_warning() -> None:
    prop = only(STACKED.format(special="実施しておりません。", status=""))
    assert (prop.special_sale_start, prop.special_sale_end) == (None, None)
    assert prop.warnings == ()


def test_kind_badge_before_heading_belongs_to_the_next_card() -> None:
    text = (
        STACKED.format(special="実施しておりません。", status="")
        + "間取り\n4LDK\n"
        + STACKED.format(special="実施しておりません。", status="")
        .replace("戸建て", "マンション")
        .replace("第233号", "第234号")
    )
    result = parse_announcement(text)
    assert [p.kind for p in result.properties] == ["戸建て", "マンション"]
    assert [p.case_number for p in result.properties] == [
        "令和7年(ケ)第233号",
        "令和7年(ケ)第234号",
    ]
    assert result.warnings == ()


def test_empty_label_before_a_label_stays_empty() -> None:
    prop = only(card(*BASE_CARD, "中止情報：", "閲覧開始日：令和08年11月18日"))
    assert prop.status is PropertyStatus.ANNOUNCED
    assert prop.viewing_start == date(2026, 11, 18)


# --- format 3: 期間入札公告 ----------------------------------------------------------

KOUKOKU = """期間入札の公告

令和８年１１月１３日
{court}
裁判所書記官　○○　○○

下記不動産を期間入札に付します。

１　入札期間　　令和８年１２月２日から令和８年１２月９日まで
２　開札期日　　令和８年１２月１６日　午前９時３０分
３　売却決定期日　令和８年１２月２３日　午前１０時００分
４　特別売却期間　令和８年１２月１７日から令和８年１２月２３日まで

{header}
{rows}
"""
HEADER = "事件番号　　　　　物件番号　売却基準価額　　買受可能価額　　買受申出保証額"


def koukoku(
    rows: str, *, court: str = "東京地方裁判所民事第２１部", header: str = HEADER
) -> ParseResult:
    return parse_announcement(KOUKOKU.format(court=court, header=header, rows=rows))


def test_koukoku_common_dates_apply_to_every_row() -> None:
    result = koukoku(
        "令和７年(ケ)第１２３４号　１　　１２，３４０，０００円"
        "　９，８７２，０００円　２，４６８，０００円\n"
        "令和７年(ヌ)第５６号　　　２　　４５，５００，０００円"
        "　３６，４００，０００円　９，１００，０００円"
    )
    assert len(result.properties) == 2
    for prop in result.properties:
        assert prop.court == "東京地方裁判所本庁"
        assert (prop.bid_period_start, prop.bid_period_end) == (
            date(2026, 12, 2),
            date(2026, 12, 9),
        )
        assert prop.opening_date == date(2026, 12, 16)
        assert prop.sale_decision_date == date(2026, 12, 23)
        assert (prop.special_sale_start, prop.special_sale_end) == (
            date(2026, 12, 17),
            date(2026, 12, 23),
        )
        assert prop.viewing_start is None  # the 公告's own date is not a field
    assert result.properties[1].base_price == 45_500_000
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("court_line", "court"),
    [
        ("東京地方裁判所民事第２１部", "東京地方裁判所本庁"),
        ("さいたま地方裁判所川越支部", "さいたま地方裁判所川越支部"),
        ("大阪地方裁判所第１４民事部", "大阪地方裁判所本庁"),
    ],
)
def test_koukoku_court_from_header(court_line: str, court: str) -> None:
    result = koukoku(
        "令和７年(ケ)第１号　１　　１，０００，０００円　８００，０００円　２００，０００円",
        court=court_line,
    )
    assert result.properties[0].court == court


def test_koukoku_ranges_lists_withdrawn_and_continuation_rows() -> None:
    result = koukoku(
        "令和７年(ケ)第１０２号　１～３　１，２３４万円　　９８７万２，０００円　　２４７万円\n"
        "令和７年(ケ)第２０１１号　１，２　　２５，６００，０００円"
        "　２０，４８０，０００円　５，１２０，０００円\n"
        "令和６年(ヌ)第３０号　　２　　取下げ\n"
        "令和７年(ケ)第１１１号　１　－円　－円　－円\n"
        "　　　　　　　　　　　２　３，０００，０００円　２，４００，０００円　６００，０００円"
    )
    props = result.properties
    assert [p.property_numbers for p in props] == [
        ("1", "2", "3"),
        ("1", "2"),
        ("2",),
        ("1",),
        ("2",),
    ]
    assert (props[0].base_price, props[0].minimum_bid, props[0].deposit) == (
        12_340_000,
        9_872_000,
        2_470_000,
    )
    assert props[2].status is PropertyStatus.WITHDRAWN and props[2].base_price is None
    assert props[3].base_price is None and props[3].status is PropertyStatus.ANNOUNCED
    assert props[4].case_number == "令和7年(ケ)第111号"
    assert props[4].base_price == 3_000_000


def test_koukoku_row_with_wrong_amount_count_reads_no_amount() -> None:
    result = koukoku("令和７年(ケ)第１号　１　　１，０００，０００円　２００，０００円")
    prop = result.properties[0]
    assert (prop.base_price, prop.deposit) == (None, None)
    assert any("金額の数" in w for w in prop.warnings)


def test_koukoku_rows_without_heading_row_are_read_in_the_usual_order() -> None:
    result = koukoku(
        "令和７年(ケ)第１号　１　　１，０００，０００円　８００，０００円　２００，０００円",
        header="",
    )
    prop = result.properties[0]
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (1_000_000, 800_000, 200_000)
    assert any("見出し行がない" in w for w in result.warnings)


def test_koukoku_after_a_card_keeps_its_dates_to_itself() -> None:
    text = (
        card(*BASE_CARD)
        + "\n\n"
        + KOUKOKU.format(
            court="東京地方裁判所民事第２１部",
            header=HEADER,
            rows=(
                "令和７年(ケ)第１３０１号　１　　３，０００，０００円"
                "　２，４００，０００円　６００，０００円"
            ),
        )
    )
    first, second = parse_announcement(text).properties
    assert first.sale_decision_date is None and first.warnings == ()
    assert second.sale_decision_date == date(2026, 12, 23)


# --- format 4: typed notes -----------------------------------------------------------


def test_typed_note() -> None:
    prop = only(
        "札幌地裁 本庁 R7(ケ)77 物件1 戸建\n"
        "基準価額 1234万円 / 保証金は公告どおり 247万円\n"
        "入札 2027/2/3 ~ 2027/2/10, 開札 2027/2/17"
    )
    assert (prop.court, prop.case_number, prop.kind) == (
        "札幌地方裁判所本庁",
        "令和7年(ケ)第77号",
        "戸建て",
    )
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (12_340_000, 9_872_000, 2_470_000)
    assert prop.deposit_estimated is False
    assert (prop.bid_period_start, prop.bid_period_end) == (date(2027, 2, 3), date(2027, 2, 10))
    assert prop.opening_date == date(2027, 2, 17)
    assert prop.warnings == ("所在地が見つかりません。",)


def test_typed_note_on_one_line() -> None:
    prop = only(
        "札幌地裁 本庁 R7(ケ)77 物件1 戸建 / 基準価額 1234万円 / 保証金は公告どおり 247万円"
        " / 入札 2027/2/3 ~ 2027/2/10, 開札 2027/2/17"
    )
    assert (prop.base_price, prop.deposit, prop.opening_date) == (
        12_340_000,
        2_470_000,
        date(2027, 2, 17),
    )


def test_preamble_dates_apply_to_every_note() -> None:
    result = parse_announcement(
        "入札期間 令和8年12月2日～令和8年12月9日 / 開札 令和8年12月16日\n"
        "横浜地裁 令和7年(ケ)第1号 物件1 土地 基準 500万円\n"
        "横浜地裁 令和7年(ケ)第2号 物件1 戸建 基準 800万円 保証 160万円\n"
    )
    assert [p.opening_date for p in result.properties] == [date(2026, 12, 16)] * 2
    assert [p.deposit for p in result.properties] == [1_000_000, 1_600_000]
    assert [p.deposit_estimated for p in result.properties] == [True, False]


def test_court_line_above_several_cards_applies_to_each() -> None:
    result = parse_announcement(
        "千葉地方裁判所松戸支部\n令和7年(ケ)第517号\n物件番号：1\n令和7年(ケ)第518号\n物件番号：1\n"
    )
    assert [p.court for p in result.properties] == ["千葉地方裁判所松戸支部"] * 2


# --- figures -------------------------------------------------------------------------


def test_two_different_base_prices_first_wins_and_is_reported() -> None:
    prop = only(card(*BASE_CARD, "売却基準価額：4,567,891円"))
    assert prop.base_price == 12_340_000
    assert any("2か所" in w and "4,567,891円" in w for w in prop.warnings)


def test_estimated_deposit_rounds_up_to_the_yen() -> None:
    lines = [x for x in BASE_CARD if not x.startswith(("買受申出", "売却基準価額"))]
    prop = only(card(*lines, "売却基準価額：4,567,891円", "買受申出保証額："))
    assert prop.minimum_bid == 3_654_313  # ceil(4,567,891 × 8/10 = 3,654,312.8)
    assert prop.deposit == 913_579  # ceil(4,567,891 × 2/10 = 913,578.2)
    assert prop.deposit_estimated is True
    assert any("推定" in w and "913,579円" in w for w in prop.warnings)


def test_announced_deposit_above_two_tenths_is_kept_silently() -> None:
    prop = only(with_line("買受申出保証額", "買受申出保証額：2,470,000円"))
    assert (prop.deposit, prop.deposit_estimated, prop.warnings) == (2_470_000, False, ())


def test_deposit_below_two_tenths_is_warned_and_not_fixed() -> None:
    prop = only(with_line("買受申出保証額", "買受申出保証額：2,000,000円"))
    assert prop.deposit == 2_000_000
    assert any("2/10" in w and "2,468,000円" in w for w in prop.warnings)


def test_minimum_that_is_not_eight_tenths_is_warned_and_not_fixed() -> None:
    prop = only(card(*BASE_CARD, "買受可能価額：9,000,000円"))
    assert prop.minimum_bid == 9_000_000
    assert any("8/10" in w and "9,872,000円" in w for w in prop.warnings)


def test_missing_fields_are_none_with_warnings() -> None:
    prop = only("東京地方裁判所本庁　令和07年(ケ)第1234号")
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (None, None, None)
    for name in ("物件番号", "種別", "所在地", "売却基準価額", "入札期間", "開札期日"):
        assert f"{name}が見つかりません。" in prop.warnings


@pytest.mark.parametrize(
    ("line", "base"),
    [
        # Issue 14 item 3: each was read as a part (1円, 2,500,003円, 100,000,002円, 8,150円,
        # 150,000円, 0円) before; the whole text is one amount now.
        ("売却基準価額：1千万円", 10_000_000),
        ("売却基準価額：250万3千円", 2_503_000),
        ("売却基準価額：1億2千万円", 120_000_000),
        ("売却基準価額：8150千円", 8_150_000),
        ("売却基準価額：8百15万円", 8_150_000),
        ("売却基準価額：8 150 000円", 8_150_000),
        ("売却基準価額：三百万円", 3_000_000),
        ("売却基準価額：千二百三十四万円", 12_340_000),
        ("売却基準価額：一億二千万円", 120_000_000),
        ("売却基準価額：金壱千弐百参拾四萬円", 12_340_000),
        ("売却基準価額：百万円", 1_000_000),
        ("売却基準価額：1億 2,345万円", 123_450_000),
    ],
)
def test_base_price_with_sen_hyaku_kanji_and_spaced_groups(line: str, base: int) -> None:
    prop = only(with_line("売却基準価額", line))
    assert prop.base_price == base
    assert not any(line.split("：")[1] in warning for warning in prop.warnings), prop.warnings


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("売却基準価額：8 15 000円", "8 15 000円"),
        ("売却基準価額：5千5円", "5千5円"),
        ("売却基準価額：12千万円", "12千万円"),
        ("売却基準価額：1万2億円", "1万2億円"),
        ("売却基準価額：1234万 988万", "1234万 988万"),
    ],
)
def test_an_amount_not_read_whole_is_left_empty_with_a_warning(line: str, shown: str) -> None:
    prop = only(with_line("売却基準価額", line))
    assert prop.base_price is None and prop.minimum_bid is None
    assert any(shown in warning for warning in prop.warnings), prop.warnings


def test_typed_note_amounts_with_units() -> None:
    prop = only(
        "札幌地裁 本庁 R7(ケ)77 物件1 戸建\n基準価額 1千万円 / 保証金 二百万円\n"
        "入札 2027/2/3 ~ 2027/2/10, 開札 2027/2/17"
    )
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (10_000_000, 8_000_000, 2_000_000)
    assert prop.deposit_estimated is False


def test_koukoku_row_in_thousands_of_yen() -> None:
    text = (
        "事件番号　物件番号　売却基準価額　買受可能価額　買受申出保証額\n"
        "令和７年(ケ)第１２３４号　１　８，１５０千円　６，５２０千円　１，６３０千円\n"
    )
    prop = only(text)
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == (8_150_000, 6_520_000, 1_630_000)


_THOUSANDS_ROW = "令和７年(ケ)第１２３４号　１　１２，３４０　９，８７２　２，４６８"
_YEN_ROW = "令和７年(ケ)第１２３４号　１　12,340,000円　9,872,000円　2,468,000円"
_COLUMNS = "事件番号　物件番号　売却基準価額　買受可能価額　買受申出保証額"
_IN_THOUSANDS = (12_340_000, 9_872_000, 2_468_000)


@pytest.mark.parametrize(
    ("text", "figures", "said"),
    [
        # A 公告 table in 千円: its bare figures were read as yen (12,340円), 1,000 times short.
        (f"{_COLUMNS.replace('額', '額(千円)')}\n{_THOUSANDS_ROW}", _IN_THOUSANDS, True),
        (f"（単位：千円）\n{_COLUMNS}\n{_THOUSANDS_ROW}", _IN_THOUSANDS, True),
        (f"単位 千円\n{_THOUSANDS_ROW}", _IN_THOUSANDS, True),  # no heading row
        # Near misses: no unit note, or figures that carry their own unit.
        (f"{_COLUMNS}\n{_THOUSANDS_ROW}", (12_340, 9_872, 2_468), False),
        (f"（単位：千円）\n{_COLUMNS}\n{_YEN_ROW}", _IN_THOUSANDS, False),
    ],
)
def test_koukoku_table_in_thousands_of_yen(
    text: str, figures: tuple[int, int, int], said: bool
) -> None:
    result = parse_announcement(text)
    (prop,) = result.properties
    assert (prop.base_price, prop.minimum_bid, prop.deposit) == figures
    assert any("千円単位" in warning for warning in result.warnings) is said


def test_words_with_kanji_numerals_are_not_amounts() -> None:
    """千葉, 一戸建, 十分: no amount; a court in 千葉 keeps its base price."""
    prop = only(
        "千葉地方裁判所本庁　令和07年(ケ)第1234号\n種別：一戸建\n"
        "所在地：千葉県千葉市中央区千葉港一丁目1番地\n売却基準価額：1,234万円"
    )
    assert prop.court == "千葉地方裁判所本庁"
    assert prop.base_price == 12_340_000


def test_unreadable_amount_is_a_warning_not_a_guess() -> None:
    prop = only(with_line("売却基準価額", "売却基準価額：12,340,00円"))
    assert prop.base_price is None
    assert any("12,340,00円" in w for w in prop.warnings)


# --- dates ----------------------------------------------------------------------------


def test_weekday_mismatch_is_warned() -> None:
    prop = only(with_line("開札期日", "開札期日：令和08年12月16日(木)"))
    assert prop.opening_date == date(2026, 12, 16)
    assert any("曜日" in w for w in prop.warnings)


def test_impossible_date_is_warned_and_left_empty() -> None:
    prop = only(with_line("開札期日", "開札期日：令和8年2月30日"))
    assert prop.opening_date is None
    assert any("存在しない日付" in w for w in prop.warnings)


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        ("入札期間：令和8年12月9日〜令和8年12月2日", "より後"),
        ("入札期間：令和8年12月2日〜令和8年12月4日", "1週間より短い"),
        ("入札期間：令和8年11月2日〜令和8年12月9日", "1か月より長い"),
        ("入札期間：令和8年11月2日〜令和8年11月9日", "1週間より後"),
    ],
)
def test_dates_out_of_order_are_warned(line: str, needle: str) -> None:
    prop = only(with_line("入札期間", line))
    assert any(needle in w for w in prop.warnings), prop.warnings


@pytest.mark.parametrize(
    ("start", "end", "needle"),
    [
        # 規則46条1項 「1週間以上1月以内」, both ends of the period counted (issue 14 item 8).
        (date(2027, 5, 7), date(2027, 5, 13), None),  # 7 days: one week, legal
        (date(2027, 5, 7), date(2027, 5, 12), "1週間より短い"),
        (date(2027, 5, 7), date(2027, 6, 6), None),  # one month from 5/7 ends 6/6
        (date(2027, 5, 7), date(2027, 6, 7), "1か月より長い"),
        (date(2027, 1, 31), date(2027, 2, 28), None),  # no 2/31: the month's last day
        (date(2027, 1, 31), date(2027, 3, 1), "1か月より長い"),
        (date(2026, 12, 2), date(2026, 12, 9), None),  # the usual 8 days
    ],
)
def test_bid_period_length_counts_both_ends(start: date, end: date, needle: str | None) -> None:
    def day(value: date) -> str:
        return f"{value.year}/{value.month}/{value.day}"

    opening = end + timedelta(days=7)
    lines = [x for x in BASE_CARD if not x.startswith(("入札期間", "開札期日"))]
    prop = only(card(*lines, f"入札期間：{day(start)}〜{day(end)}", f"開札期日：{day(opening)}"))
    assert (prop.bid_period_start, prop.bid_period_end) == (start, end)
    found = [w for w in prop.warnings if "入札期間(" in w]
    assert found == ([] if needle is None else [found[0]]), prop.warnings
    if needle is not None:
        assert needle in found[0]


@pytest.mark.parametrize(
    "line",
    [
        # Issue 14 item 8: a sentence about a property gives no 物件番号 (was: 物件番号 3 and
        # 「物件番号が2か所で異なる」).
        "物件3は農地でない旨の証明書が提出されています。",
        "物件2の土地は私道です。",
        "物件1ないし3は一括売却です。",
    ],
)
def test_property_number_is_not_taken_from_prose(line: str) -> None:
    prop = only(card(*BASE_CARD, line))  # BASE_CARD says 物件番号：1
    assert prop.property_numbers == ("1",)
    assert not any("物件番号が2か所" in warning for warning in prop.warnings)


@pytest.mark.parametrize(
    ("line", "numbers"),
    [("物件番号：1ないし3", ("1", "2", "3")), ("物件 2 戸建", ("2",)), ("物件：3", ("3",))],
)
def test_property_number_near_misses_are_still_read(line: str, numbers: tuple[str, ...]) -> None:
    prop = only(with_line("物件番号", line))
    assert prop.property_numbers == numbers


@pytest.mark.parametrize(
    "text",
    [
        "東京地方裁判所本庁　令和7年(ケ)第12\n34号\n" + "\n".join(BASE_CARD),
        (
            "事件番号　物件番号　売却基準価額　買受可能価額　買受申出保証額\n"
            "令和７年(ケ)第１２\n"
            "３４号　１　１２，３４０，０００円　９，８７２，０００円　２，４６８，０００円\n"
        ),
    ],
    ids=["card", "koukoku-row"],
)
def test_case_number_split_over_two_lines_is_not_guessed(text: str) -> None:
    prop = only(text)
    assert prop.case_number is None
    assert prop.property_numbers == ("1",)  # not 34
    assert prop.base_price == 12_340_000
    assert any("2行に分かれている" in w and "第12" in w and "34号" in w for w in prop.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "東京地方裁判所本庁　令和7年(ケ)第1234号\n34号棟\n" + "\n".join(BASE_CARD),
        "東京地方裁判所本庁　令和7年(ケ)第1234\n" + "\n".join(BASE_CARD),
    ],
)
def test_case_number_on_one_line_is_read_as_before(text: str) -> None:
    prop = only(text)
    assert prop.case_number == "令和7年(ケ)第1234号"
    assert not any("2行に分かれている" in w for w in prop.warnings)


# --- text-level behaviour -------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["", "   \n\n　", "売却基準価額 1000万円\n入札期間 令和8年12月2日"]
)
def test_text_without_a_property_raises(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse_announcement(text, source="memo.txt")
    message = str(caught.value)
    assert message.startswith("memo.txt: ")
    assert message.count("。") == 1 and message.endswith("。")


def test_lines_not_understood_are_reported_with_their_number() -> None:
    result = parse_announcement(card(*BASE_CARD, "ここは何のことか分からない行"), source="a.txt")
    assert result.warnings == (
        "a.txt: 9行目「ここは何のことか分からない行」は読み取れませんでした。",
    )


def test_unread_line_warnings_are_capped() -> None:
    junk = [f"意味のない行その{i}" for i in range(15)]
    result = parse_announcement(card(*BASE_CARD, *junk))
    assert len(result.warnings) == 11
    assert "ほかに5行" in result.warnings[-1]


def test_site_furniture_is_ignored_silently() -> None:
    text = "不動産競売物件情報サイト\n物件一覧に戻る\nお問い合わせ\n3点セット\n" + card(*BASE_CARD)
    assert parse_announcement(text).warnings == ()


def test_same_card_twice_is_read_once() -> None:
    result = parse_announcement(card(*BASE_CARD) + "\n\n" + card(*BASE_CARD))
    assert len(result.properties) == 1
    assert any("2回書かれている" in w for w in result.warnings)


def test_same_property_with_different_content_is_kept_and_warned() -> None:
    other = card(*(x.replace("12,340,000", "12,430,000") for x in BASE_CARD))
    result = parse_announcement(card(*BASE_CARD) + "\n\n" + other)
    assert [p.base_price for p in result.properties] == [12_340_000, 12_430_000]
    assert any("異なる内容" in w for w in result.warnings)


def test_result_is_frozen_and_keyword_only() -> None:
    result = parse_announcement(card(*BASE_CARD))
    assert isinstance(result.properties, tuple) and isinstance(result.warnings, tuple)
    with pytest.raises(TypeError):
        ParseResult((), ())  # type: ignore[call-arg]


def test_period_split_over_lines_is_joined() -> None:
    text = card(
        *(x for x in BASE_CARD if not x.startswith("入札期間")),
        "入札期間",
        "令和08年12月02日",
        "〜",
        "令和08年12月09日",
        "特別売却期間",
        "令和08年12月17日〜",
        "令和08年12月23日",
    )
    result = parse_announcement(text)
    prop = result.properties[0]
    assert (prop.bid_period_start, prop.bid_period_end) == (date(2026, 12, 2), date(2026, 12, 9))
    assert (prop.special_sale_start, prop.special_sale_end) == (
        date(2026, 12, 17),
        date(2026, 12, 23),
    )
    assert prop.warnings == () and result.warnings == ()


def test_label_word_inside_a_remark_is_not_a_label() -> None:
    prop = only(with_line("買受申出保証額", "買受申出保証額：2,468,000円（売却基準価額の2割）"))
    assert (prop.base_price, prop.deposit) == (12_340_000, 2_468_000)
    assert prop.warnings == ()


def test_search_result_list_with_numbers_badges_and_tabs() -> None:
    result = parse_announcement(
        "1\n横浜地方裁判所本庁　令和07年(ケ)第610号\n戸建て\n"
        "神奈川県横浜市港北区日吉本町四丁目5番6\n売却基準価額\t7,350,000円\n"
        "2\n横浜地方裁判所本庁　令和07年(ケ)第611号\nマンション\n売却基準価額\t金5,000,000円\n"
    )
    assert [(p.kind, p.base_price) for p in result.properties] == [
        ("戸建て", 7_350_000),
        ("マンション", 5_000_000),
    ]
    assert result.properties[0].address == "神奈川県横浜市港北区日吉本町四丁目5番6"
    assert result.warnings == ()


@pytest.mark.parametrize(
    ("line", "offer"),
    [
        ("民事執行法63条2項1号の申出額 15,000,000円", 15_000_000),
        ("63条申出額：1500万円", 15_000_000),
        ("申出額 一千五百万円", 15_000_000),
    ],
)
def test_the_creditor_offer_is_read_when_stated(line: str, offer: int) -> None:
    text = f"東京地裁 本庁 R7(ケ)1234 物件1 戸建 基準価額 1234万円\n{line}\n"
    [prop] = parse_announcement(text).properties
    assert prop.creditor_offer == offer
    assert prop.base_price == 12_340_000  # the offer is not taken for another amount


def test_no_creditor_offer_without_its_label() -> None:
    [prop] = parse_announcement(
        "東京地裁 本庁 R7(ケ)1234 物件1 戸建 基準価額 1234万円\n"
    ).properties
    assert prop.creditor_offer is None
