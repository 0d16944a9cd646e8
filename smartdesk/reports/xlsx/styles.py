"""The few cell styles and number formats of SmartDesk's workbooks, and Excel's date serials."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook

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


class Styles:
    """The few cell styles of a workbook, registered once; cells refer to them by id."""

    def __init__(self, wb: Workbook):
        probe = wb.create_sheet("_styles_probe")
        self.header = self._register(
            probe,
            font=Font(bold=True, color="FFFFFF"),
            fill=PatternFill("solid", fgColor="2F5D50"),
            alignment=Alignment(vertical="center", wrap_text=True),
            border=Border(bottom=Side(style="thin", color="1E3D34")),
        )
        self.title = self._register(probe, font=Font(bold=True, size=14, color="2F5D50"))
        self.label = self._register(probe, font=Font(bold=True))
        self.quoted = self._register(probe, quote_prefix=True)
        self.date = self._register(probe, number_format=DATE_FORMAT)
        self.datetime = self._register(probe, number_format=DATETIME_FORMAT)
        self.time = self._register(probe, number_format=TIME_FORMAT)
        self.decimal = self._register(probe, number_format=DECIMAL_FORMAT)
        self.wrapped = self._register(probe, alignment=Alignment(wrap_text=True, vertical="top"))
        wb.remove(probe)

    @property
    def ids(self) -> StyleIds:
        return StyleIds(**{f.name: getattr(self, f.name) for f in fields(StyleIds)})

    @staticmethod
    def _register(ws, *, quote_prefix: bool = False, number_format: str | None = None, **attrs):
        cell = WriteOnlyCell(ws)
        for name, value in attrs.items():
            setattr(cell, name, value)
        if number_format:
            cell.number_format = number_format
        if quote_prefix:
            cell.quotePrefix = True
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
