"""Undo of a deletion puts the rows back where they were: in the table and in the file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot
from window_support import Dialogs, open_window

from biddesk.domain.edits import operations
from biddesk.domain.models import Bid, Bidder, Portfolio, Property, Settings
from biddesk.domain.storage.store import PortfolioStore, load_portfolio
from biddesk.gui.dialogs.bidders_dialog import BiddersDialog
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column


def _five(path: Path) -> None:
    portfolio = Portfolio(
        settings=Settings(),
        bidders=(Bidder(id="b1", name="山田太郎"),),
        properties=tuple(
            Property(id=f"p{n}", court="東京地方裁判所", case_number=f"令和7年(ケ)第10{n}号")
            for n in range(1, 6)
        ),
        bids=(Bid(id="x1", property="p2", bidder="b1"), Bid(id="x2", property="p4", bidder="b1")),
    )
    with PortfolioStore.create(path) as store:
        store.apply(operations.put_portfolio(portfolio))


def _cases(window: MainWindow) -> list[str]:
    model = window.model
    return [model.index(row, Column.PROPERTY).data() for row in range(model.rowCount())]


def test_undo_of_deleting_the_second_of_five_restores_the_order(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = tmp_path / "five.biddesk"
    _five(path)
    window = open_window(qtbot, path)
    before = _cases(window)
    assert "第102号" in before[1]
    window.table.selectRow(1)
    window.delete_action.trigger()
    assert len(_cases(window)) == 4
    assert "x1" not in window.document.state.bids

    window.undo_action.trigger()
    assert _cases(window) == before
    assert list(window.document.state.properties) == ["p1", "p2", "p3", "p4", "p5"]
    window.redo_action.trigger()
    window.undo_action.trigger()
    assert _cases(window) == before
    window.close()

    reopened = load_portfolio(path)
    assert [p.id for p in reopened.properties] == ["p1", "p2", "p3", "p4", "p5"]
    assert [b.id for b in reopened.bids] == ["x1", "x2"]


def _select_bidder(dialog: BiddersDialog, bidder_id: str) -> None:
    lst = dialog.list
    for row in range(lst.count()):
        item = lst.item(row)
        if item is not None and item.data(256) == bidder_id:
            lst.setCurrentRow(row)
            return
    raise AssertionError(bidder_id)


def test_a_joint_bidder_cannot_be_deleted_and_an_unused_one_comes_back_in_place(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    """The dialog's own rule looked at a bid's bidder only: a joint bidder or funder could
    be deleted and the bid named a person no longer there (operations.remove_bidder)."""
    path = tmp_path / "five.biddesk"
    _five(path)
    window = open_window(qtbot, path)
    document = window.document
    for bidder in (Bidder(id="b2", name="佐藤"), Bidder(id="b3", name="未使用"), Bidder(id="b4")):
        document.apply(operations.put_bidder(bidder), "入札者")
    joint = replace(document.state.bids["x1"], joint_bidders=("b1", "b2"))
    document.apply(operations.put_bid(joint), "共同入札")

    dialog = BiddersDialog(document, window)
    qtbot.addWidget(dialog)
    _select_bidder(dialog, "b2")
    dialog.delete_button.click()
    assert "b2" in document.state.bidders
    assert "1件の入札で使われているため削除できません" in dialogs.informations[-1]

    _select_bidder(dialog, "b3")
    dialog.delete_button.click()
    assert list(document.state.bidders) == ["b1", "b2", "b4"]
    window.undo_action.trigger()
    assert list(document.state.bidders) == ["b1", "b2", "b3", "b4"]
    assert [b.id for b in load_portfolio(path).bidders] == ["b1", "b2", "b3", "b4"]


def test_undo_of_deleting_a_bid_restores_its_place(
    qtbot: QtBot, tmp_path: Path, dialogs: Dialogs
) -> None:
    path = tmp_path / "five.biddesk"
    _five(path)
    window = open_window(qtbot, path)
    window.document.apply(operations.put_bid(Bid(id="x3", property="p5", bidder="b1")), "入札")
    window.detail.bid = window.document.state.bids["x1"]
    window.detail.delete_bid()
    assert list(window.document.state.bids) == ["x2", "x3"]
    window.undo_action.trigger()
    assert list(window.document.state.bids) == ["x1", "x2", "x3"]
    assert [b.id for b in load_portfolio(path).bids] == ["x1", "x2", "x3"]
