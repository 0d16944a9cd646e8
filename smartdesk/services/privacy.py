"""The RGPD (GDPR) rights of the people in the database: erasure, anonymisation, retention review
and access requests.

* :func:`erase_person` — the person is gone; their attendance stays as an anonymous count (a
  placeholder record per erased person: see :mod:`smartdesk.services.erasure`).
* :func:`anonymise_person` — the record stays with its attendance, nothing identifies it.
* Both log the person's UUID (never a name) in ``erasure_log``: :func:`reapply_erasures` re-applies
  the log after a restore, and the exchange part carries it so the GAL applies it at its next
  consolidation.
* Freed pages are cleared: every connection runs with ``secure_delete`` (deleted content is
  overwritten, even with a SQLite built without it by default), and after the commit the WAL is
  checkpointed and truncated, so the old versions of the pages leave the ``-wal`` file too.
* :func:`retention_candidates` / :func:`erase_many` — people without consent not seen for N years.
* :func:`export_person_data` — everything held on one person (access request).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.records import PersonRecord
from smartdesk.i18n import _
from smartdesk.services import backups, erasure, files, settings
from smartdesk.services.lookups import get_or_raise
from smartdesk.services.record_builders import person_record

ERASED, DELETED, ANONYMISED = erasure.ERASED, erasure.DELETED, erasure.ANONYMISED

__all__ = [
    "ANONYMISED",
    "DELETED",
    "ERASED",
    "ErasureEntry",
    "RetentionCandidate",
    "anonymise_person",
    "clear_freed_pages",
    "erase_many",
    "erase_person",
    "erased_uuids",
    "export_person_data",
    "reapply_erasures",
    "retention_candidates",
    "write_person_data",
]


@dataclass(frozen=True, slots=True)
class ErasureEntry:
    """One line of the erasure log: a person's UUID, ``erased``/``deleted``/``anonymised``, when."""

    person_uuid: str
    kind: str
    recorded_at: dt.datetime


@dataclass(frozen=True, slots=True)
class RetentionCandidate:
    """A person without consent, and the last day they were seen (None: never registered)."""

    person: PersonRecord
    last_seen: dt.date | None


def clear_freed_pages(db: Database) -> None:
    """Move every committed page into the database file and empty the ``-wal`` file, so the
    versions of pages that held erased data are gone from it (run after the commit)."""
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_person(db: Database, person_id: int) -> None:
    """Erase a person: their record is deleted, their registrations stay counted on an anonymous
    placeholder (same commune and organisation), their UUID is logged; then the freed pages are
    cleared. One transaction."""
    backups.backup_before(db, "erasure")  # a copy first, as before every erasure
    with db.transaction() as s:
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        erasure.erase(s, person)
    clear_freed_pages(db)


def anonymise_person(db: Database, person_id: int) -> PersonRecord:
    """Anonymise a person: nothing identifies the record any more (names, e-mail, phone,
    function, notes, consent, authorship of workshop cards), its attendance stays; the UUID is
    logged and the freed pages are cleared. One transaction."""
    backups.backup_before(db, "erasure")  # a copy first, as before every erasure
    with db.transaction() as s:
        person = get_or_raise(s, m.Person, person_id, _("No person with id {id}."))
        erasure.anonymise(s, person)
        record = person_record(person)
    clear_freed_pages(db)
    return record


def erase_many(db: Database, person_ids: list[int]) -> int:
    """Erase several people in one transaction (the retention review's one action); returns how
    many were erased. An unknown id refuses the whole action."""
    backups.backup_before(db, "erasure")  # a copy first, as before every erasure
    with db.transaction() as s:
        for person_id in dict.fromkeys(person_ids):
            erasure.erase(s, get_or_raise(s, m.Person, person_id, _("No person with id {id}.")))
    clear_freed_pages(db)
    return len(dict.fromkeys(person_ids))


# --- after a restore ---------------------------------------------------------------------------


def erased_uuids(db: Database) -> list[ErasureEntry]:
    """The erasure log, to keep before a database is replaced (see :func:`reapply_erasures`)."""
    with db.reading() as s:
        return [ErasureEntry(*row) for row in erasure.log_rows(s)]


def reapply_erasures(db: Database, entries: list[ErasureEntry]) -> int:
    """Apply again every erasure and anonymisation of ``entries`` (read from the database before
    it was replaced by an older backup) and log them here: a restore never brings anyone back.
    Returns how many people were erased or anonymised again. One transaction."""
    done = 0
    with db.transaction() as s:
        for entry in entries:
            for person in erasure.people_known_as(s, [entry.person_uuid]):
                if entry.kind == ANONYMISED and person.anonymised and not person.name_key:
                    continue  # already anonymised here
                erasure.apply(s, person, entry.kind)
                done += 1
            erasure.log(s, entry.person_uuid, entry.kind, entry.recorded_at)
    clear_freed_pages(db)
    return done


# --- retention review --------------------------------------------------------------------------


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_candidates(
    db: Database, years: int | None = None, today: dt.date | None = None
) -> list[RetentionCandidate]:
    """People without consent (not anonymised) whose last registration is to an event more than
    ``years`` ago — or, never registered, added that long ago. ``years`` defaults to the
    ``retention_years`` setting (3). Oldest first."""
    if years is None:
        years = settings.retention_years(db)
    if years < 1:
        from smartdesk.domain.errors import ValidationError

        raise ValidationError("years", _("The retention period is at least one year."))
    cutoff = dt.datetime.combine(_years_before(today or dt.date.today(), years), dt.time.min)
    reg, event, person = m.Registration, m.Event, m.Person
    last = (
        select(reg.person_id.label("person_id"), func.max(event.start).label("last"))
        .join(event, reg.event_id == event.id)
        .group_by(reg.person_id)
        .subquery()
    )
    seen = func.coalesce(last.c.last, person.created_at)
    with db.reading() as s:
        rows = s.execute(
            select(person, last.c.last)
            .outerjoin(last, last.c.person_id == person.id)
            .where(person.consent.is_(False), person.anonymised.is_(False), seen < cutoff)
            .order_by(seen, person.id)
        ).all()
        return [
            RetentionCandidate(person_record(p), when.date() if when is not None else None)
            for p, when in rows
        ]


# --- access request ----------------------------------------------------------------------------


def _iso(value: Any) -> Any:
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):
        return value.value  # an enum member
    return value


def export_person_data(db: Database, person_id: int) -> dict[str, Any]:
    """Everything held on one person, for an access request: their fields, organisation,
    commune, consent, registrations (event titles and dates), talks, the workshop cards signed
    with their name, and the versions of them the GAL's exchange tables keep. JSON-ready."""
    p, reg, event = m.Person, m.Registration, m.Event
    with db.reading() as s:
        person = get_or_raise(s, p, person_id, _("No person with id {id}."))
        org = person.organisation
        registrations = s.execute(
            select(reg, event)
            .join(event, reg.event_id == event.id)
            .where(reg.person_id == person.id)
            .order_by(event.start, event.id)
        ).all()
        talks = s.scalars(
            select(m.AgendaItem)
            .where(m.AgendaItem.speaker_id == person.id)
            .order_by(m.AgendaItem.id)
        ).all()
        cards = erasure.authored_cards(s, person)
        link, conflict = m.ExchangeLink, m.ExchangeConflict
        links = s.scalars(
            select(link).where(link.table_name == "people", link.local_uuid == person.uuid)
        ).all()
        conflicts = s.scalars(
            select(conflict).where(
                conflict.table_name == "people", conflict.record_uuid == person.uuid
            )
        ).all()
        return {
            "exported_at": _iso(dt.datetime.now(dt.UTC).replace(microsecond=0)),
            "person": {
                "id": person.id,
                "uuid": person.uuid,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "phone": person.phone,
                "function": person.function,
                "notes": person.notes,
                "anonymised": person.anonymised,
                "created_at": _iso(person.created_at),
                "updated_at": _iso(person.updated_at),
            },
            "organisation": {
                "name": org.name,
                "sector": _iso(org.sector),
                "commune": org.commune.name if org.commune else None,
            }
            if org
            else None,
            "commune": person.commune.name if person.commune else None,
            # SmartDesk keeps the present state of consent (given or not, when, how); a
            # withdrawal clears the date and the way it was given.
            "consent": {
                "given": person.consent,
                "date": _iso(person.consent_date),
                "method": _iso(person.consent_method),
            },
            "registrations": [
                {
                    "event": e.title,
                    "kind": _iso(e.kind),
                    "start": _iso(e.start),
                    "venue": e.venue,
                    "commune": e.commune.name if e.commune else None,
                    "status": _iso(r.status),
                    "walk_in": r.walk_in,
                    "registered_at": _iso(r.registered_at),
                    "checked_in_at": _iso(r.checked_in_at),
                }
                for r, e in registrations
            ],
            "talks": [
                {
                    "event": item.event.title,
                    "start": _iso(item.event.start),
                    "title": item.title,
                    "role": item.speaker_role,
                }
                for item in talks
            ],
            "workshop_cards": [
                {
                    "event": card.prompt.workshop.event.title,
                    "question": card.prompt.question,
                    "code": card.code,
                    "text": card.text,
                    "axis": card.axis,
                    "author": card.author,
                    "selected": card.selected,
                }
                for card in cards
            ],
            "exchange": {
                "links": [
                    {"origin": x.origin, "received_as": x.incoming_uuid, "values": x.remote_values}
                    for x in links
                ],
                "conflicts": [
                    {
                        "origin": c.origin,
                        "source": c.source,
                        "kept": c.kept_json,
                        "discarded": c.discarded_json,
                        "detected_at": _iso(c.detected_at),
                    }
                    for c in conflicts
                ],
            },
        }


def write_person_data(db: Database, person_id: int, target: Path | str) -> Path:
    """:func:`export_person_data` as a JSON file (UTF-8, indented), written atomically."""
    data = export_person_data(db, person_id)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    files.write_bytes(target, text.encode("utf-8"))
    return Path(target)
