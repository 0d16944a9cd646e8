"""Shared fixtures: a real SQLite file per test, migrated by the application's own code."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from smartdesk import app, i18n  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path_factory, monkeypatch):
    """No test may touch the user's real data folder; messages in a known language."""
    monkeypatch.setenv("SMARTDESK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("SMARTDESK_DB", raising=False)
    token = i18n.set_locale("en")
    yield
    i18n.set_locale(token)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "smartdesk.db"


@pytest.fixture
def db(db_path):
    database = app.open_database(db_path, create=True)
    yield database
    database.dispose()


@pytest.fixture
def demo_db(db):
    from smartdesk.services import demo

    demo.load_demo(db)
    return db
