"""The command line refuses bad values and files in one sentence and leaves the portfolio as
it was (issue 12 item 9): `import`, `quote` and `--today`."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import pytest

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py

DATA = Path(__file__).parent / "data"
CARD = DATA / "announcements" / "bit_card_single.txt"
HUGE = "1" * 5000


def assert_one_sentence_error(result: tuple[int, str, str], *fragments: str) -> None:
    code, out, err = result
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("エラー: ")
    assert "Traceback" not in err and "予期しない" not in err
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def portfolio(tmp_path: Path, run_cli: RunCli) -> Path:
    path = tmp_path / "p.biddesk"
    assert run_cli("new", str(path))[0] == 0
    assert run_cli("import", str(path), str(CARD))[0] == 0
    return path


def dump(run_cli: RunCli, path: Path) -> str:
    code, out, err = run_cli("dump", str(path))
    assert code == 0, err
    return out


def _write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _xlsx() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<x/>")
        archive.writestr("xl/workbook.xml", "<w/>")
    return buffer.getvalue()


def _json(properties: list[dict[str, object]]) -> str:
    return json.dumps({"format": "biddesk-portfolio", "version": 1, "properties": properties})


def _csv(column: str, value: str) -> str:
    return f"事件番号,{column}\n令和7年(ケ)第1号,{value}\n"


# case → (file name, content, fragments of the one-sentence refusal)
BAD_FILES: dict[str, tuple[str, str | bytes, tuple[str, ...]]] = {
    "year 9999": (
        "a.json",
        _json([{"bid_period_end": "9999-12-31"}]),
        ("properties[0].bid_period_end", "1900-01-01"),
    ),
    "year 0001": ("a.json", _json([{"opening_date": "0001-01-01"}]), ("opening_date",)),
    "JSON 10^15": ("a.json", _json([{"base_price": 10**15}]), ("999,999,999,999,999",)),
    "JSON base 0": ("a.json", _json([{"base_price": 0}]), ("base_price", "1円以上")),
    "JSON 5,000 digits": (
        "a.json",
        '{"format": "biddesk-portfolio", "properties": [{"deposit": ' + HUGE + "}]}",
        ("a.json", "桁の多すぎる数"),
    ),
    "CSV 10^16": (
        "a.csv",
        _csv("売却基準価額", "10000000000000000"),
        ("2行目「売却基準価額」", "桁が多すぎます"),
    ),
    "CSV 5,000 digits": ("a.csv", _csv("保証額", HUGE), ("2行目「保証額」", "桁が多すぎます")),
    "CSV base 0": ("a.csv", _csv("売却基準価額", "0円"), ("2行目", "1円以上")),
    "xlsx": ("book.xlsx", _xlsx(), ("book.xlsx", "CSV(UTF-8)で保存")),
    "ics": ("c.ics", "BEGIN:VCALENDAR\r\nSUMMARY:令和7年(ケ)第1号\r\n", ("c.ics", "カレンダー")),
    "JSON as txt": (
        "a.txt",
        _json([{"case_number": "令和7年(ケ)第1号"}]),
        ("a.txt", "拡張子を.json"),
    ),
    "CSV as txt": ("a.txt", (DATA / "csv" / "japanese.csv").read_bytes(), ("拡張子を.csv",)),
    "PDF": ("k.pdf", b"%PDF-1.4\n1 0 obj\n", ("k.pdf", "PDF")),
    "binary": ("x.bin", bytes(range(256)) * 4, ("x.bin", "テキストファイルではない")),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_import_refuses_and_the_file_is_unchanged(
    run_cli: RunCli, portfolio: Path, tmp_path: Path, case: str
) -> None:
    name, content, fragments = BAD_FILES[case]
    before = dump(run_cli, portfolio)
    bad = _write(tmp_path / name, content)
    assert_one_sentence_error(run_cli("import", str(portfolio), str(bad)), *fragments)
    # A good file beside the bad one is not imported either: one transaction or nothing.
    assert_one_sentence_error(run_cli("import", str(portfolio), str(CARD), str(bad)))
    assert dump(run_cli, portfolio) == before
    code, out, _ = run_cli("list", str(portfolio))
    assert code == 0 and "物件1件" in out


def test_import_of_the_range_ends_succeeds_and_every_command_still_runs(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    edge = _write(
        tmp_path / "edge.json",
        _json(
            [
                {"base_price": 10**15 - 1, "bid_period_end": "2199-12-31"},
                {"base_price": 1, "opening_date": "1900-01-01"},
            ]
        ),
    )
    assert run_cli("import", str(portfolio), str(edge))[0] == 0
    for command in ("list", "check", "cashflow"):
        code, _, err = run_cli(
            command, str(portfolio), *(["--today", "2026-12-01"] * (command != "list"))
        )
        assert code == 0, (command, err)
    again = tmp_path / "again.biddesk"
    assert run_cli("new", str(again))[0] == 0
    _write(tmp_path / "dump.json", dump(run_cli, portfolio))
    assert run_cli("import", str(again), str(tmp_path / "dump.json"))[0] == 0  # dump → import


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["0"], ["売却基準価額(BASE)", "1円以上"]),
        (["1000000000000000"], ["売却基準価額(BASE)", "桁が多すぎます"]),
        ([HUGE], ["売却基準価額(BASE)", "5,000文字"]),
        (["12340000", "--bid", "0"], ["入札額(--bid)", "1円以上"]),
        (["12340000", "--deposit", "0"], ["--deposit", "1円以上"]),
        (["12340000", "--bid", "15000000", "--top", "0"], ["--top", "1円以上"]),
        (["12340000", "--bid", "10000000000000000"], ["--bid", "桁が多すぎます"]),
    ],
)
def test_quote_refuses_what_every_input_refuses(
    run_cli: RunCli, args: list[str], fragments: list[str]
) -> None:
    result = run_cli("quote", *args)
    assert_one_sentence_error(result, *fragments)
    assert len(result[2]) < 200


def test_quote_reads_the_top_of_the_range(run_cli: RunCli) -> None:
    code, out, _ = run_cli("quote", "999999999999999", "--bid", "999999999999999")
    assert code == 0 and "999,999,999,999,999円" in out


@pytest.mark.parametrize("command", ["check", "cashflow", "export"])
@pytest.mark.parametrize(
    "value", ["", "20261201", "2026-W49-2", "2026/12/01", "2026-12-1", "9999-12-31", "0001-01-01"]
)
def test_today_accepts_yyyy_mm_dd_in_range_only(
    run_cli: RunCli, portfolio: Path, tmp_path: Path, command: str, value: str
) -> None:
    extra = ["--ics", str(tmp_path / "c.ics")] if command == "export" else []
    result = run_cli(command, str(portfolio), "--today", value, *extra)
    assert_one_sentence_error(result, "--today")
    assert not (tmp_path / "c.ics").exists()


@pytest.mark.parametrize("command", ["check", "cashflow"])
def test_today_in_range_is_used(run_cli: RunCli, portfolio: Path, command: str) -> None:
    for value in ("2026-12-01", "1900-01-01", "2199-12-31"):
        code, _, err = run_cli(command, str(portfolio), "--today", value)
        assert code == 0, err
