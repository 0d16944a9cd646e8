"""Bring a database file to the schema of this version of SmartDesk, with Alembic.

A new file is created by running every migration; an older file is backed up, then upgraded;
a file written by a newer SmartDesk is refused rather than damaged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from smartdesk.db.base import utcnow
from smartdesk.db.session import Database
from smartdesk.domain.errors import SmartDeskError
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


def upgrade_to_head(db: Database, backup_dir: Path | None = None) -> None:
    cfg = alembic_config(db)
    script = ScriptDirectory.from_config(cfg)
    current = current_revision(db)
    head = script.get_current_head()
    if current == head:
        return
    if current is not None:
        try:
            script.get_revision(current)
        except Exception:
            raise SmartDeskError(
                _(
                    "This database was written by a newer version of SmartDesk "
                    "(schema {revision}). Update SmartDesk to open it."
                ).format(revision=current)
            ) from None
        if backup_dir is not None and db.path is not None and db.path.exists():
            backup_dir.mkdir(parents=True, exist_ok=True)
            stamp = utcnow().strftime("%Y%m%d-%H%M%S")
            shutil.copy2(db.path, backup_dir / f"{db.path.stem}-before-{head}-{stamp}.db")
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
