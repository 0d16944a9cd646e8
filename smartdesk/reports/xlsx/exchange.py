"""The machine-readable part of a summary workbook: hidden sheets the GAL imports back.

Layout (format version 2):

* sheet ``_exchange`` (hidden): key / value rows — ``format``, ``format_version``,
  ``exported_at``, ``smartdesk_version``, ``commune``, ``commune_uuid``, ``organisation``,
  ``date_from``, ``date_to``, ``anonymous``, ``person_key_check``, ``seal`` — then a blank row,
  then one row per table: ``table``, sheet name, row count, columns (JSON list), column types
  (JSON object, only for date, datetime and time columns).
* one hidden sheet ``_x_<table>`` per table: the column names in row 1, one record per row.

Texts, numbers and booleans are native cells; dates, datetimes and times are ISO 8601 texts
(exact, time zone kept) typed by the ``_exchange`` row. The ``_exchange`` sheet is filled last,
once the row counts and column types are known; a reader checks both, so a truncated table is
noticed.

The **seal** (from version 2) is a SHA-256 over every value of the header and of every table,
in order: a value changed by hand anywhere in the exchange part (a UUID, a status, the commune
of origin) no longer matches it, and the workbook is refused. Values are sealed as a program
reads them back, not as cells are stored, so opening and saving the workbook in Excel or
LibreOffice keeps it valid (a whole number may come back as ``2`` instead of ``2.0``, a long
decimal rounded to 15 digits). It is a checksum, not a signature: it catches edits, and anyone
with SmartDesk's code could compute a new one on purpose. Version 1 workbooks (an older
SmartDesk at the commune) carry none and are read as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from openpyxl.workbook import Workbook

from smartdesk import __version__
from smartdesk.domain.exchange import (
    EXCHANGE_FORMAT,
    EXCHANGE_FORMAT_VERSION,
    ExchangeHeader,
    ExchangeOrigin,
    ExchangeTable,
    ExchangeWorkbook,
    NamedTable,
)
from smartdesk.i18n import _
from smartdesk.reports.xlsx.cells import ooxml_unescape
from smartdesk.reports.xlsx.plain_rows import iter_plain_rows
from smartdesk.reports.xlsx.row_xml import CellMemo, row_xml, temporal_columns
from smartdesk.reports.xlsx.sheet import SheetWriter
from smartdesk.reports.xlsx.styles import StyleIds, Styles
from smartdesk.reports.xlsx.untrusted import (
    EXCHANGE_LIMITS,
    Limits,
    TableReadError,
    opened_workbook,
    translate_error,
)

HEADER_SHEET = "_exchange"
TABLE_SHEET_PREFIX = "_x_"
SEAL = "seal"
#: The first format version whose workbooks carry a seal.
SEALED_FROM_VERSION = 2
_PARSE = {
    "datetime": dt.datetime.fromisoformat,
    "date": dt.date.fromisoformat,
    "time": dt.time.fromisoformat,
}


class ExchangeReadError(TableReadError):
    """An exchange workbook SmartDesk refuses to import (not one, damaged, or too new)."""


def _valid_table_name(name: str) -> bool:
    return 0 < len(name) <= 28 and name.isascii() and name.replace("_", "a").isalnum()


def _checked(rows: Iterable[tuple[Any, ...]], width: int) -> Iterator[tuple[Any, ...]]:
    for row in rows:
        if len(row) != width:
            raise ValueError(f"row of {len(row)} values for {width} columns")
        yield row


def _sealed_text(value: Any) -> str:
    """A value as the seal sees it: the same before writing and after reading back, even
    through a re-save by Excel or LibreOffice (see the module's docstring)."""
    if value is None:
        return ""
    if isinstance(value, str):  # enum members too: a StrEnum's text is its value
        return str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(value, ".12g")
    if isinstance(value, dt.date | dt.time):  # datetime is a date
        return value.isoformat()
    return _sealed_text(_as_cell(value))


def _as_cell(value: Any) -> Any:
    value = getattr(value, "value", value)  # other enum members
    return value if isinstance(value, str | int | float) else str(value)


class _Seal:
    """The running SHA-256 of the exchange part: tables as they are written or read, then the
    header's values."""

    def __init__(self) -> None:
        self.tables: dict[str, str] = {}

    @staticmethod
    def rows(name: str, columns: Iterable[str], rows: Iterable[Any], into: dict[str, str]):
        """``rows`` unchanged; their seal lands in ``into[name]`` once they are all through."""
        h = hashlib.sha256("\x1f".join([name, *columns]).encode())
        text = _sealed_text
        for row in rows:
            h.update(
                ("\x1e" + "\x1f".join([v if type(v) is str else text(v) for v in row])).encode(
                    "utf-8", "surrogatepass"
                )
            )
            yield row
        into[name] = h.hexdigest()

    @classmethod
    def table(cls, name: str, columns: Iterable[str], rows: Iterable[Any]) -> str:
        into: dict[str, str] = {}
        for _row in cls.rows(name, columns, rows, into):
            pass
        return into[name]

    @staticmethod
    def header(entries: Iterable[tuple[str, Any]], tables: Iterable[tuple], seals: dict) -> str:
        h = hashlib.sha256()
        for key, value in entries:
            h.update(f"{key}\x1f{_sealed_text(value)}\x1e".encode("utf-8", "surrogatepass"))
        for name, sheet_name, count, columns, types in tables:
            line = [name, sheet_name, count, columns, types, seals.get(name, "")]
            h.update(("\x1d" + "\x1f".join(map(_sealed_text, line))).encode())
        return h.hexdigest()


@dataclass(frozen=True, slots=True)
class RenderedTable:
    """An exchange table whose data rows were already rendered as sheet XML into ``path`` (by
    :func:`render_exchange_table`, possibly in another process): the writer copies them."""

    name: str
    columns: tuple[str, ...]
    path: str
    rows: int
    width: int
    temporal_columns: dict[int, str]
    style_ids: StyleIds
    seal: str = ""


def render_exchange_table(
    table: ExchangeTable, style_ids: StyleIds, path: str | os.PathLike
) -> RenderedTable:
    """Render the data rows of ``table`` (rows 2 … under its header) into the file ``path``,
    exactly as :func:`write_exchange_part` would write them into the table's sheet."""
    columns = tuple(table.columns)
    kinds: dict[int, str] = {}
    memo = CellMemo()
    r = width = 0
    batch: list[str] = []
    seals: dict[str, str] = {}
    # the mode et_xmlfile writes a sheet in, so the bytes are the same
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace") as out:
        expected = len(columns)
        for values in _Seal.rows(table.name, columns, table.rows, seals):
            if len(values) != expected:
                raise ValueError(f"row of {len(values)} values for {expected} columns")
            r += 1
            width = expected
            batch.append(row_xml(values, r + 1, None, style_ids, True, kinds, memo=memo))
            if len(batch) == 500:
                out.write("".join(batch))
                batch.clear()
        out.write("".join(batch))
    return RenderedTable(
        table.name,
        columns,
        os.fspath(path),
        r,
        width,
        temporal_columns(kinds),
        style_ids,
        seals[table.name],
    )


def write_exchange_part(
    wb: Workbook,
    styles: Styles,
    *,
    origin: ExchangeOrigin,
    exported_at: dt.datetime,
    date_from: dt.date | None,
    date_to: dt.date | None,
    anonymous: bool,
    tables: Iterable[NamedTable],
) -> None:
    """Add the hidden exchange sheets to a write-only workbook being written."""
    header = SheetWriter(wb, HEADER_SHEET, styles, hidden=True, widths=(20, 40, 10, 60, 40))
    written: list[tuple[str, str, tuple[str, ...], int, dict[str, str]]] = []
    seals: dict[str, str] = {}
    seen: set[str] = set()
    for table in tables:
        if not _valid_table_name(table.name) or table.name in seen:
            raise ValueError(f"invalid or repeated exchange table name: {table.name!r}")
        seen.add(table.name)
        sheet_name = TABLE_SHEET_PREFIX + table.name
        columns = tuple(table.columns)
        writer = SheetWriter(wb, sheet_name, styles, hidden=True, iso_temporals=True)
        writer.header(columns)
        if isinstance(table, RenderedTable):
            if table.style_ids != styles.ids:
                raise ValueError(f"table {table.name!r} was rendered with other styles")
            writer.copy_rows(table.path, table.rows, table.width)
            temporal = table.temporal_columns
            seals[table.name] = table.seal
        else:
            rows = _checked(cast(ExchangeTable, table).rows, len(columns))
            writer.extend(_Seal.rows(table.name, columns, rows, seals))
            temporal = writer.temporal_columns
        writer.finish(autofilter_from=1)
        types = {columns[i]: kind for i, kind in temporal.items()}
        written.append((table.name, sheet_name, columns, writer.rows - 1, types))

    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    entries = [
        ("format", EXCHANGE_FORMAT),
        ("format_version", EXCHANGE_FORMAT_VERSION),
        ("exported_at", exported_at.isoformat()),
        ("smartdesk_version", __version__),
        ("commune", origin.commune),
        ("commune_uuid", origin.commune_uuid),
        ("organisation", origin.organisation),
        ("date_from", iso(date_from)),
        ("date_to", iso(date_to)),
        ("anonymous", anonymous),
        ("person_key_check", origin.person_key_check),
    ]
    lines = [
        (name, sheet_name, count, json.dumps(columns), json.dumps(types))
        for name, sheet_name, columns, count, types in written
    ]
    for entry in entries:
        header.append(entry)
    header.append((SEAL, _Seal.header(entries, lines, seals)))
    header.blank()
    header.append(("table", "sheet", "rows", "columns", "types"), style=styles.label)
    for line in lines:
        header.append(line)
    header.finish()


# --- reading -----------------------------------------------------------------------------------


def _refuse(path: Path, message: str) -> ExchangeReadError:
    return ExchangeReadError(message.format(name=path.name))


def read_exchange_workbook(path: Path | str, limits: Limits = EXCHANGE_LIMITS) -> ExchangeWorkbook:
    """Read the exchange part of a summary workbook; refuse anything doubtful with a clear error.

    Refused: a file that is not a workbook, too large, without an exchange part, of an unknown
    format version, or whose tables do not match their declaration (truncated, edited).
    """
    path = Path(path)
    try:
        with opened_workbook(path, limits) as wb:
            return _read_exchange(path, wb, limits)
    except ExchangeReadError:
        raise
    except Exception as exc:
        raise ExchangeReadError(translate_error(path, exc).message) from None


def _read_exchange(path: Path, wb, limits: Limits) -> ExchangeWorkbook:
    if HEADER_SHEET not in wb.sheetnames:
        raise _refuse(
            path,
            _(
                "The workbook {name} is not a SmartDesk exchange workbook: its exchange part "
                "is missing."
            ),
        )
    entries, order, tables = _read_header_sheet(wb[HEADER_SHEET])
    header = _parse_header(path, entries)
    result = ExchangeWorkbook(header=header, saved_again_at=_saved_again_at(wb))
    seals: dict[str, str] = {}
    for name, sheet_name, count, columns, types in tables:
        if sheet_name not in wb.sheetnames:
            raise _damaged(path)
        columns, rows = _read_table(path, wb[sheet_name], columns, types, count, limits)
        seals[name] = _Seal.table(name, columns, (row.values() for row in rows))
        result.tables[name] = rows
        result.columns[name] = columns
    if header.format_version >= SEALED_FROM_VERSION:
        sealed = [(key, entries[key]) for key in order if key != SEAL]
        if entries.get(SEAL) != _Seal.header(sealed, tables, seals):
            raise _damaged(path)
    return result


#: The summary writer stamps a workbook's creation and last save at the same instant; a save
#: later than this after its creation is someone opening and saving it again.
SAVED_AGAIN_AFTER = dt.timedelta(minutes=1)


def _saved_again_at(wb) -> dt.datetime | None:
    """The last save of the file if it came after its creation (document properties, UTC)."""
    try:
        created, modified = wb.properties.created, wb.properties.modified
    except Exception:  # properties are a courtesy: a file without readable ones is no worse
        return None
    if not isinstance(created, dt.datetime) or not isinstance(modified, dt.datetime):
        return None
    created, modified = (
        v.astimezone(dt.UTC).replace(tzinfo=None) if v.tzinfo else v for v in (created, modified)
    )
    return modified if modified - created > SAVED_AGAIN_AFTER else None


def _damaged(path: Path) -> ExchangeReadError:
    return _refuse(
        path,
        _(
            "The exchange part of {name} is damaged or was edited by hand; it cannot be "
            "imported. Ask for a new export."
        ),
    )


def _text(value: Any) -> Any:
    return ooxml_unescape(value) if isinstance(value, str) else value


def _read_header_sheet(ws) -> tuple[dict[str, Any], list[str], list[tuple]]:
    """The header's entries (and their order: the seal covers it), and its table lines."""
    entries: dict[str, Any] = {}
    order: list[str] = []
    tables: list[tuple] = []
    in_tables = False
    for row in iter_plain_rows(ws):
        cells = [_text(v) for v in row]
        if not any(v is not None for v in cells):
            continue
        key = cells[0]
        if key == "table" and len(cells) >= 2 and cells[1] == "sheet":
            in_tables = True
            continue
        if in_tables:
            tables.append(tuple(cells[:5]) + (None,) * (5 - len(cells)))
        elif isinstance(key, str):
            if key in entries:
                order.remove(key)
            entries[key] = cells[1] if len(cells) > 1 else None
            order.append(key)
    return entries, order, tables


def _parse_header(path: Path, entries: dict[str, Any]) -> ExchangeHeader:
    if entries.get("format") != EXCHANGE_FORMAT:
        raise _damaged(path)
    version = entries.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _damaged(path)
    if version > EXCHANGE_FORMAT_VERSION or version < 1:
        raise ExchangeReadError(
            _(
                "The workbook {name} uses exchange format version {version}; this SmartDesk reads "
                "up to version {supported}. Update SmartDesk to import it."
            ).format(name=path.name, version=version, supported=EXCHANGE_FORMAT_VERSION)
        )
    try:
        exported_at = dt.datetime.fromisoformat(str(entries["exported_at"]))
        date_from = entries.get("date_from")
        date_to = entries.get("date_to")
        return ExchangeHeader(
            format_version=version,
            exported_at=exported_at,
            smartdesk_version=str(entries.get("smartdesk_version") or ""),
            origin=ExchangeOrigin(
                commune=entries.get("commune"),
                commune_uuid=entries.get("commune_uuid"),
                organisation=entries.get("organisation") or "",
                person_key_check=entries.get("person_key_check") or None,
            ),
            date_from=dt.date.fromisoformat(date_from) if date_from else None,
            date_to=dt.date.fromisoformat(date_to) if date_to else None,
            anonymous=bool(entries.get("anonymous")),
        )
    except (KeyError, ValueError, TypeError):
        raise _damaged(path) from None


def _read_table(
    path: Path, ws, columns: Any, types: Any, count: Any, limits: Limits
) -> tuple[tuple[str, ...], list[dict[str, Any]]]:
    try:
        columns = tuple(json.loads(columns))
        types = json.loads(types) if types else {}
        if not isinstance(count, int) or count > limits.max_rows:
            raise ValueError
        parsers = {columns.index(c): _PARSE[kind] for c, kind in types.items()}
    except (ValueError, TypeError, KeyError):
        raise _damaged(path) from None
    width = len(columns)
    rows: list[dict[str, Any]] = []
    it = iter_plain_rows(ws)
    first = next(it, None)
    if first is None or tuple(_text(v) for v in first[:width]) != columns:
        raise _damaged(path)
    for row in it:
        if len(rows) >= count:
            if any(v is not None for v in row):
                raise _damaged(path)
            continue
        values = [_text(v) for v in row[:width]]
        if len(values) < width:
            values.extend([None] * (width - len(values)))
        for i, parse in parsers.items():
            if values[i] is not None:
                try:
                    values[i] = parse(values[i])
                except (TypeError, ValueError):
                    raise _damaged(path) from None
        rows.append(dict(zip(columns, values, strict=True)))
    if len(rows) != count:
        raise _damaged(path)
    return columns, rows
