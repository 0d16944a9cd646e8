"""What the summary workbook for the GAL is made of, as plain data the services assemble.

Each visible sheet is fed by an iterable of rows (a generator is fine: the workbook is written
row by row and never holds a sheet in memory). The services decide who may be named: a
participation row carries names only for people who consented, and ``anonymous`` removes every
name whatever the rows say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from smartdesk.domain.enums import (
    CardCategory,
    EventKind,
    ProjectStatus,
    RegistrationStatus,
    Sector,
)
from smartdesk.domain.exchange import ExchangeOrigin, NamedTable
from smartdesk.domain.records import CardRecord, EventRecord, ProjectRecord, Statistics


@dataclass(frozen=True, slots=True)
class EventSummaryRow:
    """One line of the events sheet: the event and its head counts."""

    event: EventRecord
    registered: int = 0
    present: int = 0


@dataclass(frozen=True, slots=True)
class ParticipationRow:
    """One registration. Names are ``None`` when the person may not be named."""

    event_start: dt.datetime
    event_title: str
    event_kind: EventKind
    status: RegistrationStatus
    first_name: str | None = None
    last_name: str | None = None
    organisation: str | None = None
    sector: Sector | None = None
    commune: str | None = None
    walk_in: bool = False


@dataclass(frozen=True, slots=True)
class TrainingSessionRow:
    """One session of a training (or a training session linked to none: its own title);
    ``hours`` the session's counted hours (the services give those recorded, else its times;
    None: the session's recorded hours); ``hours_delivered`` Σ hours followed by the people
    present (half for one half of a full day; None: present × hours)."""

    training_title: str
    session: EventRecord
    registered: int = 0
    present: int = 0
    hours: float | None = None
    hours_delivered: float | None = None


@dataclass(frozen=True, slots=True)
class CommuneContribution:
    """What one commune brought over the period (``commune`` None: what has no commune).

    Events are counted by the commune they take place in; people, participations and training
    hours by the commune of the people present; cards by the commune written on them. Events
    and cards of cancelled events are left out, as in the key figures.
    """

    commune: str | None
    events_held: int = 0
    events_planned: int = 0
    people: int = 0
    participations: int = 0
    training_hours: float = 0.0
    cards: int = 0
    challenges_selected: int = 0


@dataclass(frozen=True, slots=True)
class TrainingTotals:
    """One training's totals over its sessions in the period (cancelled ones left out).

    ``hours`` is the training's length (its sessions' hours); ``trainees`` the distinct people
    present at one session at least; ``hours_delivered`` Σ present × session hours. A training
    session linked to no training is a training of its own (``linked`` False, its title).
    """

    title: str
    trainer: str | None = None
    sessions_held: int = 0
    sessions_planned: int = 0
    hours: float = 0.0
    trainees: int = 0
    participations: int = 0
    hours_delivered: float = 0.0
    linked: bool = True


@dataclass(frozen=True, slots=True)
class CardTally:
    """The workshop cards of one category and axis: written, and selected as challenges."""

    category: CardCategory
    axis: str | None
    cards: int = 0
    selected: int = 0


@dataclass(frozen=True, slots=True)
class Breakdowns:
    """The tables the GAL's coordinator used to build by hand, over a period."""

    communes: tuple[CommuneContribution, ...] = ()
    trainings: tuple[TrainingTotals, ...] = ()
    cards: tuple[CardTally, ...] = ()


@dataclass(frozen=True, slots=True)
class WorkshopCardRow:
    """One workshop card with where it was written."""

    workshop_title: str
    event_start: dt.datetime
    question: str
    card: CardRecord


@dataclass(frozen=True, slots=True)
class ProjectRow:
    """A follow-up project and the challenges (card texts) it came from."""

    project: ProjectRecord
    challenges: tuple[str, ...] = ()

    @property
    def status(self) -> ProjectStatus:
        return self.project.status


@dataclass(frozen=True, slots=True)
class SummaryWorkbookData:
    """Everything ``write_summary_workbook`` writes.

    ``statistics`` gives the key figures of the Synthèse sheet and the period; ``origin`` who
    sends it (also written to the exchange part); ``anonymous`` names nobody, whatever the rows
    say; ``exchange_tables`` the machine-readable records (none: the exchange header is still
    written).
    """

    statistics: Statistics
    origin: ExchangeOrigin
    exported_at: dt.datetime
    anonymous: bool = False
    communes: Iterable[CommuneContribution] = ()
    #: the funders' mention, printed at the foot of every page (the organiser's settings)
    funding_line: str = ""
    events: Iterable[EventSummaryRow] = ()
    participations: Iterable[ParticipationRow] = ()
    training_sessions: Iterable[TrainingSessionRow] = ()
    training_totals: Iterable[TrainingTotals] = ()
    cards: Iterable[WorkshopCardRow] = ()
    card_tallies: Iterable[CardTally] = ()
    projects: Iterable[ProjectRow] = ()
    exchange_tables: Iterable[NamedTable] = ()
