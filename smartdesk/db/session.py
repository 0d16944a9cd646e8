"""Engine and session set-up. Services own transactions through ``Database.transaction()``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

#: ``PRAGMA application_id`` of every SmartDesk database ("SmDk"): another program's SQLite
#: file is recognised and refused untouched.
APPLICATION_ID = 0x536D446B


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


class Database:
    """One database: its engine and the session factory. Created once by the composition root."""

    def __init__(self, url: str, path: Path | None = None):
        self.url = url
        self.path = path
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def at_path(cls, path: Path | str) -> Database:
        path = Path(path)
        return cls(sqlite_url(path), path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: everything inside commits together or not at all."""
        with self._sessions.begin() as session:
            yield session

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end, never commits)."""
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()
