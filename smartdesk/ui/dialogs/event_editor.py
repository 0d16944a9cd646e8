"""The event editor: every field of an event, its agenda, its registrations.

The Event tab is saved with OK (or Apply): a service error is shown under its field and the
form keeps what was typed. The agenda is written at once, item by item (a new event is saved
first, so its items have somewhere to go); items move with drag and drop or Alt+Up / Alt+Down.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, QLocale, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.errors import SmartDeskError, ValidationError
from smartdesk.domain.records import AgendaItemRecord
from smartdesk.i18n import _, format_time
from smartdesk.services import events, people
from smartdesk.ui import clock, errors
from smartdesk.ui.context import AppContext

ERROR_STYLE = "color: #b00020;"


def _qdatetime(value: dt.datetime) -> QDateTime:
    return QDateTime(value.date(), QTime(value.hour, value.minute))


def date_time_format() -> str:
    """The language's short date (four-digit year: 2020, never 20) and a 24-hour time."""
    date = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in date:
        date = date.replace("yy", "yyyy")
    return f"{date} HH:mm"


def _python(value: QDateTime) -> dt.datetime:
    return value.toPython().replace(second=0, microsecond=0)


class EventForm(QWidget):
    """The fields of one event, each with a place for its error message."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.errors: dict[str, QLabel] = {}

        self.title = QLineEdit(self)
        self.title.setObjectName("title")
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind")
        for kind in EventKind:
            self.kind.addItem(_(kind.label), kind.value)
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for status in EventStatus:
            self.status.addItem(_(status.label), status.value)
        self.start = QDateTimeEdit(self)
        self.start.setObjectName("start")
        self.end = QDateTimeEdit(self)
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_time_format())
        self.has_end = QCheckBox(_("E&nds at"), self)
        self.has_end.setObjectName("has_end")
        self.has_end.toggled.connect(self.end.setEnabled)
        self.start.dateTimeChanged.connect(self._start_moved)
        self.venue = QLineEdit(self)
        self.venue.setObjectName("venue")
        self.address = QLineEdit(self)
        self.address.setObjectName("address")
        self.commune = QComboBox(self)
        self.commune.setObjectName("commune")
        self.commune.setEditable(True)
        self.commune.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.commune.addItem("")
        self.commune.addItems(events.event_communes(ctx.db))
        self.organiser = QLineEdit(self)
        self.organiser.setObjectName("organiser")
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("capacity")
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(_("no limit"))
        self.hours = QDoubleSpinBox(self)
        self.hours.setObjectName("hours")
        self.hours.setRange(0, 1000)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setSpecialValueText(_("not counted"))
        self.hours.setMinimumWidth(140)
        self.capacity.setMinimumWidth(140)
        self.hours.setToolTip(_("Hours counted for each participant of a training session."))
        self.description = QPlainTextEdit(self)
        self.description.setObjectName("description")
        self.description.setTabChangesFocus(True)
        self.description.setMinimumHeight(70)

        start_row = QWidget(self)
        line = QHBoxLayout(start_row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.start)
        line.addSpacing(12)
        line.addWidget(self.has_end)
        line.addWidget(self.end)
        line.addStretch(1)

        for name, label, widget in (
            ("title", _("&Title:"), self.title),
            ("kind", _("&Kind:"), self.kind),
            ("status", _("&Status:"), self.status),
            ("start", _("Sta&rt:"), start_row),
            ("end", None, None),
            ("venue", _("&Venue:"), self.venue),
            ("address", _("A&ddress:"), self.address),
            ("commune", _("&Commune:"), self.commune),
            ("organiser", _("&Organiser:"), self.organiser),
            ("capacity", _("Ca&pacity:"), self.capacity),
            ("hours", _("&Hours:"), self.hours),
            ("description", _("Descr&iption:"), self.description),
        ):
            if widget is not None:
                caption = QLabel(label, self)
                caption.setBuddy(self.start if name == "start" else widget)
                form.addRow(caption, widget)
            error = QLabel(self)
            error.setObjectName(f"error_{name}")
            error.setStyleSheet(ERROR_STYLE)
            error.setWordWrap(True)
            error.setVisible(False)
            form.addRow("", error)
            self.errors[name] = error
        self.setTabOrder(self.start, self.has_end)
        self.setTabOrder(self.has_end, self.end)

    def _start_moved(self, value: QDateTime) -> None:
        # Keep the end after the start while the user moves the date (the usual two hours).
        if self.end.dateTime() < value:
            self.end.setDateTime(value.addSecs(2 * 3600))

    def load(self, event: Any | None) -> None:
        if event is None:
            start = dt.datetime.combine(clock.today() + dt.timedelta(days=7), dt.time(12, 0))
            self.start.setDateTime(_qdatetime(start))
            self.end.setDateTime(_qdatetime(start + dt.timedelta(hours=2)))
            self.has_end.setChecked(True)
            return
        self.title.setText(event.title)
        self.kind.setCurrentIndex(self.kind.findData(event.kind.value))
        self.status.setCurrentIndex(self.status.findData(event.status.value))
        self.start.setDateTime(_qdatetime(event.start))
        self.has_end.setChecked(event.end is not None)
        self.end.setEnabled(event.end is not None)
        self.end.setDateTime(_qdatetime(event.end or event.start + dt.timedelta(hours=2)))
        self.venue.setText(event.venue or "")
        self.address.setText(event.address or "")
        self.commune.setCurrentText(event.commune or "")
        self.organiser.setText(event.organiser or "")
        self.capacity.setValue(event.capacity or 0)
        self.hours.setValue(event.hours or 0)
        self.description.setPlainText(event.description or "")

    def fields(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "kind": self.kind.currentData(),
            "status": self.status.currentData(),
            "start": _python(self.start.dateTime()),
            "end": _python(self.end.dateTime()) if self.has_end.isChecked() else None,
            "venue": self.venue.text(),
            "address": self.address.text(),
            "commune": self.commune.currentText(),
            "organiser": self.organiser.text(),
            "capacity": self.capacity.value() or None,
            "hours": self.hours.value() or None,
            "description": self.description.toPlainText(),
        }

    def clear_errors(self) -> None:
        for label in self.errors.values():
            label.clear()
            label.setVisible(False)

    def show_error(self, exc: ValidationError) -> bool:
        """Show the message under its field; False if the field is not on this form."""
        label = self.errors.get(exc.field)
        if label is None:
            return False
        label.setText(exc.message)
        label.setVisible(True)
        widget = self.findChild(QWidget, exc.field)
        if widget is not None:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True


class SpeakerField(QLineEdit):
    """A person chosen by typing part of the name (people.search, a few at a time)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: int | None = None
        self._found: dict[str, int] = {}
        self.completer_ = QCompleter([], self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self._typed)
        self.completer_.activated.connect(self._chosen)
        self.setPlaceholderText(_("Type a few letters of the name"))

    def _label(self, p: Any) -> str:
        return f"{p.full_name} ({p.organisation})" if p.organisation else p.full_name

    def _typed(self, text: str) -> None:
        self.person_id = None
        if len(text.strip()) < 2:
            return
        found = people.search(self.ctx.db, text, limit=15)
        self._found = {self._label(p): p.id for p in found}
        self.completer_.model().setStringList(list(self._found))  # type: ignore[attr-defined]
        if len(found) == 1 and self._label(found[0]).casefold() == text.strip().casefold():
            self.person_id = found[0].id

    def _chosen(self, text: str) -> None:
        self.person_id = self._found.get(text)

    def set_person(self, person_id: int | None, name: str | None) -> None:
        self.person_id = person_id
        self.setText(name or "")


class AgendaItemDialog(QDialog):
    def __init__(self, ctx: AppContext, item: AgendaItemRecord | None, parent: QWidget | None):
        super().__init__(parent)
        self.setWindowTitle(_("Agenda item"))
        form = QFormLayout(self)
        self.time = QLineEdit(self)
        self.time.setObjectName("item_time")
        self.time.setPlaceholderText(_("e.g. 12:30"))
        self.time.setMaximumWidth(90)
        self.title = QLineEdit(self)
        self.title.setObjectName("item_title")
        self.title.setMinimumWidth(380)
        self.speaker = SpeakerField(ctx, self)
        self.speaker.setObjectName("item_speaker")
        self.role = QLineEdit(self)
        self.role.setObjectName("item_role")
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        for label, widget in (
            (_("&Time:"), self.time),
            (_("T&itle:"), self.title),
            (_("&Speaker:"), self.speaker),
            (_("&Role:"), self.role),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        if item is not None:
            self.time.setText(format_time(item.time) if item.time else "")
            self.title.setText(item.title)
            self.speaker.set_person(item.speaker_id, item.speaker)
            self.role.setText(item.speaker_role or "")

    def fields(self) -> dict[str, Any]:
        if not self.speaker.text().strip():
            self.speaker.person_id = None
        return {
            "time": self.time.text(),
            "title": self.title.text(),
            "speaker_id": self.speaker.person_id,
            "speaker_role": self.role.text(),
        }

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)


class AgendaList(QListWidget):
    """Items in order; dropping one in a new place saves the new order."""

    def __init__(self, editor: EventEditor):
        super().__init__(editor)
        self.editor = editor
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().dropEvent(event)
        self.editor.save_agenda_order()


class AgendaTab(QWidget):
    def __init__(self, editor: EventEditor):
        super().__init__(editor)
        self.editor = editor
        layout = QVBoxLayout(self)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.list = AgendaList(editor)
        self.list.setObjectName("agenda_list")
        self.list.itemActivated.connect(lambda _item: editor.edit_agenda_item())
        layout.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add = QPushButton(_("&Add an item…"), self)
        self.add.setObjectName("agenda_add")
        self.add.clicked.connect(editor.add_agenda_item)
        self.edit = QPushButton(_("&Change…"), self)
        self.edit.clicked.connect(editor.edit_agenda_item)
        self.up = QPushButton(_("Move &up"), self)
        self.up.setToolTip(_("Alt+Up"))
        self.up.clicked.connect(lambda: editor.move_agenda_item(-1))
        self.down = QPushButton(_("Move do&wn"), self)
        self.down.setToolTip(_("Alt+Down"))
        self.down.clicked.connect(lambda: editor.move_agenda_item(1))
        self.remove = QPushButton(_("&Remove"), self)
        self.remove.clicked.connect(editor.remove_agenda_item)
        for button in (self.add, self.edit, self.up, self.down, self.remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Alt+Up"), self.list, lambda: editor.move_agenda_item(-1))
        QShortcut(QKeySequence("Alt+Down"), self.list, lambda: editor.move_agenda_item(1))


def registrations_widget(ctx: AppContext, event_id: int, parent: QWidget) -> QWidget:
    from smartdesk.ui.pages.registrations import RegistrationsPanel

    return RegistrationsPanel(ctx, event_id, parent)


class EventEditor(QDialog):
    """Edit one event (``event_id``) or create one (None). ``event_id`` holds the saved id."""

    def __init__(self, ctx: AppContext, event_id: int | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("event_editor")
        self.ctx = ctx
        self.event_id = event_id
        self.resize(760, 600)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget(self)
        self.form = EventForm(ctx, self)
        self.tabs.addTab(self.form, _("&Event"))
        self.agenda = AgendaTab(self)
        self.tabs.addTab(self.agenda, _("&Agenda"))
        self.registrations_index = self.tabs.addTab(QWidget(self), _("Re&gistrations"))
        self._registrations_built = False
        layout.addWidget(self.tabs)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel,
            self,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout.addWidget(self.buttons)
        if ctx.read_only:
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self.buttons.button(QDialogButtonBox.StandardButton.Apply).setEnabled(False)
        self.form.load(events.get(ctx.db, event_id) if event_id is not None else None)
        self._after_save()
        self.form.title.setFocus()

    def _after_save(self) -> None:
        saved = self.event_id is not None
        self.setWindowTitle(
            _("Event: {title}").format(title=self.form.title.text()) if saved else _("New event")
        )
        self.agenda.note.setText(
            _(
                "Changes to the agenda are saved at once. Drag an item, or press Alt+Up / Alt+Down, to move it."
            )
            if saved
            else _("Save the event first (Apply) to write its agenda.")
        )
        for button in (
            self.agenda.add,
            self.agenda.edit,
            self.agenda.up,
            self.agenda.down,
            self.agenda.remove,
        ):
            button.setEnabled(saved and not self.ctx.read_only)
        if saved and not self._registrations_built:
            panel = registrations_widget(self.ctx, self.event_id, self)
            self.tabs.removeTab(self.registrations_index)
            self.tabs.insertTab(self.registrations_index, panel, _("Re&gistrations"))
            self._registrations_built = True
        self.tabs.setTabEnabled(self.registrations_index, saved)
        self.load_agenda()

    # --- the event -----------------------------------------------------------------------
    def apply(self) -> bool:
        """Save the Event tab; on a service error, show it by its field and keep the form."""
        self.form.clear_errors()
        fields = self.form.fields()
        try:
            if self.event_id is None:
                record = events.create(self.ctx.db, **fields)
                self.event_id = record.id
            else:
                events.update_event(self.ctx.db, self.event_id, **fields)
        except ValidationError as exc:
            self.tabs.setCurrentWidget(self.form)
            if not self.form.show_error(exc):
                errors.show_error(self, exc.message)
            return False
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return False
        self.ctx.changed.emit("events")
        self._after_save()
        return True

    def accept(self) -> None:
        if self.apply():
            super().accept()

    # --- the agenda ----------------------------------------------------------------------
    def load_agenda(self, select_id: int | None = None) -> None:
        self.agenda.list.clear()
        if self.event_id is None:
            return
        for item in events.agenda(self.ctx.db, self.event_id):
            self._add_row(item)
        if select_id is not None:
            for row in range(self.agenda.list.count()):
                if self.agenda.list.item(row).data(Qt.ItemDataRole.UserRole) == select_id:
                    self.agenda.list.setCurrentRow(row)

    def _add_row(self, item: AgendaItemRecord) -> None:
        parts = [format_time(item.time) if item.time else "     ", item.title]
        text = "   ".join(parts)
        if item.speaker:
            text += " — " + item.speaker + (f" ({item.speaker_role})" if item.speaker_role else "")
        row = QListWidgetItem(text)
        row.setData(Qt.ItemDataRole.UserRole, item.id)
        self.agenda.list.addItem(row)

    def _current_item_id(self) -> int | None:
        row = self.agenda.list.currentItem()
        return row.data(Qt.ItemDataRole.UserRole) if row is not None else None

    def _item_dialog(self, item: AgendaItemRecord | None, save) -> None:
        dialog = AgendaItemDialog(self.ctx, item, self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                saved = save(dialog.fields())
            except SmartDeskError as exc:
                dialog.show_error(exc.message)
                continue
            self.load_agenda(saved.id)
            return

    def add_agenda_item(self) -> None:
        if self.event_id is None:
            return
        event_id = self.event_id
        self._item_dialog(None, lambda f: events.add_agenda_item(self.ctx.db, event_id, **f))

    def edit_agenda_item(self) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.event_id is None:
            return
        item = next(i for i in events.agenda(self.ctx.db, self.event_id) if i.id == item_id)
        self._item_dialog(item, lambda f: events.update_agenda_item(self.ctx.db, item_id, **f))

    def move_agenda_item(self, offset: int) -> None:
        item_id = self._current_item_id()
        if item_id is None or self.ctx.read_only:
            return
        events.move_agenda_item(self.ctx.db, item_id, offset)
        self.load_agenda(item_id)

    def save_agenda_order(self) -> None:
        if self.event_id is None:
            return
        ids = [
            self.agenda.list.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.agenda.list.count())
        ]
        current = self._current_item_id()
        events.reorder_agenda(self.ctx.db, self.event_id, ids)
        self.load_agenda(current)

    def remove_agenda_item(self) -> None:
        item_id = self._current_item_id()
        if item_id is None:
            return
        answer = QMessageBox.question(
            self,
            _("Remove the item"),
            _("Remove “{title}” from the agenda?").format(
                title=self.agenda.list.currentItem().text().strip()
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            events.delete_agenda_item(self.ctx.db, item_id)
            self.load_agenda()
