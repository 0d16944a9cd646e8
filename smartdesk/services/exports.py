"""Exports: the GAL's summary workbook (with its exchange part), the events as a calendar, CSV.

The summary is gathered as generators over streaming queries, consumed by the writer sheet by
sheet inside one read-only unit of work: 200,000 registrations never sit in memory at once.
Who may be named is decided here: a person is named only when they consented and were not
anonymised; ``anonymous`` names nobody. The others are counted, with their sector and commune.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.db.session import Database
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.exchange import ExchangeOrigin
from smartdesk.domain.records import (
    OrganisationSettings,
    Statistics,
)
from smartdesk.domain.summary import (
    SummaryWorkbookData,
)
from smartdesk.i18n import _
from smartdesk.reports.csv_export import ENCODINGS, TextCell, write_csv
from smartdesk.reports.ics import write_ics
from smartdesk.reports.xlsx import write_summary_workbook
from smartdesk.services import events as events_service
from smartdesk.services import settings, stats
from smartdesk.services._breakdowns import card_tallies, commune_contributions, training_totals
from smartdesk.services._summary_rows import YIELD_PER as YIELD_PER
from smartdesk.services._summary_rows import (
    Period,
    _cards,
    _event_rows,
    _events,
    _participations,
    _projects,
    _training_sessions,
)
from smartdesk.services.events import parse_day as parse_day  # where the CLI finds it
from smartdesk.services.exchange.export_part import (
    PARALLEL_MIN_REGISTRATIONS as PARALLEL_MIN_REGISTRATIONS,
)
from smartdesk.services.exchange.export_part import WORKERS_ENV as WORKERS_ENV
from smartdesk.services.exchange.export_part import (
    ExchangeWorker as _ExchangeWorker,
)
from smartdesk.services.exchange.export_part import exchange_part as _exchange_part
from smartdesk.services.exchange.export_part import wants_second_process as _parallel
from smartdesk.services.exchange.pseudonyms import key_check
from smartdesk.services.files import cannot_write, writable, write_atomically
from smartdesk.services.lookups import find_commune
from smartdesk.services.summary_query import counted as _counted
from smartdesk.services.summary_query import stream as _stream

CSV_KINDS = ("people", "events", "attendance")
CSV_ENCODINGS = ENCODINGS

#: ``progress(done, total)``: called now and then by a long export (``total`` 0 when unknown);
#: the desktop's Cancel makes it raise, which abandons the file (written whole or not at all).
Progress = Callable[[int, int], None]

#: Rows between two progress reports: often enough for a live bar, rare enough to cost nothing.
PROGRESS_EVERY = 500


class _Ticker:
    """Counts the rows handed to a writer across several sheets and reports every so often."""

    def __init__(self, progress: Progress | None, total: int = 0):
        self.progress = progress
        self.total = total
        self.done = 0

    def rows(self, rows: Iterable) -> Iterator:
        if self.progress is None:
            yield from rows
            return
        for row in rows:
            yield row
            self.done += 1
            if self.done % PROGRESS_EVERY == 0:
                self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.done, max(self.total, self.done))


@dataclass(slots=True)
class SummaryExport:
    """What ``export_summary`` wrote: the file, its key figures and rows per sheet and table."""

    path: Path
    statistics: Statistics
    rows: dict[str, int] = field(default_factory=dict)


def exchange_origin(
    session: Session, current: OrganisationSettings, all_communes: bool = False
) -> ExchangeOrigin:
    """Who sends the workbook: the commune of the settings (with its UUID) and the organiser;
    no commune for a workbook over all communes (the GAL's consolidated summary); the
    fingerprint of the exchange key its people are pseudonymised with."""
    check = key_check(settings.exchange_key(session))
    if all_communes:
        return ExchangeOrigin(organisation=current.name, person_key_check=check)
    commune = find_commune(session, current.commune) if current.commune else None
    return ExchangeOrigin(
        commune=commune.name if commune else (current.commune or None),
        commune_uuid=commune.uuid if commune else None,
        organisation=current.name,
        person_key_check=check,
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
    progress: Progress | None = None,
) -> SummaryExport:
    """Write the summary workbook for the GAL (visible sheets and exchange part) to ``target``.

    The period bounds are inclusive days; ``anonymous`` names nobody anywhere in the workbook;
    ``lang`` (fr, nl, de, en) is the language of the sheets, else the user's; ``all_communes``
    for the GAL's consolidated summary (sent from no commune in particular); ``progress`` is
    told the rows of the visible sheets written so far (total unknown: 0).
    """
    period = Period(date_from, date_to)
    target = writable(target)
    worker = _ExchangeWorker(db, period, anonymous, target.parent) if _parallel(db) else None
    ticker = _Ticker(progress)
    try:
        return _export_summary(db, target, period, anonymous, lang, all_communes, worker, ticker)
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
    ticker: _Ticker,
) -> SummaryExport:
    date_from, date_to = period.date_from, period.date_to
    current = settings.load(db)
    counts: dict[str, int] = {}
    with db.reading() as s:
        # the key figures and the tables built on them from one snapshot
        figures = stats.figures_of(s, date_from, date_to)
        data = SummaryWorkbookData(
            statistics=figures,
            origin=exchange_origin(s, current, all_communes),
            exported_at=utcnow(),
            anonymous=anonymous,
            communes=ticker.rows(
                _counted(commune_contributions(s, period, figures), counts, "communes_sheet")
            ),
            funding_line=current.funding_line,
            events=ticker.rows(_counted(_events(s, period), counts, "events_sheet")),
            participations=ticker.rows(
                _counted(_participations(s, period, anonymous), counts, "participations_sheet")
            ),
            training_sessions=ticker.rows(
                _counted(_training_sessions(s, period), counts, "training_sessions_sheet")
            ),
            training_totals=ticker.rows(
                _counted(training_totals(s, period), counts, "training_totals_sheet")
            ),
            cards=ticker.rows(_counted(_cards(s, period), counts, "cards_sheet")),
            card_tallies=ticker.rows(
                _counted(card_tallies(s, period), counts, "card_tallies_sheet")
            ),
            projects=ticker.rows(_counted(_projects(s, period), counts, "projects_sheet")),
            exchange_tables=_exchange_part(worker, s, period, anonymous, counts),
        )
        try:
            write_summary_workbook(target, data, lang=lang)
        except OSError as exc:
            raise cannot_write(target, exc) from None
    return SummaryExport(path=target, statistics=figures, rows=counts)


# --- calendar and CSV --------------------------------------------------------------------------


def export_ics(
    db: Database,
    target: Path | str,
    date_from: dt.date | None = None,
    *,
    progress: Progress | None = None,
) -> int:
    """The events (from ``date_from`` on, cancelled ones marked so) as an ``.ics`` calendar;
    returns the number of events written. ``progress(done, total)`` hears of the two steps
    (starting, events read); the file is written whole or not at all."""
    if progress is not None:
        progress(0, 2)
    records = events_service.list_events(db, date_from=date_from)
    with db.reading() as s:
        # SEQUENCE and LAST-MODIFIED: Outlook replaces an entry it has only if they moved on.
        revisions = {
            uuid: (created, updated)
            for uuid, created, updated in s.execute(
                select(m.Event.uuid, m.Event.created_at, m.Event.updated_at)
            )
        }
    if progress is not None:
        progress(1, 2)
    write_atomically(target, lambda fh: write_ics(records, fh, revisions=revisions))
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
        .order_by(p.sort_key, p.id)  # the people list's order (anonymised people last)
    )

    def rows():
        for row in _stream(session, stmt):
            pid, last, first, email, phone, function, org, sector, commune, consent, day = row
            yield (
                pid, last, first, email, TextCell(phone or ""), function, org,
                _(sector.label) if sector else None, commune, _yes(consent), day,
            )  # fmt: skip

    return headers, rows()


def _events_csv(session: Session) -> tuple[list[str], Iterator[tuple]]:
    headers = [
        _("Date"), _("Start"), _("End"), _("Event"), _("Kind"), _("Status"), _("Venue"),
        _("Address"), _("Commune"), _("Organiser"), _("Training"), _("Hours"), _("Registered"),
        _("Present"),
    ]  # fmt: skip

    def rows():
        for e, registered, present, _one_half in _event_rows(session, Period()):
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


def export_csv(
    db: Database,
    what: str,
    target: Path | str,
    delimiter: str = ",",
    *,
    encoding: str = "utf-8-sig",
    progress: Progress | None = None,
) -> int:
    """Write ``people``, ``events`` or ``attendance`` as Excel-friendly CSV (UTF-8 with BOM, or
    ``encoding``: cp1252 or utf-8); returns the number of rows written. This is the town hall's
    own list: everyone is in it. ``progress(done, total)`` is told the rows written out of the
    list's rows."""
    if encoding not in ENCODINGS:
        raise ValidationError(
            "encoding",
            _("Unknown encoding “{value}”. Choose one of: {choices}.").format(
                value=encoding, choices=", ".join(ENCODINGS)
            ),
        )
    gather = {"people": _people_csv, "events": _events_csv, "attendance": _attendance_csv}.get(what)
    if gather is None:
        raise ValidationError(
            "what",
            _("Unknown list “{value}”. Choose one of: {choices}.").format(
                value=what, choices=", ".join(CSV_KINDS)
            ),
        )
    counted = {"people": m.Person, "events": m.Event, "attendance": m.Registration}[what]
    with db.reading() as s:
        total = s.scalar(select(func.count()).select_from(counted)) if progress else 0
        ticker = _Ticker(progress, total or 0)
        headers, rows = gather(s)

        def write(fh) -> int:
            n = write_csv(fh, headers, ticker.rows(rows), delimiter=delimiter, encoding=encoding)
            ticker.finish()  # before the file takes its name: a Cancel now still leaves none
            return n

        return write_atomically(target, write)
