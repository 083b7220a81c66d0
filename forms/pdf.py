"""Shared PDF machinery (reportlab): page templates, footer, styles, safe text.

Every page carries the document title and portfolio name at the top and, at the bottom,
the date made (和暦), the file name and ``page / pages``. Output is reproducible: the
canvas runs with ``invariant=1`` and the document dates are ``today``, so the same input
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
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

from biddesk.domain.dates import format_wareki
from biddesk.domain.money import format_yen
from biddesk.forms.fonts import GOTHIC, MINCHO, REPLACEMENT, font_runs, register_fonts
from biddesk.forms.progress import Progress, no_progress

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
MARGIN = 14 * mm
HEADER_LINE = 8 * mm
FOOTER_LINE = 8 * mm

# --- text ---------------------------------------------------------------------------


def printable(text: str) -> str:
    """``text`` for a place drawn in one IPAex face only (chart labels): characters that
    face lacks become 〓 (or their NFKC form); control characters are dropped."""
    return "".join(
        piece if font is None else REPLACEMENT * len(piece) for font, piece in font_runs(text)
    )


def markup(text: object) -> str:
    """User text made safe for a Paragraph: XML escaped, line breaks, and every run of
    characters IPAex lacks set in the fallback font (so 𠮷田 prints as written)."""
    parts = []
    for font, piece in font_runs("" if text is None else str(text)):
        escaped = escape(piece)
        parts.append(escaped if font is None else f'<font name="{font}">{escaped}</font>')
    return "".join(parts).replace("\n", "<br/>")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters with the mark …(以下省略), for a box that must
    stay on one page (the 入札準備シート); the form drafts print the full text."""
    return text if len(text) <= limit else text[: max(0, limit - len(OMITTED))] + OMITTED


OMITTED = "…(以下省略)"


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` drawn with ``draw_text`` (fallback runs measured in their font)."""
    widths: list[float] = [
        pdfmetrics.stringWidth(piece, f or font, size) for f, piece in font_runs(text)
    ]
    return sum(widths)


def fit(text: str, width: float, font: str, size: float) -> str:
    """``text`` cut to ``width`` points with … (one line of a page's margin)."""
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, align: str = "left"
) -> None:
    """Draw one line of user text on the canvas, switching to the fallback font for the
    characters ``font`` lacks; ``align`` is left, right (x is the right edge) or center."""
    runs = font_runs(text.replace("\n", " "))
    width = sum(pdfmetrics.stringWidth(piece, f or font, size) for f, piece in runs)
    if align == "right":
        x -= width
    elif align == "center":
        x -= width / 2
    # one text object: readers (search, copy) see one line, not a run per font
    line = canvas.beginText(x, y)
    for f, piece in runs:
        line.setFont(f or font, size)
        line.textOut(piece)
    canvas.drawText(line)


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


LIST_FONT_SIZE = 7.5
LIST_LEADING = 9.0
LIST_PAD = 2.0
LIST_MAX_LINES = 3


@dataclass
class _ListRows:
    """The rows of one long list, laid out into lines on demand and shared by every
    page's piece of it (so a split copies nothing)."""

    headers: Sequence[str]
    rows: Sequence[Sequence[object]]
    widths: Sequence[float]
    right: frozenset[int]
    center: frozenset[int]
    shade: dict[int, colors.Color]
    on_drawn: Callable[[int], None]
    heights: list[float]
    laid: dict[int, list[list[str]]]

    def lines(self, index: int) -> list[list[str]]:
        found = self.laid.get(index)
        if found is None:
            values = self.rows[index]
            found = [
                cell_lines(_text_of(value), width - 2 * LIST_PAD)
                for value, width in zip(values, self.widths, strict=True)
            ]
            self.laid[index] = found
        return found

    def height(self, index: int) -> float:
        while len(self.heights) <= index:
            cells = self.lines(len(self.heights))
            self.heights.append(max(len(c) for c in cells) * LIST_LEADING + 2 * LIST_PAD)
        return self.heights[index]

    @cached_property
    def header_lines(self) -> list[list[str]]:
        return [
            cell_lines(h, width - 2 * LIST_PAD)
            for h, width in zip(self.headers, self.widths, strict=True)
        ]

    @cached_property
    def header_height(self) -> float:
        return max(len(c) for c in self.header_lines) * LIST_LEADING + 2 * LIST_PAD


def _text_of(value: object) -> str:
    return "" if value is None else str(value)


def cell_lines(text: str, width: float, max_lines: int = LIST_MAX_LINES) -> list[str]:
    """``text`` broken into lines of at most ``width`` points (character by character, as
    Japanese is set; explicit line breaks kept); beyond ``max_lines`` the last line ends
    with … so one row never outgrows a page."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0.0
        for ch in paragraph:
            w = _char_width(ch)
            if line and used + w > width:
                lines.append(line)
                line, used = "", 0.0
            line += ch
            used += w
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and text_width(last + "…", GOTHIC, LIST_FONT_SIZE) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


@cache
def _char_width(ch: str) -> float:
    return text_width(ch, GOTHIC, LIST_FONT_SIZE)


class ListTable(Flowable):  # type: ignore[misc]
    """A long list (every bid of 10,000) drawn straight onto the canvas.

    A reportlab Table holds a Paragraph per cell and lays every remaining row out again
    at each page break, so 10,000 rows cost minutes and gigabytes. Here a row is a tuple
    of strings, broken into at most three lines when first measured; a page's piece is a
    range of row indexes, drawn with ``draw_text`` (fallback font included) and then
    forgotten. Cells longer than three lines end with … (the full text is in the Excel
    export and on the bid's own sheet); so a row always fits a page and nothing can raise
    LayoutError. The header row repeats on every page.
    """

    def __init__(self, rows: _ListRows, start: int = 0, stop: int | None = None) -> None:
        super().__init__()
        self._rows = rows
        self._start = start
        self._stop = len(rows.rows) if stop is None else stop

    @property
    def rows(self) -> int:
        """How many rows this piece holds."""
        return self._stop - self._start

    def _fitting(self, avail_height: float) -> tuple[int, float]:
        """How many rows from the start fit in ``avail_height`` and their height."""
        used = self._rows.header_height
        count = 0
        while self._start + count < self._stop:
            height = self._rows.height(self._start + count)
            if used + height > avail_height:
                break
            used += height
            count += 1
        return count, used

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        count, used = self._fitting(avail_height)
        if self._start + count < self._stop:  # more than fits: ask to be split
            used = avail_height + 1
        self.width, self.height = sum(self._rows.widths), used
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        count, _ = self._fitting(avail_height)
        if count == 0:
            return []  # not even one row: the next page
        middle = self._start + count
        return [
            ListTable(self._rows, self._start, middle),
            ListTable(self._rows, middle, self._stop),
        ]

    def draw(self) -> None:
        rows = self._rows
        canvas = self.canv
        # all of the piece's text in one text object: a text object per cell line made
        # drawing 10,000 rows take most of a minute
        text = canvas.beginText()
        fonts: list[str] = []
        top = self._draw_row(rows.header_lines, self.height, HEADER_BG, text, fonts, header=True)
        for index in range(self._start, self._stop):
            top = self._draw_row(rows.lines(index), top, rows.shade.get(index), text, fonts)
            rows.laid.pop(index, None)  # drawn: its lines are not needed again
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        x = 0.0
        for width in (0.0, *rows.widths):
            x += width
            canvas.line(x, top, x, self.height)
        canvas.setFillColor(colors.black)
        canvas.drawText(text)
        rows.on_drawn(self._stop - self._start)

    def _draw_row(
        self,
        cells: list[list[str]],
        top: float,
        background: colors.Color | None,
        text: Any,
        fonts: list[str],
        *,
        header: bool = False,
    ) -> float:
        """Shade and rule one row, and add its lines to ``text``; returns its bottom."""
        rows = self._rows
        canvas = self.canv
        height = max(len(c) for c in cells) * LIST_LEADING + 2 * LIST_PAD
        bottom = top - height
        width = sum(rows.widths)
        if background is not None:
            canvas.setFillColor(background)
            canvas.rect(0, bottom, width, height, stroke=0, fill=1)
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(0, top, width, top)
        canvas.line(0, bottom, width, bottom)
        x = 0.0
        for column, (lines, cell_width) in enumerate(zip(cells, rows.widths, strict=True)):
            # lines centred vertically in the row, like the MIDDLE of the small tables
            y = top - (height - len(lines) * LIST_LEADING) / 2 - LIST_FONT_SIZE
            for line in lines:
                if line:
                    used = sum(_char_width(ch) for ch in line)
                    if header or column in rows.center:
                        at = x + (cell_width - used) / 2
                    elif column in rows.right:
                        at = x + cell_width - LIST_PAD - used
                    else:
                        at = x + LIST_PAD
                    _add_line(text, fonts, at, y, line)
                y -= LIST_LEADING
            x += cell_width
        return bottom


def _add_line(text: Any, fonts: list[str], x: float, y: float, line: str) -> None:
    """One line of a list cell into the piece's text object (``fonts`` holds the font
    currently set, so it is switched only where a run needs another)."""
    text.setTextOrigin(x, y)
    for font, piece in font_runs(line):
        name = font or GOTHIC
        if fonts[-1:] != [name]:
            text.setFont(name, LIST_FONT_SIZE)
            fonts[:] = [name]
        text.textOut(piece)


def list_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    *,
    right: Sequence[int] = (),
    center: Sequence[int] = (),
    row_colors: Sequence[tuple[int, colors.Color]] = (),
    on_drawn: Callable[[int], None] = lambda rows: None,
) -> ListTable:
    """A grid list of any length, like ``data_table`` but light (see ``ListTable``);
    ``on_drawn(n)`` is told after each page's ``n`` rows are drawn (progress)."""
    return ListTable(
        _ListRows(
            headers=headers,
            rows=rows,
            widths=widths,
            right=frozenset(right),
            center=frozenset(center),
            shade=dict(row_colors),
            on_drawn=on_drawn,
            heights=[],
            laid={},
        )
    )


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


class Steps:
    """The work of an export counted for its ``Progress`` callback: ``advance`` after each
    unit (a bid's sheet, a list's rows); ``check`` repeats the count (every page), so a
    cancel raised by the callback stops the export within a page."""

    def __init__(self, progress: Progress = no_progress, total: int = 0) -> None:
        self.progress = progress
        self.total = total
        self.done = 0

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.check()

    def check(self) -> None:
        self.progress(min(self.done, self.total), self.total)


class Tick(Flowable):  # type: ignore[misc]
    """An invisible flowable that advances ``steps`` when the page it is on is drawn."""

    def __init__(self, steps: Steps) -> None:
        super().__init__()
        self._steps = steps

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self._steps.advance()


def _canvas_class(info: PageInfo, steps: Steps) -> type[Canvas]:
    """A canvas that knows the page count: pages are kept until ``save`` and then get
    their footer ``n / N`` (the usual reportlab two-step numbering). ``steps`` is checked
    at every page laid out and every page finished."""

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
            steps.check()

        def save(self) -> None:
            total = len(self._saved)
            saved, self._saved = self._saved, []
            for number, state in enumerate(saved, start=1):
                self.__dict__.update(state)
                _decorate(self, info, total)
                Canvas.showPage(self)
                saved[number - 1] = {}  # the page is in the document now: drop our copy
                steps.check()
            Canvas.save(self)

    return NumberedCanvas


def _decorate(canvas: Canvas, info: PageInfo, total: int) -> None:
    width, height = canvas._pagesize
    canvas.saveState()
    if info.watermark:
        canvas.setFillColor(colors.Color(0.85, 0.1, 0.1, alpha=0.10))
        canvas.translate(width / 2, height / 2)
        canvas.rotate(35)
        draw_text(canvas, 0, -30, info.watermark, GOTHIC, 90, "center")
        canvas.rotate(-35)
        canvas.translate(-width / 2, -height / 2)
    canvas.setFillColor(colors.HexColor("#404040"))
    canvas.setStrokeColor(colors.HexColor("#A0A0A0"))
    canvas.setLineWidth(0.4)
    top = height - MARGIN + 2 * mm
    half = (width - 2 * MARGIN) / 2 - 3 * mm
    draw_text(canvas, MARGIN, top, fit(info.title, half, GOTHIC, 8), GOTHIC, 8)
    draw_text(canvas, width - MARGIN, top, fit(info.name, half, GOTHIC, 8), GOTHIC, 8, "right")
    canvas.line(MARGIN, top - 1.5 * mm, width - MARGIN, top - 1.5 * mm)
    bottom = MARGIN - 6 * mm
    canvas.line(MARGIN, bottom + 4 * mm, width - MARGIN, bottom + 4 * mm)
    canvas.setFont(GOTHIC, 8)
    canvas.drawString(MARGIN, bottom, f"作成日 {format_wareki(info.today)}")
    middle = width - 2 * MARGIN - 2 * 45 * mm  # between the date and the page number
    draw_text(
        canvas, width / 2, bottom, fit(info.file_name, middle, GOTHIC, 8), GOTHIC, 8, "center"
    )
    canvas.setFont(GOTHIC, 8)
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
    steps: Steps | None = None,
) -> None:
    """Lay ``story`` out into ``target``; ``first`` is the first page's orientation
    (switch later with ``NextPageTemplate``). ``steps`` is checked at every page (its
    callback may raise ExportCancelled to stop)."""
    register_fonts()
    templates = {
        PORTRAIT: _template(PORTRAIT, A4),
        LANDSCAPE: _template(LANDSCAPE, landscape(A4)),
    }
    ordered = [templates[first], *(t for k, t in templates.items() if k != first)]
    # Our own handle: reportlab leaves the file it opens unclosed when a write fails (a
    # full disk), and an open file cannot be removed on Windows.
    with open(target, "wb") as handle:
        document = BaseDocTemplate(
            handle,
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
        document.build(story, canvasmaker=_canvas_class(info, steps or Steps()))


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
