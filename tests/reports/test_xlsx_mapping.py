"""Column mapping from header names in four languages, user corrections, rows as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from smartdesk.reports.xlsx import (
    MappingError,
    apply_overrides,
    guess_mapping,
    header_key,
    mapped_rows,
    parse_yes_no,
    read_table,
    split_full_name,
)
from smartdesk.reports.xlsx.mapping import cell_text
from smartdesk.reports.xlsx.table import Table, TableRow

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def by_field(headers):
    return {field: headers[index] for index, field in guess_mapping(headers).items()}


def test_header_key_ignores_case_accents_and_punctuation():
    assert header_key("E-mail 1 - Value") == "e mail 1 value"
    assert header_key("  PRÉNOM ") == "prenom"
    assert header_key("Tél.") == "tel"
    assert header_key(None) == ""


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["Nom", "Prénom", "Courriel", "GSM", "Localité", "Association", "Fonction", "Remarques"],
            {"last_name": "Nom", "first_name": "Prénom", "email": "Courriel", "phone": "GSM",
             "commune": "Localité", "organisation": "Association", "function": "Fonction",
             "notes": "Remarques"},
        ),
        (
            ["Voornaam", "Achternaam", "E-mailadres", "Telefoon", "Woonplaats", "Organisatie",
             "Functie", "Toestemming"],
            {"first_name": "Voornaam", "last_name": "Achternaam", "email": "E-mailadres",
             "phone": "Telefoon", "commune": "Woonplaats", "organisation": "Organisatie",
             "function": "Functie", "consent": "Toestemming"},
        ),
        (
            ["Vorname", "Nachname", "E-Mail", "Handy", "Gemeinde", "PLZ", "Firma", "Funktion",
             "Einverständnis"],
            {"first_name": "Vorname", "last_name": "Nachname", "email": "E-Mail",
             "phone": "Handy", "commune": "Gemeinde", "postal_code": "PLZ",
             "organisation": "Firma", "function": "Funktion", "consent": "Einverständnis"},
        ),
        (
            ["First Name", "Last Name", "E-mail Address", "Mobile Phone", "City", "Company",
             "Job Title", "Sector", "Consent", "Notes"],
            {"first_name": "First Name", "last_name": "Last Name", "email": "E-mail Address",
             "phone": "Mobile Phone", "commune": "City", "organisation": "Company",
             "function": "Job Title", "sector": "Sector", "consent": "Consent", "notes": "Notes"},
        ),
        (
            ["NOM", "prénom", "e-mail", "Tél.", "COMMUNE", "Société", "Code postal", "Secteur"],
            {"last_name": "NOM", "first_name": "prénom", "email": "e-mail", "phone": "Tél.",
             "commune": "COMMUNE", "organisation": "Société", "postal_code": "Code postal",
             "sector": "Secteur"},
        ),
        (
            ["Naam", "Gemeente", "Mail", "Entreprise", "Accord"],
            {"full_name": "Naam", "commune": "Gemeente", "email": "Mail",
             "organisation": "Entreprise", "consent": "Accord"},
        ),
        (
            ["Adresse e-mail professionnelle", "N° de téléphone", "Nom de la commune"],
            {"email": "Adresse e-mail professionnelle", "phone": "N° de téléphone",
             "commune": "Nom de la commune"},
        ),
    ],
)  # fmt: skip
def test_guess_mapping_per_language(headers, expected):
    assert by_field(headers) == expected


def test_unknown_headers_are_left_out():
    assert guess_mapping(["Membre depuis", "Cotisation", "", None, 42]) == {}


def test_outlook_export_maps_the_right_columns():
    table = read_table(DATA / "outlook_contacts.csv")
    assert by_field(table.headers) == {
        "first_name": "First Name",
        "last_name": "Last Name",
        "organisation": "Company",
        "function": "Job Title",  # not "Title", the courtesy title
        "commune": "Business City",  # before "Home City"
        "postal_code": "Business Postal Code",
        "phone": "Mobile Phone",  # before "Business Phone"
        "email": "E-mail Address",  # never "E-mail Display Name" or "E-mail Type"
        "notes": "Notes",
    }


def test_google_exports_map_the_right_columns():
    old = read_table(DATA / "google_contacts.csv")
    fields = by_field(old.headers)
    assert fields["first_name"] == "Given Name"
    assert fields["last_name"] == "Family Name"
    assert fields["full_name"] == "Name"
    assert fields["email"] == "E-mail 1 - Value"
    assert fields["phone"] == "Phone 1 - Value"
    assert fields["organisation"] == "Organization 1 - Name"
    assert fields["function"] == "Organization 1 - Title"
    assert fields["commune"] == "Address 1 - City"
    new = by_field(read_table(DATA / "google_contacts_2024.csv").headers)
    assert new["email"] == "E-mail 1 - Value"
    assert new["organisation"] == "Organization Name"
    assert new["function"] == "Organization Title"
    assert new["postal_code"] == "Address 1 - Postal Code"


def test_title_alone_is_a_function():
    assert by_field(["Nom", "Prénom", "Titre"]) == {
        "last_name": "Nom", "first_name": "Prénom", "function": "Titre",
    }  # fmt: skip


def test_overrides_by_header_letter_and_number():
    headers = ["Nom", "Prénom", "Membre depuis", "Adresse", "Contact"]
    mapping = guess_mapping(headers)
    assert apply_overrides(headers, mapping, ["Contact=email"]) == {
        0: "last_name", 1: "first_name", 4: "email",
    }  # fmt: skip
    assert apply_overrides(headers, mapping, ["e=e-mail", "C=notes"])[4] == "email"
    assert apply_overrides(headers, mapping, ["5=email", "2=ignore"]) == {
        0: "last_name", 4: "email",
    }  # fmt: skip
    # a field given to another column is taken from the first
    assert apply_overrides(headers, mapping, ["Contact=last_name"]) == {
        1: "first_name", 4: "last_name",
    }  # fmt: skip
    assert apply_overrides(headers, mapping, ["  membre DEPUIS =  Notes "])[2] == "notes"


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("Contact", "COLUMN=field"),
        ("=email", "COLUMN=field"),
        ("Contact=birthday", "Unknown field"),
        ("Z=email", "no column"),
        ("9=email", "no column"),
    ],
)
def test_bad_overrides_are_explained(item, message):
    with pytest.raises(MappingError, match=message):
        apply_overrides(["Nom", "Contact"], {}, [item])


def test_mapped_rows_strip_and_normalise_whitespace():
    table = Table(
        headers=("Nom", "Prénom", "Courriel", "Remarques", "GSM"),
        rows=(
            TableRow(4, ("  Van\u00a0 Hove ", "Els\t", " els@vanhove.be ", " ligne 1 \n\n  ligne  2", 476123456.0)),
            TableRow(6, ("Gillet",)),
        ),
        header_row=3,
        source="x.csv",
    )  # fmt: skip
    rows = list(mapped_rows(table, guess_mapping(table.headers)))
    assert rows == [
        (4, {"last_name": "Van Hove", "first_name": "Els", "email": "els@vanhove.be",
             "notes": "ligne 1\nligne 2", "phone": "476123456"}),
        (6, {"last_name": "Gillet", "first_name": "", "email": "", "notes": "", "phone": ""}),
    ]  # fmt: skip


def test_full_name_column_is_split():
    table = Table(
        headers=("Nom complet", "E-mail"),
        rows=(
            TableRow(2, ("DUPONT Jean-Pierre", "a@b.be")),
            TableRow(3, ("Els Van Hove", None)),
            TableRow(4, ("Cher", None)),
        ),
        header_row=1,
        source="x.csv",
    )
    rows = [record for _, record in mapped_rows(table, guess_mapping(table.headers))]
    assert [(r["first_name"], r["last_name"]) for r in rows] == [
        ("Jean-Pierre", "DUPONT"),
        ("Els", "Van Hove"),
        ("", "Cher"),
    ]
    assert all("full_name" not in r for r in rows)


def test_full_name_does_not_override_given_names():
    table = read_table(DATA / "google_contacts.csv")
    _, first = next(mapped_rows(table, guess_mapping(table.headers)))
    assert (first["first_name"], first["last_name"]) == ("Véronique", "Collard")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jean Dupont", ("Jean", "Dupont")),
        ("DUPONT Jean", ("Jean", "DUPONT")),
        ("Marie-Claire D'HONDT", ("Marie-Claire", "D'HONDT")),
        ("Pieter de Smet", ("Pieter", "de Smet")),
        ("Anna von der Heide", ("Anna", "von der Heide")),
    ],
)
def test_split_full_name(text, expected):
    assert split_full_name(text) == expected


def test_cell_text():
    assert cell_text(None) == ""
    assert cell_text(4700) == "4700"
    assert cell_text(12.5) == "12.5"
    assert cell_text(32476554433.0) == "32476554433"
    assert cell_text(dt.datetime(2024, 2, 3)) == "2024-02-03"
    assert cell_text(dt.datetime(2024, 2, 3, 10, 30)) == "2024-02-03 10:30"
    assert cell_text(True) == "1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oui", True), ("x", True), ("Ja", True), ("yes", True), ("1", True), ("D'accord", True),
        ("non", False), ("Nee", False), ("nein", False), ("0", False),
        ("peut-être", None), ("", None), (None, None),
    ],
)  # fmt: skip
def test_parse_yes_no(text, expected):
    assert parse_yes_no(text) is expected


def test_mapping_a_whole_corpus_file():
    table = read_table(DATA / "teilnehmer_de.xlsx")
    rows = dict(mapped_rows(table, guess_mapping(table.headers)))
    assert rows[2]["postal_code"] == "4700"
    assert rows[4]["email"] == "lukas@weber"
    assert [parse_yes_no(r["consent"]) for r in rows.values()] == [True, False, True]
