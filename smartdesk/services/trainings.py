"""Trainings (a series) and their sessions; certificates of attendance data."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventKind, EventStatus, RegistrationStatus
from smartdesk.domain.records import CertificateData, TrainingRecord
from smartdesk.domain.text import clean_multiline
from smartdesk.i18n import _
from smartdesk.services._common import (
    event_record,
    get_or_raise,
    name_sort_key,
    optional_text,
    person_record,
    required_text,
    session_hours,
)
from smartdesk.services.events import add_event
from smartdesk.services.people import parse_sector


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
    """Add a session (an event of kind training session). Hours default to end − start."""
    with db.transaction() as s:
        training = get_or_raise(s, m.Training, training_id, _("No training with id {id}."))
        event_fields.setdefault("title", training.title)
        event_fields["kind"] = EventKind.TRAINING_SESSION
        event = add_event(s, **event_fields)
        if event.hours is None:
            event.hours = session_hours(event.start, event.end)
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
            select(m.Registration.person_id, m.Registration.event_id)
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(
                m.Event.training_id == training.id,
                m.Registration.status == RegistrationStatus.PRESENT,
                m.Event.status != EventStatus.CANCELLED,  # a cancelled session certifies nothing
            )
        ).all()
        attended: dict[int, list[int]] = {}
        for person_id, event_id in rows:
            attended.setdefault(person_id, []).append(event_id)
        people = s.scalars(select(m.Person).where(m.Person.id.in_(attended))).unique().all()
        people = sorted(people, key=lambda p: name_sort_key(p.last_name, p.first_name, p.id))
        return [
            CertificateData(
                person=person_record(p),
                training=record,
                attended=tuple(sorted((by_id[e] for e in attended[p.id]), key=lambda e: e.start)),
            )
            for p in people
            if not p.anonymised
        ]
