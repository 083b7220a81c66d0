"""Whether a 3-month certificate (住民票, 登記事項証明書 …) can go with a bid: one answer for
``check`` (DOC_EXPIRED, DOC_DATE_INVALID) and the 書類チェック tab's 3か月以内 column.

Sources: the court's 入札手続案内 (issued within 3 months before submission), 民法140条・143条
(counting the months: ``dates.certificate_valid_through``), measured on the day the court
receives the bid (``deadlines.receipt_day``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from biddesk.domain.dates import certificate_valid_through
from biddesk.domain.models import Bid, Document, Property, Settings
from biddesk.domain.schedule.deadlines import Receipt, envelope_day, receipt_day


class Validity(StrEnum):
    NOT_LIMITED = "not_limited"
    """Not a 3-month certificate: no issue date to check."""
    NO_DATE = "no_date"
    """The issue date is not entered."""
    ISSUED_IN_FUTURE = "issued_in_future"
    """Issued after today: a typo (DOC_DATE_INVALID)."""
    ISSUED_AFTER_SENDING = "issued_after_sending"
    """Issued after the envelope leaves: it cannot be inside (DOC_DATE_INVALID)."""
    UNKNOWN = "unknown"
    """No day the court receives the bid yet (no planned day, no period)."""
    VALID = "valid"
    EXPIRED = "expired"
    """More than 3 months old on the day the court receives it (DOC_EXPIRED)."""


@dataclass(frozen=True, kw_only=True)
class CertificateValidity:
    """The answer for one document.

    Attributes:
        validity: which case it is.
        valid_through: the last day it can be used (None without an issue date).
        receipt: the day it is measured on and how to say it (None: not known).
        send_by: the day the envelope leaves (None: not known).
    """

    validity: Validity
    valid_through: date | None = None
    receipt: Receipt | None = None
    send_by: date | None = None


def certificate_validity(
    needs_issue_date: bool,
    document: Document | None,
    bid: Bid,
    prop: Property | None,
    settings: Settings,
    *,
    today: date,
) -> CertificateValidity:
    """Whether ``document`` is within 3 months on the day the court receives ``bid``
    (``needs_issue_date``: the requirement is a 3-month certificate, paperwork's rule)."""
    if not needs_issue_date:
        return CertificateValidity(validity=Validity.NOT_LIMITED)
    if document is None or document.issued is None:
        return CertificateValidity(validity=Validity.NO_DATE)
    issued = document.issued
    through = certificate_valid_through(issued)
    leaves = envelope_day(bid, prop, settings)
    receipt = receipt_day(bid, prop, settings)
    if issued > today:
        validity = Validity.ISSUED_IN_FUTURE
    elif leaves is not None and issued > leaves:
        validity = Validity.ISSUED_AFTER_SENDING
    elif receipt is None:
        validity = Validity.UNKNOWN
    else:
        validity = Validity.VALID if receipt.day <= through else Validity.EXPIRED
    return CertificateValidity(
        validity=validity, valid_through=through, receipt=receipt, send_by=leaves
    )
