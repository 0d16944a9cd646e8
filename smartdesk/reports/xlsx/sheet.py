"""A write-only worksheet fed row by row, fast, laid out from what it holds.

openpyxl's write-only mode streams rows to disk, but without lxml (SmartDesk does not ship it)
each cell goes through an ElementTree element and a pure-Python serializer: about 9 µs per
cell, i.e. 16 s for 200,000 rows of nine cells. The rows here are plain Python values whose XML
is trivial, so :class:`SheetWriter` formats ``<row>`` elements itself (:mod:`.row_xml`, ≈1 µs
per cell) and hands them to the stream openpyxl writes the rest of the worksheet into (views,
columns, autofilter, print settings, drawings). Everything else — workbook, styles, charts,
properties — stays openpyxl's. The doors into openpyxl's stream are in :mod:`.internals`, with
the versions they are known for; with others the same values go through openpyxl's public
``append`` (slower, read back the same, and said in the log).

Every visible sheet gets the same layout (:mod:`.layout`), whoever writes it: column widths
from the widest value of each column (measured as the rows go by, written into placeholders
the sheet's top holds), a height for rows whose wrapped texts need several lines, A4 fitted to
the page's width, a header (organisation, sheet) and a footer (funding line, page x / y) on
every page, one font, and a totals row where the caller asks for one.

openpyxl's write-only sheets carry no ``<dimension>``, which makes openpyxl's own read-only mode
parse a whole sheet just to learn its size (twice the reading time); :meth:`SheetWriter.finish`
writes the real range into a placeholder, and refuses to leave the placeholder (a sheet would
claim 16,384 columns, and a reader would pad every row to them).

openpyxl keeps each write-only sheet's XML in a file of the system's temporary folder until the
workbook is saved; those files hold names and e-mails, and a killed export would leave them
there. Inside :func:`sheets_kept_in` they go to the folder given instead (the target's), named
``.smartdesk-sheet-….partial`` so that the next start removes what a kill left.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from smartdesk.reports.xlsx import internals
from smartdesk.reports.xlsx.cells import is_risky, ooxml_escape
from smartdesk.reports.xlsx.layout import (
    LINE_HEIGHT,
    MAX_WIDTH,
    MIN_WIDTH,
    WRAP_WIDTH,
    ColumnMeasure,
    header_width,
    set_up_page,
)
from smartdesk.reports.xlsx.row_xml import (
    LETTERS,
    MAX_CELL_TEXT,
    PLAIN,
    TEMPORAL_KINDS,
    CellMemo,
    RowHeights,
    as_cell_value,
    measure_value,
    row_xml,
    temporal_columns,
)
from smartdesk.reports.xlsx.styles import Styles, day_fraction, number_text, serial

__all__ = ["MAX_CELL_TEXT", "SheetWriter", "fast_path_available", "sheets_kept_in"]

_COPY_CHUNK = 1 << 20
_DIMENSION_PLACEHOLDER = "A1:XFD1048576"
_PLACEHOLDER_ATTRIBUTE = f'ref="{_DIMENSION_PLACEHOLDER}"'.encode()
#: Column i's width is written as this until the content is known (distinct per column, so
#: openpyxl keeps one <col> each), then overwritten in place.
_WIDTH_PLACEHOLDER = 200.001
#: The sheet's top (properties, dimension, views, columns) is written within this many bytes.
_HEAD_BYTES = 1 << 16


def _width_placeholder(i: int) -> float:
    return round(_WIDTH_PLACEHOLDER + i / 1000, 3)


def _patch_head(path: str, dimension: str, widths: Sequence[float]) -> None:
    """Overwrite the placeholders at a closed sheet's top (same length: spaces pad them)."""
    with open(path, "r+b") as fh:
        head = fh.read(_HEAD_BYTES)
        at = head.find(_PLACEHOLDER_ATTRIBUTE)
        if at < 0:  # the sheet would claim 16,384 columns: never write that
            raise RuntimeError(f"no dimension placeholder at the top of {path}")
        edits = [(at, _PLACEHOLDER_ATTRIBUTE, f'ref="{dimension}"'.encode())]
        for i, width in enumerate(widths):
            old = f'width="{_width_placeholder(i):.16g}"'.encode()
            where = head.find(old)
            if where < 0:
                raise RuntimeError(f"no width placeholder for column {i + 1} in {path}")
            edits.append((where, old, f'width="{width:g}"'.encode()))
        for where, old, new in edits:
            fh.seek(where)
            fh.write(new.ljust(len(old)))


_SCRATCH: ContextVar[Path | None] = ContextVar("smartdesk_sheet_scratch", default=None)


@contextlib.contextmanager
def sheets_kept_in(folder: Path | str | None) -> Iterator[None]:
    """Sheets started inside keep their XML in ``folder`` (None: openpyxl's own place)."""
    token = _SCRATCH.set(Path(folder) if folder is not None else None)
    try:
        yield
    finally:
        _SCRATCH.reset(token)


def fast_path_available() -> bool:
    """Can rows be written as pre-rendered XML (:meth:`SheetWriter.copy_rows`)? Only with the
    library versions :mod:`.internals` knows, without lxml (else it says why in the log)."""
    return internals.fast_path()


class SheetWriter:
    """Rows of plain values into one worksheet of a write-only workbook.

    A visible sheet is laid out from its content (see the module); ``widths`` fixes the columns'
    widths instead (the hidden exchange sheets, which nobody reads). ``wrap_columns`` hold
    long texts: at most :data:`~.layout.WRAP_WIDTH` wide, wrapped, their rows as tall as needed.
    ``total_columns`` are summed for :meth:`total_row`.

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
        total_columns: Iterable[int] = (),
    ):
        self.ws: WriteOnlyWorksheet = wb.create_sheet(title)
        self.styles = styles
        self.rows = 0
        self.columns = 0
        self._wrapped = frozenset(wrap_columns)
        self._iso = iso_temporals
        self._kinds: dict[int, str] = {}
        self._memo = CellMemo()
        self._fast = internals.fast_path()
        self._raw: Callable[[str], object] | None = None
        self._started = False
        self._laid_out = not widths and not hidden
        self._measure = ColumnMeasure() if self._laid_out else None
        self._heights = RowHeights(WRAP_WIDTH) if self._laid_out and self._wrapped else None
        self._floors: list[float] = []  # the narrowest width each header allows
        self._narrow: set[int] = set()
        self._placeholders = 0
        self._sums: dict[int, float] = {i: 0 for i in total_columns}
        self._bold = frozenset((styles.label, styles.total, styles.header))
        if self._fast:
            # written before the rows (see finish): the widest range, fixed up at the end
            self.ws.calculate_dimension = lambda: _DIMENSION_PLACEHOLDER
        for index, width in enumerate(widths):
            self.ws.column_dimensions[LETTERS[index]].width = width
        if hidden:
            self.ws.sheet_state = "hidden"
        else:
            set_up_page(self.ws, styles.page)

    @property
    def temporal_columns(self) -> dict[int, str]:
        """Column index → ``date``, ``datetime`` or ``time`` (``iso_temporals`` sheets only)."""
        return temporal_columns(self._kinds)

    # -- the page -------------------------------------------------------------------------------

    def print_on_one_page(self, *, portrait: bool = True) -> None:
        """The whole sheet on one page (the Synthèse, printed for meetings)."""
        self.ws.page_setup.orientation = "portrait" if portrait else "landscape"
        self.ws.page_setup.fitToHeight = 1

    def column_widths(self) -> list[float]:
        """The columns' widths as the content asks (laid-out sheets; known once finished)."""
        widths = []
        for i in range(max(self._placeholders, self.columns)):
            if i in self._narrow:
                widths.append(2.0)
                continue
            floor = self._floors[i] if i < len(self._floors) else MIN_WIDTH
            cap = WRAP_WIDTH if i in self._wrapped else MAX_WIDTH
            widths.append(self._measure.width(i, floor=floor, cap=cap) if self._measure else 0)
        return widths

    def narrow(self, i: int) -> None:
        """Column ``i`` only separates two tables: two digits wide."""
        self._narrow.add(i)

    def at_least(self, i: int, width: float) -> None:
        """Column ``i`` is never narrower than ``width`` (laid-out sheets; before its rows)."""
        while len(self._floors) <= i:
            self._floors.append(MIN_WIDTH)
        self._floors[i] = max(self._floors[i], width)

    def declare_columns(self, count: int) -> None:
        """Reserve the width of ``count`` columns (before the first row; :meth:`header` does)."""
        if not self._laid_out:
            return
        self._placeholders = max(self._placeholders, count)

    # -- rows ----------------------------------------------------------------------------------

    def header(self, titles: Sequence[str], *, freeze: bool = True) -> None:
        """The table's header row (styled); the pane is frozen below it."""
        if freeze:
            self.ws.freeze_panes = f"A{self.rows + 2}"
            self.ws.print_title_rows = f"{self.rows + 1}:{self.rows + 1}"
        lines = 1
        if self._laid_out:
            self.declare_columns(len(titles))
            while len(self._floors) < len(titles):
                self._floors.append(MIN_WIDTH)
            for i, title in enumerate(titles):
                width, n = header_width(str(title))
                self._floors[i] = max(self._floors[i], width)
                lines = max(lines, n)
        iso, self._iso = self._iso, False
        self.append(titles, style=self.styles.header, height=lines * LINE_HEIGHT)
        self._iso = iso

    def append(
        self,
        values: Sequence[object],
        *,
        style: int | None = None,
        height: float | None = None,
        measure_from: int | None = None,
    ) -> None:
        """Write one row; ``style`` (a :class:`Styles` id) applies to its text and number cells;
        ``height`` in points (else the default, or what its wrapped texts need). With
        ``measure_from``, the values from that column on do not widen their columns (a long
        text running over the empty cells beside it)."""
        self._add_to_sums(values)
        if measure_from is not None and self._measure is not None:
            for i, value in enumerate(values):
                value = as_cell_value(value) if value is not None else None
                # numbers and dates cannot run over: they show ### when cut
                if value is not None and (i < measure_from or type(value) is not str):
                    measure_value(self._measure, i, value, style in self._bold)
            self._write_one(values, style, height, measure=False)
        else:
            self._write_one(values, style, height)

    def append_styled(
        self, values: Sequence[object], spans: Sequence[tuple[int, int, int | None]]
    ) -> None:
        """Write one row whose parts have their own style: ``spans`` of (first column, number
        of columns, style) — two small tables side by side."""
        if not self._started:
            self._start(len(values))
        self.rows += 1
        self.columns = max(self.columns, len(values))
        parts = []
        for start, count, style in sorted(spans, key=lambda span: span[0]):
            part = [None] * start + list(values[start : start + count])
            parts.append((part, style))
        if self._raw is not None:
            cells = []
            for part, style in parts:
                xml = row_xml(
                    part, self.rows, style, self.styles, False, None, self._wrapped, None,
                    self._measure, None, style in self._bold,
                )  # fmt: skip
                cells.append(xml[xml.index(">") + 1 : -len("</row>")])
            self._raw(f'<row r="{self.rows}">{"".join(cells)}</row>')
            return
        merged: list[object] = [None] * len(values)
        for part, style in parts:
            for i, cell in enumerate(self._row_cells(part, style)):
                if part[i] is not None:
                    merged[i] = cell
                    if self._measure is not None:
                        measure_value(self._measure, i, as_cell_value(part[i]), style in self._bold)
        self.ws.append(merged)

    def _write_one(
        self,
        values: Sequence[object],
        style: int | None,
        height: float | None,
        *,
        measure: bool = True,
    ) -> None:
        if not self._started:
            self._start(len(values))
        self.rows += 1
        if len(values) > self.columns:
            self.columns = len(values)
        measured = measure and style != self.styles.title and style != self.styles.header
        measuring = self._measure if measured else None
        if self._raw is not None:
            heights = None if height else self._heights
            xml = row_xml(
                values, self.rows, style, self.styles, self._iso, self._kinds, self._wrapped,
                self._memo, measuring, heights, style in self._bold,
            )  # fmt: skip
            if height and height > LINE_HEIGHT:
                xml = xml.replace(">", f' ht="{height}" customHeight="1">', 1)
            self._raw(xml)
        else:
            self._append_cells(values, style, height, measuring)

    def extend(self, rows: Iterable[Sequence[object]]) -> None:
        """Write many rows (the hot path: rows are joined and written in batches)."""
        if self._sums:
            rows = self._summed(rows)
        if not self._started:
            rows = iter(rows)
            first = next(rows, None)  # type: ignore[call-overload]
            if first is None:
                return
            self._write_one(first, None, None)
        if self._raw is None:
            for values in rows:
                self._write_one(values, None, None)
            return
        raw = self._raw
        styles, iso, kinds, wrapped, memo = (
            self.styles, self._iso, self._kinds, self._wrapped, self._memo
        )  # fmt: skip
        measure, heights = self._measure, self._heights
        batch: list[str] = []
        r, columns = self.rows, self.columns
        try:
            for values in rows:
                r += 1
                if len(values) > columns:
                    columns = len(values)
                batch.append(
                    row_xml(values, r, None, styles, iso, kinds, wrapped, memo, measure, heights)
                )
                if len(batch) == 500:
                    raw("".join(batch))
                    batch.clear()
            raw("".join(batch))
        finally:
            self.rows, self.columns = r, columns

    def _summed(self, rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
        for values in rows:
            self._add_to_sums(values)
            yield values

    def _add_to_sums(self, values: Sequence[object]) -> None:
        sums = self._sums
        for i in sums:
            if i < len(values):
                value = values[i]
                if type(value) in (int, float, Decimal):
                    sums[i] += float(value)  # type: ignore[arg-type]

    def total_row(self, label: str) -> None:
        """A row of the sums of the ``total_columns`` written so far, ``label`` first."""
        values: list[object] = [label]
        for i, total in sorted(self._sums.items()):
            values.extend([None] * (i - len(values)))
            values.append(int(total) if float(total).is_integer() else round(total, 2))
        if self._measure is not None:  # the label may run over the empty cells beside it
            for i, value in enumerate(values[1:], start=1):
                if value is not None:
                    measure_value(self._measure, i, value, bold=True)
        self._write_one(values, self.styles.total, None, measure=False)  # not summed itself

    def copy_rows(self, source: str | os.PathLike, rows: int, columns: int) -> None:
        """Append ``rows`` rows of ``columns`` columns already rendered by
        :func:`.row_xml.row_xml` (row numbers following this sheet's) into the UTF-8 file
        ``source``. Fast path only."""
        if not self._started:
            self._start(columns)
        raw = self._raw
        if raw is None:
            raise RuntimeError("pre-rendered rows need the fast path (see fast_path_available)")
        target = internals.raw_file(raw)
        with open(source, "rb") as src:
            if target is not None:  # the bytes go straight to the file under the writer
                shutil.copyfileobj(src, target, _COPY_CHUNK)
            else:  # pragma: no cover - et_xmlfile's writer is a UTF-8 text file today
                for chunk in iter(lambda: src.read(_COPY_CHUNK), b""):
                    raw(chunk.decode("utf-8"))
        self.rows += rows
        self.columns = max(self.columns, columns)

    def blank(self) -> None:
        self.append(())

    def finish(
        self, *, autofilter_from: int | None = None, autofilter_to: int | None = None
    ) -> None:
        """Close the sheet; ``autofilter_from`` is the header row of a table to filter (down to
        ``autofilter_to``, else the last row).

        The ``<dimension>`` element and the column widths were written as placeholders before
        the rows; they get the real values now, so readers (openpyxl's read-only mode among
        them) need not scan the whole sheet to learn its size.
        """
        if not self._started:
            self._start(0)
        last_row = autofilter_to or self.rows
        if autofilter_from is not None and last_row > autofilter_from and self.columns:
            last = LETTERS[self.columns - 1]
            self.ws.auto_filter.ref = f"A{autofilter_from}:{last}{last_row}"
        self.ws.close()
        if not self._fast:
            return
        ref = f"A1:{LETTERS[self.columns - 1]}{self.rows}" if self.rows and self.columns else "A1"
        widths = self.column_widths()[: self._placeholders]
        path = internals.sheet_file(self.ws)
        if path is None:  # pragma: no cover - a sheet closed has its file
            raise RuntimeError("the sheet's XML file is unknown")
        _patch_head(path, ref, widths)

    # -- the sheet's stream ------------------------------------------------------------------

    def _start(self, first_row_width: int) -> None:
        self._started = True
        if self._laid_out:
            self.declare_columns(first_row_width)
            if self._fast:
                for i in range(self._placeholders):
                    self.ws.column_dimensions[LETTERS[i]].width = _width_placeholder(i)
            else:  # no way back to the sheet's top: the header's widths, wrapped ones wider
                for i in range(self._placeholders):
                    floor = self._floors[i] if i < len(self._floors) else MIN_WIDTH
                    wide = WRAP_WIDTH if i in self._wrapped else max(floor, 14.0)
                    self.ws.column_dimensions[LETTERS[i]].width = round(max(floor, wide), 2)
        if self._fast:
            self._raw = internals.open_raw_rows(self.ws, _SCRATCH.get())

    def _kind(self, i: int, kind: str) -> None:
        """Remember what column ``i`` holds; refuse dates mixed with anything else."""
        seen = self._kinds.setdefault(i, kind)
        if seen != kind:
            raise ValueError(f"column {i + 1} mixes {seen} and {kind} values")

    def _convert(self, i: int, value: object) -> object:
        """In ISO mode: a date or time becomes its ISO text, its column's kind remembered."""
        temporal = TEMPORAL_KINDS.get(type(value))
        if temporal is not None:
            self._kind(i, temporal)
            return value.isoformat()  # type: ignore[attr-defined]
        self._kind(i, PLAIN)
        return as_cell_value(value)

    # -- the public way: the same values through openpyxl cells ---------------------------------

    def _append_cells(
        self,
        values: Sequence[object],
        style: int | None,
        height: float | None,
        measure: ColumnMeasure | None,
    ) -> None:
        cells = self._row_cells(values, style)
        if measure is not None:
            bold = style in self._bold
            for i, value in enumerate(values):
                if value is not None and not self._iso:
                    measure_value(measure, i, as_cell_value(value), bold)
        if self._heights is not None and height is None:
            height = self._heights.row_height(values, self._wrapped)
        if height and height > LINE_HEIGHT:
            self.ws.row_dimensions[self.rows].height = height
        self.ws.append(cells)

    def _row_cells(self, values: Sequence[object], style: int | None) -> list[object]:
        styles = self.styles
        cells: list[object] = []
        for i, value in enumerate(values):
            if value is not None and self._iso:
                value = self._convert(i, value)
            elif value is not None:
                value = as_cell_value(value)
            s = None
            if value is None or isinstance(value, bool):
                cells.append(value)
                continue
            if type(value) is int:
                if style is None:
                    cells.append(value)
                    continue
                cell = WriteOnlyCell(self.ws, value)
                s = style
            elif isinstance(value, str):
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
                if style is not None:
                    s = style
                elif isinstance(value, Decimal):
                    s = styles.decimal
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
                styles.apply(cell, s)
            cells.append(cell)
        return cells
