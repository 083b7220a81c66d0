"""Required documents follow from the bid's facts; the checklist pairs them with documents."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from checks_fixtures import BID, COMPANY, PROPERTY, SUZUKI, YAMADA, doc

from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    DocStatus,
    DocType,
    Loan,
    PaymentMethod,
    Property,
)
from biddesk.domain.paperwork.documents import (
    FUNDER_ROLE,
    JOINT_ROLE,
    checklist,
    is_done,
    required_documents,
    statement_people,
    statement_signers,
)

T = DocType
FARM = replace(PROPERTY, farmland=True)
BASIC = [T.BID_FORM, T.TRANSFER_PROOF, T.STATEMENT, T.RESIDENCE]


@pytest.mark.parametrize(
    ("bid", "bidder", "prop", "joint", "expected"),
    [
        pytest.param(BID, YAMADA, PROPERTY, (), BASIC, id="individual"),
        pytest.param(
            BID,
            COMPANY,
            PROPERTY,
            (),
            [T.BID_FORM, T.TRANSFER_PROOF, T.STATEMENT, T.REGISTRY],
            id="corporation",
        ),
        pytest.param(
            replace(BID, method=PaymentMethod.GUARANTEE),
            YAMADA,
            PROPERTY,
            (),
            [T.BID_FORM, T.GUARANTEE_PROOF, T.STATEMENT, T.RESIDENCE],
            id="guarantee",
        ),
        pytest.param(
            replace(BID, agent=Agent(name="佐藤 次郎")),
            YAMADA,
            PROPERTY,
            (),
            [*BASIC, T.PROXY],
            id="agent",
        ),
        pytest.param(
            replace(BID, loan=Loan(lender="A銀行", amount=10_000_000)),
            YAMADA,
            PROPERTY,
            (),
            [*BASIC, T.LOAN_NOTICE],
            id="loan",
        ),
        pytest.param(BID, YAMADA, FARM, (), [*BASIC, T.FARMLAND_CERT], id="farmland"),
        pytest.param(
            replace(BID, joint_bidders=("b2",)),
            YAMADA,
            PROPERTY,
            (SUZUKI,),
            [*BASIC, T.JOINT_PERMISSION, T.STATEMENT, T.RESIDENCE],
            id="joint",
        ),
        pytest.param(
            replace(BID, joint_bidders=("c1",)),
            YAMADA,
            FARM,
            (COMPANY,),
            [
                *BASIC,
                T.FARMLAND_CERT,
                T.JOINT_PERMISSION,
                T.STATEMENT,
                T.REGISTRY,
                T.FARMLAND_CERT,
            ],
            id="joint-corporation-farmland",
        ),
    ],
)
def test_required_documents(
    bid: Bid,
    bidder: Bidder,
    prop: Property,
    joint: tuple[Bidder, ...],
    expected: list[DocType],
) -> None:
    assert [r.type for r in required_documents(bid, bidder, prop, joint)] == expected


def test_certificates_need_an_issue_date_and_nothing_else_does() -> None:
    found = required_documents(BID, YAMADA, PROPERTY)
    assert {r.type for r in found if r.needs_issue_date} == {T.RESIDENCE}


def test_corporate_statement_mentions_the_officers_annex() -> None:
    statement = next(r for r in required_documents(BID, COMPANY, PROPERTY) if r.type is T.STATEMENT)
    assert "別紙" in statement.reason and "生年月日" in statement.reason
    individual = next(r for r in required_documents(BID, YAMADA, PROPERTY) if r.type is T.STATEMENT)
    assert "別紙" not in individual.reason


def test_joint_papers_name_the_joint_bidder() -> None:
    joint_bid = replace(BID, joint_bidders=("b2",))
    found = required_documents(joint_bid, YAMADA, PROPERTY, (SUZUKI,))
    own = [r for r in found if r.who == "b2"]
    assert [r.type for r in own] == [T.STATEMENT, T.RESIDENCE]
    assert all(r.expected_name == "鈴木 花子" and "鈴木 花子" in r.reason for r in own)


def test_unknown_joint_bidder_still_needs_papers() -> None:
    found = required_documents(replace(BID, joint_bidders=("zz",)), YAMADA, PROPERTY, ())
    assert [r.type for r in found if r.who == "zz"] == [T.STATEMENT, T.RESIDENCE]


def test_representative_listed_among_joint_bidders_is_not_doubled() -> None:
    found = required_documents(
        replace(BID, joint_bidders=("b1", "b2")), YAMADA, PROPERTY, (SUZUKI,)
    )
    assert [r.type for r in found].count(T.STATEMENT) == 2


def test_checklist_pairs_every_requirement() -> None:
    pairs = checklist(BID, YAMADA, PROPERTY)
    assert [(r.type, d.type if d else None) for r, d in pairs] == [(t, t) for t in BASIC]


def test_checklist_reports_absent_documents_as_none() -> None:
    bid = replace(BID, documents=())
    assert all(document is None for _, document in checklist(bid, YAMADA, PROPERTY))


def test_checklist_matches_joint_documents_by_name() -> None:
    joint_bid = replace(
        BID,
        joint_bidders=("b2",),
        documents=(
            doc(T.RESIDENCE, "鈴木 花子", issued=date(2026, 10, 5)),
            doc(T.RESIDENCE, "山田 太郎", issued=date(2026, 10, 1)),
        ),
    )
    pairs = checklist(joint_bid, YAMADA, PROPERTY, (SUZUKI,))
    residence = {r.who: d for r, d in pairs if r.type is T.RESIDENCE}
    assert residence["b1"] is not None and residence["b1"].name == "山田 太郎"
    assert residence["b2"] is not None and residence["b2"].name == "鈴木 花子"


def test_checklist_prefers_the_newer_certificate() -> None:
    bid = replace(
        BID,
        documents=(
            doc(T.RESIDENCE, "山田 太郎", issued=date(2026, 5, 1)),
            doc(T.RESIDENCE, "山田 太郎", issued=date(2026, 10, 1)),
        ),
    )
    residence = next(d for r, d in checklist(bid, YAMADA, PROPERTY) if r.type is T.RESIDENCE)
    assert residence is not None and residence.issued == date(2026, 10, 1)


def test_checklist_keeps_a_wrongly_named_document_so_it_can_be_reported() -> None:
    bid = replace(BID, documents=(doc(T.RESIDENCE, "山田 次郎"),))
    residence = next(d for r, d in checklist(bid, YAMADA, PROPERTY) if r.type is T.RESIDENCE)
    assert residence is not None and residence.name == "山田 次郎"


@pytest.mark.parametrize(
    ("status", "done"),
    [
        (DocStatus.MISSING, False),
        (DocStatus.REQUESTED, False),
        (DocStatus.OBTAINED, True),
        (DocStatus.CHECKED, True),
    ],
)
def test_is_done(status: DocStatus, done: bool) -> None:
    assert is_done(doc(T.BID_FORM, "", status=status)) is done
    assert is_done(None) is False


def test_a_funder_gives_a_statement_and_a_certificate_of_their_own() -> None:
    # 民執法65条の2第2号・民執規則31条の2: the person on whose account the bid is made.
    funded = replace(BID, funder="b2")
    found = required_documents(funded, YAMADA, FARM, (SUZUKI,))
    funder_papers = [r for r in found if r.who == "b2"]
    assert [r.type for r in funder_papers] == [T.STATEMENT, T.RESIDENCE]  # no 買受適格証明書
    assert all("鈴木 花子" in r.reason and "自己の計算" in r.reason for r in funder_papers)
    corporate = required_documents(replace(BID, funder="c1"), YAMADA, PROPERTY, (COMPANY,))
    assert [r.type for r in corporate if r.who == "c1"] == [T.STATEMENT, T.REGISTRY]
    # Near miss: no funder, no extra papers; the bidder as its own funder adds nothing.
    assert [r.type for r in required_documents(BID, YAMADA, PROPERTY)] == BASIC
    own = replace(BID, funder="b1")
    assert [r.type for r in required_documents(own, YAMADA, PROPERTY)] == BASIC


def test_others_named_lists_joint_bidders_then_the_funder() -> None:
    from biddesk.domain.paperwork.documents import others_named

    people = {b.id: b for b in (YAMADA, SUZUKI, COMPANY)}
    bid = replace(BID, joint_bidders=("b1", "b2"), funder="c1")
    assert [b.id for b in others_named(bid, people)] == ["b2", "c1"]
    assert others_named(replace(BID, funder="nobody"), people) == ()


@pytest.mark.parametrize(
    ("joint", "funder", "expected"),
    [
        ((), "", [("b1", "")]),  # near miss: alone, no funder
        (("b1", "b2"), "", [("b1", ""), ("b2", JOINT_ROLE)]),
        ((), "b2", [("b1", ""), ("b2", FUNDER_ROLE)]),
        (("b1", "b2"), "b2", [("b1", ""), ("b2", JOINT_ROLE)]),  # a funder who bids jointly
        ((), "b1", [("b1", "")]),  # the bidder on their own account
        (("b9",), "b8", [("b1", ""), ("b9", JOINT_ROLE), ("b8", FUNDER_ROLE)]),
    ],
)
def test_statement_signers(
    joint: tuple[str, ...], funder: str, expected: list[tuple[str, str]]
) -> None:
    """民執法65条の2第2号, 民執規則31条の2: each person once, registered or not."""
    bid = replace(BID, bidder="b1", joint_bidders=joint, funder=funder)
    bidders = {"b1": replace(YAMADA, id="b1"), "b2": replace(SUZUKI, id="b2")}
    signers = statement_signers(bid, bidders)
    assert [(s.id, s.role) for s in signers] == expected
    assert [s.bidder is not None for s in signers] == [key in bidders for key, _ in expected]
    # statement_people: the registered ones of the same list
    registered = statement_people(bid, bidders["b1"], [bidders["b2"]])
    assert [(p.id, role) for p, role in registered] == [
        (key, role) for key, role in expected if key in bidders
    ]
