"""The detail pane's title and tab bar, fitted to a narrow pane.

At 1280×720 Qt's own tab padding leaves room for six of the seven tabs, the last one behind
scroll arrows: these tabs have less air around their text, and when the pane is narrower
still they share its width (each name elided, whole in its tooltip) instead of scrolling a
tab out of sight. The title stays on one line (elided, whole in its tooltip).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QProxyStyle,
    QSizePolicy,
    QStyle,
    QStyleOption,
    QTabBar,
    QTabWidget,
    QWidget,
)

TAB_SPACE = 7  # pixels of air beside a tab's text (Qt's common style: 24)


class _TabStyle(QProxyStyle):
    def pixelMetric(
        self,
        metric: QStyle.PixelMetric,
        option: QStyleOption | None = None,
        widget: QWidget | None = None,
    ) -> int:
        if metric == QStyle.PixelMetric.PM_TabBarTabHSpace:
            return TAB_SPACE
        return super().pixelMetric(metric, option, widget)


class CompactTabBar(QTabBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._style = _TabStyle()  # kept: a widget does not own the style it is given
        self.setStyle(self._style)
        self.setUsesScrollButtons(False)
        self.setElideMode(Qt.TextElideMode.ElideRight)
        self.setExpanding(False)

    def tabInserted(self, index: int) -> None:
        super().tabInserted(index)
        self.setTabToolTip(index, self.tabText(index))  # the whole name when it is elided

    def all_in_sight(self) -> bool:
        """Whether every tab is whole: each as wide as its name needs, all inside the bar."""
        for index in range(self.count()):
            if self.tabRect(index).width() < self.tabSizeHint(index).width():
                return False
        last = self.count() - 1
        return last < 0 or self.tabRect(last).right() < self.width()


def compact_tabs() -> QTabWidget:
    tabs = QTabWidget()
    tabs.setTabBar(CompactTabBar(tabs))
    return tabs


class ElidedTitle(QLabel):
    """A one-line title: cut with … when the pane is narrow, the whole text in its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width())
        super().setText(shown)
