"""`results`, `market`, `quote --market` and the results list of dump/import (contracts.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from biddesk.domain.edits.change import PortfolioState, inverse_of
from biddesk.domain.market.proposals import propose_outcomes, record_proposals
from biddesk.domain.market.results_parsing import parse_results
from biddesk.domain.models import OutcomeResult, PropertyStatus
from biddesk.domain.storage.interchange import portfolio_from_text
from biddesk.domain.storage.store import load_portfolio

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py
DATA = Path(__file__).parent / "data" / "results"
STACKED = DATA / "stacked.txt"
BIDS = DATA / "bids_kawasaki.json"
AFTER = "2026-12-17"


@pytest.fixture
def portfolio(run_cli: RunCli, tmp_path: Path) -> Path:
    path = tmp_path / "r.biddesk"
    assert run_cli("new", str(path))[0] == 0
    code, _, err = run_cli("import", str(path), str(BIDS))
    assert code == 0, err
    return path


def results_json(run_cli: RunCli, *args: str) -> Any:
    code, out, err = run_cli("results", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def test_the_proposals_for_each_case(run_cli: RunCli, portfolio: Path) -> None:
    data = results_json(run_cli, str(portfolio), str(STACKED), "--today", AFTER)
    assert data["added"] == 4 and len(data["results"]) == 4
    proposals = {p["bid"]: p for p in data["proposals"]}
    assert {k: (p["result"], p["top_bid"]) for k, p in proposals.items()} == {
        "x1": ("won", 18_250_000),  # own amount = 売却価額
        "x2": ("lost", 18_250_000),  # below, 次順位 possible
        "x4": ("withdrawn", None),  # 取下
        "x5": ("lost", 9_876_000),  # below, 次順位 not possible
    }
    # 民執法67条, 以上: 16,000,000 ≥ 18,250,000 − 2,400,000; 8,000,000 < 9,876,000 − 1,300,000
    assert "15,850,000円以上のため、次順位買受けの申出ができます" in proposals["x2"]["reason"]
    assert "8,576,000円未満のため、次順位買受けの申出はできません" in proposals["x5"]["reason"]
    # 不売 while the own bid x3 was valid: a warning, no proposal; x6 is another opening
    (warning,) = data["warnings"]
    assert warning.startswith("令和8年(ヌ)第42号 物件1,2(入札x3): 有効な入札をしたのに")
    assert data["applied"] is False
    assert all(b.outcome is None for b in load_portfolio(portfolio).bids)


def test_apply_records_them_and_refunds_and_cash_follow(run_cli: RunCli, portfolio: Path) -> None:
    results_json(run_cli, str(portfolio), str(STACKED), "--today", AFTER, "--apply")
    after = load_portfolio(portfolio)
    outcomes = {b.id: b.outcome.result for b in after.bids if b.outcome is not None}
    assert outcomes == {
        "x1": OutcomeResult.WON,
        "x2": OutcomeResult.LOST,
        "x4": OutcomeResult.WITHDRAWN,
        "x5": OutcomeResult.LOST,
    }
    withdrawn = after.property_by_id("p3")
    assert withdrawn is not None and withdrawn.status is PropertyStatus.WITHDRAWN
    code, out, err = run_cli("cashflow", str(portfolio), "--json")
    assert code == 0, err
    events = {(e["kind"], e["bid"]) for e in json.loads(out)["events"]}
    assert {("refund", "x2"), ("refund", "x4"), ("refund", "x5"), ("balance", "x1")} <= events
    # Run again: nothing added twice, nothing proposed twice
    again = results_json(run_cli, str(portfolio), str(STACKED), "--today", AFTER, "--apply")
    assert again["added"] == 0 and again["proposals"] == []


def test_text_output_says_what_to_do(run_cli: RunCli, portfolio: Path) -> None:
    code, out, _ = run_cli("results", str(portfolio), str(STACKED), "--today", AFTER)
    assert code == 0
    assert "売却結果4件を読み取り、4件を履歴に追加しました(登録済み0件)。" in out
    assert "記録するには --apply を付けて実行してください。" in out
    code, out, _ = run_cli("results", str(portfolio), str(STACKED), "--today", AFTER, "--apply")
    assert "4件の開札結果を記録しました。" in out and "返還管理 x2:" in out


def test_before_the_opening_nothing_is_proposed(run_cli: RunCli, portfolio: Path) -> None:
    data = results_json(run_cli, str(portfolio), str(STACKED), "--today", "2026-12-15")
    assert data["proposals"] == [] and data["added"] == 4
    assert any("基準日より後" in w for w in data["warnings"])


def test_recorded_proposals_undo_in_one_step() -> None:
    before = portfolio_from_text(BIDS.read_text(encoding="utf-8"))
    reading = propose_outcomes(before, parse_results(STACKED.read_text(encoding="utf-8")).results)
    change = record_proposals(reading.proposals)
    state = PortfolioState.of(before)
    undo = inverse_of(change, state)
    state.apply(change)
    assert state.bids["x1"].outcome is not None
    state.apply(undo)
    assert state.portfolio() == before


def test_an_outcome_already_recorded_is_not_overwritten(tmp_path: Path) -> None:
    from dataclasses import replace

    from biddesk.domain.models import Outcome

    before = portfolio_from_text(BIDS.read_text(encoding="utf-8"))
    bids = tuple(
        replace(b, outcome=Outcome(result=OutcomeResult.SECOND)) if b.id == "x2" else b
        for b in before.bids
    )
    reading = propose_outcomes(
        replace(before, bids=bids), parse_results(STACKED.read_text(encoding="utf-8")).results
    )
    assert "x2" not in {p.bid.id for p in reading.proposals}
    assert any("すでに「次順位買受申出人」が記録されている" in w for w in reading.warnings)


def test_errors_are_one_sentence_and_write_nothing(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    memo = tmp_path / "memo.txt"
    memo.write_text("買い物リスト\n牛乳\n", encoding="utf-8")
    code, out, err = run_cli("results", str(portfolio), str(STACKED), str(memo))
    assert code == 2 and out == ""
    assert "memo.txt: 売却結果(事件番号・開札結果)が見つかりません" in err
    assert "何も記録しませんでした" in err
    code, _, err = run_cli("market", str(portfolio), "--json")
    assert json.loads(run_cli("market", str(portfolio), "--json")[1])["count"] == 0
    code, _, err = run_cli("results", str(tmp_path / "none.biddesk"), str(STACKED))
    assert code == 2 and "ポートフォリオファイルが見つかりません" in err


def test_market_statistics(run_cli: RunCli, portfolio: Path) -> None:
    run_cli("results", str(portfolio), str(STACKED), str(DATA / "one_line.txt"), "--apply")
    code, out, err = run_cli("market", str(portfolio), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert (data["count"], data["sold"], data["unsold"], data["withdrawn"]) == (7, 3, 2, 2)
    assert data["sale_rate"] == 0.6
    # ratios 9,876,000/6,500,000 = 1.519…, 18,250,000/12,000,000 = 1.5208…, 21.5/15 = 1.4333…
    assert data["quartiles"] == {"q1": 1.476, "median": 1.519, "q3": 1.52}
    assert data["mean_bidders"] == 9.0
    code, out, _ = run_cli("market", str(portfolio), "--court", "横浜地裁川崎支部", "--json")
    one = json.loads(out)
    assert one["court"] == "横浜地方裁判所川崎支部" and one["count"] == 4
    assert [g["kind"] for g in one["groups"]] == ["マンション", "土地", "戸建て"]
    assert [y["year"] for y in one["years"]] == [2026]
    gaps = {row["bid"]: row["gap"] for row in one["own_bids"]}
    assert gaps["x1"] == 0.0 and gaps["x5"] == -0.19 and gaps["x3"] is None
    assert one["usual_gap"] == -0.123
    code, out, _ = run_cli("market", str(portfolio), "--kind", "戸建")
    assert code == 0 and out.startswith("戸建て: 2件")


def test_quote_market_adds_the_chance(run_cli: RunCli, portfolio: Path) -> None:
    run_cli("results", str(portfolio), str(STACKED))
    code, out, err = run_cli(
        "quote", "10000000", "--bid", "15200000", "--market", str(portfolio), "--court",
        "横浜地方裁判所川崎支部", "--kind", "マンション", "--json",
    )  # fmt: skip
    assert code == 0, err
    # fewer than 20 everywhere: all 3 comparables; 1.52 ≥ 1.5194 (戸建て) but < 1.5208; 不売 counts
    assert json.loads(out)["market"] == {"group": "all", "comparables": 3, "win_chance": 0.667}
    code, out, _ = run_cli("quote", "10000000", "--bid", "15200000", "--market", str(portfolio))
    assert "落札の見込み: 66.7%(すべての結果の売却結果3件のうち" in out
    code, _, err = run_cli("quote", "10000000", "--court", "東京地裁")
    assert code == 2 and "--market と一緒に" in err


def test_dump_import_carries_the_results(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    run_cli("results", str(portfolio), str(STACKED))
    code, out, _ = run_cli("dump", str(portfolio))
    first = json.loads(out)
    assert len(first["results"]) == 4 and first["results"][1]["property_numbers"] == ["1", "2"]
    dumped = tmp_path / "d.json"
    dumped.write_text(out, encoding="utf-8")
    copy = tmp_path / "copy.biddesk"
    run_cli("new", str(copy))
    code, out, err = run_cli("import", str(copy), str(dumped))
    assert code == 0, err and "売却結果4件のうち4件を履歴に追加しました" in out
    assert json.loads(run_cli("dump", str(copy))[1]) == first
    # an older document without the list imports as before
    assert "results" not in json.loads(BIDS.read_text(encoding="utf-8"))


def test_a_wrong_result_in_json_names_its_path(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    doc = json.loads(BIDS.read_text(encoding="utf-8"))
    doc["results"] = [{"court": "東京地方裁判所本庁", "case_number": "令和8年(ケ)第1号",
                       "property_numbers": ["1"], "result": "sold", "opening_date": "2026-12-09",
                       "base_price": 1000000}]  # fmt: skip
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, _, err = run_cli("import", str(portfolio), str(bad))
    assert code == 2 and "results[0].sale_price: required for a sold result" in err
