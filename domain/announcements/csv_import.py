"""CSV import: a table of properties with a header row (contracts.md `import … .csv`).

Columns are found by their header, in Japanese as on the 公告 and BIT cards or in English
as in the interchange JSON (``事件番号`` / ``case_number``); unknown columns are ignored.
Values are read with the same readers as pasted text (和暦, 全角, 万円, 取下げ), and the
figures are resolved as for pasted text: announced figures win, a missing deposit is
computed and marked estimated (domain-rules.md "Figures"). Any unreadable cell stops the
whole import; the error names the row (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from biddesk.domain.announcements.parsing import (
    ParseError,
    normalize_case_number,
    normalize_court,
    parse_property_numbers,
    parse_status,
)
from biddesk.domain.announcements.parsing_draft import finish_property
from biddesk.domain.announcements.parsing_values import clean, is_no_status, read_kind
from biddesk.domain.dates import DateError, find_dates, parse_date
from biddesk.domain.errors import UserError
from biddesk.domain.models import Property, PropertyStatus
from biddesk.domain.money import MoneyError, check_price, parse_yen

MAX_ERRORS_SHOWN = 30

# field → header names (compared after NFKC, without spaces, lower case).
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "court": ("裁判所", "裁判所名", "court"),
    "case_number": ("事件番号", "case_number", "case"),
    "property_numbers": ("物件番号", "property_numbers", "property_number"),
    "kind": ("種別", "物件種別", "kind"),
    "address": ("所在地", "所在", "住所", "address"),
    "base_price": ("売却基準価額", "基準価額", "base_price"),
    "minimum_bid": ("買受可能価額", "minimum_bid"),
    "deposit": ("買受申出保証額", "買受申出保証金", "保証額", "保証金", "deposit"),
    "viewing_start": ("閲覧開始日", "閲覧開始", "viewing_start"),
    "bid_period": ("入札期間", "bid_period"),
    "bid_period_start": (
        "入札期間開始",
        "入札期間開始日",
        "入札期間(開始)",
        "入札開始日",
        "bid_period_start",
    ),
    "bid_period_end": (
        "入札期間終了",
        "入札期間終了日",
        "入札期間(終了)",
        "入札期間末日",
        "入札期間(末日)",
        "入札終了日",
        "bid_period_end",
    ),
    "opening_date": ("開札期日", "開札日", "opening_date"),
    "sale_decision_date": ("売却決定期日", "sale_decision_date"),
    "special_sale": ("特別売却期間", "special_sale"),
    "special_sale_start": ("特別売却期間開始", "特別売却開始日", "special_sale_start"),
    "special_sale_end": ("特別売却期間終了", "特別売却終了日", "special_sale_end"),
    "status": ("状態", "中止情報", "status"),
    "farmland": ("農地", "farmland"),
    "note": ("備考", "メモ", "note"),
}
_BY_NAME = {name.lower(): key for key, names in COLUMN_NAMES.items() for name in names}
_TRUE = frozenset({"true", "1", "yes", "y", "はい", "○", "〇", "◯", "有", "あり", "農地"})
_FALSE = frozenset({"false", "0", "no", "n", "いいえ", "×", "無", "なし", "-", "－"})
_NOT_HELD = re.compile(r"実施(し|いた)(ておりません|ません|ない)|なし|無し|^[-－ー―]$")


class CsvImportError(UserError):
    """A CSV that cannot be imported; ``errors`` holds one ``N行目「列」: problem`` each."""

    def __init__(self, errors: list[str], *, source: str) -> None:
        self.errors = tuple(errors)
        shown = "; ".join(self.errors[:MAX_ERRORS_SHOWN])
        more = len(self.errors) - MAX_ERRORS_SHOWN
        if more > 0:
            shown += f"; ほか{more}件"
        super().__init__(
            f"{source}: CSVに{len(self.errors)}件の誤りがあるため、"
            f"何も取り込みませんでした: {shown}"
        )


def _header_key(text: str) -> str:
    return clean(text).replace(" ", "").lower()


def known_columns(line: str) -> int:
    """How many cells of one comma-separated line name a column this reader knows."""
    try:
        cells = next(csv.reader([line]), [])
    except csv.Error:
        return 0
    return sum(1 for cell in cells if _header_key(cell) in _BY_NAME)


@dataclass
class _Row:
    """One data row being read: its cells by field, and the errors found in it."""

    number: int
    cells: dict[str, str]
    headers: dict[str, str]
    errors: list[str] = field(default_factory=list)

    def cell(self, key: str) -> str:
        return clean(self.cells.get(key, ""))

    def read(self, key: str, reader: Callable[[str], object]) -> object:
        text = self.cell(key)
        if not text:
            return None
        try:
            return reader(text)
        except (ParseError, MoneyError, DateError, ValueError) as error:
            self.errors.append(f"{self.number}行目「{self.headers[key]}」: {_reason(error)}")
            return None

    def price(self, key: str) -> int | None:
        """An amount in 0〜999兆円 (parse_yen) that is a price: 0円 refused, 「－円」 None."""
        label = COLUMN_NAMES[key][0]
        value = self.read(key, lambda text: check_price(parse_yen(text), label))
        return value if isinstance(value, int) else None

    def day(self, key: str) -> date | None:
        value = self.read(key, parse_date)
        return value if isinstance(value, date) else None

    def period(self, key: str, start_key: str, end_key: str) -> tuple[date | None, date | None]:
        """A period from one ``A～B`` column, or from separate start and end columns."""
        start, end = self.day(start_key), self.day(end_key)
        if key in self.cells:
            value = self.read(key, _period)
            if isinstance(value, tuple):
                start, end = start or value[0], end or value[1]
        return start, end


def _reason(error: Exception) -> str:
    return str(error).rstrip("。")


def _period(text: str) -> tuple[date, date] | None:
    if _NOT_HELD.search(text):
        return None
    days = find_dates(text)
    if len(days) != 2:
        raise ValueError(f"期間として読めません(例: 令和8年12月2日～令和8年12月9日): 「{text}」")
    return days[0], days[1]


def _flag(text: str) -> bool:
    key = text.strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"はい/いいえ(true/false)として読めません: 「{text}」")


def _status(text: str) -> PropertyStatus:
    status = parse_status(text)
    if status is None:
        if is_no_status(text):
            return PropertyStatus.ANNOUNCED
        raise ValueError(f"状態として読めません(例: 取下げ, 取消, 停止): 「{text}」")
    return status


def _read_row(row: _Row) -> Property:
    kind_text = row.cell("kind")
    kind = read_kind(kind_text) if kind_text else None
    farmland_value = row.read("farmland", _flag)
    status_value = row.read("status", _status)
    status = status_value if isinstance(status_value, PropertyStatus) else PropertyStatus.ANNOUNCED
    numbers = row.read("property_numbers", parse_property_numbers)
    case = row.read("case_number", normalize_case_number)
    court = row.cell("court")
    base = row.price("base_price")
    minimum, deposit = row.price("minimum_bid"), row.price("deposit")
    bid_start, bid_end = row.period("bid_period", "bid_period_start", "bid_period_end")
    special_start, special_end = row.period(
        "special_sale", "special_sale_start", "special_sale_end"
    )
    prop = Property(
        court=normalize_court(court) if court else None,
        case_number=case if isinstance(case, str) else None,
        property_numbers=numbers if isinstance(numbers, tuple) else (),
        kind=kind.kind if kind else None,
        farmland=bool(farmland_value) or bool(kind and kind.farmland),
        address=row.cell("address") or None,
        base_price=base,
        viewing_start=row.day("viewing_start"),
        bid_period_start=bid_start,
        bid_period_end=bid_end,
        opening_date=row.day("opening_date"),
        sale_decision_date=row.day("sale_decision_date"),
        special_sale_start=special_start,
        special_sale_end=special_end,
        status=status,
        note=row.cells.get("note", "").strip(),
    )
    # The parser's last step: figures, status note, date-order warnings (it skipped the last).
    return finish_property(prop, announced_minimum=minimum, announced_deposit=deposit, warnings=())


def _dialect(text: str) -> str:
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def properties_from_csv(text: str, source: str) -> tuple[Property, ...]:
    """The properties of a CSV table (one per data row; blank rows are skipped).

    Raises CsvImportError naming the row and column of every unreadable cell, a header
    without any known column, or a file without data rows: then nothing is imported."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_dialect(text)))
    except csv.Error as error:
        raise CsvImportError([f"CSVとして読めません({error})"], source=source) from None
    if not records:
        raise CsvImportError(["ファイルが空です"], source=source)
    header, *body = records
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    errors: list[str] = []
    for index, name in enumerate(header):
        key = _BY_NAME.get(_header_key(name))
        if key is None:
            continue
        if key in headers:
            errors.append(f"1行目「{name.strip()}」: 「{headers[key]}」と同じ項目の列が2つあります")
            continue
        columns[index] = key
        headers[key] = name.strip()
    if not columns:
        errors.append(
            "1行目: 見出しに分かる列名がありません(例: 裁判所, 事件番号, 物件番号, 売却基準価額)"
        )
        raise CsvImportError(errors, source=source)
    properties = []
    for number, record in enumerate(body, start=2):
        if not any(cell.strip() for cell in record):
            continue
        cells = {key: record[index] for index, key in columns.items() if index < len(record)}
        row = _Row(number=number, cells=cells, headers=headers)
        properties.append(_read_row(row))
        errors.extend(row.errors)
    if not properties and not errors:
        errors.append("見出し行の後に物件の行がありません")
    if errors:
        raise CsvImportError(errors, source=source)
    return tuple(properties)
