"""Conflicts: a record changed both at the GAL and at a commune. The merge records the losing
version in ``exchange_conflict`` (:class:`ConflictLog`); the coordinator lists them and settles
each by keeping one version (:func:`list_conflicts`, :func:`resolve_conflict`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Time, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.domain.text import email_key, person_name_key
from smartdesk.i18n import _
from smartdesk.services.exchange.matching import Incoming, Local, References
from smartdesk.services.exchange.origins import origin_name
from smartdesk.services.exchange.schema import SPEC_BY_NAME, TableSpec, cell_reader
from smartdesk.services.exchange.writing import canon


@dataclass(frozen=True, slots=True)
class Conflict:
    """A conflict met by one import, as its report shows it."""

    table: str
    record_uuid: str
    incoming_uuid: str
    kept: str  # "local" or "incoming"
    fields: tuple[str, ...]
    label: str  # what the record is, for people to read (a name, a title)


class ConflictLog:
    """The conflicts of one workbook's merge: stored in the caller's transaction, listed in
    ``conflicts`` for the report."""

    def __init__(
        self, session: Session, origin: str, source: str, now: dt.datetime, references: References
    ):
        self.s = session
        self.origin = origin
        self.source = source
        self.now = now
        self.references = references
        self.conflicts: list[Conflict] = []

    def _version(self, spec: TableSpec, values: dict[str, Any], updated_at, uuid: str) -> dict:
        out: dict[str, Any] = {"uuid": uuid}
        for name in spec.fields:
            if name in values:
                out[name] = canon(values[name])
        for ref in spec.refs:
            if ref.attribute in values:
                out[ref.column] = self.references.uuid(ref.table, values[ref.attribute])
        out["updated_at"] = canon(updated_at)
        return out

    def record(
        self,
        spec: TableSpec,
        item: Incoming,
        record: Local,
        fields_: list[str],
        incoming_wins: bool,
    ) -> None:
        """Store the version that lost (``fields_`` disputed) and tell the report."""
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
                label(spec, record.values),
            )
        )


def label(spec: TableSpec, values: dict[str, Any]) -> str:
    """What a record is, for people to read: a name, a title …"""
    if spec.name == "people":
        name = f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
        return name or _("(not named)")
    for key in ("name", "title", "code", "question"):
        if values.get(key):
            return str(values[key])
    return ""


@dataclass(frozen=True, slots=True)
class StoredConflict:
    """A record changed both here and at a commune, as ``exchange_conflict`` keeps it: the GAL's
    version (``local``) and the commune's (``incoming``), only the disputed fields, and which
    one is in force now (``kept``)."""

    id: int
    table: str
    label: str
    origin: str
    source: str | None
    kept: str  # "local" or "incoming"
    fields: tuple[str, ...]
    local: dict[str, Any]
    incoming: dict[str, Any]
    detected_at: dt.datetime


def _conflict_label(version: dict[str, Any], uuid: str) -> str:
    name = " ".join(v for v in (version.get("first_name"), version.get("last_name")) if v)
    if name:
        return name
    for key in ("title", "name", "question", "text", "code"):
        if version.get(key):
            return str(version[key])
    return uuid


def _stored(session, row: m.ExchangeConflict) -> StoredConflict:
    kept, discarded = dict(row.kept_json or {}), dict(row.discarded_json or {})
    fields_ = tuple(kept.pop("fields", None) or discarded.pop("fields", None) or ())
    discarded.pop("fields", None)
    local, incoming = (kept, discarded) if row.kept == "local" else (discarded, kept)
    return StoredConflict(
        id=row.id,
        table=row.table_name,
        label=_conflict_label(kept, row.record_uuid),
        origin=origin_name(session, row.origin),
        source=row.source,
        kept=row.kept,
        fields=fields_,
        local={f: local.get(f) for f in fields_},
        incoming={f: incoming.get(f) for f in fields_},
        detected_at=row.detected_at,
    )


def list_conflicts(db: Database) -> list[StoredConflict]:
    """The conflicts still stored, the latest first."""
    with db.reading() as s:
        rows = s.scalars(
            select(m.ExchangeConflict).order_by(
                m.ExchangeConflict.detected_at.desc(), m.ExchangeConflict.id.desc()
            )
        ).all()
        return [_stored(s, row) for row in rows]


def _model_value(spec: TableSpec, name: str, value: Any) -> Any:
    """A value as the conflict's JSON holds it (see ``writing.canon``) for the model."""
    if value is None:
        return None
    kind = spec.column_type(name)
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, Time):
        return dt.time.fromisoformat(value)
    if isinstance(kind, JSON):
        return list(value)
    return cell_reader(spec, name)(value)


def resolve_conflict(db: Database, conflict_id: int, keep: str) -> StoredConflict:
    """Settle a stored conflict by keeping one version, ``"local"`` (the GAL's) or
    ``"incoming"`` (the commune's): when the version to keep is not the one in force, its
    disputed fields are written back to the record. The conflict is then no longer stored."""
    if keep not in ("local", "incoming"):
        raise ValidationError("keep", _("Choose the version to keep: local or incoming."))
    with db.transaction() as s:
        row = s.get(m.ExchangeConflict, conflict_id)
        if row is None:
            raise NotFoundError(_("This conflict was already resolved."))
        conflict = _stored(s, row)
        spec = SPEC_BY_NAME.get(row.table_name)
        if keep != row.kept and spec is not None:
            record = s.scalar(select(spec.model).where(spec.model.uuid == row.record_uuid))
            if record is None:
                raise NotFoundError(_("The record of this conflict no longer exists."))
            chosen = conflict.local if keep == "local" else conflict.incoming
            refs = {r.column: r for r in spec.refs}
            for name, value in chosen.items():
                ref = refs.get(name)
                if ref is not None:
                    target = SPEC_BY_NAME[ref.table].model
                    found = (
                        s.scalar(select(target.id).where(target.uuid == value)) if value else None
                    )
                    setattr(record, ref.attribute, found)
                elif name in spec.fields:
                    setattr(record, name, _model_value(spec, name, value))
            if isinstance(record, m.Person):
                record.name_key = person_name_key(record.first_name, record.last_name)
                record.email_key = email_key(record.email)
        s.delete(row)
    return conflict
