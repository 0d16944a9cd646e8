"""Models turned into the plain records the reports and screens take, and the values derived
for them (a session's hours, the reading order of names)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Join, Table

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


# An event's record can also be read from plain rows, through the tables rather than the mapped
# classes: the first ORM query of a process sets up every mapper (about 20 ms), more than a whole
# `events list` reads, and the summary streams its rows without building objects.


def _tables() -> tuple[Table, Table, Table]:
    return m.Event.__table__, m.Commune.__table__, m.Training.__table__  # type: ignore[return-value]


def event_columns() -> tuple[Any, ...]:
    """The columns :func:`event_record_of_row` reads, in its order, from :func:`events_joined`."""
    e, c, t = (table.c for table in _tables())
    return (
        e.id, e.uuid, e.title, e.kind, e.start, e.end, e.venue, e.address, c.name, e.organiser,
        e.description, e.status, e.capacity, e.training_id, t.title, t.trainer, e.hours,
        e.full_day,
    )  # fmt: skip


#: How many leading values of a row :func:`event_record_of_row` reads.
EVENT_COLUMNS = 18


def events_joined() -> Join:
    """Events with their commune and training (either may be missing)."""
    e, c, t = _tables()
    return e.outerjoin(c, e.c.commune_id == c.c.id).outerjoin(t, e.c.training_id == t.c.id)


def event_record_of_row(row: Sequence[Any]) -> r.EventRecord:
    return r.EventRecord(
        id=row[0], uuid=row[1], title=row[2], kind=row[3], start=row[4], end=row[5],
        venue=row[6], address=row[7], commune=row[8], organiser=row[9], description=row[10],
        status=row[11], capacity=row[12], training_id=row[13], training_title=row[14],
        trainer=row[15], hours=row[16], full_day=bool(row[17]),
    )  # fmt: skip


def session_hours(start: dt.datetime, end: dt.datetime | None) -> float | None:
    if end is None or end <= start:
        return None
    return round((end - start).total_seconds() / 3600, 2)
