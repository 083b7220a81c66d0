"""Required documents (提出書類) of one bid, derived from the bid's facts.

Never a fixed list: what a bid needs follows from who bids (individual or corporation,
alone or jointly), how the deposit is provided, who submits, how the balance is financed
and what is sold. Sources per document are in ``_REASONS``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from biddesk.domain.models import (
    Bid,
    Bidder,
    BidderKind,
    DocStatus,
    DocType,
    Document,
    PaymentMethod,
    Property,
)
from biddesk.domain.paperwork.names import NameMatch, compare_names

THREE_MONTH_CERTIFICATES = frozenset({DocType.RESIDENCE, DocType.REGISTRY})
"""The 3-month certificates: issued within 3 months of the day the court receives them
(住民票の写し, 登記事項証明書; court practice). The one list: a requirement needs their issue
date, DOC_EXPIRED measures them, 今後の期限 lists their expiry."""

PER_BIDDER = frozenset(
    {DocType.STATEMENT, DocType.RESIDENCE, DocType.REGISTRY, DocType.FARMLAND_CERT}
)
"""Documents every bidder of a joint bid provides for themselves."""

_REASONS: dict[DocType, str] = {
    DocType.BID_FORM: "すべての入札に必要です(民執規則49条→38条)。",
    DocType.TRANSFER_PROOF: (
        "保証金を振込で提供するため、金融機関の領収印のある入札保証金振込証明書が"
        "必要です(民執規則48条)。"
    ),
    DocType.GUARANTEE_PROOF: (
        "保証を支払保証委託契約で提供するため、金融機関の支払保証委託契約締結証明書が"
        "必要です(民執規則48条)。"
    ),
    DocType.STATEMENT: (
        "暴力団員等に該当しない旨の陳述書がすべての入札人に必要です"
        "(民執法65条の2・民執規則31条の2)。"
    ),
    DocType.RESIDENCE: "個人の入札人は、提出日前3か月以内に発行された住民票の写しが必要です。",
    DocType.REGISTRY: (
        "法人の入札人は、提出日前3か月以内に発行された登記事項証明書"
        "(代表者事項または現在事項)の原本が必要です。"
    ),
    DocType.PROXY: "代理人が提出するため、委任状(と代理人の本人確認書類)が必要です。",
    DocType.JOINT_PERMISSION: (
        "共同入札には、入札前に共同入札買受許可を受けておく必要があります(代表者を1名定めます)。"
    ),
    DocType.LOAN_NOTICE: (
        "残代金を抵当権設定の融資で支払うため、代金納付までに民執法82条2項の申出書が必要です。"
    ),
    DocType.FARMLAND_CERT: (
        "農地のため、農業委員会が発行する買受適格証明書が必要です(農地法3条・5条)。"
    ),
}

_STATEMENT_CORPORATION = (
    "暴力団員等に該当しない旨の陳述書に、役員全員(氏名・ふりがな・生年月日・性別・住所)の"
    "別紙を付けて提出します(民執法65条の2・民執規則31条の2)。"
)


@dataclass(frozen=True, kw_only=True)
class Requirement:
    """One document a bid needs.

    ``who`` is the id of the bidder the document is for (the representative for the
    bid-wide papers); ``expected_name`` is the name the document must carry ("" when the
    bidder is unknown).
    """

    type: DocType
    who: str
    reason: str
    needs_issue_date: bool
    expected_name: str = ""

    @property
    def label(self) -> str:
        return self.type.label


FUNDER_ROLE = "自己の計算において買受けの申出をさせる者"
"""民執法65条の2第2号: the person on whose account the bid is made (the bid's funder)."""
JOINT_ROLE = "共同入札人"


def _requirement(
    doc_type: DocType, bidder: Bidder | None, who: str, *, role: str = ""
) -> Requirement:
    if (
        doc_type is DocType.STATEMENT
        and bidder is not None
        and bidder.kind is BidderKind.CORPORATION
    ):
        reason = _STATEMENT_CORPORATION
    else:
        reason = _REASONS[doc_type]
    if role:
        name = bidder.name if bidder is not None and bidder.name else who
        reason = f"{role}{name}の分: {reason}"
    return Requirement(
        type=doc_type,
        who=who,
        reason=reason,
        needs_issue_date=doc_type in THREE_MONTH_CERTIFICATES,
        expected_name=bidder.name if bidder is not None else "",
    )


def _own_papers(
    bidder: Bidder | None, who: str, prop: Property | None, *, role: str = ""
) -> list[Requirement]:
    """The papers each bidder provides for themselves (a funder: no 買受適格証明書, since
    the funder does not acquire the property)."""
    certificate = (
        DocType.REGISTRY
        if bidder is not None and bidder.kind is BidderKind.CORPORATION
        else DocType.RESIDENCE
    )
    types = [DocType.STATEMENT, certificate]
    if prop is not None and prop.farmland and role != FUNDER_ROLE:
        types.append(DocType.FARMLAND_CERT)
    return [_requirement(t, bidder, who, role=role) for t in types]


def others_named(bid: Bid, bidders: Mapping[str, Bidder]) -> tuple[Bidder, ...]:
    """The bidders a bid names besides its bidder, as far as they are registered: the joint
    bidders, then the funder. What ``checklist`` needs to name their papers."""
    ids = [j for j in bid.joint_bidders if j != bid.bidder]
    if bid.funder and bid.funder != bid.bidder and bid.funder not in ids:
        ids.append(bid.funder)
    return tuple(bidders[key] for key in ids if key in bidders)


@dataclass(frozen=True, kw_only=True)
class StatementSigner:
    """One person whose 陳述書 a bid needs.

    Attributes:
        id: the bidder id the bid names.
        bidder: that bidder; None when the id is not a registered bidder (the papers are
            then named by the id).
        role: how to name them: "" the bidder, JOINT_ROLE or FUNDER_ROLE.
    """

    id: str
    bidder: Bidder | None
    role: str


def statement_signers(bid: Bid, bidders: Mapping[str, Bidder]) -> list[StatementSigner]:
    """Whose 陳述書 ``bid`` needs, each once, registered or not: the bidder, each joint
    bidder, a funder other than those (民執法65条の2第2号, 民執規則31条の2)."""
    named = [(bid.bidder, ""), *((key, JOINT_ROLE) for key in bid.joint_bidders)]
    if bid.funder:
        named.append((bid.funder, FUNDER_ROLE))
    signers: list[StatementSigner] = []
    seen: set[str] = set()
    for key, role in named:
        if key not in seen:
            seen.add(key)
            signers.append(StatementSigner(id=key, bidder=bidders.get(key), role=role))
    return signers


def statement_people(
    bid: Bid, bidder: Bidder | None, others: Sequence[Bidder]
) -> list[tuple[Bidder, str]]:
    """Whose 陳述書 ``bid`` needs among the registered people, each once, with the role to
    name them by ("" for the bidder): ``statement_signers`` over ``bidder`` and ``others``
    (as for ``required_documents``: ``others_named``)."""
    known = {person.id: person for person in others if person.id != bid.bidder}
    if bidder is not None:
        known[bid.bidder] = bidder
    return [
        (signer.bidder, signer.role)
        for signer in statement_signers(bid, known)
        if signer.bidder is not None
    ]


def required_documents(
    bid: Bid, bidder: Bidder | None, prop: Property | None, joint: Sequence[Bidder] = ()
) -> list[Requirement]:
    """What this bid needs, in the order the papers are usually put together.

    ``bidder`` is the bidder (for a joint bid, the representative); ``joint`` the other
    people the bid names (``others_named``: joint bidders and the funder). One listed on the
    bid but not passed in still gets their own papers, named by id. A funder gives a 陳述書
    and a 住民票 / 登記事項証明書 of their own (民執法65条の2第2号・民執規則31条の2).
    """
    who = bidder.id if bidder is not None else bid.bidder
    deposit = (
        DocType.GUARANTEE_PROOF if bid.method is PaymentMethod.GUARANTEE else DocType.TRANSFER_PROOF
    )
    known = {b.id: b for b in joint}
    found = [_requirement(DocType.BID_FORM, bidder, who), _requirement(deposit, bidder, who)]
    found += _own_papers(bidder, who, prop)
    if bid.agent is not None:
        found.append(_requirement(DocType.PROXY, bidder, who))
    if bid.joint_bidders:
        found.append(_requirement(DocType.JOINT_PERMISSION, bidder, who))
        for joint_id in bid.joint_bidders:
            if joint_id == who:
                continue
            found += _own_papers(known.get(joint_id), joint_id, prop, role="共同入札人")
    if bid.funder and bid.funder != who and bid.funder not in bid.joint_bidders:
        found += _own_papers(known.get(bid.funder), bid.funder, prop, role=FUNDER_ROLE)
    if bid.loan is not None:
        found.append(_requirement(DocType.LOAN_NOTICE, bidder, who))
    return found


_STATUS_RANK = {
    DocStatus.CHECKED: 0,
    DocStatus.OBTAINED: 1,
    DocStatus.REQUESTED: 2,
    DocStatus.MISSING: 3,
}


def _name_rank(requirement: Requirement, document: Document) -> int:
    if not document.name.strip() or not requirement.expected_name:
        return 2
    kind = compare_names(requirement.expected_name, document.name).kind
    return {NameMatch.SAME: 0, NameMatch.VARIANT: 1, NameMatch.MISMATCH: 3}[kind]


def checklist(
    bid: Bid, bidder: Bidder | None, prop: Property | None, joint: Sequence[Bidder] = ()
) -> list[tuple[Requirement, Document | None]]:
    """Each requirement paired with the bid's document that answers it (or None).

    Documents of a type are matched to that type's requirements by the name they carry
    (a joint bidder's 住民票 carries that bidder's name), then by progress and issue date,
    so an old certificate does not hide a newer one. Each document answers at most once.
    """
    used: set[int] = set()
    pairs: list[tuple[Requirement, Document | None]] = []
    for requirement in required_documents(bid, bidder, prop, joint):
        candidates = [
            (index, document)
            for index, document in enumerate(bid.documents)
            if document.type is requirement.type and index not in used
        ]
        if not candidates:
            pairs.append((requirement, None))
            continue
        index, document = min(
            candidates,
            key=lambda item: (
                _name_rank(requirement, item[1]),
                _STATUS_RANK[item[1].status],
                -(item[1].issued.toordinal() if item[1].issued is not None else 0),
                item[0],
            ),
        )
        used.add(index)
        pairs.append((requirement, document))
    return pairs


def is_done(document: Document | None) -> bool:
    """The document is in hand (obtained or checked)."""
    return document is not None and document.status in (DocStatus.OBTAINED, DocStatus.CHECKED)
