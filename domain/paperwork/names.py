"""Name consistency: the name on each document against the bidder's name.

The verdict compares exact strings (only surrounding whitespace, which no document shows,
is ignored). Normalisation — NFKC (全角/半角), spaces, (株)/㈱ → 株式会社, a table of
variant kanji — is used only to *explain* a difference, never to accept it:

- SAME: the strings are equal.
- VARIANT: equal once width, spaces or variant kanji are folded. Confirm against the
  certificate (NAME_VARIANT, a warning).
- MISMATCH: anything else, including (株) for 株式会社 — the 入札書 must carry the
  registered 商号 exactly (NAME_MISMATCH, an error).

Bank transfers carry a katakana name (振込依頼人カナ); ``kana_matches`` compares it with the
bidder's furigana the way banks write kana (half width, large kana, no spaces).
Source: court practice (入札書・振込依頼人・証明書の名義は住民票/登記事項証明書のとおり).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class NameMatch(StrEnum):
    SAME = "same"
    VARIANT = "variant"
    MISMATCH = "mismatch"

    @property
    def label(self) -> str:
        return {"same": "一致", "variant": "表記ゆれ", "mismatch": "不一致"}[self.value]


@dataclass(frozen=True, kw_only=True)
class NameVerdict:
    kind: NameMatch
    explanation: str

    @property
    def is_same(self) -> bool:
        return self.kind is NameMatch.SAME


# Variant kanji (異体字) met in names → a common form. Only used to explain a difference:
# 髙橋 and 高橋 are different registrations, so the user must confirm which one is right.
VARIANT_KANJI: dict[str, str] = {
    "髙": "高",
    "﨑": "崎",
    "嵜": "崎",
    "碕": "崎",
    "邊": "辺",
    "邉": "辺",
    "齋": "斎",
    "齊": "斎",
    "斉": "斎",
    "德": "徳",
    "濵": "浜",
    "濱": "浜",
    "廣": "広",
    "澤": "沢",
    "櫻": "桜",
    "國": "国",
    "槇": "槙",
    "冨": "富",
    "眞": "真",
    "瀨": "瀬",
    "曻": "昇",
    "舘": "館",
    "嶋": "島",
    "嶌": "島",
    "峯": "峰",
    "籔": "薮",
    "藪": "薮",
    "惠": "恵",
    "榮": "栄",
    "壽": "寿",
    "龍": "竜",
    "實": "実",
    "條": "条",
    "淵": "渕",
    "𠮷": "吉",
    "桒": "桑",
    "兒": "児",
    "彌": "弥",
    "靜": "静",
}

# Abbreviated legal forms (NFKC turns ㈱ into (株)); the registered 商号 is never abbreviated.
LEGAL_FORM_ABBREVIATIONS: dict[str, str] = {
    "(株)": "株式会社",
    "(有)": "有限会社",
    "(同)": "合同会社",
    "(資)": "合資会社",
    "(名)": "合名会社",
    "(一社)": "一般社団法人",
    "(一財)": "一般財団法人",
}
PLAIN_MISMATCH = "名前が違います。"
"""The explanation when nothing but the name itself differs."""

_LEGAL_FORMS = tuple(dict.fromkeys(LEGAL_FORM_ABBREVIATIONS.values()))


def _squeeze(text: str) -> str:
    """NFKC without any whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _expand(text: str) -> str:
    for short, full in LEGAL_FORM_ABBREVIATIONS.items():
        text = text.replace(short, full)
    return text


def _fold_variants(text: str) -> str:
    return "".join(VARIANT_KANJI.get(ch, ch) for ch in text)


def _without_legal_form(text: str) -> str:
    for form in _LEGAL_FORMS:
        text = text.replace(form, "")
    return text


def _variant_pairs(expected: str, written: str) -> list[str]:
    """The differing characters of two same-length strings, as 「髙」と「高」."""
    pairs = [f"「{a}」と「{b}」" for a, b in zip(expected, written, strict=True) if a != b]
    return list(dict.fromkeys(pairs))


# Characters that show nothing (or only change the glyph of the one before): a pasted name
# can carry them, and two names that look the same then differ.
_INVISIBLE_NAMES = {
    0x200B: "ゼロ幅スペース",
    0x200C: "ゼロ幅非接合子",
    0x200D: "ゼロ幅接合子",
    0x2060: "ワードジョイナー",
    0xFEFF: "BOM(ゼロ幅ノーブレークスペース)",
    0x00AD: "ソフトハイフン",
}


def _is_variation_selector(ch: str) -> bool:
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF


def _is_invisible(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf" or _is_variation_selector(ch)


def _describe_invisible(text: str) -> str:
    names = []
    for index, ch in enumerate(text):
        if _is_variation_selector(ch):
            base = text[index - 1] if index else ""
            names.append(f"「{base}」の異体字セレクタ(U+{ord(ch):04X})")
        elif _is_invisible(ch):
            names.append(f"{_INVISIBLE_NAMES.get(ord(ch), '見えない文字')}(U+{ord(ch):04X})")
    return "・".join(dict.fromkeys(names))


def _without_invisible(text: str) -> str:
    return "".join(ch for ch in text if not _is_invisible(ch))


def _invisible_verdict(expected: str, written: str) -> NameVerdict | None:
    """Names that differ only by characters nobody can see: say which and where."""
    if _without_invisible(expected) != _without_invisible(written):
        return None
    found = "、".join(
        f"{which}に{described}"
        for which, text in (("入札人の名前", expected), ("書類の名義", written))
        if (described := _describe_invisible(text))
    )
    if any(_is_variation_selector(ch) for ch in expected + written):
        advice = "字形の違う異体字の指定です。証明書と同じ字か確認してください。"
    else:
        advice = "画面では同じに見えますが別の文字列です。名前を入力し直してください。"
    return NameVerdict(kind=NameMatch.VARIANT, explanation=f"{found}が含まれています。{advice}")


def compare_names(expected: str, written: str) -> NameVerdict:
    """Compare the name a document should carry (``expected``) with what it carries."""
    expected, written = expected.strip(), written.strip()
    if expected == written:
        return NameVerdict(kind=NameMatch.SAME, explanation="一致しています。")
    if not written:
        return NameVerdict(kind=NameMatch.MISMATCH, explanation="名前が記入されていません。")
    invisible = _invisible_verdict(expected, written)
    if invisible is not None:
        return invisible
    squeezed_expected, squeezed_written = _squeeze(expected), _squeeze(written)
    if squeezed_expected != squeezed_written and squeezed_expected.replace(
        "・", ""
    ) == squeezed_written.replace("・", ""):
        return NameVerdict(
            kind=NameMatch.VARIANT,
            explanation="中黒(・)と空白の違いだけです。証明書と同じ書き方か確認してください。",
        )
    if (
        squeezed_expected != squeezed_written
        and squeezed_expected.casefold() == squeezed_written.casefold()
        and len(squeezed_expected) == len(squeezed_written)
    ):
        pairs = "、".join(_variant_pairs(squeezed_expected, squeezed_written))
        return NameVerdict(
            kind=NameMatch.MISMATCH,
            explanation=f"英字の大文字・小文字が違います({pairs})。登記・住民票のとおりに書いてください。",
        )
    if squeezed_expected == squeezed_written:
        no_space_same = re.sub(r"\s+", "", expected) == re.sub(r"\s+", "", written)
        same_width = unicodedata.normalize("NFKC", expected) == unicodedata.normalize(
            "NFKC", written
        )
        if no_space_same:
            reason = "空白(有無・位置・全角半角)だけが違います。"
        elif same_width:
            reason = "全角・半角(または互換文字)の違いだけです。"
        else:
            reason = "全角・半角と空白の違いだけです。"
        return NameVerdict(kind=NameMatch.VARIANT, explanation=reason)
    expanded_expected, expanded_written = _expand(squeezed_expected), _expand(squeezed_written)
    abbreviations = [
        short
        for short in LEGAL_FORM_ABBREVIATIONS
        if short in squeezed_written and short not in squeezed_expected
    ]
    if abbreviations and _fold_variants(expanded_expected) == _fold_variants(expanded_written):
        full = "・".join(f"「{LEGAL_FORM_ABBREVIATIONS[short]}」" for short in abbreviations)
        shorts = "・".join(f"「{short}」" for short in abbreviations)
        return NameVerdict(
            kind=NameMatch.MISMATCH,
            explanation=f"{shorts}は略記です。登記のとおり{full}と正式に書いてください。",
        )
    if (
        expanded_expected != expanded_written
        and _without_legal_form(expanded_expected) == _without_legal_form(expanded_written)
        and _without_legal_form(expanded_expected)
    ):
        return NameVerdict(
            kind=NameMatch.MISMATCH,
            explanation="会社の種類または「株式会社」等の位置(前株・後株)が違います。",
        )
    folded_expected, folded_written = (
        _fold_variants(squeezed_expected),
        _fold_variants(squeezed_written),
    )
    if folded_expected == folded_written:
        pairs = "、".join(_variant_pairs(squeezed_expected, squeezed_written))
        return NameVerdict(
            kind=NameMatch.VARIANT,
            explanation=f"異体字の違いがあります({pairs})。証明書と同じ字か確認してください。",
        )
    return NameVerdict(kind=NameMatch.MISMATCH, explanation=PLAIN_MISMATCH)


# --- katakana (bank transfer names) -------------------------------------------------

# Banks (全銀 character set) write small kana large and long vowels as a hyphen.
_SMALL_TO_LARGE = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_LONG_VOWELS = str.maketrans({"-": "ー", "‐": "ー", "－": "ー", "−": "ー", "ｰ": "ー"})
# The company types a bank writes in a kana account name: in full, or abbreviated as カ)ヤマダ
# (前株) / ヤマダ(カ (後株) — the 全銀協 abbreviations. Source: 全国銀行協会 振込依頼人名の略語.
KANA_LEGAL_FORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "株式会社": ("カ", ("カブシキガイシヤ", "カブシキカイシヤ")),
    "有限会社": ("ユ", ("ユウゲンガイシヤ", "ユウゲンカイシヤ")),
    "合同会社": ("ド", ("ゴウドウガイシヤ", "ゴウドウカイシヤ")),
    "合名会社": ("メ", ("ゴウメイガイシヤ", "ゴウメイカイシヤ")),
    "合資会社": ("シ", ("ゴウシガイシヤ", "ゴウシカイシヤ")),
}
_ABBREVIATED_FORM = {short: form for form, (short, _) in KANA_LEGAL_FORMS.items()}
_SHORTS = "".join(_ABBREVIATED_FORM)
_KANA_ABBREVIATION = re.compile(rf"^([{_SHORTS}])\)|\(([{_SHORTS}])\)?$|\(([{_SHORTS}])\)")


def _bank_kana(text: str) -> str:
    """Full-width katakana, large kana, long vowels as ー, no spaces or dots."""
    text = unicodedata.normalize("NFKC", text).translate(_LONG_VOWELS)
    text = "".join(chr(ord(ch) + 0x60) if "ぁ" <= ch <= "ゖ" else ch for ch in text)
    return re.sub(r"[\s・.,]+", "", text.translate(_SMALL_TO_LARGE))


def _split_kana_form(kana: str) -> tuple[str | None, str]:
    """(the company type written in bank kana or None, the name without it)."""
    form = None
    for full_form, (_, spellings) in KANA_LEGAL_FORMS.items():
        for spelling in spellings:
            if spelling in kana:
                form, kana = full_form, kana.replace(spelling, "")
    match = _KANA_ABBREVIATION.search(kana)
    if match:
        form = _ABBREVIATED_FORM[next(group for group in match.groups() if group)]
        kana = kana[: match.start()] + kana[match.end() :]
    return form, kana.replace("(", "").replace(")", "")


def legal_form_of(name: str) -> str | None:
    """The company type in a registered name (株式会社 for 「株式会社ヤマダ」 or 「ヤマダ(株)」)."""
    expanded = _expand(_squeeze(name))
    return next((form for form in _LEGAL_FORMS if form in expanded), None)


def normalize_kana(text: str) -> str:
    """Kana as a bank compares it: full-width katakana, large kana, no spaces or dots, and
    without the company type (compared on its own by ``kana_difference``)."""
    return _split_kana_form(_bank_kana(text))[1]


def kana_difference(furigana: str, payer_kana: str, *, name: str | None = None) -> str | None:
    """Why the transfer's katakana payer name does not read as the bidder's, or None.

    Half/full width, hiragana/katakana, spaces, small kana (banks write ャ as ヤ) and the way
    banks abbreviate the company type (カ) for 株式会社) are not differences; the type itself
    is: ｶ)ﾔﾏﾀﾞ is a 株式会社 and cannot be 有限会社ヤマダ, nor the individual ヤマダ. The bidder's
    type is read from the furigana, else from the registered ``name`` (None: not known, so
    the type is compared only when the furigana carries one). A type the bank table does not
    know (一般社団法人 …) is not compared."""
    bidder_form, bidder_kana = _split_kana_form(_bank_kana(furigana))
    payer_form, payer_name = _split_kana_form(_bank_kana(payer_kana))
    if not bidder_kana or bidder_kana != payer_name:
        return "名前の読みが違います。"
    if bidder_form is None and name is not None:
        bidder_form = legal_form_of(name)
    elif bidder_form is None:
        return None
    comparable = bidder_form is None or bidder_form in KANA_LEGAL_FORMS
    if comparable and bidder_form != payer_form:
        written = f"{payer_form}の口座名義" if payer_form else "会社の種類のない名義(個人の口座)"
        expected = bidder_form or "個人"
        return f"会社の種類が違います(振込は{written}、入札人は{expected})。"
    return None


def kana_matches(furigana: str, payer_kana: str, *, name: str | None = None) -> bool:
    """Does the transfer's katakana payer name read as the bidder's (``kana_difference``)?"""
    return kana_difference(furigana, payer_kana, name=name) is None
