"""Consolidation at the GAL: import the exchange workbooks of several communes into one database.

Each file is read completely and checked before anything is written, then merged in one
transaction of its own: a file that is refused changes nothing, the others are imported. See
``merging`` for how records are recognised (UUIDs, then the same person, commune or organisation
under another UUID) and how changes made at both ends are settled.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from smartdesk.db.session import Database
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.exchange import ExchangeWorkbook
from smartdesk.i18n import _, format_datetime, ngettext
from smartdesk.reports.xlsx import read_exchange_workbook
from smartdesk.services import privacy, settings
from smartdesk.services.backups import backup_before
from smartdesk.services.exchange.conflicts import Conflict
from smartdesk.services.exchange.matching import Refused
from smartdesk.services.exchange.merging import TableCounts, WorkbookMerge
from smartdesk.services.exchange.origins import origin_key
from smartdesk.services.exchange.pseudonyms import key_check
from smartdesk.services.files import scratch_folder


@dataclass(slots=True)
class FileReport:
    """What happened to one workbook: imported (``ok``) with counts per table, or refused."""

    path: Path
    ok: bool = False
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    origin: str | None = None
    tables: dict[str, TableCounts] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    #: What the coordinator should know although the file was imported (no shared key …).
    warnings: list[str] = field(default_factory=list)

    @property
    def totals(self) -> TableCounts:
        total = TableCounts()
        for counts in self.tables.values():
            for key, value in counts.as_dict().items():
                setattr(total, key, getattr(total, key) + value)
        return total


@dataclass(slots=True)
class ConsolidationReport:
    """What a consolidation did, file by file (``dry_run``: what it would do)."""

    files: list[FileReport]
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def imported(self) -> list[FileReport]:
        return [f for f in self.files if f.ok]

    @property
    def refused(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]


class _RollBack(Exception):
    pass


def _import_file(db: Database, path: Path, roll_back: bool) -> FileReport:
    report = FileReport(path=path)
    try:
        workbook = read_exchange_workbook(path)
    except SmartDeskError as exc:
        report.error = exc.message
        return report
    origin = workbook.header.origin
    report.origin = origin.commune or origin.organisation or path.name
    merge: WorkbookMerge | None = None
    try:
        with db.transaction() as s:
            ours = key_check(settings.exchange_key(s))
            shared = ours is not None and ours == origin.person_key_check
            if not shared and (warning := _unshared_key(workbook, path, ours)):
                report.warnings.append(warning)
            if workbook.saved_again_at is not None:
                report.warnings.append(_saved_again(workbook.saved_again_at, path))
            key = origin_key(origin, path)
            merge = WorkbookMerge(s, workbook, key, path.name, pseudonyms=shared)
            merge.run()
            s.flush()
            if roll_back:
                raise _RollBack
    except _RollBack:
        pass
    except Refused as exc:
        report.problems = exc.problems
        report.error = ngettext(
            "{name} was not imported: {n} row does not fit (nothing was written).",
            "{name} was not imported: {n} rows do not fit (nothing was written).",
            len(exc.problems),
        ).format(name=path.name, n=len(exc.problems))
        return report
    except IntegrityError as exc:
        report.error = _(
            "{name} was not imported: it contradicts the database ({reason}); nothing was written."
        ).format(name=path.name, reason=str(exc.orig))
        return report
    assert merge is not None  # the transaction ran to its end
    report.ok = True
    report.tables = merge.counts
    report.conflicts = merge.conflicts
    return report


def _saved_again(at: dt.datetime, path: Path) -> str:
    """The edits typed into the visible sheets of a workbook saved again are not imported:
    say so (the hidden exchange part is sealed: an edit there is refused outright)."""
    local = at.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)
    return _(
        "{name} was saved again after its export ({date}): only its hidden exchange part is "
        "imported; changes typed into its visible sheets are not. Ask for a new export if "
        "something was corrected there."
    ).format(name=path.name, date=format_datetime(local))


def _unshared_key(workbook: ExchangeWorkbook, path: Path, ours: str | None) -> str | None:
    """Why the people of ``workbook`` who may not be named cannot be recognised in other
    communes' files (None when there are none): no key here, none there, or another one."""
    unnamed = sum(
        1
        for row in workbook.table("people")
        if not row.get("anonymised") and (workbook.header.anonymous or not row.get("consent"))
    )
    if not unnamed:
        return None
    theirs = workbook.header.origin.person_key_check
    if ours is None:
        text = ngettext(
            "No exchange key is set here: {n} person of {name} who may not be named cannot be "
            "recognised in the other communes' files and may be counted twice. Enter the "
            "exchange key the GAL shares with its communes in the settings.",
            "No exchange key is set here: {n} people of {name} who may not be named cannot be "
            "recognised in the other communes' files and may be counted twice. Enter the "
            "exchange key the GAL shares with its communes in the settings.",
            unnamed,
        )
    elif theirs is None:
        text = ngettext(
            "{name} was exported without the exchange key: {n} person who may not be named "
            "cannot be recognised in the other communes' files and may be counted twice.",
            "{name} was exported without the exchange key: {n} people who may not be named "
            "cannot be recognised in the other communes' files and may be counted twice.",
            unnamed,
        )
    else:
        text = ngettext(
            "{name} was exported with another exchange key than this database's: {n} person "
            "who may not be named cannot be recognised in the other communes' files and may be "
            "counted twice.",
            "{name} was exported with another exchange key than this database's: {n} people "
            "who may not be named cannot be recognised in the other communes' files and may be "
            "counted twice.",
            unnamed,
        )
    return text.format(name=path.name, n=unnamed)


@contextlib.contextmanager
def _scratch_copy(db: Database) -> Iterator[Database]:
    """A throw-away copy of the database file (SQLite's online backup: WAL included), in a
    folder beside the database: it holds personal data (see services.files)."""
    assert db.path is not None
    with scratch_folder(Path(db.path).parent, "dry-run") as folder:
        path = folder / "dry-run.db"
        with db.engine.connect() as conn:
            target = sqlite3.connect(path)
            try:
                conn.connection.driver_connection.backup(target)  # type: ignore[union-attr]
            finally:
                target.close()
        scratch = Database.at_path(path)
        try:
            yield scratch
        finally:
            scratch.dispose()


def consolidate(
    db: Database,
    paths: Iterable[Path | str],
    dry_run: bool = False,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ConsolidationReport:
    """Import exchange workbooks into ``db``, each file in its own transaction, in the order
    given; report what was added, updated, unchanged and in conflict, per file and table.

    ``dry_run`` computes the same report and writes nothing: the files are imported into a
    throw-away copy of the database, so later files see what earlier ones would have added.
    ``progress(done, total)`` is told of each file before it is read; when it raises (the
    desktop's Cancel), the files already imported stay imported — each is its own transaction.
    """
    files = [Path(p) for p in paths]

    def each(target: Database, roll_back: bool) -> list[FileReport]:
        reports = []
        for i, path in enumerate(files):
            if progress is not None:
                progress(i, len(files))
            reports.append(_import_file(target, path, roll_back))
        return reports

    if not dry_run:
        backup_before(db, "consolidation")
    if dry_run and db.path is not None and db.engine.dialect.name == "sqlite":
        with _scratch_copy(db) as scratch:
            return ConsolidationReport(each(scratch, False), True)
    report = ConsolidationReport(each(db, dry_run), dry_run)
    if report.imported and not dry_run:
        privacy.clear_freed_pages(db)  # a workbook may have erased people here (its erasure log)
    return report
