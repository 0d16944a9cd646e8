"""Colours, sizes and paragraph/table styles shared by every document."""

from __future__ import annotations

from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from smartdesk.domain.enums import CardCategory
from smartdesk.reports.pdf import fonts
from smartdesk.reports.pdf.text import clean, escape

# A sober palette: dark slate for text and rules, a rural green as the accent.
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#52606D")
ACCENT = colors.HexColor("#1F5F4A")
ACCENT_LIGHT = colors.HexColor("#E6F0EC")
RULE = colors.HexColor("#9AA5B1")
GRID = colors.HexColor("#B8C2CC")
ZEBRA = colors.HexColor("#F5F7F8")
CUT = colors.HexColor("#7B8794")
WHITE = colors.white

CATEGORY_COLOURS = {
    CardCategory.GREEN: colors.HexColor("#2E8B57"),
    CardCategory.BLUE: colors.HexColor("#2B6CB0"),
    CardCategory.NONE: colors.HexColor("#52606D"),
}
# Axes get these in the order the prompt lists them (then the list repeats).
AXIS_COLOURS = (
    colors.HexColor("#B7791F"),  # ochre
    colors.HexColor("#6B46C1"),  # violet
    colors.HexColor("#C05621"),  # rust
    colors.HexColor("#2C7A7B"),  # teal
    colors.HexColor("#97266D"),  # plum
)

MARGIN = 14 * mm
MARGIN_TOP = 12 * mm
MARGIN_BOTTOM = 12 * mm


def axis_colour(axes: tuple[str, ...], axis: str | None) -> colors.Color:
    if axis and axis in axes:
        return AXIS_COLOURS[axes.index(axis) % len(AXIS_COLOURS)]
    return CATEGORY_COLOURS[CardCategory.NONE]


@cache
def paragraph_styles() -> dict[str, ParagraphStyle]:
    fonts.register_fonts()
    base = ParagraphStyle(
        "body", fontName=fonts.REGULAR, fontSize=10, leading=13.5, textColor=INK, alignment=TA_LEFT
    )
    return {
        "body": base,
        "small": ParagraphStyle("small", base, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle(
            "title", base, fontName=fonts.BOLD, fontSize=18, leading=22, spaceAfter=4
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=fonts.BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=8,
            spaceAfter=4,
        ),
        "subheading": ParagraphStyle(
            "subheading",
            base,
            fontName=fonts.BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=6,
            spaceAfter=2,
        ),
        "item": ParagraphStyle("item", base, fontName=fonts.BOLD, fontSize=11, leading=14),
        "item_time": ParagraphStyle(
            "item_time", base, fontName=fonts.BOLD, fontSize=11, leading=14, textColor=ACCENT
        ),
        "speaker": ParagraphStyle("speaker", base, fontSize=9, leading=12, textColor=MUTED),
        "cell": ParagraphStyle("cell", base, fontName=fonts.CONDENSED, fontSize=9, leading=11),
        "cell_bold": ParagraphStyle(
            "cell_bold", base, fontName=fonts.CONDENSED_BOLD, fontSize=9, leading=11
        ),
        "cell_muted": ParagraphStyle(
            "cell_muted", base, fontName=fonts.CONDENSED, fontSize=8, leading=10, textColor=MUTED
        ),
        "th": ParagraphStyle(
            "th", base, fontName=fonts.CONDENSED_BOLD, fontSize=8, leading=9.5, textColor=WHITE
        ),
        "th_center": ParagraphStyle(
            "th_center",
            base,
            fontName=fonts.CONDENSED_BOLD,
            fontSize=8,
            leading=9.5,
            textColor=WHITE,
            alignment=TA_CENTER,
        ),
    }


@cache
def _header_style(centred: bool, size: float) -> ParagraphStyle:
    base = paragraph_styles()["th_center" if centred else "th"]
    return ParagraphStyle(f"{base.name}-{size}", base, fontSize=size, leading=size * 1.2)


def header_cell(label: str, width: float, centred: bool = False, padding: float = 6) -> Paragraph:
    """A table heading whose longest word fits its column (shrunk down to 6 pt, never cut)."""
    base = paragraph_styles()["th_center" if centred else "th"]
    words = clean(label).split() or [""]
    widest = max(fonts.string_width(word, base.fontName, base.fontSize) for word in words)
    size = base.fontSize
    if widest > width - padding:
        size = max(6.0, int(base.fontSize * (width - padding) / widest * 2) / 2)
    return Paragraph(escape(label), _header_style(centred, size))


def data_table_style(header_rows: int = 1, zebra: bool = True) -> list[tuple]:
    """The house style of a data table: dark header, thin grid, light zebra rows."""
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.CONDENSED),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), WHITE),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.CONDENSED_BOLD),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BOX", (0, 0), (-1, -1), 0.8, MUTED),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [WHITE, ZEBRA]))
    return commands
