"""`new`, `import`, `dump`, `list` (contracts.md), run in-process through main.main."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from biddesk.cli.common import display_width
from biddesk.domain.storage.store import PortfolioStore

RunCli = Callable[..., tuple[int, str, str]]  # the run_cli fixture of conftest.py

DATA = Path(__file__).parent / "data"
RICH = DATA / "interchange" / "rich.json"


@pytest.fixture
def portfolio(tmp_path: Path, run_cli: RunCli) -> Path:
    path = tmp_path / "p.biddesk"
    code, out, _ = run_cli("new", str(path))
    assert code == 0 and str(path) in out
    return path


def dump(run_cli: RunCli, path: Path) -> dict[str, Any]:
    code, out, err = run_cli("dump", str(path))
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def without_ids(data: dict[str, Any]) -> dict[str, Any]:
    """The document with every id and reference replaced by its position."""
    text = json.dumps(data, ensure_ascii=False)
    for key, prefix in (("properties", "P"), ("bidders", "B"), ("bids", "X")):
        for index, item in enumerate(data[key]):
            text = re.sub(rf'"{item["id"]}"', f'"{prefix}{index}"', text)
    result: dict[str, Any] = json.loads(text)
    return result


def test_new_refuses_an_existing_file(run_cli: RunCli, portfolio: Path) -> None:
    code, out, err = run_cli("new", str(portfolio))
    assert code == 2 and out == ""
    assert err.startswith("エラー: 同じ名前のファイルがすでにあります")


def test_dump_import_dump_is_stable(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("import", str(portfolio), str(RICH))
    assert code == 0, err
    assert "物件4件、入札者3件、入札5件を追加しました" in out
    first = dump(run_cli, portfolio)
    assert first == json.loads(RICH.read_text(encoding="utf-8"))
    dumped = tmp_path / "dumped.json"
    dumped.write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    again = tmp_path / "again.biddesk"
    run_cli("new", str(again))
    assert run_cli("import", str(again), str(dumped))[0] == 0
    assert dump(run_cli, again) == first


def test_importing_twice_adds_nothing_the_second_time(run_cli: RunCli, portfolio: Path) -> None:
    run_cli("import", str(portfolio), str(RICH))
    first = dump(run_cli, portfolio)
    code, out, err = run_cli("import", str(portfolio), str(RICH))
    assert code == 0, err
    assert "rich.json: 物件0件、入札者0件、入札0件(登録済み: 物件4件、入札者3件、入札5件)" in out
    assert "物件0件、入札者0件、入札0件を追加しました" in out
    assert dump(run_cli, portfolio) == first  # contracts.md: never a second copy


def test_a_withdrawal_card_updates_the_property_and_names_its_bids(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    run_cli("import", str(portfolio), str(RICH))
    before = dump(run_cli, portfolio)
    target = before["properties"][0]
    card = tmp_path / "withdrawn.txt"
    card.write_text(
        f"{target['court']}　{target['case_number']}\n物件番号：{target['property_numbers'][0]}\n"
        "中止情報：取下げ\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("import", str(portfolio), str(card), "--dry-run")  # the preview
    assert code == 0, err
    assert "状態 公告中→取下げ" in out and "何も書き込んでいません" in out
    assert dump(run_cli, portfolio) == before
    code, out, err = run_cli("import", str(portfolio), str(card))
    assert code == 0, err
    assert f"更新: {target['court']} {target['case_number']} 物件1: 状態 公告中→取下げ" in out
    assert "PROPERTY_WITHDRAWN" in out
    assert "登録済みの物件1件を更新しました" in out
    after = dump(run_cli, portfolio)
    assert len(after["properties"]) == len(before["properties"])
    assert after["properties"][0]["status"] == "withdrawn"
    assert after["properties"][0]["base_price"] == target["base_price"]  # kept
    code, out, _ = run_cli("check", str(portfolio), "--today", "2026-11-23", "--json")
    codes = {(f["code"], f["property"]) for f in json.loads(out)["findings"]}
    assert ("PROPERTY_WITHDRAWN", target["id"]) in codes


def test_settings_are_imported_only_into_unset_settings(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    other = json.loads(RICH.read_text(encoding="utf-8"))
    other["settings"]["cash_on_hand"] = 1
    other_path = tmp_path / "other.json"
    other_path.write_text(json.dumps(other), encoding="utf-8")
    _, out, _ = run_cli("import", str(portfolio), str(RICH))
    assert "設定(手元資金・予備資金・融資枠・余裕日数)を取り込みました" in out
    _, out, _ = run_cli("import", str(portfolio), str(other_path))
    assert "現在の設定を残しました" in out
    assert dump(run_cli, portfolio)["settings"]["cash_on_hand"] == 30_000_000


def test_import_announcement_text_and_csv(run_cli: RunCli, portfolio: Path) -> None:
    code, out, err = run_cli(
        "import",
        str(portfolio),
        str(DATA / "interchange" / "two_cards.txt"),
        str(DATA / "csv" / "japanese.csv"),
    )
    assert code == 0, err
    assert "two_cards.txt: 物件2件、入札者0件、入札0件" in out
    # The CSV repeats the two cards' properties: they are merged, not added again.
    assert "japanese.csv: 物件1件、入札者0件、入札0件" in out
    assert "同じ物件を1件にまとめました: 千葉地方裁判所松戸支部 令和7年(ケ)第517号 物件1,2" in out
    assert "注意: 令和7年(ケ)第517号 物件1,2: 買受申出保証額の記載がないため" in out
    assert "物件3件、入札者0件、入札0件を追加しました" in out
    properties = dump(run_cli, portfolio)["properties"]
    assert [p["id"] for p in properties] == ["p1", "p2", "p3"]
    assert properties[0]["note"] == "駅近" and properties[1]["farmland"] is True


def test_a_cp932_csv_is_read(run_cli: RunCli, portfolio: Path, tmp_path: Path) -> None:
    sjis = tmp_path / "sjis.csv"
    sjis.write_bytes("事件番号,売却基準価額\n令和7年(ケ)第1号,100万円\n".encode("cp932"))
    assert run_cli("import", str(portfolio), str(sjis))[0] == 0
    assert dump(run_cli, portfolio)["properties"][0]["base_price"] == 1_000_000


def test_a_bad_file_among_good_ones_imports_nothing(
    run_cli: RunCli, portfolio: Path, tmp_path: Path
) -> None:
    bad = json.loads(RICH.read_text(encoding="utf-8"))
    bad["bids"][2]["amount"] = "7,650,000"
    bad_path = tmp_path / "bad.json"
    bad_path.write_text(json.dumps(bad), encoding="utf-8")
    before = portfolio.read_bytes()
    code, out, err = run_cli(
        "import", str(portfolio), str(DATA / "csv" / "japanese.csv"), str(bad_path)
    )
    assert code == 2 and out == ""
    assert "bids[2].amount: expected an integer yen amount" in err
    assert "何も取り込みませんでした" in err and err.count("\n") == 1
    assert portfolio.read_bytes() == before
    assert dump(run_cli, portfolio)["properties"] == []


def test_two_bad_files_are_both_reported(run_cli: RunCli, portfolio: Path) -> None:
    code, _, err = run_cli(
        "import", str(portfolio), str(DATA / "csv" / "bad_cells.csv"), str(DATA / "nowhere.json")
    )
    assert code == 2
    assert "2個のファイルに誤りがあるため" in err
    assert "3行目「売却基準価額」" in err and "nowhere.json" in err


def test_import_into_a_portfolio_open_elsewhere_is_refused(
    run_cli: RunCli, portfolio: Path
) -> None:
    with PortfolioStore.open(portfolio):
        code, _, err = run_cli("import", str(portfolio), str(RICH))
    assert code == 2 and "編集中" in err
    assert dump(run_cli, portfolio)["bids"] == []


def test_commands_on_missing_or_foreign_files(run_cli: RunCli, tmp_path: Path) -> None:
    missing = tmp_path / "missing.biddesk"
    code, _, err = run_cli("import", str(missing), str(RICH))
    assert code == 2 and "見つかりません" in err
    assert not missing.exists()
    foreign = tmp_path / "notes.txt"
    foreign.write_text("hello " * 100, encoding="utf-8")
    for command in ("dump", "list"):
        code, out, err = run_cli(command, str(foreign))
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "BidDeskのポートフォリオファイルではないか" in err


def test_list_prints_an_aligned_japanese_table(run_cli: RunCli, portfolio: Path) -> None:
    run_cli("import", str(portfolio), str(RICH))
    code, out, _ = run_cli("list", str(portfolio))
    assert code == 0
    lines = out.splitlines()
    for header in ("裁判所", "事件番号", "物件番号", "売却基準価額", "買受可能価額", "保証額",
                   "入札額", "状態"):  # fmt: skip
        assert header in lines[0]
    table = lines[: lines.index("")]
    assert len(table) == 2 + 5  # header, rule, p1 twice (x1, x5), p2, p3, p4
    row = next(line for line in table if "令和7年(ケ)第1234号" in line and "山田 太郎" in line)
    assert "15,000,000円" in row and "12,340,000円" in row and "入札準備中" in row
    assert any("取下げ" in line for line in table)
    assert "4,320,000円(推定)" in out
    assert lines[-1] == "物件4件、入札5件"
    # Right-aligned amounts: 売却基準価額 and 買受可能価額 end at one display column.
    priced = [line for line in table[2:] if line.count("円") >= 3]
    assert len(priced) == 4
    for nth in (1, 2):
        ends = {display_width("円".join(line.split("円")[:nth])) for line in priced}
        assert len(ends) == 1


def test_list_json_is_one_object_per_line(run_cli: RunCli, portfolio: Path) -> None:
    run_cli("import", str(portfolio), str(RICH))
    code, out, _ = run_cli("list", str(portfolio), "--json")
    assert code == 0
    rows = json.loads(out)
    assert isinstance(rows, list) and len(rows) == 5
    first = rows[0]
    assert first["property"] == "p1" and first["bid"] == "x1"
    assert first["amount"] == 15_000_000 and first["bidder_name"] == "山田 太郎"
    assert first["minimum_bid"] == 9_872_000 and first["status"] == "入札準備中"
    won = next(r for r in rows if r["bid"] == "x3")
    assert won["outcome"] == "won" and won["status"] == "最高価買受申出人"
    assert next(r for r in rows if r["property"] == "p3")["property_status"] == "withdrawn"


def test_list_of_an_empty_portfolio(run_cli: RunCli, portfolio: Path) -> None:
    code, out, _ = run_cli("list", str(portfolio), "--json")
    assert code == 0 and json.loads(out) == []
    code, out, _ = run_cli("list", str(portfolio))
    assert code == 0 and out.splitlines()[-1] == "物件0件、入札0件"
