"""The summary workbook opened by a real spreadsheet program: LibreOffice converts every sheet to
CSV (UTF-8, values as shown); the figures are there and no injected text was evaluated."""

from __future__ import annotations

import csv
import shutil
import subprocess
import uuid
import zipfile

import pytest
import xlsx_factory as factory

from smartdesk.reports.xlsx import write_summary_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# separator 44 (,), quote 34 ("), charset 76 (UTF-8), from line 1, …, save as shown, all sheets
FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"

pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    workbook = folder / "synthese.xlsx"
    write_summary_workbook(workbook, factory.summary_data(40), lang="fr")
    profile = tmp_path_factory.mktemp(f"lo-profile-{uuid.uuid4().hex[:8]}")
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", FILTER, "--outdir", str(folder), str(workbook)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr

    def sheet(name):
        path = folder / f"synthese-{name}.csv"
        assert path.exists(), (result.stdout, sorted(p.name for p in folder.iterdir()))
        with path.open(encoding="utf-8", newline="") as fh:
            return list(csv.reader(fh))

    return sheet


def test_synthesis_figures(converted):
    rows = converted("Synthèse")
    values = {r[0]: r[1] for r in rows if len(r) > 1 and r[0]}
    assert rows[0][0] == "Synthèse des activités"
    assert values["Organisation"] == "GAL Burdinale Mehaigne"
    assert values["Du"] == "01/01/2024" and values["Au"] == "31/12/2024"
    assert values["Participations (personnes présentes)"] == "28"
    assert values["Personnes distinctes touchées"] == "19"
    assert values["Heures de formation (participants × heures)"] in ("37.5", "37,5", "37.50")
    # the small tables stand two by two, in any column: unique people beside participations;
    # held beside planned
    flat = [tuple(r[i : i + 3]) for r in rows for i in range(len(r) - 1)]
    assert ("Héron", "9", "12") in flat and ("Wanze", "7", "11") in flat
    assert ("Midi du Smart", "3", "1") in flat
    assert ("Priorité communale (PST)", "3") in [t[:2] for t in flat]


def test_injected_text_was_not_evaluated(converted):
    participations = converted("Participations")
    assert participations[0][:3] == ["Date", "Événement", "Type"]
    first_names = {r[4] for r in participations[1:]}
    assert {"=1+1", "+32 476 55 44 33", "-", "-2+3", "@x", "\tTab", "\rCR"} <= first_names
    assert "2" not in first_names and "1" not in first_names
    assert participations[1][0] == "06/02/2024"  # a real date, shown as a date
    workshops = converted("Ateliers")
    assert workshops[1][4] == '=HYPERLINK("http://evil")'
    projects = converted("Projets")
    assert projects[1][0] == "@Tiers-lieu"
    assert projects[1][3] == "Un tiers-lieu numérique\n+ de mobilité"


def test_csv_export_is_not_evaluated_either(tmp_path):
    from smartdesk.reports.csv_export import write_csv

    source = tmp_path / "personnes.csv"
    write_csv(source, ["Nom", "Calcul"], [["Collard", "=1+1"], ["Gillet", "+2+2"], ["x", "-3+1"]])
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "out"
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--infilter=CSV:59,34,76,1", "--convert-to", FILTER, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    converted = next(out.glob("*.csv"))
    rows = list(csv.reader(converted.open(encoding="utf-8", newline="")))
    assert [r[1] for r in rows] == ["Calcul", "'=1+1", "'+2+2", "'-3+1"]


def test_exchange_part_survives_a_save_in_libreoffice(tmp_path):
    """The GAL opens a commune's workbook and saves it: the import must see the same records.

    (LibreOffice writes a literal ``_x0041_`` back unescaped, so that one text is left out.)"""
    import datetime as dt

    from smartdesk.reports.xlsx import read_exchange_workbook

    texts = [t for t in factory.HOSTILE if "_x" not in t]
    rows = [(factory.uid(i), t, "X", None, i % 2 == 0, dt.datetime(2024, 1, 1, 10, i))
            for i, t in enumerate(texts)]  # fmt: skip
    source = tmp_path / "commune.xlsx"
    write_summary_workbook(source, factory.summary_data(5, [factory.people_table(rows)]), lang="fr")
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "out"
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(out / "commune.xlsx") as archive:
        assert archive.read("xl/sharedStrings.xml")  # texts became shared strings
    before, after = read_exchange_workbook(source), read_exchange_workbook(out / "commune.xlsx")
    assert after.header == before.header
    assert after.tables == before.tables
