"""The GAL exchange: the hidden part of a summary workbook a commune sends, and its consolidation
into the GAL's database without counting anything twice.

Modules, each named by what it does and sharing only public names:

* ``schema`` — the exchange tables and their columns, value ↔ cell conversions;
* ``export_part`` — gathering (or rendering in a second process) the part an export writes;
* ``matching`` — reading incoming rows, resolving references, loading local records;
* ``natural_keys`` — recognising a record sent under another UUID;
* ``writing`` — writing the merged records and the links to the sender's records;
* ``conflicts`` — a record changed at both ends: recorded, listed, resolved;
* ``merging`` — one workbook merged table by table, composing the above;
* ``origins`` — who sent what, and the figures by sender;
* ``consolidation`` — the use case: many workbooks, each in its own transaction.
"""

from smartdesk.services.exchange.conflicts import (
    Conflict,
    StoredConflict,
    list_conflicts,
    resolve_conflict,
)
from smartdesk.services.exchange.consolidation import (
    ConsolidationReport,
    FileReport,
    consolidate,
)
from smartdesk.services.exchange.merging import TableCounts
from smartdesk.services.exchange.origins import OriginFigures, figures_by_origin, origin_key

__all__ = [
    "Conflict",
    "ConsolidationReport",
    "FileReport",
    "OriginFigures",
    "StoredConflict",
    "TableCounts",
    "consolidate",
    "figures_by_origin",
    "list_conflicts",
    "origin_key",
    "resolve_conflict",
]
