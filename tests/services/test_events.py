"""Events: create, update, list by period and kind, validation, cascading delete, agenda."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, events, people, trainings, workshops

MIDI = dict(
    title="Ma commune rurale, un smart territoire ?",
    kind="midi_du_smart",
    start="2020-02-06T12:00",
    end="2020-02-06T14:00",
)


def test_create_with_every_field(db, sql):
    e = events.create(
        db,
        **MIDI,
        venue="Salle du Moulin",
        address="Rue du Moulin 3, 4260 Braives",
        commune="Braives",
        organiser="GAL Burdinale Mehaigne",
        description="  Trois interventions\npuis un atelier.  ",
        status="held",
        capacity=60,
    )
    assert e.title == MIDI["title"]
    assert e.kind == EventKind.MIDI_DU_SMART
    assert e.start == dt.datetime(2020, 2, 6, 12, 0)
    assert e.end == dt.datetime(2020, 2, 6, 14, 0)
    assert (e.venue, e.address, e.commune) == (
        "Salle du Moulin",
        "Rue du Moulin 3, 4260 Braives",
        "Braives",
    )
    assert e.organiser == "GAL Burdinale Mehaigne"
    assert e.description == "Trois interventions\npuis un atelier."
    assert e.status == EventStatus.HELD
    assert e.capacity == 60
    assert e.training_id is None and e.hours is None
    assert len(e.uuid) == 36
    assert events.get(db, e.id) == e
    assert sql(db, "SELECT kind, status, start FROM event") == [
        ("midi_du_smart", "held", "2020-02-06 12:00:00.000000")
    ]


def test_defaults_planned_without_end(db):
    e = events.create(
        db, title="Tournée DG", kind=EventKind.VISIT, start=dt.datetime(2020, 1, 13, 10)
    )
    assert e.status == EventStatus.PLANNED
    assert e.end is None and e.commune is None and e.capacity is None


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Midi-du-Smart", EventKind.MIDI_DU_SMART),
        ("business breakfast", EventKind.BUSINESS_BREAKFAST),
        (" EXCHANGE_EVENING ", EventKind.EXCHANGE_EVENING),
        ("training-session", EventKind.TRAINING_SESSION),
    ],
)
def test_kind_is_parsed_leniently(db, typed, kind):
    assert events.create(db, title="x", kind=typed, start="2020-01-01T10:00").kind == kind


def test_timezone_offset_is_dropped(db):
    e = events.create(db, title="x", kind="other", start="2020-02-06T12:00:00+01:00")
    assert e.start == dt.datetime(2020, 2, 6, 12, 0)


def test_commune_is_shared_with_people(db, sql_scalar):
    people.create(db, first_name="A", last_name="B", commune="Héron")
    e = events.create(db, title="x", kind="visit", start="2020-01-13T10:00", commune="HERON")
    assert e.commune == "Héron"
    assert sql_scalar(db, "SELECT COUNT(*) FROM commune") == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"kind": "conference"}, "kind", ["conference", "midi_du_smart", "business_breakfast"]),
        ({"kind": None}, "kind", ["Kind"]),
        ({"status": "done"}, "status", ["done", "planned", "held", "cancelled"]),
        ({"start": "06/02/2020"}, "start", ["06/02/2020", "2020-02-06T12:00"]),
        ({"start": None}, "start", ["Start"]),
        ({"start": "2020-02-31T12:00"}, "start", ["2020-02-31"]),
        ({"end": "tomorrow"}, "end", ["tomorrow"]),
        ({"end": "2020-02-06T11:59"}, "end", ["before"]),
        ({"title": "  "}, "title", ["Title"]),
        ({"title": "t" * 301}, "title", ["301", "300"]),
        ({"venue": "v" * 301}, "venue", ["Venue"]),
        ({"capacity": -1}, "capacity", ["negative"]),
        ({"hours": -0.5}, "hours", ["negative"]),
        ({"capacity": "beaucoup"}, "capacity", ["Capacity"]),
        ({"hours": "trois"}, "hours", ["Hours", "trois"]),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(db, sql_scalar, fields, field, words):
    with pytest.raises(ValidationError) as exc:
        events.create(db, **{**MIDI, "commune": "Braives", **fields})
    assert exc.value.field == field
    for word in words:
        assert word in exc.value.message
    assert sql_scalar(db, "SELECT COUNT(*) FROM event") == 0
    assert sql_scalar(db, "SELECT COUNT(*) FROM commune") == 0


def test_a_date_without_time_is_a_validation_error_not_a_crash(db):
    with pytest.raises(ValidationError) as exc:
        events.create(db, title="x", kind="other", start=dt.date(2020, 2, 6))
    assert exc.value.field == "start"


def test_end_equal_to_start_is_allowed(db):
    e = events.create(db, **{**MIDI, "end": MIDI["start"]})
    assert e.end == e.start


def test_update_changes_given_fields(db):
    e = events.create(db, **MIDI, venue="Salle du Moulin")
    u = events.update_event(db, e.id, status="cancelled", capacity=None, commune="Wanze")
    assert u.status == EventStatus.CANCELLED
    assert u.capacity is None and u.commune == "Wanze"
    assert (u.title, u.venue, u.start, u.end) == (e.title, e.venue, e.start, e.end)
    assert events.get(db, e.id) == u


def test_update_end_before_existing_start_is_refused(db):
    e = events.create(db, **MIDI)
    with pytest.raises(ValidationError) as exc:
        events.update_event(db, e.id, end="2020-02-05T14:00")
    assert exc.value.field == "end"
    assert events.get(db, e.id) == e


def test_moving_start_after_existing_end_is_refused(db):
    e = events.create(db, **MIDI)
    with pytest.raises(ValidationError) as exc:
        events.update_event(db, e.id, start="2020-02-07T12:00")
    assert exc.value.field == "end"
    assert events.get(db, e.id) == e


def test_failing_update_leaves_the_event_unchanged(db, sql):
    e = events.create(db, **MIDI, commune="Braives")
    before = sql(db, "SELECT * FROM event")
    with pytest.raises(ValidationError):
        events.update_event(
            db, e.id, title="Renamed", commune="Nouvelle commune", venue="Ailleurs", kind="nope"
        )
    assert events.get(db, e.id) == e
    assert sql(db, "SELECT * FROM event") == before
    assert sql(db, "SELECT name FROM commune") == [("Braives",)]


def test_update_and_get_unknown_event(db):
    with pytest.raises(NotFoundError):
        events.update_event(db, 7, title="x")
    with pytest.raises(NotFoundError):
        events.get(db, 7)
    with pytest.raises(NotFoundError):
        events.delete(db, 7)


# --- listing -------------------------------------------------------------------------------


@pytest.fixture
def calendar(db):
    spec = [
        ("Tournée DG Héron", "visit", "2020-01-13T10:00"),
        ("Midi du Smart", "midi_du_smart", "2020-02-06T12:00"),
        ("Soirée associations", "exchange_evening", "2020-02-20T19:00"),
        ("Petit déj' rural", "business_breakfast", "2020-03-05T07:30"),
        ("Late", "other", "2020-03-05T23:59:59"),
        ("Early", "other", "2020-03-06T00:00"),
        ("Second visit", "visit", "2020-01-14T10:00"),
    ]
    return {t: events.create(db, title=t, kind=k, start=s).id for t, k, s in spec}


def _titles(records):
    return [e.title for e in records]


def test_list_is_in_date_order(db, calendar):
    assert _titles(events.list_events(db)) == [
        "Tournée DG Héron",
        "Second visit",
        "Midi du Smart",
        "Soirée associations",
        "Petit déj' rural",
        "Late",
        "Early",
    ]


def test_list_period_bounds_are_inclusive_days(db, calendar):
    got = events.list_events(db, dt.date(2020, 2, 6), dt.date(2020, 3, 5))
    assert _titles(got) == ["Midi du Smart", "Soirée associations", "Petit déj' rural", "Late"]
    assert _titles(events.list_events(db, date_from=dt.date(2020, 3, 6))) == ["Early"]
    assert _titles(events.list_events(db, date_to=dt.date(2020, 1, 13))) == ["Tournée DG Héron"]
    assert _titles(events.list_events(db, dt.date(2020, 3, 5), dt.date(2020, 3, 5))) == [
        "Petit déj' rural",
        "Late",
    ]
    assert events.list_events(db, dt.date(2021, 1, 1)) == []


def test_list_by_kind(db, calendar):
    assert _titles(events.list_events(db, kind="visit")) == ["Tournée DG Héron", "Second visit"]
    assert _titles(events.list_events(db, kind=EventKind.MIDI_DU_SMART)) == ["Midi du Smart"]
    assert _titles(
        events.list_events(db, dt.date(2020, 1, 14), dt.date(2020, 12, 31), kind="visit")
    ) == ["Second visit"]
    assert events.list_events(db, kind="workshop") == []
    with pytest.raises(ValidationError) as exc:
        events.list_events(db, kind="party")
    assert exc.value.field == "kind"


# --- delete ----------------------------------------------------------------------------------


def test_delete_cascades_without_orphans(db, counts_of):
    speaker = people.create(db, first_name="Thomas", last_name="Debroux")
    guest = people.create(db, first_name="Léa", last_name="Paquet")
    keep = events.create(db, title="Other event", kind="other", start="2020-03-01T10:00")
    e = events.create(db, **MIDI)
    events.add_agenda_item(db, e.id, "Talk", speaker_id=speaker.id, speaker_role="Directeur")
    events.add_agenda_item(db, e.id, "Temps d'échanges")
    attendance.set_status(db, e.id, speaker.id, "present")
    attendance.set_status(db, e.id, guest.id, "registered")
    attendance.set_status(db, keep.id, guest.id, "present")
    w = workshops.create(db, e.id, "Temps d'échanges")
    prompt = workshops.add_prompt(db, w.id, "Que peut-on rêver ensemble ?", axes=("A", "B"))
    card = workshops.add_card(db, prompt.id, text="Covoiturage", axis="A", selected=True)
    workshops.create_project(db, "Covoiturage entre villages", [card.id])
    before = counts_of(db)
    assert before["registration"] == 3 and before["agenda_item"] == 2

    events.delete(db, e.id)

    after = counts_of(db)
    assert after["event"] == before["event"] - 1
    assert after["registration"] == 1
    for table in ("agenda_item", "workshop", "workshop_prompt", "workshop_card", "project_card"):
        assert after[table] == 0, table
    # people, the other event and the project itself stay
    assert after["person"] == 2 and after["follow_up_project"] == 1
    assert [e.title for e in events.list_events(db)] == ["Other event"]


def test_no_dangling_foreign_keys_after_delete(db, sql):
    e = events.create(db, **MIDI)
    p = people.create(db, first_name="A", last_name="B")
    attendance.set_status(db, e.id, p.id, "present")
    events.add_agenda_item(db, e.id, "Talk", speaker_id=p.id)
    workshops.add_card(
        db, workshops.add_prompt(db, workshops.create(db, e.id, "W").id, "Q").id, text="c"
    )
    events.delete(db, e.id)
    assert sql(db, "PRAGMA foreign_key_check") == []


def test_deleting_a_training_session_keeps_the_training(db, counts_of):
    t = trainings.create(db, "Communication web")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    t = trainings.add_session(db, t.id, start="2020-03-17T09:00", end="2020-03-17T12:00")
    p = people.create(db, first_name="A", last_name="B")
    attendance.set_status(db, t.sessions[0].id, p.id, "present")
    events.delete(db, t.sessions[0].id)
    assert [s.start.day for s in trainings.get(db, t.id).sessions] == [17]
    assert counts_of(db)["registration"] == 0


# --- agenda ----------------------------------------------------------------------------------


def test_agenda_items_with_speakers_in_order(db):
    e = events.create(db, **MIDI)
    debroux = people.create(
        db, first_name="Thomas", last_name="Debroux", organisation="ASBL Territoires Connectés"
    )
    lejeune = people.create(db, first_name="Anne", last_name="Lejeune")
    first = events.add_agenda_item(
        db,
        e.id,
        "Qu'est-ce qu'une commune smart ?",
        time=dt.time(12, 15),
        speaker_id=debroux.id,
        speaker_role="Directeur de l'ASBL",
    )
    assert first.position == 1 and first.speaker == "Thomas Debroux"
    events.add_agenda_item(db, e.id, "Le PST et les données", dt.time(12, 35), lejeune.id)
    events.add_agenda_item(db, e.id, "Temps d'échanges", dt.time(13, 15))
    items = events.agenda(db, e.id)
    assert [(i.position, i.time, i.title, i.speaker) for i in items] == [
        (1, dt.time(12, 15), "Qu'est-ce qu'une commune smart ?", "Thomas Debroux"),
        (2, dt.time(12, 35), "Le PST et les données", "Anne Lejeune"),
        (3, dt.time(13, 15), "Temps d'échanges", None),
    ]
    assert items[0].speaker_role == "Directeur de l'ASBL"
    assert items[0].speaker_organisation == "ASBL Territoires Connectés"
    assert items[1].speaker_organisation is None and items[2].speaker_role is None


def test_agenda_item_validation(db, sql_scalar):
    e = events.create(db, **MIDI)
    with pytest.raises(NotFoundError):
        events.add_agenda_item(db, e.id, "Talk", speaker_id=999)
    with pytest.raises(NotFoundError):
        events.add_agenda_item(db, 999, "Talk")
    with pytest.raises(ValidationError) as exc:
        events.add_agenda_item(db, e.id, "   ")
    assert exc.value.field == "title"
    with pytest.raises(ValidationError) as exc:
        events.add_agenda_item(db, e.id, "Talk", speaker_role="r" * 301)
    assert exc.value.field == "speaker_role"
    assert sql_scalar(db, "SELECT COUNT(*) FROM agenda_item") == 0
    with pytest.raises(NotFoundError):
        events.agenda(db, 999)


def test_demo_midi_agenda(demo_db):
    midi = events.list_events(demo_db, kind="midi_du_smart")
    assert len(midi) == 1
    items = events.agenda(demo_db, midi[0].id)
    assert [i.speaker for i in items] == ["Thomas Debroux", "Anne Lejeune", "Marc Dumont", None]
