"""RGPD on real SQLite files: erasure and anonymisation at the commune reach the GAL through the
exchange part, leave no trace in the bytes of either file, survive a restore of an older copy;
the retention review and the access request."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3

import openpyxl
import pytest

from smartdesk import app
from smartdesk.services import (
    attendance,
    events,
    exchange,
    exports,
    people,
    privacy,
    settings,
    stats,
    workshops,
)

from .conftest import raw_rows, raw_scalar

# Distinctive values: found nowhere else in a database, so their bytes prove a leak.
FIRST, LAST = "Quillemette", "Zyxwvutsonne"
EMAIL = "q.zyxwvutsonne@rare-domaine.be"
PHONE = "+32 471 98 76 54"
SECRETS = (FIRST, LAST, EMAIL, PHONE)


def file_bytes(db) -> bytes:
    """The database file and its WAL, as they are on disk now (the database is still open)."""
    data = db.path.read_bytes()
    wal = db.path.with_name(db.path.name + "-wal")
    if wal.exists():
        data += wal.read_bytes()
    return data


def assert_no_trace(db) -> None:
    data = file_bytes(db)
    for secret in SECRETS:
        for form in {secret, secret.lower(), secret.casefold()}:
            assert form.encode() not in data, f"{form!r} is still in {db.path.name}"


def commune_db(path, commune: str, *, phone: str = PHONE, organisation="Menuiserie du Moulin"):
    """A commune with the distinctive person (consented, a business) and a colleague, both
    present at one event; the distinctive person also signed a workshop card."""
    db = app.open_database(path, create=True)
    settings.set_value(db, "commune", commune)
    target = people.create(
        db, first_name=FIRST, last_name=LAST, email=EMAIL, phone=phone,
        organisation=organisation, sector="business", commune=commune, consent=True,
        notes=f"Rappeler {FIRST} au {PHONE}",
    )  # fmt: skip
    other = people.create(
        db, first_name="Anne", last_name="Collard", organisation=f"Commune de {commune}",
        sector="commune", commune=commune, consent=True,
    )  # fmt: skip
    day = 4 if commune == "Héron" else 5
    evening = events.create(
        db, title=f"Petit déj' rural à {commune}", kind="business_breakfast",
        start=f"2024-03-0{day}T08:00", commune=commune,
    )  # fmt: skip
    for pid in (target.id, other.id):
        attendance.set_status(db, evening.id, pid, "present")
    workshop = workshops.create(db, evening.id, "Temps d'échanges")
    prompt = workshops.add_prompt(db, workshop.id, "Que peut-on rêver ensemble ?")
    workshops.add_card(db, prompt.id, text="Un atelier partagé", author=f"{LAST} {FIRST}")
    return db, target, evening


@pytest.fixture
def heron(tmp_path):
    db, target, evening = commune_db(tmp_path / "heron.db", "Héron")
    yield db, target, evening
    db.dispose()


@pytest.fixture
def gal(tmp_path):
    db = app.open_database(tmp_path / "gal.db", create=True)
    yield db
    db.dispose()


def export(db, path, **options):
    exports.export_summary(db, path, **options)
    return path


def named_at(db) -> list[tuple]:
    return raw_rows(db, "SELECT id FROM person WHERE last_name = ? OR email = ?", LAST, EMAIL)


def test_every_connection_deletes_securely(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_erased_at_the_commune_is_gone_at_the_gal_and_from_both_files(heron, gal, tmp_path):
    commune, target, evening = heron
    exchange.consolidate(gal, [export(commune, tmp_path / "1.xlsx")])
    assert len(named_at(gal)) == 1
    before_commune, before_gal = stats.statistics(commune), stats.statistics(gal)

    privacy.erase_person(commune, target.id)

    assert people.search(commune, LAST) == [] and named_at(commune) == []
    # Attendance still counted: same participations, people reached, sector and commune.
    assert stats.statistics(commune) == before_commune
    assert attendance.counts(commune, evening.id)[attendance.parse_status("present")] == 2
    card = workshops.cards(commune, workshops.list_workshops(commune)[0].prompts[0].id)[0]
    assert card.author is None and card.text == "Un atelier partagé"
    assert raw_rows(commune, "SELECT kind FROM erasure_log WHERE person_uuid = ?", target.uuid) == [
        ("erased",)
    ]

    report = exchange.consolidate(gal, [export(commune, tmp_path / "2.xlsx")])
    assert report.ok, report.files[0].error
    assert named_at(gal) == [] and people.search(gal, LAST) == []
    assert raw_scalar(gal, "SELECT COUNT(*) FROM person WHERE uuid = ?", target.uuid) == 0
    after_gal = stats.statistics(gal)
    assert after_gal.participations == before_gal.participations == 2
    assert after_gal.unique_people == before_gal.unique_people == 2
    assert after_gal.participants_by_sector == before_gal.participants_by_sector
    assert (
        raw_scalar(gal, "SELECT COUNT(*) FROM exchange_link WHERE incoming_uuid = ?", target.uuid)
        == 0
    )
    assert raw_rows(gal, "SELECT kind FROM erasure_log WHERE person_uuid = ?", target.uuid) == [
        ("erased",)
    ]
    assert_no_trace(commune)
    assert_no_trace(gal)

    # The same workbook again, and the one sent before the erasure: nobody comes back.
    report = exchange.consolidate(gal, [tmp_path / "2.xlsx", tmp_path / "1.xlsx"])
    assert report.ok, [f.error or f.problems for f in report.files]
    assert named_at(gal) == []
    assert stats.statistics(gal).unique_people == 2
    assert stats.statistics(gal).participations == 2


def test_deleted_at_the_commune_is_deleted_at_the_gal(heron, gal, tmp_path):
    commune, _target, _evening = heron
    lone = people.create(commune, first_name="Odile", last_name="Nobody", consent=True)
    exchange.consolidate(gal, [export(commune, tmp_path / "1.xlsx")])
    assert people.search(gal, "Odile Nobody")
    people.delete(commune, lone.id)
    exchange.consolidate(gal, [export(commune, tmp_path / "2.xlsx")])
    assert people.search(gal, "Odile Nobody") == []
    assert raw_rows(gal, "SELECT kind FROM erasure_log WHERE person_uuid = ?", lone.uuid) == [
        ("deleted",)
    ]


def test_anonymised_at_the_commune_is_anonymised_at_the_gal(heron, gal, tmp_path):
    commune, target, _evening = heron
    exchange.consolidate(gal, [export(commune, tmp_path / "1.xlsx")])
    people.anonymise(commune, target.id)  # the old entry point now logs too
    exchange.consolidate(gal, [export(commune, tmp_path / "2.xlsx")])
    [(first, last, email, phone, anonymised)] = raw_rows(
        gal, "SELECT first_name, last_name, email, phone, anonymised FROM person WHERE uuid = ?",
        target.uuid,
    )  # fmt: skip
    assert (email, phone, anonymised) == (None, None, 1) and LAST not in last
    assert stats.statistics(gal).participations == 2
    assert_no_trace(commune)
    assert_no_trace(gal)


def test_anonymising_at_the_gal_clears_its_conflicts_and_links(heron, gal, tmp_path):
    commune, target, _evening = heron
    # A second commune sends the same person (same e-mail) with another phone: a conflict, and
    # one sender's version kept in exchange_link.remote_values.
    wanze, _t, _e = commune_db(tmp_path / "wanze.db", "Wanze", phone="+32 499 11 22 33")
    try:
        exchange.consolidate(
            gal, [export(commune, tmp_path / "h.xlsx"), export(wanze, tmp_path / "w.xlsx")]
        )
    finally:
        wanze.dispose()
    [(person_id,)] = named_at(gal)
    kept = raw_rows(gal, "SELECT kept_json, discarded_json FROM exchange_conflict")
    remote = raw_rows(
        gal, "SELECT remote_values FROM exchange_link WHERE remote_values IS NOT NULL"
    )
    assert LAST in repr(kept) + repr(remote)  # the copies this test is about exist

    privacy.anonymise_person(gal, person_id)

    conflicts = raw_rows(
        gal, "SELECT kept_json, discarded_json FROM exchange_conflict WHERE table_name = 'people'"
    )
    assert conflicts
    for row in conflicts:
        for value in row:
            version = json.loads(value)
            assert version["phone"] is None and version["last_name"] is None
            assert not {LAST, FIRST, EMAIL, "+32 499 11 22 33"} & {
                v for v in version.values() if isinstance(v, str)
            }
    for (values,) in raw_rows(
        gal, "SELECT remote_values FROM exchange_link WHERE remote_values IS NOT NULL"
    ):
        assert LAST not in values and EMAIL not in values and "+32 499" not in values
    assert_no_trace(gal)
    data = file_bytes(gal)
    assert b"+32 499 11 22 33" not in data


def test_a_restored_backup_does_not_bring_an_erased_person_back(heron, tmp_path):
    commune, target, _evening = heron
    path = commune.path
    privacy.clear_freed_pages(commune)  # every commit in the file we copy
    shutil.copyfile(path, tmp_path / "older.db")
    privacy.erase_person(commune, target.id)

    # What the lead's restore does: read the log, replace the file, re-apply.
    entries = privacy.erased_uuids(commune)
    commune.dispose()
    shutil.copyfile(tmp_path / "older.db", path)
    restored = app.open_database(path)
    try:
        assert len(named_at(restored)) == 1  # the old copy still holds them
        assert privacy.reapply_erasures(restored, entries) == 1
        assert named_at(restored) == []
        assert [e.person_uuid for e in privacy.erased_uuids(restored)] == [target.uuid]
        assert stats.statistics(restored).participations == 2
        assert_no_trace(restored)
        assert privacy.reapply_erasures(restored, entries) == 0  # twice: nothing more
    finally:
        restored.dispose()


def test_retention_lists_and_erases_people_without_consent_not_seen_for_years(db, sql):
    old_event = events.create(db, title="Tournée DG 2019", kind="visit", start="2019-05-02T10:00")
    new_event = events.create(db, title="Midi 2025", kind="midi_du_smart", start="2025-05-02T12:00")
    stale = people.create(db, first_name="Ancien", last_name="Sansaccord")
    kept_consent = people.create(db, first_name="Ancien", last_name="Daccord", consent=True)
    recent = people.create(db, first_name="Revenu", last_name="Sansaccord")
    never = people.create(db, first_name="Jamais", last_name="Venu")
    fresh = people.create(db, first_name="Tout", last_name="Nouveau")
    for p in (stale, kept_consent, recent):
        attendance.set_status(db, old_event.id, p.id, "present")
    attendance.set_status(db, new_event.id, recent.id, "present")
    con = sqlite3.connect(db.path)
    con.execute("UPDATE person SET created_at = '2018-01-01 00:00:00' WHERE id != ?", (fresh.id,))
    con.commit()
    con.close()

    today = dt.date(2026, 6, 1)
    found = privacy.retention_candidates(db, today=today)  # the setting's default: 3 years
    assert [(c.person.id, c.last_seen) for c in found] == [
        (never.id, None),
        (stale.id, dt.date(2019, 5, 2)),
    ]
    settings.set_value(db, "retention_years", "10")
    assert privacy.retention_candidates(db, today=today) == []
    assert [c.person.id for c in privacy.retention_candidates(db, years=1, today=today)] == [
        never.id, stale.id, recent.id,  # seen in May 2025: more than a year before June 2026
    ]  # fmt: skip

    before = stats.statistics(db)
    assert privacy.erase_many(db, [c.person.id for c in found]) == 2
    assert {p.id for p in people.search(db)} >= {kept_consent.id, recent.id, fresh.id}
    assert people.search(db, "Sansaccord") == [people.get(db, recent.id)]
    assert stats.statistics(db).participations == before.participations == 4
    assert stats.statistics(db).unique_people == before.unique_people == 3


def test_retention_setting_is_a_number_of_years(db):
    from smartdesk.domain.errors import ValidationError

    with pytest.raises(ValidationError):
        settings.set_value(db, "retention_years", "trois")
    assert settings.retention_years(db) == 3


def test_export_data_holds_everything_on_one_person(heron, tmp_path):
    commune, target, evening = heron
    events.add_agenda_item(commune, evening.id, "Témoignage", speaker_id=target.id)
    data = privacy.export_person_data(commune, target.id)
    assert data["person"]["last_name"] == LAST and data["person"]["email"] == EMAIL
    assert data["person"]["phone"] == PHONE and PHONE in data["person"]["notes"]
    assert data["organisation"] == {
        "name": "Menuiserie du Moulin", "sector": "business", "commune": "Héron",
    }  # fmt: skip
    assert data["commune"] == "Héron"
    assert data["consent"]["given"] is True and data["consent"]["date"]
    [reg] = data["registrations"]
    assert reg["event"] == "Petit déj' rural à Héron" and reg["start"] == "2024-03-04T08:00:00"
    assert reg["status"] == "present"
    assert [t["title"] for t in data["talks"]] == ["Témoignage"]
    assert [c["text"] for c in data["workshop_cards"]] == ["Un atelier partagé"]
    json.dumps(data)  # JSON-ready as it is
    path = privacy.write_person_data(commune, target.id, tmp_path / "acces.json")
    assert json.loads(path.read_text("utf-8")) == data


def test_anonymous_export_names_no_business_and_keeps_the_sector(heron, gal, tmp_path):
    commune, _target, _evening = heron
    dethier = people.create(
        commune, first_name="Paul", last_name="Dethier", organisation="Menuiserie Dethier",
        sector="business", commune="Héron",
    )  # fmt: skip
    evening = events.list_events(commune)[0]
    attendance.set_status(commune, evening.id, dethier.id, "present")
    path = export(commune, tmp_path / "anonyme.xlsx", anonymous=True)

    wb = openpyxl.load_workbook(path, read_only=True)
    texts = [
        str(value)
        for ws in wb.worksheets  # hidden exchange sheets included
        for row in ws.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    wb.close()
    assert not [t for t in texts if "Dethier" in t or "Moulin" in t or LAST in t]
    assert "Commune de Héron" in texts  # other organisations keep their names
    assert texts.count("Business (not named)") == 2  # the hidden organisations table
    wb = openpyxl.load_workbook(path, read_only=True)
    participations = [
        row for ws in wb.worksheets if ws.title == "Participations"
        for row in ws.iter_rows(values_only=True) if row[1] == "Petit déj' rural à Héron"
    ]  # fmt: skip
    wb.close()
    # Visible sheet: (date, event, kind, last name, first name, organisation, sector, …)
    businesses = [row for row in participations if row[6] == "Business"]
    assert len(businesses) == 2 and all(row[5] is None for row in businesses)
    assert [row[5] for row in participations if row[6] == "Commune administration"] == [
        "Commune de Héron"
    ]

    report = exchange.consolidate(gal, [path])
    assert report.ok, report.files[0].error or report.files[0].problems
    figures = stats.statistics(gal)
    assert (
        sum(n for s, n in figures.participants_by_sector.items() if s and s.value == "business")
        == 2
    )
    assert not raw_rows(gal, "SELECT id FROM organisation WHERE name LIKE '%Dethier%'")
    # Two businesses stay two organisations at the GAL: the label is not taken for a name.
    assert raw_rows(gal, "SELECT name, sector FROM organisation WHERE sector = 'business'") == [
        ("Business (not named)", "business"),
        ("Business (not named)", "business"),
    ]


def test_an_old_workbook_without_erasures_is_still_read(heron, gal, tmp_path):
    commune, _target, _evening = heron
    path = export(commune, tmp_path / "old.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["_x_erasures"]
    header = wb["_exchange"]
    # as an older SmartDesk wrote it: format version 1, no seal, no erasures table
    for row in reversed(list(header.iter_rows())):
        if row[0].value == "format_version":
            row[1].value = 1
        elif row[0].value in ("erasures", "seal"):
            header.delete_rows(row[0].row)
    wb.save(path)
    report = exchange.consolidate(gal, [path])
    assert report.ok, report.files[0].error
    assert len(named_at(gal)) == 1


# --- clean text ---------------------------------------------------------------------------------


def test_nul_and_control_characters_are_dropped_from_forms(db):
    p = people.create(db, first_name="Mar\0tin", last_name="Du\x07pont\x1b", notes="a\0b\r\nc")
    assert (p.first_name, p.last_name) == ("Martin", "Dupont")
    assert [r.id for r in people.search(db, "Martin")] == [p.id]
    assert raw_rows(db, "SELECT notes FROM person WHERE id = ?", p.id) == [("ab\nc",)]
    e = events.create(db, title="Soirée\0", kind="exchange_evening", start="2024-01-01T19:00",
                      description="Ligne 1\0\nLigne\x0b 2")  # fmt: skip
    assert raw_rows(db, "SELECT title, description FROM event WHERE id = ?", e.id) == [
        ("Soirée", "Ligne 1\nLigne  2")
    ]


def test_nul_and_control_characters_are_dropped_from_imports(db, tmp_path):
    from smartdesk.services import imports

    csv_file = tmp_path / "liste.csv"
    csv_file.write_bytes("Nom;Prénom;E-mail\nDu\0pont;Mar\0tin;m.dupont@exemple.be\n".encode())
    report = imports.import_people(db, csv_file)
    assert report.written and report.created == 1
    assert raw_rows(db, "SELECT first_name, last_name FROM person") == [("Martin", "Dupont")]
    assert len(people.search(db, "Martin Dupont")) == 1
