"""Findings as a table model (severity icon and colour, 物件, 入札人, message, 期限 in 和暦,
根拠: the source of the finding's rule, also in every cell's tooltip).

Shared by the 書類チェック tab (one bid) and the 入札前チェック dialog (every bid).
Filtering and sorting work on Python lists inside the model, so 20,000 findings filter
in milliseconds without a proxy calling back into Python per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap

from biddesk.domain.dates import format_wareki
from biddesk.domain.lookup import title_key
from biddesk.domain.rules.registry import Finding, Severity
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.list_model import ListModel, bidder_name, property_title

SORT_ROLE = Qt.ItemDataRole.UserRole
AnyIndex = QModelIndex | QPersistentModelIndex

SEVERITY_COLORS: dict[Severity, Role] = {
    Severity.ERROR: Role.ERROR,
    Severity.WARNING: Role.WARNING,
    Severity.INFO: Role.INFO,
}
SOURCE_COLOR = Role.MUTED
_SEVERITY_MARKS = {Severity.ERROR: "!", Severity.WARNING: "!", Severity.INFO: "i"}
_icons: dict[tuple[Severity, bool], QIcon] = {}


def severity_icon(severity: Severity) -> QIcon:
    """A filled disc in the severity's colour with ! or i (drawn: no icon theme needed)."""
    key = (severity, palette.is_dark())
    icon = _icons.get(key)
    if icon is None:
        size = 32  # drawn large, scaled down crisply
        pixmap = QPixmap(size, size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(SEVERITY_COLORS[severity]))
        if severity is Severity.WARNING:  # a triangle reads as "caution" at a glance
            painter.drawPolygon([QPointF(16, 2), QPointF(31, 29), QPointF(1, 29)])
        else:
            painter.drawEllipse(1, 1, size - 2, size - 2)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(20)
        painter.setFont(font)
        painter.setPen(palette.color(Role.ON_ACCENT))
        box = pixmap.rect().adjusted(0, 3 if severity is Severity.WARNING else 0, 0, 0)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, _SEVERITY_MARKS[severity])
        painter.end()
        icon = QIcon(pixmap)
        _icons[key] = icon
    return icon


def summary_text(counts: dict[Severity, int]) -> str:
    """重大1件・注意9件・情報1件."""
    return "・".join(f"{severity.label}{counts.get(severity, 0)}件" for severity in Severity)


def finding_tooltip(finding: Finding) -> str:
    """The message, then its rule: title, code and source (根拠)."""
    rule = finding.rule
    return f"{finding.message}\n{rule.title}({finding.code})\n根拠: {finding.source}"


class FindingColumn(IntEnum):
    SEVERITY = 0
    PROPERTY = 1
    BIDDER = 2
    MESSAGE = 3
    DUE = 4
    SOURCE = 5


HEADERS = {
    FindingColumn.SEVERITY: "重要度",
    FindingColumn.PROPERTY: "物件",
    FindingColumn.BIDDER: "入札人",
    FindingColumn.MESSAGE: "内容",
    FindingColumn.DUE: "期限",
    FindingColumn.SOURCE: "根拠",
}


class FindingsModel(ListModel):
    """Findings in the order given, optionally filtered to one severity or sorted by a column.

    Property and bidder names are looked up in the document when shown, so a renamed
    bidder shows its new name without re-running the checks."""

    headers = HEADERS

    def __init__(self, document: PortfolioDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._all: list[Finding] = []
        self._shown: list[Finding] = []
        self._severity: Severity | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- content -------------------------------------------------------------------
    def set_findings(self, findings: list[Finding]) -> None:
        self.beginResetModel()
        self._all = list(findings)
        self._shown = self._visible()
        self.endResetModel()

    def set_severity(self, severity: Severity | None) -> None:
        """Show only findings of ``severity`` (None: all)."""
        self._severity = severity
        self.set_findings(self._all)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._shown = self._visible()
        self.layoutChanged.emit()

    def _visible(self) -> list[Finding]:
        shown = [f for f in self._all if self._severity is None or f.severity is self._severity]
        if self._sort is not None:
            column, order = self._sort
            key = self._sort_key(column)
            shown.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        return shown

    def _sort_key(self, column: int) -> Callable[[Finding], Any]:
        if column == FindingColumn.SEVERITY:
            return lambda f: f.severity.rank
        if column == FindingColumn.DUE:
            return lambda f: f.due.isoformat() if f.due is not None else "9999"
        if column == FindingColumn.PROPERTY:  # 第88号 before 第190号
            return lambda f: title_key(self.property_title(f))
        return lambda f: self._text(f, column)

    def finding(self, row: int) -> Finding:
        return self._shown[row]

    def visible(self) -> list[Finding]:
        """The findings shown, in the order shown."""
        return list(self._shown)

    def all(self) -> list[Finding]:
        return list(self._all)

    # --- names -----------------------------------------------------------------------
    def property_title(self, finding: Finding) -> str:
        if finding.property is None and finding.bid is None:
            return "(全体)"  # a portfolio-wide finding (FUNDS_SHORTFALL)
        return property_title(self.document, finding.property)

    def bidder_name(self, finding: Finding) -> str:
        return bidder_name(self.document, finding.bid)

    def _text(self, finding: Finding, column: int) -> str:
        if column == FindingColumn.SEVERITY:
            return finding.severity.label
        if column == FindingColumn.PROPERTY:
            return self.property_title(finding)
        if column == FindingColumn.BIDDER:
            return self.bidder_name(finding)
        if column == FindingColumn.MESSAGE:
            return finding.message
        if column == FindingColumn.SOURCE:
            return finding.source
        return format_wareki(finding.due) if finding.due is not None else ""

    # --- Qt model ------------------------------------------------------------------------
    def _items(self) -> Sequence[Any]:
        return self._shown

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        finding = self._shown[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(finding, column)
        if role == Qt.ItemDataRole.DecorationRole and column == FindingColumn.SEVERITY:
            return severity_icon(finding.severity)
        if role == Qt.ItemDataRole.ForegroundRole and column == FindingColumn.SEVERITY:
            return palette.brush(SEVERITY_COLORS[finding.severity])
        if role == Qt.ItemDataRole.ForegroundRole and column == FindingColumn.SOURCE:
            return palette.brush(SOURCE_COLOR)  # a reference: quieter than the message
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(finding, column)
        if role == SORT_ROLE:
            return self._sort_key(column)(finding)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == FindingColumn.DUE:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _tooltip(self, finding: Finding, column: int) -> str:
        if column == FindingColumn.DUE:
            return finding.due.isoformat() if finding.due is not None else ""
        if column == FindingColumn.PROPERTY and finding.property is not None:
            prop = self.document.state.properties.get(finding.property)
            if prop is not None:
                return "\n".join(x for x in (prop.court, prop.title, prop.address) if x)
        return finding_tooltip(finding)
