"""What a database file is, told before SQLite or Alembic touch it, and how a new one is made.

Opening a file SmartDesk must not open changes it (SQLite writes a journal mode, Alembic adds its
tables), so every check here reads bytes or opens the file strictly read-only: a file that is
refused keeps the same bytes. A new database is built beside its final name and moved into place
only when whole, so a kill while it is created leaves no file or a complete one.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from smartdesk.db.session import APPLICATION_ID
from smartdesk.domain.errors import DatabaseFileError
from smartdesk.durable import fsync_folder
from smartdesk.i18n import _

SQLITE_MAGIC = b"SQLite format 3\x00"
#: Tables every SmartDesk schema since the first migration has; a file with an
#: ``alembic_version`` and these, but no application id, was written before the id existed.
SMARTDESK_TABLES = {"alembic_version", "person", "event", "registration", "commune"}
#: The newest migration of this version (tests/db/test_migrations.py checks it against
#: Alembic's head): a file there needs no upgrade, and Alembic is not even loaded.
HEAD_REVISION = "0007"
#: Leftover of an interrupted creation, removed at the next opening.
CREATING = ".creating-"

NETWORK_FILESYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "afs",
    "9p",
    "ceph",
    "glusterfs",
    "fuse.sshfs",
    "davfs",
    "fuse.davfs2",
    "ncpfs",
    "lustre",
    "gpfs",
}


@dataclass(frozen=True)
class FileState:
    """What the header says: ``smartdesk`` (ours, marked), ``legacy`` (ours, written before the
    mark existed: it is marked when upgraded) or a problem raised as DatabaseFileError."""

    kind: str
    page_size: int
    pages: int


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(100)
    except PermissionError:
        raise DatabaseFileError(
            "unreadable",
            path,
            _("SmartDesk may not read “{path}”: ask for the right to read this file.").format(
                path=path
            ),
        ) from None


def not_a_database(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "not_database",
        path,
        _("“{path}” is not a SmartDesk database (it is not a database at all).").format(path=path),
    )


def damaged(path: Path, detail: str = "") -> DatabaseFileError:
    message = _(
        "The database “{path}” is damaged and cannot be opened. Restore its latest good backup."
    ).format(path=path)
    error = DatabaseFileError("damaged", path, message)
    error.detail = detail  # type: ignore[attr-defined]
    return error


def foreign(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        "foreign",
        path,
        _(
            "“{path}” belongs to another program: it is not a SmartDesk database. "
            "It was left untouched."
        ).format(path=path),
    )


def inspect(path: Path) -> FileState:
    """Tell what the file at ``path`` is without changing a byte (see the module)."""
    header = _header(path)
    if not header.startswith(SQLITE_MAGIC):
        raise not_a_database(path)
    if len(header) < 100:
        raise damaged(path, "short header")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    change_counter = int.from_bytes(header[24:28], "big")
    valid_for = int.from_bytes(header[92:96], "big")
    if page_size < 512 or page_size & (page_size - 1):
        raise damaged(path, f"page size {page_size}")
    size = path.stat().st_size
    # The header's page count is reliable when written by SQLite ≥ 3.7 (valid-for = counter);
    # a copy cut short (a full USB key, an interrupted download) is shorter than it says.
    if valid_for == change_counter and pages and size < pages * page_size:
        raise damaged(path, f"{size} bytes for {pages} pages of {page_size}")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id == APPLICATION_ID:
        return FileState("smartdesk", page_size, pages)
    if application_id != 0:
        raise foreign(path)
    tables = _table_names(path)
    if tables >= SMARTDESK_TABLES:
        return FileState("legacy", page_size, pages)
    raise foreign(path)


def _table_names(path: Path) -> set[str]:
    """The tables of a file, read strictly read-only (its bytes stay the same)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise damaged(path, str(exc)) from None
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    except sqlite3.DatabaseError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise
        raise damaged(path, str(exc)) from None
    finally:
        conn.close()


def is_network_path(path: Path) -> bool:
    """Is the file on a network share? WAL needs memory shared between the processes of one
    computer: on a share, two PCs would each keep their own and damage the file. The
    ``SMARTDESK_NETWORK_FS`` variable (1 or 0) overrides the detection (tests, odd mounts)."""
    forced = os.environ.get("SMARTDESK_NETWORK_FS")
    if forced in ("0", "1"):
        return forced == "1"
    path = path.resolve() if path.exists() else path.parent.resolve() / path.name
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        text = str(path)
        if text.startswith("\\\\"):
            return True
        import ctypes

        drive = os.path.splitdrive(text)[0] + "\\"
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == 4  # DRIVE_REMOTE
    return _mount_type(path) in NETWORK_FILESYSTEMS


def _mount_type(path: Path) -> str:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return ""
    best, kind = "", ""
    text = str(path)
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, kind = point, parts[2]
    return kind


def remove_creation_leftovers(path: Path) -> None:
    """Half-built databases of an interrupted creation (a kill, a power cut) beside ``path``."""
    with contextlib.suppress(OSError):
        for leftover in path.parent.glob(f".{path.name}{CREATING}*"):
            with contextlib.suppress(OSError):
                leftover.unlink()


def create_atomically(path: Path, build: Callable[[Path], None]) -> None:
    """``build(tmp)`` makes a whole database at a hidden name beside ``path``; it is then synced
    and moved into place, never over a file that appeared meanwhile."""
    remove_creation_leftovers(path)
    tmp = path.parent / f".{path.name}{CREATING}{uuid.uuid4().hex[:8]}"
    try:
        build(tmp)
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        if sys.platform == "win32":  # pragma: no cover - rename refuses an existing target there
            os.rename(tmp, path)
        else:
            try:
                os.link(tmp, path)  # fails if the file exists: never replace another's database
            except FileExistsError:
                raise
            except OSError:  # a file system without hard links (FAT USB keys, some shares)
                if path.exists():
                    raise FileExistsError(path) from None
                os.rename(tmp, path)
            tmp.unlink(missing_ok=True)
        fsync_folder(path.parent)
    except FileExistsError:
        pass  # someone else created it first: theirs is whole, open that one
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
