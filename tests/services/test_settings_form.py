"""The settings form (Paramètres page, welcome): checked as a whole, saved in one transaction."""

from __future__ import annotations

import pytest
from PIL import Image

from smartdesk.domain.errors import ValidationError
from smartdesk.services import settings


@pytest.fixture
def logo(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (40, 20), (0, 120, 60)).save(path)
    return path


def test_save_writes_every_field_and_the_new_keys(db, logo):
    result = settings.save(
        db,
        {
            "name": "Commune de Braives",
            "organisation_kind": "commune",
            "logo_path": str(logo),
            "funder_logos": [str(logo)],
            "default_blank_rows": "14",
            "document_language": "nl",
            "signatory_name": "Véronique Collard",
        },
    )
    loaded = settings.load(db)
    assert loaded == result
    assert loaded.name == "Commune de Braives"
    assert loaded.organisation_kind == "commune"
    assert loaded.logo_path == str(logo)
    assert loaded.funder_logos == (str(logo),)
    assert loaded.default_blank_rows == 14
    assert loaded.document_language == "nl"


def test_check_reports_every_problem_by_field(db, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a picture")
    problems = settings.check(
        {
            "name": "  ",
            "organisation_kind": "asbl",
            "logo_path": str(text),
            "signature_image": str(tmp_path / "nowhere.png"),
            "default_blank_rows": "lots",
            "document_language": "it",
        }
    )
    assert set(problems) == {
        "name",
        "organisation_kind",
        "logo_path",
        "signature_image",
        "default_blank_rows",
        "document_language",
    }
    assert "notes.txt" in problems["logo_path"] and "PNG" in problems["logo_path"]
    assert "does not exist" in problems["signature_image"]


def test_save_refuses_a_non_image_and_writes_nothing(db, tmp_path, sql_scalar):
    text = tmp_path / "logo.txt"
    text.write_text("hello")
    with pytest.raises(ValidationError) as exc:
        settings.save(db, {"name": "GAL", "logo_path": str(text)})
    assert exc.value.field == "logo_path"
    assert sql_scalar(db, "SELECT COUNT(*) FROM setting") == 0


def test_a_logo_gone_missing_since_does_not_block_another_change(db, logo):
    settings.save(db, {"name": "GAL", "logo_path": str(logo)})
    logo.unlink()
    saved = settings.save(db, {"name": "GAL Burdinale", "logo_path": str(logo)})
    assert saved.name == "GAL Burdinale"
    assert settings.missing_files(saved)  # still a warning


def test_blank_rows_bounds_and_cli_set_value(db):
    with pytest.raises(ValidationError):
        settings.set_value(db, "default_blank_rows", "500")
    assert settings.set_value(db, "default_blank_rows", "0").default_blank_rows == 0
    with pytest.raises(ValidationError):
        settings.set_value(db, "organisation_kind", "asbl")


def test_welcome_is_needed_once(db):
    assert settings.needs_welcome(db)
    settings.save(db, {"name": "Commune de Wasseiges"}, welcome_done=True)
    assert not settings.needs_welcome(db)


def test_a_named_organisation_needs_no_welcome(db):
    settings.set_value(db, "name", "GAL")
    assert not settings.needs_welcome(db)


def test_skipping_the_welcome_is_remembered(db):
    settings.finish_welcome(db)
    assert not settings.needs_welcome(db)
