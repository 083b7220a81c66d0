"""Undo of a deletion puts the rows back where they were: in the table and in the file."""

from __future__ import annotations

from pathlib import Path

from window_support import open_window

from domain import operations
from domain.models import Bid, Bidder, Portfolio, Property, Settings
from domain.store import PortfolioStore, load_portfolio
from gui.main_window import MainWindow
from gui.table_model import Column


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
    qtbot: object, tmp_path: Path, dialogs: object
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
