"""Property tests: parse_announcement never crashes, and reads generated cards exactly."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from amount_writings import writings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biddesk.domain.announcements.parsing import ParseError, parse_announcement
from biddesk.domain.dates import format_era_number, wareki

SAMPLES = [
    path.read_text(encoding="utf-8")
    for path in sorted((Path(__file__).resolve().parent / "data" / "announcements").glob("*.txt"))
]
TOKENS = [
    "令和", "R", "H", "元", "年", "(ケ)", "（ヌ）", "第", "号", "物件", "番号", "：", ":", "．",
    "売却基準価額", "買受可能価額", "買受申出保証額", "保証金", "入札期間", "開札期日",
    "入札", "開札",
    "特別売却期間", "実施しておりません。", "中止情報", "取下", "取消", "停止", "〜", "～", "から",
    "円", "万", "億", "－円", "-", ",", "，", "東京地方裁判所", "札幌地裁", "本庁", "川越支部",
    "民事第21部", "土地", "戸建て", "マンション", "（農地）", "地目", "畑", "所在地", "事件番号",
    "1", "０", "9", "12", "99999999999999999999", "2027/2/3", "R8.12.9", "令和8年12月9日", "(水)",
    "東京都江東区亀戸二丁目101番地1", "駅 約800m", "\n", "\n\n", " ", "　", "/", "期間入札の公告",
    "千", "百", "十", "兆", "三百万円", "8 150 000円", "8,150千円", "千葉地方裁判所", "現況",
    "山林(現況農地)", "物件3は", "第12\n34号",
]  # fmt: skip
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))


def _spliced(parts: tuple[str, int, int, str]) -> str:
    sample, cut, resume, insert = parts
    return sample[:cut] + insert + sample[resume:]


ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
    st.tuples(
        st.sampled_from(SAMPLES),
        st.integers(0, 1500),
        st.integers(0, 1500),
        st.lists(st.sampled_from(TOKENS), max_size=6).map("".join),
    ).map(_spliced),
)


@SETTINGS
@given(ANY_TEXT)
def test_never_raises_anything_but_parse_error(text: str) -> None:
    try:
        result = parse_announcement(text, source="x")
    except ParseError as error:
        assert str(error).startswith("x: ")
        return
    assert result.properties
    for prop in result.properties:
        assert all(isinstance(w, str) and w for w in prop.warnings)
        if prop.base_price is not None:
            assert prop.minimum_bid is not None and prop.deposit is not None
        if prop.deposit_estimated:
            assert prop.base_price is not None
            assert prop.deposit == -(-prop.base_price * 2 // 10)


def _zenkaku(text: str) -> str:
    return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,"})


def _yen(amount: int, style: int) -> str:
    """One of the ways amounts are written (tests/amount_writings: 漢数字, 千円, 全角…)."""
    found = writings(amount)
    return found[style % len(found)]


def _day(day: date, style: int) -> str:
    era, year = wareki(day)
    if style == 0:
        return f"{format_era_number(era, year)}{day.month}月{day.day}日"
    if style == 1:
        return f"{era}{year:02d}年{day.month:02d}月{day.day:02d}日"
    if style == 2:
        return _zenkaku(f"{era}{year}年{day.month}月{day.day}日")
    if style == 3:
        return f"R{year}.{day.month}.{day.day}"
    return f"{day.year}/{day.month}/{day.day}"


@SETTINGS
@given(
    base=st.integers(1, 5_000_000_000),
    extra=st.integers(0, 100_000),
    start=st.dates(date(2019, 5, 1), date(2040, 12, 31)),
    number=st.integers(1, 9999),
    year=st.integers(1, 30),
    yen_style=st.integers(0, 40),
    date_style=st.integers(0, 4),
    stacked=st.booleans(),
)
def test_generated_cards_are_read_exactly(
    base: int,
    extra: int,
    start: date,
    number: int,
    year: int,
    yen_style: int,
    date_style: int,
    stacked: bool,
) -> None:
    deposit = -(-base * 2 // 10) + extra  # a court may set more than 2/10 (規則39条2項)
    end, opening = start + timedelta(days=7), start + timedelta(days=14)
    separator = "\n" if stacked else "："
    fields = [
        ("物件番号", "1,2"),
        ("売却基準価額", _yen(base, yen_style)),
        ("買受申出保証額", _yen(deposit, yen_style)),
        ("入札期間", f"{_day(start, date_style)}〜{_day(end, date_style)}"),
        ("開札期日", _day(opening, date_style)),
    ]
    lines = [f"横浜地方裁判所川崎支部　令和{year}年(ヌ)第{number}号"]
    lines += [f"{label}{separator}{value}" for label, value in fields]
    prop = parse_announcement("\n".join(lines)).properties[0]
    assert prop.court == "横浜地方裁判所川崎支部"
    assert prop.case_number == f"令和{'元' if year == 1 else year}年(ヌ)第{number}号"
    assert prop.property_numbers == ("1", "2")
    assert (prop.base_price, prop.deposit) == (base, deposit)
    assert prop.minimum_bid == -(-base * 8 // 10)
    assert (prop.bid_period_start, prop.bid_period_end, prop.opening_date) == (start, end, opening)
