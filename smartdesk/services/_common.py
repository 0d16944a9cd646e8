"""Shared helpers of the services: look-ups, validation, model → record conversion.
Everything here takes an open session and never commits."""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain import records as r
from smartdesk.domain.enums import LabelledEnum, Sector
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.domain.text import clean_text, normalize_name
from smartdesk.i18n import _

T = TypeVar("T")

MAX_TEXT = 200


E = TypeVar("E", bound=LabelledEnum)


def parse_choice(cls: type[E], value: str | E, field: str, message: str) -> E:
    """The member of ``cls`` the user typed (any case, hyphens or spaces for underscores), or a
    ValidationError from ``message``: translated, with ``{value}`` and ``{choices}`` in it."""
    if isinstance(value, cls):
        return value
    try:
        return cls.parse(str(value))
    except ValueError:
        raise ValidationError(
            field, message.format(value=value, choices=", ".join(m.value for m in cls))
        ) from None


def get_or_raise(session: Session, model: type[T], record_id: int, message: str) -> T:
    """The record, or NotFoundError with ``message`` (one per kind of record, e.g.
    ``_("No event with id {id}.")``, so that each language can make its words agree)."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(message.format(id=record_id))
    return obj


def required_text(value: str | None, field: str, label: str, max_length: int = MAX_TEXT) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError(field, _("{field} is required.").format(field=label))
    return limited(text, field, label, max_length)


def optional_text(
    value: str | None, field: str, label: str, max_length: int = MAX_TEXT
) -> str | None:
    text = clean_text(value)
    return limited(text, field, label, max_length) if text else None


def limited(text: str, field: str, label: str, max_length: int) -> str:
    if len(text) > max_length:
        raise ValidationError(
            field,
            _("{field} is too long ({length} characters, at most {max}).").format(
                field=label, length=len(text), max=max_length
            ),
        )
    return text


def parse_number(
    value: object, field: str, label: str, kind: type[int] | type[float] = int
) -> int | float:
    """``int`` or ``float`` of what the user typed, or a ValidationError naming the field."""
    try:
        return kind(value)  # type: ignore[arg-type,call-overload]
    except (TypeError, ValueError):
        raise ValidationError(
            field, _("{field}: “{value}” is not a number.").format(field=label, value=value)
        ) from None


def name_sort_key(last_name: str, first_name: str, record_id: int) -> tuple[str, str, int]:
    """People in alphabetical order as a reader expects it: "Évrard" among the E, not after Z
    (SQL lower() and code-point order put accented capitals last)."""
    return (normalize_name(last_name), normalize_name(first_name), record_id)


def find_commune(session: Session, name: str) -> m.Commune | None:
    key = normalize_name(name)
    for commune in session.scalars(
        select(m.Commune).where(func.lower(m.Commune.name) == name.lower())
    ):
        return commune
    # Accent- and case-insensitive fallback: the territory has a few dozen communes at most.
    for commune in session.scalars(select(m.Commune)):
        if normalize_name(commune.name) == key:
            return commune
    return None


def commune_by_name(
    session: Session, name: str | None, postal_code: str | None = None
) -> m.Commune | None:
    """The commune of that name, created if the territory does not have it yet."""
    name = clean_text(name)
    if not name:
        return None
    commune = find_commune(session, name)
    if commune is None:
        commune = m.Commune(
            name=limited(name, "commune", _("Commune"), 120), postal_code=postal_code
        )
        session.add(commune)
        session.flush()
    return commune


def organisation_by_name(
    session: Session,
    name: str | None,
    sector: Sector | None = None,
    commune: m.Commune | None = None,
) -> m.Organisation | None:
    """The organisation of that name, created if needed. Names repeat across communes
    ("Administration communale", "CPAS"): one of another commune is a different organisation."""
    name = clean_text(name)
    if not name:
        return None
    key = normalize_name(name)
    candidates = session.scalars(
        select(m.Organisation).where(func.lower(m.Organisation.name) == name.lower())
    ).all()
    if not candidates:
        candidates = [
            o for o in session.scalars(select(m.Organisation)) if normalize_name(o.name) == key
        ]
    if commune is not None:
        candidates = [o for o in candidates if o.commune_id in (commune.id, None)]
        candidates.sort(key=lambda o: o.commune_id is None)  # same commune first
    if candidates:
        org = candidates[0]
        if sector is not None and org.sector == Sector.OTHER:
            org.sector = sector
        if commune is not None and org.commune_id is None:
            org.commune = commune
        return org
    org = m.Organisation(
        name=limited(name, "organisation", _("Organisation"), 200),
        sector=sector or Sector.OTHER,
        commune=commune,
    )
    session.add(org)
    session.flush()
    return org


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
