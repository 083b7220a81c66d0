"""Japanese labels shared by the exports (one place, so every document says the same)."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from biddesk.domain.models import Bid, Bidder, Property
from biddesk.domain.paperwork.documents import Requirement

DRAFT_NOTICE = (
    "これは記入控え(下書き)です。この用紙は提出できません。裁判所の正式な様式に書き写してください。"
)


def yes(flag: bool) -> str | None:
    """「はい」 for a true flag, nothing (an empty cell) otherwise."""
    return "はい" if flag else None


def result_label(bid: Bid, prop: Property | None) -> str:
    """What became of the bid: the recorded outcome, the sale's 取下げ等, or 入札準備中."""
    if bid.outcome is not None:
        return bid.outcome.result.label
    if prop is not None and not prop.status.is_open:
        return prop.status.label
    if bid.amount is None:
        return "入札額未定"
    return "入札準備中"


def requirement_who(requirement: Requirement, bidders: Mapping[str, Bidder]) -> str:
    """The name of the person or company a required paper is for."""
    bidder = bidders.get(requirement.who)
    if bidder is not None and bidder.name:
        return bidder.name
    return requirement.expected_name or "(未登録の入札者)"  # never the file's id


def katakana(text: str) -> str:
    """Furigana as full-width katakana, the way a 振込依頼書 asks for it
    (hiragana and half-width katakana converted; spaces kept)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)
