"""Import people from the lists town halls already have (xlsx, CSV), optionally registering them
to an event.

All or nothing by default: with one invalid row nothing is written and the report says why,
row by row; ``skip_invalid`` imports the valid rows. Duplicates of people already in the
database are skipped or used to update them (``on_duplicate``), or — row by row, from the
import wizard — created anyway (``choices``).

One code path, in phases, for the command line and the wizard:
:func:`read_source` (the file as read) → :func:`column_mapping` (guessed, corrected) →
:func:`check_import` (the dry run: bad rows, possible duplicates) → :func:`run_import` (the
write, in one transaction). :func:`import_people` chains them for ``smartdesk import people``."""

from __future__ import annotations

import datetime as dt
import io
import uuid as uuidlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import RegistrationStatus, Sector
from smartdesk.domain.errors import SmartDeskError, ValidationError
from smartdesk.domain.text import email_key, is_valid_email, normalize_name, person_name_key
from smartdesk.i18n import _, format_number
from smartdesk.reports.csv_export import write_csv
from smartdesk.reports.xlsx import (
    FIELDS,
    IGNORE,
    MappingError,
    Table,
    apply_overrides,
    guess_mapping,
    mapped_rows,
    parse_yes_no,
    read_table,
)
from smartdesk.services import bulk
from smartdesk.services.backups import backup_before
from smartdesk.services.lookups import commune_by_name, get_or_raise, organisation_by_name
from smartdesk.services.people import _apply as apply_person_fields

ON_DUPLICATE = ("skip", "update")
#: What the wizard offers for each possible duplicate: "create" makes a new person anyway
#: (two namesakes in the same commune are not rare in a village).
DUPLICATE_CHOICES = ("skip", "update", "create")
#: ``progress(done, total)``: may raise OperationCancelled, which rolls the import back.
Progress = Callable[[int, int], None]
_PROGRESS_EVERY = 500
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


@dataclass(frozen=True, slots=True)
class PossibleDuplicate:
    """A row of the file that looks like someone already in the database."""

    row: int
    person_id: int
    in_file: str  # the row's name, e-mail and commune, as the user reads them
    known: str  # the known person's, same shape


@dataclass(slots=True)
class ImportCheck:
    """The dry run of an import: its report and the possible duplicates to decide on."""

    report: ImportReport
    duplicates: list[PossibleDuplicate] = field(default_factory=list)


@dataclass(slots=True)
class _Candidate:
    row: int
    values: dict[str, str]
    consent: bool
    sector: Sector | None
    existing_id: int | None = None
    action: str = "create"  # create, update or skip (a known person left as is)


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


def read_source(path: Path | str, sheet: str | None = None) -> Table:
    """The file as read (xlsx: ``sheet`` or the active one; CSV: encoding and separator
    detected), with the safety limits of untrusted files."""
    return read_table(path, sheet)


def column_mapping(table: Table, overrides: Sequence[str] = ()) -> dict[int, str]:
    """Column index → field: guessed from the headers, corrected by ``COLUMN=field`` items."""
    return apply_overrides(table.headers, guess_mapping(table.headers), overrides)


def mapping_problem(table: Table, mapping: Mapping[int, str]) -> str | None:
    """Why this mapping cannot be imported (in words), or None."""
    fields = set(mapping.values())
    if not ({"last_name", "full_name"} & fields):
        return _("No column holds the last name (or the full name).")
    return None


def field_label(name: str) -> str:
    """A field's name as the user reads it (mapping combos, reports)."""
    labels = {
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "full_name": _("Full name (first and last)"),
        "email": _("E-mail"),
        "phone": _("Phone"),
        "function": _("Function"),
        "organisation": _("Organisation"),
        "sector": _("Sector"),
        "commune": _("Commune"),
        "postal_code": _("Postal code"),
        "consent": _("Consent to be contacted"),
        "notes": _("Notes"),
        IGNORE: _("(do not import)"),
    }
    return labels.get(name, name)


MAPPABLE_FIELDS: tuple[str, ...] = (IGNORE, *FIELDS)


def _check_arguments(table: Table, mapping: Mapping[int, str], on_duplicate: str) -> None:
    if on_duplicate not in DUPLICATE_CHOICES:
        raise ValidationError("on_duplicate", _("--on-duplicate takes skip or update."))
    if mapping_problem(table, mapping):
        raise MappingError(
            _("No column of {name} holds the last name (headers: {headers}). Say which with --map COLUMN=last_name.")
            .format(name=Path(table.source).name, headers=", ".join(h or "?" for h in table.headers))
        )  # fmt: skip


def _new_report(table: Table, mapping: Mapping[int, str], dry_run: bool) -> ImportReport:
    return ImportReport(
        source=str(table.source),
        mapping={table.column_name(i): f for i, f in mapping.items() if f != IGNORE},
        dry_run=dry_run,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
    )


def check_import(
    db: Database,
    table: Table,
    mapping: Mapping[int, str],
    *,
    on_duplicate: str = "skip",
    choices: Mapping[int, str] | None = None,
    skip_invalid: bool = False,
    event_id: int | None = None,
    progress: Progress | None = None,
) -> ImportCheck:
    """The dry run: every row validated and matched, nothing written. ``choices`` (row number →
    skip, update or create) overrides ``on_duplicate`` for the rows it names."""
    _check_arguments(table, mapping, on_duplicate)
    report = _new_report(table, mapping, dry_run=True)
    with db.reading() as s:
        candidates = _plan(
            s, table, dict(mapping), report, event_id, on_duplicate, skip_invalid,
            choices or {}, progress,
        )  # fmt: skip
        duplicates = _duplicates(s, candidates)
    return ImportCheck(report, duplicates)


def run_import(
    db: Database,
    table: Table,
    mapping: Mapping[int, str],
    *,
    on_duplicate: str = "skip",
    choices: Mapping[int, str] | None = None,
    skip_invalid: bool = False,
    event_id: int | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Validate again and write in one transaction, or nothing at all (invalid rows without
    ``skip_invalid``, or OperationCancelled raised by ``progress``)."""
    _check_arguments(table, mapping, on_duplicate)
    report = _new_report(table, mapping, dry_run=False)
    # The plan is made inside the write transaction (BEGIN IMMEDIATE): two imports of the same
    # file started together are serialised, and the second sees the first one's people.
    with db.transaction() as s:
        candidates = _plan(
            s, table, dict(mapping), report, event_id, on_duplicate, skip_invalid,
            choices or {}, progress,
        )  # fmt: skip
        if report.blocked:
            return report  # all or nothing: nothing written, so no backup either
        # Taken under our write lock, from a connection of its own: exactly the file this
        # import is about to change (a refused import no longer copies the whole file).
        backup_before(db, "import")
        ids = _write(s, candidates, progress)
        if event_id is not None:
            report.registered = _register(s, event_id, ids)
        if progress is not None:
            progress(len(candidates), len(candidates))  # the last chance to cancel
    report.written = True
    return report


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
    table = read_source(path, sheet)
    mapping = column_mapping(table, overrides)
    options = {"on_duplicate": on_duplicate, "skip_invalid": skip_invalid, "event_id": event_id}
    if dry_run:
        return check_import(db, table, mapping, **options).report  # type: ignore[arg-type]
    return run_import(db, table, mapping, **options)  # type: ignore[arg-type]


def _plan(
    s: Session,
    table,
    mapping: dict[int, str],
    report: ImportReport,
    event_id: int | None,
    on_duplicate: str,
    skip_invalid: bool,
    choices: Mapping[int, str],
    progress: Progress | None,
) -> list[_Candidate]:
    """Validate every row and match it against the people already known (in ``s``); fill the
    report's problems and counts; return what would be written."""
    total = len(table.rows)
    if event_id is not None:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
    by_email, by_name = _existing_index(s)
    candidates: list[_Candidate] = []
    seen_email: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    for number, values in mapped_rows(table, mapping):
        report.rows += 1
        if progress is not None and report.rows % _PROGRESS_EVERY == 0:
            progress(report.rows, total)
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
        if candidate.existing_id is not None:
            candidate.action = choices.get(number, on_duplicate)
        if candidate.action == "skip":
            report.skipped.append(
                ImportProblem(
                    number,
                    _("Already known (person #{id}): skipped.").format(id=candidate.existing_id),
                )
            )
        candidates.append(candidate)
    if progress is not None:
        progress(total, total)
    report.created = sum(1 for c in candidates if c.action == "create")
    report.updated = sum(1 for c in candidates if c.action == "update")
    report.blocked = bool(report.invalid) and not skip_invalid
    return candidates


def _duplicates(s: Session, candidates: list[_Candidate]) -> list[PossibleDuplicate]:
    """The rows matched to a known person, with both sides described for the user."""
    matched = [c for c in candidates if c.existing_id is not None]
    known: dict[int, str] = {}
    ids = sorted({c.existing_id for c in matched if c.existing_id is not None})
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        rows = s.execute(
            select(m.Person.id, m.Person.first_name, m.Person.last_name, m.Person.email, m.Commune.name)
            .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
            .where(m.Person.id.in_(ids[start : start + 900]))
        )  # fmt: skip
        for pid, first, last, email, commune in rows:
            known[pid] = _describe(first, last, email, commune)
    return [
        PossibleDuplicate(
            c.row,
            c.existing_id,
            _describe(
                c.values.get("first_name"),
                c.values.get("last_name"),
                c.values.get("email"),
                c.values.get("commune"),
            ),  # fmt: skip
            known.get(c.existing_id, ""),
        )
        for c in matched
        if c.existing_id is not None
    ]


def _describe(first: str | None, last: str | None, email: str | None, commune: str | None) -> str:
    name = " ".join(p for p in (first, last) if p)
    extra = ", ".join(p for p in (email, commune) if p)
    return f"{name} ({extra})" if extra else name


def _write(s: Session, candidates: list[_Candidate], progress: Progress | None) -> list[int]:
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
    for done, c in enumerate(candidates, start=1):
        if progress is not None and done % _PROGRESS_EVERY == 0:
            progress(done, len(candidates))
        v = c.values
        if c.action != "create" and c.existing_id is not None:
            ids.append(c.existing_id)
            if c.action == "update":
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


def report_lines(report: ImportReport) -> list[tuple[int, str, str, str]]:
    """(row, outcome, field, reason) for every row not simply created, in row order."""
    lines = [(p.row, _("Refused"), field_label(p.field) if p.field else "", p.reason)
             for p in report.invalid]  # fmt: skip
    lines += [(p.row, _("Skipped"), "", p.reason) for p in report.skipped]
    return sorted(lines, key=lambda line: line[0])


def report_summary(report: ImportReport) -> list[str]:
    """The report's counts, one sentence each, as the wizard shows them."""
    lines = [
        _("File: {source}").format(source=Path(report.source).name),
        _("Rows read: {n}").format(n=format_number(report.rows)),
    ]
    if report.blocked:
        lines.append(_("Nothing was imported: correct the refused rows, or skip them."))
    lines += [
        _("Created: {n}").format(n=format_number(report.created if report.written else 0)),
        _("Updated: {n}").format(n=format_number(report.updated if report.written else 0)),
        _("Skipped: {n}").format(n=format_number(len(report.skipped))),
        _("Refused: {n}").format(n=format_number(len(report.invalid))),
    ]
    if report.registered:
        lines.append(_("Registered to the event: {n}").format(n=format_number(report.registered)))
    return lines


def save_report(report: ImportReport, path: Path | str) -> Path:
    """Save an import's report: ``.csv`` as a table (Excel on a Belgian Windows), any other
    name as plain text (summary, then one line per row skipped or refused)."""
    path = Path(path)
    headers = [_("Row"), _("Outcome"), _("Field"), _("Reason")]
    try:
        if path.suffix.lower() == ".csv":
            write_csv(path, headers, report_lines(report))
            return path
        out = io.StringIO()
        for line in report_summary(report):
            out.write(line + "\n")
        out.write("\n")
        for row, outcome, field_name, reason in report_lines(report):
            where = f"{field_name}: " if field_name else ""
            out.write(_("Row {row}").format(row=row) + f"\t{outcome}\t{where}{reason}\n")
        path.write_text(out.getvalue(), encoding="utf-8-sig", newline="\r\n")
    except OSError as exc:
        raise SmartDeskError(
            _("The report could not be saved to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc
            )
        ) from None
    return path
