"""A row of plain Python values as a worksheet's ``<row>`` XML, formatted here (≈1 µs a cell
against openpyxl's ≈9 µs without lxml): what :class:`.sheet.SheetWriter` writes on its fast path
and what the exchange part's second process renders ahead (:func:`.exchange.render_exchange_table`).

Values: ``str`` (risky texts get the ``quotePrefix`` style, see :mod:`.cells`), ``bool``,
``int``, ``float``, ``Decimal``, ``date``, ``datetime`` (naive; aware ones are converted to
Brussels time), ``time``; ``None`` leaves the cell empty. Enum members are written as their
string value; a caller wanting labels translates them first.

A visible sheet also measures what it writes (:class:`.layout.ColumnMeasure`, for the column
widths) and gives rows with wrapped texts their height; a value remembered by the
:class:`CellMemo` was measured when first written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from decimal import Decimal
from enum import Enum

from openpyxl.utils import get_column_letter

from smartdesk.reports.xlsx.cells import RISKY_FIRST_CHARACTERS as RISKY
from smartdesk.reports.xlsx.cells import ooxml_escape
from smartdesk.reports.xlsx.layout import (
    FIXED_WIDTHS,
    LINE_HEIGHT,
    PADDING,
    WIDEST,
    ColumnMeasure,
    lines_needed,
)
from smartdesk.reports.xlsx.styles import EXCEL_EPOCH_ORDINAL, day_fraction, number_text, serial

#: Excel refuses (offers to "repair") a cell holding more characters; visible sheets cut there.
#: The exchange part keeps texts whole, so the services should keep free texts below it.
MAX_CELL_TEXT = 32_767

LETTERS = [get_column_letter(i) for i in range(1, 16385)]
_CELL = [f'<c r="{letter}' for letter in LETTERS]  # + row number + '"' makes a cell's start
_WHITESPACE = frozenset(" \t\n\r\x0b\x0c\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200B)
}
PLAIN = "plain"
TEMPORAL_KINDS = {dt.datetime: "datetime", dt.date: "date", dt.time: "time"}


class RowHeights:
    """The lines each wrapped text takes in its column (``width`` digits wide), remembered by
    value: a row's height is its tallest wrapped cell."""

    __slots__ = ("width", "room", "known")

    def __init__(self, width: float):
        self.width = width
        self.room = width - PADDING
        self.known: dict[str, int] = {}

    def row_height(self, values: Sequence[object], wrapped: frozenset[int]) -> float | None:
        """Points for a row whose wrapped cells need more than one line, else None."""
        tallest = 1
        known, room = self.known, self.room
        for i in wrapped:
            if i < len(values):
                value = values[i]
                if type(value) is not str or not value:
                    continue
                n = known.get(value)  # type: ignore[call-overload]
                if n is None:
                    if len(value) * WIDEST <= room and "\n" not in value:  # type: ignore[arg-type]
                        n = 1  # short enough whatever its letters
                    else:
                        n = lines_needed(value[:MAX_CELL_TEXT], self.width)  # type: ignore[index]
                    if len(known) < 50_000:
                        known[value] = n  # type: ignore[index]
                if n > tallest:
                    tallest = n
        return tallest * LINE_HEIGHT if tallest > 1 else None


def measure_value(measure: ColumnMeasure, i: int, value: object, bold: bool = False) -> None:
    """Note a value's width in column ``i`` as the sheet will show it."""
    kind = type(value)
    if kind is str:
        measure.text(i, value[:MAX_CELL_TEXT], bold)  # type: ignore[index]
    elif kind in TEMPORAL_KINDS:
        measure.fixed(i, FIXED_WIDTHS[TEMPORAL_KINDS[kind]])
    elif kind is int or kind is float or kind is Decimal:
        measure.number(i, float(value))  # type: ignore[arg-type]
    elif kind is bool:
        measure.fixed(i, 5.0)


def temporal_columns(kinds: dict[int, str]) -> dict[int, str]:
    """The temporal columns among the kinds :func:`row_xml` noted in ISO mode."""
    return {i: kind for i, kind in sorted(kinds.items()) if kind != PLAIN}


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
    measure: ColumnMeasure | None = None,
    heights: RowHeights | None = None,
    bold: bool = False,
) -> str:
    """One ``<row>`` element of row number ``r``, as :class:`SheetWriter` writes it (``styles``:
    a :class:`Styles` or its :class:`StyleIds`). With ``iso``, temporal values become ISO texts
    and ``kinds`` (column index → kind) is updated; a column mixing kinds raises ``ValueError``.
    ``memo`` (rows without ``style`` only) remembers the cells of repeated values; ``measure``
    notes the width of each value not remembered (``bold`` ones a little wider); ``heights``
    gives the row the height of its tallest text in a ``wrapped`` column.
    """
    if kinds is None:
        kinds = {}
    rs = f'{r}"'
    parts = [f'<row r="{rs}>']
    add = parts.append
    if heights is not None and wrapped:
        height = heights.row_height(values, wrapped)
        if height is not None:
            parts[0] = f'<row r="{rs} ht="{height}" customHeight="1">'
    s_attr = "" if style is None else f' s="{style}"'
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
                    kinds[i] = PLAIN
                elif seen is not PLAIN:
                    _mixed(i, seen, PLAIN)
            elif kind in TEMPORAL_KINDS:
                temporal = TEMPORAL_KINDS[kind]
                seen = kinds.get(i)
                if seen is None:
                    kinds[i] = temporal
                elif seen != temporal:
                    _mixed(i, seen, temporal)
            else:
                seen = kinds.setdefault(i, PLAIN)
                if seen is not PLAIN:
                    _mixed(i, seen, PLAIN)
        if kind is int:
            add(f"{_CELL[i]}{rs}{s_attr}><v>{value}</v></c>")
            if measure is not None:
                measure.number(i, value)  # type: ignore[arg-type]
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
        if measure is not None:
            measure_value(measure, i, as_cell_value(value), bold)
        if remembered is not None:
            remembered[value] = cell[len(_CELL[i]) + len(rs) :]
            if len(remembered) >= memo.LIMIT:  # type: ignore[union-attr]
                memo.full(i, r)  # type: ignore[union-attr]
    add("</row>")
    return "".join(parts)


def _cell_xml(i, value, kind, rs, style, styles, iso, wrapped) -> str:
    if iso:
        if kind in TEMPORAL_KINDS:
            value = value.isoformat()
            kind = str
        elif kind is not str and kind is not int and kind is not float and kind is not bool:
            value = as_cell_value(value)
            kind = type(value)
    elif kind is not str and kind not in _NUMBERS:
        value = as_cell_value(value)
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
        s = "" if style is None else f' s="{style}"'
        return f"{_CELL[i]}{rs}{s}><v>{value}</v></c>"
    if kind is bool:
        return f'{_CELL[i]}{rs} t="b"><v>{int(value)}</v></c>'
    if kind is float:
        s = "" if style is None else f' s="{style}"'
        return f"{_CELL[i]}{rs}{s}><v>{number_text(value)}</v></c>"
    if kind is Decimal:
        s = f' s="{styles.decimal}"' if style is None else f' s="{style}"'
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


def as_cell_value(value: object) -> object:
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
