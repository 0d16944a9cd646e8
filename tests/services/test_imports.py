"""Importing people from the files town halls really have, into a real SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import NotFoundError, SmartDeskError, ValidationError
from smartdesk.reports.csv_export import write_csv
from smartdesk.reports.xlsx import MappingError, TableReadError
from smartdesk.services import attendance, events, imports, people

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
# ../shared/fixtures beside the checkout (a worktree sits one folder deeper than main).
FIXTURES = next(
    (p / "shared" / "fixtures" for p in Path(__file__).resolve().parents[2:]
     if (p / "shared" / "fixtures").is_dir()),
    Path(__file__).resolve().parents[3] / "shared" / "fixtures",
)  # fmt: skip


def person_count(db) -> int:
    with sqlite3.connect(db.path) as con:
        return con.execute("SELECT count(*) FROM person").fetchone()[0]


def write(tmp_path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_excel_fr_be_csv_is_all_or_nothing(db):
    report = imports.import_people(db, DATA / "excel_fr_BE.csv")
    assert not report.written
    assert person_count(db) == 0
    bad = [p for p in report.invalid if p.field == "email"]
    assert bad and all(p.row > 1 for p in bad)
    assert report.encoding and report.delimiter == ";"


def test_skip_invalid_imports_the_rest_and_reports_rows(db):
    report = imports.import_people(db, DATA / "excel_fr_BE.csv", skip_invalid=True)
    assert report.written
    assert report.created == person_count(db) == report.rows - len(report.invalid)
    stassart = people.search(db, "stassart")[0]
    assert (
        stassart.organisation == "Ferme Stassart; produits locaux"
    )  # separator inside a quoted field
    assert stassart.first_name == "Jérémy"  # Windows-1252 decoded


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="../shared/fixtures is not beside this checkout")
def test_shared_fixtures(db):
    csv_report = imports.import_people(db, FIXTURES / "contacts_excel_fr_BE.csv", skip_invalid=True)
    assert [p.row for p in csv_report.invalid] == [8]
    formula = people.search(db, "sum")[0]
    assert formula.last_name == "=SUM(A1:A9)"  # kept as text, never evaluated
    xlsx_report = imports.import_people(db, FIXTURES / "membres_association.xlsx")
    assert xlsx_report.written and xlsx_report.created == 3 and xlsx_report.sheet == "Membres"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("utf8_bom_comma.csv", None),
        ("utf8_tab.txt", None),
        ("utf16_semicolon.csv", None),
        ("outlook_contacts.csv", None),
        ("google_contacts.csv", None),
        ("membres_titre_fusionne.xlsx", None),
        ("leden_nl.csv", None),
        ("teilnehmer_de.xlsx", None),
    ],
)
def test_every_corpus_file_imports_with_names(db, name, expected):
    report = imports.import_people(db, DATA / name, skip_invalid=True)
    assert report.written
    people_skipped = len(report.skipped) - report.lines_skipped
    assert report.created + people_skipped + len(report.invalid) == report.rows
    assert report.created > 0
    for person in people.search(db):
        assert person.first_name and person.last_name


def test_dutch_headers_and_sector_inferred_from_organisation(db):
    imports.import_people(db, DATA / "leden_nl.csv", skip_invalid=True)
    pieter = people.search(db, "de smet")[0]
    assert pieter.commune == "Linter" and pieter.organisation == "VZW Samen Sterk"
    assert pieter.sector == Sector.ASSOCIATION


def test_hostile_cells_survive_as_text(db):
    report = imports.import_people(db, DATA / "hostile.csv", skip_invalid=True)
    names = {p.last_name for p in people.search(db)}
    assert {"=SUM(A1)", "+32 476 55 44 33", "@x"} <= names
    assert report.written


def test_refused_files_write_nothing(db):
    for name in (
        "not_a_workbook.xlsx",
        "billion_laughs.xlsx",
        "external_entity.xlsx",
        "zip_bomb.xlsx",
        "empty.csv",
    ):
        with pytest.raises(SmartDeskError):
            imports.import_people(db, DATA / name)
    assert person_count(db) == 0


def test_duplicates_inside_the_file_and_with_the_database(db, tmp_path):
    people.create(
        db, first_name="Véronique", last_name="Collard", email="V.Collard@heron.be", commune="Héron"
    )
    path = write(
        tmp_path,
        "dups.csv",
        "Nom;Prénom;Courriel;Commune\n"
        "Collard;Veronique;v.collard@HERON.be;Héron\n"  # known, by e-mail
        "Lhoest;Benoît;;Wanze\n"
        "LHOEST;Benoit;;wanze\n",  # same person as row 3, by normalised name and commune
    )
    report = imports.import_people(db, path)
    assert [(p.row, "3" in p.reason) for p in report.invalid] == [(4, True)]
    assert not report.written and person_count(db) == 1
    report = imports.import_people(db, path, skip_invalid=True)
    assert report.created == 1 and [p.row for p in report.skipped] == [2]
    # Said with the known person as the user knows her (e-mail, commune), not a record number.
    assert report.skipped[0].reason == (
        "Already known as Véronique Collard (V.Collard@heron.be, Héron): skipped."
    )
    assert person_count(db) == 2


def test_on_duplicate_update_fills_the_known_person(db, tmp_path):
    known = people.create(db, first_name="Léa", last_name="Paquet", commune="Burdinne")
    path = write(
        tmp_path,
        "upd.csv",
        "Nom,Prénom,E-mail,GSM,Commune\nPâquet,Léa,lea@burdinne.be,0476 00 00 00,Burdinne\n",
    )
    report = imports.import_people(db, path, on_duplicate="update")
    assert report.updated == 1 and report.created == 0
    again = people.get(db, known.id)
    assert again.email == "lea@burdinne.be" and again.phone == "+32 476 00 00 00"


def test_dry_run_reports_but_writes_nothing(db):
    report = imports.import_people(db, DATA / "utf8_bom_comma.csv", dry_run=True, skip_invalid=True)
    assert report.created > 0 and not report.written
    assert person_count(db) == 0


def test_register_imported_people_to_an_event(db, tmp_path):
    event = events.create(
        db, title="Soirée d'échange", kind="exchange_evening", start="2026-12-03T19:00"
    )
    known = people.create(db, first_name="Els", last_name="Van Hove", email="els@vanhove.be")
    attendance.set_status(db, event.id, known.id, "present")
    path = write(
        tmp_path,
        "reg.csv",
        "First Name,Last Name,E-mail Address\nEls,Van Hove,els@vanhove.be\nZoë,Łukasiewicz,zoe@example.org\n",
    )
    report = imports.import_people(db, path, event_id=event.id)
    assert report.registered == 1  # Els was already registered, and stays present
    rows = {r.last_name: r.status.value for r in attendance.list_attendance(db, event.id)}
    assert rows == {"Van Hove": "present", "Łukasiewicz": "registered"}
    with pytest.raises(NotFoundError):
        imports.import_people(db, path, event_id=999)


def test_mapping_overrides_and_missing_name_column(db, tmp_path):
    path = write(tmp_path, "odd.csv", "Qui,Mail,Village\nDupont Marie,marie@example.org,Héron\n")
    with pytest.raises(MappingError):
        imports.import_people(db, path)
    report = imports.import_people(db, path, overrides=["Qui=full_name", "C=commune", "Mail=email"])
    assert report.written
    marie = people.search(db, "marie")[0]
    assert (marie.commune, marie.email) == ("Héron", "marie@example.org")
    with pytest.raises(MappingError):
        imports.import_people(db, path, overrides=["Nowhere=email"])
    with pytest.raises(ValidationError):
        imports.import_people(db, path, on_duplicate="merge")


def test_missing_sheet_is_a_clear_error(db):
    with pytest.raises(TableReadError, match="Nope"):
        imports.import_people(db, DATA / "membres_titre_fusionne.xlsx", sheet="Nope")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")),
        min_size=1,
        max_size=60,
    ).filter(lambda s: s.strip() and " ".join(s.split()) == s)
)
def test_any_name_round_trips_through_an_exported_csv(tmp_path_factory, name):
    from smartdesk import app

    folder = tmp_path_factory.mktemp("rt")
    db = app.open_database(folder / "rt.db", create=True)
    try:
        path = folder / "people.csv"
        with path.open("wb") as fh:
            write_csv(
                fh,
                ["Nom", "Prénom", "Courriel"],
                [[name, "Anne", "anne@example.org"]],
                delimiter=";",
            )
        report = imports.import_people(db, path)
        assert report.written, report.invalid
        assert people.search(db)[0].last_name == name
    finally:
        db.dispose()
