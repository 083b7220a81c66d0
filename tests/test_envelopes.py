"""The envelope checklist of a mailed bid (issue 18 item 5): which paper goes into the
sealed 白封筒 and which beside it into the outer envelope (domain.paperwork.envelopes,
from 金沢地方裁判所「期間入札についての注意」 and 民執規則47条・48条), on one page."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from forms_fixtures import PORTFOLIO, TODAY, X1, X2
from pypdf import PdfReader

from biddesk.domain.models import DocType, PaymentMethod, Submission
from biddesk.domain.paperwork.envelopes import NEVER_INNER, SOURCE, Envelope, envelope_of
from biddesk.forms.envelope import write_envelope_checklists


@pytest.mark.parametrize(
    ("paper", "envelope"),
    [
        # the deposit's proof: outside the 白封筒, always (the triggering case)
        (DocType.TRANSFER_PROOF, Envelope.OUTER),
        (DocType.GUARANTEE_PROOF, Envelope.OUTER),
        # the bid itself and who bids: sealed inside (the near miss)
        (DocType.BID_FORM, Envelope.INNER),
        (DocType.RESIDENCE, Envelope.INNER),
        (DocType.REGISTRY, Envelope.INNER),
        (DocType.PROXY, Envelope.INNER),
        (DocType.FARMLAND_CERT, Envelope.INNER),
        (DocType.JOINT_PERMISSION, Envelope.INNER),
        (DocType.STATEMENT, Envelope.OUTER),
        (DocType.LOAN_NOTICE, Envelope.OUTER),
    ],
)
def test_each_paper_has_its_envelope(paper: DocType, envelope: Envelope) -> None:
    assert envelope_of(paper) is envelope


def test_every_paper_is_placed_and_the_deposit_never_inside() -> None:
    assert {envelope_of(t) for t in NEVER_INNER} == {Envelope.OUTER}
    assert {envelope_of(t) for t in DocType} == set(Envelope)
    assert "courts.go.jp" in SOURCE and "47条" in SOURCE and "48条" in SOURCE


def pages(path: Path) -> list[str]:
    return [page.extract_text().replace("\n", "") for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def checklist(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    target = tmp_path_factory.mktemp("envelope") / "封筒.pdf"
    assert write_envelope_checklists(PORTFOLIO, target, today=TODAY, name="テスト") == 1
    return pages(target)


def test_one_page_per_mailed_bid_only(checklist: list[str]) -> None:
    assert len(checklist) == 1  # x2 goes by mail; x1 is handed in, x3–x5 are done
    assert "令和7年(ケ)第88号 物件1,2" in checklist[0]
    assert "令和7年(ケ)第1234号" not in checklist[0]


def test_the_white_envelope_holds_the_bid_and_who_bids_not_the_deposit(
    checklist: list[str],
) -> None:
    text = checklist[0]
    inner = text[text.index("2. 白封筒") : text.index("3. 外封筒")]
    outer = text[text.index("3. 外封筒") : text.index("4. 入れてはいけない")]
    # x2: a corporation (登記事項証明書), through an agent (委任状), farmland (買受適格証明書)
    for paper in ("入札書", "登記事項証明書", "委任状", "買受適格証明書"):
        assert paper in inner, paper
    assert "入札保証金振込証明書" not in inner
    assert "入札保証金振込証明書(振込金受取書を貼る)" in outer
    assert "陳述書" in outer and "上の白封筒(封をしたもの)" in outer
    # what to write on it: 事件番号, 物件番号, 開札期日 (民執規則47条)
    assert "事件番号 令和7年(ケ)第88号 物件番号 1,2 開札期日 令和9年1月27日(水)" in inner


def test_what_must_not_go_in_and_where_it_goes(checklist: list[str]) -> None:
    text = checklist[0]
    never = text[text.index("4. 入れてはいけない") : text.index("5. 外封筒の宛先")]
    assert "入札保証金振込証明書を白封筒に入れる" in never
    assert "2件以上の入札書を1通の白封筒に" in never
    assert "現金・小切手" in never


def test_dates_address_and_source(checklist: list[str]) -> None:
    text = checklist[0]
    assert "発送する日令和9年1月12日(火)" in text  # the planned posting
    assert "到着見込み日" in text and "入札期間の末日令和9年1月20日(水)" in text
    assert "〒" in text and "さいたま地方裁判所川越支部 執行官 宛" in text  # lines to write
    assert "書留" in text
    assert "https://www.courts.go.jp/kanazawa/saiban/tetsuzuki/kyobai/index.html" in text


def test_a_guarantee_names_its_certificate(tmp_path: Path) -> None:
    guaranteed = replace(X2, method=PaymentMethod.GUARANTEE, transfer=None)
    book = replace(PORTFOLIO, bids=(X1, guaranteed))
    target = tmp_path / "g.pdf"
    write_envelope_checklists(book, target, today=TODAY)
    text = pages(target)[0]
    assert "支払保証委託契約締結証明書を白封筒に入れる" in text
    assert "入札保証金振込証明書" not in text


def test_near_miss_no_mailed_bid_gives_one_page_saying_so(tmp_path: Path) -> None:
    handed_in = replace(X2, submission=Submission.IN_PERSON)
    target = tmp_path / "none.pdf"
    assert write_envelope_checklists(replace(PORTFOLIO, bids=(X1, handed_in)), target, today=TODAY)
    assert "郵送で提出する準備中の入札はありません" in pages(target)[0]
