"""Consolidation at the GAL: import the exchange workbooks of several communes into one database.

Each file is read completely and checked before anything is written, then merged in one
transaction of its own: a file that is refused changes nothing, the others are imported. See
``_merge`` for how records are recognised (UUIDs, then the same person, commune or organisation
under another UUID) and how changes made at both ends are settled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Time, distinct, func, select
from sqlalchemy.exc import IntegrityError

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventStatus, RegistrationStatus
from smartdesk.domain.errors import NotFoundError, SmartDeskError, ValidationError
from smartdesk.domain.exchange import ExchangeOrigin
from smartdesk.domain.text import email_key, normalize_name, person_name_key
from smartdesk.i18n import _, ngettext
from smartdesk.reports.xlsx import read_exchange_workbook
from smartdesk.services import privacy
from smartdesk.services._exchange_schema import SPEC_BY_NAME, TableSpec, cell_reader
from smartdesk.services._merge import Conflict, Refused, TableCounts, WorkbookMerge
from smartdesk.services.backups import backup_before
from smartdesk.services.files import scratch_folder

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
    "resolve_conflict",
]


@dataclass(slots=True)
class FileReport:
    """What happened to one workbook: imported (``ok``) with counts per table, or refused."""

    path: Path
    ok: bool = False
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    origin: str | None = None
    tables: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.tables.values():
            for key, value in counts.as_dict().items():
                setattr(total, key, getattr(total, key) + value)
        return total


@dataclass(slots=True)
class ConsolidationReport:
    files: list[FileReport]
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def imported(self) -> list[FileReport]:
        return [f for f in self.files if f.ok]

    @property
    def refused(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]


def origin_key(origin: ExchangeOrigin, path: Path) -> str:
    """Who sent a workbook, as the links remember it: the sender's commune UUID, else names."""
    if origin.commune_uuid:
        return origin.commune_uuid
    if origin.commune:
        return "commune:" + normalize_name(origin.commune)
    if origin.organisation:
        return "organisation:" + normalize_name(origin.organisation)
    return "file:" + path.name


class _RollBack(Exception):
    pass


def _import_file(db: Database, path: Path, roll_back: bool) -> FileReport:
    report = FileReport(path=path)
    try:
        workbook = read_exchange_workbook(path)
    except SmartDeskError as exc:
        report.error = exc.message
        return report
    origin = workbook.header.origin
    report.origin = origin.commune or origin.organisation or path.name
    merge: WorkbookMerge | None = None
    try:
        with db.transaction() as s:
            merge = WorkbookMerge(s, workbook, origin_key(origin, path), path.name)
            merge.run()
            s.flush()
            if roll_back:
                raise _RollBack
    except _RollBack:
        pass
    except Refused as exc:
        report.problems = exc.problems
        report.error = ngettext(
            "{name} was not imported: {n} row does not fit (nothing was written).",
            "{name} was not imported: {n} rows do not fit (nothing was written).",
            len(exc.problems),
        ).format(name=path.name, n=len(exc.problems))
        return report
    except IntegrityError as exc:
        report.error = _(
            "{name} was not imported: it contradicts the database ({reason}); nothing was written."
        ).format(name=path.name, reason=str(exc.orig))
        return report
    assert merge is not None  # the transaction ran to its end
    report.ok = True
    report.tables = merge.counts
    report.conflicts = merge.conflicts
    return report


@contextlib.contextmanager
def _scratch_copy(db: Database) -> Iterator[Database]:
    """A throw-away copy of the database file (SQLite's online backup: WAL included), in a
    folder beside the database: it holds personal data (see services.files)."""
    assert db.path is not None
    with scratch_folder(Path(db.path).parent, "dry-run") as folder:
        path = folder / "dry-run.db"
        with db.engine.connect() as conn:
            target = sqlite3.connect(path)
            try:
                conn.connection.driver_connection.backup(target)  # type: ignore[union-attr]
            finally:
                target.close()
        scratch = Database.at_path(path)
        try:
            yield scratch
        finally:
            scratch.dispose()


def consolidate(
    db: Database,
    paths: Iterable[Path | str],
    dry_run: bool = False,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ConsolidationReport:
    """Import exchange workbooks into ``db``, each file in its own transaction, in the order
    given; report what was added, updated, unchanged and in conflict, per file and table.

    ``dry_run`` computes the same report and writes nothing: the files are imported into a
    throw-away copy of the database, so later files see what earlier ones would have added.
    ``progress(done, total)`` is told of each file before it is read; when it raises (the
    desktop's Cancel), the files already imported stay imported — each is its own transaction.
    """
    files = [Path(p) for p in paths]

    def each(target: Database, roll_back: bool) -> list[FileReport]:
        reports = []
        for i, path in enumerate(files):
            if progress is not None:
                progress(i, len(files))
            reports.append(_import_file(target, path, roll_back))
        return reports

    if not dry_run:
        backup_before(db, "consolidation")
    if dry_run and db.path is not None and db.engine.dialect.name == "sqlite":
        with _scratch_copy(db) as scratch:
            return ConsolidationReport(each(scratch, False), True)
    report = ConsolidationReport(each(db, dry_run), dry_run)
    if report.imported and not dry_run:
        privacy.clear_freed_pages(db)  # a workbook may have erased people here (its erasure log)
    return report


@dataclass(frozen=True, slots=True)
class OriginFigures:
    """What one sender's workbooks brought: participations (present, events not cancelled) and
    the distinct people in them. A person sent by two communes counts for each of them."""

    origin: str
    participations: int
    people: int


def _origin_name(session, key: str) -> str:
    if ":" in key:
        return key.split(":", 1)[1]
    # The key is the sender's commune UUID: the commune it was imported as carries its name.
    name = session.scalar(
        select(m.Commune.name)
        .join(m.ExchangeLink, m.ExchangeLink.local_uuid == m.Commune.uuid)
        .where(m.ExchangeLink.incoming_uuid == key, m.ExchangeLink.table_name == "communes")
        .limit(1)
    )
    return name or key


def figures_by_origin(db: Database) -> list[OriginFigures]:
    """Participations and people reached by commune of origin (the sender of the workbooks),
    most participations first."""
    link, reg, event = m.ExchangeLink, m.Registration, m.Event
    with db.reading() as s:
        rows = s.execute(
            select(link.origin, func.count(distinct(reg.id)), func.count(distinct(reg.person_id)))
            .join(reg, reg.uuid == link.local_uuid)
            .join(event, reg.event_id == event.id)
            .where(
                link.table_name == "registrations",
                reg.status == RegistrationStatus.PRESENT,
                event.status != EventStatus.CANCELLED,
            )
            .group_by(link.origin)
        ).all()
        figures = [OriginFigures(_origin_name(s, key), n, people) for key, n, people in rows]
    return sorted(figures, key=lambda f: (-f.participations, f.origin))


# --- the stored conflicts ----------------------------------------------------------------------


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
        origin=_origin_name(session, row.origin),
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
    """A value as the conflict's JSON holds it (see ``_merge_writing._canon``) for the model."""
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
