"""The 入札上限 and the 3点セット risk sheet on a bid's 入札準備シート (issue 17 item 3).

The figures are the domain's (``property_bid_limit``, ``risk_rows``): the same rows the
window's 3点セット tab and the workbook's 入札上限・3点セット sheet show.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from biddesk.domain.funds.bidlimit import property_bid_limit
from biddesk.domain.models import Bid, Property
from biddesk.domain.paperwork.risks import has_entries, risk_rows
from biddesk.forms.pdf import data_table, para, shorten, styles, yen

EFFECT_LIMIT = 200


def limit_verdict(prop: Property, bid: Bid) -> str:
    """One sentence on the property's 入札上限 and the bid ("" when none is entered)."""
    if prop.bid_limit is None:
        return ""
    limit = property_bid_limit(prop)
    if limit is None:
        return "入札上限: 入力が足りないか誤っているため計算できません。"
    text = (
        f"入札上限 {yen(limit.limit)}(評価額 {yen(limit.value)}、手取り {yen(limit.net)}、"
        f"諸費用 {yen(limit.costs)}、目標利益 {yen(limit.profit)})"
    )
    if limit.valid is False:
        text += "。上限が買受可能価額に届きません"
    if bid.amount is not None:
        if bid.amount > limit.limit:
            text += f"。入札額が上限を{yen(bid.amount - limit.limit)}超えています"
        else:
            text += "。入札額は上限以内です"
    return text + "。"


def limit_and_risks(prop: Property | None, bid: Bid, width: float) -> list[Flowable]:
    """The sheet's section: the limit in one sentence and the entered risk sheet as a
    table (項目・記載・影響); nothing when neither is entered."""
    if prop is None or (prop.bid_limit is None and not has_entries(prop.risks)):
        return []
    s = styles()
    content: list[Flowable] = [para("入札上限・3点セット", s.subheading)]
    verdict = limit_verdict(prop, bid)
    if verdict:
        content.append(para(verdict, s.body))
    if has_entries(prop.risks):
        rows = [
            [row.item, row.entered, shorten(row.effect or "－", EFFECT_LIMIT)]
            for row in risk_rows(prop.risks, prop)
        ]
        content.append(
            data_table(["項目", "記載", "影響"], rows, [30 * mm, 50 * mm, width - 80 * mm])
        )
    return content
