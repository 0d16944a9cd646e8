"""Who has a database open for writing: one SmartDesk at a time per file, across PCs and users.

SQLite's own locks keep one transaction at a time on one computer, but they do not stop the
secretary's PC and the mayor's laptop from both working on the same file on a share for a whole
afternoon, each believing its view is current (and its locks are unreliable over a network).
So the writer also holds a lock on ``<database>.lock`` beside the file for as long as it is open:
an operating-system byte-range lock, released by the system when the process ends, even killed —
so a stale lock never blocks anyone — and, at the start of the file, who holds it and since when,
for the sentence the next user reads.

Processes of the same user on the same computer share the file (the window and a command line
at once): SQLite serialises their transactions (BEGIN IMMEDIATE), which is safe there.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

#: The locked byte lies far past the text, so the holder's name stays readable on Windows,
#: where a locked region cannot be read by others.
_LOCK_OFFSET = 1 << 20


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: dt.datetime

    def label(self) -> str:
        return f"{self.user}@{self.host}"

    def is_us(self) -> bool:
        return self.user == current_user() and self.host == current_host()


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (services, some containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "?"


def current_host() -> str:
    return socket.gethostname() or "?"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _LOCK_OFFSET)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.lockf(fd, fcntl.LOCK_UN, 1, _LOCK_OFFSET)


def read_holder(path: Path) -> Holder | None:
    try:
        with path.open("rb") as fh:
            data = json.loads(fh.read(4096).split(b"\0", 1)[0].decode("utf-8"))
        return Holder(
            str(data["user"]),
            str(data["host"]),
            int(data["pid"]),
            dt.datetime.fromisoformat(data["since"]),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


class WriterLock:
    """The lock of one open database; ``acquire`` returns the other holder when it is not us."""

    def __init__(self, db_path: Path):
        self.path = lock_path(db_path)
        self._fd: int | None = None

    def acquire(self) -> Holder | None:
        """Take the lock. Returns None when we hold it (or share it with ourselves, see the
        module), else who holds it. The lock file cannot be made (a read-only folder): None,
        and SQLite's own locks are all there is."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        if not _try_lock(fd):
            os.close(fd)
            holder = read_holder(self.path)
            if holder is None or holder.is_us():
                return None
            return holder
        record = {
            "user": current_user(),
            "host": current_host(),
            "pid": os.getpid(),
            "since": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        data = json.dumps(record).encode("utf-8")
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, data + b"\0" * max(0, 512 - len(data)))
        self._fd = fd
        return None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, b"\0" * 512)  # nobody holds it now
            _unlock(fd)
        except OSError:
            pass
        finally:
            os.close(fd)
