"""The Registrations tab of the event editor: who is registered and what came of it (registered,
present, excused, absent, walk-in), changed with one key; a search-as-you-type picker to
register people (type, ↓, Enter); a quick-add of someone not yet known, with the duplicate
question before saving; unregister; the counts always in sight."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import AttendanceRow, PersonRecord
from smartdesk.i18n import _, format_number, pgettext
from smartdesk.services import attendance
from smartdesk.services.attendance import AttendanceCounts
from smartdesk.ui import errors
from smartdesk.ui.column_widths import ColumnFit
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.walk_in import PersonEntry
from smartdesk.ui.models.attendance import AttendanceModel
from smartdesk.ui.models.lazy import Column
from smartdesk.ui.person_picker import PersonPicker

STATUS_ORDER = (
    RegistrationStatus.PRESENT,
    RegistrationStatus.EXCUSED,
    RegistrationStatus.ABSENT,
    RegistrationStatus.REGISTERED,
)


def status_keys() -> dict[RegistrationStatus, str]:
    """The key that sets each status in the list, translated (P, E, A, R in English)."""
    return {
        RegistrationStatus.PRESENT: pgettext("key that marks Present", "P"),
        RegistrationStatus.EXCUSED: pgettext("key that marks Excused", "E"),
        RegistrationStatus.ABSENT: pgettext("key that marks Absent", "A"),
        RegistrationStatus.REGISTERED: pgettext("key that marks Registered", "R"),
    }


def status_text(row: AttendanceRow) -> str:
    return _(row.status.label)


def counts_text(c: AttendanceCounts) -> str:
    """One line of figures: registered, present, excused, absent, walk-ins (and the rest)."""
    parts = [
        _("Registered: {n}").format(n=format_number(c.total)),
        _("Present: {n}").format(n=format_number(c.present)),
        _("Excused: {n}").format(n=format_number(c.excused)),
        _("Absent: {n}").format(n=format_number(c.absent)),
        _("Walk-ins: {n}").format(n=format_number(c.walk_ins)),
    ]
    if c.registered:
        parts.append(_("Not marked yet: {n}").format(n=format_number(c.registered)))
    if c.invited:
        parts.append(_("Invited: {n}").format(n=format_number(c.invited)))
    return "  ·  ".join(parts)


def _table(parent: QWidget, name: str) -> QTableView:
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)  # long names are elided, rows stay one line
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setHighlightSections(False)
    return table


class RegistrationsPanel(QWidget):
    def __init__(self, ctx: AppContext, event_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.setObjectName("registrations_panel")
        self._registered_ids: set[int] = set()
        layout = QVBoxLayout(self)

        self.counts_label = QLabel(self)
        self.counts_label.setObjectName("registration_counts")
        font = self.counts_label.font()
        font.setBold(True)
        self.counts_label.setFont(font)
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)

        # --- the picker (shared with the Formations page) -------------------------------------
        self.person_picker = PersonPicker(
            ctx,
            _("Re&gister:"),
            _("Type a name, then ↓ and Enter to register"),
            _("Already registered"),
            self,
            nobody_text=_("Nobody by that name: add them below as someone new."),
            taken_header=_("This event"),
        )
        self.person_picker.picked.connect(self.register_person)
        self.picker = self.person_picker.field
        self.results = self.person_picker.results
        layout.addWidget(self.person_picker)
        self.message = QLabel(self)
        self.message.setObjectName("registration_message")
        self.message.setStyleSheet("color: #1b5e20;")
        layout.addWidget(self.message)
        self.person_picker.message.connect(self.message.setText)

        # --- the registered people ----------------------------------------------------------
        self.model = AttendanceModel(
            [
                Column(_("Last name"), lambda r: r.last_name),
                Column(_("First name"), lambda r: r.first_name),
                Column(_("Organisation"), lambda r: r.organisation or ""),
                Column(_("Commune"), lambda r: r.commune or ""),
                Column(_("Status"), status_text),
                Column(_("Arrival"), lambda r: _("Walk-in") if r.walk_in else ""),
            ],
            greyed=lambda r: r.status in (RegistrationStatus.ABSENT, RegistrationStatus.INVITED),
        )
        self.table = _table(self, "registrations")
        self.table.setModel(self.model)
        # Names, commune, status and arrival as wide as they read; the organisation (what
        # tells two namesakes apart) takes the rest, and is the first cut if it must be.
        self.fit = ColumnFit(
            self.table,
            grow=2,
            texts={4: [_(s.label) for s in RegistrationStatus], 5: [_("Walk-in")]},
        )
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        keys = status_keys()
        self.status_buttons: dict[RegistrationStatus, QPushButton] = {}
        for status in STATUS_ORDER:
            button = QPushButton(
                _("{status} ({key})").format(status=_(status.label), key=keys[status]), self
            )
            button.setObjectName(f"status_{status.value}")
            button.setToolTip(_("Set the status of the selected person"))
            button.clicked.connect(lambda _c=False, s=status: self.set_status(s))
            buttons.addWidget(button)
            self.status_buttons[status] = button
        buttons.addStretch(1)
        self.unregister_button = QPushButton(_("&Unregister (Del)"), self)
        self.unregister_button.setObjectName("unregister")
        self.unregister_button.clicked.connect(self.unregister_current)
        buttons.addWidget(self.unregister_button)
        layout.addLayout(buttons)

        # --- quick-add --------------------------------------------------------------------
        box = QGroupBox(_("Someone new (not yet in SmartDesk)"), self)
        box_layout = QVBoxLayout(box)
        # Two rows of three places (the button the sixth): five fields in one strip leave each
        # a few letters wide in the event editor.
        self.quick_add = PersonEntry(
            ctx,
            event_id,
            fields=("first_name", "last_name", "organisation", "commune", "email"),
            horizontal=True,
            parent=box,
            per_row=3,
        )
        self.quick_add.setObjectName("quick_add")
        self.quick_add.duplicates.new_button.setText(_("No, &create and register"))
        self.quick_add.resolved.connect(self._quick_add_resolved)
        box_layout.addWidget(self.quick_add)
        self.add_button = QPushButton(_("A&dd and register"), box)
        self.add_button.setObjectName("add_and_register")
        self.add_button.clicked.connect(self.quick_add.submit)
        self.quick_add.add_to_fields(self.add_button)
        layout.addWidget(box)

        for widget in (*self.status_buttons.values(), self.unregister_button, self.add_button):
            widget.setEnabled(not ctx.read_only)
        self.picker.setEnabled(not ctx.read_only)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the registrations and counts again (the tab is shown, or data changed)."""
        try:
            rows = attendance.list_attendance(self.ctx.db, self.event_id)
            counts = attendance.attendance_counts(self.ctx.db, self.event_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        current = self.current_person_id()
        self._registered_ids = {r.person_id for r in rows}
        self.person_picker.taken = self._registered_ids
        self.model.set_rows(rows)
        self.fit.refit()
        self.counts_label.setText(counts_text(counts))
        self._select_person(current)

    def current_person_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _select_person(self, person_id: int | None) -> None:
        row = self.model.row_of(person_id) if person_id is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _changed(self, person_id: int | None = None, message: str = "") -> None:
        self.refresh()
        self._select_person(person_id)
        self.message.setText(message)
        self.ctx.changed.emit("attendance")

    # --- the picker ------------------------------------------------------------------------
    def register_person(self, person: PersonRecord) -> None:
        """The person picked: registered now (or said to be already)."""
        if person.id in self._registered_ids:
            self.message.setText(_("{name} is already registered.").format(name=person.full_name))
            self._select_person(person.id)
            return
        try:
            attendance.register(self.ctx.db, self.event_id, [person.id])
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.person_picker.clear()
        self._changed(person.id, _("{name} is registered.").format(name=person.full_name))
        self.picker.setFocus()

    # --- statuses --------------------------------------------------------------------------
    def set_status(self, status: RegistrationStatus) -> None:
        person_id = self.current_person_id()
        if person_id is None or self.ctx.read_only:
            return
        try:
            row = attendance.set_status(self.ctx.db, self.event_id, person_id, status)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        # One row repainted and the counts read again (one small query), not the whole list.
        self.model.update_row(row)
        self.counts_label.setText(
            counts_text(attendance.attendance_counts(self.ctx.db, self.event_id))
        )
        self.ctx.changed.emit("attendance")

    def confirm_unregister(self, row: AttendanceRow) -> bool:
        """Unregistering someone whose attendance is known erases proof: ask first."""
        if row.status in (RegistrationStatus.REGISTERED, RegistrationStatus.INVITED):
            return True
        answer = QMessageBox.question(
            self,
            _("Unregister"),
            _("{name} is marked “{status}”. Unregister them and forget this attendance?").format(
                name=f"{row.first_name} {row.last_name}", status=_(row.status.label)
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def unregister_current(self) -> None:
        person_id = self.current_person_id()
        if person_id is None or self.ctx.read_only:
            return
        row: AttendanceRow = self.model.record(person_id)
        if not self.confirm_unregister(row):
            return
        next_row = self.table.currentIndex().row()
        try:
            attendance.unregister(self.ctx.db, self.event_id, person_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self._changed(
            None,
            _("{name} is no longer registered.").format(name=f"{row.first_name} {row.last_name}"),
        )
        self.table.selectRow(min(next_row, self.model.rowCount() - 1))

    # --- quick-add -------------------------------------------------------------------------
    def _quick_add_resolved(self, value: object) -> None:
        try:
            if isinstance(value, int):
                attendance.register(self.ctx.db, self.event_id, [value])
                person_id = value
            else:
                assert isinstance(value, dict)
                person_id = attendance.add_and_register(
                    self.ctx.db, self.event_id, **value
                ).person_id
        except SmartDeskError as exc:
            self.quick_add.show_error(exc.message)
            return
        self.quick_add.clear()
        self._changed(person_id)
        record = self.model.record(person_id)
        if record is not None:
            self.message.setText(
                _("{name} is registered.").format(name=f"{record.first_name} {record.last_name}")
            )
        if not isinstance(value, int):
            self.ctx.changed.emit("people")
        self.quick_add.focus_first()

    # --- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if watched is self.table and not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        ):
            if key == Qt.Key.Key_Delete:
                self.unregister_current()
                return True
            typed = event.text().casefold()
            for status, letter in status_keys().items():
                if typed and typed == letter.casefold():
                    self.set_status(status)
                    return True
        return super().eventFilter(watched, event)
