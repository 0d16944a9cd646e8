"""Statistics: hand-computed figures on a small data set, then the demo against raw SQL."""

from __future__ import annotations

import datetime as dt

import pytest

from smartdesk.domain.enums import EventKind, Sector
from smartdesk.services import attendance, events, people, stats, trainings, workshops

D = dt.date
A, B = "Axe A", "Axe B"


@pytest.fixture
def small(db):
    """Four people, seven events (one cancelled), a training of two sessions, three workshops.

    | event | kind              | when              | present            |
    | E1    | midi du smart     | 2021-03-01 12:00  | P1 P2 (P3 absent, P4 registered) |
    | E2    | exchange evening  | 2021-03-15 CANCEL | P1                 |
    | E3    | training 3 h      | 2021-04-01 09:00  | P1 P2 (P3 excused) |
    | E4    | training 6.5 h    | 2021-04-08 09:00  | P1 P4              |
    | E5    | breakfast (2 h)   | 2021-05-01 07:30  | P3                 |
    | E6    | visit             | 2021-12-31 23:30  | P2                 |
    | E7    | other             | 2022-01-01 00:00  | P1                 |
    """
    p1 = people.create(
        db,
        first_name="Alice",
        last_name="Un",
        organisation="Commune de Héron",
        sector="commune",
        commune="Héron",
    )
    p2 = people.create(
        db,
        first_name="Bob",
        last_name="Deux",
        organisation="Repair Café",
        sector="association",
        commune="Wanze",
    )
    p3 = people.create(
        db,
        first_name="Carla",
        last_name="Trois",
        organisation="Ferme",
        sector="business",
        commune="Wanze",
    )
    p4 = people.create(db, first_name="Dan", last_name="Quatre")

    def ev(kind, start, **kw):
        return events.create(db, title=f"{kind} {start}", kind=kind, start=start, **kw).id

    e1 = ev("midi_du_smart", "2021-03-01T12:00", end="2021-03-01T14:00")
    e2 = ev("exchange_evening", "2021-03-15T19:00", status="cancelled")
    t = trainings.create(db, "Communication web")
    trainings.add_session(db, t.id, start="2021-04-01T09:00", end="2021-04-01T12:00")
    t = trainings.add_session(db, t.id, start="2021-04-08T09:00", end="2021-04-08T16:30", hours=6.5)
    e3, e4 = (s.id for s in t.sessions)
    e5 = ev("business_breakfast", "2021-05-01T07:30", hours=2)
    e6 = ev("visit", "2021-12-31T23:30")
    e7 = ev("other", "2022-01-01T00:00")
    marks = {
        e1: [(p1, "present"), (p2, "present"), (p3, "absent"), (p4, "registered")],
        e2: [(p1, "present")],
        e3: [(p1, "present"), (p2, "present"), (p3, "excused")],
        e4: [(p1, "present"), (p4, "present")],
        e5: [(p3, "present")],
        e6: [(p2, "present")],
        e7: [(p1, "present")],
    }
    for event_id, rows in marks.items():
        for person, status in rows:
            attendance.set_status(db, event_id, person.id, status)

    def cards(event_id, spec):
        w = workshops.create(db, event_id, "Temps d'échanges")
        prompt = workshops.add_prompt(db, w.id, "Que peut-on rêver ensemble ?", axes=(A, B))
        for axis, selected in spec:
            workshops.add_card(
                db, prompt.id, text=f"{axis} {selected}", axis=axis, selected=selected
            )

    cards(e1, [(A, True), (A, True), (B, True), (A, False), (B, False), (None, True)])
    cards(e2, [(A, True)])  # cancelled event: never counted
    cards(e7, [(B, True)])  # 2022
    return dict(p1=p1, p2=p2, p3=p3, p4=p4, e1=e1, e7=e7)


def test_figures_of_2021(db, small):
    s = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    assert (s.date_from, s.date_to) == (D(2021, 1, 1), D(2021, 12, 31))
    assert s.events_by_kind == {
        EventKind.MIDI_DU_SMART: 1,
        EventKind.TRAINING_SESSION: 2,
        EventKind.BUSINESS_BREAKFAST: 1,
        EventKind.VISIT: 1,
    }
    assert s.events_total == 5
    assert s.participations == 8
    assert s.unique_people == 4
    assert s.participants_by_sector == {
        Sector.COMMUNE: 3,
        Sector.ASSOCIATION: 3,
        Sector.BUSINESS: 1,
        None: 1,
    }
    assert s.participants_by_commune == {"Héron": 3, "Wanze": 4, None: 1}
    # 3 h × 2 present + 6.5 h × 2 present; the breakfast's 2 h are not training hours
    assert s.training_hours == 19.0
    assert s.selected_cards_by_axis == {A: 2, B: 1, None: 1}


def test_figures_over_all_time(db, small):
    s = stats.statistics(db)
    assert s.date_from is None and s.date_to is None
    assert s.events_total == 6 and s.events_by_kind[EventKind.OTHER] == 1
    assert EventKind.EXCHANGE_EVENING not in s.events_by_kind  # cancelled
    assert s.participations == 9 and s.unique_people == 4
    assert s.participants_by_sector[Sector.COMMUNE] == 4
    assert s.training_hours == 19.0
    assert s.selected_cards_by_axis == {A: 2, B: 2, None: 1}


@pytest.mark.parametrize(
    ("date_from", "date_to", "total", "participations", "unique", "hours"),
    [
        (D(2021, 4, 1), D(2021, 4, 8), 2, 4, 3, 19.0),  # both bounds are inclusive days
        (D(2021, 4, 2), D(2021, 4, 7), 0, 0, 0, 0.0),
        (D(2021, 4, 8), None, 4, 5, 4, 13.0),
        (None, D(2021, 3, 31), 1, 2, 2, 0.0),
        (D(2021, 12, 31), D(2021, 12, 31), 1, 1, 1, 0.0),  # 23:30 is still that day
        (D(2022, 1, 1), D(2022, 1, 1), 1, 1, 1, 0.0),
        (D(2030, 1, 1), None, 0, 0, 0, 0.0),
    ],
)
def test_period_filtering(db, small, date_from, date_to, total, participations, unique, hours):
    s = stats.statistics(db, date_from, date_to)
    assert s.events_total == total
    assert s.participations == participations
    assert s.unique_people == unique
    assert s.training_hours == hours
    assert sum(s.participants_by_sector.values()) == participations
    assert sum(s.participants_by_commune.values()) == participations


def test_selected_cards_follow_the_event_period(db, small):
    assert stats.statistics(db, D(2022, 1, 1)).selected_cards_by_axis == {B: 1}
    assert stats.statistics(db, D(2021, 3, 2), D(2021, 12, 31)).selected_cards_by_axis == {}


def test_empty_database(db):
    s = stats.statistics(db)
    assert s.events_by_kind == {} and s.events_total == 0
    assert (s.participations, s.unique_people, s.training_hours) == (0, 0, 0.0)
    assert s.participants_by_sector == {} and s.participants_by_commune == {}
    assert s.selected_cards_by_axis == {}


def test_changes_are_reflected(db, small):
    before = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    attendance.set_status(db, small["e1"], small["p3"].id, "present")
    after = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    assert after.participations == before.participations + 1
    assert after.unique_people == before.unique_people
    assert after.participants_by_sector[Sector.BUSINESS] == 2
    events.update_event(db, small["e1"], status="cancelled")
    cancelled = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    assert EventKind.MIDI_DU_SMART not in cancelled.events_by_kind
    assert cancelled.participations == before.participations - 2
    assert cancelled.selected_cards_by_axis == {}


def test_hours_are_rounded_to_hundredths(db):
    t = trainings.create(db, "T")
    t = trainings.add_session(db, t.id, start="2021-01-01T09:00", hours=1 / 3)
    for i in range(3):
        p = people.create(db, first_name=f"P{i}", last_name="X")
        attendance.set_status(db, t.sessions[0].id, p.id, "present")
    assert stats.statistics(db).training_hours == 1.0


# --- the demo, cross-checked with SQL written independently -----------------------------------


def test_demo_figures_match_raw_sql(demo_db, sql, sql_scalar):
    s = stats.statistics(demo_db)
    present = (
        "FROM registration r JOIN event e ON e.id = r.event_id "
        "JOIN person p ON p.id = r.person_id "
        "WHERE r.status = 'present' AND e.status <> 'cancelled'"
    )
    kinds = dict(
        sql(demo_db, "SELECT kind, COUNT(*) FROM event WHERE status <> 'cancelled' GROUP BY kind")
    )
    assert {k.value: n for k, n in s.events_by_kind.items()} == kinds
    assert s.participations == sql_scalar(demo_db, f"SELECT COUNT(*) {present}")
    assert s.unique_people == sql_scalar(demo_db, f"SELECT COUNT(DISTINCT r.person_id) {present}")
    sectors = dict(
        sql(
            demo_db,
            f"SELECT o.sector, COUNT(*) {present.replace('WHERE', 'LEFT JOIN organisation o ON o.id = p.organisation_id WHERE')} GROUP BY o.sector",
        )
    )
    assert {(k.value if k else None): n for k, n in s.participants_by_sector.items()} == sectors
    communes = dict(
        sql(
            demo_db,
            f"SELECT c.name, COUNT(*) {present.replace('WHERE', 'LEFT JOIN commune c ON c.id = p.commune_id WHERE')} GROUP BY c.name",
        )
    )
    assert s.participants_by_commune == communes
    # a person present one half of a full-day session followed half of its hours
    followed = "CASE WHEN e.full_day AND r.half_day IS NOT NULL THEN e.hours / 2 ELSE e.hours END"
    hours = sql_scalar(demo_db, f"SELECT SUM({followed}) {present} AND e.kind = 'training_session'")
    assert sql_scalar(demo_db, f"SELECT COUNT(*) {present} AND r.half_day IS NOT NULL") == 2
    assert s.training_hours == pytest.approx(hours)
    axes = dict(
        sql(
            demo_db,
            "SELECT c.axis, COUNT(*) FROM workshop_card c "
            "JOIN workshop_prompt wp ON wp.id = c.prompt_id JOIN workshop w ON w.id = wp.workshop_id "
            "JOIN event e ON e.id = w.event_id WHERE c.selected = 1 AND e.status <> 'cancelled' "
            "GROUP BY c.axis",
        )
    )
    assert s.selected_cards_by_axis == axes


def test_demo_figures_by_hand(demo_db):
    s = stats.statistics(demo_db)
    assert s.events_by_kind == {
        EventKind.MIDI_DU_SMART: 1,
        EventKind.TRAINING_SESSION: 7,
        EventKind.BUSINESS_BREAKFAST: 1,
        EventKind.EXCHANGE_EVENING: 1,
        EventKind.VISIT: 6,
    }
    assert set(s.participants_by_sector) >= {Sector.COMMUNE, Sector.ASSOCIATION, Sector.BUSINESS}
    assert 40 <= s.unique_people <= 60
    assert s.training_hours > 0
    assert s.selected_cards_by_axis == {
        workshops.DEFAULT_AXES[0]: 6,
        workshops.DEFAULT_AXES[1]: 4,
    }


def test_demo_period_february_2020(demo_db, sql, sql_scalar):
    s = stats.statistics(demo_db, D(2020, 2, 1), D(2020, 2, 29))
    assert s.events_by_kind == {
        EventKind.MIDI_DU_SMART: 1,
        EventKind.EXCHANGE_EVENING: 1,
        EventKind.TRAINING_SESSION: 2,  # Communication web (3/3), Intelligence collective (2/2)
    }
    expected = sql_scalar(
        demo_db,
        "SELECT COUNT(*) FROM registration r JOIN event e ON e.id = r.event_id "
        "WHERE r.status = 'present' AND e.start >= '2020-02-01' AND e.start < '2020-03-01'",
    )
    assert s.participations == expected > 0
    assert s.training_hours == sql_scalar(
        demo_db,
        "SELECT SUM(e.hours) FROM registration r JOIN event e ON e.id = r.event_id "
        "WHERE r.status = 'present' AND e.kind = 'training_session' "
        "AND e.start >= '2020-02-01' AND e.start < '2020-03-01'",
    )
    assert s.training_hours > 0
    march = stats.statistics(demo_db, D(2020, 3, 1), D(2020, 3, 31))
    assert march.events_by_kind == {EventKind.BUSINESS_BREAKFAST: 1}
    assert march.training_hours == 0.0


# --- held and planned, people by sector and commune (the GAL page) ------------------------------


def test_events_held_and_planned_by_kind(db, small):
    events.update_event(db, small["e1"], status="held")
    s = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    assert s.events_held_by_kind == {EventKind.MIDI_DU_SMART: 1}
    assert s.events_planned_by_kind == {
        EventKind.TRAINING_SESSION: 2,
        EventKind.BUSINESS_BREAKFAST: 1,
        EventKind.VISIT: 1,
    }
    # the split adds up to the events by kind; a cancelled event is in neither
    for kind, n in s.events_by_kind.items():
        assert s.events_held_by_kind.get(kind, 0) + s.events_planned_by_kind.get(kind, 0) == n
    assert EventKind.EXCHANGE_EVENING not in s.events_planned_by_kind


def test_unique_people_by_sector_and_commune(db, small):
    s = stats.statistics(db, D(2021, 1, 1), D(2021, 12, 31))
    # P1 Héron/commune, P2 Wanze/association, P3 Wanze/business, P4 nowhere — each once,
    # however many times they came
    assert s.people_by_sector == {
        Sector.COMMUNE: 1,
        Sector.ASSOCIATION: 1,
        Sector.BUSINESS: 1,
        None: 1,
    }
    assert s.people_by_commune == {"Héron": 1, "Wanze": 2, None: 1}
    assert sum(s.people_by_sector.values()) == s.unique_people == 4
    april = stats.statistics(db, D(2021, 4, 1), D(2021, 4, 30))
    assert april.people_by_commune == {"Héron": 1, "Wanze": 1, None: 1}


def test_demo_held_and_people_match_raw_sql(demo_db, sql):
    s = stats.statistics(demo_db)
    held = dict(
        sql(demo_db, "SELECT kind, COUNT(*) FROM event WHERE status = 'held' GROUP BY kind")
    )
    planned = dict(
        sql(demo_db, "SELECT kind, COUNT(*) FROM event WHERE status = 'planned' GROUP BY kind")
    )
    assert {k.value: n for k, n in s.events_held_by_kind.items()} == held
    assert {k.value: n for k, n in s.events_planned_by_kind.items()} == planned
    communes = dict(
        sql(
            demo_db,
            "SELECT c.name, COUNT(DISTINCT r.person_id) FROM registration r "
            "JOIN event e ON e.id = r.event_id JOIN person p ON p.id = r.person_id "
            "LEFT JOIN commune c ON c.id = p.commune_id "
            "WHERE r.status = 'present' AND e.status <> 'cancelled' GROUP BY c.name",
        )
    )
    assert s.people_by_commune == communes
    assert sum(s.people_by_commune.values()) == s.unique_people
