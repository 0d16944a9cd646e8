"""The language: Qt's own dialogs translated, and a change saved for the next start."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from smartdesk import i18n
from smartdesk.services import preferences
from smartdesk.ui import language


def test_qt_dialogs_speak_french_dutch_and_german(qtbot):
    try:
        for lang, cancel in (("fr", "Annuler"), ("nl", "Annuleren"), ("de", "Abbrechen")):
            with i18n.use_locale(lang):
                assert language.install_qt_translator()
                box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
                qtbot.addWidget(box)
                assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == cancel
    finally:
        language.install_qt_translator("en")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"


def test_a_new_language_is_saved_and_the_user_told_it_applies_at_the_next_start(answers):
    _replies, infos = answers
    assert language.change_language(None, "nl") == "nl"
    assert preferences.language() == "nl"
    assert "next time it starts" in infos[0] and "Nederlands" in infos[0]
    language.change_language(None, "en")  # the language in use: nothing to say
    assert len(infos) == 1
