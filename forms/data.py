"""What every export shows, computed once from the portfolio and ``today``.

The workbook, the PDF report and the form sheets read the same figures, findings,
checklists and deadlines from here, so a document can never disagree with another.
Lookups are by dict: a portfolio may hold 10,000 bids.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from biddesk.domain.figures import (
    BidCheck,
    PropertyFigures,
    check_bid,
    deposit_credited,
    figures_of,
)
from biddesk.domain.funds.cashflow import CashflowResult, Scenario, compute_cashflow
from biddesk.domain.funds.refunds import RefundStatus, refund_statuses
from biddesk.domain.models import Bid, Bidder, Document, Portfolio, Property, Submission
from biddesk.domain.paperwork.documents import Requirement, checklist, others_named
from biddesk.domain.rules.checks import run_checks
from biddesk.domain.rules.registry import Finding, Severity, counts
from biddesk.domain.schedule.deadlines import (
    Deadline,
    SubmissionDates,
    bid_dates,
    bid_deadlines,
    is_open,
)


@dataclass(frozen=True, kw_only=True)
class BidView:
    """One bid with everything looked up: its property, bidder and figures."""

    bid: Bid
    prop: Property | None
    bidder: Bidder | None
    joint: tuple[Bidder, ...]
    figures: PropertyFigures | None
    check: BidCheck | None
    dates: SubmissionDates | None
    open: bool

    @property
    def case_number(self) -> str:
        return (self.prop.case_number if self.prop is not None else None) or ""

    @property
    def property_numbers(self) -> str:
        return ",".join(self.prop.property_numbers) if self.prop is not None else ""

    @property
    def bidder_name(self) -> str:
        if self.bidder is not None:
            return self.bidder.name
        return "(未登録の入札人)" if self.bid.bidder else ""  # never the file's id

    @property
    def deposit(self) -> int | None:
        return self.figures.deposit if self.figures is not None else None

    @property
    def minimum(self) -> int | None:
        return self.figures.minimum_bid if self.figures is not None else None

    @property
    def balance_due(self) -> int | None:
        return self.check.balance_due if self.check is not None else None

    @property
    def submission_deadline(self) -> date | None:
        if self.dates is None:
            return None
        return self.dates.submission_deadline(self.bid.submission)


@dataclass(kw_only=True)
class ExportData:
    """The portfolio prepared for output; heavy parts are computed on first use."""

    portfolio: Portfolio
    today: date
    name: str = ""
    _views: dict[str, BidView] = field(default_factory=dict, repr=False)
    _dates_by_key: dict[tuple[date, Submission, date | None], SubmissionDates | None] = field(
        default_factory=dict, repr=False
    )

    @cached_property
    def properties(self) -> dict[str, Property]:
        # reversed: the first of duplicate ids wins, as Portfolio.property_by_id does
        return {p.id: p for p in reversed(self.portfolio.properties)}

    @cached_property
    def bidders(self) -> dict[str, Bidder]:
        return {b.id: b for b in reversed(self.portfolio.bidders)}

    @cached_property
    def property_figures(self) -> dict[str, PropertyFigures]:
        # the first of duplicate ids wins, as in ``properties``
        return {pid: figures_of(p) for pid, p in self.properties.items()}

    @cached_property
    def bids_per_property(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for bid in self.portfolio.bids:
            counts[bid.property] += 1
        return dict(counts)

    def _dates(self, bid: Bid, prop: Property | None) -> SubmissionDates | None:
        """The bid's dates: the transfer bounded by its envelope (deadlines.bid_dates)."""
        if prop is None or prop.bid_period_end is None:
            return None
        # They depend only on the period's end and the envelope: many bids share them.
        key = (prop.bid_period_end, bid.submission, bid.planned_submission)
        found = self._dates_by_key.get(key)
        if found is None:
            found = bid_dates(bid, prop, self.portfolio.settings)
            self._dates_by_key[key] = found
        return found

    def view(self, bid: Bid) -> BidView:
        cached = self._views.get(bid.id)
        if cached is not None and cached.bid is bid:
            return cached
        prop = self.properties.get(bid.property)
        figures = self.property_figures.get(prop.id) if prop is not None else None
        check = None
        if bid.amount is not None:
            check = check_bid(
                bid.amount,
                base_price=prop.base_price if prop is not None else None,
                minimum=figures.minimum_bid if figures is not None else None,
                deposit=deposit_credited(
                    bid.method, figures.deposit if figures is not None else None
                ),
            )
        joint = tuple(
            found
            for joint_id in bid.joint_bidders
            if joint_id != bid.bidder and (found := self.bidders.get(joint_id)) is not None
        )
        result = BidView(
            bid=bid,
            prop=prop,
            bidder=self.bidders.get(bid.bidder),
            joint=joint,
            figures=figures,
            check=check,
            dates=self._dates(bid, prop),
            open=is_open(bid, prop),
        )
        self._views[bid.id] = result
        return result

    @cached_property
    def views(self) -> list[BidView]:
        return [self.view(bid) for bid in self.portfolio.bids]

    @cached_property
    def _views_by_id(self) -> dict[str, BidView]:
        return {v.bid.id: v for v in reversed(self.views)}

    def view_by_id(self, bid_id: str | None) -> BidView | None:
        return self._views_by_id.get(bid_id) if bid_id is not None else None

    @cached_property
    def open_views(self) -> list[BidView]:
        return [v for v in self.views if v.open]

    @cached_property
    def findings(self) -> list[Finding]:
        return run_checks(self.portfolio, today=self.today, all_win=self.cashflow)

    @cached_property
    def findings_by_bid(self) -> dict[str | None, list[Finding]]:
        grouped: dict[str | None, list[Finding]] = defaultdict(list)
        for finding in self.findings:
            grouped[finding.bid].append(finding)
        return dict(grouped)

    def finding_counts(self, bid_id: str) -> dict[Severity, int]:
        return counts(self.findings_by_bid.get(bid_id, ()))

    def checklist(self, view: BidView) -> list[tuple[Requirement, Document | None]]:
        return checklist(view.bid, view.bidder, view.prop, others_named(view.bid, self.bidders))

    def deadlines(self, view: BidView) -> list[Deadline]:
        """The bid's dated steps (past ones included), by date."""
        found = bid_deadlines(view.bid, view.prop, self.portfolio.settings, today=self.today)
        return sorted(found, key=lambda d: d.date)

    def next_deadline(self, view: BidView) -> Deadline | None:
        return next((d for d in self.deadlines(view) if d.date >= self.today), None)

    @cached_property
    def cashflow(self) -> CashflowResult:
        """The all-win scenario: the funding plan must survive winning everything
        (domain-rules.md, Funding capacity)."""
        return compute_cashflow(self.portfolio, scenario=Scenario.ALL, today=self.today)

    @cached_property
    def refunds(self) -> list[RefundStatus]:
        """Every deposit paid, the ones still out (most urgent) first."""
        return refund_statuses(self.portfolio, today=self.today)
