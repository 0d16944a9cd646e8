"""The GAL's key figures over a period, computed with aggregate queries (portable SQL)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventKind, EventStatus, RegistrationStatus
from smartdesk.domain.records import Statistics
from smartdesk.domain.summary import Breakdowns
from smartdesk.services._breakdowns import (
    card_tallies,
    commune_contributions,
    training_hours_by_commune,
    training_totals,
)
from smartdesk.services._summary_rows import Period


def _period(stmt, date_from: dt.date | None, date_to: dt.date | None):
    if date_from:
        stmt = stmt.where(m.Event.start >= dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        stmt = stmt.where(
            m.Event.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
        )
    return stmt


def _span(date_from: dt.date | None, date_to: dt.date | None) -> Period | None:
    """The period, or None when it holds no day (an end before the start: nothing counts)."""
    if date_from and date_to and date_to < date_from:
        return None
    return Period(date_from, date_to)


def statistics(
    db: Database, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> Statistics:
    """Events held or planned (not cancelled) by kind, also split into held and still planned;
    participations = registrations marked present, by sector of the person's organisation and by
    the person's commune; unique people reached, in all, by sector and by commune; training
    hours = Σ present participants × session hours (those recorded, else the session's times;
    half of them for a person present one half of a full-day session, ``domain.half_days``);
    selected cards by axis."""
    with db.reading() as s:
        return figures_of(s, date_from, date_to)


def _tally(rows) -> tuple[int, dict, dict]:
    """(sector, commune, n) rows summed: in all, by sector and by commune."""
    total = 0
    by_sector: defaultdict[Any, int] = defaultdict(int)
    by_commune: defaultdict[Any, int] = defaultdict(int)
    for sector, commune, n in rows:
        total += n
        by_sector[sector] += n
        by_commune[commune] += n
    return total, dict(by_sector), dict(by_commune)


def figures_of(s: Session, date_from: dt.date | None, date_to: dt.date | None) -> Statistics:
    """``statistics`` inside the caller's unit of work (one export reads one snapshot)."""
    not_cancelled = m.Event.status != EventStatus.CANCELLED
    by_kind_status = s.execute(
        _period(
            select(m.Event.kind, m.Event.status, func.count())
            .where(not_cancelled)
            .group_by(m.Event.kind, m.Event.status),
            date_from,
            date_to,
        )
    ).all()
    events_by_kind: dict[EventKind, int] = {}
    held: dict[EventKind, int] = {}
    planned: dict[EventKind, int] = {}
    for kind, status, n in by_kind_status:
        events_by_kind[kind] = events_by_kind.get(kind, 0) + n
        split = held if status == EventStatus.HELD else planned
        split[kind] = split.get(kind, 0) + n
    # The people who came, then their sector and commune: a person has one of each, so
    # these counts add up to the people by sector, by commune and in all. "IN (present)"
    # lets SQLite scan the registrations once into a list (a DISTINCT subquery walks them
    # in person order through the index instead: three times slower on 200,000 rows).
    present = (
        select(m.Registration.person_id)
        .join(m.Event, m.Registration.event_id == m.Event.id)
        .where(m.Registration.status == RegistrationStatus.PRESENT, not_cancelled)
    )
    people_grouped = s.execute(
        select(m.Organisation.sector, m.Commune.name, func.count())
        .select_from(m.Person)
        .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
        .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
        .where(m.Person.id.in_(_period(present, date_from, date_to)))
        .group_by(m.Organisation.sector, m.Commune.name)
    ).all()
    unique_people, people_by_sector, people_by_commune = _tally(people_grouped)
    # One pass over the present registrations, grouped finely, then summed up here:
    # four separate GROUP BYs would scan 200,000 registrations four times.
    grouped = s.execute(
        _period(
            select(
                m.Organisation.sector,
                m.Commune.name,
                func.count(),
            )
            .select_from(m.Registration)
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .join(m.Person, m.Registration.person_id == m.Person.id)
            .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
            .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
            .where(m.Registration.status == RegistrationStatus.PRESENT, not_cancelled)
            .group_by(m.Organisation.sector, m.Commune.name),
            date_from,
            date_to,
        )
    ).all()
    participations, by_sector, by_commune = _tally(grouped)
    # Hours count only for training sessions (other events may carry hours for
    # information), worked out per session: its recorded hours, else its times.
    period = _span(date_from, date_to)
    hours_by_commune = training_hours_by_commune(s, period) if period is not None else {}
    cards = (
        select(m.WorkshopCard.axis, func.count())
        .join(m.WorkshopPrompt, m.WorkshopCard.prompt_id == m.WorkshopPrompt.id)
        .join(m.Workshop, m.WorkshopPrompt.workshop_id == m.Workshop.id)
        .join(m.Event, m.Workshop.event_id == m.Event.id)
        .where(m.WorkshopCard.selected.is_(True), not_cancelled)
        .group_by(m.WorkshopCard.axis)
    )
    selected_by_axis = dict(s.execute(_period(cards, date_from, date_to)).all())
    return Statistics(
        date_from=date_from,
        date_to=date_to,
        events_by_kind=events_by_kind,
        participants_by_sector=by_sector,
        participants_by_commune=by_commune,
        participations=participations,
        unique_people=unique_people,
        training_hours=round(sum(hours_by_commune.values()), 2),
        selected_cards_by_axis=selected_by_axis,
        events_held_by_kind=held,
        events_planned_by_kind=planned,
        people_by_sector=people_by_sector,
        people_by_commune=people_by_commune,
        training_hours_by_commune=hours_by_commune,
    )


def breakdowns(
    db: Database, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> Breakdowns:
    """Each commune's contribution, per-training totals and cards by category and axis over a
    period (inclusive days), as the summary workbook's sheets give them."""
    period = Period(date_from, date_to)
    with db.reading() as s:
        figures = figures_of(s, date_from, date_to)
        return Breakdowns(
            communes=tuple(commune_contributions(s, period, figures)),
            trainings=tuple(training_totals(s, period)),
            cards=tuple(card_tallies(s, period)),
        )
