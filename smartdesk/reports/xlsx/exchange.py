"""The machine-readable part of a summary workbook: hidden sheets the GAL imports back.

Layout (format version 1):

* sheet ``_exchange`` (hidden): key / value rows — ``format``, ``format_version``,
  ``exported_at``, ``smartdesk_version``, ``commune``, ``commune_uuid``, ``organisation``,
  ``date_from``, ``date_to``, ``anonymous`` — then a blank row, then one row per table:
  ``table``, sheet name, row count, columns (JSON list), column types (JSON object, only for
  date, datetime and time columns).
* one hidden sheet ``_x_<table>`` per table: the column names in row 1, one record per row.

Texts, numbers and booleans are native cells; dates, datetimes and times are ISO 8601 texts
(exact, time zone kept) typed by the ``_exchange`` row. The ``_exchange`` sheet is filled last,
once the row counts and column types are known; a reader checks both, so a truncated or edited
table is noticed.
"""

from __future__ import annotations

import datetime as dt
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
    # the mode et_xmlfile writes a sheet in, so the bytes are the same
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace") as out:
        expected = len(columns)
        for values in table.rows:
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
        table.name, columns, os.fspath(path), r, width, temporal_columns(kinds), style_ids
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
        else:
            writer.extend(_checked(cast(ExchangeTable, table).rows, len(columns)))
            temporal = writer.temporal_columns
        writer.finish(autofilter_from=1)
        types = {columns[i]: kind for i, kind in temporal.items()}
        written.append((table.name, sheet_name, columns, writer.rows - 1, types))

    def iso(value: dt.date | None) -> str | None:
        return value.isoformat() if value else None

    for key, value in (
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
    ):
        header.append((key, value))
    header.blank()
    header.append(("table", "sheet", "rows", "columns", "types"), style=styles.label)
    for name, sheet_name, columns, count, types in written:
        header.append((name, sheet_name, count, json.dumps(columns), json.dumps(types)))
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
    entries, tables = _read_header_sheet(wb[HEADER_SHEET])
    header = _parse_header(path, entries)
    result = ExchangeWorkbook(header=header)
    for name, sheet_name, count, columns, types in tables:
        if sheet_name not in wb.sheetnames:
            raise _damaged(path)
        columns, rows = _read_table(path, wb[sheet_name], columns, types, count, limits)
        result.tables[name] = rows
        result.columns[name] = columns
    return result


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


def _read_header_sheet(ws) -> tuple[dict[str, Any], list[tuple]]:
    entries: dict[str, Any] = {}
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
            entries[key] = cells[1] if len(cells) > 1 else None
    return entries, tables


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
