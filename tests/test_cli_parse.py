"""`parse FILE… [--json]`: announcement text in, properties out (contracts.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from biddesk.cli.common import display_width

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py

REPO = Path(__file__).resolve().parent.parent
SAMPLES = Path(__file__).resolve().parent / "data" / "announcements"
SINGLE = SAMPLES / "bit_card_single.txt"
NOTE = SAMPLES / "typed_note.txt"

PROPERTY_KEYS = {  # contracts.md, extended by creditor_offer (民執法63条2項1号の申出額)
    "creditor_offer",
    "court",
    "case_number",
    "property_numbers",
    "kind",
    "farmland",
    "address",
    "base_price",
    "minimum_bid",
    "deposit",
    "deposit_estimated",
    "viewing_start",
    "bid_period_start",
    "bid_period_end",
    "opening_date",
    "sale_decision_date",
    "special_sale_start",
    "special_sale_end",
    "status",
    "warnings",
}


def parse_json(run_cli: RunCli, *args: str, stdin: str | bytes | None = None) -> dict[str, Any]:
    code, out, err = run_cli("parse", *args, "--json", stdin=stdin)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def assert_one_sentence_error(result: tuple[int, str, str], *fragments: str) -> None:
    code, out, err = result
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("エラー: ")
    assert "Traceback" not in err and "予期しない" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# --- --json --------------------------------------------------------------------------------


def test_json_of_a_bit_card(run_cli: RunCli) -> None:
    data = parse_json(run_cli, str(SINGLE))
    assert set(data) == {"properties", "warnings"}
    assert isinstance(data["warnings"], list)
    [prop] = data["properties"]
    assert set(prop) == PROPERTY_KEYS
    assert prop["court"] == "東京地方裁判所本庁"
    assert prop["case_number"] == "令和7年(ケ)第1234号"
    assert prop["property_numbers"] == ["1"]
    assert prop["kind"] == "マンション"
    assert prop["farmland"] is False
    assert (prop["base_price"], prop["minimum_bid"], prop["deposit"]) == (
        12_340_000,
        9_872_000,
        2_468_000,
    )
    assert prop["deposit_estimated"] is False
    assert prop["viewing_start"] == "2026-11-18"
    assert (prop["bid_period_start"], prop["bid_period_end"]) == ("2026-12-02", "2026-12-09")
    assert prop["opening_date"] == "2026-12-16"
    assert prop["status"] == "announced"


def test_json_of_a_typed_note(run_cli: RunCli) -> None:
    [prop] = parse_json(run_cli, str(NOTE))["properties"]
    assert prop["court"] == "札幌地方裁判所本庁"
    assert prop["case_number"] == "令和7年(ケ)第77号"
    assert prop["base_price"] == 12_340_000
    assert prop["deposit"] == 2_470_000  # announced (rounded up by the court) beats 2/10
    assert prop["bid_period_end"] == "2027-02-10"


def test_several_files_in_order(run_cli: RunCli) -> None:
    data = parse_json(run_cli, str(SINGLE), str(NOTE))
    assert [p["case_number"] for p in data["properties"]] == [
        "令和7年(ケ)第1234号",
        "令和7年(ケ)第77号",
    ]


def test_stdin_dash_reads_the_same(run_cli: RunCli) -> None:
    from_file = parse_json(run_cli, str(SINGLE))
    from_stdin = parse_json(run_cli, "-", stdin=SINGLE.read_text(encoding="utf-8"))
    assert from_stdin["properties"] == from_file["properties"]


def test_stdin_in_shift_jis(run_cli: RunCli) -> None:
    data = parse_json(run_cli, "-", stdin=SINGLE.read_text(encoding="utf-8").encode("cp932"))
    assert data["properties"][0]["case_number"] == "令和7年(ケ)第1234号"


def test_file_with_bom(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SINGLE.read_bytes())
    assert parse_json(run_cli, str(path))["properties"][0]["court"] == "東京地方裁判所本庁"


# --- the human table -----------------------------------------------------------------------


def test_human_output_is_an_aligned_table(run_cli: RunCli) -> None:
    code, out, err = run_cli("parse", str(SINGLE), str(NOTE))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    header, rule, *rows = lines[:4]
    for label in (
        "裁判所",
        "事件番号",
        "売却基準価額",
        "買受可能価額",
        "保証額",
        "開札期日",
        "状態",
    ):
        assert label in header
    assert set(rule) <= {"-", " "}
    assert "東京地方裁判所本庁" in rows[0] and "札幌地方裁判所本庁" in rows[1]
    assert "12,340,000円" in rows[0]
    assert "令和8年12月9日(水)" in rows[0]
    # Amounts are right-aligned under their header, counted in display columns.
    end = display_width(header[: header.index("売却基準価額") + len("売却基準価額")])
    for row in rows:
        assert display_width(row[: row.index("12,340,000円") + len("12,340,000円")]) == end
    assert "2件の物件を読み取りました。" in out


# --- errors: one sentence on stderr, exit 2 ------------------------------------------------


def test_missing_file(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "nothere.txt"
    assert_one_sentence_error(run_cli("parse", str(missing)), "nothere.txt")


def test_directory_instead_of_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    assert_one_sentence_error(run_cli("parse", str(tmp_path)), str(tmp_path))


@pytest.mark.parametrize("text", ["こんにちは、今日はいい天気です。\n", "", "1234\n\n"])
def test_text_without_a_property(run_cli: RunCli, text: str) -> None:
    assert_one_sentence_error(run_cli("parse", "-", stdin=text))


def test_unparseable_file(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "memo.txt"
    path.write_text("買い物リスト: 牛乳、卵\n", encoding="utf-8")
    assert_one_sentence_error(run_cli("parse", str(path)))


def test_no_file_given(run_cli: RunCli) -> None:
    assert_one_sentence_error(run_cli("parse"))


# --- the command line loads no Qt and no document library ---------------------------------


@pytest.mark.parametrize("json_flag", [["--json"], []])
def test_parse_as_a_script_imports_no_qt(json_flag: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "main.py", "parse", str(SINGLE), *json_flag],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "東京地方裁判所本庁" in result.stdout
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()]
    assert "biddesk.domain.announcements.parsing" in imported  # the import log is really there
    heavy = {"PySide6", "shiboken6", "openpyxl", "reportlab"}
    assert [m for m in imported if m.split(".")[0] in heavy] == []
