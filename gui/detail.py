"""The right-hand pane: the selected property and bid, editable, with live figures.

Edits go through ``PortfolioDocument.apply`` (one undoable transaction each); the bid's
figures are recomputed by the domain on every keystroke, before anything is saved.
"""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from biddesk.domain.announcements.parsing import normalize_case_number, parse_property_numbers
from biddesk.domain.dates import format_wareki
from biddesk.domain.edits import operations
from biddesk.domain.edits.change import Change
from biddesk.domain.edits.property_figures import with_base_price, with_deposit
from biddesk.domain.errors import UserError
from biddesk.domain.figures import check_bid, deposit_credited
from biddesk.domain.models import Bid, PaymentMethod, Property, PropertyStatus, Submission
from biddesk.domain.money import format_yen
from biddesk.domain.overview import OverviewRow, bid_deadlines
from biddesk.gui import palette
from biddesk.gui.document import PortfolioDocument
from biddesk.gui.fields import DateField, NoteEdit, YenField, fit_form, select_data
from biddesk.gui.keys import confirm_delete
from biddesk.gui.palette import Role
from biddesk.gui.views.agent_joint_loan import BidFacts
from biddesk.gui.views.attachments_panel import AttachmentsPanel
from biddesk.gui.views.bidlimit_panel import BidLimitPanel
from biddesk.gui.views.checklist_tab import ChecklistTab
from biddesk.gui.views.market_view import live_chance
from biddesk.gui.views.outcome_tab import OutcomeTab
from biddesk.gui.views.pane_chrome import ElidedTitle, compact_tabs
from biddesk.gui.views.risk_panel import RiskPanel
from biddesk.gui.views.transfer_tab import TransferTab

PROPERTY_DATES = (
    ("viewing_start", "閲覧開始日"),
    ("bid_period_start", "入札期間(始)"),
    ("bid_period_end", "入札期間(終)"),
    ("opening_date", "開札期日"),
    ("sale_decision_date", "売却決定期日"),
    ("special_sale_start", "特別売却期間(始)"),
    ("special_sale_end", "特別売却期間(終)"),
)

ATTACHMENTS = "添付"
TAB_LABELS = ("入札", "書類チェック", "振込", "結果・返還", "物件", ATTACHMENTS, "3点セット")
SHOW_ORDER = ("物件", "3点セット", "入札", "書類チェック", "振込", "結果・返還")  # as before
_T = TypeVar("_T", bound=QWidget)


def _scrolling(widget: QWidget | None) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    if widget is not None:
        area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


def _combo(items: list[tuple[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for label, data in items:
        combo.addItem(label, data)
    return combo


class PropertyTab(QWidget):
    def __init__(self, pane: DetailPane) -> None:
        super().__init__()
        self.pane = pane
        form = fit_form(QFormLayout(self))
        self.texts: dict[str, QLineEdit] = {}
        for name, label in (("court", "裁判所"), ("case_number", "事件番号"), ("kind", "種別")):
            self._add_text(form, name, label)
        self.numbers = QLineEdit()
        self.numbers.setPlaceholderText("例: 1 / 1,2 / 1～3")
        self.numbers.editingFinished.connect(self._numbers_edited)
        form.addRow("物件番号", self.numbers)
        self._add_text(form, "address", "所在地")
        self.base = YenField(price="売却基準価額")
        self.base.committed.connect(self._base_edited)
        form.addRow("売却基準価額", self.base)
        self.minimum = YenField(price="買受可能価額")
        self.minimum.committed.connect(
            lambda: self._edit("買受可能価額", minimum_bid=self.minimum.value())
        )
        form.addRow("買受可能価額", self.minimum)
        self.deposit = YenField(price="買受申出保証額")
        self.deposit.committed.connect(self._deposit_edited)
        form.addRow("買受申出保証額", self.deposit)
        # 民執法63条2項1号: a 差押債権者 that offered to buy at this amount wins unless a bid
        # reaches it; the 公告 states it when there is one.
        self.creditor_offer = YenField(price="63条申出額")
        self.creditor_offer.setToolTip("民執法63条2項1号の申出額(公告に記載がある場合だけ)")
        self.creditor_offer.committed.connect(
            lambda: self._edit("63条申出額", creditor_offer=self.creditor_offer.value())
        )
        form.addRow("63条申出額", self.creditor_offer)
        self.dates: dict[str, DateField] = {}
        for name, label in PROPERTY_DATES:
            field = DateField()
            field.committed.connect(
                lambda n=name, f=field, t=label: self._edit(t, **{n: f.value()})
            )
            self.dates[name] = field
            form.addRow(label, field)
        self.status = _combo([(s.label, s) for s in PropertyStatus])
        self.status.currentIndexChanged.connect(
            lambda: self._edit("状態", status=PropertyStatus(self.status.currentData()))
        )
        form.addRow("状態", self.status)
        self.note = NoteEdit()
        self.note.editingFinished.connect(self._note_edited)
        form.addRow("メモ", self.note)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(palette.css(Role.WARNING))
        form.addRow(self.warnings)

    def _add_text(self, form: QFormLayout, name: str, label: str) -> None:
        edit = QLineEdit()
        edit.editingFinished.connect(lambda n=name, e=edit, t=label: self._text_edited(n, e, t))
        self.texts[name] = edit
        form.addRow(label, edit)

    def show_property(self, prop: Property) -> None:
        for name, edit in self.texts.items():
            edit.setText(getattr(prop, name) or "")
            edit.setCursorPosition(0)  # a long 所在地 shows its start, not its end
        self.numbers.setText(",".join(prop.property_numbers))
        self.note.setText(prop.note)
        self.base.set_value(prop.base_price)
        self.minimum.set_value(prop.minimum_bid)
        self.deposit.set_value(prop.deposit)
        self.creditor_offer.set_value(prop.creditor_offer)
        if prop.deposit is not None and prop.deposit_estimated:
            self.deposit.hint.setText("推定(基準×2/10): 公告の額を確認してください")
        for name, field in self.dates.items():
            field.set_value(getattr(prop, name))
        select_data(self.status, prop.status)
        self.warnings.setText("\n".join(f"⚠ {w}" for w in prop.warnings))

    def _text_edited(self, name: str, edit: QLineEdit, label: str) -> None:
        prop = self.pane.prop
        if prop is None:
            return
        value: str | None = edit.text().strip()
        if name != "note" and not value:
            value = None
        if name == "case_number" and value is not None:
            try:  # R7(ケ)77 and 全角 are written the one way the court writes them
                value = normalize_case_number(value)
            except UserError as error:
                self.pane.failed.emit(str(error))
                edit.setText(prop.case_number or "")
                return
            edit.setText(value)
        if getattr(prop, name) != value:
            self._edit(label, **{name: value})

    def _note_edited(self) -> None:
        prop = self.pane.prop
        if prop is not None and self.note.text() != prop.note:
            self._edit("メモ", note=self.note.text())

    def _numbers_edited(self) -> None:
        prop = self.pane.prop
        text = self.numbers.text()
        try:  # 1,2 / １～３ / 1ないし3
            numbers = parse_property_numbers(text) if text.strip() else ()
        except UserError as error:
            self.pane.failed.emit(str(error))
            self.numbers.setText(",".join(prop.property_numbers) if prop else "")
            return
        if prop is not None and numbers != prop.property_numbers:
            self._edit("物件番号", property_numbers=numbers)

    def _base_edited(self) -> None:
        prop = self.pane.prop
        if prop is not None and self.base.value() != prop.base_price:
            self.pane.put_property(with_base_price(prop, self.base.value()), "売却基準価額")

    def _deposit_edited(self) -> None:
        prop = self.pane.prop
        if prop is not None and self.deposit.value() != prop.deposit:
            self.pane.put_property(with_deposit(prop, self.deposit.value()), "買受申出保証額")

    def _edit(self, label: str, **values: Any) -> None:
        prop = self.pane.prop
        if prop is None:
            return
        if all(getattr(prop, k) == v for k, v in values.items()):
            return
        self.pane.put_property(replace(prop, **values), label)


class BidTab(QWidget):
    def __init__(self, pane: DetailPane) -> None:
        super().__init__()
        self.pane = pane
        outer = QVBoxLayout(self)
        self.create_button = QPushButton("この物件に入札する")
        self.create_button.clicked.connect(pane.create_bid)
        outer.addWidget(self.create_button)
        self.form_widget = QWidget()
        form = fit_form(QFormLayout(self.form_widget))
        self.bidder = QComboBox()
        self.bidder.currentIndexChanged.connect(
            lambda: self._edit("入札人", bidder=self.bidder.currentData() or "")
        )
        form.addRow("入札人", self.bidder)
        # 民執法65条の2第2号: whoever the bid is made for; their 陳述書 is needed too.
        self.funder = QComboBox()
        self.funder.setToolTip(
            "自己の計算において買受けの申出をさせようとする者(資金を出して入札させる人)。"
            "いる場合はその人の陳述書と住民票(法人は登記事項証明書)も必要です。"
        )
        self.funder.currentIndexChanged.connect(
            lambda: self._edit("自己の計算で入札させる者", funder=self.funder.currentData() or "")
        )
        form.addRow("自己の計算で\n入札させる者", self.funder)
        self.amount = YenField(words=True, price="入札額")
        self.amount.edited.connect(self.refresh_figures)
        self.amount.committed.connect(lambda: self._edit("入札額", amount=self.amount.value()))
        form.addRow("入札額", self.amount)
        self.method = _combo([(m.label, m) for m in PaymentMethod])
        self.method.currentIndexChanged.connect(
            lambda: self._edit("保証の提供方法", method=PaymentMethod(self.method.currentData()))
        )
        form.addRow("保証の提供方法", self.method)
        self.submission = _combo([(s.label, s) for s in Submission])
        self.submission.currentIndexChanged.connect(
            lambda: self._edit("提出方法", submission=Submission(self.submission.currentData()))
        )
        form.addRow("提出方法", self.submission)
        self.planned = DateField()
        self.planned.committed.connect(
            lambda: self._edit("提出予定日", planned_submission=self.planned.value())
        )
        form.addRow("提出予定日", self.planned)
        self.probability = QSpinBox()
        self.probability.setRange(0, 100)
        self.probability.setSuffix(" %")
        self.probability.setSpecialValueText("未設定")
        self.probability.editingFinished.connect(
            lambda: self._edit("落札見込み", win_probability=self.probability.value() or None)
        )
        form.addRow("落札見込み", self.probability)
        self.note = NoteEdit()
        self.note.editingFinished.connect(lambda: self._edit("メモ", note=self.note.text()))
        form.addRow("メモ", self.note)
        self.figures = QLabel()
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.figures.setWordWrap(True)
        self.figures.setObjectName("figures")
        form.addRow(self.figures)
        self.facts = BidFacts(pane._apply)  # 代理人, 共同入札, 融資: their papers follow
        form.addRow(self.facts)
        buttons = QHBoxLayout()
        self.delete_button = QPushButton("この入札を削除")
        self.delete_button.clicked.connect(pane.delete_bid)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        form.addRow(buttons)
        outer.addWidget(self.form_widget)
        # issue 17: the 入札上限 of the property, measured against the typed amount
        self.limit_panel = BidLimitPanel()
        self.limit_panel.put_property.connect(pane.put_property)
        self.limit_panel.failed.connect(pane.failed)
        self.limit_panel.set_amount.connect(self._set_amount_to_limit)
        outer.addWidget(self.limit_panel)
        outer.addStretch(1)

    def _set_amount_to_limit(self, amount: int) -> None:
        self.amount.set_value(amount)
        self._edit("入札額(入札上限)", amount=amount)
        self.refresh_figures()

    def show_bid(self, bid: Bid | None) -> None:
        self.create_button.setVisible(bid is None and self.pane.prop is not None)
        self.form_widget.setVisible(bid is not None)
        self.limit_panel.setVisible(bid is not None)
        if bid is None:
            return
        self.limit_panel.show_for(self.pane.prop, bid)
        bidders = self.pane.document.state.bidders.values()
        for combo, empty in ((self.bidder, "(未選択)"), (self.funder, "(いない)")):
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, "")
            for bidder in bidders:
                combo.addItem(f"{bidder.name}({bidder.kind.label})", bidder.id)
            combo.blockSignals(False)
        select_data(self.bidder, bid.bidder)
        select_data(self.funder, bid.funder)
        self.amount.set_value(bid.amount)
        select_data(self.method, bid.method)
        select_data(self.submission, bid.submission)
        self.planned.set_value(bid.planned_submission)
        self.probability.blockSignals(True)
        self.probability.setValue(bid.win_probability or 0)
        self.probability.blockSignals(False)
        self.note.setText(bid.note)
        self.facts.show_bid(bid, self.pane.document.state.bidders)
        self.refresh_figures()

    def refresh_figures(self) -> None:
        """Recompute from the typed amount (not yet saved) and the property's figures."""
        prop, bid = self.pane.prop, self.pane.bid
        if prop is None or bid is None:
            return
        rows: list[tuple[str, str]] = [
            ("売却基準価額", format_yen(prop.base_price)),
            ("買受可能価額", format_yen(prop.minimum_bid)),
            (
                "買受申出保証額",
                format_yen(prop.deposit) + ("(推定)" if prop.deposit_estimated else ""),
            ),
        ]
        warnings: list[str] = []
        amount = self.amount.value() if self.amount.valid else None
        if amount is not None:
            result = check_bid(
                amount,
                base_price=prop.base_price,
                minimum=prop.minimum_bid,
                deposit=deposit_credited(bid.method, prop.deposit),
            )
            verdict = "有効" if result.valid else palette.span(Role.ERROR, "無効", bold=True)
            rows += [
                ("入札額の読み", html.escape(result.in_words)),
                ("判定", verdict),
                ("残代金(落札時)", format_yen(result.balance_due)),
                # issue 16: the chance from the results history, live as the amount is typed
                ("落札の見込み", html.escape(live_chance(self.pane.document, prop, amount))),
            ]
            warnings.extend(result.warnings)
        settings = self.pane.document.state.settings
        method = PaymentMethod(self.method.currentData())
        submission = Submission(self.submission.currentData())
        preview = replace(bid, method=method, submission=submission)
        for deadline in bid_deadlines(prop, preview, settings, today=self.pane.today):
            rows.append((deadline.label, format_wareki(deadline.date)))
        muted = palette.name(Role.MUTED)
        body = "".join(
            f"<tr><td style='padding-right:12px;color:{muted}'>{label}</td>"
            f"<td align='right'>{value}</td></tr>"
            for label, value in rows
        )
        notes = "".join(
            f"<p style='color:{palette.name(Role.ERROR)};margin:2px'>⚠ {html.escape(w)}</p>"
            for w in warnings
        )
        self.figures.setText(f"<table>{body}</table>{notes}")
        self.limit_panel.set_typed_amount(amount)

    def _edit(self, label: str, **values: Any) -> None:
        bid = self.pane.bid
        if bid is None or all(getattr(bid, k) == v for k, v in values.items()):
            return
        self.pane.put_bid(replace(bid, **values), label)


class DetailPane(QWidget):
    """Shows one overview row; asks the document for every change."""

    failed = Signal(str)

    def __init__(self, document: PortfolioDocument, today: date) -> None:
        super().__init__()
        self.document = document
        self.today = today
        self.prop: Property | None = None
        self.bid: Bid | None = None
        self.title = ElidedTitle("物件を選択してください")  # one line; whole in its tooltip
        self.title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.tabs = compact_tabs()  # all seven in sight at 1280×720
        # Issue 15 item 8: a tab is built when it is first shown (or its attribute read); until
        # then its page is the empty scroll area it will sit in. 添付 is built now: it is not
        # scrolled, so its size is the pane's minimum width (and it costs under a millisecond).
        self._areas: dict[str, QScrollArea] = {}
        self._built: dict[str, QWidget] = {}
        for label in TAB_LABELS:
            if label == ATTACHMENTS:
                self._attachments = AttachmentsPanel(document, today)  # the property's files
                self._attachments.failed.connect(self.failed)
                self._built[label] = self._attachments
                self.tabs.addTab(self._attachments, label)
            else:
                self._areas[label] = _scrolling(None)
                self.tabs.addTab(self._areas[label], label)
        shown = TAB_LABELS[self.tabs.currentIndex()]  # as before: given a row by show_row
        self._built[shown] = self._make(shown)
        self._areas[shown].setWidget(self._built[shown])
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs)
        self.tabs.setEnabled(False)

    # --- the tabs, each built on first use ------------------------------------------
    def built_tabs(self) -> list[str]:
        """The names of the tabs built so far, in tab order."""
        return [label for label in TAB_LABELS if label in self._built]

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(TAB_LABELS):
            self._build(TAB_LABELS[index])

    def _build(self, label: str) -> QWidget:
        """The tab's widget, built now if it is not yet: connected, enabled and showing the
        pane's row as show_row would have left it."""
        widget = self._built.get(label)
        if widget is not None:
            return widget
        widget = self._make(label)
        self._built[label] = widget
        if self.prop is not None:  # show_row sets it when it shows a row
            widget.setEnabled(not self.document.read_only)
        self._show_in(widget)
        self._areas[label].setWidget(widget)
        return widget

    def _make(self, label: str) -> QWidget:
        if label == "入札":
            return BidTab(self)
        if label == "物件":
            return PropertyTab(self)
        if label == "3点セット":
            risk = RiskPanel()  # issue 17: the 3点セット risk sheet of the property
            risk.put_property.connect(self.put_property)
            return risk
        kinds: dict[str, type[ChecklistTab | TransferTab | OutcomeTab]] = {
            # its findings list grows with it; a short pane scrolls it (the papers table has
            # its height)
            "書類チェック": ChecklistTab,
            "振込": TransferTab,
            "結果・返還": OutcomeTab,
        }
        # Tabs about the bid that manage themselves: show_bid, set_document, failed.
        view = kinds[label](self.document, self.today)
        view.failed.connect(self.failed)
        return view

    def _show_in(self, widget: QWidget) -> None:
        """Show the pane's property and bid in one built tab (as show_row does)."""
        prop, bid = self.prop, self.bid
        if isinstance(widget, BidTab):
            widget.show_bid(bid)
        elif isinstance(widget, ChecklistTab | TransferTab | OutcomeTab):
            widget.show_bid(prop, bid)
        elif isinstance(widget, PropertyTab | RiskPanel) and prop is not None:
            widget.show_property(prop)

    def _tab(self, label: str, kind: type[_T]) -> _T:
        widget = self._build(label)
        assert isinstance(widget, kind)
        return widget

    @property
    def bid_tab(self) -> BidTab:
        return self._tab("入札", BidTab)

    @property
    def property_tab(self) -> PropertyTab:
        return self._tab("物件", PropertyTab)

    @property
    def checklist_tab(self) -> ChecklistTab:
        return self._tab("書類チェック", ChecklistTab)

    @property
    def transfer_tab(self) -> TransferTab:
        return self._tab("振込", TransferTab)

    @property
    def outcome_tab(self) -> OutcomeTab:
        return self._tab("結果・返還", OutcomeTab)

    @property
    def risk_panel(self) -> RiskPanel:
        return self._tab("3点セット", RiskPanel)

    @property
    def attachments_tab(self) -> AttachmentsPanel:
        return self._attachments

    @property
    def bid_views(self) -> list[ChecklistTab | TransferTab | OutcomeTab]:
        """The tabs about the bid (書類チェック, 振込, 結果・返還), all built."""
        return [self.checklist_tab, self.transfer_tab, self.outcome_tab]

    def _built_views(self) -> list[ChecklistTab | TransferTab | OutcomeTab]:
        kinds = ChecklistTab | TransferTab | OutcomeTab
        return [w for w in self._built.values() if isinstance(w, kinds)]

    def set_document(self, document: PortfolioDocument) -> None:
        self.document = document
        for view in self._built_views():  # a tab built later starts on this document
            view.set_document(document)
        self._attachments.set_document(document)
        self.show_row(None)

    def show_row(self, row: OverviewRow | None) -> None:
        """Show ``row`` in the tabs built so far; a tab built later is given it then."""
        self.prop = row.property if row else None
        self.bid = row.bid if row else None
        self.tabs.setEnabled(row is not None)
        self._attachments.show_property(row.property if row else None)
        built = [self._built[label] for label in SHOW_ORDER if label in self._built]
        if row is None:
            self.title.setText("物件を選択してください")
            for widget in built:
                if not isinstance(widget, PropertyTab | RiskPanel):
                    self._show_in(widget)
            return
        prop = row.property
        self.title.setText(f"{prop.court or ''}　{prop.title}")
        for widget in built:
            self._show_in(widget)
        read_only = self.document.read_only
        for widget in built:
            widget.setEnabled(not read_only)

    # --- edits --------------------------------------------------------------------
    def _apply(self, change: Change, text: str) -> None:
        from biddesk.domain.storage.store import StoreError

        try:
            self.document.apply(change, text)
        except StoreError as error:
            self.failed.emit(str(error))

    def put_property(self, prop: Property, label: str) -> None:
        self._apply(operations.put_property(prop), f"{label}を変更")

    def put_bid(self, bid: Bid, label: str) -> None:
        self._apply(operations.put_bid(bid), f"{label}を変更")

    def create_bid(self) -> None:
        prop = self.prop
        if prop is None:
            return
        self._apply(
            operations.add_bid(self.document.state, prop.id, self.document.new_id), "入札を追加"
        )

    def delete_bid(self) -> None:
        bid, prop = self.bid, self.prop
        if bid is None:
            return
        title = prop.title if prop is not None else "この物件"
        if confirm_delete(self, "入札を削除", f"{title}への入札を削除しますか?"):
            self._apply(operations.remove_bid(bid.id), "入札を削除")
