"""Write the import test corpus under tests/data/imports/: files as people really send them.

Run from the repository root: ``.venv/bin/python tests/data/make_corpus.py``. The output is
committed; the script is deterministic (fixed zip timestamps and document dates), so running it
again changes nothing unless the script changed.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

OUT = Path(__file__).resolve().parent / "imports"
FIXED = (2024, 1, 1, 0, 0, 0)

PEOPLE = [
    # first, last, function, organisation, commune, e-mail, phone
    ("Véronique", "Collard", "Directrice générale", "Administration communale", "Héron",
     "v.collard@heron.be", "0476 55 44 33"),
    ("Benoît", "Lhoest", "Bourgmestre", "Administration communale", "Wanze",
     "benoit.lhoest@wanze.be", ""),
    ("Françoise", "Gillet", "Trésorière", "Jeunesse de Couthuin asbl", "Héron",
     "francoise.gillet@gmail.com", "085 71 12 34"),
    ("Jérémy", "Stassart", "Gérant", "Ferme Stassart; produits locaux", "Braives",
     "contact@ferme-stassart.be", "019 69 12 34"),
    ("Léa", "Pâquet", "Animatrice", "Bibliothèque communale", "Burdinne",
     "lea.paquet@burdinne.be", ""),
    ("Els", "Van Hove", "Zaakvoerder", "Bakkerij Van Hove", "Wanze", "els@vanhove.be", ""),
    ("Stéphane", "Delcour", "", "", "Villers-le-Bouillet", "stephane.delcour@", ""),
    ("Anne-Sophie", "D'Hondt", "Échevine", "Administration communale", "Braives",
     "as.dhondt@braives.be", "+32 478 12 34 56"),
]  # fmt: skip

HOSTILE = [
    "=SUM(A1)",
    "+32 476 55 44 33",
    "-",
    "@x",
    "<b>&amp; & </b>",
    "Émile 🎉 Ünal",
    "x" * 200,
    '=HYPERLINK("http://example.invalid","clic")',
    "-2+3",
]


def write_text(name: str, text: str, encoding: str, bom: bytes = b"") -> None:
    (OUT / name).write_bytes(bom + text.encode(encoding))


def csv_line(cells, sep: str) -> str:
    out = []
    for cell in cells:
        cell = str(cell)
        if any(c in cell for c in (sep, '"', "\n", "\r")):
            cell = '"' + cell.replace('"', '""') + '"'
        out.append(cell)
    return sep.join(out)


_MODIFIED = re.compile(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*(</dcterms)")


def reproducible(filename: str, data: bytes) -> bytes:
    """Document dates openpyxl stamps with "now", fixed."""
    if filename == "docProps/core.xml":
        return _MODIFIED.sub(rb"\g<1>2024-01-01T00:00:00Z\g<2>", data)
    return data


def fixed_zip(path: Path) -> None:
    """Rewrite an archive with fixed timestamps so the corpus is reproducible."""
    with zipfile.ZipFile(path) as src:
        members = [(info, reproducible(info.filename, src.read(info))) for info in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)


def save(wb: Workbook, name: str) -> Path:
    wb.properties.created = wb.properties.modified = dt.datetime(2024, 1, 1)
    wb.properties.creator = "SmartDesk corpus"
    path = OUT / name
    wb.save(path)
    fixed_zip(path)
    return path


# --- CSV and text files -----------------------------------------------------------------------


def excel_fr_be() -> None:
    """Excel "CSV (séparateur : point-virgule)" on a Belgian Windows: cp1252, CRLF, ';'."""
    lines = [csv_line(("Nom", "Prénom", "Fonction", "Organisation", "Commune", "Courriel", "GSM",
                       "Cotisation"), ";")]  # fmt: skip
    for i, (first, last, func, org, commune, mail, phone) in enumerate(PEOPLE):
        lines.append(csv_line((last, first, func, org, commune, mail, phone, f"{10 + i},50"), ";"))
    lines.insert(5, ";;;;;;;")
    lines.append("Total;;;;;;;101,00")
    write_text("excel_fr_BE.csv", "\r\n".join(lines) + "\r\n", "cp1252")


def utf8_bom_comma() -> None:
    """A web form export: UTF-8 with BOM, ',' separated, a note spanning two lines."""
    lines = [csv_line(("First Name", "Last Name", "Email", "Phone", "City", "Company", "Notes"),
                      ",")]  # fmt: skip
    for first, last, func, org, commune, mail, phone in PEOPLE[:5]:
        lines.append(csv_line((first, last, mail, phone, commune, org, f"{func}, {commune}"), ","))
    lines.append(csv_line(("Jean", "Dupont", "jean@dupont.be", "", "Héron", "Dupont, Fils & Cie",
                           "Première ligne\nseconde ligne"), ","))  # fmt: skip
    write_text("utf8_bom_comma.csv", "\r\n".join(lines) + "\r\n", "utf-8", codecs.BOM_UTF8)


def utf8_tab() -> None:
    """Text (tab delimited), UTF-8 without BOM, LF line ends, Dutch and German characters."""
    rows = [("Prénom", "Nom", "E-mail", "Localité")]
    rows += [(p[0], p[1], p[5], p[4]) for p in PEOPLE[:4]]
    rows += [("Jürgen", "Müller", "j.mueller@example.de", "Eupen"), ("Ĳsbrand", "Çelik", "", "")]
    write_text("utf8_tab.txt", "\n".join("\t".join(r) for r in rows) + "\n", "utf-8")


def utf16() -> None:
    """Excel "Unicode text": UTF-16 LE with BOM, tab separated; and a ';' UTF-16 CSV."""
    rows = [("Nom", "Prénom", "E-mail", "Commune")]
    rows += [(p[1], p[0], p[5], p[4]) for p in PEOPLE[:5]]
    text = "\r\n".join("\t".join(r) for r in rows) + "\r\n"
    write_text("utf16_unicode_text.txt", text, "utf-16-le", codecs.BOM_UTF16_LE)
    text = "\r\n".join(csv_line(r, ";") for r in rows) + "\r\n"
    write_text("utf16_semicolon.csv", text, "utf-16-le", codecs.BOM_UTF16_LE)


OUTLOOK_HEADERS = [
    "Title",
    "First Name",
    "Middle Name",
    "Last Name",
    "Suffix",
    "Company",
    "Department",
    "Job Title",
    "Business Street",
    "Business Street 2",
    "Business Street 3",
    "Business City",
    "Business State",
    "Business Postal Code",
    "Business Country/Region",
    "Home Street",
    "Home Street 2",
    "Home Street 3",
    "Home City",
    "Home State",
    "Home Postal Code",
    "Home Country/Region",
    "Other Street",
    "Other Street 2",
    "Other Street 3",
    "Other City",
    "Other State",
    "Other Postal Code",
    "Other Country/Region",
    "Assistant's Phone",
    "Business Fax",
    "Business Phone",
    "Business Phone 2",
    "Callback",
    "Car Phone",
    "Company Main Phone",
    "Home Fax",
    "Home Phone",
    "Home Phone 2",
    "ISDN",
    "Mobile Phone",
    "Other Fax",
    "Other Phone",
    "Pager",
    "Primary Phone",
    "Radio Phone",
    "TTY/TDD Phone",
    "Telex",
    "Account",
    "Anniversary",
    "Assistant's Name",
    "Billing Information",
    "Birthday",
    "Business Address PO Box",
    "Categories",
    "Children",
    "Directory Server",
    "E-mail Address",
    "E-mail Type",
    "E-mail Display Name",
    "E-mail 2 Address",
    "E-mail 2 Type",
    "E-mail 2 Display Name",
    "E-mail 3 Address",
    "E-mail 3 Type",
    "E-mail 3 Display Name",
    "Gender",
    "Government ID Number",
    "Hobby",
    "Home Address PO Box",
    "Initials",
    "Internet Free Busy",
    "Keywords",
    "Language",
    "Location",
    "Manager's Name",
    "Mileage",
    "Notes",
    "Office Location",
    "Organizational ID Number",
    "Other Address PO Box",
    "Priority",
    "Private",
    "Profession",
    "Referred By",
    "Sensitivity",
    "Spouse",
    "User 1",
    "User 2",
    "User 3",
    "User 4",
    "Web Page",
]


def outlook() -> None:
    """Outlook "Comma Separated Values" export: every field quoted, cp1252, CRLF."""
    index = {h: i for i, h in enumerate(OUTLOOK_HEADERS)}
    lines = [",".join(f'"{h}"' for h in OUTLOOK_HEADERS)]
    for first, last, func, org, commune, mail, phone in PEOPLE[:6]:
        row = [""] * len(OUTLOOK_HEADERS)
        for key, value in (
            ("Title", "Mme" if first.endswith("e") else "M."), ("First Name", first),
            ("Last Name", last), ("Company", org), ("Job Title", func),
            ("Business City", commune), ("Home City", "Liège"), ("Business Postal Code", "4217"),
            ("Mobile Phone", phone), ("Business Phone", "085 71 00 00"),
            ("E-mail Address", mail), ("E-mail Type", "SMTP"), ("E-mail Display Name", f"{first} {last} ({mail})"),
            ("Notes", "Rencontré au Midi du Smart"), ("Priority", "Normal"), ("Private", "False"),
            ("Sensitivity", "Normal"), ("Gender", "Unspecified"),
        ):  # fmt: skip
            row[index[key]] = value
        lines.append(",".join('"' + v.replace('"', '""') + '"' for v in row))
    write_text("outlook_contacts.csv", "\r\n".join(lines) + "\r\n", "cp1252")


def google() -> None:
    """Google Contacts CSV, the older layout (Name / Given Name / Family Name) and the 2024 one."""
    old = ["Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi", "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials", "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location", "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby", "Sensitivity", "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership", "E-mail 1 - Type", "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Address 1 - Type", "Address 1 - Formatted", "Address 1 - City", "Address 1 - Postal Code", "Organization 1 - Type", "Organization 1 - Name", "Organization 1 - Title"]  # fmt: skip
    index = {h: i for i, h in enumerate(old)}
    lines = [",".join(old)]
    for first, last, func, org, commune, mail, phone in PEOPLE[:5]:
        row = [""] * len(old)
        for key, value in (
            ("Name", f"{first} {last}"), ("Given Name", first), ("Family Name", last),
            ("Group Membership", "* myContacts"), ("E-mail 1 - Type", "* Work"),
            ("E-mail 1 - Value", mail), ("Phone 1 - Type", "Mobile"), ("Phone 1 - Value", phone),
            ("Address 1 - City", commune), ("Organization 1 - Name", org),
            ("Organization 1 - Title", func),
        ):  # fmt: skip
            row[index[key]] = value
        lines.append(csv_line(row, ","))
    write_text("google_contacts.csv", "\r\n".join(lines) + "\r\n", "utf-8")

    new = ["First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As", "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes", "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "E-mail 2 - Label", "E-mail 2 - Value", "Phone 1 - Label", "Phone 1 - Value", "Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country"]  # fmt: skip
    index = {h: i for i, h in enumerate(new)}
    lines = [",".join(new)]
    for first, last, func, org, commune, mail, phone in PEOPLE[2:6]:
        row = [""] * len(new)
        for key, value in (
            ("First Name", first), ("Last Name", last), ("Organization Name", org),
            ("Organization Title", func), ("Labels", "* myContacts"),
            ("E-mail 1 - Label", "* Work"), ("E-mail 1 - Value", mail),
            ("E-mail 2 - Label", "Home"), ("E-mail 2 - Value", f"perso.{mail}"),
            ("Phone 1 - Label", "Mobile"), ("Phone 1 - Value", phone),
            ("Address 1 - City", commune), ("Address 1 - Postal Code", "4280"),
        ):  # fmt: skip
            row[index[key]] = value
        lines.append(csv_line(row, ","))
    write_text("google_contacts_2024.csv", "\r\n".join(lines) + "\r\n", "utf-8")


def dutch() -> None:
    """A Dutch-speaking association's list: cp1252, ';', "Naam" beside "Voornaam"."""
    lines = ["Ledenlijst VZW Samen Sterk;;;;;;", ";;;;;;"]
    lines.append("Voornaam;Naam;E-mailadres;Gsm;Gemeente;Organisatie;Functie;Opmerkingen")
    lines += [
        "Els;Van Hove;els@vanhove.be;0477 11 22 33;Wanze;Bakkerij Van Hove;Zaakvoerder;",
        "Pieter;De Smet;pieter.desmet@telenet.be;;Linter;VZW Samen Sterk;Voorzitter;Komt met de fiets",
        "Marie;Peeters;marie@example.be;;Hannut;;Secretaris;",
        "Totaal;3;;;;;;",
    ]
    write_text("leden_nl.csv", "\r\n".join(lines) + "\r\n", "cp1252")


def sep_hint() -> None:
    """A web tool's export for Excel: a first "sep=," line names the separator (not a row)."""
    lines = ["sep=,", "Nom,Prénom,E-mail,Commune"]
    lines += [csv_line((p[1], p[0], p[5], p[4]), ",") for p in PEOPLE[:3]]
    write_text("sep_hint.csv", "\r\n".join(lines) + "\r\n", "utf-8", codecs.BOM_UTF8)


def hostile_csv() -> None:
    lines = [csv_line(("Nom", "Prénom", "Courriel", "Commune"), ";")]
    for i, text in enumerate(HOSTILE, start=1):
        lines.append(csv_line((text, f"Test{i}", f"test{i}@example.org", "Wanze"), ";"))
    write_text("hostile.csv", "\r\n".join(lines) + "\r\n", "utf-8", codecs.BOM_UTF8)


def refused_and_empty() -> None:
    (OUT / "empty.csv").write_bytes(b"")
    (OUT / "blank_rows_only.csv").write_bytes(b";;;;\r\n\r\n;;\r\n")
    (OUT / "not_a_workbook.xlsx").write_bytes(
        "Nom;Prénom\r\nCollard;Véronique\r\n".encode("cp1252")
    )
    # An OLE2 compound file header: an old .xls (or a password-protected .xlsx).
    (OUT / "old_excel_97.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)


# --- workbooks --------------------------------------------------------------------------------


def members_workbook() -> None:
    """Merged title row, blank row, headers, real dates, a trailing total line, a 2nd sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Membres 2024"
    ws["A1"] = "Liste des membres — Comité des fêtes de Braives"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:G1")
    ws.append([])
    ws.append(["Nom", "Prénom", "Localité", "E-mail", "Tél.", "Membre depuis", "Cotisation"])
    for cell in ws[3]:
        cell.font = Font(bold=True)
    dates = [dt.date(2015, 3, 1), dt.date(2019, 9, 15), dt.date(2021, 1, 10), dt.date(2023, 6, 30)]
    for (first, last, _f, _o, commune, mail, phone), since in zip(PEOPLE, dates, strict=False):
        ws.append([last, first, commune, mail, phone or None, since, 12.5])
        ws.cell(ws.max_row, 6).number_format = "DD/MM/YYYY"
    ws.append([])
    ws.append(["Total", None, None, None, None, None, "=SUM(G4:G7)"])
    ws.column_dimensions["D"].width = 30
    other = wb.create_sheet("Notes")
    other["A1"] = "Feuille de notes, pas une liste"
    save(wb, "membres_titre_fusionne.xlsx")


def german_workbook() -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Teilnehmer"
    ws.append(["Vorname", "Nachname", "E-Mail-Adresse", "Telefon", "PLZ", "Ort", "Verein",
               "Funktion", "Einverständnis", "Angemeldet am"])  # fmt: skip
    ws.append(
        [
            "Jürgen",
            "Müller",
            "j.mueller@example.de",
            "087 55 66 77",
            4700,
            "Eupen",
            "Karnevalsverein Eupen",
            "Vorsitzender",
            "Ja",
            dt.datetime(2024, 2, 1, 10, 30),
        ]
    )
    ws.append(
        [
            "Anna",
            "Schröder",
            "anna.schroeder@example.be",
            None,
            4780,
            "Sankt Vith",
            "Musikverein",
            "Kassiererin",
            "Nein",
            dt.datetime(2024, 2, 3),
        ]
    )
    ws.append(["Lukas", "Weber", "lukas@weber", "+32 80 22 33 44", 4750, "Bütgenbach",
               None, None, "ja", dt.datetime(2024, 2, 5, 18, 0)])  # fmt: skip
    for row in ws.iter_rows(min_row=2, min_col=10, max_col=10):
        row[0].number_format = "DD.MM.YYYY HH:MM"
    save(wb, "teilnehmer_de.xlsx")


def hostile_workbook() -> None:
    """Text cells a spreadsheet would run (stored as text), and one real formula."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Contacts"
    ws.append(["Nom", "Prénom", "Courriel", "Commune", "Remarques"])
    for i, text in enumerate(HOSTILE, start=1):
        ws.append([text, f"Test{i}", f"test{i}@example.org", "Wanze", text])
        for cell in (ws.cell(ws.max_row, 1), ws.cell(ws.max_row, 5)):
            cell.data_type = "s"  # text, as a user typing '=SUM(A1) would get
    ws.append(["Formule", "Vraie", "formule@example.org", "Héron", "=1+1"])
    ws.cell(ws.max_row, 3).alignment = Alignment(wrap_text=True)
    save(wb, "hostile.xlsx")


SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>{payload}</t></is></c></row>'
    "</sheetData></worksheet>"
)
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def entity_workbooks() -> None:
    """Billion laughs (with the DTD up front, and pushed past 4 KB by a comment), and XXE."""
    base = Workbook()
    base.active.title = "Feuil1"
    base.active["A1"] = "Nom"
    buffer = io.BytesIO()
    base.save(buffer)
    variants = {
        "billion_laughs.xlsx": f'<?xml version="1.0"?>{LAUGHS}' + SHEET.format(payload="&lol9;"),
        "billion_laughs_deep.xlsx": '<?xml version="1.0"?><!--' + " " * 6000 + "-->"
        + LAUGHS + SHEET.format(payload="&lol9;"),
        "external_entity.xlsx": '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM '
        '"file:///etc/hostname">]>' + SHEET.format(payload="&xxe;"),
    }  # fmt: skip
    for name, sheet in variants.items():
        with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src:
            members = [(i.filename, reproducible(i.filename, src.read(i))) for i in src.infolist()]
        with zipfile.ZipFile(OUT / name, "w", zipfile.ZIP_DEFLATED) as dst:
            for filename, data in members:
                info = zipfile.ZipInfo(filename, date_time=FIXED)
                info.compress_type = zipfile.ZIP_DEFLATED
                if filename == "xl/worksheets/sheet1.xml":
                    data = sheet.encode()
                dst.writestr(info, data)


def zip_bomb() -> None:
    """A workbook whose sheet expands 1000-fold to 64 MB (of spaces): a small zip bomb."""
    base = Workbook()
    base.active["A1"] = "Nom"
    buffer = io.BytesIO()
    base.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src:
        members = [(i.filename, reproducible(i.filename, src.read(i))) for i in src.infolist()]
    with zipfile.ZipFile(OUT / "zip_bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for filename, data in members:
            info = zipfile.ZipInfo(filename, date_time=FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            if filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * 1024 * 1024))
            dst.writestr(info, data, compresslevel=9)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    excel_fr_be()
    utf8_bom_comma()
    utf8_tab()
    utf16()
    outlook()
    google()
    dutch()
    sep_hint()
    hostile_csv()
    refused_and_empty()
    members_workbook()
    german_workbook()
    hostile_workbook()
    entity_workbooks()
    zip_bomb()


if __name__ == "__main__":
    main()
