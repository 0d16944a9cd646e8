"""Helpers of the service tests: read the SQLite file behind the services' back."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from smartdesk import app
from smartdesk.services import demo


def raw_rows(db, query: str, *params) -> list[tuple]:
    """Run one query on the database file through a separate, plain sqlite3 connection."""
    con = sqlite3.connect(db.path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def raw_scalar(db, query: str, *params):
    return raw_rows(db, query, *params)[0][0]


def table_counts(db) -> dict[str, int]:
    """Rows in every table of the file (found in sqlite_master, not from the models)."""
    names = [
        name
        for (name,) in raw_rows(
            db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {name: raw_scalar(db, f'SELECT COUNT(*) FROM "{name}"') for name in names}


@pytest.fixture
def sql():
    return raw_rows


@pytest.fixture
def sql_scalar():
    return raw_scalar


@pytest.fixture
def counts_of():
    return table_counts


# --- faster copies of the shared fixtures ------------------------------------------------------
# Same meaning as tests/conftest.py (a real SQLite file in tmp_path, migrated by the
# application's own code, optionally with the demo loaded), but the migration and the demo run
# once per session and each test opens its own copy of the resulting file: hundreds of tests stay
# within a few seconds.


@pytest.fixture(scope="session")
def _templates(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates")
    migrated, with_demo = folder / "migrated.db", folder / "demo.db"
    database = app.open_database(migrated, create=True)
    database.dispose()
    shutil.copyfile(migrated, with_demo)
    database = app.open_database(with_demo, create=True)
    demo.load_demo(database)
    database.dispose()
    for path in (migrated, with_demo):  # everything checkpointed into the file we copy
        assert not path.with_name(path.name + "-wal").exists()
    return migrated, with_demo


def _open_copy(template, path):
    shutil.copyfile(template, path)
    # A copy of a new database: as new as one just created, no day's backup to make of it.
    return app.open_database(path, daily_backup=False)


@pytest.fixture
def db(db_path, _templates):
    database = _open_copy(_templates[0], db_path)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db_path, _templates):
    database = _open_copy(_templates[1], db_path)
    yield database
    database.dispose()
