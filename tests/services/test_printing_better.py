"""What the printed documents learn from the database: the excused under the sheet, the roles on
badges, the check-in code a scanner sends back, the results header; and the CLI's flags."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from smartdesk import cli
from smartdesk.domain.check_in_code import parse_check_in_code
from smartdesk.domain.enums import RegistrationStatus as RS
from smartdesk.domain.errors import ValidationError
from smartdesk.services import attendance, events, people, printing, workshops
from smartdesk.services.printing import BadgeOptions, ResultsOptions, SignInOptions
from tests.services.conftest import raw_scalar


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _midi(db):
    return next(e for e in events.list_events(db) if e.kind.value == "midi_du_smart")


def test_the_sheet_lists_the_excused_by_name_and_prints_no_e_mail_by_default(demo_db):
    midi = _midi(demo_db)
    rows, excused = attendance.sign_in_people(demo_db, midi.id)
    assert excused and all(r.status == RS.EXCUSED for r in excused)
    assert rows == attendance.sign_in_rows(demo_db, midi.id)  # the encoding screen's numbering
    text = _text(printing.attendance_sheet(demo_db, midi.id, SignInOptions(lang="en")))
    tail = " ".join(text.split("Excused:", 1)[1].split())
    for person in excused:
        assert f"{person.first_name} {person.last_name}" in tail
    assert "@" not in text.split("Privacy")[0]
    asked = _text(printing.attendance_sheet(demo_db, midi.id, SignInOptions(emails=True)))
    assert any(r.email and r.email.split("@")[0] in asked for r in rows)


def test_badges_show_speakers_and_the_organisers_staff(demo_db):
    midi = _midi(demo_db)
    speaker_id = next(
        item.speaker_id for item in events.agenda(demo_db, midi.id) if item.speaker_id
    )
    staff = people.create(
        demo_db, first_name="Marie", last_name="Lambert", organisation="GAL Burdinale Mehaigne"
    )
    attendance.register(demo_db, midi.id, [speaker_id, staff.id])
    roles = {r.person_id: r.role for r in attendance.badge_rows(demo_db, midi.id)}
    assert roles[speaker_id] == "speaker" and roles[staff.id] == "organiser"
    assert sum(1 for role in roles.values() if role) == 2
    text = _text(printing.badges(demo_db, midi.id, BadgeOptions(lang="en")))
    assert text.count("SPEAKER") == 1 and text.count("ORGANISER") == 1


def test_the_check_in_code_holds_no_personal_data_and_only_checks_in_its_registration(demo_db):
    midi = _midi(demo_db)
    rows = attendance.list_attendance(demo_db, midi.id)
    person = next(r for r in rows if r.status != RS.PRESENT and r.status != RS.EXCUSED)
    code = person.check_in_code
    assert re.fullmatch(r"SD\d{7,}", code)
    for value in (person.first_name, person.last_name, person.email, str(person.person_id)):
        assert not value or value.lower() not in code.lower() or value.isdigit()
    registration_id, _digits = parse_check_in_code(code)
    assert registration_id == raw_scalar(
        demo_db,
        "SELECT id FROM registration WHERE event_id = ? AND person_id = ?",
        midi.id,
        person.person_id,
    )
    assert attendance.check_in_by_code(demo_db, midi.id, code).status == RS.PRESENT
    assert (
        raw_scalar(
            demo_db,
            "SELECT status FROM registration WHERE event_id = ? AND person_id = ?",
            midi.id,
            person.person_id,
        )
        == "present"
    )
    other = next(e for e in events.list_events(demo_db) if e.id != midi.id)
    with pytest.raises(ValidationError):
        attendance.check_in_by_code(demo_db, other.id, code)
    with pytest.raises(ValidationError):
        attendance.check_in_by_code(demo_db, midi.id, "Dupont")


def test_the_results_header_names_place_participants_and_facilitator(demo_db):
    midi = _midi(demo_db)
    workshop = workshops.list_workshops(demo_db, midi.id)[0]
    counts = attendance.attendance_counts(demo_db, midi.id)
    options = ResultsOptions(lang="en", facilitator="Marie Lambert")
    head = _text(printing.results(demo_db, workshop.id, options)).split("\n")[:12]
    head_text = " ".join(head)
    assert "Salle du Moulin" in head_text
    assert f"{counts.present} participants" in head_text
    assert "Facilitator: Marie Lambert" in head_text


def test_cli_print_flags(demo_db, db_path, tmp_path, capsys):
    midi = _midi(demo_db)
    sheet = tmp_path / "sheet.pdf"
    argv = ["--db", str(db_path), "print", "attendance", str(midi.id), "-o", str(sheet)]
    assert cli.main([*argv, "--lang", "en", "--certified", "--emails", "--qr"]) == 0
    text = _text(sheet.read_bytes())
    assert "Certified true and correct" in text and "Code" in text and "@" in text
    badges = tmp_path / "badges.pdf"
    argv = ["--db", str(db_path), "print", "badges", str(midi.id), "-o", str(badges), "--qr"]
    assert cli.main(argv) == 0 and badges.stat().st_size > 0
    workshop = workshops.list_workshops(demo_db, midi.id)[0]
    results = tmp_path / "results.pdf"
    argv = ["--db", str(db_path), "print", "results", str(workshop.id), "-o", str(results)]
    assert cli.main([*argv, "--lang", "en", "--facilitator", "Ana"]) == 0
    assert "Facilitator: Ana" in _text(results.read_bytes())
