"""Plain, immutable records handed from the services to the reports, the CLI and the UI.

They carry display-ready facts (names rather than foreign keys) so that a report or a screen
never needs a database session.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from smartdesk.domain.enums import (
    CardCategory,
    ConsentMethod,
    EventKind,
    EventStatus,
    HalfDay,
    ProjectStatus,
    RegistrationStatus,
    Sector,
)


@dataclass(frozen=True, slots=True)
class CommuneRecord:
    id: int
    uuid: str
    name: str
    postal_code: str | None = None


@dataclass(frozen=True, slots=True)
class OrganisationRecord:
    id: int
    uuid: str
    name: str
    sector: Sector
    commune: str | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    id: int
    uuid: str
    first_name: str
    last_name: str
    email: str | None = None
    phone: str | None = None
    function: str | None = None
    organisation: str | None = None
    sector: Sector | None = None
    commune: str | None = None
    consent: bool = False
    consent_date: dt.date | None = None
    consent_method: ConsentMethod | None = None
    notes: str | None = None
    anonymised: bool = False
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    uuid: str
    title: str
    kind: EventKind
    start: dt.datetime
    end: dt.datetime | None = None
    venue: str | None = None
    address: str | None = None
    commune: str | None = None
    organiser: str | None = None
    description: str | None = None
    status: EventStatus = EventStatus.PLANNED
    capacity: int | None = None
    training_id: int | None = None
    training_title: str | None = None
    trainer: str | None = None
    hours: float | None = None
    #: A training session split into a morning and an afternoon, each ticked apart.
    full_day: bool = False


@dataclass(frozen=True, slots=True)
class AgendaItemRecord:
    position: int
    title: str
    time: dt.time | None = None
    speaker: str | None = None
    speaker_role: str | None = None
    speaker_organisation: str | None = None
    #: For screens that edit the agenda (None in records built by hand for a report).
    id: int | None = None
    speaker_id: int | None = None


@dataclass(frozen=True, slots=True)
class AttendanceRow:
    person_id: int
    first_name: str
    last_name: str
    status: RegistrationStatus
    organisation: str | None = None
    sector: Sector | None = None
    commune: str | None = None
    email: str | None = None
    consent: bool = False
    walk_in: bool = False
    registered_at: dt.datetime | None = None
    checked_in_at: dt.datetime | None = None
    #: Present for this half only of a full-day session (None: the whole session).
    half_day: HalfDay | None = None
    #: What the QR code on the badge and the sheet holds (domain.check_in_code): no personal data.
    check_in_code: str = ""
    #: "speaker" or "organiser" when known (printed on the badge); see services.printing.
    role: str | None = None


@dataclass(frozen=True, slots=True)
class PersonAttendance:
    """One line of a person's attendance history: an event and what became of the person."""

    event_id: int
    title: str
    start: dt.datetime
    kind: EventKind
    event_status: EventStatus
    status: RegistrationStatus
    walk_in: bool = False
    checked_in_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class OrganisationSummary:
    """An organisation as its list shows it: with the number of people who belong to it."""

    id: int
    uuid: str
    name: str
    sector: Sector
    commune: str | None = None
    members: int = 0


@dataclass(frozen=True, slots=True)
class TrainingRecord:
    id: int
    uuid: str
    title: str
    topic: str | None = None
    trainer: str | None = None
    target_sector: Sector | None = None
    description: str | None = None
    sessions: tuple[EventRecord, ...] = ()

    @property
    def total_hours(self) -> float:
        return sum(s.hours or 0.0 for s in self.sessions)


@dataclass(frozen=True, slots=True)
class CertificateData:
    """One participant's attendance over a training: what a certificate states."""

    person: PersonRecord
    training: TrainingRecord
    attended: tuple[EventRecord, ...]

    @property
    def hours(self) -> float:
        return sum(s.hours or 0.0 for s in self.attended)


@dataclass(frozen=True, slots=True)
class PromptRecord:
    id: int
    uuid: str
    workshop_id: int
    position: int
    question: str
    categories: tuple[CardCategory, ...] = ()
    axes: tuple[str, ...] = ()
    cards_per_participant: int | None = None
    cards_redistributed: int | None = None
    top_n: int | None = None


@dataclass(frozen=True, slots=True)
class CardRecord:
    id: int
    uuid: str
    prompt_id: int
    code: str
    text: str
    category: CardCategory = CardCategory.NONE
    axis: str | None = None
    author: str | None = None
    commune: str | None = None
    group_label: str | None = None
    round: int | None = None
    votes: int = 0
    selected: bool = False
    rank: int | None = None


@dataclass(frozen=True, slots=True)
class WorkshopRecord:
    id: int
    uuid: str
    event_id: int
    title: str
    event_title: str
    event_start: dt.datetime
    prompts: tuple[PromptRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class ProjectRecord:
    id: int
    uuid: str
    title: str
    status: ProjectStatus
    description: str | None = None
    card_ids: tuple[int, ...] = ()
    owner: str | None = None
    due_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class OrganisationSettings:
    """The organiser's identity printed on every document (stored in the database)."""

    name: str = ""
    logo_path: str | None = None
    funder_logos: tuple[str, ...] = ()
    funding_line: str = ""
    privacy_notice: str = ""
    # The same two texts for documents printed in another language than the main texts' (French
    # as a rule); empty means the main text is printed.
    funding_line_nl: str = ""
    funding_line_de: str = ""
    funding_line_en: str = ""
    privacy_notice_nl: str = ""
    privacy_notice_de: str = ""
    privacy_notice_en: str = ""
    signatory_name: str = ""
    signatory_title: str = ""
    signature_image: str | None = None
    commune: str = ""
    organisation_kind: str = ""  # "commune" or "gal" ("" until the welcome asked)
    default_blank_rows: int = 10  # blank rows of a new sign-in sheet
    document_language: str = ""  # fr, nl, de or en; "" = the application's language


@dataclass(frozen=True, slots=True)
class Statistics:
    """Key figures over a period, as the GAL reports them."""

    date_from: dt.date | None
    date_to: dt.date | None
    events_by_kind: dict[EventKind, int] = field(default_factory=dict)
    participants_by_sector: dict[Sector | None, int] = field(default_factory=dict)
    participants_by_commune: dict[str | None, int] = field(default_factory=dict)
    participations: int = 0
    unique_people: int = 0
    training_hours: float = 0.0
    selected_cards_by_axis: dict[str | None, int] = field(default_factory=dict)
    #: The not-cancelled events split by status: held (marked so) and still planned.
    events_held_by_kind: dict[EventKind, int] = field(default_factory=dict)
    events_planned_by_kind: dict[EventKind, int] = field(default_factory=dict)
    #: Unique people reached, by the sector of their organisation and by their commune.
    people_by_sector: dict[Sector | None, int] = field(default_factory=dict)
    people_by_commune: dict[str | None, int] = field(default_factory=dict)
    #: ``training_hours`` by the commune of the people present.
    training_hours_by_commune: dict[str | None, float] = field(default_factory=dict)

    @property
    def events_total(self) -> int:
        return sum(self.events_by_kind.values())
