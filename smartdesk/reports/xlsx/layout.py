"""How a visible sheet prints and reads: column widths and row heights from the content, one
font, and the page (A4, fitted to the width, a header and a footer on every page).

Widths are Excel's unit: the width of a digit in the workbook's font (Calibri 11, what Excel
uses by default and what openpyxl declares; LibreOffice draws it with the metric-compatible
Carlito). A text's width is the sum of its characters' widths, from Calibri's metrics grouped
in quarter-digits (measured on Carlito): close enough to choose a width, cheap enough for a
quarter million rows (a value is measured once, and only if it may be the column's widest).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from openpyxl.worksheet.page import PageMargins

#: The one font of every workbook cell (the workbook's default font is also Calibri 11).
FONT_NAME = "Calibri"
FONT_SIZE = 11
#: Points per line of Calibri 11 (Excel's default row height).
LINE_HEIGHT = 15.0
#: Excel adds a few pixels of margin in a column; more leaves the text room to breathe (a time
#: right-aligned beside a text left-aligned).
PADDING = 1.6
#: Bold text is a little wider.
BOLD = 1.06
#: A text column is never narrower (dates need 10) nor wider than this, unless wrapped.
MIN_WIDTH = 6.0
MAX_WIDTH = 40.0
#: Wrapped columns (long free texts) are this wide at most; their rows grow instead.
WRAP_WIDTH = 30.0

# Calibri's advance widths in digits, by group (Latin-1 and French typography); anything else
# (other scripts, emoji) counts as 1.75, wide enough not to be cut.
_GROUPS = {
    0.5: " '(),-.:;I[]`fijl{}\xa0´·¸¹ÌÍÎÏìíîï’‘",
    0.75: '!"/JL\\crstxz¡¨ª¯°²³ºç“”',
    1.0: "#$*+0123456789<=>?BCEFKPRSTVXYZ^_abdeghknopquvy|~¢£¤¥¦§«¬®±µ»¿ÇÈÉÊË×ÝÞßàáâãäåèéêë"
    "ðñòóôõö÷øùúûüýþÿ–€",
    1.25: "&ADGHNOQU¶¼½¾ÀÁÂÃÄÅÐÑÒÓÔÕÖØÙÚÛÜ…",
    1.5: "%mwÆæ",
    1.75: "@MW©—œŒ",
}
_WIDTH = {char: width for width, chars in _GROUPS.items() for char in chars}
WIDEST = 1.75


def text_width(text: str, *, bold: bool = False) -> float:
    """Width of ``text`` in digits of Calibri 11; a text of several lines: its widest line."""
    get = _WIDTH.get
    if "\n" in text:
        widest = max(sum(map(get, line, repeat(WIDEST))) for line in text.split("\n"))
    else:
        widest = sum(map(get, text, repeat(WIDEST)))
    return widest * BOLD if bold else widest


def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` digits wide (words kept whole where
    they fit, as spreadsheets wrap)."""
    room = max(width - PADDING, 1.0)
    get = _WIDTH.get
    space = _WIDTH[" "]
    total = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        for word in paragraph.split(" "):
            w = sum(get(c, WIDEST) for c in word)
            if used and used + space + w > room:
                lines += 1
                used = 0.0
            used = used + space + w if used else w
            while used > room:  # a word longer than the column is cut over lines
                lines += 1
                used -= room
        total += lines
    return total


def header_width(title: str) -> tuple[float, int]:
    """The narrowest good width for a header (bold, wrapped): on one line if short, else on
    two lines split near the middle; and the lines it then takes."""
    whole = text_width(title, bold=True) + PADDING
    if whole <= 14 or " " not in title:
        return max(whole, MIN_WIDTH), 1
    longest = max(text_width(word, bold=True) for word in title.split()) + PADDING
    width = max(longest, whole / 2 + 1.5, MIN_WIDTH)
    return width, lines_needed(title, width / BOLD)


#: Width of the values whose look is fixed by their number format.
FIXED_WIDTHS = {"date": 10.0, "datetime": 16.0, "time": 5.0}


class ColumnMeasure:
    """The widest value written so far in each column of a sheet, in digits."""

    __slots__ = ("widest",)

    def __init__(self) -> None:
        self.widest: list[float] = []

    def _grow(self, i: int) -> None:
        while len(self.widest) <= i:
            self.widest.append(0.0)

    def text(self, i: int, value: str, bold: bool = False) -> None:
        if i >= len(self.widest):
            self._grow(i)
        widest = self.widest[i]
        # no character is wider than WIDEST digits: many values are ruled out by their length,
        # and a column already as wide as a column may be is done
        if widest >= MAX_WIDTH or len(value) * WIDEST * (BOLD if bold else 1.0) <= widest:
            return
        width = text_width(value, bold=bold)
        if width > self.widest[i]:
            self.widest[i] = width

    def fixed(self, i: int, width: float) -> None:
        if i >= len(self.widest):
            self._grow(i)
        if width > self.widest[i]:
            self.widest[i] = width

    def number(self, i: int, value: float) -> None:
        """A number as Excel's General format shows it (at most 11 characters)."""
        text = f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else None
        digits = len(text) if text else len(str(int(value)))
        self.fixed(i, min(float(digits), 11.0))

    def width(self, i: int, *, floor: float = MIN_WIDTH, cap: float = MAX_WIDTH) -> float:
        """The column's width: its widest value with padding, kept within ``floor`` … ``cap``."""
        widest = self.widest[i] if i < len(self.widest) else 0.0
        return round(min(max(widest + PADDING, floor), max(cap, floor)), 2)


@dataclass(frozen=True, slots=True)
class PageDecoration:
    """What every printed page of a workbook says: who made it and who funds it (the funders
    ask for their mention on every page), with the sheet's name and the page number."""

    organisation: str = ""
    funding_line: str = ""
    page_text: str = "&P / &N"  # the translated "Page x / y" with Excel's fields


#: Excel refuses a header or footer longer than this (all three parts together, with codes).
HEADER_FOOTER_MAX = 255


def header_footer_text(text: str, limit: int) -> str:
    """A plain text as a header/footer part: ``&`` doubled (it starts Excel's codes), one line,
    cut to ``limit`` characters."""
    plain = " ".join(text.split())
    while len(plain) + plain.count("&") > limit:  # each & is written twice
        plain = plain[: limit - 1 - plain.count("&")] + "…"
    return plain.replace("&", "&&")


def column_points(width: float) -> float:
    """A column's width in points (Calibri 11: a digit is 7 px, plus 5 px of margin)."""
    return (math.floor(width * 7 + 0.5) + 5) * 0.75


_A4 = 9


def set_up_page(ws: Any, page: PageDecoration) -> None:
    """A4 across, as wide as one page; the organisation, sheet, funders and page numbers on
    every page of the worksheet ``ws`` (the funders ask for their mention on each page)."""
    ws.page_setup.paperSize = _A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(
        left=0.4, right=0.4, top=0.75, bottom=0.75, header=0.3, footer=0.3
    )
    font = f"{FONT_NAME},Regular"
    # Excel refuses more than 255 characters per header or footer, codes included
    room = HEADER_FOOTER_MAX - 40 - len(page.page_text)
    parts = (
        (ws.oddHeader.left, header_footer_text(page.organisation, 120), 9),
        (ws.oddHeader.right, "&A", 9),  # the sheet's name
        (ws.oddFooter.left, header_footer_text(page.funding_line, room), 8),
        (ws.oddFooter.right, page.page_text, 8),
    )
    for part, text, size in parts:
        if text:
            part.text, part.font, part.size = text, font, size
