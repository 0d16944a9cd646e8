"""Migration 0007 on a database written before it (schema 0006): training sessions that span a
lunch break become full days, and everyone present there stays present morning and afternoon,
with the same hours on the grid, the certificates and the key figures."""

from __future__ import annotations

import sqlite3

from alembic import command

from smartdesk import app
from smartdesk.db.migrate import alembic_config
from smartdesk.db.session import Database
from smartdesk.services import attendance, stats, trainings

STAMP = "2021-03-01 12:00:00"
SESSIONS = [  # id, start, end, hours
    (1, "2021-03-02 09:00:00.000000", "2021-03-02 16:30:00.000000", 6.0),  # a full day
    (2, "2021-03-09 09:00:00.000000", "2021-03-09 12:00:00.000000", 3.0),  # a morning
    (3, "2021-03-16 13:30:00.000000", "2021-03-16 17:00:00.000000", 3.5),  # an afternoon
]


def test_0007_makes_full_days_and_keeps_everyone_present_all_day(tmp_path):
    path = tmp_path / "old.db"
    old = Database.at_path(path)
    command.upgrade(alembic_config(old), "0006")
    old.dispose()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO training (id, uuid, title, created_at, updated_at) "
        "VALUES (1, 't-1', 'Communication web', ?, ?)",
        (STAMP, STAMP),
    )
    for pid, first in ((1, "Anne"), (2, "Luc")):
        con.execute(
            "INSERT INTO person (id, uuid, first_name, last_name, consent, anonymised, name_key, "
            "sort_key, created_at, updated_at) VALUES (?, ?, ?, 'Bodart', 0, 0, '', '', ?, ?)",
            (pid, f"p-{pid}", first, STAMP, STAMP),
        )
    for eid, start, end, hours in SESSIONS:
        con.execute(
            "INSERT INTO event (id, uuid, title, kind, start, end, status, training_id, hours, "
            "created_at, updated_at) VALUES (?, ?, 'Communication web', 'training_session', ?, "
            "?, 'held', 1, ?, ?, ?)",
            (eid, f"e-{eid}", start, end, hours, STAMP, STAMP),
        )
    # Anne came to everything, Luc to the full day only (and was absent from the others).
    for rid, (eid, pid, status) in enumerate(
        [
            (1, 1, "present"),
            (2, 1, "present"),
            (3, 1, "present"),
            (1, 2, "present"),
            (2, 2, "absent"),
            (3, 2, "absent"),
        ],  # fmt: skip
        start=1,
    ):
        con.execute(
            "INSERT INTO registration (id, uuid, event_id, person_id, status, walk_in, "
            "registered_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
            (rid, f"r-{rid}", eid, pid, status, STAMP, STAMP, STAMP),
        )
    con.commit()
    con.close()

    db = app.open_database(path)
    try:
        grid = trainings.attendance_grid(db, 1)
        assert [s.full_day for s in grid.sessions] == [True, False, False]
        hours = {row.first_name: row.hours for row in grid.rows}
        assert hours == {"Anne": 12.5, "Luc": 6.0}
        assert all(row.halves == {} for row in grid.rows)  # present = the whole day
        [luc] = [r for r in attendance.list_attendance(db, 1) if r.first_name == "Luc"]
        assert (luc.status.value, luc.half_day) == ("present", None)
        assert {c.person.first_name: c.hours for c in trainings.certificates(db, 1)} == hours
        assert stats.statistics(db).training_hours == 18.5
    finally:
        db.dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT id, full_day FROM event ORDER BY id").fetchall() == [
            (1, 1), (2, 0), (3, 0)]  # fmt: skip
        assert con.execute("SELECT DISTINCT half_day FROM registration").fetchall() == [(None,)]
    finally:
        con.close()
