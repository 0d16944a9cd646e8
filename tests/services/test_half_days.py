"""Full-day training sessions: a morning and an afternoon ticked apart, their hours on the
grid, the certificates and the key figures, and the command line's --half."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from smartdesk import cli
from smartdesk.domain.enums import HalfDay, RegistrationStatus
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, people, stats, trainings

AFTER = dt.date(2020, 4, 1)  # "today" once the sessions have taken place
BEFORE = dt.date(2020, 3, 1)


@pytest.fixture
def web(db):
    """A morning session, then a full day from 9:00 to 16:30 counted 6 hours."""
    t = trainings.create(db, "Communication web")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    return trainings.add_session(
        db, t.id, start="2020-03-17T09:00", end="2020-03-17T16:30", hours=6
    )


@pytest.fixture
def anne(db, web):
    anne = people.create(db, first_name="Anne", last_name="Bodart")
    trainings.register_people(db, web.id, [anne.id])
    return anne


def row_of(db, training_id, person_id):
    grid = trainings.attendance_grid(db, training_id)
    return next(r for r in grid.rows if r.person_id == person_id)


def test_full_day_defaults_from_the_times_and_can_be_chosen(db, web):
    morning, day = web.sessions
    assert (morning.full_day, day.full_day) == (False, True)
    assert trainings.update_session(db, day.id, full_day=False).full_day is False
    assert trainings.update_session(db, morning.id, full_day=True).full_day is True
    # New times without a choice: the times decide again, as the hours do.
    moved = trainings.update_session(db, morning.id, end="2020-03-10T11:00")
    assert moved.full_day is False
    t = trainings.add_session(
        db, web.id, start="2020-03-24T09:00", end="2020-03-24T16:00", full_day=False
    )
    assert t.sessions[-1].full_day is False


def test_morning_and_afternoon_ticked_apart_add_up_3_plus_3(db, web, anne, sql):
    day = web.sessions[1]
    row = attendance.set_half_day(db, day.id, anne.id, "morning", True, today=AFTER)
    assert (row.status, row.half_day) == (RegistrationStatus.PRESENT, HalfDay.MORNING)
    assert row_of(db, web.id, anne.id).hours == 3.0
    assert row_of(db, web.id, anne.id).halves == {day.id: HalfDay.MORNING}
    # Both halves: present all day (no half stored), the session's 6 hours.
    row = attendance.set_half_day(db, day.id, anne.id, HalfDay.AFTERNOON, True, today=AFTER)
    assert (row.status, row.half_day) == (RegistrationStatus.PRESENT, None)
    assert row_of(db, web.id, anne.id).hours == 6.0
    assert sql(db, "SELECT status, half_day FROM registration WHERE event_id = ?", day.id) == [
        ("present", None)
    ]
    # Untick the morning: the afternoon only, 3 hours.
    attendance.set_half_day(db, day.id, anne.id, "morning", False, today=AFTER)
    assert row_of(db, web.id, anne.id).hours == 3.0
    assert sql(db, "SELECT status, half_day FROM registration WHERE event_id = ?", day.id) == [
        ("present", "afternoon")
    ]
    # Neither half: absent once the day has passed, still registered before it.
    row = attendance.set_half_day(db, day.id, anne.id, "afternoon", False, today=AFTER)
    assert (row.status, row.half_day) == (RegistrationStatus.ABSENT, None)
    attendance.set_half_day(db, day.id, anne.id, "afternoon", True, today=BEFORE)
    row = attendance.set_half_day(db, day.id, anne.id, "afternoon", False, today=BEFORE)
    assert row.status == RegistrationStatus.REGISTERED
    assert row_of(db, web.id, anne.id).hours == 0


def test_certificate_of_a_morning_only_states_3_hours(db, web, anne):
    morning, day = web.sessions
    attendance.set_status(db, morning.id, anne.id, "present")
    attendance.set_half_day(db, day.id, anne.id, "morning", True, today=AFTER)
    [certificate] = trainings.certificates(db, web.id)
    assert [s.hours for s in certificate.attended] == [3.0, 3.0]
    assert certificate.hours == 6.0
    luc = people.create(db, first_name="Luc", last_name="Closset")
    attendance.set_status(db, day.id, luc.id, "present")  # all day, without halves
    hours = {c.person.first_name: c.hours for c in trainings.certificates(db, web.id)}
    assert hours == {"Anne": 6.0, "Luc": 6.0}
    # The key figures: Anne 3 + 3, Luc 6.
    assert stats.statistics(db).training_hours == 12.0


def test_a_whole_session_status_clears_the_half(db, web, anne, sql):
    day = web.sessions[1]
    attendance.set_half_day(db, day.id, anne.id, "afternoon", True, today=AFTER)
    attendance.set_status(db, day.id, anne.id, "present")
    assert row_of(db, web.id, anne.id).hours == 6.0
    attendance.set_half_day(db, day.id, anne.id, "afternoon", True, today=AFTER)
    attendance.set_status(db, day.id, anne.id, "excused")
    assert sql(db, "SELECT status, half_day FROM registration WHERE event_id = ?", day.id) == [
        ("excused", None)
    ]


def test_a_session_no_longer_full_day_keeps_people_present_all_of_it(db, web, anne, sql):
    day = web.sessions[1]
    attendance.set_half_day(db, day.id, anne.id, "morning", True, today=AFTER)
    trainings.update_session(db, day.id, full_day=False)
    assert sql(db, "SELECT status, half_day FROM registration WHERE event_id = ?", day.id) == [
        ("present", None)
    ]
    assert row_of(db, web.id, anne.id).hours == 6.0


def test_bad_half_ticks_are_refused_and_write_nothing(db, web, anne, sql):
    morning, day = web.sessions
    with pytest.raises(ValidationError, match="not a full day"):
        attendance.set_half_day(db, morning.id, anne.id, "morning", True)
    with pytest.raises(ValidationError, match="noon"):
        attendance.set_half_day(db, day.id, anne.id, "noon", True)
    with pytest.raises(NotFoundError):
        attendance.set_half_day(db, day.id, 9999, "morning", True)
    assert sql(db, "SELECT DISTINCT status, half_day FROM registration") == [("registered", None)]


def test_cli_ticks_a_half(db, web, anne, capsys, sql):
    day = web.sessions[1]
    argv = ["--db", str(db.path), "attendance", "set", str(day.id), str(anne.id), "present"]
    db.dispose()  # the command opens the file itself
    assert cli.main([*argv, "--half", "afternoon", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert (printed["status"], printed["half_day"]) == ("present", "afternoon")
    assert cli.main([*argv, "--half", "morning"]) == 0
    assert sql(db, "SELECT status, half_day FROM registration WHERE event_id = ?", day.id) == [
        ("present", None)
    ]
    argv[-1] = "excused"
    assert cli.main([*argv, "--half", "morning"]) == 1
    assert "--half" in capsys.readouterr().err


def test_a_duplicated_full_day_is_a_full_day(db, web):
    from smartdesk.services import events

    copy = events.duplicate(db, web.sessions[1].id, "2020-05-05T09:00")
    assert (copy.full_day, copy.hours, copy.training_id) == (True, 6.0, web.id)
