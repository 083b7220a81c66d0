"""How the 書類チェック table shows a paper: the status icons and colours, the 3か月以内
(validity) and 照合 (name) cells, and the widgets of its rows.

The answers come from the core (``paperwork.certificates.certificate_validity``,
``paperwork.names.compare_names``); here they become a word, a colour and a tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QIcon, QPainter, QPen, QPixmap, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox, QTableView, QTableWidgetItem, QWidget

from biddesk.domain.dates import format_wareki
from biddesk.domain.models import DocStatus
from biddesk.domain.paperwork.certificates import CertificateValidity, Validity
from biddesk.domain.paperwork.names import NameMatch, compare_names
from biddesk.gui import palette
from biddesk.gui.palette import Role

GOOD, BAD, CAUTION, MUTED = Role.GOOD, Role.ERROR, Role.WARNING, Role.MUTED
STATUS_COLORS = {
    DocStatus.MISSING: BAD,
    DocStatus.REQUESTED: CAUTION,
    DocStatus.OBTAINED: GOOD,
    DocStatus.CHECKED: GOOD,
}
MATCH_COLORS = {NameMatch.SAME: GOOD, NameMatch.VARIANT: CAUTION, NameMatch.MISMATCH: BAD}

_status_icons: dict[tuple[DocStatus, bool], QIcon] = {}


def status_icon(status: DocStatus) -> QIcon:
    """A ring for a missing paper, a disc once requested/obtained, a ticked disc when checked."""
    key = (status, palette.is_dark())
    icon = _status_icons.get(key)
    if icon is None:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = palette.color(STATUS_COLORS[status])
        if status is DocStatus.MISSING:
            painter.setPen(QPen(color, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(4, 4, 24, 24)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(2, 2, 28, 28)
            if status is DocStatus.CHECKED:
                painter.setPen(QPen(palette.color(Role.ON_ACCENT), 4))
                painter.drawPolyline([QPointF(9, 16), QPointF(14, 21), QPointF(23, 11)])
        painter.end()
        icon = QIcon(pixmap)
        _status_icons[key] = icon
    return icon


def show_validity(item: QTableWidgetItem, answer: CertificateValidity, *, done: bool) -> None:
    """The core's answer (``certificates.certificate_validity``, the rule of DOC_EXPIRED
    and DOC_DATE_INVALID) in a word, with the days in the tooltip; ``done``: the paper is
    obtained or checked (then a missing issue date is worth saying)."""
    validity, through, receipt = answer.validity, answer.valid_through, answer.receipt
    if validity is Validity.NOT_LIMITED:
        item.setText("")
        item.setToolTip("この書類には発行日の期限はありません。")
    elif validity is Validity.NO_DATE:
        item.setText("未入力" if done else "")
        item.setForeground(palette.brush(CAUTION if done else MUTED))
        item.setToolTip("発行日を入力すると、提出日に使えるかを確かめます。")
    elif validity in (Validity.ISSUED_IN_FUTURE, Validity.ISSUED_AFTER_SENDING):
        later = "今日" if validity is Validity.ISSUED_IN_FUTURE else "入札書を出す日"
        item.setText("日付誤り")
        item.setForeground(palette.brush(BAD))
        item.setToolTip(f"発行日が{later}より後です。証明書のとおりの発行日を入力してください。")
    elif receipt is None or through is None:
        item.setText("—")
        when = f"{format_wareki(through)}まで使えます" if through is not None else ""
        item.setToolTip(f"{when}(提出予定日が未定です)。")
    else:
        valid = validity is Validity.VALID
        item.setText("有効" if valid else "期限切れ")
        item.setForeground(palette.brush(GOOD if valid else BAD))
        item.setToolTip(
            f"{format_wareki(through)}まで使えます({receipt.label}{format_wareki(receipt.day)})。"
            + ("" if valid else "新しく取り直してください。")
        )


def show_match(item: QTableWidgetItem, expected: str, written: str, *, done: bool) -> None:
    """照合: the name written on the paper against the bidder's (``names.compare_names``)."""
    if not written.strip() or not expected:
        item.setText("未入力" if done and expected else "")
        item.setForeground(palette.brush(MUTED))
        item.setToolTip("書類に書かれた氏名・名称を入力すると、入札人の名義と照合します。")
        return
    verdict = compare_names(expected, written)
    item.setText(verdict.kind.label)
    item.setForeground(palette.brush(MATCH_COLORS[verdict.kind]))
    item.setToolTip(f"入札人: {expected}\n書類: {written}\n{verdict.explanation}")


class StatusCombo(QComboBox):
    """Ignores the mouse wheel unless focused: scrolling the list must not change a status."""

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class FindingsTable(QTableView):
    """A short list of findings whose wrapped messages always show in full.

    ``set_widths`` names the columns of fixed width and the one that takes the rest; on a
    narrow pane the fixed ones give way so that the rest keeps ``MESSAGE_SHARE`` (half) of the width
    (else 内容 shrinks to a few pixels and runs down one character per line)."""

    MESSAGE_SHARE = 0.5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._widths: dict[int, int] = {}
        self._message_column = -1

    def set_widths(self, widths: dict[int, int], message_column: int) -> None:
        self._widths = dict(widths)
        self._message_column = message_column
        self.fit_columns()

    def fit_columns(self) -> None:
        if not self._widths:
            return
        available = self.viewport().width()
        fixed = sum(self._widths.values())
        room = available * (1 - self.MESSAGE_SHARE)
        scale = min(1.0, room / fixed) if fixed > 0 else 1.0
        for column, width in self._widths.items():
            self.setColumnWidth(column, max(int(width * scale), 36))

    def fit_rows(self) -> None:
        self.resizeRowsToContents()
        model = self.model()
        for row in range(model.rowCount() if model is not None else 0):
            self.setRowHeight(row, self.rowHeight(row) + 6)  # a little air around the text

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()
        self.fit_rows()
