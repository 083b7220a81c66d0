"""One line per property/bid: states and the next deadline shown in the table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from biddesk.domain.models import (
    Bid,
    Bidder,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    PropertyStatus,
    Settings,
    Submission,
    Transfer,
)
from biddesk.domain.overview import bid_deadlines, next_deadline, overview_rows, status_label

# 入札期間 2026-12-02..12-09 (Wed), 開札 12-16.
PROP = Property(
    id="p1",
    case_number="令和7年(ケ)第1234号",
    property_numbers=("1",),
    bid_period_start=date(2026, 12, 2),
    bid_period_end=date(2026, 12, 9),
    opening_date=date(2026, 12, 16),
)
SETTINGS = Settings(transfer_margin=2, mail_margin=3)


@pytest.mark.parametrize(
    ("prop", "bid", "expected"),
    [
        (PROP, None, "検討中"),
        (PROP, Bid(id="x1", property="p1"), "入札額未定"),
        (PROP, Bid(id="x1", property="p1", amount=10_000_000), "入札準備中"),
        (
            PROP,
            Bid(id="x1", property="p1", amount=1, outcome=Outcome(result=OutcomeResult.SECOND)),
            "次順位買受申出人",
        ),
        (Property(id="p2", status=PropertyStatus.WITHDRAWN), Bid(id="x1"), "取下げ"),
        (Property(id="p2", status=PropertyStatus.CANCELLED), None, "取消"),
    ],
)
def test_status_label(prop: Property, bid: Bid | None, expected: str) -> None:
    assert status_label(prop, bid) == expected


TODAY = date(2026, 11, 23)


def test_deadlines_of_a_mailed_transfer_bid() -> None:
    # The 振込証明書 goes into the envelope (規則48条): the transfer is due by the 郵送期限,
    # not by the period's safe transfer day 12/7 (what the table said before).
    bid = Bid(id="x1", property="p1", submission=Submission.MAIL)
    found = [(d.label, d.date) for d in bid_deadlines(PROP, bid, SETTINGS, today=TODAY)]
    assert found == [
        ("振込最終日", date(2026, 12, 4)),  # first the bank counter, then the post office
        ("郵送期限", date(2026, 12, 4)),  # 3 court days before Wed 12/9: 12/8, 12/7, 12/4 (Fri)
        ("開札期日", date(2026, 12, 16)),
    ]


def test_deadlines_of_a_bid_handed_in_on_the_last_day() -> None:
    bid = Bid(id="x1", property="p1")
    found = [(d.label, d.date) for d in bid_deadlines(PROP, bid, SETTINGS, today=TODAY)]
    assert found == [
        ("振込推奨日", date(2026, 12, 7)),  # 2 bank days before 12/9
        ("振込最終日", date(2026, 12, 9)),
        ("持参最終日", date(2026, 12, 9)),
        ("開札期日", date(2026, 12, 16)),
    ]


def test_a_made_transfer_leaves_the_deadlines() -> None:
    done = Transfer(date=date(2026, 12, 3), amount=2_468_000)
    bid = Bid(id="x1", property="p1", transfer=done)
    labels = [d.label for d in bid_deadlines(PROP, bid, SETTINGS, today=date(2026, 12, 3))]
    assert labels == ["持参最終日", "開札期日"]
    deadline = next_deadline(PROP, bid, SETTINGS, today=date(2026, 12, 3))
    assert deadline is not None and deadline.label == "持参最終日"


def test_a_guarantee_bid_has_no_transfer_days() -> None:
    bid = Bid(id="x1", property="p1", method=PaymentMethod.GUARANTEE)
    labels = [d.label for d in bid_deadlines(PROP, bid, SETTINGS, today=TODAY)]
    assert labels == ["持参最終日", "開札期日"]


@pytest.mark.parametrize(
    ("today", "label", "day"),
    [
        (date(2026, 11, 23), "振込推奨日", date(2026, 12, 7)),
        (date(2026, 12, 8), "振込最終日", date(2026, 12, 9)),  # the safe day has passed
        (date(2026, 12, 10), "開札期日", date(2026, 12, 16)),
    ],
)
def test_next_deadline_moves_on(today: date, label: str, day: date) -> None:
    deadline = next_deadline(PROP, Bid(id="x1", property="p1"), SETTINGS, today=today)
    assert deadline is not None and (deadline.label, deadline.date) == (label, day)


def test_nothing_is_next_for_a_withdrawn_property_or_a_refunded_lost_bid() -> None:
    withdrawn = Property(id="p9", status=PropertyStatus.WITHDRAWN, bid_period_end=date(2027, 1, 1))
    assert next_deadline(withdrawn, None, SETTINGS, today=date(2026, 11, 23)) is None
    refunded = Outcome(result=OutcomeResult.LOST, refund_date=date(2026, 12, 18))
    lost = Bid(id="x1", property="p1", outcome=refunded)
    assert next_deadline(PROP, lost, SETTINGS, today=date(2026, 11, 23)) is None


def test_a_lost_bid_waits_for_its_refund_as_the_deadlines_panel_says() -> None:
    lost = Bid(id="x1", property="p1", outcome=Outcome(result=OutcomeResult.LOST))
    deadline = next_deadline(PROP, lost, SETTINGS, today=date(2026, 11, 23))
    assert deadline is not None and deadline.label == "返還確認"


def test_a_won_bid_without_a_recorded_deadline_shows_the_estimate() -> None:
    bid = Bid(id="x1", property="p1", outcome=Outcome(result=OutcomeResult.WON))
    prop = replace(PROP, sale_decision_date=date(2026, 12, 16))
    deadline = next_deadline(prop, bid, SETTINGS, today=date(2026, 12, 20))
    assert deadline is not None
    assert (deadline.date, deadline.label) == (date(2027, 1, 22), "代金納付期限(見込み)")


def test_a_won_unpaid_bid_shows_its_payment_deadline_until_paid() -> None:
    won = Outcome(result=OutcomeResult.WON, payment_deadline=date(2027, 1, 29))
    bid = Bid(id="x1", property="p1", outcome=won)
    deadline = next_deadline(PROP, bid, SETTINGS, today=date(2026, 12, 20))
    assert deadline is not None and deadline.label == "代金納付期限"
    paid = Bid(
        id="x1",
        property="p1",
        outcome=Outcome(
            result=OutcomeResult.WON,
            payment_deadline=date(2027, 1, 29),
            paid_date=date(2027, 1, 20),
        ),
    )
    assert next_deadline(PROP, paid, SETTINGS, today=date(2026, 12, 20)) is None


def test_one_line_per_bid_and_one_for_a_property_without_bids() -> None:
    portfolio = Portfolio(
        bidders=(Bidder(id="b1", name="山田 太郎"),),
        properties=(PROP, Property(id="p2")),
        bids=(Bid(id="x1", property="p1", bidder="b1"), Bid(id="x2", property="p1")),
    )
    rows = overview_rows(portfolio)
    assert [r.key for r in rows] == [("p1", "x1"), ("p1", "x2"), ("p2", "")]
    assert rows[0].bidder is not None and rows[0].bidder.name == "山田 太郎"
    assert rows[1].bidder is None
