"""The same services on PostgreSQL: proof that no SQLite-only SQL crept in.

Opt-in, because it needs a server: set SMARTDESK_TEST_POSTGRES_URL to an empty database, e.g.
``postgresql+psycopg://sd:sd@localhost/smartdesk_test`` (psycopg is in requirements-dev.lock).
The schema is dropped and re-created by the migrations at the start."""

from __future__ import annotations

import os

import pytest

URL = os.environ.get("SMARTDESK_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(
    not URL, reason="SMARTDESK_TEST_POSTGRES_URL is not set (needs a PostgreSQL server)"
)


@pytest.fixture
def pg():
    from sqlalchemy import text

    from smartdesk.db.migrate import upgrade_to_head
    from smartdesk.db.session import Database

    db = Database(URL)
    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade_to_head(db)
    yield db
    db.dispose()


def test_demo_stats_search_duplicates_merge_on_postgresql(pg, db):
    from smartdesk.services import attendance, demo, people, stats, trainings, workshops

    demo.load_demo(pg)
    demo.load_demo(pg)
    demo.load_demo(db)  # the same on SQLite, to compare
    assert stats.statistics(pg) == stats.statistics(db)
    assert [p.last_name for p in people.search(pg, "DÉBROUX")] == ["Debroux"]
    assert people.find_duplicates(pg) == []
    a = people.create(pg, first_name="Jean", last_name="Dupont", email="J@x.be", commune="Wanze")
    b = people.create(pg, first_name="jean", last_name="dupont", email="j@X.be", commune="wanze")
    assert len(people.find_duplicates(pg)) == 1
    attendance.set_status(pg, 1, b.id, "present")
    merged = people.merge(pg, a.id, b.id)
    assert merged.email == "J@x.be"
    assert len(workshops.cards(pg, workshop_id=1)) == len(workshops.cards(db, workshop_id=1))
    assert len(trainings.certificates(pg, 1)) == len(trainings.certificates(db, 1))
