"""Imports change only what they say (issue 10), each case on a file written as the real one
is: a CSV saved by a Belgian Excel (";", Windows-1252 or a BOM, CRLF), an xlsx whose phone
column has Excel's "0000 00 00 00" format, Outlook's and Google's contact exports with their
real English headers. Imported in-process through ``cli.main`` and through the service, and
checked in the SQLite file itself."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from smartdesk import cli
from smartdesk.reports.xlsx import MappingError, TableReadError
from smartdesk.services import imports, people
from smartdesk.services.places import resolve_place

OUTLOOK_HEADERS = (
    (Path(__file__).resolve().parent.parent / "data" / "imports" / "outlook_contacts.csv")
    .read_text(encoding="cp1252")
    .splitlines()[0]
)


def excel_csv(tmp_path: Path, name: str, rows: list[list[str]], *, bom: bool = False) -> Path:
    """A CSV as Excel saves it on a Belgian Windows: ";" and CRLF, cp1252 (or UTF-8 + BOM)."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    path = tmp_path / name
    path.write_bytes(out.getvalue().encode("utf-8-sig" if bom else "cp1252"))
    return path


def person_rows(sql, db, where: str = "1=1") -> list[tuple]:
    return sql(
        db,
        "SELECT p.first_name, p.last_name, p.email, p.phone, c.name, o.name, o.sector, p.consent, "
        "p.consent_date FROM person p LEFT JOIN commune c ON c.id = p.commune_id "
        f"LEFT JOIN organisation o ON o.id = p.organisation_id WHERE {where} ORDER BY p.id",
    )


# --- update-import: only what the file carries ------------------------------------------------


def test_update_without_a_sector_column_changes_no_organisation(db, sql, tmp_path):
    for first, last in (("Anne", "Lejeune"), ("Marc", "Hody"), ("Paul", "Wéry")):
        people.create(
            db, first_name=first, last_name=last, email=f"{first.lower()}@tc.be",
            organisation="ASBL Territoires Connectés", sector="partner", commune="Wanze",
        )  # fmt: skip
    path = excel_csv(tmp_path, "membres.csv", [
        ["Nom", "Prénom", "Courriel", "Organisation", "GSM"],
        ["Lejeune-Dumont", "Anne", "anne@tc.be", "ASBL Territoires Connectés", "0475123456"],
        ["Hody", "Marc", "marc@tc.be", "ASBL Territoires Connectés", ""],
        ["Wéry", "Paul", "paul@tc.be", "ASBL Territoires Connectés", ""],
    ])  # fmt: skip
    report = imports.import_people(db, path, on_duplicate="update")
    assert report.written and report.created == 0
    # One person really changed (name and phone); the two others were already as the file says.
    assert report.updated == 1 and report.unchanged == 2
    assert {(c.field, c.old, c.new) for c in report.changes} == {
        ("last_name", "Lejeune", "Lejeune-Dumont"),
        ("phone", "", "+32 475 12 34 56"),
    }
    assert sql(db, "SELECT DISTINCT sector FROM organisation") == [("partner",)]
    assert person_rows(sql, db, "p.email = 'anne@tc.be'")[0][:4] == (
        "Anne", "Lejeune-Dumont", "anne@tc.be", "+32 475 12 34 56",
    )  # fmt: skip
    lines = imports.report_lines(report)
    assert any("Lejeune → Lejeune-Dumont" in reason for _, _, _, reason in lines)


def test_update_through_the_cli_prints_each_change_and_the_real_count(db, sql, tmp_path, capsys):
    people.create(db, first_name="Léa", last_name="Pâquet", email="lea@burdinne.be")
    people.create(db, first_name="Els", last_name="Van Hove", email="els@vanhove.be")
    path = excel_csv(tmp_path, "maj.csv", [
        ["Nom", "Prénom", "Courriel", "Fonction", "Date de consentement", "Consentement"],
        ["Pâquet", "Léa", "lea@burdinne.be", "Animatrice", "15/03/2024", "oui"],
        ["Van Hove", "Els", "els@vanhove.be", "", "", ""],
    ], bom=True)  # fmt: skip
    assert (
        cli.main(["--db", str(db.path), "import", "people", str(path), "--on-duplicate", "update"])
        == 0
    )
    out = capsys.readouterr().out
    assert "Animatrice" in out and "2024-03-15" in out
    assert "mises à jour : 1" in out.replace("\u202f", " ").replace("\xa0", " ").lower() or (
        "Updated: 1" in out
    )
    assert sql(
        db, "SELECT function, consent, consent_date FROM person WHERE last_name = 'Pâquet'"
    ) == [("Animatrice", 1, "2024-03-15")]


def test_a_file_consent_date_is_used_for_new_people(db, sql, tmp_path):
    path = excel_csv(tmp_path, "rgpd.csv", [
        ["Nom", "Prénom", "Accord RGPD"],
        ["Collard", "Véronique", "2023-11-02"],
        ["Lhoest", "Benoît", "non"],
    ])  # fmt: skip
    imports.import_people(db, path)
    assert sql(db, "SELECT last_name, consent, consent_date FROM person ORDER BY id") == [
        ("Collard", 1, "2023-11-02"),
        ("Lhoest", 0, None),
    ]


def test_a_sector_the_file_gives_never_rewrites_a_known_organisation(db, sql, tmp_path):
    people.create(db, first_name="Anne", last_name="Lejeune", email="anne@tc.be",
                  organisation="ASBL Territoires Connectés", sector="partner")  # fmt: skip
    path = excel_csv(tmp_path, "s.csv", [
        ["Nom", "Prénom", "Courriel", "Organisation", "Secteur"],
        ["Lejeune", "Anne", "anne@tc.be", "ASBL Territoires Connectés", "Association"],
    ])  # fmt: skip
    report = imports.import_people(db, path, on_duplicate="update")
    assert sql(db, "SELECT sector FROM organisation") == [("partner",)]
    assert report.updated == 0 and [w.field for w in report.warnings] == ["sector"]
    assert "Territoires" in report.warnings[0].reason


# --- the sector column --------------------------------------------------------------------------


def test_sector_words_people_write_are_read(db, sql, tmp_path):
    path = excel_csv(tmp_path, "secteurs.csv", [
        ["Nom", "Prénom", "Organisation", "Secteur"],
        ["Gillet", "Françoise", "Jeunesse de Couthuin", "Association"],
        ["Collard", "Véronique", "Administration de Héron", "Commune"],
        ["Stassart", "Jérémy", "Ferme Stassart", "SPRL"],
        ["Dubois", "Marie", "Université de Liège", "Partenaire"],
        ["Hody", "Marc", "Les Amis du Moulin", "asbl"],
        ["Wéry", "Paul", "Boulangerie Wéry", "Entreprise"],
    ])  # fmt: skip
    imports.import_people(db, path)
    assert dict(sql(db, "SELECT name, sector FROM organisation")) == {
        "Jeunesse de Couthuin": "association",
        "Administration de Héron": "commune",
        "Ferme Stassart": "business",
        "Université de Liège": "partner",
        "Les Amis du Moulin": "association",
        "Boulangerie Wéry": "business",
    }


def test_map_to_sector_with_unknown_values_names_them(db, tmp_path, capsys):
    path = excel_csv(tmp_path, "types.csv", [
        ["Nom", "Prénom", "Organisation", "Type"],
        ["Gillet", "Françoise", "Jeunesse", "Association"],
        ["Hody", "Marc", "Moulin", "Truc bizarre"],
        ["Wéry", "Paul", "Fournil", "Machin"],
    ])  # fmt: skip
    with pytest.raises(MappingError, match="Machin, Truc bizarre"):
        imports.import_people(db, path, overrides=["Type=sector"])
    code = cli.main(["--db", str(db.path), "import", "people", str(path), "--map", "Type=sector"])
    assert code == 1 and "Truc bizarre" in capsys.readouterr().err


# --- phones -------------------------------------------------------------------------------------


def test_xlsx_phone_formatted_by_excel_keeps_its_zero(db, sql, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Nom", "Prénom", "GSM", "Téléphone fixe"])
    ws.append(["Collard", "Véronique", 475123456, 19691234])
    ws.append(["Lhoest", "Benoît", 476554433, None])
    ws.append(["Gillet", "Françoise", "bureau le matin", None])
    for row in ws.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "0000 00 00 00"  # what a secretary sets to see the 0
    path = tmp_path / "gsm.xlsx"
    wb.save(path)
    table = imports.read_source(path)
    assert table.rows[0].values[2] == "0475 12 34 56"  # as Excel displays it
    report = imports.import_people(db, path)
    assert sql(db, "SELECT last_name, phone FROM person ORDER BY id") == [
        ("Collard", "+32 475 12 34 56"),
        ("Lhoest", "+32 476 55 44 33"),
        ("Gillet", "bureau le matin"),
    ]
    assert [(w.row, w.column) for w in report.warnings] == [(4, "GSM")]


def test_a_belgian_number_that_lost_its_zero_in_a_csv_is_restored(db, sql, tmp_path):
    path = excel_csv(tmp_path, "tel.csv", [
        ["Nom", "Prénom", "GSM"],
        ["Stassart", "Jérémy", "19691234"],
        ["Pâquet", "Léa", "475123456"],
        ["Van Hove", "Els", "0032 475 12 34 57"],
    ])  # fmt: skip
    imports.import_people(db, path)
    assert [p for (p,) in sql(db, "SELECT phone FROM person ORDER BY id")] == [
        "+32 19 69 12 34", "+32 475 12 34 56", "+32 475 12 34 57",
    ]  # fmt: skip


# --- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("place", "postal_code", "commune"),
    [
        ("Moha", "4520", "Wanze"),
        ("Moha (4520)", None, "Wanze"),
        ("Héron (Couthuin)", None, "Héron"),
        ("4260", None, "Braives"),
        ("", "4260", "Braives"),
        ("Huy", "4500", "Huy"),
        ("Ben-Ahin", None, "Huy"),
        ("Gembloux", "5030", "Gembloux"),
        ("Couthuin", None, "Héron"),
        ("Sankt Vith", None, "Saint-Vith"),
        ("Wanz", None, None),
    ],
)
def test_places_resolve_to_their_commune(place, postal_code, commune):
    assert resolve_place(place, postal_code).commune == commune


def test_villages_and_postcodes_import_into_their_commune(db, sql, tmp_path):
    people.create(db, first_name="Benoît", last_name="Lhoest", commune="Wanze")
    path = excel_csv(tmp_path, "villages.csv", [
        ["Nom", "Prénom", "Localité", "Code postal"],
        ["Gillet", "Françoise", "Moha", "4520"],
        ["Collard", "Véronique", "Héron (Couthuin)", ""],
        ["Stassart", "Jérémy", "", "4260"],
        ["Dubois", "Marie", "Ben-Ahin", ""],
        ["Hody", "Marc", "Wanz", ""],
    ])  # fmt: skip
    report = imports.import_people(db, path)
    assert sql(db, "SELECT p.last_name, c.name FROM person p LEFT JOIN commune c ON c.id = p.commune_id ORDER BY p.id") == [
        ("Lhoest", "Wanze"), ("Gillet", "Wanze"), ("Collard", "Héron"), ("Stassart", "Braives"),
        ("Dubois", "Huy"), ("Hody", None),
    ]  # fmt: skip
    assert sorted(n for (n,) in sql(db, "SELECT name FROM commune")) == [
        "Braives",
        "Huy",
        "Héron",
        "Wanze",
    ]
    assert [(w.row, w.column) for w in report.warnings] == [(6, "Localité")]
    assert "Wanz" in report.warnings[0].reason


# --- lines that are not people, names, Outlook, Google ------------------------------------------


def test_total_and_blank_lines_are_never_people_and_are_named(db, sql, tmp_path, capsys):
    path = excel_csv(tmp_path, "liste.csv", [
        ["Nom", "Prénom", "Commune"],
        ["Collard", "Véronique", "Héron"],
        ["", "", ""],
        ["Lhoest", "Benoît", "Wanze"],
        ["TOTAL", "12 personnes", ""],
        ["Gillet", "Françoise", "Héron"],
    ])  # fmt: skip
    report = imports.import_people(db, path, dry_run=True)
    assert [(p.row, p.reason) for p in report.skipped] == [
        (3, "A blank line: skipped."), (5, "A total line, not a person: skipped."),
    ]  # fmt: skip
    assert cli.main(["--db", str(db.path), "import", "people", str(path)]) == 0
    out = capsys.readouterr().out
    assert "5 " in out and "total" in out.lower()
    assert [n for (n,) in sql(db, "SELECT last_name FROM person ORDER BY id")] == [
        "Collard",
        "Lhoest",
        "Gillet",
    ]


def test_full_name_column_keeps_particles_in_the_last_name(db, sql, tmp_path):
    path = excel_csv(tmp_path, "noms.csv", [
        ["Nom complet", "Commune"],
        ["van der Linden Hans", "Wanze"],
        ["Van Hove Els", "Wanze"],
        ["DUPONT Jean", "Huy"],
    ])  # fmt: skip
    imports.import_people(db, path)
    assert sql(db, "SELECT first_name, last_name FROM person ORDER BY id") == [
        ("Hans", "van der Linden"), ("Els", "Van Hove"), ("Jean", "DUPONT"),
    ]  # fmt: skip


def test_outlook_exchange_address_falls_back_to_email_2(db, sql, tmp_path):
    headers = next(csv.reader([OUTLOOK_HEADERS]))
    row = dict.fromkeys(headers, "")
    row.update({
        "First Name": "Véronique", "Last Name": "Collard", "Company": "Administration communale",
        "E-mail Address": "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=3f2a-vcollard",
        "E-mail Type": "EX", "E-mail 2 Address": "v.collard@heron.be", "E-mail 2 Type": "SMTP",
        "Mobile Phone": "+32 476 55 44 33", "Business City": "Héron",
    })  # fmt: skip
    path = tmp_path / "outlook.csv"
    with path.open("w", encoding="cp1252", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=headers, lineterminator="\r\n")
        writer.writeheader()
        writer.writerow(row)
    report = imports.import_people(db, path)
    assert report.written and not report.invalid
    assert sql(db, "SELECT email, phone FROM person") == [
        ("v.collard@heron.be", "+32 476 55 44 33")
    ]


def test_google_multi_values_take_the_first(db, sql, tmp_path):
    path = tmp_path / "contacts.csv"
    path.write_text(
        "First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value,"
        "Phone 1 - Label,Phone 1 - Value,Address 1 - City\r\n"
        "Françoise,,Gillet,Jeunesse de Couthuin asbl,* Work,"
        "francoise.gillet@gmail.com ::: f.gillet@couthuin.be,Mobile,0476 11 22 33 ::: 085 21 00 00,"
        "Couthuin\r\n",
        encoding="utf-8",
    )
    imports.import_people(db, path)
    assert person_rows(sql, db)[0][2:5] == (
        "francoise.gillet@gmail.com",
        "+32 476 11 22 33",
        "Héron",
    )


def test_error_table_shows_the_files_own_header(db, tmp_path, capsys):
    path = excel_csv(tmp_path, "courriel.csv", [
        ["Nom", "Prénom", "Courriel"], ["Delcour", "Stéphane", "stephane.delcour@"],
    ])  # fmt: skip
    report = imports.import_people(db, path)
    assert [p.column for p in report.invalid] == ["Courriel"]
    assert cli.main(["--db", str(db.path), "import", "people", str(path)]) == 1
    assert "Courriel" in capsys.readouterr().out
    assert imports.report_lines(report)[0][2] == "Courriel"


def test_workbook_with_the_data_on_another_sheet_lists_its_sheets(db, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Couverture"
    wb.active["A1"] = "Liste des membres 2024"
    data = wb.create_sheet("Membres")
    data.append(["Nom", "Prénom"])
    data.append(["Collard", "Véronique"])
    path = tmp_path / "membres.xlsx"
    wb.save(path)
    with pytest.raises((MappingError, TableReadError), match="Couverture, Membres"):
        imports.import_people(db, path)
    assert imports.import_people(db, path, sheet="Membres").created == 1


@pytest.mark.parametrize(
    "text",
    ["0475 12 34 56", "019/69.12.34", "02 512 34 56", "0800 12 345", "0476 001234", "0123",
     "0499-99-99-99", "071 12 34 5"],
)  # fmt: skip
def test_the_fast_belgian_path_agrees_with_phonenumbers_parse(text):
    import phonenumbers

    from smartdesk.domain.phones import Phone, normalize_phone

    number = phonenumbers.parse(text, "BE")
    valid = phonenumbers.is_valid_number(number)
    expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    assert normalize_phone(text) == Phone(expected if valid else text, valid)


def test_a_sector_fills_the_unknown_sector_of_a_known_organisation_and_is_reported(
    db, sql, tmp_path
):
    people.create(db, first_name="Marc", last_name="Hody", email="marc@moulin.be",
                  organisation="Les Amis du Moulin")  # fmt: skip
    assert sql(db, "SELECT sector FROM organisation") == [("other",)]
    path = excel_csv(tmp_path, "s.csv", [
        ["Nom", "Prénom", "Courriel", "Secteur"],
        ["Hody", "Marc", "marc@moulin.be", "asbl"],
        ["Wéry", "Paul", "paul@fournil.be", "Entreprise"],
    ])  # fmt: skip
    report = imports.import_people(db, path, on_duplicate="update")
    assert [(c.field, c.old, c.new) for c in report.changes] == [("sector", "other", "association")]
    assert sql(db, "SELECT sector FROM organisation") == [("association",)]
    # A sector with no organisation to carry it is said, not dropped in silence.
    assert [(w.row, w.column) for w in report.warnings] == [(3, "Secteur")]


SHARED = next(
    (p / "shared" / "fixtures" for p in Path(__file__).resolve().parents[2:]
     if (p / "shared" / "fixtures").is_dir()),
    None,
)  # fmt: skip


@pytest.mark.skipif(SHARED is None, reason="../shared/fixtures is not beside this checkout")
def test_shared_fixtures_dry_run_report(db, sql, capsys):
    assert SHARED is not None
    code = cli.main(["--lang", "en", "--db", str(db.path), "import", "people",
                     str(SHARED / "contacts_excel_fr_BE.csv"), "--dry-run"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 1  # the bad e-mail of row 8 blocks, all or nothing
    assert "Courriel" in out and "stephane.delcour@" in out
    assert "9" in out and "A blank line: skipped." in out
    assert cli.main(["--lang", "en", "--db", str(db.path), "import", "people",
                     str(SHARED / "membres_association.xlsx"), "--dry-run"]) == 0  # fmt: skip
    assert "Would create: 3" in capsys.readouterr().out
    assert sql(db, "SELECT count(*) FROM person") == [(0,)]
