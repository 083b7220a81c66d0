"""The warning a page prints when a name or address holds a character no bundled font
draws (forms.fonts.unprintable): the form drafts and the envelope checklist share it."""

from __future__ import annotations

from reportlab.platypus import Flowable

from biddesk.domain.models import Bidder
from biddesk.forms.data import BidView
from biddesk.forms.fonts import unprintable
from biddesk.forms.pdf import para, styles

UNPRINTABLE_NOTICE = (
    "〓 の箇所は、同梱のどのフォントにもない文字({chars})です。"
    "住民票・登記事項証明書のとおりに書き写してください。"
)


def texts_of(view: BidView) -> list[str]:
    """Every name and address of the bid that a form prints."""
    people: list[Bidder] = [b for b in (view.bidder, *view.joint) if b is not None]
    texts = [view.case_number, view.property_numbers]
    if view.prop is not None:
        texts += [view.prop.court or "", view.prop.address or ""]
    for person in people:
        texts += [person.name, person.name_kana, person.address, person.representative_name or ""]
        texts += [t for o in person.officers for t in (o.name, o.name_kana, o.address)]
    agent = view.bid.agent
    if agent is not None:
        texts += [agent.name, agent.address, agent.relation]
    return [t for t in texts if t]


def unprintable_notice(view: BidView) -> list[Flowable]:
    """A warning when a name or address holds a character no bundled font draws (an
    emoji): it prints as 〓, and the user must write the real one."""
    found = sorted(set().union(*(unprintable(t) for t in texts_of(view))))
    if not found:
        return []
    chars = " ".join(f"U+{ord(c):04X}" for c in found[:5]) + (" など" if len(found) > 5 else "")
    return [para(UNPRINTABLE_NOTICE.format(chars=chars), styles().notice)]
