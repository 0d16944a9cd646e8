"""`smartdesk import people` as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_cli import fresh, run

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"


def test_invalid_rows_block_the_import_with_exit_1_and_a_report(tmp_path):
    db = fresh(tmp_path / "i.db")
    proc = run("import", "people", str(DATA / "excel_fr_BE.csv"), "--json", db=db, check=False)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["written"] is False and report["invalid"]
    assert all({"row", "reason", "field"} <= set(p) for p in report["invalid"])
    assert json.loads(run("people", "list", "--json", db=db).stdout) == []


def test_skip_invalid_then_register_to_an_event(tmp_path):
    db = fresh(tmp_path / "i.db")
    event = json.loads(
        run("events", "add", "--title", "Midi du Smart", "--kind", "midi_du_smart", "--start", "2026-12-10T12:00",
            "--json", db=db).stdout
    )[0]  # fmt: skip
    proc = run(
        "import",
        "people",
        str(DATA / "excel_fr_BE.csv"),
        "--skip-invalid",
        "--event",
        str(event["id"]),
        db=db,
    )
    assert "Ferme" not in proc.stderr
    listed = json.loads(run("attendance", "list", str(event["id"]), "--json", db=db).stdout)
    created = json.loads(run("people", "list", "--json", db=db).stdout)
    assert len(listed) == len(created) > 0


def test_text_report_in_french_names_the_row(tmp_path):
    proc = run("--lang", "fr", "import", "people", str(DATA / "excel_fr_BE.csv"), "--dry-run", db=fresh(tmp_path / "f.db"),
               check=False)  # fmt: skip
    assert proc.returncode == 1
    assert "n'est pas valide" in proc.stdout and "stephane.delcour@" in proc.stdout
    assert "Would create" not in proc.stdout


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    proc = run(
        "import",
        "people",
        str(DATA / "not_a_workbook.xlsx"),
        db=fresh(tmp_path / "n.db"),
        check=False,
    )
    assert proc.returncode == 1 and proc.stderr.strip() and "Traceback" not in proc.stderr


def test_map_takes_several_corrections_at_once(tmp_path):
    source = tmp_path / "odd.csv"
    source.write_text("Qui;Mail;Village\nDUPONT Marie;marie@example.org;Héron\n", encoding="utf-8")
    db = fresh(tmp_path / "m.db")
    run(
        "import",
        "people",
        str(source),
        "--map",
        "Qui=full_name",
        "Mail=email",
        "--map",
        "C=commune",
        db=db,
    )
    [marie] = json.loads(run("people", "list", "--json", db=db).stdout)
    assert (marie["first_name"], marie["last_name"], marie["email"], marie["commune"]) == (
        "Marie", "DUPONT", "marie@example.org", "Héron")  # fmt: skip
