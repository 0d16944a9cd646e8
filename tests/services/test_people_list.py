"""The people list of the desktop: one stored sort order shared by SQL pages and whole lists,
a search that folds every letter a name here may carry, ids first and records a page at a
time, possible duplicates while typing, a person's attendance history."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from smartdesk.domain.enums import RegistrationStatus, Sector
from smartdesk.domain.errors import NotFoundError
from smartdesk.domain.text import normalize_name, person_name_key, person_sort_key
from smartdesk.services import attendance, bulk, events, exchange, exports, imports, people

from .conftest import raw_rows
from .test_exchange import communes, gal, workbooks  # noqa: F401 (fixtures)

# Written as people type them in Wallonia, and as they read them sorted.
NAMES = [
    ("Zoé", "Zeller"),
    ("Anne", "Évrard"),
    ("Karen", "Ørsted"),
    ("Paul", "Œuvray"),
    ("Łukasz", "Nowak"),
    ("Marc", "de Wilde"),
    ("Els", "Van Hove"),
    ("Jan", "Vanhove"),
    ("Hans", "Straße"),
    ("Ida", "Æble"),
    ("Zoé", "Dupont"),
    ("Anne", "Dupont-Martin"),
    ("Éric", "Dupont"),
]
EXPECTED = [
    "Ida Æble",
    "Marc de Wilde",
    "Éric Dupont",
    "Zoé Dupont",
    "Anne Dupont-Martin",
    "Anne Évrard",
    "Łukasz Nowak",
    "Paul Œuvray",
    "Karen Ørsted",
    "Hans Straße",
    "Els Van Hove",
    "Jan Vanhove",
    "Zoé Zeller",
]


@pytest.fixture
def crowd(db):
    return {
        f"{first} {last}": people.create(db, first_name=first, last_name=last).id
        for first, last in NAMES
    }


def _full(records):
    return [p.full_name for p in records]


def assert_sort_keys_are_current(db):
    """Every stored key is what the domain computes from the row (whatever wrote it)."""
    for first, last, anonymised, name_key, sort_key in raw_rows(
        db, "SELECT first_name, last_name, anonymised, name_key, sort_key FROM person"
    ):
        assert sort_key == person_sort_key(first, last, bool(anonymised)), (first, last)
        if not anonymised:
            assert name_key == person_name_key(first, last), (first, last)


def test_whole_list_is_in_reading_order(db, crowd):
    assert _full(people.search(db)) == EXPECTED


def test_a_paged_search_sorts_like_the_whole_list(db, crowd):
    everyone = people.search(db)
    pages = [people.search(db, limit=4, offset=o) for o in range(0, len(everyone), 4)]
    assert [p for page in pages for p in page] == everyone
    assert people.search_ids(db) == [p.id for p in everyone]
    dupont = people.search(db, "dupont")
    assert _full(dupont) == ["Éric Dupont", "Zoé Dupont", "Anne Dupont-Martin"]
    assert people.search(db, "dupont", limit=2, offset=1) == dupont[1:3]
    assert people.search_ids(db, "dupont") == [p.id for p in dupont]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("orsted", ["Karen Ørsted"]),
        ("ØRSTED", ["Karen Ørsted"]),
        ("oeuvray", ["Paul Œuvray"]),
        ("lukasz", ["Łukasz Nowak"]),
        ("Łukasz", ["Łukasz Nowak"]),
        ("strasse", ["Hans Straße"]),
        ("straße", ["Hans Straße"]),
        ("aeble", ["Ida Æble"]),
        ("evrard", ["Anne Évrard"]),
        ("van hove", ["Els Van Hove"]),
        ("van hove els", ["Els Van Hove"]),
        ("de wilde", ["Marc de Wilde"]),
    ],
)
def test_search_folds_every_letter(db, crowd, query, expected):
    assert _full(people.search(db, query)) == expected
    assert people.search_ids(db, query) == [crowd[n] for n in expected]


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Ørsted", "orsted"),
        ("Œuvray", "oeuvray"),
        ("ŁUKASZ", "lukasz"),
        ("Straße", "strasse"),
        ("Æble", "aeble"),
        ("Þórr", "thorr"),
        ("Đorđević", "dordevic"),
        ("Kırıkkale", "kirikkale"),
        ("İzmir", "izmir"),
        ("paral·lel", "parallel"),
    ],
)
def test_normalize_name_spells_out_letters_nfkd_keeps(value, key):
    assert normalize_name(value) == key


def test_search_ids_filters_by_commune_sector_consent_and_organisation(db):
    a = people.create(db, first_name="Anne", last_name="Noël", commune="Héron", consent=True,
                      organisation="CPAS", sector="commune")  # fmt: skip
    b = people.create(db, first_name="Marc", last_name="Ruelle", commune="Wanze",
                      organisation="Club", sector="association")  # fmt: skip
    c = people.create(db, first_name="Léa", last_name="Gillet", commune="Héron")
    assert people.search_ids(db, commune="heron") == [c.id, a.id]
    assert people.search_ids(db, commune="Nowhere") == []
    assert people.search_ids(db, sector=Sector.ASSOCIATION) == [b.id]
    assert people.search_ids(db, sector="commune") == [a.id]
    assert people.search_ids(db, consent=True) == [a.id]
    assert people.search_ids(db, consent=False) == [c.id, b.id]
    org_id = raw_rows(db, "SELECT organisation_id FROM person WHERE id = ?", b.id)[0][0]
    assert people.search_ids(db, organisation_id=org_id) == [b.id]
    assert people.search_ids(db, "gillet", commune="Héron") == [c.id]


def test_search_ids_takes_like_wildcards_literally(db, crowd):
    odd = people.create(db, first_name="100%", last_name="Ok")
    assert people.search_ids(db, "%") == [odd.id]
    assert people.search_ids(db, "0%") == [odd.id]


def test_get_many_returns_records_by_id_and_skips_the_missing(db, crowd):
    people.update_person(db, crowd["Karen Ørsted"], organisation="CPAS", sector="commune",
                         commune="Héron", consent=True, consent_method="paper", notes="x")  # fmt: skip
    ids = list(crowd.values())
    found = people.get_many(db, [*ids, 99999])
    assert set(found) == set(ids)
    assert found[crowd["Karen Ørsted"]].last_name == "Ørsted"
    for person_id, record in found.items():  # the same record as get() builds from the ORM
        assert record == people.get(db, person_id)
    assert people.get_many(db, []) == {}


def test_sort_key_follows_every_write(db, crowd):
    ev = events.create(db, title="Midi", kind="midi_du_smart", start="2024-03-01T12:00")
    attendance.set_status(db, ev.id, crowd["Anne Évrard"], "present")
    people.update_person(db, crowd["Zoé Zeller"], last_name="Abeels")
    assert _full(people.search(db))[0] == "Zoé Abeels"
    people.anonymise(db, crowd["Anne Évrard"])
    people.merge(db, crowd["Jan Vanhove"], crowd["Els Van Hove"])
    people.delete(db, crowd["Ida Æble"])
    attendance.walk_in(db, ev.id, first_name="Ève", last_name="Ørsted")
    with db.transaction() as s:
        bulk.insert_people(s, [{"first_name": "Ålfred", "last_name": "Ærts"}])
    assert_sort_keys_are_current(db)
    listed = people.search(db)
    assert listed[-1].anonymised  # anonymised people come last: they have no name to sort by
    assert _full(listed[:2]) == ["Zoé Abeels", "Ålfred Ærts"]


def test_an_import_writes_sort_keys(db):
    data = Path(__file__).resolve().parents[1] / "data" / "imports"
    assert imports.import_people(db, data / "excel_fr_BE.csv", skip_invalid=True).created
    assert_sort_keys_are_current(db)


def test_the_demo_writes_sort_keys(demo_db):
    assert_sort_keys_are_current(demo_db)
    assert raw_rows(demo_db, "SELECT COUNT(*) FROM person WHERE sort_key = ''") == [(0,)]


def test_the_gals_exchange_merge_writes_sort_keys(communes, workbooks, gal):  # noqa: F811
    assert exchange.consolidate(gal, workbooks).ok
    assert_sort_keys_are_current(gal)
    assert "Els Van Hove" in _full(people.search(gal, "van hove"))


def test_people_csv_is_in_the_list_order(db, crowd, tmp_path):
    target = tmp_path / "people.csv"
    assert exports.export_csv(db, "people", target) == len(NAMES)
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))[1:]
    assert [f"{first} {last}" for _id, last, first, *_rest in rows] == EXPECTED


def test_possible_duplicates_while_typing(db, crowd):
    anne = people.create(db, first_name="Anne", last_name="Noël", email="anne@heron.be",
                         commune="Héron")  # fmt: skip
    found = people.possible_duplicates(db, email="ANNE@heron.be ")
    assert [p.id for p in found] == [anne.id]
    found = people.possible_duplicates(db, first_name="anne", last_name="NOEL", commune="heron")
    assert [p.id for p in found] == [anne.id]
    assert people.possible_duplicates(db, first_name="Anne", last_name="Noël",
                                      exclude_id=anne.id) == []  # fmt: skip
    assert (
        people.possible_duplicates(db, first_name="Anne", last_name="Noël", commune="Wanze") == []
    )
    assert people.possible_duplicates(db) == []


def test_attendance_history_latest_first(db, crowd):
    pid = crowd["Karen Ørsted"]
    old = events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2021-02-06T12:00")
    new = events.create(db, title="Formation Facebook", kind="training_session",
                        start="2024-05-02T09:00")  # fmt: skip
    attendance.set_status(db, old.id, pid, "present")
    attendance.set_status(db, new.id, pid, "excused")
    history = people.attendance_history(db, pid)
    assert [(h.title, h.status) for h in history] == [
        ("Formation Facebook", RegistrationStatus.EXCUSED),
        ("Midi du Smart", RegistrationStatus.PRESENT),
    ]
    assert history[1].start.year == 2021
    assert people.attendance_history(db, crowd["Zoé Zeller"]) == []
    with pytest.raises(NotFoundError):
        people.attendance_history(db, 99999)
