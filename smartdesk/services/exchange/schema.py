"""The tables of the exchange part, shared by the export (writing) and the consolidation (reading).

Every table carries the record's ``uuid``, its plain fields, each reference as the referenced
record's UUID (``<name>_uuid``), then ``created_at`` and ``updated_at``. The order of ``SPECS`` is
the order of dependencies: a table refers only to tables before it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import JSON, Boolean, Date, DateTime, Enum, Float, Integer, Table, Time
from sqlalchemy.types import TypeEngine

from smartdesk.db import models as m
from smartdesk.db.base import Record


@dataclass(frozen=True, slots=True)
class Ref:
    column: str  # in the workbook: ``event_uuid``
    attribute: str  # on the model: ``event_id``
    table: str  # the exchange table referred to: ``events``


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    model: type[Record]
    fields: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    #: Fields that identify a person: written only for people who may be named.
    personal: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        return ("uuid", *self.fields, *(r.column for r in self.refs), "created_at", "updated_at")

    @property
    def table(self) -> Table:
        # Declarative types ``__table__`` as any FromClause; a mapped model's is a Table.
        return cast(Table, self.model.__table__)

    def column_type(self, field: str) -> TypeEngine[Any]:
        return self.table.c[field].type

    def required(self, field: str) -> bool:
        column = self.table.c[field]
        return not column.nullable and column.default is None


SPECS: tuple[TableSpec, ...] = (
    TableSpec("communes", m.Commune, ("name", "postal_code")),
    TableSpec(
        "organisations",
        m.Organisation,
        ("name", "sector"),
        (Ref("commune_uuid", "commune_id", "communes"),),
    ),
    TableSpec(
        "people",
        m.Person,
        (
            "first_name",
            "last_name",
            "email",
            "phone",
            "function",
            "consent",
            "consent_date",
            "consent_method",
            "anonymised",
            "pseudonym",  # computed at the export (see ``pseudonyms``), stored at the GAL
        ),
        (
            Ref("organisation_uuid", "organisation_id", "organisations"),
            Ref("commune_uuid", "commune_id", "communes"),
        ),
        personal=("first_name", "last_name", "email", "phone", "function"),
    ),  # fmt: skip
    TableSpec(
        "trainings", m.Training, ("title", "topic", "trainer", "target_sector", "description")
    ),
    TableSpec(
        "events",
        m.Event,
        (
            "title",
            "kind",
            "start",
            "end",
            "venue",
            "address",
            "organiser",
            "description",
            "status",
            "capacity",
            "hours",
            "full_day",  # a morning and an afternoon ticked apart (domain.half_days)
        ),
        (
            Ref("commune_uuid", "commune_id", "communes"),
            Ref("training_uuid", "training_id", "trainings"),
        ),
    ),  # fmt: skip
    TableSpec(
        "agenda_items",
        m.AgendaItem,
        ("position", "time", "title", "speaker_role"),
        (Ref("event_uuid", "event_id", "events"), Ref("speaker_uuid", "speaker_id", "people")),
    ),
    TableSpec(
        "registrations",
        m.Registration,
        # half_day: present for one half of a full-day session only (older workbooks have no
        # such column: their registrations keep the half they have here)
        ("status", "walk_in", "registered_at", "checked_in_at", "half_day"),
        (Ref("event_uuid", "event_id", "events"), Ref("person_uuid", "person_id", "people")),
    ),
    TableSpec("workshops", m.Workshop, ("title",), (Ref("event_uuid", "event_id", "events"),)),
    TableSpec(
        "prompts",
        m.WorkshopPrompt,
        (
            "position",
            "question",
            "categories",
            "axes",
            "cards_per_participant",
            "cards_redistributed",
            "top_n",
        ),
        (Ref("workshop_uuid", "workshop_id", "workshops"),),
    ),  # fmt: skip
    # The card's author is a name typed freely, with no consent behind it: it stays at home.
    TableSpec(
        "cards",
        m.WorkshopCard,
        ("code", "text", "category", "axis", "group_label", "round", "votes", "selected", "rank"),
        (
            Ref("prompt_uuid", "prompt_id", "prompts"),
            Ref("commune_uuid", "commune_id", "communes"),
        ),
    ),
    TableSpec("projects", m.FollowUpProject, ("title", "description", "status")),
)
SPEC_BY_NAME = {spec.name: spec for spec in SPECS}

#: The association of projects and the cards they came from: pairs of UUIDs, merged as a set.
PROJECT_CARDS = "project_cards"
PROJECT_CARD_COLUMNS = ("project_uuid", "card_uuid")

#: The sender's erasure log: people erased, deleted or anonymised there, by UUID, with what
#: happened and when — never a name. The GAL applies it after merging the other tables (see
#: ``erasure``); a workbook written before it existed simply has no such table.
ERASURES = "erasures"
ERASURE_COLUMNS = ("person_uuid", "kind", "recorded_at")


def to_cell(spec: TableSpec, field: str, value: Any) -> Any:
    """A model value as the exchange table holds it (lists as JSON text)."""
    if value is not None and isinstance(spec.column_type(field), JSON):
        return json.dumps(value, ensure_ascii=False)
    return value


class BadValue(ValueError):
    """A cell that does not fit its column; the message says what was expected."""


def cell_reader(spec: TableSpec, field: str) -> Callable[[Any], Any]:
    """A function turning a cell of ``field`` into the model's value, checked against the
    column's type (raises :class:`BadValue`); made once per column, used for every row."""
    kind = spec.column_type(field)
    if isinstance(kind, Enum):
        if kind.enum_class is None:  # every Enum column of the models is made from a Python enum
            raise TypeError(f"{spec.name}.{field}: an Enum column without an enum class")
        members = {m.value: m for m in kind.enum_class}

        def read(value: Any) -> Any:
            try:
                return members[value]
            except (KeyError, TypeError):
                raise BadValue(f"unknown value {value!r}") from None

    elif isinstance(kind, Boolean):

        def read(value: Any) -> Any:
            if isinstance(value, bool):
                return value
            if isinstance(value, int) and value in (0, 1):
                return bool(value)
            raise BadValue("expected true or false")

    elif isinstance(kind, Integer):

        def read(value: Any) -> Any:
            if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
                raise BadValue("expected a whole number")
            return int(value)

    elif isinstance(kind, Float):

        def read(value: Any) -> Any:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise BadValue("expected a number")
            return float(value)

    elif isinstance(kind, DateTime):

        def read(value: Any) -> Any:
            if not isinstance(value, dt.datetime):
                raise BadValue("expected a date and time")
            if value.tzinfo is not None:  # stored naive: UTC for timestamps
                value = value.astimezone(dt.UTC).replace(tzinfo=None)
            return value

    elif isinstance(kind, Date):

        def read(value: Any) -> Any:
            if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
                raise BadValue("expected a date")
            return value

    elif isinstance(kind, Time):

        def read(value: Any) -> Any:
            if not isinstance(value, dt.time):
                raise BadValue("expected a time")
            return value

    elif isinstance(kind, JSON):

        def read(value: Any) -> Any:
            try:
                parsed = json.loads(value) if isinstance(value, str) else None
            except ValueError:
                parsed = None
            if not isinstance(parsed, list) or not all(isinstance(v, str) for v in parsed):
                raise BadValue("expected a list of texts")
            return parsed

    else:  # String, Text
        length = getattr(kind, "length", None)

        def read(value: Any) -> Any:
            if not isinstance(value, str):
                value = str(value)  # a code typed as 12 in a spreadsheet comes back a number
            if length and len(value) > length:
                raise BadValue(f"longer than {length} characters")
            return value

    def reader(value: Any) -> Any:
        if value is None or value == "":
            return None  # whether it may be missing is the caller's business (withheld names …)
        return read(value)

    return reader


def from_cell(spec: TableSpec, field: str, value: Any) -> Any:
    """A cell of an exchange table as the model's value (see :func:`cell_reader`)."""
    return cell_reader(spec, field)(value)
