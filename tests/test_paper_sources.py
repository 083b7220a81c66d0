"""DOC_MISSING names the rule for the one paper missing (Finding.basis → Finding.source);
other findings keep their rule's source (issue 18 item 3)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from checks_fixtures import BID, TODAY, portfolio, without_doc

from biddesk.domain.models import DocType
from biddesk.domain.rules.checks import check_bid
from biddesk.domain.rules.paper_sources import PAPER_SOURCES, paper_source
from biddesk.domain.rules.registry import RULES, Code, Finding, Severity, findings_to_json


def _missing(doc_type: DocType) -> Finding:
    bid = without_doc(BID, doc_type)
    found = [
        f
        for f in check_bid(portfolio(bid), bid, today=TODAY)
        if f.code is Code.DOC_MISSING and doc_type.label in f.message
    ]
    assert len(found) == 1, found
    return found[0]


def test_every_paper_has_a_source_in_law_or_court_practice() -> None:
    assert set(PAPER_SOURCES) == set(DocType)
    for source in PAPER_SOURCES.values():
        assert any(word in source for word in ("法", "規則", "裁判所")), source


@pytest.mark.parametrize(
    ("doc_type", "cites", "not_cited"),
    [
        (DocType.BID_FORM, "民執規則47条", "82条2項"),
        (DocType.TRANSFER_PROOF, "民執規則48条", "82条2項"),
        (DocType.STATEMENT, "民執法65条の2", "82条2項"),
        (DocType.RESIDENCE, "裁判所の期間入札の手続案内", "65条の2"),
    ],
)
def test_a_missing_paper_names_its_own_rule(doc_type: DocType, cites: str, not_cited: str) -> None:
    finding = _missing(doc_type)
    assert finding.basis == paper_source(doc_type)
    assert cites in finding.source and not_cited not in finding.source
    assert finding.source != finding.rule.source  # narrower than DOC_MISSING's whole list


def test_a_missing_bidder_is_no_paper_and_keeps_the_rules_source() -> None:
    # The near miss: DOC_MISSING about no bidder chosen is about no one paper.
    bid = replace(BID, bidder="")
    finding = next(
        f for f in check_bid(portfolio(bid), bid, today=TODAY) if f.code is Code.DOC_MISSING
    )
    assert "入札人が選ばれていません" in finding.message
    assert finding.basis == "" and finding.source == RULES[Code.DOC_MISSING].source


def test_json_source_is_the_findings_own_and_the_keys_stay() -> None:
    plain = Finding(
        code=Code.BID_BELOW_MINIMUM, severity=Severity.ERROR, bid="x1", property="p1",
        message="m", due=None,
    )  # fmt: skip
    paper = replace(plain, code=Code.DOC_MISSING, basis=paper_source(DocType.BID_FORM))
    shown = findings_to_json([plain, paper])["findings"]
    assert [sorted(f) for f in shown] == [
        sorted(("code", "severity", "bid", "property", "message", "due", "title", "source"))
    ] * 2  # no key added for the basis: "source" carries it
    assert shown[0]["source"] == RULES[Code.BID_BELOW_MINIMUM].source
    assert shown[1]["source"] == paper_source(DocType.BID_FORM)
    json.dumps(shown, ensure_ascii=False)
