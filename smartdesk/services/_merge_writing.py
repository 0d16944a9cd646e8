"""Writing what the merge of an exchange workbook decided: the records, the links to the
sender's records and the conflicts (see :mod:`smartdesk.services._merge`).

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnDefault, Table, bindparam, insert, update

from smartdesk.db import models as m
from smartdesk.domain.text import email_key, person_name_key, person_sort_key
from smartdesk.i18n import _
from smartdesk.services._exchange_schema import (
    TableSpec,
)
from smartdesk.services._matching import _chunks, _Incoming, _Local, _Matching


@dataclass(frozen=True, slots=True)
class Conflict:
    table: str
    record_uuid: str
    incoming_uuid: str
    kept: str  # "local" or "incoming"
    fields: tuple[str, ...]
    label: str  # what the record is, for people to read (a name, a title)


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _canon(v) for k, v in values.items()}


def _canon(value: Any) -> Any:
    """A value as JSON keeps it: comparable with what an earlier import stored."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


class _Writing(_Matching):
    """The writing side of :class:`~smartdesk.services._merge.WorkbookMerge`: conflicts, records
    and links."""

    source: str
    now: dt.datetime
    conflicts: list[Conflict]

    # --- conflicts --------------------------------------------------------------------------------------

    def _version(self, spec: TableSpec, values: dict[str, Any], updated_at, uuid: str) -> dict:
        out: dict[str, Any] = {"uuid": uuid}
        for name in spec.fields:
            if name in values:
                out[name] = _canon(values[name])
        for ref in spec.refs:
            if ref.attribute in values:
                out[ref.column] = self._uuid(ref.table, values[ref.attribute])
        out["updated_at"] = _canon(updated_at)
        return out

    def _conflict(
        self,
        spec: TableSpec,
        item: _Incoming,
        record: _Local,
        fields_: list[str],
        incoming_wins: bool,
    ) -> None:
        theirs_values = {a: v for a, v in item.values.items() if a not in item.withheld}
        theirs = self._version(spec, theirs_values, item.updated_at, item.uuid)
        ours = self._version(spec, dict(record.values), record.updated_at, record.uuid)
        kept, discarded = (theirs, ours) if incoming_wins else (ours, theirs)
        names = tuple(next((r.column for r in spec.refs if r.attribute == a), a) for a in fields_)
        self.s.add(
            m.ExchangeConflict(
                table_name=spec.name,
                record_uuid=record.uuid,
                incoming_uuid=item.uuid,
                origin=self.origin,
                source=self.source[:300],
                kept="incoming" if incoming_wins else "local",
                kept_json={**kept, "fields": list(names)},
                discarded_json={**discarded, "fields": list(names)},
                detected_at=self.now,
            )
        )
        self.conflicts.append(
            Conflict(
                spec.name,
                record.uuid,
                item.uuid,
                "incoming" if incoming_wins else "local",
                names,
                _label(spec, record.values),
            )
        )

    # --- writing -----------------------------------------------------------------------------------------

    def _row(self, spec: TableSpec, record: _Local) -> dict[str, Any]:
        row = {name: record.values.get(name) for name in self._attributes(spec)}
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

    def _write(self, spec: TableSpec, records: Iterable[_Local]) -> None:
        table = spec.table
        new = [r for r in records if r.pending]
        for chunk in _chunks(new, 500):
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

    def _keep_other_senders_versions(self, spec: TableSpec, records: list[_Local]) -> None:
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
                {"_uuid": r.uuid, "_at": r.before[1], "_values": _canonical(r.before[0])}
                for r in records
                if r.before is not None
            ],
        )

    def _write_links(self, spec: TableSpec, rows: list[dict[str, Any]]) -> None:
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
                remote_values = _canonical(sent)
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


def _label(spec: TableSpec, values: dict[str, Any]) -> str:
    if spec.name == "people":
        name = f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
        return name or _("(not named)")
    for key in ("name", "title", "code", "question"):
        if values.get(key):
            return str(values[key])
    return ""
