"""`smartdesk print …` from a real process on the demo database, read back with pypdf."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader

from tests.cli.test_cli import run


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("print") / "demo.db"
    run("demo", db=path)
    midi = next(
        e
        for e in json.loads(run("events", "list", "--json", db=path).stdout)
        if e["kind"] == "midi_du_smart"
    )
    return path, midi["id"]


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_sign_in_sheet_in_french_with_every_registered_name(demo, tmp_path):
    path, midi = demo
    out = tmp_path / "presence.pdf"
    run("print", "attendance", str(midi), "-o", str(out), "--lang", "fr", db=path)
    text = text_of(out)
    assert "jeudi 6 février 2020" in text
    attendees = json.loads(run("attendance", "list", str(midi), "--json", db=path).stdout)
    printed = [p for p in attendees if p["status"] in ("registered", "present", "absent")]
    # Excused people are not printed: they sign on a blank row if they come after all.
    assert printed and len(printed) < len(attendees)
    for person in printed:
        assert person["last_name"] in text
    assert f"{len(printed)} personnes inscrites" in text
    reader = PdfReader(out)
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()


def test_every_document_prints(demo, tmp_path):
    path, midi = demo
    for args in (
        ["cards", "2", "--per-page", "6"],
        ["cards", "2", "--filled"],
        ["results", "1"],
        ["badges", str(midi), "--layout", "2x5"],
        ["certificates", "1"],
        ["agenda", str(midi)],
    ):
        out = tmp_path / f"{args[0]}-{len(args)}.pdf"
        run("print", *args, "-o", str(out), db=path)
        assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) >= 1


def test_certificates_one_file_per_person_in_a_folder(demo, tmp_path):
    path, _midi = demo
    folder = tmp_path / "attestations"
    proc = run("print", "certificates", "1", "-o", str(folder), db=path)
    files = sorted(folder.glob("*.pdf"))
    assert files and str(len(files)) in proc.stdout
    assert all(len(PdfReader(f).pages) == 1 for f in files)


def test_unknown_id_and_missing_folder_are_clear_errors(demo, tmp_path):
    path, _midi = demo
    proc = run("print", "agenda", "999", "-o", str(tmp_path / "a.pdf"), db=path, check=False)
    assert proc.returncode == 1 and "999" in proc.stderr and "Traceback" not in proc.stderr
    proc = run("print", "agenda", "1", "-o", str(tmp_path / "nope" / "a.pdf"), db=path, check=False)
    assert proc.returncode == 1 and "nope" in proc.stderr and "Traceback" not in proc.stderr
