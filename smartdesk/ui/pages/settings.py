"""Paramètres: who organises (printed at the top of every document), the funders' logos and
line, the privacy notice, who signs certificates, the defaults of sign-in sheets, and the
languages of documents and of the application.

The whole form is checked by the settings service and saved in one transaction; a problem shows
under its field and what was typed stays. The application's language is applied by the
function the frame hands in (``SettingsPage(ctx, set_language=...)``): it may apply at once or
say a restart is needed.

The funding line and the privacy notice may be given again for documents printed in Dutch, German
or English (``funding_line_nl`` …; services.settings.in_language picks them when printing). The
page shows the texts of the language documents print in by default, so what it shows is what gets
printed; a language left empty shows the main texts in grey, as they will be printed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from typing import Any

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from smartdesk.domain.records import OrganisationSettings
from smartdesk.i18n import _, get_locale
from smartdesk.services import settings
from smartdesk.ui.context import AppContext
from smartdesk.ui.form_fields import (
    LANGUAGE_NAMES,
    ImageField,
    error_label,
    image_filter,
    language_combo,
    show_error_in,
    thumbnail,
)
from smartdesk.ui.language import change_language
from smartdesk.ui.pages.base import Page

PATH_ROLE = Qt.ItemDataRole.UserRole
#: The languages a funding line and privacy notice of their own may be given for (nl, de, en).
TEXT_LANGUAGES = tuple(
    f.name.removeprefix("funding_line_")
    for f in fields(OrganisationSettings)
    if f.name.startswith("funding_line_")
)


def text_key(key: str, lang: str) -> str:
    """The setting holding ``key`` (funding_line, privacy_notice) for ``lang`` ("": the main)."""
    return f"{key}_{lang}" if lang else key


class SentenceEdit(QPlainTextEdit):
    """One line of text shown wrapped, so a long sentence (the funding line) is read whole, from
    its beginning: the field is as tall as the wrapped text (``lines`` at least, ``most_lines``
    at most). It stays one line: Enter acts as in a line edit (``returnPressed``) and a pasted
    line break becomes a space."""

    returnPressed = Signal()

    def __init__(self, lines: int = 2, most_lines: int = 5, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines, self.most_lines = lines, most_lines
        self.setTabChangesFocus(True)
        # Its height follows the text: a scroll bar would only flicker while the page lays out.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(lambda _size: self._fit())
        self._fit()

    def _fit(self) -> None:
        # A plain text document's height is counted in wrapped lines.
        wrapped = int(self.document().size().height())
        lines = min(max(wrapped, self.lines), self.most_lines)
        margins = 2 * (self.document().documentMargin() + self.frameWidth())
        self.setFixedHeight(round(self.fontMetrics().lineSpacing() * lines + margins) + 2)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.returnPressed.emit()
            return
        super().keyPressEvent(event)

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.insertPlainText(re.sub(r"\s*[\r\n]+\s*", " ", source.text()))


def organisation_kind_combo(current: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(_("A commune (town hall)"), "commune")
    combo.addItem(_("A GAL (local action group)"), "gal")
    combo.setCurrentIndex(max(combo.findData(current or "gal"), 0))
    return combo


class FunderLogos(QWidget):
    """The funders' logos printed beside the organiser's (FEADER, Wallonie, LEADER …)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setObjectName("field_funder_logos")
        self.list.setIconSize(self.list.iconSize().expandedTo(self.list.iconSize() * 3))
        self.list.setMaximumHeight(84)
        self.add = QPushButton(_("&Add a logo…"))
        self.remove = QPushButton(_("Remove"))
        self.remove.setEnabled(False)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add)
        buttons.addWidget(self.remove)
        buttons.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(buttons)
        self.add.clicked.connect(self.pick)
        self.remove.clicked.connect(self._remove)
        self.list.currentRowChanged.connect(lambda r: self.remove.setEnabled(r >= 0))
        self.on_refused: Callable[[str], None] = lambda message: None
        self.on_changed: Callable[[], None] = lambda: None

    def paths(self) -> list[str]:
        return [self.list.item(i).data(PATH_ROLE) for i in range(self.list.count())]

    def set_paths(self, paths: tuple[str, ...] | list[str]) -> None:
        self.list.clear()
        for path in paths:
            self._append(path)

    def _append(self, path: str) -> None:
        item = QListWidgetItem(path)
        item.setData(PATH_ROLE, path)
        if (picture := thumbnail(path, 32)) is not None:
            item.setIcon(QIcon(picture))
        self.list.addItem(item)

    def pick(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a funder's logo"), "", image_filter()
        )
        if path:
            self.add_path(path)

    def add_path(self, path: str) -> None:
        if problem := settings.image_problem(path):
            self.on_refused(problem)
            return
        self.on_refused("")
        self._append(path)
        self.on_changed()

    def _remove(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.on_changed()


class SettingsPage(Page):
    key = "settings"

    def __init__(
        self,
        ctx: AppContext,
        set_language: Callable[[str], Any] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, parent)
        # The application's language is saved in the user's preferences and applies at the
        # next start (smartdesk.ui.language says so to the user).
        self.set_language = set_language or (lambda code: change_language(self, code))
        self.current = OrganisationSettings()
        self.modified = False
        self.errors: dict[str, QLabel] = {}
        self._labels: list[QLabel] = []
        self._loading = False

        self.name = QLineEdit()
        self.kind = organisation_kind_combo("")
        self.commune = QLineEdit()
        self.commune.setPlaceholderText(_("e.g. Braives"))
        self.commune.setToolTip(
            _("The commune of your office: certificates say “Done at …” with it.")
        )
        self.logo = ImageField("logo_path")
        self.funders = FunderLogos()
        self.texts_language = QComboBox()
        self.texts_language.addItem(_("All languages (main texts)"), "")
        for code in TEXT_LANGUAGES:
            self.texts_language.addItem(LANGUAGE_NAMES[code], code)
        self.texts_language.setToolTip(
            _("The funding line and privacy notice may be given again for documents in Dutch, "
              "German or English; empty, the main texts are printed.")
        )  # fmt: skip
        self.texts_hint = QLabel()
        self.texts_hint.setObjectName("texts_hint")
        self.texts_hint.setWordWrap(True)
        self.texts_hint.setStyleSheet("color: #555;")
        self._texts: dict[str, str] = {}  # every language's two texts, by setting key
        self._texts_shown = ""  # the language whose texts the two fields hold
        self.funding_line = SentenceEdit()
        self.privacy = QPlainTextEdit()
        self.privacy.setTabChangesFocus(True)
        self.privacy.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        self.signatory_name = QLineEdit()
        self.signatory_title = QLineEdit()
        self.signatory_title.setPlaceholderText(_("e.g. Coordinator of the GAL"))
        self.signature = ImageField("signature_image")
        self.blank_rows = QSpinBox()
        self.blank_rows.setRange(0, settings.MAX_BLANK_ROWS)
        self.document_language = language_combo("", with_default=_("As the application"))
        # Not printed: the rules of the office (services.settings.POLICY_DEFAULTS).
        self.exchange_key = QLineEdit()
        self.exchange_key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)  # a shared secret
        self.exchange_key.setPlaceholderText(
            _("At least {min} characters, the same in every commune of the GAL").format(
                min=settings.EXCHANGE_KEY_MIN_LENGTH
            )
        )
        self.exchange_key.setToolTip(
            _("With this key, the summary workbooks name no one who did not consent, yet the "
              "GAL still recognises the same person in the workbooks of several communes. The "
              "GAL gives it to each of its communes; empty, no key is used.")
        )  # fmt: skip
        self.retention_years = QSpinBox()
        self.retention_years.setRange(1, 100)
        self.retention_years.setSuffix(_(" years"))
        self.retention_years.setToolTip(
            _("People who did not consent to be kept are proposed for erasure this long after "
              "they were last seen.")
        )  # fmt: skip
        self.app_language = language_combo(get_locale().split("_")[0])
        for widget, name in (
            (self.name, "name"),
            (self.kind, "organisation_kind"),
            (self.commune, "commune"),
            (self.texts_language, "texts_language"),
            (self.funding_line, "funding_line"),
            (self.privacy, "privacy_notice"),
            (self.signatory_name, "signatory_name"),
            (self.signatory_title, "signatory_title"),
            (self.blank_rows, "default_blank_rows"),
            (self.document_language, "document_language"),
            (self.app_language, "app_language"),
            (self.exchange_key, "exchange_key"),
            (self.retention_years, "retention_years"),
        ):
            widget.setObjectName(f"field_{name}")

        organisation = self._group(
            _("Organisation"),
            [
                (_("&Name:"), self.name, "name"),
                (_("&Kind:"), self.kind, "organisation_kind"),
                (_("&Commune:"), self.commune, "commune"),
                (_("Lo&go:"), self.logo, "logo_path"),
            ],
        )
        funding = self._group(
            _("Funding and privacy"),
            [
                (_("Funders' l&ogos:"), self.funders, "funder_logos"),
                (_("&Texts for documents in:"), self.texts_language, "texts_language"),
                (_("&Funding line:"), self.funding_line, "funding_line"),
                (_("Pri&vacy notice:"), self.privacy, "privacy_notice"),
            ],
        )
        privacy_cell = self.privacy.parentWidget().layout()
        assert privacy_cell is not None
        privacy_cell.addWidget(self.texts_hint)  # under the two texts, as wide as they are
        signatory = self._group(
            _("Signatory of certificates"),
            [
                (_("Na&me:"), self.signatory_name, "signatory_name"),
                (_("&Role:"), self.signatory_title, "signatory_title"),
                (_("Signature &image:"), self.signature, "signature_image"),
            ],
        )
        documents = self._group(
            _("Documents and language"),
            [
                (_("&Blank rows on sign-in sheets:"), self.blank_rows, "default_blank_rows"),
                (_("Language of &documents:"), self.document_language, "document_language"),
                (_("Language of the a&pplication:"), self.app_language, "app_language"),
            ],
        )
        policy = self._group(
            _("Data shared and kept"),
            [
                (_("E&xchange key:"), self.exchange_key, settings.EXCHANGE_KEY),
                (_("Keep people &without consent for:"), self.retention_years,
                 settings.RETENTION_YEARS),
            ],
        )  # fmt: skip

        # One label column for all groups, so the fields line up down the page.
        width = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:
            label.setMinimumWidth(width)

        self.save_button = QPushButton(_("&Save"))
        self.save_button.setObjectName("save_settings")
        self.save_button.setDefault(True)
        self.undo_button = QPushButton(_("&Undo changes"))
        self.undo_button.setObjectName("undo_settings")
        self.status = QLabel()
        self.status.setObjectName("settings_status")
        self.warnings = QLabel()
        self.warnings.setObjectName("settings_warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.setVisible(False)

        content = QWidget()
        content.setMaximumWidth(860)
        column = QVBoxLayout(content)
        heading = QLabel(_("Settings"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        column.addWidget(heading)
        intro = QLabel(
            _("These details are printed on sign-in sheets, badges, programmes and certificates.")
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        column.addWidget(self.warnings)
        for group in (organisation, funding, signatory, documents, policy):
            column.addWidget(group)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.save)
        self.undo_button.clicked.connect(lambda: self.load(force=True))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        for line in (self.name, self.commune, self.exchange_key):
            line.returnPressed.connect(self.save)
        self.funding_line.returnPressed.connect(self.save)
        self._watch()
        self.load(force=True)

    def _group(self, title: str, rows: list[tuple[str, QWidget, str]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for label, widget, key in rows:
            cell = QWidget()
            cell_column = QVBoxLayout(cell)
            cell_column.setContentsMargins(0, 0, 0, 0)
            cell_column.setSpacing(2)
            cell_column.addWidget(widget)
            error = self.errors[key] = error_label(key)
            cell_column.addWidget(error)
            form.addRow(label, cell)
            buddy = form.labelForField(cell)
            if isinstance(buddy, QLabel):
                self._labels.append(buddy)
                buddy.setBuddy(widget.path if isinstance(widget, ImageField) else widget)
        return box

    def _watch(self) -> None:
        for line in (
            self.name,
            self.commune,
            self.signatory_name,
            self.signatory_title,
            self.exchange_key,
        ):
            line.textEdited.connect(self._changed)
        self.retention_years.valueChanged.connect(self._changed)
        self.funding_line.textChanged.connect(self._changed)
        self.privacy.textChanged.connect(self._changed)
        self.texts_language.currentIndexChanged.connect(
            lambda _i: self._show_texts(self.texts_language.currentData())
        )
        self.kind.currentIndexChanged.connect(self._changed)
        self.blank_rows.valueChanged.connect(self._changed)
        self.document_language.currentIndexChanged.connect(self._changed)
        self.app_language.currentIndexChanged.connect(self._changed)
        self.logo.changed.connect(self._changed)
        self.signature.changed.connect(self._changed)
        self.funders.on_changed = self._changed
        self.funders.on_refused = lambda message: show_error_in(
            self.errors["funder_logos"], message
        )
        self.logo.on_refused = lambda message: show_error_in(self.errors["logo_path"], message)
        self.signature.on_refused = lambda message: show_error_in(
            self.errors["signature_image"], message
        )

    def _changed(self, *_args: Any) -> None:
        if not self._loading:
            self.modified = True
            self.status.setText(_("Changes not saved yet."))

    # --- Page ---------------------------------------------------------------------------------

    def title(self) -> str:
        return _("Settings")

    def refresh(self) -> None:
        self.load()

    def load(self, force: bool = False) -> None:
        """Show the saved settings; what the user typed and has not saved is kept unless
        ``force`` (Undo changes)."""
        if self.modified and not force:
            return
        current = self.current = settings.load(self.ctx.db)
        self._loading = True
        self.name.setText(current.name)
        self.kind.setCurrentIndex(max(self.kind.findData(current.organisation_kind or "gal"), 0))
        self.commune.setText(current.commune)
        self.logo.set_path(current.logo_path)
        self.funders.set_paths(current.funder_logos)
        self._texts = {
            text_key(key, lang): getattr(current, text_key(key, lang))
            for key in settings.TRANSLATED_KEYS
            for lang in ("", *TEXT_LANGUAGES)
        }
        # The texts documents print by default (services.printing: the document language, else
        # the application's).
        printed_in = current.document_language or get_locale().split("_")[0]
        self.texts_language.blockSignals(True)
        self.texts_language.setCurrentIndex(max(self.texts_language.findData(printed_in), 0))
        self.texts_language.blockSignals(False)
        self._show_texts(self.texts_language.currentData(), keep=False)
        self.signatory_name.setText(current.signatory_name)
        self.signatory_title.setText(current.signatory_title)
        self.signature.set_path(current.signature_image)
        self.blank_rows.setValue(current.default_blank_rows)
        self.document_language.setCurrentIndex(
            max(self.document_language.findData(current.document_language), 0)
        )
        self.app_language.setCurrentIndex(
            max(self.app_language.findData(get_locale().split("_")[0]), 0)
        )
        policy = settings.policy_values(self.ctx.db)
        self.exchange_key.setText(policy[settings.EXCHANGE_KEY])
        self.retention_years.setValue(settings.retention_years(self.ctx.db))
        self._loading = False
        self.modified = False
        for label in self.errors.values():
            show_error_in(label, None)
        self._show_warnings(current)
        self.status.setText("")

    def _keep_texts(self) -> None:
        """Keep what the two fields hold for the language they show."""
        self._texts[text_key("funding_line", self._texts_shown)] = self.funding_line.text()
        self._texts[text_key("privacy_notice", self._texts_shown)] = self.privacy.toPlainText()

    def _show_texts(self, lang: str, keep: bool = True) -> None:
        """Show the funding line and privacy notice given for ``lang`` ("": the main ones); where
        a language has none, the main text it will print with is the grey placeholder. ``keep``:
        what the fields held is kept for the language they showed (not when loading)."""
        if keep:
            self._keep_texts()
        loading, self._loading = self._loading, True  # switching language changes nothing
        self.funding_line.setText(self._texts.get(text_key("funding_line", lang), ""))
        self.privacy.setPlainText(self._texts.get(text_key("privacy_notice", lang), ""))
        self._loading = loading
        self._texts_shown = lang
        example = _("e.g. With the support of the EAFRD and Wallonia — LEADER programme")
        self.funding_line.setPlaceholderText(
            (self._texts.get("funding_line") or example) if lang else example
        )
        self.privacy.setPlaceholderText(self._texts.get("privacy_notice", "") if lang else "")
        self.texts_hint.setText(
            _("Left empty, the main texts (in grey) are printed in {language}.").format(
                language=LANGUAGE_NAMES[lang]
            )
            if lang
            else _("Printed in French, and in every language without texts of its own.")
        )

    def _show_warnings(self, current: OrganisationSettings) -> None:
        warnings = settings.missing_files(current)
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    # --- saving -------------------------------------------------------------------------------

    def values(self) -> dict[str, object]:
        self._keep_texts()
        return {
            "name": self.name.text(),
            "organisation_kind": self.kind.currentData(),
            "commune": self.commune.text(),
            "logo_path": self.logo.value(),
            "funder_logos": self.funders.paths(),
            **self._texts,  # the funding line and privacy notice in every language
            "signatory_name": self.signatory_name.text(),
            "signatory_title": self.signatory_title.text(),
            "signature_image": self.signature.value(),
            "default_blank_rows": self.blank_rows.value(),
            "document_language": self.document_language.currentData(),
            settings.EXCHANGE_KEY: self.exchange_key.text(),
            settings.RETENTION_YEARS: self.retention_years.value(),
        }

    def save(self) -> None:
        if self.ctx.read_only:
            self.ctx.show_error(self, _("This database is open read-only: nothing can be saved."))
            return
        values = self.values()
        problems = settings.check(values, self.current)
        for key, label in self.errors.items():
            show_error_in(label, problems.get(key))
        if problems:
            self.status.setText(_("Not saved: please correct the fields marked in red."))
            first = next(iter(problems))
            widget = self.findChild(QWidget, f"field_{first}") or self.findChild(
                QWidget, f"path_{first}"
            )
            if widget is not None:
                widget.setFocus()
            return
        self.save_button.setEnabled(False)
        self.status.setText(_("Saving…"))
        language = self.app_language.currentData()
        self.ctx.run(
            self,
            settings.save,
            values,
            on_success=lambda saved: self._saved(saved, language),
            on_failure=self._save_failed,
        )

    def _saved(self, saved: OrganisationSettings, language: str) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(True)
        self.current = saved
        self.modified = False
        self._show_warnings(saved)
        self.status.setText(_("Settings saved."))
        self.ctx.changed.emit("settings")
        if language != get_locale().split("_")[0]:
            self.set_language(language)

    def _save_failed(self, exc: BaseException) -> None:
        if not isValid(self):
            return
        self.save_button.setEnabled(True)
        self.status.setText(_("Not saved."))
        field = getattr(exc, "field", None)
        message = getattr(exc, "message", None)
        if field in self.errors and message:
            show_error_in(self.errors[field], message)
        elif message:
            self.ctx.show_error(self, message)
        else:
            from smartdesk.ui import errors

            errors.show_unexpected(self, exc)
