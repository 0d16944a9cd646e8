"""Excel-friendly CSV: UTF-8 with a byte-order mark (so Excel does not guess Windows-1252),
or Windows-1252 itself (what Excel writes and reads on a Belgian Windows), or plain UTF-8 for
other programs; CRLF line ends, ``;`` by default (what Excel expects on a Belgian Windows, where
``,`` is the decimal mark) or ``,``.

A :class:`TextCell` (a phone number) is written ``="+32 475 12 34 56"``: Excel's own way to keep
a text that looks like a number as text, leading zero and ``+`` included; SmartDesk's reader
unwraps it again.

Every text cell goes through :func:`~smartdesk.reports.xlsx.cells.safe_cell`: a text a
spreadsheet would evaluate gets a leading apostrophe, which SmartDesk's reader removes again.
Dates are written ISO 8601 (``2024-03-01``), which Excel and LibreOffice recognise in every
locale; numbers with a dot are left as they are. Characters UTF-8 cannot carry (lone
surrogates) are replaced by "?".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import BinaryIO

from smartdesk.reports.xlsx.cells import safe_cell

DELIMITERS = (";", ",")
#: utf-8-sig: UTF-8 with a BOM (Excel reads it as UTF-8); cp1252: Excel's own code page on a
#: French, Dutch or German Windows (characters it lacks become "?"); utf-8: no BOM.
ENCODINGS = ("utf-8-sig", "cp1252", "utf-8")


class TextCell(str):
    """A text a spreadsheet must not read as a number (phone numbers, postal codes)."""


def _text_cell(value: str) -> str:
    return '="' + value.replace('"', '""') + '"'


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, TextCell):
        return _text_cell(value) if value else ""
    if isinstance(value, str):
        return safe_cell(value)
    return value


def write_csv(
    target: Path | str | BinaryIO,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8-sig",
) -> int:
    """Write headers then rows; return the number of data rows written."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as fh:
            return _write(fh, headers, rows, delimiter, encoding)
    return _write(target, headers, rows, delimiter, encoding)


def _write(fh: BinaryIO, headers, rows, delimiter: str, encoding: str) -> int:
    text = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
    try:
        writer = csv.writer(text, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow([_cell(h) for h in headers])
        count = 0
        for row in rows:
            writer.writerow([_cell(v) for v in row])
            count += 1
        text.flush()
        return count
    finally:
        text.detach()
