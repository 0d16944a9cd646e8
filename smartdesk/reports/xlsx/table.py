"""A table read from a file someone sends: an ``.xlsx`` workbook or a CSV / text export.

:func:`read_table` finds the header row below title rows, merged cells and blank rows (the row
that looks most like known headers wins), skips blank rows, drops a trailing total line and keeps
each row's number as the user sees it in their spreadsheet, so that a problem is reported as
"row 12". Excel dates come back as ``date`` (or ``datetime`` when they carry a time). Whatever it
cannot read raises :class:`TableReadError` with a message for the user; it never crashes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from openpyxl.utils import get_column_letter

from smartdesk.i18n import _, format_number
from smartdesk.reports.xlsx.cells import ooxml_unescape, unsafe_cell
from smartdesk.reports.xlsx.csv_source import read_csv_rows
from smartdesk.reports.xlsx.headers import header_key, header_score
from smartdesk.reports.xlsx.mapping import cell_text
from smartdesk.reports.xlsx.untrusted import (
    IMPORT_LIMITS,
    Limits,
    TableReadError,
    check_file,
    is_ole2,
    is_zip,
    opened_workbook,
    translate_error,
)

CellValue = str | int | float | bool | dt.date | dt.datetime | dt.time | None

WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xltx", ".xltm", ".xls"})
HEADER_SEARCH_ROWS = 30  # non-blank rows looked at to find the header row
MAX_COLUMNS = 1000
_TOTAL_WORDS = frozenset(
    [
        "total",
        "totaal",
        "totale",
        "totaux",
        "totalen",
        "totals",
        "gesamt",
        "gesamtsumme",
        "insgesamt",
        "summe",
        "somme",
        "sum",
    ]
)
_TOTAL_PREFIXES = frozenset(["sous", "sub", "grand"])

__all__ = ["CellValue", "Table", "TableReadError", "TableRow", "read_table"]


@dataclass(frozen=True, slots=True)
class TableRow:
    """A data row: its number in the user's spreadsheet (1-based, header counted), its cells."""

    number: int
    values: tuple[CellValue, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """The data of one sheet or CSV file, and how it was read."""

    headers: tuple[str, ...]
    rows: tuple[TableRow, ...]
    header_row: int
    source: str
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    encoding: str | None = None
    delimiter: str | None = None
    total_row: int | None = None
    #: Lines between the header and the last row that are not data: (row number, kind), kind
    #: being "blank" or "total" — the import names each in its report.
    skipped: tuple[tuple[int, str], ...] = ()

    def column_name(self, index: int) -> str:
        """The header of a column, or its letter when it has none."""
        header = self.headers[index] if index < len(self.headers) else ""
        return header or get_column_letter(index + 1)


def _is_blank(values: tuple[CellValue, ...]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _is_total(values: tuple[CellValue, ...]) -> bool:
    """A trailing "Total", "Totaal", "Gesamt", "Somme" … line."""
    first = next((v for v in values if v is not None and str(v).strip()), None)
    if not isinstance(first, str) or any(isinstance(v, str) and "@" in v for v in values):
        return False
    words = header_key(first).split()
    if not words:
        return False
    return words[0] in _TOTAL_WORDS or (
        len(words) > 1 and words[0] in _TOTAL_PREFIXES and words[1] in _TOTAL_WORDS
    )


_DIGIT_FORMAT = re.compile(r"^[0#?]+(?:[ .\-/]+[0#?]+)*$")


def displayed_number(value: int | float, number_format: str | None) -> int | float | str:
    """An integer as Excel displays it with a digit format such as ``0000 00 00 00`` (a phone
    number, 475123456 → ``0475 12 34 56``) or ``0000`` (a postal code); other values as they
    are. Only plain digit layouts are rendered: a date or currency format is left to the
    caller."""
    if not number_format or number_format == "General" or isinstance(value, bool):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            return value
        value = int(value)
    layout = number_format.replace("\\", "").replace('"', "")
    if value < 0 or not _DIGIT_FORMAT.match(layout) or "0" not in layout:
        return value
    slots = sum(1 for c in layout if c in "0#?")
    digits = str(value)
    zeros = sum(1 for c in layout if c == "0")
    digits = digits.zfill(zeros) if len(digits) < zeros else digits
    if len(digits) > slots:  # more digits than the layout: they all go to the first group
        layout = "0" * (len(digits) - slots) + layout
    out: list[str] = []
    pending = list(digits)
    slot_count = sum(1 for c in layout if c in "0#?")
    skip = slot_count - len(pending)  # leading optional slots (#) with no digit
    for char in layout:
        if char in "0#?":
            if skip > 0:
                skip -= 1
                continue
            out.append(pending.pop(0))
        elif pending and out:
            out.append(char)
    return "".join(out)


def _workbook_rows(
    wb, path: Path, sheet: str | None
) -> tuple[Iterator[tuple[CellValue, ...]], str, tuple[str, ...]]:
    names = tuple(ws.title for ws in wb.worksheets)
    if sheet is not None:
        matches = [ws for ws in wb.worksheets if ws.title == sheet] or [
            ws for ws in wb.worksheets if ws.title.casefold() == sheet.strip().casefold()
        ]
        if not matches:
            raise TableReadError(
                _("The workbook {name} has no sheet “{sheet}”. Its sheets: {sheets}.").format(
                    name=path.name, sheet=sheet, sheets=", ".join(names)
                )
            )
        ws = matches[0]
    else:
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"]
        if not visible:
            raise TableReadError(_("The workbook {name} has no sheet.").format(name=path.name))
        active = wb.active
        ws = active if active in visible else visible[0]
    ws.reset_dimensions()  # a file's own dimension is often wrong (Google Sheets, scripts)

    def rows() -> Iterator[tuple[CellValue, ...]]:
        # Cells, not values only: a number is read as Excel displays it when its format is a
        # digit layout (a phone number formatted "0000 00 00 00" keeps its leading zero).
        for raw in ws.iter_rows():
            cells = raw[:MAX_COLUMNS]
            values: list[CellValue] = [cell.value for cell in cells]
            while values and values[-1] is None:
                values.pop()
            for i, value in enumerate(values):
                if isinstance(value, str):
                    values[i] = ooxml_unescape(value)
                elif isinstance(value, dt.datetime) and value.time() == dt.time():
                    values[i] = value.date()
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    values[i] = displayed_number(value, cells[i].number_format)
            yield tuple(values)

    return rows(), ws.title, names


def _csv_value(text: str) -> str:
    """A CSV field as typed: ``="0476…"`` (Excel's way to keep leading zeros) unwrapped, and
    the apostrophe SmartDesk's CSV writer adds before risky texts removed."""
    if text.startswith('="') and text.endswith('"') and len(text) >= 3:
        return text[2:-1].replace('""', '"')
    return unsafe_cell(text)


def _csv_rows(path: Path, limits: Limits) -> tuple[Iterator[tuple[CellValue, ...]], str, str]:
    records, encoding, delimiter = read_csv_rows(path, limits)

    def rows() -> Iterator[tuple[CellValue, ...]]:
        for record in records:
            values = [_csv_value(v) if v else None for v in record[:MAX_COLUMNS]]
            while values and values[-1] is None:
                values.pop()
            yield tuple(values)

    return rows(), encoding, delimiter


def read_table(
    path: Path | str,
    sheet: str | None = None,
    *,
    header_row: int | None = None,
    limits: Limits = IMPORT_LIMITS,
) -> Table:
    """Read an ``.xlsx`` or CSV file as a :class:`Table` (``sheet``: name of the sheet to read,
    default the active one; ``header_row``: force the header's row number)."""
    path = Path(path)
    head = check_file(path, limits)
    suffix = path.suffix.lower()
    try:
        if is_zip(head) or is_ole2(head) or suffix in WORKBOOK_SUFFIXES:
            with opened_workbook(path, limits) as wb:
                rows, sheet_name, sheets = _workbook_rows(wb, path, sheet)
                return _assemble(path, rows, header_row, limits, sheet_name, sheets, None, None)
        rows, encoding, delimiter = _csv_rows(path, limits)
        return _assemble(path, rows, header_row, limits, None, (), encoding, delimiter)
    except TableReadError:
        raise
    except Exception as exc:  # whatever openpyxl or a damaged file throws
        raise translate_error(path, exc) from None


def _assemble(path, rows, header_row, limits, sheet_name, sheets, encoding, delimiter) -> Table:
    numbered = enumerate(rows, start=1)
    looked_at: list[tuple[int, tuple[CellValue, ...]]] = []
    blank_numbers: list[int] = []  # blank lines among those looked at: reported if inside data
    for number, values in numbered:
        if header_row is not None and number < header_row:
            continue
        if not _is_blank(values):
            looked_at.append((number, values))
        else:
            blank_numbers.append(number)
        if len(looked_at) >= (1 if header_row is not None else HEADER_SEARCH_ROWS):
            break
    if not looked_at:
        if len(sheets) > 1:
            raise TableReadError(
                _("The sheet “{sheet}” of {name} contains no data. Its sheets: {sheets}; "
                  "choose one (--sheet NAME).")
                .format(sheet=sheet_name, name=path.name, sheets=", ".join(sheets))
            )  # fmt: skip
        raise TableReadError(_("The file {name} contains no data.").format(name=path.name))
    found = _find_header(looked_at)
    header_number, header_values = looked_at[found]
    headers = tuple(cell_text(v) for v in header_values)
    data: list[TableRow] = []
    skipped: list[tuple[int, str]] = []

    def add(number: int, values: tuple[CellValue, ...]) -> None:
        if _is_blank(values):
            if data:  # blank lines before the first row are layout, not skipped data
                skipped.append((number, "blank"))
            return
        if _is_total(values):  # "TOTAL;12 personnes" is never a person, wherever it stands
            skipped.append((number, "total"))
            return
        if len(data) >= limits.max_rows:
            raise TableReadError(
                _("The file {name} has more than {limit} rows; split it.").format(
                    name=path.name, limit=format_number(limits.max_rows)
                )
            )
        if len(values) < len(headers):
            values = values + (None,) * (len(headers) - len(values))
        data.append(TableRow(number, values))

    for number, values in sorted(
        looked_at[found + 1 :] + [(n, ()) for n in blank_numbers if n > header_number]
    ):
        add(number, values)
    for number, values in numbered:
        add(number, values)
    last = data[-1].number if data else 0
    skipped = [(n, kind) for n, kind in skipped if kind == "total" or n < last]
    totals = [n for n, kind in skipped if kind == "total"]
    total_row = totals[-1] if totals and totals[-1] > last else None
    return Table(
        headers=headers,
        rows=tuple(data),
        header_row=header_number,
        source=path.name,
        sheet=sheet_name,
        sheets=sheets,
        encoding=encoding,
        delimiter=delimiter,
        total_row=total_row,
        skipped=tuple(skipped),
    )


def _find_header(rows: list[tuple[int, tuple[CellValue, ...]]]) -> int:
    """Index of the row that looks most like a header (known names), else the first full one."""
    scores = [header_score(values) for _, values in rows]
    best = max(scores)
    if best > 0:
        return scores.index(best)
    widths = [sum(1 for v in values if v is not None and str(v).strip()) for _, values in rows]
    return widths.index(max(widths))
