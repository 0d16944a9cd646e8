"""The first-start welcome: who the organiser is (a commune or a GAL, and its name), its logo,
the language, and whether to load the demonstration data to try things out.

The lead calls it from the start-up: ``if settings.needs_welcome(db): run_welcome(window, ctx,
set_language=...)``. Finishing saves the settings in one transaction and records that the
welcome is done; the demonstration data then load in the background while the wizard says so.
Cancel writes nothing: the welcome comes back at the next start, as long as no name is set.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from shiboken6 import isValid

from smartdesk.i18n import _, get_locale
from smartdesk.services import settings
from smartdesk.ui.form_fields import ImageField, error_label, language_combo, show_error_in


def complete_welcome(db: Any, values: dict[str, object], load_demo: bool) -> bool:
    """In a worker: save the organiser, then (if asked) the demonstration data. The user's name
    wins over the demo's: the demo only fills settings that are still empty."""
    settings.save(db, values, welcome_done=True)
    if load_demo:
        from smartdesk.services import demo

        demo.load_demo(db)
    return load_demo


def _text(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class OrganisationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome to SmartDesk"))
        self.setSubTitle(
            _("A few details to start: they are printed at the top of every document.")
        )
        self.gal = QRadioButton(_("A &GAL (local action group)"))
        self.gal.setObjectName("welcome_gal")
        self.commune = QRadioButton(_("A &commune (town hall)"))
        self.commune.setObjectName("welcome_commune")
        self.gal.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.gal)
        group.addButton(self.commune)
        self.name = QLineEdit()
        self.name.setObjectName("welcome_name")
        self.name.setPlaceholderText(_("e.g. GAL Burdinale Mehaigne, or Commune de Braives"))
        self.registerField("name*", self.name)  # Next waits for a name
        kinds = QWidget()
        kinds_column = QVBoxLayout(kinds)
        kinds_column.setContentsMargins(0, 0, 0, 0)
        kinds_column.addWidget(self.gal)
        kinds_column.addWidget(self.commune)
        form = QFormLayout(self)
        form.addRow(_("You work for:"), kinds)
        name_label = QLabel(_("Its &name:"))
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)

    def initializePage(self) -> None:
        self.name.setFocus()

    def kind(self) -> str:
        return "commune" if self.commune.isChecked() else "gal"


class LogoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your logo"))
        self.setSubTitle(
            _("Optional: a PNG or JPEG file. You can add or change it later in Settings.")
        )
        self.logo = ImageField("welcome_logo")
        self.error = error_label("welcome_logo")
        self.logo.on_refused = lambda message: show_error_in(self.error, message)
        column = QVBoxLayout(self)
        column.addWidget(self.logo)
        column.addWidget(self.error)
        column.addStretch(1)

    def validatePage(self) -> bool:
        problem = settings.image_problem(self.logo.value())
        show_error_in(self.error, problem)
        return problem is None


class LanguagePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Language"))
        self.setSubTitle(_("The language of the application and of the documents it prints."))
        self.language = language_combo(get_locale().split("_")[0])
        self.language.setObjectName("welcome_language")
        form = QFormLayout(self)
        label = QLabel(_("&Language:"))
        label.setBuddy(self.language)
        form.addRow(label, self.language)

    def initializePage(self) -> None:
        self.language.setFocus()


class DemoPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Try it out"))
        self.setSubTitle(_("SmartDesk can show you how it works on made-up data."))
        self.demo = QCheckBox(_("Load the &demonstration data"))
        self.demo.setObjectName("welcome_demo")
        self.progress = QLabel()
        self.progress.setObjectName("welcome_progress")
        column = QVBoxLayout(self)
        column.addWidget(
            _text(
                _(
                    "The demonstration adds a Midi du Smart with its workshop, trainings, "
                    "other meetings of a GAL and fictitious people, so that every screen and "
                    "document has something to show. Leave it unticked to start with an "
                    "empty database."
                )
            )
        )
        column.addSpacing(8)
        column.addWidget(self.demo)
        column.addSpacing(8)
        column.addWidget(self.progress)
        column.addStretch(1)

    def initializePage(self) -> None:
        self.demo.setFocus()


class WelcomeWizard(QWizard):
    def __init__(
        self,
        ctx: Any,
        parent: QWidget | None = None,
        set_language: Callable[[str], Any] | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.set_language = set_language or (lambda code: None)
        self.setObjectName("welcome")
        self.setWindowTitle(_("Welcome to SmartDesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.organisation = OrganisationPage()
        self.logo = LogoPage()
        self.language = LanguagePage()
        self.demo = DemoPage()
        for page in (self.organisation, self.logo, self.language, self.demo):
            self.addPage(page)
        self.resize(620, 380)
        self.working = False
        self.error: str | None = None

    def values(self) -> dict[str, object]:
        values: dict[str, object] = {
            "name": self.organisation.name.text(),
            "organisation_kind": self.organisation.kind(),
        }
        if self.logo.logo.value():
            values["logo_path"] = self.logo.logo.value()
        return values

    def accept(self) -> None:
        """Finish: save in the background; the wizard closes once it is written."""
        if self.working:
            return
        self.working = True
        for button in (QWizard.WizardButton.FinishButton, QWizard.WizardButton.BackButton):
            self.button(button).setEnabled(False)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
        wants_demo = self.demo.demo.isChecked()
        self.demo.progress.setText(
            _("Loading the demonstration data…") if wants_demo else _("Saving…")
        )
        self.ctx.run(
            self,
            complete_welcome,
            self.values(),
            wants_demo,
            on_success=self._done,
            on_failure=self._failed,
        )

    def _done(self, loaded_demo: bool) -> None:
        if not isValid(self):
            return
        self.working = False
        self.ctx.changed.emit("settings")
        if loaded_demo:
            for what in ("events", "people", "attendance"):
                self.ctx.changed.emit(what)
        language = self.language.language.currentData()
        super().accept()
        if language != get_locale().split("_")[0]:
            self.set_language(language)

    def _failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.working = False
        self.button(QWizard.WizardButton.FinishButton).setEnabled(True)
        self.button(QWizard.WizardButton.BackButton).setEnabled(True)
        self.button(QWizard.WizardButton.CancelButton).setEnabled(True)
        message = getattr(exc, "message", None)
        if message is None:
            from smartdesk.ui import errors

            self.demo.progress.setText("")
            errors.show_unexpected(self, exc)
            return
        self.error = message
        self.demo.progress.setText(message)
        self.demo.progress.setStyleSheet("color: #b00020;")

    def reject(self) -> None:
        if not self.working:  # the demo is being written: it finishes, then the wizard closes
            super().reject()


def needs_welcome(db: Any) -> bool:
    """True on a new database: no organisation named, no welcome done (see services.settings)."""
    return settings.needs_welcome(db)


def run_welcome(
    parent: QWidget | None, ctx: Any, set_language: Callable[[str], Any] | None = None
) -> bool:
    """Show the welcome; True once it was completed (settings saved, demo loaded if asked)."""
    wizard = WelcomeWizard(ctx, parent, set_language)
    return wizard.exec() == QWizard.DialogCode.Accepted
