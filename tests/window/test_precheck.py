"""入札前チェック dialog, 今後の期限 panel and the per-bid caches, on the demo portfolio."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QTableView
from pytestqt.qtbot import QtBot
from window_support import TODAY

from biddesk.domain.models import Bid, Bidder, DocStatus, DocType, Document, Settings
from biddesk.domain.rules.checks import check_bid, run_checks
from biddesk.domain.rules.registry import RULES, Code, Finding, Severity, counts
from biddesk.domain.schedule.deadlines import upcoming_deadlines
from biddesk.domain.storage.store import Change, PortfolioStore
from biddesk.gui import palette
from biddesk.gui.demo import create_demo
from biddesk.gui.dialogs.precheck_dialog import PrecheckDialog
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.deadlines_panel import DeadlineColumn, DeadlinesPanel
from biddesk.gui.views.findings_cache import DeadlinesCache, FindingsCache
from biddesk.gui.views.findings_view import FindingColumn, summary_text
from biddesk.gui.worker import wait_for_all


@pytest.fixture
def document(tmp_path: Path, qapp: object) -> Iterator[PortfolioDocument]:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    opened = PortfolioDocument(PortfolioStore.open(path))
    yield opened
    wait_for_all(30)  # no worker outlives its test
    opened.close()


@pytest.fixture
def dialog(qtbot: QtBot, document: PortfolioDocument) -> PrecheckDialog:
    widget = PrecheckDialog(document, TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def panel(qtbot: QtBot, document: PortfolioDocument) -> DeadlinesPanel:
    widget = DeadlinesPanel(document, TODAY)
    qtbot.addWidget(widget)
    widget.resize(760, 360)
    widget.show()
    return widget


def fix_residence(document: PortfolioDocument) -> None:
    """x1's missing 住民票, obtained: issued within 3 months, the bidder's exact name."""
    bid = document.state.bids["x1"]
    documents = tuple(
        Document(
            type=DocType.RESIDENCE,
            issued=date(2026, 11, 1),
            name="山田 太郎",
            status=DocStatus.OBTAINED,
        )
        if d.type is DocType.RESIDENCE
        else d
        for d in bid.documents
    )
    document.apply(Change(put_bids=(replace(bid, documents=documents),)), "住民票")


def double_click(view: QTableView, row: int) -> None:
    """Press, release, double-click, release on a row, as a mouse does. (QTest.mouseDClick
    does not produce a double-click event for widgets on the offscreen platform.)"""
    viewport = view.viewport()
    pos = QPointF(view.visualRect(view.model().index(row, 0)).center())
    for kind in (
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseButtonRelease,
    ):
        held = kind is not QEvent.Type.MouseButtonRelease
        buttons = Qt.MouseButton.LeftButton if held else Qt.MouseButton.NoButton
        event = QMouseEvent(
            kind,
            pos,
            viewport.mapToGlobal(pos),
            Qt.MouseButton.LeftButton,
            buttons,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(viewport, event)


def rows(dialog: PrecheckDialog) -> list[tuple[str, str | None, str]]:
    return [(f.code, f.bid, f.severity.value) for f in dialog.model.visible()]


# --- the precheck dialog ---------------------------------------------------------------------


def test_precheck_lists_overdue_refund_and_missing_documents(dialog: PrecheckDialog) -> None:
    assert ("REFUND_OVERDUE", "x4", "error") in rows(dialog)
    missing = [
        f.message for f in dialog.model.visible() if f.code == "DOC_MISSING" and f.bid == "x1"
    ]
    assert any("住民票" in m for m in missing)
    assert sorted(rows(dialog)) == sorted(
        (f.code, f.bid, f.severity.value)
        for f in run_checks(dialog.document.portfolio(), today=TODAY)
    )
    x4 = next(r for r in range(dialog.model.rowCount()) if dialog.model.finding(r).bid == "x4")
    assert dialog.model.index(x4, FindingColumn.PROPERTY).data() == "令和7年(ケ)第95号 物件1"
    assert dialog.model.index(x4, FindingColumn.BIDDER).data() == "株式会社みらい不動産"
    assert dialog.model.index(x4, FindingColumn.DUE).data() == "令和8年11月16日(月)"
    assert dialog.model.index(x4, FindingColumn.DUE).data(Qt.ItemDataRole.ToolTipRole) == (
        "2026-11-16"
    )


def test_summary_line_counts_each_severity(dialog: PrecheckDialog) -> None:
    expected = counts(run_checks(dialog.document.portfolio(), today=TODAY))
    assert summary_text(expected) in dialog.summary.text()
    assert "重大1件" in dialog.summary.text()
    assert "入札5件" in dialog.summary.text()


def test_errors_come_first_then_bid_by_bid_in_portfolio_order(dialog: PrecheckDialog) -> None:
    shown = dialog.model.visible()
    ranks = [f.severity.rank for f in shown]
    assert ranks == sorted(ranks)  # every error above every warning
    assert shown[0].severity.value == "error"
    order = list(dialog.document.state.bids)
    for rank in set(ranks):
        positions = [
            order.index(f.bid) for f in shown if f.bid is not None and f.severity.rank == rank
        ]
        assert positions == sorted(positions)


def test_the_open_check_follows_edits(dialog: PrecheckDialog, qtbot: QtBot) -> None:
    document = dialog.document
    before = rows(dialog)
    assert ("REFUND_OVERDUE", "x4", "error") in before
    bid = document.state.bids["x1"]
    document.apply(Change(put_bids=(replace(bid, amount=1_000),)), "入札額")
    qtbot.waitUntil(lambda: ("BID_BELOW_MINIMUM", "x1", "error") in rows(dialog))
    assert rows(dialog)[0][2] == "error"
    dialog.close()  # closed: it stops following the file
    document.apply(Change(put_bids=(bid,)), "入札額")
    assert ("BID_BELOW_MINIMUM", "x1", "error") in rows(dialog)


def test_severity_filter(dialog: PrecheckDialog) -> None:
    dialog.severity.setCurrentIndex(dialog.severity.findText("重大のみ"))
    assert rows(dialog) == [("REFUND_OVERDUE", "x4", "error")]
    dialog.severity.setCurrentIndex(dialog.severity.findText("情報のみ"))
    assert {severity for _, _, severity in rows(dialog)} == {"info"}
    dialog.severity.setCurrentIndex(dialog.severity.findText("すべて"))
    assert dialog.model.rowCount() == len(dialog.findings) == 11


def test_double_click_emits_bid_and_property(qtbot: QtBot, dialog: PrecheckDialog) -> None:
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.finding(r).bid == "x4")
    with qtbot.waitSignal(dialog.activated) as blocker:
        double_click(dialog.view, row)
    assert blocker.args == ["x4", "p5"]


def test_selecting_a_line_shows_the_whole_message(dialog: PrecheckDialog) -> None:
    row = next(r for r in range(dialog.model.rowCount()) if dialog.model.finding(r).bid == "x4")
    dialog.view.selectRow(row)
    assert "出納課" in dialog.detail.text() and "【重大】" in dialog.detail.text()


def test_copy_puts_the_shown_findings_on_the_clipboard(dialog: PrecheckDialog) -> None:
    dialog.severity.setCurrentIndex(dialog.severity.findText("重大のみ"))
    dialog.copy_button.click()
    text = QApplication.clipboard().text()
    lines = text.splitlines()
    assert lines[1].split("\t") == ["重要度", "物件", "入札人", "内容", "期限", "コード", "根拠"]
    assert len(lines) == 3
    fields = lines[2].split("\t")
    assert fields[0] == "重大" and fields[-2] == "REFUND_OVERDUE"
    assert fields[-1] == RULES[Code.REFUND_OVERDUE].source
    assert "返還が記録されていません" in fields[3]


def test_every_line_shows_the_source_of_its_rule(dialog: PrecheckDialog) -> None:
    model = dialog.model
    assert model.headerData(FindingColumn.SOURCE, Qt.Orientation.Horizontal) == "根拠"
    assert not dialog.view.isColumnHidden(FindingColumn.SOURCE)
    for row in range(model.rowCount()):
        finding = model.finding(row)
        rule = finding.rule
        assert model.index(row, FindingColumn.SOURCE).data() == finding.source
        assert finding.source == (finding.basis or rule.source)
        tip = model.index(row, FindingColumn.MESSAGE).data(Qt.ItemDataRole.ToolTipRole)
        assert f"根拠: {finding.source}" in tip and rule.title in tip
    refund = next(r for r in range(model.rowCount()) if model.finding(r).bid == "x4")
    dialog.view.selectRow(refund)
    assert f"根拠: {RULES[Code.REFUND_OVERDUE].source}" in dialog.detail.text()


def test_header_click_sorts_by_due_date(dialog: PrecheckDialog) -> None:
    dialog.view.horizontalHeader().sectionClicked.emit(FindingColumn.DUE)
    dues = [f.due for f in dialog.model.visible()]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated)
    assert dated[0] == date(2026, 11, 16)


def test_recheck_after_a_fix(dialog: PrecheckDialog) -> None:
    before = len(dialog.findings)
    fix_residence(dialog.document)
    assert len(dialog.findings) == before  # a snapshot until asked again
    dialog.rerun_button.click()
    assert len(dialog.findings) == before - 1
    assert not [f for f in dialog.findings if f.bid == "x1" and "住民票" in f.message]


def test_large_portfolio_runs_in_a_worker(
    qtbot: QtBot, document: PortfolioDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PrecheckDialog, "THREAD_THRESHOLD", 0)
    widget = PrecheckDialog(document, TODAY)
    qtbot.addWidget(widget)
    assert widget.running and not widget.busy_row.isHidden()
    assert not widget.copy_button.isEnabled()
    with qtbot.waitSignal(widget.checked, timeout=30_000):
        pass
    assert not widget.running and widget.busy_row.isHidden()
    assert sorted(rows(widget)) == sorted(
        (f.code, f.bid, f.severity.value) for f in run_checks(document.portfolio(), today=TODAY)
    )


def test_cancel_drops_the_worker_result(
    qtbot: QtBot, document: PortfolioDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PrecheckDialog, "THREAD_THRESHOLD", 0)
    widget = PrecheckDialog(document, TODAY)
    qtbot.addWidget(widget)
    widget.cancel_button.click()
    assert "中止" in widget.summary.text()
    widget.worker.wait(30)
    QApplication.processEvents()  # deliver the worker's (ignored) result
    assert widget.model.rowCount() == 0 and not widget.running
    assert widget.rerun_button.isEnabled()


# --- the deadlines panel ------------------------------------------------------------------------


def panel_rows(panel: DeadlinesPanel) -> list[tuple[str, str, str | None]]:
    return [(d.date.isoformat(), d.kind, d.bid) for d in panel.model.deadlines()]


def test_panel_lists_x1_transfer_day(panel: DeadlinesPanel) -> None:
    # x1 is posted on 12/3: the transfer comes first (規則48条), so 12/3 is its last day.
    assert ("2026-12-03", "last_transfer", "x1") in panel_rows(panel)
    assert ("2026-12-07", "safe_transfer", "x1") not in panel_rows(panel)
    row = panel_rows(panel).index(("2026-12-03", "last_transfer", "x1"))
    model = panel.model
    assert model.index(row, DeadlineColumn.DATE).data() == "令和8年12月3日(木)"
    assert model.index(row, DeadlineColumn.DATE).data(Qt.ItemDataRole.ToolTipRole) == "2026-12-03"
    assert model.index(row, DeadlineColumn.REMAINING).data() == "あと10日"
    assert "振込" in model.index(row, DeadlineColumn.KIND).data()
    assert model.index(row, DeadlineColumn.PROPERTY).data() == "令和7年(ケ)第1234号 物件1"
    assert model.index(row, DeadlineColumn.BIDDER).data() == "山田 太郎"


def test_panel_matches_the_domain_list(panel: DeadlinesPanel) -> None:
    assert panel.model.deadlines() == upcoming_deadlines(panel.document.portfolio(), today=TODAY)
    assert panel.count_label.text() == f"{panel.model.rowCount()}件"
    dates = [d.date for d in panel.model.deadlines()]
    assert dates == sorted(dates) and dates[0] >= TODAY


def test_panel_follows_changes_and_undo(panel: DeadlinesPanel) -> None:
    document = panel.document
    bid = document.state.bids["x1"]
    proof = Document(type=DocType.TRANSFER_PROOF, status=DocStatus.OBTAINED)
    document.apply(Change(put_bids=(replace(bid, documents=(*bid.documents, proof)),)), "振込")
    assert ("2026-12-03", "last_transfer", "x1") not in panel_rows(panel)
    assert panel.model.deadlines() == upcoming_deadlines(document.portfolio(), today=TODAY)
    document.undo_stack.undo()
    assert ("2026-12-03", "last_transfer", "x1") in panel_rows(panel)


def test_panel_horizon_limits_the_dates(panel: DeadlinesPanel) -> None:
    everything = len(panel_rows(panel))
    panel.horizon.setCurrentIndex(panel.horizon.findText("2週間以内"))
    shown = panel_rows(panel)
    assert shown and len(shown) < everything
    assert all(date.fromisoformat(day) <= date(2026, 12, 7) for day, _, _ in shown)
    assert panel.model.deadlines() == upcoming_deadlines(
        panel.document.portfolio(), today=TODAY, horizon_days=14
    )


def test_panel_double_click_emits_bid_and_property(qtbot: QtBot, panel: DeadlinesPanel) -> None:
    row = panel_rows(panel).index(("2026-12-11", "payment", "x3"))
    with qtbot.waitSignal(panel.activated) as blocker:
        double_click(panel.view, row)
    assert blocker.args == ["x3", "p4"]


def test_panel_marks_urgent_dates(panel: DeadlinesPanel) -> None:
    document = panel.document
    prop = document.state.properties["p1"]
    moved = replace(prop, opening_date=date(2026, 11, 25))
    document.apply(Change(put_properties=(moved,)), "開札期日")
    row = panel_rows(panel).index(("2026-11-25", "opening", "x1"))
    brush = panel.model.index(row, DeadlineColumn.REMAINING).data(Qt.ItemDataRole.ForegroundRole)
    assert panel.model.index(row, DeadlineColumn.REMAINING).data() == "あと2日"
    assert brush is not None and brush.color() == palette.color(Role.ERROR)


# --- the caches ---------------------------------------------------------------------------------


def test_findings_cache_matches_check_bid_on_the_whole_portfolio(
    document: PortfolioDocument,
) -> None:
    cache = FindingsCache(document, TODAY)
    portfolio = document.portfolio()
    for bid in portfolio.bids:
        expected = check_bid(portfolio, bid, today=TODAY)
        assert cache.findings(bid.id) == expected
        assert cache.count(bid.id) == len(expected)
    assert cache.count("x1") == 2 and cache.count("x3") == 0
    assert cache.count("nope") == 0 and cache.findings("nope") == []


def test_findings_cache_computes_lazily_once(
    document: PortfolioDocument, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FindingsCache(document, TODAY)
    computed: list[str] = []
    original = FindingsCache.compute

    def counting(self: FindingsCache, bid: Bid) -> list[Finding]:
        computed.append(bid.id)
        return original(self, bid)

    monkeypatch.setattr(FindingsCache, "compute", counting)
    assert len(cache) == 0
    cache.count("x1")
    cache.count("x1")
    cache.findings("x1")
    assert computed == ["x1"]


def filled(document: PortfolioDocument) -> FindingsCache:
    cache = FindingsCache(document, TODAY)
    for key in document.state.bids:
        cache.count(key)
    return cache


def cached(cache: FindingsCache) -> set[str]:
    return set(cache._entries)


def test_invalidate_by_bid_and_real_edit(document: PortfolioDocument) -> None:
    cache = filled(document)
    fix_residence(document)
    change = Change(put_bids=(document.state.bids["x1"],))
    cache.invalidate(change)
    assert cached(cache) == {"x2", "x3", "x4", "x5"}
    assert cache.count("x1") == 1  # the 住民票 finding is gone, the 振込証明書 remains
    cache.invalidate(Change(delete_bids=("x2",)))
    assert "x2" not in cached(cache)


def test_invalidate_by_property(document: PortfolioDocument) -> None:
    cache = filled(document)
    cache.invalidate(Change(put_properties=(document.state.properties["p1"],)))
    assert cached(cache) == {"x2", "x3", "x4", "x5"}
    cache.invalidate(Change(delete_properties=("p8",)))
    assert cached(cache) == {"x2", "x3", "x4"}


def test_invalidate_by_bidder_including_joint_bidders(document: PortfolioDocument) -> None:
    partner = Bidder(id="b3", name="佐藤 次郎")
    joint = replace(document.state.bids["x1"], joint_bidders=("b1", "b3"))
    document.apply(Change(put_bidders=(partner,), put_bids=(joint,)), "共同入札")
    cache = filled(document)
    cache.invalidate(Change(put_bidders=(document.state.bidders["b2"],)))
    assert cached(cache) == {"x1", "x3"}
    cache.invalidate(Change(put_bidders=(replace(partner, name="佐藤 二郎"),)))
    assert cached(cache) == {"x3"}


def test_settings_change_and_clear_drop_everything(document: PortfolioDocument) -> None:
    cache = filled(document)
    cache.invalidate(Change(settings=Settings(mail_margin=5)))
    assert len(cache) == 0
    cache = filled(document)
    cache.clear()
    assert len(cache) == 0
    cache.invalidate(Change())  # nothing touched: nothing to do
    assert len(cache) == 0


def test_deadlines_cache_follows_edits(document: PortfolioDocument) -> None:
    cache = DeadlinesCache(document, TODAY)
    assert cache.upcoming() == upcoming_deadlines(document.portfolio(), today=TODAY)
    # 6 bank days before 12/9 is 12/1, before x1's posting day 12/3: a safe day appears.
    settings = replace(document.state.settings, transfer_margin=6)
    change = Change(settings=settings)
    document.apply(change, "設定")
    cache.invalidate(change)
    assert cache.upcoming(31) == upcoming_deadlines(
        document.portfolio(), today=TODAY, horizon_days=31
    )
    safe = [d.date for d in cache.upcoming() if d.bid == "x1" and d.kind == "safe_transfer"]
    assert safe == [date(2026, 12, 1)]


def test_severity_labels_in_the_model(dialog: PrecheckDialog) -> None:
    labels = {dialog.model.index(r, FindingColumn.SEVERITY).data() for r in range(11)}
    assert labels == {s.label for s in Severity}
    icon = dialog.model.index(0, FindingColumn.SEVERITY).data(Qt.ItemDataRole.DecorationRole)
    assert icon is not None and not icon.isNull()


def test_panel_set_document_rebuilds_from_the_new_file(
    qtbot: QtBot, panel: DeadlinesPanel, tmp_path: Path
) -> None:
    path = tmp_path / "empty.biddesk"
    other = PortfolioDocument(PortfolioStore.create(path))
    try:
        panel.set_document(other)
        assert panel.model.rowCount() == 0
        assert panel.count_label.text() == "期限はありません"
    finally:
        other.close()


def test_every_list_table_counts_and_names_its_columns_one_way() -> None:
    """The four list tables share one base: its headers are their column names."""
    from biddesk.gui.views.cashflow_view import EVENT_HEADERS, CashEventModel
    from biddesk.gui.views.deadlines_panel import HEADERS as DEADLINE_HEADERS
    from biddesk.gui.views.deadlines_panel import DeadlinesModel
    from biddesk.gui.views.findings_view import HEADERS as FINDING_HEADERS
    from biddesk.gui.views.findings_view import FindingsModel
    from biddesk.gui.views.list_model import ListModel
    from biddesk.gui.views.refunds_view import HEADERS as REFUND_HEADERS
    from biddesk.gui.views.refunds_view import RefundTableModel

    pairs = (
        (CashEventModel, EVENT_HEADERS),
        (DeadlinesModel, DEADLINE_HEADERS),
        (FindingsModel, FINDING_HEADERS),
        (RefundTableModel, REFUND_HEADERS),
    )
    for model, headers in pairs:
        assert issubclass(model, ListModel)
        assert model.headers is headers
