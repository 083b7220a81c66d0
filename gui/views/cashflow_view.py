"""資金繰り: the portfolio's cash flow in one scenario, as a timeline chart and an event table.

Every figure comes from ``domain.funds.cashflow.compute_cashflow``; this view only draws it.
The chart shows the cash on hand and the headroom (余力) as step lines, the reserve
(予備資金) as a horizontal line, the days the headroom is below zero shaded red, and one
marker per event. Recomputing 10,000 bids takes a few tenths of a second, so changes are
debounced and nothing is recomputed while the view is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from enum import IntEnum
from itertools import groupby
from operator import attrgetter
from typing import Any

from PySide6.QtCharts import (
    QAreaSeries,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import (
    QDate,
    QDateTime,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QCursor,
    QFont,
    QPainter,
    QPen,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.dates import DateError, format_era_number, format_wareki, wareki
from biddesk.domain.funds.cashflow import (
    CashEvent,
    CashflowResult,
    EventKind,
    Scenario,
    compute_cashflow,
    selectable_bids,
)
from biddesk.domain.market.expected import Odds, OddsSource, expected_odds, market_chances
from biddesk.domain.models import Portfolio, Settings
from biddesk.domain.money import format_yen
from biddesk.domain.storage.results_history import chance_of
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.palette import Role
from biddesk.gui.views.list_model import ListModel
from biddesk.gui.views.live_page import LivePage

DEBOUNCE_MS = 150
MARKER_STEPS = 600
"""Markers closer than 1/600 of the chart's height on the same day share one (same pixel)."""
MAN = 10_000
"""The chart's unit: 万円 (display only; every figure stays int yen in the domain)."""

SCENARIO_CHOICES: tuple[tuple[Scenario, str], ...] = (
    (Scenario.NONE, "落札なし"),
    (Scenario.ALL, "すべて落札"),
    (Scenario.EXPECTED, "期待値"),
    (Scenario.SELECTED, "選択した入札"),
)
SCENARIO_HELP: dict[Scenario, str] = {
    Scenario.NONE: "結果を記録していない入札はすべて落札できず、保証金が戻るものとします。",
    Scenario.ALL: "結果を記録していない入札はすべて落札し、残代金を納付するものとします。",
    Scenario.EXPECTED: (
        "入札ごとの落札見込み(%)で残代金・返還を按分します"
        "(未設定は50%)。支出は切り上げ、収入は切り捨てです。"
    ),
    Scenario.SELECTED: "チェックした入札だけが落札し、ほかは落札できないものとします。",
}

KIND_COLORS: dict[EventKind, Role] = {
    EventKind.DEPOSIT: Role.DEPOSIT,
    EventKind.REFUND: Role.REFUND,
    EventKind.BALANCE: Role.BALANCE,
    EventKind.COST: Role.COST,
    EventKind.FINANCING: Role.FINANCING,
}
ESTIMATED_TIP = "推定: 日付または金額はプログラムの見積もりです(記録すると実際の値になります)。"


def _sign_yen(amount: int) -> str:
    """+900,000円 / −1,240,000円 (the sign says in or out)."""
    if amount < 0:
        return f"−{format_yen(-amount)}"
    return f"+{format_yen(amount)}"


class EventColumn(IntEnum):
    DATE = 0
    KIND = 1
    BID = 2
    LABEL = 3
    AMOUNT = 4
    CASH = 5
    HEADROOM = 6


EVENT_HEADERS = {
    EventColumn.DATE: "日付",
    EventColumn.KIND: "種類",
    EventColumn.BID: "物件/入札",
    EventColumn.LABEL: "内容",
    EventColumn.AMOUNT: "金額",
    EventColumn.CASH: "手元資金",
    EventColumn.HEADROOM: "余力",
}
_MONEY = {EventColumn.AMOUNT, EventColumn.CASH, EventColumn.HEADROOM}

AnyIndex = QModelIndex | QPersistentModelIndex


class CashEventModel(ListModel):
    """The events of one result; cells are formatted on demand (only visible rows are)."""

    headers = EVENT_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.events: tuple[CashEvent, ...] = ()
        self._names: dict[str, tuple[str, str]] = {}
        self._italic = QFont()
        self._italic.setItalic(True)

    def set_events(self, events: tuple[CashEvent, ...], names: dict[str, tuple[str, str]]) -> None:
        """``names``: bid id → (property id, "事件番号 物件N / 入札人")."""
        self.beginResetModel()
        self.events = events
        self._names = names
        self.endResetModel()

    def _items(self) -> Sequence[Any]:
        return self.events

    def bid_at(self, row: int) -> tuple[str, str] | None:
        """(bid id, property id) of a row, or None for a financing line."""
        bid = self.events[row].bid
        if bid is None:
            return None
        return bid, self._names.get(bid, ("", ""))[0]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        event = self.events[index.row()]
        column = EventColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(event, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and event.estimated:
            return self._italic
        if role == Qt.ItemDataRole.ForegroundRole:
            if column is EventColumn.HEADROOM and event.headroom < 0:
                return palette.brush(Role.ERROR)
            if column is EventColumn.AMOUNT and event.amount < 0:
                return palette.brush(Role.ERROR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole and event.headroom < 0:
            return palette.brush(Role.ERROR_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(event, column)
        return None

    def _display(self, event: CashEvent, column: EventColumn) -> str:
        if column is EventColumn.DATE:
            return format_wareki(event.date)
        if column is EventColumn.KIND:
            return event.kind.label + ("(推定)" if event.estimated else "")
        if column is EventColumn.BID:
            if event.bid is None:
                return "(資金の設定)"
            return self._names.get(event.bid, ("", event.bid))[1]
        if column is EventColumn.LABEL:
            return event.label
        if column is EventColumn.AMOUNT:
            return _sign_yen(event.amount)
        if column is EventColumn.CASH:
            return format_yen(event.cash_after)
        return format_yen(event.headroom)

    def _tooltip(self, event: CashEvent, column: EventColumn) -> str:
        lines = [event.date.isoformat()] if column is EventColumn.DATE else [event.label]
        if event.estimated:
            lines.append(ESTIMATED_TIP)
        if event.headroom < 0:
            lines.append("この時点で余力がマイナスです(資金不足)。")
        return "\n".join(lines)


def _step(points: list[tuple[float, int]], x: float, values: list[int]) -> None:
    """Append the step at ``x`` from the last value through ``values`` (one day's events):
    the level before, the lowest and highest reached, the level after."""
    before = points[-1][1]
    after = values[-1]
    for value in (before, min(before, *values), max(before, *values), after):
        if value != points[-1][1] or points[-1][0] != x:
            points.append((x, value))


def _era_year(day: date) -> str:
    try:
        return format_era_number(*wareki(day))
    except DateError:  # before 明治: written in 西暦 (format_wareki does the same)
        return f"{day.year}年"


def axis_title(start: date, end: date) -> str:
    """The date axis's title with the year its M/d labels leave out: 日付(令和8年), or
    日付(令和8年〜令和9年) across a new year."""
    first, last = _era_year(start), _era_year(end)
    return f"日付({first})" if first == last else f"日付({first}〜{last})"


def _millis(day: date, cache: dict[date, float]) -> float:
    found = cache.get(day)
    if found is None:
        moment = QDateTime(QDate(day.year, day.month, day.day), QTime(0, 0))
        found = cache[day] = float(moment.toMSecsSinceEpoch())
    return found


class CashflowChart(QChartView):
    """The timeline: cash and headroom as step lines, reserve, shortfall, event markers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        chart = QChart()
        super().__init__(chart, parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        font = QApplication.font()
        chart.legend().setFont(font)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setTitleFont(font)
        self.cash = self._line("手元資金", palette.color(Role.CASH), 2)
        self.headroom = self._line("余力", palette.color(Role.HEADROOM), 2)
        self.reserve = self._line("予備資金", palette.color(Role.RESERVE), 1, Qt.PenStyle.DashLine)
        self.today_line = self._line("今日", palette.color(Role.TODAY), 1, Qt.PenStyle.DotLine)
        self.shortfall_upper = QLineSeries()
        self.shortfall_lower = QLineSeries()
        self.shortfall = QAreaSeries(self.shortfall_upper, self.shortfall_lower)
        self.shortfall.setName("資金不足")
        self.shortfall.setBrush(palette.brush(Role.SHORTFALL))
        self.shortfall.setPen(QPen(Qt.PenStyle.NoPen))
        self.markers: dict[EventKind, QScatterSeries] = {}
        self._marker_events: dict[EventKind, dict[tuple[float, float], list[CashEvent]]] = {}
        for kind in EventKind:
            scatter = QScatterSeries()
            scatter.setName(kind.label)
            scatter.setMarkerSize(8)
            scatter.setColor(palette.color(KIND_COLORS[kind]))
            scatter.setBorderColor(palette.color(Role.ON_ACCENT))
            scatter.hovered.connect(lambda point, state, k=kind: self._hovered(k, point, state))
            self.markers[kind] = scatter
        self.x_axis = QDateTimeAxis()
        self.x_axis.setFormat("M/d")  # the year is in the axis title (axis_title)
        self.x_axis.setTitleText("日付")
        self.y_axis = QValueAxis()
        self.y_axis.setLabelFormat("%.0f")
        self.y_axis.setTitleText("万円")
        for axis in (self.x_axis, self.y_axis):
            axis.setLabelsFont(font)
            axis.setTitleFont(font)
        chart.addAxis(self.x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.y_axis, Qt.AlignmentFlag.AlignLeft)
        series: list[Any] = [
            self.shortfall,
            self.today_line,
            self.reserve,
            self.cash,
            self.headroom,
        ]
        series += list(self.markers.values())
        for item in series:
            chart.addSeries(item)
            item.attachAxis(self.x_axis)
            item.attachAxis(self.y_axis)
        self._hide_legend(self.shortfall, True)
        palette.style_chart(chart)  # the chart's background and text follow the palette

    def changeEvent(self, event: QEvent) -> None:
        """A theme switched while the window is open (light ⇄ dark): colours again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.apply_colours()

    def apply_colours(self) -> None:
        """Every series and the chart itself in the current palette's colours."""
        lines = (
            (self.cash, Role.CASH),
            (self.headroom, Role.HEADROOM),
            (self.reserve, Role.RESERVE),
            (self.today_line, Role.TODAY),
        )
        for series, role in lines:
            pen = series.pen()
            pen.setColor(palette.color(role))
            series.setPen(pen)
        self.shortfall.setBrush(palette.brush(Role.SHORTFALL))
        for kind, scatter in self.markers.items():
            scatter.setColor(palette.color(KIND_COLORS[kind]))
            scatter.setBorderColor(palette.color(Role.ON_ACCENT))
        palette.style_chart(self.chart())

    def _line(
        self, name: str, color: QColor, width: int, style: Qt.PenStyle = Qt.PenStyle.SolidLine
    ) -> QLineSeries:
        series = QLineSeries()
        series.setName(name)
        pen = QPen(color)
        pen.setWidth(width)
        pen.setStyle(style)
        series.setPen(pen)
        return series

    def _hide_legend(self, series: Any, hidden: bool) -> None:
        legend = self.chart().legend()
        for marker in legend.markers(series):
            marker.setVisible(not hidden)
        layout = legend.layout()
        if layout is not None:
            layout.invalidate()  # otherwise a hidden marker leaves a gap

    def show_result(self, result: CashflowResult, settings: Settings, today: date) -> None:
        events = result.events
        cache: dict[date, float] = {}
        start = min(today, events[0].date) if events else today
        last = events[-1].date if events else today
        end = last + timedelta(days=max(7, (last - start).days // 30))
        x0, x1 = _millis(start, cache), _millis(end, cache)
        cash: list[tuple[float, int]] = [(x0, settings.cash_on_hand)]
        room: list[tuple[float, int]] = [(x0, result.capacity_start)]
        # Same-day events draw one vertical segment: keep only its ends and extremes, so
        # 10,000 bids cost a few points per day instead of two per event.
        for day, group in groupby(events, key=attrgetter("date")):
            x = _millis(day, cache)
            same_day = list(group)
            _step(cash, x, [e.cash_after for e in same_day])
            _step(room, x, [e.headroom for e in same_day])
        cash.append((x1, cash[-1][1]))
        room.append((x1, room[-1][1]))
        values = [v for _, v in cash] + [v for _, v in room] + [settings.reserve, 0]
        low, high = min(values), max(values)
        self.cash.replace([QPointF(x, v / MAN) for x, v in cash])
        self.headroom.replace([QPointF(x, v / MAN) for x, v in room])
        self.reserve.replace(
            [QPointF(x0, settings.reserve / MAN), QPointF(x1, settings.reserve / MAN)]
        )
        self._hide_legend(self.reserve, settings.reserve <= 0)
        short = result.first_shortfall is not None
        self.shortfall_upper.replace([QPointF(x0, 0.0), QPointF(x1, 0.0)] if short else [])
        self.shortfall_lower.replace(
            [QPointF(x, min(v, 0) / MAN) for x, v in room] if short else []
        )
        self._hide_legend(self.shortfall, not short)
        self._show_markers(events, cache, max((high - low) // MARKER_STEPS, 1))
        pad = max((high - low) / MAN * 0.05, 1.0)
        self.x_axis.setRange(
            QDateTime.fromMSecsSinceEpoch(int(x0)), QDateTime.fromMSecsSinceEpoch(int(x1))
        )
        self.x_axis.setTitleText(axis_title(start, end))
        self.y_axis.setRange(low / MAN - pad, high / MAN + pad)
        self.y_axis.applyNiceNumbers()
        now = _millis(today, cache)
        self.today_line.replace([QPointF(now, self.y_axis.min()), QPointF(now, self.y_axis.max())])
        self.chart().setTitle(result.scenario.label)

    def _show_markers(
        self, events: tuple[CashEvent, ...], cache: dict[date, float], bucket: int
    ) -> None:
        """One marker per event at its cash after; events that would be drawn on the same
        pixel (same day and kind, cash within ``bucket`` yen) share one marker and its
        tooltip lists them all."""
        found: dict[EventKind, dict[tuple[float, float], list[CashEvent]]] = {
            kind: {} for kind in EventKind
        }
        first: dict[tuple[EventKind, float, int], tuple[float, float]] = {}
        for event in events:
            x = _millis(event.date, cache)
            key = (event.kind, x, event.cash_after // bucket)
            point = first.get(key)
            if point is None:
                point = first[key] = (x, event.cash_after / MAN)
            found[event.kind].setdefault(point, []).append(event)
        for kind, scatter in self.markers.items():
            scatter.replace([QPointF(x, y) for x, y in found[kind]])
            self._hide_legend(scatter, not found[kind])
        self._marker_events = found

    def _hovered(self, kind: EventKind, point: QPointF, state: bool) -> None:
        if not state:
            QToolTip.hideText()
            return
        found = self._marker_events.get(kind, {}).get((point.x(), point.y()), [])
        lines = [
            f"{format_wareki(e.date)} {e.label} {_sign_yen(e.amount)}"
            + ("(推定)" if e.estimated else "")
            for e in found
        ]
        if lines:
            QToolTip.showText(QCursor.pos(), "\n".join(lines), self)


class CashflowView(LivePage):
    """資金繰り: scenario switch, summary, chart and event table for the open portfolio."""

    refreshed = Signal()
    activated = Signal(str, str)  # bid id, property id (double-click on an event)

    def __init__(
        self, document: PortfolioDocument, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(document, DEBOUNCE_MS, parent)
        self.today = today
        self.scenario = Scenario.ALL
        self.winners: set[str] = set()
        self.result: CashflowResult | None = None
        self._winner_keys: tuple[tuple[str, str], ...] = ()

        switch = QHBoxLayout()
        switch.addWidget(QLabel("想定:"))
        self.scenario_group = QButtonGroup(self)
        self.scenario_buttons: dict[Scenario, QRadioButton] = {}
        for scenario, text in SCENARIO_CHOICES:
            button = QRadioButton(text)
            button.setToolTip(f"{scenario.label}: {SCENARIO_HELP[scenario]}")
            button.setChecked(scenario is self.scenario)
            button.toggled.connect(lambda on, s=scenario: self.set_scenario(s) if on else None)
            self.scenario_group.addButton(button)
            self.scenario_buttons[scenario] = button
            switch.addWidget(button)
        switch.addStretch(1)
        self.settings_button = QPushButton("資金の設定…")
        self.settings_button.setToolTip("手元資金・予備資金・融資枠を設定します。")
        self.settings_button.clicked.connect(self._open_settings)
        switch.addWidget(self.settings_button)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("cashflowSummary")
        self.explanation = QLabel(
            "手元資金は、設定した手元資金(すべての振込・納付の前の残高)に出入りを日付順に"
            "反映した額です。余力 = 手元資金 + 利用できる融資枠 − 予備資金。"
            "斜体の行は推定です。"
        )
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet(palette.css(Role.MUTED))

        self.chart = CashflowChart()
        self.winner_model = QStandardItemModel(self)
        self.winner_model.itemChanged.connect(self._winner_ticked)
        self.winner_list = QListView()
        self.winner_list.setModel(self.winner_model)
        self.winner_list.setUniformItemSizes(True)
        select_all = QPushButton("すべて選ぶ")
        select_all.clicked.connect(lambda: self.set_winners(self._selectable_ids()))
        select_none = QPushButton("すべて外す")
        select_none.clicked.connect(lambda: self.set_winners(()))
        self.winner_panel = QWidget()
        panel = QVBoxLayout(self.winner_panel)
        panel.setContentsMargins(0, 0, 0, 0)
        hint = QLabel("落札すると仮定する入札にチェック(結果を記録した入札は記録どおり):")
        hint.setWordWrap(True)
        panel.addWidget(hint)
        panel.addWidget(self.winner_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(select_all)
        buttons.addWidget(select_none)
        panel.addLayout(buttons)
        self.winner_panel.setVisible(False)

        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.chart)
        top.addWidget(self.winner_panel)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)

        self.model = CashEventModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(EventColumn.LABEL, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (EventColumn.DATE, 170),
            (EventColumn.KIND, 100),
            (EventColumn.BID, 260),
            (EventColumn.AMOUNT, 130),
            (EventColumn.CASH, 130),
            (EventColumn.HEADROOM, 130),
        ):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._double_clicked)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(self.table)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([460, 300])

        layout = QVBoxLayout(self)
        layout.addLayout(switch)
        layout.addWidget(self.summary)
        layout.addWidget(self.explanation)
        layout.addWidget(splitter, 1)

    # --- state ------------------------------------------------------------------
    def set_document(self, document: PortfolioDocument) -> None:
        self.winners.clear()
        super().set_document(document)

    def set_scenario(self, scenario: Scenario) -> None:
        button = self.scenario_buttons[scenario]
        if not button.isChecked():
            button.setChecked(True)  # comes back here through toggled
            return
        if scenario is self.scenario and self.result is not None:
            return
        self.scenario = scenario
        self.winner_panel.setVisible(scenario is Scenario.SELECTED)
        self.schedule()

    def set_winners(self, ids: Any) -> None:
        self.winners = set(ids)
        self._sync_ticks()
        self.schedule()

    def refresh(self) -> None:
        """Recompute now and redraw the chart, the summary and the table."""
        self.refreshing()
        portfolio = self.document.portfolio()
        self._update_winner_list(portfolio)
        winners = frozenset(self.winners) if self.scenario is Scenario.SELECTED else None
        # 期待値: an untyped 落札見込み comes from the results history (issue 16), said so.
        odds = (
            expected_odds(portfolio, chance_of(self.document.store))
            if self.scenario is Scenario.EXPECTED
            else None
        )
        result = compute_cashflow(
            portfolio,
            scenario=self.scenario,
            today=self.today,
            winners=winners,
            chances=market_chances(odds) if odds else None,
        )
        self.result = result
        self.model.set_events(result.events, _names(portfolio))
        self.chart.show_result(result, portfolio.settings, self.today)
        self.summary.setText(_summary(result) + odds_note(odds))
        self.refreshed.emit()

    # --- the 選択 list ----------------------------------------------------------------
    def _selectable_ids(self) -> list[str]:
        return selectable_bids(self.document.portfolio())

    def _update_winner_list(self, portfolio: Portfolio) -> None:
        ids = selectable_bids(portfolio)
        self.winners &= set(ids)
        names = _names(portfolio, ids)
        keys = tuple((bid_id, names[bid_id][1]) for bid_id in ids)
        if keys == self._winner_keys:
            return
        self._winner_keys = keys
        self.winner_model.blockSignals(True)
        self.winner_model.clear()
        for bid_id, text in keys:
            item = QStandardItem(text)
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(bid_id, Qt.ItemDataRole.UserRole)
            item.setCheckState(
                Qt.CheckState.Checked if bid_id in self.winners else Qt.CheckState.Unchecked
            )
            self.winner_model.appendRow(item)
        self.winner_model.blockSignals(False)
        self.winner_list.reset()

    def _sync_ticks(self) -> None:
        self.winner_model.blockSignals(True)
        for row in range(self.winner_model.rowCount()):
            item = self.winner_model.item(row)
            ticked = item.data(Qt.ItemDataRole.UserRole) in self.winners
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.winner_model.blockSignals(False)
        self.winner_list.viewport().update()

    def _winner_ticked(self, item: QStandardItem) -> None:
        bid_id = str(item.data(Qt.ItemDataRole.UserRole))
        if item.checkState() == Qt.CheckState.Checked:
            self.winners.add(bid_id)
        else:
            self.winners.discard(bid_id)
        self.schedule()

    def tick(self, bid_id: str, ticked: bool = True) -> None:
        """Tick (or untick) one bid in the 選択 list, as a click on its box does."""
        for row in range(self.winner_model.rowCount()):
            item = self.winner_model.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == bid_id:
                item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
                return
        raise KeyError(bid_id)

    # --- actions ------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        found = self.model.bid_at(index.row())
        if found is not None:
            self.activated.emit(*found)

    def _open_settings(self) -> None:
        from biddesk.gui.dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.document, self)
        dialog.exec()


def _names(portfolio: Portfolio, ids: list[str] | None = None) -> dict[str, tuple[str, str]]:
    """bid id → (property id, "事件番号 物件N / 入札人 / 入札額") for the table and the list."""
    properties = {p.id: p for p in reversed(portfolio.properties)}
    bidders = {b.id: b for b in reversed(portfolio.bidders)}
    wanted = set(ids) if ids is not None else None
    found: dict[str, tuple[str, str]] = {}
    for bid in portfolio.bids:
        if wanted is not None and bid.id not in wanted:
            continue
        prop = properties.get(bid.property)
        bidder = bidders.get(bid.bidder)
        parts = [prop.title if prop is not None else "(物件なし)"]
        if bidder is not None and bidder.name:
            parts.append(bidder.name)
        if ids is not None:
            parts.append(format_yen(bid.amount, missing="入札額未定"))
        found[bid.id] = (bid.property, " / ".join(parts))
    return found


def odds_note(odds: list[Odds] | None) -> str:
    """Which 落札見込み the expected scenario used: typed, from the history, or even odds."""
    if not odds:
        return ""
    counts = {source: sum(o.source is source for o in odds) for source in OddsSource}
    parts = [f"{source.label}{count}件" for source, count in counts.items() if count]
    return "　落札見込み: " + "・".join(parts)


def _summary(result: CashflowResult) -> str:
    parts = [
        f"<b>{result.scenario.label}</b>",
        f"開始時の余力 {format_yen(result.capacity_start)}",
    ]
    if result.lowest is not None:
        day, room = result.lowest
        amount = format_yen(room)
        if room < 0:
            amount = f"<span style='color:{palette.name(Role.ERROR)}'>{amount}</span>"
        parts.append(f"最低余力 {amount}({format_wareki(day)})")
    if result.first_shortfall is not None:
        parts.append(
            f"<b style='color:{palette.name(Role.ERROR)}'>資金不足の初日 "
            f"{format_wareki(result.first_shortfall)}</b>"
        )
    else:
        parts.append("資金不足はありません")
    return "　／　".join(parts)
