"""The few cell styles and number formats of SmartDesk's workbooks, and Excel's date serials."""

from __future__ import annotations

import datetime as dt
import math
from copy import copy
from dataclasses import dataclass, fields
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook

from smartdesk.reports.xlsx.layout import FONT_NAME, FONT_SIZE, PageDecoration

BRUSSELS = ZoneInfo("Europe/Brussels")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = "HH:MM"
DECIMAL_FORMAT = "#,##0.00"
EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()


@dataclass(frozen=True, slots=True)
class StyleIds:
    """The style ids of a :class:`Styles`, as plain numbers: what a row renderer in another
    process needs (a fresh write-only workbook always registers them alike)."""

    header: int
    title: int
    label: int
    quoted: int
    date: int
    datetime: int
    time: int
    decimal: int
    wrapped: int
    total: int


def _font(**attrs) -> Font:
    """The workbook's one font (a font without a name is drawn in a serif by LibreOffice)."""
    return Font(**({"name": FONT_NAME, "size": FONT_SIZE, "family": 2} | attrs))


class Styles:
    """The few cell styles of a workbook, registered once; cells refer to them by id.

    ``page`` is what every visible sheet prints in its header and footer.
    """

    def __init__(self, wb: Workbook, page: PageDecoration | None = None):
        self.page = page or PageDecoration()
        self._prototypes: dict[int, WriteOnlyCell] = {}
        probe = wb.create_sheet("_styles_probe")
        self.header = self._register(
            probe,
            font=_font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="2F5D50"),
            alignment=Alignment(vertical="center", wrap_text=True),
            border=Border(bottom=Side(style="thin", color="1E3D34")),
        )
        self.title = self._register(probe, font=_font(bold=True, size=14, color="2F5D50"))
        self.label = self._register(probe, font=_font(bold=True))
        self.quoted = self._register(probe, font=_font(), quote_prefix=True)
        self.date = self._register(probe, font=_font(), number_format=DATE_FORMAT)
        self.datetime = self._register(probe, font=_font(), number_format=DATETIME_FORMAT)
        self.time = self._register(probe, font=_font(), number_format=TIME_FORMAT)
        self.decimal = self._register(probe, font=_font(), number_format=DECIMAL_FORMAT)
        self.wrapped = self._register(
            # at the bottom like the other cells of its row (Excel's default), so a row reads
            # along one line
            probe,
            font=_font(),
            alignment=Alignment(wrap_text=True, vertical="bottom"),
        )
        above = Border(top=Side(style="thin", color="1E3D34"))
        self.total = self._register(probe, font=_font(bold=True), border=above)
        wb.remove(probe)

    def apply(self, cell: WriteOnlyCell, style_id: int) -> None:
        """Give ``cell`` the style ``style_id`` through openpyxl's public attributes."""
        prototype = self._prototypes[style_id]
        for name in ("font", "fill", "border", "alignment", "protection", "number_format"):
            setattr(cell, name, copy(getattr(prototype, name)))
        if prototype.quotePrefix:
            cell.quotePrefix = True

    @property
    def ids(self) -> StyleIds:
        return StyleIds(**{f.name: getattr(self, f.name) for f in fields(StyleIds)})

    def _register(self, ws, *, quote_prefix: bool = False, number_format: str | None = None,
                  **attrs) -> int:  # fmt: skip
        cell = WriteOnlyCell(ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        if number_format:
            cell.number_format = number_format
        if quote_prefix:
            cell.quotePrefix = True
        self._prototypes[cell.style_id] = cell
        return cell.style_id


def serial(value: dt.date | dt.datetime) -> int | float:
    """Days since Excel's epoch (1900 system), with the time as a fraction."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BRUSSELS).replace(tzinfo=None)
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return value.toordinal() - EXCEL_EPOCH_ORDINAL + seconds / 86400
    return value.toordinal() - EXCEL_EPOCH_ORDINAL


def day_fraction(value: dt.time) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def number_text(value: float | Decimal) -> str:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a spreadsheet cannot hold {value!r}")
    return repr(number)
