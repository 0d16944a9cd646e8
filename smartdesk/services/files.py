"""Writing the files users ask for: into an existing folder, all at once or not at all.

The new file is written beside the target, flushed to the disk (fsync) and renamed into place,
so a crash, a power cut or a full disk never leaves half a PDF or workbook where the user
expects a whole one. Temporary files and folders are made beside the target or the database,
never in the system's temporary folder: what they hold is personal data, and the system's
folder is shared, rarely cleaned and outside the backups' and the user's sight.

Everything temporary we make is named ``.<something>.partial`` (SQLite adds ``-journal``,
``-wal`` or ``-shm`` to a database being written); :func:`remove_leftovers` deletes what a
killed run left behind, at the next start.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from smartdesk.domain.errors import ValidationError
from smartdesk.durable import replace_durably, usual_permissions
from smartdesk.i18n import _


def writable(target: Path | str) -> Path:
    target = Path(target)
    if not target.parent.is_dir():
        raise ValidationError(
            "output", _("The folder “{folder}” does not exist.").format(folder=target.parent)
        )
    if target.is_dir():
        raise ValidationError("output", _("{path} is a folder, not a file.").format(path=target))
    return target


def cannot_write(target: Path, exc: OSError) -> ValidationError:
    reasons = {  # the usual causes in the users' language; the system's words for the rest
        errno.EACCES: _("you may not write in this folder"),
        errno.EPERM: _("you may not write in this folder"),
        errno.EROFS: _("the disk is read-only"),
        errno.ENOSPC: _("the disk is full"),
    }
    reason = reasons.get(exc.errno or 0) or exc.strerror or str(exc)
    return ValidationError(
        "output", _("Cannot write “{path}”: {reason}").format(path=target, reason=reason)
    )


def write_atomically(target: Path | str, write: Callable[[BinaryIO], Any]) -> Any:
    """Write through ``write`` into a file next to the target, then rename it into place."""
    target = writable(target)
    try:  # a folder without write permission refuses the temporary file already
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
    except OSError as exc:
        raise cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            result = write(fh)
        usual_permissions(tmp)
        replace_durably(tmp, target)
        return result
    except OSError as exc:
        raise cannot_write(target, exc) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_bytes(target: Path | str, data: bytes) -> None:
    """``data`` into ``target``, atomically (see the module)."""
    write_atomically(target, lambda fh: fh.write(data))


#: What the temporary names we make end with, and what SQLite adds to a database being written.
PARTIAL = ".partial"
_PARTIAL_ENDINGS = (PARTIAL, PARTIAL + "-journal", PARTIAL + "-wal", PARTIAL + "-shm")
#: A leftover younger than this may belong to a SmartDesk still running (another window, another
#: PC on a shared folder): it is left for a later start.
LEFTOVER_MIN_AGE = 120.0


def partial_name(name: str) -> str:
    """The hidden temporary name written beside ``name`` and renamed onto it when whole."""
    return f".{name}{PARTIAL}"


@contextlib.contextmanager
def scratch_folder(beside: Path | str, what: str) -> Iterator[Path]:
    """A temporary folder inside the folder ``beside`` (the target's, or the database's),
    removed on the way out; named so that :func:`remove_leftovers` finds it after a kill."""
    folder = Path(tempfile.mkdtemp(prefix=f".smartdesk-{what}-", suffix=PARTIAL, dir=beside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _is_leftover(name: str) -> bool:
    return name.startswith(".") and name.endswith(_PARTIAL_ENDINGS)


def _last_touched(path: Path) -> float:
    """The newest modification time of ``path`` or of anything directly inside it."""
    newest = path.stat().st_mtime
    if path.is_dir():
        for child in path.iterdir():
            with contextlib.suppress(OSError):
                newest = max(newest, child.stat().st_mtime)
    return newest


def remove_leftovers(folder: Path | str, min_age: float = LEFTOVER_MIN_AGE) -> list[Path]:
    """Delete what an interrupted run left in ``folder`` (not below it): our ``.…partial``
    files and folders and their SQLite companions, if untouched for ``min_age`` seconds.
    Other files are never touched. Call it at start-up for the data folder, the backups folder
    and the database's folder. Returns what was removed; what cannot be removed (in use on
    Windows, no permission) is left for the next time."""
    folder = Path(folder)
    removed: list[Path] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    now = time.time()
    for path in entries:
        if not _is_leftover(path.name):
            continue
        try:
            if now - _last_touched(path) < min_age:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed
