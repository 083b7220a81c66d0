"""Input fields that read Japanese amounts and dates through the domain parsers.

Each field keeps the text the user typed, shows what it understood beside it
(``12,340,000円`` / ``令和8年12月9日(水)``), and turns red with the reason when it cannot
read the text. ``committed`` fires on Enter/focus-out with a valid value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from biddesk.domain.dates import format_wareki, parse_date
from biddesk.domain.errors import UserError
from biddesk.domain.money import check_price, format_yen, parse_yen, yen_in_words
from biddesk.gui import palette

# The widest text each field must show whole: the edit its longest value, the hint beside it
# its longest reading (a form squeezing the field scrolls the pane instead of cutting them).
YEN_SAMPLE = "999,999,999,999"
YEN_HINT_SAMPLE = "999,999,999,999円"
DATE_SAMPLE = "令和10年12月31日"
DATE_HINT_SAMPLE = "令和10年12月31日(日)"
_EDIT_PADDING = 16  # the line edit's frame and text margins, in pixels


def text_width(widget: QWidget, text: str) -> int:
    """The width ``text`` takes in ``widget``'s current font."""
    return widget.fontMetrics().horizontalAdvance(text)


class _Hint(QLabel):
    """The reading beside (or under) a field's edit; the field rearranges when it changes."""

    def setText(self, text: str) -> None:
        super().setText(text)
        field = self.parentWidget()
        if isinstance(field, _ParsedField):
            field.rearrange()


class _ParsedField(QWidget):
    committed = Signal()
    edited = Signal()  # every keystroke, with a valid value (for live figures)

    def __init__(
        self, placeholder: str, sample: str, hint_sample: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)  # set_placeholder once built
        self.hint = _Hint(self)
        self.hint.setWordWrap(True)  # an error or an estimate is a sentence: wrapped, not cut
        self._samples = (sample, hint_sample)
        # The reading beside the edit, or under it when the pane is too narrow for both.
        self._layout = layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 3)
        layout.addWidget(self.hint, 2)
        self._fit_samples()
        self._value: Any = None
        self._valid = True
        self._shown_text = ""
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._on_finished)

    def set_placeholder(self, text: str) -> None:
        """The grey example in the empty field, shown whole (the field widens to fit it)."""
        self.edit.setPlaceholderText(text)
        self._fit_samples()

    def _fit_samples(self) -> None:
        sample, hint_sample = self._samples
        placeholder = self.edit.placeholderText()
        widest = max(text_width(self.edit, sample), text_width(self.edit, placeholder))
        self.edit.setMinimumWidth(widest + _EDIT_PADDING)
        self.hint.setMinimumWidth(text_width(self.hint, hint_sample))
        # The field may be as narrow as its edit: the reading then goes under it.
        self.setMinimumWidth(self.edit.minimumWidth())
        self._arrange(self.width())

    def side_by_side_width(self) -> int:
        """The width the edit and its reading need side by side."""
        spacing = max(self._layout.spacing(), 0)
        return self.edit.minimumWidth() + spacing + self.hint.minimumWidth()

    def _arrange(self, width: int) -> None:
        beside = width >= self.side_by_side_width()
        direction = QBoxLayout.Direction.LeftToRight if beside else QBoxLayout.Direction.TopToBottom
        if self._layout.direction() != direction:
            self._layout.setDirection(direction)
        # Under the edit, an empty reading would leave a blank line.
        self.hint.setVisible(beside or bool(self.hint.text()))

    def rearrange(self) -> None:
        self._arrange(self.width())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_samples()
        super().changeEvent(event)

    def _read(self, text: str) -> Any:
        raise NotImplementedError

    def _describe(self, value: Any) -> str:
        raise NotImplementedError

    def _show(self, value: Any) -> str:
        raise NotImplementedError

    def _on_edited(self, text: str) -> None:
        try:
            value = self._read(text) if text.strip() else None
        except UserError as error:
            self._valid = False
            self.edit.setStyleSheet(palette.error_field_style())
            self.hint.setText(str(error))
            self.setToolTip(str(error))
            return
        self._valid = True
        self._value = value
        self.edit.setStyleSheet("")
        self.hint.setText(self._describe(value) if value is not None else "")
        self.setToolTip("")
        self.edited.emit()

    def _on_finished(self) -> None:
        if self._valid and self.edit.text() != self._shown_text:
            self._shown_text = self.edit.text()
            self.committed.emit()

    @property
    def valid(self) -> bool:
        return self._valid

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value
        self._valid = True
        self._shown_text = self._show(value) if value is not None else ""
        self.edit.setText(self._shown_text)
        self.edit.setStyleSheet("")
        self.hint.setText(self._describe(value) if value is not None else "")

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)


class YenField(_ParsedField):
    """Reads ``12,340,000円``, ``1234万円``, ``１２，３４０，０００``; shows the amount in words.

    Amounts beyond 15 digits are refused as by every input (parse_yen); a field for a
    ``price`` (its label: 売却基準価額, 入札額…) refuses 0円 too, as `quote` and the imports do.
    """

    def __init__(
        self, parent: QWidget | None = None, *, words: bool = False, price: str | None = None
    ) -> None:
        super().__init__("例: 12,340,000円 / 1234万円", YEN_SAMPLE, YEN_HINT_SAMPLE, parent)
        self._words = words
        self._price = price

    def _read(self, text: str) -> int | None:
        amount = parse_yen(text)
        return amount if self._price is None else check_price(amount, self._price)

    def _describe(self, value: int) -> str:
        return yen_in_words(value) if self._words and value >= 0 else format_yen(value)

    def _show(self, value: int) -> str:
        return f"{value:,}"

    def value(self) -> int | None:
        return self._value if isinstance(self._value, int) else None


class DateField(_ParsedField):
    """Reads 和暦 (令和8年12月9日, R8.12.9) or 西暦 (2026/12/9); shows it back as 和暦
    (令和8年12月9日, which it reads again), the weekday beside it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("例: 令和8年12月9日 / 2026-12-09", DATE_SAMPLE, DATE_HINT_SAMPLE, parent)

    def _read(self, text: str) -> date:
        return parse_date(text)

    def _describe(self, value: date) -> str:
        return format_wareki(value)

    def _show(self, value: date) -> str:
        return format_wareki(value, weekday=False)

    def value(self) -> date | None:
        return self._value if isinstance(self._value, date) else None


def select_data(combo: QComboBox, data: Any) -> None:
    """Show the item holding ``data`` (the first when none does) without emitting a change:
    showing a stored value must not be taken for an edit."""
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(data), 0))
    combo.blockSignals(False)


class NoteEdit(QPlainTextEdit):
    """メモ on several lines. Like a line edit it has ``text``/``setText`` and emits
    ``editingFinished`` when the cursor leaves it (Enter starts a new line; Tab moves on)."""

    editingFinished = Signal()

    def __init__(self, parent: QWidget | None = None, *, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setPlaceholderText("メモ(複数行可)")
        height = self.fontMetrics().lineSpacing() * lines
        self.setFixedHeight(height + 2 * self.frameWidth() + 8)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editingFinished.emit()


def fit_form(form: QFormLayout) -> QFormLayout:
    """A form of the detail pane: a field that does not fit beside its label goes on the row
    under it, and the fields take the width there is (never below their minimum: the pane
    scrolls instead)."""
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form
