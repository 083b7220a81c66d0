"""The glossary of a bid's dates: one name per date, used by the window, the checks and
every export (a date called 振込推奨日 in one place and 余裕を見た振込予定日 in another
reads as two dates).

``name`` is what a table cell, a figure or a sentence calls the date; ``label`` the same
name with what it is about, where there is room (今後の期限, the calendar). Both say the
name, so the user meets one word per date.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str
    label: str
    meaning: str


SAFE_TRANSFER = Term(
    "振込推奨日",
    "保証金の振込推奨日",
    "振込最終日より「資金の設定」の銀行営業日数だけ前の、余裕を見た振込の日。",
)
LAST_TRANSFER = Term(
    "振込最終日",
    "保証金の振込最終日",
    "保証金の着金が間に合う最後の銀行営業日(入札期間内、振込証明書を封筒に入れる日まで)。",
)
MAIL_SEND_BY = Term(
    "郵送期限",
    "入札書の郵送期限(書留で発送)",
    "郵送の入札書が入札期間内に届くよう、書留で発送する最後の日。",
)
LAST_IN_PERSON = Term(
    "持参最終日",
    "入札書の持参最終日",
    "入札書を執行官室へ持参できる最後の開庁日。",
)
CERTIFICATE_EXPIRY = Term(
    "証明書の期限",
    "証明書の期限(この日までに提出)",
    "住民票・登記事項証明書が発行から3か月以内として使える最後の日。",
)
OPENING = Term("開札期日", "開札期日", "入札書が開かれ、最高価買受申出人が決まる日。")
PAYMENT = Term("代金納付期限", "代金納付期限", "落札した場合に残代金を納める期限(裁判所が通知)。")
REFUND = Term(
    "返還確認",
    "保証金の返還確認",
    "落札できなかった保証金が戻ったかを裁判所に確かめる目安の日。",
)
PLANNED_SUBMISSION = Term(
    "提出予定日", "入札書の提出予定日", "入札書を持参する日、または郵送で発送する日(予定)。"
)

GLOSSARY: tuple[Term, ...] = (
    SAFE_TRANSFER,
    LAST_TRANSFER,
    MAIL_SEND_BY,
    LAST_IN_PERSON,
    CERTIFICATE_EXPIRY,
    OPENING,
    PAYMENT,
    REFUND,
    PLANNED_SUBMISSION,
)

RETIRED_NAMES = (
    "余裕を見た振込予定日",
    "振込予定日(余裕あり)",
    "振込の目安",
    "振込の最終日",
    "着金の最終日",
    "持参の最終日",
    "郵送の期限",
    "発送期限",
)
"""Other names these dates had; none may come back (tests/test_glossary.py)."""
