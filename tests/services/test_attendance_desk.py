"""Attendance for the desk screens: counts, the printed order shared with the sheet, typing the
signed sheet back in, which past events wait for it, and look-alikes before a walk-in."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import RegistrationStatus as RS
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.reports.pdf.sign_in_sheet import ordered
from smartdesk.services import attendance, events, people, printing


@pytest.fixture
def event(db):
    return events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2020-02-06T12:00")


def _person(db, first, last, **kw):
    return people.create(db, first_name=first, last_name=last, **kw)


def test_counts_by_status_with_walk_ins_and_expected(db, event):
    ids = [_person(db, f"P{i}", f"Name{i}").id for i in range(6)]
    attendance.register(db, event.id, ids)
    attendance.check_in(db, event.id, ids[0])
    attendance.set_status(db, event.id, ids[1], "excused")
    attendance.set_status(db, event.id, ids[2], "absent")
    attendance.set_status(db, event.id, ids[3], "invited")
    attendance.walk_in(db, event.id, first_name="Walk", last_name="In")
    c = attendance.attendance_counts(db, event.id)
    assert (c.invited, c.registered, c.present, c.excused, c.absent) == (1, 2, 2, 1, 1)
    assert c.walk_ins == 1
    assert c.expected == 4  # two registered, one present, one absent; not the walk-in
    assert c.total == 6
    with pytest.raises(NotFoundError):
        attendance.attendance_counts(db, 9999)


def test_sign_in_rows_are_the_printed_rows_in_the_printed_order(db, event):
    names = [("Zoé", "Closset"), ("anne", "wéry"), ("Benoît", "Évrard"), ("Anne", "Closset")]
    ids = [_person(db, f, last).id for f, last in names]
    attendance.register(db, event.id, ids)
    attendance.set_status(db, event.id, ids[1], "excused")  # not printed
    rows = attendance.sign_in_rows(db, event.id)
    assert [(r.first_name, r.last_name) for r in rows] == [
        ("Anne", "Closset"),
        ("Zoé", "Closset"),
        ("Benoît", "Évrard"),
    ]
    # The sheet builder re-applies the same order: nothing moves.
    assert ordered(rows, "name") == rows
    by_registration = attendance.sign_in_rows(db, event.id, "registration")
    assert by_registration == ordered(rows, "registration")
    assert {r.person_id for r in by_registration} == {ids[0], ids[2], ids[3]}
    with pytest.raises(ValidationError):
        attendance.sign_in_rows(db, event.id, "shoe size")


def test_printed_sheet_numbers_people_as_sign_in_rows_does(demo_db):
    from tests.reports.pdf_samples import pages_text  # the PDF read back as text

    event = next(e for e in events.list_events(demo_db) if e.title.startswith("Ma commune"))
    rows = attendance.sign_in_rows(demo_db, event.id)
    text = "\n".join(pages_text(printing.attendance_sheet(demo_db, event.id)))
    lines = text.splitlines()
    for number, row in enumerate(rows, start=1):
        at = next(i for i, line in enumerate(lines) if line.strip() == str(number))
        # the row's number is followed by that person's last name on the sheet
        assert any(row.last_name.split()[0] in line for line in lines[at : at + 3]), (number, row)


def test_encode_sheet_writes_marks_and_walk_ins_in_one_transaction(db, event, sql):
    a, b, c = (_person(db, n, n).id for n in ("Anne", "Benoît", "Chantal"))
    known = _person(db, "Jules", "Known").id
    attendance.register(db, event.id, [a, b, c])
    counts = attendance.encode_sheet(
        db,
        event.id,
        {a: "present", b: RS.ABSENT, c: "excused"},
        [known, {"first_name": "New", "last_name": "Comer", "commune": "Wanze"}],
    )
    assert (counts.present, counts.absent, counts.excused, counts.walk_ins) == (3, 1, 1, 2)
    rows = dict(
        (pid, (status, walk_in))
        for pid, status, walk_in in sql(
            db, "SELECT person_id, status, walk_in FROM registration WHERE event_id = ?", event.id
        )
    )
    assert rows[a] == ("present", 0) and rows[b] == ("absent", 0) and rows[c] == ("excused", 0)
    assert rows[known] == ("present", 1)
    new = [p for p in people.search(db, "comer")]
    assert len(new) == 1 and rows[new[0].id] == ("present", 1)


def test_encode_sheet_is_all_or_nothing(db, event, counts_of, sql):
    a = _person(db, "Anne", "A").id
    attendance.register(db, event.id, [a])
    before = counts_of(db)
    with pytest.raises(ValidationError):
        attendance.encode_sheet(
            db, event.id, {a: "present"}, [{"first_name": "", "last_name": "X"}]
        )
    assert counts_of(db) == before
    assert sql(db, "SELECT status FROM registration") == [("registered",)]
    with pytest.raises(ValidationError):
        attendance.encode_sheet(db, event.id, {a: "came"})
    with pytest.raises(NotFoundError):
        attendance.encode_sheet(db, event.id, {a: "present"}, [424242])
    assert sql(db, "SELECT status FROM registration") == [("registered",)]


def test_recognised_walk_in_who_was_registered_is_not_a_walk_in(db, event):
    a, b = _person(db, "Anne", "A").id, _person(db, "Bea", "B").id
    attendance.register(db, event.id, [a])
    assert attendance.walk_in_person(db, event.id, a).walk_in is False
    row = attendance.walk_in_person(db, event.id, b)
    assert row.walk_in is True and row.status == RS.PRESENT


def test_add_and_register_creates_both_or_neither(db, event, counts_of):
    row = attendance.add_and_register(
        db, event.id, first_name="Léa", last_name="Moreau", email="lea@moreau.be", commune="Huy"
    )
    assert row.status == RS.REGISTERED and row.commune == "Huy" and not row.walk_in
    before = counts_of(db)
    with pytest.raises(ValidationError):
        attendance.add_and_register(db, event.id, first_name="X", last_name="Y", email="nope@")
    with pytest.raises(NotFoundError):
        attendance.add_and_register(db, 9999, first_name="X", last_name="Y")
    assert counts_of(db) == before


def test_is_encoded_follows_the_statuses(db, event):
    a, b = _person(db, "Anne", "A").id, _person(db, "Bea", "B").id
    assert not attendance.is_encoded(db, event.id)  # nothing recorded at all
    attendance.register(db, event.id, [a, b])
    assert not attendance.is_encoded(db, event.id)
    attendance.check_in(db, event.id, a)
    assert not attendance.is_encoded(db, event.id)  # Bea still "registered": sheet not typed in
    attendance.encode_sheet(db, event.id, {a: "present", b: "absent"})
    assert attendance.is_encoded(db, event.id)
    attendance.set_status(db, event.id, b, "registered")
    assert not attendance.is_encoded(db, event.id)
    attendance.set_status(db, event.id, b, "excused")
    assert attendance.is_encoded(db, event.id)
    with pytest.raises(NotFoundError):
        attendance.is_encoded(db, 9999)


def test_unencoded_events_are_past_not_cancelled_and_most_recent_first(db):
    a = _person(db, "Anne", "A").id
    old = events.create(db, title="Old", kind="other", start="2024-01-10T10:00")
    older = events.create(db, title="Older", kind="other", start="2023-05-01T10:00")
    done = events.create(db, title="Done", kind="other", start="2024-02-01T10:00")
    events.create(db, title="Cancelled", kind="other", start="2024-03-01T10:00", status="cancelled")
    events.create(db, title="Future", kind="other", start="2030-01-01T10:00")
    today_evt = events.create(db, title="Today", kind="other", start="2025-06-01T18:00")
    attendance.register(db, old.id, [a])
    attendance.encode_sheet(db, done.id, {a: "present"})
    titles = [e.title for e in attendance.unencoded_events(db, today=dt.date(2025, 6, 1))]
    assert titles == ["Old", "Older"]
    assert today_evt.id not in [e.id for e in attendance.unencoded_events(db, dt.date(2025, 6, 1))]
    assert [e.title for e in attendance.unencoded_events(db, dt.date(2025, 6, 2), limit=1)] == [
        "Today"
    ]
    attendance.encode_sheet(db, old.id, {a: "absent"})
    assert [e.id for e in attendance.unencoded_events(db, dt.date(2025, 6, 1))] == [older.id]
    assert attendance.count_unencoded_events(db, dt.date(2025, 6, 1)) == 1
    assert attendance.count_unencoded_events(db, dt.date(2025, 6, 2)) == 2  # and "Today"


def test_possible_duplicates_same_name_similar_and_email(db, event):
    dupont = _person(db, "Jean", "Dupont", commune="Wanze").id
    swapped = _person(db, "Dubois", "Marie").id
    jm = _person(db, "Jean-Marc", "Lambert").id
    mail = _person(db, "Sophie", "Other", email="s.martin@huy.be").id
    _person(db, "Zeno", "Unrelated")
    attendance.register(db, event.id, [dupont])

    found = attendance.possible_duplicates(db, "jean", "DUPONT", event_id=event.id)
    assert [(d.person.id, d.reason, d.registered) for d in found] == [(dupont, "name", True)]
    found = attendance.possible_duplicates(db, "Jean", "Dupond", event_id=event.id)
    assert [(d.person.id, d.reason) for d in found] == [(dupont, "similar")]
    assert [d.person.id for d in attendance.possible_duplicates(db, "Marie", "Dubois")] == [swapped]
    assert [d.person.id for d in attendance.possible_duplicates(db, "Jean", "Lambert")] == [jm]
    found = attendance.possible_duplicates(db, "Sophie", "Martin", email="S.Martin@huy.be")
    assert [(d.person.id, d.reason) for d in found] == [(mail, "email")]
    assert attendance.possible_duplicates(db, "Xavier", "Nobody") == []
    assert attendance.possible_duplicates(db, "", "") == []
