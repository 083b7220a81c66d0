"""Interchange JSON (contracts.md): portfolio values ⇄ plain JSON-ready dicts.

This module owns the public JSON shapes: `parse --json` properties and the
`biddesk-portfolio` document used by `dump` and `import`. Reading is strict about types
and values and names the JSON path of every error (``bids[2].amount: expected an integer
yen amount``); unknown keys are ignored, a missing optional key means null (false, []).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from pathlib import PurePath
from typing import Any, TypeVar

from biddesk.domain.announcements.csv_import import properties_from_csv
from biddesk.domain.announcements.file_kinds import refuse_binary, refuse_text
from biddesk.domain.announcements.parsing import parse_announcement
from biddesk.domain.announcements.text_decoding import decode_text
from biddesk.domain.dates import iso_date
from biddesk.domain.edits.change import Change
from biddesk.domain.errors import UserError
from biddesk.domain.limits import MAX_DATE, MAX_YEN, MIN_DATE, date_in_range, yen_in_range
from biddesk.domain.market.sale_result import SaleOutcome, SaleResult
from biddesk.domain.models import (
    Agent,
    Bid,
    Bidder,
    BidderKind,
    Channel,
    DocStatus,
    DocType,
    Document,
    Financing,
    Loan,
    Officer,
    Outcome,
    OutcomeResult,
    PaymentMethod,
    Portfolio,
    Property,
    PropertyStatus,
    RefundAccount,
    Settings,
    Submission,
    Transfer,
)
from biddesk.domain.money import MoneyError, check_price
from biddesk.domain.storage import analysis_json

JsonDict = dict[str, Any]

FORMAT = "biddesk-portfolio"
VERSION = 1
"""The interchange version this program writes and the newest it reads."""

MAX_MARGIN = 60
"""Business days of safety margin; more than a bid period is certainly a typo."""
MAX_ERRORS_SHOWN = 50

E = TypeVar("E", bound=StrEnum)


class InterchangeError(UserError):
    """Interchange JSON that cannot be imported; ``errors`` holds one ``path: problem`` each."""

    def __init__(self, errors: Sequence[str], *, source: str = "") -> None:
        self.errors = tuple(errors)
        where = f"{source}: " if source else ""
        shown = "; ".join(self.errors[:MAX_ERRORS_SHOWN])
        more = len(self.errors) - MAX_ERRORS_SHOWN
        if more > 0:
            shown += f"; ほか{more}件"
        super().__init__(
            f"{where}交換用JSONに{len(self.errors)}件の誤りがあるため、何も取り込みませんでした: "
            f"{shown}"
        )


def iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- writing ------------------------------------------------------------------------


def property_to_json(prop: Property, *, with_id: bool = False) -> JsonDict:
    """A property as in `parse --json` (contracts.md), optionally with its id."""
    data: JsonDict = {"id": prop.id} if with_id else {}
    data.update(
        {
            "court": prop.court,
            "case_number": prop.case_number,
            "property_numbers": list(prop.property_numbers),
            "kind": prop.kind,
            "farmland": prop.farmland,
            "address": prop.address,
            "base_price": prop.base_price,
            "minimum_bid": prop.minimum_bid,
            "deposit": prop.deposit,
            "deposit_estimated": prop.deposit_estimated,
            "viewing_start": iso(prop.viewing_start),
            "bid_period_start": iso(prop.bid_period_start),
            "bid_period_end": iso(prop.bid_period_end),
            "opening_date": iso(prop.opening_date),
            "sale_decision_date": iso(prop.sale_decision_date),
            "special_sale_start": iso(prop.special_sale_start),
            "special_sale_end": iso(prop.special_sale_end),
            "status": prop.status.value,
            "warnings": list(prop.warnings),
            "creditor_offer": prop.creditor_offer,
        }
    )
    return data


def settings_to_json(settings: Settings) -> JsonDict:
    return {
        "cash_on_hand": settings.cash_on_hand,
        "reserve": settings.reserve,
        "financing": [
            {"name": f.name, "amount": f.amount, "available_from": iso(f.available_from)}
            for f in settings.financing
        ],
        "transfer_margin": settings.transfer_margin,
        "mail_margin": settings.mail_margin,
    }


def bidder_to_json(bidder: Bidder) -> JsonDict:
    account = bidder.refund_account
    return {
        "id": bidder.id,
        "kind": bidder.kind.value,
        "name": bidder.name,
        "name_kana": bidder.name_kana,
        "address": bidder.address,
        "birth_date": iso(bidder.birth_date),
        "representative_title": bidder.representative_title,
        "representative_name": bidder.representative_name,
        "sex": bidder.sex,
        "officers": [
            {
                "name": o.name,
                "name_kana": o.name_kana,
                "birth_date": iso(o.birth_date),
                "sex": o.sex,
                "address": o.address,
            }
            for o in bidder.officers
        ],
        "refund_account": None
        if account is None
        else {
            "bank": account.bank,
            "branch": account.branch,
            "type": account.type,
            "number": account.number,
            "holder_kana": account.holder_kana,
        },
    }


def bid_to_json(bid: Bid) -> JsonDict:
    """A bid as in contracts.md, plus ``win_probability``, ``acquisition_costs``, ``note``."""
    agent, loan, transfer, outcome = bid.agent, bid.loan, bid.transfer, bid.outcome
    return {
        "id": bid.id,
        "property": bid.property or None,
        "bidder": bid.bidder or None,
        "amount": bid.amount,
        "method": bid.method.value,
        "submission": bid.submission.value,
        "planned_submission": iso(bid.planned_submission),
        "agent": None
        if agent is None
        else {"name": agent.name, "address": agent.address, "relation": agent.relation},
        "joint_bidders": list(bid.joint_bidders),
        "loan": None
        if loan is None
        else {
            "lender": loan.lender,
            "amount": loan.amount,
            "expected_date": iso(loan.expected_date),
        },
        "transfer": None
        if transfer is None
        else {
            "date": iso(transfer.date),
            "payer_name": transfer.payer_name,
            "payer_kana": transfer.payer_kana,
            "channel": transfer.channel.value,
            "amount": transfer.amount,
        },
        "documents": [
            {
                "type": d.type.value,
                "issued": iso(d.issued),
                "name": d.name,
                "status": d.status.value,
                "note": d.note,
                "representative": d.representative,
            }
            for d in bid.documents
        ],
        "outcome": None
        if outcome is None
        else {
            "result": outcome.result.value,
            "top_bid": outcome.top_bid,
            "payment_deadline": iso(outcome.payment_deadline),
            "paid_date": iso(outcome.paid_date),
            "refund_date": iso(outcome.refund_date),
            "refund_amount": outcome.refund_amount,
            "withdrawn_date": iso(outcome.withdrawn_date),
        },
        "win_probability": bid.win_probability,
        "acquisition_costs": bid.acquisition_costs,
        "note": bid.note,
        "funder": bid.funder or None,
    }


def portfolio_to_json(
    portfolio: Portfolio, results: Sequence[SaleResult] | None = None
) -> JsonDict:
    """The whole portfolio as the `dump` document (contracts.md "Interchange JSON"); with
    ``results``, the 売却結果 history too (the `results` list, left out when empty: a missing
    list means none)."""
    properties = []
    for prop in portfolio.properties:
        data = property_to_json(prop, with_id=True)
        data["note"] = prop.note
        # issue 17: written when entered (a missing key is null, so older files still match)
        if prop.bid_limit is not None:
            data["bid_limit"] = analysis_json.bid_limit_to_json(prop.bid_limit)
        if prop.risks is not None:
            data["risks"] = analysis_json.risks_to_json(prop.risks)
        properties.append(data)
    return {
        "format": FORMAT,
        "version": VERSION,
        "settings": settings_to_json(portfolio.settings),
        "bidders": [bidder_to_json(b) for b in portfolio.bidders],
        "properties": properties,
        "bids": [bid_to_json(b) for b in portfolio.bids],
    } | ({"results": [result_to_json(r) for r in results]} if results else {})


# --- reading ------------------------------------------------------------------------


def _at(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


class _Reader:
    """Reads values out of JSON objects, collecting one ``path: problem`` per error.

    A wrong value gives its field's default so that reading goes on and every error of
    the document is reported at once; the result is discarded when any error was found.
    """

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def obj(self, value: object, path: str) -> dict[str, object] | None:
        """``value`` as an object; None (without an error) for null or missing."""
        if value is None:
            return None
        if not isinstance(value, dict):
            self.fail(path or "(全体)", "expected an object")
            return None
        return value

    def items(self, data: dict[str, object], key: str, path: str) -> Iterator[tuple[object, str]]:
        value = data.get(key)
        if value is None:
            return
        if not isinstance(value, list):
            self.fail(_at(path, key), "expected a list")
            return
        for index, item in enumerate(value):
            yield item, f"{_at(path, key)}[{index}]"

    def _string(self, value: object, path: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, "expected a string")
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(path, "expected a string of valid characters")
            return None
        return value

    def text(self, data: dict[str, object], key: str, path: str) -> str:
        """A string field whose absence is the empty string."""
        return self._string(data.get(key), _at(path, key)) or ""

    def optional_text(self, data: dict[str, object], key: str, path: str) -> str | None:
        return self._string(data.get(key), _at(path, key))

    def texts(self, data: dict[str, object], key: str, path: str) -> tuple[str, ...]:
        found = []
        for item, item_path in self.items(data, key, path):
            text = self._string(item, item_path)
            if text is None and item is None:
                self.fail(item_path, "expected a string")
            if text is not None:
                found.append(text)
        return tuple(found)

    def yen(self, data: dict[str, object], key: str, path: str) -> int | None:
        """An amount in the range every input accepts (domain/limits)."""
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(_at(path, key), "expected an integer yen amount")
            return None
        if not yen_in_range(value):
            self.fail(_at(path, key), f"expected an integer yen amount from 0 to {MAX_YEN:,}")
            return None
        return value

    def price(self, data: dict[str, object], key: str, path: str, label: str) -> int | None:
        """An amount that is a price: 0円 is refused as everywhere (money.check_price)."""
        value = self.yen(data, key, path)
        try:
            return check_price(value, label)
        except MoneyError as error:
            self.fail(_at(path, key), str(error).rstrip("。"))  # one of a list of problems
            return None

    def whole(
        self, data: dict[str, object], key: str, path: str, *, default: int, high: int
    ) -> int:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
            self.fail(_at(path, key), f"expected an integer from 0 to {high}")
            return default
        return value

    def percent(self, data: dict[str, object], key: str, path: str) -> int | None:
        if data.get(key) is None:
            return None
        return self.whole(data, key, path, default=0, high=100)

    def flag(self, data: dict[str, object], key: str, path: str) -> bool:
        value = data.get(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.fail(_at(path, key), "expected true or false")
            return False
        return value

    def day(self, data: dict[str, object], key: str, path: str) -> date | None:
        value = data.get(key)
        if value is None:
            return None
        day = iso_date(value) if isinstance(value, str) else None
        if day is None:
            self.fail(_at(path, key), "expected a date YYYY-MM-DD")
        elif not date_in_range(day):
            self.fail(_at(path, key), f"expected a date from {MIN_DATE} to {MAX_DATE}")
            day = None
        return day

    def choice(self, data: dict[str, object], key: str, path: str, kind: type[E], default: E) -> E:
        value = data.get(key)
        if value is None:
            return default
        if isinstance(value, str):
            for member in kind:
                if member.value == value:
                    return member
        names = ", ".join(member.value for member in kind)
        self.fail(_at(path, key), f"expected one of {names}")
        return default

    def required_choice(
        self, data: dict[str, object], key: str, path: str, kind: type[E], default: E
    ) -> E:
        if data.get(key) is None:
            names = ", ".join(member.value for member in kind)
            self.fail(_at(path, key), f"expected one of {names}")
            return default
        return self.choice(data, key, path, kind, default)


def _read_settings(reader: _Reader, value: object) -> Settings:
    data = reader.obj(value, "settings")
    if data is None:
        return Settings()
    financing = []
    for item, path in reader.items(data, "financing", "settings"):
        entry = reader.obj(item, path)
        if entry is None:
            reader.fail(path, "expected an object")
            continue
        financing.append(
            Financing(
                name=reader.text(entry, "name", path),
                amount=reader.yen(entry, "amount", path) or 0,
                available_from=reader.day(entry, "available_from", path),
            )
        )
    return Settings(
        cash_on_hand=reader.yen(data, "cash_on_hand", "settings") or 0,
        reserve=reader.yen(data, "reserve", "settings") or 0,
        financing=tuple(financing),
        transfer_margin=reader.whole(
            data, "transfer_margin", "settings", default=Settings().transfer_margin, high=MAX_MARGIN
        ),
        mail_margin=reader.whole(
            data, "mail_margin", "settings", default=Settings().mail_margin, high=MAX_MARGIN
        ),
    )


def _read_officers(reader: _Reader, data: dict[str, object], path: str) -> tuple[Officer, ...]:
    officers = []
    for item, officer_path in reader.items(data, "officers", path):
        entry = reader.obj(item, officer_path)
        if entry is None:
            reader.fail(officer_path, "expected an object")
            continue
        officers.append(
            Officer(
                name=reader.text(entry, "name", officer_path),
                name_kana=reader.text(entry, "name_kana", officer_path),
                birth_date=reader.day(entry, "birth_date", officer_path),
                sex=reader.text(entry, "sex", officer_path),
                address=reader.text(entry, "address", officer_path),
            )
        )
    return tuple(officers)


def _read_account(reader: _Reader, value: object, path: str) -> RefundAccount | None:
    data = reader.obj(value, path)
    if data is None:
        return None
    return RefundAccount(
        bank=reader.text(data, "bank", path),
        branch=reader.text(data, "branch", path),
        type=reader.optional_text(data, "type", path) or RefundAccount().type,
        number=reader.text(data, "number", path),
        holder_kana=reader.text(data, "holder_kana", path),
    )


def _read_bidder(reader: _Reader, data: dict[str, object], path: str) -> Bidder:
    # Keyword arguments are evaluated in order: errors come out in the document's order.
    return Bidder(
        kind=reader.choice(data, "kind", path, BidderKind, BidderKind.INDIVIDUAL),
        name=reader.text(data, "name", path),
        name_kana=reader.text(data, "name_kana", path),
        address=reader.text(data, "address", path),
        birth_date=reader.day(data, "birth_date", path),
        representative_title=reader.optional_text(data, "representative_title", path),
        representative_name=reader.optional_text(data, "representative_name", path),
        sex=reader.text(data, "sex", path),
        officers=_read_officers(reader, data, path),
        refund_account=_read_account(
            reader, data.get("refund_account"), _at(path, "refund_account")
        ),
    )


def _read_property(reader: _Reader, data: dict[str, object], path: str) -> Property:
    return Property(
        court=reader.optional_text(data, "court", path),
        case_number=reader.optional_text(data, "case_number", path),
        property_numbers=reader.texts(data, "property_numbers", path),
        kind=reader.optional_text(data, "kind", path),
        farmland=reader.flag(data, "farmland", path),
        address=reader.optional_text(data, "address", path),
        base_price=reader.price(data, "base_price", path, "売却基準価額"),
        minimum_bid=reader.price(data, "minimum_bid", path, "買受可能価額"),
        deposit=reader.price(data, "deposit", path, "買受申出保証額"),
        deposit_estimated=reader.flag(data, "deposit_estimated", path),
        viewing_start=reader.day(data, "viewing_start", path),
        bid_period_start=reader.day(data, "bid_period_start", path),
        bid_period_end=reader.day(data, "bid_period_end", path),
        opening_date=reader.day(data, "opening_date", path),
        sale_decision_date=reader.day(data, "sale_decision_date", path),
        special_sale_start=reader.day(data, "special_sale_start", path),
        special_sale_end=reader.day(data, "special_sale_end", path),
        status=reader.choice(data, "status", path, PropertyStatus, PropertyStatus.ANNOUNCED),
        warnings=reader.texts(data, "warnings", path),
        note=reader.text(data, "note", path),
        creditor_offer=reader.price(data, "creditor_offer", path, "民執法63条2項1号の申出額"),
        bid_limit=analysis_json.bid_limit_from_json(
            data.get("bid_limit"), _at(path, "bid_limit"), reader.fail
        ),
        risks=analysis_json.risks_from_json(data.get("risks"), _at(path, "risks"), reader.fail),
    )


def _read_documents(reader: _Reader, data: dict[str, object], path: str) -> tuple[Document, ...]:
    documents = []
    for item, doc_path in reader.items(data, "documents", path):
        entry = reader.obj(item, doc_path)
        if entry is None:
            reader.fail(doc_path, "expected an object")
            continue
        documents.append(
            Document(
                type=reader.required_choice(entry, "type", doc_path, DocType, DocType.BID_FORM),
                issued=reader.day(entry, "issued", doc_path),
                name=reader.text(entry, "name", doc_path),
                status=reader.choice(entry, "status", doc_path, DocStatus, DocStatus.MISSING),
                note=reader.text(entry, "note", doc_path),
                representative=reader.text(entry, "representative", doc_path),
            )
        )
    return tuple(documents)


def _read_agent(reader: _Reader, value: object, path: str) -> Agent | None:
    data = reader.obj(value, path)
    if data is None:
        return None
    return Agent(
        name=reader.text(data, "name", path),
        address=reader.text(data, "address", path),
        relation=reader.text(data, "relation", path),
    )


def _read_loan(reader: _Reader, value: object, path: str) -> Loan | None:
    data = reader.obj(value, path)
    if data is None:
        return None
    return Loan(
        lender=reader.text(data, "lender", path),
        amount=reader.yen(data, "amount", path) or 0,
        expected_date=reader.day(data, "expected_date", path),
    )


def _read_transfer(reader: _Reader, value: object, path: str) -> Transfer | None:
    data = reader.obj(value, path)
    if data is None:
        return None
    return Transfer(
        date=reader.day(data, "date", path),
        payer_name=reader.text(data, "payer_name", path),
        payer_kana=reader.text(data, "payer_kana", path),
        channel=reader.choice(data, "channel", path, Channel, Channel.COUNTER),
        amount=reader.yen(data, "amount", path),
    )


def _read_outcome(reader: _Reader, value: object, path: str) -> Outcome | None:
    data = reader.obj(value, path)
    if data is None:
        return None
    return Outcome(
        result=reader.required_choice(data, "result", path, OutcomeResult, OutcomeResult.LOST),
        top_bid=reader.price(data, "top_bid", path, "最高価"),
        payment_deadline=reader.day(data, "payment_deadline", path),
        paid_date=reader.day(data, "paid_date", path),
        refund_date=reader.day(data, "refund_date", path),
        refund_amount=reader.yen(data, "refund_amount", path),
        withdrawn_date=reader.day(data, "withdrawn_date", path),
    )


def _read_bid(reader: _Reader, data: dict[str, object], path: str) -> Bid:
    # Keyword arguments are evaluated in order: errors come out in the document's order.
    return Bid(
        property=reader.text(data, "property", path),
        bidder=reader.text(data, "bidder", path),
        amount=reader.price(data, "amount", path, "入札額"),
        method=reader.choice(data, "method", path, PaymentMethod, PaymentMethod.TRANSFER),
        submission=reader.choice(data, "submission", path, Submission, Submission.IN_PERSON),
        planned_submission=reader.day(data, "planned_submission", path),
        agent=_read_agent(reader, data.get("agent"), _at(path, "agent")),
        joint_bidders=reader.texts(data, "joint_bidders", path),
        loan=_read_loan(reader, data.get("loan"), _at(path, "loan")),
        transfer=_read_transfer(reader, data.get("transfer"), _at(path, "transfer")),
        documents=_read_documents(reader, data, path),
        outcome=_read_outcome(reader, data.get("outcome"), _at(path, "outcome")),
        win_probability=reader.percent(data, "win_probability", path),
        acquisition_costs=reader.yen(data, "acquisition_costs", path),
        note=reader.text(data, "note", path),
        funder=reader.text(data, "funder", path),
    )


def _read_id(reader: _Reader, data: dict[str, object], path: str, seen: set[str]) -> str:
    """The entry's id; a missing one gets a placeholder no JSON id can reference by chance."""
    value = data.get("id")
    if value is None:
        return f"#{path}"
    if not isinstance(value, str) or not value:
        reader.fail(_at(path, "id"), "expected a non-empty string")
        return f"#{path}"
    if value in seen:
        reader.fail(_at(path, "id"), f'duplicate id "{value}"')
    seen.add(value)
    return value


def _read_section(
    reader: _Reader, root: dict[str, object], key: str, read: Callable[..., Any]
) -> list[Any]:
    seen: set[str] = set()
    found = []
    for item, path in reader.items(root, key, ""):
        data = reader.obj(item, path)
        if data is None:
            reader.fail(path, "expected an object")
            continue
        entry_id = _read_id(reader, data, path, seen)
        found.append(replace(read(reader, data, path), id=entry_id))
    return found


def _check_references(
    reader: _Reader, bids: list[Bid], properties: list[Property], bidders: list[Bidder]
) -> None:
    property_ids = {p.id for p in properties}
    bidder_ids = {b.id for b in bidders}
    for index, bid in enumerate(bids):
        path = f"bids[{index}]"
        if bid.property and bid.property not in property_ids:
            reader.fail(f"{path}.property", f'no property with id "{bid.property}"')
        if bid.bidder and bid.bidder not in bidder_ids:
            reader.fail(f"{path}.bidder", f'no bidder with id "{bid.bidder}"')
        for position, joint in enumerate(bid.joint_bidders):
            if joint not in bidder_ids:
                reader.fail(f"{path}.joint_bidders[{position}]", f'no bidder with id "{joint}"')
        if bid.funder and bid.funder not in bidder_ids:
            reader.fail(f"{path}.funder", f'no bidder with id "{bid.funder}"')


def portfolio_from_json(data: object, *, source: str = "") -> Portfolio:
    """The portfolio of an interchange document (contracts.md), ids as written.

    Raises InterchangeError naming the JSON path of every wrong type or value, of every
    duplicate id and of every reference to an id that is not in the document."""
    reader = _Reader()
    root = reader.obj(data, "")
    if root is None:
        raise InterchangeError(reader.errors or ["(全体): expected an object"], source=source)
    if root.get("format") != FORMAT:
        reader.fail("format", f'expected "{FORMAT}"')
    version = root.get("version", VERSION)
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        reader.fail("version", "expected an integer version")
    elif version > VERSION:
        reader.fail("version", f"version {version} is newer than this program reads ({VERSION})")
    settings = _read_settings(reader, root.get("settings"))
    bidders: list[Bidder] = _read_section(reader, root, "bidders", _read_bidder)
    properties: list[Property] = _read_section(reader, root, "properties", _read_property)
    bids: list[Bid] = _read_section(reader, root, "bids", _read_bid)
    _check_references(reader, bids, properties, bidders)
    if reader.errors:
        raise InterchangeError(reader.errors, source=source)
    return Portfolio(
        settings=settings, bidders=tuple(bidders), properties=tuple(properties), bids=tuple(bids)
    )


def load_json(text: str, *, source: str = "") -> object:
    """JSON text as values; text that is not JSON is one InterchangeError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InterchangeError(
            [f"(全体): JSONとして読めません({error.lineno}行{error.colno}列)"], source=source
        ) from None
    except RecursionError:
        raise InterchangeError(["(全体): 入れ子が深すぎます"], source=source) from None
    except ValueError:
        # int() refuses numbers of more than 4,300 digits: far outside any amount anyway.
        raise InterchangeError(["(全体): 桁の多すぎる数があります"], source=source) from None


def portfolio_from_text(text: str, *, source: str = "") -> Portfolio:
    """``portfolio_from_json`` of JSON text."""
    return portfolio_from_json(load_json(text, source=source), source=source)


# --- importing into a portfolio ---------------------------------------------------------


def merge_into(
    incoming: Portfolio, new_id: Callable[[str], str], *, with_settings: bool = False
) -> Change:
    """The Change that adds ``incoming`` to a portfolio whose fresh ids come from ``new_id``
    (PortfolioStore.new_id): every property, bidder and bid gets a new id, and the bids'
    references follow, so an import never collides with what is already there. The order
    of the entries is kept (dump → import → dump gives the same document)."""
    # New ids go by position: parsed properties all come without an id ("").
    new_properties = tuple(replace(p, id=new_id("p")) for p in incoming.properties)
    new_bidders = tuple(replace(b, id=new_id("b")) for b in incoming.bidders)
    property_ids = {
        old.id: new.id
        for old, new in zip(incoming.properties, new_properties, strict=True)
        if old.id
    }
    bidder_ids = {
        old.id: new.id for old, new in zip(incoming.bidders, new_bidders, strict=True) if old.id
    }
    bids = tuple(
        replace(
            bid,
            id=new_id("x"),
            property=property_ids.get(bid.property, ""),
            bidder=bidder_ids.get(bid.bidder, ""),
            joint_bidders=tuple(bidder_ids[j] for j in bid.joint_bidders if j in bidder_ids),
            funder=bidder_ids.get(bid.funder, ""),
        )
        for bid in incoming.bids
    )
    return Change(
        put_properties=new_properties,
        put_bidders=new_bidders,
        put_bids=bids,
        settings=incoming.settings if with_settings else None,
    )


@dataclass(frozen=True, kw_only=True)
class Incoming:
    """What one import file holds, before it is added to a portfolio."""

    portfolio: Portfolio
    warnings: tuple[str, ...] = ()
    has_settings: bool = False
    results: tuple[SaleResult, ...] = ()
    """The 売却結果 history of an interchange document (its `results` list)."""


def read_incoming_file(data: bytes, source: str) -> Incoming:
    """``read_incoming`` of a file's bytes: an Excel, ZIP, PDF, portfolio or other binary
    file is refused first, with a hint (the window and `import` both come through here)."""
    refuse_binary(data, source)
    return read_incoming(decode_text(data, source), source)


def read_incoming(text: str, source: str) -> Incoming:
    """The contents of an import file by its suffix: ``.json`` interchange JSON, ``.csv`` a
    property table with a header row, anything else announcement text. A calendar, or JSON
    or CSV content under another suffix, is refused with a hint rather than read as junk.
    Raises a UserError (naming the JSON path, or the row and column) when anything in it is
    wrong."""
    suffix = PurePath(source).suffix.lower()
    refuse_text(text, source, as_json=suffix == ".json", as_csv=suffix == ".csv")
    if suffix == ".json":
        data = load_json(text, source=source)
        portfolio = portfolio_from_json(data, source=source)
        has_settings = isinstance(data, dict) and data.get("settings") is not None
        return Incoming(
            portfolio=portfolio,
            has_settings=has_settings,
            warnings=_attachments_left(data),
            results=results_from_json(data, source=source),
        )
    if suffix == ".csv":
        return Incoming(portfolio=Portfolio(properties=properties_from_csv(text, source)))
    result = parse_announcement(text, source=source)
    return Incoming(portfolio=Portfolio(properties=result.properties), warnings=result.warnings)


def _attachments_left(data: object) -> tuple[str, ...]:
    """A dump lists its attachments (name, size, sha256) without their bytes: importing it
    adds everything else and says the files stayed behind (issue 17 item 4)."""
    listed = data.get("attachments") if isinstance(data, dict) else None
    if not isinstance(listed, list) or not listed:
        return ()
    return (
        f"attachments: 添付ファイル{len(listed)}件はJSONに中身がないため取り込みませんでした"
        "(元のポートフォリオから attachments --extract で書き出し、attach で添付し直して"
        "ください)。",
    )


# --- the 売却結果 history (the `results` list; contracts.md `results --json`) -----------


def result_to_json(result: SaleResult) -> JsonDict:
    return {
        "court": result.court,
        "case_number": result.case_number,
        "property_numbers": list(result.property_numbers),
        "kind": result.kind,
        "address": result.address,
        "base_price": result.base_price,
        "sale_price": result.sale_price,
        "result": result.result.value,
        "bidders": result.bidders,
        "winner": result.winner.value if result.winner is not None else None,
        "opening_date": iso(result.opening_date),
    }


def _read_result(reader: _Reader, data: dict[str, object], path: str) -> SaleResult | None:
    errors = len(reader.errors)
    court = reader.optional_text(data, "court", path)
    case = reader.optional_text(data, "case_number", path)
    opening = reader.day(data, "opening_date", path)
    for key, value in (("court", court), ("case_number", case), ("opening_date", opening)):
        if value is None and data.get(key) is None:
            reader.fail(_at(path, key), "required")
    numbers = reader.texts(data, "property_numbers", path)
    if not numbers:
        reader.fail(_at(path, "property_numbers"), "expected a non-empty list of strings")
    result = reader.required_choice(data, "result", path, SaleOutcome, SaleOutcome.SOLD)
    winner_value = data.get("winner")
    winner = (
        None
        if winner_value is None
        else reader.choice(data, "winner", path, BidderKind, BidderKind.INDIVIDUAL)
    )
    bidders = (
        None
        if data.get("bidders") is None
        else reader.whole(data, "bidders", path, default=0, high=100_000)
    )
    sale = reader.price(data, "sale_price", path, "売却価額")
    if result is SaleOutcome.SOLD and sale is None and data.get("sale_price") is None:
        reader.fail(_at(path, "sale_price"), "required for a sold result")
    if result is not SaleOutcome.SOLD and data.get("sale_price") is not None:
        reader.fail(_at(path, "sale_price"), "expected null unless sold")
    if len(reader.errors) > errors or court is None or case is None or opening is None:
        return None
    return SaleResult(
        court=court,
        case_number=case,
        property_numbers=numbers,
        kind=reader.optional_text(data, "kind", path),
        address=reader.optional_text(data, "address", path),
        base_price=reader.price(data, "base_price", path, "売却基準価額"),
        sale_price=sale,
        result=result,
        bidders=bidders,
        winner=winner,
        opening_date=opening,
    )


def results_from_json(data: object, *, source: str = "") -> tuple[SaleResult, ...]:
    """The `results` list of an interchange document (absent in older files: none).
    Raises InterchangeError naming the JSON path of every wrong value."""
    reader = _Reader()
    root = data if isinstance(data, dict) else {}
    found: list[SaleResult] = []
    for item, path in reader.items(root, "results", ""):
        entry = reader.obj(item, path)
        if entry is None:
            reader.fail(path, "expected an object")
            continue
        result = _read_result(reader, entry, path)
        if result is not None:
            found.append(result)
    if reader.errors:
        raise InterchangeError(reader.errors, source=source)
    return tuple(found)
