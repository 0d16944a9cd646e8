"""read_table on the corpus of tests/data/imports (made by tests/data/make_corpus.py) and on the
shared fixtures: right headers, rows, row numbers as Excel shows them; refusals with a message."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from smartdesk.domain.errors import SmartDeskError
from smartdesk.reports.xlsx import Limits, TableReadError, read_table
from smartdesk.reports.xlsx.csv_source import decode, detect_delimiter

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
# ../shared/fixtures beside the checkout (as on the developers' machines and in CI).
# ../shared/fixtures beside the checkout (a worktree sits one folder deeper than main).
FIXTURES = next(
    (p / "shared" / "fixtures" for p in Path(__file__).resolve().parents[2:]
     if (p / "shared" / "fixtures").is_dir()),
    Path(__file__).resolve().parents[3] / "shared" / "fixtures",
)  # fmt: skip
needs_fixtures = pytest.mark.skipif(
    not FIXTURES.is_dir(), reason=f"{FIXTURES} is not beside this checkout"
)


def first_cells(table, n=2):
    return [row.values[:n] for row in table.rows]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "header_row", "numbers", "total_row"),
    [
        ("excel_fr_BE.csv", "cp1252", ";", 1, [2, 3, 4, 5, 7, 8, 9, 10], 11),
        ("utf8_bom_comma.csv", "utf-8-sig", ",", 1, [2, 3, 4, 5, 6, 7], None),
        ("utf8_tab.txt", "utf-8", "\t", 1, [2, 3, 4, 5, 6, 7], None),
        ("utf16_unicode_text.txt", "utf-16", "\t", 1, [2, 3, 4, 5, 6], None),
        ("utf16_semicolon.csv", "utf-16", ";", 1, [2, 3, 4, 5, 6], None),
        ("outlook_contacts.csv", "cp1252", ",", 1, [2, 3, 4, 5, 6, 7], None),
        ("google_contacts.csv", "utf-8", ",", 1, [2, 3, 4, 5, 6], None),
        ("google_contacts_2024.csv", "utf-8", ",", 1, [2, 3, 4, 5], None),
        ("leden_nl.csv", "utf-8", ";", 3, [4, 5, 6], 7),
        ("hostile.csv", "utf-8-sig", ";", 1, list(range(2, 11)), None),
        ("sep_hint.csv", "utf-8-sig", ",", 1, [2, 3, 4], None),
        ("membres_titre_fusionne.xlsx", None, None, 3, [4, 5, 6, 7], 9),
        ("teilnehmer_de.xlsx", None, None, 1, [2, 3, 4], None),
        ("hostile.xlsx", None, None, 1, list(range(2, 12)), None),
    ],
)
def test_corpus_file_reads(name, encoding, delimiter, header_row, numbers, total_row):
    table = read_table(DATA / name)
    assert table.encoding == encoding
    assert table.delimiter == delimiter
    assert table.header_row == header_row
    assert [row.number for row in table.rows] == numbers
    assert table.total_row == total_row
    assert table.source == name
    for row in table.rows:
        assert len(row.values) >= len(table.headers)


def test_excel_fr_be_csv_values():
    table = read_table(DATA / "excel_fr_BE.csv")
    assert table.headers == (
        "Nom", "Prénom", "Fonction", "Organisation", "Commune", "Courriel", "GSM", "Cotisation",
    )  # fmt: skip
    assert first_cells(table, 2)[0] == ("Collard", "Véronique")
    stassart = table.rows[3]
    assert stassart.values[3] == "Ferme Stassart; produits locaux"  # quoted separator
    assert stassart.values[7] == "13,50"  # decimal comma stays text: the import decides
    assert table.rows[-1].values[:2] == ("D'Hondt", "Anne-Sophie")


def test_multiline_quoted_field_is_one_row():
    table = read_table(DATA / "utf8_bom_comma.csv")
    last = table.rows[-1]
    assert last.number == 7
    assert last.values[5] == "Dupont, Fils & Cie"
    assert last.values[6] == "Première ligne\nseconde ligne"


def test_non_bmp_and_rare_letters_survive_utf8():
    table = read_table(DATA / "utf8_tab.txt")
    assert table.rows[-1].values == ("Ĳsbrand", "Çelik", None, None)  # padded to the headers
    assert table.rows[-2].values[:2] == ("Jürgen", "Müller")


def test_workbook_title_row_merged_blank_row_dates_and_total():
    table = read_table(DATA / "membres_titre_fusionne.xlsx")
    assert table.sheet == "Membres 2024"
    assert table.sheets == ("Membres 2024", "Notes")
    assert table.headers == (
        "Nom", "Prénom", "Localité", "E-mail", "Tél.", "Membre depuis", "Cotisation",
    )  # fmt: skip
    assert table.rows[0].values[5] == dt.date(2015, 3, 1)
    assert type(table.rows[0].values[5]) is dt.date
    assert table.rows[0].values[6] == 12.5
    assert table.rows[1].values[4] is None  # an empty phone stays empty


def test_datetime_with_time_is_kept_and_numbers_are_numbers():
    table = read_table(DATA / "teilnehmer_de.xlsx")
    assert table.rows[0].values[9] == dt.datetime(2024, 2, 1, 10, 30)
    assert table.rows[1].values[9] == dt.date(2024, 2, 3)
    assert table.rows[0].values[4] == 4700


def test_hostile_cells_are_read_as_plain_text():
    table = read_table(DATA / "hostile.xlsx")
    firsts = [row.values[0] for row in table.rows]
    assert firsts[:4] == ["=SUM(A1)", "+32 476 55 44 33", "-", "@x"]
    assert "Émile 🎉 Ünal" in firsts
    assert "x" * 200 in firsts
    # a real formula without a cached value: data_only reading gives nothing, never the formula
    assert table.rows[-1].values[4] is None
    csv_firsts = [row.values[0] for row in read_table(DATA / "hostile.csv").rows]
    assert csv_firsts == firsts[:-1]


@needs_fixtures
def test_shared_fixture_csv():
    table = read_table(FIXTURES / "contacts_excel_fr_BE.csv")
    assert (table.encoding, table.delimiter, table.header_row) == ("cp1252", ";", 1)
    assert [r.number for r in table.rows] == [2, 3, 4, 5, 6, 7, 8, 10]
    assert table.rows[3].values[3] == "Ferme Stassart; produits locaux"
    assert table.rows[-1].values[0] == "=SUM(A1:A9)"


@needs_fixtures
def test_shared_fixture_workbook():
    table = read_table(FIXTURES / "membres_association.xlsx")
    assert table.header_row == 3
    assert table.headers == ("Nom", "Prénom", "Localité", "E-mail", "Membre depuis")
    assert [r.number for r in table.rows] == [4, 5, 6]
    assert table.rows[2].values[4] == dt.date(2021, 1, 10)


def test_sheet_by_name_and_unknown_sheet():
    table = read_table(DATA / "membres_titre_fusionne.xlsx", sheet="notes")
    assert table.sheet == "Notes"
    with pytest.raises(TableReadError, match="Membres 2024, Notes"):
        read_table(DATA / "membres_titre_fusionne.xlsx", sheet="Feuil9")


def test_header_row_can_be_forced():
    table = read_table(DATA / "leden_nl.csv", header_row=1)
    assert table.header_row == 1
    assert table.headers[0] == "Ledenlijst VZW Samen Sterk"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "is empty"),
        ("blank_rows_only.csv", "contains no data"),
        ("not_a_workbook.xlsx", "is not an Excel workbook"),
        ("old_excel_97.xls", "old Excel 97-2003"),
        ("billion_laughs.xlsx", "refused for safety"),
        ("billion_laughs_deep.xlsx", "refused for safety"),  # past the pre-scan: defusedxml
        ("external_entity.xlsx", "refused for safety"),
        ("zip_bomb.xlsx", "expands to more data"),
    ],
)
def test_refused_files_say_why(name, message):
    with pytest.raises(TableReadError, match=message) as caught:
        read_table(DATA / name)
    assert isinstance(caught.value, SmartDeskError)
    assert name in caught.value.message


def test_defusedxml_alone_refuses_entities(monkeypatch):
    """Without the pre-scan, openpyxl's defusedxml parser still refuses the billion laughs."""
    from smartdesk.reports.xlsx import untrusted

    monkeypatch.setattr(untrusted, "check_archive", lambda path, limits: None)
    with pytest.raises(TableReadError, match="refused for safety"):
        read_table(DATA / "billion_laughs.xlsx")


def test_missing_file_folder_and_size_limit(tmp_path):
    with pytest.raises(TableReadError, match="does not exist"):
        read_table(tmp_path / "absent.csv")
    with pytest.raises(TableReadError, match="folder"):
        read_table(tmp_path)
    with pytest.raises(TableReadError, match="too large"):
        read_table(DATA / "excel_fr_BE.csv", limits=Limits(max_file_bytes=100))
    with pytest.raises(TableReadError, match="more than 3 rows"):
        read_table(DATA / "excel_fr_BE.csv", limits=Limits(max_rows=3))


def test_opendocument_and_truncated_workbook(tmp_path):
    ods = tmp_path / "liste.ods"
    with zipfile.ZipFile(ods, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    with pytest.raises(TableReadError, match="OpenDocument"):
        read_table(ods)
    truncated = tmp_path / "coupé.xlsx"
    data = (DATA / "teilnehmer_de.xlsx").read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableReadError, match="not an Excel workbook"):
        read_table(truncated)


def test_damaged_sheet_xml_is_a_clear_error(tmp_path):
    damaged = tmp_path / "abîmé.xlsx"
    with zipfile.ZipFile(DATA / "teilnehmer_de.xlsx") as src, zipfile.ZipFile(damaged, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data[:200]
            dst.writestr(info, data)
    with pytest.raises(TableReadError, match="damaged"):
        read_table(damaged)


def test_workbook_with_a_csv_extension_is_read_as_workbook(tmp_path):
    target = tmp_path / "export.csv"
    shutil.copy(DATA / "teilnehmer_de.xlsx", target)
    assert read_table(target).headers[0] == "Vorname"


def test_encoding_detection():
    assert decode("é;ü".encode("cp1252")) == ("é;ü", "cp1252")
    assert decode("é;ü".encode()) == ("é;ü", "utf-8")
    assert decode("Nom;é".encode("utf-16-le")) == ("Nom;é", "utf-16-le")
    assert decode(b"\x81\x8d") == ("\x81\x8d", "cp1252")  # undefined in cp1252: kept as Latin-1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a;b;c\n1;2,5;3\n4;5,5;6\n", ";"),
        ('a,b,c\n1,"2;5",3\n4,5,6\n', ","),
        ("a\tb\tc\n1\t2\t3\n", "\t"),
        ("Nom;Adresse\nDupont;Rue de la Gare, 12\nMartin;Place, 3\n", ";"),
        ("just one column\nno separator\n", ";"),
    ],
)
def test_delimiter_detection(text, expected):
    assert detect_delimiter(text) == expected


def test_excel_text_formula_idiom_is_unwrapped(tmp_path):
    path = tmp_path / "gsm.csv"
    path.write_bytes('Nom;GSM;Code\r\nCollard;="0476554433";"=""007"""\r\n'.encode("cp1252"))
    assert read_table(path).rows[0].values == ("Collard", "0476554433", "007")
