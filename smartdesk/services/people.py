"""People: create, update, search, duplicates, merge, delete or anonymise."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import ConsentMethod, RegistrationStatus, Sector
from smartdesk.domain.errors import ConflictError, ValidationError
from smartdesk.domain.records import PersonAttendance, PersonRecord
from smartdesk.domain.text import (
    clean_multiline,
    clean_text,
    email_key,
    is_valid_email,
    normalize_name,
    person_name_key,
)
from smartdesk.i18n import _, ngettext
from smartdesk.services import erasure, privacy
from smartdesk.services.backups import backup_before
from smartdesk.services.lookups import (
    commune_by_name,
    find_commune,
    get_or_raise,
    organisation_by_name,
)
from smartdesk.services.record_builders import person_record
from smartdesk.services.validation import optional_text, parse_choice, required_text

# Which of two registrations to the same event survives a merge: the one that proves most.
STATUS_WEIGHT = {
    RegistrationStatus.PRESENT: 5,
    RegistrationStatus.EXCUSED: 4,
    RegistrationStatus.REGISTERED: 3,
    RegistrationStatus.INVITED: 2,
    RegistrationStatus.ABSENT: 1,
}


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    first: PersonRecord
    second: PersonRecord
    reason: str  # "email" or "name"


def validate_email(value: str | None) -> str | None:
    value = clean_text(value)
    if value is None:
        return None
    if not is_valid_email(value) or len(value) > 254:
        raise ValidationError(
            "email", _("The e-mail address “{value}” is not valid.").format(value=value)
        )
    return value


def _apply(session: Session, person: m.Person, fields: dict[str, Any]) -> None:
    if "first_name" in fields:
        person.first_name = required_text(fields["first_name"], "first_name", _("First name"))
    if "last_name" in fields:
        person.last_name = required_text(fields["last_name"], "last_name", _("Last name"))
    if "email" in fields:
        person.email = validate_email(fields["email"])
    if "phone" in fields:
        person.phone = optional_text(fields["phone"], "phone", _("Phone"), 40)
    if "function" in fields:
        person.function = optional_text(fields["function"], "function", _("Function"))
    if "commune" in fields:
        person.commune = commune_by_name(session, fields["commune"])
    if "organisation" in fields or "sector" in fields:
        sector = fields.get("sector")
        if isinstance(sector, str):
            sector = parse_sector(sector)
        name = fields.get("organisation", person.organisation.name if person.organisation else None)
        org = organisation_by_name(session, name, sector, person.commune)
        if org is not None and sector is not None:
            org.sector = sector
        person.organisation = org
    if "consent" in fields:
        person.consent = bool(fields["consent"])
        if person.consent and person.consent_date is None:
            person.consent_date = dt.date.today()
        elif not person.consent:  # withdrawn: the old date and way no longer prove anything
            person.consent_date = person.consent_method = None
    if fields.get("consent_date") is not None:
        person.consent_date = fields["consent_date"]
    if fields.get("consent_method") is not None:
        method = fields["consent_method"]
        person.consent_method = parse_choice(
            ConsentMethod,
            method,
            "consent_method",
            _("Unknown way of giving consent “{value}”. Choose one of: {choices}."),
        )
    if "notes" in fields:
        person.notes = clean_multiline(fields["notes"])
    person.name_key = person_name_key(person.first_name, person.last_name)
    person.email_key = email_key(person.email)


def parse_sector(value: str | Sector) -> Sector:
    return parse_choice(
        Sector, value, "sector", _("Unknown sector “{value}”. Choose one of: {choices}.")
    )


def add_person(session: Session, **fields: Any) -> m.Person:
    """Create a person inside an existing transaction (imports and the demo reuse this)."""
    person = m.Person(first_name="", last_name="")
    fields.setdefault("first_name", None)
    fields.setdefault("last_name", None)
    _apply(session, person, fields)
    session.add(person)
    session.flush()
    return person


def create(db: Database, **fields: Any) -> PersonRecord:
    """Create a person. Fields: first_name, last_name (required), email, phone, function,
    organisation, sector, commune (names), consent, consent_date, consent_method, notes."""
    with db.transaction() as s:
        return person_record(add_person(s, **fields))


def update_person(db: Database, person_id: int, **fields: Any) -> PersonRecord:
    with db.transaction() as s:
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        _apply(s, person, fields)
        s.flush()
        return person_record(person)


def get(db: Database, person_id: int) -> PersonRecord:
    with db.reading() as s:
        return person_record(get_or_raise(s, m.Person, person_id, _("No person with id {id}.")))


def _in_list_order(session: Session) -> tuple[Any, ...]:
    """ORDER BY of every list of people. The key is already folded: compare it byte by byte
    (SQLite's default; PostgreSQL would otherwise apply its locale, which skips separators)."""
    key: Any = m.Person.sort_key
    if session.get_bind().dialect.name == "postgresql":
        key = key.collate("C")
    return (key, m.Person.id)


def _search_clause(text: str):
    key = normalize_name(text)
    clauses = [m.Person.name_key.contains(key, autoescape=True)]
    # "Debroux Jean" finds "Jean Debroux" too, and "Van Hove Els" or "Wéry Anne-Sophie"
    # (last name typed first, either name of several words): every rotation of the words.
    parts = key.split()
    for i in range(1, len(parts)):
        rotated = " ".join(parts[i:] + parts[:i])
        clauses.append(m.Person.name_key.contains(rotated, autoescape=True))
    if "@" in text or "." in text:
        clauses.append(m.Person.email_key.contains(text.strip().casefold(), autoescape=True))
    return or_(*clauses)


def search(
    db: Database, text: str | None = None, limit: int | None = None, offset: int = 0
) -> list[PersonRecord]:
    """People sorted by last then first name (``person.sort_key``: "Évrard" among the E, the
    same order for a page and for the whole list); ``text`` ignores case, accents, hyphens and
    the letters with a stroke (``orsted`` finds Ørsted)."""
    with db.reading() as s:
        stmt = select(m.Person).order_by(*_in_list_order(s))
        if text and text.strip():
            if not normalize_name(text) and "@" not in text:
                return []  # only separators ("-", "_"): nothing to look for
            stmt = stmt.where(_search_clause(text))
        if limit is not None:
            stmt = stmt.limit(limit).offset(offset)
        return [person_record(p) for p in s.scalars(stmt).unique()]


def count(db: Database) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(m.Person)) or 0


def matching_people(
    session: Session,
    first_name: str | None,
    last_name: str | None,
    email: str | None,
    commune: str | None,
) -> list[m.Person]:
    """Existing people a new entry would duplicate: same e-mail ignoring case, or same
    normalised name in the same commune (or with no commune known on either side)."""
    found: list[m.Person] = []
    key = email_key(email)
    if key:
        found += session.scalars(select(m.Person).where(m.Person.email_key == key)).unique().all()
    name = person_name_key(first_name, last_name)
    if name:
        commune_key = normalize_name(commune)
        for p in session.scalars(select(m.Person).where(m.Person.name_key == name)).unique():
            other = normalize_name(p.commune.name) if p.commune else ""
            if (other == commune_key or not other or not commune_key) and p not in found:
                found.append(p)
    return found


def look_alikes(db: Database, person_id: int) -> list[PersonRecord]:
    """Other people who may be this one (same rules as an import): two index look-ups, not a
    scan of everybody, so it can run after every single addition."""
    with db.reading() as s:
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        commune = person.commune.name if person.commune else None
        found = matching_people(s, person.first_name, person.last_name, person.email, commune)
        return [person_record(p) for p in found if p.id != person.id and not p.anonymised]


def find_duplicates(db: Database) -> list[DuplicatePair]:
    """Every pair of people that look like the same person, e-mail matches first."""
    pairs: list[DuplicatePair] = []
    seen: set[tuple[int, int]] = set()
    with db.reading() as s:
        for column, reason, extra in (
            (m.Person.email_key, "email", ()),
            (m.Person.name_key, "name", (m.Person.commune_id,)),
        ):
            groups = s.execute(
                select(column, *extra)
                .where(column.is_not(None), column != "", m.Person.anonymised.is_(False))
                .group_by(column, *extra)
                .having(func.count() > 1)
            ).all()
            for group in groups:
                stmt = select(m.Person).where(column == group[0]).order_by(m.Person.id)
                if extra:
                    stmt = stmt.where(
                        m.Person.commune_id.is_(group[1])
                        if group[1] is None
                        else m.Person.commune_id == group[1]
                    )
                people = s.scalars(stmt).unique().all()
                for i, a in enumerate(people):
                    for b in people[i + 1 :]:
                        if (a.id, b.id) not in seen:
                            seen.add((a.id, b.id))
                            pairs.append(DuplicatePair(person_record(a), person_record(b), reason))
    return pairs


def merge(db: Database, keep_id: int, other_id: int) -> PersonRecord:
    """Merge ``other`` into ``keep``: its registrations, talks and missing details move over,
    then ``other`` is deleted. One transaction."""
    if keep_id == other_id:
        raise ValidationError("person", _("A person cannot be merged with themselves."))
    with db.reading() as s:  # a wrong id is refused before a backup is made for nothing
        for person_id in (keep_id, other_id):
            get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
    backup_before(db, "merge")
    with db.transaction() as s:
        keep = get_or_raise(s, m.Person, keep_id, _("No person with id {id}."))
        other = get_or_raise(s, m.Person, other_id, _("No person with id {id}."))
        for field in (
            "email",
            "phone",
            "function",
            "notes",
            "organisation",
            "commune",
            "consent_method",
        ):
            if getattr(keep, field) is None and getattr(other, field) is not None:
                setattr(keep, field, getattr(other, field))
        if other.consent and not keep.consent:
            keep.consent, keep.consent_date = True, other.consent_date
        kept = {
            reg.event_id: reg
            for reg in s.scalars(select(m.Registration).where(m.Registration.person_id == keep.id))
        }
        for reg in s.scalars(
            select(m.Registration).where(m.Registration.person_id == other.id)
        ).all():
            mine = kept.get(reg.event_id)
            if mine is None:
                reg.person_id = keep.id
                continue
            if STATUS_WEIGHT[reg.status] > STATUS_WEIGHT[mine.status]:
                mine.status, mine.checked_in_at = reg.status, reg.checked_in_at
            mine.walk_in = mine.walk_in and reg.walk_in
            s.delete(reg)
        s.execute(
            update(m.AgendaItem)
            .where(m.AgendaItem.speaker_id == other.id)
            .values(speaker_id=keep.id)
        )
        # Records the GAL imported as `other` now stand for `keep`: the next workbook from that
        # commune must update the merged person, not recreate the one that was merged away.
        s.execute(
            update(m.ExchangeLink)
            .where(m.ExchangeLink.local_uuid == other.uuid)
            .values(local_uuid=keep.uuid)
        )
        s.flush()
        keep.email_key = email_key(keep.email)
        s.delete(other)
        s.flush()
        return person_record(keep)


def delete(db: Database, person_id: int) -> None:
    """Delete a person with no attendance history; otherwise refuse (anonymise instead)."""
    with db.transaction() as s:
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        n = (
            s.scalar(
                select(func.count())
                .select_from(m.Registration)
                .where(m.Registration.person_id == person.id)
            )
            or 0
        )
        if n:
            raise ConflictError(
                ngettext(
                    "{name} has {n} registration, kept as proof of attendance: anonymise this person instead of deleting.",
                    "{name} has {n} registrations, kept as proof of attendance: anonymise this person instead of deleting.",
                    n,
                ).format(name=f"{person.first_name} {person.last_name}", n=n)
            )
        # Logged like an erasure (UUID only): the GAL deletes its copy at the next consolidation.
        erasure.erase(s, person, erasure.DELETED)
    privacy.clear_freed_pages(db)


def anonymise(db: Database, person_id: int) -> PersonRecord:
    """Erase what identifies a person but keep their attendance for the statistics
    (sector and commune stay: they are counts, not identities). See
    :func:`smartdesk.services.privacy.anonymise_person`."""
    return privacy.anonymise_person(db, person_id)


# --- the desktop list: ids first, records a page at a time ----------------------------------


def search_ids(
    db: Database,
    text: str | None = None,
    *,
    commune: str | None = None,
    sector: Sector | str | None = None,
    consent: bool | None = None,
    organisation_id: int | None = None,
) -> list[int]:
    """The ids of the people a list shows, in the list's order (``search``'s): only integers
    come back, so 50,000 people are one quick query; the screen fetches the records of the rows
    it paints with ``get_many``. ``commune`` is a commune's name, ``sector`` the sector of the
    person's organisation, ``consent`` True/False to keep only those who did or did not."""
    with db.reading() as s:
        stmt = select(m.Person.id).order_by(*_in_list_order(s))
        if text and text.strip():
            if not normalize_name(text) and "@" not in text:
                return []
            stmt = stmt.where(_search_clause(text))
        if commune is not None:
            found = find_commune(s, commune)
            if found is None:
                return []
            stmt = stmt.where(m.Person.commune_id == found.id)
        if sector is not None:
            wanted = parse_sector(sector)
            stmt = stmt.where(
                m.Person.organisation_id.in_(
                    select(m.Organisation.id).where(m.Organisation.sector == wanted)
                )
            )
        if consent is not None:
            stmt = stmt.where(m.Person.consent.is_(bool(consent)))
        if organisation_id is not None:
            stmt = stmt.where(m.Person.organisation_id == organisation_id)
        return _ids_of(s, stmt)


def _ids_of(session: Session, stmt: Any) -> list[int]:
    """The first column of ``stmt``'s rows, as a plain list. On SQLite the compiled query runs
    on the driver's own cursor: SQLAlchemy's result handling costs about 0.7 µs a row, a third
    of a keystroke over 50,000 people. Only plain parameters take this path (public API only:
    ``compile``, ``positiontup``, ``dbapi_connection``); anything else goes through SQLAlchemy."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        compiled = stmt.compile(dialect=conn.dialect)
        values = compiled.construct_params()
        params = [values[name] for name in (compiled.positiontup or ())]
        params = [p.value if isinstance(p, enum.Enum) else p for p in params]
        if all(p is None or type(p) in (str, int, float, bool) for p in params):
            dbapi = conn.connection.dbapi_connection
            assert dbapi is not None
            cursor = dbapi.cursor()
            try:
                cursor.execute(str(compiled), params)
                return [row[0] for row in cursor.fetchall()]
            finally:
                cursor.close()
    return list(conn.execute(stmt).scalars().all())


def get_many(db: Database, ids: Iterable[int]) -> dict[int, PersonRecord]:
    """The records of these people by id (ids of people deleted meanwhile are left out).
    One plain SELECT of the columns a record shows: a page of the list is fetched while it is
    painted, so this skips building ORM objects."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, PersonRecord] = {}
    p, o, c = m.Person, m.Organisation, m.Commune
    stmt = (
        select(
            p.id,
            p.uuid,
            p.first_name,
            p.last_name,
            p.email,
            p.phone,
            p.function,
            o.name.label("organisation"),
            o.sector.label("sector"),
            c.name.label("commune"),
            p.consent,
            p.consent_date,
            p.consent_method,
            p.notes,
            p.anonymised,
            p.created_at,
            p.updated_at,
        )  # fmt: skip
        .select_from(p)
        .outerjoin(o, p.organisation_id == o.id)
        .outerjoin(c, p.commune_id == c.id)
    )
    with db.reading() as s:
        conn = s.connection()
        for start in range(0, len(wanted), 900):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 900]
            for row in conn.execute(stmt.where(p.id.in_(chunk))):
                found[row.id] = PersonRecord(**row._mapping)
    return found


def possible_duplicates(
    db: Database,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
    commune: str | None = None,
    exclude_id: int | None = None,
) -> list[PersonRecord]:
    """People an entry being typed may duplicate (same e-mail ignoring case, or same folded
    name in the same commune): two index look-ups, quick enough to run at every keystroke."""
    with db.reading() as s:
        found = matching_people(s, first_name, last_name, email, commune)
        return [person_record(p) for p in found if p.id != exclude_id and not p.anonymised]


def attendance_history(db: Database, person_id: int) -> list[PersonAttendance]:
    """The events a person was registered to, the latest first, with what became of it."""
    with db.reading() as s:
        get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        rows = s.execute(
            select(m.Registration, m.Event)
            .join(m.Event, m.Registration.event_id == m.Event.id)
            .where(m.Registration.person_id == person_id)
            .order_by(m.Event.start.desc(), m.Event.id.desc())
        ).all()
        return [
            PersonAttendance(
                event_id=event.id,
                title=event.title,
                start=event.start,
                kind=event.kind,
                event_status=event.status,
                status=reg.status,
                walk_in=reg.walk_in,
                checked_in_at=reg.checked_in_at,
            )
            for reg, event in rows
        ]
