"""The texts above and below the 書類チェック table: how many papers are ready and by when,
and the notes on joint bidders, each person's 陳述書, the agent and the loan.

Pure functions of the bid and what the document holds (rich text for QLabel).
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from biddesk.domain.dates import format_wareki
from biddesk.domain.models import Bid, Bidder, BidderKind, Document, Property, Settings, Submission
from biddesk.domain.money import format_yen
from biddesk.domain.paperwork.documents import is_done, others_named, statement_people
from biddesk.domain.rules import checks
from biddesk.domain.schedule.deadlines import submission_dates
from biddesk.domain.schedule.labels import LAST_IN_PERSON, MAIL_SEND_BY
from biddesk.gui import palette
from biddesk.gui.views.checklist_cells import BAD, CAUTION, GOOD


def summary_html(
    documents: Sequence[Document | None],
    bid: Bid,
    prop: Property | None,
    settings: Settings,
    errors: int = 0,
) -> str:
    """必要書類 N件のうち M件 in hand, the planned day and the last day to send or bring it;
    green only when all are and no error stands (a green そろっています above a 重大 finding
    read as "ready")."""
    done = sum(1 for document in documents if is_done(document))
    total = len(documents)
    if errors:
        text = f"必要書類{total}件のうち{done}件が手元にあります。重大な指摘が{errors}件あります。"
        role = BAD
    else:
        text = f"必要書類{total}件のうち{done}件がそろっています。"
        role = GOOD if done == total else CAUTION
    parts = [palette.span(role, text, bold=True)]
    if bid.planned_submission is not None:
        verb = "発送予定日" if bid.submission is Submission.MAIL else "提出予定日"
        parts.append(f"{verb} {format_wareki(bid.planned_submission)}")
    dates = submission_dates(prop, settings)
    if dates is not None:
        if bid.submission is Submission.MAIL:
            parts.append(f"{MAIL_SEND_BY.name} {format_wareki(dates.mail_send_by)}")
        else:
            parts.append(f"{LAST_IN_PERSON.name} {format_wareki(dates.last_in_person)}")
    return "　".join(parts)


def notes_html(
    bid: Bid, bidder: Bidder | None, joint: Sequence[Bidder], bidders: Mapping[str, Bidder]
) -> str:
    """The notes below the table, one bullet each ("" when there is nothing to say)."""
    lines: list[str] = []
    if bid.joint_bidders:
        names = "、".join(b.name for b in joint) or "、".join(
            key for key in bid.joint_bidders if key != bid.bidder
        )
        leader = bidder.name if bidder is not None else bid.bidder
        lines.append(
            f"共同入札: 代表者 {html.escape(leader)}、共同入札人 {html.escape(names)}。"
            "陳述書と住民票(法人は登記事項証明書)は各人の分が必要です。"
        )
    others = others_named(bid, bidders)
    lines += [
        line
        for person, role in statement_people(bid, bidder, others)
        if (line := statement_html(person, role))
    ]
    if bid.agent is not None:
        agent = bid.agent
        relation = f"({html.escape(agent.relation)})" if agent.relation else ""
        lines.append(
            f"代理人 {html.escape(agent.name)}{relation}が提出します。"
            "委任状のほか、代理人の本人確認書類を用意してください。"
        )
    if bid.loan is not None:
        loan = bid.loan
        when = (
            f"、{format_wareki(loan.expected_date)}予定" if loan.expected_date is not None else ""
        )
        lines.append(
            f"融資: {html.escape(loan.lender)} {format_yen(loan.amount)}{when}。"
            "落札したら代金納付までに民執法82条2項の申出書を提出します。"
        )
    return "<br>".join(f"• {line}" for line in lines)


def statement_html(person: Bidder, role: str) -> str:
    """What STATEMENT_INCOMPLETE says of ``person``'s 陳述書 (``checks.statement_gaps``,
    民執規則31条の2); a complete corporation lists the officers of its 別紙."""
    head = f"{role}{html.escape(person.name or person.id)}の陳述書: "
    gaps = checks.statement_gaps(person)
    if gaps:
        said = "。".join(gaps)  # palette.span escapes
        return head + palette.span(BAD, f"{said}。入札者画面で入力してください。")
    if person.kind is not BidderKind.CORPORATION:
        return ""
    names = "、".join(o.name for o in person.officers)  # palette.span escapes
    count = len(person.officers)
    return head + palette.span(GOOD, f"別紙の役員{count}名({names})すべて入力済みです。")
