"""The print dialog's entry points: one dispatcher, default file names, selected certificates,
and the settings' document language and blank rows used as defaults."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from smartdesk.domain.errors import ValidationError
from smartdesk.services import events, printing, settings, trainings
from smartdesk.services.printing import SignInOptions


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _midi(db):
    return next(e for e in events.list_events(db) if e.kind.value == "midi_du_smart")


def test_document_dispatches_to_each_kind(demo_db):
    midi = _midi(demo_db)
    for kind in ("attendance", "badges", "agenda"):
        data = printing.document(demo_db, kind, midi.id)
        assert data.startswith(b"%PDF") and len(PdfReader(io.BytesIO(data)).pages) >= 1
    with pytest.raises(ValidationError):
        printing.document(demo_db, "posters", midi.id)


def test_file_name_is_plain_ascii(demo_db):
    midi = _midi(demo_db)
    name = printing.file_name(demo_db, "attendance", midi.id)
    assert name.endswith(".pdf") and name.isascii()
    assert name == "Sign-in sheet - Ma commune rurale un smart territoire.pdf"
    assert "/" not in name and ":" not in name and "?" not in name


def test_safe_file_stem_folds_every_letter():
    assert printing.safe_file_stem("Ørsted & Œuvray : Łukasz « été » ?") == (
        "Orsted OEuvray Lukasz ete"
    )
    assert printing.safe_file_stem("a/b\\c:d*e") == "a b c d e"


def test_certificates_of_selected_people_only(demo_db):
    training = trainings.list_trainings(demo_db)[0]
    everyone = trainings.certificates(demo_db, training.id)
    assert len(everyone) >= 2
    chosen = everyone[1]
    data = printing.certificates(demo_db, training.id, person_ids=[chosen.person.id])
    assert len(PdfReader(io.BytesIO(data)).pages) == 1
    assert chosen.person.last_name in _text(data)


def test_document_language_and_blank_rows_from_the_settings(demo_db):
    midi = _midi(demo_db)
    settings.set_value(demo_db, "document_language", "nl")
    settings.set_value(demo_db, "default_blank_rows", "0")
    dutch = _text(printing.attendance_sheet(demo_db, midi.id))
    english = _text(printing.attendance_sheet(demo_db, midi.id, SignInOptions(lang="en")))
    assert dutch != english
    with_blanks = printing.attendance_sheet(demo_db, midi.id, SignInOptions(blank_rows=60))
    without = printing.attendance_sheet(demo_db, midi.id)
    assert len(PdfReader(io.BytesIO(with_blanks)).pages) > len(PdfReader(io.BytesIO(without)).pages)
