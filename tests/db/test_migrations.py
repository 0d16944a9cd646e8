"""Alembic migrations create the schema from nothing and match the models exactly."""

from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from smartdesk import app
from smartdesk.db.base import Base
from smartdesk.db.migrate import current_revision, head_revision
from smartdesk.domain.errors import SmartDeskError


def test_new_file_is_migrated_to_head(db):
    assert db.path.exists()
    assert current_revision(db) == head_revision(db)


def test_the_head_revision_constant_is_alembics_head(db):
    from smartdesk.db.files import HEAD_REVISION

    assert head_revision(db) == HEAD_REVISION


def test_migrations_and_models_give_the_same_schema(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_sqlite_pragmas_foreign_keys_and_wal(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_opening_twice_is_harmless(db_path):
    first = app.open_database(db_path, create=True)
    first.dispose()
    second = app.open_database(db_path, create=True)
    assert current_revision(second) == head_revision(second)
    second.dispose()


def test_file_from_a_newer_version_is_refused(db_path):
    app.open_database(db_path, create=True).dispose()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    con.commit()
    con.close()
    with pytest.raises(SmartDeskError, match="newer version"):
        app.open_database(db_path, create=True)
