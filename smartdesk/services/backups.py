"""Backups that restore: made with SQLite's online backup API, verified, pruned, restorable.

Why the online backup API and not a file copy: SQLite in WAL mode keeps the latest commits in
the ``-wal`` file until a checkpoint, so a copy of the ``.db`` alone misses them (a migration
backup once held 20,060 of 40,120 people). ``Connection.backup`` copies the database as one
reader sees it, WAL included, while others keep working.

Where: the default database's backups go to the data folder's ``backups`` folder
(:func:`smartdesk.paths.backups_dir`); any other database's to a ``backups`` folder beside it.
Each name carries the database's stem, the local time and why it was made —
``smartdesk_2026-03-02_091500_import.db`` — so two databases of one folder never mix, and a
user browsing the folder can read it. A backup is an ordinary SmartDesk file (rollback journal,
no ``-wal``): it can be copied, opened with ``--db`` or restored as it is.

Each backup is written beside its final name (``.<name>.partial``), flushed to the disk,
checked (SQLite's quick check, SmartDesk's application id and schema, and the counts of
people, events and registrations equal to the source's at the moment of the copy), then renamed
into place: a backup under its final name is always whole. Then old ones are pruned by the rule
of :mod:`smartdesk.services.retention`.

Copies outside the data folder (a USB key): :func:`save_copy` writes one and remembers when, in
``<stem>.copies.json`` in the backups folder (not in the database: a read-only or damaged
database must still answer, and restoring an old backup must not make the last copy look old).
:func:`copy_reminder_due` says when none was made for 30 days.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from smartdesk import paths
from smartdesk.db import files as db_files
from smartdesk.db.session import Database
from smartdesk.domain.errors import DatabaseFileError, OperationCancelled, SmartDeskError
from smartdesk.durable import fsync_folder, replace_durably
from smartdesk.i18n import N_, _
from smartdesk.services import database_files
from smartdesk.services.database_files import DatabaseCounts
from smartdesk.services.files import partial_name, writable
from smartdesk.services.retention import DEFAULT_POLICY, RetentionPolicy, kept

__all__ = [
    "REASONS",
    "BackupInfo",
    "DatabaseCounts",
    "RetentionPolicy",
    "backup_before",
    "backup_if_due",
    "backups_folder",
    "copy_reminder_due",
    "create_backup",
    "last_external_copy",
    "list_backups",
    "prune",
    "reason_label",
    "restore",
    "save_copy",
    "verify_backup",
]

#: Why a backup was made (the last part of its name) → what a user reads.
REASONS = {
    "manual": N_("made by hand"),
    "daily": N_("first opening of the day"),
    "import": N_("before an import"),
    "merge": N_("before merging people"),
    "consolidation": N_("before a consolidation"),
    "erasure": N_("before an erasure"),
    "migration": N_("before an upgrade of SmartDesk"),
    "restore": N_("before a restore"),
    "copy": N_("copy"),
}
#: No copy outside the data folder for this long: remind the user.
COPY_REMINDER_DAYS = 30
#: Pages copied per step of the online backup (4 MiB at SQLite's default page size): between
#: steps the progress callback can cancel, and other connections may write.
STEP_PAGES = 1024
_STAMP = "%Y-%m-%d_%H%M%S"

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file: when and why it was made, its size in bytes and what it holds
    (``counts`` is None when the file could not be read, e.g. a raw copy of a damaged file)."""

    path: Path
    created_at: dt.datetime
    reason: str
    size: int
    counts: DatabaseCounts | None

    @property
    def label(self) -> str:
        return reason_label(self.reason)


def reason_label(reason: str) -> str:
    """Why a backup was made, in the user's language."""
    return _(REASONS[reason]) if reason in REASONS else reason


# --- where ------------------------------------------------------------------------------------


def _db_path(db: Database | Path | str) -> Path:
    if isinstance(db, Database):
        if db.path is None:
            raise SmartDeskError(_("Only a database file can be backed up."))
        return Path(db.path)
    return Path(db)


def backups_folder(db: Database | Path | str) -> Path:
    """Where the backups of this database live (see the module)."""
    path = _db_path(db)
    with contextlib.suppress(OSError):
        if path.resolve() == paths.default_db_path().resolve():
            return paths.backups_dir()
    return path.parent / "backups"


def _name_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}_(\d{{4}}-\d\d-\d\d_\d{{6}})(?:-\d+)?_([a-z]+(?:-[a-z]+)*)\.db$"
    )


def _new_name(folder: Path, stem: str, reason: str, now: dt.datetime) -> Path:
    base = f"{stem}_{now.strftime(_STAMP)}"
    candidate, n = folder / f"{base}_{reason}.db", 1
    while candidate.exists() or (folder / partial_name(candidate.name)).exists():
        n += 1
        candidate = folder / f"{base}-{n}_{reason}.db"
    return candidate


def _listed(path: Path, stem: str) -> tuple[dt.datetime, str] | None:
    match = _name_pattern(stem).match(path.name)
    if match is None:
        return None
    return dt.datetime.strptime(match.group(1), _STAMP), match.group(2)


def _light_counts(path: Path) -> DatabaseCounts | None:
    """The counts, without the integrity check (listing must stay fast)."""
    try:
        with database_files.open_read_only(path) as conn:
            return database_files.counts(conn)
    except sqlite3.Error:
        return None


def list_backups(db: Database | Path | str) -> list[BackupInfo]:
    """The backups of this database, newest first, with their counts (read, not verified:
    :func:`verify_backup` checks one). Accepts a path so that a database that cannot be opened
    can still be offered its latest backups."""
    path = _db_path(db)
    folder = backups_folder(path)
    found = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        listed = _listed(entry, path.stem)
        if listed is None or not entry.is_file():
            continue
        created_at, reason = listed
        found.append(
            BackupInfo(entry, created_at, reason, entry.stat().st_size, _light_counts(entry))
        )
    found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
    return found


def latest_backup(db: Database | Path | str) -> BackupInfo | None:
    """The newest backup, found from the file names alone: no backup file is opened, so its
    ``counts`` are None (the status bar and the "restore the latest" offers ask this often)."""
    path = _db_path(db)
    try:
        entries = list(backups_folder(path).iterdir())
    except OSError:
        return None
    newest: tuple[dt.datetime, str, Path] | None = None
    for entry in entries:
        listed = _listed(entry, path.stem)
        if listed is not None and (newest is None or (listed[0], entry.name) > newest[:2]):
            newest = (listed[0], entry.name, entry)
    if newest is None:
        return None
    created_at, _name, entry = newest
    reason = _listed(entry, path.stem)[1]  # type: ignore[index]
    try:
        size = entry.stat().st_size
    except OSError:
        return None
    return BackupInfo(entry, created_at, reason, size, None)


def last_backup_at(db: Database | Path | str) -> dt.datetime | None:
    """When the newest backup was made (file names only, see :func:`latest_backup`)."""
    latest = latest_backup(db)
    return latest.created_at if latest is not None else None


# --- making one ---------------------------------------------------------------------------------


def _remove(path: Path) -> None:
    for companion in (path, Path(f"{path}-journal")):
        with contextlib.suppress(FileNotFoundError):
            companion.unlink()


def _copy_online(
    source: sqlite3.Connection, tmp: Path, progress: Progress | None
) -> DatabaseCounts:
    """Copy ``source`` into the new file ``tmp`` with the online backup API; return the counts
    of the snapshot copied. One read transaction covers the counts and every step of the copy,
    so both see the same database even while others write."""
    started = not source.in_transaction
    if started:
        source.execute("BEGIN")
    try:
        snapshot = database_files.counts(source)  # also opens the read snapshot

        def step(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        target = sqlite3.connect(tmp)
        try:
            source.backup(target, pages=STEP_PAGES, progress=step)
            # one self-contained file: no -wal to forget when it is copied to a USB key
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
    finally:
        if started:
            source.rollback()
    return snapshot


def _write_backup(
    source: sqlite3.Connection,
    final: Path,
    reason: str,
    progress: Progress | None,
    created_at: dt.datetime,
) -> BackupInfo:
    tmp = final.parent / partial_name(final.name)
    _remove(tmp)
    try:
        snapshot = _copy_online(source, tmp, progress)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        # quick_check (every page and record well-formed) rather than the full integrity
        # check: the copy is page for page the source, and on the stress database the full
        # check costs 1.5 s against 0.2 s — too much before every import. verify_backup,
        # before a restore, runs the full one.
        found = database_files.inspect(tmp, thorough=False)
        if found != snapshot:  # never expected: the copy would be wrong, say so
            raise SmartDeskError(
                _("The backup does not hold what the database holds; it was not kept.")
            )
        replace_durably(tmp, final)
    except OperationCancelled:
        raise
    except DatabaseFileError:
        raise SmartDeskError(
            _("The backup could not be verified; it was not kept. Nothing was changed.")
        ) from None
    except (OSError, sqlite3.Error) as exc:
        raise SmartDeskError(
            _("The backup could not be written in “{folder}”: {reason}").format(
                folder=final.parent, reason=getattr(exc, "strerror", None) or exc
            )
        ) from None
    finally:
        _remove(tmp)
    return BackupInfo(final, created_at, reason, final.stat().st_size, snapshot)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _check_reason(reason: str) -> None:
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")


def create_backup(
    db: Database,
    reason: str = "manual",
    target: Path | str | None = None,
    progress: Progress | None = None,
) -> BackupInfo:
    """Back up ``db`` (WAL included) into its backups folder, or to ``target`` if given;
    verify it and, in the backups folder, prune the old ones. ``reason`` is one of
    :data:`REASONS`. ``progress(done, total)`` is called after each step (pages); if it raises
    OperationCancelled the partial file is removed and the exception goes on.

    Raises SmartDeskError (one sentence) if the copy cannot be written or verified; no partial
    file is ever left under a backup's name."""
    _check_reason(reason)
    path = _db_path(db)
    now = _now()
    if target is not None:
        final = writable(target)
        folder = final.parent
    else:
        folder = backups_folder(path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SmartDeskError(
                _("The backups folder “{folder}” cannot be created: {reason}").format(
                    folder=folder, reason=exc.strerror or exc
                )
            ) from None
        final = _new_name(folder, path.stem, reason, now)
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        info = _write_backup(source, final, reason, progress, now)
    finally:
        raw.close()
    if target is None:
        prune(path)
    return info


def backup_before(db: Database, reason: str) -> BackupInfo | None:
    """The backup made before an operation that changes many rows at once (``import``,
    ``merge``, ``consolidation``, ``erasure``, ``migration``). None for a database that is not
    a file (a server database has its own backups). If the backup fails, SmartDeskError: the
    caller must not go on."""
    _check_reason(reason)
    if db.path is None or db.engine.dialect.name != "sqlite":
        return None
    return create_backup(db, reason)


def backup_if_due(db: Database, today: dt.date | None = None) -> BackupInfo | None:
    """At the first opening of a day: a backup if none was made ``today`` yet, else None."""
    if db.path is None or db.engine.dialect.name != "sqlite":
        return None
    today = today or dt.date.today()
    if any(b.created_at.date() == today for b in list_backups(db)):
        return None
    return create_backup(db, "daily")


def prune(db: Database | Path | str, policy: RetentionPolicy = DEFAULT_POLICY) -> list[Path]:
    """Delete this database's backups that :func:`smartdesk.services.retention.kept` does not
    keep; return the paths removed. Only files named as our backups of this database are ever
    considered: nothing else in the folder is touched."""
    backups = list_backups(db)
    keep = {b.path for b in kept(backups, policy)}
    removed = []
    for backup in backups:
        if backup.path in keep:
            continue
        with contextlib.suppress(FileNotFoundError):
            backup.path.unlink()
        with contextlib.suppress(FileNotFoundError):
            Path(f"{backup.path}-wal").unlink()  # a raw copy of a damaged file keeps its WAL
        removed.append(backup.path)
    return removed


# --- checking and restoring ------------------------------------------------------------------


def verify_backup(path: Path | str) -> BackupInfo:
    """Check that ``path`` is a whole SmartDesk database (integrity check, application id,
    schema not newer than this SmartDesk), read-only. Raises DatabaseFileError (``missing``,
    ``not_database``, ``damaged``, ``foreign``, ``newer``) with one translated sentence."""
    path = Path(path)
    counts = database_files.inspect(path)
    created_at, reason = None, "copy"
    match = re.match(r"^(.+)_(\d{4}-\d\d-\d\d_\d{6})(?:-\d+)?_([a-z]+(?:-[a-z]+)*)\.db$", path.name)
    if match is not None:
        created_at = dt.datetime.strptime(match.group(2), _STAMP)
        reason = match.group(3)
    if created_at is None:
        created_at = dt.datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0)
    return BackupInfo(path, created_at, reason, path.stat().st_size, counts)


def _foreign_current(db_path: Path) -> bool:
    """Is the file we would replace another program's SQLite database? (the current file may
    be damaged, which must not stop a restore: only "foreign" counts here)"""
    try:
        db_files.inspect(db_path)
    except DatabaseFileError as exc:
        return exc.kind == "foreign"
    except (OSError, sqlite3.Error):
        return False
    return False


def _erasures_of(db_path: Path) -> list:
    """The erasure log of the database about to be replaced (empty if it cannot be read): a
    restore must never bring back a person erased since the backup was made."""
    from smartdesk.services import privacy

    if not db_path.exists():
        return []
    db = Database.at_path(db_path, read_only=True)
    try:
        return privacy.erased_uuids(db)
    except Exception:  # a damaged or very old file: nothing to carry over
        return []
    finally:
        db.dispose()


def _save_current(db_path: Path) -> BackupInfo | None:
    """Back up the file about to be replaced: online if it can be read, else its raw bytes
    (and its -wal) so that even a damaged file can be given to someone who repairs files."""
    if not db_path.exists():
        return None
    folder = backups_folder(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    now = _now()
    final = _new_name(folder, db_path.stem, "restore", now)
    try:
        source = sqlite3.connect(db_path)
        try:
            return _write_backup(source, final, "restore", None, now)
        finally:
            source.close()
    except (SmartDeskError, sqlite3.Error):
        pass
    tmp = final.parent / partial_name(final.name)
    try:
        shutil.copyfile(db_path, tmp)
        replace_durably(tmp, final)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{final}-wal")
    finally:
        _remove(tmp)
    return BackupInfo(final, now, "restore", final.stat().st_size, None)


def _checkpoint(db_path: Path) -> None:
    """Move every commit of the current file's WAL into the file itself, or refuse if another
    program holds it (its next write would go to a file we are about to replace)."""
    try:
        conn = sqlite3.connect(db_path, timeout=1)
    except sqlite3.Error:
        return
    try:
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    except sqlite3.Error:
        return  # damaged: its raw bytes were saved
    finally:
        conn.close()
    if busy:
        raise DatabaseFileError(
            "locked",
            db_path,
            _("“{name}” is in use by another SmartDesk or program; close it and try again.").format(
                name=db_path.name
            ),
        )


def restore(
    db_path: Path | str,
    backup_file: Path | str,
    *,
    after_restore: Callable[[Database], None] | None = None,
) -> BackupInfo:
    """Replace the database file ``db_path`` by the backup ``backup_file``; return what was
    restored (the backup's info).

    The caller disposes its engine first and reopens the database afterwards. In order:
    the backup is verified (a damaged, foreign or newer file is refused with DatabaseFileError
    and nothing is touched); it is copied beside the database (``.<name>.partial``) and checked
    again; the current file is backed up (reason ``restore``); its WAL is checkpointed and the
    ``-wal``, ``-shm`` and ``-journal`` files are moved aside — SQLite would otherwise replay the
    old database's pages onto the restored one; then the copy is renamed onto the database
    (atomic: a kill leaves the old file or the restored one, never half of either).

    People erased or anonymised since the backup was made (the current file's erasure log) are
    erased again in the restored file: a restore never brings an erased person back.
    ``after_restore`` is called with the restored database, opened and brought to the current
    schema (e.g. to erase again the people erased since the backup was made), then it is
    closed."""
    db_path, backup_file = Path(db_path), Path(backup_file)
    info = verify_backup(backup_file)
    with contextlib.suppress(OSError):
        if db_path.exists() and db_path.samefile(backup_file):
            raise SmartDeskError(_("This backup is the database itself; choose another file."))
    if _foreign_current(db_path):
        raise DatabaseFileError(
            "foreign",
            db_path,
            _("“{name}” is another program's database; SmartDesk will not replace it.").format(
                name=db_path.name
            ),
        )
    tmp = db_path.parent / partial_name(db_path.name)
    aside: list[Path] = []
    try:
        _remove(tmp)
        shutil.copyfile(backup_file, tmp)
        try:
            database_files.inspect(tmp, thorough=False)
        except DatabaseFileError:
            raise DatabaseFileError(
                "damaged",
                backup_file,
                _("“{name}” could not be read whole; nothing was restored.").format(
                    name=backup_file.name
                ),
            ) from None
        erasures = _erasures_of(db_path)
        _save_current(db_path)
        _checkpoint(db_path)
        for suffix in ("-wal", "-shm", "-journal"):
            companion = Path(f"{db_path}{suffix}")
            if companion.exists():
                moved = db_path.parent / partial_name(f"{db_path.name}{suffix}.old")
                os.replace(companion, moved)
                aside.append(moved)
        fsync_folder(db_path.parent)
        replace_durably(tmp, db_path)
    except OSError as exc:
        raise SmartDeskError(
            _("The backup could not be restored: {reason}. The database was not changed.").format(
                reason=exc.strerror or exc
            )
        ) from None
    finally:
        _remove(tmp)
        for moved in aside:
            with contextlib.suppress(OSError):
                moved.unlink()
    _after(db_path, erasures, after_restore)
    return info


def _after(db_path: Path, erasures: list, after_restore: Callable[[Database], None] | None) -> None:
    from smartdesk.db.migrate import upgrade_to_head
    from smartdesk.services import privacy

    db = Database.at_path(db_path)
    try:
        upgrade_to_head(db)
        if erasures:
            privacy.reapply_erasures(db, erasures)
        if after_restore is not None:
            after_restore(db)
    finally:
        db.dispose()


# --- copies outside the data folder ----------------------------------------------------------


def _copies_file(db_path: Path) -> Path:
    return backups_folder(db_path) / f"{db_path.stem}.copies.json"


def _read_copies(db_path: Path) -> dict[str, str]:
    try:
        data = json.loads(_copies_file(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_copies(db_path: Path, data: dict[str, str]) -> None:
    from smartdesk.services.files import write_bytes

    file = _copies_file(db_path)
    file.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(file, json.dumps(data, indent=2).encode("utf-8"))


def _outside(target: Path, db_path: Path) -> bool:
    target = target.resolve()
    for inside in (paths.data_dir(), db_path.parent):
        with contextlib.suppress(OSError):
            if target.is_relative_to(inside.resolve()):
                return False
    return True


def save_copy(db: Database, target: Path | str, progress: Progress | None = None) -> BackupInfo:
    """A verified backup written to ``target``, a path the user chose (a USB key, a network
    folder). When it lies outside the data folder and the database's folder, its date is
    remembered for :func:`copy_reminder_due`."""
    info = create_backup(db, "copy", target=target, progress=progress)
    path = _db_path(db)
    if _outside(info.path, path):
        data = _read_copies(path)
        data["last_external_copy"] = info.created_at.isoformat()
        data["last_external_path"] = str(info.path)
        _write_copies(path, data)
    return replace(info, reason="copy")


def last_external_copy(db: Database | Path | str) -> dt.datetime | None:
    """When the last copy outside the data folder was made with :func:`save_copy`, if ever."""
    value = _read_copies(_db_path(db)).get("last_external_copy")
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def copy_reminder_due(db: Database | Path | str, now: dt.datetime | None = None) -> bool:
    """True when no copy was made outside the data folder for 30 days: counted from the last
    such copy, else from the first time this was asked (a new database is not nagged about on
    its first day)."""
    path = _db_path(db)
    now = now or _now()
    data = _read_copies(path)
    since = last_external_copy(path)
    if since is None:
        first = data.get("first_seen")
        if first is None:
            data["first_seen"] = now.isoformat()
            with contextlib.suppress(OSError, SmartDeskError):
                _write_copies(path, data)
            return False
        try:
            since = dt.datetime.fromisoformat(first)
        except ValueError:
            return True
    return now - since >= dt.timedelta(days=COPY_REMINDER_DAYS)
