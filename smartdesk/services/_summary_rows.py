"""The rows of the summary's visible sheets, gathered as generators over streaming queries.

Who may be named is decided here: a person is named only when they consented and were not
anonymised; ``anonymous`` names nobody. The others are counted, with their sector and commune.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.enums import EventKind, RegistrationStatus, Sector
from smartdesk.domain.half_days import hours_delivered
from smartdesk.domain.records import (
    CardRecord,
    ProjectRecord,
)
from smartdesk.domain.summary import (
    EventSummaryRow,
    ParticipationRow,
    ProjectRow,
    TrainingSessionRow,
    WorkshopCardRow,
)
from smartdesk.services._breakdowns import counted_hours
from smartdesk.services.record_builders import (
    EVENT_COLUMNS,
    event_columns,
    event_record_of_row,
    events_joined,
)
from smartdesk.services.summary_query import YIELD_PER as YIELD_PER
from smartdesk.services.summary_query import Period as Period
from smartdesk.services.summary_query import may_be_named as _named
from smartdesk.services.summary_query import project_scope as _project_scope
from smartdesk.services.summary_query import stream as _stream

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
            func.sum(
                case(
                    (
                        and_(reg.status == RegistrationStatus.PRESENT, reg.half_day.is_not(None)),
                        1,
                    ),
                    else_=0,
                )
            ).label("one_half"),
        )
        .group_by(reg.event_id)
        .subquery()
    )


def _event_rows(session: Session, period: Period, sessions_only: bool = False) -> Iterator[tuple]:
    """(EventRecord, registered, present, present for one half of a full day) in date order;
    training sessions by training (a session linked to no training by its own title)."""
    counts = _registration_counts()
    e, t = m.Event.__table__.c, m.Training.__table__.c
    stmt = (
        select(*event_columns(), counts.c.registered, counts.c.present, counts.c.one_half)
        .select_from(events_joined().outerjoin(counts, counts.c.event_id == e.id))
        .where(*period.where(e.start))
    )
    if sessions_only:
        stmt = stmt.where(
            or_(e.training_id.is_not(None), e.kind == EventKind.TRAINING_SESSION)
        ).order_by(func.coalesce(t.title, e.title), t.id, e.start, e.id)
    else:
        stmt = stmt.order_by(e.start, e.id)
    n = EVENT_COLUMNS
    for row in _stream(session, stmt):
        yield event_record_of_row(row), row[n] or 0, row[n + 1] or 0, row[n + 2] or 0


def _events(session: Session, period: Period) -> Iterator[EventSummaryRow]:
    for record, registered, present, _one_half in _event_rows(session, period):
        yield EventSummaryRow(record, registered=registered, present=present)


def _training_sessions(session: Session, period: Period) -> Iterator[TrainingSessionRow]:
    for record, registered, present, one_half in _event_rows(session, period, True):
        hours = counted_hours(record.hours, record.start, record.end)
        yield TrainingSessionRow(
            record.training_title or record.title,
            record,
            registered=registered,
            present=present,
            hours=hours,
            hours_delivered=round(hours_delivered(hours, record.full_day, present, one_half), 2),
        )


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
        if anonymous and sector is Sector.BUSINESS:
            org_name = None  # a business is often one person: its sector is counted, not its name
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
