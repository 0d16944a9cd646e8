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

openpyxl's write-only sheets carry no ``<dimension>``, which makes openpyxl's own read-only mode
parse a whole sheet just to learn its size (twice the reading time); :meth:`SheetWriter.finish`
writes the real range into a placeholder.

openpyxl keeps each write-only sheet's XML in a file of the system's temporary folder until the
workbook is saved; those files hold names and e-mails, and a killed export would leave them
there. Inside :func:`sheets_kept_in` they go to the folder given instead (the target's), named
``.smartdesk-sheet-….partial`` so that the next start removes what a kill left; openpyxl still
deletes them after saving (its ``WorksheetWriter(out=…)`` and temporary-file list, not public).

Values: ``str`` (risky texts get the ``quotePrefix`` style, see :mod:`.cells`), ``bool``,
``int``, ``float``, ``Decimal``, ``date``, ``datetime`` (naive; aware ones are converted to
Brussels time), ``time``; ``None`` leaves the cell empty. Enum members are written as their
string value; a caller wanting labels translates them first.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import io
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from copy import copy
from decimal import Decimal
from enum import Enum
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet import _writer as openpyxl_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from smartdesk.reports.xlsx.cells import RISKY_FIRST_CHARACTERS as RISKY
from smartdesk.reports.xlsx.cells import is_risky, ooxml_escape
from smartdesk.reports.xlsx.styles import (
    EXCEL_EPOCH_ORDINAL,
    Styles,
    day_fraction,
    number_text,
    serial,
)

#: Excel refuses (offers to "repair") a cell holding more characters; visible sheets cut there.
#: The exchange part keeps texts whole, so the services should keep free texts below it.
MAX_CELL_TEXT = 32_767
#: Tests switch this off to prove the openpyxl-cell fallback writes the same workbook.
FAST_PATH = True


_LETTERS = [get_column_letter(i) for i in range(1, 16385)]
_CELL = [f'<c r="{letter}' for letter in _LETTERS]  # + row number + '"' makes a cell's start
_WHITESPACE = frozenset(" \t\n\r\x0b\x0c\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}
_PLAIN = "plain"
_COPY_CHUNK = 1 << 20
_DIMENSION_PLACEHOLDER = "A1:XFD1048576"
_PLACEHOLDER_ATTRIBUTE = f'ref="{_DIMENSION_PLACEHOLDER}"'.encode()


def _patch_dimension(path: str, ref: str) -> None:
    """Overwrite the placeholder range in a closed sheet's XML (same length: spaces pad it)."""
    attribute = f'ref="{ref}"'.encode().ljust(len(_PLACEHOLDER_ATTRIBUTE))
    with open(path, "r+b") as fh:
        head = fh.read(8192)
        at = head.find(_PLACEHOLDER_ATTRIBUTE)
        if at >= 0:
            fh.seek(at)
            fh.write(attribute)


_SCRATCH: ContextVar[Path | None] = ContextVar("smartdesk_sheet_scratch", default=None)


@contextlib.contextmanager
def sheets_kept_in(folder: Path | str | None) -> Iterator[None]:
    """Sheets started inside keep their XML in ``folder`` (None: openpyxl's own place)."""
    token = _SCRATCH.set(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _SCRATCH.reset(token)


def _open_writer(ws: WriteOnlyWorksheet) -> None:
    folder = _SCRATCH.get()
    if folder is None or ws._writer is not None:
        ws._get_writer()
        return
    fd, out = tempfile.mkstemp(prefix=".smartdesk-sheet-", suffix=".partial", dir=folder)
    os.close(fd)
    openpyxl_writer.ALL_TEMP_FILES.append(out)  # openpyxl's cleanup removes it from there
    ws._writer = openpyxl_writer.WorksheetWriter(ws, out=out)
    ws._writer.write_top()


_TEMPORAL_KINDS = {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}


class SheetWriter:
    """Rows of plain values into one worksheet of a write-only workbook.

    With ``iso_temporals`` (the exchange part), dates, datetimes and times are written as ISO
    8601 texts instead of date cells, and :attr:`temporal_columns` says which columns held
    which; a column mixing them with other non-empty values is refused (``ValueError``).
    """

    def __init__(
        self,
        wb: Workbook,
        title: str,
        styles: Styles,
        *,
        widths: Sequence[float] = (),
        hidden: bool = False,
        wrap_columns: Iterable[int] = (),
        iso_temporals: bool = False,
    ):
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.styles = styles
        self.rows = 0
        self.columns = 0
        self._wrapped = frozenset(wrap_columns)
        self._iso = iso_temporals
        self._kinds: dict[int, str] = {}
        self._memo = CellMemo()
        self._raw = None
        # written before the rows (see finish): the widest range, fixed up at the end
        self.ws.calculate_dimension = lambda: _DIMENSION_PLACEHOLDER
        for index, width in enumerate(widths):
            self.ws.column_dimensions[_LETTERS[index]].width = width
        if hidden:
            self.ws.sheet_state = "hidden"

    @property
    def temporal_columns(self) -> dict[int, str]:
        """Column index → ``date``, ``datetime`` or ``time`` (``iso_temporals`` sheets only)."""
        return temporal_columns(self._kinds)

    # -- rows ----------------------------------------------------------------------------------

    def print_landscape(self) -> None:
        """Print across, as wide as one page (the GAL prints the summary for meetings)."""
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = 9  # A4
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True

    def header(self, titles: Sequence[str], *, freeze: bool = True) -> None:
        """The table's header row (styled); the pane is frozen below it."""
        if freeze:
            self.ws.freeze_panes = f"A{self.rows + 2}"
            self.ws.print_title_rows = f"{self.rows + 1}:{self.rows + 1}"
        iso, self._iso = self._iso, False
        self.append(titles, style=self.styles.header)
        self._iso = iso

    def append(self, values: Sequence[object], *, style: int | None = None) -> None:
        """Write one row; ``style`` (a :class:`Styles` id) applies to its text cells."""
        if self.ws._rows is None:
            self._start()
        self.rows += 1
        if len(values) > self.columns:
            self.columns = len(values)
        if self._raw is not None:
            self._raw(self._row_xml(values, self.rows, style))
        else:
            self.ws._rows.send((values, style))

    def extend(self, rows: Iterable[Sequence[object]]) -> None:
        """Write many rows (the hot path: rows are joined and written in batches)."""
        if self.ws._rows is None:
            self._start()
        if self._raw is None:
            for values in rows:
                self.append(values)
            return
        raw = self._raw
        styles, iso, kinds, wrapped, memo = (
            self.styles, self._iso, self._kinds, self._wrapped, self._memo
        )  # fmt: skip
        batch: list[str] = []
        r, columns = self.rows, self.columns
        try:
            for values in rows:
                r += 1
                if len(values) > columns:
                    columns = len(values)
                batch.append(row_xml(values, r, None, styles, iso, kinds, wrapped, memo))
                if len(batch) == 500:
                    raw("".join(batch))
                    batch.clear()
            raw("".join(batch))
        finally:
            self.rows, self.columns = r, columns

    def copy_rows(self, source: str | os.PathLike, rows: int, columns: int) -> None:
        """Append ``rows`` rows of ``columns`` columns already rendered by :func:`row_xml` (row
        numbers following this sheet's) into the UTF-8 file ``source``. Fast path only."""
        if self.ws._rows is None:
            self._start()
        raw = self._raw
        if raw is None:
            raise RuntimeError("pre-rendered rows need the fast path (see FAST_PATH)")
        stream = getattr(raw, "__self__", None)
        with open(source, "rb") as src:
            if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name == (
                "utf-8"
            ):
                stream.flush()  # then the bytes go straight to the file under it
                shutil.copyfileobj(src, stream.buffer, _COPY_CHUNK)
            else:  # pragma: no cover - et_xmlfile's writer is a text file today
                for chunk in iter(lambda: src.read(_COPY_CHUNK), b""):
                    raw(chunk.decode("utf-8"))
        self.rows += rows
        self.columns = max(self.columns, columns)

    def blank(self) -> None:
        self.append(())

    def finish(self, *, autofilter_from: int | None = None) -> None:
        """Close the sheet; ``autofilter_from`` is the header row of a table to filter.

        The ``<dimension>`` element was written as a placeholder before the rows; it gets the
        real range now, so readers (openpyxl's read-only mode among them) need not scan the
        whole sheet to learn its size.
        """
        if autofilter_from is not None and self.rows > autofilter_from and self.columns:
            last = _LETTERS[self.columns - 1]
            self.ws.auto_filter.ref = f"A{autofilter_from}:{last}{self.rows}"
        self.ws.close()
        ref = f"A1:{_LETTERS[self.columns - 1]}{self.rows}" if self.rows and self.columns else "A1"
        _patch_dimension(self.ws._writer.out, ref)

    # -- the sheet's stream, as WriteOnlyWorksheet._write_rows opens it ------------------------

    def _start(self) -> None:
        ws = self.ws
        _open_writer(ws)
        xf = ws._writer.xf.send(True)
        raw = getattr(xf, "_file", None)
        ws._rows = self._stream(xf)
        next(ws._rows)  # opens <sheetData>
        if FAST_PATH and callable(raw):
            self._raw = raw

    def _stream(self, xf):
        ws = self.ws
        with xf.element("sheetData"):
            try:
                while True:
                    values, style = yield
                    cells = ws._values_to_row(self._row_cells(values, style), self.rows)
                    ws._writer.write_row(xf, cells, self.rows)
            except GeneratorExit:
                pass
        ws._writer.xf.send(None)

    def _kind(self, i: int, kind: str) -> None:
        """Remember what column ``i`` holds; refuse dates mixed with anything else."""
        seen = self._kinds.setdefault(i, kind)
        if seen != kind:
            raise ValueError(f"column {i + 1} mixes {seen} and {kind} values")

    # -- fast path: the row's XML formatted here ------------------------------------------------

    def _row_xml(self, values: Sequence[object], r: int, style: int | None) -> str:
        return row_xml(
            values, r, style, self.styles, self._iso, self._kinds, self._wrapped, self._memo
        )

    def _convert(self, i: int, value: object) -> object:
        """In ISO mode: a date or time becomes its ISO text, its column's kind remembered."""
        temporal = _TEMPORAL_KINDS.get(type(value))
        if temporal is not None:
            self._kind(i, temporal)
            return value.isoformat()  # type: ignore[attr-defined]
        self._kind(i, _PLAIN)
        return _as_text(value)

    # -- fallback: the same values through openpyxl cells -------------------------------------

    def _row_cells(self, values: Sequence[object], style: int | None) -> list[object]:
        styles = self.styles
        cells: list[object] = []
        for i, value in enumerate(values):
            if value is not None and self._iso:
                value = self._convert(i, value)
            elif value is not None:
                value = _as_text(value)
            s = None
            if value is None or isinstance(value, bool) or type(value) is int:
                cells.append(value)
                continue
            if isinstance(value, str):
                if len(value) > MAX_CELL_TEXT and not self._iso:
                    value = value[: MAX_CELL_TEXT - 1] + "…"
                s = style
                if s is None:
                    s = styles.quoted if is_risky(value) else None
                    if s is None and i in self._wrapped:
                        s = styles.wrapped
                cell = WriteOnlyCell(self.ws, ooxml_escape(value))
                cell.data_type = "s"  # never a formula, whatever the first character
            elif isinstance(value, float | Decimal):
                cell = WriteOnlyCell(self.ws, float(number_text(value)))
                s = styles.decimal if isinstance(value, Decimal) and style is None else None
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(self.ws, serial(value))
                s = styles.datetime
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(self.ws, serial(value))
                s = styles.date
            elif isinstance(value, dt.time):
                cell = WriteOnlyCell(self.ws, day_fraction(value))
                s = styles.time
            else:  # pragma: no cover
                raise TypeError(f"cannot write {type(value).__name__} to a spreadsheet cell")
            if s is not None:
                cell._style = copy(self.ws.parent._cell_styles[s])
            cells.append(cell)
        return cells


def fast_path_available() -> bool:
    """Can rows be written as pre-rendered XML (:meth:`SheetWriter.copy_rows`)? Not when lxml
    is installed (openpyxl then streams through lxml) or the tests switched the fast path off."""
    from openpyxl import LXML

    return FAST_PATH and not LXML


def temporal_columns(kinds: dict[int, str]) -> dict[int, str]:
    """The temporal columns among the kinds :func:`row_xml` noted in ISO mode."""
    return {i: kind for i, kind in sorted(kinds.items()) if kind != _PLAIN}


def _mixed(i: int, seen: str, kind: str) -> None:
    raise ValueError(f"column {i + 1} mixes {seen} and {kind} values")


class CellMemo:
    """The XML of the cells last written in each column, after the cell's reference: the rows of
    a sheet repeat titles, labels, UUIDs and timestamps, formatted once. A column whose values
    mostly differ stops being remembered."""

    LIMIT = 4096
    __slots__ = ("columns", "since")

    def __init__(self) -> None:
        self.columns: list[dict[object, str] | None] = []
        self.since: list[int] = []

    def grow(self, width: int) -> None:
        while len(self.columns) < width:
            self.columns.append({})
            self.since.append(0)

    def full(self, i: int, r: int) -> None:
        """Column ``i`` holds LIMIT values at row ``r``: forget them, or stop if it misses."""
        if r - self.since[i] < 2 * self.LIMIT:
            self.columns[i] = None
        else:
            self.columns[i] = {}
            self.since[i] = r


#: Kinds whose cell XML depends on the value alone (aware datetimes and times excepted).
_MEMO_KINDS: dict[type, bool] = {str: True, dt.date: True, dt.datetime: True, dt.time: True}


def _memo_kind(kind: type) -> bool:
    """Enum members are remembered too (their text); numbers are cheaper to format."""
    _MEMO_KINDS[kind] = remember = issubclass(kind, Enum)
    return remember


_ZONED = frozenset({dt.datetime, dt.time})


def row_xml(
    values: Sequence[object],
    r: int,
    style: int | None,
    styles,
    iso: bool = False,
    kinds: dict[int, str] | None = None,
    wrapped: frozenset[int] = frozenset(),
    memo: CellMemo | None = None,
) -> str:
    """One ``<row>`` element of row number ``r``, as :class:`SheetWriter` writes it (``styles``:
    a :class:`Styles` or its :class:`StyleIds`). With ``iso``, temporal values become ISO texts
    and ``kinds`` (column index → kind) is updated; a column mixing kinds raises ``ValueError``.
    ``memo`` (rows without ``style`` only) remembers the cells of repeated values.
    """
    if kinds is None:
        kinds = {}
    rs = f'{r}"'
    parts = [f'<row r="{rs}>']
    add = parts.append
    if memo is not None:
        if style is not None:
            memo = None
        elif len(memo.columns) < len(values):
            memo.grow(len(values))
    for i, value in enumerate(values):
        if value is None:
            continue
        kind = type(value)
        if iso:
            if kind is str or kind is int or kind is float or kind is bool:
                seen = kinds.get(i)
                if seen is None:
                    kinds[i] = _PLAIN
                elif seen is not _PLAIN:
                    _mixed(i, seen, _PLAIN)
            elif kind in _TEMPORAL_KINDS:
                temporal = _TEMPORAL_KINDS[kind]
                seen = kinds.get(i)
                if seen is None:
                    kinds[i] = temporal
                elif seen != temporal:
                    _mixed(i, seen, temporal)
            else:
                seen = kinds.setdefault(i, _PLAIN)
                if seen is not _PLAIN:
                    _mixed(i, seen, _PLAIN)
        if kind is int:
            add(f"{_CELL[i]}{rs}><v>{value}</v></c>")
            continue
        if kind is bool:
            add(f'{_CELL[i]}{rs} t="b"><v>{1 if value else 0}</v></c>')
            continue
        remembered = None
        if memo is not None and (_MEMO_KINDS.get(kind) or _memo_kind(kind)):
            remembered = memo.columns[i]
            if remembered is not None:
                if kind in _ZONED and value.tzinfo is not None:  # type: ignore[attr-defined]
                    remembered = None
                else:
                    tail = remembered.get(value)
                    if tail is not None:
                        add(_CELL[i] + rs + tail)
                        continue
        cell = _cell_xml(i, value, kind, rs, style, styles, iso, wrapped)
        add(cell)
        if remembered is not None:
            remembered[value] = cell[len(_CELL[i]) + len(rs) :]
            if len(remembered) >= memo.LIMIT:  # type: ignore[union-attr]
                memo.full(i, r)  # type: ignore[union-attr]
    add("</row>")
    return "".join(parts)


def _cell_xml(i, value, kind, rs, style, styles, iso, wrapped) -> str:
    if iso:
        if kind in _TEMPORAL_KINDS:
            value = value.isoformat()
            kind = str
        elif kind is not str and kind is not int and kind is not float and kind is not bool:
            value = _as_text(value)
            kind = type(value)
    elif kind is not str and kind not in _NUMBERS:
        value = _as_text(value)
        kind = type(value)
    if kind is str:
        if not value:
            return f'{_CELL[i]}{rs} t="inlineStr"><is><t></t></is></c>'
        if len(value) > MAX_CELL_TEXT and not iso:
            value = value[: MAX_CELL_TEXT - 1] + "…"
        s = style
        if s is None:
            if value[0] in RISKY:
                s = styles.quoted
            elif i in wrapped:
                s = styles.wrapped
        attr = "" if s is None else f' s="{s}"'
        space = (
            ' xml:space="preserve"' if value[0] in _WHITESPACE or value[-1] in _WHITESPACE else ""
        )
        if "&" in value or "<" in value or ">" in value:
            value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        if "_" in value or not value.isprintable():
            value = ooxml_escape(value)
        return f'{_CELL[i]}{rs}{attr} t="inlineStr"><is><t{space}>{value}</t></is></c>'
    if kind is int:
        return f"{_CELL[i]}{rs}><v>{value}</v></c>"
    if kind is bool:
        return f'{_CELL[i]}{rs} t="b"><v>{int(value)}</v></c>'
    if kind is float:
        return f"{_CELL[i]}{rs}><v>{number_text(value)}</v></c>"
    if kind is Decimal:
        s = f' s="{styles.decimal}"' if style is None else ""
        return f"{_CELL[i]}{rs}{s}><v>{number_text(value)}</v></c>"
    if kind is dt.date:
        days = value.toordinal() - EXCEL_EPOCH_ORDINAL
        return f'{_CELL[i]}{rs} s="{styles.date}"><v>{days}</v></c>'
    if kind is dt.datetime:
        return f'{_CELL[i]}{rs} s="{styles.datetime}"><v>{serial(value)!r}</v></c>'
    if kind is dt.time:
        return f'{_CELL[i]}{rs} s="{styles.time}"><v>{day_fraction(value)!r}</v></c>'
    raise TypeError(f"cannot write {kind.__name__} to a spreadsheet cell")  # pragma: no cover


_NUMBERS = frozenset({int, float, bool, Decimal, dt.date, dt.datetime, dt.time})


def _as_text(value: object) -> object:
    """Values of other types as a cell can hold them: enum members and UUIDs as text."""
    kind = type(value)
    if kind in _NUMBERS or kind is str:
        return value
    if isinstance(value, Enum):
        value = value.value
        return value if type(value) in _NUMBERS else str(value)
    if isinstance(value, str | uuid.UUID):
        return str(value)
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    raise TypeError(f"cannot write {kind.__name__} to a spreadsheet cell")
