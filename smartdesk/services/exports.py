"""Exports: the GAL's summary workbook (with its exchange part), the events as a calendar, CSV.

The summary is gathered as generators over streaming queries, consumed by the writer sheet by
sheet inside one read-only unit of work: 200,000 registrations never sit in memory at once.
Who may be named is decided here: a person is named only when they consented and were not
anonymised; ``anonymous`` names nobody. The others are counted, with their sector and commune.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import JSON, and_, case, func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import Record, utcnow
from smartdesk.db.session import Database
from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.exchange import ExchangeOrigin, ExchangeTable
from smartdesk.domain.records import (
    CardRecord,
    EventRecord,
    OrganisationSettings,
    ProjectRecord,
    Statistics,
)
from smartdesk.domain.summary import (
    EventSummaryRow,
    ParticipationRow,
    ProjectRow,
    SummaryWorkbookData,
    TrainingSessionRow,
    WorkshopCardRow,
)
from smartdesk.i18n import _
from smartdesk.reports.csv_export import write_csv
from smartdesk.reports.ics import write_ics
from smartdesk.reports.xlsx import write_summary_workbook
from smartdesk.reports.xlsx.exchange import RenderedTable, render_exchange_table
from smartdesk.reports.xlsx.sheet import fast_path_available
from smartdesk.reports.xlsx.styles import StyleIds, Styles
from smartdesk.reports.xlsx.summary import usual_permissions
from smartdesk.services import events as events_service
from smartdesk.services import settings, stats
from smartdesk.services._common import find_commune
from smartdesk.services._exchange_schema import (
    PROJECT_CARD_COLUMNS,
    PROJECT_CARDS,
    SPECS,
    TableSpec,
    to_cell,
)

#: Rows fetched from SQLite per round trip while streaming.
YIELD_PER = 2000
#: ``SMARTDESK_EXPORT_WORKERS=1`` writes the summary in this process alone; ``2`` always
#: renders the exchange part in a second process (SQLite file databases only); unset: a
#: second process when there are two cores and enough registrations to be worth starting it.
WORKERS_ENV = "SMARTDESK_EXPORT_WORKERS"
PARALLEL_MIN_REGISTRATIONS = 20_000
CSV_KINDS = ("people", "events", "attendance")


@dataclass(frozen=True, slots=True)
class Period:
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))

    def where(self, column) -> list:
        """Conditions keeping ``column`` (a datetime) inside the period, bounds inclusive days."""
        conditions = []
        if self.date_from:
            conditions.append(column >= dt.datetime.combine(self.date_from, dt.time.min))
        if self.date_to:
            end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min)
            conditions.append(column < end)
        return conditions

    @property
    def bounded(self) -> bool:
        return bool(self.date_from or self.date_to)


@dataclass(slots=True)
class SummaryExport:
    """What ``export_summary`` wrote: the file, its key figures and rows per sheet and table."""

    path: Path
    statistics: Statistics
    rows: dict[str, int] = field(default_factory=dict)


def parse_day(value: str | dt.date | None, field_name: str, label: str) -> dt.date | None:
    """A day typed by a user: ``2024-03-01`` or the Belgian ``01/03/2024`` (also ``1.3.2024``)."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        field_name,
        _("{field}: “{value}” is not a date (expected e.g. 2024-03-01 or 01/03/2024).").format(
            field=label, value=value
        ),
    )


def _stream(session: Session, stmt) -> Iterator[Any]:
    """Rows fetched a batch at a time, through the session's Core connection: the ORM's
    result machinery costs a third more per row and plain rows is all the sheets need."""
    yield from session.connection().execute(stmt.execution_options(yield_per=YIELD_PER))


def _counted(rows: Iterable, counts: dict[str, int], key: str) -> Iterator:
    counts[key] = 0
    for row in rows:
        yield row
        counts[key] += 1


# --- the visible sheets ------------------------------------------------------------------------


def _registration_counts():
    reg = m.Registration
    return (
        select(
            reg.event_id.label("event_id"),
            func.sum(case((reg.status != RegistrationStatus.INVITED, 1), else_=0)).label(
                "registered"
            ),
            func.sum(case((reg.status == RegistrationStatus.PRESENT, 1), else_=0)).label("present"),
        )
        .group_by(reg.event_id)
        .subquery()
    )


def _event_rows(session: Session, period: Period, sessions_only: bool = False) -> Iterator[tuple]:
    """(EventRecord, registered, present) in date order; training sessions by training."""
    e, counts = m.Event, _registration_counts()
    stmt = (
        select(
            e.id,
            e.uuid,
            e.title,
            e.kind,
            e.start,
            e.end,
            e.venue,
            e.address,
            m.Commune.name,
            e.organiser,
            e.description,
            e.status,
            e.capacity,
            e.training_id,
            m.Training.title,
            m.Training.trainer,
            e.hours,
            counts.c.registered,
            counts.c.present,
        )  # fmt: skip
        .select_from(e)
        .outerjoin(m.Commune, e.commune_id == m.Commune.id)
        .outerjoin(m.Training, e.training_id == m.Training.id)
        .outerjoin(counts, counts.c.event_id == e.id)
        .where(*period.where(e.start))
    )
    if sessions_only:
        stmt = stmt.where(e.training_id.is_not(None)).order_by(
            m.Training.title, m.Training.id, e.start, e.id
        )
    else:
        stmt = stmt.order_by(e.start, e.id)
    for row in _stream(session, stmt):
        record = EventRecord(
            id=row[0], uuid=row[1], title=row[2], kind=row[3], start=row[4], end=row[5],
            venue=row[6], address=row[7], commune=row[8], organiser=row[9], description=row[10],
            status=row[11], capacity=row[12], training_id=row[13], training_title=row[14],
            trainer=row[15], hours=row[16],
        )  # fmt: skip
        yield record, row[17] or 0, row[18] or 0


def _events(session: Session, period: Period) -> Iterator[EventSummaryRow]:
    for record, registered, present in _event_rows(session, period):
        yield EventSummaryRow(record, registered=registered, present=present)


def _training_sessions(session: Session, period: Period) -> Iterator[TrainingSessionRow]:
    for record, registered, present in _event_rows(session, period, sessions_only=True):
        yield TrainingSessionRow(
            record.training_title or "", record, registered=registered, present=present
        )


def _named():
    """SQL: may this person be named outside the town hall?"""
    return and_(m.Person.consent.is_(True), m.Person.anonymised.is_(False))


def _participations(session: Session, period: Period, anonymous: bool) -> Iterator:
    e, r, p = m.Event, m.Registration, m.Person
    # Events, organisations and communes are few: looked up in dicts rather than joined, so
    # each of the 200,000 rows carries ids, not copies of the same titles and names.
    conn = session.connection()
    events = {
        i: (start, title, kind)
        for i, start, title, kind in conn.execute(
            select(e.id, e.start, e.title, e.kind).where(*period.where(e.start))
        )
    }
    organisations = {
        i: (name, sector)
        for i, name, sector in conn.execute(
            select(m.Organisation.id, m.Organisation.name, m.Organisation.sector)
        )
    }
    communes = dict(conn.execute(select(m.Commune.id, m.Commune.name)).all())
    hidden = case((_named(), 0), else_=1)
    stmt = (
        select(
            r.event_id,
            r.status,
            p.first_name,
            p.last_name,
            hidden,
            p.organisation_id,
            p.commune_id,
            r.walk_in,
        )  # fmt: skip
        .select_from(r)
        .join(e, r.event_id == e.id)
        .join(p, r.person_id == p.id)
        .where(*period.where(e.start))
    )
    if anonymous:
        stmt = stmt.order_by(e.start, e.id, r.id)
    else:
        # The people who may not be named come last, in registration order: sorted among the
        # others by their hidden names, their position would hint at those names.
        stmt = stmt.order_by(
            e.start,
            e.id,
            hidden,
            case((_named(), func.lower(p.last_name))),
            case((_named(), func.lower(p.first_name))),
            r.id,
        )
    nothing = (None, None)
    for event_id, status, first, last, unnamed, org, commune, walk_in in _stream(session, stmt):
        start, title, kind = events[event_id]
        org_name, sector = organisations.get(org, nothing)
        show = not (anonymous or unnamed)
        yield ParticipationRow(
            event_start=start,
            event_title=title,
            event_kind=kind,
            status=status,
            first_name=first if show else None,
            last_name=last if show else None,
            organisation=org_name,
            sector=sector,
            commune=communes.get(commune),
            walk_in=bool(walk_in),
        )


def _card_scope(period: Period):
    """Card ids of the workshops held in the period (None: every card)."""
    if not period.bounded:
        return None
    return (
        select(m.WorkshopCard.id)
        .join(m.WorkshopPrompt, m.WorkshopCard.prompt_id == m.WorkshopPrompt.id)
        .join(m.Workshop, m.WorkshopPrompt.workshop_id == m.Workshop.id)
        .join(m.Event, m.Workshop.event_id == m.Event.id)
        .where(*period.where(m.Event.start))
    )


def _cards(session: Session, period: Period) -> Iterator[WorkshopCardRow]:
    c, pr, w, e = m.WorkshopCard, m.WorkshopPrompt, m.Workshop, m.Event
    stmt = (
        select(
            c.id,
            c.uuid,
            c.prompt_id,
            c.code,
            c.text,
            c.category,
            c.axis,
            m.Commune.name,
            c.group_label,
            c.round,
            c.votes,
            c.selected,
            c.rank,
            w.title,
            e.start,
            pr.question,
        )  # fmt: skip
        .select_from(c)
        .join(pr, c.prompt_id == pr.id)
        .join(w, pr.workshop_id == w.id)
        .join(e, w.event_id == e.id)
        .outerjoin(m.Commune, c.commune_id == m.Commune.id)
        .where(*period.where(e.start))
        .order_by(
            e.start, w.id, pr.position, pr.id, c.group_label, c.rank.is_(None), c.rank, c.code
        )
    )
    for row in _stream(session, stmt):
        card = CardRecord(
            id=row[0], uuid=row[1], prompt_id=row[2], code=row[3], text=row[4],
            category=row[5], axis=row[6], commune=row[7], group_label=row[8], round=row[9],
            votes=row[10] or 0, selected=bool(row[11]), rank=row[12],
        )  # fmt: skip
        yield WorkshopCardRow(
            workshop_title=row[13], event_start=row[14], question=row[15], card=card
        )


def _project_scope(period: Period):
    cards = _card_scope(period)
    if cards is None:
        return None
    return select(m.project_card.c.project_id).where(m.project_card.c.card_id.in_(cards))


def _projects(session: Session, period: Period) -> Iterator[ProjectRow]:
    p = m.FollowUpProject
    stmt = select(p.id, p.uuid, p.title, p.status, p.description).order_by(p.id)
    scope = _project_scope(period)
    if scope is not None:
        stmt = stmt.where(p.id.in_(scope))
    projects = session.execute(stmt).all()  # a handful: no need to stream
    links: dict[int, list[tuple[int, str]]] = {}
    for project_id, card_id, text in session.execute(
        select(m.project_card.c.project_id, m.WorkshopCard.id, m.WorkshopCard.text)
        .join(m.WorkshopCard, m.project_card.c.card_id == m.WorkshopCard.id)
        .order_by(m.project_card.c.project_id, m.WorkshopCard.rank.is_(None), m.WorkshopCard.rank)
    ):
        links.setdefault(project_id, []).append((card_id, text))
    for pid, uuid, title, status, description in projects:
        cards = links.get(pid, [])
        record = ProjectRecord(
            id=pid,
            uuid=uuid,
            title=title,
            status=status,
            description=description,
            card_ids=tuple(sorted(c for c, _t in cards)),
        )
        yield ProjectRow(record, challenges=tuple(t for _c, t in cards))


# --- the exchange part -------------------------------------------------------------------------


def _event_scope(period: Period):
    return select(m.Event.id).where(*period.where(m.Event.start))


def _scope(spec: TableSpec, period: Period):
    """The condition keeping a table's rows to those of the period (None: all rows)."""
    if not period.bounded:
        return None
    events = _event_scope(period)
    model = spec.model
    if spec.name == "events":
        return model.id.in_(events)
    if spec.name in ("agenda_items", "registrations", "workshops"):
        return spec.table.c.event_id.in_(events)
    if spec.name == "prompts":
        return spec.table.c.workshop_id.in_(
            select(m.Workshop.id).where(m.Workshop.event_id.in_(events))
        )
    if spec.name == "cards":
        return model.id.in_(_card_scope(period))
    if spec.name == "trainings":
        return model.id.in_(
            select(m.Event.training_id).where(
                m.Event.id.in_(events), m.Event.training_id.is_not(None)
            )
        )
    if spec.name == "people":
        # Everyone the period's rows refer to: participants and speakers.
        return model.id.in_(
            select(m.Registration.person_id)
            .where(m.Registration.event_id.in_(events))
            .union(
                select(m.AgendaItem.speaker_id).where(
                    m.AgendaItem.event_id.in_(events), m.AgendaItem.speaker_id.is_not(None)
                )
            )
        )
    if spec.name == "projects":
        return model.id.in_(_project_scope(period))
    return None  # communes, organisations: few, and referred to from everywhere


class _Uuids:
    """id → UUID of each table referred to, loaded once per export: cheaper than joining the
    referenced table for each of 200,000 rows."""

    def __init__(self, session: Session):
        self.session = session
        self.maps: dict[str, dict[int, str]] = {}

    def __call__(self, table: str) -> dict[int, str]:
        if table not in self.maps:
            model = _spec_model(table)
            rows = self.session.connection().execute(select(model.id, model.uuid))
            self.maps[table] = dict(rows.all())
        return self.maps[table]


def _table_rows(
    session: Session, spec: TableSpec, period: Period, anonymous: bool, uuids: _Uuids
) -> Iterator:
    model = spec.model
    columns = [model.uuid, *(getattr(model, f) for f in spec.fields)]
    columns += [getattr(model, ref.attribute) for ref in spec.refs]
    columns += [model.created_at, model.updated_at]
    if spec.personal:
        columns.append(_named())
    stmt = select(*columns)
    scope = _scope(spec, period)
    if scope is not None:
        stmt = stmt.where(scope)
    stmt = stmt.order_by(model.id)
    first_ref = 1 + len(spec.fields)
    refs = [(first_ref + i, uuids(ref.table)) for i, ref in enumerate(spec.refs)]
    convert = [i + 1 for i, f in enumerate(spec.fields) if isinstance(spec.column_type(f), JSON)]
    personal = [1 + spec.fields.index(f) for f in spec.personal]
    width = len(spec.columns)
    for row in _stream(session, stmt):
        values = list(row[:width])
        for i, known in refs:
            if values[i] is not None:
                values[i] = known.get(values[i])
        for i in convert:
            values[i] = to_cell(spec, spec.fields[i - 1], values[i])
        if spec.personal and (anonymous or not row[width]):
            for i in personal:
                values[i] = None
        yield values


def _spec_model(name: str) -> type[Record]:
    return next(s.model for s in SPECS if s.name == name)


def _project_card_rows(session: Session, period: Period) -> Iterator[tuple[str, str]]:
    stmt = (
        select(m.FollowUpProject.uuid, m.WorkshopCard.uuid)
        .select_from(m.project_card)
        .join(m.FollowUpProject, m.project_card.c.project_id == m.FollowUpProject.id)
        .join(m.WorkshopCard, m.project_card.c.card_id == m.WorkshopCard.id)
        .order_by(m.FollowUpProject.id, m.WorkshopCard.id)
    )
    cards = _card_scope(period)
    if cards is not None:
        stmt = stmt.where(m.WorkshopCard.id.in_(cards))
    yield from _stream(session, stmt)


def _exchange_tables(
    session: Session, period: Period, anonymous: bool, counts: dict[str, int]
) -> Iterator[ExchangeTable]:
    uuids = _Uuids(session)
    for spec in SPECS:
        rows = _counted(_table_rows(session, spec, period, anonymous, uuids), counts, spec.name)
        yield ExchangeTable(spec.name, spec.columns, rows)
    rows = _counted(_project_card_rows(session, period), counts, PROJECT_CARDS)
    yield ExchangeTable(PROJECT_CARDS, PROJECT_CARD_COLUMNS, rows)


# --- the exchange part in a second process -----------------------------------------------------
#
# The hidden exchange tables are as big as the visible sheets (a quarter million rows on the
# stress database). A child process — started with 'spawn', as on Windows — opens its own
# connection to the SQLite file, gathers them with the code above and renders their rows'
# XML into temporary files while this process writes the visible sheets; the writer then
# copies those files into the exchange sheets. Both read the database in their own read
# transaction: an export running while someone saves may see their change in one part only.


def _fresh_style_ids() -> StyleIds:
    from openpyxl.workbook import Workbook

    return Styles(Workbook(write_only=True)).ids


def _render_exchange(url: str, period: Period, anonymous: bool, folder: str) -> list[RenderedTable]:
    """In the child: every exchange table rendered into a file of ``folder``."""
    db = Database(url)
    try:
        style_ids = _fresh_style_ids()
        counts: dict[str, int] = {}
        with db.reading() as s:
            return [
                render_exchange_table(table, style_ids, Path(folder) / f"{i}.xml")
                for i, table in enumerate(_exchange_tables(s, period, anonymous, counts))
            ]
    finally:
        db.dispose()


def _parallel(db: Database) -> bool:
    """Render the exchange part in a second process?"""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if wanted == "1" or db.path is None or not Path(db.path).is_file():
        return False
    if not fast_path_available():
        return False
    if wanted:
        return wanted.isdigit() and int(wanted) > 1
    if (os.cpu_count() or 1) < 2:
        return False
    with db.reading() as s:
        registrations = s.execute(select(func.count()).select_from(m.Registration)).scalar_one()
    return registrations >= PARALLEL_MIN_REGISTRATIONS


class _ExchangeWorker:
    """The child process rendering the exchange part, and the temporary folder it writes in."""

    def __init__(self, db: Database, period: Period, anonymous: bool):
        self.folder = tempfile.mkdtemp(prefix="smartdesk-export-")
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            self.future: Future = self.pool.submit(
                _render_exchange, db.url, period, anonymous, self.folder
            )
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def tables(self, counts: dict[str, int]) -> list[RenderedTable] | None:
        """The rendered tables, waiting for the child; None if it could not run at all."""
        try:
            tables = self.future.result()
        except BrokenProcessPool:
            return None
        for table in tables:
            counts[table.name] = table.rows
        return tables

    def close(self) -> None:
        self.future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def _exchange_part(
    worker: _ExchangeWorker | None,
    session: Session,
    period: Period,
    anonymous: bool,
    counts: dict[str, int],
) -> Iterator[ExchangeTable | RenderedTable]:
    tables = worker.tables(counts) if worker is not None else None
    if tables is None:  # one process (or the child died): gathered and rendered here
        yield from _exchange_tables(session, period, anonymous, counts)
    else:
        yield from tables


def exchange_origin(
    session: Session, current: OrganisationSettings, all_communes: bool = False
) -> ExchangeOrigin:
    """Who sends the workbook: the commune of the settings (with its UUID) and the organiser;
    no commune for a workbook over all communes (the GAL's consolidated summary)."""
    if all_communes:
        return ExchangeOrigin(organisation=current.name)
    commune = find_commune(session, current.commune) if current.commune else None
    return ExchangeOrigin(
        commune=commune.name if commune else (current.commune or None),
        commune_uuid=commune.uuid if commune else None,
        organisation=current.name,
    )


def export_summary(
    db: Database,
    target: Path | str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    anonymous: bool = False,
    lang: str | None = None,
    *,
    all_communes: bool = False,
) -> SummaryExport:
    """Write the summary workbook for the GAL (visible sheets and exchange part) to ``target``.

    The period bounds are inclusive days; ``anonymous`` names nobody anywhere in the workbook;
    ``lang`` (fr, nl, de, en) is the language of the sheets, else the user's; ``all_communes``
    for the GAL's consolidated summary (sent from no commune in particular).
    """
    period = Period(date_from, date_to)
    target = _writable(target)
    worker = _ExchangeWorker(db, period, anonymous) if _parallel(db) else None
    try:
        return _export_summary(db, target, period, anonymous, lang, all_communes, worker)
    finally:
        if worker is not None:
            worker.close()


def _export_summary(
    db: Database,
    target: Path,
    period: Period,
    anonymous: bool,
    lang: str | None,
    all_communes: bool,
    worker: _ExchangeWorker | None,
) -> SummaryExport:
    date_from, date_to = period.date_from, period.date_to
    figures = stats.statistics(db, date_from, date_to)
    current = settings.load(db)
    counts: dict[str, int] = {}
    with db.reading() as s:
        data = SummaryWorkbookData(
            statistics=figures,
            origin=exchange_origin(s, current, all_communes),
            exported_at=utcnow(),
            anonymous=anonymous,
            events=_counted(_events(s, period), counts, "events_sheet"),
            participations=_counted(
                _participations(s, period, anonymous), counts, "participations_sheet"
            ),
            training_sessions=_counted(
                _training_sessions(s, period), counts, "training_sessions_sheet"
            ),
            cards=_counted(_cards(s, period), counts, "cards_sheet"),
            projects=_counted(_projects(s, period), counts, "projects_sheet"),
            exchange_tables=_exchange_part(worker, s, period, anonymous, counts),
        )
        try:
            write_summary_workbook(target, data, lang=lang)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
    return SummaryExport(path=target, statistics=figures, rows=counts)


# --- calendar and CSV --------------------------------------------------------------------------


def _writable(target: Path | str) -> Path:
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError(
            "output", _("The folder “{folder}” does not exist.").format(folder=target.parent)
        )
    if target.is_dir():
        raise ValidationError("output", _("{path} is a folder, not a file.").format(path=target))
    return target


def _cannot_write(target: Path, exc: OSError) -> ValidationError:
    return ValidationError(
        "output",
        _("Cannot write “{path}”: {reason}").format(path=target, reason=exc.strerror or exc),
    )


def _write_atomically(target: Path | str, write: Callable[[BinaryIO], Any]) -> Any:
    """Write through ``write`` into a file next to the target, then rename it into place."""
    target = _writable(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
        usual_permissions(tmp)
        os.replace(tmp, target)
        return result
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def export_ics(db: Database, target: Path | str, date_from: dt.date | None = None) -> int:
    """The events (from ``date_from`` on, cancelled ones marked so) as an ``.ics`` calendar;
    returns the number of events written."""
    records = events_service.list_events(db, date_from=date_from)
    _write_atomically(target, lambda fh: write_ics(records, fh))
    return len(records)


def _yes(value: bool) -> str:
    return _("Yes") if value else _("No")


def _people_csv(session: Session) -> tuple[list[str], Iterator[tuple]]:
    p = m.Person
    headers = [
        _("Id"), _("Last name"), _("First name"), _("E-mail"), _("Phone"), _("Function"),
        _("Organisation"), _("Sector"), _("Commune"), _("Consent"), _("Consent date"),
    ]  # fmt: skip
    stmt = (
        select(
            p.id,
            p.last_name,
            p.first_name,
            p.email,
            p.phone,
            p.function,
            m.Organisation.name,
            m.Organisation.sector,
            m.Commune.name,
            p.consent,
            p.consent_date,
        )  # fmt: skip
        .select_from(p)
        .outerjoin(m.Organisation, p.organisation_id == m.Organisation.id)
        .outerjoin(m.Commune, p.commune_id == m.Commune.id)
        .order_by(p.name_key == "", func.lower(p.last_name), func.lower(p.first_name), p.id)
    )

    def rows():
        for row in _stream(session, stmt):
            *head, sector, commune, consent, consent_date = row
            yield (*head, _(sector.label) if sector else None, commune, _yes(consent), consent_date)

    return headers, rows()


def _events_csv(session: Session) -> tuple[list[str], Iterator[tuple]]:
    headers = [
        _("Date"), _("Start"), _("End"), _("Event"), _("Kind"), _("Status"), _("Venue"),
        _("Address"), _("Commune"), _("Organiser"), _("Training"), _("Hours"), _("Registered"),
        _("Present"),
    ]  # fmt: skip

    def rows():
        for e, registered, present in _event_rows(session, Period()):
            yield (
                e.start.date(), e.start.time(), e.end.time() if e.end else None, e.title,
                _(e.kind.label), _(e.status.label), e.venue, e.address, e.commune, e.organiser,
                e.training_title, e.hours, registered, present,
            )  # fmt: skip

    return headers, rows()


def _attendance_csv(session: Session) -> tuple[list[str], Iterator[tuple]]:
    e, r, p = m.Event, m.Registration, m.Person
    headers = [
        _("Date"), _("Event"), _("Kind"), _("Last name"), _("First name"), _("Organisation"),
        _("Sector"), _("Commune"), _("E-mail"), _("Status"), _("Walk-in"), _("Checked in at"),
    ]  # fmt: skip
    stmt = (
        select(
            e.start,
            e.title,
            e.kind,
            p.last_name,
            p.first_name,
            m.Organisation.name,
            m.Organisation.sector,
            m.Commune.name,
            p.email,
            r.status,
            r.walk_in,
            r.checked_in_at,
        )  # fmt: skip
        .select_from(r)
        .join(e, r.event_id == e.id)
        .join(p, r.person_id == p.id)
        .outerjoin(m.Organisation, p.organisation_id == m.Organisation.id)
        .outerjoin(m.Commune, p.commune_id == m.Commune.id)
        .order_by(e.start, e.id, func.lower(p.last_name), func.lower(p.first_name), r.id)
    )

    def rows():
        for (
            start,
            title,
            kind,
            last,
            first,
            org,
            sector,
            commune,
            email,
            status,
            walk_in,
            at,
        ) in _stream(session, stmt):
            yield (
                start.date(), title, _(kind.label), last, first, org,
                _(sector.label) if sector else None, commune, email, _(status.label),
                _yes(walk_in), at,
            )  # fmt: skip

    return headers, rows()


def export_csv(db: Database, what: str, target: Path | str, delimiter: str = ",") -> int:
    """Write ``people``, ``events`` or ``attendance`` as Excel-friendly CSV (UTF-8 with BOM);
    returns the number of rows written. This is the town hall's own list: everyone is in it."""
    gather = {"people": _people_csv, "events": _events_csv, "attendance": _attendance_csv}.get(what)
    if gather is None:
        raise ValidationError(
            "what",
            _("Unknown list “{value}”. Choose one of: {choices}.").format(
                value=what, choices=", ".join(CSV_KINDS)
            ),
        )
    with db.reading() as s:
        headers, rows = gather(s)
        return _write_atomically(
            target, lambda fh: write_csv(fh, headers, rows, delimiter=delimiter)
        )
