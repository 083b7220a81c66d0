"""書類チェック says what the core rules say: each note and cell is the core's answer, so
a change of the rule changes the tab (no copy of a rule in the window)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from window_support import TODAY

from biddesk.domain.edits import operations
from biddesk.domain.models import Bid, Bidder, BidderKind, DocType
from biddesk.domain.paperwork import certificates
from biddesk.domain.rules import checks
from biddesk.domain.storage.store import PortfolioStore
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.views.checklist_tab import ChecklistColumn, ChecklistTab


@pytest.fixture
def document(tmp_path: Path, qapp: object) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    opened = PortfolioDocument(PortfolioStore.open(path))
    yield opened
    opened.close()


@pytest.fixture
def tab(qtbot: Any, document: PortfolioDocument) -> ChecklistTab:
    widget = ChecklistTab(document, TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def show(tab: ChecklistTab, bid_id: str) -> None:
    bid = tab.document.state.bids[bid_id]
    tab.show_bid(tab.document.state.properties[bid.property], bid)


def _gappy(document: PortfolioDocument) -> Bid:
    """The corporation's bid x2 with gaps everywhere: no 代表者の資格, an officer without
    an address, a joint bidder without 性別, a funder without 住所."""
    company = document.state.bidders["b2"]
    officers = (company.officers[0], replace(company.officers[1], address=""))
    partner = Bidder(
        id="b8", kind=BidderKind.INDIVIDUAL, name="佐藤 次郎", name_kana="サトウ ジロウ"
    )
    funder = Bidder(
        id="b9", kind=BidderKind.INDIVIDUAL, name="田中 三郎", name_kana="タナカ サブロウ",
        sex="男",
    )  # fmt: skip
    for bidder in (replace(company, representative_title="", officers=officers), partner, funder):
        document.apply(operations.put_bidder(bidder), "入札者")
    bid = replace(document.state.bids["x2"], joint_bidders=("b2", "b8"), funder="b9")
    document.apply(operations.put_bid(bid), "入札")
    return bid


def test_the_notes_name_every_gap_statement_incomplete_names(tab: ChecklistTab) -> None:
    """The cross-check: each gap of each 陳述書 the check reports is in the notes, and
    every person's gaps (checks.statement_gaps) are."""
    bid = _gappy(tab.document)
    show(tab, "x2")
    notes = tab.notes.text()
    state = tab.document.state
    for person in [state.bidders[k] for k in ("b2", "b8", "b9")]:
        gaps = checks.statement_gaps(person)
        assert gaps, person.name
        for gap in gaps:
            assert gap in notes
    reported = [
        f.message
        for f in checks.check_bid(tab.document.portfolio(), bid, today=TODAY)
        if f.code == "STATEMENT_INCOMPLETE"
    ]
    assert len(reported) == sum(
        len(checks.statement_gaps(state.bidders[k])) for k in ("b2", "b8", "b9")
    )
    for message in reported:
        gap = message.split("の陳述書: ", 1)[1].split("。", 1)[0]
        assert gap in notes


def test_a_missing_representative_title_is_no_longer_called_complete(tab: ChecklistTab) -> None:
    """The tab's own copy checked only the officers: a corporation without 代表者の資格
    was 「すべて入力済み」 while STATEMENT_INCOMPLETE reported it."""
    company = tab.document.state.bidders["b2"]
    tab.document.apply(operations.put_bidder(replace(company, representative_title="")), "代表者")
    show(tab, "x2")
    assert "代表者の資格が未入力です" in tab.notes.text()
    assert "すべて入力済み" not in tab.notes.text()


def test_an_individuals_missing_facts_are_noted(tab: ChecklistTab) -> None:
    bidder = tab.document.state.bidders["b1"]
    tab.document.apply(operations.put_bidder(replace(bidder, sex="")), "性別")
    bid_id = next(b.id for b in tab.document.state.bids.values() if b.bidder == "b1")
    show(tab, bid_id)
    assert "性別が未入力です" in tab.notes.text()


def test_changing_the_core_rule_changes_the_notes(
    tab: ChecklistTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "statement_gaps", lambda _person: ["核の規則が変わりました"])
    show(tab, "x2")
    assert "核の規則が変わりました" in tab.notes.text()


def _issue(tab: ChecklistTab, bid_id: str, doc_type: DocType, issued: date | None) -> str:
    """Set the document's issue date through the core's operation; the 3か月以内 cell."""
    show(tab, bid_id)
    row = tab.rows[tab.row_of(doc_type)]
    assert row.document is not None
    bid = tab.document.state.bids[bid_id]
    change = operations.put_document(bid, row.index, replace(row.document, issued=issued))
    tab.document.apply(change, "発行日")
    show(tab, bid_id)
    item = tab.table.item(tab.row_of(doc_type), ChecklistColumn.VALIDITY)
    return item.text() if item is not None else ""


def _date_findings(tab: ChecklistTab, bid_id: str) -> set[str]:
    bid = tab.document.state.bids[bid_id]
    found = checks.check_bid(tab.document.portfolio(), bid, today=TODAY)
    return {
        f"{f.code}:{f.severity}"
        for f in found
        if f.code in ("DOC_EXPIRED", "DOC_DATE_INVALID") and "登記事項証明書" in f.message
    }


@pytest.mark.parametrize(
    ("issued", "cell", "found"),
    [
        (date(2026, 11, 16), "有効", set()),
        (date(2025, 6, 1), "期限切れ", {"DOC_EXPIRED:error"}),
        (date(2026, 12, 1), "日付誤り", {"DOC_DATE_INVALID:error"}),  # after today
        (None, "未入力", {"DOC_EXPIRED:warning"}),
    ],
)
def test_the_validity_cell_agrees_with_the_check(
    tab: ChecklistTab, issued: date | None, cell: str, found: set[str]
) -> None:
    assert _issue(tab, "x2", DocType.REGISTRY, issued) == cell
    assert _date_findings(tab, "x2") == found


def test_a_certificate_dated_after_today_is_no_longer_valid(tab: ChecklistTab) -> None:
    """The tab's own copy compared the issue date with the receipt day only: a typo'd date
    in the future showed 有効 while check said DOC_DATE_INVALID."""
    assert _issue(tab, "x2", DocType.REGISTRY, date(2026, 12, 1)) == "日付誤り"


def test_changing_the_certificate_rule_changes_the_cell(
    tab: ChecklistTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _issue(tab, "x2", DocType.REGISTRY, date(2026, 11, 16)) == "有効"
    monkeypatch.setattr(certificates, "certificate_valid_through", lambda issued: issued)
    assert _issue(tab, "x2", DocType.REGISTRY, date(2026, 11, 17)) == "期限切れ"
    assert _date_findings(tab, "x2") == {"DOC_EXPIRED:error"}


def test_the_notes_and_the_check_name_the_same_people_once(tab: ChecklistTab) -> None:
    """Whose 陳述書 (paperwork.statement_people): a funder who is also a joint bidder is
    one person with one 陳述書, in the check and in the notes."""
    bid = _gappy(tab.document)
    bid = replace(bid, joint_bidders=("b2", "b8", "b9"))
    tab.document.apply(operations.put_bid(bid), "共同入札")
    show(tab, "x2")
    notes = tab.notes.text()
    found = checks.check_bid(tab.document.portfolio(), bid, today=TODAY)
    heads = [f.message.split(": ", 1)[0] for f in found if f.code == "STATEMENT_INCOMPLETE"]
    assert heads.count("共同入札人田中 三郎の陳述書") == 1  # its one gap, once
    for head in set(heads):
        assert notes.count(f"{head}: ") == 1
