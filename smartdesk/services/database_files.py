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

from alembic.script import ScriptDirectory

from smartdesk.db.migrate import MIGRATIONS_DIR
from smartdesk.db.session import APPLICATION_ID
from smartdesk.domain.errors import DatabaseFileError
from smartdesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
#: The tables whose row counts describe a database to its users (and must survive a copy).
COUNTED = {"people": "person", "events": "event", "registrations": "registration"}


@dataclass(frozen=True, slots=True)
class DatabaseCounts:
    """What a database holds, in the words a user checks a backup by."""

    people: int
    events: int
    registrations: int


def _header(path: Path) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(100)
    except FileNotFoundError:
        raise DatabaseFileError(
            "missing", path, _("The file “{path}” does not exist.").format(path=path)
        ) from None
    except IsADirectoryError:
        raise DatabaseFileError(
            "not_database", path, _("“{path}” is a folder, not a database.").format(path=path)
        ) from None
    except OSError as exc:
        raise DatabaseFileError(
            "read_only",
            path,
            _("Cannot read “{path}”: {reason}").format(path=path, reason=exc.strerror or exc),
        ) from None


def _not_database(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "not_database",
        path,
        _("“{name}” is not a SmartDesk database (nor any database).").format(name=path.name),
    )


def _damaged(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "damaged",
        path,
        _("“{name}” is damaged (incomplete or corrupted): it cannot be used.").format(
            name=path.name
        ),
    )


def _foreign(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "foreign",
        path,
        _("“{name}” is another program's database, not SmartDesk's.").format(name=path.name),
    )


def _check_header(path: Path, header: bytes) -> None:
    """Cheap checks first: the magic string, and a size that holds every page (a truncated
    copy is the commonest damage: an interrupted copy to a USB key)."""
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _not_database(path)
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path)
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is valid only when the two change counters agree.
    if pages and header[24:28] == header[92:96] and path.stat().st_size < pages * page_size:
        raise _damaged(path)


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
    _check_header(path, _header(path))
    try:
        with open_read_only(path) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id not in (0, APPLICATION_ID):
                raise _foreign(path)
            tables = {
                row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            # application_id 0: a file made before SmartDesk marked its files; it is ours if
            # it has our schema.
            if "alembic_version" not in tables or not set(COUNTED.values()) <= tables:
                raise _foreign(path)
            check = "integrity_check" if thorough else "quick_check"
            result = [row[0] for row in conn.execute(f"PRAGMA {check}")]
            if result != ["ok"]:
                raise _damaged(path)
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
            raise _not_database(path) from None
        raise _damaged(path) from None
