"""The query pieces the summary's visible sheets and its exchange part share: the period, the
workshop cards and projects it covers, who may be named, and rows streamed a batch at a time.

Everything here builds SQL or reads through the caller's session; nothing commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.errors import ValidationError
from smartdesk.i18n import _

#: Rows fetched from SQLite per round trip while streaming.
YIELD_PER = 2000


@dataclass(frozen=True, slots=True)
class Period:
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValidationError("date_to", _("The end of the period is before its start."))

    def where(self, column) -> list:
        """Conditions keeping ``column`` (a datetime) inside the period, bounds inclusive days."""
        conditions = []
        if self.date_from:
            conditions.append(column >= dt.datetime.combine(self.date_from, dt.time.min))
        if self.date_to:
            end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time.min)
            conditions.append(column < end)
        return conditions

    @property
    def bounded(self) -> bool:
        return bool(self.date_from or self.date_to)


def stream(session: Session, stmt) -> Iterator[Any]:
    """Rows fetched a batch at a time, through the session's Core connection: the ORM's
    result machinery costs a third more per row and plain rows is all the sheets need."""
    yield from session.connection().execute(stmt.execution_options(yield_per=YIELD_PER))


def counted(rows: Iterable, counts: dict[str, int], key: str) -> Iterator:
    """``rows`` unchanged, their number kept in ``counts[key]`` as they pass."""
    counts[key] = 0
    for row in rows:
        yield row
        counts[key] += 1


def may_be_named():
    """SQL: may this person be named outside the town hall?"""
    return and_(m.Person.consent.is_(True), m.Person.anonymised.is_(False))


def card_scope(period: Period):
    """Card ids of the workshops held in the period (None: every card)."""
    if not period.bounded:
        return None
    return (
        select(m.WorkshopCard.id)
        .join(m.WorkshopPrompt, m.WorkshopCard.prompt_id == m.WorkshopPrompt.id)
        .join(m.Workshop, m.WorkshopPrompt.workshop_id == m.Workshop.id)
        .join(m.Event, m.Workshop.event_id == m.Event.id)
        .where(*period.where(m.Event.start))
    )


def project_scope(period: Period):
    """Ids of the projects born of the period's cards (None: every project)."""
    cards = card_scope(period)
    if cards is None:
        return None
    return select(m.project_card.c.project_id).where(m.project_card.c.card_id.in_(cards))
