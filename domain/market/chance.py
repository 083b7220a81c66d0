"""The chance of winning: the share of comparable results a bid would have won.

contracts.md ("`quote --market` and the chance of winning"): comparable results are those
of the same court and kind; if fewer than 20, of the same court; if fewer than 20, all.
A sold result counts when 売却価額 ÷ 売却基準価額 ≤ bid ÷ base (exact fractions); a 不売
result always counts (no valid bid was made, so any valid bid would have won).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.market.statistics import rounded_percent

MINIMUM_COMPARABLES = 20
"""Fewer comparables than this in a group and the next wider group is used."""


class Group(StrEnum):
    """Which results were compared (the `group` of `quote --market`)."""

    COURT_KIND = "court_kind"
    COURT = "court"
    ALL = "all"

    @property
    def label(self) -> str:
        return {"court_kind": "同じ裁判所・種別", "court": "同じ裁判所", "all": "すべての結果"}[
            self.value
        ]


@dataclass(frozen=True, kw_only=True)
class Chance:
    """The chance of a bid: the group used, its number of comparables, the share won
    (None without comparables or without a bid)."""

    group: Group
    comparables: int
    share: Fraction | None


def is_comparable(result: SaleResult) -> bool:
    """A 不売, or a 売却 whose ratio is known (取下・取消 had no opening)."""
    return result.result is SaleOutcome.UNSOLD or result.ratio is not None


def would_have_won(result: SaleResult, bid: int, base: int) -> bool:
    """Whether a bid of ``bid`` on a base of ``base`` would have won ``result``."""
    if result.result is SaleOutcome.UNSOLD:
        return True
    ratio = result.ratio
    return ratio is not None and ratio <= Fraction(bid, base)


def choose_group(court_kind: int, court: int) -> Group:
    """The narrowest group with at least MINIMUM_COMPARABLES comparables."""
    if court_kind >= MINIMUM_COMPARABLES:
        return Group.COURT_KIND
    if court >= MINIMUM_COMPARABLES:
        return Group.COURT
    return Group.ALL


def in_group(result: SaleResult, group: Group, court: str | None, kind: str | None) -> bool:
    if group is Group.ALL:
        return True
    if result.court != court:
        return False
    return group is Group.COURT or result.kind == kind


def win_chance(
    results: Iterable[SaleResult],
    *,
    court: str | None,
    kind: str | None,
    bid: int | None,
    base: int,
) -> Chance:
    """The chance of ``bid`` on a property of ``court``/``kind`` with base ``base`` (the
    rule; the store's indexed query must agree)."""
    comparables = [r for r in results if is_comparable(r)]
    same_court = [r for r in comparables if r.court == court]
    same_kind = [r for r in same_court if r.kind == kind]
    group = choose_group(len(same_kind), len(same_court))
    chosen = {Group.COURT_KIND: same_kind, Group.COURT: same_court, Group.ALL: comparables}[group]
    if bid is None or not chosen:
        return Chance(group=group, comparables=len(chosen), share=None)
    won = sum(would_have_won(r, bid, base) for r in chosen)
    return Chance(group=group, comparables=len(chosen), share=Fraction(won, len(chosen)))


def chance_sentence(chance: Chance) -> str:
    """The chance in one sentence for the window and the command line."""
    if chance.comparables == 0:
        return "落札の見込み: 比べられる売却結果がまだありません(売却結果を取り込んでください)。"
    if chance.share is None:
        return (
            f"落札の見込み: 入札額を入れると{chance.group.label}の売却結果"
            f"{chance.comparables}件と比べます。"
        )
    return (
        f"落札の見込み: {rounded_percent(chance.share)}"
        f"({chance.group.label}の売却結果{chance.comparables}件のうち、この入札額なら"
        f"落札できた割合)"
    )
