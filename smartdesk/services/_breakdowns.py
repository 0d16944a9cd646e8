"""The tables the GAL's coordinator used to build by hand from the sheets: each commune's
contribution, per-training totals, workshop cards by category and axis, and the training hours
that rest on them. Session-taking helpers (they never commit): the summary export reads them in
its own snapshot, ``stats.breakdowns`` in one of its own.

Cancelled events count nowhere, as in the key figures; a training session's hours are those
recorded, else its times (a session typed as a plain event has no hours recorded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.enums import CardCategory, EventKind, EventStatus, RegistrationStatus
from smartdesk.domain.half_days import attended_hours, hours_delivered
from smartdesk.domain.records import Statistics
from smartdesk.domain.summary import CardTally, CommuneContribution, TrainingTotals
from smartdesk.services.record_builders import session_hours

if TYPE_CHECKING:  # the sheets' rows use ``counted_hours``: no import back at run time
    from smartdesk.services._summary_rows import Period


def counted_hours(hours: float | None, start: dt.datetime, end: dt.datetime | None) -> float:
    """A training session's hours for each person present: those recorded, else end − start."""
    if hours is not None:
        return float(hours)
    return session_hours(start, end) or 0.0


def _not_cancelled():
    return m.Event.status != EventStatus.CANCELLED


def training_hours_by_commune(session: Session, period: Period) -> dict[str | None, float]:
    """Σ present × session hours of the training sessions, by the commune of the people present
    (a few rows per session: the hours are worked out here, where ``counted_hours`` lives)."""
    e, r, p = m.Event, m.Registration, m.Person
    rows = session.execute(
        select(e.hours, e.start, e.end, e.full_day, r.half_day, p.commune_id, func.count())
        .select_from(r)
        .join(e, r.event_id == e.id)
        .join(p, r.person_id == p.id)
        .where(
            r.status == RegistrationStatus.PRESENT,
            e.kind == EventKind.TRAINING_SESSION,
            _not_cancelled(),
            *period.where(e.start),
        )
        .group_by(e.id, r.half_day, p.commune_id)
    ).all()
    names: dict[int | None, str] = {
        commune_id: name
        for commune_id, name in session.execute(select(m.Commune.id, m.Commune.name))
    }
    hours: dict[str | None, float] = defaultdict(float)
    for session_h, start, end, full_day, half, commune_id, present in rows:
        followed = attended_hours(
            counted_hours(session_h, start, end), bool(full_day), RegistrationStatus.PRESENT, half
        )
        hours[names.get(commune_id)] += present * followed
    return {commune: round(total, 2) for commune, total in hours.items()}


def commune_contributions(
    session: Session, period: Period, figures: Statistics
) -> list[CommuneContribution]:
    """One row per commune met anywhere in the period, by name (no commune last); people,
    participations and training hours come from ``figures`` (the key figures of the same
    period)."""
    e, c = m.Event, m.WorkshopCard
    events: dict[str | None, dict[EventStatus, int]] = defaultdict(dict)
    for where, status, n in session.execute(
        select(m.Commune.name, e.status, func.count())
        .select_from(e)
        .outerjoin(m.Commune, e.commune_id == m.Commune.id)
        .where(_not_cancelled(), *period.where(e.start))
        .group_by(m.Commune.name, e.status)
    ):
        events[where][status] = n
    cards = {
        commune: (n, selected or 0)
        for commune, n, selected in session.execute(
            select(m.Commune.name, func.count(), func.sum(case((c.selected.is_(True), 1), else_=0)))
            .select_from(c)
            .join(m.WorkshopPrompt, c.prompt_id == m.WorkshopPrompt.id)
            .join(m.Workshop, m.WorkshopPrompt.workshop_id == m.Workshop.id)
            .join(e, m.Workshop.event_id == e.id)
            .outerjoin(m.Commune, c.commune_id == m.Commune.id)
            .where(_not_cancelled(), *period.where(e.start))
            .group_by(m.Commune.name)
        )
    }
    hours = figures.training_hours_by_commune
    communes: set[str | None] = (
        set(events) | set(cards) | set(hours)
        | set(figures.people_by_commune) | set(figures.participants_by_commune)
    )  # fmt: skip
    rows = []
    for name in sorted(communes, key=lambda n: (n is None, (n or "").casefold())):
        written, selected = cards.get(name, (0, 0))
        rows.append(
            CommuneContribution(
                commune=name,
                events_held=events[name].get(EventStatus.HELD, 0) if name in events else 0,
                events_planned=events[name].get(EventStatus.PLANNED, 0) if name in events else 0,
                people=figures.people_by_commune.get(name, 0),
                participations=figures.participants_by_commune.get(name, 0),
                training_hours=hours.get(name, 0.0),
                cards=written,
                challenges_selected=selected,
            )
        )
    return rows


def training_totals(session: Session, period: Period) -> list[TrainingTotals]:
    """One row per training with a session in the period, by title; a training session linked
    to no training is a row of its own."""
    e, r = m.Event, m.Registration
    in_scope = (e.kind == EventKind.TRAINING_SESSION, _not_cancelled(), *period.where(e.start))
    present: dict[int, int] = defaultdict(int)
    one_half: dict[int, int] = defaultdict(int)  # present for one half of a full day only
    for event_id, half, n in session.execute(
        select(r.event_id, r.half_day, func.count())
        .join(e, r.event_id == e.id)
        .where(r.status == RegistrationStatus.PRESENT, *in_scope)
        .group_by(r.event_id, r.half_day)
    ):
        present[event_id] += n
        if half is not None:
            one_half[event_id] += n
    trainees = dict(
        session.execute(
            select(e.training_id, func.count(func.distinct(r.person_id)))
            .select_from(r)
            .join(e, r.event_id == e.id)
            .where(r.status == RegistrationStatus.PRESENT, e.training_id.is_not(None), *in_scope)
            .group_by(e.training_id)
        ).all()
    )
    sessions = session.execute(
        select(
            e.id,
            e.title,
            e.status,
            e.hours,
            e.start,
            e.end,
            e.full_day,
            e.training_id,
            m.Training.title,
            m.Training.trainer,
        )  # fmt: skip
        .outerjoin(m.Training, e.training_id == m.Training.id)
        .where(*in_scope)
        .order_by(e.start, e.id)
    ).all()
    totals: dict[tuple[str, int], dict] = {}
    for (
        event_id,
        title,
        status,
        hours,
        start,
        end,
        full_day,
        training_id,
        training,
        trainer,
    ) in sessions:
        # a session on its own is counted by its event: a person comes to it once
        key = ("training", training_id) if training_id is not None else ("session", event_id)
        row = totals.setdefault(
            key,
            dict(
                title=training if training_id is not None else title,
                trainer=trainer,
                held=0,
                planned=0,
                hours=0.0,
                participations=0,
                delivered=0.0,
                trainees=trainees.get(training_id, 0) if training_id is not None else None,
            ),
        )
        counted = counted_hours(hours, start, end)
        came = present.get(event_id, 0)
        row["held" if status == EventStatus.HELD else "planned"] += 1
        row["hours"] += counted
        row["participations"] += came
        row["delivered"] += hours_delivered(counted, bool(full_day), came, one_half[event_id])
    result = [
        TrainingTotals(
            title=row["title"],
            trainer=row["trainer"],
            sessions_held=row["held"],
            sessions_planned=row["planned"],
            hours=round(row["hours"], 2),
            trainees=row["participations"] if row["trainees"] is None else row["trainees"],
            participations=row["participations"],
            hours_delivered=round(row["delivered"], 2),
            linked=key[0] == "training",
        )
        for key, row in totals.items()
    ]
    return sorted(result, key=lambda t: (t.title.casefold(), not t.linked))


def card_tallies(session: Session, period: Period) -> list[CardTally]:
    """Cards written and selected, by category (in the enum's order) and axis (by name)."""
    c = m.WorkshopCard
    rows = session.execute(
        select(c.category, c.axis, func.count(), func.sum(case((c.selected.is_(True), 1), else_=0)))
        .join(m.WorkshopPrompt, c.prompt_id == m.WorkshopPrompt.id)
        .join(m.Workshop, m.WorkshopPrompt.workshop_id == m.Workshop.id)
        .join(m.Event, m.Workshop.event_id == m.Event.id)
        .where(_not_cancelled(), *period.where(m.Event.start))
        .group_by(c.category, c.axis)
    ).all()
    order = {category: i for i, category in enumerate(CardCategory)}
    tallies = [
        CardTally(category=category, axis=axis, cards=n, selected=selected or 0)
        for category, axis, n, selected in rows
    ]
    return sorted(
        tallies, key=lambda t: (order[t.category], t.axis is None, (t.axis or "").casefold())
    )
