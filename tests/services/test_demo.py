"""The demonstration data set: what the deck describes, and loading it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from smartdesk.domain.enums import EventKind, EventStatus, RegistrationStatus, Sector
from smartdesk.services import attendance, demo, events, people, stats, trainings, workshops


def test_loading_twice_leaves_every_table_unchanged(db, counts_of, sql):
    first = demo.load_demo(db)
    counts = counts_of(db)
    uuids = sql(db, "SELECT uuid FROM person ORDER BY id")
    assert demo.load_demo(db) == first
    assert counts_of(db) == counts
    assert sql(db, "SELECT uuid FROM person ORDER BY id") == uuids
    # every table the demo is about is filled
    for table in (
        "commune",
        "organisation",
        "person",
        "event",
        "agenda_item",
        "registration",
        "training",
        "workshop",
        "workshop_prompt",
        "workshop_card",
    ):
        assert counts[table] > 0, table


def test_load_returns_counts(db):
    result = demo.load_demo(db)
    assert result["people"] == people.count(db)
    assert result["events"] == len(events.list_events(db))
    assert events.get(db, result["midi_du_smart"]).kind == EventKind.MIDI_DU_SMART


def test_uuids_are_the_same_on_every_pc(tmp_path, sql):
    from smartdesk import app

    dbs = [app.open_database(tmp_path / f"pc{i}.db", create=True) for i in (1, 2)]
    try:
        for d in dbs:
            demo.load_demo(d)
        query = "SELECT uuid FROM event UNION ALL SELECT uuid FROM person ORDER BY 1"
        assert sql(dbs[0], query) == sql(dbs[1], query)
    finally:
        for d in dbs:
            d.dispose()


def test_the_midi_du_smart(demo_db):
    (midi,) = events.list_events(demo_db, kind="midi_du_smart")
    assert midi.start == dt.datetime(2020, 2, 6, 12, 0)
    assert midi.end == dt.datetime(2020, 2, 6, 14, 0)
    assert midi.title == "Ma commune rurale, un smart territoire ?"
    assert midi.status == EventStatus.HELD and midi.commune == "Braives"
    agenda = events.agenda(demo_db, midi.id)
    speakers = [i for i in agenda if i.speaker]
    assert len(speakers) == 3
    assert [i.speaker for i in speakers] == ["Thomas Debroux", "Anne Lejeune", "Marc Dumont"]
    assert all(i.speaker_role and i.time for i in speakers)
    assert [i.position for i in agenda] == list(range(1, len(agenda) + 1))
    # and its workshop with both prompts and their cards
    (w,) = workshops.list_workshops(demo_db, event_id=midi.id)
    assert len(w.prompts) == 2
    assert all(workshops.cards(demo_db, prompt_id=p.id) for p in w.prompts)
    assert "smart" in w.prompts[0].question and "rêver" in w.prompts[1].question


def test_three_trainings_with_sessions_and_attendance(demo_db):
    ts = trainings.list_trainings(demo_db)
    assert len(ts) == 3
    for t in ts:
        assert t.trainer and len(t.sessions) >= 2
        for s in t.sessions:
            assert s.kind == EventKind.TRAINING_SESSION and s.hours
            counts = attendance.counts(demo_db, s.id)
            assert counts.get(RegistrationStatus.PRESENT, 0) > 0


def test_a_business_breakfast_and_an_exchange_evening(demo_db):
    (breakfast,) = events.list_events(demo_db, kind="business_breakfast")
    rows = attendance.list_attendance(demo_db, breakfast.id)
    assert rows and all(r.sector == Sector.BUSINESS for r in rows)
    (evening,) = events.list_events(demo_db, kind="exchange_evening")
    rows = attendance.list_attendance(demo_db, evening.id)
    assert rows and all(r.sector == Sector.ASSOCIATION for r in rows)


def test_a_visit_per_commune(demo_db, sql):
    visits = events.list_events(demo_db, kind="visit")
    communes = [name for (name,) in sql(demo_db, "SELECT name FROM commune ORDER BY name")]
    assert sorted(v.commune for v in visits) == communes
    assert len(communes) == 6
    for v in visits:
        rows = attendance.list_attendance(demo_db, v.id)
        assert all(r.commune == v.commune and r.sector == Sector.COMMUNE for r in rows)


def test_about_sixty_people_of_the_three_sectors(demo_db):
    everyone = people.search(demo_db)
    assert 55 <= len(everyone) <= 65
    sectors = Counter(p.sector for p in everyone)
    assert sectors[Sector.COMMUNE] >= 15
    assert sectors[Sector.ASSOCIATION] >= 10
    assert sectors[Sector.BUSINESS] >= 10
    assert all(p.email and p.commune or p.sector == Sector.PARTNER for p in everyone)
    # no two demo people are the same person to the duplicate finder
    assert people.find_duplicates(demo_db) == []
    assert len({p.email.casefold() for p in everyone}) == len(everyone)


def test_demo_emails_are_valid(demo_db):
    from smartdesk.domain.text import is_valid_email

    assert all(is_valid_email(p.email) for p in people.search(demo_db))


def test_demo_after_the_user_typed_a_commune(db, counts_of):
    """A town hall that already typed its own commune can still load the demo."""
    own = people.create(db, first_name="Luc", last_name="Dubois", commune="wanze")
    demo.load_demo(db)
    counts = counts_of(db)
    assert counts["commune"] == 6
    assert people.get(db, own.id).commune == "wanze"
    demo.load_demo(db)
    assert counts_of(db) == counts
    visits = [v for v in events.list_events(db, kind="visit") if v.commune == "wanze"]
    assert len(visits) == 1


def test_statistics_of_the_demo_are_stable(demo_db):
    before = stats.statistics(demo_db)
    demo.load_demo(demo_db)
    assert stats.statistics(demo_db) == before


def test_loaded_for_the_midi_du_smart_what_comes_after_is_planned(db, sql):
    """The screenshots load the demo for 6 February 2020: events up to that day are held with
    their attendance, later ones planned with their people only registered."""
    today = dt.date(2020, 2, 6)
    demo.load_demo(db, today=today)
    listed = events.list_events(db)
    held = [e for e in listed if e.status == EventStatus.HELD]
    planned = [e for e in listed if e.status == EventStatus.PLANNED]
    assert held and planned and len(held) + len(planned) == len(listed)
    assert all(e.start.date() <= today for e in held)
    assert all(e.start.date() > today for e in planned)
    for event in planned:
        assert set(attendance.counts(db, event.id)) == {RegistrationStatus.REGISTERED}
    (midi,) = events.list_events(db, kind="midi_du_smart")
    assert midi.status == EventStatus.HELD  # the day's own event
    assert attendance.counts(db, midi.id)[RegistrationStatus.PRESENT] > 0
    # nobody registered later than the morning of that day
    (latest,) = sql(db, "SELECT max(registered_at) FROM registration")[0]
    assert latest < "2020-02-06 12:00"
    figures = stats.statistics(db)
    assert sum(figures.events_held_by_kind.values()) == len(held)
    assert sum(figures.events_planned_by_kind.values()) == len(planned)
    # a training is over (certificates can be printed), another under way, another to come
    by_title = {t.title: t for t in trainings.list_trainings(db)}
    assert all(s.status == EventStatus.HELD for s in by_title["Communication web"].sessions)
    statuses = [s.status for s in by_title["Intelligence collective"].sessions]
    assert statuses == [EventStatus.HELD, EventStatus.PLANNED]
    assert all(
        s.status == EventStatus.PLANNED for s in by_title["Outils de travail collaboratif"].sessions
    )


def test_loaded_before_the_midi_du_smart_its_cards_are_not_typed_in_yet(db):
    demo.load_demo(db, today=dt.date(2020, 1, 1))
    (midi,) = events.list_events(db, kind="midi_du_smart")
    assert midi.status == EventStatus.PLANNED
    (workshop,) = workshops.list_workshops(db, event_id=midi.id)
    assert len(workshop.prompts) == 2  # prepared beforehand
    assert all(workshops.cards(db, prompt_id=p.id) == [] for p in workshop.prompts)


def test_loaded_today_every_event_of_2020_is_held(demo_db):
    assert {e.status for e in events.list_events(demo_db)} == {EventStatus.HELD}
