"""Events and their agenda."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import AgendaItemRecord, EventRecord
from smartdesk.domain.text import clean_multiline
from smartdesk.i18n import _
from smartdesk.services._common import (
    commune_by_name,
    event_record,
    get_or_raise,
    optional_text,
    parse_choice,
    parse_number,
    required_text,
)


def parse_kind(value: str | EventKind) -> EventKind:
    return parse_choice(
        EventKind, value, "kind", _("Unknown kind of event “{value}”. Choose one of: {choices}.")
    )


def parse_status(value: str | EventStatus) -> EventStatus:
    return parse_choice(
        EventStatus, value, "status", _("Unknown event status “{value}”. Choose one of: {choices}.")
    )


def parse_datetime(value: str | dt.datetime | None, field: str, label: str) -> dt.datetime | None:
    if value is None or isinstance(value, dt.datetime):
        return value
    try:
        parsed = dt.datetime.fromisoformat(value.strip())  # type: ignore[union-attr]
    except (AttributeError, TypeError, ValueError):
        raise ValidationError(
            field,
            _("{field}: “{value}” is not a date and time (expected e.g. 2020-02-06T12:00).").format(
                field=label, value=value
            ),
        ) from None
    # Events are local wall-clock times in the commune: drop any offset the user typed.
    return parsed.replace(tzinfo=None)


def _apply(session: Session, event: m.Event, fields: dict[str, Any]) -> None:
    if "title" in fields:
        event.title = required_text(fields["title"], "title", _("Title"), 300)
    if "kind" in fields:
        event.kind = parse_kind(fields["kind"])
    if "start" in fields:
        start = parse_datetime(fields["start"], "start", _("Start"))
        if start is None:
            raise ValidationError("start", _("{field} is required.").format(field=_("Start")))
        event.start = start
    if "end" in fields:
        event.end = parse_datetime(fields["end"], "end", _("End"))
    if event.end is not None and event.start is not None and event.end < event.start:
        raise ValidationError("end", _("The end of the event is before its start."))
    for name, label in (
        ("venue", _("Venue")),
        ("address", _("Address")),
        ("organiser", _("Organiser")),
    ):
        if name in fields:
            setattr(event, name, optional_text(fields[name], name, label, 300))
    if "description" in fields:
        event.description = clean_multiline(fields["description"])
    if "commune" in fields:
        event.commune = commune_by_name(session, fields["commune"])
    if "status" in fields and fields["status"] is not None:
        event.status = parse_status(fields["status"])
    if "capacity" in fields:
        capacity = fields["capacity"]
        if capacity is not None:
            capacity = parse_number(capacity, "capacity", _("Capacity"), int)
            if capacity < 0:
                raise ValidationError("capacity", _("The capacity cannot be negative."))
        event.capacity = capacity
    if "hours" in fields:
        hours = fields["hours"]
        if hours is not None:
            hours = parse_number(hours, "hours", _("Hours"), float)
            if hours < 0:
                raise ValidationError("hours", _("The number of hours cannot be negative."))
        event.hours = hours


def add_event(session: Session, **fields: Any) -> m.Event:
    for required in ("title", "kind", "start"):
        fields.setdefault(required, None)
    if fields["kind"] is None:
        raise ValidationError("kind", _("{field} is required.").format(field=_("Kind")))
    event = m.Event()
    _apply(session, event, fields)
    session.add(event)
    session.flush()
    return event


def create(db: Database, **fields: Any) -> EventRecord:
    """Create an event. Fields: title, kind, start (required); end, venue, address, commune,
    organiser, description, status, capacity, hours."""
    with db.transaction() as s:
        return event_record(add_event(s, **fields))


def update_event(db: Database, event_id: int, **fields: Any) -> EventRecord:
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        _apply(s, event, fields)
        s.flush()
        return event_record(event)


def get(db: Database, event_id: int) -> EventRecord:
    with db.reading() as s:
        return event_record(get_or_raise(s, m.Event, event_id, _("No event with id {id}.")))


def list_events(
    db: Database,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: EventKind | str | None = None,
) -> list[EventRecord]:
    """Events in date order; the period bounds are inclusive days."""
    with db.reading() as s:
        stmt = select(m.Event).order_by(m.Event.start, m.Event.id)
        if date_from:
            stmt = stmt.where(m.Event.start >= dt.datetime.combine(date_from, dt.time.min))
        if date_to:
            stmt = stmt.where(
                m.Event.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
            )
        if kind:
            stmt = stmt.where(m.Event.kind == parse_kind(kind))
        return [event_record(e) for e in s.scalars(stmt).unique()]


def delete(db: Database, event_id: int) -> None:
    """Delete an event with its registrations, agenda and workshop (cascade, one transaction)."""
    with db.transaction() as s:
        s.delete(get_or_raise(s, m.Event, event_id, _("No event with id {id}.")))


def add_agenda_item(
    db: Database,
    event_id: int,
    title: str,
    time: dt.time | None = None,
    speaker_id: int | None = None,
    speaker_role: str | None = None,
) -> AgendaItemRecord:
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        if speaker_id is not None:
            get_or_raise(s, m.Person, speaker_id, _("No person with id {id}."))
        item = m.AgendaItem(
            event=event,
            position=len(event.agenda) + 1,
            time=time,
            title=required_text(title, "title", _("Title"), 300),
            speaker_id=speaker_id,
            speaker_role=optional_text(speaker_role, "speaker_role", _("Role"), 300),
        )
        s.add(item)
        s.flush()
        return agenda_record(item)


def agenda_record(item: m.AgendaItem) -> AgendaItemRecord:
    sp = item.speaker
    return AgendaItemRecord(
        position=item.position,
        title=item.title,
        time=item.time,
        speaker=f"{sp.first_name} {sp.last_name}" if sp else None,
        speaker_role=item.speaker_role,
        speaker_organisation=sp.organisation.name if sp and sp.organisation else None,
    )


def agenda(db: Database, event_id: int) -> list[AgendaItemRecord]:
    with db.reading() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        return [agenda_record(i) for i in event.agenda]
