"""Files that are not what `import` reads, told apart by their content (issue 12 item 9).

Anything that is not ``.json`` or ``.csv`` is read as announcement text, and the text parser
finds a 事件番号 almost anywhere: a calendar, a JSON saved as .txt or a CSV table would all
become junk properties. These checks look at the bytes and the text (not only the suffix,
which users rename) and refuse such a file with one sentence saying what to do instead.
"""

from __future__ import annotations

import json
import re
from pathlib import PurePath

from biddesk.domain.announcements.csv_import import known_columns
from biddesk.domain.errors import UserError

SNIFF_BYTES = 8192
"""How much of a file is looked at: magic numbers sit at the start."""

_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0C, 0x0D, 0x1A}
_JSON_START = re.compile(r'\s*(?:\{\s*(?:"|\})|\[\s*(?:\{|\[|"|\]))')


class NotAnImportFile(UserError):
    """A file of a kind `import` cannot read; the message says what to give instead."""


_EXCEL = "Excelファイルは読めないため、CSV(UTF-8)で保存してから取り込んでください。"
_WORD = "Wordファイルは読めないため、テキスト(.txt)で保存してから取り込んでください。"


def _zip_kind(head: bytes, suffix: str) -> str:
    if b"xl/" in head or suffix in (".xlsx", ".xlsm", ".xltx"):
        return _EXCEL
    if b"word/" in head or suffix == ".docx":
        return _WORD
    if b"opendocument.spreadsheet" in head or suffix == ".ods":
        return "表計算ファイルは読めないため、CSV(UTF-8)で保存してから取り込んでください。"
    return "ZIPなどの圧縮ファイルは読めないため、展開してから中のファイルを取り込んでください。"


def _binary_problem(head: bytes, suffix: str) -> str | None:
    """Why these first bytes are not a text `import` can read, or None."""
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(head, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE2: .xls / .doc before 2007
        return _WORD if suffix == ".doc" else _EXCEL
    if head.startswith(b"%PDF"):
        return (
            "PDFは読めないため、公告の文字を選択してコピーし、貼り付けるかテキスト(.txt)で"
            "保存してから取り込んでください。"
        )
    if head.startswith(b"SQLite format 3\x00"):
        return (
            "BidDeskのポートフォリオファイル(.biddesk)は取り込めないため、「開く」で開くか、"
            "dumpで書き出した交換用JSONを取り込んでください。"
        )
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16で保存されたテキストは読めないため、UTF-8で保存し直してください。"
    if b"\x1b$B" in head or b"\x1b$@" in head:  # ISO-2022-JP escapes, as in old mail
        return "JIS(ISO-2022-JP)で保存されたテキストは読めないため、UTF-8で保存し直してください。"
    controls = sum(1 for byte in head if byte in _CONTROL)
    if b"\x00" in head or controls > len(head) // 100:
        return (
            "テキストファイルではないため読めません(取り込めるのは公告のテキスト・CSV・"
            "交換用JSONです)。"
        )
    return None


def refuse_binary(data: bytes, source: str) -> None:
    """Raise NotAnImportFile when ``data`` is an Excel/ZIP/PDF/portfolio or other binary file."""
    problem = _binary_problem(data[:SNIFF_BYTES], PurePath(source).suffix.lower())
    if problem is not None:
        raise NotAnImportFile(f"{source}: {problem}")


def _is_json(text: str) -> bool:
    if not _JSON_START.match(text):
        return False
    if text.lstrip().startswith("{"):
        return True  # no announcement starts with an object, even a truncated one
    try:
        return isinstance(json.loads(text), list)
    except (ValueError, RecursionError):
        return False


def _is_calendar(text: str) -> bool:
    return text.lstrip().upper().startswith("BEGIN:VCALENDAR")


def _is_csv(text: str) -> bool:
    """A first line of comma-separated cells, two of them CSV column names (事件番号, …).
    Tab-separated lines are left to the text parser: a pasted 公告 table looks like that."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return "," in first and known_columns(first) >= 2


def refuse_text(text: str, source: str, *, as_json: bool, as_csv: bool) -> None:
    """Raise NotAnImportFile when ``text`` is a calendar, or JSON or a CSV table given under
    another suffix (``as_json``/``as_csv``: the suffix already says so)."""
    if _is_calendar(text):
        problem = (
            "カレンダー(.ics)のファイルは取り込めないため、公告のテキスト・CSV・"
            "交換用JSONを指定してください。"
        )
    elif not as_json and _is_json(text):
        problem = "JSONの内容のため、拡張子を.jsonにしてから取り込んでください。"
    elif not as_json and not as_csv and _is_csv(text):
        problem = "CSVの表の内容のため、拡張子を.csvにしてから取り込んでください。"
    else:
        return
    raise NotAnImportFile(f"{source}: {problem}")
