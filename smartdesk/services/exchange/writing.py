"""Writing what the merge of an exchange workbook decided: the records and the links to the
sender's records (see :mod:`smartdesk.services.exchange.merging`; the conflicts are written by
:mod:`smartdesk.services.exchange.conflicts`).

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import ColumnDefault, Table, bindparam, insert, update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.text import email_key, person_name_key, person_sort_key
from smartdesk.services.exchange.matching import Local, attributes, chunks
from smartdesk.services.exchange.schema import TableSpec


def canonical(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON keeps them (see :func:`canon`)."""
    return {k: canon(v) for k, v in values.items()}


def canon(value: Any) -> Any:
    """A value as JSON keeps it: comparable with what an earlier import stored."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


class RecordWriter:
    """Writes one sender's records and links inside the caller's transaction."""

    def __init__(self, session: Session, origin: str, now: dt.datetime):
        self.s = session
        self.origin = origin
        self.now = now

    # --- writing -----------------------------------------------------------------------------------------

    def _row(self, spec: TableSpec, record: Local) -> dict[str, Any]:
        row = {name: record.values.get(name) for name in attributes(spec)}
        table = spec.table
        for name, value in list(row.items()):
            column = table.c[name]
            if value is None and not column.nullable and isinstance(column.default, ColumnDefault):
                default = column.default.arg
                row[name] = default(None) if callable(default) else default
        if spec.name == "people":
            row["name_key"] = person_name_key(row.get("first_name"), row.get("last_name"))
            row["email_key"] = email_key(row.get("email"))
            row["sort_key"] = person_sort_key(
                row.get("first_name"), row.get("last_name"), bool(row.get("anonymised"))
            )
        row.update(uuid=record.uuid, created_at=record.created_at, updated_at=record.updated_at)
        return row

    def records(self, spec: TableSpec, records: Iterable[Local]) -> None:
        """Insert the new records (their ``id`` is then known) and update the changed ones."""
        table = spec.table
        new = [r for r in records if r.pending]
        for chunk in chunks(new, 500):
            ids: dict[str, int] = dict(
                self.s.execute(
                    insert(table).returning(table.c.uuid, table.c.id, sort_by_parameter_order=True),
                    [self._row(spec, r) for r in chunk],
                ).all()
            )
            for record in chunk:
                record.id = ids[record.uuid]
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for record in records:
            if record.pending or not record.changed:
                continue
            changes = dict(record.changed)
            if spec.name == "people" and (
                {"first_name", "last_name", "email", "anonymised"} & set(changes)
            ):
                changes["name_key"] = person_name_key(
                    record.values.get("first_name"), record.values.get("last_name")
                )
                changes["email_key"] = email_key(record.values.get("email"))
                changes["sort_key"] = person_sort_key(
                    record.values.get("first_name"),
                    record.values.get("last_name"),
                    bool(record.values.get("anonymised")),
                )
            keys = tuple(sorted(changes))
            groups.setdefault(keys, []).append(
                {"_id": record.id, **{f"v_{k}": v for k, v in changes.items()}}
            )
        self._keep_other_senders_versions(spec, [r for r in records if r.before is not None])
        for keys, params in groups.items():
            stmt = (
                update(table)
                .where(table.c.id == bindparam("_id"))
                .values({k: bindparam(f"v_{k}") for k in keys})
            )
            self.s.execute(stmt, params)
        for record in records:
            record.changed = {}
            record.before = None

    def _keep_other_senders_versions(self, spec: TableSpec, records: list[Local]) -> None:
        """Before this import changes a record, the other senders whose last import left it as
        they sent it remember that version: their next change is then merged field by field
        instead of undoing this one."""
        if not records:
            return
        link = cast(Table, m.ExchangeLink.__table__)
        self.s.execute(
            update(link)
            .where(
                link.c.local_uuid == bindparam("_uuid"),
                link.c.table_name == spec.name,
                link.c.origin != self.origin,
                link.c.remote_values.is_(None),
                link.c.local_updated_at == bindparam("_at"),
            )
            .values(remote_values=bindparam("_values")),
            [
                {"_uuid": r.uuid, "_at": r.before[1], "_values": canonical(r.before[0])}
                for r in records
                if r.before is not None
            ],
        )

    def links(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
        """Remember, per incoming record, the local one it landed on and the sender's version
        (rows: ``item``, ``record``, ``base`` — the link of the last import — and ``outcome``)."""
        link = cast(Table, m.ExchangeLink.__table__)
        new: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for row in rows:
            item, record, base = row["item"], row["record"], row["base"]
            if (
                base is not None
                and item.updated_at <= base.remote_updated_at
                and base.local_uuid == record.uuid
            ):
                continue  # nothing new from the sender: the last import stays the reference
            # Keep the sender's version only where ours differs from it (merged, or ours won).
            sent = {a: v for a, v in item.values.items() if a not in item.withheld}
            remote_values = None
            if any(record.values.get(a) != v for a, v in sent.items()):
                remote_values = canonical(sent)
            values = {
                "local_uuid": record.uuid,
                "remote_updated_at": max(item.updated_at, base.remote_updated_at)
                if base is not None
                else item.updated_at,
                "local_updated_at": record.updated_at,
                "remote_values": remote_values,
            }
            if base is None:
                new.append(
                    {
                        "incoming_uuid": item.uuid,
                        "origin": self.origin,
                        "table_name": spec.name,
                        "imported_at": self.now,
                        **values,
                    }
                )
                if len(new) >= 2000:
                    self.s.execute(insert(link), new)
                    new = []
            elif any(getattr(base, k) != v for k, v in values.items()):
                changed.append({"_uuid": item.uuid, **{f"v_{k}": v for k, v in values.items()}})
        if new:
            self.s.execute(insert(link), new)
        if changed:
            keys = ("local_uuid", "remote_updated_at", "local_updated_at", "remote_values")
            self.s.execute(
                update(link)
                .where(link.c.incoming_uuid == bindparam("_uuid"), link.c.origin == self.origin)
                .values({k: bindparam(f"v_{k}") for k in keys}),
                changed,
            )
