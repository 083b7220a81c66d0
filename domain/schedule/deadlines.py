"""Deadlines of each bid on the right calendar, and the upcoming ones across a portfolio.

- Transfer (保証金の振込): the absolute last day is the last *bank* business day of the
  入札期間 (着金 by the bank's cut-off); the safe day is ``transfer_margin`` bank days
  earlier (銀行法施行令5条 for bank holidays; court practice for 着金). For one bid both are
  also bounded by the day its envelope leaves — posted or handed in: the 振込証明書 goes
  inside it with the 入札書 (民執規則48条), so the transfer must come first (``bid_dates``).
  A period ending 12/29–12/30 (court closed, banks open) follows from the same rule.
- Submission: in person by the last *court* business day of the period (執行官室); by
  書留 it must arrive within the period, so the send-by day is ``mail_margin`` court days
  earlier (民執規則46条, 裁判所の休日に関する法律1条).
- Certificates (住民票/登記事項証明書): valid for submission through
  ``certificate_valid_through(issued)`` (3 months, 民法140条・143条; court practice).
- After the opening: the refund is checked for from ``aftersale.refund_schedule``'s warning
  day (10 court days, at once for a bid withdrawn before it was handed in), the balance by
  the 代金納付期限 the court sets (民執法78条).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from biddesk.domain.dates import (
    certificate_valid_through,
    court_days_after,
    last_bank_day_on_or_before,
)
from biddesk.domain.figures import (
    last_in_person_day,
    last_transfer_day,
    mail_send_by,
    safe_transfer_day,
)
from biddesk.domain.funds.refunds import awaited_refund
from biddesk.domain.models import (
    Bid,
    DocStatus,
    DocType,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    Settings,
    Submission,
)
from biddesk.domain.paperwork.documents import THREE_MONTH_CERTIFICATES
from biddesk.domain.schedule import labels
from biddesk.domain.schedule.aftersale import estimated_payment_deadline


class DeadlineKind(StrEnum):
    SAFE_TRANSFER = "safe_transfer"
    LAST_TRANSFER = "last_transfer"
    MAIL_SEND_BY = "mail_send_by"
    LAST_IN_PERSON = "last_in_person"
    CERTIFICATE_EXPIRY = "certificate_expiry"
    OPENING = "opening"
    PAYMENT = "payment"
    REFUND = "refund"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]

    @property
    def short_label(self) -> str:
        """The same deadline in a table cell or the 入札 tab's figures."""
        return _SHORT_LABELS[self]


_TERMS: dict[DeadlineKind, labels.Term] = {
    DeadlineKind.SAFE_TRANSFER: labels.SAFE_TRANSFER,
    DeadlineKind.LAST_TRANSFER: labels.LAST_TRANSFER,
    DeadlineKind.MAIL_SEND_BY: labels.MAIL_SEND_BY,
    DeadlineKind.LAST_IN_PERSON: labels.LAST_IN_PERSON,
    DeadlineKind.CERTIFICATE_EXPIRY: labels.CERTIFICATE_EXPIRY,
    DeadlineKind.OPENING: labels.OPENING,
    DeadlineKind.PAYMENT: labels.PAYMENT,
    DeadlineKind.REFUND: labels.REFUND,
}
"""Each kind's name and label: the glossary's (``schedule.labels``)."""
_KIND_LABELS = {kind: term.label for kind, term in _TERMS.items()}
_SHORT_LABELS = {kind: term.name for kind, term in _TERMS.items()}


@dataclass(frozen=True, kw_only=True)
class SubmissionDates:
    """The dates one bid works towards; ``None`` when the 入札期間 is unknown."""

    period_end: date
    last_transfer: date
    safe_transfer: date
    last_in_person: date
    mail_send_by: date
    envelope: date | None = None
    """The day this bid's envelope leaves (planned posting / hand-in, else the deadline);
    None for a property's dates, before any bid."""

    @property
    def transfer_bound_by_envelope(self) -> bool:
        """Whether the envelope, not the period's end, sets the last transfer day."""
        return self.envelope is not None and self.last_transfer < last_transfer_day(self.period_end)

    def submission_deadline(self, submission: Submission) -> date:
        """Last day to act: the mail send-by day, or the last day at the 執行官室."""
        return self.mail_send_by if submission is Submission.MAIL else self.last_in_person


def submission_dates(prop: Property | None, settings: Settings) -> SubmissionDates | None:
    if prop is None or prop.bid_period_end is None:
        return None
    end = prop.bid_period_end
    return SubmissionDates(
        period_end=end,
        last_transfer=last_transfer_day(end),
        safe_transfer=safe_transfer_day(end, settings.transfer_margin),
        last_in_person=last_in_person_day(end),
        mail_send_by=mail_send_by(end, settings.mail_margin),
    )


def _envelope(bid: Bid, dates: SubmissionDates) -> date:
    return bid.planned_submission or dates.submission_deadline(bid.submission)


def envelope_day(bid: Bid, prop: Property | None, settings: Settings) -> date | None:
    """The day the bid's envelope leaves — posted or handed in: the planned day, else the
    last day for it. What must be in it (the 振込証明書, the certificates) comes before."""
    if bid.planned_submission is not None:
        return bid.planned_submission
    dates = submission_dates(prop, settings)
    return _envelope(bid, dates) if dates is not None else None


def ready_by(bid: Bid, prop: Property | None, settings: Settings) -> date | None:
    """The day by which the bid's papers must be complete: its envelope day, or the last
    day for it when that comes first (a late plan does not postpone what is missing)."""
    dates = submission_dates(prop, settings)
    if dates is None:
        return bid.planned_submission
    return min(_envelope(bid, dates), dates.submission_deadline(bid.submission))


def bid_dates(bid: Bid, prop: Property | None, settings: Settings) -> SubmissionDates | None:
    """The property's dates for this bid: the transfer days bounded by the day the envelope
    leaves (民執規則48条: the 振込証明書 travels inside it). Posting or handing in on a day
    the bank is closed means transferring on the bank day before."""
    dates = submission_dates(prop, settings)
    if dates is None:
        return None
    envelope = _envelope(bid, dates)
    last = min(dates.last_transfer, last_bank_day_on_or_before(envelope))
    return replace(
        dates,
        last_transfer=last,
        safe_transfer=min(dates.safe_transfer, last),
        envelope=envelope,
    )


@dataclass(frozen=True, kw_only=True)
class Receipt:
    """The day the court receives the bid's papers, and how to say it."""

    day: date
    label: str


def receipt_day(bid: Bid, prop: Property | None, settings: Settings) -> Receipt | None:
    """When the court receives the bid — the day a certificate must still be within its 3
    months (domain-rules.md). In person: the planned hand-in day, else the last court day.
    By mail: the expected arrival, ``mail_margin`` court days after the planned posting
    (else the period's last court day), not the posting day: a 住民票 valid on the day it is
    posted may be too old when it arrives."""
    dates = submission_dates(prop, settings)
    planned = bid.planned_submission
    if bid.submission is Submission.MAIL:
        if planned is not None:
            return Receipt(
                day=court_days_after(planned, settings.mail_margin), label="到着見込み日"
            )
        if dates is not None:
            return Receipt(day=dates.last_in_person, label="入札期間の最終日")
        return None
    if planned is not None:
        return Receipt(day=planned, label="提出予定日")
    if dates is not None:
        return Receipt(day=dates.last_in_person, label=labels.LAST_IN_PERSON.name)
    return None


def is_open(bid: Bid, prop: Property | None) -> bool:
    """A bid still being prepared: no outcome yet and the sale still takes place."""
    return bid.outcome is None and (prop is None or prop.status.is_open)


@dataclass(frozen=True, kw_only=True)
class Deadline:
    date: date
    kind: str
    label: str
    bid: str | None
    property: str | None
    document: int | None = None
    """A certificate expiry's position in ``bid.documents`` (a joint bid has two 住民票)."""
    detail: str = ""
    """What ``label`` adds to the kind's label (the certificate, 見込み), else ""."""


def short_label(deadline: Deadline) -> str:
    """A deadline's label for a table cell: the kind's short label and the detail."""
    short = DeadlineKind(deadline.kind).short_label
    return f"{short}({deadline.detail})" if deadline.detail else short


def _transfer_pending(bid: Bid, today: date) -> bool:
    if bid.method is not PaymentMethod.TRANSFER:
        return False
    proof = next((d for d in bid.documents if d.type is DocType.TRANSFER_PROOF), None)
    if proof is not None and proof.status in (DocStatus.OBTAINED, DocStatus.CHECKED):
        return False
    transfer = bid.transfer
    # A transfer recorded for a later day has not happened yet (TRANSFER_DATE_INVALID).
    return transfer is None or transfer.date is None or transfer.date > today


def bid_deadlines(
    bid: Bid, prop: Property | None, settings: Settings, *, today: date
) -> list[Deadline]:
    """Every dated step still ahead for one bid (unsorted, may include past dates)."""
    found: list[tuple[date, DeadlineKind, str, int | None]] = []
    dates = bid_dates(bid, prop, settings)
    if is_open(bid, prop):
        if dates is not None:
            if _transfer_pending(bid, today):
                if dates.safe_transfer < dates.last_transfer:  # one date, one label
                    found.append((dates.safe_transfer, DeadlineKind.SAFE_TRANSFER, "", None))
                found.append((dates.last_transfer, DeadlineKind.LAST_TRANSFER, "", None))
            if bid.submission is Submission.MAIL:
                found.append((dates.mail_send_by, DeadlineKind.MAIL_SEND_BY, "", None))
            else:
                found.append((dates.last_in_person, DeadlineKind.LAST_IN_PERSON, "", None))
        for position, document in enumerate(bid.documents):
            if document.type in THREE_MONTH_CERTIFICATES and document.issued is not None:
                until = certificate_valid_through(document.issued)
                if dates is not None and until > dates.period_end:
                    continue  # good for the whole period: nothing to watch
                detail = f"{document.type.label}"
                found.append((until, DeadlineKind.CERTIFICATE_EXPIRY, detail, position))
        if prop is not None and prop.opening_date is not None:
            found.append((prop.opening_date, DeadlineKind.OPENING, "", None))
    outcome = bid.outcome
    if outcome is not None and outcome.result is OutcomeResult.WON and outcome.paid_date is None:
        # The court's notice gives the deadline; until it is recorded, the estimate is shown.
        recorded = outcome.payment_deadline
        deadline = recorded or estimated_payment_deadline(prop)
        if deadline is not None:
            detail = "" if recorded is not None else "見込み"
            found.append((deadline, DeadlineKind.PAYMENT, detail, None))
    refund = awaited_refund(bid, prop, today=today)
    if refund is not None:
        found.append((refund.warning_from, DeadlineKind.REFUND, "", None))
    property_id = prop.id if prop is not None else (bid.property or None)
    return [
        Deadline(
            date=day,
            kind=kind.value,
            label=f"{kind.label}: {detail}" if detail else kind.label,
            bid=bid.id,
            property=property_id,
            document=position,
            detail=detail,
        )
        for day, kind, detail, position in found
    ]


_KIND_ORDER = {kind.value: index for index, kind in enumerate(DeadlineKind)}


def upcoming_deadlines(
    portfolio: Portfolio, *, today: date, horizon_days: int | None = None
) -> list[Deadline]:
    """The next dates across all bids, from ``today`` on, sorted by date.

    ``horizon_days`` limits the list to dates up to ``today + horizon_days``.
    """
    last = today + timedelta(days=horizon_days) if horizon_days is not None else None
    order = {bid.id: index for index, bid in enumerate(portfolio.bids)}
    properties = {p.id: p for p in reversed(portfolio.properties)}
    found: list[Deadline] = []
    for bid in portfolio.bids:
        prop = properties.get(bid.property)
        for deadline in bid_deadlines(bid, prop, portfolio.settings, today=today):
            if deadline.date >= today and (last is None or deadline.date <= last):
                found.append(deadline)
    found.sort(key=lambda d: (d.date, _KIND_ORDER.get(d.kind, 99), order.get(d.bid or "", 0)))
    return found
