"""The domain's closed vocabularies.

Values are stable English identifiers (stored in the database, typed on the command line, carried
in exchange workbooks); ``label`` is what a user reads, marked for translation and translated at
display time by the caller (``_(kind.label)``), so this module needs no import of SmartDesk.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


def N_(message: str) -> str:  # extraction marker; domain imports nothing of SmartDesk
    return message


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        # keyed by class too: members are strings, and EventKind.OTHER == Sector.OTHER == "other"
        return _BY_CLASS[type(self), self.value]

    @classmethod
    def parse(cls, value: str) -> Self:
        """Accept the identifier in any case, with hyphens or spaces for underscores."""
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            raise ValueError(value) from None


class Sector(LabelledEnum):
    COMMUNE = "commune"
    ASSOCIATION = "association"
    BUSINESS = "business"
    PARTNER = "partner"
    OTHER = "other"


class EventKind(LabelledEnum):
    MIDI_DU_SMART = "midi_du_smart"
    EXCHANGE_EVENING = "exchange_evening"
    TRAINING_SESSION = "training_session"
    WORKSHOP = "workshop"
    BUSINESS_BREAKFAST = "business_breakfast"
    VISIT = "visit"
    PARTNER_MEETING = "partner_meeting"
    OTHER = "other"


class EventStatus(LabelledEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class RegistrationStatus(LabelledEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    PRESENT = "present"
    EXCUSED = "excused"
    ABSENT = "absent"


class HalfDay(LabelledEnum):
    """The half of a full-day session a person attended when they did not stay all day."""

    MORNING = "morning"
    AFTERNOON = "afternoon"


class ConsentMethod(LabelledEnum):
    PAPER = "paper"
    EMAIL = "email"
    ORAL = "oral"
    FORM = "form"
    OTHER = "other"


class CardCategory(LabelledEnum):
    GREEN = "green"
    BLUE = "blue"
    NONE = "none"


class ProjectStatus(LabelledEnum):
    IDEA = "idea"
    ACTIVE = "active"
    DONE = "done"
    ABANDONED = "abandoned"


_LABELS: tuple[tuple[LabelledEnum, str], ...] = (
    (Sector.COMMUNE, N_("Commune administration")),
    (Sector.ASSOCIATION, N_("Association or citizen initiative")),
    (Sector.BUSINESS, N_("Business")),
    (Sector.PARTNER, N_("Partner")),
    (Sector.OTHER, N_("Other")),
    (EventKind.MIDI_DU_SMART, N_("Midi du Smart")),
    (EventKind.EXCHANGE_EVENING, N_("Exchange evening")),
    (EventKind.TRAINING_SESSION, N_("Training session")),
    (EventKind.WORKSHOP, N_("Workshop")),
    (EventKind.BUSINESS_BREAKFAST, N_("Business breakfast")),
    (EventKind.VISIT, N_("Visit or tour")),
    (EventKind.PARTNER_MEETING, N_("Partner meeting")),
    (EventKind.OTHER, N_("Other event")),
    (EventStatus.PLANNED, N_("Planned")),
    (EventStatus.HELD, N_("Held")),
    (EventStatus.CANCELLED, N_("Cancelled")),
    (RegistrationStatus.INVITED, N_("Invited")),
    (RegistrationStatus.REGISTERED, N_("Registered")),
    (RegistrationStatus.PRESENT, N_("Present")),
    (RegistrationStatus.EXCUSED, N_("Excused")),
    (RegistrationStatus.ABSENT, N_("Absent")),
    (HalfDay.MORNING, N_("Morning")),
    (HalfDay.AFTERNOON, N_("Afternoon")),
    (ConsentMethod.PAPER, N_("On paper")),
    (ConsentMethod.EMAIL, N_("By e-mail")),
    (ConsentMethod.ORAL, N_("Orally")),
    (ConsentMethod.FORM, N_("Registration form")),
    (ConsentMethod.OTHER, N_("Other way")),
    (CardCategory.GREEN, N_("Collaboration / participation")),
    (CardCategory.BLUE, N_("Digital / technology")),
    (CardCategory.NONE, N_("No category")),
    (ProjectStatus.IDEA, N_("Idea")),
    (ProjectStatus.ACTIVE, N_("In progress")),
    (ProjectStatus.DONE, N_("Done")),
    (ProjectStatus.ABANDONED, N_("Abandoned")),
)

_BY_CLASS: dict[tuple[type, str], str] = {(type(m), m.value): label for m, label in _LABELS}
