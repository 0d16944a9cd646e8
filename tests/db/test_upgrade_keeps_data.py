"""A database written by an older SmartDesk (schema 0001) is upgraded on opening, keeping its data."""

from __future__ import annotations

import sqlite3

from alembic import command

from smartdesk import app
from smartdesk.db.migrate import alembic_config, current_revision, head_revision
from smartdesk.db.session import Database
from smartdesk.services import events, people, stats


def test_a_0001_database_with_data_is_upgraded_keeping_it(tmp_path):
    path = tmp_path / "old.db"
    old = Database.at_path(path)
    command.upgrade(alembic_config(old), "0001")
    old.dispose()
    con = sqlite3.connect(path)
    stamp = "2021-03-01 12:00:00"
    con.execute(
        "INSERT INTO commune (id, uuid, name, created_at, updated_at) VALUES (1, 'c-1', 'Héron', ?, ?)",
        (stamp, stamp),
    )
    con.execute(
        "INSERT INTO person (id, uuid, first_name, last_name, email, consent, anonymised, "
        "email_key, name_key, commune_id, created_at, updated_at) "
        "VALUES (1, 'p-1', 'Véronique', 'Collard', 'v@x.be', 1, 0, 'v@x.be', 'veronique collard', "
        "1, ?, ?)",
        (stamp, stamp),
    )
    con.execute(
        "INSERT INTO event (id, uuid, title, kind, start, status, created_at, updated_at) "
        "VALUES (1, 'e-1', 'Midi du Smart', 'midi_du_smart', '2021-03-01 12:00:00.000000', "
        "'held', ?, ?)",
        (stamp, stamp),
    )
    con.execute(
        "INSERT INTO registration (id, uuid, event_id, person_id, status, walk_in, registered_at, "
        "created_at, updated_at) VALUES (1, 'r-1', 1, 1, 'present', 0, ?, ?, ?)",
        (stamp, stamp, stamp),
    )
    con.commit()
    con.close()

    db = app.open_database(path, create=True)
    try:
        assert current_revision(db) == head_revision(db) != "0001"
        [person] = people.search(db, "collard")
        assert (person.uuid, person.first_name, person.commune) == ("p-1", "Véronique", "Héron")
        assert [e.title for e in events.list_events(db)] == ["Midi du Smart"]
        figures = stats.statistics(db)
        assert (figures.participations, figures.unique_people) == (1, 1)
    finally:
        db.dispose()
    backups = list((tmp_path / "backups").glob("old_*_migration.db"))
    assert len(backups) == 1  # the 0001 file was saved before being upgraded
    con = sqlite3.connect(path)
    try:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"exchange_link", "exchange_conflict"} <= tables
    finally:
        con.close()
