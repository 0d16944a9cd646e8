"""Trainings (a series) and their sessions; certificates of attendance data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy import update as sql_update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventKind, EventStatus, HalfDay, RegistrationStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.half_days import attended_hours, half_times, looks_full_day
from smartdesk.domain.records import CertificateData, EventRecord, TrainingRecord
from smartdesk.domain.text import clean_multiline, normalize_name
from smartdesk.i18n import _
from smartdesk.services.attendance import register_in
from smartdesk.services.events import add_event, apply_fields
from smartdesk.services.lookups import get_or_raise
from smartdesk.services.people import parse_sector
from smartdesk.services.record_builders import (
    event_record,
    name_sort_key,
    person_record,
    session_hours,
)
from smartdesk.services.validation import optional_text, required_text


def training_record(t: m.Training) -> TrainingRecord:
    return TrainingRecord(
        id=t.id,
        uuid=t.uuid,
        title=t.title,
        topic=t.topic,
        trainer=t.trainer,
        target_sector=t.target_sector,
        description=t.description,
        sessions=tuple(event_record(e) for e in t.sessions),
    )


def create(
    db: Database,
    title: str,
    topic: str | None = None,
    trainer: str | None = None,
    target_sector: str | None = None,
    description: str | None = None,
) -> TrainingRecord:
    with db.transaction() as s:
        training = m.Training(
            title=required_text(title, "title", _("Title"), 300),
            topic=optional_text(topic, "topic", _("Topic"), 300),
            trainer=optional_text(trainer, "trainer", _("Trainer")),
            target_sector=parse_sector(target_sector) if target_sector else None,
            description=clean_multiline(description),
        )
        s.add(training)
        s.flush()
        return training_record(training)


def add_session(db: Database, training_id: int, **event_fields: Any) -> TrainingRecord:
    """Add a session (an event of kind training session). Hours default to end − start;
    ``full_day`` (a morning and an afternoon ticked apart) defaults from the times: from
    before noon to after 14:00 on one day."""
    with db.transaction() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        full_day = event_fields.pop("full_day", None)
        event_fields.setdefault("title", training.title)
        event_fields["kind"] = EventKind.TRAINING_SESSION
        event = add_event(s, **event_fields)
        if event.hours is None:
            event.hours = session_hours(event.start, event.end)
        event.full_day = (
            looks_full_day(event.start, event.end) if full_day is None else bool(full_day)
        )
        event.training = training
        s.flush()
        s.refresh(training)
        return training_record(training)


def get(db: Database, training_id: int) -> TrainingRecord:
    with db.reading() as s:
        return training_record(
            get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        )


def list_trainings(db: Database) -> list[TrainingRecord]:
    with db.reading() as s:
        return [
            training_record(t) for t in s.scalars(select(m.Training).order_by(m.Training.title))
        ]


def delete(db: Database, training_id: int) -> None:
    """Delete a training with its sessions and their attendance (one transaction)."""
    with db.transaction() as s:
        s.delete(get_or_raise(s, m.Training, training_id, _("No training with id {id}.")))


def certificates(db: Database, training_id: int) -> list[CertificateData]:
    """One entry per person present at one session or more, by last name."""
    with db.reading() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        record = training_record(training)
        by_id = {e.id: e for e in record.sessions}
        rows = s.execute(
            select(m.Registration.person_id, m.Registration.event_id, m.Registration.half_day)
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(
                m.Event.training_id == training.id,
                m.Registration.status == RegistrationStatus.PRESENT,
                m.Event.status != EventStatus.CANCELLED,  # a cancelled session certifies nothing
            )
        ).all()
        # Each session as the person followed it: a half of a full day carries its hours.
        attended: dict[int, list[EventRecord]] = {}
        for person_id, event_id, half in rows:
            session = by_id[event_id]
            hours = attended_hours(
                hours_of(session), session.full_day, RegistrationStatus.PRESENT, half
            )
            attended.setdefault(person_id, []).append(replace(session, hours=hours))
        people = s.scalars(select(m.Person).where(m.Person.id.in_(attended))).unique().all()
        people = sorted(people, key=lambda p: name_sort_key(p.last_name, p.first_name, p.id))
        return [
            CertificateData(
                person=person_record(p),
                training=record,
                attended=tuple(sorted(attended[p.id], key=lambda e: e.start)),
            )
            for p in people
            if not p.anonymised
        ]


def update(db: Database, training_id: int, **fields: Any) -> TrainingRecord:
    """Change a training's title, topic, trainer, target sector or description."""
    with db.transaction() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        if "title" in fields:
            training.title = required_text(fields["title"], "title", _("Title"), 300)
        if "topic" in fields:
            training.topic = optional_text(fields["topic"], "topic", _("Topic"), 300)
        if "trainer" in fields:
            training.trainer = optional_text(fields["trainer"], "trainer", _("Trainer"))
        if "target_sector" in fields:
            sector = fields["target_sector"]
            training.target_sector = parse_sector(sector) if sector else None
        if "description" in fields:
            training.description = clean_multiline(fields["description"])
        s.flush()
        return training_record(training)


def _session(s: Session, event_id: int) -> m.Event:
    event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
    if event.training_id is None:
        raise ValidationError("event", _("This event is not a session of a training."))
    return event


def update_session(db: Database, event_id: int, **event_fields: Any) -> EventRecord:
    """Change a session (date, times, venue, status, full day …). When its times change and no
    hours are given, the hours follow the new times (end − start), as when the session was
    added; so does ``full_day`` when it is not given. A session that stops being a full day
    keeps everyone present as present for the whole session (no half left to tick)."""
    with db.transaction() as s:
        event = _session(s, event_id)
        event_fields.pop("kind", None)  # a session stays a training session
        full_day = event_fields.pop("full_day", None)
        apply_fields(s, event, event_fields)
        times_changed = "start" in event_fields or "end" in event_fields
        if "hours" not in event_fields and times_changed:
            event.hours = session_hours(event.start, event.end)
        if full_day is not None:
            event.full_day = bool(full_day)
        elif times_changed:
            event.full_day = looks_full_day(event.start, event.end)
        if not event.full_day:
            s.execute(
                sql_update(m.Registration)
                .where(m.Registration.event_id == event.id, m.Registration.half_day.is_not(None))
                .values(half_day=None)
            )
        s.flush()
        return event_record(event)


def delete_session(db: Database, event_id: int) -> None:
    """Delete one session of a training with its attendance (one transaction)."""
    with db.transaction() as s:
        s.delete(_session(s, event_id))


@dataclass(frozen=True, slots=True)
class TrainingSummary:
    """A line of the list of trainings: the figures a secretary looks for first."""

    id: int
    title: str
    trainer: str | None
    sessions: int
    hours: float
    trainees: int
    first: dt.datetime | None
    last: dt.datetime | None


def find_trainings(db: Database, text: str | None = None) -> list[int]:
    """The ids of the trainings whose title, topic or trainer contains ``text`` (case and
    accents ignored), the latest first session on top; trainings without a session first."""
    needle = normalize_name(text)
    with db.reading() as s:
        rows = s.execute(
            select(
                m.Training.id,
                m.Training.title,
                m.Training.topic,
                m.Training.trainer,
                func.min(m.Event.start),
            )
            .outerjoin(m.Event, m.Event.training_id == m.Training.id)
            .group_by(m.Training.id)
        ).all()
    # A GAL runs a few trainings a year: folding their titles in Python is instant and finds
    # "evrard" in "Évrard" exactly as the people search does.
    found = [
        (first, title, tid)
        for tid, title, topic, trainer, first in rows
        if not needle or needle in normalize_name(" ".join(filter(None, (title, topic, trainer))))
    ]
    found.sort(key=lambda r: (r[0] is not None, -(r[0].timestamp() if r[0] else 0), r[1]))
    return [tid for _first, _title, tid in found]


def training_summaries(db: Database, training_ids: list[int]) -> dict[int, TrainingSummary]:
    """The list's figures of these trainings: sessions (cancelled ones left out), planned
    hours, and trainees (people registered to one session or more)."""
    with db.reading() as s:
        trainings = s.scalars(select(m.Training).where(m.Training.id.in_(training_ids))).all()
        trainees = dict(
            s.execute(
                select(m.Event.training_id, func.count(distinct(m.Registration.person_id)))
                .join(m.Registration, m.Registration.event_id == m.Event.id)
                .where(
                    m.Event.training_id.in_(training_ids),
                    m.Registration.status != RegistrationStatus.INVITED,
                )
                .group_by(m.Event.training_id)
            ).all()
        )
        result = {}
        for t in trainings:
            held = [e for e in t.sessions if e.status != EventStatus.CANCELLED]
            result[t.id] = TrainingSummary(
                id=t.id,
                title=t.title,
                trainer=t.trainer,
                sessions=len(held),
                hours=sum(hours_of(e) for e in held),
                trainees=trainees.get(t.id, 0),
                first=min((e.start for e in held), default=None),
                last=max((e.start for e in held), default=None),
            )
        return result


def hours_of(event: m.Event | EventRecord) -> float:
    """A session's hours: those recorded, else its times (end − start), else none."""
    if event.hours is not None:
        return event.hours
    return session_hours(event.start, event.end) or 0.0


def register_people(db: Database, training_id: int, person_ids: list[int]) -> int:
    """Register people to every session of the training not cancelled (all or nothing);
    returns how many registrations are new. Existing statuses are kept."""
    with db.transaction() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        sessions = [e for e in training.sessions if e.status != EventStatus.CANCELLED]
        if not sessions:
            raise ValidationError(
                "sessions", _("Add a session to the training before registering people.")
            )
        existing = {
            (event_id, person_id)
            for event_id, person_id in s.execute(
                select(m.Registration.event_id, m.Registration.person_id).where(
                    m.Registration.event_id.in_([e.id for e in sessions])
                )
            )
        }
        new = 0
        for pid in dict.fromkeys(person_ids):
            person = get_or_raise(s, m.Person, pid, _("No person with id {id}."))
            for event in sessions:
                if (event.id, pid) not in existing:
                    register_in(s, event, person)
                    new += 1
        return new


def unregister_person(db: Database, training_id: int, person_id: int) -> None:
    """Take a person off every session of the training (their attendance there is erased)."""
    with db.transaction() as s:
        get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        regs = s.scalars(
            select(m.Registration)
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(m.Event.training_id == training_id, m.Registration.person_id == person_id)
        ).all()
        for reg in regs:
            s.delete(reg)


@dataclass(frozen=True, slots=True)
class GridRow:
    """One person's line of the attendance grid: their status at each session they are
    registered to (by event id), the half they came for at full-day sessions they attended
    for half a day only, and the hours they followed."""

    person_id: int
    last_name: str
    first_name: str
    organisation: str | None
    statuses: dict[int, RegistrationStatus]
    hours: float
    halves: dict[int, HalfDay] = field(default_factory=dict)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class AttendanceGrid:
    training: TrainingRecord
    #: The sessions in date order (cancelled ones included, shown greyed).
    sessions: tuple[EventRecord, ...]
    rows: tuple[GridRow, ...]


def grid_hours(
    sessions: Sequence[EventRecord],
    statuses: Mapping[int, RegistrationStatus],
    halves: Mapping[int, HalfDay] | None = None,
) -> float:
    """The hours a person followed: sessions marked present, half of a full day's hours for
    each half of it (``domain.half_days``), cancelled ones left out (the certificates' rule)."""
    halves = halves or {}
    return round(
        sum(
            attended_hours(hours_of(e), e.full_day, statuses.get(e.id), halves.get(e.id))
            for e in sessions
            if e.status != EventStatus.CANCELLED
        ),
        2,
    )


def attendance_grid(db: Database, training_id: int) -> AttendanceGrid:
    """People × sessions of a training: everyone registered to one session or more, by name."""
    with db.reading() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        record = training_record(training)
        sessions = tuple(sorted(record.sessions, key=lambda e: (e.start, e.id)))
        regs = s.execute(
            select(
                m.Registration.person_id,
                m.Registration.event_id,
                m.Registration.status,
                m.Registration.half_day,
            )
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(m.Event.training_id == training.id)
        ).all()
        statuses: dict[int, dict[int, RegistrationStatus]] = {}
        halves: dict[int, dict[int, HalfDay]] = {}
        for person_id, event_id, status, half in regs:
            statuses.setdefault(person_id, {})[event_id] = status
            if half is not None and status == RegistrationStatus.PRESENT:
                halves.setdefault(person_id, {})[event_id] = half
        people = s.scalars(select(m.Person).where(m.Person.id.in_(statuses))).unique().all()
        people = sorted(people, key=lambda p: name_sort_key(p.last_name, p.first_name, p.id))
        rows = tuple(
            GridRow(
                person_id=p.id,
                last_name=p.last_name,
                first_name=p.first_name,
                organisation=p.organisation.name if p.organisation else None,
                statuses=statuses[p.id],
                hours=grid_hours(sessions, statuses[p.id], halves.get(p.id)),
                halves=halves.get(p.id, {}),
            )
            for p in people
        )
        return AttendanceGrid(training=record, sessions=sessions, rows=rows)


def is_full_day(session: EventRecord) -> bool:
    """A session with a morning and an afternoon ticked apart (set in the session editor,
    defaulting from its times: ``domain.half_days.looks_full_day``)."""
    return session.full_day


def session_times(
    session: EventRecord, half: HalfDay | None = None
) -> tuple[dt.datetime, dt.datetime | None]:
    """When the session runs, or one half of a full-day session (``domain.half_days``: half
    the session's hours from its start, half up to its end)."""
    if half is None or session.end is None:
        return session.start, session.end
    return half_times(session.start, session.end, hours_of(session), half)
