"""根拠 per paper: the rule that asks for each 提出書類, shown with a DOC_MISSING finding.

DOC_MISSING's registry source names every paper's rule at once; a finding about one paper
names the rule for that paper only (``Finding.basis``), so 「入札書がまだ揃っていません」
reads 民執規則47条, not the 82条申出書's 民執法82条2項.

Sources: 民事執行法 65条の2・82条2項; 民事執行規則 33条 (買受けの資格の制限), 38条
(入札書・資格証明・代理権の証明・共同入札の許可・陳述書, 期間入札に49条で準用),
40条1項4号 (支払保証委託契約), 47条 (期間入札の入札書の差出し・送付), 48条 (保証の提供
方法); 農地法3条・5条; the courts' 期間入札の手続案内 (添付書類: 住民票・登記事項証明書).
"""

from __future__ import annotations

from collections.abc import Mapping

from biddesk.domain.models import DocType

PAPER_SOURCES: Mapping[DocType, str] = {
    DocType.BID_FORM: "民執規則47条(期間入札の入札書の差出し・送付)、49条→38条2項(記載事項)",
    DocType.TRANSFER_PROOF: "民執規則48条1項1号(保証の提供: 金融機関への振込の証明書)",
    DocType.GUARANTEE_PROOF: "民執規則48条1項2号→40条1項4号(支払保証委託契約の証明文書)",
    DocType.STATEMENT: "民執法65条の2、民執規則31条の2(暴力団員等に該当しない旨の陳述書)",
    DocType.RESIDENCE: "裁判所の期間入札の手続案内(個人の入札人は住民票を添付)",
    DocType.REGISTRY: ("民執規則49条→38条3項(法人の代表者の資格証明)、裁判所の期間入札の手続案内"),
    DocType.PROXY: "民執規則49条→38条3項(代理人は代理権を証する文書を提出)",
    DocType.JOINT_PERMISSION: "民執規則49条→38条5項(共同入札は執行官の許可)",
    DocType.LOAN_NOTICE: "民執法82条2項(融資を受けて代金を納付する場合の申出書)",
    DocType.FARMLAND_CERT: ("農地法3条・5条、民執規則33条・49条→38条4項(買受適格証明書の提出)"),
}
"""The rule asking for each paper; every DocType has one (tests/test_paper_sources.py)."""


def paper_source(doc_type: DocType) -> str:
    """The 根拠 of a DOC_MISSING finding about ``doc_type``."""
    return PAPER_SOURCES[doc_type]
