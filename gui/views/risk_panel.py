"""3点セット: the risk sheet of the shown property (issue 17 item 3).

The facts read from the 物件明細書, 現況調査報告書 and 評価書 (``Property.risks``), each a
choice or an amount; every change is one undoable edit. Below, what each answer means
(domain/paperwork/risks.py ``risk_rows``: the same rows as the 入札準備シート and the
workbook), and the amounts that go into the 入札上限 as cost lines.
"""

from __future__ import annotations

import html
from dataclasses import replace
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from biddesk.domain.models import Answer, FarmlandUse, Occupant, Property, RiskSheet
from biddesk.domain.money import format_yen
from biddesk.domain.paperwork.risks import risk_cost_lines, risk_rows
from biddesk.gui import palette
from biddesk.gui.fields import YenField, fit_form, select_data
from biddesk.gui.palette import Role

_NOT_ENTERED = "(未入力)"
_REBUILD_LABELS = {Answer.YES: "可", Answer.NO: "不可", Answer.UNKNOWN: "不明"}

# (field, label, enum, tooltip: where to read it)
_CHOICES: tuple[tuple[str, str, type[StrEnum], str], ...] = (
    ("occupant", "占有者", Occupant, "現況調査報告書「占有者」・物件明細書「物件の占有状況等」"),
    (
        "senior_lease",
        "最先の賃借権",
        Answer,
        "物件明細書「買受人が負担することとなる他人の権利」(最先の賃借権は引受け)",
    ),
    (
        "assumed_rights",
        "その他の引受け",
        Answer,
        "物件明細書: 地上権・留置権など買受人が引き受ける権利",
    ),
    (
        "statutory_superficies",
        "法定地上権",
        Answer,
        "物件明細書「物件の上に成立する法定地上権の概要」",
    ),
    ("rebuildable", "再建築", Answer, "評価書: 接道状況(建築基準法43条: 幅4m以上の道路に2m以上)"),
    ("boundary_issue", "境界・越境の問題", Answer, "現況調査報告書・評価書: 境界・越境の記載"),
    ("farmland", "農地", FarmlandUse, "公告・評価書の地目(田・畑)、農地法3条/5条の許可"),
)
_AMOUNTS = (
    (
        "eviction_cost",
        "明渡し費用の見込み",
        "引越代・強制執行の費用など(入札上限の諸費用に入ります)",
    ),
    ("assumed_deposit", "引受ける敷金等", "最先の賃借権の敷金・保証金(入札上限の諸費用に入ります)"),
    (
        "unpaid_fees",
        "滞納管理費等",
        "評価書・現況調査報告書の滞納管理費・修繕積立金(区分所有法8条)",
    ),
)


class RiskPanel(QWidget):
    """The 3点セット risk sheet of one property."""

    put_property = Signal(object, str)  # (Property, label): one undoable edit

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("risks")
        self.prop: Property | None = None
        self._showing = False
        form = fit_form(QFormLayout())
        self.choices: dict[str, QComboBox] = {}
        for name, label, kind, tip in _CHOICES:
            combo = QComboBox()
            combo.addItem(_NOT_ENTERED, None)
            for member in kind:
                text = _REBUILD_LABELS[member] if name == "rebuildable" else member.label  # type: ignore[index, attr-defined]
                combo.addItem(text, member)
            combo.setToolTip(tip)
            combo.currentIndexChanged.connect(lambda _=0, n=name: self._changed(n))
            self.choices[name] = combo
            form.addRow(label, combo)
        self.amounts: dict[str, YenField] = {}
        for name, label, tip in _AMOUNTS:
            field = YenField()
            field.setToolTip(tip)
            field.committed.connect(lambda n=name: self._changed(n))
            self.amounts[name] = field
            form.addRow(label, field)
        self.note = QLineEdit()
        self.note.setPlaceholderText("例: 現況調査報告書 p.12 に残置物あり")
        self.note.editingFinished.connect(lambda: self._changed("note"))
        form.addRow("メモ", self.note)
        self.effects = QLabel()
        self.effects.setObjectName("risk_effects")
        self.effects.setTextFormat(Qt.TextFormat.RichText)
        self.effects.setWordWrap(True)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "物件明細書・現況調査報告書・評価書(3点セット)から読み取った事実を入力します。"
            "金額は入札上限の諸費用に、各項目の影響は入札前チェックに入ります。"
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(palette.css(Role.MUTED))
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.effects)
        layout.addStretch(1)

    def show_property(self, prop: Property | None) -> None:
        self.prop = prop
        sheet = (prop.risks if prop is not None else None) or RiskSheet()
        self._showing = True
        try:
            for name, combo in self.choices.items():
                select_data(combo, getattr(sheet, name))
            for name, field in self.amounts.items():
                field.set_value(getattr(sheet, name))
            self.note.setText(sheet.note)
        finally:
            self._showing = False
        self._show_effects(sheet)

    def sheet(self) -> RiskSheet:
        """The sheet as entered in the fields (an amount that does not read keeps the old)."""
        current = (self.prop.risks if self.prop is not None else None) or RiskSheet()
        kinds = {name: kind for name, _, kind, _ in _CHOICES}
        values: dict[str, object] = {}
        for name, combo in self.choices.items():  # Qt hands a StrEnum back as its str
            data = combo.currentData()
            values[name] = None if data is None else kinds[name](data)
        for name, field in self.amounts.items():
            values[name] = field.value() if field.valid else getattr(current, name)
        values["note"] = self.note.text().strip()
        return replace(current, **values)  # type: ignore[arg-type]

    def _changed(self, name: str) -> None:
        if self._showing or self.prop is None:
            return
        sheet = self.sheet()
        stored = sheet if sheet != RiskSheet() else None
        if stored != self.prop.risks:
            self.put_property.emit(replace(self.prop, risks=stored), "3点セット")
        self._show_effects(sheet)

    def _show_effects(self, sheet: RiskSheet) -> None:
        rows = risk_rows(sheet, self.prop)
        body = "".join(
            f"<tr><td width='28%' style='padding-right:8px'><b>{html.escape(r.item)}</b></td>"
            f"<td width='24%' style='padding-right:8px'>{html.escape(r.entered)}</td>"
            f"<td>{html.escape(r.effect) or '－'}<br>"
            f"{palette.span(Role.MUTED, '根拠: ' + r.source)}</td></tr>"
            for r in rows
        )
        costs = risk_cost_lines(sheet)
        cost_text = "、".join(f"{c.name} {format_yen(c.amount)}" for c in costs) or "なし"
        self.effects.setText(
            # the whole width: a wrapped label would squeeze the table into a narrow column
            f"<table width='100%' cellspacing='2'>{body}</table>"
            f"<p>入札上限の諸費用に加わる額: {cost_text}</p>"
        )
