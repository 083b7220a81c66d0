"""Outcomes from results: what a 売却結果 says about each own bid it concerns.

contracts.md (`results --json`): own amount = 売却価額 → won; below → lost (top_bid =
売却価額, with the 次順位 verdict of 民執法67条 in the reason); 取下・取消 → withdrawn; 不売
while an own valid bid exists → a warning, no proposal. The user confirms the proposals;
they are recorded as ordinary edits (``domain.edits.operations.put_bid``, undoable), and the
refund tracking and the cash flow follow from the recorded outcomes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from biddesk.domain.edits.change import Change
from biddesk.domain.edits.operations import put_bid, put_property
from biddesk.domain.figures import check_bid, figures_of, second_bid_eligibility
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.models import (
    Bid,
    Outcome,
    OutcomeResult,
    Portfolio,
    Property,
    PropertyStatus,
)
from biddesk.domain.money import format_yen


@dataclass(frozen=True, kw_only=True)
class Proposal:
    """The outcome a result proposes for one own bid, and why (one Japanese sentence)."""

    bid: Bid
    prop: Property
    sale: SaleResult
    result: OutcomeResult
    top_bid: int | None
    reason: str

    @property
    def outcome(self) -> Outcome:
        return Outcome(result=self.result, top_bid=self.top_bid)


@dataclass(frozen=True, kw_only=True)
class Proposals:
    proposals: tuple[Proposal, ...]
    warnings: tuple[str, ...]


def concerns(sale: SaleResult, prop: Property) -> bool:
    """Whether ``sale`` is the opening of ``prop``: same court, 事件番号 and 物件番号, and
    the same 開札期日 when the property records one (a later re-sale is another opening)."""
    return (
        sale.court == prop.court
        and sale.case_number == prop.case_number
        and set(sale.property_numbers) == set(prop.property_numbers)
        and (prop.opening_date is None or prop.opening_date == sale.opening_date)
    )


def propose_outcomes(portfolio: Portfolio, results: Iterable[SaleResult]) -> Proposals:
    """A proposal or a warning for every own bid that a result concerns."""
    by_case: dict[str, list[Property]] = {}
    for prop in portfolio.properties:
        if prop.case_number is not None:
            by_case.setdefault(prop.case_number, []).append(prop)
    bids_of: dict[str, list[Bid]] = {}
    for bid in portfolio.bids:
        bids_of.setdefault(bid.property, []).append(bid)
    proposals: list[Proposal] = []
    warnings: list[str] = []
    for sale in results:
        for prop in by_case.get(sale.case_number, ()):
            if not concerns(sale, prop):
                continue
            for bid in bids_of.get(prop.id, ()):
                proposal, warning = _propose(sale, prop, bid)
                where = f"{prop.title}(入札{bid.id}): "
                if warning is not None:
                    warnings.append(where + warning)
                if proposal is None:
                    continue
                if bid.outcome is not None:
                    if bid.outcome.result is not proposal.result:
                        warnings.append(
                            where + f"すでに「{bid.outcome.result.label}」が記録されているため、"
                            f"「{proposal.result.label}」は提案しません。"
                        )
                    continue
                proposals.append(proposal)
    return Proposals(proposals=tuple(proposals), warnings=tuple(warnings))


def _propose(sale: SaleResult, prop: Property, bid: Bid) -> tuple[Proposal | None, str | None]:
    def proposal(result: OutcomeResult, top_bid: int | None, reason: str) -> Proposal:
        return Proposal(
            bid=bid, prop=prop, sale=sale, result=result, top_bid=top_bid, reason=reason
        )

    if not sale.result.opened:
        return proposal(
            OutcomeResult.WITHDRAWN,
            None,
            f"開札結果が{sale.result.label}のため、売却は行われず保証金は返還されます。",
        ), None
    if bid.amount is None:
        return None, "入札額が未入力のため、結果を判定できません。"
    figures = figures_of(prop)
    check = check_bid(
        bid.amount, base_price=figures.base_price, minimum=figures.minimum_bid, deposit=None
    )
    if not check.valid:
        return proposal(
            OutcomeResult.INVALID,
            sale.sale_price,
            f"入札額{format_yen(bid.amount)}が買受可能価額{format_yen(figures.minimum_bid)}"
            "未満のため、入札は無効です(民執法60条3項)。",
        ), None
    if sale.result is SaleOutcome.UNSOLD or sale.sale_price is None:
        return None, (
            "有効な入札をしたのに開札結果が不売になっています。入札が無効とされた可能性が"
            "あるため、裁判所(執行官室)に確認してください。"
        )
    top = sale.sale_price
    if bid.amount == top:
        return proposal(
            OutcomeResult.WON,
            top,
            f"入札額が売却価額{format_yen(top)}と同額のため、最高価買受申出人です"
            "(同額の入札が他にあれば追加入札・くじで決まります。民執規則42条)。",
        ), None
    if bid.amount > top:
        return None, (
            f"入札額{format_yen(bid.amount)}が売却価額{format_yen(top)}を上回っています。"
            "入札が無効とされた可能性があるため、裁判所(執行官室)に確認してください。"
        )
    second = second_bid_eligibility(
        bid.amount, minimum=figures.minimum_bid, top_bid=top, deposit=figures.deposit
    )
    return proposal(
        OutcomeResult.LOST,
        top,
        f"売却価額(最高価){format_yen(top)}を下回ったため落札できませんでした。{second.reason}",
    ), None


_CALLED_OFF = {
    SaleOutcome.WITHDRAWN: PropertyStatus.WITHDRAWN,
    SaleOutcome.CANCELLED: PropertyStatus.CANCELLED,
}


def record_proposals(proposals: Iterable[Proposal]) -> Change:
    """The confirmed proposals as one edit (one transaction, one undo step): each bid with
    its outcome, through the ordinary ``put_bid`` operation; a sale the court called off
    (取下・取消) also marks its property so, through ``put_property``: the deposit then comes
    back without asking (domain.schedule.aftersale.refund_schedule), not as an own
    withdrawal."""
    changes = []
    marked: dict[str, Property] = {}
    for p in proposals:
        changes.append(put_bid(replace(p.bid, outcome=p.outcome)))
        status = _CALLED_OFF.get(p.sale.result)
        if status is not None and p.prop.status is not status:
            marked[p.prop.id] = replace(p.prop, status=status)
    changes += [put_property(prop) for prop in marked.values()]
    return Change(
        put_bids=tuple(bid for change in changes for bid in change.put_bids),
        put_properties=tuple(prop for change in changes for prop in change.put_properties),
    )
