"""Registrations and attendance: register, check in, walk-ins, mark present/absent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventStatus, RegistrationStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import AttendanceRow, EventRecord
from smartdesk.i18n import _
from smartdesk.services._common import event_record, get_or_raise, name_sort_key, parse_choice
from smartdesk.services.people import add_person


def parse_status(value: str | RegistrationStatus) -> RegistrationStatus:
    return parse_choice(
        RegistrationStatus,
        value,
        "status",
        _("Unknown attendance status “{value}”. Choose one of: {choices}."),
    )


def register_in(
    session: Session,
    event: m.Event,
    person: m.Person,
    status: RegistrationStatus = RegistrationStatus.REGISTERED,
    walk_in: bool = False,
) -> m.Registration:
    """The person's registration to the event, created if needed (inside a transaction)."""
    reg = session.scalar(
        select(m.Registration).where(
            m.Registration.event_id == event.id, m.Registration.person_id == person.id
        )
    )
    if reg is None:
        reg = m.Registration(event_id=event.id, person_id=person.id, status=status, walk_in=walk_in)
        session.add(reg)
    else:
        reg.status = status
        reg.walk_in = reg.walk_in or walk_in
    if status == RegistrationStatus.PRESENT and reg.checked_in_at is None:
        reg.checked_in_at = utcnow()
    elif status != RegistrationStatus.PRESENT:
        reg.checked_in_at = None
    session.flush()
    return reg


def set_status(
    db: Database, event_id: int, person_id: int, status: str | RegistrationStatus
) -> AttendanceRow:
    """Set a person's attendance status at an event, registering them if needed."""
    status = parse_status(status)
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        return attendance_row(register_in(s, event, person, status))


def register(db: Database, event_id: int, person_ids: list[int]) -> int:
    """Register several people at once (all or nothing); returns how many were new."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        existing = set(
            s.scalars(select(m.Registration.person_id).where(m.Registration.event_id == event.id))
        )
        new = 0
        for pid in dict.fromkeys(person_ids):
            person = get_or_raise(s, m.Person, pid, _("No person with id {id}."))
            if pid not in existing:
                register_in(s, event, person)
                new += 1
        return new


def check_in(db: Database, event_id: int, person_id: int) -> AttendanceRow:
    return set_status(db, event_id, person_id, RegistrationStatus.PRESENT)


def walk_in(db: Database, event_id: int, **person_fields) -> AttendanceRow:
    """Someone who came without registering: create them and mark them present, together."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        person = add_person(s, **person_fields)
        return attendance_row(
            register_in(s, event, person, RegistrationStatus.PRESENT, walk_in=True)
        )


def unregister(db: Database, event_id: int, person_id: int) -> None:
    with db.transaction() as s:
        reg = s.scalar(
            select(m.Registration).where(
                m.Registration.event_id == event_id, m.Registration.person_id == person_id
            )
        )
        if reg is None:
            raise ValidationError("person", _("This person is not registered for this event."))
        s.delete(reg)


def attendance_row(reg: m.Registration) -> AttendanceRow:
    p = reg.person
    return AttendanceRow(
        person_id=p.id,
        first_name=p.first_name,
        last_name=p.last_name,
        status=reg.status,
        organisation=p.organisation.name if p.organisation else None,
        sector=p.organisation.sector if p.organisation else None,
        commune=p.commune.name if p.commune else None,
        email=p.email,
        consent=p.consent,
        walk_in=reg.walk_in,
        registered_at=reg.registered_at,
        checked_in_at=reg.checked_in_at,
    )


def list_attendance(db: Database, event_id: int, order: str = "name") -> list[AttendanceRow]:
    """The event's registrations, by last name (``order="name"``) or in registration order."""
    with db.reading() as s:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        stmt = (
            select(m.Registration)
            .join(m.Person, m.Registration.person_id == m.Person.id)
            .where(m.Registration.event_id == event_id)
        )
        if order == "registration":
            stmt = stmt.order_by(m.Registration.registered_at, m.Registration.id)
            return [attendance_row(reg) for reg in s.scalars(stmt)]
        rows = [attendance_row(reg) for reg in s.scalars(stmt)]
        return sorted(rows, key=lambda r: name_sort_key(r.last_name, r.first_name, r.person_id))


def counts(db: Database, event_id: int) -> dict[RegistrationStatus, int]:
    with db.reading() as s:
        rows = s.execute(
            select(m.Registration.status, func.count())
            .where(m.Registration.event_id == event_id)
            .group_by(m.Registration.status)
        ).all()
        return {status: n for status, n in rows}


#: Statuses that only exist once someone took the attendance (at the door or from the sheet).
TAKEN = (RegistrationStatus.PRESENT, RegistrationStatus.EXCUSED, RegistrationStatus.ABSENT)


def unencoded_events(db: Database, today: dt.date, limit: int = 20) -> list[EventRecord]:
    """Past events whose attendance was never taken: begun before ``today``, not cancelled,
    with people registered, and none of them yet marked present, excused or absent. The signed
    sheet of such an event is waiting to be typed in. Most recent first."""
    with db.reading() as s:
        taken = (
            select(m.Registration.id)
            .where(m.Registration.event_id == m.Event.id)
            .where(m.Registration.status.in_(TAKEN))
            .exists()
        )
        registered = select(m.Registration.id).where(m.Registration.event_id == m.Event.id).exists()
        stmt = (
            select(m.Event)
            .where(m.Event.start < dt.datetime.combine(today, dt.time.min))
            .where(m.Event.status != EventStatus.CANCELLED)
            .where(registered)
            .where(~taken)
            .order_by(m.Event.start.desc(), m.Event.id.desc())
            .limit(limit)
        )
        return [event_record(e) for e in s.scalars(stmt).unique()]
