"""書類チェック tab: real widgets on the demo portfolio (tick, date, name, undo, live findings)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot
from window_support import TODAY, item_at, type_text

from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    DocStatus,
    DocType,
    Document,
    Loan,
    Submission,
)
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.storage.store import Change, PortfolioStore, StoreError
from biddesk.gui.demo import create_demo
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.views.checklist_tab import ChecklistColumn, ChecklistTab
from biddesk.gui.views.findings_view import FindingColumn


@pytest.fixture
def document(tmp_path: Path, qapp: object) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    opened = PortfolioDocument(PortfolioStore.open(path))
    yield opened
    opened.close()


@pytest.fixture
def tab(qtbot: QtBot, document: PortfolioDocument) -> ChecklistTab:
    widget = ChecklistTab(document, TODAY)
    qtbot.addWidget(widget)
    widget.resize(960, 640)
    widget.show()
    return widget


def show(tab: ChecklistTab, bid_id: str) -> None:
    bid = tab.document.state.bids[bid_id]
    tab.show_bid(tab.document.state.properties[bid.property], bid)


def cell(tab: ChecklistTab, row: int, column: ChecklistColumn) -> str:
    item = item_at(tab.table, row, column)
    return item.text() if item is not None else ""


def edit(tab: ChecklistTab, row: int, column: ChecklistColumn, text: str) -> None:
    """What the cell's editor does on Enter: set the text of the item."""
    item_at(tab.table, row, column).setText(text)


def choose(tab: ChecklistTab, row: int, status: DocStatus) -> None:
    combo = tab.status_combo(row)
    combo.setCurrentIndex(combo.findData(status.value))


def codes(tab: ChecklistTab) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in tab.findings_model.all()]


def about(tab: ChecklistTab, code: str, fragment: str) -> list[str]:
    return [m for c, m in codes(tab) if c == code and fragment in m]


def add_joint_bid(document: PortfolioDocument) -> Bid:
    """山田 太郎 (representative) bids jointly with 佐藤 次郎 on p7, with a loan."""
    partner = Bidder(
        id="b3", kind=BidderKind.INDIVIDUAL, name="佐藤 次郎", name_kana="サトウ ジロウ"
    )
    bid = Bid(
        id="x6",
        property="p7",
        bidder="b1",
        amount=11_000_000,
        submission=Submission.IN_PERSON,
        planned_submission=date(2027, 2, 5),
        joint_bidders=("b1", "b3"),
        loan=Loan(lender="B信用金庫", amount=8_000_000, expected_date=date(2027, 3, 1)),
        documents=(
            Document(
                type=DocType.RESIDENCE,
                name="山田 太郎",
                status=DocStatus.OBTAINED,
                issued=date(2026, 11, 20),
            ),
        ),
    )
    document.apply(Change(put_bidders=(partner,), put_bids=(bid,)), "共同入札を追加")
    return bid


# --- rows ---------------------------------------------------------------------------------


def test_individual_rows_follow_the_domain_checklist(tab: ChecklistTab) -> None:
    show(tab, "x1")
    types = [row.requirement.type for row in tab.rows]
    assert types == [DocType.BID_FORM, DocType.TRANSFER_PROOF, DocType.STATEMENT, DocType.RESIDENCE]
    assert tab.table.rowCount() == 4
    residence = tab.row_of(DocType.RESIDENCE)
    assert cell(tab, residence, ChecklistColumn.WHO) == "山田 太郎"
    assert tab.status_combo(residence).currentText() == "未取得"
    assert cell(tab, tab.row_of(DocType.BID_FORM), ChecklistColumn.MATCH) == "一致"
    assert "2件がそろって" in tab.summary.text()


def test_corporation_with_agent_shows_registry_proxy_and_officers(tab: ChecklistTab) -> None:
    show(tab, "x2")
    types = [row.requirement.type for row in tab.rows]
    assert DocType.REGISTRY in types and DocType.PROXY in types
    assert DocType.RESIDENCE not in types
    statement = tab.row_of(DocType.STATEMENT)
    assert "別紙" in cell(tab, statement, ChecklistColumn.DOCUMENT)
    registry = tab.row_of(DocType.REGISTRY)
    assert cell(tab, registry, ChecklistColumn.ISSUED) == "令和8年11月16日(月)"
    assert cell(tab, registry, ChecklistColumn.VALIDITY) == "有効"
    notes = tab.notes.text()
    assert "役員2名" in notes and "すべて入力済み" in notes
    assert "鈴木 次郎" in notes  # the agent
    proxy = tab.row_of(DocType.PROXY)
    assert "鈴木 次郎" in item_at(tab.table, proxy, ChecklistColumn.WHO).toolTip()


def test_incomplete_officer_is_named_in_the_note(tab: ChecklistTab) -> None:
    document = tab.document
    company = document.state.bidders["b2"]
    officers = (company.officers[0], replace(company.officers[1], address=""))
    document.apply(Change(put_bidders=(replace(company, officers=officers),)), "役員")
    show(tab, "x2")
    assert "髙橋 一郎の住所が未入力" in tab.notes.text()
    assert about(tab, "STATEMENT_INCOMPLETE", "髙橋 一郎")


def test_joint_bid_with_loan_has_rows_for_each_bidder(tab: ChecklistTab) -> None:
    add_joint_bid(tab.document)
    show(tab, "x6")
    whos = [(row.requirement.type, row.requirement.who) for row in tab.rows]
    assert (DocType.RESIDENCE, "b1") in whos and (DocType.RESIDENCE, "b3") in whos
    assert (DocType.STATEMENT, "b3") in whos
    assert (DocType.JOINT_PERMISSION, "b1") in whos and (DocType.LOAN_NOTICE, "b1") in whos
    partner = tab.row_of(DocType.RESIDENCE, "b3")
    assert cell(tab, partner, ChecklistColumn.WHO) == "佐藤 次郎(共同入札人)"
    assert cell(tab, tab.row_of(DocType.RESIDENCE, "b1"), ChecklistColumn.WHO).endswith("(代表者)")
    assert "共同入札" in tab.notes.text() and "B信用金庫" in tab.notes.text()
    assert about(tab, "DOC_MISSING", "共同入札人佐藤 次郎")


def test_no_bid_shows_a_placeholder(tab: ChecklistTab) -> None:
    prop = tab.document.state.properties["p6"]
    tab.show_bid(prop, None)
    assert tab.placeholder.isVisible() and not tab.content.isVisible()
    assert "まだ入札がありません" in tab.placeholder.text()
    tab.show_bid(None, None)
    assert tab.table.rowCount() == 0 and tab.findings_model.rowCount() == 0


# --- ticking, dates, names ------------------------------------------------------------------


def test_ticking_residence_with_date_and_name_clears_doc_missing(tab: ChecklistTab) -> None:
    show(tab, "x1")
    assert about(tab, "DOC_MISSING", "住民票")
    row = tab.row_of(DocType.RESIDENCE)
    choose(tab, row, DocStatus.OBTAINED)
    edit(tab, row, ChecklistColumn.ISSUED, "令和8年11月1日")
    edit(tab, row, ChecklistColumn.NAME, "山田 太郎")
    assert not about(tab, "DOC_MISSING", "住民票")
    assert not about(tab, "DOC_EXPIRED", "住民票")
    stored = [d for d in tab.document.state.bids["x1"].documents if d.type is DocType.RESIDENCE]
    assert stored == [
        Document(
            type=DocType.RESIDENCE,
            issued=date(2026, 11, 1),
            name="山田 太郎",
            status=DocStatus.OBTAINED,
        )
    ]
    assert cell(tab, row, ChecklistColumn.VALIDITY) == "有効"
    assert cell(tab, row, ChecklistColumn.MATCH) == "一致"
    assert "3件がそろって" in tab.summary.text()


def test_obtained_without_issue_date_asks_for_it(tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.RESIDENCE)
    choose(tab, row, DocStatus.OBTAINED)
    assert about(tab, "DOC_EXPIRED", "発行日が入力されていません")
    assert cell(tab, row, ChecklistColumn.VALIDITY) == "未入力"
    edit(tab, row, ChecklistColumn.ISSUED, "2026-11-01")
    assert not about(tab, "DOC_EXPIRED", "住民票")


def test_old_certificate_is_expired(tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.RESIDENCE)
    choose(tab, row, DocStatus.OBTAINED)
    edit(tab, row, ChecklistColumn.ISSUED, "R8.8.1")  # valid through 2026-11-01 < 12-03
    assert cell(tab, row, ChecklistColumn.VALIDITY) == "期限切れ"
    assert "令和8年11月1日" in item_at(tab.table, row, ChecklistColumn.VALIDITY).toolTip()
    assert [f.severity.value for f in tab.findings_model.all() if f.code == "DOC_EXPIRED"] == [
        "error"
    ]


def test_a_mailed_certificate_counts_on_its_arrival(tab: ChecklistTab) -> None:
    # x1 is posted on 12/3 and arrives about 12/8 (3 court days): the tab and the checks
    # measure the 3 months on that day, the one rule deadlines.receipt_day.
    show(tab, "x1")
    bid = tab.document.state.bids["x1"]
    assert (bid.submission.value, bid.planned_submission) == ("mail", date(2026, 12, 3))
    row = tab.row_of(DocType.RESIDENCE)
    choose(tab, row, DocStatus.OBTAINED)
    edit(tab, row, ChecklistColumn.ISSUED, "2026-09-05")  # valid through 12/5
    assert cell(tab, row, ChecklistColumn.VALIDITY) == "期限切れ"
    assert "到着見込み日" in item_at(tab.table, row, ChecklistColumn.VALIDITY).toolTip()
    assert about(tab, "DOC_EXPIRED", "到着見込み日")
    edit(tab, row, ChecklistColumn.ISSUED, "2026-09-08")  # near miss: valid through 12/8
    assert cell(tab, row, ChecklistColumn.VALIDITY) == "有効"
    assert not about(tab, "DOC_EXPIRED", "住民票")


def test_the_registrys_representative_is_compared_with_the_bidders(tab: ChecklistTab) -> None:
    show(tab, "x2")  # 株式会社みらい不動産, 代表取締役 佐藤 花子
    row = tab.row_of(DocType.REGISTRY)
    item = item_at(tab.table, row, ChecklistColumn.REPRESENTATIVE)
    assert item.flags() & Qt.ItemFlag.ItemIsEditable
    edit(tab, row, ChecklistColumn.REPRESENTATIVE, "代表取締役 佐藤 二郎")
    assert about(tab, "NAME_MISMATCH", "佐藤 二郎")
    registry = next(
        d for d in tab.document.state.bids["x2"].documents if d.type is DocType.REGISTRY
    )
    assert registry.representative == "代表取締役 佐藤 二郎"
    bidder = tab.document.state.bidders["b2"]
    written = f"{bidder.representative_title} {bidder.representative_name}"
    edit(tab, row, ChecklistColumn.REPRESENTATIVE, written)  # near miss: as registered
    assert not about(tab, "NAME_MISMATCH", "代表者")
    # Other papers have no 代表者 to enter.
    other = item_at(tab.table, tab.row_of(DocType.BID_FORM), ChecklistColumn.REPRESENTATIVE)
    assert not other.flags() & Qt.ItemFlag.ItemIsEditable


def test_wrong_name_gives_mismatch_and_fixing_it_clears(tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.STATEMENT)
    edit(tab, row, ChecklistColumn.NAME, "山田 太朗")
    assert about(tab, "NAME_MISMATCH", "山田 太朗")
    assert cell(tab, row, ChecklistColumn.MATCH) == "不一致"
    assert tab.findings_model.finding(0).code == "NAME_MISMATCH"  # errors first
    edit(tab, row, ChecklistColumn.NAME, "山田 太郎")
    assert not [c for c, _ in codes(tab) if c.startswith("NAME_")]
    assert cell(tab, row, ChecklistColumn.MATCH) == "一致"


def test_full_width_space_is_a_variant_to_confirm(tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.BID_FORM)
    edit(tab, row, ChecklistColumn.NAME, "山田　太郎")
    assert about(tab, "NAME_VARIANT", "山田　太郎")
    assert not about(tab, "NAME_MISMATCH", "")
    assert cell(tab, row, ChecklistColumn.MATCH) == "表記ゆれ"
    assert "空白" in item_at(tab.table, row, ChecklistColumn.MATCH).toolTip()
    edit(tab, row, ChecklistColumn.NAME, "山田 太郎")
    assert not about(tab, "NAME_VARIANT", "")


def test_undo_and_redo_bring_states_back(tab: ChecklistTab) -> None:
    document = tab.document
    show(tab, "x1")
    before = document.state.bids["x1"]
    row = tab.row_of(DocType.RESIDENCE)
    choose(tab, row, DocStatus.OBTAINED)
    edit(tab, row, ChecklistColumn.NAME, "山田 太朗")
    assert about(tab, "NAME_MISMATCH", "")
    document.undo_stack.undo()
    assert not about(tab, "NAME_MISMATCH", "")
    assert tab.status_combo(row).currentText() == "取得済"
    document.undo_stack.undo()
    assert document.state.bids["x1"] == before
    assert tab.status_combo(row).currentText() == "未取得"
    assert about(tab, "DOC_MISSING", "住民票")
    document.undo_stack.redo()
    assert tab.status_combo(row).currentText() == "取得済"


def test_each_edit_is_one_undo_step_named_after_the_field(tab: ChecklistTab) -> None:
    stack = tab.document.undo_stack
    show(tab, "x1")
    row = tab.row_of(DocType.RESIDENCE)
    start = stack.count()
    choose(tab, row, DocStatus.REQUESTED)
    edit(tab, row, ChecklistColumn.NOTE, "区役所に郵送請求済み")
    assert stack.count() == start + 2
    assert stack.text(start) == "住民票の状態を変更"
    assert stack.text(start + 1) == "住民票のメモを変更"
    assert tab.document.state.bids["x1"].documents[2].note == "区役所に郵送請求済み"


def test_row_without_document_adds_one_and_keeps_the_others(tab: ChecklistTab) -> None:
    show(tab, "x1")
    before = tab.document.state.bids["x1"].documents
    row = tab.row_of(DocType.TRANSFER_PROOF)
    assert tab.rows[row].document is None
    choose(tab, row, DocStatus.OBTAINED)
    after = tab.document.state.bids["x1"].documents
    assert after[: len(before)] == before
    assert after[len(before) :] == (
        Document(type=DocType.TRANSFER_PROOF, status=DocStatus.OBTAINED),
    )
    assert not about(tab, "DOC_MISSING", "振込証明書")


def test_unchanged_text_saves_nothing(tab: ChecklistTab) -> None:
    show(tab, "x1")
    count = tab.document.undo_stack.count()
    row = tab.row_of(DocType.BID_FORM)
    edit(tab, row, ChecklistColumn.NAME, "山田 太郎")
    edit(tab, tab.row_of(DocType.TRANSFER_PROOF), ChecklistColumn.NOTE, "")
    assert tab.document.undo_stack.count() == count
    assert tab.bid is not None
    assert tab.document.state.bids["x1"].documents == tab.bid.documents


def test_unreadable_date_is_refused(qtbot: QtBot, tab: ChecklistTab) -> None:
    show(tab, "x2")
    row = tab.row_of(DocType.REGISTRY)
    before = tab.document.state.bids["x2"]
    with qtbot.waitSignal(tab.failed) as blocker:
        edit(tab, row, ChecklistColumn.ISSUED, "来月のどこか")
    assert "発行日" in blocker.args[0]
    assert tab.document.state.bids["x2"] == before
    assert cell(tab, row, ChecklistColumn.ISSUED) == "令和8年11月16日(月)"  # shown again


def test_date_editor_reads_typed_date_and_commits_on_enter(qtbot: QtBot, tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.RESIDENCE)
    item = item_at(tab.table, row, ChecklistColumn.ISSUED)
    tab.table.setCurrentItem(item)
    tab.table.editItem(item)
    editors = [e for e in tab.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    type_text(qtbot, editor, "2026-11-0")
    type_text(qtbot, editor, "2")
    assert tab.hint.text() == "発行日: 令和8年11月2日(月)"
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits from the event loop
    qtbot.waitUntil(lambda: cell(tab, row, ChecklistColumn.ISSUED) != "")
    issued = [
        d.issued for d in tab.document.state.bids["x1"].documents if d.type is DocType.RESIDENCE
    ]
    assert issued == [date(2026, 11, 2)]
    assert cell(tab, row, ChecklistColumn.ISSUED) == "令和8年11月2日(月)"


def test_name_typed_with_input_method(qtbot: QtBot, tab: ChecklistTab) -> None:
    show(tab, "x1")
    row = tab.row_of(DocType.RESIDENCE)
    item = item_at(tab.table, row, ChecklistColumn.NAME)
    tab.table.setCurrentItem(item)
    tab.table.editItem(item)
    editor = next(e for e in tab.table.viewport().findChildren(QLineEdit) if e.isVisible())
    type_text(qtbot, editor, "山田 太郎")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: cell(tab, row, ChecklistColumn.MATCH) != "")
    assert cell(tab, row, ChecklistColumn.MATCH) == "一致"
    names = [d.name for d in tab.document.state.bids["x1"].documents if d.type is DocType.RESIDENCE]
    assert names == ["山田 太郎"]


# --- live updates ---------------------------------------------------------------------------


def test_findings_follow_changes_made_elsewhere(tab: ChecklistTab) -> None:
    document = tab.document
    show(tab, "x1")
    bid = document.state.bids["x1"]
    document.apply(Change(put_bids=(replace(bid, amount=1_000_000),)), "入札額を変更")
    assert about(tab, "BID_BELOW_MINIMUM", "")
    assert tab.findings_model.all() == check_bid(
        document.portfolio(), document.state.bids["x1"], today=TODAY
    )
    document.apply(Change(delete_bids=("x1",)), "入札を削除")
    assert "削除されました" in tab.placeholder.text()
    assert tab.findings_model.rowCount() == 0


def test_method_change_elsewhere_rebuilds_rows(tab: ChecklistTab) -> None:
    from biddesk.domain.models import Agent

    document = tab.document
    show(tab, "x1")
    bid = document.state.bids["x1"]
    document.apply(
        Change(
            put_bids=(
                replace(
                    bid,
                    agent=Agent(name="山田 花子"),
                ),
            )
        ),
        "代理人",
    )
    assert tab.row_of(DocType.PROXY) == 4 and tab.table.rowCount() == 5
    document.undo_stack.undo()
    assert tab.row_of(DocType.PROXY) == -1 and tab.table.rowCount() == 4


def test_store_error_is_reported_and_nothing_changes(
    qtbot: QtBot, tab: ChecklistTab, monkeypatch: pytest.MonkeyPatch
) -> None:
    show(tab, "x1")

    def refuse(_change: Change, _text: str) -> None:
        raise StoreError("ファイルに書き込めません。")

    monkeypatch.setattr(tab.document, "apply", refuse)
    row = tab.row_of(DocType.RESIDENCE)
    with qtbot.waitSignal(tab.failed) as blocker:
        choose(tab, row, DocStatus.OBTAINED)
    assert blocker.args == ["ファイルに書き込めません。"]
    assert tab.status_combo(row).currentText() == "未取得"


def test_read_only_document_cannot_be_edited(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "ro.biddesk"
    create_demo(path, today=TODAY).close()
    document = PortfolioDocument(PortfolioStore.open(path, read_only=True))
    try:
        widget = ChecklistTab(document, TODAY)
        qtbot.addWidget(widget)
        show(widget, "x1")
        row = widget.row_of(DocType.RESIDENCE)
        assert not widget.status_combo(row).isEnabled()
        flags = item_at(widget.table, row, ChecklistColumn.NAME).flags()
        assert not flags & Qt.ItemFlag.ItemIsEditable
    finally:
        document.close()


def test_corporation_without_officers_is_flagged(tab: ChecklistTab) -> None:
    document = tab.document
    company = document.state.bidders["b2"]
    document.apply(Change(put_bidders=(replace(company, officers=()),)), "役員")
    show(tab, "x5")
    assert "役員が登録されていません" in tab.notes.text()
    statement = tab.row_of(DocType.STATEMENT)
    choose(tab, statement, DocStatus.CHECKED)  # prepared on paper: the domain stops asking
    assert not about(tab, "DOC_MISSING", "役員")
    statements = [d for d in document.state.bids["x5"].documents if d.type is DocType.STATEMENT]
    assert [d.status for d in statements] == [DocStatus.CHECKED]


def test_unreadable_typed_date_turns_the_editor_red(qtbot: QtBot, tab: ChecklistTab) -> None:
    show(tab, "x1")
    item = item_at(tab.table, tab.row_of(DocType.RESIDENCE), ChecklistColumn.ISSUED)
    tab.table.setCurrentItem(item)
    tab.table.editItem(item)
    editor = next(e for e in tab.table.viewport().findChildren(QLineEdit) if e.isVisible())
    type_text(qtbot, editor, "2026-13-01")
    assert "存在しない日付" in tab.hint.text()
    assert "fde7e9" in editor.styleSheet()


def test_set_document_follows_the_new_file(qtbot: QtBot, tab: ChecklistTab, tmp_path: Path) -> None:
    old = tab.document
    show(tab, "x1")
    path = tmp_path / "other.biddesk"
    create_demo(path, today=TODAY).close()
    other = PortfolioDocument(PortfolioStore.open(path))
    try:
        tab.set_document(other)
        assert tab.placeholder.isVisible() and tab.table.rowCount() == 0
        show(tab, "x2")
        bid = old.state.bids["x2"]
        old.apply(Change(put_bids=(replace(bid, amount=1),)), "旧ファイル")
        assert not about(tab, "BID_BELOW_MINIMUM", "")  # the old file no longer shows
        fresh = other.state.bids["x2"]
        other.apply(Change(put_bids=(replace(fresh, amount=1),)), "新ファイル")
        assert about(tab, "BID_BELOW_MINIMUM", "")
    finally:
        other.close()


def test_each_finding_of_the_bid_shows_the_source_of_its_rule(tab: ChecklistTab) -> None:
    show(tab, "x2")
    model, view = tab.findings_model, tab.findings_view
    assert model.rowCount() > 0 and not view.isColumnHidden(FindingColumn.SOURCE)
    assert model.headerData(FindingColumn.SOURCE, Qt.Orientation.Horizontal) == "根拠"
    for row in range(model.rowCount()):
        source = model.finding(row).source  # DOC_MISSING: the rule for that paper
        assert model.index(row, FindingColumn.SOURCE).data() == source
        tip = model.index(row, FindingColumn.MESSAGE).data(Qt.ItemDataRole.ToolTipRole)
        assert tip.endswith(f"根拠: {source}")
