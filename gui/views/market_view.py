"""市場: the 売却結果 history — per court and kind: count, 売却率, quartiles of 売却価額 ÷
売却基準価額, bidders per sale; the distribution of the ratio with the own bids marked; and
the own bids against their results (how far off the user usually is).

Every figure comes from ``domain.market`` through the store's indexed queries
(``domain.storage.results_table``); this view only draws it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from PySide6.QtCore import QModelIndex, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import format_wareki
from biddesk.domain.market.comparison import (
    BidVersusResult,
    bids_versus_results,
    gaps_by_year,
    usual_gap,
)
from biddesk.domain.market.proposals import concerns
from biddesk.domain.market.statistics import MarketStats, ratio_text, rounded, rounded_percent
from biddesk.domain.models import Bid, Portfolio, Property
from biddesk.domain.money import format_yen
from biddesk.domain.storage import results_table
from biddesk.domain.storage.results_history import chance, results_for_cases
from biddesk.domain.storage.results_table import Filter
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.list_model import AnyIndex, ListModel
from biddesk.gui.views.live_page import LivePage

ALL = "(すべて)"
NO_OWN_RESULTS = (
    "自分の入札の事件の売却結果がまだ履歴にありません(売却結果を取り込むと比較できます)。"
)
BIN = Fraction(1, 10)
LOW, HIGH = Fraction(8, 10), Fraction(3)  # the chart's range of 売却価額 ÷ 売却基準価額


class RowsModel(ListModel):
    """A read-only table of already formatted cells; columns from ``right`` align right."""

    def __init__(self, headers: Sequence[str], right: set[int], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = tuple(headers)
        self.right = right
        self.rows: list[list[str]] = []

    def set_rows(self, rows: list[list[str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def _items(self) -> Sequence[Any]:
        return self.rows

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in self.right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def stats_cells(stats: MarketStats) -> list[str]:
    q = stats.quartiles or (None, None, None)
    bidders = stats.mean_bidders
    return [
        f"{stats.count:,}",
        f"{stats.sold:,}",
        f"{stats.unsold:,}",
        f"{stats.withdrawn:,}",
        rounded_percent(stats.sale_rate),
        *(ratio_text(v) for v in q),
        "－" if bidders is None else f"{rounded(bidders, 1):.1f}人",
    ]


STATS_HEADERS = (
    "件数",
    "売却",
    "不売",
    "取下等",
    "売却率",
    "第1四分位",
    "中央値",
    "第3四分位",
    "平均入札者数",
)


@dataclass(frozen=True)
class OwnMark:
    """An own bid on the chart: its amount ÷ its property's base.

    ``label`` is short (the case's 第…号, never an id); ``title`` is the property's whole
    事件番号 物件番号 for the tooltip."""

    label: str
    ratio: Fraction
    title: str = ""

    @property
    def text(self) -> str:
        return f"{self.label} {ratio_text(self.ratio)}"


_CASE_NUMBER = re.compile(r"第[0-9０-９]+号")


def short_case(prop: Property) -> str:
    """第1234号 from 令和7年(ケ)第1234号 (the chart's name tag); the title if none reads."""
    found = _CASE_NUMBER.search(prop.case_number or "")
    return prop.title if found is None else found.group(0)


def place_labels(
    spans: Sequence[tuple[float, float]],
    rows: Sequence[int],
    taken: dict[int, list[tuple[float, float]]] | None = None,
    gap: float = 4.0,
) -> list[int | None]:
    """For each label's (left, right), the first of ``rows`` where it overlaps no label
    placed before it (``taken``: row → spans already there, updated); None when no row
    has room — the label is left out and listed in the tooltip instead."""
    used = taken if taken is not None else {}
    placed: list[int | None] = []
    for left, right in spans:
        for row in rows:
            if all(right + gap <= a or left >= b + gap for a, b in used.get(row, [])):
                used.setdefault(row, []).append((left, right))
                placed.append(row)
                break
        else:
            placed.append(None)
    return placed


def quartile_labels(
    quartiles: tuple[Fraction, Fraction, Fraction],
) -> list[tuple[str, Fraction]]:
    """Q1, 中央値, Q3 — equal values share one label (「Q1・中央値・Q3」), never drawn on
    top of each other."""
    labels: list[tuple[str, Fraction]] = []
    for name, value in zip(("Q1", "中央値", "Q3"), quartiles, strict=True):
        if labels and labels[-1][1] == value:
            labels[-1] = (f"{labels[-1][0]}・{name}", value)
        else:
            labels.append((name, value))
    return labels


class RatioChart(QWidget):
    """The distribution of 売却価額 ÷ 売却基準価額 (bars of 0.1), the quartiles as dashed
    lines and the own bids as red markers, their name tags laid out without overlap (one
    with no room is left out; the tooltip lists every bid)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(220)
        self.counts: list[int] = []
        self.quartiles: tuple[Fraction, Fraction, Fraction] | None = None
        self.marks: list[OwnMark] = []
        self.hidden: list[OwnMark] = []  # marks whose tag had no room at the last paint

    def set_data(
        self,
        ratios: Sequence[Fraction],
        quartiles: tuple[Fraction, Fraction, Fraction] | None,
        marks: list[OwnMark],
    ) -> None:
        bins = int((HIGH - LOW) / BIN)
        counts = [0] * (bins + 1)  # the last bar: 3.0倍 and above
        for ratio in ratios:
            clipped = min(max(ratio, LOW), HIGH)
            counts[min(int((clipped - LOW) / BIN), bins)] += 1
        self.counts = counts
        self.quartiles = quartiles
        self.marks = sorted(marks, key=lambda m: m.ratio)
        self.setToolTip(
            "自分の入札(入札額 ÷ 売却基準価額)\n"
            + "\n".join(f"{m.title or m.label}　{ratio_text(m.ratio)}" for m in self.marks)
            if self.marks
            else ""
        )
        self.update()

    def _x(self, ratio: Fraction, area: QRectF) -> float:
        share = (min(max(ratio, LOW), HIGH + BIN) - LOW) / (HIGH + BIN - LOW)
        return area.left() + float(share) * area.width()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(QPalette.ColorRole.Base)
        painter.fillRect(self.rect(), base)
        metrics = painter.fontMetrics()
        line = metrics.height()
        area = QRectF(48, 24, self.width() - 64, self.height() - 24 - 2.2 * line)
        painter.setPen(palette.text_color())
        painter.drawText(QPointF(area.left(), 16), "売却価額 ÷ 売却基準価額 の分布(件数)")
        top = max(self.counts, default=0) or 1
        width = area.width() / max(len(self.counts), 1)
        for index, count in enumerate(self.counts):
            height = area.height() * count / top
            bar = QRectF(area.left() + index * width + 1, area.bottom() - height, width - 2, height)
            painter.fillRect(bar, palette.color(Role.CASH))
        painter.setPen(palette.color(Role.MUTED))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()))
        for step in range(0, len(self.counts) + 1, 2):
            ratio = LOW + step * BIN
            x = area.left() + step * width
            label = f"{float(ratio):.1f}" + ("+" if ratio > HIGH else "")
            painter.drawText(
                QPointF(x - metrics.horizontalAdvance(label) / 2, area.bottom() + line), label
            )
        painter.drawText(QPointF(4, area.top() + metrics.ascent()), f"{top}")
        rows = max(int(area.height() / line) - 1, 1)  # name-tag rows above the axis
        taken: dict[int, list[tuple[float, float]]] = {}
        if self.quartiles is not None:
            pen = QPen(palette.text_color())
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            names = quartile_labels(self.quartiles)
            for value in self.quartiles:
                x = self._x(value, area)
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))
            spans = [self._span(self._x(v, area), n, metrics) for n, v in names]
            for (name, _value), span, row in zip(
                names, spans, place_labels(spans, range(min(3, rows)), taken), strict=True
            ):
                if row is not None:
                    self._tag(painter, span, area.top() + row * line, name, base)
        pen = QPen(palette.color(Role.ERROR))
        pen.setWidth(2)
        painter.setPen(pen)
        for mark in self.marks:
            x = self._x(mark.ratio, area)
            painter.drawLine(QPointF(x, area.top() + line), QPointF(x, area.bottom()))
        spans = [self._span(self._x(m.ratio, area), m.text, metrics) for m in self.marks]
        self.hidden = []
        for mark, span, row in zip(
            self.marks, spans, place_labels(spans, range(1, rows), taken), strict=True
        ):
            if row is None:
                self.hidden.append(mark)
            else:
                self._tag(painter, span, area.top() + row * line, mark.text, base)
        painter.setPen(palette.color(Role.MUTED))
        legend = "赤線: 自分の入札(入札額 ÷ 売却基準価額)　破線: 四分位"
        if self.hidden:
            legend += f"　重なる{len(self.hidden)}件の名札は省略(一覧はツールチップ)"
        painter.drawText(QPointF(area.left(), self.height() - 4), legend)
        painter.end()

    @staticmethod
    def _span(x: float, text: str, metrics: QFontMetrics) -> tuple[float, float]:
        return (x + 3, x + 3 + metrics.horizontalAdvance(text))

    @staticmethod
    def _tag(
        painter: QPainter, span: tuple[float, float], y: float, text: str, base: QColor
    ) -> None:
        """A name tag with a halo of the background, so the lines and bars behind it do
        not cross its strokes."""
        path = QPainterPath()
        path.addText(QPointF(span[0], y + painter.fontMetrics().ascent()), painter.font(), text)
        color = painter.pen().color()
        painter.strokePath(path, QPen(base, 3))
        painter.fillPath(path, color)


class MarketView(LivePage):
    """市場: the statistics of the results history and the own bids against it."""

    import_requested = Signal()
    activated = Signal(str, str)  # bid id, property id

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, 0, parent)  # a few indexed queries: at once
        self.today = today
        self.court = QComboBox()
        self.kind = QComboBox()
        for combo in (self.court, self.kind):
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.import_button = QPushButton("売却結果を取り込む…")
        self.import_button.clicked.connect(self.import_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel("裁判所"))
        top.addWidget(self.court)
        top.addWidget(QLabel("種別"))
        top.addWidget(self.kind)
        top.addStretch(1)
        top.addWidget(self.import_button)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("market-summary")
        self.chart = RatioChart()
        self.groups = RowsModel(("裁判所", "種別", *STATS_HEADERS), set(range(2, 11)), self)
        self.groups_table = self._table(self.groups, {0: 190, 1: 90})
        self.versus = RowsModel(
            ("開札期日", "物件", "入札額", "売却価額", "結果", "売却価額との差"), {2, 3, 5}, self
        )
        self.versus_table = self._table(
            self.versus, {0: 150, 1: 230, 2: 110, 3: 110, 4: 60, 5: 110}
        )
        self.versus_table.horizontalHeader().setStretchLastSection(False)
        self.versus_table.doubleClicked.connect(self._double_clicked)
        self.gap_label = QLabel()
        self.gap_label.setWordWrap(True)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("自分の入札と開札結果"))
        lower_layout.addWidget(self.versus_table, 1)
        lower_layout.addWidget(self.gap_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.chart)
        splitter.addWidget(self.groups_table)
        splitter.addWidget(lower)
        splitter.setSizes([260, 180, 180])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._rows: list[BidVersusResult] = []

    def _table(self, model: RowsModel, widths: dict[int, int]) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column in range(model.columnCount()):
            table.setColumnWidth(column, widths.get(column, 84))
        return table

    def _fill_choices(self) -> None:
        conn = self.document.store.conn
        pairs = list(results_table.distinct_groups(conn, Filter()))
        for combo, values in (
            (self.court, sorted({c for c, _ in pairs})),
            (self.kind, sorted({k for _, k in pairs if k})),
        ):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(ALL)
            combo.addItems(values)
            index = combo.findText(current)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

    def which(self) -> Filter:
        court = self.court.currentText()
        kind = self.kind.currentText()
        return Filter(
            court=None if court in ("", ALL) else court, kind=None if kind in ("", ALL) else kind
        )

    def refresh(self) -> None:
        self.refreshing()
        self._fill_choices()
        conn = self.document.store.conn
        which = self.which()
        total = results_table.query_stats(conn, which)
        if total.count == 0:
            self.summary.setText(
                "売却結果の履歴はまだありません。BITの売却結果一覧をコピーして"
                "「売却結果を取り込む…」で貼り付けると、ここに統計が出ます。"
            )
        else:
            title = " ".join(filter(None, (which.court, which.kind))) or "すべての売却結果"
            q = total.quartiles
            median = f"、倍率の中央値{ratio_text(q[1])}" if q else ""
            self.summary.setText(
                f"{title}: {total.count:,}件(売却{total.sold:,}・不売{total.unsold:,}・"
                f"取下等{total.withdrawn:,})、売却率{rounded_percent(total.sale_rate)}{median}"
            )
        portfolio = self.document.portfolio()
        self.chart.set_data(
            results_table.sold_ratios(conn, which), total.quartiles, self._marks(portfolio, which)
        )
        self.groups.set_rows(
            [
                [
                    court,
                    kind or "－",
                    *stats_cells(
                        results_table.query_stats(conn, replace_filter(which, court, kind))
                    ),
                ]
                for court, kind in results_table.distinct_groups(conn, which)
            ]
        )
        cases = [p.case_number for p in portfolio.properties if p.case_number]
        self._rows = bids_versus_results(portfolio, results_for_cases(self.document.store, cases))
        self.versus.set_rows([list(row.cells()) for row in self._rows])
        gap = usual_gap(self._rows)
        self.gap_label.setText(
            NO_OWN_RESULTS
            if not self._rows
            else "売却価額との差(中央値): "
            + ("－" if gap is None else rounded_percent(gap))
            + "　(マイナスは最高価より低かった割合)"
            + "".join(
                f"　{y}年 {rounded_percent(g)}({n}件)" for y, g, n in gaps_by_year(self._rows)
            )
        )

    def _marks(self, portfolio: Portfolio, which: Filter) -> list[OwnMark]:
        marks = []
        for bid in portfolio.bids:
            prop = portfolio.property_by_id(bid.property)
            if prop is None or bid.amount is None or not prop.base_price:
                continue
            if which.court not in (None, prop.court) or which.kind not in (None, prop.kind):
                continue
            marks.append(
                OwnMark(
                    label=short_case(prop),
                    ratio=Fraction(bid.amount, prop.base_price),
                    title=prop.title,
                )
            )
        return marks

    def _double_clicked(self, index: QModelIndex) -> None:
        row = self._rows[index.row()]
        bid = self.document.state.bids.get(row.bid)
        if bid is not None:
            self.activated.emit(bid.id, bid.property)


def live_chance(document: PortfolioDocument, prop: Property, amount: int) -> str:
    """The 入札 tab's line as the amount is typed: the share of comparable results this
    amount would have won (contracts.md), with the group and its size."""
    if not prop.base_price:
        return "売却基準価額がないため計算できません"
    found = chance(
        document.store, court=prop.court, kind=prop.kind, bid=amount, base=prop.base_price
    )
    if found.share is None:
        return "売却結果の履歴がまだありません(市場タブから取り込めます)"
    return f"{rounded_percent(found.share)}({found.group.label}の売却結果{found.comparables:,}件中)"


def sale_result_text(document: PortfolioDocument, prop: Property | None, bid: Bid) -> str:
    """The 結果・返還 tab's line: the opening's 売却結果 from the history and, for a sold one,
    how far the own bid was from the 売却価額 ("" when the history has none)."""
    if prop is None or prop.case_number is None:
        return ""
    sales = [s for s in results_for_cases(document.store, [prop.case_number]) if concerns(s, prop)]
    if not sales:
        return "履歴にありません(市場タブの「売却結果を取り込む…」)"
    sale = sales[-1]
    parts = [f"{format_wareki(sale.opening_date)} {sale.result.label}"]
    if sale.sale_price is not None:
        parts.append(f"売却価額{format_yen(sale.sale_price)}({ratio_text(sale.ratio)})")
    if sale.bidders is not None:
        parts.append(f"入札者{sale.bidders}人")
    if bid.amount is not None and sale.sale_price is not None:
        gap = Fraction(bid.amount, sale.sale_price) - 1
        parts.append(f"入札額との差{rounded_percent(gap)}")
    return "、".join(parts)


def replace_filter(which: Filter, court: str, kind: str | None) -> Filter:
    return Filter(
        court=court, kind=kind, since=which.since, until=which.until, without_kind=kind is None
    )
