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
from smartdesk.domain.text import clean_multiline, normalize_name
from smartdesk.i18n import _
from smartdesk.services.lookups import commune_by_name, get_or_raise
from smartdesk.services.record_builders import (
    event_columns,
    event_record,
    event_record_of_row,
    events_joined,
)
from smartdesk.services.validation import optional_text, parse_choice, parse_number, required_text


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


def parse_day(value: str | dt.date | None, field_name: str, label: str) -> dt.date | None:
    """A day typed by a user: ``2024-03-01`` or the Belgian ``01/03/2024`` (also ``1.3.2024``)."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValidationError(
        field_name,
        _("{field}: “{value}” is not a date (expected e.g. 2024-03-01 or 01/03/2024).").format(
            field=label, value=value
        ),
    )


def apply_fields(session: Session, event: m.Event, fields: dict[str, Any]) -> None:
    """Set the given fields of an event, checked (inside a transaction; sessions use it too)."""
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
    if fields.get("date") is not None:
        _move_to_day(event, fields)
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


def _move_to_day(event: m.Event, fields: dict[str, Any]) -> None:
    """``date``: the same hours on another day (the end moves with the start)."""
    if fields.get("start") is not None:
        raise ValidationError(
            "date", _("Give either a new day or a new start for the event, not both.")
        )
    day = parse_day(fields["date"], "date", _("Date"))
    if event.start is None or day is None:
        raise ValidationError("start", _("{field} is required.").format(field=_("Start")))
    shift = dt.timedelta(days=(day - event.start.date()).days)
    event.start += shift
    if event.end is not None:
        event.end += shift


def add_event(session: Session, **fields: Any) -> m.Event:
    for required in ("title", "kind", "start"):
        fields.setdefault(required, None)
    if fields["kind"] is None:
        raise ValidationError("kind", _("{field} is required.").format(field=_("Kind")))
    event = m.Event()
    apply_fields(session, event, fields)
    session.add(event)
    session.flush()
    return event


def create(db: Database, **fields: Any) -> EventRecord:
    """Create an event. Fields: title, kind, start (required); end, venue, address, commune,
    organiser, description, status, capacity, hours."""
    with db.transaction() as s:
        return event_record(add_event(s, **fields))


def update_event(db: Database, event_id: int, **fields: Any) -> EventRecord:
    """Change the given fields of an event (those of ``create``, and ``date``: the same hours
    on another day); the others stay as they are."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        apply_fields(s, event, fields)
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
    """Events in date order; the period bounds are inclusive days. Read from plain rows (see
    ``record_builders.event_columns``): the command line's `events list` then sets up no mapper."""
    e = m.Event.__table__.c
    stmt = select(*event_columns()).select_from(events_joined()).order_by(e.start, e.id)
    if date_from:
        stmt = stmt.where(e.start >= dt.datetime.combine(date_from, dt.time.min))
    if date_to:
        stmt = stmt.where(
            e.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
        )
    if kind:
        stmt = stmt.where(e.kind == parse_kind(kind))
    with db.reading() as s:
        return [event_record_of_row(row) for row in s.connection().execute(stmt)]


def delete(db: Database, event_id: int) -> None:
    """Delete an event with its registrations, agenda and workshop (cascade, one transaction)."""
    with db.transaction() as s:
        s.delete(get_or_raise(s, m.Event, event_id, _("No event with id {id}.")))


def add_agenda_item(
    db: Database,
    event_id: int,
    title: str,
    time: dt.time | str | None = None,
    speaker_id: int | None = None,
    speaker_role: str | None = None,
) -> AgendaItemRecord:
    """Add an item at the end of the event's agenda (``time`` as ``12:30`` or a time)."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        if speaker_id is not None:
            get_or_raise(s, m.Person, speaker_id, _("No person with id {id}."))
        item = m.AgendaItem(
            event=event,
            position=len(event.agenda) + 1,
            time=parse_time(time),
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
        id=item.id,
        speaker_id=item.speaker_id,
    )


def agenda(db: Database, event_id: int) -> list[AgendaItemRecord]:
    with db.reading() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        return [agenda_record(i) for i in event.agenda]


def parse_time(value: str | dt.time | None) -> dt.time | None:
    """An agenda time typed as ``12:30``, ``12h30`` or ``12``; empty is no time."""
    if value is None or isinstance(value, dt.time):
        return value
    text = value.strip().lower().replace("h", ":").replace(".", ":")
    if not text:
        return None
    if text.endswith(":"):
        text += "00"
    if ":" not in text:
        text += ":00"
    try:
        hours, minutes = (int(part) for part in text.split(":"))
        return dt.time(hours, minutes)
    except ValueError:
        raise ValidationError(
            "time",
            _("{field}: “{value}” is not a time (expected e.g. 12:30).").format(
                field=_("Time"), value=value
            ),
        ) from None


def _agenda_item(session: Session, item_id: int) -> m.AgendaItem:
    return get_or_raise(session, m.AgendaItem, item_id, _("No agenda item with id {id}."))


def update_agenda_item(db: Database, item_id: int, **fields: Any) -> AgendaItemRecord:
    """Change an agenda item. Fields: title, time, speaker_id (None: no speaker), speaker_role."""
    with db.transaction() as s:
        item = _agenda_item(s, item_id)
        if "title" in fields:
            item.title = required_text(fields["title"], "title", _("Title"), 300)
        if "time" in fields:
            item.time = parse_time(fields["time"])
        if "speaker_id" in fields:
            if fields["speaker_id"] is not None:
                get_or_raise(s, m.Person, fields["speaker_id"], _("No person with id {id}."))
            item.speaker_id = fields["speaker_id"]
        if "speaker_role" in fields:
            item.speaker_role = optional_text(
                fields["speaker_role"], "speaker_role", _("Role"), 300
            )
        s.flush()
        s.refresh(item)
        return agenda_record(item)


def delete_agenda_item(db: Database, item_id: int) -> None:
    """Remove an item; the items after it move up, so positions stay 1, 2, 3 …"""
    with db.transaction() as s:
        item = _agenda_item(s, item_id)
        event = item.event
        event.agenda.remove(item)
        s.delete(item)
        for position, other in enumerate(event.agenda, start=1):
            other.position = position


def reorder_agenda(db: Database, event_id: int, item_ids: list[int]) -> list[AgendaItemRecord]:
    """Put the event's agenda items in this order (every item of the event, each once)."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        by_id = {item.id: item for item in event.agenda}
        if sorted(item_ids) != sorted(by_id):
            raise ValidationError(
                "agenda", _("The new order must list every item of this agenda once.")
            )
        for position, item_id in enumerate(item_ids, start=1):
            by_id[item_id].position = position
        s.flush()
        return [agenda_record(by_id[i]) for i in item_ids]


def move_agenda_item(db: Database, item_id: int, offset: int) -> list[AgendaItemRecord]:
    """Move an item up (``offset`` < 0) or down the agenda; stops at either end."""
    with db.transaction() as s:
        item = _agenda_item(s, item_id)
        items = list(item.event.agenda)
        old = items.index(item)
        new = max(0, min(len(items) - 1, old + offset))
        items.insert(new, items.pop(old))
        for position, other in enumerate(items, start=1):
            other.position = position
        s.flush()
        return [agenda_record(i) for i in items]


# --- what the screens list -------------------------------------------------------------------


def find_events(
    db: Database,
    today: dt.date,
    text: str | None = None,
    kind: EventKind | str | None = None,
    status: EventStatus | str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    commune: str | None = None,
) -> list[int]:
    """Ids of the events that match, as the events page lists them: upcoming first (from
    ``today``, soonest first), then past ones (most recent first). ``text`` looks in the title
    and the venue, ignoring case and accents; the period bounds are inclusive days."""
    with db.reading() as s:
        stmt = select(m.Event.id, m.Event.start, m.Event.title, m.Event.venue)
        if kind:
            stmt = stmt.where(m.Event.kind == parse_kind(kind))
        if status:
            stmt = stmt.where(m.Event.status == parse_status(status))
        if date_from:
            stmt = stmt.where(m.Event.start >= dt.datetime.combine(date_from, dt.time.min))
        if date_to:
            stmt = stmt.where(
                m.Event.start < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min)
            )
        if commune:
            stmt = stmt.join(m.Commune, m.Event.commune_id == m.Commune.id).where(
                m.Commune.name == commune
            )
        rows = s.execute(stmt).all()
    # A few thousand events at most: folding in Python matches "Eghezee" to "Éghezée" the
    # same way the people search does, without a database-specific collation.
    words = normalize_name(text).split() if text else []
    if words:
        rows = [
            r for r in rows if all(w in normalize_name(f"{r.title} {r.venue or ''}") for w in words)
        ]
    midnight = dt.datetime.combine(today, dt.time.min)
    upcoming = sorted((r for r in rows if r.start >= midnight), key=lambda r: (r.start, r.id))
    past = sorted(
        (r for r in rows if r.start < midnight), key=lambda r: (r.start, r.id), reverse=True
    )
    return [r.id for r in upcoming + past]


def events_by_id(db: Database, event_ids: list[int]) -> dict[int, EventRecord]:
    """The records of these events (a page of a list), by id; ids deleted meanwhile are absent."""
    with db.reading() as s:
        found = s.scalars(select(m.Event).where(m.Event.id.in_(event_ids))).unique()
        return {e.id: event_record(e) for e in found}


def upcoming_events(db: Database, today: dt.date, limit: int = 10) -> list[EventRecord]:
    """Today's events and the next ones, soonest first, cancelled ones left out."""
    with db.reading() as s:
        stmt = (
            select(m.Event)
            .where(m.Event.start >= dt.datetime.combine(today, dt.time.min))
            .where(m.Event.status != EventStatus.CANCELLED)
            .order_by(m.Event.start, m.Event.id)
            .limit(limit)
        )
        return [event_record(e) for e in s.scalars(stmt).unique()]


def has_events(db: Database) -> bool:
    """Whether the database has any event at all (a new database's first screen says so)."""
    with db.reading() as s:
        return s.scalar(select(m.Event.id).limit(1)) is not None


def event_communes(db: Database) -> list[str]:
    """The communes some event takes place in, by name (for a filter)."""
    with db.reading() as s:
        names = s.scalars(
            select(m.Commune.name).join(m.Event, m.Event.commune_id == m.Commune.id).distinct()
        ).all()
    return sorted(names, key=normalize_name)


def duplicate(db: Database, event_id: int, start: str | dt.datetime) -> EventRecord:
    """A copy of an event (fields and agenda, not its registrations) on another date: the same
    Midi du Smart next month. Planned, whatever the original's status."""
    with db.transaction() as s:
        source = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        new_start = parse_datetime(start, "start", _("Start"))
        if new_start is None:
            raise ValidationError("start", _("{field} is required.").format(field=_("Start")))
        copy = add_event(
            s,
            title=source.title,
            kind=source.kind,
            start=new_start,
            end=new_start + (source.end - source.start) if source.end else None,
            venue=source.venue,
            address=source.address,
            organiser=source.organiser,
            description=source.description,
            capacity=source.capacity,
            hours=source.hours,
        )
        copy.commune_id = source.commune_id
        copy.training_id = source.training_id
        copy.full_day = source.full_day
        for item in source.agenda:
            s.add(
                m.AgendaItem(
                    event=copy,
                    position=item.position,
                    time=item.time,
                    title=item.title,
                    speaker_id=item.speaker_id,
                    speaker_role=item.speaker_role,
                )
            )
        s.flush()
        s.refresh(copy)
        return event_record(copy)
