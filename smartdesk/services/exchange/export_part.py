"""The summary's exchange part: the hidden tables another SmartDesk imports, gathered here or
rendered by a second process (``exports.export_summary`` writes them after the visible sheets)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from sqlalchemy import JSON, func, select
from sqlalchemy.orm import Session

from smartdesk import i18n
from smartdesk.db import models as m
from smartdesk.db.base import Record
from smartdesk.db.session import Database
from smartdesk.domain.enums import Sector
from smartdesk.domain.exchange import ExchangeTable
from smartdesk.i18n import _
from smartdesk.reports.xlsx.exchange import RenderedTable, render_exchange_table
from smartdesk.reports.xlsx.sheet import fast_path_available
from smartdesk.reports.xlsx.styles import StyleIds, Styles
from smartdesk.services import erasure, settings
from smartdesk.services.exchange.pseudonyms import Pseudonymiser
from smartdesk.services.exchange.schema import (
    ERASURE_COLUMNS,
    ERASURES,
    PROJECT_CARD_COLUMNS,
    PROJECT_CARDS,
    SPECS,
    TableSpec,
    to_cell,
)
from smartdesk.services.files import PARTIAL
from smartdesk.services.summary_query import (
    Period,
    card_scope,
    counted,
    may_be_named,
    project_scope,
    stream,
)

#: ``SMARTDESK_EXPORT_WORKERS=1`` writes the summary in this process alone; ``2`` always
#: renders the exchange part in a second process (SQLite file databases only); unset: a
#: second process when a core is idle and there are enough registrations to be worth it.
WORKERS_ENV = "SMARTDESK_EXPORT_WORKERS"
#: Starting the second process costs 0.5–1 s (a fresh interpreter importing SQLAlchemy and
#: openpyxl): benchmarks/bench_export_workers.py found it 1.4–2.4× slower up to 40,000
#: registrations (a GAL's year is about 20,000), even between 60,000 and 100,000 (the runs
#: disagree on a shared machine), and faster at 200,000 (export call 4.2 s against 5.5 s).
PARALLEL_MIN_REGISTRATIONS = 100_000


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
        return model.id.in_(card_scope(period))
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
        return model.id.in_(project_scope(period))
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


def _pseudonyms(session: Session, spec: TableSpec, key: str):
    """For the people table with a key: a function giving a row its pseudonym (None: no
    pseudonyms; anonymised people never get one, they are no longer anyone)."""
    if spec.name != "people" or not key:
        return None
    pseudonymise = Pseudonymiser(key)
    communes = dict(session.connection().execute(select(m.Commune.id, m.Commune.name)).all())
    i = {name: 1 + spec.fields.index(name) for name in spec.fields}
    commune = 1 + len(spec.fields) + [r.attribute for r in spec.refs].index("commune_id")

    def pseudonym(values: list) -> str | None:
        if values[i["anonymised"]]:
            return None
        computed = pseudonymise(
            values[i["email"]],
            values[i["first_name"]],
            values[i["last_name"]],
            communes.get(values[commune]),
        )
        return computed or values[i["pseudonym"]]  # else the one a commune sent (at the GAL)

    return pseudonym


def _table_rows(
    session: Session, spec: TableSpec, period: Period, anonymous: bool, uuids: _Uuids, key: str
) -> Iterator:
    model = spec.model
    columns = [model.uuid, *(getattr(model, f) for f in spec.fields)]
    columns += [getattr(model, ref.attribute) for ref in spec.refs]
    columns += [model.created_at, model.updated_at]
    if spec.personal:
        columns.append(may_be_named())
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
    # A business is often one person ("Menuiserie Dethier"): an anonymous workbook names none;
    # the GAL keeps the sector and never takes this label for a name (``matching``).
    hide_business = anonymous and spec.name == "organisations"
    business_label = _("Business (not named)")
    pseudonym = _pseudonyms(session, spec, key)
    pseudonym_at = 1 + spec.fields.index("pseudonym") if pseudonym else 0
    for row in stream(session, stmt):
        values = list(row[:width])
        if pseudonym is not None:  # before the names are withheld and the ids become UUIDs
            values[pseudonym_at] = pseudonym(values)
        for i, known in refs:
            if values[i] is not None:
                values[i] = known.get(values[i])
        for i in convert:
            values[i] = to_cell(spec, spec.fields[i - 1], values[i])
        if spec.personal and (anonymous or not row[width]):
            for i in personal:
                values[i] = None
        if hide_business and values[2] is Sector.BUSINESS:
            values[1] = business_label
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
    cards = card_scope(period)
    if cards is not None:
        stmt = stmt.where(m.WorkshopCard.id.in_(cards))
    yield from stream(session, stmt)


def exchange_tables(
    session: Session, period: Period, anonymous: bool, counts: dict[str, int]
) -> Iterator[ExchangeTable]:
    """Every table of the exchange part (see ``schema``), rows streamed; ``counts`` learns each
    table's rows as they pass. People carry their pseudonym when an exchange key is set."""
    uuids = _Uuids(session)
    key = settings.exchange_key(session)
    for spec in SPECS:
        rows = _table_rows(session, spec, period, anonymous, uuids, key)
        rows = counted(rows, counts, spec.name)
        yield ExchangeTable(spec.name, spec.columns, rows)
    rows = counted(_project_card_rows(session, period), counts, PROJECT_CARDS)
    yield ExchangeTable(PROJECT_CARDS, PROJECT_CARD_COLUMNS, rows)
    # Always whole, whatever the period or anonymity: UUIDs and kinds only.
    rows = counted(erasure.log_rows(session), counts, ERASURES)
    yield ExchangeTable(ERASURES, ERASURE_COLUMNS, rows)


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


def render_exchange(
    url: str, period: Period, anonymous: bool, folder: str, locale: str
) -> list[RenderedTable]:
    """In the child: every exchange table rendered into a file of ``folder``, in the user's
    language (a spawned process starts in the default one)."""
    i18n.set_locale(locale)
    db = Database(url)
    try:
        style_ids = _fresh_style_ids()
        counts: dict[str, int] = {}
        with db.reading() as s:
            return [
                render_exchange_table(table, style_ids, Path(folder) / f"{i}.xml")
                for i, table in enumerate(exchange_tables(s, period, anonymous, counts))
            ]
    finally:
        db.dispose()


def wants_second_process(db: Database) -> bool:
    """Render the exchange part in a second process?"""
    wanted = os.environ.get(WORKERS_ENV, "").strip()
    if wanted == "1" or db.path is None or not Path(db.path).is_file():
        return False
    if not fast_path_available():
        return False
    if wanted:
        return wanted.isdigit() and int(wanted) > 1
    if not a_core_is_idle():
        return False
    with db.reading() as s:
        registrations = s.execute(select(func.count()).select_from(m.Registration)).scalar_one()
    return registrations >= PARALLEL_MIN_REGISTRATIONS


def a_core_is_idle() -> bool:
    """Is a core free for a second process? Two cores at least, and the last minute's load
    average leaves one of them idle (where there is one: Windows has none)."""
    cores = os.cpu_count() or 1
    if cores < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load <= cores - 1


class ExchangeWorker:
    """The child process rendering the exchange part, and the temporary folder it writes in."""

    def __init__(self, db: Database, period: Period, anonymous: bool, beside: Path):
        # beside the target, never the system's temporary folder: the files hold names and
        # e-mails (see services.files)
        self.folder = tempfile.mkdtemp(prefix=".smartdesk-export-", suffix=PARTIAL, dir=beside)
        try:
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            self.future: Future = self.pool.submit(
                render_exchange, db.url, period, anonymous, self.folder, i18n.get_locale()
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


def exchange_part(
    worker: ExchangeWorker | None,
    session: Session,
    period: Period,
    anonymous: bool,
    counts: dict[str, int],
) -> Iterator[ExchangeTable | RenderedTable]:
    """The exchange part for the writer: rendered by ``worker`` if there is one and it ran,
    else gathered in this process from ``session``."""
    tables = worker.tables(counts) if worker is not None else None
    if tables is None:  # one process (or the child died): gathered and rendered here
        yield from exchange_tables(session, period, anonymous, counts)
    else:
        yield from tables
