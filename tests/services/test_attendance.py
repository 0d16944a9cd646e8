"""Attendance: register, set status, check in, walk-ins, lists and counts; all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import RegistrationStatus as RS
from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, events, people


@pytest.fixture
def event(db):
    return events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2020-02-06T12:00")


def _person(db, first, last, **kw):
    return people.create(db, first_name=first, last_name=last, **kw)


def test_register_several_people_counts_new_ones(db, event, sql):
    a, b, c = (_person(db, n, n) for n in ("Anne", "Benoît", "Chantal"))
    assert attendance.register(db, event.id, [a.id, b.id]) == 2
    assert attendance.register(db, event.id, [b.id, c.id, c.id]) == 1
    assert sql(db, "SELECT person_id, status, walk_in FROM registration ORDER BY person_id") == [
        (a.id, "registered", 0),
        (b.id, "registered", 0),
        (c.id, "registered", 0),
    ]


def test_register_does_not_downgrade_an_existing_status(db, event):
    a = _person(db, "Anne", "A")
    attendance.set_status(db, event.id, a.id, "present")
    assert attendance.register(db, event.id, [a.id]) == 0
    assert attendance.list_attendance(db, event.id)[0].status == RS.PRESENT


def test_register_is_all_or_nothing(db, event, sql_scalar):
    a = _person(db, "Anne", "A")
    with pytest.raises(NotFoundError) as exc:
        attendance.register(db, event.id, [a.id, 99999])
    assert "99999" in exc.value.message
    assert sql_scalar(db, "SELECT COUNT(*) FROM registration") == 0
    with pytest.raises(NotFoundError):
        attendance.register(db, 424242, [a.id])
    assert sql_scalar(db, "SELECT COUNT(*) FROM registration") == 0


def test_set_status_registers_if_needed(db, event):
    a = _person(
        db,
        "Anne",
        "Lejeune",
        organisation="Ville de Wanze",
        sector="commune",
        commune="Wanze",
        email="a@w.be",
        consent=True,
    )
    row = attendance.set_status(db, event.id, a.id, "excused")
    assert row.person_id == a.id and row.status == RS.EXCUSED
    assert (row.first_name, row.last_name) == ("Anne", "Lejeune")
    assert (row.organisation, row.sector, row.commune) == (
        "Ville de Wanze",
        Sector.COMMUNE,
        "Wanze",
    )
    assert row.email == "a@w.be" and row.consent is True
    assert row.walk_in is False and row.registered_at is not None and row.checked_in_at is None
    row = attendance.set_status(db, event.id, a.id, RS.ABSENT)
    assert row.status == RS.ABSENT
    assert attendance.list_attendance(db, event.id) == [row]


@pytest.mark.parametrize("status", ["came", "", "presentt"])
def test_set_status_rejects_unknown_status(db, event, sql_scalar, status):
    a = _person(db, "Anne", "A")
    with pytest.raises(ValidationError) as exc:
        attendance.set_status(db, event.id, a.id, status)
    assert exc.value.field == "status"
    assert "present" in exc.value.message and "excused" in exc.value.message
    assert sql_scalar(db, "SELECT COUNT(*) FROM registration") == 0


def test_set_status_accepts_any_case(db, event):
    a = _person(db, "Anne", "A")
    assert attendance.set_status(db, event.id, a.id, " PRESENT ").status == RS.PRESENT


def test_set_status_unknown_person_or_event(db, event, sql_scalar):
    a = _person(db, "Anne", "A")
    with pytest.raises(NotFoundError):
        attendance.set_status(db, event.id, 999, "present")
    with pytest.raises(NotFoundError):
        attendance.set_status(db, 999, a.id, "present")
    assert sql_scalar(db, "SELECT COUNT(*) FROM registration") == 0


def test_check_in_sets_the_time_and_leaving_present_clears_it(db, event, sql):
    a = _person(db, "Anne", "A")
    attendance.register(db, event.id, [a.id])
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    row = attendance.check_in(db, event.id, a.id)
    after = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    assert row.status == RS.PRESENT
    assert before <= row.checked_in_at <= after
    # checking in twice keeps the first time
    assert attendance.check_in(db, event.id, a.id).checked_in_at == row.checked_in_at
    assert attendance.set_status(db, event.id, a.id, "present").checked_in_at == row.checked_in_at
    row = attendance.set_status(db, event.id, a.id, "absent")
    assert row.checked_in_at is None
    assert sql(db, "SELECT status, checked_in_at FROM registration") == [("absent", None)]


def test_check_in_registers_unregistered_person(db, event):
    a = _person(db, "Anne", "A")
    row = attendance.check_in(db, event.id, a.id)
    assert row.status == RS.PRESENT and row.checked_in_at is not None and not row.walk_in


def test_walk_in_creates_person_registration_in_one_go(db, event, sql):
    row = attendance.walk_in(
        db,
        event.id,
        first_name="Jérémy",
        last_name="Goffin",
        email="jeremy@goffin.be",
        organisation="Menuiserie Goffin",
        sector="business",
        commune="Villers-le-Bouillet",
    )
    assert row.status == RS.PRESENT and row.walk_in is True
    assert row.checked_in_at is not None
    assert (row.organisation, row.sector, row.commune) == (
        "Menuiserie Goffin",
        Sector.BUSINESS,
        "Villers-le-Bouillet",
    )
    p = people.get(db, row.person_id)
    assert (p.first_name, p.last_name, p.email) == ("Jérémy", "Goffin", "jeremy@goffin.be")
    assert sql(db, "SELECT person_id, status, walk_in FROM registration") == [(p.id, "present", 1)]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"first_name": "Jérémy", "last_name": "Goffin", "email": "jeremy@"}, "email"),
        ({"first_name": "", "last_name": "Goffin"}, "first_name"),
        ({"first_name": "J", "last_name": "G", "sector": "?", "organisation": "O"}, "sector"),
    ],
)
def test_invalid_walk_in_creates_nothing(db, event, counts_of, fields, field):
    before = counts_of(db)
    with pytest.raises(ValidationError) as exc:
        attendance.walk_in(db, event.id, commune="Nouvelle commune", **fields)
    assert exc.value.field == field
    assert counts_of(db) == before


def test_walk_in_to_unknown_event_creates_nothing(db, counts_of):
    before = counts_of(db)
    with pytest.raises(NotFoundError):
        attendance.walk_in(db, 123, first_name="A", last_name="B")
    assert counts_of(db) == before


def test_walk_in_flag_survives_a_status_change(db, event):
    row = attendance.walk_in(db, event.id, first_name="A", last_name="B")
    row = attendance.set_status(db, event.id, row.person_id, "absent")
    assert row.walk_in is True and row.checked_in_at is None


def test_unregister(db, event, sql_scalar):
    a = _person(db, "Anne", "A")
    attendance.register(db, event.id, [a.id])
    attendance.unregister(db, event.id, a.id)
    assert sql_scalar(db, "SELECT COUNT(*) FROM registration") == 0
    with pytest.raises(ValidationError) as exc:
        attendance.unregister(db, event.id, a.id)
    assert exc.value.field == "person"
    people.delete(db, a.id)  # no history left: the person may go


def test_list_order_by_name_or_registration(db, event):
    ids = {}
    for first, last in [
        ("Zoé", "Closset"),
        ("anne", "wéry"),
        ("Benoît", "Bodart"),
        ("Anne", "Closset"),
    ]:
        ids[f"{first} {last}"] = _person(db, first, last).id
    order = ["anne wéry", "Zoé Closset", "Benoît Bodart", "Anne Closset"]
    for n, name in enumerate(order):
        attendance.register(db, event.id, [ids[name]])
        # registered_at has a one-second resolution: spread the times as a real day would
        _set_registered_at(db, ids[name], event.id, dt.datetime(2020, 2, 1, 9, n))
    by_name = [f"{r.first_name} {r.last_name}" for r in attendance.list_attendance(db, event.id)]
    assert by_name == ["Benoît Bodart", "Anne Closset", "Zoé Closset", "anne wéry"]
    by_reg = attendance.list_attendance(db, event.id, order="registration")
    assert [f"{r.first_name} {r.last_name}" for r in by_reg] == order


def test_name_order_ignores_accents_and_case_as_a_sign_in_sheet_must(db, event):
    names = [
        ("Zoé", "Lambert"),
        ("Luc", "Évrard"),
        ("Anne", "Dubois"),
        ("Éric", "evrard"),
        ("Ann", "Ébroux"),
    ]
    attendance.register(db, event.id, [_person(db, first, last).id for first, last in names])
    got = [f"{r.first_name} {r.last_name}" for r in attendance.list_attendance(db, event.id)]
    assert got == ["Anne Dubois", "Ann Ébroux", "Éric evrard", "Luc Évrard", "Zoé Lambert"]


def test_registration_order_ties_follow_insertion(db, event):
    ids = [_person(db, n, n).id for n in ("Zed", "Alpha", "Mid")]
    attendance.register(db, event.id, ids)
    rows = attendance.list_attendance(db, event.id, order="registration")
    assert [r.person_id for r in rows] == ids


def _set_registered_at(db, person_id, event_id, when):
    import sqlite3

    con = sqlite3.connect(db.path)
    with con:
        con.execute(
            "UPDATE registration SET registered_at = ? WHERE person_id = ? AND event_id = ?",
            (when.isoformat(sep=" ", timespec="microseconds"), person_id, event_id),
        )
    con.close()


def test_list_unknown_event(db):
    with pytest.raises(NotFoundError):
        attendance.list_attendance(db, 5)


def test_counts(db, event):
    other = events.create(db, title="Other", kind="other", start="2020-03-01T10:00")
    ps = [_person(db, f"P{i}", "X").id for i in range(6)]
    for pid, status in zip(
        ps, ["present", "present", "present", "absent", "excused", "invited"], strict=True
    ):
        attendance.set_status(db, event.id, pid, status)
    attendance.walk_in(db, event.id, first_name="W", last_name="W")
    attendance.set_status(db, other.id, ps[0], "absent")
    assert attendance.counts(db, event.id) == {
        RS.PRESENT: 4,
        RS.ABSENT: 1,
        RS.EXCUSED: 1,
        RS.INVITED: 1,
    }
    assert attendance.counts(db, other.id) == {RS.ABSENT: 1}
    assert all(isinstance(k, RS) for k in attendance.counts(db, event.id))
    assert attendance.counts(db, 999) == {}


def test_demo_midi_attendance(demo_db, sql):
    midi = events.list_events(demo_db, kind="midi_du_smart")[0]
    rows = attendance.list_attendance(demo_db, midi.id)
    assert len(rows) == 38
    names = [(r.last_name.casefold(), r.first_name.casefold()) for r in rows]
    assert names == sorted(names)
    expected = dict(
        sql(
            demo_db,
            "SELECT status, COUNT(*) FROM registration WHERE event_id = ? GROUP BY status",
            midi.id,
        )
    )
    assert {k.value: v for k, v in attendance.counts(demo_db, midi.id).items()} == expected
    assert expected["present"] > 30
    assert all((r.checked_in_at is not None) == (r.status == RS.PRESENT) for r in rows)
