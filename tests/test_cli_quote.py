"""`quote BASE [--deposit N] [--bid N] [--top N] [--json]` and the table helpers it uses."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from biddesk.cli.common import display_width, format_fields, format_table, pad

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py

CONTRACT_KEYS = {"base_price", "minimum_bid", "deposit", "deposit_estimated", "bid", "second_bid"}


def quote_json(run_cli: RunCli, *args: str) -> dict[str, Any]:
    code, out, err = run_cli("quote", *args, "--json")
    assert (code, err) == (0, "")
    data: dict[str, Any] = json.loads(out)
    return data


def assert_one_sentence_error(result: tuple[int, str, str], *fragments: str) -> None:
    code, out, err = result
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("エラー: ")
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[0]


# --- --json --------------------------------------------------------------------------------


def test_json_base_only(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "12340000")
    assert set(data) >= CONTRACT_KEYS
    assert data == {
        "base_price": 12_340_000,
        "minimum_bid": 9_872_000,
        "deposit": 2_468_000,
        "deposit_estimated": True,
        "bid": None,
        "second_bid": None,
        "warnings": [],
    }


@pytest.mark.parametrize(
    "base",
    [
        "12340000",
        "12,340,000円",
        "１２，３４０，０００円",
        "1234万円",
        "1,234万円",
        "¥12,340,000",
        "千二百三十四万円",  # issue 14 item 3: quote reads what the announcement reader reads
        "1千2百34万円",
        "12,340千円",
        "12 340 000円",
    ],
)
def test_base_in_any_written_form(run_cli: RunCli, base: str) -> None:
    assert quote_json(run_cli, base)["base_price"] == 12_340_000


@pytest.mark.parametrize(
    ("base", "amount"),
    [
        ("1千万円", 10_000_000),
        ("250万3千円", 2_503_000),
        ("1億2千万円", 120_000_000),
        ("8150千円", 8_150_000),
        ("8百15万円", 8_150_000),
        ("8 150 000円", 8_150_000),
        ("1兆円", 10**12),
    ],
)
def test_base_with_sen_hyaku_and_spaces(run_cli: RunCli, base: str, amount: int) -> None:
    assert quote_json(run_cli, base)["base_price"] == amount


def test_bid_in_words_with_cho(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "1兆円", "--bid", "1兆2,345億円")
    assert data["bid"]["in_words"] == "1兆2,345億円"


def test_rounding_of_an_odd_base(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "1234567")
    assert (data["minimum_bid"], data["deposit"]) == (987_654, 246_914)


def test_json_with_bid_and_top(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "1234万円", "--bid", "1,500万円", "--top", "16000000")
    assert data["bid"] == {
        "amount": 15_000_000,
        "valid": True,
        "balance_due": 12_532_000,
        "in_words": "1,500万円",
        "warnings": [],
    }
    assert data["second_bid"]["eligible"] is True
    assert "13,532,000円" in data["second_bid"]["reason"]


def test_json_second_bid_boundary_is_eligible(run_cli: RunCli) -> None:
    # 最高価 16,000,000 − 保証額 2,468,000 = 13,532,000: 「以上」 (民執法67条), so equal qualifies.
    data = quote_json(run_cli, "1234万円", "--bid", "13532000", "--top", "16000000")
    assert data["second_bid"]["eligible"] is True
    assert "13,532,000円以上" in data["second_bid"]["reason"]


def test_json_second_bid_not_eligible(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "1234万円", "--bid", "13531999", "--top", "16000000")
    assert data["second_bid"]["eligible"] is False
    assert "民執法67条" in data["second_bid"]["reason"]


def test_json_announced_deposit(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "1234567", "--deposit", "250,000円", "--bid", "1000000")
    assert data["deposit"] == 250_000
    assert data["deposit_estimated"] is False
    assert data["bid"]["balance_due"] == 750_000
    assert data["warnings"] == []


def test_json_deposit_below_two_tenths_is_warned(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "12340000", "--deposit", "246800")
    assert data["deposit"] == 246_800
    assert len(data["warnings"]) == 1
    assert "少額" in data["warnings"][0]


def test_json_bid_below_minimum_is_invalid(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "12340000", "--bid", "9871999")
    assert data["bid"]["valid"] is False
    assert data["bid"]["balance_due"] is None
    assert any("買受可能価額" in w for w in data["bid"]["warnings"])


def test_json_bid_with_a_digit_too_many_is_warned(run_cli: RunCli) -> None:
    data = quote_json(run_cli, "12340000", "--bid", "1億5,000万円")
    assert data["bid"]["valid"] is True
    assert data["bid"]["in_words"] == "1億5,000万円"
    assert any("3倍" in w for w in data["bid"]["warnings"])


# --- the human table -----------------------------------------------------------------------


def amount_ends(lines: list[str]) -> set[int]:
    """Display column where each amount (…円) ends: one value when right-aligned."""
    return {display_width(line[: line.index("円") + 1]) for line in lines if "円" in line[:30]}


EXPECTED_TABLE = """\
売却基準価額    12,340,000円
買受可能価額     9,872,000円  基準×8/10(これ未満の入札は無効)
買受申出保証額   2,468,000円  推定: 基準×2/10(公告の額を確認してください)

入札額          15,000,000円  1,500万円
判定                    有効
残代金(落札時)  12,532,000円  入札額−保証額
次順位買受申出            可
次順位: 入札額が最高価16,000,000円から保証額2,468,000円を引いた13,532,000円以上のため、\
次順位買受けの申出ができます(民執法67条)。
"""


def test_human_output_is_an_aligned_table(run_cli: RunCli) -> None:
    code, out, err = run_cli("quote", "1234万円", "--bid", "1500万円", "--top", "1600万円")
    assert (code, err) == (0, "")
    assert out == EXPECTED_TABLE
    table = [line for line in out.splitlines()[:8] if line]
    # Every value (amount or verdict) ends in the same display column.
    ends = set()
    for line in table:
        label, value = line.split()[:2]
        ends.add(display_width(line[: line.index(value, len(label)) + len(value)]))
    assert len(ends) == 1


def test_human_output_base_only(run_cli: RunCli) -> None:
    code, out, _ = run_cli("quote", "1234567")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert len(amount_ends(lines)) == 1
    assert "987,654円" in lines[1]
    assert "推定" in lines[2]


def test_human_output_marks_announced_deposit(run_cli: RunCli) -> None:
    _, out, _ = run_cli("quote", "1234567", "--deposit", "250000")
    assert "推定" not in out
    assert "公告の額" in out


def test_human_output_invalid_bid_and_warnings(run_cli: RunCli) -> None:
    code, out, _ = run_cli("quote", "12340000", "--deposit", "246800", "--bid", "999999")
    assert code == 0
    assert "無効" in out
    warnings = [line for line in out.splitlines() if line.startswith("注意: ")]
    assert len(warnings) == 2


# --- errors: one sentence on stderr, exit 2 ------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["abc"], ["売却基準価額", "abc"]),
        (["－円"], ["売却基準価額"]),
        (["0"], ["1円以上"]),
        (["1234,567"], ["1234,567"]),
        (["8 15 000円"], ["売却基準価額", "3桁ごと", "8 15 000円"]),
        (["12340000", "--bid", "5千5"], ["--bid", "3桁で"]),
        (["12340000", "--bid", "1万23456"], ["--bid", "桁数"]),
        (["12340000", "--bid", "0"], ["--bid", "1円以上"]),
        (["12340000", "--deposit", "x"], ["--deposit"]),
        (["12340000", "--top", "15000000"], ["--top", "--bid"]),
        (["12340000", "--bid", "15000000", "--top", "-"], ["--top"]),
        ([], []),
        (["12340000", "--unknown"], []),
    ],
)
def test_errors(run_cli: RunCli, args: list[str], fragments: list[str]) -> None:
    assert_one_sentence_error(run_cli("quote", *args), *fragments)


def test_help_exits_zero(run_cli: RunCli) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "quote" in out


# --- table helpers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("売却", 4), ("１２", 4), ("12,340,000円", 12), ("－", 2), ("ｱｲ", 2), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_display_width_ignores_combining_marks() -> None:
    assert display_width("が") == display_width("か\u3099") == 2


def test_pad() -> None:
    assert pad("判定", 6) == "判定  "
    assert pad("1円", 6, right=True) == "   1円"
    assert pad("長いラベル", 4) == "長いラベル"


def test_format_fields_aligns_by_display_width() -> None:
    lines = format_fields(
        [("売却基準価額", "12,340,000円", ""), None, ("判定", "有効", "メモ"), ("A", "1円", "")]
    )
    assert lines[1] == ""
    widths = {display_width(line) for line in (lines[0], lines[3])}
    assert widths == {display_width("売却基準価額") + 2 + display_width("12,340,000円")}
    assert lines[2].endswith("有効  メモ")
    assert display_width(lines[2][: lines[2].index("有効") + 2]) == display_width(lines[0])


def test_format_table_aligns_by_display_width() -> None:
    lines = format_table(
        ["裁判所", "基準"], [["東京地方裁判所", "1円"], ["堺", "12,340,000円"]], {1}
    )
    assert len(lines) == 4
    assert set(lines[1]) <= {"-", " "}
    ends = {display_width(line) for line in lines if line and not line.startswith("-")}
    assert ends == {display_width(lines[1])}
