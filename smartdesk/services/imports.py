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
import uuid as uuidlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import RegistrationStatus, Sector
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.phones import normalize_phone
from smartdesk.domain.text import email_key, is_valid_email, normalize_name, person_name_key
from smartdesk.i18n import N_, _
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
from smartdesk.reports.xlsx.mapping import cell_text
from smartdesk.services import bulk
from smartdesk.services.backups import backup_before
from smartdesk.services.import_report import ImportProblem as ImportProblem
from smartdesk.services.import_report import ImportReport as ImportReport
from smartdesk.services.import_report import field_change_text as field_change_text
from smartdesk.services.import_report import field_label as field_label
from smartdesk.services.import_report import report_lines as report_lines
from smartdesk.services.import_report import report_summary as report_summary
from smartdesk.services.import_report import save_report as save_report
from smartdesk.services.import_updates import Incoming, plan_changes
from smartdesk.services.lookups import commune_by_name, get_or_raise, organisation_by_name
from smartdesk.services.people import _apply as apply_person_fields
from smartdesk.services.places import CommuneResolver
from smartdesk.services.sector_words import infer_sector as infer_sector
from smartdesk.services.sector_words import parse_sector_text as parse_sector_text
from smartdesk.services.sector_words import sector_of

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
    consent: bool | None  # None: the file says nothing
    sector: Sector | None  # from the file's sector column
    consent_date: dt.date | None = None
    existing_id: int | None = None
    action: str = "create"  # create, update or skip (a known person left as is)
    postal_code: str | None = None
    guessed_sector: Sector | None = None  # from the organisation's name, for a new one only
    update_fields: dict[str, object] = field(default_factory=dict)  # only what differs


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


MAPPABLE_FIELDS: tuple[str, ...] = (IGNORE, *FIELDS)


def _check_arguments(table: Table, mapping: Mapping[int, str], on_duplicate: str) -> None:
    if on_duplicate not in DUPLICATE_CHOICES:
        raise ValidationError("on_duplicate", _("--on-duplicate takes skip or update."))
    if mapping_problem(table, mapping):
        sheets = ""
        if len(table.sheets) > 1:
            sheets = " " + _(
                "Its sheets: {sheets}; the data may be on another one (--sheet NAME)."
            ).format(sheets=", ".join(table.sheets))
        raise MappingError(
            _("No column of {name} holds the last name (headers: {headers}). Say which with --map COLUMN=last_name.")
            .format(name=Path(table.source).name, headers=", ".join(h or "?" for h in table.headers))
            + sheets
        )  # fmt: skip
    for index, name in mapping.items():
        if name == "sector":
            unknown = sorted({
                text for text in (cell_text(r.values[index]) for r in table.rows if index < len(r.values))
                if text and sector_of(text) is None
            })  # fmt: skip
            if unknown:
                raise MappingError(
                    _("The column “{column}” holds sectors SmartDesk does not know: {values}. "
                      "Write commune, association, entreprise, partenaire or autre, or do not "
                      "import that column (--map “{column}”=ignore).")
                    .format(column=table.column_name(index), values=", ".join(unknown[:20]))
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


_SKIPPED_LINES = {
    "total": N_("A total line, not a person: skipped."),
    "blank": N_("A blank line: skipped."),
}


def _columns(table: Table, mapping: Mapping[int, str]) -> dict[str, str]:
    """Field → the file's own header, for the report ("Courriel", not "E-mail")."""
    columns = {f: table.column_name(i) for i, f in mapping.items() if f != IGNORE}
    if "full_name" in columns:
        for name in ("first_name", "last_name"):
            columns.setdefault(name, columns["full_name"])
    return columns


def _parse_consent_date(text: str | None) -> dt.date | None:
    """A consent date as a spreadsheet gives it: ISO (a real Excel date) or 15/03/2024."""
    text = (text or "").strip()
    if not text:
        return None
    for layout in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M"):
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


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
    report's problems, warnings, changes and counts; return what would be written."""
    total = len(table.rows)
    if event_id is not None:
        get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
    columns = _columns(table, mapping)
    for number, kind in table.skipped:
        report.skipped.append(ImportProblem(number, _(_SKIPPED_LINES[kind])))
    report.lines_skipped = len(table.skipped)
    by_email, by_name = _existing_index(s)
    places = CommuneResolver(s.scalars(select(m.Commune.name)))
    candidates: list[_Candidate] = []
    seen_email: dict[str, int] = {}
    seen_name: dict[tuple[str, str], int] = {}
    warnings = report.warnings

    def warn(number: int, reason: str, name: str) -> None:
        warnings.append(ImportProblem(number, reason, name, columns.get(name)))

    for number, values in mapped_rows(table, mapping):
        report.rows += 1
        if progress is not None and report.rows % _PROGRESS_EVERY == 0:
            progress(report.rows, total)
        problems: list[ImportProblem] = []
        if not _validate(number, values, problems):
            report.invalid += [
                ImportProblem(p.row, p.reason, p.field, columns.get(p.field or ""))
                for p in problems
            ]
            continue
        if values.get("phone"):
            phone = normalize_phone(values["phone"])
            if phone is not None and not phone.valid:
                warn(number, _("The phone number “{value}” could not be read; kept as written.")
                     .format(value=values["phone"]), "phone")  # fmt: skip
            values["phone"] = phone.text if phone else ""
        postal_code = values.get("postal_code", "")
        if values.get("commune") or postal_code:
            written = values.get("commune") or postal_code
            commune, resolved_code = places.commune(values.get("commune", ""), postal_code)
            postal_code = resolved_code or ""
            if commune is None:
                warn(number, _("“{place}” is no Belgian commune or locality that SmartDesk knows: imported without a commune.")
                     .format(place=written), "commune" if values.get("commune") else "postal_code")  # fmt: skip
            values["commune"] = commune or ""
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
        consent_text = values.get("consent")
        consent = parse_yes_no(consent_text) if "consent" in values else None
        consent_date = _parse_consent_date(values.get("consent_date"))
        if consent is None and _parse_consent_date(consent_text) is not None:
            consent, consent_date = True, _parse_consent_date(consent_text)  # a date says yes
        sector = sector_of(values["sector"]) if values.get("sector") else None
        candidate = _Candidate(
            number, values, consent, sector, consent_date,
            _match(by_email, by_name, values), postal_code=postal_code or None,
            guessed_sector=infer_sector(values.get("organisation")),
        )  # fmt: skip
        if candidate.existing_id is not None:
            candidate.action = choices.get(number, on_duplicate)
        if sector is not None and not values.get("organisation") and candidate.action == "create":
            warn(number, _("The sector “{value}” was not kept: SmartDesk keeps a sector on an organisation, and this row names none.")
                 .format(value=values["sector"]), "sector")  # fmt: skip
        candidates.append(candidate)
    if progress is not None:
        progress(total, total)
    # Who each skipped row is, as the user knows them (never the record's number).
    skipped = [c for c in candidates if c.action == "skip" and c.existing_id is not None]
    known = _known(s, [c.existing_id for c in skipped if c.existing_id is not None])
    report.skipped += [
        ImportProblem(
            c.row,
            _("Already known as {person}: skipped.").format(person=known.get(c.existing_id, "")),
        )
        for c in skipped
        if c.existing_id is not None
    ]
    _plan_updates(s, candidates, report, columns)
    report.created = sum(1 for c in candidates if c.action == "create")
    report.updated = len({c.person_id for c in report.changes})
    report.unchanged = sum(1 for c in candidates if c.action == "update") - report.updated
    report.skipped.sort(key=lambda p: p.row)
    report.warnings.sort(key=lambda p: p.row)
    report.blocked = bool(report.invalid) and not skip_invalid
    return candidates


def _plan_updates(
    s: Session, candidates: list[_Candidate], report: ImportReport, columns: dict[str, str]
) -> None:
    """The changes each update would make, in the report; the fields to write, on each row."""
    updating = [c for c in candidates if c.action == "update" and c.existing_id is not None]
    incoming = (
        Incoming(c.row, c.existing_id, c.values, c.consent, c.consent_date, c.sector)
        for c in updating
        if c.existing_id is not None
    )
    updates, changes, conflicts = plan_changes(s, incoming)
    report.changes.extend(changes)
    for row, org, old, new in conflicts:
        report.warnings.append(ImportProblem(
            row,
            _("The organisation “{name}” is of the sector “{old}”; the file says “{new}”. "
              "Left as it is: change it on the organisation if the file is right.")
            .format(name=org, old=_(Sector(old).label), new=_(Sector(new).label)),
            "sector", columns.get("sector"),
        ))  # fmt: skip
    for c in updating:
        c.update_fields = updates.get(c.row, {})


def _duplicates(s: Session, candidates: list[_Candidate]) -> list[PossibleDuplicate]:
    """The rows matched to a known person, with both sides described for the user."""
    matched = [c for c in candidates if c.existing_id is not None]
    known = _known(s, [c.existing_id for c in matched if c.existing_id is not None])
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


def _known(s: Session, person_ids: list[int]) -> dict[int, str]:
    """Each known person described as the user reads them: name (e-mail, commune)."""
    known: dict[int, str] = {}
    ids = sorted(set(person_ids))
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        rows = s.execute(
            select(m.Person.id, m.Person.first_name, m.Person.last_name, m.Person.email, m.Commune.name)
            .outerjoin(m.Commune, m.Person.commune_id == m.Commune.id)
            .where(m.Person.id.in_(ids[start : start + 900]))
        )  # fmt: skip
        for pid, first, last, email, commune in rows:
            known[pid] = _describe(first, last, email, commune)
    return known


def _describe(first: str | None, last: str | None, email: str | None, commune: str | None) -> str:
    name = " ".join(p for p in (first, last) if p)
    extra = ", ".join(p for p in (email, commune) if p)
    return f"{name} ({extra})" if extra else name


def _write(s: Session, candidates: list[_Candidate], progress: Progress | None) -> list[int]:
    """Insert new people in bulk, apply the planned changes to known ones; return every
    person's id."""
    communes: dict[str, int | None] = {}
    orgs: dict[tuple[str, int | None], int | None] = {}
    known_orgs = set(s.scalars(select(m.Organisation.id)))

    def commune_id(name: str, postal_code: str | None) -> int | None:
        key = normalize_name(name)
        if key not in communes:
            commune = commune_by_name(s, name, postal_code or None)
            communes[key] = commune.id if commune else None
        return communes[key]

    def organisation_id(c: _Candidate, commune: int | None) -> int | None:
        key = (normalize_name(c.values["organisation"]), commune)
        if key not in orgs:
            org = organisation_by_name(
                s,
                c.values["organisation"],
                c.sector,
                s.get(m.Commune, commune) if commune else None,
            )
            if org is not None and org.id not in known_orgs and org.sector == Sector.OTHER:
                # A new organisation may take the sector its name suggests; a known one never
                # changes because of a guess.
                org.sector = c.guessed_sector or Sector.OTHER
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
            if c.action == "update" and c.update_fields:
                _update(s, s.get_one(m.Person, c.existing_id), dict(c.update_fields))
            continue
        cid = commune_id(v["commune"], c.postal_code) if v.get("commune") else None
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
            "organisation_id": organisation_id(c, cid) if v.get("organisation") else None,
            "consent": bool(c.consent),
            # The file's date when it gives one; else the day of the import, the only one known.
            "consent_date": (c.consent_date or today) if c.consent else None,
        })  # fmt: skip
    s.flush()
    bulk.insert_people(s, new_rows)
    for start in range(0, len(new_uuids), 900):  # SQLite's bound-parameter limit
        chunk = new_uuids[start : start + 900]
        ids.extend(s.scalars(select(m.Person.id).where(m.Person.uuid.in_(chunk))))
    return ids


def _update(s: Session, person: m.Person, fields: dict[str, object]) -> None:
    """Apply the planned changes; a sector only ever fills an organisation's unknown one."""
    sector = fields.pop("sector", None)
    if fields:
        apply_person_fields(s, person, fields)
    org = person.organisation
    if isinstance(sector, Sector) and org is not None and org.sector == Sector.OTHER:
        org.sector = sector


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
