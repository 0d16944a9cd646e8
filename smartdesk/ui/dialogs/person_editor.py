"""The person editor: every field of a person, consent (yes or no, when, how), a warning while
typing when the entry looks like someone already known (same e-mail, same name in the same
commune) with a button to open that person instead, and the person's attendance history.

A service error shows in red under its field and the form keeps what was typed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QLocale, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import ConsentMethod, Sector
from smartdesk.domain.errors import SmartDeskError, ValidationError
from smartdesk.domain.records import PersonAttendance, PersonRecord
from smartdesk.i18n import _, format_date, format_time, get_locale, ngettext
from smartdesk.services import organisations, people
from smartdesk.ui import clock
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.lazy import Column, LazyTableModel

#: ``exec()`` result when the user chose to open the existing person the warning named.
OPEN_EXISTING = 2

# Fields the services may name in a ValidationError, in the order of the form.
FIELDS = ("first_name", "last_name", "email", "phone", "function", "organisation", "sector",
          "commune", "consent", "consent_method", "notes")  # fmt: skip


def history_columns() -> list[Column]:
    return [
        Column(_("Date"), lambda h: format_date(h.start, "short")),
        Column(_("Time"), lambda h: format_time(h.start)),
        Column(_("Event"), lambda h: h.title),
        Column(_("Kind"), lambda h: _(h.kind.label)),
        Column(
            _("Attendance"),
            lambda h: _(h.status.label) + (" · " + _("walk-in") if h.walk_in else ""),
        ),
    ]


class PersonEditor(QDialog):
    """New person (``person_id=None``) or an existing one. After ``exec()``: ``saved`` is the
    record written, or ``existing_id`` the person to open instead (result OPEN_EXISTING)."""

    def __init__(
        self, ctx: AppContext, person_id: int | None = None, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setObjectName("person_editor")
        self.ctx = ctx
        self.person_id = person_id
        self.saved: PersonRecord | None = None
        self.existing_id: int | None = None
        self.duplicates: list[PersonRecord] = []
        record = people.get(ctx.db, person_id) if person_id is not None else None
        self.setWindowTitle(
            _("New person") if record is None else _("Person: {name}").format(name=record.full_name)
        )
        self.errors: dict[str, QLabel] = {}

        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._details_tab(), _("&Details"))
        self.history_view: QTableView | None = None
        if person_id is not None:
            self.tabs.addTab(self._history_tab(person_id), _("&Attendance history"))

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(
            _("&Save"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        cancel = self.buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(640, 540)

        self._dup_timer = QTimer(self)
        self._dup_timer.setSingleShot(True)
        self._dup_timer.setInterval(150)  # after a pause in typing, not at every key
        self._dup_timer.timeout.connect(self.check_duplicates)
        for edit in (self.first_name, self.last_name, self.email, self.commune):
            edit.textChanged.connect(self._dup_timer.start)
        if record is not None:
            self._fill(record)
        self._consent_toggled(self.consent.isChecked())
        self.first_name.setFocus()

    # --- the form ----------------------------------------------------------------------------
    def _line(self, name: str, max_length: int = 200) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setObjectName(name)
        edit.setMaxLength(max_length)
        return edit

    def _with_error(self, form: QFormLayout, label: str, field: str, widget: QWidget) -> None:
        """The field, and under it a red line that shows the service's message about it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        error = QLabel(box)
        error.setObjectName(f"error_{field}")
        error.setStyleSheet("color: #b00020;")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self.errors[field] = error
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        form.addRow(caption, box)

    def _details_tab(self) -> QWidget:
        page = QWidget(self)
        outer = QVBoxLayout(page)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # spare height below the form, not between its rows
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.first_name = self._line("first_name")
        self.last_name = self._line("last_name")
        self.email = self._line("email", 254)
        self.phone = self._line("phone", 40)
        self.function = self._line("function")
        self.organisation = self._line("organisation")
        self.organisation.setCompleter(self._completer(organisations.names(self.ctx.db)))
        self.sector = QComboBox(self)
        self.sector.setObjectName("sector")
        self.sector.addItem(_("(not known)"), None)
        for sector in Sector:
            self.sector.addItem(_(sector.label), sector.value)
        self.commune = self._line("commune", 120)
        self.commune.setCompleter(self._completer(organisations.commune_names(self.ctx.db)))

        self._with_error(form, _("&First name:"), "first_name", self.first_name)
        self._with_error(form, _("&Last name:"), "last_name", self.last_name)

        # The duplicate warning sits right under the names, where the eyes are while typing.
        self.duplicate_box = QFrame(self)
        self.duplicate_box.setObjectName("duplicate_warning")
        self.duplicate_box.setFrameShape(QFrame.Shape.StyledPanel)
        self.duplicate_box.setStyleSheet(
            "#duplicate_warning { background: #fff4ce; border: 1px solid #e0c060; }"
        )
        row = QHBoxLayout(self.duplicate_box)
        row.setContentsMargins(8, 4, 8, 4)
        self.duplicate_label = QLabel(self.duplicate_box)
        self.duplicate_label.setWordWrap(True)
        row.addWidget(self.duplicate_label, 1)
        self.open_existing_button = QPushButton(_("&Open the existing person"), self.duplicate_box)
        self.open_existing_button.setAutoDefault(False)
        self.open_existing_button.clicked.connect(self._open_existing)
        row.addWidget(self.open_existing_button)
        self.duplicate_box.hide()
        form.addRow(self.duplicate_box)

        self._with_error(form, _("&E-mail:"), "email", self.email)
        self._with_error(form, _("&Phone:"), "phone", self.phone)
        self._with_error(form, _("F&unction:"), "function", self.function)
        self._with_error(form, _("&Organisation:"), "organisation", self.organisation)
        self._with_error(form, _("Sec&tor:"), "sector", self.sector)
        self._with_error(form, _("&Commune:"), "commune", self.commune)

        self.consent = QCheckBox(_("Agrees to be &contacted"), self)
        self.consent.setObjectName("consent")
        self.consent.toggled.connect(self._consent_toggled)
        self.consent_date = QDateEdit(self)
        self.consent_date.setObjectName("consent_date")
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat(_date_format())
        today = clock.today()  # the application's today (the tests and screenshots set it)
        self.consent_date.setDate(QDate(today.year, today.month, today.day))
        self.consent_method = QComboBox(self)
        self.consent_method.setObjectName("consent_method")
        self.consent_method.addItem(_("(not recorded)"), None)
        for method in ConsentMethod:
            self.consent_method.addItem(_(method.label), method.value)
        consent_row = QWidget(self)
        line = QHBoxLayout(consent_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.consent)
        self.consent_date_label = QLabel(_("&on"), self)
        self.consent_date_label.setBuddy(self.consent_date)
        line.addWidget(self.consent_date_label)
        line.addWidget(self.consent_date)
        self.consent_method_label = QLabel(_("&how"), self)
        self.consent_method_label.setBuddy(self.consent_method)
        line.addWidget(self.consent_method_label)
        line.addWidget(self.consent_method, 1)
        self._with_error(form, _("Consent:"), "consent", consent_row)
        self.errors["consent_method"] = self.errors["consent"]
        self.errors["consent_date"] = self.errors["consent"]

        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)
        self._with_error(form, _("&Notes:"), "notes", self.notes)
        return page

    def _completer(self, words: list[str]) -> QCompleter:
        completer = QCompleter(words, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def _history_tab(self, person_id: int) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        history = people.attendance_history(self.ctx.db, person_id)
        present = sum(1 for h in history if h.status.value == "present")
        summary = QLabel(
            ngettext(
                "{n} event, present at {present}.",
                "{n} events, present at {present}.",
                len(history),
            ).format(n=len(history), present=present)
            if history
            else _("No registration yet."),
            page,
        )
        summary.setObjectName("history_summary")
        layout.addWidget(summary)
        view = QTableView(page)
        view.setObjectName("history_table")
        model = LazyTableModel(history_columns(), lambda ids: {}, parent=view)
        # Records with an id: the event's (a person attends an event once).
        model.set_records([_WithId(h) for h in history])
        view.setModel(model)
        _tidy(view)
        header = view.horizontalHeader()
        for col in (0, 1, 3, 4):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(view)
        self.history_view = view
        return page

    def _fill(self, p: PersonRecord) -> None:
        self.first_name.setText(p.first_name)
        self.last_name.setText(p.last_name)
        self.email.setText(p.email or "")
        self.phone.setText(p.phone or "")
        self.function.setText(p.function or "")
        self.organisation.setText(p.organisation or "")
        self.sector.setCurrentIndex(
            max(0, self.sector.findData(p.sector.value if p.sector else None))
        )
        self.commune.setText(p.commune or "")
        self.consent.setChecked(p.consent)
        if p.consent_date is not None:
            self.consent_date.setDate(
                QDate(p.consent_date.year, p.consent_date.month, p.consent_date.day)
            )
        if p.consent_method is not None:
            self.consent_method.setCurrentIndex(
                self.consent_method.findData(p.consent_method.value)
            )
        self.notes.setPlainText(p.notes or "")

    def _consent_toggled(self, on: bool) -> None:
        for widget in (self.consent_date, self.consent_method, self.consent_date_label,
                       self.consent_method_label):  # fmt: skip
            widget.setEnabled(on)

    def values(self) -> dict[str, Any]:
        """What the form holds, as the people service takes it."""
        consent = self.consent.isChecked()
        date = self.consent_date.date()
        return {
            "first_name": self.first_name.text(),
            "last_name": self.last_name.text(),
            "email": self.email.text(),
            "phone": self.phone.text(),
            "function": self.function.text(),
            "organisation": self.organisation.text(),
            "sector": self.sector.currentData(),
            "commune": self.commune.text(),
            "consent": consent,
            "consent_date": dt.date(date.year(), date.month(), date.day()) if consent else None,
            "consent_method": self.consent_method.currentData() if consent else None,
            "notes": self.notes.toPlainText(),
        }

    # --- duplicates while typing -------------------------------------------------------------
    def check_duplicates(self) -> None:
        try:
            found = people.possible_duplicates(
                self.ctx.db,
                first_name=self.first_name.text(),
                last_name=self.last_name.text(),
                email=self.email.text(),
                commune=self.commune.text(),
                exclude_id=self.person_id,
            )
        except SmartDeskError:
            found = []
        self.duplicates = found
        if not found:
            self.duplicate_box.hide()
            return
        first = found[0]
        where = ", ".join(x for x in (first.organisation, first.commune, first.email) if x)
        text = _("{name} is already known ({where}). Is it the same person?").format(
            name=first.full_name, where=where or _("no details")
        )
        if len(found) > 1:
            text += " " + ngettext(
                "{n} other person looks alike.", "{n} other people look alike.", len(found) - 1
            ).format(n=len(found) - 1)
        self.duplicate_label.setText(text)
        self.duplicate_box.show()

    def _open_existing(self) -> None:
        if self.duplicates:
            self.existing_id = self.duplicates[0].id
            self.done(OPEN_EXISTING)

    # --- saving ------------------------------------------------------------------------------
    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.hide()
            label.clear()

    def show_field_error(self, error: ValidationError) -> None:
        label = self.errors.get(error.field)
        if label is None:
            self.ctx.show_error(self, error.message)
            return
        label.setText(error.message)
        label.show()
        self.tabs.setCurrentIndex(0)
        target = getattr(self, error.field, None)
        if isinstance(target, QWidget):
            target.setFocus()

    def save(self) -> None:
        if self.ctx.read_only:
            self.ctx.show_error(self, _("This database is open read-only: nothing can be changed."))
            return
        self.clear_errors()
        fields = self.values()
        try:
            if self.person_id is None:
                self.saved = people.create(self.ctx.db, **fields)
            else:
                self.saved = people.update_person(self.ctx.db, self.person_id, **fields)
        except ValidationError as exc:
            self.show_field_error(exc)
            return
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.ctx.changed.emit("people")
        self.accept()


class _WithId:
    """A history line dressed with the ``id`` the table model keys its rows by."""

    __slots__ = ("line", "id")

    def __init__(self, line: PersonAttendance):
        self.line = line
        self.id = line.event_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self.line, name)


def _date_format() -> str:
    """The short date of the user's language, with the year in full (15/01/2020)."""
    fmt = QLocale(get_locale()).dateFormat(QLocale.FormatType.ShortFormat)
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")


def _tidy(view: QTableView) -> None:
    """The look of every list: alternating rows, whole-row selection, no cell editing."""
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.setWordWrap(False)
    view.horizontalHeader().setDefaultAlignment(
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    )
