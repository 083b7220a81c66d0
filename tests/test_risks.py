"""The 3点セット risk sheet (domain/paperwork/risks.py), BID_ABOVE_LIMIT, the limit in the
cash flow, and both in the file (schema 3) and the interchange JSON."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from dataclasses import replace
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from conftest import RunCli
from hypothesis import given
from hypothesis import strategies as st

from biddesk.domain.funds.bidlimit import (
    limit_findings,
    property_bid_limit,
    undecided_price,
)
from biddesk.domain.funds.cashflow import EventKind, Scenario, compute_cashflow
from biddesk.domain.limits import MAX_YEN
from biddesk.domain.models import (
    Answer,
    Bid,
    BidLimitInputs,
    FarmlandUse,
    NamedCost,
    Occupant,
    Portfolio,
    Property,
    RiskSheet,
    Settings,
)
from biddesk.domain.paperwork.risks import (
    EVICTION_COST,
    risk_cost_lines,
    risk_findings,
    risk_notes,
    risk_rows,
)
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.rules.registry import RULES, Code, Severity
from biddesk.domain.storage import analysis_json
from biddesk.domain.storage.interchange import portfolio_from_json, portfolio_to_json
from biddesk.domain.storage.store import SCHEMA_VERSION, Change, PortfolioStore, load_portfolio

DATA = Path(__file__).parent / "data"
W, INF = Severity.WARNING, Severity.INFO

ISSUE_17_CODES = {
    Code.BID_ABOVE_LIMIT, Code.RISK_OCCUPANT, Code.RISK_ASSUMED_RIGHT, Code.RISK_SUPERFICIES,
    Code.RISK_UNPAID_FEES, Code.RISK_NOT_REBUILDABLE, Code.RISK_BOUNDARY, Code.RISK_FARMLAND,
}  # fmt: skip

# (name, sheet, property farmland, expected (code, severity) list)
TRIGGERS: list[tuple[str, RiskSheet, bool, list[tuple[Code, Severity]]]] = [
    (
        "owner occupies: 引渡命令",
        RiskSheet(occupant=Occupant.OWNER),
        False,
        [(Code.RISK_OCCUPANT, INF)],
    ),
    (
        "junior tenant: 明渡猶予 then 引渡命令",
        RiskSheet(occupant=Occupant.TENANT, senior_lease=Answer.NO),
        False,
        [(Code.RISK_OCCUPANT, INF)],
    ),
    (
        "tenant, lease not checked",
        RiskSheet(occupant=Occupant.TENANT),
        False,
        [(Code.RISK_OCCUPANT, W)],
    ),
    ("occupant unknown", RiskSheet(occupant=Occupant.UNKNOWN), False, [(Code.RISK_OCCUPANT, W)]),
    (
        "senior lease: taken over",
        RiskSheet(occupant=Occupant.TENANT, senior_lease=Answer.YES),
        False,
        [(Code.RISK_ASSUMED_RIGHT, W)],
    ),
    (
        "senior lease unknown",
        RiskSheet(senior_lease=Answer.UNKNOWN),
        False,
        [(Code.RISK_ASSUMED_RIGHT, W)],
    ),
    (
        "other assumed right",
        RiskSheet(assumed_rights=Answer.YES),
        False,
        [(Code.RISK_ASSUMED_RIGHT, W)],
    ),
    (
        "法定地上権",
        RiskSheet(statutory_superficies=Answer.YES),
        False,
        [(Code.RISK_SUPERFICIES, W)],
    ),
    (
        "法定地上権 unknown",
        RiskSheet(statutory_superficies=Answer.UNKNOWN),
        False,
        [(Code.RISK_SUPERFICIES, INF)],
    ),
    ("滞納管理費", RiskSheet(unpaid_fees=450_000), False, [(Code.RISK_UNPAID_FEES, INF)]),
    ("再建築不可", RiskSheet(rebuildable=Answer.NO), False, [(Code.RISK_NOT_REBUILDABLE, W)]),
    ("境界・越境", RiskSheet(boundary_issue=Answer.YES), False, [(Code.RISK_BOUNDARY, W)]),
    ("農地 3条", RiskSheet(farmland=FarmlandUse.FARMING), True, [(Code.RISK_FARMLAND, W)]),
    ("農地 5条", RiskSheet(farmland=FarmlandUse.CONVERSION), False, [(Code.RISK_FARMLAND, W)]),
    (
        "sheet says not farmland, the announcement says farmland",
        RiskSheet(farmland=FarmlandUse.NOT_FARMLAND),
        True,
        [(Code.RISK_FARMLAND, W)],
    ),
]

NEAR_MISSES: list[tuple[str, RiskSheet, bool]] = [
    ("nobody occupies", RiskSheet(occupant=Occupant.NONE), False),
    (
        "no senior lease, no other right",
        RiskSheet(senior_lease=Answer.NO, assumed_rights=Answer.NO),
        False,
    ),
    ("no 法定地上権", RiskSheet(statutory_superficies=Answer.NO), False),
    ("滞納管理費 0円", RiskSheet(unpaid_fees=0), False),
    ("rebuildable", RiskSheet(rebuildable=Answer.YES), False),
    ("no boundary issue", RiskSheet(boundary_issue=Answer.NO), False),
    ("not farmland, nor announced as such", RiskSheet(farmland=FarmlandUse.NOT_FARMLAND), False),
    ("nothing entered", RiskSheet(), True),
]


@pytest.mark.parametrize(
    ("name", "sheet", "farmland", "expected"), TRIGGERS, ids=[t[0] for t in TRIGGERS]
)
def test_triggers(
    name: str, sheet: RiskSheet, farmland: bool, expected: list[tuple[Code, Severity]]
) -> None:
    prop = Property(id="p1", farmland=farmland, risks=sheet)
    findings = risk_findings(prop, "x1")
    assert [(f.code, f.severity) for f in findings] == expected
    for finding in findings:
        assert finding.severity.rank >= RULES[finding.code].severity.rank  # never above the rule
        assert finding.bid == "x1" and finding.property == "p1" and finding.message.endswith("。")


@pytest.mark.parametrize(
    ("name", "sheet", "farmland"), NEAR_MISSES, ids=[n[0] for n in NEAR_MISSES]
)
def test_near_misses(name: str, sheet: RiskSheet, farmland: bool) -> None:
    assert risk_findings(Property(id="p1", farmland=farmland, risks=sheet), "x1") == []


def test_every_new_code_has_a_trigger_and_a_rule_with_a_source() -> None:
    triggered = {code for *_, expected in TRIGGERS for code, _ in expected} | {Code.BID_ABOVE_LIMIT}
    assert triggered == ISSUE_17_CODES
    for code in ISSUE_17_CODES:
        assert RULES[code].title and any(w in RULES[code].source for w in ("法", "規則"))


def test_cost_lines_from_the_sheet() -> None:
    sheet = RiskSheet(
        occupant=Occupant.OWNER, eviction_cost=600_000, senior_lease=Answer.YES,
        assumed_deposit=200_000, unpaid_fees=450_000,
    )  # fmt: skip
    assert [(c.name, c.amount) for c in risk_cost_lines(sheet)] == [
        (EVICTION_COST, 600_000),
        ("引受ける敷金等", 200_000),
        ("滞納管理費等", 450_000),
    ]
    # Near misses: nobody to evict; a deposit without a senior lease is owed to nobody.
    empty = RiskSheet(occupant=Occupant.NONE, eviction_cost=600_000, assumed_deposit=200_000)
    assert risk_cost_lines(empty) == ()
    assert risk_cost_lines(None) == ()


def test_the_notes_say_the_costs_were_included() -> None:
    notes = risk_notes(RiskSheet(occupant=Occupant.OWNER, eviction_cost=600_000))
    assert "600,000円" in notes[0].message and "民執法83条" in notes[0].message
    notes = risk_notes(RiskSheet(occupant=Occupant.OWNER))
    assert "入力してください" in notes[0].message


def test_rows_cover_every_item_with_its_source() -> None:
    rows = risk_rows(RiskSheet(rebuildable=Answer.NO, unpaid_fees=450_000))
    assert [r.item for r in rows] == [
        "占有者・引渡命令", "引受けとなる権利", "法定地上権", "滞納管理費等", "再建築の可否",
        "境界・越境", "農地",
    ]  # fmt: skip
    by_item = {r.item: r for r in rows}
    assert (
        by_item["再建築の可否"].entered == "不可"
        and "建築基準法43条" in by_item["再建築の可否"].source
    )
    assert "接道" in by_item["再建築の可否"].effect
    assert (
        by_item["滞納管理費等"].entered == "450,000円"
        and "区分所有" in by_item["滞納管理費等"].source
    )
    assert (
        by_item["占有者・引渡命令"].entered == "未入力" and by_item["占有者・引渡命令"].effect == ""
    )


# --- the property's limit, BID_ABOVE_LIMIT, the cash flow ---------------------------------

LIMIT = BidLimitInputs(
    value=30_000_000,
    sell_cost_rate=Fraction(4, 100),
    costs=(NamedCost(name="修繕", amount=1_050_000),),
    profit_rate=Fraction(15, 100),
    unit=10_000,
    tail=2_000,
)
PROP = Property(
    id="p1",
    base_price=25_000_000,
    opening_date=date(2027, 1, 27),
    bid_limit=LIMIT,
    risks=RiskSheet(unpaid_fees=450_000),
)


def test_the_property_limit_adds_the_sheet_costs_and_uses_its_minimum() -> None:
    limit = property_bid_limit(PROP)
    assert limit is not None
    assert limit.costs == 1_500_000 and limit.limit == 23_542_000  # the contract's example
    assert (limit.minimum_bid, limit.valid) == (20_000_000, True)
    assert property_bid_limit(replace(PROP, bid_limit=None)) is None
    assert property_bid_limit(replace(PROP, bid_limit=BidLimitInputs())) is None  # no value


@pytest.mark.parametrize(
    ("amount", "codes"),
    [(23_542_001, [Code.BID_ABOVE_LIMIT]), (23_542_000, []), (None, [])],
    ids=["one yen above: warned", "at the limit: near miss", "undecided"],
)
def test_bid_above_limit(amount: int | None, codes: list[Code]) -> None:
    bid = Bid(id="x1", property="p1", amount=amount)
    findings = limit_findings(bid, PROP)
    assert [f.code for f in findings] == codes
    if findings:
        assert findings[0].severity is W and "23,542,000円" in findings[0].message


def test_run_checks_reports_the_limit_and_the_sheet() -> None:
    portfolio = Portfolio(
        properties=(PROP,), bids=(Bid(id="x1", property="p1", amount=24_000_000),)
    )
    codes = {f.code for f in run_checks(portfolio, today=date(2026, 12, 1))}
    assert {Code.BID_ABOVE_LIMIT, Code.RISK_UNPAID_FEES} <= codes


def test_an_undecided_bid_is_costed_at_the_limit_in_the_all_win_cash_flow() -> None:
    assert undecided_price(PROP) == (23_542_000, True)
    below = replace(PROP, base_price=40_000_000)  # minimum 32,000,000 > the limit
    assert undecided_price(below) == (32_000_000, False)
    assert undecided_price(replace(PROP, bid_limit=None)) == (20_000_000, False)
    portfolio = Portfolio(
        settings=Settings(cash_on_hand=50_000_000),
        properties=(PROP,),
        bids=(Bid(id="x1", property="p1"),),
    )
    result = compute_cashflow(portfolio, scenario=Scenario.ALL, today=date(2026, 12, 1))
    balance = [e for e in result.events if e.kind is EventKind.BALANCE]
    assert len(balance) == 1
    assert balance[0].amount == -(23_542_000 - 5_000_000)  # the limit − the deposit
    assert "入札上限で試算" in balance[0].label and balance[0].estimated


# --- the file and the interchange JSON ----------------------------------------------------

FULL_SHEET = RiskSheet(
    occupant=Occupant.TENANT, senior_lease=Answer.YES, assumed_rights=Answer.NO,
    assumed_deposit=300_000, statutory_superficies=Answer.UNKNOWN, unpaid_fees=450_000,
    rebuildable=Answer.NO, boundary_issue=Answer.YES, farmland=FarmlandUse.CONVERSION,
    eviction_cost=0, note="現況調査報告書 p.12",
)  # fmt: skip
ODD_LIMIT = replace(
    LIMIT,
    value=None,
    rent_yearly=1_200_000,
    expenses_yearly=200_000,
    target_yield=Fraction(1, 300),  # 1/3 %: no finite decimal
    profit_rate=None,
    profit=500_000,
)


def _entered() -> Portfolio:
    return Portfolio(
        properties=(
            replace(PROP, risks=FULL_SHEET),
            Property(id="p2", bid_limit=ODD_LIMIT),
            Property(id="p3"),
        )
    )


def test_interchange_round_trip_keeps_the_inputs_exactly() -> None:
    data = portfolio_to_json(_entered())
    assert data["properties"][1]["bid_limit"]["target_yield"] == "1/3"
    assert data["properties"][0]["bid_limit"]["sell_cost_rate"] == "4"
    assert "bid_limit" not in data["properties"][2] and "risks" not in data["properties"][2]
    again = portfolio_from_json(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again.properties == _entered().properties
    assert portfolio_to_json(again) == data


def test_an_older_document_without_the_keys_imports_as_not_entered() -> None:
    data = json.loads((DATA / "interchange" / "rich.json").read_text(encoding="utf-8"))
    assert all("bid_limit" not in p and "risks" not in p for p in data["properties"])
    portfolio = portfolio_from_json(data)
    assert all(p.bid_limit is None and p.risks is None for p in portfolio.properties)


@pytest.mark.parametrize(
    ("patch", "path"),
    [
        ({"bid_limit": {"value": "3000万"}}, "properties[0].bid_limit.value"),
        ({"bid_limit": {"sell_cost_rate": 4}}, "properties[0].bid_limit.sell_cost_rate"),
        (
            {"bid_limit": {"costs": [{"name": "x", "amount": -1}]}},
            "properties[0].bid_limit.costs[0].amount",
        ),
        ({"risks": {"occupant": "ghost"}}, "properties[0].risks.occupant"),
        ({"risks": []}, "properties[0].risks"),
    ],
)
def test_a_wrong_value_names_its_path(patch: dict[str, object], path: str) -> None:
    data = portfolio_to_json(Portfolio(properties=(Property(id="p1"),)))
    data["properties"][0].update(patch)
    with pytest.raises(Exception, match=re.escape(path)):
        portfolio_from_json(data)


def test_the_file_keeps_the_inputs_and_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "p.biddesk"
    with PortfolioStore.create(path) as store:
        store.apply(Change(put_properties=_entered().properties))
    assert load_portfolio(path).properties == _entered().properties


def test_a_version_2_file_migrates_to_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "v2.biddesk"
    shutil.copy(DATA / "portfolio_v2.biddesk", path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    before = load_portfolio(path)  # read-only: migrated in memory only
    assert before.properties and all(p.bid_limit is None for p in before.properties)
    with PortfolioStore.open(path) as store:
        assert store.migrated_from == 2
        first = store.load().properties[0]
        store.apply(Change(put_properties=(replace(first, bid_limit=LIMIT, risks=FULL_SHEET),)))
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'properties'").fetchone()[
            0
        ]
        assert '"properties.bid_limit"' in table and '"properties.risks"' in table
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE properties SET risks = '[]'")  # the CHECK holds
    finally:
        conn.close()
    after = load_portfolio(path)
    assert after.properties[0].bid_limit == LIMIT and after.properties[0].risks == FULL_SHEET
    assert after.bids == before.bids and after.properties[1:] == before.properties[1:]


# --- the 入札準備シート and the workbook ---------------------------------------------------


def _with_bid(amount: int | None) -> Portfolio:
    prop = replace(PROP, risks=RiskSheet(occupant=Occupant.OWNER, rebuildable=Answer.NO))
    return Portfolio(properties=(prop,), bids=(Bid(id="x1", property="p1", amount=amount),))


def test_the_bid_sheet_shows_the_limit_and_the_risk_sheet(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from biddesk.forms.report import write_bid_sheet

    path = write_bid_sheet(_with_bid(24_000_000), "x1", tmp_path / "s.pdf", today=date(2026, 12, 1))
    pages = [page.extract_text() for page in PdfReader(path).pages]
    assert len(pages) == 1
    text = pages[0].replace("\n", "")
    assert "入札上限・3点セット" in text
    assert "入札上限 23,992,000円" in text  # 28,800,000 ÷ 1.15 − 1,050,000, to …2,000
    assert "上限を8,000円超えています" in text
    assert "再建築の可否" in text and "不可" in text


def test_the_bid_sheet_without_entries_has_no_such_section(tmp_path: Path) -> None:
    from pypdf import PdfReader

    from biddesk.forms.report import write_bid_sheet

    plain = Portfolio(
        properties=(Property(id="p1", base_price=10_000_000),), bids=(Bid(id="x1", property="p1"),)
    )
    path = write_bid_sheet(plain, "x1", tmp_path / "s.pdf", today=date(2026, 12, 1))
    assert "3点セット" not in PdfReader(path).pages[0].extract_text()


def test_the_workbook_sheet_lists_the_entered_properties() -> None:
    from biddesk.forms.workbook import workbook_rows

    portfolio = replace(
        _with_bid(None), properties=(*_with_bid(None).properties, Property(id="p2"))
    )
    sheet = next(
        s
        for s in workbook_rows(portfolio, today=date(2026, 12, 1))
        if s.title == "入札上限・3点セット"
    )
    assert len(sheet.rows) == 1  # p2 has nothing entered
    row = dict(zip(sheet.headers, sheet.rows[0], strict=True))
    assert (row["事件番号"], row["入札上限"], row["買受可能価額"]) == (
        portfolio.properties[0].case_number,
        23_992_000,
        20_000_000,
    )
    assert row["上限は買受可能価額以上"] == "はい"
    assert row["再建築の可否"] == "不可" and "接道" in str(row["3点セットの影響"])
    assert "端数の調整" in str(row["計算"])


# --- the stored shapes, property-based --------------------------------------------------

_amount = st.none() | st.integers(min_value=0, max_value=MAX_YEN)
_rate = st.fractions(min_value=0, max_value=1, max_denominator=100_000)
_costs = st.builds(NamedCost, name=st.text(max_size=8), amount=st.integers(0, MAX_YEN))


@st.composite
def _inputs(draw: st.DrawFn) -> BidLimitInputs:
    return BidLimitInputs(
        value=draw(_amount),
        rent_yearly=draw(_amount),
        expenses_yearly=draw(st.integers(0, MAX_YEN)),
        target_yield=draw(st.none() | _rate),
        sell_cost_rate=draw(_rate),
        costs=tuple(
            NamedCost(name=name, amount=amount)
            for name, amount in draw(
                st.lists(st.tuples(st.text(max_size=8), st.integers(0, MAX_YEN)), max_size=3)
            )
        ),
        profit_rate=draw(st.none() | _rate),
        profit=draw(_amount),
        unit=draw(_amount),
        tail=draw(st.integers(0, MAX_YEN)),
    )


@st.composite
def _sheets(draw: st.DrawFn) -> RiskSheet:
    answer = st.none() | st.sampled_from(Answer)
    return RiskSheet(
        occupant=draw(st.none() | st.sampled_from(Occupant)),
        senior_lease=draw(answer),
        assumed_rights=draw(answer),
        assumed_deposit=draw(_amount),
        statutory_superficies=draw(answer),
        unpaid_fees=draw(_amount),
        rebuildable=draw(answer),
        boundary_issue=draw(answer),
        farmland=draw(st.none() | st.sampled_from(FarmlandUse)),
        eviction_cost=draw(_amount),
        note=draw(st.text(max_size=20)),
    )


@given(_inputs(), _sheets())
def test_the_json_shapes_round_trip_exactly(inputs: BidLimitInputs, sheet: RiskSheet) -> None:
    problems: list[str] = []

    def fail(path: str, problem: str) -> None:
        problems.append(f"{path}: {problem}")

    text = json.dumps(analysis_json.bid_limit_to_json(inputs), ensure_ascii=False)
    assert analysis_json.bid_limit_from_json(json.loads(text), "p", fail) == inputs
    text = json.dumps(analysis_json.risks_to_json(sheet), ensure_ascii=False)
    assert analysis_json.risks_from_json(json.loads(text), "p", fail) == sheet
    assert problems == []


def test_dump_import_dump_and_check_on_the_command_line(run_cli: RunCli, tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    portfolio = replace(_with_bid(24_000_000), bidders=())
    source.write_text(
        json.dumps(portfolio_to_json(portfolio), ensure_ascii=False), encoding="utf-8"
    )
    target = tmp_path / "p.biddesk"
    assert run_cli("new", str(target))[0] == 0
    assert run_cli("import", str(target), str(source))[0] == 0
    code, first, _ = run_cli("dump", str(target))
    assert code == 0
    dumped = json.loads(first)["properties"][0]
    assert dumped["bid_limit"]["profit_rate"] == "15" and dumped["risks"]["rebuildable"] == "no"
    again = tmp_path / "again.biddesk"
    (tmp_path / "again.json").write_text(first, encoding="utf-8")
    run_cli("new", str(again))
    assert run_cli("import", str(again), str(tmp_path / "again.json"))[0] == 0
    assert run_cli("dump", str(again))[1] == first
    code, out, _ = run_cli("check", str(target), "--today", "2026-12-01", "--json")
    codes = {f["code"] for f in json.loads(out)["findings"]}
    assert {"BID_ABOVE_LIMIT", "RISK_OCCUPANT", "RISK_NOT_REBUILDABLE"} <= codes
