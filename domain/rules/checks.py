"""The checks → Findings (the rule registry, one ``Code`` and ``Rule`` per check code of
contracts.md, is ``domain.rules.registry``).

Each check is a pure function of the portfolio and ``today``. Messages are one or two
Japanese sentences: what is wrong, and what to do. ``due`` is the date the finding relates
to (the deadline to fix it by, or the date something became overdue).

Open and closed bids: a bid with an outcome recorded, or whose property was withdrawn,
cancelled or suspended, is closed; only PROPERTY_WITHDRAWN, REFUND_OVERDUE (and for a won
bid with a loan, the 82条申出書) are checked for it.

DOC_MISSING escalation: a missing or requested document is a warning; it becomes an
error from the court business day ``mail_margin`` court days before the submission
deadline (the mail send-by day for a mailed bid, the last court day of the period in
person) — the last moment a certificate can still be ordered and arrive in time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from biddesk.domain.dates import (
    bank_holiday,
    court_days_before,
    court_holiday,
    format_wareki,
)
from biddesk.domain.figures import SUSPICIOUS_MULTIPLE, figures_of, standard_deposit
from biddesk.domain.funds.bidlimit import limit_findings
from biddesk.domain.funds.cashflow import CashflowResult, Scenario, compute_cashflow
from biddesk.domain.funds.refunds import ERROR, RefundState, refund_status
from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    Document,
    Officer,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    Settings,
    Submission,
)
from biddesk.domain.money import format_yen
from biddesk.domain.paperwork.certificates import Validity, certificate_validity
from biddesk.domain.paperwork.documents import Requirement, checklist, is_done, statement_people
from biddesk.domain.paperwork.names import (
    PLAIN_MISMATCH,
    NameMatch,
    NameVerdict,
    compare_names,
    kana_difference,
)
from biddesk.domain.paperwork.risks import risk_findings
from biddesk.domain.progress import Progress, no_progress
from biddesk.domain.rules.paper_sources import paper_source
from biddesk.domain.rules.registry import Code, Finding, Severity
from biddesk.domain.schedule.aftersale import estimated_payment_deadline
from biddesk.domain.schedule.bid_period import bid_period_length_problem
from biddesk.domain.schedule.deadlines import (
    SubmissionDates,
    bid_dates,
    is_open,
    ready_by,
)
from biddesk.domain.schedule.labels import (
    LAST_IN_PERSON,
    LAST_TRANSFER,
    MAIL_SEND_BY,
    SAFE_TRANSFER,
)


def _day(day: date | None) -> str:
    return format_wareki(day)


def _detail(explanation: str) -> str:
    """A name verdict's explanation, unless it only repeats that the names differ."""
    return "" if explanation == PLAIN_MISMATCH else explanation


@dataclass(frozen=True, kw_only=True)
class _Context:
    """What every check of one bid needs, looked up once."""

    bid: Bid
    prop: Property | None
    bidder: Bidder | None
    joint: tuple[Bidder, ...]
    missing_joint: tuple[str, ...]
    funder: Bidder | None
    settings: Settings
    today: date
    dates: SubmissionDates | None

    def finding(
        self, code: Code, severity: Severity, message: str, due: date | None, basis: str = ""
    ) -> Finding:
        property_id = self.prop.id if self.prop is not None else (self.bid.property or None)
        return Finding(
            code=code,
            severity=severity,
            bid=self.bid.id,
            property=property_id,
            message=message,
            due=due,
            basis=basis,
        )

    @property
    def deadline(self) -> date | None:
        if self.dates is None:
            return None
        return self.dates.submission_deadline(self.bid.submission)

    @property
    def deposit(self) -> int | None:
        if self.prop is None:
            return None
        return figures_of(self.prop).deposit


@dataclass(frozen=True, kw_only=True)
class _Index:
    """Properties and bidders by id, built once per run (portfolios may be large)."""

    properties: dict[str, Property]
    bidders: dict[str, Bidder]
    forfeits: frozenset[tuple[str, str, str]]

    @classmethod
    def of(cls, portfolio: Portfolio) -> _Index:
        return cls(
            properties={p.id: p for p in reversed(portfolio.properties)},
            bidders={b.id: b for b in reversed(portfolio.bidders)},
            forfeits=forfeited_cases(portfolio),
        )


def _find_bidder(portfolio: Portfolio, index: _Index | None, bidder_id: str) -> Bidder | None:
    if not bidder_id:
        return None
    return portfolio.bidder_by_id(bidder_id) if index is None else index.bidders.get(bidder_id)


def _context(portfolio: Portfolio, bid: Bid, today: date, index: _Index | None) -> _Context:
    if index is None:
        prop, bidder = portfolio.property_by_id(bid.property), portfolio.bidder_by_id(bid.bidder)
    else:
        prop, bidder = index.properties.get(bid.property), index.bidders.get(bid.bidder)
    joint: list[Bidder] = []
    missing: list[str] = []
    for joint_id in bid.joint_bidders:
        if joint_id == bid.bidder:
            continue
        found = _find_bidder(portfolio, index, joint_id)
        if found is None:
            missing.append(joint_id)
        else:
            joint.append(found)
    return _Context(
        bid=bid,
        prop=prop,
        bidder=bidder,
        joint=tuple(joint),
        missing_joint=tuple(missing),
        funder=_find_bidder(portfolio, index, bid.funder),
        settings=portfolio.settings,
        today=today,
        dates=bid_dates(bid, prop, portfolio.settings),
    )


# --- amount and deposit ------------------------------------------------------------


def _ready_by(ctx: _Context) -> date | None:
    """The day the bid's papers must be complete (deadlines.ready_by): warnings become errors."""
    return ready_by(ctx.bid, ctx.prop, ctx.settings)


def _undecided(ctx: _Context) -> Iterable[Finding]:
    """AMOUNT_UNDECIDED: the 入札書 needs its amount (規則38条2項); an error from the day the
    envelope leaves, a warning before."""
    send_by = _ready_by(ctx)
    late = send_by is not None and ctx.today >= send_by
    when = f"{_day(send_by)}までに" if send_by is not None else "入札書を書く前に"
    yield ctx.finding(
        Code.AMOUNT_UNDECIDED,
        Severity.ERROR if late else Severity.WARNING,
        f"入札額がまだ決まっていません。{when}入札額を決めて入力してください"
        "(入札書の金額は書き直せません)。",
        send_by,
    )


def _amount(ctx: _Context) -> Iterable[Finding]:
    """BID_BELOW_MINIMUM (民執法60条3項), BID_SUSPICIOUS_AMOUNT (書き損じは訂正不可)."""
    amount, prop = ctx.bid.amount, ctx.prop
    if amount is None:
        yield from _undecided(ctx)
        return
    if prop is None:
        return
    figures = figures_of(prop)
    minimum = figures.minimum_bid
    if minimum is not None and amount < minimum:
        yield ctx.finding(
            Code.BID_BELOW_MINIMUM,
            Severity.ERROR,
            f"入札額{format_yen(amount)}が買受可能価額{format_yen(minimum)}を下回っており、"
            f"この入札は無効になります。{format_yen(minimum)}以上の額にしてください。",
            ctx.deadline,
        )
    offer = prop.creditor_offer
    if offer is not None and amount < offer:
        yield ctx.finding(
            Code.BELOW_CREDITOR_OFFER,
            Severity.WARNING,
            f"入札額{format_yen(amount)}が差押債権者の申出額{format_yen(offer)}"
            "(民執法63条2項1号)を下回っています。申出額に達しない入札は最高価買受申出人に"
            f"なれないため、{format_yen(offer)}以上にしないと落札できません。",
            ctx.deadline,
        )
    base = prop.base_price
    if base is not None and amount > SUSPICIOUS_MULTIPLE * base:
        yield ctx.finding(
            Code.BID_SUSPICIOUS_AMOUNT,
            Severity.WARNING,
            f"入札額{format_yen(amount)}が売却基準価額{format_yen(base)}の"
            f"{SUSPICIOUS_MULTIPLE}倍を超えています。桁を確認してください"
            "(入札書の金額は訂正できず、書き損じたら新しい用紙に書き直します)。",
            ctx.deadline,
        )


def _deposit(ctx: _Context) -> Iterable[Finding]:
    """DEPOSIT_MISMATCH: announced deposit vs 基準×2/10 (規則39条), transfer vs deposit."""
    prop = ctx.prop
    if prop is None:
        return
    due = ctx.dates.last_transfer if ctx.dates is not None else None
    if prop.base_price is not None and prop.deposit is not None:
        standard = standard_deposit(prop.base_price)
        if prop.deposit < standard:
            yield ctx.finding(
                Code.DEPOSIT_MISMATCH,
                Severity.WARNING,
                f"入力された買受申出保証額{format_yen(prop.deposit)}が売却基準価額の2/10"
                f"({format_yen(standard)})より少額です。公告の額を確認して入力し直してください。",
                due,
            )
        elif prop.deposit > prop.base_price:
            # 規則39条2項 lets the court raise the deposit, but no court asks for more than
            # the property's value: a 保証額 above the base price is a typo (a digit too many,
            # or the base price typed into the deposit).
            yield ctx.finding(
                Code.DEPOSIT_MISMATCH,
                Severity.WARNING,
                f"入力された買受申出保証額{format_yen(prop.deposit)}が売却基準価額"
                f"{format_yen(prop.base_price)}を上回っています。入力の誤りと思われるため、"
                "公告の額を確認して入力し直してください。",
                due,
            )
        elif prop.deposit > standard:
            yield ctx.finding(
                Code.DEPOSIT_MISMATCH,
                Severity.INFO,
                f"買受申出保証額{format_yen(prop.deposit)}は売却基準価額の2/10"
                f"({format_yen(standard)})より高額です。裁判所が定めた額(民執規則39条2項)"
                "なので、公告の額を振り込んでください。",
                due,
            )
    transfer = ctx.bid.transfer
    deposit = ctx.deposit
    if (
        ctx.bid.method is not PaymentMethod.TRANSFER
        or transfer is None
        or transfer.amount is None
        or deposit is None
    ):
        return
    estimated = "(公告の額が未入力のため基準×2/10で推定)" if prop.deposit is None else ""
    if transfer.amount < deposit:
        yield ctx.finding(
            Code.DEPOSIT_MISMATCH,
            Severity.ERROR,
            f"振込額{format_yen(transfer.amount)}が買受申出保証額{format_yen(deposit)}{estimated}"
            f"に{format_yen(deposit - transfer.amount)}足りません。不足すると入札は無効になる"
            "ため、保証額どおりに振り込んでください。",
            due,
        )
    elif transfer.amount > deposit:
        yield ctx.finding(
            Code.DEPOSIT_MISMATCH,
            Severity.WARNING,
            f"振込額{format_yen(transfer.amount)}が買受申出保証額{format_yen(deposit)}{estimated}"
            f"より{format_yen(transfer.amount - deposit)}多くなっています。"
            "公告の保証額と振込額を確認してください。",
            due,
        )


# --- transfer ----------------------------------------------------------------------


def _proof_done(bid: Bid) -> bool:
    return any(d.type is DocType.TRANSFER_PROOF and is_done(d) for d in bid.documents)


def _transfer(ctx: _Context) -> Iterable[Finding]:
    """DEPOSIT_CHANNEL (窓口・電信扱いのみ), TRANSFER_LATE (bank calendar, 着金 by the end)."""
    if ctx.bid.method is not PaymentMethod.TRANSFER:
        return
    transfer, dates = ctx.bid.transfer, ctx.dates
    last = dates.last_transfer if dates is not None else None
    if transfer is not None and transfer.channel is not Channel.COUNTER:
        yield ctx.finding(
            Code.DEPOSIT_CHANNEL,
            Severity.ERROR,
            f"保証金の振込方法が{transfer.channel.label}になっています。ATMやインターネット"
            "バンキングの振込は認められないため、銀行の窓口で裁判所の振込依頼書を使い、"
            "電信扱いで振り込んでください。",
            last,
        )
    if transfer is not None and transfer.date is not None:
        yield from _transfer_date(ctx, transfer.date)
    if dates is None:
        return
    if transfer is not None and transfer.date is not None:
        if transfer.date > dates.last_transfer and dates.transfer_bound_by_envelope:
            verb = "発送" if ctx.bid.submission is Submission.MAIL else "持参"
            yield ctx.finding(
                Code.TRANSFER_LATE,
                Severity.ERROR,
                f"振込日{_day(transfer.date)}が入札書の{verb}日{_day(dates.envelope)}より後です。"
                "振込証明書は入札書と一緒に封筒に入れて出すため(民執規則48条)、"
                f"{_day(dates.last_transfer)}までに振り込んでください。",
                dates.last_transfer,
            )
        elif transfer.date > dates.last_transfer:
            yield ctx.finding(
                Code.TRANSFER_LATE,
                Severity.ERROR,
                f"振込日{_day(transfer.date)}が{LAST_TRANSFER.name}{_day(dates.last_transfer)}"
                "(入札期間内の最後の銀行営業日)より後です。期間内に着金しないと入札は無効"
                "になるため、最終日までに振り込んでください。",
                dates.last_transfer,
            )
        elif transfer.date > dates.safe_transfer:
            yield ctx.finding(
                Code.TRANSFER_LATE,
                Severity.WARNING,
                f"振込日{_day(transfer.date)}が{SAFE_TRANSFER.name}"
                f"{_day(dates.safe_transfer)}より後です。銀行の当日締切(通常15時)に遅れない"
                "よう、できるだけ早く振り込んでください。",
                dates.safe_transfer,
            )
        return
    if _proof_done(ctx.bid):
        return
    if ctx.today > dates.last_transfer:
        yield ctx.finding(
            Code.TRANSFER_LATE,
            Severity.ERROR,
            f"保証金の振込が記録されないまま、{LAST_TRANSFER.name}{_day(dates.last_transfer)}を"
            "過ぎています。振込済みなら振込の記録を入力してください(未着金の入札は無効です)。",
            dates.last_transfer,
        )
    elif ctx.today > dates.safe_transfer:
        yield ctx.finding(
            Code.TRANSFER_LATE,
            Severity.WARNING,
            f"{SAFE_TRANSFER.name}{_day(dates.safe_transfer)}を過ぎましたが、保証金の振込が"
            f"まだ記録されていません。{LAST_TRANSFER.name}{_day(dates.last_transfer)}の締切までに窓口で"
            "振り込んでください。",
            dates.last_transfer,
        )


def _transfer_date(ctx: _Context, day: date) -> Iterable[Finding]:
    """TRANSFER_DATE_INVALID: a recorded transfer on a bank holiday or in the future is a
    typo (error); one before the bid period opens may not be accepted (warning)."""
    holiday = bank_holiday(day)
    start = ctx.prop.bid_period_start if ctx.prop is not None else None
    if day > ctx.today:
        yield ctx.finding(
            Code.TRANSFER_DATE_INVALID,
            Severity.ERROR,
            f"振込日{_day(day)}が今日({_day(ctx.today)})より後です。振込の記録は振り込んだ後に、"
            "振込証明書のとおりの日付で入力してください。",
            day,
        )
    elif holiday is not None:
        yield ctx.finding(
            Code.TRANSFER_DATE_INVALID,
            Severity.ERROR,
            f"振込日{_day(day)}は銀行の休業日({holiday})で、窓口の振込はできません。"
            "振込証明書の日付を確認して入力し直してください。",
            day,
        )
    elif start is not None and day < start:
        yield ctx.finding(
            Code.TRANSFER_DATE_INVALID,
            Severity.WARNING,
            f"振込日{_day(day)}が入札期間({_day(start)}から)の前です。期間前の振込は"
            "受け付けられないことがあるため、裁判所(執行官室)に確認してください。",
            start,
        )


def _payer(ctx: _Context) -> Iterable[Finding]:
    """PAYER_NAME_MISMATCH: 振込依頼人 = the bidder (joint bid: the representative)."""
    transfer, bidder = ctx.bid.transfer, ctx.bidder
    if ctx.bid.method is not PaymentMethod.TRANSFER or transfer is None or bidder is None:
        return
    due = ctx.dates.last_transfer if ctx.dates is not None else None
    payer = transfer.payer_name.strip()
    if payer and bidder.name:
        verdict = compare_names(bidder.name, payer)
        if verdict.kind is NameMatch.MISMATCH:
            other = next(
                (
                    j
                    for j in ctx.joint
                    if compare_names(j.name, payer).kind is not NameMatch.MISMATCH
                ),
                None,
            )
            hint = (
                f"共同入札人の{other.name}ではなく代表者の名義で振り込んでください。"
                if other is not None
                else "振込依頼人は入札書の入札人本人(共同入札は代表者)にしてください。"
            )
            yield ctx.finding(
                Code.PAYER_NAME_MISMATCH,
                Severity.ERROR,
                f"振込依頼人「{payer}」が入札人「{bidder.name}」と違います。"
                f"{_detail(verdict.explanation)}{hint}",
                due,
            )
        elif verdict.kind is NameMatch.VARIANT:
            yield ctx.finding(
                Code.PAYER_NAME_MISMATCH,
                Severity.WARNING,
                f"振込依頼人「{payer}」と入札人「{bidder.name}」の表記が違います。"
                f"{verdict.explanation}入札書と同じ表記か確認してください。",
                due,
            )
    kana = transfer.payer_kana.strip()
    if not kana:
        return
    if not bidder.name_kana.strip():
        yield ctx.finding(
            Code.PAYER_NAME_MISMATCH,
            Severity.WARNING,
            f"入札人「{bidder.name}」のフリガナが未入力のため、振込依頼人のカナ「{kana}」と"
            "照合できません。入札者の設定でフリガナを入力してください。",
            due,
        )
        return
    difference = kana_difference(bidder.name_kana, kana, name=bidder.name)
    if difference is not None:
        yield ctx.finding(
            Code.PAYER_NAME_MISMATCH,
            Severity.ERROR,
            f"振込依頼人のカナ「{kana}」が入札人のフリガナ「{bidder.name_kana}」と一致しません。"
            f"{difference}銀行で振込依頼人名を入札人本人のカナで書いてください。",
            due,
        )


# --- documents ---------------------------------------------------------------------


def _missing_severity(ctx: _Context) -> tuple[Severity, date | None]:
    """Warning until ``mail_margin`` court days before the submission deadline, then error."""
    deadline = ctx.deadline
    if deadline is None:
        return Severity.WARNING, None
    escalate = court_days_before(deadline, ctx.settings.mail_margin)
    return (Severity.ERROR if ctx.today >= escalate else Severity.WARNING), deadline


def _whose(ctx: _Context, requirement: Requirement) -> str:
    if requirement.who == ctx.bid.bidder or not ctx.bid.joint_bidders:
        return ""
    return f"(共同入札人{requirement.expected_name or '(未登録)'})"  # never the file's id


def _documents(ctx: _Context) -> Iterable[Finding]:
    """DOC_MISSING, NAME_MISMATCH / NAME_VARIANT, DOC_EXPIRED for one open bid."""
    severity, deadline = _missing_severity(ctx)
    by = "入札書の発送までに" if ctx.bid.submission is Submission.MAIL else "入札書の提出までに"
    if ctx.bidder is None:
        yield ctx.finding(
            Code.DOC_MISSING,
            severity,
            "入札人が入札者一覧に見つかりません。入札者を登録し、入札タブで入札人を選んでから"
            "書類を確認してください。"
            if ctx.bid.bidder
            else "入札人が選ばれていません。入札タブで入札人を選んでから書類を確認してください。",
            deadline,
        )
    if ctx.missing_joint:
        count = len(ctx.missing_joint)
        yield ctx.finding(
            Code.DOC_MISSING,
            severity,
            f"共同入札人のうち{count}人が入札者一覧に見つかりません。"
            "共同入札人を登録し、入札タブで選び直して、その人の書類も揃えてください。",
            deadline,
        )
    others = (*ctx.joint, ctx.funder) if ctx.funder is not None else ctx.joint
    pairs = checklist(ctx.bid, ctx.bidder, ctx.prop, others)
    for requirement, document in pairs:
        label = f"{requirement.label}{_whose(ctx, requirement)}"
        if requirement.type is DocType.LOAN_NOTICE:
            if not is_done(document):
                yield ctx.finding(
                    Code.DOC_MISSING,
                    Severity.INFO,
                    "落札した場合、代金納付までに民執法82条2項の申出書を提出する必要が"
                    "あります。融資先の金融機関と準備しておいてください。",
                    None,
                    paper_source(requirement.type),
                )
        elif not is_done(document):
            state = document.status.label if document is not None else "未登録"
            level = severity
            if requirement.type is DocType.TRANSFER_PROOF:
                # The receipt exists only after the transfer: late transfers are
                # TRANSFER_LATE; the proof itself is an error once the last day has passed.
                last = ctx.dates.last_transfer if ctx.dates is not None else None
                level = (
                    Severity.ERROR if last is not None and ctx.today > last else Severity.WARNING
                )
            yield ctx.finding(
                Code.DOC_MISSING,
                level,
                f"{label}がまだ揃っていません({state})。{by}用意してください。",
                deadline,
                paper_source(requirement.type),
            )
        if document is not None:
            yield from _document_name(ctx, requirement, document, label)
            yield from _registry_representative(ctx, requirement, document, label)
            yield from _document_date(ctx, requirement, document, label)
    yield from _statement_facts(ctx, pairs)


def _document_name(
    ctx: _Context, requirement: Requirement, document: Document, label: str
) -> Iterable[Finding]:
    written, expected = document.name.strip(), requirement.expected_name
    if not written or not expected:
        return
    verdict = compare_names(expected, written)
    yield from _name_findings(
        ctx,
        verdict,
        mismatch=f"{label}の名義「{written}」が入札人「{expected}」と違います。"
        f"{_detail(verdict.explanation)}住民票・登記事項証明書のとおりに揃えてください。",
        variant=f"{label}の名義「{written}」と入札人「{expected}」の表記が違います。"
        f"{verdict.explanation}",
    )


def _name_findings(
    ctx: _Context, verdict: NameVerdict, *, mismatch: str, variant: str
) -> Iterable[Finding]:
    """NAME_MISMATCH (error) or NAME_VARIANT (warning: confirm) for a name verdict."""
    if verdict.kind is NameMatch.MISMATCH:
        yield ctx.finding(Code.NAME_MISMATCH, Severity.ERROR, mismatch, ctx.deadline)
    elif verdict.kind is NameMatch.VARIANT:
        yield ctx.finding(Code.NAME_VARIANT, Severity.WARNING, variant, ctx.deadline)


def _registry_representative(
    ctx: _Context, requirement: Requirement, document: Document, label: str
) -> Iterable[Finding]:
    """NAME_MISMATCH / NAME_VARIANT: the 代表者の資格・氏名 the bidder's papers carry (the
    入札書, the 陳述書) must be the one on its 登記事項証明書 (court practice: 登記のとおり)."""
    written = document.representative.strip()
    if requirement.type is not DocType.REGISTRY or not written:
        return
    people = [p for p in (ctx.bidder, *ctx.joint, ctx.funder) if p is not None]
    owner = next((p for p in people if p.id == requirement.who), None)
    if owner is None or owner.kind is not BidderKind.CORPORATION:
        return
    expected = " ".join(
        part for part in (owner.representative_title, owner.representative_name) if part
    )
    if not expected:
        return  # STATEMENT_INCOMPLETE asks for it
    verdict = compare_names(expected, written)
    yield from _name_findings(
        ctx,
        verdict,
        mismatch=f"{label}の代表者「{written}」が入札者に登録された代表者「{expected}」と違います。"
        f"{_detail(verdict.explanation)}入札書・陳述書の代表者は登記事項証明書のとおりに"
        "書いてください。",
        variant=f"{label}の代表者「{written}」と入札者の代表者「{expected}」の表記が違います。"
        f"{verdict.explanation}",
    )


def _document_date(
    ctx: _Context, requirement: Requirement, document: Document, label: str
) -> Iterable[Finding]:
    """DOC_EXPIRED, DOC_DATE_INVALID: ``certificates.certificate_validity`` (issued within 3
    months of the day the court receives the bid, 民法140条・143条), the 書類チェック tab's rule."""
    answer = certificate_validity(
        requirement.needs_issue_date, document, ctx.bid, ctx.prop, ctx.settings, today=ctx.today
    )
    issued, through, receipt = document.issued, answer.valid_through, answer.receipt
    if answer.validity is Validity.NO_DATE and is_done(document):
        yield ctx.finding(
            Code.DOC_EXPIRED,
            Severity.WARNING,
            f"{label}の発行日が入力されていません。提出日前3か月以内の発行か確かめる"
            "ため、発行日を入力してください。",
            ctx.deadline,
        )
    elif answer.validity is Validity.ISSUED_IN_FUTURE:
        yield ctx.finding(
            Code.DOC_DATE_INVALID,
            Severity.ERROR,
            f"{label}の発行日{_day(issued)}が今日({_day(ctx.today)})より後です。"
            "証明書のとおりの発行日を入力してください。",
            ctx.deadline,
        )
    elif answer.validity is Validity.ISSUED_AFTER_SENDING:
        yield ctx.finding(
            Code.DOC_DATE_INVALID,
            Severity.ERROR,
            f"{label}の発行日{_day(issued)}が入札書の"
            f"{'発送' if ctx.bid.submission is Submission.MAIL else '提出'}日{_day(answer.send_by)}"
            "より後です。入札書に添える証明書は提出前に取得したものです。日付を確認してください。",
            answer.send_by,
        )
    elif answer.validity is Validity.EXPIRED and receipt is not None:
        yield ctx.finding(
            Code.DOC_EXPIRED,
            Severity.ERROR,
            f"{label}({_day(issued)}発行)は{_day(through)}までしか使えず、"
            f"{receipt.label}{_day(receipt.day)}には発行から3か月を過ぎています。"
            "新しく取り直してください。",
            through,
        )


_PERSON_FIELDS = (
    ("name", "氏名"),
    ("name_kana", "ふりがな"),
    ("birth_date", "生年月日"),
    ("sex", "性別"),
    ("address", "住所"),
)
"""What the 陳述書 states of a person (an individual bidder, each officer): 民執規則31条の2."""


def _missing_facts(person: Bidder | Officer) -> list[str]:
    return [label for field, label in _PERSON_FIELDS if not getattr(person, field)]


def statement_gaps(bidder: Bidder) -> list[str]:
    """What the 陳述書 of ``bidder`` still lacks, one phrase each."""
    if bidder.kind is BidderKind.INDIVIDUAL:
        missing = _missing_facts(bidder)
        return [f"{'・'.join(missing)}が未入力です"] if missing else []
    gaps = []
    representative = [
        label
        for value, label in (
            (bidder.representative_title, "代表者の資格"),
            (bidder.representative_name, "代表者の氏名"),
        )
        if not (value or "").strip()
    ]
    if representative:
        gaps.append(f"{'・'.join(representative)}が未入力です")
    if not bidder.officers:
        gaps.append("別紙に載せる役員が登録されていません(登記事項証明書のとおり役員全員を入力)")
    for number, officer in enumerate(bidder.officers, start=1):
        missing = _missing_facts(officer)
        if missing:
            who = officer.name or f"{number}人目の役員"
            gaps.append(f"別紙の役員{who}の{'・'.join(missing)}が未入力です")
    return gaps


def _statement_facts(
    ctx: _Context, pairs: Sequence[tuple[Requirement, Document | None]]
) -> Iterable[Finding]:
    """STATEMENT_INCOMPLETE: every 陳述書 the bid needs (the bidder's, each joint bidder's,
    the funder's) can be written out: individuals' ふりがな・住所・生年月日・性別, a
    corporation's 代表者の資格・氏名 and every officer (民執法65条の2, 民執規則31条の2).
    A warning, an error from the day the envelope leaves; skipped for a 陳述書 the user
    marked checked (prepared on paper)."""
    statements = {
        requirement.who: document
        for requirement, document in pairs
        if requirement.type is DocType.STATEMENT
    }
    send_by = _ready_by(ctx)
    severity = Severity.ERROR if send_by is not None and ctx.today >= send_by else Severity.WARNING
    others = (*ctx.joint, ctx.funder) if ctx.funder is not None else ctx.joint
    for person, role in statement_people(ctx.bid, ctx.bidder, others):
        statement = statements.get(person.id)
        if statement is not None and statement.status is DocStatus.CHECKED:
            continue
        for gap in statement_gaps(person):
            yield ctx.finding(
                Code.STATEMENT_INCOMPLETE,
                severity,
                f"{role}{person.name or person.id}の陳述書: {gap}。"
                "入札者の設定で入力してください。",
                send_by,
            )


# --- submission ------------------------------------------------------------------


def _submission(ctx: _Context) -> Iterable[Finding]:
    """SUBMISSION_LATE on the court calendar (民執規則46条, 裁判所の休日に関する法律1条)."""
    planned, dates, prop = ctx.bid.planned_submission, ctx.dates, ctx.prop
    if planned is None or dates is None or prop is None:
        return
    if ctx.bid.submission is Submission.MAIL:
        # Posting on the last day is an error too: a 書留 posted that day practically never
        # arrives within the period (domain-rules.md, Submission).
        if planned >= dates.last_in_person:
            yield ctx.finding(
                Code.SUBMISSION_LATE,
                Severity.ERROR,
                f"発送予定日{_day(planned)}では、入札期間の最終日{_day(dates.last_in_person)}"
                f"までに入札書が届きません。{MAIL_SEND_BY.name}までに発送してください。",
                dates.mail_send_by,
            )
        elif planned > dates.mail_send_by:
            yield ctx.finding(
                Code.SUBMISSION_LATE,
                Severity.WARNING,
                f"発送予定日{_day(planned)}が{MAIL_SEND_BY.name}{_day(dates.mail_send_by)}より後です。"
                "書留が入札期間内に届かないおそれがあるため、早めに発送してください。",
                dates.mail_send_by,
            )
        return
    if planned > dates.last_in_person:
        yield ctx.finding(
            Code.SUBMISSION_LATE,
            Severity.ERROR,
            f"提出予定日{_day(planned)}が{LAST_IN_PERSON.name}{_day(dates.last_in_person)}"
            "(入札期間内の最後の裁判所の開庁日)より後です。期間内に執行官室へ持参してください。",
            dates.last_in_person,
        )
        return
    start = prop.bid_period_start
    if start is not None and planned < start:
        yield ctx.finding(
            Code.SUBMISSION_LATE,
            Severity.ERROR,
            f"提出予定日{_day(planned)}は入札期間({_day(start)}から)の前で、受け付けられません。"
            "入札期間内に持参してください。",
            dates.last_in_person,
        )
        return
    holiday = court_holiday(planned)
    if holiday is not None:
        yield ctx.finding(
            Code.SUBMISSION_LATE,
            Severity.ERROR,
            f"提出予定日{_day(planned)}は裁判所の休日({holiday})で、執行官室は受け付けません。"
            f"{_day(dates.last_in_person)}までの開庁日に持参してください。",
            dates.last_in_person,
        )


# --- after the opening -------------------------------------------------------------


def _announcement(ctx: _Context) -> Iterable[Finding]:
    """ANNOUNCEMENT_SUSPECT: dates no 期間入札公告 would set — the period ending on a court
    holiday, shorter than a week or longer than a month (規則46条1項), the opening on or
    before its end. Likely a typo in what was pasted or typed: check the 公告."""
    prop = ctx.prop
    if prop is None:
        return
    start, end, opening = prop.bid_period_start, prop.bid_period_end, prop.opening_date
    problems = []
    if end is not None and (holiday := court_holiday(end)) is not None:
        problems.append(
            f"入札期間の末日{_day(end)}が裁判所の休日({holiday})です。公告の日付を確認してください。"
        )
    if start is not None and end is not None and start <= end:
        length = bid_period_length_problem(start, end)
        if length is not None:
            problems.append(length)
    if end is not None and opening is not None and opening <= end:
        problems.append(
            f"開札期日{_day(opening)}が入札期間の末日{_day(end)}より後になっていません。"
            "公告の日付を確認してください(民事執行規則46条1項)。"
        )
    for problem in problems:
        yield ctx.finding(Code.ANNOUNCEMENT_SUSPECT, Severity.WARNING, problem, ctx.deadline)


def _withdrawn(ctx: _Context) -> Iterable[Finding]:
    """PROPERTY_WITHDRAWN: the sale was withdrawn/cancelled/suspended with the bid open."""
    prop = ctx.prop
    if prop is None or prop.status.is_open or ctx.bid.outcome is not None:
        return
    paid = ctx.bid.transfer is not None and ctx.bid.transfer.date is not None
    then = (
        "振り込んだ保証金の返還を確認し、"
        if paid and ctx.bid.method is PaymentMethod.TRANSFER
        else "入札書を出す必要はありません。"
    )
    yield ctx.finding(
        Code.PROPERTY_WITHDRAWN,
        Severity.WARNING,
        f"この物件は{prop.status.label}になりました。{then}結果を「取下げ等」として記録してください。",
        None,
    )


def _refund(ctx: _Context) -> Iterable[Finding]:
    """REFUND_OVERDUE: the verdict of 返還管理 (``refunds.refund_status``, from the one refund
    rule ``aftersale.refund_schedule``): 10 court days after the day a refund is counted
    from a warning, 22 court days an error; a bid withdrawn before it was handed in a
    warning at once — contact the court for the 組戻し (court practice)."""
    status = refund_status(ctx.bid, ctx.prop, today=ctx.today)
    if status is None or not status.overdue or status.schedule is None:
        return
    schedule = status.schedule
    if status.overdue == ERROR:
        yield ctx.finding(
            Code.REFUND_OVERDUE, Severity.ERROR, status.message, schedule.contact_from
        )
    else:
        yield ctx.finding(
            Code.REFUND_OVERDUE, Severity.WARNING, status.message, schedule.warning_from
        )


def _payment(ctx: _Context) -> Iterable[Finding]:
    """PAYMENT_OVERDUE: a won bid whose 代金納付期限 (recorded, else estimated) has passed
    without payment, or whose payment is dated after it (民執法80条1項: the sale lapses and
    the deposit is lost)."""
    outcome = ctx.bid.outcome
    if outcome is None or outcome.result is not OutcomeResult.WON:
        return
    recorded = outcome.payment_deadline
    deadline = recorded or estimated_payment_deadline(ctx.prop)
    if deadline is None:
        return
    which = "代金納付期限" if recorded is not None else "代金納付期限(見込み)"
    if outcome.paid_date is None and ctx.today > deadline:
        yield ctx.finding(
            Code.PAYMENT_OVERDUE,
            Severity.ERROR,
            f"{which}{_day(deadline)}を過ぎても残代金の納付が記録されていません。期限までに"
            "納付しないと売却許可決定は効力を失い、保証金は返還されません(民執法80条1項)。"
            "納付済みなら納付日を、裁判所の通知の期限が違えばその期限を記録してください。",
            deadline,
        )
    elif recorded is not None and outcome.paid_date is not None and outcome.paid_date > recorded:
        yield ctx.finding(
            Code.PAYMENT_OVERDUE,
            Severity.ERROR,
            f"納付日{_day(outcome.paid_date)}が代金納付期限{_day(recorded)}より後です。"
            "期限後の納付は認められないため(民執法80条1項)、日付を確認し、"
            "誤りでなければ直ちに裁判所に連絡してください。",
            recorded,
        )


def _refund_short(ctx: _Context) -> Iterable[Finding]:
    """REFUND_SHORT: a refund recorded below the deposit (the same verdict as 返還管理)."""
    status = refund_status(ctx.bid, ctx.prop, today=ctx.today)
    if status is not None and status.state is RefundState.SHORT:
        yield ctx.finding(Code.REFUND_SHORT, Severity.WARNING, status.message, status.refund_date)


def _outcome_consistency(ctx: _Context) -> Iterable[Finding]:
    """OUTCOME_INCONSISTENT: an outcome that cannot be true as recorded — before the
    opening (except a withdrawal), a win without an amount, a win on a sale called off."""
    outcome, prop = ctx.bid.outcome, ctx.prop
    if outcome is None:
        return
    opening = prop.opening_date if prop is not None else None
    result = outcome.result
    if result is not OutcomeResult.WITHDRAWN and opening is not None and ctx.today < opening:
        yield ctx.finding(
            Code.OUTCOME_INCONSISTENT,
            Severity.WARNING,
            f"開札期日{_day(opening)}の前なのに結果が「{result.label}」と記録されています。"
            "開札の後に結果を記録してください(取下げ等は開札前でも記録できます)。",
            opening,
        )
    if result is OutcomeResult.WON and ctx.bid.amount is None:
        yield ctx.finding(
            Code.OUTCOME_INCONSISTENT,
            Severity.WARNING,
            "最高価買受申出人として記録されていますが、入札額が入力されていません。"
            "残代金を計算できるよう、入札書に書いた金額を入力してください。",
            None,
        )
    if result is OutcomeResult.WON and prop is not None and not prop.status.is_open:
        yield ctx.finding(
            Code.OUTCOME_INCONSISTENT,
            Severity.WARNING,
            f"物件が{prop.status.label}になっているのに結果が「{result.label}」です。"
            "物件の状態か結果のどちらかを直してください。",
            None,
        )


def _disqualified(ctx: _Context, forfeits: frozenset[tuple[str, str, str]]) -> Iterable[Finding]:
    """BIDDER_DISQUALIFIED: the bidder did not pay the balance earlier in the same case
    (民執法71条4号ロ): a new bid of theirs would be refused (売却不許可)."""
    prop = ctx.prop
    if prop is None or not prop.case_number:
        return
    if (ctx.bid.bidder, prop.court or "", prop.case_number) in forfeits:
        yield ctx.finding(
            Code.BIDDER_DISQUALIFIED,
            Severity.ERROR,
            f"入札人はこの事件({prop.case_number})で以前に代金を納付せず、保証金が返還されていません。"
            "同じ事件では最高価買受申出人になっても売却が許可されません(民執法71条4号ロ)。",
            ctx.deadline,
        )


def forfeited_cases(portfolio: Portfolio) -> frozenset[tuple[str, str, str]]:
    """(bidder, court, case number) of every recorded unpaid win (保証金が返還されない)."""
    properties = {p.id: p for p in portfolio.properties}
    found = set()
    for bid in portfolio.bids:
        prop = properties.get(bid.property)
        if bid.outcome is not None and bid.outcome.result is OutcomeResult.FORFEITED and prop:
            found.add((bid.bidder, prop.court or "", prop.case_number or ""))
    return frozenset(found)


def _won_loan(ctx: _Context) -> Iterable[Finding]:
    """A won bid financed by a mortgage loan files the 82条2項 申出 before paying."""
    outcome = ctx.bid.outcome
    if (
        outcome is None
        or outcome.result is not OutcomeResult.WON
        or outcome.paid_date is not None
        or ctx.bid.loan is None
    ):
        return
    document = next((d for d in ctx.bid.documents if d.type is DocType.LOAN_NOTICE), None)
    if is_done(document):
        return
    deadline = outcome.payment_deadline
    severity = Severity.WARNING
    if deadline is not None and ctx.today >= court_days_before(deadline, ctx.settings.mail_margin):
        severity = Severity.ERROR
    by = f"代金納付期限{_day(deadline)}より前に" if deadline is not None else "代金納付の前に"
    yield ctx.finding(
        Code.DOC_MISSING,
        severity,
        f"残代金を融資で支払うため、{by}民執法82条2項の申出書を裁判所に提出してください。",
        deadline,
        paper_source(DocType.LOAN_NOTICE),
    )


# --- entry points ------------------------------------------------------------------


_CODE_ORDER = {code: index for index, code in enumerate(Code)}


def _sort_key(order: dict[str, int]) -> Any:
    def key(finding: Finding) -> tuple[int, int, date, int]:
        return (
            finding.severity.rank,
            order.get(finding.bid, len(order)) if finding.bid is not None else -1,
            finding.due or date.max,
            _CODE_ORDER[finding.code],
        )

    return key


def check_bid(portfolio: Portfolio, bid: Bid, *, today: date) -> list[Finding]:
    """Every finding of one bid (no portfolio-wide rule such as FUNDS_SHORTFALL)."""
    return _check_bid(portfolio, bid, today, None)


def _check_bid(portfolio: Portfolio, bid: Bid, today: date, index: _Index | None) -> list[Finding]:
    ctx = _context(portfolio, bid, today, index)
    findings: list[Finding] = [
        *_withdrawn(ctx),
        *_refund(ctx),
        *_won_loan(ctx),
        *_payment(ctx),
        *_refund_short(ctx),
        *_outcome_consistency(ctx),
    ]
    if is_open(bid, ctx.prop):
        checks = (_announcement, _amount, _deposit, _transfer, _payer, _documents, _submission)
        for check in checks:
            findings.extend(check(ctx))
        forfeits = index.forfeits if index is not None else forfeited_cases(portfolio)
        findings.extend(_disqualified(ctx, forfeits))
        # issue 17: the 入札上限 and the 3点セット risk sheet (their own modules)
        findings.extend(limit_findings(bid, ctx.prop))
        findings.extend(risk_findings(ctx.prop, bid.id))
    findings.sort(key=_sort_key({bid.id: 0}))
    return findings


def _funds(portfolio: Portfolio, today: date, all_win: CashflowResult | None) -> list[Finding]:
    """FUNDS_SHORTFALL: in the all-win scenario, headroom falls below zero (民執法78条・80条)."""
    result = all_win or compute_cashflow(portfolio, scenario=Scenario.ALL, today=today)
    shortfall = result.first_shortfall
    if shortfall is None:
        return []
    on_that_day = [e.headroom for e in result.events if e.date == shortfall and e.headroom < 0]
    missing = -min(on_that_day, default=result.capacity_start)
    amount = f"{format_yen(missing)}" if missing > 0 else ""
    return [
        Finding(
            code=Code.FUNDS_SHORTFALL,
            severity=Severity.ERROR,
            bid=None,
            property=None,
            message=(
                f"すべての入札が落札になった場合、{_day(shortfall)}に資金が{amount}不足します。"
                "入札の数や額を見直すか、融資などの資金を確保してください。"
            ),
            due=shortfall,
        )
    ]


def run_checks(
    portfolio: Portfolio,
    *,
    today: date,
    all_win: CashflowResult | None = None,
    progress: Progress = no_progress,
) -> list[Finding]:
    """Every rule over the whole portfolio: errors first, then by bid (portfolio order).

    ``all_win``: the all-win cash flow when the caller has already computed it (exports
    show it too), so it is not computed twice. ``progress`` is called before the cash flow
    and before each bid (steps: 1 + bids); it may raise domain.progress.Cancelled."""
    total = 1 + len(portfolio.bids)
    progress(0, total)
    findings = _funds(portfolio, today, all_win)
    index = _Index.of(portfolio)
    for done, bid in enumerate(portfolio.bids, start=1):
        progress(done, total)
        findings.extend(_check_bid(portfolio, bid, today, index))
    progress(total, total)
    findings.sort(key=_sort_key({bid.id: index for index, bid in enumerate(portfolio.bids)}))
    return findings
