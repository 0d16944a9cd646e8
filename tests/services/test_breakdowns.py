"""The figures the GAL reports, on a real SQLite file holding two communes' activity: events
held apart from planned ones, unique people beside participations, training hours of sessions
linked to no training, each commune's contribution, per-training totals, cards by category and
axis. Every expected figure is worked out here from the data the fixture typed in (SPEC), in
plain Python, never copied from a run; the summary workbook is then re-opened with openpyxl.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import openpyxl
import pytest

from smartdesk.domain.enums import CardCategory, EventKind, EventStatus, Sector
from smartdesk.services import attendance, events, exchange, exports, people, stats, workshops
from smartdesk.services import trainings as training_service

DD, PST = "Développement durable du territoire", "Priorité communale (PST)"

#: person key: (first name, last name, sector, commune)
PEOPLE = {
    "h1": ("Véronique", "Collard", "commune", "Héron"),
    "h2": ("Benoît", "Lhoest", "association", "Héron"),
    "h3": ("Anne", "Piron", "business", "Héron"),
    "w1": ("Els", "Van Hove", "commune", "Wanze"),
    "w2": ("Luc", "Paquet", "association", "Wanze"),
    "w3": ("Léa", "Gillet", "partner", "Wanze"),
    "x1": ("Dan", "Nowhere", None, None),
}

#: event key: kind, start, end, commune, status, recorded hours, training (None: not linked)
EVENTS = {
    "midi": ("midi_du_smart", "2024-02-06T12:00", "2024-02-06T14:00", "Héron", "held", None, None),
    "evening": ("exchange_evening", "2024-03-05T19:00", "2024-03-05T21:00", "Héron", "planned",
                None, None),
    "breakfast": ("business_breakfast", "2024-03-12T07:30", "2024-03-12T09:00", "Wanze", "held",
                  1.5, None),
    "visit": ("visit", "2024-03-20T10:00", "2024-03-20T11:00", "Wanze", "cancelled", None, None),
    "s1": ("training_session", "2024-04-02T09:00", "2024-04-02T12:00", "Héron", "held", None,
           "Facebook"),
    "s2": ("training_session", "2024-04-09T09:00", "2024-04-09T16:30", "Wanze", "held", 6.0,
           "Facebook"),
    "s3": ("training_session", "2024-05-07T09:00", "2024-05-07T12:00", "Wanze", "planned", None,
           "Facebook"),
    # a training session typed as a plain event: no training, no hours recorded, 3.5 h of times
    "alone": ("training_session", "2024-04-16T09:00", "2024-04-16T12:30", "Wanze", "held", None,
              None),
}  # fmt: skip

PRESENT = {
    "midi": ["h1", "h2", "h3", "w1", "x1"],
    "evening": [],
    "breakfast": ["w1", "w2", "h3"],
    "visit": ["w1", "w3"],  # cancelled: counts nowhere
    "s1": ["h1", "h2", "w1"],
    "s2": ["h1", "w1", "w3"],
    "s3": [],
    "alone": ["w2", "w3", "x1"],
}
REGISTERED_ONLY = {"evening": ["h2"], "midi": ["w2"], "s3": ["h1", "w1"]}

#: cards: (event, category, axis, commune, selected)
CARDS = [
    ("midi", "green", DD, "Héron", True),
    ("midi", "green", DD, "Héron", False),
    ("midi", "blue", PST, "Wanze", True),
    ("midi", "blue", None, "Wanze", False),
    ("midi", "none", PST, None, True),
    ("visit", "green", DD, "Héron", True),  # cancelled event
]

TRAINING_TITLE = "Facebook pour les communes"


def _hours(key: str) -> float:
    kind, start, end, _c, _s, hours, _t = EVENTS[key]
    if hours is not None:
        return hours
    length = dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(start)
    return length.total_seconds() / 3600


def _counted(key: str) -> bool:
    return EVENTS[key][4] != "cancelled"


def _training_sessions() -> list[str]:
    return [k for k, e in EVENTS.items() if e[0] == "training_session" and _counted(k)]


@pytest.fixture
def two_communes(db):
    ids = {}
    for key, (first, last, sector, commune) in PEOPLE.items():
        organisation = f"{sector} de {commune}" if sector else None
        ids[key] = people.create(
            db, first_name=first, last_name=last, organisation=organisation, sector=sector,
            commune=commune,
        ).id  # fmt: skip
    training = training_service.create(db, TRAINING_TITLE, trainer="A. Formatrice")
    event_ids = {}
    for key, (kind, start, end, commune, status, hours, linked) in EVENTS.items():
        fields = dict(start=start, end=end, commune=commune, status=status, hours=hours)
        if linked:
            record = training_service.add_session(db, training.id, **fields)
            event_ids[key] = next(
                s.id for s in record.sessions if s.start.isoformat()[:16] == start
            )
        else:
            event_ids[key] = events.create(db, title=f"{key} <&>", kind=kind, **fields).id
    for marks, status in ((PRESENT, "present"), (REGISTERED_ONLY, "registered")):
        for key, persons in marks.items():
            for person in persons:
                attendance.set_status(db, event_ids[key], ids[person], status)
    prompts = {}
    for key, category, axis, commune, selected in CARDS:
        if key not in prompts:
            w = workshops.create(db, event_ids[key], "Temps d'échanges")
            prompts[key] = workshops.add_prompt(db, w.id, "Que peut-on rêver ensemble ?").id
        workshops.add_card(
            db, prompts[key], text=f"{category} {axis}", category=category, axis=axis,
            commune=commune, selected=selected,
        )  # fmt: skip
    return event_ids


# --- what the data says, worked out without the database --------------------------------------


def expected_people_and_participations():
    people_by, participations_by = defaultdict(set), defaultdict(int)
    by_sector_people, by_sector = defaultdict(set), defaultdict(int)
    for key, persons in PRESENT.items():
        if not _counted(key):
            continue
        for p in persons:
            commune, sector = PEOPLE[p][3], PEOPLE[p][2]
            people_by[commune].add(p)
            participations_by[commune] += 1
            sector_key = Sector(sector) if sector else None
            by_sector_people[sector_key].add(p)
            by_sector[sector_key] += 1
    return (
        {c: len(s) for c, s in people_by.items()},
        dict(participations_by),
        {c: len(s) for c, s in by_sector_people.items()},
        dict(by_sector),
    )


def expected_training_hours_by_commune() -> dict:
    hours = defaultdict(float)
    for key in _training_sessions():
        for p in PRESENT[key]:
            hours[PEOPLE[p][3]] += _hours(key)
    return dict(hours)


# --- the key figures ---------------------------------------------------------------------------


def test_held_and_planned_events_are_counted_apart(db, two_communes):
    s = stats.statistics(db)
    held = [k for k, e in EVENTS.items() if e[4] == "held"]
    planned = [k for k, e in EVENTS.items() if e[4] == "planned"]
    assert sum(s.events_held_by_kind.values()) == len(held) == 5
    assert sum(s.events_planned_by_kind.values()) == len(planned) == 2
    assert s.events_total == len(held) + len(planned)  # the cancelled visit in neither
    assert s.events_planned_by_kind == {
        EventKind.EXCHANGE_EVENING: 1,
        EventKind.TRAINING_SESSION: 1,
    }


def test_unique_people_and_participations_by_sector_and_commune(db, two_communes):
    s = stats.statistics(db)
    people_by, participations_by, sector_people, sector_participations = (
        expected_people_and_participations()
    )
    assert s.people_by_commune == people_by
    assert s.participants_by_commune == participations_by
    assert s.people_by_sector == sector_people
    assert s.participants_by_sector == sector_participations
    assert s.unique_people == sum(people_by.values()) == 7
    assert s.participations == sum(participations_by.values())
    assert s.participations > s.unique_people  # the two are not the same figure


def test_a_session_linked_to_no_training_counts_its_hours_from_its_times(db, two_communes):
    s = stats.statistics(db)
    expected = sum(len(PRESENT[k]) * _hours(k) for k in _training_sessions())
    assert s.training_hours == pytest.approx(expected)
    alone = len(PRESENT["alone"]) * 3.5  # 09:00–12:30, nothing recorded
    assert alone == 10.5
    assert s.training_hours == pytest.approx(3 * 3.0 + 3 * 6.0 + alone)
    # recorded hours still win over the times (s2: 7.5 h of times, 6 h recorded)
    events.update_event(db, two_communes["alone"], hours=2)
    assert stats.statistics(db).training_hours == pytest.approx(3 * 3.0 + 3 * 6.0 + 3 * 2.0)


# --- the coordinator's tables -------------------------------------------------------------------


def test_each_communes_contribution(db, two_communes):
    b = stats.breakdowns(db)
    rows = {c.commune: c for c in b.communes}
    assert [c.commune for c in b.communes] == ["Héron", "Wanze", None]  # by name, none last
    people_by, participations_by, _sp, _sa = expected_people_and_participations()
    hours_by = expected_training_hours_by_commune()
    for commune, row in rows.items():
        events_here = [k for k, e in EVENTS.items() if e[3] == commune and _counted(k)]
        assert row.events_held == sum(EVENTS[k][4] == "held" for k in events_here), commune
        assert row.events_planned == sum(EVENTS[k][4] == "planned" for k in events_here), commune
        assert row.people == people_by.get(commune, 0), commune
        assert row.participations == participations_by.get(commune, 0), commune
        assert row.training_hours == pytest.approx(hours_by.get(commune, 0.0)), commune
        cards = [c for c in CARDS if c[3] == commune and _counted(c[0])]
        assert row.cards == len(cards), commune
        assert row.challenges_selected == sum(c[4] for c in cards), commune
    # the contributions add up to the key figures
    s = stats.statistics(db)
    assert sum(r.people for r in b.communes) == s.unique_people
    assert sum(r.participations for r in b.communes) == s.participations
    assert sum(r.training_hours for r in b.communes) == pytest.approx(s.training_hours)
    assert sum(r.events_held + r.events_planned for r in b.communes) == s.events_total


def test_per_training_totals(db, two_communes):
    b = stats.breakdowns(db)
    by_title = {t.title: t for t in b.trainings}
    facebook = by_title[TRAINING_TITLE]
    sessions = [k for k in _training_sessions() if EVENTS[k][6] == "Facebook"]
    assert facebook.linked and facebook.trainer == "A. Formatrice"
    assert facebook.sessions_held == sum(EVENTS[k][4] == "held" for k in sessions) == 2
    assert facebook.sessions_planned == 1
    assert facebook.hours == pytest.approx(sum(_hours(k) for k in sessions))
    assert facebook.trainees == len({p for k in sessions for p in PRESENT[k]}) == 4
    assert facebook.participations == sum(len(PRESENT[k]) for k in sessions) == 6
    assert facebook.hours_delivered == pytest.approx(
        sum(len(PRESENT[k]) * _hours(k) for k in sessions)
    )
    alone = by_title["alone <&>"]
    assert not alone.linked and alone.trainer is None
    assert (alone.sessions_held, alone.hours, alone.trainees) == (1, 3.5, 3)
    assert sum(t.hours_delivered for t in b.trainings) == pytest.approx(
        stats.statistics(db).training_hours
    )


def test_cards_by_category_and_axis(db, two_communes):
    b = stats.breakdowns(db)
    expected = defaultdict(lambda: [0, 0])
    for key, category, axis, _commune, selected in CARDS:
        if _counted(key):
            expected[CardCategory(category), axis][0] += 1
            expected[CardCategory(category), axis][1] += selected
    assert {(t.category, t.axis): [t.cards, t.selected] for t in b.cards} == dict(expected)
    assert [t.category for t in b.cards] == sorted(
        (t.category for t in b.cards), key=list(CardCategory).index
    )
    assert sum(t.selected for t in b.cards) == sum(
        stats.statistics(db).selected_cards_by_axis.values()
    )


def test_a_period_keeps_only_its_events(db, two_communes):
    march = stats.breakdowns(db, dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    # evening (Héron, planned) and breakfast (Wanze, held); the visit was cancelled
    assert {(c.commune, c.events_held, c.events_planned) for c in march.communes} >= {
        ("Héron", 0, 1),
        ("Wanze", 1, 0),
    }
    assert march.trainings == () and march.cards == ()
    assert stats.statistics(db, dt.date(2024, 3, 1), dt.date(2024, 3, 31)).training_hours == 0


# --- the summary workbook ---------------------------------------------------------------------


def sheet(path, title) -> list[tuple]:
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        return [tuple(r) for r in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()


def test_the_summary_workbook_carries_the_new_sheets(db, two_communes, tmp_path):
    target = tmp_path / "summary.xlsx"
    result = exports.export_summary(db, target, lang="en")
    s = stats.statistics(db)
    b = stats.breakdowns(db)
    assert result.rows["communes_sheet"] == len(b.communes)
    assert result.rows["training_totals_sheet"] == len(b.trainings)
    assert result.rows["card_tallies_sheet"] == len(b.cards)

    synthesis = sheet(target, "Summary")
    values = {r[0]: r[1] for r in synthesis if r and r[0]}
    assert values["Events held"] == 5 and values["Events planned"] == 2
    assert values["Unique people reached"] == s.unique_people
    assert values["Participations (people present)"] == s.participations
    assert values["Training hours (participants × hours)"] == pytest.approx(s.training_hours)

    def block(title):
        """The rows of a Synthèse table from its title, whichever half of the page it is in."""
        i, j = next((i, r.index(title)) for i, r in enumerate(synthesis) if title in r)
        return [r[j : j + 3] for r in synthesis[i + 1 :]]

    rows = block("Unique people and participations by commune")
    assert rows[0] == ("Commune", "Unique people", "Participations")
    table = {r[0]: r[1:3] for r in rows[1:4]}
    assert table == {
        "Héron": (s.people_by_commune["Héron"], s.participants_by_commune["Héron"]),
        "Wanze": (s.people_by_commune["Wanze"], s.participants_by_commune["Wanze"]),
        "Commune unknown": (s.people_by_commune[None], s.participants_by_commune[None]),
    }
    rows = block("Events by kind")
    assert rows[0] == ("Kind of event", "Held", "Planned")
    assert ("Exchange evening", 0, 1) in rows[1:]

    communes = sheet(target, "Contributions by commune")
    *communes, communes_total = communes  # the last row sums the columns
    assert communes[0][0] == "Commune" and len(communes) - 1 == len(b.communes)
    assert communes_total[0] == f"Total, {len(b.communes)} rows"
    assert communes_total[3] == sum(c.people for c in b.communes) == s.unique_people
    assert communes[1] == (
        "Héron", *(getattr(b.communes[0], f) for f in (
            "events_held", "events_planned", "people", "participations", "training_hours",
            "cards", "challenges_selected",
        )),
    )  # fmt: skip
    assert communes[-1][0] == "Commune unknown"

    *totals, totals_total = sheet(target, "Training totals")
    assert totals_total[5] is None  # distinct trainees are not summed
    assert totals[0][:2] == ("Training", "Trainer")
    assert {r[0] for r in totals[1:]} == {TRAINING_TITLE, "alone <&>"}
    assert sum(r[7] for r in totals[1:]) == pytest.approx(s.training_hours)
    assert [r for r in totals if r[0] == "alone <&>"][0][1] == "(session not linked to a training)"

    # the session-by-session sheet lists the lone session too, with its hours from its times
    *sessions, _total = sheet(target, "Trainings")
    assert [r[5] for r in sessions if r[0] == "alone <&>"] == [3.5]
    assert sum(r[8] for r in sessions[1:]) == pytest.approx(s.training_hours)

    # the headers say whose commune a figure counts: read whole, not cut by the column
    wb = openpyxl.load_workbook(target)
    try:
        for title in ("Contributions by commune", "Training totals", "Cards by category and axis"):
            ws = wb[title]
            for cell in ws[1]:
                assert ws.column_dimensions[cell.column_letter].width >= len(cell.value), title
    finally:
        wb.close()

    cards = sheet(target, "Cards by category and axis")
    assert cards[0] == ("Category", "Axis", "Cards", "Selected challenges")
    assert ("Digital / technology", "No axis", 1, 0) in cards
    assert sum(r[2] for r in cards[1:-1]) == 5 == cards[-1][2]


def test_at_the_gal_each_sending_commune_has_its_row(tmp_path):
    """Two communes' workbooks consolidated: the GAL's contribution sheet gives each commune
    what its own database says of the events held there."""
    from smartdesk import app
    from tests.services.test_exchange import SHARED_EMAIL, commune_db

    heron, _m = commune_db(tmp_path / "h.db", "Héron", [("Anne", "Piron", False)], SHARED_EMAIL)
    wanze, _m = commune_db(tmp_path / "w.db", "Wanze", [("Luc", "Paquet", True)], SHARED_EMAIL)
    gal = app.open_database(tmp_path / "gal.db", create=True)
    try:
        files = []
        for name, db in (("h", heron), ("w", wanze)):
            [evening] = [e for e in events.list_events(db) if e.kind is EventKind.EXCHANGE_EVENING]
            events.update_event(db, evening.id, status=EventStatus.HELD)
            files.append(tmp_path / f"{name}.xlsx")
            exports.export_summary(db, files[-1])
        assert exchange.consolidate(gal, files).ok
        at_gal = {c.commune: c for c in stats.breakdowns(gal).communes}
        for name, db in (("Héron", heron), ("Wanze", wanze)):
            own = {c.commune: c for c in stats.breakdowns(db).communes}[name]
            assert (at_gal[name].events_held, at_gal[name].events_planned) == (1, 1)
            assert (own.events_held, own.events_planned) == (1, 1)
            assert at_gal[name].people == own.people
            assert at_gal[name].training_hours == own.training_hours
        # their cards carry no commune: the GAL has both in the row without one
        assert at_gal[None].cards == 2 and at_gal[None].challenges_selected == 2
        s = stats.statistics(gal)
        assert sum(s.events_held_by_kind.values()) == 2
        assert sum(s.events_planned_by_kind.values()) == 2  # the two training sessions
    finally:
        for db in (heron, wanze, gal):
            db.dispose()


def test_every_label_has_its_own_words():
    # EventKind.OTHER, Sector.OTHER and ConsentMethod.OTHER are all the string "other"
    from smartdesk.domain.enums import ConsentMethod

    assert (EventKind.OTHER.label, Sector.OTHER.label, ConsentMethod.OTHER.label) == (
        "Other event",
        "Other",
        "Other way",
    )


def test_a_half_day_counts_half_the_hours_everywhere(db, two_communes, tmp_path):
    """s2 (9:00 – 16:30, 6 h) is a full day; Léa leaves at noon: she followed 3 hours, and
    the key figures, her commune's hours, the training's totals and the Trainings sheet all
    count 3 hours less than when she stayed all day."""
    before = stats.statistics(db).training_hours
    by_commune_before = {c.commune: c.training_hours for c in stats.breakdowns(db).communes}
    lea = next(p.id for p in people.search(db, "Gillet"))
    attendance.set_half_day(db, two_communes["s2"], lea, "afternoon", False)

    assert stats.statistics(db).training_hours == pytest.approx(before - 3)
    b = stats.breakdowns(db)
    by_commune = {c.commune: c.training_hours for c in b.communes}
    assert by_commune["Wanze"] == pytest.approx(by_commune_before["Wanze"] - 3)
    assert by_commune["Héron"] == pytest.approx(by_commune_before["Héron"])
    facebook = next(t for t in b.trainings if t.title == TRAINING_TITLE)
    assert facebook.participations == 6  # still present, for one half
    assert sum(t.hours_delivered for t in b.trainings) == pytest.approx(before - 3)

    target = tmp_path / "gal.xlsx"
    exports.export_summary(db, target, lang="en")
    *sessions, _total = sheet(target, "Trainings")
    s2 = [r for r in sessions if r[1] == dt.date(2024, 4, 9) or str(r[1]).startswith("2024-04-09")]
    assert [r[8] for r in s2] == [pytest.approx(6.0 * 3 - 3)]
    assert sum(r[8] for r in sessions[1:]) == pytest.approx(before - 3)
