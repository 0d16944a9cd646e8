"""``smartdesk export`` and ``smartdesk consolidate`` as a user runs them: real processes, real
files; and the exported summary opened by a real spreadsheet program (LibreOffice)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import uuid

import openpyxl
import pytest
from icalendar import Calendar

from tests.cli.test_cli import fresh, run

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("export-cli") / "demo.db"
    run("demo", db=path)
    return path


@pytest.fixture(scope="module")
def summary(demo_file, tmp_path_factory):
    target = tmp_path_factory.mktemp("summary") / "synthese.xlsx"
    proc = run("export", "summary", "-o", str(target), "--lang", "fr", db=demo_file)
    assert str(target) in proc.stdout
    return target


def test_export_summary_writes_a_workbook(summary):
    wb = openpyxl.load_workbook(summary)
    try:
        known = ["Synthèse", "Événements", "Participations", "Formations", "Ateliers", "Projets"]
        visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
        assert [n for n in visible if n in known] == known and len(visible) == 9
        assert wb["_exchange"].sheet_state == "hidden"
    finally:
        wb.close()


def test_export_summary_with_a_period_and_anonymous(demo_file, tmp_path):
    target = tmp_path / "feb.xlsx"
    run(
        "export", "summary", "-o", str(target), "--from", "2020-02-01", "--to", "29/02/2020",
        "--anonymous", "--lang", "en", db=demo_file,
    )  # fmt: skip
    wb = openpyxl.load_workbook(target)
    try:
        rows = list(wb["Participations"].iter_rows(values_only=True))[:-1]  # not the totals
        assert len(rows) > 1 and {r[3] for r in rows[1:]} == {"(not named)"}
        assert all(r[0].month == 2 for r in rows[1:])
    finally:
        wb.close()


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "2020-02-31"], "is not a date"),
        (["--from", "2021-01-02", "--to", "2021-01-01"], "before its start"),
    ],
)
def test_bad_dates_exit_1_with_a_message(demo_file, tmp_path, args, message):
    target = tmp_path / "x.xlsx"
    proc = run(
        "--lang", "en", "export", "summary", "-o", str(target), *args, db=demo_file, check=False
    )
    assert proc.returncode == 1 and message in proc.stderr
    assert not target.exists()


def test_export_to_a_missing_folder_exits_1(demo_file, tmp_path):
    proc = run(
        "--lang", "en", "export", "csv", "people", "-o", str(tmp_path / "no" / "x.csv"),
        db=demo_file, check=False,
    )  # fmt: skip
    assert proc.returncode == 1 and "does not exist" in proc.stderr


def test_export_ics(demo_file, tmp_path):
    target = tmp_path / "events.ics"
    run("export", "ics", "-o", str(target), "--from", "2020-02-01", db=demo_file)
    calendar = Calendar.from_ical(target.read_bytes())
    listed = json.loads(run("events", "list", "--json", db=demo_file).stdout)
    expected = {e["uuid"] for e in listed if e["start"] >= "2020-02-01"}
    assert {str(c["uid"]).removesuffix("@smartdesk") for c in calendar.walk("VEVENT")} == expected


@pytest.mark.parametrize(
    ("options", "delimiter", "encoding", "bom"),
    [
        ([], ";", "utf-8", True),  # what a Belgian Excel opens in columns
        (["--delimiter", ","], ",", "utf-8", True),
        (["--encoding", "cp1252"], ";", "cp1252", False),
        (["--delimiter", ",", "--encoding", "utf-8"], ",", "utf-8", False),
        (["--semicolon"], ";", "utf-8", True),
    ],
)
def test_export_csv(demo_file, tmp_path, options, delimiter, encoding, bom):
    from smartdesk import cli

    target = tmp_path / "people.csv"
    assert (
        cli.main(["--db", str(demo_file), "export", "csv", "people", "-o", str(target), *options])
        == 0
    )
    text = target.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") == bom
    rows = list(
        csv.reader(text.decode(encoding).lstrip("\ufeff").splitlines(), delimiter=delimiter)
    )
    listed = json.loads(run("people", "list", "--json", db=demo_file).stdout)
    assert len(rows) - 1 == len(listed) and len(rows[0]) == 11


def test_export_csv_writes_phone_numbers_as_text(tmp_path):
    from smartdesk import cli
    from smartdesk.reports.xlsx import read_table

    db = fresh(tmp_path / "p.db")
    cli.main(["--db", str(db), "people", "add", "--first-name", "Léa", "--last-name", "Pâquet",
              "--phone", "+32 475 12 34 56"])  # fmt: skip
    target = tmp_path / "people.csv"
    assert cli.main(["--db", str(db), "export", "csv", "people", "-o", str(target)]) == 0
    # Excel's text formula, quoted as CSV quotes a field holding quotes: Excel shows the text.
    assert '"=""+32 475 12 34 56"""' in target.read_text(encoding="utf-8-sig")
    table = read_table(target)  # read back as the text it is, + and all
    assert "+32 475 12 34 56" in table.rows[0].values


def test_consolidate_reports_as_json_then_nothing_changes(summary, tmp_path):
    gal = fresh(tmp_path / "gal.db")
    out = tmp_path / "gal-summary.xlsx"
    proc = run("consolidate", str(summary), "--json", "-o", str(out), db=gal)
    report = json.loads(proc.stdout)
    assert report["ok"] and not report["dry_run"] and report["summary"] == str(out)
    [file] = report["files"]
    assert file["origin"] == "Braives" and file["tables"]["people"]["added"] == 60
    assert out.exists()
    assert report["by_origin"] == [{"origin": "Braives", "participations": 150, "people": 50}]
    again = json.loads(run("consolidate", str(summary), "--json", db=gal).stdout)
    totals = again["files"][0]["totals"]
    assert (totals["added"], totals["updated"], totals["conflicts"]) == (0, 0, 0)
    # plain text: a table per file
    text = run("--lang", "en", "consolidate", str(summary), db=gal).stdout
    assert "registrations" in text and "Unchanged" in text


def test_consolidate_dry_run_and_bad_files(summary, tmp_path):
    gal = fresh(tmp_path / "gal.db")
    bad = tmp_path / "liste.xlsx"
    bad.write_text("pas un classeur", encoding="utf-8")
    proc = run(
        "--lang", "en", "consolidate", str(summary), str(bad), str(tmp_path / "missing.xlsx"),
        "--dry-run", "--json", db=gal, check=False,
    )  # fmt: skip
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["dry_run"] and [f["ok"] for f in report["files"]] == [True, False, False]
    assert "not an Excel workbook" in proc.stderr and "does not exist" in proc.stderr
    assert "Dry run: nothing was written." in proc.stderr
    people = json.loads(run("people", "list", "--json", db=gal).stdout)
    assert people == []


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_exported_summary_with_its_figures(summary, demo_file, tmp_path):
    profile = tmp_path / f"lo-{uuid.uuid4().hex[:8]}"
    proc = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
         "--outdir", str(tmp_path), str(summary)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    converted = tmp_path / "synthese.csv"
    assert converted.exists(), (proc.stdout, proc.stderr)
    with converted.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    values: dict[str, str] = {}
    for row in rows:
        if len(row) > 1 and row[0]:
            values.setdefault(row[0], row[1])
    assert rows[0][0] == "Synthèse des activités"
    assert values["Participations (personnes présentes)"] == "150"
    assert values["Personnes distinctes touchées"] == "50"
    assert values["Organisation"] == "GAL Burdinale Mehaigne"
