"""Every colour of the window, in one place, for a light and a dark palette.

The views name what a colour means (``Role.ERROR``, ``Role.MUTED``…), never a literal:
``tests/window/test_palette.py`` refuses a colour literal anywhere else in gui/. Which
column is used follows the application's palette (a dark window background: the dark
column), read each time a colour is asked for, so a window built under a dark system
theme is readable. Plain text and backgrounds come from the palette itself (QPalette).
"""

from __future__ import annotations

import html
from enum import Enum

from PySide6.QtCharts import QChart
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette, QPen


class Role(Enum):
    ERROR = "error"
    WARNING = "warning"
    GOOD = "good"
    INFO = "info"
    MUTED = "muted"
    """Secondary text: notes, hints, sources (根拠), greyed-out rows."""
    ERROR_BACKGROUND = "error_background"
    """A cell or row that is wrong or short (a bad value, a shortfall)."""
    WARNING_BACKGROUND = "warning_background"
    INFO_BACKGROUND = "info_background"
    """A notice bar that is no warning (the first start's welcome)."""
    ON_ACCENT = "on_accent"
    """Text or a border drawn on a coloured badge or marker."""
    CASH = "cash"
    HEADROOM = "headroom"
    RESERVE = "reserve"
    SHORTFALL = "shortfall"
    TODAY = "today"
    DEPOSIT = "deposit"
    REFUND = "refund"
    BALANCE = "balance"
    COST = "cost"
    FINANCING = "financing"


# (light, dark): each foreground has a contrast of at least 4.5 : 1 (3 : 1 for the chart's
# lines and markers) on its palette's window and base colours (test_palette checks it).
_COLOURS: dict[Role, tuple[str, str]] = {
    Role.ERROR: ("#b00020", "#ff8a80"),
    Role.WARNING: ("#8a5300", "#ffc166"),
    Role.GOOD: ("#27692b", "#81c784"),
    Role.INFO: ("#1565c0", "#82b1ff"),
    Role.MUTED: ("#5f6368", "#a9afb6"),
    Role.ERROR_BACKGROUND: ("#fde7e9", "#5a1e25"),
    Role.WARNING_BACKGROUND: ("#fff4d6", "#4a3a12"),
    Role.INFO_BACKGROUND: ("#e8f1fb", "#1e3348"),
    Role.ON_ACCENT: ("#ffffff", "#101010"),
    Role.CASH: ("#1f5fa8", "#6ea8ff"),
    Role.HEADROOM: ("#2e7d32", "#81c784"),
    Role.RESERVE: ("#b06900", "#ffb74d"),
    Role.SHORTFALL: ("#5ad32f2f", "#6eef5350"),
    Role.TODAY: ("#6b6b6b", "#9e9e9e"),
    Role.DEPOSIT: ("#d84a00", "#ff8a50"),
    Role.REFUND: ("#2e8b3a", "#81c784"),
    Role.BALANCE: ("#6a1b9a", "#ce93d8"),
    Role.COST: ("#795548", "#bcaaa4"),
    Role.FINANCING: ("#00838f", "#4dd0e1"),
}


def _palette() -> QPalette:
    return QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """A dark theme: the window background is darker than its text."""
    pal = palette or _palette()
    window = pal.color(QPalette.ColorRole.Window)
    text = pal.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def color(role: Role, palette: QPalette | None = None) -> QColor:
    light, dark = _COLOURS[role]
    return QColor(dark if is_dark(palette) else light)


def name(role: Role) -> str:
    """The colour for a style sheet or rich text (``#rrggbb``)."""
    return color(role).name()


def brush(role: Role) -> QBrush:
    return QBrush(color(role))


def css(role: Role, *, bold: bool = False) -> str:
    """A style sheet's ``color: …;`` (and bold) for a label."""
    return f"color: {name(role)};" + (" font-weight: bold;" if bold else "")


def span(role: Role, text: str, *, bold: bool = False) -> str:
    """``text`` (escaped) in ``role``'s colour, for a rich-text label."""
    tag = "b" if bold else "span"
    return f"<{tag} style='color:{name(role)}'>{html.escape(text)}</{tag}>"


def error_field_style() -> str:
    """The style sheet of a line edit whose text cannot be read."""
    return f"QLineEdit {{ background: {name(Role.ERROR_BACKGROUND)}; }}"


def text_color() -> QColor:
    """The palette's own text colour (WindowText)."""
    return _palette().color(QPalette.ColorRole.WindowText)


def style_chart(chart: QChart) -> None:
    """The chart in the window's palette: its background, plot area, titles, legend, axis
    labels and grid (Qt Charts paints a white chart whatever the theme otherwise)."""
    pal = _palette()
    base = pal.color(QPalette.ColorRole.Base)
    text = pal.color(QPalette.ColorRole.Text)
    grid = QColor(pal.color(QPalette.ColorRole.Mid))
    chart.setBackgroundBrush(QBrush(base))
    chart.setPlotAreaBackgroundVisible(False)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(QBrush(text))
        axis.setLinePen(QPen(grid))
        axis.setGridLineColor(grid)


def dark_palette() -> QPalette:
    """A dark palette like a system dark theme (for the dark check and the screenshots)."""
    pal = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1e1e1e",
        QPalette.ColorRole.AlternateBase: "#262626",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.ToolTipBase: "#353535",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#9a9a9a",
        QPalette.ColorRole.Highlight: "#2f65ca",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#82b1ff",
        QPalette.ColorRole.Mid: "#5a5a5a",
        QPalette.ColorRole.Dark: "#1a1a1a",
        QPalette.ColorRole.Light: "#505050",
    }
    for role, value in colours.items():
        pal.setColor(role, QColor(value))
    return pal


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 … 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
