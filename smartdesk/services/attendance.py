"""Registrations and attendance: register, check in, walk-ins, mark present/absent, the rows
of the sign-in sheet in their printed order, typing the signed sheet back in, and which past
events still wait for it."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, joinedload

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.db.session import Database
from smartdesk.domain import half_days
from smartdesk.domain.check_in_code import check_digits, check_in_code, parse_check_in_code
from smartdesk.domain.enums import EventStatus, HalfDay, RegistrationStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import AttendanceRow, EventRecord, PersonRecord
from smartdesk.domain.sign_in import ORDERS, sign_in_order
from smartdesk.domain.text import email_key, normalize_name, person_name_key
from smartdesk.i18n import _
from smartdesk.services.lookups import get_or_raise
from smartdesk.services.people import add_person, matching_people
from smartdesk.services.record_builders import event_record, name_sort_key, person_record
from smartdesk.services.validation import parse_choice

#: Who is printed on a sign-in sheet: people expected or already there. Invited people who did
#: not answer and those who sent their apologies sign on the blank rows if they come after all.
ON_SIGN_IN_SHEET = frozenset(
    {RegistrationStatus.REGISTERED, RegistrationStatus.PRESENT, RegistrationStatus.ABSENT}
)


def parse_status(value: str | RegistrationStatus) -> RegistrationStatus:
    return parse_choice(
        RegistrationStatus,
        value,
        "status",
        _("Unknown attendance status “{value}”. Choose one of: {choices}."),
    )


def register_in(
    session: Session,
    event: m.Event,
    person: m.Person,
    status: RegistrationStatus = RegistrationStatus.REGISTERED,
    walk_in: bool = False,
    half: HalfDay | None = None,
) -> m.Registration:
    """The person's registration to the event, created if needed (inside a transaction).
    ``half``: present for that half only of a full-day session; a status set without it
    means the whole session."""
    reg = session.scalar(
        select(m.Registration).where(
            m.Registration.event_id == event.id, m.Registration.person_id == person.id
        )
    )
    if reg is None:
        reg = m.Registration(event_id=event.id, person_id=person.id, status=status, walk_in=walk_in)
        session.add(reg)
    else:
        reg.status = status
        reg.walk_in = reg.walk_in or walk_in
    reg.half_day = half if status == RegistrationStatus.PRESENT and event.full_day else None
    if status == RegistrationStatus.PRESENT and reg.checked_in_at is None:
        reg.checked_in_at = utcnow()
    elif status != RegistrationStatus.PRESENT:
        reg.checked_in_at = None
    session.flush()
    return reg


def set_status(
    db: Database, event_id: int, person_id: int, status: str | RegistrationStatus
) -> AttendanceRow:
    """Set a person's attendance status at an event, registering them if needed."""
    status = parse_status(status)
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        return attendance_row(register_in(s, event, person, status))


def parse_half(value: str | HalfDay) -> HalfDay:
    return parse_choice(
        HalfDay,
        value,
        "half",
        _("Unknown half-day “{value}”. Choose one of: {choices}."),
    )


def status_when_absent(start: dt.datetime, today: dt.date) -> RegistrationStatus:
    """An unticked box: absent once the session has taken place, still registered before."""
    return RegistrationStatus.ABSENT if start.date() <= today else RegistrationStatus.REGISTERED


def set_half_day(
    db: Database,
    event_id: int,
    person_id: int,
    half: str | HalfDay,
    present: bool,
    today: dt.date | None = None,
) -> AttendanceRow:
    """Tick (``present``) or untick one half of a full-day session for a person, the other
    half kept, registering them if needed: both halves make them present for the whole
    session, one half present for that half (half of the session's hours, see
    ``domain.half_days``), none absent (still registered if the session is after ``today``)."""
    half = parse_half(half)
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        if not event.full_day:
            raise ValidationError(
                "half",
                _("This session is not a full day: tick the whole session instead."),
            )
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        reg = s.scalar(
            select(m.Registration).where(
                m.Registration.event_id == event.id, m.Registration.person_id == person.id
            )
        )
        was_there, came_for = half_days.tick(
            reg.status if reg else None, reg.half_day if reg else None, half, present
        )
        if was_there:
            status = RegistrationStatus.PRESENT
        else:
            status = status_when_absent(event.start, today or dt.date.today())
        return attendance_row(register_in(s, event, person, status, half=came_for))


def register(db: Database, event_id: int, person_ids: list[int]) -> int:
    """Register several people at once (all or nothing); returns how many were new."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        existing = set(
            s.scalars(select(m.Registration.person_id).where(m.Registration.event_id == event.id))
        )
        new = 0
        for pid in dict.fromkeys(person_ids):
            person = get_or_raise(s, m.Person, pid, _("No person with id {id}."))
            if pid not in existing:
                register_in(s, event, person)
                new += 1
        return new


def check_in(db: Database, event_id: int, person_id: int) -> AttendanceRow:
    return set_status(db, event_id, person_id, RegistrationStatus.PRESENT)


def is_check_in_code(text: str) -> bool:
    """Whether ``text`` has the shape of a scanned check-in code (not a name being typed)."""
    return parse_check_in_code(text) is not None


def check_in_by_code(db: Database, event_id: int, text: str) -> AttendanceRow:
    """The person whose badge or sheet code was scanned at the door is present. Scanning the
    same code twice leaves them present (a scan never undoes); a code of another event, or
    made up, changes nothing and says so."""
    parsed = parse_check_in_code(text)
    if parsed is None:
        raise ValidationError("code", _("“{code}” is not a check-in code.").format(code=text))
    registration_id, digits = parsed
    with db.transaction() as s:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        reg = s.get(m.Registration, registration_id)
        if reg is None or reg.event_id != event_id or check_digits(reg.uuid) != digits:
            raise ValidationError(
                "code", _("This code belongs to nobody registered for this event.")
            )
        if reg.status == RegistrationStatus.PRESENT:
            return attendance_row(reg)
        return attendance_row(register_in(s, reg.event, reg.person, RegistrationStatus.PRESENT))


def walk_in(db: Database, event_id: int, **person_fields) -> AttendanceRow:
    """Someone who came without registering: create them and mark them present, together."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        person = add_person(s, **person_fields)
        return attendance_row(
            register_in(s, event, person, RegistrationStatus.PRESENT, walk_in=True)
        )


def unregister(db: Database, event_id: int, person_id: int) -> None:
    with db.transaction() as s:
        reg = s.scalar(
            select(m.Registration).where(
                m.Registration.event_id == event_id, m.Registration.person_id == person_id
            )
        )
        if reg is None:
            raise ValidationError("person", _("This person is not registered for this event."))
        s.delete(reg)


def attendance_row(reg: m.Registration) -> AttendanceRow:
    p = reg.person
    return AttendanceRow(
        person_id=p.id,
        first_name=p.first_name,
        last_name=p.last_name,
        status=reg.status,
        organisation=p.organisation.name if p.organisation else None,
        sector=p.organisation.sector if p.organisation else None,
        commune=p.commune.name if p.commune else None,
        email=p.email,
        consent=p.consent,
        walk_in=reg.walk_in,
        registered_at=reg.registered_at,
        checked_in_at=reg.checked_in_at,
        # A half stored under another status (an exchange merge changes the status alone)
        # means nothing: the status is the whole-session truth.
        half_day=reg.half_day if reg.status == RegistrationStatus.PRESENT else None,
        check_in_code=check_in_code(reg.id, reg.uuid),
    )


def _registration_rows(session: Session, event_id: int) -> list[AttendanceRow]:
    """The event's registrations in registration order, each with its person (with their
    organisation and commune) from the same query: one round trip for a 500-person event
    instead of one per row."""
    stmt = (
        select(m.Registration)
        .options(joinedload(m.Registration.person))
        .where(m.Registration.event_id == event_id)
        .order_by(m.Registration.registered_at, m.Registration.id)
    )
    return [attendance_row(reg) for reg in session.scalars(stmt).unique()]


def _by_name(rows: list[AttendanceRow]) -> list[AttendanceRow]:
    return sorted(rows, key=lambda r: name_sort_key(r.last_name, r.first_name, r.person_id))


def list_attendance(db: Database, event_id: int, order: str = "name") -> list[AttendanceRow]:
    """The event's registrations, by last name (``order="name"``) or in registration order."""
    with db.reading() as s:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        rows = _registration_rows(s, event_id)
    return rows if order == "registration" else _by_name(rows)


def badge_rows(db: Database, event_id: int, organiser: str | None = None) -> list[AttendanceRow]:
    """The people badges are printed for (those of the sign-in sheet, by name), each with the
    role the badge shows when it is known: "speaker" when the event's agenda names them,
    "organiser" when their organisation is the event's organiser or ``organiser`` (the
    settings' organisation, e.g. the GAL's staff at its own event)."""
    with db.reading() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        speakers = {item.speaker_id for item in event.agenda if item.speaker_id is not None}
        organisers = {normalize_name(name) for name in (event.organiser, organiser) if name}
        organisers.discard("")
        rows = []
        for row in _registration_rows(s, event_id):
            if row.status not in ON_SIGN_IN_SHEET:
                continue
            if row.person_id in speakers:
                row = replace(row, role="speaker")
            elif row.organisation and normalize_name(row.organisation) in organisers:
                row = replace(row, role="organiser")
            rows.append(row)
    return _by_name(rows)


def counts(db: Database, event_id: int) -> dict[RegistrationStatus, int]:
    with db.reading() as s:
        rows = s.execute(
            select(m.Registration.status, func.count())
            .where(m.Registration.event_id == event_id)
            .group_by(m.Registration.status)
        ).all()
        return {status: n for status, n in rows}


@dataclass(frozen=True, slots=True)
class AttendanceCounts:
    """The figures the registrations tab and the check-in page keep in sight."""

    invited: int = 0
    registered: int = 0  # registered, nothing known yet about whether they came
    present: int = 0
    excused: int = 0
    absent: int = 0
    walk_ins: int = 0  # came without registering (counted in ``present`` too while present)
    expected: int = 0  # registered beforehand and not excused: the rows printed with a name

    @property
    def total(self) -> int:
        """Everybody registered to the event, whatever came of it (invitations not counted)."""
        return self.registered + self.present + self.excused + self.absent


def attendance_counts(db: Database, event_id: int) -> AttendanceCounts:
    """Counts by status, walk-ins and people expected at the door, in one query."""
    with db.reading() as s:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        rows = s.execute(
            select(m.Registration.status, m.Registration.walk_in, func.count())
            .where(m.Registration.event_id == event_id)
            .group_by(m.Registration.status, m.Registration.walk_in)
        ).all()
    by_status: dict[RegistrationStatus, int] = {}
    walk_ins = expected = 0
    for status, walk_in, n in rows:
        by_status[status] = by_status.get(status, 0) + n
        if walk_in:
            walk_ins += n
        elif status in ON_SIGN_IN_SHEET:
            expected += n
    return AttendanceCounts(
        invited=by_status.get(RegistrationStatus.INVITED, 0),
        registered=by_status.get(RegistrationStatus.REGISTERED, 0),
        present=by_status.get(RegistrationStatus.PRESENT, 0),
        excused=by_status.get(RegistrationStatus.EXCUSED, 0),
        absent=by_status.get(RegistrationStatus.ABSENT, 0),
        walk_ins=walk_ins,
        expected=expected,
    )


# --- the sign-in sheet and typing it back in ---------------------------------------------------


def sign_in_rows(db: Database, event_id: int, order: str = "name") -> list[AttendanceRow]:
    """The people a sign-in sheet prints, in the printed order: the sheet numbers them 1, 2, …
    in this order, then its blank rows. The printed sheet and the encoding screen both call this,
    so the numbers agree."""
    return sign_in_people(db, event_id, order)[0]


def sign_in_people(
    db: Database, event_id: int, order: str = "name"
) -> tuple[list[AttendanceRow], list[AttendanceRow]]:
    """What a sign-in sheet prints, from one read: its rows in the printed order (as
    ``sign_in_rows``) and the people who sent their apologies, by name (listed under the table:
    the funder sees they were invited and excused)."""
    if order not in ORDERS:
        raise ValidationError("order", _("Unknown order “{value}”.").format(value=order))
    everyone = list_attendance(db, event_id)
    rows = [r for r in everyone if r.status in ON_SIGN_IN_SHEET]
    excused = [r for r in everyone if r.status == RegistrationStatus.EXCUSED]
    return sign_in_order(rows, order), excused


def _arrive(session: Session, event: m.Event, person: m.Person) -> m.Registration:
    """Present; a walk-in only if the person was not registered (a registered person who is
    recognised at the door came as expected)."""
    registered = session.scalar(
        select(m.Registration.id).where(
            m.Registration.event_id == event.id, m.Registration.person_id == person.id
        )
    )
    return register_in(
        session, event, person, RegistrationStatus.PRESENT, walk_in=registered is None
    )


def walk_in_person(db: Database, event_id: int, person_id: int) -> AttendanceRow:
    """Someone already known came without registering ("it's this person" in the duplicate
    warning): present, and a walk-in unless they were registered after all."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        return attendance_row(_arrive(s, event, person))


def add_and_register(db: Database, event_id: int, **person_fields: Any) -> AttendanceRow:
    """Create a person and register them to the event, together (the registrations tab's
    quick-add: both or neither)."""
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        return attendance_row(register_in(s, event, add_person(s, **person_fields)))


def encode_sheet(
    db: Database,
    event_id: int,
    marks: Mapping[int, str | RegistrationStatus],
    walk_ins: Sequence[int | Mapping[str, Any]] = (),
) -> AttendanceCounts:
    """Type a signed sheet back in, all in one transaction: ``marks`` gives each person's status
    (present, absent, excused …); ``walk_ins`` are the names written by hand on the blank rows,
    each an existing person's id (recognised) or the fields of a new person. Nothing is written
    if one of them is wrong."""
    parsed = {pid: parse_status(status) for pid, status in marks.items()}
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        for pid, status in parsed.items():
            person = get_or_raise(s, m.Person, pid, _("No person with id {id}."))
            register_in(s, event, person, status)
        for entry in walk_ins:
            if isinstance(entry, int):
                person = get_or_raise(s, m.Person, entry, _("No person with id {id}."))
                _arrive(s, event, person)
            else:
                person = add_person(s, **dict(entry))
                register_in(s, event, person, RegistrationStatus.PRESENT, walk_in=True)
    return attendance_counts(db, event_id)


def _encoded_clause():
    """An event is encoded when nobody is left "registered" (everyone is present, absent or
    excused) and at least one person was marked present or absent: a rule on the statuses
    themselves, so a sheet typed in, a check-in finished by marking the absent, or an import all
    count, and no flag can disagree with the data."""
    reg = m.Registration
    waiting = exists().where(
        reg.event_id == m.Event.id, reg.status == RegistrationStatus.REGISTERED
    )
    marked = exists().where(
        reg.event_id == m.Event.id,
        reg.status.in_([RegistrationStatus.PRESENT, RegistrationStatus.ABSENT]),
    )
    return and_(~waiting, marked)


def is_encoded(db: Database, event_id: int) -> bool:
    """Whether the event's attendance is known (see ``_encoded_clause`` for the rule)."""
    with db.reading() as s:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        return bool(s.scalar(select(_encoded_clause()).where(m.Event.id == event_id)))


def _unencoded(today: dt.date | None):
    midnight = dt.datetime.combine(today or dt.date.today(), dt.time())
    return (
        m.Event.start < midnight,
        m.Event.status != EventStatus.CANCELLED,
        ~_encoded_clause(),
    )


def unencoded_events(
    db: Database, today: dt.date | None = None, limit: int | None = None
) -> list[EventRecord]:
    """Past events (started before ``today``) not cancelled whose attendance is not encoded
    yet, the most recent first: the Accueil page's reminder."""
    with db.reading() as s:
        stmt = (
            select(m.Event)
            .where(*_unencoded(today))
            .order_by(m.Event.start.desc(), m.Event.id.desc())
        )
        if limit is not None:
            stmt = stmt.limit(limit)
        return [event_record(e) for e in s.scalars(stmt).unique()]


def count_unencoded_events(db: Database, today: dt.date | None = None) -> int:
    """How many events ``unencoded_events`` would list (counted in SQL: a GAL has thousands)."""
    with db.reading() as s:
        return s.scalar(select(func.count(m.Event.id)).where(*_unencoded(today))) or 0


# --- "is this somebody we already know?" -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    person: PersonRecord
    reason: str  # "email", "name" (the same name) or "similar" (a near spelling)
    registered: bool  # already registered to the event asked about


#: How alike two folded names must be to ask "is it this person?" (Dupont / Dupond: 0.91).
SIMILARITY = 0.85


def _similar(key: str, other: str, first: str, last: str) -> bool:
    if not other:
        return False
    if other == f"{last} {first}".strip():  # first and last name swapped on the sheet
        return True
    if other.endswith(f" {last}") and first:  # Jean / Jean Marc Dupont, J. Dupont
        other_first = other[: -len(last) - 1]
        if other_first.startswith(first) or first.startswith(other_first):
            return True
    return difflib.SequenceMatcher(None, key, other).ratio() >= SIMILARITY


def possible_duplicates(
    db: Database,
    first_name: str | None,
    last_name: str | None,
    email: str | None = None,
    commune: str | None = None,
    event_id: int | None = None,
    limit: int = 8,
) -> list[PossibleDuplicate]:
    """People a new entry may duplicate, best reasons first: the same e-mail, the same name
    (accents, case and hyphens ignored; the rules of an import), then a near spelling
    (a typo, a swapped first and last name, a shortened first name). Asked before a walk-in or
    a quick-add is saved, so the person can be recognised instead of created twice."""
    first, last = normalize_name(first_name), normalize_name(last_name)
    key = person_name_key(first_name, last_name)
    mail = email_key(email)
    with db.reading() as s:
        found: dict[int, tuple[m.Person, str]] = {}
        for p in matching_people(s, first_name, last_name, email, commune):
            if not p.anonymised:
                found[p.id] = (p, "email" if mail and p.email_key == mail else "name")
        if key and last:
            # Candidates by either part of the name (a LIKE over the folded key: tens of ms on
            # 50,000 people, asked once per save), then scored here.
            like = [m.Person.name_key.contains(last, autoescape=True)]
            if first:
                like.append(m.Person.name_key.startswith(f"{first} ", autoescape=True))
            candidates = s.execute(
                select(m.Person.id, m.Person.name_key)
                .where(or_(*like), m.Person.anonymised.is_(False))
                .limit(5000)
            ).all()
            keys = dict(candidates)
            scores = {
                pid: difflib.SequenceMatcher(None, key, other).ratio()
                for pid, other in keys.items()
                if pid not in found and _similar(key, other, first, last)
            }
            similar = sorted(scores, key=lambda pid: -scores[pid])
            for p in s.scalars(select(m.Person).where(m.Person.id.in_(similar[:limit]))).unique():
                found[p.id] = (p, "similar")
        registered: set[int] = set()
        if event_id is not None and found:
            registered = set(
                s.scalars(
                    select(m.Registration.person_id).where(
                        m.Registration.event_id == event_id,
                        m.Registration.person_id.in_(list(found)),
                    )
                )
            )
        rank = {"email": 0, "name": 1, "similar": 2}
        result = [
            PossibleDuplicate(person_record(p), reason, p.id in registered)
            for p, reason in found.values()
        ]
    result.sort(
        key=lambda d: (
            rank[d.reason],
            not d.registered,
            name_sort_key(d.person.last_name, d.person.first_name, d.person.id),
        )
    )
    return result[:limit]
