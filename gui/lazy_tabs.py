"""The window's pages (資金繰り, 返還管理, 市場), each built the first time it is shown or
asked for: the window opens on ポートフォリオ, and building the others (a chart, tables)
would only delay its first paint."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget


class LazyTabs(QTabWidget):
    """A QTabWidget whose ``add_lazy`` pages are built on first use. A built page sits in
    a holder widget; ``setCurrentWidget`` takes the page itself as well."""

    def __init__(self) -> None:
        super().__init__()
        self._builders: dict[int, Callable[[], QWidget]] = {}
        self._pages: dict[int, QWidget] = {}
        self._holders: dict[int, QWidget] = {}
        self.currentChanged.connect(self._shown)

    def add_lazy(self, title: str, build: Callable[[], QWidget]) -> int:
        holder = QWidget()
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        index = self.addTab(holder, title)
        self._builders[index] = build
        self._holders[index] = holder
        return index

    def page(self, index: int) -> QWidget:
        """The page at ``index``, built now if it was not yet."""
        page = self._pages.get(index)
        if page is None:
            page = self._builders[index]()
            self._pages[index] = page
            layout = self._holders[index].layout()
            assert layout is not None
            layout.addWidget(page)
        return page

    def is_built(self, index: int) -> bool:
        return index in self._pages

    def built_pages(self) -> list[QWidget]:
        return list(self._pages.values())

    def setCurrentWidget(self, widget: QWidget) -> None:
        for index, page in self._pages.items():
            if page is widget:
                self.setCurrentIndex(index)
                return
        super().setCurrentWidget(widget)

    def _shown(self, index: int) -> None:
        if index in self._builders:
            self.page(index)
