"""Window sizes that fit the screen the window is on, remembered per screen.

A 1600×900 window on a 1280×720 screen (or 1920×1080 at 150 % scaling, which Qt reports as
1280×720 logical pixels) put the detail pane, 今後の期限 and the status bar off-screen. The
main window and the dialogs take at most the screen's available geometry (without the task
bar); the size the user gave the window is remembered for each screen (its name and size),
so a laptop and its external monitor each keep their own.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1600, 900)
MINIMUM = QSize(1000, 620)
LEGACY_KEY = "window/geometry"
"""Where one size for every screen was kept before (read once, fitted like the others)."""
MARGIN = 16
"""Room left around a dialog (its frame, the task bar's edge)."""


def screen_of(widget: QWidget) -> QScreen:
    screen = widget.screen()
    return screen if screen is not None else QGuiApplication.primaryScreen()


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen a window may use (no task bar or dock)."""
    return screen_of(widget).availableGeometry()


def screen_key(screen: QScreen) -> str:
    """The settings key of a screen: its name and logical size (a changed resolution or
    scaling is another key, since the remembered size may no longer fit)."""
    size = screen.size()
    cleaned = "".join(c if c.isalnum() else "_" for c in screen.name()) or "screen"
    return f"{cleaned}-{size.width()}x{size.height()}"


def fitted(preferred: QSize, area: QRect, margin: int = 0) -> QSize:
    """``preferred`` shrunk to fit ``area`` (less ``margin`` on each side)."""
    return QSize(
        min(preferred.width(), area.width() - 2 * margin),
        min(preferred.height(), area.height() - 2 * margin),
    )


def minimum_for(area: QRect) -> QSize:
    """The window's minimum size, never more than the screen (less room for a frame)."""
    return fitted(MINIMUM, area, MARGIN)


def frame_extra(widget: QWidget) -> QSize:
    """What the window manager's frame adds to the widget's size (0 before it is shown)."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    return QSize(max(0, frame.width() - inner.width()), max(0, frame.height() - inner.height()))


def fit_window(widget: QWidget, settings: QSettings, preferred: QSize = PREFERRED) -> None:
    """Restore the size remembered for this screen, else the preferred size; in both cases
    no larger than the available geometry (frame included) and placed inside it."""
    area = available(widget)
    widget.setMinimumSize(minimum_for(area))
    saved = settings.value(f"window/geometry/{screen_key(screen_of(widget))}")
    if not isinstance(saved, QByteArray):
        saved = settings.value(LEGACY_KEY)  # saved before sizes were kept per screen
    if isinstance(saved, QByteArray):
        widget.restoreGeometry(saved)
    else:
        extra = frame_extra(widget)
        widget.resize(fitted(preferred, area.adjusted(0, 0, -extra.width(), -extra.height())))
        centre = area.center()
        widget.move(centre.x() - widget.width() // 2, centre.y() - widget.height() // 2)
    keep_inside(widget, area)
    # The window manager's frame is known only once the window is shown: fit again then.
    _RefitOnShow(widget)


class _RefitOnShow(QObject):
    """Calls ``keep_inside`` when the widget is first shown, then removes itself."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show:
            self.widget.removeEventFilter(self)
            QTimer.singleShot(0, self._refit)
        return False

    def _refit(self) -> None:
        keep_inside(self.widget, available(self.widget))
        self.deleteLater()


def keep_inside(widget: QWidget, area: QRect) -> None:
    """A window larger than ``area`` is shrunk, one beyond its edges moved back in."""
    extra = frame_extra(widget)
    size = fitted(widget.size(), area.adjusted(0, 0, -extra.width(), -extra.height()))
    if size != widget.size():
        widget.resize(size)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), area.x()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.y()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(x, y)


def remember(widget: QWidget, settings: QSettings) -> None:
    """The window's geometry, kept for the screen it is on."""
    settings.setValue(f"window/geometry/{screen_key(screen_of(widget))}", widget.saveGeometry())


DETAIL_MINIMUM = 560
"""The detail pane's width that shows 書類チェック's 書類, 状態, 記載の氏名 and 照合."""


def split(width: int) -> list[int]:
    """The table and the detail pane side by side: the pane about a third of the window
    (550 of 1600), never under DETAIL_MINIMUM, never more than half."""
    detail = min(max(DETAIL_MINIMUM, width * 9 // 25), width // 2)
    return [width - detail, detail]


def dock_height(window_height: int) -> int:
    """今後の期限's first height: 190 px, less on a short screen (the detail pane first)."""
    return min(190, window_height // 5)


def fit_dialog(widget: QWidget, width: int, height: int) -> None:
    """A dialog's first size: ``width``×``height``, or the screen less a margin, so its
    buttons stay on screen."""
    size = fitted(QSize(width, height), available(widget), MARGIN)
    widget.resize(size)
