"""The merge of one exchange workbook into the database, table by table (consolidation's engine).

For each incoming record (UUID ``u``, ``updated_at`` ``t``) from a sender (origin ``o``):

* **which local record**: the one ``u`` was linked to at an earlier import (from any sender), else
  the local record with UUID ``u``, else one recognised by its natural key (the same person under
  another UUID: same e-mail ignoring case, or same normalised name in a compatible commune; a
  commune or an organisation by normalised name …). Recognised records are *merged*: the link
  ``u → local`` makes every later reference to ``u`` (a registration) land on the one record.
* **first time from this sender**: new → added. Known → blanks are filled, equivalent spellings
  kept; a real difference is a conflict: the newer ``updated_at`` wins, the other version is
  stored in ``exchange_conflict``.
* **seen before**: the sender did not change it since (``t`` not newer than at the last import)
  → unchanged. Changed there only → updated. Changed at both ends (the local ``updated_at`` moved
  since the last import too) → conflict, newer wins, the other stored.

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid as uuid_module
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import ColumnDefault, Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.domain.enums import CardCategory, RegistrationStatus, Sector
from smartdesk.domain.exchange import ExchangeWorkbook
from smartdesk.domain.text import email_key, normalize_name, person_name_key
from smartdesk.i18n import _
from smartdesk.services._exchange_schema import (
    PROJECT_CARDS,
    SPEC_BY_NAME,
    SPECS,
    BadValue,
    TableSpec,
    cell_reader,
)
from smartdesk.services.people import STATUS_WEIGHT

CHUNK = 900  # parameters per IN (…): under every SQLite's limit
MAX_PROBLEMS = 50


@dataclass(slots=True)
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    #: Records recognised as one already known under another UUID (also counted above).
    merged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "merged": self.merged,
        }


@dataclass(frozen=True, slots=True)
class Conflict:
    table: str
    record_uuid: str
    incoming_uuid: str
    kept: str  # "local" or "incoming"
    fields: tuple[str, ...]
    label: str  # what the record is, for people to read (a name, a title)


class Refused(Exception):
    """The workbook's rows cannot be imported: the problems, one line each."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(slots=True)
class _Local:
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
class _Link:
    """What an earlier import from a sender left (a row of ``exchange_link``)."""

    origin: str
    local_uuid: str
    remote_updated_at: dt.datetime
    local_updated_at: dt.datetime
    remote_values: dict[str, Any] | None


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _uuid_text(value: Any) -> str:
    """The UUID in its canonical text form; ValueError if it is not one."""
    if isinstance(value, str) and _UUID.fullmatch(value):
        return value
    return str(uuid_module.UUID(str(value)))


@dataclass(slots=True)
class _Incoming:
    row: int  # the row number in its sheet (the header is row 1)
    uuid: str
    values: dict[str, Any]  # field / reference attribute → local value (references as ids)
    withheld: frozenset[str]
    created_at: dt.datetime | None
    updated_at: dt.datetime


def _canonical(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _canon(v) for k, v in values.items()}


def _utc(value: Any) -> Any:
    """Timestamps are naive UTC here; an aware one from elsewhere is converted."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _canon(value: Any) -> Any:
    """A value as JSON keeps it: comparable with what an earlier import stored."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def _blank(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value is Sector.OTHER
        or value is CardCategory.NONE
        or value == []
    )


def _equivalent(attr: str, a: Any, b: Any) -> bool:
    """Two spellings of the same thing (first meeting of two records only)."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        if attr == "email":
            return a.strip().casefold() == b.strip().casefold()
        if attr in ("first_name", "last_name", "name"):
            return normalize_name(a) == normalize_name(b)
    return False


def _strongest(a: RegistrationStatus, b: RegistrationStatus) -> RegistrationStatus:
    return b if STATUS_WEIGHT[b] > STATUS_WEIGHT[a] else a


def _earliest(a: Any, b: Any) -> Any:
    return b if a is None or (b is not None and b < a) else a


#: How two records' values combine when they first meet, where "newer wins" would be wrong.
_COMBINE: dict[tuple[str, str], Callable[[Any, Any], Any]] = {
    ("registrations", "status"): _strongest,  # the proof of attendance is kept
    ("registrations", "walk_in"): lambda a, b: bool(a and b),
    ("registrations", "registered_at"): _earliest,
    ("registrations", "checked_in_at"): _earliest,
    ("people", "consent"): lambda a, b: bool(a or b),
    ("people", "anonymised"): lambda a, b: bool(a or b),
    ("cards", "votes"): max,
    ("cards", "selected"): lambda a, b: bool(a or b),
}


def _chunks(items: list, size: int = CHUNK) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class WorkbookMerge:
    """Merge one workbook inside the caller's transaction; ``counts`` and ``conflicts`` say what
    happened. Raises :class:`Refused` before anything is written when rows do not fit."""

    def __init__(self, session: Session, workbook: ExchangeWorkbook, origin: str, source: str):
        self.s = session
        self.wb = workbook
        self.origin = origin
        self.source = source
        self.anonymous = workbook.header.anonymous
        self.now = utcnow()
        self.counts: dict[str, TableCounts] = {}
        self.conflicts: list[Conflict] = []
        self.problems: list[str] = []
        # incoming UUID → local id, per table: how references are resolved
        self.resolved: dict[str, dict[str, int | None]] = {spec.name: {} for spec in SPECS}
        self._uuid_of: dict[tuple[str, int], str | None] = {}

    # --- public ---------------------------------------------------------------------------------

    def run(self) -> None:
        for spec in SPECS:
            if spec.name in self.wb.tables:
                self._merge_table(spec)
        if PROJECT_CARDS in self.wb.tables:
            self._merge_project_cards()

    # --- problems ---------------------------------------------------------------------------------

    def _problem(self, table: str, row: int, message: str) -> None:
        self.problems.append(
            _("Table {table}, row {row}: {message}").format(table=table, row=row, message=message)
        )
        if len(self.problems) >= MAX_PROBLEMS:
            raise Refused(self.problems)

    # --- resolving references -------------------------------------------------------------------------

    def _prefetch(self, table: str, uuids: Iterable[str | None]) -> None:
        """Resolve incoming UUIDs of ``table`` not yet known: through the links, then directly."""
        cache = self.resolved[table]
        wanted = [u for u in dict.fromkeys(uuids) if u and u not in cache]
        if not wanted:
            return
        model = SPEC_BY_NAME[table].model
        target: dict[str, str] = {}
        for chunk in _chunks(wanted):
            for incoming, local in self.s.execute(
                select(m.ExchangeLink.incoming_uuid, m.ExchangeLink.local_uuid).where(
                    m.ExchangeLink.incoming_uuid.in_(chunk), m.ExchangeLink.table_name == table
                )
            ):
                target.setdefault(incoming, local)
        locals_ = list({target.get(u, u) for u in wanted} | set(wanted))
        ids: dict[str, int] = {}
        for chunk in _chunks(locals_):
            ids.update(
                self.s.execute(select(model.uuid, model.id).where(model.uuid.in_(chunk))).all()
            )
        for u in wanted:
            cache[u] = ids.get(target.get(u, u), ids.get(u))

    def _uuid(self, table: str, record_id: int | None) -> str | None:
        if record_id is None:
            return None
        key = (table, record_id)
        if key not in self._uuid_of:
            model = SPEC_BY_NAME[table].model
            self._uuid_of[key] = self.s.scalar(select(model.uuid).where(model.id == record_id))
        return self._uuid_of[key]

    # --- reading the rows -----------------------------------------------------------------------------

    def _incoming(self, spec: TableSpec) -> list[_Incoming]:
        rows = self.wb.table(spec.name)
        columns = set(self.wb.columns.get(spec.name, ()))
        fields = [f for f in spec.fields if f in columns]
        readers = [(f, cell_reader(spec, f)) for f in fields]
        refs = [r for r in spec.refs if r.column in columns]
        # Fields the sender did not send: missing columns; names of people not to be named.
        missing = frozenset(
            [f for f in spec.fields if f not in fields]
            + [r.attribute for r in spec.refs if r not in refs]
        )
        unnamed = missing | frozenset(spec.personal)
        for ref in refs:
            self._prefetch(ref.table, (row.get(ref.column) for row in rows))
        seen: set[str] = set()
        items: list[_Incoming] = []
        for number, row in enumerate(rows, start=2):
            u = row.get("uuid")
            try:
                u = _uuid_text(u)
            except ValueError:
                self._problem(
                    spec.name, number, _("the UUID “{value}” is not valid.").format(value=u)
                )
                continue
            if u in seen:
                self._problem(spec.name, number, _("the UUID {uuid} appears twice.").format(uuid=u))
                continue
            seen.add(u)
            updated_at = _utc(row.get("updated_at"))
            created_at = _utc(row.get("created_at"))
            if not isinstance(updated_at, dt.datetime):
                self._problem(spec.name, number, _("the date of the last change is missing."))
                continue
            values: dict[str, Any] = {}
            for name, read in readers:
                try:
                    values[name] = read(row.get(name))
                except BadValue as exc:
                    self._problem(
                        spec.name,
                        number,
                        _("the value of {field} is not valid ({reason}).").format(
                            field=name, reason=exc
                        ),
                    )
                    continue
            for ref in refs:
                target = row.get(ref.column) or None
                local = self.resolved[ref.table].get(target) if target else None
                if target and local is None:
                    self._problem(
                        spec.name,
                        number,
                        _(
                            "{field} refers to a record that is neither in the file nor here."
                        ).format(field=ref.column),
                    )
                values[ref.attribute] = local
            withheld = (
                unnamed
                if spec.personal
                and (self.anonymous or not values.get("consent") or values.get("anonymised"))
                else missing
            )
            items.append(
                _Incoming(
                    number,
                    u,
                    values,
                    withheld,
                    created_at if isinstance(created_at, dt.datetime) else None,
                    updated_at,
                )
            )
        return items

    # --- local records ----------------------------------------------------------------------------------

    def _attributes(self, spec: TableSpec) -> list[str]:
        return [*spec.fields, *(r.attribute for r in spec.refs)]

    def _load(
        self, spec: TableSpec, uuids: Iterable[str], into: dict[str, _Local] | None = None
    ) -> dict[str, _Local]:
        """The local records with these UUIDs, added to ``into`` (one object per record)."""
        model = spec.model
        attrs = self._attributes(spec)
        columns = [getattr(model, a) for a in attrs]
        found: dict[str, _Local] = {} if into is None else into
        missing = [u for u in dict.fromkeys(uuids) if u not in found]
        for chunk in _chunks(missing):
            for row in self.s.execute(
                select(model.id, model.uuid, model.created_at, model.updated_at, *columns).where(
                    model.uuid.in_(chunk)
                )
            ):
                found[row[1]] = _Local(
                    uuid=row[1],
                    id=row[0],
                    created_at=row[2],
                    updated_at=row[3],
                    values=dict(zip(attrs, row[4:], strict=True)),
                )
        return found

    def _links(self, table: str, uuids: list[str]) -> dict[str, list[_Link]]:
        link = m.ExchangeLink
        links: dict[str, list[_Link]] = {}
        for chunk in _chunks(uuids):
            for incoming, *values in self.s.execute(
                select(
                    link.incoming_uuid, link.origin, link.local_uuid, link.remote_updated_at,
                    link.local_updated_at, link.remote_values,
                ).where(link.incoming_uuid.in_(chunk), link.table_name == table)
            ):  # fmt: skip
                links.setdefault(incoming, []).append(_Link(*values))
        return links

    # --- one table ----------------------------------------------------------------------------------------

    def _merge_table(self, spec: TableSpec) -> None:
        items = self._incoming(spec)
        if self.problems:
            raise Refused(self.problems)
        counts = self.counts.setdefault(spec.name, TableCounts())
        uuids = [item.uuid for item in items]
        links = self._links(spec.name, uuids)
        wanted = set(uuids) | {link.local_uuid for ls in links.values() for link in ls}
        local = self._load(spec, wanted)
        keys = _NaturalKeys.for_table(self, spec, items, local)
        claimed: set[str] = set()  # local records already matched by a row of this file
        link_rows: list[dict[str, Any]] = []
        for item in items:
            mine = links.get(item.uuid, [])
            base = next((link for link in mine if link.origin == self.origin), None)
            target = mine[0].local_uuid if mine else None
            record = local.get(target) if target else None
            record = record or local.get(item.uuid)
            merged = False
            if record is None and keys is not None:
                # A link to a record gone from here (merged into another, deleted): recognise
                # it again by its key, even where this sender sent the other record.
                record = keys.match(item, claimed, ignore_taken=bool(mine))
                merged = record is not None
            if record is None:
                record = self._new(spec, item)
                if record is None:
                    continue
                local[record.uuid] = record
                if keys is not None:
                    keys.add(record)
                counts.added += 1
                outcome = "added"
            elif base is None or base.local_uuid != record.uuid:
                outcome = self._first_meeting(spec, item, record)
            else:
                outcome = self._again(spec, item, record, base)
            claimed.add(record.uuid)
            counts.merged += merged
            if outcome != "added":
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            link_rows.append({"item": item, "record": record, "base": base, "outcome": outcome})
        if self.problems:
            raise Refused(self.problems)
        self._write(spec, local.values())
        self._write_links(spec, link_rows)
        for row in link_rows:
            self.resolved[spec.name][row["item"].uuid] = row["record"].id

    def _new(self, spec: TableSpec, item: _Incoming) -> _Local | None:
        values = dict(item.values)
        for name in spec.personal:
            if name in item.withheld:
                values[name] = "" if spec.required(name) else None
        for name in spec.fields:
            if values.get(name) is None and spec.required(name) and name not in spec.personal:
                self._problem(spec.name, item.row, _("{field} is required.").format(field=name))
                return None
        return _Local(
            uuid=item.uuid,
            values=values,
            updated_at=item.updated_at,
            created_at=item.created_at or item.updated_at,
        )

    def _apply(self, record: _Local, changes: dict[str, Any], updated_at: dt.datetime) -> None:
        if not record.pending and record.before is None:
            record.before = (dict(record.values), record.updated_at)
        record.values.update(changes)
        record.changed.update(changes)
        record.updated_at = max(record.updated_at, updated_at)
        record.changed["updated_at"] = record.updated_at

    def _first_meeting(self, spec: TableSpec, item: _Incoming, record: _Local) -> str:
        """The sender's record meets a local one for the first time: combine them."""
        changes: dict[str, Any] = {}
        disputed: list[str] = []
        for attr, theirs in item.values.items():
            if attr in item.withheld:
                continue
            ours = record.values.get(attr)
            combine = _COMBINE.get((spec.name, attr))
            if combine is not None:
                value = combine(ours, theirs)
                if value != ours:
                    changes[attr] = value
            elif _equivalent(attr, ours, theirs) or _blank(theirs):
                continue
            elif _blank(ours):
                changes[attr] = theirs
            else:
                disputed.append(attr)
        if disputed:
            incoming_wins = item.updated_at > record.updated_at
            self._conflict(spec, item, record, disputed, incoming_wins)
            if incoming_wins:
                changes.update({a: item.values[a] for a in disputed})
        if changes:
            self._apply(record, changes, item.updated_at)
        return "conflicts" if disputed else "updated" if changes else "unchanged"

    def _again(self, spec: TableSpec, item: _Incoming, record: _Local, base: _Link) -> str:
        """The sender's record was imported before: a three-way merge against the sender's
        last version, field by field where that version is known."""
        if item.updated_at <= base.remote_updated_at:
            return "unchanged"
        local_changed = record.updated_at != base.local_updated_at
        last = base.remote_values
        if last is None and not local_changed:
            last = _canonical(record.values)  # in step at the last import: ours was theirs
        theirs = {a: v for a, v in item.values.items() if a not in item.withheld}
        differ = [a for a, v in theirs.items() if record.values.get(a) != v]
        if last is None:
            # Changed at both ends and no record of the sender's last version: every
            # difference is disputed.
            changed_there, disputed = [], differ
        else:
            changed_there = [a for a in differ if _canon(theirs[a]) != last.get(a)]
            disputed = [a for a in changed_there if _canon(record.values.get(a)) != last.get(a)]
            changed_there = [a for a in changed_there if a not in disputed]
        changes = {a: theirs[a] for a in changed_there}
        if disputed:
            incoming_wins = item.updated_at > record.updated_at
            self._conflict(spec, item, record, disputed, incoming_wins)
            if incoming_wins:
                changes.update({a: theirs[a] for a in disputed})
        if changes:
            self._apply(record, changes, item.updated_at)
        return "conflicts" if disputed else "updated" if changes else "unchanged"

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
            if spec.name == "people" and ({"first_name", "last_name", "email"} & set(changes)):
                changes["name_key"] = person_name_key(
                    record.values.get("first_name"), record.values.get("last_name")
                )
                changes["email_key"] = email_key(record.values.get("email"))
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

    # --- projects and their cards -----------------------------------------------------------------------

    def _merge_project_cards(self) -> None:
        rows = self.wb.table(PROJECT_CARDS)
        counts = self.counts.setdefault(PROJECT_CARDS, TableCounts())
        self._prefetch("projects", (r.get("project_uuid") for r in rows))
        self._prefetch("cards", (r.get("card_uuid") for r in rows))
        pairs: list[tuple[int, int]] = []
        for number, row in enumerate(rows, start=2):
            project = self.resolved["projects"].get(row.get("project_uuid") or "")
            card = self.resolved["cards"].get(row.get("card_uuid") or "")
            if project is None or card is None:
                self._problem(
                    PROJECT_CARDS,
                    number,
                    _("refers to a record that is neither in the file nor here."),
                )
                continue
            pairs.append((project, card))
        if self.problems:
            raise Refused(self.problems)
        pc = m.project_card
        existing: set[tuple[int, int]] = set()
        for chunk in _chunks(list({p for p, _c in pairs})):
            existing.update(
                self.s.execute(
                    select(pc.c.project_id, pc.c.card_id).where(pc.c.project_id.in_(chunk))
                ).all()
            )
        new = [p for p in dict.fromkeys(pairs) if p not in existing]
        counts.unchanged += len(pairs) - len(new)
        counts.added += len(new)
        if new:
            self.s.execute(insert(pc), [{"project_id": p, "card_id": c} for p, c in new])


def _label(spec: TableSpec, values: dict[str, Any]) -> str:
    if spec.name == "people":
        name = f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
        return name or _("(not named)")
    for key in ("name", "title", "code", "question"):
        if values.get(key):
            return str(values[key])
    return ""


class _NaturalKeys:
    """Recognising a record sent under another UUID: per table, a key and the local index."""

    def __init__(self, merge: WorkbookMerge, spec: TableSpec, index: dict[Any, list[_Local]]):
        self.merge = merge
        self.spec = spec
        self.index = index
        # Local records the sender already sent under another UUID: the sender says they are
        # another record, so they are not matched again (homonyms stay two people).
        self.taken: set[str] = set()
        if spec.name not in _FORCED:
            self.taken = set(
                merge.s.scalars(
                    select(m.ExchangeLink.local_uuid).where(
                        m.ExchangeLink.origin == merge.origin,
                        m.ExchangeLink.table_name == spec.name,
                    )
                )
            )

    @classmethod
    def for_table(
        cls, merge: WorkbookMerge, spec: TableSpec, items: list[_Incoming], local: dict
    ) -> _NaturalKeys | None:
        loader = _INDEX.get(spec.name)
        if loader is None or not items:
            return None
        index: dict[Any, list[_Local]] = {}
        for record in loader(merge, spec, items, local):
            for key in _keys(spec.name, record.values):
                index.setdefault(key, []).append(record)
        return cls(merge, spec, index)

    def add(self, record: _Local) -> None:
        for key in _keys(self.spec.name, record.values):
            self.index.setdefault(key, []).append(record)

    def match(
        self, item: _Incoming, claimed: set[str], ignore_taken: bool = False
    ) -> _Local | None:
        values = {a: v for a, v in item.values.items() if a not in item.withheld}
        forced = self.spec.name in _FORCED  # a unique constraint leaves no choice
        for key in _keys(self.spec.name, values):
            for record in self.index.get(key, []):
                if not forced and (
                    record.uuid in claimed or (record.uuid in self.taken and not ignore_taken)
                ):
                    continue
                if _compatible(self.spec.name, record.values, values, key):
                    return record
        return None


#: Tables whose natural key is also a unique constraint: two records with it must become one.
_FORCED = {"communes", "registrations", "cards"}


def _keys(table: str, values: dict[str, Any]) -> list[tuple]:
    if table in ("communes", "organisations"):
        name = normalize_name(values.get("name"))
        return [("name", name)] if name else []
    if table == "people":
        if values.get("anonymised"):
            return []
        keys = []
        mail = email_key(values.get("email"))
        if mail:
            keys.append(("email", mail))
        name = person_name_key(values.get("first_name"), values.get("last_name"))
        if name:
            keys.append(("name", name))
        return keys
    if table == "trainings":
        title = normalize_name(values.get("title"))
        return [("title", title, normalize_name(values.get("trainer")))] if title else []
    if table == "events":
        title = normalize_name(values.get("title"))
        start, kind = values.get("start"), values.get("kind")
        return [("event", kind, start, title)] if title and start and kind else []
    if table == "registrations":
        event, person = values.get("event_id"), values.get("person_id")
        return [("pair", event, person)] if event and person else []
    if table == "cards":
        prompt, code = values.get("prompt_id"), values.get("code")
        return [("code", prompt, code)] if prompt and code else []
    return []


def _compatible(table: str, ours: dict[str, Any], theirs: dict[str, Any], key: tuple) -> bool:
    if table == "people" and key[0] == "name":
        # Same name: the same person only in the same commune (or one unknown) and without two
        # different e-mail addresses.
        a, b = ours.get("commune_id"), theirs.get("commune_id")
        mail_a, mail_b = email_key(ours.get("email")), email_key(theirs.get("email"))
        return (a is None or b is None or a == b) and (not mail_a or not mail_b or mail_a == mail_b)
    if table == "events":
        a, b = ours.get("commune_id"), theirs.get("commune_id")
        return a is None or b is None or a == b
    return True


def _load_all(merge: WorkbookMerge, spec: TableSpec, items: list[_Incoming], local: dict):
    uuids = merge.s.scalars(select(spec.model.uuid)).all()
    merge._load(spec, uuids, local)
    return [local[u] for u in uuids]


def _load_people(merge: WorkbookMerge, spec: TableSpec, items: list[_Incoming], local: dict):
    emails = {email_key(i.values.get("email")) for i in items} - {None}
    names = {person_name_key(i.values.get("first_name"), i.values.get("last_name")) for i in items}
    names.discard("")
    uuids: set[str] = set()
    p = m.Person
    for column, wanted in ((p.email_key, emails), (p.name_key, names)):
        for chunk in _chunks(sorted(wanted)):
            uuids.update(
                merge.s.scalars(
                    select(p.uuid).where(column.in_(chunk), p.anonymised.is_(False))
                ).all()
            )
    merge._load(spec, uuids, local)
    return [local[u] for u in uuids]


def _load_by(attribute: str):
    def load(merge: WorkbookMerge, spec: TableSpec, items: list[_Incoming], local: dict):
        column = getattr(spec.model, attribute)
        parents = sorted({v for i in items if (v := i.values.get(attribute)) is not None})
        uuids: list[str] = []
        for chunk in _chunks(parents):
            uuids += merge.s.scalars(select(spec.model.uuid).where(column.in_(chunk))).all()
        merge._load(spec, uuids, local)
        return [local[u] for u in uuids]

    return load


_INDEX = {
    "communes": _load_all,
    "organisations": _load_all,
    "trainings": _load_all,
    "people": _load_people,
    "events": _load_by("start"),
    "registrations": _load_by("event_id"),
    "cards": _load_by("prompt_id"),
}
