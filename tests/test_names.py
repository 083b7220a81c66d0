"""Name comparison: exact strings decide, normalisation only explains."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from biddesk.domain.paperwork.names import (
    NameMatch,
    compare_names,
    kana_difference,
    kana_matches,
    normalize_kana,
)

SAME, VARIANT, MISMATCH = NameMatch.SAME, NameMatch.VARIANT, NameMatch.MISMATCH


@pytest.mark.parametrize(
    ("expected", "written", "kind", "explains"),
    [
        ("山田 太郎", "山田 太郎", SAME, "一致"),
        ("山田 太郎", " 山田 太郎 ", SAME, "一致"),  # outer whitespace is input noise
        ("山田 太郎", "山田太郎", VARIANT, "空白"),
        ("山田　太郎", "山田 太郎", VARIANT, "全角半角"),  # 全角 space
        ("ＡＢＣ株式会社", "ABC株式会社", VARIANT, "全角・半角"),
        ("髙橋 一郎", "高橋 一郎", VARIANT, "「髙」と「高」"),
        ("山﨑 健", "山崎 健", VARIANT, "「﨑」と「崎」"),
        ("渡邊 修", "渡辺 修", VARIANT, "異体字"),
        ("渡邉 修", "渡邊 修", VARIANT, "異体字"),
        ("齋藤 茂", "斎藤 茂", VARIANT, "異体字"),
        ("德永 学", "徳永 学", VARIANT, "異体字"),
        ("株式会社ヤマダ商事", "(株)ヤマダ商事", MISMATCH, "「株式会社」と正式に"),
        ("株式会社ヤマダ商事", "㈱ヤマダ商事", MISMATCH, "略記"),
        ("有限会社田中", "(有)田中", MISMATCH, "「有限会社」"),
        ("株式会社ヤマダ商事", "ヤマダ商事株式会社", MISMATCH, "前株・後株"),
        ("株式会社ヤマダ商事", "有限会社ヤマダ商事", MISMATCH, "会社の種類"),
        ("山田 太郎", "山田 次郎", MISMATCH, "名前が違います"),
        ("山田 太郎", "", MISMATCH, "記入されていません"),
        ("高橋 一郎", "髙橋 二郎", MISMATCH, "名前が違います"),  # variant plus a real change
        # Differences nobody can see: the message says which character and where.
        ("山田 太郎", "山田\u200b 太郎", VARIANT, "書類の名義にゼロ幅スペース(U+200B)"),
        ("山田\ufeff 太郎", "山田 太郎", VARIANT, "入札人の名前にBOM"),
        ("辻 一郎", "辻\U000e0100 一郎", VARIANT, "「辻」の異体字セレクタ(U+E0100)"),
        ("山田\u200b 太郎", "山田 次郎", MISMATCH, "名前が違います"),  # near miss: a real change
        ("ジョン・スミス", "ジョン スミス", VARIANT, "中黒(・)と空白"),
        ("ジョン・スミス", "ジョン・スミス", SAME, "一致"),
        ("ABC株式会社", "Abc株式会社", MISMATCH, "大文字・小文字が違います(「B」と「b」"),
        ("ABC株式会社", "ＡＢＣ株式会社", VARIANT, "全角・半角"),  # near miss: width only
    ],
)
def test_compare_names(expected: str, written: str, kind: NameMatch, explains: str) -> None:
    verdict = compare_names(expected, written)
    assert verdict.kind is kind
    assert explains in verdict.explanation


def test_variant_is_never_same() -> None:
    # The verdict uses exact strings: normalisation never turns a difference into SAME.
    assert not compare_names("髙橋", "高橋").is_same
    assert compare_names("高橋", "高橋").is_same


def test_labels_are_japanese() -> None:
    assert [k.label for k in NameMatch] == ["一致", "表記ゆれ", "不一致"]


@given(st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != ""))
@settings(max_examples=60)
def test_a_name_is_the_same_as_itself(name: str) -> None:
    assert compare_names(name, name).kind is SAME


@pytest.mark.parametrize(
    ("furigana", "payer", "matches"),
    [
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", True),  # half width, dakuten
        ("やまだ たろう", "ヤマダタロウ", True),  # hiragana furigana
        ("キッタ ショウ", "ｷﾂﾀ ｼﾖｳ", True),  # banks write small kana large
        ("ジョー", "ｼﾞﾖ-", True),  # long vowel as a hyphen
        ("カブシキガイシャ ヤマダショウジ", "ｶ)ﾔﾏﾀﾞｼﾖｳｼﾞ", True),  # 前株 abbreviation
        ("ヤマダショウジ", "ﾔﾏﾀﾞｼﾖｳｼﾞ(ｶ", True),  # 後株 abbreviation
        ("ヤマダ タロウ", "ﾔﾏﾀ ﾀﾛｳ", False),  # ダ vs タ is a different name
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ｼﾞﾛｳ", False),
        ("", "ﾔﾏﾀﾞ", False),
        ("ヤマダ", "", False),
    ],
)
def test_kana_matches(furigana: str, payer: str, matches: bool) -> None:
    assert kana_matches(furigana, payer) is matches


@pytest.mark.parametrize(
    ("furigana", "payer", "name", "difference"),
    [
        ("ヤマダ", "ｶ)ﾔﾏﾀﾞ", "有限会社ヤマダ", "株式会社の口座名義、入札人は有限会社"),
        ("ヤマダ", "ﾕ)ﾔﾏﾀﾞ", "有限会社ヤマダ", None),  # near miss: the same type
        ("ユウゲンガイシャ ヤマダ", "ｶ)ﾔﾏﾀﾞ", "有限会社ヤマダ", "入札人は有限会社"),
        ("ヤマダ", "ﾔﾏﾀﾞ(ｶ)", "ヤマダ(株)", None),  # (株) in the name is 株式会社
        ("ヤマダ", "ﾔﾏﾀﾞ", "株式会社ヤマダ", "個人の口座"),  # a personal account pays
        ("ヤマダ タロウ", "ｶ)ﾔﾏﾀﾞﾀﾛｳ", "山田 太郎", "入札人は個人"),  # a company pays
        ("ヤマダ タロウ", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田 太郎", None),
        ("ヤマダ", "ﾔﾏﾀﾞ", "一般社団法人ヤマダ", None),  # no bank abbreviation known: not compared
        ("ヤマダ", "ﾔﾏﾀ", "株式会社ヤマダ", "読みが違います"),
        ("ゴウドウガイシャ ヤマダ", "ﾄﾞ)ﾔﾏﾀﾞ", "合同会社ヤマダ", None),
    ],
)
def test_kana_difference_compares_the_company_type(
    furigana: str, payer: str, name: str, difference: str | None
) -> None:
    found = kana_difference(furigana, payer, name=name)
    if difference is None:
        assert found is None
    else:
        assert found is not None and difference in found


def test_normalize_kana_is_bank_style() -> None:
    assert normalize_kana("しょう・たろう") == "シヨウタロウ"
