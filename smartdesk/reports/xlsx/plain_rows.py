"""Rows of a worksheet holding plain values, read fast: the exchange part's tables.

openpyxl's read-only parser handles every cell feature (styles, dates, formulas) at about
9 µs per cell: 14 s for the exchange table of a 200,000-registration workbook. The exchange
sheets need none of that — texts, numbers, booleans; dates are ISO texts — so their XML is read
here with defusedxml's ``iterparse`` (entities and DTDs refused, as everywhere): 7.5 s.
openpyxl still opens the workbook and says where each sheet's XML is; shared strings (a file
re-saved by Excel) are taken from it (:mod:`.internals`; with library versions it does not know,
openpyxl's own reader gives the rows, slower).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from defusedxml.ElementTree import iterparse

from smartdesk.reports.xlsx import internals

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_INLINE, _TEXT, _RUN = f"{_NS}is", f"{_NS}t", f"{_NS}r"
_COLUMN = {chr(65 + i): i + 1 for i in range(26)}


def _column(ref: str) -> int:
    """0-based column of an A1 reference."""
    index = 0
    for char in ref:
        value = _COLUMN.get(char)
        if value is None:
            break
        index = index * 26 + value
    return index - 1


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text or text in ("inf", "-inf", "nan"):
        return float(text)
    return int(text)


def _inline(cell) -> str:
    box = cell.find(_INLINE)
    if box is None:
        return ""
    plain = box.find(_TEXT)
    if plain is not None:
        return plain.text or ""
    return "".join(t.text or "" for run in box.iter(_RUN) for t in run.iter(_TEXT))


def iter_plain_rows(ws) -> Iterator[tuple[Any, ...]]:
    """Each row of a read-only worksheet as a tuple of values (missing rows as ``()``)."""
    if not internals.fast_path():
        for row in ws.iter_rows(values_only=True):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            yield tuple(cells)
        return
    strings = internals.shared_strings(ws)
    expected = 1
    with internals.open_sheet_xml(ws) as source:
        for _event, element in iterparse(source, events=("end",)):
            if element.tag != _ROW:
                continue
            number = int(element.get("r") or expected)
            while expected < number:
                yield ()
                expected += 1
            values: list[Any] = []
            for cell in element.iter(_CELL):
                ref = cell.get("r")
                column = _column(ref) if ref else len(values)
                if column > len(values):
                    values.extend([None] * (column - len(values)))
                kind = cell.get("t", "n")
                if kind == "inlineStr":
                    value: Any = _inline(cell)
                else:
                    text = cell.findtext(_VALUE)
                    if text is None:
                        value = None
                    elif kind == "n":
                        value = _number(text)
                    elif kind == "s":
                        value = strings[int(text)]
                        value = value if isinstance(value, str) else str(value)
                    elif kind == "b":
                        value = text == "1"
                    else:  # "str", "e", "d": kept as text
                        value = text
                values.append(value)
            element.clear()
            while values and values[-1] is None:
                values.pop()
            yield tuple(values)
            expected = number + 1
