"""One name per date (issue 15 item 7): the glossary in domain/schedule/labels.py is the
only place a bid's dates are named; its retired names appear nowhere in the product."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from biddesk.domain.models import Bid, Property, Settings, Submission
from biddesk.domain.schedule import labels
from biddesk.domain.schedule.deadlines import DeadlineKind, bid_deadlines

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = ("domain", "forms", "gui", "cli")


def _sources() -> list[Path]:
    return [p for folder in PRODUCT for p in (ROOT / folder).rglob("*.py")]


@pytest.mark.parametrize("retired", labels.RETIRED_NAMES)
def test_no_retired_name_is_left(retired: str) -> None:
    used = [
        str(path.relative_to(ROOT))
        for path in _sources()
        if path.name != "labels.py" and retired in path.read_text(encoding="utf-8")
    ]
    assert used == [], f"「{retired}」 is used in {used}; say the glossary's name instead"


def test_each_label_says_its_name_and_names_are_unique() -> None:
    names = [term.name for term in labels.GLOSSARY]
    assert len(set(names)) == len(names)
    for term in labels.GLOSSARY:
        assert term.name in term.label, term
        assert term.meaning.endswith("。")
    assert not set(names) & set(labels.RETIRED_NAMES)


def test_deadlines_use_the_glossary() -> None:
    prop = Property(id="p1", bid_period_end=date(2026, 12, 9))
    today = date(2026, 11, 23)
    found = {
        d.kind: d.label
        for submission in Submission
        for d in bid_deadlines(
            Bid(id="x1", property="p1", submission=submission), prop, Settings(), today=today
        )
    }
    assert found[DeadlineKind.SAFE_TRANSFER] == "保証金の振込推奨日"
    assert found[DeadlineKind.LAST_TRANSFER] == "保証金の振込最終日"
    assert found[DeadlineKind.LAST_IN_PERSON] == "入札書の持参最終日"
    assert DeadlineKind.SAFE_TRANSFER.short_label == labels.SAFE_TRANSFER.name == "振込推奨日"
