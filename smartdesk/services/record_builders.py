"""Models turned into the plain records the reports and screens take, and the values derived
for them (a session's hours, the reading order of names)."""

from __future__ import annotations

import datetime as dt

from smartdesk.db import models as m
from smartdesk.domain import records as r
from smartdesk.domain.text import normalize_name


def name_sort_key(last_name: str, first_name: str, record_id: int) -> tuple[str, str, int]:
    """People in alphabetical order as a reader expects it: "Évrard" among the E, not after Z
    (SQL lower() and code-point order put accented capitals last)."""
    return (normalize_name(last_name), normalize_name(first_name), record_id)


def person_record(p: m.Person) -> r.PersonRecord:
    return r.PersonRecord(
        id=p.id,
        uuid=p.uuid,
        first_name=p.first_name,
        last_name=p.last_name,
        email=p.email,
        phone=p.phone,
        function=p.function,
        organisation=p.organisation.name if p.organisation else None,
        sector=p.organisation.sector if p.organisation else None,
        commune=p.commune.name if p.commune else None,
        consent=p.consent,
        consent_date=p.consent_date,
        consent_method=p.consent_method,
        notes=p.notes,
        anonymised=p.anonymised,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def event_record(e: m.Event) -> r.EventRecord:
    return r.EventRecord(
        id=e.id,
        uuid=e.uuid,
        title=e.title,
        kind=e.kind,
        start=e.start,
        end=e.end,
        venue=e.venue,
        address=e.address,
        commune=e.commune.name if e.commune else None,
        organiser=e.organiser,
        description=e.description,
        status=e.status,
        capacity=e.capacity,
        training_id=e.training_id,
        training_title=e.training.title if e.training else None,
        trainer=e.training.trainer if e.training else None,
        hours=e.hours,
        full_day=bool(e.full_day),
    )


def session_hours(start: dt.datetime, end: dt.datetime | None) -> float | None:
    if end is None or end <= start:
        return None
    return round((end - start).total_seconds() / 3600, 2)
