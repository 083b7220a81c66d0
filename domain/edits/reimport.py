"""Importing into a portfolio that may already hold the same things: update, never copy.

contracts.md (Interchange JSON): "Re-importing a property already in the portfolio (same
court, case number and 物件番号) updates it and says what changed (status, prices, dates);
it never adds a second copy." The same key joins two entries of one import (a BIT物件カード
and the 期間入札公告 of the same case pasted together). For interchange JSON (a ``dump``
imported into a portfolio that has the same contents):

- properties are merged by that key (the incoming values update the stored property,
  fields the incoming entry does not have are kept);
- a bidder is the same when its kind and name are the same: the stored bidder is kept as
  it is and the incoming bids refer to it;
- a bid is the same when it is on the same property by the same bidder: the stored bid is
  kept as it is and the incoming one is not added (a 入札書 once handed in is neither
  changed, withdrawn nor exchanged: 民執規則49条→38条, the courts' 入札手続案内);
- everything else is added with fresh ids.

Matching bidders and bids is against what was there before the file (a dump that holds two
bidders of one name keeps both). The plan is one ``Change`` (one transaction, one undo step:
the updated properties get their old values back).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from biddesk.domain.dates import format_wareki
from biddesk.domain.edits.change import Change
from biddesk.domain.figures import minimum_bid
from biddesk.domain.models import Bid, Bidder, Portfolio, Property, Settings
from biddesk.domain.money import format_yen
from biddesk.domain.rules.registry import Code

PropertyKey = tuple[str, str, tuple[str, ...]]
NewId = Callable[[str], str]

MISSING = "未記載"


def property_key(prop: Property) -> PropertyKey | None:
    """court, 事件番号, 物件番号: the one identity of a sale unit across announcements
    (contracts.md). None when the 事件番号 is unknown: such an entry matches nothing."""
    if not prop.case_number:
        return None
    return (prop.court or "", prop.case_number, prop.property_numbers)


def same_sale_round(stored: Property, incoming: Property) -> bool:
    """Whether two entries of one sale unit are the same 期間入札 (one round of sale).

    After a 不売 or a buyer who did not pay (民執法80条1項), the court sells the same
    物件 again in a new 期間入札 under the same 事件番号 (民執規則46条: a new 売却実施 with
    its own 入札期間 and 開札期日). When one entry's 入札期間 begins after the other's
    開札期日 they are different rounds: a property each, so the earlier round's bids and
    outcomes keep their dates (either may be imported first). Anything else (a date moved
    before the opening, a changed 基準, 取下げ) is the same round, updated. Unknown dates:
    the same round."""

    def later(first: Property, second: Property) -> bool:
        opened = first.opening_date
        begins = second.bid_period_start or second.bid_period_end
        return opened is not None and begins is not None and begins > opened

    return not later(stored, incoming) and not later(incoming, stored)


class Verdict(StrEnum):
    """What an incoming property does to the portfolio (the paste preview's 取り込み column)."""

    NEW = "新規"
    UPDATE = "更新"
    SAME = "変更なし"


@dataclass(frozen=True, kw_only=True)
class FieldChange:
    """One field of a stored property that an import changes, in the window's words."""

    label: str
    before: str
    after: str

    def __str__(self) -> str:
        return f"{self.label} {self.before}→{self.after}"


def _yen(value: int | None) -> str:
    return format_yen(value, missing=MISSING)


def _day(value: date | None) -> str:
    return format_wareki(value, missing=MISSING)


def _text(value: str | None) -> str:
    return value or MISSING


def _deposit(prop: Property) -> str:
    return _yen(prop.deposit) + (
        "(推定)" if prop.deposit is not None and prop.deposit_estimated else ""
    )


# (label, shown value) of every field an import may change, in the property tab's order.
_SHOWN: tuple[tuple[str, Callable[[Property], str]], ...] = (
    ("状態", lambda p: p.status.label),
    ("種別", lambda p: _text(p.kind)),
    ("農地", lambda p: "あり" if p.farmland else "なし"),
    ("所在地", lambda p: _text(p.address)),
    ("売却基準価額", lambda p: _yen(p.base_price)),
    ("買受可能価額", lambda p: _yen(p.minimum_bid)),
    ("買受申出保証額", _deposit),
    ("63条申出額", lambda p: _yen(p.creditor_offer)),
    ("閲覧開始日", lambda p: _day(p.viewing_start)),
    ("入札期間(始)", lambda p: _day(p.bid_period_start)),
    ("入札期間(終)", lambda p: _day(p.bid_period_end)),
    ("開札期日", lambda p: _day(p.opening_date)),
    ("売却決定期日", lambda p: _day(p.sale_decision_date)),
    ("特別売却期間(始)", lambda p: _day(p.special_sale_start)),
    ("特別売却期間(終)", lambda p: _day(p.special_sale_end)),
)


def property_changes(before: Property, after: Property) -> tuple[FieldChange, ...]:
    """What differs between a stored property and its update, field by field."""
    changes = []
    for label, shown in _SHOWN:
        old, new = shown(before), shown(after)
        if old != new:
            changes.append(FieldChange(label=label, before=old, after=new))
    return tuple(changes)


_DATE_FIELDS = (
    "viewing_start",
    "bid_period_start",
    "bid_period_end",
    "opening_date",
    "sale_decision_date",
    "special_sale_start",
    "special_sale_end",
)


def merged_property(stored: Property, incoming: Property) -> Property:
    """``stored`` updated by a newer announcement of the same sale unit (contracts.md:
    re-import updates). What the incoming entry states wins — its 状態 always (a BIT
    中止情報 card says 取下げ), its prices and dates when it has them; what it does not state
    is kept (a 公告 row has no 所在地 the card gave). Figures stay coherent: an announced
    保証額 is not replaced by the 2/10 estimate of an entry that only repeats the same
    売却基準価額, nor an announced 買受可能価額 by its 8/10 (domain-rules.md: announced figures
    beat computed ones). The user's own
    note (else the incoming one) and the stored id stay."""
    values: dict[str, object] = {"status": incoming.status}
    for name in ("kind", "address", "creditor_offer", *_DATE_FIELDS):
        new = getattr(incoming, name)
        values[name] = new if new is not None else getattr(stored, name)
    values["farmland"] = stored.farmland or incoming.farmland
    values["note"] = stored.note or incoming.note
    if incoming.base_price is not None:
        values["base_price"] = incoming.base_price
        same_base = stored.base_price == incoming.base_price
        # A minimum of exactly 8/10 may be the reader's computation, not the court's figure.
        computed = incoming.minimum_bid == minimum_bid(incoming.base_price)
        keep_minimum = same_base and computed and stored.minimum_bid is not None
        values["minimum_bid"] = stored.minimum_bid if keep_minimum else incoming.minimum_bid
        keep_announced = (
            incoming.deposit_estimated
            and not stored.deposit_estimated
            and stored.deposit is not None
            and same_base
        )
        source = stored if keep_announced else incoming
        values["deposit"] = source.deposit
        values["deposit_estimated"] = source.deposit_estimated
    elif incoming.deposit is not None and not incoming.deposit_estimated:
        values["deposit"] = incoming.deposit
        values["deposit_estimated"] = False
    merged = replace(stored, **values)  # type: ignore[arg-type]
    # The newer entry's warnings, else the stored ones; neither says a field the merged
    # property now has is missing.
    warnings = _still_true(incoming.warnings, merged) or _still_true(stored.warnings, merged)
    return replace(merged, warnings=warnings)


_FIELD_WORDS = {
    "種別": "kind",
    "所在地": "address",
    "売却基準価額": "base_price",
    "買受申出保証額": "deposit",
    "入札期間": "bid_period_end",
    "開札期日": "opening_date",
}


def _still_true(warnings: tuple[str, ...], merged: Property) -> tuple[str, ...]:
    """The incoming entry's warnings, without the 「…が見つかりません」 ones about a field the
    stored property already had."""
    kept = []
    for warning in warnings:
        name = next((f for word, f in _FIELD_WORDS.items() if warning.startswith(word)), None)
        if name and "見つかりません" in warning and getattr(merged, name) is not None:
            continue
        kept.append(warning)
    return tuple(kept)


@dataclass(frozen=True, kw_only=True)
class PropertyImport:
    """One incoming property and what it does.

    Attributes:
        incoming: the entry as read.
        verdict: 新規, 更新 or 変更なし.
        result: the property as stored after the import (its id: the stored one for an
            update, a fresh one for a new property).
        before: the property as it was (None for a new one).
        changes: the fields that change (empty unless 更新).
        joins: index of the earlier entry of the same import it was merged into, if any.
        consequences: what the update means for the property's bids, one sentence each.
    """

    incoming: Property
    verdict: Verdict
    result: Property
    before: Property | None = None
    changes: tuple[FieldChange, ...] = ()
    joins: int | None = None
    consequences: tuple[str, ...] = ()

    @property
    def description(self) -> str:
        """新規 / 更新: 状態 公告中→取下げ、… / 変更なし, for the preview and `import`."""
        head = self.verdict.value
        if self.joins is not None:
            head += f"({self.joins + 1}件目と同じ物件)"
        if self.changes:
            return f"{head}: " + "、".join(str(c) for c in self.changes)
        return head


@dataclass(frozen=True, kw_only=True)
class FileImport:
    """What one file (or one paste) adds or updates."""

    properties: tuple[PropertyImport, ...] = ()
    bidders_added: int = 0
    bidders_matched: int = 0
    bids_added: int = 0
    bids_matched: int = 0

    def count(self, verdict: Verdict) -> int:
        """Entries with this verdict; an entry merged into an earlier one of the same
        import is not counted (it adds nothing of its own)."""
        return sum(1 for p in self.properties if p.verdict is verdict and p.joins is None)


@dataclass(frozen=True, kw_only=True)
class ImportPlan:
    """Every file's outcome and the one Change that makes them all."""

    files: tuple[FileImport, ...]
    change: Change

    def count(self, verdict: Verdict) -> int:
        return sum(f.count(verdict) for f in self.files)

    @property
    def bidders_added(self) -> int:
        return sum(f.bidders_added for f in self.files)

    @property
    def bids_added(self) -> int:
        return sum(f.bids_added for f in self.files)

    @property
    def updates(self) -> tuple[PropertyImport, ...]:
        return tuple(p for f in self.files for p in f.properties if p.verdict is Verdict.UPDATE)

    def summary(self) -> str:
        """One sentence: what was added, updated and left as it was — counts of zero are
        left out (「物件1件を追加しました。」, never 「入札者0名」)."""
        new, updated, same = (self.count(v) for v in Verdict)
        added = "・".join(
            text
            for count, text in (
                (new, f"物件{new}件"),
                (self.bidders_added, f"入札者{self.bidders_added}名"),
                (self.bids_added, f"入札{self.bids_added}件"),
            )
            if count
        )
        done = [f"{added}を追加"] if added else []
        if updated:
            done.append(f"物件{updated}件を更新")
        text = "、".join(done) + "しました。" if done else "追加・更新した物件はありません。"
        if same:
            text += f"(登録済みで変更のない物件{same}件)"
        return text


def _bid_consequences(
    before: Property, after: Property, bids: Sequence[Bid], bidders: dict[str, Bidder]
) -> tuple[str, ...]:
    """The open bids on a property whose sale stops (取下げ/取消/停止): the check
    PROPERTY_WITHDRAWN (rules/checks.py) now applies to each."""
    if not before.status.is_open or after.status.is_open:
        return ()
    result = []
    for bid in bids:
        if bid.outcome is not None:
            continue
        who = bidders[bid.bidder].name if bid.bidder in bidders else ""
        result.append(
            f"入札{bid.id}({who or '入札者未定'}): 物件が{after.status.label}になったため、"
            f"入札前チェックに{Code.PROPERTY_WITHDRAWN.value}が出ます。"
        )
    return tuple(result)


@dataclass
class _Planner:
    """The running state of one import: what is stored plus what earlier entries added."""

    current: Portfolio
    new_id: NewId
    properties: dict[str, Property] = field(default_factory=dict)
    by_key: dict[PropertyKey, list[str]] = field(default_factory=dict)
    """Each sale unit's properties, one per 期間入札 round (``same_sale_round``)."""
    origin: dict[str, int] = field(default_factory=dict)
    """Index (in the whole import) of the entry that added a property of this import."""
    bidder_keys: dict[tuple[str, str], str] = field(default_factory=dict)
    bid_keys: set[tuple[str, str]] = field(default_factory=set)
    bidders: list[Bidder] = field(default_factory=list)
    bids: list[Bid] = field(default_factory=list)
    stored: dict[str, Property] = field(default_factory=dict)
    stored_bids: dict[str, list[Bid]] = field(default_factory=dict)
    stored_bidders: dict[str, Bidder] = field(default_factory=dict)
    seen: int = 0

    def __post_init__(self) -> None:
        for prop in self.current.properties:
            self.properties[prop.id] = prop
            self.stored[prop.id] = prop
            key = property_key(prop)
            if key is not None:
                self.by_key.setdefault(key, []).append(prop.id)
        self._index_bidders(self.current.bidders)
        self._index_bids(self.current.bids)
        self.stored_bidders = {b.id: b for b in self.current.bidders}
        for bid in self.current.bids:
            self.stored_bids.setdefault(bid.property, []).append(bid)

    def _index_bidders(self, bidders: Sequence[Bidder]) -> None:
        for bidder in bidders:
            if bidder.name.strip():
                self.bidder_keys.setdefault((bidder.kind.value, bidder.name.strip()), bidder.id)

    def _index_bids(self, bids: Sequence[Bid]) -> None:
        self.bid_keys.update((b.property, b.bidder) for b in bids)

    def property_of(self, incoming: Property) -> PropertyImport:
        index = self.seen
        self.seen += 1
        key = property_key(incoming)
        rounds = self.by_key.get(key, []) if key is not None else []
        known = next(
            (pid for pid in reversed(rounds) if same_sale_round(self.properties[pid], incoming)),
            None,
        )
        if known is None:
            new = replace(incoming, id=self.new_id("p"))
            self.properties[new.id] = new
            self.origin[new.id] = index
            if key is not None:
                self.by_key.setdefault(key, []).append(new.id)
            return PropertyImport(incoming=incoming, verdict=Verdict.NEW, result=new)
        before = self.properties[known]
        after = merged_property(before, incoming)
        changes = property_changes(before, after)
        joins = self.origin.get(known)
        if not changes and joins is None:
            after = before  # 変更なし: the stored row stays exactly as it is
        self.properties[known] = after
        if joins is not None:  # an earlier entry of this import: still one new property
            return PropertyImport(
                incoming=incoming, verdict=Verdict.NEW, result=after, joins=joins, changes=changes
            )
        stored_bids = self.stored_bids.get(known, [])
        return PropertyImport(
            incoming=incoming,
            verdict=Verdict.UPDATE if changes else Verdict.SAME,
            result=after,
            before=before,
            changes=changes,
            consequences=_bid_consequences(before, after, stored_bids, self.stored_bidders),
        )

    def file(self, incoming: Portfolio) -> FileImport:
        items = [self.property_of(p) for p in incoming.properties]
        property_ids = {
            old.id: item.result.id
            for old, item in zip(incoming.properties, items, strict=True)
            if old.id
        }
        bidder_ids: dict[str, str] = {}
        added_bidders: list[Bidder] = []
        matched_bidders = 0
        for bidder in incoming.bidders:
            known = self.bidder_keys.get((bidder.kind.value, bidder.name.strip()))
            if known is not None and bidder.name.strip():
                matched_bidders += 1
                if bidder.id:
                    bidder_ids[bidder.id] = known
                continue
            new = replace(bidder, id=self.new_id("b"))
            added_bidders.append(new)
            if bidder.id:
                bidder_ids[bidder.id] = new.id
        added_bids: list[Bid] = []
        matched_bids = 0
        for bid in incoming.bids:
            moved = replace(
                bid,
                property=property_ids.get(bid.property, ""),
                bidder=bidder_ids.get(bid.bidder, ""),
                joint_bidders=tuple(bidder_ids[j] for j in bid.joint_bidders if j in bidder_ids),
                funder=bidder_ids.get(bid.funder, ""),
            )
            if (moved.property, moved.bidder) in self.bid_keys:
                matched_bids += 1
                continue
            added_bids.append(replace(moved, id=self.new_id("x")))
        # Later files match what this one added (a file given twice adds once).
        self._index_bidders(added_bidders)
        self._index_bids(added_bids)
        self.bidders.extend(added_bidders)
        self.bids.extend(added_bids)
        return FileImport(
            properties=tuple(items),
            bidders_added=len(added_bidders),
            bidders_matched=matched_bidders,
            bids_added=len(added_bids),
            bids_matched=matched_bids,
        )

    def change(self, settings: Settings | None) -> Change:
        puts = tuple(
            prop for key, prop in self.properties.items() if self.stored.get(key) is not prop
        )
        return Change(
            put_properties=puts,
            put_bidders=tuple(self.bidders),
            put_bids=tuple(self.bids),
            settings=settings,
        )


def plan_import(
    current: Portfolio,
    incoming: Sequence[Portfolio],
    new_id: NewId,
    *,
    settings: Settings | None = None,
) -> ImportPlan:
    """The Change that brings every ``incoming`` portfolio (one per file, in order) into
    ``current``: new entries get fresh ids from ``new_id`` (``PortfolioStore.new_id``), a
    property already there is updated in place (``merged_property``), a bidder or bid
    already there is not added again (the module's rules). ``settings``: the new
    settings, if the import sets them."""
    planner = _Planner(current=current, new_id=new_id)
    files = tuple(planner.file(item) for item in incoming)
    return ImportPlan(files=files, change=planner.change(settings))
