"""The Formations page's services: the list with its figures, editing and deleting sessions,
registering people to every session, and the attendance grid people × sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import EventStatus, RegistrationStatus
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, events, people, trainings


@pytest.fixture
def web(db):
    t = trainings.create(db, "Communication web", trainer="Julie Marchand")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    return trainings.add_session(
        db, t.id, start="2020-03-17T09:00", end="2020-03-17T16:30", hours=6
    )


def test_list_with_figures_and_search(db, web):
    other = trainings.create(db, "Intelligence collective", topic="Évrard et les outils")
    anne = people.create(db, first_name="Anne", last_name="Bodart")
    luc = people.create(db, first_name="Luc", last_name="Closset")
    assert trainings.register_people(db, web.id, [anne.id, luc.id, anne.id]) == 4
    # No session yet: the training is listed first, then the latest one.
    assert trainings.find_trainings(db) == [other.id, web.id]
    assert trainings.find_trainings(db, "evrard") == [other.id]
    assert trainings.find_trainings(db, "JULIE") == [web.id]
    summary = trainings.training_summaries(db, [web.id, other.id])
    assert summary[web.id].sessions == 2
    assert summary[web.id].hours == 9.0
    assert summary[web.id].trainees == 2
    assert summary[web.id].first == dt.datetime(2020, 3, 10, 9, 0)
    assert summary[other.id].sessions == 0 and summary[other.id].trainees == 0
    # A cancelled session is neither counted nor registered to.
    events.update_event(db, web.sessions[1].id, status="cancelled")
    assert trainings.training_summaries(db, [web.id])[web.id].hours == 3.0


def test_update_training_and_session_hours_follow_the_times(db, web):
    t = trainings.update(db, web.id, title="Web", description="Deux jours")
    assert (t.title, t.description) == ("Web", "Deux jours")
    first = web.sessions[0]
    moved = trainings.update_session(
        db, first.id, start="2020-03-11T13:00", end="2020-03-11T17:30", venue="Salle du conseil"
    )
    assert moved.hours == 4.5 and moved.venue == "Salle du conseil"
    assert moved.kind.value == "training_session"
    kept = trainings.update_session(db, first.id, hours=4, venue="Salle B")
    assert kept.hours == 4.0
    with pytest.raises(ValidationError):
        trainings.update_session(db, first.id, end="2020-03-11T08:00")
    assert events.get(db, first.id).end == dt.datetime(2020, 3, 11, 17, 30)


def test_delete_session_only_of_a_training(db, web):
    midi = events.create(db, title="Midi", kind="midi_du_smart", start="2020-02-06T12:00")
    with pytest.raises(ValidationError):
        trainings.delete_session(db, midi.id)
    trainings.delete_session(db, web.sessions[0].id)
    assert len(trainings.get(db, web.id).sessions) == 1
    with pytest.raises(NotFoundError):
        trainings.delete_session(db, web.sessions[0].id)


def test_register_needs_a_session(db):
    empty = trainings.create(db, "Vide")
    anne = people.create(db, first_name="Anne", last_name="Bodart")
    with pytest.raises(ValidationError):
        trainings.register_people(db, empty.id, [anne.id])


def test_grid_statuses_and_hours(db, web):
    anne = people.create(db, first_name="Anne", last_name="Bodart", organisation="GAL")
    luc = people.create(db, first_name="Luc", last_name="Closset")
    trainings.register_people(db, web.id, [luc.id, anne.id])
    first, second = web.sessions
    attendance.set_status(db, first.id, anne.id, "present")
    attendance.set_status(db, second.id, anne.id, "present")
    attendance.set_status(db, second.id, luc.id, "present")
    grid = trainings.attendance_grid(db, web.id)
    assert [s.id for s in grid.sessions] == [first.id, second.id]
    assert [r.person_id for r in grid.rows] == [anne.id, luc.id]
    assert grid.rows[0].organisation == "GAL"
    assert grid.rows[0].hours == 9.0 and grid.rows[1].hours == 6.0
    assert grid.rows[1].statuses == {
        first.id: RegistrationStatus.REGISTERED,
        second.id: RegistrationStatus.PRESENT,
    }
    # The grid and the certificates agree on the hours.
    certified = {c.person.id: c.hours for c in trainings.certificates(db, web.id)}
    assert certified == {anne.id: 9.0, luc.id: 6.0}
    trainings.unregister_person(db, web.id, luc.id)
    assert [r.person_id for r in trainings.attendance_grid(db, web.id).rows] == [anne.id]


def test_grid_hours_leave_out_cancelled_sessions(db, web):
    grid = trainings.attendance_grid(db, web.id)
    statuses = {s.id: RegistrationStatus.PRESENT for s in grid.sessions}
    assert trainings.grid_hours(grid.sessions, statuses) == 9.0
    events.update_event(db, web.sessions[0].id, status=EventStatus.CANCELLED)
    grid = trainings.attendance_grid(db, web.id)
    assert trainings.grid_hours(grid.sessions, statuses) == 6.0
