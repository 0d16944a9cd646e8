"""The GAL's key figures over a period, computed with aggregate queries (portable SQL)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import distinct, func, select

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventKind, EventStatus, RegistrationStatus
from smartdesk.domain.records import Statistics


def _period(stmt, date_from: dt.date | None, date_to: dt.date | None):
    if date_from:
        stmt = stmt.where(m.Event.start >= dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        stmt = stmt.where(
            m.Event.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
        )
    return stmt


def statistics(
    db: Database, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> Statistics:
    """Events held or planned (not cancelled) by kind; participations = registrations marked
    present, by sector of the person's organisation and by the person's commune; unique people
    reached; training hours = Σ present participants × session hours; selected cards by axis."""
    not_cancelled = m.Event.status != EventStatus.CANCELLED
    with db.reading() as s:
        events_by_kind = dict(
            s.execute(
                _period(
                    select(m.Event.kind, func.count()).where(not_cancelled).group_by(m.Event.kind),
                    date_from,
                    date_to,
                )
            ).all()
        )
        present = (
            select(
                m.Registration.person_id.label("person_id"),
                m.Event.hours.label("hours"),
                m.Event.kind.label("kind"),
            )
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(m.Registration.status == RegistrationStatus.PRESENT, not_cancelled)
        )
        present = _period(present, date_from, date_to).subquery()
        participations, unique_people = s.execute(
            select(func.count(), func.count(distinct(present.c.person_id)))
        ).one()
        # Hours count only for training sessions: other events may carry hours for information.
        training_hours = s.scalar(
            select(func.coalesce(func.sum(present.c.hours), 0.0)).where(
                present.c.kind == EventKind.TRAINING_SESSION
            )
        )
        by_sector = dict(
            s.execute(
                select(m.Organisation.sector, func.count())
                .select_from(present)
                .join(m.Person, m.Person.id == present.c.person_id)
                .outerjoin(m.Organisation, m.Person.organisation_id == m.Organisation.id)
                .group_by(m.Organisation.sector)
            ).all()
        )
        by_commune = dict(
            s.execute(
                select(m.Commune.name, func.count())
                .select_from(present)
                .join(m.Person, m.Person.id == present.c.person_id)
                .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
                .group_by(m.Commune.name)
            ).all()
        )
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
        training_hours=round(float(training_hours or 0.0), 2),
        selected_cards_by_axis=selected_by_axis,
    )
