"""Every touch of openpyxl's and et_xmlfile's private names, in this one module, for the versions
pinned in ``requirements.lock`` only.

Why at all: without lxml, openpyxl serialises each cell through an ElementTree element (≈9 µs a
cell); SmartDesk formats a row's XML itself (≈1 µs a cell, :func:`.sheet.row_xml`) and writes it
into the stream openpyxl opened for the sheet — et_xmlfile's raw text writer ``xf._file`` — so
the 200,000-row stress summary takes seconds, not minutes. The same doors give three more
things: a sheet's XML kept in the target's folder instead of the system's (names and e-mails,
see :func:`.sheet.sheets_kept_in`), the sheet's ``<dimension>`` and column widths written as
placeholders and filled in once the rows are known (the file's path), and, when reading, the
exchange sheets' XML parsed directly (:mod:`.plain_rows`).

With other versions, or with lxml installed (openpyxl then writes through lxml and the raw
writer is not there), none of this is touched: :func:`fast_path` says why, once, in the log,
and the callers go through openpyxl's public API alone — the same workbook, read back alike,
only slower (the stress export: 43 s instead of 5 s), wider-than-needed columns and sheets
without ``<dimension>``. Two things the public API cannot write (seen running the tests with
lxml installed): an empty text (openpyxl writes an empty cell, read back as None) and a text
over 32,767 characters (openpyxl cuts it) — the exchange part keeps both on the fast path. The
tests check that the pinned versions take the fast path.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import et_xmlfile  # type: ignore[import-untyped]
import openpyxl
from openpyxl.worksheet import _writer as openpyxl_writer

log = logging.getLogger(__name__)

#: The versions whose internals this module knows (as pinned in requirements.lock).
PINNED = {"openpyxl": "3.1.5", "et_xmlfile": "2.0.0"}
#: Tests switch this off to prove the public-API way writes the same workbook.
ENABLED = True


def _why_not() -> str | None:
    if openpyxl.LXML:
        return "lxml is installed, openpyxl writes through it"
    found = {"openpyxl": openpyxl.__version__, "et_xmlfile": et_xmlfile.__version__}
    if found != PINNED:
        versions = ", ".join(f"{name} {found[name]}" for name in PINNED)
        pinned = ", ".join(f"{name} {version}" for name, version in PINNED.items())
        return f"{versions} instead of the pinned {pinned}"
    return None


_WHY_NOT = _why_not()
_told = False


def fast_path() -> bool:
    """May the private doors be used? If not, say why in the log (once per process)."""
    global _told
    if not ENABLED:
        return False
    if _WHY_NOT is None:
        return True
    if not _told:
        _told = True
        log.warning(
            "Spreadsheets are written through openpyxl's public API (about ten times slower): %s",
            _WHY_NOT,
        )
    return False


def why_not_fast() -> str | None:
    """The reason the fast path is off in this process, None when it is on."""
    return _WHY_NOT if ENABLED else "switched off"


# --- writing -----------------------------------------------------------------------------------


def open_raw_rows(ws: Any, folder: Path | None) -> Callable[[str], Any]:
    """Open the write-only sheet ``ws`` as openpyxl would (its top: properties, dimension,
    views, columns), its XML in ``folder`` (None: openpyxl's temporary file), and the
    ``<sheetData>`` element; return the raw writer rows' XML goes to. ``ws.close()`` ends the
    element and writes the rest of the sheet (filter, print settings, drawing)."""
    if ws._writer is None:
        if folder is None:
            ws._get_writer()
        else:
            fd, out = tempfile.mkstemp(prefix=".smartdesk-sheet-", suffix=".partial", dir=folder)
            os.close(fd)
            openpyxl_writer.ALL_TEMP_FILES.append(out)  # openpyxl's cleanup removes it there
            ws._writer = openpyxl_writer.WorksheetWriter(ws, out=out)
            ws._writer.write_top()
    writer: Any = ws._writer
    xf = writer.xf.send(True)
    raw = xf._file  # et_xmlfile's text writer: present in the pinned versions

    def rows() -> Iterator[None]:
        with xf.element("sheetData"), contextlib.suppress(GeneratorExit):
            while True:
                yield
        writer.xf.send(None)  # back to openpyxl's generator: the sheet's tail follows

    ws._rows = rows()  # what ws.close() closes
    next(ws._rows)
    return raw


def raw_file(raw: Callable[[str], Any]) -> IO[bytes] | None:
    """The binary file under a raw writer of :func:`open_raw_rows` when the text is UTF-8 and
    can be bypassed (flushed first), for copying pre-rendered rows; else None."""
    stream = getattr(raw, "__self__", None)
    if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name == "utf-8":
        stream.flush()
        return stream.buffer
    return None


def sheet_file(ws: Any) -> str | None:
    """The path of a write-only sheet's XML (closed or not), None if it has none yet."""
    out = getattr(ws._writer, "out", None)
    return out if isinstance(out, str) else None


def discard_sheet(ws: Any) -> None:
    """Close a write-only sheet's streams and delete its temporary file (after a failure)."""
    for close in (
        getattr(ws._rows, "close", None),
        getattr(ws._writer, "close", None),
        getattr(ws._writer, "cleanup", None),
    ):
        if close is not None:
            with contextlib.suppress(Exception):
                close()


# --- reading -----------------------------------------------------------------------------------


def open_sheet_xml(ws: Any) -> IO[bytes]:
    """The XML of a read-only worksheet, from the workbook's archive (fast path only)."""
    return ws.parent._archive.open(ws._worksheet_path)


def shared_strings(ws: Any) -> list:
    """The shared strings of a read-only worksheet's workbook (a file saved by Excel)."""
    return getattr(ws, "_shared_strings", None) or []
