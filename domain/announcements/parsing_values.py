"""Single values of an announcement: court, 事件番号, 物件番号, 種別, 状態, amounts, dates.

Every function here reads one value as written on a BIT card, in a 期間入札公告 or in a
typed note, on text already normalised with ``clean`` (NFKC: 全角 digits, parentheses and
colons become half width). The public normalisers are reused by the CSV import.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from biddesk.domain.dates import DATE_PATTERN, WEEKDAYS, DateError, date_from_match, format_wareki
from biddesk.domain.errors import UserError
from biddesk.domain.models import PropertyStatus
from biddesk.domain.money import (
    AMOUNT_CHARACTERS,
    KANJI_DIGIT_CHARACTERS,
    UNIT_CHARACTERS,
    MoneyError,
    check_price,
    parse_yen,
)


class ParseError(UserError, ValueError):
    """Text that holds no property, or a value that cannot be read; one sentence for the user."""


_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC (全角 → 半角), invisible characters removed, runs of spaces collapsed to one."""
    normal = unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", normal).strip()


# --- court ------------------------------------------------------------------------

DISTRICT_COURTS = (
    # The 50 地方裁判所 (裁判所法23条; 下級裁判所の設立及び管轄区域に関する法律の別表).
    # Their 支部 are set by 地方裁判所及び家庭裁判所支部設置規則 and matched by shape.
    "札幌", "函館", "旭川", "釧路", "青森", "盛岡", "仙台", "秋田", "山形", "福島",
    "水戸", "宇都宮", "前橋", "さいたま", "千葉", "東京", "横浜", "新潟", "富山", "金沢",
    "福井", "甲府", "長野", "岐阜", "静岡", "名古屋", "津", "大津", "京都", "大阪",
    "神戸", "奈良", "和歌山", "鳥取", "松江", "岡山", "広島", "山口", "徳島", "高松",
    "松山", "高知", "福岡", "佐賀", "長崎", "熊本", "大分", "宮崎", "鹿児島", "那覇",
)  # fmt: skip
HEAD_OFFICE = "本庁"
_WORD = "一-龥々〆ヵヶぁ-んァ-ヺー"
_COURT_NAMES = "|".join(sorted(DISTRICT_COURTS, key=len, reverse=True))
# The department (民事第21部, 執行センター…) names the office inside the court, not the
# court: contracts.md keeps court + branch only.
_DEPARTMENT = (
    r"(?:\s?(?:民事)?第?[0-9]+(?:民事)?部|\s?民事(?:執行)?(?:部|センター)"
    r"|\s?(?:不動産)?執行(?:センター|係|部)|\s?(?:不動産)?(?:競売|売却)係)*"
)
COURT_RE = re.compile(
    rf"(?<![{_WORD}])(?P<name>{_COURT_NAMES})\s?(?:地方裁判所|地裁)"
    rf"(?:\s?(?P<branch>本庁|[{_WORD}]{{1,8}}?支部))?(?P<department>{_DEPARTMENT})"
)


def court_from_match(match: re.Match[str]) -> str:
    """``札幌地裁 本庁`` → ``札幌地方裁判所本庁``; no branch means the 本庁."""
    return f"{match.group('name')}地方裁判所{match.group('branch') or HEAD_OFFICE}"


def normalize_court(text: str) -> str:
    """The court with its branch as contracts.md writes it: ``東京地裁`` → ``東京地方裁判所本庁``,
    ``さいたま地方裁判所 川越支部`` → ``さいたま地方裁判所川越支部``, ``東京地方裁判所民事第21部``
    → ``東京地方裁判所本庁``. Text naming no 地方裁判所 comes back cleaned but otherwise as is."""
    cleaned = clean(text)
    match = COURT_RE.search(cleaned)
    return court_from_match(match) if match else cleaned


# --- 事件番号 ------------------------------------------------------------------------

_ERA_NAMES = {"令和": "令和", "R": "令和", "平成": "平成", "H": "平成", "昭和": "昭和", "S": "昭和"}
_ERA_LAST_YEAR = {"令和": 99, "平成": 31, "昭和": 64}
# 事件記号: one katakana such as ケ (担保不動産競売) or ヌ (強制競売); never a small kana.
_CASE_MARK = (
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲ"
)
CASE_RE = re.compile(
    r"(?<![A-Za-z])(?P<era>令和|平成|昭和|[RHSrhs])\s?(?P<year>元|[0-9]{1,3})\s?(?:年\s?)?"
    rf"(?:\(\s?(?P<kind>[{_CASE_MARK}])\s?\)\s?(?:第\s?)?|(?P<bare>[{_CASE_MARK}])\s?第\s?)"
    r"(?P<number>[0-9]{1,8})(?![0-9])(?:\s?号)?"
)


def case_from_match(match: re.Match[str]) -> str:
    """The normalised 事件番号 of a ``CASE_RE`` match; ParseError when impossible."""
    era = _ERA_NAMES[match.group("era").upper()]
    raw_year = match.group("year")
    year = 1 if raw_year == "元" else int(raw_year)
    number = int(match.group("number"))
    shown = match.group(0).strip()
    if not 1 <= year <= _ERA_LAST_YEAR[era]:
        raise ParseError(f"事件番号「{shown}」の年({era}{year}年)はありません。")
    if number == 0:
        raise ParseError(f"事件番号「{shown}」の番号が0になっています。")
    kind = match.group("kind") or match.group("bare")
    year_text = "元" if year == 1 else str(year)
    return f"{era}{year_text}年({kind})第{number}号"


def normalize_case_number(text: str) -> str:
    """事件番号 in the contracts.md form: half-width digits, no leading zeros, year 1 as 元年.

    ``令和07年（ケ）第０１２３４号`` → ``令和7年(ケ)第1234号``;
    ``R7(ケ)77`` → ``令和7年(ケ)第77号``; ``令和元年(ヌ)第5号`` stays.
    (ケ) is 担保不動産競売, (ヌ) 強制競売. Raises ParseError for anything else, including
    令和0年 and 第0号.
    """
    cleaned = clean(text)
    match = CASE_RE.fullmatch(cleaned)
    if match is None:
        raise ParseError(f"事件番号として読めません(例: 令和7年(ケ)第1234号): 「{text.strip()}」")
    return case_from_match(match)


# --- 物件番号 ------------------------------------------------------------------------

# Ranges: 1～3, 1ないし3 (the 公告's legal wording); lists: 1,2 / 1、2 / 1・2 / 1及び2.
_RANGE = r"[~〜～\-‐‑–—―ー−]|ないし"
_LIST = r"[,、・]|及び"
NUMBERS_PATTERN = rf"[0-9]+(?:\s?(?:{_RANGE}|{_LIST})\s?[0-9]+)*"
_NUMBER_PART = re.compile(rf"(?P<first>[0-9]+)(?:\s?(?:{_RANGE})\s?(?P<last>[0-9]+))?")
_NUMBERS_PREFIX = re.compile(r"^(?:物件(?:番号)?\s?:?\s?)?")
MAX_RANGE = 999


def numbers_from_text(text: str) -> tuple[str, ...]:
    """Expand an already matched ``NUMBERS_PATTERN``: ``1~3`` → 1,2,3; ``1,2`` → 1,2."""
    found: list[str] = []
    for part in re.split(rf"\s?(?:{_LIST})\s?", text):
        match = _NUMBER_PART.fullmatch(part.strip())
        if match is None:
            raise ParseError(f"物件番号「{text}」を読み取れません(例: 1 / 1,2 / 1～3)。")
        first_text, last_text = match.group("first"), match.group("last") or match.group("first")
        if len(first_text) > 4 or len(last_text) > 4:
            raise ParseError(f"物件番号「{text}」の数字が大きすぎます。")
        first, last = int(first_text), int(last_text)
        if first == 0 or last == 0:
            raise ParseError(f"物件番号「{text}」に0が含まれています。")
        if last < first:
            raise ParseError(f"物件番号「{text}」の範囲が逆になっています。")
        if last - first > MAX_RANGE:
            raise ParseError(f"物件番号「{text}」の範囲が広すぎます。")
        found.extend(str(n) for n in range(first, last + 1))
    return tuple(dict.fromkeys(found))


def parse_property_numbers(text: str) -> tuple[str, ...]:
    """物件番号 as written: ``1`` / ``1,2`` / ``１～３`` → ``("1", "2", "3")`` / ``物件1``.

    Ranges are expanded, duplicates dropped, leading zeros removed. Raises ParseError when the
    text is not a list of numbers (a whole-text match: CSV cells and edited cells use it)."""
    cleaned = _NUMBERS_PREFIX.sub("", clean(text)).removesuffix("番")
    if not re.fullmatch(NUMBERS_PATTERN, cleaned):
        raise ParseError(f"物件番号「{text.strip()}」を読み取れません(例: 1 / 1,2 / 1～3)。")
    return numbers_from_text(cleaned)


# --- 種別 ---------------------------------------------------------------------------

_KIND_WORDS = {
    "土地": "土地",
    "戸建て": "戸建て",
    "戸建": "戸建て",
    "一戸建て": "戸建て",
    "一戸建": "戸建て",
    "マンション": "マンション",
    "その他": "その他",
    "農地": "土地",
}
KIND_BADGE_RE = re.compile("|".join(sorted(_KIND_WORDS, key=len, reverse=True)))
# A whole kind as written in a note: 土地, 戸建, 土地・戸建, 土地(農地).
KIND_WORDS_RE = re.compile(
    rf"(?:{KIND_BADGE_RE.pattern})(?:[・/](?:{KIND_BADGE_RE.pattern}))*(?:\(\s?農地\s?\))?"
)
FARMLAND_MARK = re.compile(r"\(\s?農地\s?\)|^農地$")


@dataclass(frozen=True, kw_only=True)
class KindReading:
    kind: str | None
    farmland: bool


def read_kind(text: str) -> KindReading:
    """種別 as written: ``戸建`` → 戸建て; ``土地・戸建`` → 土地・戸建て; ``土地(農地)`` and
    ``農地`` → 土地 and farmland (a 買受適格証明書 is needed). Unknown words are kept as written."""
    cleaned = clean(text).strip(" /,、")
    farmland = "農地" in cleaned
    without_notes = re.sub(r"\([^)]*\)", "", cleaned).strip()
    parts = [p.strip() for p in re.split(r"[・,、/]", without_notes) if p.strip()]
    kinds = list(dict.fromkeys(_KIND_WORDS.get(p, p) for p in parts))
    return KindReading(kind="・".join(kinds) or None, farmland=farmland)


_FARM_WORD = r"(?:田畑|水田|田|畑)(?![一-龥])|農地"
_CHIMOKU_FARM = re.compile(rf"(?<![一-龥])(?:{_FARM_WORD})")
# 「山林(現況農地)」「田(現況:宅地)」「現況地目 畑」: the use of the land today.
_CURRENT_USE = re.compile(r"現況\s?(?:地目)?\s?[:は]?\s?(?P<use>[^\s()、,/]+)")


@dataclass(frozen=True, kw_only=True)
class ChimokuReading:
    """Whether a 地目 makes the land farmland (a 買受適格証明書 is needed), and why."""

    farmland: bool
    note: str | None = None
    registry_only: bool = False  # only the registered 地目 (田/畑) says so, no 現況 given


def _as_farmland(word: str) -> str:
    return word if word.startswith("農地") else f"{word}(農地)"


def read_chimoku(text: str) -> ChimokuReading:
    """地目 as written: 田/畑 (also 水田) is farmland; so is any land whose 現況 is 田/畑/農地,
    whatever its registered 地目 — 農地法 goes by the actual use (農地法2条1項; 山林(現況農地)
    needs the certificate, 山林(現況山林) does not). 田 whose 現況 is not farmed is still treated
    as farmland, with a note to check: the court decides whether the certificate is needed."""
    cleaned = clean(text)
    current = _CURRENT_USE.search(cleaned)
    registered = _CHIMOKU_FARM.search(cleaned[: current.start()] if current else cleaned)
    if current is not None:
        use = current.group("use")
        if re.match(_FARM_WORD, use):
            return ChimokuReading(
                farmland=True,
                note=(
                    f"地目「{cleaned}」の現況が{_as_farmland(use)}のため農地として扱いました"
                    "(農地法の農地は登記の地目でなく現況で決まり、入札には買受適格証明書が必要です)。"
                ),
            )
        if registered is not None:
            return ChimokuReading(
                farmland=True,
                note=(
                    f"地目「{cleaned}」は登記が{registered.group(0)}、現況が{use}のため、"
                    "買受適格証明書が必要か公告・物件明細書で確認してください(必要として扱いました)。"
                ),
            )
        return ChimokuReading(farmland=False)
    if registered is not None:
        word = registered.group(0)
        return ChimokuReading(
            farmland=True,
            registry_only=True,
            note=(
                f"地目が{_as_farmland(word)}のため、入札には農業委員会の"
                "買受適格証明書が必要です(農地法3条・5条)。"
            ),
        )
    return ChimokuReading(farmland=False)


# --- 状態 ---------------------------------------------------------------------------

_STATUS_WORDS: tuple[tuple[re.Pattern[str], PropertyStatus], ...] = (
    (re.compile(r"取り?下"), PropertyStatus.WITHDRAWN),
    (re.compile(r"取り?消"), PropertyStatus.CANCELLED),
    (re.compile(r"停止|中止"), PropertyStatus.SUSPENDED),
)
_NO_STATUS = frozenset({"", "なし", "無し", "無", "-", "ー", "―", "−", "－"})
STATUS_FRAGMENT = re.compile(
    r"\(?(?:取り?下げ?|取り?消し?|停止|中止)(?:済み?|され(?:まし)?た|になりました)?\)?"
)


def parse_status(text: str) -> PropertyStatus | None:
    """状態 / 中止情報 as written: 取下/取下げ → withdrawn, 取消 → cancelled, 停止/中止 →
    suspended; 公告中 or a status value/label → that status; empty, なし or unknown → None."""
    cleaned = clean(text).replace(" ", "")
    if cleaned in _NO_STATUS:
        return None
    for pattern, status in _STATUS_WORDS:
        if pattern.search(cleaned):
            return status
    for status in PropertyStatus:
        if cleaned.lower() == status.value or cleaned == status.label:
            return status
    if cleaned in {"公告", "売却実施", "実施"}:
        return PropertyStatus.ANNOUNCED
    return None


def is_no_status(text: str) -> bool:
    """An empty 中止情報 written out (なし, －)."""
    return clean(text).replace(" ", "") in _NO_STATUS


# --- amounts ------------------------------------------------------------------------

_DASH = "\\-‐‑–—―ー−─"
DASH_AMOUNT_RE = re.compile(rf"(?<![0-9])[{_DASH}]+\s?円")
# A whole run of amount characters is one amount, read by parse_yen or refused as a whole:
# 「1千万円」 is never 「1」, nor 「250万3千円」 250万3. Spaces join digits only before 円
# (「8 150 000円」, checked by parse_yen), and otherwise only next to a unit (「1億 2,345万」).
# Nor is the tail of 「1e20円」 or 「-5,000,000円」 an amount: no letter or sign before it.
AMOUNT_RE = re.compile(
    rf"(?<![{AMOUNT_CHARACTERS}.,A-Za-z+\-−])(?:金\s?)?(?:[¥\\]\s?)?"
    rf"(?:[0-9]+(?:\s[0-9]+)+(?=\s?円)"
    rf"|[{AMOUNT_CHARACTERS}](?:[{AMOUNT_CHARACTERS}]|[.,](?=[0-9])|\s(?=[{UNIT_CHARACTERS}])"
    rf"|(?<=[{UNIT_CHARACTERS}])\s(?=[{AMOUNT_CHARACTERS}]))*)"
    r"(?:\s?円)?(?![A-Za-z])"
)
_AMOUNT_RANGE = re.compile(r"[0-9万億千円]\s?(?:[~〜～]|から)\s?[0-9０-９金¥]")
_HAS_UNIT = re.compile(rf"[円{UNIT_CHARACTERS}{KANJI_DIGIT_CHARACTERS}]")
_KANJI_DIGIT = re.compile(rf"[{KANJI_DIGIT_CHARACTERS}]")
_ARABIC_DIGIT = re.compile(r"[0-9]")
# A bare number followed by one of these is a count, a share or a date, not yen.
_NOT_YEN_AFTER = re.compile(r"\s?[割%分年月日号番件倍坪mヶか階名人]")


@dataclass(frozen=True, kw_only=True)
class AmountReading:
    """An amount found in a value: ``amount`` (None for 「－円」), the text, or why not."""

    amount: int | None = None
    dash: bool = False
    text: str = ""
    error: str | None = None


def amount_readings(text: str, label: str) -> list[tuple[int, AmountReading]]:
    """Every amount of yen in ``text`` with its start: ``12,340,000円``, ``1234万円``, bare
    digits, and ``－円`` (not available). A misread amount is an error message, never a guess.
    Bare digits count only where no amount carries 円/万/億 (「物件1 1234万円」)."""
    with_unit: list[tuple[int, AmountReading]] = [
        (dash.start(), AmountReading(dash=True, text=dash.group(0)))
        for dash in DASH_AMOUNT_RE.finditer(text)
    ]
    bare: list[tuple[int, AmountReading]] = []
    for match in AMOUNT_RE.finditer(text):
        shown = match.group(0).strip()
        if not _ARABIC_DIGIT.search(shown) and not shown.endswith("円"):
            continue  # 千葉, 一戸建, 十分: words, not amounts
        if not _ARABIC_DIGIT.search(shown) and not _written_in_kanji(shown, text):
            # 「(千円) 8,150」: a unit of the figures beside it, or 1,000円? Neither, as a guess.
            error = f"{label}: 「{shown}」が金額か単位か分からないため、読み取りませんでした"
            with_unit.append((match.start(), AmountReading(text=shown, error=error)))
        elif _HAS_UNIT.search(shown):
            with_unit.append((match.start(), _amount_reading(shown, label)))
        elif not _NOT_YEN_AFTER.match(text, match.end()):
            bare.append((match.start(), _amount_reading(shown, label)))
    return sorted(with_unit or bare, key=lambda item: item[0])


def _written_in_kanji(shown: str, text: str) -> bool:
    """漢数字 before 円 are an amount with a digit (三百万円, 金壱百萬円) or as the whole value
    (百万円); 「千円」 beside other figures may be the unit of a column."""
    return (
        _KANJI_DIGIT.search(shown) is not None
        or shown.startswith("金")
        or shown == text.strip(" /,、")
    )


def _amount_reading(shown: str, label: str) -> AmountReading:
    """Every amount of an announcement is a price: parse_yen's range (15 digits) and
    check_price's 0円 rule, as in the CSV, the JSON, the window and `quote`."""
    try:
        amount = parse_yen(shown)
    except MoneyError as error:
        return AmountReading(text=shown, error=f"{label}: {error}")
    try:
        check_price(amount, label)
    except MoneyError as error:
        return AmountReading(text=shown, error=str(error))
    return AmountReading(amount=amount, dash=amount is None, text=shown)


def read_amount(text: str, label: str) -> AmountReading | None:
    """The first amount of yen in ``text``; a value that is only a dash means 「－円」."""
    found = amount_readings(text, label)
    if len(found) > 1 and _AMOUNT_RANGE.search(text):  # 「1,000万円～1,200万円」: which one?
        error = f"{label}: 「{text.strip()}」は金額の範囲のため、読み取りませんでした"
        return AmountReading(text=text.strip(), error=error)
    if found:
        return found[0][1]
    if re.fullmatch(rf"[{_DASH}]+", text.strip(" /,、")):
        return AmountReading(dash=True, text=text.strip())
    return None


# --- dates --------------------------------------------------------------------------

_DATE_RE = re.compile(DATE_PATTERN)
_WEEKDAY_AFTER = re.compile(r"\s?\(\s?(?P<weekday>[月火水木金土日])(?:曜日?)?\s?\)")
_PERIOD_SEPARATOR = re.compile(r"\s?(?:[~〜～\-‐–—―ー−]|から|より)\s?")
_MONTH_DAY = re.compile(
    r"(?P<month>[0-9]{1,2})\s?(?:月\s?(?P<kday>[0-9]{1,2})\s?日|[/.](?P<sday>[0-9]{1,2})(?![0-9/.]))"
)
_NO_SPECIAL_SALE = re.compile(
    r"実施(?:して)?(?:おりません|いません|しません|しない|なし)|^(?:なし|無し)"
)


@dataclass(frozen=True, kw_only=True)
class DateHit:
    value: date | None
    start: int
    end: int
    error: str | None = None


def date_hits(text: str, label: str) -> list[DateHit]:
    """Every date in ``text`` with its span; a date that does not exist or whose weekday in
    parentheses disagrees becomes an error message instead of a date."""
    hits = []
    for match in _DATE_RE.finditer(text):
        end = match.end()
        try:
            value = date_from_match(match)
        except DateError as error:
            hits.append(
                DateHit(value=None, start=match.start(), end=end, error=f"{label}: {error}")
            )
            continue
        weekday = _WEEKDAY_AFTER.match(text, end)
        if weekday is not None:
            end = weekday.end()
            if weekday.group("weekday") != WEEKDAYS[value.weekday()]:
                hits.append(
                    DateHit(
                        value=value,
                        start=match.start(),
                        end=end,
                        error=(
                            f"{label}の曜日({weekday.group('weekday')})が日付"
                            f"{format_wareki(value)}と合わないため、入力を確認してください。"
                        ),
                    )
                )
                continue
        hits.append(DateHit(value=value, start=match.start(), end=end))
    return hits


@dataclass(frozen=True, kw_only=True)
class DateReading:
    start: date | None = None
    end: date | None = None
    none: bool = False  # 特別売却期間: 実施しておりません
    errors: tuple[str, ...] = ()
    rest: str = ""  # the text after the date(s)


def read_date(text: str, label: str) -> DateReading | None:
    """The first date in ``text`` (a time such as 午前9時30分 after it is ignored)."""
    hits = date_hits(text, label)
    if not hits:
        return None
    first = hits[0]
    errors = (first.error,) if first.error else ()
    return DateReading(start=first.value, errors=errors, rest=text[first.end :])


def read_period(text: str, label: str) -> DateReading | None:
    """A period ``A〜B`` / ``AからBまで``; B may omit the year (``令和8年12月25日〜1月5日``):
    it then takes A's year, or the next year when its month and day come before A's."""
    if _NO_SPECIAL_SALE.search(text):
        return DateReading(none=True)
    hits = date_hits(text, label)
    if not hits:
        return None
    first = hits[0]
    errors = [first.error] if first.error else []
    end: date | None = None
    rest = text[first.end :]
    if len(hits) > 1:
        end = hits[1].value
        rest = text[hits[1].end :]
        if hits[1].error:
            errors.append(hits[1].error)
    else:
        separator = _PERIOD_SEPARATOR.match(text, first.end)
        short = _MONTH_DAY.match(text, separator.end()) if separator else None
        if short is not None and first.value is not None:
            end = _month_day_after(first.value, short, label, errors)
            rest = text[short.end() :]
        else:
            errors.append(f"{label}の終わりの日付が見つかりません。")
    return DateReading(start=first.value, end=end, errors=tuple(errors), rest=rest)


def _month_day_after(
    start: date, match: re.Match[str], label: str, errors: list[str]
) -> date | None:
    month = int(match.group("month"))
    day = int(match.group("kday") or match.group("sday"))
    for year in (start.year, start.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            errors.append(f"{label}の終わり「{match.group(0)}」は存在しない日付です。")
            return None
        if candidate >= start:
            return candidate
    return None  # unreachable: the next year's date is always later
