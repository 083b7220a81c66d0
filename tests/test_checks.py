"""The rule table: every code has a case that triggers it and a near miss that does not.

Each case starts from a clean, complete bid (checks_fixtures) and changes one fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import pytest
from checks_fixtures import (
    BID,
    COMPANY,
    COMPANY_BID,
    OFFICERS,
    OPENING,
    PROPERTY,
    SETTINGS,
    SUZUKI,
    TODAY,
    YAMADA,
    doc,
    individual_documents,
    portfolio,
    replace_doc,
    without_doc,
)

from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    Channel,
    DocStatus,
    DocType,
    Loan,
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
from biddesk.domain.rules.checks import check_bid, run_checks
from biddesk.domain.rules.registry import (
    RULES,
    TRANSFER_CODES,
    Code,
    Finding,
    Severity,
    counts,
    counts_text,
    findings_to_json,
)

D = date
E, W, INF = Severity.ERROR, Severity.WARNING, Severity.INFO

CONTRACT_CODES = {
    "BID_BELOW_MINIMUM",
    "BID_SUSPICIOUS_AMOUNT",
    "DEPOSIT_MISMATCH",
    "DEPOSIT_CHANNEL",
    "TRANSFER_LATE",
    "PAYER_NAME_MISMATCH",
    "NAME_MISMATCH",
    "NAME_VARIANT",
    "DOC_MISSING",
    "DOC_EXPIRED",
    "SUBMISSION_LATE",
    "FUNDS_SHORTFALL",
    "REFUND_OVERDUE",
    "PROPERTY_WITHDRAWN",
    "PAYMENT_OVERDUE",
    "DOC_DATE_INVALID",
    "TRANSFER_DATE_INVALID",
    "AMOUNT_UNDECIDED",
    "BIDDER_DISQUALIFIED",
    "REFUND_SHORT",
    "OUTCOME_INCONSISTENT",
    "STATEMENT_INCOMPLETE",
    "BELOW_CREDITOR_OFFER",
    "ANNOUNCEMENT_SUSPECT",
}

assert BID.transfer is not None
BASE_TRANSFER: Transfer = BID.transfer
assert COMPANY_BID.transfer is not None
COMPANY_TRANSFER: Transfer = COMPANY_BID.transfer
YEAR_END = replace(PROPERTY, bid_period_start=D(2026, 12, 21), bid_period_end=D(2026, 12, 30))
FARM = replace(PROPERTY, farmland=True)
WITHDRAWN = replace(PROPERTY, status=PropertyStatus.WITHDRAWN)
COMPANY_NO_BIRTH = replace(COMPANY, officers=(replace(OFFICERS[0], birth_date=None), OFFICERS[1]))
JOINT = replace(
    BID,
    joint_bidders=("b2",),
    documents=(
        *BID.documents,
        doc(DocType.JOINT_PERMISSION, "山田 太郎"),
        doc(DocType.STATEMENT, "鈴木 花子"),
        doc(DocType.RESIDENCE, "鈴木 花子", issued=D(2026, 10, 20)),
    ),
)
WON_LOAN = replace(
    BID,
    loan=Loan(lender="A銀行", amount=10_000_000),
    outcome=Outcome(result=OutcomeResult.WON, payment_deadline=D(2027, 1, 29)),
)
FUNDED = replace(
    BID,
    funder="b2",  # 鈴木 花子 provides the money (民執法65条の2第2号)
    documents=(
        *BID.documents,
        doc(DocType.STATEMENT, "鈴木 花子"),
        doc(DocType.RESIDENCE, "鈴木 花子", issued=D(2026, 10, 20)),
    ),
)
LOST = replace(BID, outcome=Outcome(result=OutcomeResult.LOST))
SECOND = replace(BID, outcome=Outcome(result=OutcomeResult.SECOND, payment_deadline=D(2027, 1, 29)))
YAMAZAKI = replace_doc(
    replace(
        BID,
        transfer=replace(BASE_TRANSFER, payer_name="山﨑 太郎", payer_kana=""),
        documents=individual_documents("山﨑 太郎"),
    ),
    DocType.RESIDENCE,
    name="山崎 太郎",
)


def transfer(**changes: Any) -> Bid:
    return replace(BID, transfer=replace(BASE_TRANSFER, **changes))


def year_end(**changes: Any) -> Bid:
    """A bid in the 12/21–12/30 period, submitted on 12/28, with a changed transfer."""
    return replace(transfer(**changes), planned_submission=D(2026, 12, 28))


def won_bid(**fields: Any) -> Bid:
    """BID won at the opening; ``amount`` may be given, the rest goes to the Outcome."""
    amount = fields.pop("amount", BID.amount)
    return replace(BID, amount=amount, outcome=Outcome(result=OutcomeResult.WON, **fields))


def forfeited_bid(property_id: str) -> Bid:
    """An earlier bid of YAMADA whose deposit was forfeited (代金不納付)."""
    return replace(
        BID, id="x0", property=property_id, outcome=Outcome(result=OutcomeResult.FORFEITED)
    )


def residence(**changes: Any) -> Bid:
    return replace_doc(BID, DocType.RESIDENCE, **changes)


@dataclass(frozen=True, kw_only=True)
class Case:
    bid: Bid = BID
    prop: Property = PROPERTY
    bidders: tuple[Bidder, ...] = (YAMADA, SUZUKI, COMPANY)
    settings: Settings = SETTINGS
    today: date = TODAY
    extra: tuple[Bid, ...] = field(default=())
    more_properties: tuple[Property, ...] = field(default=())

    def portfolio(self) -> Portfolio:
        return portfolio(
            self.bid,
            *self.extra,
            properties=(self.prop, *self.more_properties),
            bidders=self.bidders,
            settings=self.settings,
        )

    def findings(self) -> list[Finding]:
        return run_checks(self.portfolio(), today=self.today)


# (id, case, code, severity): the case must produce a finding of that code and severity.
TRIGGERS: list[tuple[str, Case, str, Severity]] = [
    ("below-minimum", Case(bid=replace(BID, amount=9_871_999)), "BID_BELOW_MINIMUM", E),
    ("suspicious", Case(bid=replace(BID, amount=37_020_001)), "BID_SUSPICIOUS_AMOUNT", W),
    ("deposit-low", Case(prop=replace(PROPERTY, deposit=2_467_999)), "DEPOSIT_MISMATCH", W),
    (
        "deposit-high",
        Case(prop=replace(PROPERTY, deposit=2_470_000), bid=transfer(amount=2_470_000)),
        "DEPOSIT_MISMATCH",
        INF,
    ),
    (
        "deposit-above-base",  # a typo, not a court-set deposit
        Case(prop=replace(PROPERTY, deposit=12_340_001), bid=transfer(amount=12_340_001)),
        "DEPOSIT_MISMATCH",
        W,
    ),
    (
        "deposit-equal-to-base",  # near miss: still possible as set by the court
        Case(prop=replace(PROPERTY, deposit=12_340_000), bid=transfer(amount=12_340_000)),
        "DEPOSIT_MISMATCH",
        INF,
    ),
    ("transfer-short", Case(bid=transfer(amount=2_467_999)), "DEPOSIT_MISMATCH", E),
    ("transfer-over", Case(bid=transfer(amount=2_468_001)), "DEPOSIT_MISMATCH", W),
    ("atm", Case(bid=transfer(channel=Channel.ATM)), "DEPOSIT_CHANNEL", E),
    ("online", Case(bid=transfer(channel=Channel.ONLINE)), "DEPOSIT_CHANNEL", E),
    ("transfer-after-last", Case(bid=transfer(date=D(2026, 12, 10))), "TRANSFER_LATE", E),
    (
        "transfer-after-safe",  # handed in on the last day 12/9: 12/8 is late but possible
        Case(bid=replace(transfer(date=D(2026, 12, 8)), planned_submission=D(2026, 12, 9))),
        "TRANSFER_LATE",
        W,
    ),
    (
        "transfer-after-hand-in",  # handed in 12/7 without the 振込証明書 (規則48条)
        Case(bid=transfer(date=D(2026, 12, 8)), today=D(2026, 12, 8)),
        "TRANSFER_LATE",
        E,
    ),
    (
        "mailed-transfer-after-posting",  # posted 12/4 (郵送期限), transferred 12/7
        Case(
            bid=replace(
                transfer(date=D(2026, 12, 7)),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 4),
            ),
            today=D(2026, 12, 7),
        ),
        "TRANSFER_LATE",
        E,
    ),
    ("bank-12-31", Case(prop=YEAR_END, bid=year_end(date=D(2026, 12, 31))), "TRANSFER_LATE", E),
    (
        "bank-12-30-after-hand-in",  # court closed 12/29–, banks open: hand-in 12/28 bounds it
        Case(prop=YEAR_END, bid=year_end(date=D(2026, 12, 30)), today=D(2026, 12, 30)),
        "TRANSFER_LATE",
        E,
    ),
    (
        "no-transfer-after-safe",
        Case(
            bid=without_doc(
                replace(BID, transfer=None, planned_submission=D(2026, 12, 9)),
                DocType.TRANSFER_PROOF,
            ),
            today=D(2026, 12, 8),
        ),
        "TRANSFER_LATE",
        W,
    ),
    (
        "no-transfer-after-last",
        Case(
            bid=without_doc(replace(BID, transfer=None), DocType.TRANSFER_PROOF),
            today=D(2026, 12, 10),
        ),
        "TRANSFER_LATE",
        E,
    ),
    ("payer-other", Case(bid=transfer(payer_name="山田 次郎")), "PAYER_NAME_MISMATCH", E),
    ("payer-spacing", Case(bid=transfer(payer_name="山田太郎")), "PAYER_NAME_MISMATCH", W),
    ("payer-kana", Case(bid=transfer(payer_kana="ﾔﾏﾀ ﾀﾛｳ")), "PAYER_NAME_MISMATCH", E),
    (
        "payer-kana-company-type",  # ﾕ) is a 有限会社: not 株式会社ヤマダ商事
        Case(
            bid=replace(COMPANY_BID, transfer=replace(COMPANY_TRANSFER, payer_kana="ﾕ)ﾔﾏﾀﾞｼﾖｳｼﾞ")),
            bidders=(COMPANY,),
        ),
        "PAYER_NAME_MISMATCH",
        E,
    ),
    (
        "payer-kana-company-for-individual",
        Case(bid=transfer(payer_kana="ｶ)ﾔﾏﾀﾞﾀﾛｳ")),
        "PAYER_NAME_MISMATCH",
        E,
    ),
    (
        "payer-kana-no-furigana",  # cannot be compared: say so
        Case(bidders=(replace(YAMADA, name_kana=""), SUZUKI, COMPANY)),
        "PAYER_NAME_MISMATCH",
        W,
    ),
    (
        "payer-joint-member",
        Case(
            bid=replace(
                JOINT, transfer=replace(BASE_TRANSFER, payer_name="鈴木 花子", payer_kana="")
            )
        ),
        "PAYER_NAME_MISMATCH",
        E,
    ),
    ("doc-name", Case(bid=residence(name="山田 次郎")), "NAME_MISMATCH", E),
    (
        "registry-representative",  # the certificate names another 代表者 than the bidder's
        Case(
            bid=replace_doc(COMPANY_BID, DocType.REGISTRY, representative="代表取締役 山田 二郎"),
            bidders=(COMPANY,),
        ),
        "NAME_MISMATCH",
        E,
    ),
    (
        "registry-representative-variant",  # 全角 space only: confirm
        Case(
            bid=replace_doc(COMPANY_BID, DocType.REGISTRY, representative="代表取締役　山田 一郎"),
            bidders=(COMPANY,),
        ),
        "NAME_VARIANT",
        W,
    ),
    (
        "doc-abbreviated",
        Case(bid=replace_doc(COMPANY_BID, DocType.REGISTRY, name="㈱ヤマダ商事")),
        "NAME_MISMATCH",
        E,
    ),
    (
        "joint-doc-name",
        Case(bid=replace_doc(JOINT, DocType.JOINT_PERMISSION, name="鈴木 一郎")),
        "NAME_MISMATCH",
        E,
    ),
    ("doc-variant", Case(bid=residence(name="山田　太郎")), "NAME_VARIANT", W),
    (
        "doc-kanji-variant",
        Case(bidders=(replace(YAMADA, name="山﨑 太郎"),), bid=YAMAZAKI),
        "NAME_VARIANT",
        W,
    ),
    (
        "missing-early",
        Case(bid=residence(status=DocStatus.REQUESTED), today=D(2026, 12, 3)),
        "DOC_MISSING",
        W,
    ),
    (
        "missing-late",
        Case(bid=residence(status=DocStatus.REQUESTED), today=D(2026, 12, 4)),
        "DOC_MISSING",
        E,
    ),
    (
        "missing-mail-late",
        Case(
            bid=replace(
                residence(status=DocStatus.MISSING),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 3),
            ),
            today=D(2026, 12, 1),
        ),
        "DOC_MISSING",
        E,
    ),
    ("missing-absent", Case(bid=without_doc(BID, DocType.STATEMENT)), "DOC_MISSING", W),
    (
        "missing-guarantee",
        Case(bid=replace(BID, method=PaymentMethod.GUARANTEE, transfer=None)),
        "DOC_MISSING",
        W,
    ),
    ("missing-proxy", Case(bid=replace(BID, agent=Agent(name="佐藤 次郎"))), "DOC_MISSING", W),
    ("missing-farmland", Case(prop=FARM), "DOC_MISSING", W),
    ("missing-joint-papers", Case(bid=replace(BID, joint_bidders=("b2",))), "DOC_MISSING", W),
    ("unknown-joint", Case(bid=replace(JOINT, joint_bidders=("b2", "zz"))), "DOC_MISSING", W),
    ("unknown-bidder", Case(bid=replace(BID, bidder="nobody")), "DOC_MISSING", W),
    ("loan-open", Case(bid=replace(BID, loan=Loan(lender="A銀行", amount=1))), "DOC_MISSING", INF),
    ("loan-won", Case(bid=WON_LOAN, today=D(2027, 1, 25)), "DOC_MISSING", W),
    ("loan-won-late", Case(bid=WON_LOAN, today=D(2027, 1, 26)), "DOC_MISSING", E),
    (
        "officer-incomplete",
        Case(bid=COMPANY_BID, bidders=(COMPANY_NO_BIRTH,)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "officers-none",
        Case(bid=COMPANY_BID, bidders=(replace(COMPANY, officers=()),)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "individual-no-sex",
        Case(bidders=(replace(YAMADA, sex=""), SUZUKI, COMPANY)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "individual-no-sex-on-the-day",  # handed in on 12/7
        Case(bidders=(replace(YAMADA, sex=""), SUZUKI, COMPANY), today=D(2026, 12, 7)),
        "STATEMENT_INCOMPLETE",
        E,
    ),
    (
        "corporation-no-representative",
        Case(bid=COMPANY_BID, bidders=(replace(COMPANY, representative_title=None),)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "joint-bidder-incomplete",
        Case(bid=JOINT, bidders=(YAMADA, replace(SUZUKI, address=""), COMPANY)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "funder-incomplete",
        Case(bid=FUNDED, bidders=(YAMADA, replace(SUZUKI, sex=""), COMPANY)),
        "STATEMENT_INCOMPLETE",
        W,
    ),
    (
        "funder-papers-missing",  # the funder's own 陳述書 and 住民票 (規則31条の2)
        Case(bid=replace(BID, funder="b2")),
        "DOC_MISSING",
        W,
    ),
    (
        "period-ends-on-a-holiday",  # 2026-12-12 is a Saturday
        Case(prop=replace(PROPERTY, bid_period_end=D(2026, 12, 12))),
        "ANNOUNCEMENT_SUSPECT",
        W,
    ),
    (
        "period-of-six-days",  # 12/2〜12/7
        Case(prop=replace(PROPERTY, bid_period_end=D(2026, 12, 7))),
        "ANNOUNCEMENT_SUSPECT",
        W,
    ),
    (
        "opening-on-the-last-day",
        Case(prop=replace(PROPERTY, opening_date=D(2026, 12, 9))),
        "ANNOUNCEMENT_SUSPECT",
        W,
    ),
    (
        "below-creditor-offer",
        Case(prop=replace(PROPERTY, creditor_offer=15_000_001)),
        "BELOW_CREDITOR_OFFER",
        W,
    ),
    ("expired", Case(bid=residence(issued=D(2026, 9, 6))), "DOC_EXPIRED", E),
    (
        "expired-vs-deadline",
        Case(bid=replace(residence(issued=D(2026, 9, 8)), planned_submission=None)),
        "DOC_EXPIRED",
        E,
    ),
    (
        "no-issue-date",
        Case(bid=replace_doc(COMPANY_BID, DocType.REGISTRY, issued=None), bidders=(COMPANY,)),
        "DOC_EXPIRED",
        W,
    ),
    (
        "court-12-29",
        Case(
            prop=YEAR_END,
            bid=replace(BID, planned_submission=D(2026, 12, 29)),
            today=D(2026, 12, 21),
        ),
        "SUBMISSION_LATE",
        E,
    ),
    (
        "court-saturday",
        Case(bid=replace(BID, planned_submission=D(2026, 12, 5))),
        "SUBMISSION_LATE",
        E,
    ),
    (
        "before-period",
        Case(bid=replace(BID, planned_submission=D(2026, 12, 1))),
        "SUBMISSION_LATE",
        E,
    ),
    (
        "mail-after-send-by",
        Case(bid=replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 12, 7))),
        "SUBMISSION_LATE",
        W,
    ),
    (
        "mail-after-period",
        Case(bid=replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 12, 10))),
        "SUBMISSION_LATE",
        E,
    ),
    (
        "mail-on-the-last-day",  # a 書留 posted on 12/9 does not arrive by 12/9
        Case(bid=replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 12, 9))),
        "SUBMISSION_LATE",
        E,
    ),
    (
        "mailed-certificate-too-old-on-arrival",
        # Issued 9/3: valid through 12/3. Posted 12/3, it arrives 12/8 (3 court days later).
        Case(
            bid=replace(
                residence(issued=D(2026, 9, 3)),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 3),
            )
        ),
        "DOC_EXPIRED",
        E,
    ),
    ("shortfall", Case(settings=Settings(cash_on_hand=3_000_000)), "FUNDS_SHORTFALL", E),
    # Court days from the opening 12/16: 10 → 2027-01-05 (day 20, 年末年始 closed), 22 →
    # 2027-01-22 (day 37).
    ("refund-10-court-days", Case(bid=LOST, today=D(2027, 1, 5)), "REFUND_OVERDUE", W),
    ("refund-21-court-days", Case(bid=LOST, today=D(2027, 1, 21)), "REFUND_OVERDUE", W),
    ("refund-22-court-days", Case(bid=LOST, today=D(2027, 1, 22)), "REFUND_OVERDUE", E),
    # 次順位: held until the winner's payment deadline 1/29, then counted from it (民執法67条);
    # 10 court days → 2/15 (2/11 建国記念の日).
    ("second-10-court-days", Case(bid=SECOND, today=D(2027, 2, 15)), "REFUND_OVERDUE", W),
    # A bid withdrawn before it was handed in: the court refunds it only when asked (組戻し).
    (
        "refund-own-withdrawal-at-once",
        Case(
            bid=replace(
                BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=D(2026, 12, 5))
            ),
            today=D(2026, 12, 5),
        ),
        "REFUND_OVERDUE",
        W,
    ),
    (
        "refund-invalid",
        Case(
            bid=replace(BID, outcome=Outcome(result=OutcomeResult.INVALID)),
            today=D(2027, 1, 22),
        ),
        "REFUND_OVERDUE",
        E,
    ),
    (
        "refund-withdrawn",
        Case(
            bid=replace(
                BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=D(2026, 12, 5))
            ),
            today=D(2026, 12, 19),
        ),
        "REFUND_OVERDUE",
        W,
    ),
    (
        "refund-property-withdrawn",
        Case(prop=WITHDRAWN, today=D(2027, 1, 5)),
        "REFUND_OVERDUE",
        W,
    ),
    ("withdrawn", Case(prop=WITHDRAWN), "PROPERTY_WITHDRAWN", W),
    (
        "cancelled",
        Case(prop=replace(PROPERTY, status=PropertyStatus.CANCELLED)),
        "PROPERTY_WITHDRAWN",
        W,
    ),
    # --- after the opening and new facts (issue 14) ---
    (
        "payment-overdue",
        Case(bid=won_bid(payment_deadline=D(2027, 1, 29)), today=D(2027, 2, 1)),
        "PAYMENT_OVERDUE",
        E,
    ),
    (
        "payment-overdue-estimated",  # 売却決定期日 12/23 → estimate 2027-02-04
        Case(bid=won_bid(), today=D(2027, 2, 5)),
        "PAYMENT_OVERDUE",
        E,
    ),
    (
        "payment-after-deadline",
        Case(
            bid=won_bid(payment_deadline=D(2027, 1, 29), paid_date=D(2027, 2, 1)),
            today=D(2027, 2, 5),
        ),
        "PAYMENT_OVERDUE",
        E,
    ),
    ("doc-issued-future", Case(bid=residence(issued=D(2026, 12, 4))), "DOC_DATE_INVALID", E),
    (
        "doc-issued-after-hand-in",  # handed in 12/7, issued 12/8
        Case(bid=residence(issued=D(2026, 12, 8)), today=D(2026, 12, 10)),
        "DOC_DATE_INVALID",
        E,
    ),
    ("transfer-future", Case(bid=transfer(date=D(2026, 12, 4))), "TRANSFER_DATE_INVALID", E),
    (
        "transfer-bank-holiday",  # 2026-12-05 is a Saturday
        Case(bid=transfer(date=D(2026, 12, 5)), today=D(2026, 12, 7)),
        "TRANSFER_DATE_INVALID",
        E,
    ),
    (
        "transfer-before-period",
        Case(bid=transfer(date=D(2026, 12, 1))),
        "TRANSFER_DATE_INVALID",
        W,
    ),
    ("amount-undecided", Case(bid=replace(BID, amount=None)), "AMOUNT_UNDECIDED", W),
    (
        "amount-undecided-on-the-day",
        Case(bid=replace(BID, amount=None), today=D(2026, 12, 7)),
        "AMOUNT_UNDECIDED",
        E,
    ),
    (
        "disqualified",
        Case(bid=BID, extra=(forfeited_bid("p1"),), prop=PROPERTY, more_properties=()),
        "BIDDER_DISQUALIFIED",
        E,
    ),
    (
        "refund-short",
        Case(
            bid=replace(
                BID,
                outcome=Outcome(
                    result=OutcomeResult.LOST, refund_date=D(2026, 12, 21), refund_amount=2_467_000
                ),
            ),
            today=D(2026, 12, 22),
        ),
        "REFUND_SHORT",
        W,
    ),
    (
        "outcome-before-opening",
        Case(bid=replace(BID, outcome=Outcome(result=OutcomeResult.LOST))),
        "OUTCOME_INCONSISTENT",
        W,
    ),
    (
        "won-without-amount",
        Case(bid=won_bid(amount=None), today=D(2026, 12, 17)),
        "OUTCOME_INCONSISTENT",
        W,
    ),
    (
        "won-on-withdrawn",
        Case(bid=won_bid(), prop=WITHDRAWN, today=D(2026, 12, 17)),
        "OUTCOME_INCONSISTENT",
        W,
    ),
]

# (id, case, code): the case must produce no finding of that code.
NEAR_MISSES: list[tuple[str, Case, str]] = [
    ("at-minimum", Case(bid=replace(BID, amount=9_872_000)), "BID_BELOW_MINIMUM"),
    ("no-amount-yet", Case(bid=replace(BID, amount=None)), "BID_BELOW_MINIMUM"),
    ("exactly-3x", Case(bid=replace(BID, amount=37_020_000)), "BID_SUSPICIOUS_AMOUNT"),
    ("deposit-exact", Case(prop=replace(PROPERTY, deposit=2_468_000)), "DEPOSIT_MISMATCH"),
    ("deposit-not-announced", Case(prop=replace(PROPERTY, deposit=None)), "DEPOSIT_MISMATCH"),
    (
        "transfer-guarantee",
        Case(bid=replace(transfer(amount=1), method=PaymentMethod.GUARANTEE)),
        "DEPOSIT_MISMATCH",
    ),
    ("counter", Case(bid=transfer(channel=Channel.COUNTER)), "DEPOSIT_CHANNEL"),
    ("transfer-on-safe-day", Case(bid=transfer(date=D(2026, 12, 7))), "TRANSFER_LATE"),
    ("bank-12-28-safe", Case(prop=YEAR_END, bid=year_end(date=D(2026, 12, 28))), "TRANSFER_LATE"),
    (
        "no-transfer-on-safe-day",
        Case(
            bid=without_doc(replace(BID, transfer=None), DocType.TRANSFER_PROOF),
            today=D(2026, 12, 7),
        ),
        "TRANSFER_LATE",
    ),
    (
        "statement-checked-on-paper",  # the user marked the 陳述書 as checked
        Case(
            bid=replace_doc(BID, DocType.STATEMENT, status=DocStatus.CHECKED),
            bidders=(replace(YAMADA, sex=""), SUZUKI, COMPANY),
        ),
        "STATEMENT_INCOMPLETE",
    ),
    ("funder-complete", Case(bid=FUNDED), "STATEMENT_INCOMPLETE"),
    ("funder-papers-in-hand", Case(bid=FUNDED), "DOC_MISSING"),
    (
        "period-of-exactly-a-week",  # 12/2〜12/8: both days count (規則46条1項)
        Case(
            prop=replace(PROPERTY, bid_period_end=D(2026, 12, 8)),
            bid=replace(BID, planned_submission=D(2026, 12, 7)),
        ),
        "ANNOUNCEMENT_SUSPECT",
    ),
    (
        "at-the-creditor-offer",
        Case(prop=replace(PROPERTY, creditor_offer=15_000_000)),
        "BELOW_CREDITOR_OFFER",
    ),
    (
        "transfer-on-the-hand-in-day",  # in the morning at the bank, then to the 執行官室
        Case(bid=transfer(date=D(2026, 12, 7)), today=D(2026, 12, 7)),
        "TRANSFER_LATE",
    ),
    (
        "mailed-transfer-on-the-posting-day",
        Case(
            bid=replace(
                transfer(date=D(2026, 12, 4)),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 4),
            ),
            today=D(2026, 12, 4),
        ),
        "TRANSFER_LATE",
    ),
    (
        "proof-in-hand",
        Case(bid=replace(BID, transfer=None), today=D(2026, 12, 10)),
        "TRANSFER_LATE",
    ),
    (
        "payer-same",
        Case(bid=transfer(payer_name="山田 太郎", payer_kana="ヤマダ タロウ")),
        "PAYER_NAME_MISMATCH",
    ),
    ("payer-kana-small", Case(bid=transfer(payer_kana="やまだ　たろう")), "PAYER_NAME_MISMATCH"),
    ("payer-company-kana", Case(bid=COMPANY_BID, bidders=(COMPANY,)), "PAYER_NAME_MISMATCH"),
    (
        "payer-company-kana-back",  # 後株 abbreviation of the same type
        Case(
            bid=replace(COMPANY_BID, transfer=replace(COMPANY_TRANSFER, payer_kana="ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ")),
            bidders=(COMPANY,),
        ),
        "PAYER_NAME_MISMATCH",
    ),
    (
        "payer-no-kana-no-furigana",  # nothing to compare, nothing to say
        Case(
            bid=transfer(payer_kana=""),
            bidders=(replace(YAMADA, name_kana=""), SUZUKI, COMPANY),
        ),
        "PAYER_NAME_MISMATCH",
    ),
    ("joint-payer-representative", Case(bid=JOINT), "PAYER_NAME_MISMATCH"),
    ("doc-same", Case(bid=residence(name="山田 太郎")), "NAME_MISMATCH"),
    (
        "registry-representative-same",
        Case(
            bid=replace_doc(COMPANY_BID, DocType.REGISTRY, representative="代表取締役 山田 一郎"),
            bidders=(COMPANY,),
        ),
        "NAME_MISMATCH",
    ),
    ("doc-name-blank", Case(bid=residence(name="")), "NAME_MISMATCH"),
    ("joint-docs", Case(bid=JOINT), "NAME_MISMATCH"),
    ("doc-variant-is-not-mismatch", Case(bid=residence(name="山田　太郎")), "NAME_MISMATCH"),
    ("doc-same-no-variant", Case(bid=residence(name="山田 太郎")), "NAME_VARIANT"),
    (
        "obtained",
        Case(bid=residence(status=DocStatus.OBTAINED), today=D(2026, 12, 8)),
        "DOC_MISSING",
    ),
    ("joint-complete", Case(bid=JOINT), "DOC_MISSING"),
    ("officers-complete", Case(bid=COMPANY_BID, bidders=(COMPANY,)), "DOC_MISSING"),
    (
        "statement-checked",
        Case(
            bid=replace_doc(COMPANY_BID, DocType.STATEMENT, status=DocStatus.CHECKED),
            bidders=(COMPANY_NO_BIRTH,),
        ),
        "DOC_MISSING",
    ),
    (
        "loan-won-filed",
        Case(
            bid=replace(
                WON_LOAN, documents=(*BID.documents, doc(DocType.LOAN_NOTICE, "山田 太郎"))
            ),
            today=D(2027, 1, 26),
        ),
        "DOC_MISSING",
    ),
    (
        "lost-bid-docs",
        Case(bid=replace(without_doc(LOST, DocType.STATEMENT)), today=D(2026, 12, 17)),
        "DOC_MISSING",
    ),
    ("exactly-3-months", Case(bid=residence(issued=D(2026, 9, 7))), "DOC_EXPIRED"),
    (
        "3-months-vs-deadline",
        Case(bid=replace(residence(issued=D(2026, 9, 9)), planned_submission=None)),
        "DOC_EXPIRED",
    ),
    (
        "requested-no-date",
        Case(bid=residence(issued=None, status=DocStatus.REQUESTED)),
        "DOC_EXPIRED",
    ),
    (
        "court-12-28",
        Case(
            prop=YEAR_END,
            bid=replace(BID, planned_submission=D(2026, 12, 28)),
            today=D(2026, 12, 21),
        ),
        "SUBMISSION_LATE",
    ),
    (
        "last-in-person-day",
        Case(bid=replace(BID, planned_submission=D(2026, 12, 9))),
        "SUBMISSION_LATE",
    ),
    ("first-day", Case(bid=replace(BID, planned_submission=D(2026, 12, 2))), "SUBMISSION_LATE"),
    (
        "mailed-certificate-valid-on-arrival",  # issued 9/8: valid through 12/8, arrives 12/8
        Case(
            bid=replace(
                residence(issued=D(2026, 9, 8)),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 3),
            )
        ),
        "DOC_EXPIRED",
    ),
    (
        "mail-on-send-by",
        Case(bid=replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 12, 4))),
        "SUBMISSION_LATE",
    ),
    (
        "mail-before-period",
        Case(bid=replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 11, 30))),
        "SUBMISSION_LATE",
    ),
    ("enough-cash", Case(settings=Settings(cash_on_hand=100_000_000)), "FUNDS_SHORTFALL"),
    # 12/30 is 14 calendar days after the opening, but the court is closed 12/29–1/3.
    ("refund-9-court-days", Case(bid=LOST, today=D(2027, 1, 4)), "REFUND_OVERDUE"),
    ("refund-14-days-in-year-end", Case(bid=LOST, today=D(2026, 12, 30)), "REFUND_OVERDUE"),
    ("second-9-court-days", Case(bid=SECOND, today=D(2027, 2, 12)), "REFUND_OVERDUE"),
    # Withdrawn before any transfer: no deposit was ever paid (check used to say E here).
    (
        "withdrawn-before-transfer",
        Case(
            bid=replace(
                BID,
                transfer=None,
                outcome=Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=D(2026, 12, 5)),
            ),
            today=OPENING + timedelta(days=40),
        ),
        "REFUND_OVERDUE",
    ),
    # The sale called off by the court: refunded without asking, so not at once.
    (
        "court-withdrawal-not-at-once",
        Case(
            prop=WITHDRAWN,
            bid=replace(
                BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=D(2026, 12, 5))
            ),
            today=D(2026, 12, 7),
        ),
        "REFUND_OVERDUE",
    ),
    (
        "refunded",
        Case(
            bid=replace(
                BID, outcome=Outcome(result=OutcomeResult.LOST, refund_date=D(2026, 12, 20))
            ),
            today=OPENING + timedelta(days=40),
        ),
        "REFUND_OVERDUE",
    ),
    (
        "second-held",
        Case(
            bid=replace(BID, outcome=Outcome(result=OutcomeResult.SECOND)),
            today=OPENING + timedelta(days=40),
        ),
        "REFUND_OVERDUE",
    ),
    (
        "guarantee-no-cash",
        Case(bid=replace(LOST, method=PaymentMethod.GUARANTEE), today=OPENING + timedelta(days=40)),
        "REFUND_OVERDUE",
    ),
    (
        "withdrawn-unpaid",
        Case(prop=WITHDRAWN, bid=replace(BID, transfer=None), today=OPENING + timedelta(days=40)),
        "REFUND_OVERDUE",
    ),
    ("announced", Case(prop=PROPERTY), "PROPERTY_WITHDRAWN"),
    (
        "withdrawn-recorded",
        Case(
            prop=WITHDRAWN,
            bid=replace(
                BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN, refund_date=D(2026, 12, 10))
            ),
        ),
        "PROPERTY_WITHDRAWN",
    ),
    (
        "paid-on-the-deadline",
        Case(
            bid=won_bid(payment_deadline=D(2027, 1, 29), paid_date=D(2027, 1, 29)),
            today=D(2027, 2, 5),
        ),
        "PAYMENT_OVERDUE",
    ),
    (
        "unpaid-on-the-deadline-day",
        Case(bid=won_bid(payment_deadline=D(2027, 1, 29)), today=D(2027, 1, 29)),
        "PAYMENT_OVERDUE",
    ),
    ("doc-issued-today", Case(bid=residence(issued=TODAY)), "DOC_DATE_INVALID"),
    (
        "doc-issued-before-a-late-posting",  # posted 12/7 (after the 郵送期限 12/4), issued 12/5:
        # it is in the envelope, as the 振込証明書 of 12/5 would be (deadlines.envelope_day)
        Case(
            bid=replace(
                residence(issued=D(2026, 12, 5)),
                submission=Submission.MAIL,
                planned_submission=D(2026, 12, 7),
            ),
            today=D(2026, 12, 6),
        ),
        "DOC_DATE_INVALID",
    ),
    (
        "doc-issued-on-hand-in-day",
        Case(bid=residence(issued=D(2026, 12, 7)), today=D(2026, 12, 10)),
        "DOC_DATE_INVALID",
    ),
    ("transfer-today", Case(bid=transfer(date=TODAY)), "TRANSFER_DATE_INVALID"),
    (
        "transfer-on-period-start",  # 12/2 (Wed): a bank day, the first of the period
        Case(bid=transfer(date=D(2026, 12, 2))),
        "TRANSFER_DATE_INVALID",
    ),
    ("amount-decided", Case(), "AMOUNT_UNDECIDED"),
    (
        "forfeit-in-another-case",
        Case(
            bid=BID,
            extra=(forfeited_bid("p9"),),
            more_properties=(replace(PROPERTY, id="p9", case_number="令和7年(ケ)第99号"),),
        ),
        "BIDDER_DISQUALIFIED",
    ),
    (
        "forfeit-by-another-bidder",
        Case(bid=BID, extra=(replace(forfeited_bid("p1"), bidder="b2"),)),
        "BIDDER_DISQUALIFIED",
    ),
    (
        "refund-full",
        Case(
            bid=replace(
                BID,
                outcome=Outcome(
                    result=OutcomeResult.LOST, refund_date=D(2026, 12, 21), refund_amount=2_468_000
                ),
            ),
            today=D(2026, 12, 22),
        ),
        "REFUND_SHORT",
    ),
    (
        "outcome-on-the-opening-day",
        Case(bid=replace(BID, outcome=Outcome(result=OutcomeResult.LOST)), today=OPENING),
        "OUTCOME_INCONSISTENT",
    ),
    (
        "withdrawn-before-opening",
        Case(bid=replace(BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN)), prop=WITHDRAWN),
        "OUTCOME_INCONSISTENT",
    ),
]


@pytest.mark.parametrize(
    ("case", "code", "severity"), [c[1:] for c in TRIGGERS], ids=[c[0] for c in TRIGGERS]
)
def test_trigger(case: Case, code: str, severity: Severity) -> None:
    found = [(f.code, f.severity) for f in case.findings()]
    assert (code, severity) in found


@pytest.mark.parametrize(
    ("case", "code"), [c[1:] for c in NEAR_MISSES], ids=[c[0] for c in NEAR_MISSES]
)
def test_near_miss(case: Case, code: str) -> None:
    assert code not in {f.code for f in case.findings()}


def test_every_code_has_a_trigger_and_a_near_miss() -> None:
    assert {c[2] for c in TRIGGERS} == CONTRACT_CODES
    assert {c[2] for c in NEAR_MISSES} == CONTRACT_CODES


# Codes added since the contract's list (each has its triggers and near misses in its own
# test file): issue 17's 入札上限 and 3点セット risk sheet (tests/test_risks.py).
EXTENSION_CODES = {
    "BID_ABOVE_LIMIT", "RISK_OCCUPANT", "RISK_ASSUMED_RIGHT", "RISK_SUPERFICIES",
    "RISK_UNPAID_FEES", "RISK_NOT_REBUILDABLE", "RISK_BOUNDARY", "RISK_FARMLAND",
}  # fmt: skip


def test_rule_table_matches_the_contract() -> None:
    assert set(RULES) == set(Code) == CONTRACT_CODES | EXTENSION_CODES
    assert list(RULES) == list(Code)  # one order: the enum's is the table's
    for code, rule in RULES.items():
        assert rule.code is code
        assert rule.title and rule.source
        assert any(word in rule.source for word in ("法", "規則", "裁判所"))


def test_the_transfer_codes_are_the_rules_about_the_transfer() -> None:
    # A new rule about the 振込 joins TRANSFER_CODES, or the 振込 tab would not show it.
    assert {code for code, rule in RULES.items() if "振込" in rule.title} == TRANSFER_CODES


def test_every_finding_carries_its_rule_and_source() -> None:
    for _, case, _, _ in TRIGGERS:
        for finding in case.findings():
            assert isinstance(finding.code, Code) and finding.rule is RULES[finding.code]
            assert any(word in finding.rule.source for word in ("法", "規則", "裁判所")), finding


def test_a_code_compares_and_prints_as_its_string() -> None:
    finding = Case(bid=transfer(channel=Channel.ATM)).findings()[0]
    assert finding.code == "DEPOSIT_CHANNEL" and f"{finding.code}" == "DEPOSIT_CHANNEL"


def test_a_finding_with_a_code_outside_the_registry_is_refused() -> None:
    with pytest.raises(ValueError, match="NO_SUCH_CODE"):
        Finding(code="NO_SUCH_CODE", severity=E, bid=None, property=None, message="", due=None)  # type: ignore[arg-type]


def test_findings_never_exceed_their_rule_severity() -> None:
    for _, case, _, _ in TRIGGERS:
        for finding in case.findings():
            assert finding.severity.rank >= RULES[finding.code].severity.rank, finding


def test_messages_are_japanese_sentences() -> None:
    for _, case, _, _ in TRIGGERS:
        for finding in case.findings():
            assert finding.message.endswith("。") or finding.message.endswith(")"), finding
            assert any("\u3040" <= ch <= "\u30ff" for ch in finding.message)


# --- no false alarms ---------------------------------------------------------------

CLEAN_BIDS = [
    pytest.param(BID, (YAMADA,), PROPERTY, id="individual"),
    pytest.param(COMPANY_BID, (COMPANY,), PROPERTY, id="corporation"),
    pytest.param(JOINT, (YAMADA, SUZUKI), PROPERTY, id="joint"),
    pytest.param(
        replace(
            BID,
            method=PaymentMethod.GUARANTEE,
            transfer=None,
            documents=(
                *without_doc(BID, DocType.TRANSFER_PROOF).documents,
                doc(DocType.GUARANTEE_PROOF, "山田 太郎"),
            ),
        ),
        (YAMADA,),
        PROPERTY,
        id="guarantee",
    ),
    pytest.param(
        replace(BID, submission=Submission.MAIL, planned_submission=D(2026, 12, 3)),
        (YAMADA,),
        PROPERTY,
        id="mail",
    ),
    pytest.param(
        replace(
            BID,
            agent=Agent(name="佐藤 次郎"),
            documents=(
                *BID.documents,
                doc(DocType.PROXY, "山田 太郎"),
                doc(DocType.FARMLAND_CERT, "山田 太郎"),
            ),
        ),
        (YAMADA,),
        FARM,
        id="agent-farmland",
    ),
    pytest.param(FUNDED, (YAMADA, SUZUKI), PROPERTY, id="funded"),
    pytest.param(
        BID, (YAMADA,), replace(PROPERTY, creditor_offer=14_000_000), id="above-creditor-offer"
    ),
]


@pytest.mark.parametrize(("bid", "bidders", "prop"), CLEAN_BIDS)
def test_clean_complete_bid_has_no_findings(
    bid: Bid, bidders: tuple[Bidder, ...], prop: Property
) -> None:
    case = Case(bid=bid, bidders=bidders, prop=prop)
    assert case.findings() == []


@pytest.mark.parametrize(("bid", "bidders", "prop"), CLEAN_BIDS)
def test_clean_bid_has_no_error_on_any_day_before_submission(
    bid: Bid, bidders: tuple[Bidder, ...], prop: Property
) -> None:
    for offset in range(0, 37, 3):
        today = D(2026, 11, 1) + timedelta(days=offset)
        p = portfolio(as_known_on(bid, today), properties=(prop,), bidders=bidders)
        errors = [f for f in run_checks(p, today=today) if f.severity is Severity.ERROR]
        assert errors == [], today


def as_known_on(bid: Bid, today: date) -> Bid:
    """The bid as it was recorded on ``today``: a transfer made later is not there yet, a
    certificate issued later is still being requested."""
    transfer = bid.transfer
    if transfer is not None and transfer.date is not None and transfer.date > today:
        transfer = None
    documents = tuple(
        replace(d, issued=None, status=DocStatus.REQUESTED)
        if d.issued is not None and d.issued > today
        else d
        for d in bid.documents
    )
    return replace(bid, transfer=transfer, documents=documents)


# --- closed bids ---------------------------------------------------------------------


def test_closed_bid_skips_preparation_checks() -> None:
    bad = replace(BID, amount=1, documents=(), transfer=None)
    withdrawn = Case(prop=WITHDRAWN, bid=bad).findings()
    assert [f.code for f in withdrawn] == ["PROPERTY_WITHDRAWN"]
    lost = Case(
        bid=replace(bad, outcome=Outcome(result=OutcomeResult.LOST, refund_date=OPENING)),
        today=OPENING,
    )
    assert lost.findings() == []


def test_withdrawn_message_depends_on_payment() -> None:
    paid = Case(prop=WITHDRAWN).findings()[0].message
    unpaid = Case(prop=WITHDRAWN, bid=replace(BID, transfer=None)).findings()[0].message
    assert "返還" in paid and "入札書を出す必要はありません" in unpaid


# --- details -------------------------------------------------------------------------


def test_due_dates_relate_to_the_deadline() -> None:
    [late] = [
        f for f in Case(bid=transfer(date=D(2026, 12, 10))).findings() if f.code == "TRANSFER_LATE"
    ]
    assert late.due == D(2026, 12, 7)  # the hand-in day bounds the transfer (規則48条)
    [missing] = Case(bid=residence(status=DocStatus.REQUESTED)).findings()
    assert missing.due == D(2026, 12, 9) and missing.bid == "x1" and missing.property == "p1"
    [expired] = Case(bid=residence(issued=D(2026, 9, 6))).findings()
    assert expired.due == D(2026, 12, 6)
    assert "令和8年12月6日(日)" in expired.message


def test_name_findings_explain_the_difference() -> None:
    [finding] = Case(
        bid=replace_doc(COMPANY_BID, DocType.REGISTRY, name="㈱ヤマダ商事"), bidders=(COMPANY,)
    ).findings()
    assert "株式会社" in finding.message and "略記" in finding.message
    [variant] = Case(bid=residence(name="山田　太郎")).findings()
    assert variant.code == "NAME_VARIANT" and "空白" in variant.message


def test_joint_payer_hint_names_the_representative() -> None:
    case = Case(
        bid=replace(JOINT, transfer=replace(BASE_TRANSFER, payer_name="鈴木 花子", payer_kana=""))
    )
    [finding] = [f for f in case.findings() if f.code == "PAYER_NAME_MISMATCH"]
    assert "代表者" in finding.message


def test_officer_message_names_the_missing_field() -> None:
    [finding] = Case(bid=COMPANY_BID, bidders=(COMPANY_NO_BIRTH,)).findings()
    assert "山田 一郎" in finding.message and "生年月日" in finding.message


def test_errors_come_first_then_by_bid() -> None:
    second = replace(residence(status=DocStatus.REQUESTED), id="x9")
    first = replace(BID, id="x0", amount=1)
    findings = run_checks(portfolio(first, second), today=TODAY)
    ranks = [f.severity.rank for f in findings]
    assert ranks == sorted(ranks)
    assert findings[0].code == "BID_BELOW_MINIMUM" and findings[0].bid == "x0"
    assert findings[-1].bid == "x9"


def test_check_bid_matches_run_checks_for_that_bid() -> None:
    bid = replace(BID, amount=1, documents=())
    p = portfolio(bid)
    assert check_bid(p, bid, today=TODAY) == [
        f for f in run_checks(p, today=TODAY) if f.bid == "x1"
    ]


def test_findings_to_json_shape() -> None:
    findings = Case(bid=transfer(channel=Channel.ATM)).findings()
    data = findings_to_json(findings)
    assert list(data) == ["findings"]
    [item] = data["findings"]
    assert item == {
        "code": "DEPOSIT_CHANNEL",
        "severity": "error",
        "bid": "x1",
        "property": "p1",
        "message": findings[0].message,
        "due": "2026-12-07",
        "title": "ATM・インターネットバンキングでの振込",
        "source": RULES[Code.DEPOSIT_CHANNEL].source,
    }


def test_counts_and_labels() -> None:
    findings = Case(bid=replace(BID, amount=1, documents=())).findings()
    tally = counts(findings)
    assert tally[Severity.ERROR] == 1 and tally[Severity.WARNING] == 4 and tally[Severity.INFO] == 0
    assert counts_text(tally) == "重大 1件・注意 4件・情報 0件"
    assert [s.label for s in Severity] == ["重大", "注意", "情報"]


def test_transfer_proof_is_not_an_error_before_the_last_transfer_day() -> None:
    planned = replace_doc(
        replace(transfer(date=D(2026, 12, 4)), planned_submission=D(2026, 12, 9)),
        DocType.TRANSFER_PROOF,
        status=DocStatus.MISSING,
    )
    for day in (4, 7, 9):
        [finding] = Case(bid=planned, today=D(2026, 12, day)).findings()
        assert (finding.code, finding.severity) == ("DOC_MISSING", W)
    late = {(f.code, f.severity) for f in Case(bid=planned, today=D(2026, 12, 10)).findings()}
    assert ("DOC_MISSING", E) in late


@pytest.mark.parametrize(
    ("bid", "prop", "since"),
    [
        (LOST, PROPERTY, "開札期日令和8年12月16日"),
        (BID, WITHDRAWN, "開札予定日令和8年12月16日"),
        (
            replace(
                BID, outcome=Outcome(result=OutcomeResult.WITHDRAWN, withdrawn_date=D(2026, 12, 5))
            ),
            PROPERTY,
            "取下げ日令和8年12月5日",
        ),
    ],
)
def test_refund_message_names_the_reference_day(bid: Bid, prop: Property, since: str) -> None:
    findings = Case(bid=bid, prop=prop, today=D(2027, 2, 1)).findings()
    [refund] = [f for f in findings if f.code == "REFUND_OVERDUE"]
    assert since in refund.message and refund.severity is E


def test_shortfall_names_the_date_and_the_amount() -> None:
    # 3,000,000 cash − 2,468,000 deposit − 12,532,000 balance = −12,000,000.
    findings = Case(settings=Settings(cash_on_hand=3_000_000)).findings()
    [shortfall] = [f for f in findings if f.code == "FUNDS_SHORTFALL"]
    assert shortfall.bid is None and shortfall.due is not None
    assert "12,000,000円不足" in shortfall.message
    assert findings[0] == shortfall  # portfolio-wide errors come before the bids' errors


def test_a_second_bidders_deposit_is_counted_from_the_winners_payment_deadline() -> None:
    [finding] = [
        f for f in Case(bid=SECOND, today=D(2027, 2, 15)).findings() if f.code == "REFUND_OVERDUE"
    ]
    assert finding.message.startswith("最高価買受申出人の代金納付期限令和9年1月29日(金)から17日")
    assert finding.due == D(2027, 2, 15)


def test_a_cash_flow_already_computed_is_used_not_computed_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from biddesk.domain.funds.cashflow import Scenario, compute_cashflow
    from biddesk.domain.rules import checks

    case = Case(settings=Settings(cash_on_hand=3_000_000))
    all_win = compute_cashflow(case.portfolio(), scenario=Scenario.ALL, today=case.today)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("computed twice")

    monkeypatch.setattr(checks, "compute_cashflow", refuse)
    findings = run_checks(case.portfolio(), today=case.today, all_win=all_win)
    assert [f.code for f in findings].count(Code.FUNDS_SHORTFALL) == 1


# --- progress and cancel (domain.progress) -------------------------------------------------


def test_run_checks_reports_each_bid_and_stops_when_cancelled() -> None:
    from biddesk.domain.progress import Cancelled

    bids = tuple(replace(BID, id=f"b{n}") for n in range(5))
    whole = portfolio(*bids)
    steps: list[tuple[int, int]] = []
    run_checks(whole, today=TODAY, progress=lambda done, total: steps.append((done, total)))
    assert steps == [(n, 6) for n in range(7)]  # the cash flow, then each of the 5 bids

    seen: list[int] = []

    def cancel_at_two(done: int, total: int) -> None:
        seen.append(done)
        if done == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        run_checks(whole, today=TODAY, progress=cancel_at_two)
    assert seen == [0, 1, 2]  # no bid after the cancel is checked
