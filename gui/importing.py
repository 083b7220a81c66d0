"""Files dropped on the window or chosen in ファイルから取り込み → one undoable Change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from domain.errors import UserError
from domain.interchange import duplicate_warnings, merge_into, read_incoming
from domain.models import Portfolio
from domain.store import Change
from domain.text_decoding import decode_text
from gui.document import PortfolioDocument


def _read(path: Path) -> str:
    try:
        return decode_text(path.read_bytes(), path.name)
    except OSError as error:
        raise UserError(f"ファイルを読めません: {path.name}({error.strerror})") from None


def _distinct_ids(portfolio: Portfolio, prefix: str) -> Portfolio:
    """Ids unique across files (parsed text has none; two JSON files may share "p1"), with
    the bids' references following, so ``merge_into`` can give each entry a fresh id."""

    def key(kind: str, index: int, old: str) -> str:
        return f"{prefix}:{kind}:{old or index}"

    properties = {p.id: key("p", i, p.id) for i, p in enumerate(portfolio.properties)}
    bidders = {b.id: key("b", i, b.id) for i, b in enumerate(portfolio.bidders)}
    return Portfolio(
        properties=tuple(
            replace(p, id=key("p", i, p.id)) for i, p in enumerate(portfolio.properties)
        ),
        bidders=tuple(replace(b, id=key("b", i, b.id)) for i, b in enumerate(portfolio.bidders)),
        bids=tuple(
            replace(
                bid,
                id=key("x", i, bid.id),
                property=properties.get(bid.property, ""),
                bidder=bidders.get(bid.bidder, ""),
                joint_bidders=tuple(bidders.get(j, "") for j in bid.joint_bidders),
            )
            for i, bid in enumerate(portfolio.bids)
        ),
    )


def change_for_files(
    document: PortfolioDocument, paths: list[Path]
) -> tuple[Change, str, list[str]]:
    """Read every file first; any error names the file and nothing is imported."""
    incoming = [read_incoming(_read(path), path.name) for path in paths]
    parts = [_distinct_ids(item.portfolio, f"f{n}") for n, item in enumerate(incoming)]
    merged = Portfolio(
        properties=tuple(p for part in parts for p in part.properties),
        bidders=tuple(b for part in parts for b in part.bidders),
        bids=tuple(b for part in parts for b in part.bids),
    )
    if not (merged.properties or merged.bidders or merged.bids):
        raise UserError("取り込める物件・入札者・入札がありませんでした。")
    change = merge_into(merged, document.new_id)
    warnings = [w for item in incoming for w in item.warnings]
    warnings += duplicate_warnings(document.portfolio(), merged)
    summary = (
        f"{len(paths)}個のファイルから物件{len(merged.properties)}件・入札者"
        f"{len(merged.bidders)}名・入札{len(merged.bids)}件を取り込みました。"
    )
    return change, summary, warnings
