"""The first-start welcome, filled with the keyboard."""

from __future__ import annotations

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from smartdesk.services import events, people, settings
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.welcome import WelcomeWizard, needs_welcome


def _wizard(qtbot, db, languages=None):
    wizard = WelcomeWizard(
        AppContext(db), set_language=(languages if languages is not None else []).append
    )
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    return wizard


def _enter(qtbot, wizard):
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)


def test_fill_it_with_the_keyboard_and_load_the_demo(qtbot, db):
    assert needs_welcome(db)
    languages: list[str] = []
    wizard = _wizard(qtbot, db, languages)
    page = wizard.organisation
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()  # a name first
    page.commune.setFocus()
    qtbot.keyClick(page.commune, Qt.Key.Key_Space)
    assert page.commune.isChecked()
    page.name.setFocus()
    qtbot.keyClicks(page.name, "Commune de Wasseiges")
    _enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.logo
    _enter(qtbot, wizard)  # no logo: optional
    assert wizard.currentPage() is wizard.language
    combo = wizard.language.language
    combo.setFocus()
    qtbot.keyClicks(combo, "Ned")  # type-ahead, as in any Windows list
    assert combo.currentData() == "nl"
    _enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.demo
    qtbot.keyClick(wizard.demo.demo, Qt.Key.Key_Space)
    assert wizard.demo.demo.isChecked()
    _enter(qtbot, wizard)  # Finish
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=30_000)

    assert not needs_welcome(db)
    saved = settings.load(db)
    assert saved.name == "Commune de Wasseiges"  # the user's name, not the demo's
    assert saved.organisation_kind == "commune"
    assert len(events.list_events(db)) >= 10
    assert people.count(db) >= 50
    assert languages == ["nl"]


def test_without_demo_with_a_logo(qtbot, db, tmp_path):
    logo = tmp_path / "logo.png"
    Image.new("RGB", (50, 50), (0, 100, 0)).save(logo)
    wizard = _wizard(qtbot, db)
    qtbot.keyClicks(wizard.organisation.name, "GAL Pays des Condruses")
    _enter(qtbot, wizard)
    wizard.logo.logo.path.setFocus()
    qtbot.keyClicks(wizard.logo.logo.path, str(logo))
    _enter(qtbot, wizard)
    _enter(qtbot, wizard)
    _enter(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=10_000)
    saved = settings.load(db)
    assert (saved.name, saved.organisation_kind, saved.logo_path) == (
        "GAL Pays des Condruses",
        "gal",
        str(logo),
    )
    assert events.list_events(db) == []


def test_a_non_image_logo_stops_on_its_page(qtbot, db, tmp_path):
    text = tmp_path / "logo.txt"
    text.write_text("no")
    wizard = _wizard(qtbot, db)
    qtbot.keyClicks(wizard.organisation.name, "GAL")
    _enter(qtbot, wizard)
    wizard.logo.logo.path.setFocus()
    qtbot.keyClicks(wizard.logo.logo.path, str(text))
    _enter(qtbot, wizard)
    assert wizard.currentPage() is wizard.logo
    assert "logo.txt" in wizard.logo.error.text()


def test_cancel_writes_nothing(qtbot, db):
    wizard = _wizard(qtbot, db)
    qtbot.keyClicks(wizard.organisation.name, "GAL")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert needs_welcome(db)
    assert settings.load(db).name == ""
