"""ImportPlan.summary: one sentence, counts of zero left out (issue 18 item 4)."""

from __future__ import annotations

import pytest

from biddesk.domain.edits.change import Change
from biddesk.domain.edits.reimport import FileImport, ImportPlan, PropertyImport, Verdict
from biddesk.domain.models import Property


def _plan(
    new: int = 0, updated: int = 0, same: int = 0, bidders: int = 0, bids: int = 0
) -> ImportPlan:
    prop = Property(id="p1")
    verdicts = [Verdict.NEW] * new + [Verdict.UPDATE] * updated + [Verdict.SAME] * same
    entries = tuple(PropertyImport(incoming=prop, verdict=v, result=prop) for v in verdicts)
    file = FileImport(properties=entries, bidders_added=bidders, bids_added=bids)
    return ImportPlan(files=(file,), change=Change())


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (_plan(new=1), "物件1件を追加しました。"),
        (_plan(new=1, bidders=2, bids=1), "物件1件・入札者2名・入札1件を追加しました。"),
        (_plan(bids=3), "入札3件を追加しました。"),
        (_plan(new=2, updated=1), "物件2件を追加、物件1件を更新しました。"),
        (_plan(updated=1), "物件1件を更新しました。"),
        (_plan(same=3), "追加・更新した物件はありません。(登録済みで変更のない物件3件)"),
        (_plan(new=1, same=1), "物件1件を追加しました。(登録済みで変更のない物件1件)"),
        (_plan(), "追加・更新した物件はありません。"),
    ],
)
def test_summary_names_only_what_happened(plan: ImportPlan, expected: str) -> None:
    assert plan.summary() == expected
    assert "0件" not in plan.summary() and "0名" not in plan.summary()
