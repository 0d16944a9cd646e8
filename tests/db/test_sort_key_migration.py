"""Migration 0004 on a database written before it (schema 0002): every person gets the sort
key, name keys are folded again (ø, ł, œ …), and the list and the search follow at once."""

from __future__ import annotations

import sqlite3

from alembic import command

from smartdesk import app
from smartdesk.db.migrate import alembic_config
from smartdesk.db.session import Database
from smartdesk.domain.text import ANONYMISED_SORT_KEY, person_sort_key
from smartdesk.services import people

OLD_PEOPLE = [  # first, last, name_key as the 0002 code stored it, anonymised
    ("Zoé", "Zeller", "zoe zeller", 0),
    ("Karen", "Ørsted", "karen ørsted", 0),
    ("Paul", "Œuvray", "paul œuvray", 0),
    ("Anne", "Évrard", "anne evrard", 0),
    ("Łukasz", "Nowak", "łukasz nowak", 0),
    ("Anonymised", "#6", "", 1),
]


def test_0004_fills_sort_keys_and_refolds_name_keys(tmp_path):
    path = tmp_path / "old.db"
    old = Database.at_path(path)
    command.upgrade(alembic_config(old), "0002")
    old.dispose()
    con = sqlite3.connect(path)
    stamp = "2021-03-01 12:00:00"
    for i, (first, last, key, anonymised) in enumerate(OLD_PEOPLE, start=1):
        con.execute(
            "INSERT INTO person (id, uuid, first_name, last_name, consent, anonymised, name_key, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?)",
            (i, f"p-{i}", first, last, anonymised, key, stamp, stamp),
        )
    con.commit()
    con.close()

    db = app.open_database(path)
    try:
        assert [p.last_name for p in people.search(db, "orsted")] == ["Ørsted"]
        assert [p.last_name for p in people.search(db, "lukasz")] == ["Nowak"]
        everyone = people.search(db)
        assert [p.last_name for p in everyone] == ["Évrard", "Nowak", "Œuvray", "Ørsted",
                                                   "Zeller", "#6"]  # fmt: skip
        assert people.search(db, limit=3, offset=3) == everyone[3:]
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT first_name, last_name, anonymised, name_key, sort_key FROM person ORDER BY id"
        ).fetchall()
        index = con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person'"
        ).fetchall()
    finally:
        con.close()
    for first, last, anonymised, _key, sort_key in rows:
        assert sort_key == person_sort_key(first, last, bool(anonymised))
    assert rows[1][3] == "karen orsted" and rows[2][3] == "paul oeuvray"
    assert rows[5][3] == "" and rows[5][4] == ANONYMISED_SORT_KEY  # still found by nobody
    assert ("ix_person_list",) in index
