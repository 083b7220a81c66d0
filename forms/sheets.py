"""Form sheets per open bid: what to write in each box of the court's forms.

One folder per open bid holds
- 入札準備シート.pdf: the one-page preparation sheet (forms.report);
- 入札書_記入控え.pdf: 事件番号, 物件番号, the amount with its digits boxed and in words,
  the bidder's (and agent's) address and name, the deposit and how it is provided;
- 振込依頼書_記入控え.pdf (deposit by transfer): amount boxed, 事件番号, 振込依頼人 in kanji
  and katakana, the transfer days, the court's account as printed on its form;
- 陳述書_下書き.pdf: the 暴力団員等に該当しない旨の陳述書 (民執法65条の2, 民執規則31条の2)
  per bidder, for a corporation with the 別紙 of its officers;
- 委任状_下書き.pdf when an agent submits;
- 封筒チェックリスト.pdf for a bid sent by mail: what goes into the sealed 白封筒 and the
  outer envelope, and what must not (forms.envelope).

These are drafts to transcribe onto the court's official forms, and say so on every page.
Officers' birth dates, sex and addresses appear only with ``include_officer_details``;
otherwise the 別紙 shows empty boxes to fill in by hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table, TableStyle

from biddesk.domain.dates import format_wareki
from biddesk.domain.models import Bidder, BidderKind, PaymentMethod, Portfolio
from biddesk.domain.money import yen_in_words
from biddesk.domain.paperwork.documents import statement_signers
from biddesk.domain.paperwork.names import compare_names, kana_matches
from biddesk.domain.schedule.labels import LAST_TRANSFER, SAFE_TRANSFER
from biddesk.forms.atomic import Staging, staged
from biddesk.forms.data import BidView, ExportData
from biddesk.forms.envelope import ENVELOPE_FORM, mailed, write_envelope_page
from biddesk.forms.labels import DRAFT_NOTICE, katakana
from biddesk.forms.notices import unprintable_notice
from biddesk.forms.pdf import (
    FONT_COMMAND,
    GRID,
    PORTRAIT,
    PageInfo,
    build_pdf,
    digit_boxes,
    frame_size,
    para,
    styles,
    yen,
)
from biddesk.forms.progress import Progress, no_progress
from biddesk.forms.report import SHEET_TITLE, bid_sheet_story

WATERMARK = "下書き"
BLANK_DATE = "令和　　年　　月　　日"
BLANK = "(記入してください)"

BID_FORM = "入札書_記入控え"
TRANSFER_FORM = "振込依頼書_記入控え"
STATEMENT_FORM = "陳述書_下書き"
PROXY_FORM = "委任状_下書き"
# Every file name a bid's folder can hold (recognises folders written before the marker).
FORM_FILES = frozenset(
    f"{title}.pdf"
    for title in (SHEET_TITLE, BID_FORM, TRANSFER_FORM, STATEMENT_FORM, PROXY_FORM, ENVELOPE_FORM)
)

_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


UNREGISTERED = "(入札者一覧に登録がありません。登録してから出力してください)"
"""In place of a person the bid names but the file does not hold: never their id."""

FOLDER_NAME_PART = 30
"""Characters of the bidder's name in a folder name (a path part must stay short)."""


def folder_name(view: BidView) -> str:
    """A file-system-safe folder name: ``令和7年(ケ)第1234号_物件1_山田 太郎`` (the case and
    the bidder, as the user knows them: never the file's ids)."""
    bidder = view.bidder.name[:FOLDER_NAME_PART] if view.bidder is not None else ""
    parts = [view.case_number, f"物件{view.property_numbers}", bidder]
    text = "_".join(p for p in parts if p and p != "物件")
    return _UNSAFE.sub("_", text).strip(" .") or "入札"


def _date_or_blank(day: date | None) -> str:
    return format_wareki(day, weekday=False) if day is not None else BLANK_DATE


def _form_table(rows: Sequence[tuple[object, object]], label_width: float = 42 * mm) -> Table:
    """Label / content rows drawn like a paper form (Mincho, boxed)."""
    s = styles()
    width, _ = frame_size(PORTRAIT)
    data = [
        [
            label if isinstance(label, Flowable) else para(label, s.form),
            value if isinstance(value, Flowable) else para(value, s.form),
        ]
        for label, value in rows
    ]
    # splitInRow: a value longer than a page (a 29-parcel address) continues on the next
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT", splitInRow=1)
    table.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("BOX", (0, 0), (-1, -1), 1.0, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _head(title: str, view: BidView) -> list[Flowable]:
    s = styles()
    return [
        para(DRAFT_NOTICE, s.notice),
        *unprintable_notice(view),
        para(title, s.form_title),
        para(
            f"{(view.prop.court if view.prop else None) or '(裁判所)'} "
            f"{view.case_number or '(事件番号)'} 物件番号 {view.property_numbers or '－'}",
            s.small,
        ),
        Spacer(1, 3 * mm),
    ]


def _choice(options: Sequence[tuple[str, bool]]) -> str:
    return "　".join(f"{'■' if chosen else '□'} {text}" for text, chosen in options)


def _bidder_rows(bidder: Bidder | None, fallback: str) -> list[tuple[object, object]]:
    if bidder is None:
        return [("入札人", UNREGISTERED if fallback else BLANK)]
    if bidder.kind is BidderKind.CORPORATION:
        return [
            ("本店所在地", bidder.address or BLANK),
            ("商号(登記のとおり)", bidder.name or BLANK),
            (
                "代表者の資格・氏名",
                f"{bidder.representative_title or '(資格)'} {bidder.representative_name or BLANK}",
            ),
        ]
    return [("住所(住民票のとおり)", bidder.address or BLANK), ("氏名", bidder.name or BLANK)]


def bid_form_story(data: ExportData, view: BidView) -> list[Flowable]:
    """入札書 記入控え."""
    s = styles()
    bid = view.bid
    court = (view.prop.court if view.prop else None) or "(裁判所)"
    amount_words = view.check.in_words if view.check is not None else "(入札額が未定です)"
    rows: list[tuple[object, object]] = [
        ("あて先", f"{court} 執行官 殿"),
        ("日付(提出日)", _date_or_blank(bid.planned_submission)),
        ("事件番号", view.case_number or BLANK),
        ("物件番号", view.property_numbers or BLANK),
        ("入札価額", digit_boxes(bid.amount, box=9.5 * mm)),
        ("(確認)入札価額を文字で", amount_words),
        *_bidder_rows(view.bidder, bid.bidder),
    ]
    for joint in view.joint:
        rows += [("共同入札人 住所", joint.address or BLANK), ("共同入札人 氏名", joint.name)]
    if bid.agent is not None:
        rows += [
            ("代理人 住所", bid.agent.address or BLANK),
            ("代理人 氏名", bid.agent.name or BLANK),
        ]
    rows += [
        ("電話番号", "(日中に連絡のつく番号を記入)"),
        ("保証の額", yen(view.deposit)),
        (
            "保証の提供方法",
            _choice(
                [
                    ("振込証明書によって納付", bid.method is PaymentMethod.TRANSFER),
                    (
                        "支払保証委託契約締結証明書",
                        bid.method is PaymentMethod.GUARANTEE,
                    ),
                ]
            ),
        ),
    ]
    notes = [
        "入札価額はアラビア数字で1マスに1字ずつ、はっきり書きます。金額の訂正はできません"
        "(書き損じたら新しい用紙に書き直します)。",
        "様式の注意書き(「￥」の記入や押印の位置など)は裁判所ごとに違うことがあります。"
        "裁判所の様式の指示に従ってください。",
        "入札書・振込証明書・陳述書の名義は、住民票・登記事項証明書のとおりに書きます"
        "(「(株)」などの略記は不可)。押印は入札書と振込証明書の割印で同じ印を使います。",
        "1通の入札書に書けるのは1つの売却単位(一括売却はまとめて1通)です。",
    ]
    story = [*_head("入札書(期間入札) 記入控え", view), _form_table(rows), Spacer(1, 4 * mm)]
    story += [para("・" + note, s.small) for note in notes]
    return story


def _deposit_in_words(deposit: int | None) -> str:
    """The deposit as a 振込依頼書's 金額 is checked: in words (``246万8,000円``)."""
    return yen_in_words(deposit) if deposit is not None else "(保証額が不明です)"


def transfer_form_story(data: ExportData, view: BidView) -> list[Flowable]:
    """振込依頼書 記入控え (deposit by transfer at the bank counter)."""
    s = styles()
    bid, bidder, dates = view.bid, view.bidder, view.dates
    name = bidder.name if bidder is not None else BLANK
    kana = katakana(bidder.name_kana) if bidder is not None and bidder.name_kana else BLANK
    rows: list[tuple[object, object]] = [
        (
            "振込先",
            "振込依頼書に印字された裁判所の口座(書き換えない。"
            f"{(view.prop.court if view.prop else None) or '裁判所'}の様式を使う)",
        ),
        ("振込金額", digit_boxes(view.deposit, box=9.5 * mm)),
        ("(確認)金額を文字で", _deposit_in_words(view.deposit)),
        ("事件番号", view.case_number or BLANK),
        ("物件番号", view.property_numbers or BLANK),
        ("ご依頼人 おなまえ(漢字)", name),
        ("ご依頼人 フリガナ", kana),
        ("ご依頼人 住所", bidder.address if bidder is not None and bidder.address else BLANK),
        ("電話番号", "(記入)"),
        ("取扱い", "電信扱い・銀行の窓口で(ATM・インターネットバンキングは不可)"),
        (
            SAFE_TRANSFER.name,
            f"{format_wareki(dates.safe_transfer) if dates else BLANK}(余裕を見た日)",
        ),
        (
            LAST_TRANSFER.name,
            f"{format_wareki(dates.last_transfer) if dates else BLANK}"
            "(この日の銀行の当日扱い締切までに着金が必要)",
        ),
    ]
    transfer = bid.transfer
    checks: list[str] = []
    if transfer is not None and bidder is not None:
        if transfer.payer_name.strip():
            verdict = compare_names(bidder.name, transfer.payer_name)
            checks.append(
                f"記録された振込依頼人「{transfer.payer_name}」: {verdict.kind.label}"
                + ("" if verdict.is_same else f"({verdict.explanation})")
            )
        if transfer.payer_kana.strip():
            same = kana_matches(bidder.name_kana, transfer.payer_kana, name=bidder.name)
            checks.append(
                f"記録されたフリガナ「{transfer.payer_kana}」: {'一致' if same else '不一致'}"
            )
    if view.joint:
        checks.append("共同入札では、振込依頼人は代表者(入札書の最初の入札人)の名義にします。")
    notes = [
        "振込依頼人は入札書の入札人と同じ名義にします(別人名義・会社と代表者個人の混同は不可)。",
        "銀行の領収印が押された「振込金受取書」を入札保証金振込証明書に貼り、"
        "入札書と同じ印で割印します。",
        "フリガナの書き方(法人の「カ)」などの略記)は銀行窓口の指示に従います。",
    ]
    story = [*_head("振込依頼書(入札保証金) 記入控え", view), _form_table(rows), Spacer(1, 4 * mm)]
    story += [para("・" + line, s.body) for line in checks]
    story += [para("・" + note, s.small) for note in notes]
    return story


STATEMENT_TEXT = (
    "私は、下記の事件の不動産の買受けの申出をするに当たり、次のとおり陳述します。",
    "1 買受けの申出をしようとする者(法人の場合はその役員)は、暴力団員による不当な行為の"
    "防止等に関する法律第2条第6号に規定する暴力団員又は暴力団員でなくなった日から5年を"
    "経過しない者(暴力団員等)ではありません。",
    "2 自己の計算において買受けの申出をさせようとする者(法人の場合はその役員)も、"
    "暴力団員等ではありません。",
    "3 虚偽の陳述をしたときは、処罰されることがあること(民事執行法213条)を承知しています。",
)


def _funder_text(view: BidView, funder: Bidder | None) -> str:
    """The 陳述書's funder box as recorded on the bid (民執法65条の2第2号)."""
    if not view.bid.funder:
        return "いない"
    if funder is None or not funder.name:  # never the file's id (x1, b8) on a paper
        return f"いる{UNREGISTERED}"
    return f"いる: {funder.name}(その者の陳述書も添付)"


def _statement_page(
    view: BidView, bidder: Bidder | None, fallback: str, funder: Bidder | None = None
) -> list[Flowable]:
    s = styles()
    rows: list[tuple[object, object]] = [
        ("日付", _date_or_blank(view.bid.planned_submission)),
        ("あて先", f"{(view.prop.court if view.prop else None) or '(裁判所)'} 御中"),
        ("事件番号", view.case_number or BLANK),
        ("物件番号", view.property_numbers or BLANK),
    ]
    if bidder is not None and bidder.kind is BidderKind.CORPORATION:
        rows += [
            ("陳述者 本店所在地", bidder.address or BLANK),
            ("陳述者 名称(商号)", bidder.name),
            (
                "代表者の資格・氏名",
                f"{bidder.representative_title or '(資格)'} {bidder.representative_name or BLANK}",
            ),
            ("役員", "別紙「役員一覧」のとおり"),
        ]
    elif bidder is not None:
        rows += [
            ("陳述者 住所", bidder.address or BLANK),
            ("陳述者 氏名", bidder.name),
            ("ふりがな", bidder.name_kana or BLANK),
            (
                "生年月日",
                format_wareki(bidder.birth_date, weekday=False) if bidder.birth_date else BLANK,
            ),
            ("性別", bidder.sex or "□ 男　□ 女"),
        ]
    else:
        rows.append(("陳述者", UNREGISTERED if fallback else BLANK))
    rows.append(("自己の計算において買受けの申出をさせようとする者", _funder_text(view, funder)))
    story: list[Flowable] = [
        *_head("暴力団員等に該当しない旨の陳述書 下書き", view),
        *(para(line, s.form) for line in STATEMENT_TEXT),
        Spacer(1, 3 * mm),
        _form_table(rows, 52 * mm),
        Spacer(1, 3 * mm),
        para(
            "・陳述書は入札人ごとに1通(共同入札は各人)。裁判所の最新の様式に書き写し、"
            "記名押印します。",
            s.small,
        ),
    ]
    return story


def _officer_annex(view: BidView, bidder: Bidder, *, include_details: bool) -> list[Flowable]:
    s = styles()
    width, _ = frame_size(PORTRAIT)
    header = ["氏名", "ふりがな", "生年月日", "性別", "住所"]
    blank = "\u3000"
    rows = []
    officers = list(bidder.officers) or []
    for officer in officers:
        if include_details:
            rows.append(
                [
                    officer.name,
                    officer.name_kana,
                    format_wareki(officer.birth_date, weekday=False) if officer.birth_date else "",
                    officer.sex,
                    officer.address,
                ]
            )
        else:
            rows.append([officer.name, officer.name_kana, blank, blank, blank])
    rows += [[blank] * 5 for _ in range(max(0, 3 - len(rows)))]  # room to add by hand
    data = [[para(h, s.cell_center) for h in header]]
    data += [[para(v, s.form) for v in row] for row in rows]
    table = Table(
        data,
        colWidths=[30 * mm, 34 * mm, 40 * mm, 12 * mm, width - 116 * mm],
        # boxes to write in by hand keep their height; filled rows grow with their text
        rowHeights=[7 * mm] + [12 * mm if row == [blank] * 5 else None for row in rows],
        hAlign="LEFT",
        splitInRow=1,  # no repeatRows: reportlab stacks the header when it splits in a row
    )
    table.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("GRID", (0, 0), (-1, -1), 0.6, GRID),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 1), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 1), (-1, -1), 6),
            ]
        )
    )
    note = (
        "生年月日・性別・住所は登記事項証明書・住民票で確認して記入します。"
        if not include_details
        else "登録された役員情報を表示しています。登記事項証明書と照合してください。"
    )
    return [
        *_head("陳述書 別紙 役員一覧 下書き", view),
        para(f"法人名: {bidder.name}", s.form),
        para("役員全員(代表者を含む)を記載します(民事執行規則31条の2)。", s.small),
        Spacer(1, 2 * mm),
        table,
        Spacer(1, 3 * mm),
        para("・" + note, s.small),
    ]


def statement_story(
    data: ExportData, view: BidView, *, include_officer_details: bool = False
) -> list[Flowable]:
    """陳述書 per bidder (representative first, then joint bidders, then the funder, who
    states their own: 民執法65条の2第2号; paperwork.statement_signers, an unregistered one
    gets its page saying it must be registered first), each corporation followed by its 別紙."""
    funder = data.bidders.get(view.bid.funder) if view.bid.funder else None
    story: list[Flowable] = []
    for index, signer in enumerate(statement_signers(view.bid, data.bidders)):
        bidder = signer.bidder
        if index:
            story.append(PageBreak())
        story += _statement_page(view, bidder, signer.id, funder)
        if bidder is not None and bidder.kind is BidderKind.CORPORATION:
            story += [
                PageBreak(),
                *_officer_annex(view, bidder, include_details=include_officer_details),
            ]
    return story


def proxy_story(data: ExportData, view: BidView) -> list[Flowable]:
    """委任状 draft (an agent submits the bid)."""
    s = styles()
    bid, bidder, agent = view.bid, view.bidder, view.bid.agent
    assert agent is not None
    court = (view.prop.court if view.prop else None) or "(裁判所)"
    principal: list[tuple[object, object]]
    if bidder is not None and bidder.kind is BidderKind.CORPORATION:
        principal = [
            ("委任者 本店所在地", bidder.address or BLANK),
            ("委任者 商号", bidder.name),
            (
                "代表者の資格・氏名",
                f"{bidder.representative_title or '(資格)'} {bidder.representative_name or BLANK}"
                "　印",
            ),
        ]
    else:
        principal = [
            ("委任者 住所", bidder.address if bidder and bidder.address else BLANK),
            ("委任者 氏名", f"{bidder.name if bidder else BLANK}　印"),
        ]
    rows: list[tuple[object, object]] = [
        ("日付", _date_or_blank(bid.planned_submission)),
        ("代理人 住所", agent.address or BLANK),
        ("代理人 氏名", agent.name or BLANK),
        ("代理人との関係", agent.relation or "(記入)"),
        (
            "委任事項",
            f"{court} {view.case_number or BLANK} 物件番号{view.property_numbers or BLANK}"
            "の不動産競売事件について、期間入札に関する一切の件(入札書の提出を含む)",
        ),
        *principal,
    ]
    return [
        *_head("委任状 下書き", view),
        para("私は、次の者を代理人と定め、下記の事項を委任します。", s.form),
        Spacer(1, 2 * mm),
        _form_table(rows, 40 * mm),
        Spacer(1, 3 * mm),
        para(
            "・代理人の本人確認書類(と、法人の従業員が代理する場合は社員証など)も用意します。"
            "委任状の押印・添付書類は裁判所の指示に従ってください。",
            s.small,
        ),
    ]


def _build(
    stage: Staging,
    target: Path,
    story: list[Flowable],
    *,
    title: str,
    data: ExportData,
    watermark: str = WATERMARK,
) -> Path:
    info = PageInfo(
        title=title, name=data.name, today=data.today, file_name=target.name, watermark=watermark
    )
    build_pdf(stage.temp_for(target), story, info, first=PORTRAIT)
    return target


def write_form_sheets(
    portfolio: Portfolio,
    directory: Path | str,
    *,
    today: date,
    name: str = "",
    include_officer_details: bool = False,
    staging: Staging | None = None,
    progress: Progress = no_progress,
) -> list[Path]:
    """Write the sheets of every open bid, one folder each, all-or-nothing; returns the
    files written. The folder is replaced as a whole (forms.atomic): sheets of bids that
    no longer need them do not survive a re-export."""
    data = ExportData(portfolio=portfolio, today=today, name=name)
    root = Path(directory)
    written: list[Path] = []
    used: set[str] = set()
    with staged(staging) as stage:
        stage.replace_folder(root, label="記入控え", legacy_names=FORM_FILES)
        views = data.open_views
        for done, view in enumerate(views):
            progress(done, len(views))
            base = folder_name(view)
            folder_text, count = base, 1
            while folder_text in used:  # two bids of one bidder on one property
                count += 1
                folder_text = f"{base}_{count}"
            used.add(folder_text)
            folder = root / folder_text
            written.append(
                _build(
                    stage,
                    folder / f"{SHEET_TITLE}.pdf",
                    bid_sheet_story(data, view),
                    title=SHEET_TITLE,
                    data=data,
                    watermark="",
                )
            )
            written.append(
                _build(
                    stage,
                    folder / f"{BID_FORM}.pdf",
                    bid_form_story(data, view),
                    title="入札書 記入控え",
                    data=data,
                )
            )
            if view.bid.method is PaymentMethod.TRANSFER:
                written.append(
                    _build(
                        stage,
                        folder / f"{TRANSFER_FORM}.pdf",
                        transfer_form_story(data, view),
                        title="振込依頼書 記入控え",
                        data=data,
                    )
                )
            written.append(
                _build(
                    stage,
                    folder / f"{STATEMENT_FORM}.pdf",
                    statement_story(data, view, include_officer_details=include_officer_details),
                    title="陳述書 下書き",
                    data=data,
                )
            )
            if view.bid.agent is not None:
                written.append(
                    _build(
                        stage,
                        folder / f"{PROXY_FORM}.pdf",
                        proxy_story(data, view),
                        title="委任状 下書き",
                        data=data,
                    )
                )
            if mailed(view):
                target = folder / f"{ENVELOPE_FORM}.pdf"
                written.append(write_envelope_page(stage, target, data, view))
        progress(len(views), len(views))
    return written
