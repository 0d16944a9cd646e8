"""Name badges on label sheets (2×4, 2×5 per A4) and folded table tents.

Label geometry follows the common Avery-compatible sheets (L7165: 99.1 × 67.7 mm, 2×4;
L7173: 99.1 × 57 mm, 2×5). The table tent is an A4 landscape sheet cut in two; each half is
folded across its middle and stands as a tent with two A6 faces (148.5 × 105 mm), the name on
both faces (the back one upside down so that it reads right once folded).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smartdesk.domain.records import EventRecord, OrganisationSettings
from smartdesk.i18n import _, format_date, use_locale
from smartdesk.reports.pdf import event_facts, fonts, styles
from smartdesk.reports.pdf.images import Picture, load_picture
from smartdesk.reports.pdf.page import describe, new_canvas
from smartdesk.reports.pdf.text import clean, ellipsize, fit, fit_one_line

Layout = Literal["2x4", "2x5", "tent"]


class BadgePerson(Protocol):
    @property
    def first_name(self) -> str: ...
    @property
    def last_name(self) -> str: ...
    @property
    def organisation(self) -> str | None: ...
    @property
    def commune(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class BadgeOptions:
    layout: Layout = "2x4"
    blank: int = 0  # extra badges left blank for walk-ins (a sheet of blanks when nobody is listed)
    lang: str | None = None

    def __post_init__(self) -> None:
        if self.layout not in LAYOUTS:
            raise ValueError(f"unknown badge layout: {self.layout}")
        if self.blank < 0:
            raise ValueError("blank must be 0 or more")


@dataclass(frozen=True, slots=True)
class _Grid:
    columns: int
    rows: int
    width: float  # one label
    height: float
    left: float  # page edge to first label
    top: float
    pitch_x: float
    pitch_y: float
    pagesize: tuple[float, float] = A4

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, index: int) -> tuple[float, float]:
        """Bottom-left corner of the ``index``-th label of a page (row by row)."""
        row, column = divmod(index, self.columns)
        x = self.left + column * self.pitch_x
        y = self.pagesize[1] - self.top - row * self.pitch_y - self.height
        return x, y


LAYOUTS: dict[str, _Grid] = {
    "2x4": _Grid(2, 4, 99.1 * mm, 67.7 * mm, 4.65 * mm, 13.1 * mm, 101.6 * mm, 67.7 * mm),
    "2x5": _Grid(2, 5, 99.1 * mm, 57 * mm, 4.65 * mm, 6 * mm, 101.6 * mm, 57 * mm),
    "tent": _Grid(2, 1, 148.5 * mm, 210 * mm, 0, 0, 148.5 * mm, 210 * mm, landscape(A4)),
}


def badges(
    event: EventRecord,
    people: Sequence[BadgePerson],
    settings: OrganisationSettings | None = None,
    options: BadgeOptions | None = None,
) -> bytes:
    """Badges (or table tents) for ``people`` in the order given (``AttendanceRow`` or ``PersonRecord``)."""
    settings = settings or OrganisationSettings()
    options = options or BadgeOptions()
    grid = LAYOUTS[options.layout]
    with use_locale(options.lang):
        buffer = io.BytesIO()
        c = new_canvas(buffer, grid.pagesize)
        describe(c, f"{_('Name badges')} – {clean(event.title)}", settings.name)
        painter = _Painter(c, event, settings)
        entries: list[BadgePerson | None] = [*people, *([None] * options.blank)]
        if not entries:
            entries = [None] * grid.per_page
        for start in range(0, len(entries), grid.per_page):
            for index, person in enumerate(entries[start : start + grid.per_page]):
                x, y = grid.origin(index)
                if options.layout == "tent":
                    painter.tent(x, y, grid.width, grid.height, person)
                else:
                    painter.badge(x, y, grid.width, grid.height, person)
            if options.layout == "tent":
                painter.tent_marks(grid)
            c.showPage()
        c.save()
        return buffer.getvalue()


def name_layout(
    person: BadgePerson, width: float, size: float, min_size: float
) -> tuple[list[str], float]:
    """The name on one line if it fits large enough, else first name over last name, else wrapped."""
    first, last = clean(person.first_name), clean(person.last_name)
    full = f"{first} {last}".strip()
    line, used = fit_one_line(full, fonts.BOLD, size, width, size * 0.8)
    if line == full:
        return [line], used
    if first and last:
        widest = max(fonts.string_width(part, fonts.BOLD, size) for part in (first, last))
        used = max(min_size, min(size, int(size * width / widest * 2) / 2))
        if max(fonts.string_width(part, fonts.BOLD, used) for part in (first, last)) <= width:
            return [first, last], used
    return fit(full, fonts.BOLD, size, width, 2, min_size)


class _Painter:
    def __init__(self, c: Canvas, event: EventRecord, settings: OrganisationSettings) -> None:
        self.c = c
        self.logo: Picture | None = load_picture(settings.logo_path, "organiser logo")
        self.event_title = clean(event.title)
        self.event_line = " · ".join(
            p for p in (event_facts.kind_label(event), format_date(event.start, "long")) if p
        )

    def badge(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        person: BadgePerson | None,
        scale: float = 1.0,
        outline: bool = True,
    ) -> None:
        c = self.c
        pad = 5 * mm * scale
        if outline:  # a guide for plain paper; invisible enough on label sheets
            c.setStrokeColor(styles.GRID)
            c.setLineWidth(0.3)
            c.setDash(1, 2)
            c.rect(x, y, w, h)
            c.setDash()
        # top: logo and event
        band = 9 * mm * scale
        text_x = x + pad
        if self.logo is not None:
            lw, lh = self.logo.fit(24 * mm * scale, band)
            c.drawImage(self.logo.reader, x + pad, y + h - pad - lh + 1 * mm, lw, lh, mask="auto")
            text_x += lw + 2.5 * mm * scale
        room = x + w - pad - text_x
        c.setFillColor(styles.ACCENT)
        c.setFont(fonts.BOLD, 7.5 * scale)
        c.drawString(
            text_x,
            y + h - pad - 2 * mm * scale,
            ellipsize(self.event_title, fonts.BOLD, 7.5 * scale, room),
        )
        c.setFillColor(styles.MUTED)
        c.setFont(fonts.REGULAR, 6.8 * scale)
        c.drawString(
            text_x,
            y + h - pad - 5.2 * mm * scale,
            ellipsize(self.event_line, fonts.REGULAR, 6.8 * scale, room),
        )
        # bottom colour band
        c.setFillColor(styles.ACCENT)
        c.rect(x, y, w, 3.2 * mm * scale, stroke=0, fill=1)
        # the name block, centred in what is left
        area_top, area_bottom = y + h - pad - band, y + 3.2 * mm * scale + pad * 0.6
        width = w - 2 * pad
        if person is None:
            c.setStrokeColor(styles.RULE)
            c.setLineWidth(0.5)
            middle = (area_top + area_bottom) / 2
            c.line(x + pad, middle - 2 * mm, x + w - pad, middle - 2 * mm)
            c.line(x + pad, area_bottom + 3 * mm, x + w - pad, area_bottom + 3 * mm)
            return
        name_lines, name_size = name_layout(person, width, 22 * scale, 12 * scale)
        org_lines, org_size = fit(
            person.organisation, fonts.REGULAR, 11 * scale, width, 2, 8 * scale
        )
        commune, commune_size = fit(person.commune, fonts.REGULAR, 9.5 * scale, width, 1, 8 * scale)
        blocks = [
            (name_lines, fonts.BOLD, name_size, styles.INK, 1.12),
            (org_lines, fonts.REGULAR, org_size, styles.INK, 1.2),
            (commune, fonts.REGULAR, commune_size, styles.MUTED, 1.2),
        ]
        gap = 1.6 * mm * scale
        total = sum(len(lines) * size * leading for lines, _f, size, _c, leading in blocks if lines)
        total += gap * (sum(1 for b in blocks if b[0]) - 1)
        cursor = (area_top + area_bottom) / 2 + total / 2
        centre = x + w / 2
        for lines, font, size, colour, leading in blocks:
            if not lines:
                continue
            c.setFont(font, size)
            c.setFillColor(colour)
            for line in lines:
                cursor -= size * leading
                c.drawCentredString(centre, cursor + size * (leading - 1) + size * 0.18, line)
            cursor -= gap

    def tent(self, x: float, y: float, w: float, h: float, person: BadgePerson | None) -> None:
        c = self.c
        face = h / 2
        inset = 6 * mm
        # front face (lower half) reads normally; back face (upper half) is turned upside down
        self.badge(
            x + inset, y + inset, w - 2 * inset, face - 2 * inset, person, scale=1.55, outline=False
        )
        c.saveState()
        c.translate(x + w, y + h)
        c.rotate(180)
        self.badge(inset, inset, w - 2 * inset, face - 2 * inset, person, scale=1.55, outline=False)
        c.restoreState()

    def tent_marks(self, grid: _Grid) -> None:
        c = self.c
        width, height = grid.pagesize
        c.setStrokeColor(styles.CUT)
        c.setLineWidth(0.4)
        c.setDash(4, 3)
        c.line(0, height / 2, width, height / 2)  # fold
        c.setDash(1, 2)
        c.line(width / 2, 0, width / 2, height)  # cut
        c.setDash()
        c.setFont(fonts.REGULAR, 6.5)
        c.setFillColor(styles.CUT)
        for x in (4 * mm, width / 2 + 4 * mm):
            c.drawString(x, height / 2 + 1.2 * mm, _("fold"))
        c.drawString(width / 2 + 1.5 * mm, height - 4 * mm, _("cut"))
