"""The data model. Enum columns store the stable identifiers of smartdesk.domain.enums as text
(no native enum), so the same schema runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from enum import Enum as PyEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy import (
    event as sa_event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from smartdesk.db.base import Base, Record, utcnow
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
from smartdesk.domain.text import person_sort_key


def _enum(cls: type[PyEnum]) -> Enum:
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Commune(Record):
    __tablename__ = "commune"

    name: Mapped[str] = mapped_column(String(120), unique=True)
    postal_code: Mapped[str | None] = mapped_column(String(10))


class Organisation(Record):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(200), index=True)
    sector: Mapped[Sector] = mapped_column(_enum(Sector), default=Sector.OTHER)
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id", ondelete="SET NULL"))

    commune: Mapped[Commune | None] = relationship(lazy="joined")


class Person(Record):
    __tablename__ = "person"
    # The people list's one index: in list order (sort key, then id) and holding what the
    # search reads, so a search as you type over 50,000 people scans this index alone (~10 ms),
    # never the table (~80 ms of row look-ups) nor a temporary sort.
    __table_args__ = (Index("ix_person_list", "sort_key", "id", "name_key", "email_key"),)

    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    function: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True
    )
    commune_id: Mapped[int | None] = mapped_column(
        ForeignKey("commune.id", ondelete="SET NULL"), index=True
    )
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_date: Mapped[dt.date | None] = mapped_column(Date)
    consent_method: Mapped[ConsentMethod | None] = mapped_column(_enum(ConsentMethod))
    notes: Mapped[str | None] = mapped_column(Text)
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False)
    # Derived keys kept in columns so duplicate detection and search are index look-ups,
    # the same on SQLite and PostgreSQL (no database-specific collation or unaccent()).
    email_key: Mapped[str | None] = mapped_column(String(254), index=True)
    name_key: Mapped[str] = mapped_column(String(400), index=True, default="")
    # The one alphabetical order of people (domain.text.person_sort_key), so that a page of
    # an SQL search and a whole list agree; kept by the listener below on every ORM write and
    # filled by hand on the Core paths (bulk inserts, the GAL's exchange merge, migrations).
    sort_key: Mapped[str] = mapped_column(String(410), default="")
    # At the GAL: the pseudonymous key a commune sent for this person (a keyed hash of the
    # e-mail, or of the name and commune: services.exchange.pseudonyms), so the same person
    # who did not consent is recognised at the next commune's import without being named.
    pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")
    commune: Mapped[Commune | None] = relationship(lazy="joined")


@sa_event.listens_for(Person, "before_insert")
@sa_event.listens_for(Person, "before_update")
def _keep_sort_key(_mapper, _connection, person: Person) -> None:
    # One place for every ORM write (create, update, merge, anonymise, erase, the demo): a
    # service that renames or anonymises someone cannot forget the key.
    person.sort_key = person_sort_key(person.first_name, person.last_name, bool(person.anonymised))


class Training(Record):
    __tablename__ = "training"

    title: Mapped[str] = mapped_column(String(300))
    topic: Mapped[str | None] = mapped_column(String(300))
    trainer: Mapped[str | None] = mapped_column(String(200))
    target_sector: Mapped[Sector | None] = mapped_column(_enum(Sector))
    description: Mapped[str | None] = mapped_column(Text)

    sessions: Mapped[list[Event]] = relationship(
        back_populates="training", order_by="Event.start", cascade="all, delete-orphan"
    )


class Event(Record):
    __tablename__ = "event"

    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = mapped_column(_enum(EventKind), index=True)
    start: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    end: Mapped[dt.datetime | None] = mapped_column(DateTime)
    venue: Mapped[str | None] = mapped_column(String(300))
    address: Mapped[str | None] = mapped_column(String(300))
    commune_id: Mapped[int | None] = mapped_column(
        ForeignKey("commune.id", ondelete="SET NULL"), index=True
    )
    organiser: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[EventStatus] = mapped_column(_enum(EventStatus), default=EventStatus.PLANNED)
    capacity: Mapped[int | None] = mapped_column(Integer)
    training_id: Mapped[int | None] = mapped_column(
        ForeignKey("training.id", ondelete="CASCADE"), index=True
    )
    # Hours counted for a training session (may differ from end - start: lunch break).
    hours: Mapped[float | None] = mapped_column(Float)
    # A training session with a morning and an afternoon ticked apart (domain.half_days).
    full_day: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")

    commune: Mapped[Commune | None] = relationship(lazy="joined")
    training: Mapped[Training | None] = relationship(back_populates="sessions")
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="event", order_by="AgendaItem.position", cascade="all, delete-orphan"
    )
    registrations: Mapped[list[Registration]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )
    workshops: Mapped[list[Workshop]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True
    )


class AgendaItem(Record):
    __tablename__ = "agenda_item"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    time: Mapped[dt.time | None] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(300))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    speaker_role: Mapped[str | None] = mapped_column(String(300))

    event: Mapped[Event] = relationship(back_populates="agenda")
    speaker: Mapped[Person | None] = relationship(lazy="joined")


class Registration(Record):
    __tablename__ = "registration"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    # RESTRICT: a person with attendance history cannot vanish (funding proof); anonymise instead.
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="RESTRICT"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        _enum(RegistrationStatus), default=RegistrationStatus.REGISTERED
    )
    walk_in: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Present for this half only of a full-day session; None while present means all day,
    # so readers that know nothing of halves keep the right whole-session status.
    half_day: Mapped[HalfDay | None] = mapped_column(_enum(HalfDay))

    event: Mapped[Event] = relationship(back_populates="registrations")
    person: Mapped[Person] = relationship()


class Workshop(Record):
    __tablename__ = "workshop"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))

    event: Mapped[Event] = relationship(back_populates="workshops")
    prompts: Mapped[list[WorkshopPrompt]] = relationship(
        back_populates="workshop",
        order_by="WorkshopPrompt.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class WorkshopPrompt(Record):
    __tablename__ = "workshop_prompt"

    workshop_id: Mapped[int] = mapped_column(
        ForeignKey("workshop.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    axes: Mapped[list[str]] = mapped_column(JSON, default=list)
    cards_per_participant: Mapped[int | None] = mapped_column(Integer)
    cards_redistributed: Mapped[int | None] = mapped_column(Integer)
    top_n: Mapped[int | None] = mapped_column(Integer)

    workshop: Mapped[Workshop] = relationship(back_populates="prompts")
    cards: Mapped[list[WorkshopCard]] = relationship(
        back_populates="prompt", cascade="all, delete-orphan", passive_deletes=True
    )


project_card = Table(
    "project_card",
    Base.metadata,
    Column("project_id", ForeignKey("follow_up_project.id", ondelete="CASCADE"), primary_key=True),
    Column("card_id", ForeignKey("workshop_card.id", ondelete="CASCADE"), primary_key=True),
)


class WorkshopCard(Record):
    __tablename__ = "workshop_card"
    __table_args__ = (UniqueConstraint("prompt_id", "code"),)

    prompt_id: Mapped[int] = mapped_column(
        ForeignKey("workshop_prompt.id", ondelete="CASCADE"), index=True
    )
    # Short code printed on the paper card so the typed card can be matched to it
    # (unique within its prompt: codes from different PCs may meet at the GAL).
    code: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[CardCategory] = mapped_column(_enum(CardCategory), default=CardCategory.NONE)
    axis: Mapped[str | None] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    commune_id: Mapped[int | None] = mapped_column(ForeignKey("commune.id", ondelete="SET NULL"))
    group_label: Mapped[str | None] = mapped_column(String(100))
    round: Mapped[int | None] = mapped_column(Integer)
    votes: Mapped[int] = mapped_column(Integer, default=0)
    selected: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    rank: Mapped[int | None] = mapped_column(Integer)

    prompt: Mapped[WorkshopPrompt] = relationship(back_populates="cards")
    commune: Mapped[Commune | None] = relationship(lazy="joined")


class FollowUpProject(Record):
    __tablename__ = "follow_up_project"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    status: Mapped[ProjectStatus] = mapped_column(_enum(ProjectStatus), default=ProjectStatus.IDEA)
    # Who carries the project on after the workshop, and by when (set in the room, optional).
    owner: Mapped[str | None] = mapped_column(String(200))
    due_date: Mapped[dt.date | None] = mapped_column(Date)

    cards: Mapped[list[WorkshopCard]] = relationship(secondary=project_card)


class Setting(Base):
    """The organiser's settings (name, logos, funding line …): key/value, edited from the UI/CLI."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ExchangeLink(Base):
    """What the GAL's database remembers of each record imported from an exchange workbook:
    which local record the incoming UUID stands for (itself, or the record it was recognised as:
    the same person sent by two communes under two UUIDs), and both versions' ``updated_at`` at
    that import, so the next import can tell who changed the record since."""

    __tablename__ = "exchange_link"

    incoming_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Who sent it (the commune of origin's UUID, else its name): the last import is per sender.
    origin: Mapped[str] = mapped_column(String(200), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    local_uuid: Mapped[str] = mapped_column(String(36), index=True)
    remote_updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    local_updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    # The sender's version as last imported, kept only when the local record differs from it
    # (merged with another commune's): the next import then applies only what the sender changed.
    remote_values: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ExchangeConflict(Base):
    """A record changed at both ends: the version kept and the one discarded, both kept here so
    nothing is silently lost (values as in the exchange workbook: references as UUIDs)."""

    __tablename__ = "exchange_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    incoming_uuid: Mapped[str] = mapped_column(String(36))
    origin: Mapped[str] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(300))
    kept: Mapped[str] = mapped_column(String(10))  # "local" or "incoming"
    kept_json: Mapped[dict] = mapped_column(JSON, default=dict)
    discarded_json: Mapped[dict] = mapped_column(JSON, default=dict)
    detected_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ErasureLog(Base):
    """The UUIDs of people erased, anonymised or deleted here or at a commune that sent them, and
    nothing else (never a name): re-applied after a restore, sent to the GAL in the exchange part,
    so neither an old backup nor an old workbook brings a person back."""

    __tablename__ = "erasure_log"

    person_uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "erased", "deleted" or "anonymised"
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
