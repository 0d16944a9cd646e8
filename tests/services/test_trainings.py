"""Trainings: a series of sessions, hours per session, certificates of attendance."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import EventKind, Sector
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, events, people, trainings


@pytest.fixture
def web(db):
    t = trainings.create(
        db,
        "Communication web",
        topic="Site internet et réseaux sociaux",
        trainer="Julie Marchand",
        target_sector="commune",
        description="  Formation du GAL.  ",
    )
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    t = trainings.add_session(
        db, t.id, start="2020-03-17T09:00", end="2020-03-17T16:30", hours=6, title="Journée"
    )
    return trainings.add_session(db, t.id, start="2020-03-24T13:30", end="2020-03-24T15:15")


def test_create_and_get(db, web):
    assert web.title == "Communication web"
    assert web.topic == "Site internet et réseaux sociaux"
    assert web.trainer == "Julie Marchand"
    assert web.target_sector == Sector.COMMUNE
    assert web.description == "Formation du GAL."
    assert trainings.get(db, web.id) == web
    assert trainings.list_trainings(db) == [web]


def test_sessions_are_training_events_with_hours(db, web):
    s1, s2, s3 = web.sessions
    assert [s.start for s in web.sessions] == sorted(s.start for s in web.sessions)
    assert all(s.kind == EventKind.TRAINING_SESSION for s in web.sessions)
    assert all(s.training_id == web.id and s.training_title == web.title for s in web.sessions)
    assert all(s.trainer == "Julie Marchand" for s in web.sessions)
    assert (s1.title, s2.title, s3.title) == ("Communication web", "Journée", "Communication web")
    assert s1.hours == 3.0  # default: end − start
    assert s2.hours == 6.0  # given: the lunch break is not counted
    assert s3.hours == 1.75
    assert web.total_hours == 10.75
    assert [e.id for e in events.list_events(db, kind="training_session")] == [
        s.id for s in web.sessions
    ]


def test_session_kind_cannot_be_overridden(db, web):
    t = trainings.add_session(db, web.id, kind="workshop", start="2020-04-01T09:00")
    assert t.sessions[-1].kind == EventKind.TRAINING_SESSION
    assert t.sessions[-1].hours is None  # no end, no hours given


def test_sessions_are_sorted_by_date_even_when_added_out_of_order(db):
    t = trainings.create(db, "Intelligence collective")
    trainings.add_session(db, t.id, start="2020-05-05T09:00", end="2020-05-05T12:30")
    t = trainings.add_session(db, t.id, start="2020-04-21T09:00", end="2020-04-21T16:30", hours=6.5)
    assert [(s.start.month, s.hours) for s in t.sessions] == [(4, 6.5), (5, 3.5)]
    assert trainings.get(db, t.id).sessions == t.sessions


def test_session_validation_writes_nothing(db, web, sql_scalar):
    n = sql_scalar(db, "SELECT COUNT(*) FROM event")
    with pytest.raises(ValidationError) as exc:
        trainings.add_session(db, web.id, start="2020-04-01T12:00", end="2020-04-01T09:00")
    assert exc.value.field == "end"
    with pytest.raises(ValidationError) as exc:
        trainings.add_session(db, web.id, start="2020-04-01T09:00", hours=-1)
    assert exc.value.field == "hours"
    with pytest.raises(ValidationError) as exc:
        trainings.add_session(db, web.id, start=None)
    assert exc.value.field == "start"
    with pytest.raises(NotFoundError):
        trainings.add_session(db, 999, start="2020-04-01T09:00")
    assert sql_scalar(db, "SELECT COUNT(*) FROM event") == n


def test_create_validation(db, sql_scalar):
    with pytest.raises(ValidationError) as exc:
        trainings.create(db, "  ")
    assert exc.value.field == "title"
    with pytest.raises(ValidationError) as exc:
        trainings.create(db, "Web", target_sector="farmers")
    assert exc.value.field == "sector"
    with pytest.raises(ValidationError) as exc:
        trainings.create(db, "Web", trainer="t" * 201)
    assert exc.value.field == "trainer"
    assert sql_scalar(db, "SELECT COUNT(*) FROM training") == 0
    with pytest.raises(NotFoundError):
        trainings.get(db, 1)


def test_list_trainings_by_title(db):
    for title in ("Outils collaboratifs", "Communication Facebook", "Intelligence collective"):
        trainings.create(db, title)
    assert [t.title for t in trainings.list_trainings(db)] == [
        "Communication Facebook",
        "Intelligence collective",
        "Outils collaboratifs",
    ]


def test_certificates_list_people_present_at_least_once_with_their_hours(db, web):
    s1, s2, s3 = (s.id for s in web.sessions)
    zoe = people.create(db, first_name="Zoé", last_name="Closset")
    anne = people.create(db, first_name="Anne", last_name="Bodart")
    luc = people.create(db, first_name="Luc", last_name="Closset")
    never = people.create(db, first_name="Never", last_name="There")
    outsider = people.create(db, first_name="Other", last_name="Event")
    attendance.set_status(db, s1, zoe.id, "present")
    attendance.set_status(db, s2, zoe.id, "present")
    attendance.set_status(db, s3, zoe.id, "absent")
    attendance.set_status(db, s3, anne.id, "present")
    attendance.set_status(db, s1, anne.id, "excused")
    attendance.walk_in(db, s1, first_name="Walk", last_name="In")
    attendance.set_status(db, s1, luc.id, "present")
    attendance.set_status(db, s2, luc.id, "present")
    attendance.set_status(db, s3, luc.id, "present")
    attendance.set_status(db, s1, never.id, "registered")
    attendance.set_status(db, s2, never.id, "absent")
    other = events.create(db, title="Midi", kind="midi_du_smart", start="2020-03-10T12:00", hours=2)
    attendance.set_status(db, other.id, outsider.id, "present")

    certs = trainings.certificates(db, web.id)

    assert [(c.person.first_name, c.person.last_name, c.hours) for c in certs] == [
        ("Anne", "Bodart", 1.75),
        ("Luc", "Closset", 10.75),
        ("Zoé", "Closset", 9.0),
        ("Walk", "In", 3.0),
    ]
    zoe_cert = certs[2]
    assert [e.id for e in zoe_cert.attended] == [s1, s2]
    assert zoe_cert.training == trainings.get(db, web.id)
    assert [e.start for e in certs[1].attended] == sorted(e.start for e in certs[1].attended)


def test_certificates_in_alphabetical_order_ignoring_accents(db, web):
    for first, last in [("Zoé", "Lambert"), ("Luc", "Évrard"), ("Anne", "Dubois")]:
        p = people.create(db, first_name=first, last_name=last)
        attendance.set_status(db, web.sessions[0].id, p.id, "present")
    got = [c.person.last_name for c in trainings.certificates(db, web.id)]
    assert got == ["Dubois", "Évrard", "Lambert"]


def test_certificates_exclude_anonymised_people(db, web):
    s1 = web.sessions[0].id
    a = people.create(db, first_name="Anne", last_name="A")
    b = people.create(db, first_name="Benoît", last_name="B")
    attendance.set_status(db, s1, a.id, "present")
    attendance.set_status(db, s1, b.id, "present")
    people.anonymise(db, a.id)
    assert [c.person.id for c in trainings.certificates(db, web.id)] == [b.id]


def test_certificates_use_the_session_hours_at_print_time(db, web):
    s1 = web.sessions[0].id
    a = people.create(db, first_name="Anne", last_name="A")
    attendance.set_status(db, s1, a.id, "present")
    events.update_event(db, s1, hours=2.5)
    assert trainings.certificates(db, web.id)[0].hours == 2.5


def test_certificates_of_empty_or_unknown_training(db, web):
    assert trainings.certificates(db, web.id) == []
    with pytest.raises(NotFoundError):
        trainings.certificates(db, 999)


def test_delete_training_removes_sessions_and_their_attendance(db, web, counts_of):
    a = people.create(db, first_name="Anne", last_name="A")
    for s in web.sessions:
        attendance.set_status(db, s.id, a.id, "present")
    other = events.create(db, title="Midi", kind="midi_du_smart", start="2020-03-10T12:00")
    attendance.set_status(db, other.id, a.id, "present")
    trainings.delete(db, web.id)
    left = counts_of(db)
    assert (left["training"], left["event"], left["registration"], left["person"]) == (0, 1, 1, 1)
    with pytest.raises(NotFoundError):
        trainings.delete(db, web.id)


def test_demo_trainings(demo_db):
    ts = trainings.list_trainings(demo_db)
    assert [t.title for t in ts] == [
        "Communication web",
        "Intelligence collective",
        "Outils de travail collaboratif",
    ]
    assert [len(t.sessions) for t in ts] == [3, 2, 2]
    assert [t.total_hours for t in ts] == [9.0, 10.0, 6.0]
    for t in ts:
        certs = trainings.certificates(demo_db, t.id)
        assert certs, t.title
        for c in certs:
            assert 0 < c.hours <= t.total_hours
            assert all(isinstance(e.start, dt.datetime) for e in c.attended)


def test_a_cancelled_session_is_not_certified(db):
    from smartdesk.services import attendance, events, people, trainings

    t = trainings.create(db, title="Communication web")
    t = trainings.add_session(db, t.id, start="2026-03-10T09:00", end="2026-03-10T12:00")
    t = trainings.add_session(db, t.id, start="2026-03-17T09:00", end="2026-03-17T12:00")
    p = people.create(db, first_name="Léa", last_name="Paquet")
    for session in t.sessions:
        attendance.set_status(db, session.id, p.id, "present")
    events.update_event(db, t.sessions[1].id, status="cancelled")
    [cert] = trainings.certificates(db, t.id)
    assert cert.hours == 3.0 and [e.id for e in cert.attended] == [t.sessions[0].id]
