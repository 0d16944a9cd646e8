"""Formations: the trainings (a series of sessions) on the left, searched as the user types in
the window's search field; on the right the selected training's sessions and its attendance
grid people × sessions. Arrows move in the grid, Space ticks who was present (written at once,
one transaction per tick), the hours add up per person. People are registered to every
session with the picker above the grid (type, ↓, Enter). The sign-in sheet of a session and the
certificates of the training (everyone, or the people selected in the grid) open the print
dialog for the training shown: no id to type."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import EventStatus, RegistrationStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import EventRecord, PersonRecord
from smartdesk.i18n import (
    _,
    format_date,
    format_hours,
    format_number,
    format_time_range,
    ngettext,
)
from smartdesk.services import attendance, trainings
from smartdesk.services.trainings import TrainingSummary
from smartdesk.ui import clock, errors
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.models.training_grid import (
    FIRST_SESSION_COLUMN,
    TrainingGridModel,
    untick_status,
)
from smartdesk.ui.pages.base import Page
from smartdesk.ui.person_picker import PersonPicker


def _table(parent: QWidget, name: str) -> QTableView:
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


def _period(t: TrainingSummary) -> str:
    if t.first is None or t.last is None:
        return ""
    if t.first.date() == t.last.date():
        return format_date(t.first, "short")
    return _("{first} – {last}").format(
        first=format_date(t.first, "short"), last=format_date(t.last, "short")
    )


def _tooltip(t: TrainingSummary) -> str:
    return "\n".join(filter(None, (t.title, _period(t), t.trainer)))


class TrainingsPage(Page):
    key = "trainings"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._search = ""
        self.training_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        # --- the list of trainings ------------------------------------------------------
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        right_align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        self.model = LazyTableModel(
            [
                # The dates and the trainer in the tooltip: the title needs the width.
                Column(_("Training"), lambda t: t.title, tooltip=_tooltip),
                Column(_("Sessions"), lambda t: format_number(t.sessions), right_align),
                Column(_("Hours"), lambda t: format_hours(t.hours) if t.hours else "", right_align),
                Column(_("Trainees"), lambda t: format_number(t.trainees), right_align),
            ],
            fetch=lambda ids: trainings.training_summaries(self.ctx.db, ids),
            parent=self,
        )
        self.table = _table(left, "trainings_table")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        fm = self.table.fontMetrics()
        for column, texts in (
            (1, [_("Sessions")]),
            (2, [format_hours(88.5), _("Hours")]),
            (3, [_("Trainees")]),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(fm.horizontalAdvance(t) for t in texts) + 20)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._show_selected())
        self.table.activated.connect(lambda _i: self.edit_training())
        left_layout.addWidget(self.table, 1)
        list_buttons = QHBoxLayout()
        self.count_label = QLabel(left)
        self.count_label.setObjectName("count_label")
        list_buttons.addWidget(self.count_label, 1)
        self.new_button = QPushButton(_("&New training"), left)
        self.new_button.setObjectName("new_training")
        self.new_button.setToolTip(_("Ctrl+N"))
        self.new_button.clicked.connect(self.new_training)
        self.edit_button = QPushButton(_("&Edit…"), left)
        self.edit_button.setObjectName("edit_training")
        self.edit_button.clicked.connect(self.edit_training)
        self.delete_button = QPushButton(_("Delete"), left)
        self.delete_button.setObjectName("delete_training")
        self.delete_button.clicked.connect(self.delete_training)
        for button in (self.new_button, self.edit_button, self.delete_button):
            list_buttons.addWidget(button)
        left_layout.addLayout(list_buttons)

        # --- the selected training ----------------------------------------------------------
        right = QWidget(splitter)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        self.heading = QLabel(right)
        self.heading.setObjectName("training_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)
        right_layout.addWidget(self.heading)
        self.details = QLabel(right)
        self.details.setObjectName("training_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        right_layout.addWidget(self.details)

        sessions_box = QGroupBox(_("Sessions"), right)
        sessions_layout = QVBoxLayout(sessions_box)
        self.sessions_model = LazyTableModel(
            [
                Column(_("Date"), lambda e: format_date(e.start, "medium")),
                Column(_("Time"), self._session_time),
                Column(_("Hours"), lambda e: format_hours(trainings.hours_of(e)), right_align),
                Column(_("Venue"), lambda e: e.venue or ""),
                Column(_("Status"), lambda e: _(e.status.label)),
            ],
            fetch=lambda ids: {},
            greyed=lambda e: e.status == EventStatus.CANCELLED,
            parent=self,
        )
        self.sessions = _table(sessions_box, "sessions_table")
        self.sessions.setModel(self.sessions_model)
        self.sessions.activated.connect(lambda _i: self.edit_session())
        sessions_header = self.sessions.horizontalHeader()
        sessions_header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        sessions_header.resizeSection(0, fm.horizontalAdvance("30 sept. 2020") + 24)
        sessions_header.resizeSection(
            1, fm.horizontalAdvance("09:00 – 16:30 · " + _("full day")) + 24
        )
        sessions_header.resizeSection(2, fm.horizontalAdvance(format_hours(12.5)) + 24)
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

        grid_box = QGroupBox(_("Attendance"), right)
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

        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([400, 780])

        QShortcut(QKeySequence.StandardKey.New, self, self.new_training)
        for widget in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.add_session_button,
            self.edit_session_button,
            self.delete_session_button,
            self.unregister_button,
            self.picker,
        ):
            widget.setEnabled(not ctx.read_only)
        self._show_selected()

    # --- the page contract ----------------------------------------------------------------
    def title(self) -> str:
        return _("Trainings")

    def search_placeholder(self) -> str | None:
        return _("Search trainings by title, topic or trainer")

    def set_search(self, text: str) -> None:
        self._search = text
        self.refresh()

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        if kwargs.get("training_id") is not None:
            self.select(kwargs["training_id"])

    def refresh(self) -> None:
        selected = self.training_id
        ids = trainings.find_trainings(self.ctx.db, self._search)
        self.model.set_ids(ids)
        self.model.invalidate()
        self.count_label.setText(
            ngettext("{n} training", "{n} trainings", len(ids)).format(n=format_number(len(ids)))
        )
        if selected is not None and self.model.row_of(selected) is not None:
            self.select(selected)
        elif ids:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self._show_selected()

    # --- the selected training ------------------------------------------------------------
    def select(self, training_id: int) -> None:
        row = self.model.row_of(training_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    def selected_training_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def _show_selected(self) -> None:
        self.training_id = self.selected_training_id()
        self.load_training()

    def load_training(self) -> None:
        """Read the selected training's sessions and grid again (one quick read each)."""
        grid = None
        if self.training_id is not None:
            try:
                grid = trainings.attendance_grid(self.ctx.db, self.training_id)
            except SmartDeskError as exc:
                errors.show_error(self, exc.message)
        current = self.grid.currentIndex()
        self.grid_model.set_grid(grid)
        if grid is None:
            self.heading.setText(_("No training selected") if self.model.rowCount() else "")
            self.details.setText(
                _("Create a training with “New training”, then add its sessions.")
                if not self.model.rowCount()
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
            self.picker.taken = {r.person_id for r in grid.rows}
            self._fit_grid()
            if current.isValid():
                row = min(current.row(), self.grid_model.rowCount() - 1)
                column = min(current.column(), self.grid_model.columnCount() - 1)
                self.grid.setCurrentIndex(self.grid_model.index(row, column))
        has = grid is not None
        has_sessions = bool(grid and grid.sessions)
        for widget in (self.edit_button, self.delete_button, self.add_session_button):
            widget.setEnabled(has and not self.ctx.read_only)
        for widget in (self.edit_session_button, self.delete_session_button, self.picker):
            widget.setEnabled(has_sessions and not self.ctx.read_only)
        self.sheet_button.setEnabled(has_sessions)
        has_people = bool(grid and grid.rows)
        self.certificates_all.setEnabled(has_people)
        self.certificates_selected.setEnabled(has_people)
        self.unregister_button.setEnabled(has_people and not self.ctx.read_only)

    def _fit_grid(self) -> None:
        header = self.grid.horizontalHeader()
        fm = self.grid.fontMetrics()
        # The name takes what is left; with many sessions the grid scrolls sideways.
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 130)
        words = [_(s.label) for s in RegistrationStatus] + [_("not registered")]
        cell = max(fm.horizontalAdvance(w) for w in words) + 34  # the box and its margin
        for column in range(FIRST_SESSION_COLUMN, self.grid_model.hours_column()):
            lines = str(self.grid_model.headerData(column, Qt.Orientation.Horizontal, 0))
            head = max(fm.horizontalAdvance(line) for line in lines.split("\n")) + 16
            header.resizeSection(column, max(cell, head))
        header.resizeSection(self.grid_model.hours_column(), fm.horizontalAdvance("888,5 h") + 24)

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

    # --- training actions ---------------------------------------------------------------
    def new_training(self) -> None:
        if not self.ctx.read_only:
            self._edit_training(None)

    def edit_training(self) -> None:
        if self.training_id is not None and not self.ctx.read_only:
            self._edit_training(self.training_id)

    def _edit_training(self, training_id: int | None) -> None:
        from smartdesk.ui.dialogs.training_editor import TrainingEditor

        editor = TrainingEditor(self.ctx, training_id, self)
        if editor.exec() and editor.training_id is not None:
            self.training_id = editor.training_id
        self.refresh()
        if editor.training_id is not None:
            self.select(editor.training_id)

    def delete_training(self) -> None:
        if self.training_id is None or self.ctx.read_only:
            return
        record = trainings.get(self.ctx.db, self.training_id)
        answer = QMessageBox.question(
            self,
            _("Delete the training"),
            _(
                "Delete “{title}” with its {n} sessions and their attendance? "
                "This cannot be undone."
            ).format(title=record.title, n=len(record.sessions)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            trainings.delete(self.ctx.db, self.training_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.training_id = None
        self.ctx.changed.emit("events")
        self.refresh()

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
        self.model.invalidate()
        self.load_training()

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
        self.model.invalidate()
        self.load_training()

    def print_sign_in_sheet(self) -> None:
        session = self.selected_session()
        if session is not None:
            self.ctx.print_document(self, "attendance", session.id)

    # --- the grid ------------------------------------------------------------------------
    def _write_tick(
        self, event_id: int, person_id: int, present: bool
    ) -> RegistrationStatus | None:
        if self.ctx.read_only:
            return None
        session = next(s for s in self.grid_model.sessions if s.id == event_id)
        status = RegistrationStatus.PRESENT if present else untick_status(session, clock.today())
        try:
            row = attendance.set_status(self.ctx.db, event_id, person_id, status)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return None
        self.ctx.changed.emit("attendance")
        if self.training_id is not None:
            self.model.invalidate([self.training_id])  # its trainees may have changed
        return row.status

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
        self.model.invalidate([self.training_id])
        self.load_training()

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
        self.model.invalidate([self.training_id])
        self.load_training()
        self.picker.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
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
