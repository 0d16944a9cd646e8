"""`print` refuses what it cannot do in one sentence (exit 1, no traceback), `trainings list` and
`workshops list` show the ids the documents take; in-process through ``cli.main``."""

from __future__ import annotations

import errno
import json
import tempfile

import pytest
from pypdf import PdfReader

from smartdesk import cli
from smartdesk.reports.pdf import fonts


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("checks") / "demo.db"
    assert cli.main(["--db", str(path), "demo"]) == 0
    return path


def smartdesk(capsys, db, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(["--lang", "en", "--db", str(db), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def one_sentence(err: str) -> str:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    return lines[0]


def test_trainings_list_gives_the_ids_certificates_take(demo, capsys, tmp_path):
    code, out, _err = smartdesk(capsys, demo, "trainings", "list", "--json")
    listed = json.loads(out)
    assert code == 0 and listed
    assert {"id", "title", "sessions", "hours"} <= set(listed[0])
    web = next(t for t in listed if t["title"] == "Communication web")
    assert web["sessions"] == 3 and web["hours"] == 9.0
    target = tmp_path / "web.pdf"
    assert (
        smartdesk(capsys, demo, "print", "certificates", str(web["id"]), "-o", str(target))[0] == 0
    )
    assert "Communication web" in PdfReader(target).pages[0].extract_text()
    code, out, _err = smartdesk(capsys, demo, "trainings", "list")
    assert code == 0 and "Communication web" in out and "9 h" in out


def test_workshops_list_gives_the_workshop_and_question_ids(demo, capsys, tmp_path):
    code, out, _err = smartdesk(capsys, demo, "workshops", "list", "--json")
    workshops = json.loads(out)
    assert code == 0 and workshops and workshops[0]["questions"]
    question = workshops[0]["questions"][0]
    target = tmp_path / "cards.pdf"
    code, *_ = smartdesk(capsys, demo, "print", "cards", str(question["id"]), "-o", str(target))
    assert code == 0 and PdfReader(target).pages
    code, out, _err = smartdesk(capsys, demo, "workshops", "list")
    assert code == 0 and f"{question['id']}: {question['question']}" in out


def test_an_event_id_given_for_certificates_says_what_it_expected(demo, capsys, tmp_path):
    code, out, _err = smartdesk(capsys, demo, "events", "list", "--json")
    session = next(
        e
        for e in json.loads(out)
        if e["kind"] == "training_session"
        and e["id"]
        not in {
            t["id"] for t in json.loads(smartdesk(capsys, demo, "trainings", "list", "--json")[1])
        }
    )
    code, _out, err = smartdesk(
        capsys, demo, "print", "certificates", str(session["id"]), "-o", str(tmp_path / "c.pdf")
    )
    line = one_sentence(err)
    assert code == 1
    assert f"{session['id']} is the id of an event, a session of the training" in line
    assert "Certificates take a training id" in line and "smartdesk trainings list" in line
    assert not (tmp_path / "c.pdf").exists()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["cards", "{prompt}", "--count", "-5"],
            "blank cards must be a whole number from 0 to 200",
        ),
        (
            ["attendance", "{event}", "--blank-rows", "100000"],
            "blank rows must be a whole number from 0 to 200",
        ),
        (
            ["badges", "{event}", "--blank", "100000"],
            "blank badges must be a whole number from 0 to 200",
        ),
        (["results", "1", "--top", "0"], "per group must be a whole number from 1 to 50"),
    ],
)
def test_counts_out_of_range_are_refused_with_the_range(demo, capsys, tmp_path, args, expected):
    values = {"prompt": "1", "event": "1"}
    target = tmp_path / "x.pdf"
    code, _out, err = smartdesk(
        capsys, demo, "print", *(a.format(**values) for a in args), "-o", str(target)
    )
    assert code == 1 and expected in one_sentence(err)
    assert not target.exists()


def test_certificate_folder_mistakes_are_one_sentence(demo, capsys, tmp_path):
    existing = tmp_path / "notes.txt"
    existing.write_text("mine")
    code, _out, err = smartdesk(capsys, demo, "print", "certificates", "1", "-o", str(existing))
    assert code == 1 and "is a file, not a folder" in one_sentence(err)
    assert existing.read_text() == "mine"
    typo = tmp_path / "attestations.docx"
    code, _out, err = smartdesk(capsys, demo, "print", "certificates", "1", "-o", str(typo))
    assert code == 1 and "looks like a file name" in one_sentence(err) and not typo.exists()
    deep = tmp_path / "no" / "such" / "folder"
    code, _out, err = smartdesk(capsys, demo, "print", "certificates", "1", "-o", str(deep))
    assert code == 1 and "does not exist" in one_sentence(err) and not (tmp_path / "no").exists()
    folder = tmp_path / "attestations"
    code, out, _err = smartdesk(capsys, demo, "print", "certificates", "1", "-o", str(folder))
    assert code == 0 and sorted(folder.glob("*.pdf"))


def test_a_folder_without_write_permission_is_one_sentence(demo, capsys, tmp_path, monkeypatch):
    # Tests run as root here, where chmod does not stop writing: the refusal the system gives
    # a user without permission is raised where the temporary file is made.
    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _out, err = smartdesk(capsys, demo, "print", "agenda", "1", "-o", str(tmp_path / "a.pdf"))
    assert code == 1 and "you may not write in this folder" in one_sentence(err)


def test_a_missing_font_file_is_one_sentence(demo, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(fonts, "_FILES", {"SmartDeskMissingFont": "Missing-Font.ttf"})
    fonts.register_fonts.cache_clear()
    try:
        code, _out, err = smartdesk(
            capsys, demo, "print", "agenda", "1", "-o", str(tmp_path / "a.pdf")
        )
    finally:
        monkeypatch.undo()
        fonts.register_fonts.cache_clear()
    assert code == 1 and "Missing-Font.ttf" in one_sentence(err) and "reinstall" in err
    assert not (tmp_path / "a.pdf").exists()


def test_the_issue_date_is_chosen_on_the_command_line(demo, capsys, tmp_path):
    target = tmp_path / "c.pdf"
    code, *_ = smartdesk(
        capsys,
        demo,
        "print",
        "certificates",
        "1",
        "-o",
        str(target),
        "--lang",
        "fr",
        "--date",
        "2020-04-02",
    )
    assert code == 0 and "2 avril 2020" in PdfReader(target).pages[0].extract_text()


def test_documents_in_dutch_carry_the_dutch_funding_line(demo, capsys, tmp_path):
    target = tmp_path / "agenda.pdf"
    code, *_ = smartdesk(capsys, demo, "print", "agenda", "1", "-o", str(target), "--lang", "nl")
    text = PdfReader(target).pages[0].extract_text()
    assert code == 0 and "Met de steun van het ELFPO" in text and "Avec le soutien" not in text
    target = tmp_path / "sheet.pdf"
    code, *_ = smartdesk(
        capsys, demo, "print", "attendance", "1", "-o", str(target), "--lang", "de"
    )
    text = " ".join(p.extract_text() for p in PdfReader(target).pages)
    assert code == 0 and "Ihre Daten dienen nur" in text.replace("\n", " ")


def test_settings_refuse_a_file_that_is_no_picture(demo, capsys, tmp_path):
    fake = tmp_path / "logo.png"
    fake.write_text("not a picture")
    code, _out, err = smartdesk(capsys, demo, "settings", "set", "logo_path", str(fake))
    assert code == 1 and "is not an image SmartDesk can print" in one_sentence(err)


def test_settings_refuse_a_95_megapixel_picture(demo, capsys, tmp_path):
    from PIL import Image

    huge = tmp_path / "poster.png"
    Image.new("1", (10_000, 9_500)).save(huge)
    code, _out, err = smartdesk(capsys, demo, "settings", "set", "logo_path", str(huge))
    assert code == 1 and "is too large (10000 × 9500 pixels)" in one_sentence(err)
    assert "DecompressionBomb" not in err
