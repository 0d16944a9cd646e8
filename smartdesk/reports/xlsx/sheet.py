"""A write-only worksheet fed row by row, fast.

openpyxl's write-only mode streams rows to disk, but without lxml (SmartDesk does not ship it)
each cell goes through an ElementTree element and a pure-Python serializer: about 9 µs per
cell, i.e. 16 s for 200,000 rows of nine cells. The rows here are plain Python values whose XML
is trivial, so :class:`SheetWriter` formats ``<row>`` elements itself (≈1 µs per cell) and hands
them to the same stream openpyxl writes the rest of the worksheet into (views, columns,
autofilter, drawings). Everything else — workbook, styles, charts, properties — stays openpyxl's.

That stream is et_xmlfile's writer, whose raw ``_file`` callable is not public API; when it is
absent (lxml installed) the same values go through openpyxl cells instead, slower but identical
once read back. The pinned openpyxl and the tests keep the fast path honest.

Values: ``str`` (risky texts get the ``quotePrefix`` style, see :mod:`.cells`), ``bool``,
``int``, ``float``, ``Decimal``, ``date``, ``datetime`` (naive; aware ones are converted to
Brussels time), ``time``; ``None`` leaves the cell empty. Enum members are written as their
string value; a caller wanting labels translates them first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from smartdesk.reports.xlsx.cells import RISKY_FIRST_CHARACTERS as RISKY
from smartdesk.reports.xlsx.cells import is_risky, ooxml_escape, xml_text

BRUSSELS = ZoneInfo("Europe/Brussels")
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
TIME_FORMAT = "HH:MM"
DECIMAL_FORMAT = "#,##0.00"
_EXCEL_EPOCH_ORDINAL = dt.date(1899, 12, 30).toordinal()
#: Tests switch this off to prove the openpyxl-cell fallback writes the same workbook.
FAST_PATH = True


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


def _serial(value: dt.date | dt.datetime) -> int | float:
    """Days since Excel's epoch (1900 system), with the time as a fraction."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(BRUSSELS).replace(tzinfo=None)
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        return value.toordinal() - _EXCEL_EPOCH_ORDINAL + seconds / 86400
    return value.toordinal() - _EXCEL_EPOCH_ORDINAL


def _day_fraction(value: dt.time) -> float:
    return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400


def _number(value: float | Decimal) -> str:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"a spreadsheet cannot hold {value!r}")
    return repr(number)


class SheetWriter:
    """Rows of plain values into one worksheet of a write-only workbook."""

    def __init__(
        self,
        wb: Workbook,
        title: str,
        styles: Styles,
        *,
        widths: Sequence[float] = (),
        hidden: bool = False,
        wrap_columns: Iterable[int] = (),
    ):
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.styles = styles
        self.rows = 0
        self.columns = 0
        self._letters = [get_column_letter(i) for i in range(1, 16385)]
        self._wrapped = frozenset(wrap_columns)
        for index, width in enumerate(widths):
            self.ws.column_dimensions[self._letters[index]].width = width
        if hidden:
            self.ws.sheet_state = "hidden"

    # -- rows ----------------------------------------------------------------------------------

    def header(self, titles: Sequence[str], *, freeze: bool = True) -> None:
        """The table's header row (styled); the pane is frozen below it."""
        if freeze:
            self.ws.freeze_panes = f"A{self.rows + 2}"
        self.append(titles, style=self.styles.header)

    def append(self, values: Sequence[object], *, style: int | None = None) -> None:
        """Write one row; ``style`` (a :class:`Styles` id) applies to its text cells."""
        self.rows += 1
        if len(values) > self.columns:
            self.columns = len(values)
        if self.ws._rows is None:
            self._start()
        self.ws._rows.send((values, style))

    def extend(self, rows: Iterable[Sequence[object]]) -> None:
        append = self.append
        for values in rows:
            append(values)

    def blank(self) -> None:
        self.append(())

    def finish(self, *, autofilter_from: int | None = None) -> None:
        """End the sheet; ``autofilter_from`` is the header row of a table to filter."""
        if autofilter_from is not None and self.rows > autofilter_from and self.columns:
            last = self._letters[self.columns - 1]
            self.ws.auto_filter.ref = f"A{autofilter_from}:{last}{self.rows}"

    # -- the sheet's stream, as WriteOnlyWorksheet._write_rows opens it ------------------------

    def _start(self) -> None:
        ws = self.ws
        ws._get_writer()
        ws._rows = self._stream(ws._writer.xf.send(True))
        next(ws._rows)

    def _stream(self, xf):
        ws = self.ws
        raw = getattr(xf, "_file", None)
        fast = FAST_PATH and callable(raw)
        with xf.element("sheetData"):
            try:
                while True:
                    values, style = yield
                    r = self.rows
                    if fast:
                        raw(self._row_xml(values, r, style))
                    else:
                        cells = ws._values_to_row(self._row_cells(values, style), r)
                        ws._writer.write_row(xf, cells, r)
            except GeneratorExit:
                pass
        ws._writer.xf.send(None)

    # -- fast path: the row's XML formatted here ------------------------------------------------

    def _row_xml(self, values: Sequence[object], r: int, style: int | None) -> str:
        styles = self.styles
        letters = self._letters
        parts = [f'<row r="{r}">']
        add = parts.append
        for i, value in enumerate(values):
            if value is None:
                continue
            ref = f"{letters[i]}{r}"
            kind = type(value)
            if kind is str or isinstance(value, str):
                s = style
                if s is None:
                    if value and value[0] in RISKY:
                        s = styles.quoted
                    elif i in self._wrapped:
                        s = styles.wrapped
                attr = f' s="{s}"' if s is not None else ""
                space = (
                    ' xml:space="preserve"'
                    if value and (value[0].isspace() or value[-1].isspace())
                    else ""
                )
                add(
                    f'<c r="{ref}"{attr} t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>'
                )
            elif kind is int:
                add(f'<c r="{ref}"><v>{value}</v></c>')
            elif kind is bool:
                add(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif kind is float or kind is Decimal:
                s = f' s="{styles.decimal}"' if style is None and kind is Decimal else ""
                add(f'<c r="{ref}"{s}><v>{_number(value)}</v></c>')
            elif kind is dt.date:
                add(f'<c r="{ref}" s="{styles.date}"><v>{_serial(value)}</v></c>')
            elif kind is dt.datetime:
                add(f'<c r="{ref}" s="{styles.datetime}"><v>{_serial(value)!r}</v></c>')
            elif kind is dt.time:
                add(f'<c r="{ref}" s="{styles.time}"><v>{_day_fraction(value)!r}</v></c>')
            elif isinstance(value, int):  # IntEnum and friends
                add(f'<c r="{ref}"><v>{int(value)}</v></c>')
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a spreadsheet cell")
        add("</row>")
        return "".join(parts)

    # -- fallback: the same values through openpyxl cells -------------------------------------

    def _row_cells(self, values: Sequence[object], style: int | None) -> list[object]:
        styles = self.styles
        cells: list[object] = []
        for i, value in enumerate(values):
            s = None
            if value is None or isinstance(value, bool):
                cells.append(value)
                continue
            if isinstance(value, str):
                s = style
                if s is None:
                    s = styles.quoted if is_risky(value) else None
                    if s is None and i in self._wrapped:
                        s = styles.wrapped
                cell = WriteOnlyCell(self.ws, ooxml_escape(value))
                cell.data_type = "s"  # never a formula, whatever the first character
            elif isinstance(value, int):
                cells.append(int(value))
                continue
            elif isinstance(value, float | Decimal):
                cell = WriteOnlyCell(self.ws, float(_number(value)))
                s = styles.decimal if isinstance(value, Decimal) and style is None else None
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(self.ws, _serial(value))
                s = styles.datetime
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(self.ws, _serial(value))
                s = styles.date
            elif isinstance(value, dt.time):
                cell = WriteOnlyCell(self.ws, _day_fraction(value))
                s = styles.time
            else:
                raise TypeError(f"cannot write {type(value).__name__} to a spreadsheet cell")
            if s is not None:
                cell._style = copy(self.ws.parent._cell_styles[s])
            cells.append(cell)
        return cells
