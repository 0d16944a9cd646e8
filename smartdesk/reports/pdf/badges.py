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
from smartdesk.i18n import N_, _, format_date, use_locale
from smartdesk.reports.pdf import event_facts, fonts, styles
from smartdesk.reports.pdf.images import Picture, load_picture
from smartdesk.reports.pdf.page import describe, new_canvas
from smartdesk.reports.pdf.qr import draw_qr
from smartdesk.reports.pdf.text import clean, ellipsize, fit

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


#: What a badge's band says for a role (``AttendanceRow.role``); other people have a plain band.
ROLES = {"speaker": N_("Speaker"), "organiser": N_("Organiser")}
#: Colour and outline stay this far inside the label: a printer shifting the sheet by a
#: millimetre or two must not print them on the next label.
SAFE_MARGIN = 2.5 * mm
#: The last name is printed this much smaller than the first name (people are called by it).
LAST_NAME_SCALE = 0.7
BADGE_QR_SIZE = 13 * mm


@dataclass(frozen=True, slots=True)
class BadgeOptions:
    layout: Layout = "2x4"
    blank: int = 0  # extra badges left blank for walk-ins (a sheet of blanks when nobody is listed)
    lang: str | None = None
    qr_codes: bool = False  # each person's check-in code, for a scanner at the door (not tents)

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
        describe(c, _("Name badges – {title}").format(title=clean(event.title)), settings.name)
        painter = _Painter(c, event, settings, qr_codes=options.qr_codes)
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
) -> list[tuple[str, float]]:
    """(line, size) of the name: the first name large and the last name smaller under it, each
    shrunk to the width (down to ``min_size``), then wrapped on up to three lines before any "…"."""
    first, last = clean(person.first_name), clean(person.last_name)
    if not (first and last):
        lines, used = fit(first or last, fonts.BOLD, size, width, 3, min_size)
        return [(line, used) for line in lines]
    out: list[tuple[str, float]] = []
    first_lines, first_size = fit(first, fonts.BOLD, size, width, 2, min_size)
    out += [(line, first_size) for line in first_lines]
    smaller = min(size * LAST_NAME_SCALE, first_size * 0.9)  # smaller than the first name
    last_lines, last_size = fit(
        last, fonts.BOLD, smaller, width, 3 - len(first_lines), min(smaller, min_size * 0.8)
    )
    out += [(line, last_size) for line in last_lines]
    return out


class _Painter:
    def __init__(
        self,
        c: Canvas,
        event: EventRecord,
        settings: OrganisationSettings,
        qr_codes: bool = False,
    ) -> None:
        self.c = c
        self.qr_codes = qr_codes
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
        qr: bool = True,
    ) -> None:
        c = self.c
        if outline:
            # Label sheets: everything drawn stays SAFE_MARGIN inside the label, so a sheet fed
            # a little askew marks no neighbour; the dashed frame guides scissors on plain paper.
            x, y, w, h = x + SAFE_MARGIN, y + SAFE_MARGIN, w - 2 * SAFE_MARGIN, h - 2 * SAFE_MARGIN
            c.setStrokeColor(styles.GRID)
            c.setLineWidth(0.3)
            c.setDash(1, 2)
            c.roundRect(x, y, w, h, 1.5 * mm)
            c.setDash()
        pad = (3 if outline else 5) * mm * scale
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
        # bottom colour band, with the role when known
        # AttendanceRow carries a role and a check-in code; a PersonRecord (also accepted) has
        # neither, and prints a plain band and no code.
        role_key = getattr(person, "role", None) if person is not None else None
        role = _(ROLES[role_key]) if role_key in ROLES else ""
        band_height = (5.5 if role else 3.2) * mm * scale
        c.setFillColor(styles.ACCENT)
        c.roundRect(x, y, w, band_height, 1.5 * mm * scale, stroke=0, fill=1)
        if role:
            size = 8.5 * scale
            c.setFillColor(styles.WHITE)
            c.setFont(fonts.BOLD, size)
            c.drawCentredString(
                x + w / 2,
                y + band_height / 2 - size * 0.36,
                ellipsize(role.upper(), fonts.BOLD, size, w - 2 * pad),
            )
        # the name block, centred in what is left (beside the QR code when there is one)
        area_top, area_bottom = y + h - pad - band, y + band_height + pad * 0.6
        width = w - 2 * pad
        left = x + pad
        code = getattr(person, "check_in_code", "") if person is not None else ""
        if qr and self.qr_codes and code:
            size = min(BADGE_QR_SIZE * scale, area_top - area_bottom)
            draw_qr(c, code, x + w - pad - size, area_bottom, size)
            width -= size + 2 * mm * scale
        if person is None:
            c.setStrokeColor(styles.RULE)
            c.setLineWidth(0.5)
            middle = (area_top + area_bottom) / 2
            c.line(x + pad, middle - 2 * mm, x + w - pad, middle - 2 * mm)
            c.line(x + pad, area_bottom + 3 * mm, x + w - pad, area_bottom + 3 * mm)
            return

        def lines_of(value: object, size: float, smallest: float, most: int) -> list:
            lines, used = fit(value, fonts.REGULAR, size * scale, width, most, smallest * scale)
            return [(line, used) for line in lines]

        blocks = [
            (name_layout(person, width, 22 * scale, 12 * scale), fonts.BOLD, styles.INK, 1.12),
            (lines_of(person.organisation, 11, 8, 3), fonts.REGULAR, styles.INK, 1.2),
            (lines_of(person.commune, 9.5, 8, 1), fonts.REGULAR, styles.MUTED, 1.2),
        ]
        gap = 1.6 * mm * scale

        def height(parts: list) -> float:
            lines = [size * leading for block, _f, _c, leading in parts for _t, size in block]
            return sum(lines) + gap * (sum(1 for b in parts if b[0]) - 1)

        # Three lines of organisation only when they fit; else two, then the "…".
        if height(blocks) > area_top - area_bottom and len(blocks[1][0]) > 2:
            blocks[1] = (lines_of(person.organisation, 11, 8, 2), *blocks[1][1:])
        cursor = (area_top + area_bottom) / 2 + height(blocks) / 2
        centre = left + width / 2
        for block, font, colour, leading in blocks:
            if not block:
                continue
            c.setFillColor(colour)
            for line, size in block:
                c.setFont(font, size)
                cursor -= size * leading
                c.drawCentredString(centre, cursor + size * (leading - 1) + size * 0.18, line)
            cursor -= gap

    def tent(self, x: float, y: float, w: float, h: float, person: BadgePerson | None) -> None:
        c = self.c
        face = h / 2
        inset = 6 * mm
        # front face (lower half) reads normally; back face (upper half) is turned upside down
        self.badge(
            x + inset,
            y + inset,
            w - 2 * inset,
            face - 2 * inset,
            person,
            scale=1.55,
            outline=False,
            qr=False,
        )
        c.saveState()
        c.translate(x + w, y + h)
        c.rotate(180)
        self.badge(
            inset,
            inset,
            w - 2 * inset,
            face - 2 * inset,
            person,
            scale=1.55,
            outline=False,
            qr=False,
        )
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
