"""The state filter offers every word the table's 状態 column can show (overview.status_label)."""

from __future__ import annotations

from dataclasses import replace
from itertools import product

from biddesk.domain.edits import operations
from biddesk.domain.models import Bid, Outcome, OutcomeResult, Property, PropertyStatus
from biddesk.domain.overview import STATUS_LABELS, status_label
from biddesk.gui.main_window import MainWindow
from biddesk.gui.table_model import Column


def _filter_words(window: MainWindow) -> list[str]:
    combo = window.status_filter
    return [combo.itemData(i) for i in range(combo.count())]


def test_the_filter_lists_every_state_the_core_can_give(demo_window: MainWindow) -> None:
    """A cross-check over every kind of line: a new state in status_label must reach
    STATUS_LABELS, and through it the filter."""
    offered = _filter_words(demo_window)
    assert offered == ["", *STATUS_LABELS]
    bids: list[Bid | None] = [None, Bid(), Bid(amount=10_000_000)]
    bids += [Bid(amount=1, outcome=Outcome(result=result)) for result in OutcomeResult]
    for status, bid in product(PropertyStatus, bids):
        assert status_label(Property(status=status), bid) in offered


def test_a_forfeited_bid_can_be_filtered(demo_window: MainWindow) -> None:
    """The filter's own list lacked 無効, 取下げ等 and 保証金が返還されない: such lines could not be
    picked out."""
    document = demo_window.document
    bid = next(b for b in document.state.bids.values() if b.amount is not None)
    forfeited = replace(bid, outcome=Outcome(result=OutcomeResult.FORFEITED, top_bid=bid.amount))
    document.apply(operations.put_bid(forfeited), "結果")
    combo = demo_window.status_filter
    combo.setCurrentIndex(combo.findData("保証金が返還されない"))
    model = demo_window.model
    assert model.rowCount() == 1
    assert model.index(0, Column.STATUS).data() == "保証金が返還されない"
