"""One bid's 記入控え as one PDF, to print: the same papers `export --forms` writes one
file each (入札書, 振込依頼書 for a transfer, 陳述書 with its 別紙, 委任状 for an agent),
one after another, each from a new page, marked 下書き."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from biddesk.domain.errors import UserError
from biddesk.domain.models import PaymentMethod, Portfolio
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.data import ExportData
from biddesk.forms.pdf import PORTRAIT, PageInfo, build_pdf
from biddesk.forms.sheets import (
    WATERMARK,
    bid_form_story,
    proxy_story,
    statement_story,
    transfer_form_story,
)

PAPERS_TITLE = "記入控え"


def write_bid_papers(
    portfolio: Portfolio,
    bid_id: str,
    path: Path | str,
    *,
    today: date,
    name: str = "",
    include_officer_details: bool = False,
    staging: Staging | None = None,
) -> Path:
    """Write bid ``bid_id``'s 記入控え atomically into one PDF (for 印刷)."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    view = data.view_by_id(bid_id)
    if view is None:
        raise UserError(f"入札が見つかりません: {bid_id}")
    parts = [bid_form_story(data, view)]
    if view.bid.method is PaymentMethod.TRANSFER:
        parts.append(transfer_form_story(data, view))
    parts.append(statement_story(data, view, include_officer_details=include_officer_details))
    if view.bid.agent is not None:
        parts.append(proxy_story(data, view))
    story: list[Flowable] = []
    for part in parts:
        if story:
            story.append(PageBreak())
        story += part
    target = Path(path)
    info = PageInfo(
        title=PAPERS_TITLE, name=name, today=today, file_name=target.name, watermark=WATERMARK
    )
    with staged(staging) as stage:
        build_pdf(stage.temp_for(target), story, info, first=PORTRAIT)
    return target
