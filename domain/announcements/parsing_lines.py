"""Lines of an announcement: the labels we know, and what an unlabelled line is.

Labels are found anywhere on a line (``売却基準価額：12,340,000円``, ``売却基準価額 1,710,000円``,
``入札 2027/2/3 ~ 2027/2/10, 開札 2027/2/17``) but only at a word start, so ``期間入札`` or
``入札書`` are not the label ``入札``. The label table covers the BIT card (物件カード), the
期間入札公告 and the short words people type in notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from biddesk.domain.announcements.parsing_values import (
    CASE_RE,
    COURT_RE,
    KIND_WORDS_RE,
    NUMBERS_PATTERN,
    STATUS_FRAGMENT,
    ParseError,
    amount_readings,
    case_from_match,
)
from biddesk.domain.dates import DATE_PATTERN
from biddesk.domain.money import UNIT_CHARACTERS


class Field(Enum):
    """A value of the announcement; the value is the name used in messages."""

    COURT = "裁判所"
    CASE = "事件番号"
    NUMBERS = "物件番号"
    NUMBERS_KINDS = "物件番号・種別"
    KIND = "種別"
    ADDRESS = "所在地"
    BASE = "売却基準価額"
    MINIMUM = "買受可能価額"
    DEPOSIT = "買受申出保証額"
    CREDITOR_OFFER = "民執法63条2項1号の申出額"  # stated only when a creditor made the offer
    VIEWING = "閲覧開始日"
    BID_PERIOD = "入札期間"
    OPENING = "開札期日"
    DECISION = "売却決定期日"
    SPECIAL = "特別売却期間"
    STATUS = "中止情報"
    CHIMOKU = "地目"
    CURRENT_USE = "現況"  # 現況地目: farmland by its actual use (農地法)
    OTHER = "その他"  # a label we know and do not need (面積, 間取り…): its value is skipped


AMOUNT_FIELDS = (Field.BASE, Field.MINIMUM, Field.DEPOSIT, Field.CREDITOR_OFFER)
SINGLE_DATE_FIELDS = (Field.VIEWING, Field.OPENING, Field.DECISION)
PERIOD_FIELDS = (Field.BID_PERIOD, Field.SPECIAL)
DATE_FIELDS = (*SINGLE_DATE_FIELDS, *PERIOD_FIELDS)
# What a 公告 header or a text's preamble may say for every property below it.
COMMON_FIELDS = frozenset(DATE_FIELDS)
HEADER_FIELDS = frozenset({*COMMON_FIELDS, Field.COURT})


# (label as written after NFKC, field). Short words only count before a non-word character.
LABELS: tuple[tuple[str, Field], ...] = (
    ("裁判所", Field.COURT),
    ("執行裁判所", Field.COURT),
    ("管轄裁判所", Field.COURT),
    ("事件番号", Field.CASE),
    ("物件番号.種別", Field.NUMBERS_KINDS),
    ("物件番号・種別", Field.NUMBERS_KINDS),
    ("物件番号/種別", Field.NUMBERS_KINDS),
    ("物件番号", Field.NUMBERS),
    ("物件", Field.NUMBERS),
    ("種別", Field.KIND),
    ("物件種別", Field.KIND),
    ("物件の種別", Field.KIND),
    ("種類", Field.KIND),
    ("所在地", Field.ADDRESS),
    ("物件所在地", Field.ADDRESS),
    ("住所", Field.ADDRESS),
    ("売却基準価額", Field.BASE),
    ("売却基準価格", Field.BASE),
    ("基準価額", Field.BASE),
    ("基準価格", Field.BASE),
    ("基準額", Field.BASE),
    ("基準", Field.BASE),
    ("買受可能価額", Field.MINIMUM),
    ("買受可能価格", Field.MINIMUM),
    ("可能価額", Field.MINIMUM),
    ("可能価格", Field.MINIMUM),
    ("可能", Field.MINIMUM),
    ("買受申出保証額", Field.DEPOSIT),
    ("買受申出保証金", Field.DEPOSIT),
    ("買受申出保証の額", Field.DEPOSIT),
    ("買受申出保証金額", Field.DEPOSIT),
    ("保証金額", Field.DEPOSIT),
    ("保証額", Field.DEPOSIT),
    ("保証金", Field.DEPOSIT),
    ("保証", Field.DEPOSIT),
    # BIT: 「民事執行法63条2項1号の申出額」; notes: 「63条申出額」「申出額」 (digits after NFKC).
    ("民事執行法63条2項1号の申出額", Field.CREDITOR_OFFER),
    ("民執法63条2項1号の申出額", Field.CREDITOR_OFFER),
    ("63条2項1号の申出額", Field.CREDITOR_OFFER),
    ("63条申出額", Field.CREDITOR_OFFER),
    ("申出額", Field.CREDITOR_OFFER),
    ("閲覧開始日", Field.VIEWING),
    ("閲覧開始", Field.VIEWING),
    ("物件明細書等の閲覧開始日", Field.VIEWING),
    ("閲覧", Field.VIEWING),
    ("入札期間", Field.BID_PERIOD),
    ("入札", Field.BID_PERIOD),
    ("開札期日", Field.OPENING),
    ("開札日時", Field.OPENING),
    ("開札日", Field.OPENING),
    ("開札", Field.OPENING),
    ("売却決定期日", Field.DECISION),
    ("売却決定日", Field.DECISION),
    ("売却決定", Field.DECISION),
    ("決定期日", Field.DECISION),
    ("決定", Field.DECISION),
    ("特別売却期間", Field.SPECIAL),
    ("特別売却", Field.SPECIAL),
    ("特売期間", Field.SPECIAL),
    ("特売", Field.SPECIAL),
    ("中止情報", Field.STATUS),
    ("状態", Field.STATUS),
    ("状況", Field.STATUS),
    ("地目", Field.CHIMOKU),
    ("現況地目", Field.CURRENT_USE),
    ("現況", Field.CURRENT_USE),
    # BIT card details we do not need; listed so that their values are not misread.
    *(
        (label, Field.OTHER)
        for label in (
            "用途地域", "床面積", "延床面積", "延べ床面積", "間取り", "間取", "土地面積",
            "建物面積", "専有面積", "地積", "面積", "構造", "築年月", "建築年月", "築年数",
            "階建", "所在階", "交通", "最寄駅", "最寄り駅", "管理費", "管理費等", "修繕積立金",
            "修繕積立金等", "建ぺい率",
            "建蔽率", "容積率", "占有者", "占有状況", "家屋番号", "敷地権", "入札額",
            "入札価額", "入札予定額", "債務者", "所有者", "評価額", "備考", "担当", "電話",
            "連絡先", "駐車場", "種目", "事件名", "物件名", "部屋番号", "総戸数", "権利",
        )
    ),
)  # fmt: skip
_SHORT = frozenset(
    {"物件", "基準", "可能", "保証", "閲覧", "入札", "開札", "決定", "特売", "種類", "状況", "現況"}
)
_WORD = "一-龥々〆ヵヶぁ-んァ-ヺーA-Za-z"
_LABEL_RE = re.compile(
    rf"(?<![{_WORD}])(?:"
    + "|".join(re.escape(label) for label, _ in sorted(LABELS, key=lambda x: -len(x[0])))
    + ")"
)
_FIELD_BY_LABEL = dict(LABELS)
# A number followed straight by a particle or a word in かな: prose (物件3は…, 物件1の土地).
_NUMBER_IN_PROSE = re.compile(rf"\s?(?>{NUMBERS_PATTERN})\s?[ぁ-ん]")  # (?>: 1ないし3 whole
_VALUE_LEAD = re.compile(r"^[\s:=|]+")
_VALUE_TAIL = re.compile(r"[\s/|,、;]+$")


@dataclass(frozen=True, kw_only=True)
class Segment:
    """A label on a line and the text after it up to the next label."""

    field: Field
    label: str
    value: str
    last: bool


@dataclass(frozen=True, kw_only=True)
class Scan:
    prefix: str  # text before the first label
    segments: tuple[Segment, ...]


def scan_labels(text: str) -> Scan:
    """Split a cleaned line into the text before the first label and the labelled segments."""
    found: list[re.Match[str]] = []
    for match in _LABEL_RE.finditer(text):
        label = match.group(0)
        following = text[match.end() : match.end() + 1]
        if (
            following
            and re.match(rf"[{_WORD}]", following)
            and (label in _SHORT or _FIELD_BY_LABEL[label] is Field.OTHER)
        ):
            continue  # 入札書, 物件明細, 面積比: a longer word, not the label
        if following == "の" or text[match.start() - 1 : match.start()] == "(":
            continue  # 「(売却基準価額の2割)」: the word in a remark, not a label
        if _FIELD_BY_LABEL[label] is Field.NUMBERS and _NUMBER_IN_PROSE.match(text, match.end()):
            continue  # 「物件3は農地でない旨…」: a sentence about 物件3, not its 物件番号
        found.append(match)
    if not found:
        return Scan(prefix=text, segments=())
    segments = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        value = _VALUE_TAIL.sub("", _VALUE_LEAD.sub("", text[match.end() : end]))
        segments.append(
            Segment(
                field=_FIELD_BY_LABEL[match.group(0)],
                label=match.group(0),
                value=value,
                last=index == len(found) - 1,
            )
        )
    return Scan(prefix=text[: found[0].start()], segments=tuple(segments))


def starts_with_label(text: str) -> bool:
    """A line that begins (after a list mark such as ``1`` or ``■``) with a known label."""
    scan = scan_labels(text)
    return bool(scan.segments) and is_list_mark(scan.prefix)


_LIST_MARK = re.compile(r"^\s*(?:[0-9]{1,2}[.)、]?|\([0-9]{1,2}\)|[■□●○◆◇・*\-※【\[])?\s*$")


def is_list_mark(text: str) -> bool:
    return _LIST_MARK.match(text) is not None


# Lines that carry no value: page furniture of the BIT site and the 公告's boilerplate.
_BOILERPLATE = re.compile(
    r"(?:期間入札の?公告|公告|記|以上|お問い?合わせ(?:先)?|期間入札|物件詳細|詳細(?:を見る)?|"
    r"(?:3|三)点セット.*|地図(?:を表示)?|お気に入り.*|印刷|(?:不動産)?競売物件情報(?:サイト)?|"
    r"BIT|物件一覧.*|検索結果.*|トップ(?:ページ)?|ログイン|"
    r".*書記官.*|下記.*(?:付し|公告)ます|.*期間入札に付します|[※*#].*|\(注\).*|注[:)].*|"
    r"前へ|次へ|ページ.*|[-=_─━]{3,})[。.]?"
)


def is_boilerplate(text: str) -> bool:
    return _BOILERPLATE.fullmatch(text) is not None


# 交通: 「阪急神戸本線 塚口駅 南方 約800m」「JR線 ○○駅 徒歩10分」.
_ACCESS = re.compile(r"駅.*(?:約|徒歩|[0-9]\s?(?:m|km|メートル|キロ|分))|バス停|バス.*分")


def is_access_line(text: str) -> bool:
    return _ACCESS.search(text) is not None


_ADDRESS = re.compile(
    r"^(?!.*[:：])(?:.{0,6}[都道府県])?.{0,20}?[市区町村郡].{0,40}?"
    r"[0-9一二三四五六七八九十百千]+\s?(?:番地?|丁目|号)"
)


def looks_like_address(text: str) -> bool:
    """An unlabelled line with a 市区町村 and a 番/番地/丁目: BIT cards print 所在地 this way."""
    return len(text) <= 100 and not is_access_line(text) and _ADDRESS.search(text) is not None


_DATE_ONLY = re.compile(rf"(?:{DATE_PATTERN})(?:\s?\([月火水木金土日](?:曜日?)?\))?")


def is_date_only(text: str) -> bool:
    return _DATE_ONLY.fullmatch(text) is not None


def is_status_word(text: str) -> bool:
    return STATUS_FRAGMENT.fullmatch(text) is not None


def is_kind_badge(text: str) -> bool:
    """A kind on its own: the BIT badge (土地, 戸建て, マンション, その他) or 土地・戸建."""
    return KIND_WORDS_RE.fullmatch(text) is not None


# Not the start of an amount (「1234万円」, 「1千万円」); 「物件1 千代田区」 keeps its 物件番号.
NUMBERS_AT_START = re.compile(
    rf"\s?(?P<numbers>{NUMBERS_PATTERN})(?![0-9,、・~〜\-]|\s?[円万萬億兆]|[{UNIT_CHARACTERS}])"
)
TITLE_RE = re.compile(r"期間入札の?公告[。.]?")

# --- line shapes of cards and 公告 tables -------------------------------------------


def is_court_only(text: str) -> bool:
    """A line that names only a court (``東京地方裁判所民事第21部``, ``裁判所：札幌地裁``)."""
    rest = COURT_RE.sub(" ", text)
    rest = re.sub(r"(?:執行|管轄)?裁判所\s?:?", " ", rest)
    return rest != text and is_list_mark(rest.strip(" :/|,、"))


def is_header_line(text: str) -> bool:
    """A line of a 公告's header: title, date, court, 書記官, common dates (１　入札期間 …)."""
    if is_boilerplate(text) or is_date_only(text) or is_court_only(text):
        return True
    scan = scan_labels(text)
    return (
        bool(scan.segments)
        and is_list_mark(scan.prefix)
        and all(segment.field in HEADER_FIELDS for segment in scan.segments)
    )


# 「売却基準価額(千円)」「(単位:千円)」: the figures of a 公告 table are thousands of yen.
_THOUSANDS_NOTE = re.compile(r"\(\s?(?:単位\s?:?\s?)?千円\s?\)|単位\s?:?\s?千円")


def says_thousands_of_yen(text: str) -> bool:
    """A heading row, or a line above a table, that puts its figures in 千円."""
    return _THOUSANDS_NOTE.search(text) is not None


def table_columns(text: str) -> tuple[Field, ...] | None:
    """The columns of a 公告 table heading row (事件番号 物件番号 売却基準価額 …), if it is one;
    a unit note such as 「(千円)」 after a label is no value."""
    scan = scan_labels(_THOUSANDS_NOTE.sub(" ", text))
    if len(scan.segments) < 3 or not is_list_mark(scan.prefix):
        return None
    if any(segment.value for segment in scan.segments):
        return None
    columns = tuple(segment.field for segment in scan.segments)
    has_amount = any(column in AMOUNT_FIELDS for column in columns)
    has_key = Field.CASE in columns or Field.NUMBERS in columns
    return columns if has_amount and has_key else None


_ROW_CASE = re.compile(r"^\s?(?:[0-9]{1,3}[.)]\s?|\([0-9]{1,3}\)\s?)?")


def row_case(text: str) -> re.Match[str] | None:
    """The 事件番号 that starts a table row, if any."""
    lead = _ROW_CASE.match(text)
    start = lead.end() if lead else 0
    return CASE_RE.match(text, start)


def is_headerless_row(text: str) -> bool:
    """A row of a 公告 table whose heading row is missing: 事件番号, 物件番号, amounts."""
    match = row_case(text)
    if match is None:
        return False
    rest = text[match.end() :]
    if scan_labels(rest).segments:
        return False
    numbers = NUMBERS_AT_START.match(rest)
    if numbers is None:
        return False
    amounts = [r for _, r in amount_readings(rest[numbers.end() :], "金額")]
    return len(amounts) >= 2 and all(r.dash or "円" in r.text or "," in r.text for r in amounts)


def is_table_row(text: str, *, headerless: bool, continuing: bool) -> bool:
    """A row of a 公告 table: its 事件番号 first, or 物件番号 continuing the 事件 above."""
    if headerless:
        return is_headerless_row(text) or (continuing and is_continuation_row(text))
    match = row_case(text)
    if match is not None:
        return not scan_labels(text[match.end() :]).segments
    return continuing and is_continuation_row(text)


def case_key(text: str) -> str | None:
    match = CASE_RE.search(text)
    if match is None:
        return None
    try:
        return case_from_match(match)
    except ParseError:
        return match.group(0)


def is_continuation_row(text: str) -> bool:
    """A table row that continues the 事件 above it: 物件番号 then amounts."""
    numbers = NUMBERS_AT_START.match(text)
    if numbers is None or scan_labels(text).segments:
        return False
    rest = text[numbers.end() :]
    return bool(amount_readings(rest, "金額")) or STATUS_FRAGMENT.search(rest) is not None
