"""カレンダーの通知: the days before each deadline on which the exported .ics reminds.

Kept in the user's settings (gui.user_settings), not in the portfolio: the reminders are a
preference of whoever imports the calendar, the same for every portfolio they open, and a
portfolio handed to someone else does not impose them. Read-only files change nothing here.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.errors import UserError
from biddesk.domain.schedule.reminders import (
    DEFAULT_REMINDER_DAYS,
    describe_days,
    format_reminder_days,
    parse_reminder_days,
)
from biddesk.gui import palette, user_settings
from biddesk.gui.palette import Role

HELP = (
    "カレンダー(.ics)の各期限(振込・郵送・持参の期限、代金納付期限、証明書の有効期限)に、"
    "何日前の9時に通知するかをカンマ区切りで指定します(0 は当日、空欄なら通知なし)。"
    "閲覧開始日と開札期日は前日に通知します。このコンピューターのすべてのポートフォリオに"
    "共通の設定で、次に出力するカレンダーから使われます。"
)


class RemindersDialog(QDialog):
    def __init__(self, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("カレンダーの通知")
        self.resize(560, 220)
        self.days = QLineEdit(format_reminder_days(user_settings.reminder_days(settings)))
        self.days.setPlaceholderText(format_reminder_days(DEFAULT_REMINDER_DAYS))
        self.preview = QLabel()
        self.days.textChanged.connect(self._show_preview)
        form = QFormLayout()
        form.addRow("通知する日(何日前)", self.days)
        form.addRow("", self.preview)
        help_label = QLabel(HELP)
        help_label.setWordWrap(True)
        help_label.setStyleSheet(palette.css(Role.MUTED))
        self.errors = QLabel()
        self.errors.setWordWrap(True)
        self.errors.setStyleSheet(palette.css(Role.ERROR))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        self.reset = buttons.addButton("既定に戻す", QDialogButtonBox.ButtonRole.ResetRole)
        self.reset.clicked.connect(
            lambda: self.days.setText(format_reminder_days(DEFAULT_REMINDER_DAYS))
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(help_label)
        layout.addStretch(1)
        layout.addWidget(self.errors)
        layout.addWidget(buttons)
        self._show_preview()

    def _show_preview(self) -> None:
        try:
            days = parse_reminder_days(self.days.text())
        except UserError as error:
            self.preview.setText("")
            self.errors.setText(str(error))
            return
        self.errors.setText("")
        said = "・".join(describe_days(day) for day in days) or "通知なし"
        self.preview.setText(f"期限の {said}(9時)")

    def accept(self) -> None:
        try:
            days = parse_reminder_days(self.days.text())
        except UserError as error:
            self.errors.setText(str(error))
            return
        user_settings.set_reminder_days(self.settings, days)
        super().accept()
