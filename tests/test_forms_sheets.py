"""Form sheets: a folder per open bid with what to write in each box, marked as drafts."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from forms_fixtures import MIRAI, PORTFOLIO, TODAY, X1, X2, YAMADA
from pdf_checks import glyphs_of
from pdf_checks import text as pdf_text
from pypdf import PdfReader

from biddesk.domain.models import Agent, PaymentMethod, Portfolio
from biddesk.forms.labels import katakana
from biddesk.forms.pdf import digit_cells
from biddesk.forms.sheets import folder_name, write_form_sheets

X1_DIR = "令和7年(ケ)第1234号_物件1_山田 太郎"
X2_DIR = "令和7年(ケ)第88号_物件1,2_株式会社みらい不動産"


def text_of(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


@pytest.fixture(scope="module")
def forms_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("forms") / "控え"
    write_form_sheets(PORTFOLIO, root, today=TODAY, name="テスト")
    return root


def test_one_folder_per_open_bid(forms_dir: Path) -> None:
    folders = sorted(p.name for p in forms_dir.iterdir() if not p.name.startswith("."))
    assert folders == [X1_DIR, X2_DIR]  # (hidden: the folder's marker, forms.atomic)


def test_files_follow_the_bid(forms_dir: Path) -> None:
    x1 = sorted(p.name for p in (forms_dir / X1_DIR).iterdir())
    x2 = sorted(p.name for p in (forms_dir / X2_DIR).iterdir())
    assert x1 == [
        "入札書_記入控え.pdf",
        "入札準備シート.pdf",
        "振込依頼書_記入控え.pdf",
        "陳述書_下書き.pdf",
    ]
    # an agent → a 委任状; sent by mail → the envelope checklist (forms.envelope)
    assert x2 == sorted([*x1, "委任状_下書き.pdf", "封筒チェックリスト.pdf"])


def test_every_form_page_says_it_is_a_draft(forms_dir: Path) -> None:
    for path in forms_dir.rglob("*.pdf"):
        if path.name in ("入札準備シート.pdf", "封筒チェックリスト.pdf"):  # no form to copy
            continue
        for text in text_of(path):
            assert "記入控え(下書き)です。この用紙は提出できません。" in text, path
            assert "裁判所の正式な様式に書き写してください" in text


def test_bid_form_boxes(forms_dir: Path) -> None:
    text = text_of(forms_dir / X2_DIR / "入札書_記入控え.pdf")[0]
    for expected in (
        "さいたま地方裁判所川越支部 執行官 殿",
        "令和7年(ケ)第88号",
        "1,2",
        "900万円",
        "株式会社みらい不動産",
        "代表取締役 佐藤 花子",
        "鈴木 一郎",
        "1,630,000円",
        "■ 振込証明書によって納付",
        "□ 支払保証委託契約締結証明書",
        "令和9年1月12日",
    ):
        assert expected in text, expected


def test_amount_digits_are_boxed_right_aligned() -> None:
    assert digit_cells(9_000_000) == ["", "", "", "9", "0", "0", "0", "0", "0", "0"]
    assert digit_cells(None) == [""] * 10
    assert digit_cells(12_345_678_901) == list("12345678901")  # more places when needed


def test_transfer_form_names_in_kanji_and_katakana(forms_dir: Path) -> None:
    text = text_of(forms_dir / X1_DIR / "振込依頼書_記入控え.pdf")[0]
    for expected in (
        "山田 太郎",
        "ヤマダ タロウ",
        "246万8,000円",  # the amount in words (money.yen_in_words), as the 入札書's
        "電信扱い",
        "令和8年12月7日(月)",  # handed in 12/7: the transfer is due by then (規則48条)
        "令和7年(ケ)第1234号",
    ):
        assert expected in text, expected
    assert "令和8年12月9日(水)" not in text  # the period's last bank day no longer applies


def test_transfer_form_flags_the_recorded_payer(forms_dir: Path) -> None:
    text = text_of(forms_dir / X2_DIR / "振込依頼書_記入控え.pdf")[0]
    assert "(株)みらい不動産" in text and "不一致" in text


def test_katakana_of_furigana() -> None:
    assert katakana("やまだ たろう") == "ヤマダ タロウ"
    assert katakana("ﾔﾏﾀﾞ") == "ヤマダ"


def test_statement_for_an_individual(forms_dir: Path) -> None:
    pages = text_of(forms_dir / X1_DIR / "陳述書_下書き.pdf")
    assert len(pages) == 1
    assert "暴力団員等に該当しない旨の陳述書" in pages[0]
    assert "山田 太郎" in pages[0] and "昭和55年4月1日" in pages[0]


def test_corporate_statement_has_the_officers_annex_without_details(forms_dir: Path) -> None:
    pages = text_of(forms_dir / X2_DIR / "陳述書_下書き.pdf")
    assert len(pages) == 2
    assert "別紙「役員一覧」のとおり" in pages[0]
    annex = pages[1]
    assert "佐藤 花子" in annex and "髙橋 一郎" in annex
    assert "昭和50年8月12日" not in annex  # birth date withheld by default
    assert "阿佐谷北" not in annex  # address withheld
    assert "登記事項証明書・住民票で確認して記入" in annex


def test_officer_details_only_when_asked(tmp_path: Path) -> None:
    write_form_sheets(PORTFOLIO, tmp_path, today=TODAY, include_officer_details=True)
    annex = text_of(tmp_path / X2_DIR / "陳述書_下書き.pdf")[1]
    assert "昭和50年8月12日" in annex and "阿佐谷北" in annex


def test_proxy_draft(forms_dir: Path) -> None:
    text = text_of(forms_dir / X2_DIR / "委任状_下書き.pdf")[0]
    assert "委任状" in text and "鈴木 一郎" in text and "従業員" in text
    assert "期間入札に関する一切の件" in text


def test_guarantee_bid_has_no_transfer_form(tmp_path: Path) -> None:
    guaranteed = replace(X1, method=PaymentMethod.GUARANTEE, transfer=None)
    portfolio = replace(PORTFOLIO, bids=(guaranteed,))
    files = write_form_sheets(portfolio, tmp_path, today=TODAY)
    assert "振込依頼書_記入控え.pdf" not in {f.name for f in files}
    text = text_of(tmp_path / X1_DIR / "入札書_記入控え.pdf")[0]
    assert "■ 支払保証委託契約締結証明書" in text


def test_joint_bid_has_a_statement_per_bidder(tmp_path: Path) -> None:
    joint = replace(X1, joint_bidders=("b1", "b2"))
    portfolio = replace(PORTFOLIO, bids=(joint,), bidders=(YAMADA, MIRAI))
    write_form_sheets(portfolio, tmp_path, today=TODAY)
    pages = text_of(tmp_path / X1_DIR / "陳述書_下書き.pdf")
    assert len(pages) == 3  # 山田, みらい不動産, みらい不動産の別紙
    assert "山田 太郎" in pages[0] and "株式会社みらい不動産" in pages[1]
    bid_form = text_of(tmp_path / X1_DIR / "入札書_記入控え.pdf")[0]
    assert "共同入札人 氏名" in bid_form


def test_a_funder_states_their_own_and_is_named_on_the_bidders(tmp_path: Path) -> None:
    # 民執法65条の2第2号: the person on whose account the bid is made.
    funded = replace(X1, funder="b2")
    sexed = replace(YAMADA, sex="男")
    portfolio = replace(PORTFOLIO, bids=(funded,), bidders=(sexed, MIRAI))
    write_form_sheets(portfolio, tmp_path, today=TODAY)
    pages = text_of(tmp_path / X1_DIR / "陳述書_下書き.pdf")
    assert len(pages) == 3  # 山田, then the funder みらい不動産 and its 別紙
    assert "いる: 株式会社みらい不動産" in pages[0]
    assert "性別\n男" in pages[0] and "□ 男" not in pages[0]  # the recorded 性別
    assert "株式会社みらい不動産" in pages[1]
    # Near miss: no funder recorded, no extra page, and the box says so.
    write_form_sheets(replace(portfolio, bids=(X1,)), tmp_path / "plain", today=TODAY)
    plain = text_of(tmp_path / "plain" / X1_DIR / "陳述書_下書き.pdf")
    assert len(plain) == 1 and "いない" in plain[0]


def test_unregistered_people_get_a_statement_page_that_says_so(tmp_path: Path) -> None:
    """The same people as the checklist (paperwork.statement_signers): a joint bidder or a
    funder who is not a registered bidder still gets a page, which says to register them
    (never the file's id on a paper)."""
    bid = replace(X1, joint_bidders=("b1", "b9"), funder="b8")
    portfolio = replace(PORTFOLIO, bids=(bid,), bidders=(YAMADA,))
    write_form_sheets(portfolio, tmp_path, today=TODAY)
    pages = text_of(tmp_path / X1_DIR / "陳述書_下書き.pdf")
    assert len(pages) == 3  # 山田, b9, b8
    assert "山田 太郎" in pages[0]
    assert "登録がありません" in pages[1] and "登録がありません" in pages[2]
    assert not any(id_ in page for page in pages for id_ in ("b8", "b9"))
    # Near miss: the funder is the bidder: no second page.
    write_form_sheets(
        replace(portfolio, bids=(replace(X1, funder="b1"),)), tmp_path / "own", today=TODAY
    )
    assert len(text_of(tmp_path / "own" / X1_DIR / "陳述書_下書き.pdf")) == 1


def test_folder_names_are_safe() -> None:
    from biddesk.forms.data import ExportData

    odd = replace(PORTFOLIO.properties[0], case_number="令和7年(ケ)第1/2号")
    portfolio = replace(PORTFOLIO, properties=(odd,), bids=(X1,))
    view = ExportData(portfolio=portfolio, today=TODAY).views[0]
    assert folder_name(view) == "令和7年(ケ)第1_2号_物件1_山田 太郎"


def test_returns_every_file_written(tmp_path: Path) -> None:
    files = write_form_sheets(PORTFOLIO, tmp_path, today=TODAY)
    assert sorted(files) == sorted(tmp_path.rglob("*.pdf"))
    assert len(files) == 10  # x2 is mailed: its 封筒チェックリスト too


def test_a_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import biddesk.forms.pdf
    import biddesk.forms.sheets

    calls = []
    real = biddesk.forms.pdf.build_pdf

    def flaky(*args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 6:
            raise RuntimeError("disk full")
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(biddesk.forms.sheets, "build_pdf", flaky)
    target = tmp_path / "out"
    with pytest.raises(RuntimeError):
        write_form_sheets(PORTFOLIO, target, today=TODAY)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_agentless_bid_without_amount_still_gets_blank_boxes(tmp_path: Path) -> None:
    undecided = replace(X2, amount=None, agent=None)
    portfolio = replace(PORTFOLIO, bids=(undecided,))
    write_form_sheets(portfolio, tmp_path, today=TODAY)
    text = text_of(tmp_path / X2_DIR / "入札書_記入控え.pdf")[0]
    assert "入札額が未定です" in text


# --- hostile text: variant kanji, emoji, texts longer than a page -----------------------

HUGE_ADDRESS = "".join(f"東京都江東区亀戸二丁目{100 + i}番地{i}、" for i in range(120))
"""2,300 characters: one form row taller than a page."""


def _odd_portfolio(name: str, address: str = "東京都世田谷区桜新町一丁目2番3号") -> Portfolio:
    """Every person of the fixture bids named ``name``: x1's bidder, x2's corporation,
    its officers and its agent."""
    person = replace(YAMADA, name=name, address=address)
    officers = tuple(replace(o, name=name, address=address) for o in MIRAI.officers)
    company = replace(MIRAI, name=name, address=address, officers=officers)
    agent = Agent(name=name, address=address, relation="従業員")
    return replace(
        PORTFOLIO,
        bidders=(person, company),
        bids=(PORTFOLIO.bids[0], replace(X2, agent=agent), *PORTFOLIO.bids[2:]),
    )


def test_a_variant_kanji_name_prints_as_written_on_every_form(tmp_path: Path) -> None:
    files = write_form_sheets(
        _odd_portfolio("𠮷田 太郎"), tmp_path, today=TODAY, include_officer_details=True
    )
    assert len(files) == 10  # x2 is mailed: its 封筒チェックリスト too
    for path in files:
        assert "𠮷田 太郎" in pdf_text(path), path
        glyphs = glyphs_of(path, "𠮷")
        assert glyphs and 0 not in glyphs.values(), path  # a real glyph, never .notdef
        assert "〓" not in pdf_text(path)


def test_an_emoji_prints_as_geta_with_a_warning_on_every_form(tmp_path: Path) -> None:
    files = write_form_sheets(_odd_portfolio("山田 🏠"), tmp_path, today=TODAY)
    for path in files:
        if path.name == "入札準備シート.pdf":
            continue
        text = pdf_text(path).replace("\n", "")
        assert "山田 〓" in text, path
        assert "同梱のどのフォントにもない文字(U+1F3E0)です" in text, path


def test_near_miss_no_warning_without_an_unprintable_character(forms_dir: Path) -> None:
    for path in forms_dir.rglob("*.pdf"):
        assert "同梱のどのフォントにもない文字" not in pdf_text(path), path


def test_texts_longer_than_a_page_wrap_onto_the_next_and_nothing_stops(tmp_path: Path) -> None:
    long_name = "山田" * 300
    files = write_form_sheets(
        _odd_portfolio(long_name, HUGE_ADDRESS), tmp_path, today=TODAY, include_officer_details=True
    )
    assert len(files) == 10  # x2 is mailed: its 封筒チェックリスト too
    folder = f"令和7年(ケ)第1234号_物件1_{long_name[:30]}"  # the name cut for the path
    statement = pdf_text(tmp_path / folder / "陳述書_下書き.pdf").replace("\n", "")
    assert statement.count("山田") >= 300  # the name in full (it may continue on a page)
    # the address in full, continued on the next page (the page's margins come between)
    assert statement.count("番地") >= 119 and "亀戸二丁目219番地119、" in statement
    assert len(PdfReader(tmp_path / folder / "陳述書_下書き.pdf").pages) >= 2
    for path in files:
        assert len(PdfReader(path).pages) >= 1
    sheet = PdfReader(tmp_path / folder / "入札準備シート.pdf")
    assert len(sheet.pages) == 1  # the one-page sheet cuts instead (…(以下省略))


def test_a_bidder_missing_from_the_file_is_not_named_by_its_id(tmp_path: Path) -> None:
    lost = replace(X1, bidder="b9", agent=Agent(name="鈴木 次郎"))
    files = write_form_sheets(replace(PORTFOLIO, bids=(lost,)), tmp_path, today=TODAY)
    folder = tmp_path / "令和7年(ケ)第1234号_物件1"
    assert {f.parent for f in files} == {folder}
    for path in files:
        text = "".join(text_of(path))
        assert "b9" not in text, path.name
    assert "登録がありません" in "".join(text_of(folder / "入札書_記入控え.pdf"))
