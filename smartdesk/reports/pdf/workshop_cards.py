"""Workshop cards: blank ones to fill in the room, pre-filled ones from the typed text.

Cards tile the page edge to edge inside the margins (4 = 2×2, 6 = 2×3 per A4); crop marks in the
margins show where to cut. Each card carries a short code so the typed card can be matched to
its paper: the codes the caller passes (``services.workshops.blank_card_codes``), else
``<prompt id>-<number>`` numbered on from ``first_number`` across colours (``12-007``, the
services' format), or the typed card's own code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.records import CardRecord, OrganisationSettings, PromptRecord, WorkshopRecord
from smartdesk.i18n import _, format_date, use_locale
from smartdesk.reports.pdf import fonts, styles
from smartdesk.reports.pdf.page import describe, new_canvas
from smartdesk.reports.pdf.text import clean, ellipsize, fit, fit_one_line

PAGE_W, PAGE_H = A4
MARGIN = 12 * mm
MARK = 5 * mm  # crop mark length, kept clear of the card edge by GAP
GAP = 1.5 * mm
#: WCAG 2 contrast asked of the white text on a colour band (AA for normal text).
MIN_CONTRAST = 4.5
#: Writing lines: solid and dark enough to survive a photocopy (a dotted light grey vanishes).
WRITING_LINE = styles.CUT
WRITING_LINE_WIDTH = 0.6


def relative_luminance(colour: colors.Color) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(v) for v in (colour.red, colour.green, colour.blue))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(one: colors.Color, other: colors.Color) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((relative_luminance(one), relative_luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def band_colour(colour: colors.Color) -> colors.Color:
    """``colour`` darkened (same hue) until white text on it reads at ``MIN_CONTRAST``: the
    light ochre and green of the palette print white labels too pale to read in a dim hall."""
    band = colour
    while contrast_ratio(band, styles.WHITE) < MIN_CONTRAST:
        band = colors.Color(band.red * 0.96, band.green * 0.96, band.blue * 0.96)
    return band


@dataclass(frozen=True, slots=True)
class CardOptions:
    per_page: Literal[4, 6] = 4
    count: int = 0  # blank cards per category or axis; 0 = one full page of each
    first_number: int = 1  # numbering of blank cards' codes (continue a previous batch)
    codes: tuple[str, ...] = ()  # codes to print on the blank cards, in order (overrides numbering)
    colour_by: Literal["auto", "category", "axis"] = "auto"
    lang: str | None = None

    def __post_init__(self) -> None:
        if self.per_page not in (4, 6):
            raise ValueError("per_page must be 4 or 6")
        if self.count < 0 or self.first_number < 0:
            raise ValueError("count and first_number must be 0 or more")
        if self.colour_by not in ("auto", "category", "axis"):
            raise ValueError(f"unknown colour_by: {self.colour_by}")


@dataclass(frozen=True, slots=True)
class _Variant:
    """What a card's colour band says: a category or an axis."""

    label: str
    colour: colors.Color
    category: CardCategory = CardCategory.NONE
    axis: str | None = None


def _uses_axes(prompt: PromptRecord, options: CardOptions) -> bool:
    if options.colour_by == "axis":
        return True
    if options.colour_by == "category":
        return False
    real = [c for c in prompt.categories if c != CardCategory.NONE]
    return not real and bool(prompt.axes)


def _variants(prompt: PromptRecord, options: CardOptions) -> list[_Variant]:
    if _uses_axes(prompt, options):
        return [
            _Variant(clean(axis), styles.axis_colour(prompt.axes, axis), axis=axis)
            for axis in prompt.axes
        ] or [_variant_of_category(CardCategory.NONE)]
    real = [c for c in prompt.categories if c != CardCategory.NONE]
    return [_variant_of_category(c) for c in real] or [_variant_of_category(CardCategory.NONE)]


def _variant_of_category(category: CardCategory) -> _Variant:
    label = _(category.label) if category != CardCategory.NONE else ""
    return _Variant(label, styles.CATEGORY_COLOURS[category], category=category)


def _variant_of_card(prompt: PromptRecord, card: CardRecord, options: CardOptions) -> _Variant:
    if _uses_axes(prompt, options):
        if card.axis:
            return _Variant(clean(card.axis), styles.axis_colour(prompt.axes, card.axis))
        return _variant_of_category(CardCategory.NONE)
    return _variant_of_category(card.category)


def blank_card_code(prompt: PromptRecord, number: int) -> str:
    """``12-007``: the same shape as the codes the workshop service gives typed cards."""
    return f"{prompt.id}-{number:03d}"


def blank_cards(
    prompt: PromptRecord,
    workshop: WorkshopRecord,
    settings: OrganisationSettings | None = None,
    options: CardOptions | None = None,
) -> bytes:
    """Blank cards for ``prompt``: ``options.count`` of each category (or axis), each with its
    own code (``options.codes`` in order, then numbered on)."""
    options = options or CardOptions()
    with use_locale(options.lang):
        variants = _variants(prompt, options)
        count = options.count or options.per_page
        total = count * len(variants)
        given = [clean(code) for code in options.codes[:total]]
        numbered = [
            blank_card_code(prompt, options.first_number + i) for i in range(total - len(given))
        ]
        codes = given + numbered
        jobs = [
            (variant, None, codes[v * count + i])
            for v, variant in enumerate(variants)
            for i in range(count)
        ]
        return _render(
            prompt, workshop, settings or OrganisationSettings(), options, jobs, _("Workshop cards")
        )


def filled_cards(
    prompt: PromptRecord,
    workshop: WorkshopRecord,
    cards: Sequence[CardRecord],
    settings: OrganisationSettings | None = None,
    options: CardOptions | None = None,
) -> bytes:
    """The typed cards of ``prompt`` printed back on cards (to redistribute or pin up)."""
    options = options or CardOptions()
    with use_locale(options.lang):
        jobs = [(_variant_of_card(prompt, card, options), card, clean(card.code)) for card in cards]
        return _render(
            prompt, workshop, settings or OrganisationSettings(), options, jobs, _("Workshop cards")
        )


def _render(prompt, workshop, settings, options, jobs, title) -> bytes:
    buffer = io.BytesIO()
    c = new_canvas(buffer)
    describe(c, f"{title} – {clean(workshop.event_title)}", settings.name, clean(prompt.question))
    columns, rows = (2, 2) if options.per_page == 4 else (2, 3)
    width = (PAGE_W - 2 * MARGIN) / columns
    height = (PAGE_H - 2 * MARGIN) / rows
    painter = _CardPainter(c, prompt, workshop, width, height)
    if not jobs:  # nothing typed yet: one page saying so, still a valid PDF
        c.setFont(fonts.ITALIC, 11)
        c.setFillColor(styles.MUTED)
        c.drawCentredString(PAGE_W / 2, PAGE_H / 2, _("No cards to print."))
        c.showPage()
    for start in range(0, len(jobs), options.per_page):
        for index, (variant, card, code) in enumerate(jobs[start : start + options.per_page]):
            row, column = divmod(index, columns)
            x = MARGIN + column * width
            y = PAGE_H - MARGIN - (row + 1) * height
            painter.card(x, y, variant, card, code)
        _crop_marks(c, columns, rows, width, height)
        c.showPage()
    c.save()
    return buffer.getvalue()


def _crop_marks(c: Canvas, columns: int, rows: int, width: float, height: float) -> None:
    c.setStrokeColor(styles.INK)
    c.setLineWidth(0.3)
    for i in range(columns + 1):
        x = MARGIN + i * width
        c.line(x, PAGE_H - MARGIN + GAP, x, PAGE_H - MARGIN + GAP + MARK)
        c.line(x, MARGIN - GAP, x, MARGIN - GAP - MARK)
    for j in range(rows + 1):
        y = PAGE_H - MARGIN - j * height
        c.line(MARGIN - GAP, y, MARGIN - GAP - MARK, y)
        c.line(PAGE_W - MARGIN + GAP, y, PAGE_W - MARGIN + GAP + MARK, y)
    # light guides between cards, in case the crop marks are trimmed off by the printer
    c.setStrokeColor(styles.GRID)
    c.setDash(1, 3)
    for i in range(1, columns):
        c.line(MARGIN + i * width, MARGIN, MARGIN + i * width, PAGE_H - MARGIN)
    for j in range(1, rows):
        c.line(MARGIN, PAGE_H - MARGIN - j * height, PAGE_W - MARGIN, PAGE_H - MARGIN - j * height)
    c.setDash()


class _CardPainter:
    def __init__(
        self, c: Canvas, prompt: PromptRecord, workshop: WorkshopRecord, width: float, height: float
    ) -> None:
        self.c, self.w, self.h = c, width, height
        self.pad = 6 * mm
        inner = width - 2 * self.pad
        self.question, self.question_size = fit(prompt.question, fonts.BOLD, 11, inner, 3, 8.5)
        event = " · ".join(
            p for p in (clean(workshop.event_title), format_date(workshop.event_start, "long")) if p
        )
        self.event = ellipsize(event, fonts.REGULAR, 7.5, inner)
        self.small = height < 110 * mm

    def card(
        self, x: float, y: float, variant: _Variant, card: CardRecord | None, code: str
    ) -> None:
        c, w, h, pad = self.c, self.w, self.h, self.pad
        inner = w - 2 * pad
        band = 9 * mm
        top = y + h - pad
        c.setFillColor(band_colour(variant.colour))
        c.roundRect(x + pad, top - band, inner, band, 2 * mm, stroke=0, fill=1)
        c.setFillColor(styles.WHITE)
        code = ellipsize(code, fonts.CONDENSED_BOLD, 10, 26 * mm)
        code_width = fonts.string_width(code, fonts.CONDENSED_BOLD, 10)
        label, size = fit_one_line(variant.label, fonts.BOLD, 9, inner - 9 * mm - code_width, 7)
        c.setFont(fonts.BOLD, size)
        c.drawString(x + pad + 3 * mm, top - band / 2 - size * 0.36, label)
        c.setFont(fonts.CONDENSED_BOLD, 10)
        c.drawRightString(x + w - pad - 3 * mm, top - band / 2 - 3.5, code)
        cursor = top - band - 3 * mm
        c.setFillColor(styles.INK)
        c.setFont(fonts.BOLD, self.question_size)
        for line in self.question:
            cursor -= self.question_size * 1.2
            c.drawString(x + pad, cursor, line)
        cursor -= 4 * mm
        c.setFont(fonts.REGULAR, 7.5)
        c.setFillColor(styles.MUTED)
        c.drawString(x + pad, cursor, self.event)
        cursor -= 6.5 * mm
        label = _("Action") if variant.category != CardCategory.NONE else _("Challenge or action")
        c.setFont(fonts.BOLD, 7.5)
        c.drawString(x + pad, cursor, label)
        fields_top = y + pad + (14 if self.small else 16) * mm
        if card is None:
            self._writing_lines(x + pad, inner, cursor - 3 * mm, fields_top + 1 * mm)
        else:
            self._typed(card, x + pad, inner, cursor - 3 * mm, fields_top + 2 * mm)
        self._fields(x + pad, y + pad, inner, card)

    def _writing_lines(self, x: float, width: float, top: float, bottom: float) -> None:
        c = self.c
        c.setStrokeColor(WRITING_LINE)
        c.setLineWidth(WRITING_LINE_WIDTH)
        y = top - 7.5 * mm
        while y >= bottom:
            c.line(x, y, x + width, y)
            y -= 8 * mm

    def _typed(self, card: CardRecord, x: float, width: float, top: float, bottom: float) -> None:
        c = self.c
        room = top - bottom
        for size in (15, 13, 11.5, 10, 9, 8):
            lines, used = fit(
                card.text, fonts.REGULAR, size, width, max(1, int(room // (size * 1.25))), size
            )
            if used == size and lines and not lines[-1].endswith("…"):
                break
        c.setFont(fonts.REGULAR, used)
        c.setFillColor(styles.INK)
        y = top - used
        for line in lines:
            c.drawString(x, y, line)
            y -= used * 1.25

    def _fields(self, x: float, bottom: float, width: float, card: CardRecord | None) -> None:
        c = self.c
        fields = [
            (_("Commune"), card.commune if card else None),
            (_("Name (optional)"), card.author if card else None),
        ]
        y = bottom + (9 if self.small else 10) * mm
        for label, value in fields:
            c.setFont(fonts.BOLD, 7.5)
            c.setFillColor(styles.MUTED)
            c.drawString(x, y, label)
            offset = fonts.string_width(label, fonts.BOLD, 7.5) + 2 * mm
            c.setStrokeColor(WRITING_LINE)
            c.setLineWidth(WRITING_LINE_WIDTH)
            c.line(x + offset, y - 1.2, x + width, y - 1.2)
            if value:
                c.setFont(fonts.REGULAR, 9)
                c.setFillColor(styles.INK)
                c.drawString(
                    x + offset + 1 * mm,
                    y + 0.5,
                    ellipsize(clean(value), fonts.REGULAR, 9, width - offset - 1 * mm),
                )
            y -= (7 if self.small else 8) * mm
