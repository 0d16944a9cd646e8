"""Excel-friendly CSV: UTF-8 with a byte-order mark (so Excel does not guess Windows-1252),
CRLF line ends, ``;`` by default (what Excel expects on a Belgian Windows) or ``,``.

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
    if isinstance(value, str):
        return safe_cell(value)
    return value


def write_csv(
    target: Path | str | BinaryIO,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    delimiter: str = ";",
) -> int:
    """Write headers then rows; return the number of data rows written."""
    if delimiter not in DELIMITERS:
        raise ValueError(f"delimiter must be one of {DELIMITERS}")
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as fh:
            return _write(fh, headers, rows, delimiter)
    return _write(target, headers, rows, delimiter)


def _write(fh: BinaryIO, headers, rows, delimiter: str) -> int:
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline="")
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
