"""Who sent what: the key a sender's records are remembered by, and the figures by sender."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import EventStatus, RegistrationStatus
from smartdesk.domain.exchange import ExchangeOrigin
from smartdesk.domain.text import normalize_name


def origin_key(origin: ExchangeOrigin, path: Path) -> str:
    """Who sent a workbook, as the links remember it: the sender's commune UUID, else names."""
    if origin.commune_uuid:
        return origin.commune_uuid
    if origin.commune:
        return "commune:" + normalize_name(origin.commune)
    if origin.organisation:
        return "organisation:" + normalize_name(origin.organisation)
    return "file:" + path.name


@dataclass(frozen=True, slots=True)
class OriginFigures:
    """What one sender's workbooks brought: participations (present, events not cancelled) and
    the distinct people in them. A person sent by two communes counts for each of them."""

    origin: str
    participations: int
    people: int


def origin_name(session: Session, key: str) -> str:
    """The name of a sender, for people to read, from its key (see :func:`origin_key`)."""
    if ":" in key:
        return key.split(":", 1)[1]
    # The key is the sender's commune UUID: the commune it was imported as carries its name.
    name = session.scalar(
        select(m.Commune.name)
        .join(m.ExchangeLink, m.ExchangeLink.local_uuid == m.Commune.uuid)
        .where(m.ExchangeLink.incoming_uuid == key, m.ExchangeLink.table_name == "communes")
        .limit(1)
    )
    return name or key


def figures_by_origin(db: Database) -> list[OriginFigures]:
    """Participations and people reached by commune of origin (the sender of the workbooks),
    most participations first."""
    link, reg, event = m.ExchangeLink, m.Registration, m.Event
    with db.reading() as s:
        rows = s.execute(
            select(link.origin, func.count(distinct(reg.id)), func.count(distinct(reg.person_id)))
            .join(reg, reg.uuid == link.local_uuid)
            .join(event, reg.event_id == event.id)
            .where(
                link.table_name == "registrations",
                reg.status == RegistrationStatus.PRESENT,
                event.status != EventStatus.CANCELLED,
            )
            .group_by(link.origin)
        ).all()
        figures = [OriginFigures(origin_name(s, key), n, people) for key, n, people in rows]
    return sorted(figures, key=lambda f: (-f.participations, f.origin))
