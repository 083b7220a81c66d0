"""The base of the window's read-only tables over a Python list (Vorta's habit: column
constants, values formatted on demand, no per-cell widgets).

Counting rows and columns and naming the columns is the same for every such table; a
subclass says what its rows are (``_items``) and what a cell shows (``data``). The two
look-ups every finding or deadline line needs — the property's title and the bidder's name,
read from the document when shown so an edit shows at once — are here once too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from biddesk.gui.document import PortfolioDocument

AnyIndex = QModelIndex | QPersistentModelIndex


class ListModel(QAbstractTableModel):
    """Rows from ``_items()``, one column per entry of ``headers`` (a sequence, or a mapping
    from the column constant to its header)."""

    headers: Sequence[str] | Mapping[Any, str] = ()  # keyed by int: an IntEnum column or its value

    def _items(self) -> Sequence[Any]:
        raise NotImplementedError

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items())

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def property_title(document: PortfolioDocument, property_id: str | None) -> str:
    """The property's 事件番号 物件番号 as the document has it now ("" for none)."""
    if property_id is None:
        return ""
    prop = document.state.properties.get(property_id)
    return prop.title if prop is not None else property_id


def bidder_name(document: PortfolioDocument, bid_id: str | None) -> str:
    """The name of the bid's bidder as the document has it now ("" for none)."""
    bid = document.state.bids.get(bid_id) if bid_id is not None else None
    if bid is None:
        return ""
    bidder = document.state.bidders.get(bid.bidder)
    return bidder.name if bidder is not None else bid.bidder
