"""Paramètres, driven with the keyboard and the mouse, checked in the database afterwards."""

from __future__ import annotations

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from smartdesk.services import settings
from smartdesk.ui import form_fields
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages.settings import SettingsPage


@pytest.fixture
def page(qtbot, demo_db):
    languages = []
    page = SettingsPage(AppContext(demo_db), set_language=languages.append)
    page.languages = languages
    qtbot.addWidget(page)
    page.show()
    return page


@pytest.fixture
def png(tmp_path):
    path = tmp_path / "logo commune.png"
    Image.new("RGB", (60, 30), (30, 90, 160)).save(path)
    return path


def _pick(monkeypatch, path):
    monkeypatch.setattr(form_fields.QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def test_type_a_name_set_a_logo_and_save(qtbot, page, png, monkeypatch, demo_db):
    page.name.selectAll()
    qtbot.keyClicks(page.name, "Commune de Wasseiges")
    page.kind.setFocus()
    qtbot.keyClick(page.kind, Qt.Key.Key_Up)  # GAL → commune
    _pick(monkeypatch, png)
    qtbot.mouseClick(page.logo.choose, Qt.MouseButton.LeftButton)
    assert page.logo.preview.pixmap() is not None and not page.logo.preview.pixmap().isNull()
    page.blank_rows.selectAll()
    qtbot.keyClicks(page.blank_rows, "15")
    assert page.modified
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.modified, timeout=10_000)
    saved = settings.load(demo_db)
    assert saved.name == "Commune de Wasseiges"
    assert saved.organisation_kind == "commune"
    assert saved.logo_path == str(png)
    assert saved.default_blank_rows == 15
    assert page.status.text() == "Settings saved."
    assert page.languages == []  # the application's language was not touched


def test_a_non_image_logo_is_refused_with_a_message(qtbot, page, tmp_path, monkeypatch, demo_db):
    before = settings.load(demo_db).logo_path
    text = tmp_path / "minutes.docx"
    text.write_bytes(b"PK\x03\x04 not a picture")
    _pick(monkeypatch, text)
    qtbot.mouseClick(page.logo.choose, Qt.MouseButton.LeftButton)
    error = page.errors["logo_path"]
    assert not error.isHidden()
    assert "minutes.docx" in error.text() and "PNG or JPEG" in error.text()
    assert page.logo.value() == (before or "")  # the previous choice stays


def test_a_typed_non_image_path_stops_the_save_and_keeps_the_form(qtbot, page, tmp_path, demo_db):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    page.name.selectAll()
    qtbot.keyClicks(page.name, "GAL Meuse@Campagnes")
    page.logo.path.setFocus()
    qtbot.keyClicks(page.logo.path, str(text))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "notes.txt" in page.errors["logo_path"].text()
    assert page.name.text() == "GAL Meuse@Campagnes"  # what was typed stays
    assert settings.load(demo_db).name == "GAL Burdinale Mehaigne"  # nothing written
    page.refresh()  # coming back to the page keeps unsaved typing
    assert page.name.text() == "GAL Meuse@Campagnes"


def test_an_empty_name_shows_next_to_the_field(qtbot, page, demo_db):
    page.name.selectAll()
    qtbot.keyClick(page.name, Qt.Key.Key_Delete)
    qtbot.keyClick(page.name, Qt.Key.Key_Return)  # Enter saves
    assert "name" in page.errors["name"].text()
    assert settings.load(demo_db).name == "GAL Burdinale Mehaigne"


def test_funder_logos_and_languages(qtbot, page, png, monkeypatch, demo_db):
    _pick(monkeypatch, png)
    qtbot.mouseClick(page.funders.add, Qt.MouseButton.LeftButton)
    page.document_language.setCurrentIndex(page.document_language.findData("de"))
    page.app_language.setCurrentIndex(page.app_language.findData("nl"))
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.modified, timeout=10_000)
    saved = settings.load(demo_db)
    assert saved.funder_logos == (str(png),)
    assert saved.document_language == "de"
    assert page.languages == ["nl"]  # the frame's function was asked to apply it


def test_undo_changes(qtbot, page, demo_db):
    qtbot.keyClicks(page.signatory_name, " (absente)")
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert page.signatory_name.text() == settings.load(demo_db).signatory_name
    assert not page.modified


@pytest.fixture
def dutch_page(qtbot, demo_db):
    from smartdesk import i18n

    i18n.set_locale("nl")  # the autouse fixture of tests/conftest.py puts English back
    page = SettingsPage(AppContext(demo_db), set_language=lambda code: None)
    qtbot.addWidget(page)
    page.show()
    return page


def test_the_page_shows_the_texts_documents_are_printed_with(qtbot, dutch_page, demo_db):
    """In Dutch, documents print the Dutch funding line and notice the demo gives: the page
    shows those, not the French ones."""
    printed = settings.in_language(settings.load(demo_db), "nl")
    page = dutch_page
    assert page.texts_language.currentData() == "nl"
    assert page.funding_line.text() == printed.funding_line
    assert page.funding_line.text().startswith("Met de steun")
    assert page.privacy.toPlainText() == printed.privacy_notice
    assert not page.modified  # showing a language is no change


def test_a_language_left_empty_shows_the_main_text_it_will_print(qtbot, dutch_page, demo_db):
    page = dutch_page
    main = settings.load(demo_db).funding_line
    page.funding_line.setFocus()
    qtbot.keyClick(page.funding_line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.funding_line, Qt.Key.Key_Delete)
    assert page.funding_line.text() == ""
    assert page.funding_line.placeholderText() == main  # what Dutch documents will print now
    assert page.modified
    qtbot.keyClick(page.funding_line, Qt.Key.Key_Return)  # Enter saves, as in a line edit
    qtbot.waitUntil(lambda: not page.modified, timeout=10_000)
    saved = settings.load(demo_db)
    assert saved.funding_line_nl == "" and saved.funding_line == main
    assert settings.in_language(saved, "nl").funding_line == main


def test_texts_typed_in_two_languages_are_both_saved(qtbot, page, demo_db):
    page.texts_language.setCurrentIndex(page.texts_language.findData("de"))
    page.funding_line.setFocus()
    qtbot.keyClick(page.funding_line, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.funding_line, " Danke.")
    page.texts_language.setCurrentIndex(page.texts_language.findData(""))  # the main texts
    assert page.funding_line.text() == settings.load(demo_db).funding_line
    qtbot.keyClick(page.funding_line, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.funding_line, " Merci.")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.modified, timeout=10_000)
    saved = settings.load(demo_db)
    assert saved.funding_line_de.endswith("Union. Danke.")
    assert saved.funding_line.endswith("européenne. Merci.")
    assert "\n" not in saved.funding_line


def test_the_long_funding_line_is_read_from_its_beginning(qtbot, page):
    page.texts_language.setCurrentIndex(page.texts_language.findData(""))
    field = page.funding_line
    assert field.text().startswith("Avec le soutien du FEADER")
    assert field.textCursor().position() == 0
    # the whole sentence is shown, wrapped: the field is as tall as its lines
    qtbot.waitUntil(lambda: field.document().size().height() >= 2)
    lines = int(field.document().size().height())
    assert field.viewport().height() >= lines * field.fontMetrics().lineSpacing()


def test_the_exchange_key_and_the_retention_period_are_set_here(qtbot, page, demo_db):
    """The GAL's exchange key and how long people without consent are kept: set on this page,
    not with a command line; a key too short is refused next to its field and nothing is
    written."""
    assert page.exchange_key.text() == settings.policy_values(demo_db)["exchange_key"]
    assert page.retention_years.value() == settings.retention_years(demo_db)
    page.exchange_key.setFocus()
    page.exchange_key.selectAll()
    qtbot.keyClicks(page.exchange_key, "short")
    qtbot.keyClick(page.exchange_key, Qt.Key.Key_Return)
    assert page.errors["exchange_key"].isVisible()
    assert "16" in page.errors["exchange_key"].text()
    assert settings.policy_values(demo_db)["exchange_key"] != "short"
    assert page.exchange_key.text() == "short"  # what was typed is kept
    page.exchange_key.selectAll()
    qtbot.keyClicks(page.exchange_key, "Burdinale-Mehaigne-2026")
    page.retention_years.selectAll()
    qtbot.keyClicks(page.retention_years, "5")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.modified, timeout=10_000)
    assert settings.policy_values(demo_db)["exchange_key"] == "Burdinale-Mehaigne-2026"
    assert settings.retention_years(demo_db) == 5
    assert not page.errors["exchange_key"].isVisible()
