"""Import people from the lists town halls already have (xlsx, CSV), optionally registering them
to an event.

All or nothing by default: with one invalid row nothing is written and the report says why,
row by row; ``skip_invalid`` imports the valid rows. Duplicates of people already in the
database are skipped or used to update them (``on_duplicate``)."""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import RegistrationStatus, Sector
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.text import email_key, is_valid_email, normalize_name, person_name_key
from smartdesk.i18n import _
from smartdesk.reports.xlsx import (
    MappingError,
    apply_overrides,
    guess_mapping,
    mapped_rows,
    parse_yes_no,
    read_table,
)
from smartdesk.services import bulk
from smartdesk.services._common import commune_by_name, get_or_raise, organisation_by_name
from smartdesk.services.backups import backup_before
from smartdesk.services.people import _apply as apply_person_fields

ON_DUPLICATE = ("skip", "update")
MAX_LENGTHS = {
    "first_name": 200,
    "last_name": 200,
    "email": 254,
    "phone": 40,
    "function": 200,
    "organisation": 200,
    "commune": 120,
    "postal_code": 10,
}

# Words people write in a "sector" column, in the four languages, after normalize_name().
_SECTOR_WORDS = {
    Sector.COMMUNE: (
        "commune",
        "administration",
        "administration communale",
        "cpas",
        "gemeente",
        "gemeinde",
        "municipality",
        "public",
        "pouvoir local",
        "ville",
    ),
    Sector.ASSOCIATION: (
        "association",
        "asbl",
        "vzw",
        "verein",
        "citoyen",
        "initiative citoyenne",
        "club",
        "comite",
        "non profit",
        "ngo",
    ),
    Sector.BUSINESS: (
        "entreprise",
        "business",
        "societe",
        "commerce",
        "independant",
        "bedrijf",
        "onderneming",
        "unternehmen",
        "firma",
        "company",
        "srl",
        "sa",
    ),
    Sector.PARTNER: ("partenaire", "partner", "partenaires", "universite", "agence"),
}
_SECTORS = {word: sector for sector, words in _SECTOR_WORDS.items() for word in words}
_SECTORS.update({s.value: s for s in Sector})


@dataclass(frozen=True, slots=True)
class ImportProblem:
    row: int
    reason: str
    field: str | None = None


@dataclass(slots=True)
class ImportReport:
    source: str
    mapping: dict[str, str]
    rows: int = 0
    created: int = 0
    updated: int = 0
    registered: int = 0
    skipped: list[ImportProblem] = field(default_factory=list)
    invalid: list[ImportProblem] = field(default_factory=list)
    written: bool = False
    dry_run: bool = False
    blocked: bool = False  # invalid rows and no --skip-invalid: nothing is (or would be) written
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None


@dataclass(slots=True)
class _Candidate:
    row: int
    values: dict[str, str]
    consent: bool
    sector: Sector | None
    existing_id: int | None = None


def parse_sector_text(text: str) -> Sector | None:
    key = normalize_name(text)
    if not key:
        return None
    if key in _SECTORS:
        return _SECTORS[key]
    for word in key.split():
        if word in _SECTORS:
            return _SECTORS[word]
    return Sector.OTHER


def infer_sector(organisation: str | None) -> Sector | None:
    """ "Administration communale de Wanze" is a commune, "Jeunesse de Couthuin asbl" an
    association: a sector guessed from the organisation's name, or None."""
    words = set(normalize_name(organisation).split())
    for sector in (Sector.COMMUNE, Sector.ASSOCIATION, Sector.BUSINESS, Sector.PARTNER):
        if any(" " not in w and w in words for w in _SECTOR_WORDS[sector]) or (
            sector == Sector.COMMUNE and "communale" in words
        ):
            return sector
    return None


def _existing_index(session: Session) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Every person's e-mail key and (name key, commune key), loaded once: 10,000 rows must not
    mean 20,000 queries."""
    by_email: dict[str, int] = {}
    by_name: dict[tuple[str, str], int] = {}
    rows = session.execute(
        select(m.Person.id, m.Person.email_key, m.Person.name_key, m.Commune.name)
        .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
        .where(m.Person.anonymised.is_(False))
        .order_by(m.Person.id)
    )
    for pid, ekey, nkey, commune in rows:
        if ekey:
            by_email.setdefault(ekey, pid)
        if nkey:
            by_name.setdefault((nkey, normalize_name(commune)), pid)
    return by_email, by_name


def _match(by_email, by_name, values: dict[str, str]) -> int | None:
    ekey = email_key(values.get("email"))
    if ekey and ekey in by_email:
        return by_email[ekey]
    nkey = person_name_key(values.get("first_name"), values.get("last_name"))
    commune = normalize_name(values.get("commune"))
    found = by_name.get((nkey, commune))
    if found is None and commune:
        found = by_name.get((nkey, ""))  # known without a commune: the same person, surely
    return found


def _validate(number: int, values: dict[str, str], problems: list[ImportProblem]) -> bool:
    ok = True
    for name, label in (("last_name", _("Last name")), ("first_name", _("First name"))):
        if not values.get(name):
            problems.append(
                ImportProblem(number, _("{field} is missing.").format(field=label), name)
            )
            ok = False
    email = values.get("email")
    if email and not is_valid_email(email):
        problems.append(
            ImportProblem(
                number, _("The e-mail address “{value}” is not valid.").format(value=email), "email"
            )
        )
        ok = False
    for name, limit in MAX_LENGTHS.items():
        if len(values.get(name) or "") > limit:
            problems.append(
                ImportProblem(
                    number,
                    _("Too long ({length} characters, at most {max}).").format(
                        length=len(values[name]), max=limit
                    ),
                    name,
                )
            )
            ok = False
    return ok


def import_people(
    db: Database,
    path: Path | str,
    *,
    sheet: str | None = None,
    overrides: Sequence[str] = (),
    dry_run: bool = False,
    skip_invalid: bool = False,
    on_duplicate: str = "skip",
    event_id: int | None = None,
) -> ImportReport:
    """Read, map, validate, then write in one transaction (or not at all). See the module doc."""
    if on_duplicate not in ON_DUPLICATE:
        raise ValidationError("on_duplicate", _("--on-duplicate takes skip or update."))
    table = read_table(path, sheet)
    mapping = apply_overrides(table.headers, guess_mapping(table.headers), overrides)
    fields = set(mapping.values())
    if not ({"last_name", "full_name"} & fields):
        raise MappingError(
            _("No column of {name} holds the last name (headers: {headers}). Say which with --map COLUMN=last_name.")
            .format(name=Path(path).name, headers=", ".join(h or "?" for h in table.headers))
        )  # fmt: skip
    report = ImportReport(
        source=str(path),
        mapping={table.column_name(i): f for i, f in mapping.items()},
        dry_run=dry_run,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
    )
    if dry_run:
        with db.reading() as s:
            _plan(s, table, mapping, report, event_id, on_duplicate, skip_invalid)
        return report
    backup_before(db, "import")
    # The plan is made inside the write transaction (BEGIN IMMEDIATE): two imports of the same
    # file started together are serialised, and the second sees the first one's people.
    with db.transaction() as s:
        candidates = _plan(s, table, mapping, report, event_id, on_duplicate, skip_invalid)
        if report.blocked:
            return report  # all or nothing: nothing written
        ids = _write(s, candidates, on_duplicate)
        if event_id is not None:
            report.registered = _register(s, event_id, ids)
    report.written = True
    return report


def _plan(
    s: Session,
    table,
    mapping: dict[int, str],
    report: ImportReport,
    event_id: int | None,
    on_duplicate: str,
    skip_invalid: bool,
) -> list[_Candidate]:
    """Validate every row and match it against the people already known (in ``s``); fill the
    report's problems and counts; return what would be written."""
    if event_id is not None:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
    by_email, by_name = _existing_index(s)
    candidates: list[_Candidate] = []
    seen_email: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for number, values in mapped_rows(table, mapping):
        report.rows += 1
        if not _validate(number, values, report.invalid):
            continue
        ekey = email_key(values.get("email"))
        nkey = (
            person_name_key(values["first_name"], values["last_name"]),
            normalize_name(values.get("commune")),
        )
        first = seen_email.get(ekey) if ekey else None
        first = first if first is not None else seen_name.get(nkey)
        if first is not None:
            report.invalid.append(
                ImportProblem(number, _("Same person as row {row}.").format(row=first))
            )
            continue
        if ekey:
            seen_email[ekey] = number
        seen_name[nkey] = number
        consent = parse_yes_no(values.get("consent")) is True
        sector = parse_sector_text(values.get("sector") or "") or infer_sector(
            values.get("organisation")
        )
        candidate = _Candidate(number, values, consent, sector, _match(by_email, by_name, values))
        if candidate.existing_id is not None and on_duplicate == "skip":
            report.skipped.append(
                ImportProblem(
                    number,
                    _("Already known (person #{id}): skipped.").format(id=candidate.existing_id),
                )
            )
        candidates.append(candidate)
    report.created = sum(1 for c in candidates if c.existing_id is None)
    report.updated = sum(
        1 for c in candidates if c.existing_id is not None and on_duplicate == "update"
    )
    report.blocked = bool(report.invalid) and not skip_invalid
    return candidates


def _write(s: Session, candidates: list[_Candidate], on_duplicate: str) -> list[int]:
    """Insert new people in bulk, update known ones if asked; return every person's id."""
    communes: dict[str, int | None] = {}
    orgs: dict[tuple[str, int | None], int | None] = {}

    def commune_id(name: str, postal_code: str) -> int | None:
        key = normalize_name(name)
        if key not in communes:
            commune = commune_by_name(s, name, postal_code or None)
            communes[key] = commune.id if commune else None
        return communes[key]

    def organisation_id(name: str, sector: Sector | None, commune: int | None) -> int | None:
        key = (normalize_name(name), commune)
        if key not in orgs:
            org = organisation_by_name(
                s, name, sector, s.get(m.Commune, commune) if commune else None
            )
            orgs[key] = org.id if org else None
        return orgs[key]

    today = dt.date.today()
    new_rows, new_uuids, ids = [], [], []
    for c in candidates:
        v = c.values
        if c.existing_id is not None:
            ids.append(c.existing_id)
            if on_duplicate == "update":
                person = s.get_one(m.Person, c.existing_id)
                changes: dict[str, object] = {
                    k: v[k]
                    for k in ("email", "phone", "function", "organisation", "commune", "notes")
                    if v.get(k)
                }
                if c.sector is not None and v.get("organisation"):
                    changes["sector"] = c.sector
                if c.consent:
                    changes["consent"] = True
                apply_person_fields(s, person, changes)
            continue
        cid = commune_id(v["commune"], v.get("postal_code", "")) if v.get("commune") else None
        uid = str(uuidlib.uuid4())
        new_uuids.append(uid)
        new_rows.append({
            "uuid": uid,
            "first_name": v["first_name"],
            "last_name": v["last_name"],
            "email": v.get("email") or None,
            "phone": v.get("phone") or None,
            "function": v.get("function") or None,
            "notes": v.get("notes") or None,
            "commune_id": cid,
            "organisation_id": organisation_id(v["organisation"], c.sector, cid) if v.get("organisation") else None,
            "consent": c.consent,
            # The list says yes: the day it was imported is the only date known for it.
            "consent_date": today if c.consent else None,
        })  # fmt: skip
    s.flush()
    bulk.insert_people(s, new_rows)
    for start in range(0, len(new_uuids), 900):  # SQLite's bound-parameter limit
        chunk = new_uuids[start : start + 900]
        ids.extend(s.scalars(select(m.Person.id).where(m.Person.uuid.in_(chunk))))
    return ids


def _register(s: Session, event_id: int, person_ids: list[int]) -> int:
    known = set(
        s.scalars(select(m.Registration.person_id).where(m.Registration.event_id == event_id))
    )
    rows = [
        {
            "event_id": event_id,
            "person_id": pid,
            "status": RegistrationStatus.REGISTERED,
            "walk_in": False,
        }
        for pid in dict.fromkeys(person_ids)
        if pid not in known
    ]
    return bulk.insert_rows(s, m.Registration, rows)
