"""`cashflow PORTFOLIO [--scenario …] [--win ID] [--today DATE] [--json]`."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cashflow_fixtures import BID, BID2, DEPOSIT, PAID, SETTINGS, TODAY, portfolio

from biddesk.cli.cashflow_cmd import format_cashflow, signed_yen
from biddesk.domain.funds.cashflow import Scenario, compute_cashflow
from biddesk.domain.models import Financing, Outcome, OutcomeResult, Portfolio, Settings

ISO_TODAY = TODAY.isoformat()
RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py


def write_portfolio(path: Path, book: Portfolio) -> Path:
    """A portfolio file made through the store's public API."""
    from biddesk.domain.storage.store import Change, PortfolioStore

    store = PortfolioStore.create(path)
    try:
        store.apply(
            Change(
                settings=book.settings,
                put_properties=book.properties,
                put_bidders=book.bidders,
                put_bids=book.bids,
            )
        )
    finally:
        store.close()
    return path


LOST = replace(PAID, id="x3", outcome=Outcome(result=OutcomeResult.LOST))


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return write_portfolio(tmp_path / "p.biddesk", portfolio(BID, BID2, LOST))


# --- the command ------------------------------------------------------------------------


def test_json_all_is_the_default(run_cli: RunCli, book_path: Path) -> None:
    code, out, err = run_cli("cashflow", str(book_path), "--today", ISO_TODAY, "--json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) >= {"scenario", "capacity_start", "events", "lowest", "first_shortfall"}
    assert data["scenario"] == "all"
    assert data["capacity_start"] == 25_000_000
    assert [e["kind"] for e in data["events"]] == [
        "deposit",
        "deposit",
        "refund",
        "deposit",
        "balance",
        "balance",
    ]
    first = data["events"][0]
    assert set(first) >= {"date", "kind", "bid", "amount", "cash_after", "headroom"}
    assert (first["date"], first["bid"], first["amount"]) == ("2026-12-04", "x3", -DEPOSIT)


@pytest.mark.parametrize(
    ("scenario", "kinds"),
    [
        ("none", ["deposit", "deposit", "refund", "refund", "deposit", "refund"]),
        ("all", ["deposit", "deposit", "refund", "deposit", "balance", "balance"]),
    ],
)
def test_scenario_option(run_cli: RunCli, book_path: Path, scenario: str, kinds: list[str]) -> None:
    code, out, _ = run_cli(
        "cashflow", str(book_path), "--today", ISO_TODAY, "--scenario", scenario, "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["scenario"] == scenario
    assert [e["kind"] for e in data["events"]] == kinds


def test_expected_scenario_uses_half_for_no_probability(run_cli: RunCli, book_path: Path) -> None:
    code, out, _ = run_cli(
        "cashflow", str(book_path), "--today", ISO_TODAY, "--scenario", "expected", "--json"
    )
    balances = [e for e in json.loads(out)["events"] if e["kind"] == "balance"]
    assert code == 0
    assert [e["amount"] for e in balances] == [-6_266_000, -3_685_000]


def test_selected_with_win(run_cli: RunCli, book_path: Path) -> None:
    code, out, _ = run_cli(
        "cashflow",
        str(book_path),
        "--today",
        ISO_TODAY,
        "--scenario",
        "selected",
        "--win",
        "x2",
        "--json",
    )
    assert code == 0
    balances = [e["bid"] for e in json.loads(out)["events"] if e["kind"] == "balance"]
    assert balances == ["x2"]


def test_human_table(run_cli: RunCli, book_path: Path) -> None:
    code, out, err = run_cli("cashflow", str(book_path), "--today", ISO_TODAY)
    assert (code, err) == (0, "")
    assert "資金繰り: すべて落札した場合(基準日 令和8年12月1日(火))" in out
    assert "令和8年12月4日(金)" in out and "-2,468,000円" in out and "+2,468,000円" in out
    assert "最低余力:" in out and "資金不足の初日:" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--scenario", "maybe"), "指定できない値です"),
        (("--today", "2026/12/01"), "YYYY-MM-DD"),
        (("--win", "x1"), "--scenario selected"),
        (("--scenario", "selected", "--win", "x9"), "x9"),
    ],
)
def test_user_errors_exit_2(
    run_cli: RunCli, book_path: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = run_cli("cashflow", str(book_path), *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_missing_file_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    code, _, err = run_cli("cashflow", str(tmp_path / "none.biddesk"))
    assert code == 2
    assert "見つかりません" in err


# --- the human output, without a file ------------------------------------------------------


def lines_of(book: Portfolio, scenario: Scenario = Scenario.ALL) -> list[str]:
    result = compute_cashflow(book, scenario=scenario, today=TODAY)
    return format_cashflow(book, result, today=TODAY)


@pytest.mark.parametrize(
    ("amount", "text"), [(2_468_000, "+2,468,000円"), (-2_468_000, "-2,468,000円"), (0, "0円")]
)
def test_signed_yen(amount: int, text: str) -> None:
    assert signed_yen(amount) == text


def test_table_columns_and_rows() -> None:
    lines = lines_of(portfolio(BID))
    header = lines[3]
    for title in ("日付", "種類", "物件/入札", "金額", "手元資金", "余力"):
        assert title in header
    deposit_row = lines[5]
    assert deposit_row.startswith("令和8年12月7日(月)")
    assert "保証金" in deposit_row and "令和7年(ケ)第1234号 物件1 (x1)" in deposit_row
    assert deposit_row.split()[-1].endswith("(見込み)")


def test_shortfall_and_lowest_lines() -> None:
    lines = lines_of(portfolio(BID, settings=Settings(cash_on_hand=10_000_000)))
    assert "最低余力: -5,000,000円(令和9年2月4日(木))" in lines
    assert "資金不足の初日: 令和9年2月4日(木)(余力がマイナスになります)" in lines


def test_no_shortfall_line() -> None:
    lines = lines_of(portfolio(BID))
    assert "資金不足の初日: なし" in lines


def test_empty_portfolio() -> None:
    lines = lines_of(portfolio())
    assert "予定されている入出金はありません。" in lines
    assert "最低余力: 25,000,000円(令和8年12月1日(火))" in lines
    assert not any("(見込み)は" in line for line in lines)


def test_opening_line_shows_standby_financing() -> None:
    standby = Financing(name="当座貸越", amount=3_000_000)
    book = portfolio(settings=replace(SETTINGS, financing=(standby,)))
    assert lines_of(book)[1] == (
        "手元資金 30,000,000円 + 融資枠(日付なし) 3,000,000円 − 生活防衛資金 5,000,000円"
        " = 開始時の余力 28,000,000円"
    )


def test_financing_row_has_no_bid() -> None:
    line = Financing(name="A銀行", amount=1_000_000, available_from=date(2026, 12, 2))
    book = portfolio(settings=replace(SETTINGS, financing=(line,)))
    row = lines_of(book)[5]
    assert "融資" in row and "－" in row and "+1,000,000円" in row
