"""One session of a training: its day, start and end, venue and status. The hours follow the
times (end − start) unless typed: a full day from 9:00 to 16:30 usually counts 6 hours, not
7.5, because of the lunch break. "Full day" (a morning and an afternoon ticked apart on the
grid) follows the times too — from before noon to after 14:00 — until the user chooses."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import EventStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.half_days import looks_full_day
from smartdesk.i18n import _
from smartdesk.services import events, trainings
from smartdesk.ui import clock
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.event_editor import date_time_format

ERROR_STYLE = "color: #b00020;"


def date_format() -> str:
    """The event editor's date (four-digit year), without its time."""
    return date_time_format().removesuffix(" HH:mm")


class SessionEditor(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        training_id: int,
        event_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.training_id = training_id
        self.event_id = event_id
        self.setObjectName("session_editor")
        self.setWindowTitle(_("New session") if event_id is None else _("Session"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.day = QDateEdit(self)
        self.day.setObjectName("day")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat(date_format())
        self.start = QTimeEdit(self)
        self.start.setObjectName("start")
        self.end = QTimeEdit(self)
        self.end.setObjectName("end")
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        times = QHBoxLayout()
        times.addWidget(self.start)
        to = QLabel(_("to"), self)
        times.addWidget(to)
        times.addWidget(self.end)
        times.addStretch(1)
        self.venue = QLineEdit(self)
        self.venue.setObjectName("venue")
        self.status = QComboBox(self)
        self.status.setObjectName("status")
        for status in EventStatus:
            self.status.addItem(_(status.label), status.value)
        self.own_hours = QCheckBox(_("Count &other hours than the times:"), self)
        self.own_hours.setObjectName("own_hours")
        self.hours = QDoubleSpinBox(self)
        self.hours.setObjectName("hours")
        self.hours.setRange(0, 24)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setEnabled(False)
        self.own_hours.toggled.connect(self.hours.setEnabled)
        self.full_day = QCheckBox(_("&Full day: the morning and the afternoon ticked apart"), self)
        self.full_day.setObjectName("full_day")
        #: Set once the user ticks or unticks the box: the times no longer decide.
        self.full_day_chosen = False
        self.full_day.clicked.connect(self._choose_full_day)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.own_hours)
        hours_row.addWidget(self.hours)
        hours_row.addStretch(1)
        day_label = QLabel(_("&Date:"), self)
        day_label.setBuddy(self.day)
        time_label = QLabel(_("T&ime:"), self)
        time_label.setBuddy(self.start)
        venue_label = QLabel(_("&Venue:"), self)
        venue_label.setBuddy(self.venue)
        status_label = QLabel(_("S&tatus:"), self)
        status_label.setBuddy(self.status)
        form.addRow(day_label, self.day)
        form.addRow(time_label, times)
        form.addRow(venue_label, self.venue)
        form.addRow(status_label, self.status)
        form.addRow("", hours_row)
        form.addRow("", self.full_day)
        layout.addLayout(form)
        self.trainer_note = QLabel(self)
        self.trainer_note.setWordWrap(True)
        layout.addWidget(self.trainer_note)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        training = trainings.get(ctx.db, training_id)
        # The trainer belongs to the training (one per series in the data model).
        self.trainer_note.setText(
            _("Trainer: {name} (changed with the training)").format(
                name=training.trainer or _("not given")
            )
        )
        if event_id is None:
            last = training.sessions[-1] if training.sessions else None
            day = last.start.date() + dt.timedelta(days=7) if last else clock.today()
            self.day.setDate(QDate(day.year, day.month, day.day))
            self.start.setTime(QTime(last.start.hour, last.start.minute) if last else QTime(9, 0))
            end = last.end if last and last.end else None
            self.end.setTime(QTime(end.hour, end.minute) if end else QTime(12, 0))
            self.venue.setText(last.venue or "" if last else "")
            self.full_day.setChecked(looks_full_day(*self.times()))
        else:
            session = events.get(ctx.db, event_id)
            day = session.start.date()
            self.day.setDate(QDate(day.year, day.month, day.day))
            self.start.setTime(QTime(session.start.hour, session.start.minute))
            end = session.end or session.start
            self.end.setTime(QTime(end.hour, end.minute))
            self.venue.setText(session.venue or "")
            self.status.setCurrentIndex(self.status.findData(session.status.value))
            # Hours that differ from the times were typed: show them as typed.
            derived = round((end - session.start).total_seconds() / 3600, 2)
            if session.hours is not None and session.hours != derived:
                self.own_hours.setChecked(True)
                self.hours.setValue(session.hours)
            self.full_day.setChecked(session.full_day)
            # A stored choice the times would not give was made by hand: keep it.
            self.full_day_chosen = session.full_day != looks_full_day(*self.times())
        for edit in (self.start, self.end):
            edit.timeChanged.connect(self._follow_times)
        self.day.dateChanged.connect(self._follow_times)
        self.resize(460, self.sizeHint().height())
        self.day.setFocus()

    def times(self) -> tuple[dt.datetime, dt.datetime]:
        day = self.day.date().toPython()
        return (
            dt.datetime.combine(day, self.start.time().toPython()),
            dt.datetime.combine(day, self.end.time().toPython()),
        )

    def _choose_full_day(self) -> None:
        self.full_day_chosen = True

    def _follow_times(self) -> None:
        if not self.full_day_chosen:
            self.full_day.setChecked(looks_full_day(*self.times()))

    def fields(self) -> dict:
        start, end = self.times()
        fields: dict = {
            "start": start,
            "end": end,
            "venue": self.venue.text(),
            "status": self.status.currentData(),
            "full_day": self.full_day.isChecked(),
        }
        if self.own_hours.isChecked():
            fields["hours"] = self.hours.value()
        return fields

    def save(self) -> None:
        fields = self.fields()
        try:
            if self.event_id is None:
                before = {s.id for s in trainings.get(self.ctx.db, self.training_id).sessions}
                record = trainings.add_session(self.ctx.db, self.training_id, **fields)
                self.event_id = next(s.id for s in record.sessions if s.id not in before)
            else:  # without typed hours, the service makes them follow the times
                trainings.update_session(self.ctx.db, self.event_id, **fields)
        except SmartDeskError as exc:
            self.error.setText(exc.message)
            return
        self.ctx.changed.emit("events")
        self.accept()
