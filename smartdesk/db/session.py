"""Engine and session set-up. Services own transactions through ``Database.transaction()``.

Every write transaction starts with ``BEGIN IMMEDIATE``: it takes SQLite's write lock before it
reads what it checks (a duplicate e-mail, a free code), so two imports started together are
serialised instead of both finding "nobody yet" and both writing. Python's sqlite3 module would
otherwise open transactions lazily at the first write, so the connection is put in autocommit
mode and SQLAlchemy's "begin" event emits the BEGIN (the recipe of SQLAlchemy's pysqlite docs);
this also makes schema changes transactional, so a migration killed half-way leaves nothing.

A writer that finds the lock taken waits, says so through ``Database.on_wait`` (the CLI prints
a line, the window a message), and gives up after ``SMARTDESK_LOCK_WAIT`` seconds (60 by
default) with DatabaseBusyError: nothing of that action was written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, pool
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from smartdesk.domain.errors import DatabaseBusyError, DatabaseFileError, SmartDeskError
from smartdesk.i18n import _, ngettext

#: ``PRAGMA application_id`` of every SmartDesk database ("SmDk"): another program's SQLite
#: file is recognised and refused untouched.
APPLICATION_ID = 0x536D446B

#: How long one attempt waits inside SQLite before we report that we are waiting.
_WAIT_SLICE_MS = 2000
_GUI_SLICE_MS = 200
_WRITE = "smartdesk_write"


def lock_wait_limit() -> float:
    try:
        return max(0.0, float(os.environ.get("SMARTDESK_LOCK_WAIT", "60")))
    except ValueError:
        return 60.0


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "database table is locked" in text or "busy" in text


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite files go through ``Database``; other URLs, e.g. the
    PostgreSQL test, use this directly)."""
    return create_engine(url)


class Database:
    """One database: its engine and the session factories. Created once by the composition root.

    ``read_only``: opened with SQLite's read-only mode (a read-only file, or a file another
    SmartDesk is writing); every write fails with one sentence. ``network``: the file is on a
    share, so the rollback journal is used instead of WAL (see smartdesk.db.files)."""

    def __init__(
        self,
        url: str,
        path: Path | None = None,
        *,
        read_only: bool = False,
        network: bool = False,
        immutable: bool = False,
    ):
        self.url = url
        self.path = path
        self.read_only = read_only
        self.network = network
        self.on_wait: Callable[[float], None] | None = None
        #: Seconds a write started on the main thread may wait (the window sets it; None: the
        #: full wait, as on the command line).
        self.gui_wait: float | None = None
        self.lock: Any = None  # the WriterLock held while open (smartdesk.db.lock)
        if path is None and url.startswith("sqlite:///") and ":memory:" not in url:
            path = Path(url.removeprefix("sqlite:///"))
            self.path = path
        if path is not None and url.startswith("sqlite"):
            self.engine = self._sqlite_engine(path, immutable)
        else:
            self.engine = make_engine(url)
        self._writer = self.engine.execution_options(**{_WRITE: True})
        self._write_sessions = sessionmaker(self._writer, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def at_path(cls, path: Path | str, **options: Any) -> Database:
        path = Path(path)
        return cls(sqlite_url(path), path, **options)

    # --- SQLite -------------------------------------------------------------------------
    def _sqlite_engine(self, path: Path, immutable: bool) -> Engine:
        if self.read_only:
            flags = "immutable=1" if immutable else "mode=ro"
            target, uri = f"{path.resolve().as_uri()}?{flags}", True
        else:
            target, uri = str(path), False

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(
                target,
                uri=uri,
                isolation_level=None,  # we emit BEGIN ourselves (see the module)
                check_same_thread=False,  # the pool hands connections to worker threads
                timeout=_WAIT_SLICE_MS / 1000,
            )

        engine = create_engine("sqlite://", creator=connect, poolclass=pool.QueuePool)
        event.listen(engine, "connect", self._pragmas)
        event.listen(engine, "begin", self._begin)
        return engine

    def _pragmas(self, dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={_WAIT_SLICE_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            # Deleted rows are overwritten, not merely unlinked: an erased person's name must
            # not stay readable in the file (Python's Windows build has it off by default).
            cursor.execute("PRAGMA secure_delete=ON")
            if not self.read_only:
                mode = "DELETE" if self.network else "WAL"
                self._waiting(lambda: cursor.execute(f"PRAGMA journal_mode={mode}"))
                # WAL is safe with NORMAL (a power cut loses at most the last commit, never the
                # file); the rollback journal of a share needs FULL for the same promise.
                cursor.execute(f"PRAGMA synchronous={'FULL' if self.network else 'NORMAL'}")
        finally:
            cursor.close()

    def _begin(self, conn) -> None:
        write = conn.get_execution_options().get(_WRITE, False) and not self.read_only
        sql = "BEGIN IMMEDIATE" if write else "BEGIN"
        short = self._on_gui_thread()
        if short:  # SQLite's own wait, inside one attempt, must not freeze the window either
            conn.exec_driver_sql(f"PRAGMA busy_timeout={_GUI_SLICE_MS}")
        try:
            self._waiting(lambda: conn.exec_driver_sql(sql))
        finally:
            if short:
                conn.exec_driver_sql(f"PRAGMA busy_timeout={_WAIT_SLICE_MS}")

    def _on_gui_thread(self) -> bool:
        return self.gui_wait is not None and threading.current_thread() is threading.main_thread()

    def _waiting(self, attempt: Callable[[], Any]) -> Any:
        """``attempt()``, retried while the database is busy, telling ``on_wait`` we wait.
        On the window's own thread (``gui_wait`` set by the desktop application) it gives up
        after ``gui_wait`` seconds: a frozen window is worse than "try again" (long writes run
        in the background, where the full wait applies)."""
        started = time.monotonic()
        limit = lock_wait_limit()
        if self._on_gui_thread():
            limit = min(limit, self.gui_wait or 0.0)
        while True:
            try:
                return attempt()
            except (sqlite3.OperationalError, DBAPIError) as exc:
                if not is_busy(exc):
                    raise
                waited = time.monotonic() - started
                if waited >= limit:
                    raise self.busy_error(waited) from None
                if self.on_wait is not None:
                    self.on_wait(waited)
                time.sleep(min(0.05, max(0.0, limit - waited)))

    def busy_error(self, waited: float) -> DatabaseBusyError:
        seconds = max(1, round(waited))
        return DatabaseBusyError(
            ngettext(
                "The database stayed busy for {seconds} second (another SmartDesk is writing "
                "to it): nothing was written. Try again in a moment.",
                "The database stayed busy for {seconds} seconds (another SmartDesk is writing "
                "to it): nothing was written. Try again in a moment.",
                seconds,
            ).format(seconds=seconds)
        )

    def _translate(self, exc: DBAPIError) -> SmartDeskError | None:
        """A database error the user can act on, as one sentence; None for a real bug."""
        text = str(exc.orig if exc.orig is not None else exc).lower()
        if is_busy(exc):
            return self.busy_error(lock_wait_limit())
        if "readonly" in text or "read-only" in text:
            return SmartDeskError(
                _(
                    "This database is open read-only: nothing was written. "
                    "Open it again with the right to write to change it."
                )
            )
        if "malformed" in text or "not a database" in text:
            return DatabaseFileError(
                "damaged",
                self.path,
                _("The database “{path}” is damaged. Restore its latest good backup.").format(
                    path=self.path
                ),
            )
        if "disk is full" in text or "disk i/o" in text:
            return SmartDeskError(
                _("The disk could not be written (full, or removed?): nothing was saved.")
            )
        return None

    # --- units of work ------------------------------------------------------------------
    @contextlib.contextmanager
    def _in_plain_words(self) -> Iterator[None]:
        """A database error the user can act on becomes its sentence (see ``_translate``)."""
        try:
            yield
        except DBAPIError as exc:
            translated = self._translate(exc)
            if translated is None:
                raise
            raise translated from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all. The write lock is
        taken first (BEGIN IMMEDIATE), so what the action checks stays true until it commits."""
        with self._in_plain_words(), self._write_sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end, never commits)."""
        with self._in_plain_words(), self._read_sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    @contextlib.contextmanager
    def writing_connection(self) -> Iterator[Any]:
        """A Core connection in a write transaction (migrations, bulk work)."""
        with self._writer.begin() as conn:
            yield conn

    def dispose(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"
