"""Shared PDF machinery (reportlab): page templates, footer, styles, safe text.

Every page carries the document title and portfolio name at the top and, at the bottom,
the date made (和暦), the file name and ``page / pages``. Output is reproducible: the
canvas runs with ``invariant=1`` and the document dates are ``today``, so the same input
gives the same bytes.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from domain.dates import format_wareki
from domain.money import format_yen
from forms.fonts import GOTHIC, MINCHO, register_fonts

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
MARGIN = 14 * mm
HEADER_LINE = 8 * mm
FOOTER_LINE = 8 * mm

REPLACEMENT = "〓"
"""Printed for a character the font lacks (the 下駄記号 of Japanese typesetting), so a
missing glyph is visible as such instead of an empty box."""


# --- text ---------------------------------------------------------------------------


@cache
def _glyphs() -> frozenset[int]:
    register_fonts()
    face = pdfmetrics.getFont(GOTHIC).face
    mincho = pdfmetrics.getFont(MINCHO).face
    return frozenset(face.charToGlyph) & frozenset(mincho.charToGlyph)


def printable(text: str) -> str:
    """``text`` with every character the bundled fonts cannot draw replaced: first by its
    compatibility form (NFKC), else by 〓. Control characters are dropped."""
    glyphs = _glyphs()
    out = []
    for ch in text:
        if ord(ch) in glyphs or ch in "\n ":
            out.append(ch)
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        else:
            folded = unicodedata.normalize("NFKC", ch)
            out.append(folded if all(ord(c) in glyphs for c in folded) else REPLACEMENT)
    return "".join(out)


def markup(text: object) -> str:
    """User text made safe for a Paragraph: printable glyphs, XML escaped, line breaks."""
    return escape(printable("" if text is None else str(text))).replace("\n", "<br/>")


def yen(amount: int | None) -> str:
    return format_yen(amount)


def day(value: date | None, *, weekday: bool = True) -> str:
    return format_wareki(value, weekday=weekday)


# --- styles ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    title: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    big: ParagraphStyle
    notice: ParagraphStyle
    form: ParagraphStyle
    form_title: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    base = ParagraphStyle(
        "body", fontName=GOTHIC, fontSize=9, leading=13, wordWrap="CJK", spaceAfter=2
    )

    def derive(name: str, **changes: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    return Styles(
        body=base,
        small=derive("small", fontSize=7.5, leading=10),
        cell=derive("cell", fontSize=8, leading=10, spaceAfter=0),
        cell_right=derive("cell_right", fontSize=8, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        cell_center=derive(
            "cell_center", fontSize=8, leading=10, spaceAfter=0, alignment=TA_CENTER
        ),
        title=derive("title", fontSize=18, leading=24, spaceAfter=6),
        heading=derive("heading", fontSize=13, leading=18, spaceBefore=8, spaceAfter=4),
        subheading=derive("subheading", fontSize=10.5, leading=14, spaceBefore=6, spaceAfter=3),
        big=derive("big", fontSize=15, leading=20),
        notice=derive(
            "notice",
            fontSize=9,
            leading=12,
            textColor=colors.HexColor("#9C0006"),
            backColor=colors.HexColor("#FFE4E1"),
            borderColor=colors.HexColor("#9C0006"),
            borderWidth=0.8,
            borderPadding=4,
            spaceBefore=2,
            spaceAfter=8,
        ),
        form=derive("form", fontName=MINCHO, fontSize=10.5, leading=16),
        form_title=derive(
            "form_title", fontName=MINCHO, fontSize=17, leading=24, alignment=TA_CENTER
        ),
    )


def para(text: object, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of user text (escaped, glyph-safe)."""
    return Paragraph(markup(text), style or styles().body)


def rich(text: str, style: ParagraphStyle | None = None) -> Paragraph:
    """A paragraph of *our own* markup (already escaped parts, <b>, <font>)."""
    return Paragraph(text, style or styles().body)


GRID = colors.HexColor("#7F7F7F")
FONT_COMMAND = ("FONTNAME", (0, 0), (-1, -1), GOTHIC)
"""Every table cell in the embedded font (reportlab's default would be Helvetica)."""
HEADER_BG = colors.HexColor("#DDEBF7")
ERROR_BG = colors.HexColor("#FFC7CE")
WARNING_BG = colors.HexColor("#FFEB9C")


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    center: Sequence[int] = (),
    row_colors: Sequence[tuple[int, colors.Color]] = (),
    header_style: ParagraphStyle | None = None,
) -> Table:
    """A grid table with a repeated header row; cells wrap (CJK) within their widths.

    ``row_colors`` are (row index in ``rows``, background) pairs.
    """
    style = styles()
    head = [Paragraph(markup(h), header_style or style.cell_center) for h in headers]
    body: list[list[Flowable]] = []
    for row in rows:
        cells: list[Flowable] = []
        for index, value in enumerate(row):
            if isinstance(value, Flowable):
                cells.append(value)
                continue
            cell_style = (
                style.cell_right
                if index in right
                else style.cell_center
                if index in center
                else style.cell
            )
            cells.append(Paragraph(markup(value), cell_style))
        body.append(cells)
    table = Table([head, *body], colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        FONT_COMMAND,
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, color in row_colors:
        commands.append(("BACKGROUND", (0, index + 1), (-1, index + 1), color))
    table.setStyle(TableStyle(commands))
    return table


def field_table(rows: Sequence[tuple[object, object]], widths: Sequence[float]) -> Table:
    """Label / value pairs in a two-column grid (labels shaded)."""
    style = styles()
    data = [
        [
            label if isinstance(label, Flowable) else Paragraph(markup(label), style.cell),
            value if isinstance(value, Flowable) else Paragraph(markup(value), style.cell),
        ]
        for label, value in rows
    ]
    table = Table(data, colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2F2")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


# --- document -------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PageInfo:
    """What the margins of every page show."""

    title: str
    name: str
    today: date
    file_name: str
    watermark: str = ""


def _canvas_class(info: PageInfo) -> type[Canvas]:
    """A canvas that knows the page count: pages are kept until ``save`` and then get
    their footer ``n / N`` (the usual reportlab two-step numbering)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["invariant"] = 1
            # Start each page in the embedded font (the default would reference Helvetica).
            kwargs["initialFontName"] = GOTHIC
            super().__init__(*args, **kwargs)
            self._saved: list[dict[str, Any]] = []
            made = info.today
            # Document dates follow `today` (not the clock): same input, same bytes.
            self.setDateFormatter(lambda *_: f"D:{made:%Y%m%d}000000+09'00'")
            self.setCreator("BidDesk 競売入札準備デスク")
            self.setAuthor("BidDesk")

        def showPage(self) -> None:
            self._saved.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._saved)
            for state in self._saved:
                self.__dict__.update(state)
                _decorate(self, info, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def _decorate(canvas: Canvas, info: PageInfo, total: int) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    if info.watermark:
        canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.10))
        canvas.setFont(GOTHIC, 90)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -30, printable(info.watermark))
        canvas.rotate(-35)
        canvas.translate(-width / 2, -height / 2)
    canvas.setFillColor(colors.HexColor("#404040"))
    canvas.setStrokeColor(colors.HexColor("#A0A0A0"))
    canvas.setLineWidth(0.4)
    top = height - MARGIN + 2 * mm
    canvas.setFont(GOTHIC, 8)
    canvas.drawString(MARGIN, top, printable(info.title))
    canvas.drawRightString(width - MARGIN, top, printable(info.name))
    canvas.line(MARGIN, top - 1.5 * mm, width - MARGIN, top - 1.5 * mm)
    bottom = MARGIN - 6 * mm
    canvas.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
    canvas.drawString(MARGIN, bottom, f"作成日 {format_wareki(info.today)}")
    canvas.drawCentredString(width / 2, bottom, printable(info.file_name))
    canvas.drawRightString(width - MARGIN, bottom, f"{canvas.getPageNumber()} / {total}")
    canvas.restoreState()


def _template(template_id: str, pagesize: tuple[float, float]) -> PageTemplate:
    width, height = pagesize
    frame = Frame(
        MARGIN,
        MARGIN,
        width - 2 * MARGIN,
        height - 2 * MARGIN - HEADER_LINE + FOOTER_LINE / 2,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id=f"{template_id}-frame",
    )
    return PageTemplate(id=template_id, frames=[frame], pagesize=pagesize)


def frame_size(orientation: str) -> tuple[float, float]:
    """Width and height available to flowables on a page of ``orientation``."""
    width, height = A4 if orientation == PORTRAIT else landscape(A4)
    return width - 2 * MARGIN, height - 2 * MARGIN - HEADER_LINE + FOOTER_LINE / 2


def build_pdf(
    target: Path,
    story: list[Flowable],
    info: PageInfo,
    *,
    first: str = PORTRAIT,
) -> None:
    """Lay ``story`` out into ``target``; ``first`` is the first page's orientation
    (switch later with ``NextPageTemplate``)."""
    register_fonts()
    templates = {
        PORTRAIT: _template(PORTRAIT, A4),
        LANDSCAPE: _template(LANDSCAPE, landscape(A4)),
    }
    ordered = [templates[first], *(t for k, t in templates.items() if k != first)]
    document = BaseDocTemplate(
        str(target),
        pagesize=ordered[0].pagesize,
        pageTemplates=ordered,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"{info.title} {info.name}".strip(),
        author="BidDesk",
        creator="BidDesk 競売入札準備デスク",
        subject=info.file_name,
        invariant=1,
    )
    document.build(story, canvasmaker=_canvas_class(info))


DIGIT_UNITS = ("十億", "億", "千万", "百万", "十万", "万", "千", "百", "十", "一")


def digit_cells(amount: int | None, places: int = len(DIGIT_UNITS)) -> list[str]:
    """The amount's digits right-aligned into ``places`` boxes (blank boxes on the left)."""
    if amount is None:
        return [""] * places
    digits = str(amount)
    places = max(places, len(digits))
    return [""] * (places - len(digits)) + list(digits)


def digit_boxes(amount: int | None, *, box: float = 9 * mm, font: str = MINCHO) -> Table:
    """Boxed digits with their place names above, as on the court's 入札書 / 振込依頼書."""
    cells = digit_cells(amount)
    units = list(DIGIT_UNITS)
    while len(units) < len(cells):  # beyond 十億: 百億, 千億, …
        units.insert(0, ("百億", "千億", "兆")[min(len(cells) - len(units) - 1, 2)])
    style = styles()
    unit_style = ParagraphStyle("unit", parent=style.cell_center, fontSize=6.5, leading=8)
    digit_style = ParagraphStyle(
        "digit", parent=style.cell_center, fontName=font, fontSize=16, leading=20
    )
    yen_style = ParagraphStyle("yen", parent=digit_style, fontSize=12)
    table = Table(
        [
            [Paragraph(u, unit_style) for u in units] + [""],
            [Paragraph(d, digit_style) for d in cells] + [Paragraph("円", yen_style)],
        ],
        colWidths=[box] * len(cells) + [box],
        rowHeights=[4.5 * mm, box * 1.15],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                FONT_COMMAND,
                ("GRID", (0, 0), (-2, -1), 0.8, colors.black),
                # thicker lines where the thousands separators fall (1,000,000,000)
                *(
                    ("LINEAFTER", (i, 0), (i, -1), 1.8, colors.black)
                    for i in range(len(cells) - 4, -1, -3)
                    if i >= 0
                ),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-2, 0), colors.HexColor("#F2F2F2")),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table
