"""Is this file a whole SmartDesk database? Checked read-only, without changing a byte.

Used before a backup is trusted (after it is written, before it is restored). The file is
opened with SQLite's ``immutable`` flag: no lock, no ``-wal`` or ``-shm`` created or read, so a
backup on a USB key or a read-only share is only ever read, and a stray ``-wal`` beside it is
not replayed into what we check.

Each refusal is a :class:`DatabaseFileError` whose ``kind`` says why (``missing``,
``not_database``, ``damaged``, ``foreign``, ``newer``) with one translated sentence.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from smartdesk.db import files as db_files
from smartdesk.domain.errors import DatabaseFileError
from smartdesk.i18n import _

#: The tables whose row counts describe a database to its users (and must survive a copy).
COUNTED = {"people": "person", "events": "event", "registrations": "registration"}


@dataclass(frozen=True, slots=True)
class DatabaseCounts:
    """What a database holds, in the words a user checks a backup by."""

    people: int
    events: int
    registrations: int


def _check_header(path: Path) -> None:
    """Cheap checks first, the ones every opening makes (smartdesk.db.files): the magic string,
    a size that holds every page (a truncated copy is the commonest damage: an interrupted
    copy to a USB key), and SmartDesk's mark or schema."""
    if not path.exists():
        raise DatabaseFileError(
            "missing", path, _("The file “{path}” does not exist.").format(path=path)
        )
    if path.is_dir():
        raise DatabaseFileError(
            "not_database", path, _("“{path}” is a folder, not a database.").format(path=path)
        )
    db_files.inspect(path)


def read_only_uri(path: Path) -> str:
    return path.resolve().as_uri() + "?mode=ro&immutable=1"


@contextlib.contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(read_only_uri(path), uri=True)
    try:
        yield conn
    finally:
        conn.close()


def _known_revision(revision: str) -> bool:
    if revision == db_files.HEAD_REVISION:
        return True
    # Alembic only for an older file (importing it costs a tenth of a second on every command).
    from alembic.script import ScriptDirectory

    from smartdesk.db.migrate import MIGRATIONS_DIR

    try:
        return ScriptDirectory(str(MIGRATIONS_DIR)).get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown revision
        return False


def counts(conn: sqlite3.Connection) -> DatabaseCounts:
    values = {
        key: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 — constants
        for key, table in COUNTED.items()
    }
    return DatabaseCounts(**values)


def inspect(path: Path | str, thorough: bool = True) -> DatabaseCounts:
    """Check that ``path`` is a whole SmartDesk database, without writing to it; return its
    counts. ``thorough`` runs SQLite's full ``integrity_check`` (every index against its
    table), else ``quick_check`` (every page and record well-formed: several times faster).

    Raises DatabaseFileError: ``missing``, ``not_database`` (not SQLite at all), ``damaged``
    (truncated or corrupted), ``foreign`` (another program's SQLite file: no SmartDesk
    application id or schema), ``newer`` (written by a newer SmartDesk)."""
    path = Path(path)
    _check_header(path)
    try:
        with open_read_only(path) as conn:
            check = "integrity_check" if thorough else "quick_check"
            result = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            if result != ["ok"]:
                raise db_files.damaged(path)
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if revision is not None and not _known_revision(revision[0]):
                raise DatabaseFileError(
                    "newer",
                    path,
                    _(
                        "“{name}” was written by a newer version of SmartDesk. "
                        "Update SmartDesk to use it."
                    ).format(name=path.name),
                )
            return counts(conn)
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc) or "file is encrypted" in str(exc):
            raise db_files.not_a_database(path) from None
        raise db_files.damaged(path) from None
