"""The cash-flow chart for the PDF report (reportlab graphics, vector, embedded font).

Cash and headroom are step lines: a balance holds until the next dated event. The zero
line of headroom is drawn in red, and the lowest point is marked and labelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Circle, Drawing, Line, String
from reportlab.lib import colors

from biddesk.domain.dates import format_wareki
from biddesk.forms.fonts import GOTHIC, register_fonts

CASH_COLOR = colors.HexColor("#2F5597")
HEADROOM_COLOR = colors.HexColor("#C55A11")


@dataclass(frozen=True, kw_only=True)
class Point:
    day: date
    cash: int
    headroom: int


def _steps(start: tuple[date, int], points: Sequence[tuple[date, int]]) -> list[tuple[int, int]]:
    """(day ordinal, value) pairs of a step line through ``points`` from ``start``."""
    line = [(start[0].toordinal(), start[1])]
    for day, value in points:
        x = day.toordinal()
        line.append((x, line[-1][1]))
        line.append((x, value))
    return line


def _nice_step(span: int) -> int:
    """A round tick step in yen (1, 2, 5 × 10^n) giving about five ticks."""
    raw = max(span // 5, 1)
    magnitude: int = 10 ** (len(str(raw)) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _month_day(value: float) -> str:
    day = date.fromordinal(int(value))
    return f"{day.month}/{day.day}"


def _man(value: float) -> str:
    yen = round(value)
    return f"{yen // 10_000:,}万" if yen % 10_000 == 0 else f"{yen:,}"


def cashflow_drawing(
    points: Sequence[Point],
    *,
    start: date,
    start_cash: int,
    start_headroom: int,
    width: float,
    height: float,
) -> Drawing:
    """A chart of cash on hand and headroom from ``start`` through the last event."""
    register_fonts()
    drawing = Drawing(width, height)
    drawing.initialFontName = GOTHIC  # else the renderer selects Helvetica (not embedded)
    plot = LinePlot()
    plot.x, plot.y = 62, 42
    plot.width, plot.height = width - 80, height - 78
    end = max([start, *(p.day for p in points)]) + timedelta(days=3)
    cash = _steps((start, start_cash), [(p.day, p.cash) for p in points])
    headroom = _steps((start, start_headroom), [(p.day, p.headroom) for p in points])
    cash.append((end.toordinal(), cash[-1][1]))
    headroom.append((end.toordinal(), headroom[-1][1]))
    values = [v for _, v in cash + headroom] + [0]
    step = _nice_step(max(max(values) - min(values), 1))
    low = (min(values) // step) * step
    high = -(-max(values) // step) * step
    if high == low:
        high = low + step
    plot.data = [cash, headroom]
    plot.lines[0].strokeColor = CASH_COLOR
    plot.lines[1].strokeColor = HEADROOM_COLOR
    plot.lines[0].strokeWidth = 1.4
    plot.lines[1].strokeWidth = 1.4
    x_axis, y_axis = plot.xValueAxis, plot.yValueAxis
    x_axis.valueMin, x_axis.valueMax = start.toordinal(), end.toordinal()
    span_days = end.toordinal() - start.toordinal()
    x_axis.valueStep = max(1, span_days // 7)
    x_axis.labelTextFormat = _month_day
    y_axis.valueMin, y_axis.valueMax, y_axis.valueStep = low, high, step
    y_axis.labelTextFormat = _man
    for axis in (x_axis, y_axis):
        axis.labels.fontName = GOTHIC
        axis.labels.fontSize = 7
    y_axis.visibleGrid = True
    y_axis.gridStrokeColor = colors.HexColor("#D9D9D9")
    y_axis.gridStrokeWidth = 0.3
    drawing.add(plot)

    def y_of(value: int) -> float:
        return float(plot.y + (value - low) / (high - low) * plot.height)

    def x_of(day: date) -> float:
        return float(plot.x + (day.toordinal() - start.toordinal()) / span_days * plot.width)

    if low < 0:
        zero = y_of(0)
        drawing.add(
            Line(plot.x, zero, plot.x + plot.width, zero, strokeColor=colors.red, strokeWidth=0.8)
        )
    if points:
        lowest = min(points, key=lambda p: (p.headroom, p.day))
        drawing.add(Circle(x_of(lowest.day), y_of(lowest.headroom), 2.5, fillColor=HEADROOM_COLOR))
        label = f"最低 {lowest.headroom:,}円 ({format_wareki(lowest.day, weekday=False)})"
        drawing.add(
            String(
                min(x_of(lowest.day) + 4, plot.x + plot.width - 150),
                y_of(lowest.headroom) + 5,
                label,
                fontName=GOTHIC,
                fontSize=7,
                fillColor=HEADROOM_COLOR,
            )
        )
    caption = f"{format_wareki(start, weekday=False)} 〜 {format_wareki(end, weekday=False)}"
    drawing.add(String(plot.x, 14, caption, fontName=GOTHIC, fontSize=7))
    legend = Legend()
    legend.fontName = GOTHIC
    legend.fontSize = 8
    legend.x, legend.y = plot.x + 4, height - 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.colorNamePairs = [
        (CASH_COLOR, "手元資金"),
        (HEADROOM_COLOR, "余力(融資枠を含み予備資金を除く)"),
    ]
    drawing.add(legend)
    return drawing
