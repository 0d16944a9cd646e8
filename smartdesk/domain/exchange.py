"""The exchange part of a summary workbook: what a commune sends and the GAL imports back.

A summary workbook carries, besides the sheets people read, hidden sheets a program reads: a
header (format version, export date, commune of origin …) and generic tables of records with
their UUIDs and ``updated_at``, so the GAL can merge many communes' workbooks without counting
anything twice. The services decide which tables and columns exist; the file layer only
guarantees that every value comes back exactly as it went in.

Cell values a table may hold: ``str``, ``int``, ``float``, ``bool``, ``None``, ``date``,
``datetime`` (naive or aware, kept as written) and ``time``; ``uuid.UUID`` and enum members are
written as their text. A column mixing dates with other non-empty types is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

#: Version of the layout of the exchange part. A reader refuses a higher version: it was
#: written by a newer SmartDesk whose meaning it cannot know. Version 2 adds the seal (any
#: edit of the part is refused) and the fingerprint of the people's pseudonymous key.
EXCHANGE_FORMAT = "smartdesk-exchange"
EXCHANGE_FORMAT_VERSION = 2


class NamedTable(Protocol):
    """What every table handed to the writer has: an :class:`ExchangeTable`, or one whose rows
    the reports layer already rendered (it tells them apart)."""

    @property
    def name(self) -> str: ...

    @property
    def columns(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class ExchangeTable:
    """One table of records: a name (``people``, ``events`` …), its columns, its rows.

    ``rows`` may be a generator: it is consumed once, while the workbook is written.
    """

    name: str
    columns: tuple[str, ...]
    rows: Iterable[tuple[Any, ...]] = ()


@dataclass(frozen=True, slots=True)
class ExchangeOrigin:
    """Who sent the workbook: the commune of origin (or the GAL) and the organisation's name;
    ``person_key_check``: the fingerprint of the key the sender's people were pseudonymised
    with (never the key itself; None: no key), so the GAL can tell whether it shares it."""

    commune: str | None = None
    commune_uuid: str | None = None
    organisation: str = ""
    person_key_check: str | None = None


@dataclass(frozen=True, slots=True)
class ExchangeHeader:
    """What the hidden ``_exchange`` sheet says about the workbook."""

    format_version: int
    exported_at: dt.datetime
    smartdesk_version: str
    origin: ExchangeOrigin
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    anonymous: bool = False


@dataclass(frozen=True, slots=True)
class ExchangeWorkbook:
    """An exchange workbook read back: its header and each table as a list of dicts."""

    header: ExchangeHeader
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: When the file was saved again after it was written (Excel, LibreOffice …), as its
    #: properties tell (UTC); None if it never was. Its visible sheets may then differ from
    #: the exchange part, which alone is imported.
    saved_again_at: dt.datetime | None = None

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of a table, or none if the sender did not include it."""
        return self.tables.get(name, [])
