"""Finding records by id or by name (creating a commune or an organisation named for the first
time). Everything here takes an open session and never commits."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import NotFoundError
from smartdesk.domain.text import clean_text, normalize_name
from smartdesk.i18n import _
from smartdesk.services.validation import limited

T = TypeVar("T")


def get_or_raise(session: Session, model: type[T], record_id: int, message: str) -> T:
    """The record, or NotFoundError with ``message`` (one per kind of record, e.g.
    ``_("No event with id {id}.")``, so that each language can make its words agree)."""
    obj = session.get(model, record_id)
    if obj is None:
        raise NotFoundError(message.format(id=record_id))
    return obj


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
