"""The organiser's settings printed on every document."""

from __future__ import annotations

import pytest

from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import OrganisationSettings
from smartdesk.services import settings


def test_defaults_on_a_new_database(db):
    assert settings.load(db) == OrganisationSettings()


def test_set_and_load_every_text_key(db):
    values = {
        "name": "GAL Burdinale Mehaigne",
        "logo_path": "C:\\Users\\gal\\logo.png",
        "funding_line": "Avec le soutien du FEADER et de la Wallonie",
        "privacy_notice": "Vos données restent au GAL.\nDroit d'accès : info@gal.be",
        "signatory_name": "Véronique Collard",
        "signatory_title": "Coordinatrice",
        "signature_image": "/home/gal/signature.png",
        "commune": "Braives",
    }
    for key, value in values.items():
        result = settings.set_value(db, key, value)
        assert getattr(result, key) == value
    loaded = settings.load(db)
    for key, value in values.items():
        assert getattr(loaded, key) == value
    assert loaded.funder_logos == ()


def test_overwrite_and_clear(db):
    settings.set_value(db, "name", "GAL")
    settings.set_value(db, "name", "GAL Burdinale Mehaigne")
    assert settings.load(db).name == "GAL Burdinale Mehaigne"
    settings.set_value(db, "name", "")
    settings.set_value(db, "logo_path", "logo.png")
    settings.set_value(db, "logo_path", "")
    loaded = settings.load(db)
    assert loaded.name == "" and loaded.logo_path is None


def test_unknown_key_is_refused_and_nothing_written(db, sql_scalar):
    with pytest.raises(ValidationError) as exc:
        settings.set_value(db, "colour", "green")
    assert exc.value.field == "key"
    assert "colour" in exc.value.message and "funder_logos" in exc.value.message
    assert sql_scalar(db, "SELECT COUNT(*) FROM setting") == 0


def test_funder_logos_list(db, sql):
    result = settings.set_value(db, "funder_logos", " feader.png ;leader.png\n\n wallonie.png ; ")
    assert result.funder_logos == ("feader.png", "leader.png", "wallonie.png")
    assert settings.load(db).funder_logos == result.funder_logos
    assert sql(db, "SELECT value FROM setting WHERE key = 'funder_logos'") == [
        ("feader.png\nleader.png\nwallonie.png",)
    ]
    assert settings.set_value(db, "funder_logos", "").funder_logos == ()


def test_settings_survive_reopening(db_path):
    from smartdesk import app

    first = app.open_database(db_path, create=True)
    settings.set_value(first, "name", "GAL")
    settings.set_value(first, "funder_logos", "a.png;b.png")
    first.dispose()
    second = app.open_database(db_path, create=True)
    try:
        loaded = settings.load(second)
        assert (loaded.name, loaded.funder_logos) == ("GAL", ("a.png", "b.png"))
    finally:
        second.dispose()
