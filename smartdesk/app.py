"""Composition root: paths → database (checked, locked, migrated) → services, then Qt or the CLI.
The only module that wires the layers together.

The database layer (SQLAlchemy, the models, Alembic) is imported inside the functions that
open a file, never when this module is imported: the window is shown before it is loaded (it
opens the file in the background), and ``--version`` or ``--help`` never load it.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from smartdesk import i18n, paths, startup
from smartdesk.domain.errors import DatabaseFileError, DatabaseLockedError, SmartDeskError
from smartdesk.i18n import _
from smartdesk.services import preferences

if TYPE_CHECKING:
    from smartdesk.db import files
    from smartdesk.db.session import Database

log = logging.getLogger("smartdesk")


def resolve_db_path(db_path: str | os.PathLike | None = None) -> Path:
    return Path(db_path).expanduser() if db_path else paths.default_db_path()


def missing(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "missing",
        path,
        _(
            "There is no SmartDesk database at “{path}”. Check the name, or create one with "
            "“smartdesk --db {path} init”."
        ).format(path=path),
    )


def missing_folder(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "missing_folder",
        path,
        _("The folder “{folder}” does not exist (database “{path}”).").format(
            folder=path.parent, path=path
        ),
    )


def locked(path: Path, holder) -> DatabaseLockedError:
    since = i18n.format_datetime(holder.since, "short")
    return DatabaseLockedError(
        path,
        _(
            "“{path}” is open for writing by {holder} since {since}. Open it read-only, or try "
            "again once SmartDesk is closed there."
        ).format(path=path, holder=holder.label(), since=since),
        holder.label(),
        holder.since,
    )


def _build(network: bool):
    def build(tmp: Path) -> None:
        from smartdesk.db.migrate import upgrade_to_head
        from smartdesk.db.session import Database

        db = Database.at_path(tmp, network=network)
        try:
            upgrade_to_head(db)
        finally:
            db.dispose()

    return build


def open_database(
    db_path: str | os.PathLike | None = None,
    *,
    create: bool = False,
    read_only: bool = False,
    daily_backup: bool = True,
) -> Database:
    """Open the SmartDesk database at ``db_path`` (default: the user's) for this process.

    - A missing file is created (atomically, see smartdesk.db.files) only with ``create``;
      otherwise DatabaseFileError("missing"), and no folder is made.
    - A file that is not SmartDesk's, damaged, locked by another SmartDesk or written by a newer
      version raises DatabaseFileError with one sentence; the file keeps its bytes.
    - A file we may not write is opened read-only (``db.read_only``); so is any file when
      ``read_only`` is asked (e.g. to look at a file another PC is writing).
    - An older schema is backed up, then upgraded in one transaction.
    - Leftovers of an interrupted run (half-written files we name) are removed, and the first
      opening of a day makes the day's backup (``daily_backup``; the window does it in the
      background instead).
    """
    from sqlalchemy.exc import DBAPIError

    from smartdesk.db import files
    from smartdesk.db.lock import WriterLock
    from smartdesk.db.session import Database, is_busy

    path = resolve_db_path(db_path)
    if not path.parent.is_dir():
        if not (create and path == paths.default_db_path()):
            raise missing_folder(path)
        path.parent.mkdir(parents=True, exist_ok=True)
    created = False
    if not path.exists():
        if not create or read_only:
            raise missing(path)
        files.create_atomically(path, _build(files.is_network_path(path)))
        created = True
    else:
        files.remove_creation_leftovers(path)
    state = files.inspect(path)
    may_write = os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)
    read_only = read_only or not may_write
    lock = None
    if not read_only:
        lock = WriterLock(path)
        holder = lock.acquire()
        if holder is not None:
            raise locked(path, holder)
    db = Database.at_path(path, read_only=read_only, network=files.is_network_path(path))
    db.lock = lock
    try:
        _bring_up_to_date(db, path, state)
    except DBAPIError as exc:
        db.dispose()
        if is_busy(exc):
            raise DatabaseFileError(
                "locked",
                path,
                _("“{path}” is locked by another program. Close it there, then try again.").format(
                    path=path
                ),
            ) from None
        raise files.damaged(path, str(exc)) from None
    except BaseException:
        db.dispose()
        raise
    if not db.read_only:
        _tidy_up(db, path, backup=daily_backup and not created)
    return db


def _tidy_up(db: Database, path: Path, backup: bool) -> None:
    """What an interrupted run left (``.partial`` files, scratch folders) goes; then the day's
    backup if none was made yet. Neither may stop the user from working: a failure is logged."""
    from smartdesk.services import backups
    from smartdesk.services.files import remove_leftovers

    for folder in {path.parent, paths.data_dir(), backups.backups_folder(path)}:
        try:
            if folder.is_dir():
                remove_leftovers(folder)
        except OSError as exc:
            log.warning("Could not remove leftovers in %s: %s", folder, exc)
    if backup:
        try:
            backups.backup_if_due(db)
        except (SmartDeskError, OSError) as exc:
            log.warning("The day's backup was not made: %s", exc)


def _stored_revision(db: Database) -> str | None:
    from sqlalchemy.exc import DBAPIError

    with db.engine.connect() as conn:
        try:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        except DBAPIError as exc:
            if "no such table" in str(exc):
                return None
            raise


def _bring_up_to_date(db: Database, path: Path, state: files.FileState) -> None:
    from smartdesk.db import files

    # A file already at this version's schema (the usual case) is opened without loading
    # Alembic, which costs a tenth of a second on every command.
    if state.kind == "smartdesk" and _stored_revision(db) == files.HEAD_REVISION:
        return
    from smartdesk.db.migrate import is_current, upgrade_to_head

    if not db.read_only:
        from smartdesk.services import backups

        upgrade_to_head(db, before_upgrade=lambda: backups.backup_before(db, "migration"))
        return
    if not is_current(db) or state.kind == "legacy":
        raise DatabaseFileError(
            "read_only",
            path,
            _(
                "“{path}” was written by an older SmartDesk and must be upgraded, but it is "
                "read-only here. Copy it to a folder where you may write, then open the copy."
            ).format(path=path),
        )


def read_only_note(db: Database) -> str | None:
    """The sentence that tells the user the file is open read-only, and why."""
    if not db.read_only:
        return None
    path = db.path
    if path is not None and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        return _(
            "“{path}” is read-only for you: SmartDesk shows it, but nothing can be changed."
        ).format(path=path)
    return _("“{path}” is open read-only: nothing can be changed.").format(path=path)


def setup_locale(lang: str | None = None) -> str:
    """The user's language: --lang, else SMARTDESK_LANG, else the one chosen in Paramètres
    (preferences file, read before Qt starts), else French (Belgium)."""
    return i18n.set_locale(preferences.choose_language(lang) or i18n.DEFAULT_LOCALE)


def _open_for_the_window(
    db_path: str | os.PathLike | None = None, *, create: bool = False, read_only: bool = False
) -> Database:
    """``open_database`` for the window, which opens its first file on a worker thread: the
    ORM mapping (the models, their relationships) and the locale's data, which the first page
    would otherwise load on the window's thread, are loaded there too. The window makes the
    day's backup itself, in the background, once it is shown."""
    from sqlalchemy.orm import configure_mappers

    from smartdesk.db import models  # noqa: F401 - the mapped classes, to configure

    db = open_database(db_path, create=create, read_only=read_only, daily_backup=False)
    try:
        configure_mappers()
        i18n.load_locale_data()
    except BaseException:
        db.dispose()  # its write lock with it
        raise
    return db


def run_gui(db_path: str | os.PathLike | None = None, argv: list[str] | None = None) -> int:
    """The desktop application: the default database is created on first start; a file named
    with --db that does not exist is offered for creation in a dialog."""
    with startup.loading():
        from smartdesk.ui.application import run  # Qt is loaded only when a window is wanted

    setup_locale()
    return run(
        argv if argv is not None else sys.argv,
        open_database=_open_for_the_window,
        path=resolve_db_path(db_path),
        create=db_path is None,
    )
