"""The selected training on the Formations page: its sessions (add, change, remove, the
sign-in sheet of one) and its attendance grid people × sessions. Arrows move in the grid, Space
ticks who was present, written at once (one transaction per tick through
``attendance.set_status``, or ``set_half_day`` for a full-day session's morning and afternoon
columns: nothing is lost when the window closes, and two PCs ticking never overwrite each
other's grid), the hours add up per person (half a full day's hours for each half). People are
registered to every session with the picker above the grid. The certificates (everyone, or the
people selected in the grid) open the print dialog for the training shown: no id to type."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import EventStatus, HalfDay, RegistrationStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import EventRecord, PersonRecord
from smartdesk.i18n import _, format_date, format_hours, format_time_range, ngettext
from smartdesk.services import attendance, trainings
from smartdesk.ui import clock, errors
from smartdesk.ui.column_widths import share, text_width
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.attendance import fixed_column
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.models.training_grid import (
    FIRST_SESSION_COLUMN,
    TrainingGridModel,
    untick_status,
)
from smartdesk.ui.person_picker import PersonPicker

#: The name and the organisation keep this much before the grid scrolls sideways.
TEXT_COLUMN_MINIMUM = 140


def list_table(parent: QWidget, name: str) -> QTableView:
    """A read-only list of whole rows, the look of every list of the application."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setHighlightSections(False)
    return table


class TrainingDetail(QWidget):
    #: The list's figures of the training may have changed (sessions, hours, trainees).
    figures_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.training_id: int | None = None
        #: True while a tick tells the window: the page need not read everything again.
        self.ticking = False
        self.setObjectName("training_detail")
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        right_layout = QVBoxLayout(self)
        right_layout.setContentsMargins(6, 0, 0, 0)
        self.heading = QLabel(self)
        self.heading.setObjectName("training_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        right_layout.addWidget(self.heading)
        self.details = QLabel(self)
        self.details.setObjectName("training_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        right_layout.addWidget(self.details)

        sessions_box = QGroupBox(_("Sessions"), self)
        sessions_layout = QVBoxLayout(sessions_box)
        self.sessions_model = LazyTableModel(
            [
                Column(_("Date"), lambda e: format_date(e.start, "medium")),
                Column(_("Time"), self._session_time),
                Column(_("Hours"), lambda e: format_hours(trainings.hours_of(e)), right_align),
                Column(_("Venue"), lambda e: e.venue or "", tooltip=lambda e: e.venue or ""),
                Column(_("Status"), lambda e: _(e.status.label)),
            ],
            fetch=lambda ids: {},
            greyed=lambda e: e.status == EventStatus.CANCELLED,
            parent=self,
        )
        self.sessions = list_table(sessions_box, "sessions_table")
        self.sessions.setModel(self.sessions_model)
        self.sessions.activated.connect(lambda _i: self.edit_session())
        self.sessions.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.sessions.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # the village's name kept
        self._fit_sessions([])
        self.sessions.setFixedHeight(self.sessions.verticalHeader().defaultSectionSize() * 4 + 4)
        sessions_layout.addWidget(self.sessions, 1)
        session_buttons = QHBoxLayout()
        self.add_session_button = QPushButton(_("&Add a session…"), sessions_box)
        self.add_session_button.setObjectName("add_session")
        self.add_session_button.clicked.connect(self.add_session)
        self.edit_session_button = QPushButton(_("Ch&ange…"), sessions_box)
        self.edit_session_button.setObjectName("edit_session")
        self.edit_session_button.clicked.connect(self.edit_session)
        self.delete_session_button = QPushButton(_("Remo&ve"), sessions_box)
        self.delete_session_button.setObjectName("delete_session")
        self.delete_session_button.clicked.connect(self.delete_session)
        self.sheet_button = QPushButton(_("&Sign-in sheet…"), sessions_box)
        self.sheet_button.setObjectName("sign_in_sheet")
        self.sheet_button.clicked.connect(self.print_sign_in_sheet)
        for button in (
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.sheet_button,
        ):
            session_buttons.addWidget(button)
        session_buttons.insertStretch(3, 1)  # the sheet apart from the editing buttons
        sessions_layout.addLayout(session_buttons)
        right_layout.addWidget(sessions_box)

        grid_box = QGroupBox(_("Attendance"), self)
        grid_layout = QVBoxLayout(grid_box)
        self.picker = PersonPicker(
            ctx,
            _("Re&gister:"),
            _("Type a name, then ↓ and Enter to register to every session"),
            _("Already registered"),
            grid_box,
        )
        self.picker.picked.connect(self.register_person)
        self.picker.message.connect(self.message_text)
        grid_layout.addWidget(self.picker)

        #: The widths the name and the organisation need (measured at each load).
        self._text_needs = [TEXT_COLUMN_MINIMUM, TEXT_COLUMN_MINIMUM]
        self.grid_model = TrainingGridModel(self._write_tick, self)
        self.grid = QTableView(grid_box)
        self.grid.setObjectName("attendance_grid")
        self.grid.setModel(self.grid_model)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setAlternatingRowColors(True)
        self.grid.setWordWrap(False)
        self.grid.setTabKeyNavigation(False)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setHighlightSections(False)
        self.grid.installEventFilter(self)
        self.grid.viewport().installEventFilter(self)  # its width shared as it is resized
        grid_layout.addWidget(self.grid, 1)
        self.grid_hint = QLabel(
            _(
                "Arrows move, Space ticks who was present; Ctrl+click or Shift+arrows select "
                "several people for their certificates."
            ),
            grid_box,
        )
        self.grid_hint.setWordWrap(True)
        self.grid_hint.setStyleSheet("color: #555;")
        grid_layout.addWidget(self.grid_hint)
        self.message = QLabel(grid_box)
        self.message.setObjectName("training_message")
        self.message.setStyleSheet("color: #1b5e20;")
        grid_layout.addWidget(self.message)
        grid_buttons = QHBoxLayout()
        self.unregister_button = QPushButton(_("&Unregister"), grid_box)
        self.unregister_button.setObjectName("unregister")
        self.unregister_button.clicked.connect(self.unregister_current)
        grid_buttons.addWidget(self.unregister_button)
        grid_buttons.addStretch(1)
        self.certificates_all = QPushButton(_("&Certificates for everyone…"), grid_box)
        self.certificates_all.setObjectName("certificates_all")
        self.certificates_all.clicked.connect(lambda: self.print_certificates(False))
        self.certificates_selected = QPushButton(_("Certificates for the se&lected…"), grid_box)
        self.certificates_selected.setObjectName("certificates_selected")
        self.certificates_selected.clicked.connect(lambda: self.print_certificates(True))
        grid_buttons.addWidget(self.certificates_all)
        grid_buttons.addWidget(self.certificates_selected)
        grid_layout.addLayout(grid_buttons)
        right_layout.addWidget(grid_box, 1)
        for widget in (
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.unregister_button,
            self.picker,
        ):
            widget.setEnabled(not ctx.read_only)

    def reload(self) -> None:
        self.load(self.training_id)

    def load(self, training_id: int | None, has_trainings: bool = True) -> None:
        """Show this training's sessions and grid (read again: one quick read)."""
        self.training_id = training_id
        grid = None
        if self.training_id is not None:
            try:
                grid = trainings.attendance_grid(self.ctx.db, self.training_id)
            except SmartDeskError as exc:
                errors.show_error(self, exc.message)
        current = self.grid.currentIndex()
        self.grid_model.set_grid(grid)
        if grid is None:
            self.heading.setText(_("No training selected") if has_trainings else "")
            self.details.setText(
                _("Create a training with “New training”, then add its sessions.")
                if not has_trainings
                else ""
            )
            self.sessions_model.set_records([])
            self.picker.taken = set()
        else:
            t = grid.training
            self.heading.setText(t.title)
            facts = []
            if t.trainer:
                facts.append(_("Trainer: {name}").format(name=t.trainer))
            held = [s for s in grid.sessions if s.status != EventStatus.CANCELLED]
            facts.append(
                ngettext("{n} session", "{n} sessions", len(held)).format(n=len(held))
                + " · "
                + format_hours(sum(trainings.hours_of(s) for s in held))
            )
            facts.append(
                ngettext("{n} trainee", "{n} trainees", len(grid.rows)).format(n=len(grid.rows))
            )
            text = "  ·  ".join(facts)
            if t.description:
                text += "\n" + t.description
            self.details.setText(text)
            self.sessions_model.set_records(grid.sessions)
            self._fit_sessions(grid.sessions)
            self.picker.taken = {r.person_id for r in grid.rows}
            self._fit_grid()
            if current.isValid():
                row = min(current.row(), self.grid_model.rowCount() - 1)
                column = min(current.column(), self.grid_model.columnCount() - 1)
                self.grid.setCurrentIndex(self.grid_model.index(row, column))
        has = grid is not None
        has_sessions = bool(grid and grid.sessions)
        self.add_session_button.setEnabled(has and not self.ctx.read_only)
        for widget in (self.edit_session_button, self.delete_session_button, self.picker):
            widget.setEnabled(has_sessions and not self.ctx.read_only)
        self.sheet_button.setEnabled(has_sessions)
        has_people = bool(grid and grid.rows)
        self.certificates_all.setEnabled(has_people)
        self.certificates_selected.setEnabled(has_people)
        self.unregister_button.setEnabled(has_people and not self.ctx.read_only)

    def _fit_sessions(self, sessions: Sequence[EventRecord]) -> None:
        """The short columns as wide as their texts (a training has a few sessions: measured
        at each load), the venue takes the rest."""
        for column in (0, 1, 2, 4):
            texts = [self.sessions_model.columns[column].text(e) for e in sessions]
            fixed_column(self.sessions, column, texts)

    def _fit_grid(self) -> None:
        header = self.grid.horizontalHeader()
        fm = self.grid.fontMetrics()
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        words = [_(s.label) for s in RegistrationStatus] + [_("not registered")]
        cell = max(fm.horizontalAdvance(w) for w in words) + 34  # the box and its margin
        for column in range(FIRST_SESSION_COLUMN, self.grid_model.hours_column()):
            lines = str(self.grid_model.headerData(column, Qt.Orientation.Horizontal, 0))
            head = max(fm.horizontalAdvance(line) for line in lines.split("\n")) + 16
            header.resizeSection(column, max(cell, head))
        fixed_column(self.grid, self.grid_model.hours_column(), [format_hours(888.5)])
        # What the name and the organisation need, measured at each load on the longest few
        # texts only: measuring 150 names and organisations cost 1.2 ms per opening.
        rows = self.grid_model.rows
        header_fm = header.fontMetrics()
        columns = (
            (_("Name"), [f"{r.last_name} {r.first_name}" for r in rows]),
            (_("Organisation"), [r.organisation or "" for r in rows]),
        )
        self._text_needs = [
            max(text_width(fm, texts, candidates=8), header_fm.horizontalAdvance(title)) + 24
            for title, texts in columns
        ]
        self._share_the_width()

    def _share_the_width(self) -> None:
        """The name and the organisation share what the sessions leave, each in proportion
        to its longest text (whole when both fit); with many sessions each keeps up to
        ``TEXT_COLUMN_MINIMUM`` and the grid scrolls sideways."""
        fixed = sum(
            self.grid.columnWidth(c)
            for c in range(FIRST_SESSION_COLUMN, self.grid_model.columnCount())
        )
        needs = self._text_needs
        floors = [min(n, TEXT_COLUMN_MINIMUM) for n in needs]
        # Weighted by their needs: short of room, each is cut in proportion (the organisation,
        # longer, keeps the larger share); with room, the spare by that weight alone.
        room = self.grid.viewport().width() - fixed
        widths = share(room, needs, floors, weights=needs, content=[1] * len(needs))
        for column, width in enumerate(widths):
            self.grid.setColumnWidth(column, width)

    def _session_time(self, e: EventRecord) -> str:
        text = format_time_range(e.start, e.end)
        if trainings.is_full_day(e):
            text += " · " + _("full day")
        return text

    def selected_session(self) -> EventRecord | None:
        index = self.sessions.currentIndex()
        if index.isValid():
            return self.sessions_model.record_at(index.row())
        # The session of the grid's current column: what the user is looking at.
        session = self.grid_model.session_at(self.grid.currentIndex().column())
        if session is None and self.grid_model.sessions:
            session = self.grid_model.sessions[0]
        return session

    # --- sessions ----------------------------------------------------------------------
    def add_session(self) -> None:
        if self.training_id is not None and not self.ctx.read_only:
            self._edit_session(None)

    def edit_session(self) -> None:
        session = self.selected_session()
        if session is not None and not self.ctx.read_only:
            self._edit_session(session.id)

    def _edit_session(self, event_id: int | None) -> None:
        from smartdesk.ui.dialogs.session_editor import SessionEditor

        assert self.training_id is not None
        editor = SessionEditor(self.ctx, self.training_id, event_id, self)
        editor.exec()
        self.figures_changed.emit()
        self.reload()

    def delete_session(self) -> None:
        session = self.selected_session()
        if session is None or self.ctx.read_only:
            return
        answer = QMessageBox.question(
            self,
            _("Remove the session"),
            _("Remove the session of {date} with its attendance? This cannot be undone.").format(
                date=format_date(session.start, "long")
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            trainings.delete_session(self.ctx.db, session.id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.ctx.changed.emit("events")
        self.figures_changed.emit()
        self.reload()

    def print_sign_in_sheet(self) -> None:
        session = self.selected_session()
        if session is not None:
            self.ctx.print_document(self, "attendance", session.id)

    # --- the grid ------------------------------------------------------------------------
    def _write_tick(
        self, event_id: int, person_id: int, half: HalfDay | None, present: bool
    ) -> tuple[RegistrationStatus, HalfDay | None] | None:
        if self.ctx.read_only:
            return None
        session = next(s for s in self.grid_model.sessions if s.id == event_id)
        try:
            if half is not None:
                row = attendance.set_half_day(
                    self.ctx.db, event_id, person_id, half, present, today=clock.today()
                )
            else:
                status = (
                    RegistrationStatus.PRESENT if present else untick_status(session, clock.today())
                )
                row = attendance.set_status(self.ctx.db, event_id, person_id, status)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return None
        # Other pages hear of it; this page already shows the tick (the grid model updated the
        # cell and the hours), so its own refresh is skipped: reading the list and the grid
        # again after every Space cost 25-70 ms on the stress database.
        self.ticking = True
        try:
            self.ctx.changed.emit("attendance")
        finally:
            self.ticking = False
        self.figures_changed.emit()  # its trainees may have changed
        return row.status, row.half_day

    def tick_current(self) -> None:
        index = self.grid.currentIndex()
        if index.isValid():
            self.grid_model.toggle(index)

    def selected_people(self) -> list[int]:
        rows = sorted({index.row() for index in self.grid.selectionModel().selectedIndexes()})
        if not rows and self.grid.currentIndex().isValid():
            rows = [self.grid.currentIndex().row()]
        return [pid for pid in (self.grid_model.person_at(r) for r in rows) if pid is not None]

    def print_certificates(self, selected_only: bool) -> None:
        if self.training_id is None:
            return
        if not selected_only:
            self.ctx.print_document(self, "certificates", self.training_id)
            return
        chosen = self.selected_people()
        if not chosen:
            self.message.setText(_("Select the people in the grid first."))
            return
        self.ctx.print_document(self, "certificates", self.training_id, person_ids=chosen)

    def unregister_current(self) -> None:
        person_id = self.grid_model.person_at(self.grid.currentIndex().row())
        if person_id is None or self.training_id is None or self.ctx.read_only:
            return
        row = self.grid_model.rows[self.grid.currentIndex().row()]
        if any(s == RegistrationStatus.PRESENT for s in row.statuses.values()):
            answer = QMessageBox.question(
                self,
                _("Unregister"),
                _("{name} attended this training. Unregister them and forget it?").format(
                    name=row.full_name
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            trainings.unregister_person(self.ctx.db, self.training_id, person_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.message.setText(_("{name} is no longer registered.").format(name=row.full_name))
        self.ctx.changed.emit("attendance")
        self.figures_changed.emit()
        self.reload()

    # --- registering --------------------------------------------------------------------
    def message_text(self, text: str) -> None:
        self.message.setText(text)

    def register_person(self, person: PersonRecord) -> None:
        """Register someone picked to every session of the training."""
        if self.training_id is None or self.ctx.read_only:
            return
        if person.id in self.picker.taken:
            self.message.setText(_("{name} is already registered.").format(name=person.full_name))
            return
        try:
            trainings.register_people(self.ctx.db, self.training_id, [person.id])
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.picker.clear()
        self.message.setText(_("{name} is registered.").format(name=person.full_name))
        self.ctx.changed.emit("attendance")
        self.figures_changed.emit()
        self.reload()
        self.picker.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.grid.viewport() and event.type() == QEvent.Type.Resize:
            self._share_the_width()
            return False
        if (
            watched is self.grid
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Space, Qt.Key.Key_Select)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.tick_current()
            return True
        return super().eventFilter(watched, event)
