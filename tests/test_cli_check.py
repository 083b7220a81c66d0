"""`check PORTFOLIO [--today DATE] [--json]`: exit codes, JSON shape, human report."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from checks_fixtures import BID, COMPANY, COMPANY_BID, PROPERTY, SETTINGS, SUZUKI, TODAY, YAMADA

from biddesk.cli.check_cmd import format_report
from biddesk.domain.models import Bid, Portfolio, Settings
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.schedule.deadlines import upcoming_deadlines

ISO_TODAY = TODAY.isoformat()
RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py


def write_portfolio(path: Path, portfolio: Portfolio) -> Path:
    """A portfolio file made through the store's public API."""
    from biddesk.domain.storage.store import Change, PortfolioStore

    store = PortfolioStore.create(path)
    try:
        store.apply(
            Change(
                settings=portfolio.settings,
                put_properties=portfolio.properties,
                put_bidders=portfolio.bidders,
                put_bids=portfolio.bids,
            )
        )
    finally:
        store.close()
    return path


def make(tmp_path: Path, *bids: Bid, settings: Settings = SETTINGS) -> Path:
    portfolio = Portfolio(
        settings=settings,
        bidders=(YAMADA, SUZUKI, COMPANY),
        properties=(PROPERTY,),
        bids=bids,
    )
    return write_portfolio(tmp_path / "p.biddesk", portfolio)


def test_clean_portfolio_exits_0(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, BID, COMPANY_BID)
    code, out, err = run_cli("check", str(path), "--today", ISO_TODAY)
    assert (code, err) == (0, "")
    assert "問題は見つかりませんでした" in out
    assert "今後の期限" in out and "令和8年12月9日(水)" in out


def test_errors_exit_1_and_print_grouped_by_bid(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, replace(BID, amount=1), replace(COMPANY_BID, documents=()))
    code, out, _ = run_cli("check", str(path), "--today", ISO_TODAY)
    assert code == 1
    first_bid = out.index("/ 山田 太郎 (入札 x1)")
    second_bid = out.index("/ 株式会社ヤマダ商事 (入札 x2)")
    assert first_bid < out.index("[重大] 入札額1円") < second_bid < out.index("[注意]")
    assert "(期限 令和8年12月9日(水))" in out


def test_warnings_only_exit_0(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, replace(BID, documents=()))
    code, out, _ = run_cli("check", str(path), "--today", ISO_TODAY)
    assert code == 0
    assert "[注意]" in out and "[重大]" not in out


def test_json_output(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, replace(BID, amount=1))
    code, out, _ = run_cli("check", str(path), "--today", ISO_TODAY, "--json")
    assert code == 1
    data = json.loads(out)
    [finding] = data["findings"]
    assert finding["code"] == "BID_BELOW_MINIMUM"
    assert finding["severity"] == "error"
    assert (finding["bid"], finding["property"], finding["due"]) == ("x1", "p1", "2026-12-09")
    assert "買受可能価額" in finding["message"]
    assert {d["kind"] for d in data["deadlines"]} >= {"last_in_person", "opening"}
    assert all(d["date"] >= ISO_TODAY for d in data["deadlines"])


def test_today_changes_the_result(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, replace(BID, documents=()))
    early, _, _ = run_cli("check", str(path), "--today", "2026-12-03")
    late, _, _ = run_cli("check", str(path), "--today", "2026-12-04")
    assert (early, late) == (0, 1)


def test_funds_shortfall_is_reported(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, BID, settings=Settings(cash_on_hand=3_000_000))
    code, out, _ = run_cli("check", str(path), "--today", ISO_TODAY, "--json")
    assert code == 1
    assert "FUNDS_SHORTFALL" in {f["code"] for f in json.loads(out)["findings"]}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "missing.biddesk"], "見つかりません"),
        (["check", "{tmp}"], "フォルダ"),
        (["check", "{file}", "--today", "2026/12/01"], "YYYY-MM-DD"),
        (["check"], "コマンドラインの指定"),
    ],
)
def test_cannot_run_exits_2(run_cli: RunCli, tmp_path: Path, args: list[str], message: str) -> None:
    file = tmp_path / "x.biddesk"
    file.write_bytes(b"")
    filled = [a.format(tmp=tmp_path, file=file) for a in args]
    code, out, err = run_cli(*filled)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err


def test_foreign_file_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    path = tmp_path / "notes.biddesk"
    path.write_text("これはポートフォリオではありません", encoding="utf-8")
    code, _, err = run_cli("check", str(path), "--today", ISO_TODAY)
    assert code == 2 and err.startswith("エラー: ")


def test_report_without_store() -> None:
    portfolio = Portfolio(
        settings=SETTINGS, bidders=(YAMADA,), properties=(PROPERTY,), bids=(replace(BID, amount=1),)
    )
    findings = run_checks(portfolio, today=TODAY)
    text = format_report(
        portfolio, findings, upcoming_deadlines(portfolio, today=TODAY), today=TODAY
    )
    assert text.splitlines()[0] == (
        "チェック結果(基準日 令和8年12月3日(木)): 重大 1件・注意 0件・情報 0件"
    )
    assert "■ 令和7年(ケ)第1234号 物件1 / 山田 太郎 (入札 x1)" in text
    assert text.index("今後の期限") > text.index("[重大]")


def test_each_finding_shows_the_source_of_its_rule(run_cli: RunCli, tmp_path: Path) -> None:
    path = make(tmp_path, replace(BID, amount=1), replace(COMPANY_BID, documents=()))
    _, out, _ = run_cli("check", str(path), "--today", ISO_TODAY)
    lines = out.splitlines()
    below = lines[lines.index(next(x for x in lines if "[重大] 入札額1円" in x)) + 1]
    assert below == "         根拠: 民執法60条3項(買受可能価額未満の入札は無効)"
    # Each missing paper of x2 names its own rule (a run sharing one says it once).
    sources = [x for x in lines if x.strip().startswith("根拠:")]
    assert len(sources) == 5, sources
    assert "民執規則47条" in sources[1]  # 入札書
    assert "民執法65条の2" in "".join(sources)  # 陳述書
    assert "82条2項" not in "".join(sources[1:])  # no 融資 asked: not the 申出書's rule
    registry = next(x for x in sources if "38条3項" in x)
    assert lines[lines.index(registry) - 1].startswith("  [注意] 登記事項証明書")


def test_json_adds_title_and_source_and_keeps_the_contract_keys(
    run_cli: RunCli, tmp_path: Path
) -> None:
    path = make(tmp_path, replace(BID, amount=1))
    _, out, _ = run_cli("check", str(path), "--today", ISO_TODAY, "--json")
    [finding] = json.loads(out)["findings"]
    assert list(finding) == [
        "code", "severity", "bid", "property", "message", "due", "title", "source"
    ]  # fmt: skip
    assert finding["title"] == "入札額が買受可能価額未満"
    assert finding["source"].startswith("民執法60条3項")
