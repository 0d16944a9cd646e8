"""Matching the incoming records of an exchange workbook to local ones (consolidation's engine).

The rows of each sheet are read and checked (:func:`incoming_rows`), their references resolved
through the links left by earlier imports (:class:`References`), and each record matched to a
local one: the linked record, the one with its UUID, or one recognised by its natural key
(:mod:`natural_keys`; see :mod:`smartdesk.services.exchange.merging`).

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid as uuid_module
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.enums import Sector
from smartdesk.domain.exchange import ExchangeWorkbook
from smartdesk.i18n import _
from smartdesk.services.exchange.schema import (
    SPEC_BY_NAME,
    BadValue,
    TableSpec,
    cell_reader,
)

CHUNK = 900  # parameters per IN (…): under every SQLite's limit
MAX_PROBLEMS = 50


class Refused(Exception):
    """The workbook's rows cannot be imported: the problems, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


class Problems:
    """The rows of one workbook that do not fit, one translated line each; after
    ``MAX_PROBLEMS`` the workbook is refused at once (:class:`Refused`)."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __bool__(self) -> bool:
        return bool(self.lines)

    def add(self, table: str, row: int, message: str) -> None:
        self.lines.append(
            _("Table {table}, row {row}: {message}").format(table=table, row=row, message=message)
        )
        if len(self.lines) >= MAX_PROBLEMS:
            raise Refused(self.lines)

    def check(self) -> None:
        """Refuse the workbook if any row did not fit."""
        if self.lines:
            raise Refused(self.lines)


@dataclass(slots=True)
class Local:
    """A local record as the merge sees it (``id`` None while it waits to be inserted)."""

    uuid: str
    values: dict[str, Any]
    updated_at: dt.datetime
    id: int | None = None
    created_at: dt.datetime | None = None
    changed: dict[str, Any] = field(default_factory=dict)
    #: The values and ``updated_at`` before this import changed them (None: not changed).
    before: tuple[dict[str, Any], dt.datetime] | None = None

    @property
    def pending(self) -> bool:
        return self.id is None


@dataclass(slots=True)
class Link:
    """What an earlier import from a sender left (a row of ``exchange_link``)."""

    origin: str
    local_uuid: str
    remote_updated_at: dt.datetime
    local_updated_at: dt.datetime
    remote_values: dict[str, Any] | None


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def uuid_text(value: Any) -> str:
    """The UUID in its canonical text form; ValueError if it is not one."""
    if isinstance(value, str) and _UUID.fullmatch(value):
        return value
    return str(uuid_module.UUID(str(value)))


@dataclass(slots=True)
class Incoming:
    row: int  # the row number in its sheet (the header is row 1)
    uuid: str
    values: dict[str, Any]  # field / reference attribute → local value (references as ids)
    withheld: frozenset[str]
    created_at: dt.datetime | None
    updated_at: dt.datetime


def utc(value: Any) -> Any:
    """Timestamps are naive UTC here; an aware one from elsewhere is converted."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class References:
    """Incoming UUID → local id, per table: how the references of later rows are resolved (the
    links of earlier imports first, then the UUID itself); and local id → UUID for conflicts."""

    def __init__(self, session: Session, tables: Iterable[str]):
        self.s = session
        self.resolved: dict[str, dict[str, int | None]] = {name: {} for name in tables}
        self.uuid_of: dict[tuple[str, int], str | None] = {}

    def prefetch(self, table: str, uuids: Iterable[str | None]) -> None:
        """Resolve incoming UUIDs of ``table`` not yet known: through the links, then directly."""
        cache = self.resolved[table]
        wanted = [u for u in dict.fromkeys(uuids) if u and u not in cache]
        if not wanted:
            return
        model = SPEC_BY_NAME[table].model
        target: dict[str, str] = {}
        for chunk in chunks(wanted):
            for incoming, local in self.s.execute(
                select(m.ExchangeLink.incoming_uuid, m.ExchangeLink.local_uuid).where(
                    m.ExchangeLink.incoming_uuid.in_(chunk), m.ExchangeLink.table_name == table
                )
            ):
                target.setdefault(incoming, local)
        locals_ = list({target.get(u, u) for u in wanted} | set(wanted))
        ids: dict[str, int] = {}
        for chunk in chunks(locals_):
            ids.update(
                self.s.execute(select(model.uuid, model.id).where(model.uuid.in_(chunk))).all()
            )
        for u in wanted:
            cache[u] = ids.get(target.get(u, u), ids.get(u))

    def local_id(self, table: str, incoming_uuid: str | None) -> int | None:
        return self.resolved[table].get(incoming_uuid) if incoming_uuid else None

    def uuid(self, table: str, record_id: int | None) -> str | None:
        """The UUID of a local record (None for None)."""
        if record_id is None:
            return None
        key = (table, record_id)
        if key not in self.uuid_of:
            model = SPEC_BY_NAME[table].model
            self.uuid_of[key] = self.s.scalar(select(model.uuid).where(model.id == record_id))
        return self.uuid_of[key]


def incoming_rows(
    workbook: ExchangeWorkbook,
    spec: TableSpec,
    references: References,
    problems: Problems,
    anonymous: bool,
    pseudonyms: bool = False,
) -> list[Incoming]:
    """The rows of ``spec``'s sheet, read and checked against the columns' types, their
    references resolved to local ids; the rows that do not fit go to ``problems``.
    ``pseudonyms``: the sender's pseudonyms are trusted (the same exchange key as here);
    otherwise they are withheld, neither matched nor stored."""
    rows = workbook.table(spec.name)
    columns = set(workbook.columns.get(spec.name, ()))
    fields = [f for f in spec.fields if f in columns]
    readers = [(f, cell_reader(spec, f)) for f in fields]
    refs = [r for r in spec.refs if r.column in columns]
    # Fields the sender did not send: missing columns; names of people not to be named.
    missing = frozenset(
        [f for f in spec.fields if f not in fields]
        + [r.attribute for r in spec.refs if r not in refs]
    )
    if "pseudonym" in spec.fields and not pseudonyms:
        missing = missing | {"pseudonym"}
    unnamed = missing | frozenset(spec.personal)
    for ref in refs:
        references.prefetch(ref.table, (row.get(ref.column) for row in rows))
    seen: set[str] = set()
    items: list[Incoming] = []
    for number, row in enumerate(rows, start=2):
        u = row.get("uuid")
        try:
            u = uuid_text(u)
        except ValueError:
            problems.add(spec.name, number, _("the UUID “{value}” is not valid.").format(value=u))
            continue
        if u in seen:
            problems.add(spec.name, number, _("the UUID {uuid} appears twice.").format(uuid=u))
            continue
        seen.add(u)
        updated_at = utc(row.get("updated_at"))
        created_at = utc(row.get("created_at"))
        if not isinstance(updated_at, dt.datetime):
            problems.add(spec.name, number, _("the date of the last change is missing."))
            continue
        values: dict[str, Any] = {}
        for name, read in readers:
            if name in missing:
                values[name] = None
                continue
            try:
                values[name] = read(row.get(name))
            except BadValue as exc:
                problems.add(
                    spec.name,
                    number,
                    _("the value of {field} is not valid ({reason}).").format(
                        field=name, reason=exc
                    ),
                )
                continue
        for ref in refs:
            target = row.get(ref.column) or None
            local = references.local_id(ref.table, target)
            if target and local is None:
                problems.add(
                    spec.name,
                    number,
                    _("{field} refers to a record that is neither in the file nor here.").format(
                        field=ref.column
                    ),
                )
            values[ref.attribute] = local
        withheld = (
            unnamed
            if spec.personal
            and (anonymous or not values.get("consent") or values.get("anonymised"))
            else missing
        )
        business = spec.name == "organisations" and values.get("sector") is Sector.BUSINESS
        if business and anonymous:
            withheld = withheld | {"name"}  # the sender's neutral label, not a name
        items.append(
            Incoming(
                number,
                u,
                values,
                withheld,
                created_at if isinstance(created_at, dt.datetime) else None,
                updated_at,
            )
        )
    return items


# --- local records ------------------------------------------------------------------------------


def attributes(spec: TableSpec) -> list[str]:
    """The model attributes a table's rows carry: its fields, then its references' ids."""
    return [*spec.fields, *(r.attribute for r in spec.refs)]


def load_local(
    session: Session, spec: TableSpec, uuids: Iterable[str], into: dict[str, Local] | None = None
) -> dict[str, Local]:
    """The local records with these UUIDs, added to ``into`` (one object per record)."""
    model = spec.model
    attrs = attributes(spec)
    columns = [getattr(model, a) for a in attrs]
    found: dict[str, Local] = {} if into is None else into
    missing = [u for u in dict.fromkeys(uuids) if u not in found]
    for chunk in chunks(missing):
        for row in session.execute(
            select(model.id, model.uuid, model.created_at, model.updated_at, *columns).where(
                model.uuid.in_(chunk)
            )
        ):
            found[row[1]] = Local(
                uuid=row[1],
                id=row[0],
                created_at=row[2],
                updated_at=row[3],
                values=dict(zip(attrs, row[4:], strict=True)),
            )
    return found


def load_links(session: Session, table: str, uuids: list[str]) -> dict[str, list[Link]]:
    """What earlier imports (from any sender) left for these incoming UUIDs."""
    link = m.ExchangeLink
    links: dict[str, list[Link]] = {}
    for chunk in chunks(uuids):
        for incoming, *values in session.execute(
            select(
                link.incoming_uuid, link.origin, link.local_uuid, link.remote_updated_at,
                link.local_updated_at, link.remote_values,
            ).where(link.incoming_uuid.in_(chunk), link.table_name == table)
        ):  # fmt: skip
            links.setdefault(incoming, []).append(Link(*values))
    return links
