"""Erasing, deleting and anonymising a person inside a session, and the log of their UUIDs.

How the statistics stay right after an erasure: the person's record is deleted, and their
registrations (every status: the events' registered and present counts stay as they were) move to
one *placeholder* — an anonymised person with no name, e-mail, phone, function or notes, keeping
only the commune and the organisation the figures are counted by. One placeholder per erased
person, so "people reached" still counts them once. Its UUID is derived from the erased UUID
(:func:`placeholder_uuid`): the commune and the GAL, each erasing the same person, arrive at the
same placeholder, and the GAL counts it once.

What the exchange tables remember of the person goes too: the GAL's ``exchange_link`` rows that
stand for them (deleted on erasure; their ``remote_values`` stripped of names on anonymisation)
and the ``exchange_conflict`` versions that name them.

The log (``erasure_log``) keeps each UUID concerned with what happened and when, never a name:
the lead's restore re-applies it, the exchange part carries it to the GAL, and the GAL rewrites
any later or older workbook row of a logged UUID before merging it (:func:`prepare_workbook`), so
neither a restored backup nor an old workbook brings the person back.

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
import uuid as uuid_module
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.exchange import ExchangeWorkbook
from smartdesk.domain.text import normalize_name, person_name_key
from smartdesk.i18n import _

ERASED, DELETED, ANONYMISED = "erased", "deleted", "anonymised"
KINDS = (ERASED, DELETED, ANONYMISED)
# An erasure outweighs an anonymisation of the same person (the record is gone either way).
_WEIGHT = {ANONYMISED: 1, DELETED: 2, ERASED: 3}

#: Fields that identify a person, cleared wherever a copy of them is kept.
PERSONAL_FIELDS = ("first_name", "last_name", "email", "phone", "function", "notes", "pseudonym")

_PLACEHOLDER_NAMESPACE = uuid_module.UUID("6f1d3b52-4f0e-4c1e-9a57-5e2b7c0d9a11")
_CHUNK = 900  # parameters per IN (…): under every SQLite's limit

# The strongest status wins when two registrations to one event meet on the placeholder.
_STATUS_WEIGHT = {
    RegistrationStatus.PRESENT: 5,
    RegistrationStatus.EXCUSED: 4,
    RegistrationStatus.REGISTERED: 3,
    RegistrationStatus.INVITED: 2,
    RegistrationStatus.ABSENT: 1,
}


def placeholder_uuid(person_uuid: str) -> str:
    """The UUID of the anonymous record keeping an erased person's attendance (see the module)."""
    return str(uuid_module.uuid5(_PLACEHOLDER_NAMESPACE, person_uuid))


def stronger(a: str | None, b: str) -> str:
    return b if a is None or _WEIGHT[b] > _WEIGHT[a] else a


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- the log -----------------------------------------------------------------------------------


def log(session: Session, person_uuid: str, kind: str, at: dt.datetime | None = None) -> None:
    """Remember that ``person_uuid`` was erased, deleted or anonymised (the strongest wins)."""
    entry = session.get(m.ErasureLog, person_uuid)
    if entry is None:
        session.add(m.ErasureLog(person_uuid=person_uuid, kind=kind, recorded_at=at or utcnow()))
    elif stronger(entry.kind, kind) != entry.kind:
        entry.kind = kind
        entry.recorded_at = at or utcnow()
    session.flush()


def log_rows(session: Session) -> Iterator[tuple[str, str, dt.datetime]]:
    """Every entry of the log: (person UUID, kind, when), oldest first."""
    e = m.ErasureLog
    stmt = select(e.person_uuid, e.kind, e.recorded_at).order_by(e.recorded_at, e.person_uuid)
    yield from session.connection().execute(stmt)


def _aliases(session: Session, person_uuid: str) -> list[str]:
    """The UUIDs other senders sent this person under (the GAL's links to it)."""
    link = m.ExchangeLink
    return list(
        session.scalars(
            select(link.incoming_uuid).where(
                link.table_name == "people",
                link.local_uuid == person_uuid,
                link.incoming_uuid != person_uuid,
            )
        )
    )


# --- what the exchange tables remember ---------------------------------------------------------


def _without_personal(values: Any) -> Any:
    if not isinstance(values, dict):
        return values
    return {k: (None if k in PERSONAL_FIELDS else v) for k, v in values.items()}


def forget_in_exchange(session: Session, uuids: list[str], drop: bool) -> None:
    """Remove the names, e-mail and phone of these people from ``exchange_link.remote_values``
    and ``exchange_conflict``; ``drop`` deletes those rows instead (the person is gone)."""
    link, conflict = m.ExchangeLink, m.ExchangeConflict
    for chunk in _chunks(uuids):
        links = (
            link.table_name == "people",
            or_(link.local_uuid.in_(chunk), link.incoming_uuid.in_(chunk)),
        )
        conflicts = (
            conflict.table_name == "people",
            or_(conflict.record_uuid.in_(chunk), conflict.incoming_uuid.in_(chunk)),
        )
        if drop:
            session.execute(delete(link).where(*links))
            session.execute(delete(conflict).where(*conflicts))
            continue
        for row in session.scalars(select(link).where(*links, link.remote_values.is_not(None))):
            row.remote_values = _without_personal(row.remote_values)
        for c in session.scalars(select(conflict).where(*conflicts)):
            c.kept_json = _without_personal(c.kept_json)
            c.discarded_json = _without_personal(c.discarded_json)
    session.flush()


# --- the person --------------------------------------------------------------------------------


def authored_cards(session: Session, person: m.Person) -> list[m.WorkshopCard]:
    """Workshop cards whose author, typed freely, is this person's name (either order)."""
    if person.anonymised:
        return []
    keys = {
        person_name_key(person.first_name, person.last_name),
        person_name_key(person.last_name, person.first_name),
    } - {""}
    cards = session.scalars(
        select(m.WorkshopCard).where(m.WorkshopCard.author.is_not(None)).order_by(m.WorkshopCard.id)
    )
    return [c for c in cards if normalize_name(c.author) in keys]


def anonymise(session: Session, person: m.Person) -> None:
    """Clear what identifies ``person``, keep the record and its attendance (sector and commune
    are counts, not identities); log it with the UUIDs other senders used for them."""
    for card in authored_cards(session, person):
        card.author = None
    person.first_name = _("Anonymised")
    person.last_name = f"#{person.id}"
    person.email = person.phone = person.function = person.notes = person.pseudonym = None
    person.consent, person.consent_date, person.consent_method = False, None, None
    person.anonymised = True
    person.name_key = ""
    person.email_key = None
    uuids = [person.uuid, *_aliases(session, person.uuid)]
    forget_in_exchange(session, uuids, drop=False)
    for u in uuids:
        log(session, u, ANONYMISED)
    session.flush()


def _placeholder(session: Session, person: m.Person) -> m.Person:
    wanted = placeholder_uuid(person.uuid)
    found = session.scalar(select(m.Person).where(m.Person.uuid == wanted))
    if found is not None:
        return found
    placeholder = m.Person(
        uuid=wanted,
        first_name=_("Anonymised"),
        last_name="",
        commune_id=person.commune_id,
        organisation_id=person.organisation_id,
        consent=False,
        anonymised=True,
        name_key="",
    )
    session.add(placeholder)
    session.flush()
    placeholder.last_name = f"#{placeholder.id}"
    return placeholder


def erase(session: Session, person: m.Person, kind: str = ERASED) -> m.Person | None:
    """Delete ``person``; their registrations move to their placeholder (returned; None when
    they had none), talks lose their speaker, cards their author; log it (see the module)."""
    for card in authored_cards(session, person):
        card.author = None
    registrations = session.scalars(
        select(m.Registration).where(m.Registration.person_id == person.id)
    ).all()
    placeholder = _placeholder(session, person) if registrations else None
    if placeholder is not None:
        held = {
            r.event_id: r
            for r in session.scalars(
                select(m.Registration).where(m.Registration.person_id == placeholder.id)
            )
        }
        for reg in registrations:
            mine = held.get(reg.event_id)
            if mine is None:
                reg.person_id = placeholder.id
                continue
            if _STATUS_WEIGHT[reg.status] > _STATUS_WEIGHT[mine.status]:
                mine.status, mine.checked_in_at = reg.status, reg.checked_in_at
            session.delete(reg)
    session.execute(
        update(m.AgendaItem)
        .where(m.AgendaItem.speaker_id == person.id)
        .values(speaker_id=None, updated_at=utcnow())
    )
    uuids = [person.uuid, *_aliases(session, person.uuid)]
    forget_in_exchange(session, uuids, drop=True)
    for u in uuids:
        log(session, u, kind)
    session.flush()
    session.delete(person)
    session.flush()
    return placeholder


def apply(session: Session, person: m.Person, kind: str) -> None:
    if kind == ANONYMISED:
        anonymise(session, person)
    else:
        erase(session, person, kind)


def people_known_as(
    session: Session, uuids: list[str], origin: str | None = None
) -> list[m.Person]:
    """The local people these UUIDs stand for: the record with that UUID and the one a link
    made it (only the links of ``origin`` when given: a sender erases what it sent)."""
    link = m.ExchangeLink
    targets: set[str] = set()
    for chunk in _chunks(uuids):
        stmt = select(link.local_uuid).where(
            link.table_name == "people", link.incoming_uuid.in_(chunk)
        )
        if origin is not None:
            stmt = stmt.where(link.origin == origin)
        targets.update(session.scalars(stmt))
        if origin is None:
            targets.update(chunk)
    found: list[m.Person] = []
    for chunk in _chunks(sorted(targets)):
        found += session.scalars(
            select(m.Person).where(m.Person.uuid.in_(chunk)).order_by(m.Person.id)
        ).all()
    return found


# --- the exchange part -------------------------------------------------------------------------


def read_entries(
    wb: ExchangeWorkbook, table: str, problem: Callable[[str, int, str], None]
) -> list[tuple[str, str, dt.datetime | None]]:
    """The erasure entries of a workbook (none in a workbook written before they travelled)."""
    entries: list[tuple[str, str, dt.datetime | None]] = []
    for number, row in enumerate(wb.table(table), start=2):
        try:
            person_uuid = str(uuid_module.UUID(str(row.get("person_uuid"))))
        except ValueError:
            problem(
                table,
                number,
                _("the UUID “{value}” is not valid.").format(value=row.get("person_uuid")),
            )
            continue
        kind = row.get("kind")
        if kind not in KINDS:
            problem(table, number, _("unknown kind of erasure “{value}”.").format(value=kind))
            continue
        at = row.get("recorded_at")
        if isinstance(at, dt.datetime) and at.tzinfo is not None:
            at = at.astimezone(dt.UTC).replace(tzinfo=None)
        entries.append((person_uuid, kind, at if isinstance(at, dt.datetime) else None))
    return entries


def prepare_workbook(
    session: Session, wb: ExchangeWorkbook, incoming: Iterable[tuple[str, str, Any]]
) -> None:
    """Before a merge: every row of the workbook for a person logged here or in the workbook
    loses its names; an erased person's row becomes their placeholder, and registrations follow
    it (talks lose the speaker). An old workbook then cannot bring anyone back."""
    known: dict[str, str] = dict(
        session.execute(select(m.ErasureLog.person_uuid, m.ErasureLog.kind)).all()
    )
    for person_uuid, kind, _at in incoming:
        known[person_uuid] = stronger(known.get(person_uuid), kind)
    if not known:
        return
    replaced: dict[str, str] = {}
    for row in wb.table("people"):
        person_uuid = str(row.get("uuid") or "").strip().lower()
        found = known.get(person_uuid)
        if found is None:
            continue
        for name in PERSONAL_FIELDS:
            if name in row:
                row[name] = None
        row["consent"], row["anonymised"] = False, True
        row["consent_date"] = row["consent_method"] = None
        if found != ANONYMISED:
            row["uuid"] = replaced[person_uuid] = placeholder_uuid(person_uuid)
    if not replaced:
        return
    for row in wb.table("registrations"):
        if row.get("person_uuid") in replaced:
            row["person_uuid"] = replaced[row["person_uuid"]]
    for row in wb.table("agenda_items"):
        if row.get("speaker_uuid") in replaced:
            row["speaker_uuid"] = None
