"""Golden files: every announcement in tests/data/announcements/ parses to the properties in
tests/data/golden/ (property_to_json, figures and dates checked by hand).

Hand checks of the samples (基準 × 8/10 = 買受可能価額, 基準 × 2/10 = 保証額, rounded up):
- koukoku_table row 1: 12,340,000 → 9,872,000 / 2,468,000; row 2: 3,000,000 → 2,400,000 /
  600,000; row 3: 45,500,000 → 36,400,000 / 9,100,000; 令和8年 = 2026.
- bit_cards_multi: 8,150,000 → 6,520,000 (computed) / 1,630,000; 21,600,000 → 17,280,000 /
  4,320,000; the 取下 card has no amounts.
- bit_copy_stacked: 6,480,000 → 5,184,000 / 1,296,000; 980,000 → 784,000 / 196,000, 農地.
- typed_note: 1234万円 = 12,340,000 → 9,872,000; announced deposit 247万円 = 2,470,000.
- bit_card_no_deposit: 4,567,891 → ceil(3,654,312.8) = 3,654,313 / ceil(913,578.2) = 913,579.
- koukoku_osaka row 4: 3,333,333 → ceil(2,666,666.4) = 2,666,667 / ceil(666,666.6) = 666,667.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from biddesk.domain.announcements.parsing import parse_announcement
from biddesk.domain.storage.interchange import property_to_json

DATA = Path(__file__).resolve().parent / "data"
ANNOUNCEMENTS = sorted((DATA / "announcements").glob("*.txt"))
SAMPLES = ("bit_card_single", "bit_cards_multi", "bit_copy_stacked", "koukoku_table", "typed_note")


def test_every_announcement_has_a_golden_file_and_back() -> None:
    texts = {path.stem for path in ANNOUNCEMENTS}
    goldens = {path.stem for path in (DATA / "golden").glob("*.json")}
    assert texts == goldens
    assert set(SAMPLES) <= texts
    assert len(texts) >= 17


@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda path: path.stem)
def test_golden(path: Path) -> None:
    expected = json.loads((DATA / "golden" / f"{path.stem}.json").read_text(encoding="utf-8"))
    result = parse_announcement(path.read_text(encoding="utf-8"), source=path.name)
    assert [property_to_json(prop) for prop in result.properties] == expected


@pytest.mark.parametrize("path", ANNOUNCEMENTS, ids=lambda path: path.stem)
def test_golden_figures_obey_the_law(path: Path) -> None:
    """A second, independent check of every golden file: minimum = ceil(基準×8/10) unless
    a different one is announced and warned; a computed deposit is ceil(基準×2/10)."""
    for prop in json.loads((DATA / "golden" / f"{path.stem}.json").read_text(encoding="utf-8")):
        base = prop["base_price"]
        if base is None:
            assert prop["deposit_estimated"] is False
            continue
        if prop["minimum_bid"] != -(-base * 8 // 10):
            assert any("8/10" in w for w in prop["warnings"])
        if prop["deposit_estimated"]:
            assert prop["deposit"] == -(-base * 2 // 10)


def test_samples_have_no_text_warnings() -> None:
    for name in SAMPLES:
        path = DATA / "announcements" / f"{name}.txt"
        assert parse_announcement(path.read_text(encoding="utf-8")).warnings == (), name


def test_koukoku_sample_row_one_by_hand() -> None:
    path = DATA / "announcements" / "koukoku_table.txt"
    first = parse_announcement(path.read_text(encoding="utf-8")).properties[0]
    assert (first.base_price, first.minimum_bid, first.deposit) == (
        12_340_000,
        9_872_000,
        2_468_000,
    )
    assert first.case_number == "令和7年(ケ)第1234号"
    assert first.court == "東京地方裁判所本庁"
