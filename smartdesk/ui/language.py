"""The language of the desktop application: SmartDesk's own strings through gettext (i18n.py),
and Qt's built-in dialogs (file dialogs, Yes/No buttons) through the ``qtbase_<lang>.qm`` that
PySide6 ships (fr, nl and de are in PySide6-Essentials 6.11).

A change made in Paramètres is saved in the preferences and applies at the next start: every
open page has already translated its labels, and rebuilding them all behind the user's back
would lose what she was typing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QMessageBox, QWidget

from smartdesk.i18n import LANGUAGES, _, get_locale
from smartdesk.services import preferences

#: The translator installed now (kept referenced: Qt does not own it).
_installed: QTranslator | None = None


def qt_translations_dir() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def install_qt_translator(locale: str | None = None) -> bool:
    """Translate Qt's own dialogs into the active language; False if no catalog is found
    (English, or a Qt without that language: its dialogs then stay in English)."""
    global _installed
    app = QCoreApplication.instance()
    if app is None:
        return False
    locale = locale or get_locale()
    QLocale.setDefault(QLocale(locale))
    if _installed is not None:
        app.removeTranslator(_installed)
        _installed = None
    language = locale.split("_")[0]
    if language == "en":
        return False
    translator = QTranslator(app)
    if not translator.load(f"qtbase_{language}", qt_translations_dir()):
        return False
    app.installTranslator(translator)
    _installed = translator
    return True


LANGUAGE_NAMES = {"fr": "Français", "nl": "Nederlands", "de": "Deutsch", "en": "English"}


def change_language(parent: QWidget | None, code: str) -> str:
    """Save the user's language (``fr``, ``nl``, ``de`` or ``en``) and tell her it applies
    when SmartDesk starts again. Returns the code saved."""
    code = preferences.set_language(code)
    if LANGUAGES[code] == get_locale() or get_locale().startswith(code + "_"):
        return code
    QMessageBox.information(
        parent,
        _("SmartDesk"),
        _("SmartDesk will be in {language} the next time it starts.").format(
            language=LANGUAGE_NAMES.get(code, code)
        ),
    )
    return code
