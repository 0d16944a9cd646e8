"""Bring a database file to the schema of this version of SmartDesk, with Alembic.

A new file is created by running every migration; an older file is backed up (by the caller's
``before_upgrade``), then upgraded in one transaction; a file written by a newer SmartDesk is
refused rather than damaged.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from smartdesk.db.session import APPLICATION_ID, Database
from smartdesk.domain.errors import DatabaseFileError
from smartdesk.i18n import _

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(db: Database) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", db.url.replace("%", "%%"))
    return cfg


def head_revision(db: Database) -> str | None:
    return ScriptDirectory.from_config(alembic_config(db)).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(db: Database, before_upgrade: Callable[[], None] | None = None) -> bool:
    """Bring ``db`` to the head revision in ONE transaction (DDL included: a kill leaves the
    file as it was) and mark it as SmartDesk's (``PRAGMA application_id``).
    ``before_upgrade`` runs first when an existing file is about to change (a backup).
    Returns whether anything was changed."""
    cfg = alembic_config(db)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(db)
    head = script.get_current_head()
    if current == head and _marked(db):
        return False
    if current is not None and current != head:
        try:
            script.get_revision(current)
        except Exception:
            raise newer_schema(db, current) from None
        if before_upgrade is not None:
            before_upgrade()
    with db.writing_connection() as conn:
        if current != head:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        if db.engine.dialect.name == "sqlite":
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
    return True


def _marked(db: Database) -> bool:
    if db.engine.dialect.name != "sqlite":
        return True
    with db.engine.connect() as conn:
        return conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def newer_schema(db: Database, revision: str) -> DatabaseFileError:
    return DatabaseFileError(
        "newer",
        db.path,
        _(
            "This database was written by a newer version of SmartDesk "
            "(schema {revision}). Update SmartDesk to open it."
        ).format(revision=revision),
    )


def is_current(db: Database) -> bool:
    """Is the file at this version's schema? (False: an upgrade would be needed.)
    A newer schema raises DatabaseFileError("newer")."""
    cfg = alembic_config(db)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(db)
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise newer_schema(db, current) from None
    return current == script.get_current_head()
