"""Deadlines on the right calendars and the upcoming list across bids."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from checks_fixtures import BID, OPENING, PROPERTY, portfolio

from biddesk.domain.models import (
    DocStatus,
    DocType,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    PropertyStatus,
    Settings,
    Submission,
)
from biddesk.domain.schedule.deadlines import (
    DeadlineKind,
    bid_deadlines,
    submission_dates,
    upcoming_deadlines,
)

D = date

TODAY = date(2026, 12, 1)  # before the safe transfer day: every deadline still ahead


@pytest.mark.parametrize(
    ("period_end", "last_transfer", "safe_transfer", "last_in_person", "send_by"),
    [
        # 12/29–1/3 courts closed, 12/31–1/3 banks closed.
        (D(2026, 12, 28), D(2026, 12, 28), D(2026, 12, 24), D(2026, 12, 28), D(2026, 12, 23)),
        (D(2026, 12, 29), D(2026, 12, 29), D(2026, 12, 25), D(2026, 12, 28), D(2026, 12, 23)),
        (D(2026, 12, 30), D(2026, 12, 30), D(2026, 12, 28), D(2026, 12, 28), D(2026, 12, 23)),
        (D(2026, 12, 31), D(2026, 12, 30), D(2026, 12, 28), D(2026, 12, 28), D(2026, 12, 23)),
        # 2026-09-21/22/23: 敬老の日, 国民の休日, 秋分の日.
        (D(2026, 9, 23), D(2026, 9, 18), D(2026, 9, 16), D(2026, 9, 18), D(2026, 9, 15)),
        # 2027-01-11 成人の日 (Mon).
        (D(2027, 1, 11), D(2027, 1, 8), D(2027, 1, 6), D(2027, 1, 8), D(2027, 1, 5)),
        (D(2026, 12, 9), D(2026, 12, 9), D(2026, 12, 7), D(2026, 12, 9), D(2026, 12, 4)),
    ],
)
def test_submission_dates(
    period_end: date, last_transfer: date, safe_transfer: date, last_in_person: date, send_by: date
) -> None:
    dates = submission_dates(replace(PROPERTY, bid_period_end=period_end), Settings())
    assert dates is not None
    assert (dates.last_transfer, dates.safe_transfer) == (last_transfer, safe_transfer)
    assert (dates.last_in_person, dates.mail_send_by) == (last_in_person, send_by)
    assert dates.submission_deadline(Submission.MAIL) == send_by
    assert dates.submission_deadline(Submission.IN_PERSON) == last_in_person


def test_margins_come_from_settings() -> None:
    dates = submission_dates(PROPERTY, Settings(transfer_margin=0, mail_margin=1))
    assert dates is not None
    assert dates.safe_transfer == D(2026, 12, 9)
    assert dates.mail_send_by == D(2026, 12, 8)


def test_no_period_no_dates() -> None:
    assert submission_dates(replace(PROPERTY, bid_period_end=None), Settings()) is None
    assert submission_dates(None, Settings()) is None


def _kinds(bid=BID, prop=PROPERTY, today=TODAY) -> list[tuple[date, str]]:  # type: ignore[no-untyped-def]
    found = upcoming_deadlines(portfolio(bid, properties=(prop,)), today=today)
    return [(d.date, d.kind) for d in found]


def test_pending_transfer_shows_both_transfer_days() -> None:
    bid = replace(BID, transfer=None, documents=(), planned_submission=None)
    assert _kinds(bid) == [
        (D(2026, 12, 7), DeadlineKind.SAFE_TRANSFER),
        (D(2026, 12, 9), DeadlineKind.LAST_TRANSFER),
        (D(2026, 12, 9), DeadlineKind.LAST_IN_PERSON),
        (OPENING, DeadlineKind.OPENING),
    ]


def test_the_envelope_bounds_the_transfer_days() -> None:
    # Handed in on 12/7: the 振込証明書 goes with it (規則48条), so 12/7 is the last day.
    handed_in = replace(BID, transfer=None, documents=())
    assert _kinds(handed_in) == [
        (D(2026, 12, 7), DeadlineKind.LAST_TRANSFER),
        (D(2026, 12, 9), DeadlineKind.LAST_IN_PERSON),
        (OPENING, DeadlineKind.OPENING),
    ]
    # Mailed by the 郵送期限 12/4 (金): not 12/7 as the period alone would say.
    mailed = replace(handed_in, submission=Submission.MAIL, planned_submission=None)
    assert {
        (D(2026, 12, 4), DeadlineKind.MAIL_SEND_BY),
        (D(2026, 12, 4), DeadlineKind.LAST_TRANSFER),
    } <= set(_kinds(mailed))
    assert (D(2026, 12, 7), DeadlineKind.SAFE_TRANSFER) not in _kinds(mailed)
    # Posting on a Saturday: the transfer is due on the bank day before.
    saturday = replace(mailed, planned_submission=D(2026, 12, 5))
    assert (D(2026, 12, 4), DeadlineKind.LAST_TRANSFER) in _kinds(saturday)


def test_year_end_period_hand_in_before_the_court_closes() -> None:
    # Period to 12/30: banks are open 12/29–30 but the court is not; in person by 12/28,
    # so the transfer is due by 12/28 too.
    prop = replace(PROPERTY, bid_period_start=D(2026, 12, 21), bid_period_end=D(2026, 12, 30))
    bid = replace(BID, transfer=None, documents=(), planned_submission=None)
    kinds = _kinds(bid, prop=prop, today=D(2026, 12, 21))
    assert (D(2026, 12, 28), DeadlineKind.LAST_TRANSFER) in kinds
    assert (D(2026, 12, 28), DeadlineKind.LAST_IN_PERSON) in kinds


def test_mail_bid_shows_send_by_instead_of_in_person_day() -> None:
    kinds = _kinds(replace(BID, submission=Submission.MAIL))
    assert (D(2026, 12, 4), DeadlineKind.MAIL_SEND_BY) in kinds
    assert all(kind != DeadlineKind.LAST_IN_PERSON for _, kind in kinds)


def test_guarantee_has_no_transfer_days() -> None:
    bid = replace(BID, method=PaymentMethod.GUARANTEE, transfer=None, documents=())
    kinds = {kind for _, kind in _kinds(bid)}
    assert DeadlineKind.SAFE_TRANSFER not in kinds and DeadlineKind.LAST_TRANSFER not in kinds


def test_only_dates_from_today_and_within_horizon() -> None:
    bid = replace(BID, transfer=None, documents=(), planned_submission=None)
    assert [k for _, k in _kinds(bid, today=D(2026, 12, 8))] == [
        DeadlineKind.LAST_TRANSFER,
        DeadlineKind.LAST_IN_PERSON,
        DeadlineKind.OPENING,
    ]
    limited = upcoming_deadlines(portfolio(bid), today=TODAY, horizon_days=6)
    assert [d.date for d in limited] == [D(2026, 12, 7)]


def test_certificate_expiring_inside_the_period_is_listed() -> None:
    bid = replace(
        BID,
        documents=tuple(
            replace(d, issued=D(2026, 9, 4)) if d.type is DocType.RESIDENCE else d
            for d in BID.documents
        ),
    )
    found = upcoming_deadlines(portfolio(bid), today=TODAY)
    expiry = [d for d in found if d.kind == DeadlineKind.CERTIFICATE_EXPIRY]
    assert [d.date for d in expiry] == [D(2026, 12, 4)]
    assert "住民票" in expiry[0].label
    # The fixture's certificate (issued 10/1) is good for the whole period: not listed.
    assert all(
        d.kind != DeadlineKind.CERTIFICATE_EXPIRY
        for d in upcoming_deadlines(portfolio(), today=TODAY)
    )


def test_won_bid_lists_the_payment_deadline_only() -> None:
    won = replace(
        BID,
        outcome=Outcome(result=OutcomeResult.WON, payment_deadline=D(2027, 1, 29)),
    )
    assert _kinds(won, today=D(2026, 12, 17)) == [(D(2027, 1, 29), DeadlineKind.PAYMENT)]
    paid = replace(won, outcome=replace(won.outcome, paid_date=D(2027, 1, 20)))  # type: ignore[type-var]
    assert _kinds(paid, today=D(2026, 12, 17)) == []


def test_won_bid_without_a_recorded_deadline_lists_the_estimate() -> None:
    # 売却決定期日 12/23: the 執行抗告 week ends 12/30 (court holiday) → 2027-01-04, + 1 month.
    won = replace(BID, outcome=Outcome(result=OutcomeResult.WON))
    [deadline] = bid_deadlines(won, PROPERTY, Settings(), today=D(2026, 12, 17))
    assert (deadline.date, deadline.kind) == (D(2027, 2, 4), DeadlineKind.PAYMENT)
    assert "見込み" in deadline.label
    recorded = replace(
        won, outcome=Outcome(result=OutcomeResult.WON, payment_deadline=D(2027, 1, 29))
    )
    [deadline] = bid_deadlines(recorded, PROPERTY, Settings(), today=D(2026, 12, 17))
    assert deadline.label == DeadlineKind.PAYMENT.label  # near miss: a recorded one is not


def test_lost_bid_lists_the_refund_check() -> None:
    lost = replace(BID, outcome=Outcome(result=OutcomeResult.LOST))
    # 10 court days after the opening 12/16: 12/29–1/3 are court holidays (was 12/30).
    assert _kinds(lost, today=D(2026, 12, 17)) == [(D(2027, 1, 5), DeadlineKind.REFUND)]
    refunded = replace(
        lost, outcome=Outcome(result=OutcomeResult.LOST, refund_date=D(2026, 12, 21))
    )
    assert _kinds(refunded, today=D(2026, 12, 17)) == []


def test_withdrawn_property_with_paid_deposit_lists_the_refund_check() -> None:
    withdrawn = replace(PROPERTY, status=PropertyStatus.WITHDRAWN)
    # Undated: counted from today (the sale was called off by today, before the opening),
    # 10 court days: 12/4 (金) → 12/18 (金).
    assert _kinds(BID, withdrawn, today=D(2026, 12, 4)) == [(D(2026, 12, 18), DeadlineKind.REFUND)]
    unpaid = replace(BID, transfer=None)
    assert _kinds(unpaid, withdrawn, today=D(2026, 12, 4)) == []
    # The transfer recorded for 12/3 has not happened on 12/1: nothing to refund yet.
    assert _kinds(BID, withdrawn, today=D(2026, 12, 1)) == []


def test_sorted_by_date_across_bids_with_labels() -> None:
    second_prop = replace(
        PROPERTY, id="p2", bid_period_end=D(2026, 12, 4), opening_date=D(2026, 12, 11)
    )
    second = replace(BID, id="x2", property="p2", transfer=None, documents=())
    found = upcoming_deadlines(
        portfolio(BID, second, properties=(PROPERTY, second_prop)), today=TODAY
    )
    assert [d.date for d in found] == sorted(d.date for d in found)
    assert found[0].bid == "x2" and found[0].property == "p2"
    assert found[0].label == DeadlineKind.SAFE_TRANSFER.label
    assert all(d.label for d in found)


def test_checked_transfer_proof_hides_transfer_days() -> None:
    bid = replace(BID, transfer=None)
    assert any(
        d.type is DocType.TRANSFER_PROOF and d.status is DocStatus.OBTAINED for d in bid.documents
    )
    assert all(
        k not in (DeadlineKind.SAFE_TRANSFER, DeadlineKind.LAST_TRANSFER) for _, k in _kinds(bid)
    )


@pytest.mark.parametrize("doc_type", list(DocType))
def test_the_3_month_certificates_are_one_list(doc_type: DocType) -> None:
    """今後の期限 lists an expiry exactly for the papers whose requirement needs an issue
    date (paperwork.THREE_MONTH_CERTIFICATES), the list DOC_EXPIRED measures."""
    from biddesk.domain.models import Document
    from biddesk.domain.paperwork.documents import THREE_MONTH_CERTIFICATES, checklist

    old = Document(type=doc_type, issued=D(2026, 8, 1), name="山田 太郎", status=DocStatus.OBTAINED)
    bid = replace(BID, documents=(*BID.documents, old))
    found = bid_deadlines(bid, PROPERTY, Settings(), today=TODAY)
    listed = any(
        d.kind == DeadlineKind.CERTIFICATE_EXPIRY and d.document == len(bid.documents) - 1
        for d in found
    )
    assert listed is (doc_type in THREE_MONTH_CERTIFICATES)
    needs = {r.type for r, _ in checklist(bid, None, PROPERTY) if r.needs_issue_date}
    assert needs <= THREE_MONTH_CERTIFICATES  # DOC_EXPIRED measures what needs an issue date
