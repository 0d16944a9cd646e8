"""Spreadsheets, pure file layer: read the lists people have (xlsx, CSV), write the GAL's
summary workbook with its exchange part, and read exchange workbooks back.

No database and no Qt here: the services hand in plain data and take plain rows back.
"""

from smartdesk.reports.xlsx.cells import ooxml_unescape, safe_cell, unsafe_cell
from smartdesk.reports.xlsx.exchange import ExchangeReadError, read_exchange_workbook
from smartdesk.reports.xlsx.headers import header_key
from smartdesk.reports.xlsx.mapping import (
    FIELDS,
    IGNORE,
    MappingError,
    apply_overrides,
    guess_mapping,
    mapped_rows,
    parse_yes_no,
    split_full_name,
)
from smartdesk.reports.xlsx.summary import write_summary_workbook
from smartdesk.reports.xlsx.table import Table, TableRow, read_table
from smartdesk.reports.xlsx.untrusted import EXCHANGE_LIMITS, IMPORT_LIMITS, Limits, TableReadError

__all__ = [
    "EXCHANGE_LIMITS",
    "FIELDS",
    "IGNORE",
    "IMPORT_LIMITS",
    "ExchangeReadError",
    "Limits",
    "MappingError",
    "Table",
    "TableReadError",
    "TableRow",
    "apply_overrides",
    "guess_mapping",
    "header_key",
    "mapped_rows",
    "ooxml_unescape",
    "parse_yes_no",
    "read_exchange_workbook",
    "read_table",
    "safe_cell",
    "split_full_name",
    "unsafe_cell",
    "write_summary_workbook",
]
