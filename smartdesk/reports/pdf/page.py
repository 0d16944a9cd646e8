"""The shared page: letterhead (organiser and funder logos, funding line), footer with the
privacy notice and "Page x / y", and the two ways documents are built (flowing platypus story or
fixed layout drawn on a canvas)."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from smartdesk import __version__
from smartdesk.domain.records import OrganisationSettings
from smartdesk.i18n import _
from smartdesk.reports.pdf import fonts, styles
from smartdesk.reports.pdf.fallback import FallbackCanvas
from smartdesk.reports.pdf.images import Picture, load_picture, load_pictures
from smartdesk.reports.pdf.text import clean, ellipsize, fit, fit_one_line

LETTERHEAD_HEIGHT = 16 * mm
COMPACT_LETTERHEAD_HEIGHT = 9 * mm
FOOTER_SIZE = 6.8
FOOTER_LEADING = 8.2
PAGE_LABEL_WIDTH = 24 * mm
SEPARATOR = " · "


@dataclass(slots=True)
class Letterhead:
    """The organiser's identity band at the top of a page, laid out once per document."""

    name: str = ""
    logo: Picture | None = None
    funders: list[Picture] = field(default_factory=list)
    funding_line: str = ""

    @classmethod
    def from_settings(cls, settings: OrganisationSettings) -> Letterhead:
        return cls(
            name=clean(settings.name),
            logo=load_picture(settings.logo_path, "organiser logo"),
            funders=load_pictures(list(settings.funder_logos), "funder logo"),
            funding_line=clean(settings.funding_line),
        )

    @property
    def empty(self) -> bool:
        return not (self.name or self.logo or self.funders or self.funding_line)

    def draw(
        self,
        c: Canvas,
        x: float,
        top: float,
        width: float,
        height: float = LETTERHEAD_HEIGHT,
        funding_line: bool = True,
    ) -> None:
        half = width / 2
        cursor = x
        if self.logo is not None:
            w, h = self.logo.fit(42 * mm, height)
            c.drawImage(
                self.logo.scaled(w, h), x, top - height + (height - h) / 2, w, h, mask="auto"
            )
            cursor = x + w + 3.5 * mm
        if self.name:
            largest = min(11.0, 11 * height / LETTERHEAD_HEIGHT)
            lines, size = fit(
                self.name, fonts.BOLD, largest, x + half - cursor, 2, min(8.0, largest)
            )
            leading = size * 1.2
            baseline = top - height / 2 + (len(lines) * leading) / 2 - size * 0.85
            c.setFont(fonts.BOLD, size)
            c.setFillColor(styles.ACCENT)
            for line in lines:
                c.drawString(cursor, baseline, line)
                baseline -= leading
        right = x + width
        # The funding line keeps to the right half when the name or logo holds the left one:
        # with an organiser logo and no funder logos it used to run over the name.
        funding_width = half - 3 * mm if (self.name or self.logo) else width
        funding, funding_size = fit(
            self.funding_line if funding_line else "",
            fonts.ITALIC,
            7,
            funding_width,
            2 if self.funders else 3,
            6,
        )
        line_room = len(funding) * funding_size * 1.2 + (1 * mm if funding else 0)
        if self.funders:
            box_h = height - line_room
            sizes = [p.fit(34 * mm, box_h) for p in self.funders]
            gap = 3 * mm
            total = sum(w for w, _h in sizes) + gap * (len(sizes) - 1)
            scale = min(1.0, (half - 2 * mm) / total)
            cursor_right = right
            for picture, (w, h) in reversed(list(zip(self.funders, sizes, strict=True))):
                w, h = w * scale, h * scale
                cursor_right -= w
                c.drawImage(
                    picture.scaled(w, h),
                    cursor_right,
                    top - box_h + (box_h - h) / 2,
                    w,
                    h,
                    mask="auto",
                )
                cursor_right -= gap * scale
        if funding:
            c.setFont(fonts.ITALIC, funding_size)
            c.setFillColor(styles.MUTED)
            leading = funding_size * 1.2
            baseline = (
                top - height + (len(funding) - 1) * leading + 0.5 * mm
                if self.funders
                else top - height / 2 + (len(funding) * leading) / 2 - funding_size
            )
            for line in funding:
                c.drawRightString(right, baseline, line)
                baseline -= leading


class DocumentHeader:
    """The header of a flowing document (letterhead, label, title, date, details), laid out once
    and drawn identically on every page."""

    def __init__(
        self,
        letterhead: Letterhead,
        *,
        label: str,
        kind: str,
        title: str,
        when: str,
        details: str,
        width: float,
    ) -> None:
        self.letterhead = letterhead
        self.label, _s = fit_one_line(label, fonts.BOLD, 8.5, width * 0.38)
        self.kind, _s = fit_one_line(kind, fonts.BOLD, 8.5, width * 0.6)
        self.title, self.title_size = fit(title, fonts.BOLD, 15, width, 2, 11)
        self.when, _s = fit_one_line(when, fonts.BOLD, 10.5, width, 8.5)
        self.details, _s = fit(details, fonts.REGULAR, 9, width, 2, 8)
        self.height = (
            (0 if letterhead.empty else LETTERHEAD_HEIGHT + 4 * mm)
            + 5 * mm
            + len(self.title) * self.title_size * 1.2
            + (6.5 * mm if self.when else 1.5 * mm)
            + len(self.details) * 11.5
            + 3 * mm
        )

        self.compact_when = ellipsize(clean(when), fonts.BOLD, 8.5, width * 0.4)
        when_width = fonts.string_width(self.compact_when, fonts.BOLD, 8.5)
        self.compact_title, self.compact_size = fit_one_line(
            f"{self.label}{SEPARATOR}{clean(title)}",
            fonts.BOLD,
            9.5,
            width - when_width - 6 * mm,
            8,
        )
        self.compact_height = (
            0 if letterhead.empty else COMPACT_LETTERHEAD_HEIGHT + 3.5 * mm
        ) + 9 * mm

    def draw_compact(self, c: Canvas, x: float, top: float, width: float) -> None:
        """Later pages: a smaller letterhead and one line naming the document, event and date."""
        y = top
        if not self.letterhead.empty:
            self.letterhead.draw(c, x, y, width, COMPACT_LETTERHEAD_HEIGHT, funding_line=False)
            y -= COMPACT_LETTERHEAD_HEIGHT + 2 * mm
            c.setStrokeColor(styles.ACCENT)
            c.setLineWidth(1.2)
            c.line(x, y, x + width, y)
            y -= 1.5 * mm
        y -= 4.5 * mm
        c.setFillColor(styles.INK)
        c.setFont(fonts.BOLD, self.compact_size)
        c.drawString(x, y, self.compact_title)
        c.setFont(fonts.BOLD, 8.5)
        c.setFillColor(styles.MUTED)
        c.drawRightString(x + width, y, self.compact_when)

    def draw(self, c: Canvas, x: float, top: float, width: float) -> None:
        y = top
        if not self.letterhead.empty:
            self.letterhead.draw(c, x, y, width)
            y -= LETTERHEAD_HEIGHT + 2 * mm
            c.setStrokeColor(styles.ACCENT)
            c.setLineWidth(1.2)
            c.line(x, y, x + width, y)
            y -= 2 * mm
        y -= 3.2 * mm
        c.setFillColor(styles.ACCENT)
        c.setFont(fonts.BOLD, 8.5)
        c.drawString(x, y, self.label)
        c.setFillColor(styles.MUTED)
        c.drawRightString(x + width, y, self.kind)
        y -= 1.8 * mm
        c.setFillColor(styles.INK)
        c.setFont(fonts.BOLD, self.title_size)
        for line in self.title:
            y -= self.title_size * 1.2
            c.drawString(x, y + self.title_size * 0.25, line)
        if self.when:
            y -= 5 * mm
            c.setFont(fonts.BOLD, 10.5)
            c.drawString(x, y, self.when)
        c.setFont(fonts.REGULAR, 9)
        c.setFillColor(styles.MUTED)
        for line in self.details:
            y -= 11.5
            c.drawString(x, y, line)


def footer_lines(text: str, width: float) -> list[str]:
    """Footer text (the privacy notice …) wrapped to at most three lines."""
    lines, _size = fit(text, fonts.REGULAR, FOOTER_SIZE, width - PAGE_LABEL_WIDTH - 4 * mm, 3)
    return lines


def footer_height(lines: Sequence[str]) -> float:
    return max(1, len(lines)) * FOOTER_LEADING + 3 * mm


def draw_footer(c: Canvas, x: float, width: float, bottom: float, lines: Sequence[str]) -> None:
    top = bottom + footer_height(lines) - 1 * mm
    c.setStrokeColor(styles.GRID)
    c.setLineWidth(0.5)
    c.line(x, top, x + width, top)
    c.setFont(fonts.REGULAR, FOOTER_SIZE)
    c.setFillColor(styles.MUTED)
    baseline = top - 2 * mm - FOOTER_SIZE * 0.3
    for line in lines:
        c.drawString(x, baseline, line)
        baseline -= FOOTER_LEADING


def page_label(page: int, total: int) -> str:
    return _("Page {page} / {pages}").format(page=page, pages=total)


def numbered_canvas(draw_number: Callable[[Canvas, int, int], None]) -> type[Canvas]:
    """A canvas that keeps its pages until the end, then stamps "Page x / y" on each (two passes)."""

    class NumberedCanvas(FallbackCanvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pending: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pending.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pending)
            for number, state in enumerate(self._pending, start=1):
                self.__dict__.update(state)
                draw_number(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def describe(c: Canvas, title: str, author: str, subject: str = "") -> None:
    c.setTitle(clean(title))
    c.setAuthor(clean(author))
    c.setSubject(clean(subject))
    c.setCreator(f"SmartDesk {__version__}")


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float] = A4) -> Canvas:
    fonts.register_fonts()
    return FallbackCanvas(
        buffer,
        pagesize=pagesize,
        invariant=1,
        pageCompression=1,
        initialFontName=fonts.REGULAR,  # else every page references a non-embedded Helvetica
        initialFontSize=10,
    )


@dataclass(slots=True)
class FlowingPage:
    """A page with a document-specific header drawn by ``header`` and the shared footer."""

    pagesize: tuple[float, float]
    header: DocumentHeader
    footer: list[str]
    title: str
    author: str
    subject: str = ""

    @property
    def content_width(self) -> float:
        return self.pagesize[0] - 2 * styles.MARGIN

    def _frame(self, header_height: float, name: str) -> Frame:
        bottom = styles.MARGIN_BOTTOM + footer_height(self.footer) + 2 * mm
        top = self.pagesize[1] - styles.MARGIN_TOP - header_height
        return Frame(
            styles.MARGIN,
            bottom,
            self.content_width,
            top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    @property
    def frame_heights(self) -> tuple[float, float]:
        """Room for the story on the first page and on the later ones."""
        first = self._frame(self.header.height, "first")
        later = self._frame(self.header.compact_height, "later")
        return first.height, later.height

    def build(self, story: list[Flowable]) -> bytes:
        fonts.register_fonts()
        x, content_width = styles.MARGIN, self.content_width
        top = self.pagesize[1] - styles.MARGIN_TOP

        def header(
            c: Canvas, form: str, draw: Callable[[Canvas, float, float, float], None]
        ) -> None:
            # Identical on every page of a kind: drawn once as a form, reused after.
            if not c.hasForm(form):
                c.beginForm(form)
                draw(c, x, top, content_width)
                c.endForm()
            c.doForm(form)
            draw_footer(c, x, content_width, styles.MARGIN_BOTTOM, self.footer)

        def first_page(c: Canvas, _doc: BaseDocTemplate) -> None:
            header(c, "smartdesk-header", self.header.draw)

        def later_page(c: Canvas, _doc: BaseDocTemplate) -> None:
            header(c, "smartdesk-header-compact", self.header.draw_compact)

        def stamp(c: Canvas, page: int, total: int) -> None:
            c.setFont(fonts.BOLD, 8)
            c.setFillColor(styles.INK)
            c.drawRightString(
                x + content_width,
                styles.MARGIN_BOTTOM + footer_height(self.footer) - 3 * mm - 2.4,
                page_label(page, total),
            )

        buffer = io.BytesIO()
        doc = BaseDocTemplate(
            buffer,
            pagesize=self.pagesize,
            leftMargin=x,
            rightMargin=x,
            topMargin=styles.MARGIN_TOP,
            bottomMargin=styles.MARGIN_BOTTOM,
            title=clean(self.title),
            author=clean(self.author),
            subject=clean(self.subject),
            creator=f"SmartDesk {__version__}",
            invariant=1,
            initialFontName=fonts.REGULAR,  # else every page references a non-embedded Helvetica
            initialFontSize=10,
            pageTemplates=[
                PageTemplate(
                    "first",
                    [self._frame(self.header.height, "first")],
                    onPage=first_page,
                    autoNextPageTemplate="later",
                ),
                PageTemplate(
                    "later", [self._frame(self.header.compact_height, "later")], onPage=later_page
                ),
            ],
        )
        doc.build(story, canvasmaker=numbered_canvas(stamp))
        return buffer.getvalue()


__all__ = [
    "FlowingPage",
    "Letterhead",
    "describe",
    "draw_footer",
    "footer_lines",
    "new_canvas",
    "numbered_canvas",
    "page_label",
]
