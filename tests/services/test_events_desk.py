"""What the desktop's event screens need from the services: the agenda edited and reordered,
the filtered list in the page's order, today's events, the unencoded reminder, duplicating."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.services import attendance, events, people

TODAY = dt.date(2026, 3, 10)


def _event(db, title, start, **kw):
    return events.create(db, title=title, kind=kw.pop("kind", "midi_du_smart"), start=start, **kw)


def test_agenda_items_are_edited_moved_and_deleted(db, sql):
    e = _event(db, "Midi", "2026-03-20T12:00")
    speaker = people.create(db, first_name="Anne", last_name="Wéry")
    a = events.add_agenda_item(db, e.id, "Accueil", time="12h")
    b = events.add_agenda_item(db, e.id, "Exposé")
    c = events.add_agenda_item(db, e.id, "Échanges", time="13:15")
    assert a.time == dt.time(12, 0) and c.time == dt.time(13, 15)

    changed = events.update_agenda_item(
        db,
        b.id,
        title="Qu'est-ce qu'une commune smart ?",
        time="12:15",
        speaker_id=speaker.id,
        speaker_role="Directrice",
    )
    assert changed.speaker == "Anne Wéry" and changed.speaker_id == speaker.id
    assert changed.time == dt.time(12, 15)

    moved = events.move_agenda_item(db, c.id, -1)
    assert [i.id for i in moved] == [a.id, c.id, b.id]
    assert events.move_agenda_item(db, a.id, -1)[0].id == a.id  # already first: stays
    events.reorder_agenda(db, e.id, [b.id, a.id, c.id])
    assert sql(
        db, "SELECT id, position FROM agenda_item WHERE event_id=? ORDER BY position", e.id
    ) == [(b.id, 1), (a.id, 2), (c.id, 3)]
    events.delete_agenda_item(db, a.id)
    assert [(i.id, i.position) for i in events.agenda(db, e.id)] == [(b.id, 1), (c.id, 2)]


def test_agenda_rejects_bad_input(db):
    e = _event(db, "Midi", "2026-03-20T12:00")
    item = events.add_agenda_item(db, e.id, "Accueil")
    with pytest.raises(ValidationError) as err:
        events.update_agenda_item(db, item.id, time="midi")
    assert err.value.field == "time"
    with pytest.raises(ValidationError):
        events.update_agenda_item(db, item.id, title="  ")
    with pytest.raises(ValidationError):
        events.reorder_agenda(db, e.id, [item.id, item.id])
    with pytest.raises(NotFoundError):
        events.delete_agenda_item(db, 999)
    assert events.agenda(db, e.id)[0].title == "Accueil"


def test_find_events_lists_upcoming_first_then_past_most_recent_first(db):
    past_old = _event(db, "Soirée d'échange", "2025-01-10T19:00", venue="Salle Saint-Éloi")
    past_new = _event(db, "Petit déj' rural", "2026-03-09T07:30", kind="business_breakfast")
    today = _event(db, "Midi du Smart", "2026-03-10T12:00", commune="Éghezée")
    later = _event(
        db, "Formation web", "2026-04-01T09:00", kind="training_session", status="cancelled"
    )
    assert events.find_events(db, TODAY) == [today.id, later.id, past_new.id, past_old.id]
    # search folds accents and case, in the title and the venue
    assert events.find_events(db, TODAY, text="saint eloi") == [past_old.id]
    assert events.find_events(db, TODAY, text="SMART") == [today.id]
    assert events.find_events(db, TODAY, kind="business_breakfast") == [past_new.id]
    assert events.find_events(db, TODAY, status="cancelled") == [later.id]
    assert events.find_events(db, TODAY, commune="Éghezée") == [today.id]
    assert events.find_events(
        db, TODAY, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 3, 10)
    ) == [today.id, past_new.id]
    assert events.events_by_id(db, [today.id, 999]) == {today.id: events.get(db, today.id)}
    assert events.event_communes(db) == ["Éghezée"]


def test_upcoming_events_start_today_and_leave_cancelled_out(db):
    assert not events.has_events(db)
    _event(db, "Hier", "2026-03-09T12:00")
    a = _event(db, "Ce matin", "2026-03-10T08:00")
    _event(db, "Annulé", "2026-03-11T08:00", status="cancelled")
    b = _event(db, "Plus tard", "2026-05-01T08:00")
    assert events.has_events(db)
    assert [e.id for e in events.upcoming_events(db, TODAY)] == [a.id, b.id]
    assert [e.id for e in events.upcoming_events(db, TODAY, limit=1)] == [a.id]


def test_unencoded_events_are_past_ones_nobody_took_the_attendance_of(db):
    anne = people.create(db, first_name="Anne", last_name="Wéry")
    marc = people.create(db, first_name="Marc", last_name="Lambert")
    waiting = _event(db, "Attend l'encodage", "2026-02-01T12:00")
    attendance.register(db, waiting.id, [anne.id, marc.id])
    encoded = _event(db, "Encodé", "2026-02-02T12:00")
    attendance.register(db, encoded.id, [anne.id, marc.id])
    attendance.set_status(db, encoded.id, marc.id, "absent")
    attendance.set_status(db, encoded.id, anne.id, "present")  # nobody left "registered"
    nobody = _event(db, "Personne d'inscrit", "2026-02-03T12:00")
    cancelled = _event(db, "Annulé", "2026-02-04T12:00", status="cancelled")
    attendance.register(db, cancelled.id, [anne.id])
    tonight = _event(db, "Ce soir", "2026-03-10T19:00")
    attendance.register(db, tonight.id, [anne.id])
    # Most recent first; an event nobody registered to still has its sheet of blank rows.
    assert [e.id for e in attendance.unencoded_events(db, TODAY)] == [nobody.id, waiting.id]
    assert tonight.id
    attendance.check_in(db, waiting.id, anne.id)
    assert waiting.id in [e.id for e in attendance.unencoded_events(db, TODAY)]  # Marc?
    attendance.set_status(db, waiting.id, marc.id, "excused")
    assert [e.id for e in attendance.unencoded_events(db, TODAY)] == [nobody.id]


def test_duplicate_copies_fields_and_agenda_but_not_registrations(db, sql):
    anne = people.create(db, first_name="Anne", last_name="Wéry")
    e = _event(
        db,
        "Midi du Smart",
        "2026-02-06T12:00",
        end="2026-02-06T14:00",
        venue="Moulin",
        commune="Braives",
        status="held",
        capacity=40,
    )
    events.add_agenda_item(db, e.id, "Accueil", time="12:00", speaker_id=anne.id)
    attendance.register(db, e.id, [anne.id])
    copy = events.duplicate(db, e.id, "2026-03-06T12:00")
    assert (copy.title, copy.venue, copy.commune, copy.capacity) == (
        "Midi du Smart",
        "Moulin",
        "Braives",
        40,
    )
    assert copy.end == dt.datetime(2026, 3, 6, 14, 0)
    assert copy.status.value == "planned"
    assert [(i.title, i.speaker) for i in events.agenda(db, copy.id)] == [("Accueil", "Anne Wéry")]
    assert sql(db, "SELECT COUNT(*) FROM registration WHERE event_id=?", copy.id) == [(0,)]
