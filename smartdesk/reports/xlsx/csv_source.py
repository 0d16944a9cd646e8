"""CSV and text exports as they really come: guess the encoding and the separator.

Encoding: a byte-order mark decides (UTF-8, UTF-16, UTF-32); without one, UTF-16 is recognised
by its zero bytes, then strict UTF-8 is tried, and Windows-1252 (what Excel writes for "CSV" on
a French or Dutch Windows) is the fallback — bytes it leaves undefined are read as Latin-1.

Separator: ``;``, ``,``, tab or ``|``. ``csv.Sniffer`` proposes one; every candidate is then
scored on the first lines by how consistently it splits them (same field count, more than one
field), which is what really tells a Belgian ``;`` file with decimal commas from a ``,`` file.
Quoted fields may hold separators and line breaks.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from smartdesk.i18n import _
from smartdesk.reports.xlsx.untrusted import Limits, TableReadError, check_file

CANDIDATES = (";", ",", "\t", "|")
_SAMPLE_LINES = 60
_LINE_BREAK = re.compile(r"\r\n|\n|\r")
_SEP_HINT = re.compile(r"\Asep=([;,\t|])[ \t]*(?:\r\n|\n|\r)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was read with."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    head = data[:4096]
    if len(head) >= 4 and head.count(0) >= len(head) // 4:
        # UTF-16 without BOM: ASCII text has a zero in every other byte.
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp1252", errors=_latin1_fallback_name), "cp1252"


def _latin1_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """cp1252 leaves five bytes undefined; read them as Latin-1 rather than failing."""
    bad = error.object[error.start : error.end]
    return bad.decode("latin-1"), error.end


_latin1_fallback_name = "smartdesk-cp1252-latin1"
codecs.register_error(_latin1_fallback_name, _latin1_fallback)  # type: ignore[arg-type]


def _score(lines: list[str], delimiter: str) -> tuple[float, int]:
    """How well ``delimiter`` splits the sample: share of lines at the usual width, × width."""
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error:
        return (0.0, 0)
    widths = [len(r) for r in rows if any(cell.strip() for cell in r)]
    if not widths:
        return (0.0, 0)
    width, count = Counter(widths).most_common(1)[0]
    if width < 2:
        return (0.0, width)
    return (count / len(widths) * min(width, 50), width)


def detect_delimiter(text: str) -> str:
    """The separator of a CSV text (``;`` when nothing is convincing: Excel's Belgian default)."""
    lines = _LINE_BREAK.split(text, maxsplit=_SAMPLE_LINES)[:_SAMPLE_LINES]
    sample = "\n".join(lines)
    sniffed = None
    with contextlib.suppress(csv.Error):
        sniffed = csv.Sniffer().sniff(sample, delimiters="".join(CANDIDATES)).delimiter
    scores = {d: _score(lines, d) for d in CANDIDATES}
    best = max(CANDIDATES, key=lambda d: (scores[d][0], d == sniffed, d == ";"))
    if scores[best][0] == 0.0:
        return sniffed or ";"
    if sniffed in scores and scores[sniffed][0] >= scores[best][0]:
        return sniffed
    return best


def read_csv_rows(path: Path, limits: Limits) -> tuple[Iterator[list[str]], str, str]:
    """The records of a CSV file (one per spreadsheet row), its encoding and its separator."""
    check_file(path, limits)
    data = path.read_bytes()
    text, encoding = decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise TableReadError(_("The file {name} is empty.").format(name=path.name))
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line: it names the separator and is not a row
        text = text[hint.end() :]
        delimiter = hint.group(1)
    else:
        delimiter = detect_delimiter(text)

    def records() -> Iterator[list[str]]:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
        try:
            yield from reader
        except csv.Error as exc:
            raise TableReadError(
                _("The file {name} could not be read as CSV near row {row}: {reason}").format(
                    name=path.name, row=reader.line_num, reason=exc
                )
            ) from None

    return records(), encoding, delimiter
