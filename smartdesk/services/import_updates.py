"""What an update-import changes on a person already known: only the fields the file carries,
each compared with what is stored, so that the report lists every change (old → new) and
counts a person as updated only when something really changed.

Never an organisation as a side effect: a sector guessed from an organisation's name is not a
field of the file, and a sector the file does carry only fills an organisation whose sector is
still unknown (changing a known one would rewrite the statistics of all its members; the report
warns instead).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.enums import Sector
from smartdesk.domain.phones import normalize_phone
from smartdesk.domain.text import clean_multiline, clean_text, email_key, normalize_name

#: Fields compared one by one (file field → how the stored value is read).
_TEXT_FIELDS = ("first_name", "last_name", "phone", "function")


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of one known person that the import changes (or would change)."""

    row: int
    person_id: int
    field: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """A row's values as the import would store them (only what the file carries)."""

    row: int
    person_id: int
    values: dict[str, str]
    consent: bool | None  # None: the file says nothing
    consent_date: dt.date | None
    sector: Sector | None  # only from a sector column, never guessed


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Sector):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def _same_text(old: str | None, new: str) -> bool:
    return (
        normalize_name(old) == normalize_name(new)
        and (clean_text(old) or "").casefold() == (clean_text(new) or "").casefold()
    )


def plan_changes(
    s: Session, incoming: Iterable[Incoming]
) -> tuple[dict[int, dict[str, object]], list[FieldChange], list[tuple[int, str, str, str]]]:
    """For each row: the fields to hand to the people service (only those that differ), the
    changes as the report lists them, and the sector conflicts (row, organisation, stored
    sector, the file's) that were left alone."""
    rows = list(incoming)
    people: dict[int, m.Person] = {}
    ids = sorted({r.person_id for r in rows})
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        for person in s.scalars(select(m.Person).where(m.Person.id.in_(ids[start : start + 900]))):
            people[person.id] = person
    updates: dict[int, dict[str, object]] = {}
    changes: list[FieldChange] = []
    conflicts: list[tuple[int, str, str, str]] = []
    for r in rows:
        found = people.get(r.person_id)
        if found is None:
            continue
        person = found
        fields: dict[str, object] = {}

        def change(field: str, old: object, new: object, fields=fields, r=r) -> None:
            fields[field] = new
            changes.append(FieldChange(r.row, r.person_id, field, _text(old), _text(new)))

        v = r.values
        for name in _TEXT_FIELDS:
            new = v.get(name)
            old = getattr(person, name)
            if name == "phone" and old:  # stored before numbers had one form
                stored = normalize_phone(old)
                old_form = stored.text if stored else old
                if new and old_form != new:
                    change(name, old, new)
                continue
            if new and not _same_text(old, new):
                change(name, old, new)
        if v.get("email") and email_key(v["email"]) != person.email_key:
            change("email", person.email, v["email"])
        if v.get("notes") and clean_multiline(v["notes"]) != person.notes:
            change("notes", person.notes, v["notes"])
        if v.get("commune"):
            old_commune = person.commune.name if person.commune else None
            if normalize_name(old_commune) != normalize_name(v["commune"]):
                change("commune", old_commune, v["commune"])
        org = person.organisation
        if v.get("organisation"):
            old_org = org.name if org else None
            if normalize_name(old_org) != normalize_name(v["organisation"]):
                change("organisation", old_org, v["organisation"])
                org = None  # another organisation: its sector is looked at when written
        if r.sector is not None:
            if org is not None and org.sector not in (Sector.OTHER, r.sector):
                conflicts.append((r.row, org.name, org.sector.value, r.sector.value))
            elif org is not None and org.sector != r.sector:
                change(
                    "sector", org.sector, r.sector
                )  # fills the unknown sector of its organisation
            elif org is None and "organisation" in fields:
                fields["sector"] = r.sector  # a new organisation of the file's sector
        if r.consent is True and not person.consent:
            change("consent", False, True)
        elif r.consent is False and person.consent:
            change("consent", True, False)
        if (
            r.consent_date is not None
            and r.consent is not False
            and person.consent_date != r.consent_date
            and (person.consent or r.consent)
        ):
            change("consent_date", person.consent_date, r.consent_date)
        if fields:
            updates[r.row] = fields
    return updates, changes, conflicts
