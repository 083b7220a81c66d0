"""Which envelope each paper of a mailed bid goes into: the sealed 白封筒 or the outer one.

A bid sent by mail (民執規則47条: 入札書は執行官に差し出す; by post or 信書便) travels as
two envelopes:

- the 白封筒 (入札書用封筒), sealed, with 事件番号, 物件番号 and 開札期日 written on it
  (規則47条: 入札書を入れ、封をし、開札期日を記載した封筒):
  the 入札書 and the papers that identify the bidder — 住民票 (an individual), the
  登記事項証明書 as 資格証明書 (a corporation), the 委任状 (an agent), the 買受適格証明書
  (farmland), the 共同入札の許可書 (a joint bid). One 入札書 per 白封筒. It is opened only
  at the 開札期日.
- the outer envelope, addressed to the court's 執行官 and sent by 書留: the sealed 白封筒,
  and beside it the 入札保証金振込証明書 (the bank's 振込金受取書 pasted on it) or the
  支払保証委託契約締結証明書, handed to the 執行官 as a paper of its own (規則48条) and
  never inside the 白封筒 (the court's guidance: 絶対に白封筒に入れないでください), the
  陳述書 (民執規則31条の2) with its 別紙, and an 82条申出書 (民執法82条2項).

Source: 金沢地方裁判所「期間入札についての注意」(入札の方法 (5) 1・2: the 白封筒's
contents; 「入札保証金振込証明書又は支払保証委託契約締結証明書は、絶対に白封筒に入れない
でください」; by mail, the 白封筒 and the 振込証明書 together to the 執行官),
https://www.courts.go.jp/kanazawa/saiban/tetsuzuki/kyobai/index.html; 民執規則47条・48条・
31条の2. Courts differ in details (where the 陳述書 goes): the 公告 and the court's 入札書
set are followed first, which the checklist says.
"""

from __future__ import annotations

from enum import StrEnum

from biddesk.domain.models import DocType

SOURCE = (
    "民執規則47条(入札書の差出し)・48条(保証の提供)・31条の2(陳述書)、"
    "金沢地方裁判所「期間入札についての注意」"
    "https://www.courts.go.jp/kanazawa/saiban/tetsuzuki/kyobai/index.html"
)


class Envelope(StrEnum):
    INNER = "inner"
    """The sealed 白封筒 (入札書用封筒)."""
    OUTER = "outer"
    """The outer envelope, sent to the 執行官 by 書留."""

    @property
    def label(self) -> str:
        return "白封筒(入札書用封筒・封をする)" if self is Envelope.INNER else "外封筒(郵送用)"


_INNER = frozenset(
    {
        DocType.BID_FORM,
        DocType.RESIDENCE,
        DocType.REGISTRY,
        DocType.PROXY,
        DocType.FARMLAND_CERT,
        DocType.JOINT_PERMISSION,
    }
)
NEVER_INNER = frozenset({DocType.TRANSFER_PROOF, DocType.GUARANTEE_PROOF})
"""The deposit's proof (規則48条): outside the sealed 白封筒, whatever else goes in."""


def envelope_of(doc_type: DocType) -> Envelope:
    """The envelope a paper of a mailed bid goes into (see the module's source)."""
    return Envelope.INNER if doc_type in _INNER else Envelope.OUTER
