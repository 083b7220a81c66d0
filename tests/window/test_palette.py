"""Dark palettes stay readable (issue 15 item 4): no colour literal outside gui/palette.py,
every colour readable on both palettes, and a window rendered dark is dark."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from window_support import TODAY, open_window

from biddesk.gui import palette
from biddesk.gui.demo import create_demo
from biddesk.gui.palette import Role

GUI = Path(__file__).resolve().parents[2] / "gui"
HEX = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?(?:[0-9a-fA-F]{2})?(?![0-9a-zA-Z])")
CSS_NAMED = re.compile(r"\b(?:color|background)\s*:\s*(?!\{)[a-zA-Z]+\b")
NAMED = {"white", "black", "red", "green", "blue", "gray", "grey", "yellow", "orange"}
FOREGROUNDS = (
    Role.ERROR, Role.WARNING, Role.GOOD, Role.INFO, Role.MUTED,
)  # fmt: skip
CHART = (
    Role.CASH, Role.HEADROOM, Role.RESERVE, Role.TODAY, Role.DEPOSIT, Role.REFUND,
    Role.BALANCE, Role.COST, Role.FINANCING,
)  # fmt: skip


def colour_literals(source: str) -> Iterator[str]:
    """Each colour written as a literal in Python source: "#rrggbb" or a CSS colour name
    in a string, QColor(…) of numbers or a name, Qt.GlobalColor.<colour>."""
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.STRING or token.type == getattr(tokenize, "FSTRING_MIDDLE", -1):
            text = token.string
            yield from HEX.findall(text)
            yield from CSS_NAMED.findall(text)
    for node in ast.walk(ast.parse(source)):
        literal_qcolor = (
            isinstance(node, ast.Call)
            and getattr(node.func, "id", "") == "QColor"
            and bool(node.args)
            and all(isinstance(a, ast.Constant) for a in node.args)
        )
        global_colour = (
            isinstance(node, ast.Attribute)
            and node.attr in NAMED
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "GlobalColor"
        )
        if literal_qcolor or global_colour:
            yield ast.unparse(node)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('label.setStyleSheet("color: #555;")', True),
        ("brush = QBrush(QColor(211, 47, 47, 90))", True),
        ("pen = QPen(Qt.GlobalColor.white)", True),
        ("css = 'QLineEdit { background: pink; }'", True),
        ("label.setStyleSheet(palette.css(Role.MUTED))", False),  # near miss: a role
        ("pixmap.fill(Qt.GlobalColor.transparent)", False),  # not a colour
        ("# issue #123 and a comment #fff\nx = 1", False),  # comments are not code
        ("f\"<b style='color:{palette.name(Role.ERROR)}'>\"", False),
    ],
)
def test_the_literal_checker(source: str, found: bool) -> None:
    assert bool(list(colour_literals(source))) is found


def test_no_colour_literal_outside_the_palette_module() -> None:
    found = {
        str(path.relative_to(GUI)): literals
        for path in sorted(GUI.rglob("*.py"))
        if path.name != "palette.py"
        and (literals := list(colour_literals(path.read_text(encoding="utf-8"))))
    }
    assert found == {}


def _palettes() -> dict[str, QPalette]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return {"light": app.style().standardPalette(), "dark": palette.dark_palette()}


@pytest.mark.parametrize("name", ["light", "dark"])
def test_every_colour_is_readable_on_its_palette(name: str) -> None:
    pal = _palettes()[name]
    assert palette.is_dark(pal) is (name == "dark")
    grounds = [pal.color(QPalette.ColorRole.Window), pal.color(QPalette.ColorRole.Base)]
    for role in FOREGROUNDS:
        for ground in grounds:
            assert palette.contrast(palette.color(role, pal), ground) >= 4.5, (role, name)
    for role in CHART:
        assert palette.contrast(palette.color(role, pal), grounds[1]) >= 3.0, (role, name)
    text = pal.color(QPalette.ColorRole.Text)
    for role in (Role.ERROR_BACKGROUND, Role.WARNING_BACKGROUND):
        assert palette.contrast(text, palette.color(role, pal)) >= 4.5, (role, name)
        assert palette.contrast(palette.color(Role.ERROR, pal), palette.color(role, pal)) >= 3


@pytest.fixture
def dark_app() -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.palette()
    app.setPalette(palette.dark_palette())
    yield app
    app.setPalette(before)


def _lightness(colour: QColor) -> int:
    return colour.lightness()


def test_a_window_rendered_dark_is_dark_and_its_red_is_light(
    dark_app: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "demo.biddesk"
    create_demo(path, today=TODAY).close()
    window = open_window(qtbot, path)
    window.pages.setCurrentWidget(window.cashflow_view)
    qtbot.waitUntil(lambda: window.cashflow_view.isVisible())
    chart = window.cashflow_view.chart
    image = chart.grab().toImage()
    corner = image.pixelColor(5, 5)
    assert _lightness(corner) < 80  # the chart follows the palette, not a white card
    # A finding's red as the window draws it: light on the dark ground.
    label = QLabel(palette.span(Role.ERROR, "無効", bold=True))
    qtbot.addWidget(label)
    label.resize(120, 40)
    shot = label.grab().toImage()
    ground = shot.pixelColor(1, 1)
    inked = [
        shot.pixelColor(x, y)
        for x in range(shot.width())
        for y in range(shot.height())
        if shot.pixelColor(x, y) != ground
    ]
    assert inked, "the text was drawn"
    brightest = max(inked, key=_lightness)
    assert palette.contrast(brightest, ground) >= 4.5
    assert brightest.red() > brightest.green()  # still red, not the default text colour


def test_the_chart_follows_a_theme_switched_while_open(demo_window: Any, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    chart = demo_window.cashflow_view.chart
    light = chart.chart().backgroundBrush().color()
    before = app.palette()
    app.setPalette(palette.dark_palette())
    try:
        qtbot.waitUntil(lambda: chart.chart().backgroundBrush().color() != light)
        assert _lightness(chart.chart().backgroundBrush().color()) < 80
        assert chart.cash.pen().color() == palette.color(Role.CASH)
    finally:
        app.setPalette(before)
