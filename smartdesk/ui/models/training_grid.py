"""The attendance grid of a training: one row per person, one check column per session (two
for a full-day session: the morning and the afternoon), then the hours. A tick is written at
once (one transaction per tick, through ``attendance.set_status`` or ``set_half_day``): a
secretary ticking thirty boxes and closing the window loses nothing, and two people ticking on
two PCs never overwrite each other's whole grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from smartdesk.domain.enums import EventStatus, HalfDay, RegistrationStatus
from smartdesk.domain.half_days import halves_present
from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _, format_date, format_hours, format_time_range
from smartdesk.services.attendance import status_when_absent
from smartdesk.services.trainings import (
    AttendanceGrid,
    GridRow,
    grid_hours,
    is_full_day,
    session_times,
)
from smartdesk.ui.models.attendance import EXCUSED_BACKGROUND, PRESENT_BACKGROUND
from smartdesk.ui.models.lazy import ID_ROLE, Index

#: Columns before the sessions: the name and the organisation.
FIRST_SESSION_COLUMN = 2

#: ``write(event_id, person_id, half, present) -> (new status, half came for)``, the half
#: ticked being None for a whole session (the page calls the service); None when refused.
Writer = Callable[
    [int, int, HalfDay | None, bool], tuple[RegistrationStatus, HalfDay | None] | None
]

#: A check column: a session, and the half of it when the session is a full day.
GridColumn = tuple[EventRecord, HalfDay | None]


def session_header(session: EventRecord, half: HalfDay | None = None) -> str:
    """Its date as the sessions table writes it, then its times (a half's own times)."""
    lines = [format_date(session.start, "medium"), format_time_range(*session_times(session, half))]
    if half is not None:
        lines.append(_(half.label))
    elif is_full_day(session):
        lines.append(_("full day"))
    return "\n".join(lines)


def grid_columns(sessions: tuple[EventRecord, ...]) -> list[GridColumn]:
    """The check columns: one per session, a morning and an afternoon for a full day."""
    columns: list[GridColumn] = []
    for session in sessions:
        if is_full_day(session):
            columns += [(session, HalfDay.MORNING), (session, HalfDay.AFTERNOON)]
        else:
            columns.append((session, None))
    return columns


class TrainingGridModel(QAbstractTableModel):
    def __init__(self, write: Writer, parent=None):
        super().__init__(parent)
        self._write = write
        self.sessions: tuple[EventRecord, ...] = ()
        self.columns: list[GridColumn] = []
        self.headers: list[str] = []
        self._written: dict[GridColumn, str] = {}
        self.rows: list[GridRow] = []

    # --- content -------------------------------------------------------------------------
    def set_grid(self, grid: AttendanceGrid | None) -> None:
        self.beginResetModel()
        self.sessions = grid.sessions if grid else ()
        self.columns = grid_columns(self.sessions)
        # Written once per session: Qt asks for each header hundreds of times per load, and
        # Babel takes ~0.2 ms a header (kept across loads: the language is set at start-up).
        self.headers = []
        for column in self.columns:
            if column not in self._written:
                self._written[column] = session_header(*column)
            self.headers.append(self._written[column])
        self.rows = list(grid.rows) if grid else []
        self.endResetModel()

    def column_at(self, column: int) -> GridColumn | None:
        index = column - FIRST_SESSION_COLUMN
        return self.columns[index] if 0 <= index < len(self.columns) else None

    def session_at(self, column: int) -> EventRecord | None:
        found = self.column_at(column)
        return found[0] if found else None

    def half_at(self, column: int) -> HalfDay | None:
        found = self.column_at(column)
        return found[1] if found else None

    def hours_column(self) -> int:
        return FIRST_SESSION_COLUMN + len(self.columns)

    @staticmethod
    def is_ticked(row: GridRow, session: EventRecord, half: HalfDay | None) -> bool:
        status = row.statuses.get(session.id)
        if half is None:
            return status == RegistrationStatus.PRESENT
        morning, afternoon = halves_present(status, row.halves.get(session.id))
        return morning if half == HalfDay.MORNING else afternoon

    def person_at(self, row: int) -> int | None:
        return self.rows[row].person_id if 0 <= row < len(self.rows) else None

    def row_of(self, person_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.person_id == person_id), None)

    def toggle(self, index: QModelIndex) -> bool:
        """Tick or untick the cell (Space, a click on the box)."""
        found = self.column_at(index.column())
        if found is None or not 0 <= index.row() < len(self.rows):
            return False
        session, half = found
        if session.status == EventStatus.CANCELLED:
            return False  # nobody attends a cancelled session
        row = self.rows[index.row()]
        present = not self.is_ticked(row, session, half)
        written = self._write(session.id, row.person_id, half, present)
        if written is None:  # refused (read-only, error already shown)
            return False
        status, came_for = written
        statuses = {**row.statuses, session.id: status}
        halves = {k: v for k, v in row.halves.items() if k != session.id}
        if came_for is not None:
            halves[session.id] = came_for
        self.rows[index.row()] = GridRow(
            person_id=row.person_id,
            last_name=row.last_name,
            first_name=row.first_name,
            organisation=row.organisation,
            statuses=statuses,
            hours=grid_hours(self.sessions, statuses, halves),
            halves=halves,
        )
        # The session's cells (both halves of a full day) and the row's hours: nothing else.
        first = self.columns.index((session, HalfDay.MORNING if half else None))
        last = first + (1 if half else 0)
        self.dataChanged.emit(
            self.index(index.row(), FIRST_SESSION_COLUMN + first),
            self.index(index.row(), FIRST_SESSION_COLUMN + last),
        )
        hours = self.index(index.row(), self.hours_column())
        self.dataChanged.emit(hours, hours)
        return True

    # --- Qt ------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else FIRST_SESSION_COLUMN + len(self.columns) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        session = self.session_at(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Name")
            if section == 1:
                return _("Organisation")
            if session is None:
                return _("Hours")
            return self.headers[section - FIRST_SESSION_COLUMN]
        if role == Qt.ItemDataRole.ToolTipRole and session is not None:
            half = self.half_at(section)
            parts = [
                format_date(session.start, "full"),
                format_time_range(*session_times(session, half)),
            ]
            if half is not None:
                parts.append(_(half.label))
            if session.venue:
                parts.append(session.venue)
            if session.status == EventStatus.CANCELLED:
                parts.append(_(session.status.label))
            return " · ".join(parts)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        session = self.session_at(index.column())
        if session is not None and session.status != EventStatus.CANCELLED:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.person_id
        found = self.column_at(column)
        if found is None:
            if role == Qt.ItemDataRole.DisplayRole:
                if column == 0:
                    return f"{row.last_name} {row.first_name}".strip()
                if column == 1:
                    return row.organisation or ""
                return format_hours(row.hours) if row.hours else "–"
            if role == Qt.ItemDataRole.TextAlignmentRole and column == self.hours_column():
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        session, half = found
        status = row.statuses.get(session.id)
        ticked = self.is_ticked(row, session, half)
        if role == Qt.ItemDataRole.CheckStateRole:
            if session.status == EventStatus.CANCELLED:
                return None
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            # The box says present; the word says what else is known (excused, absent …).
            if status is None:
                return _("not registered")
            if status in (RegistrationStatus.PRESENT, RegistrationStatus.REGISTERED):
                return ""
            return _(status.label)
        if role == Qt.ItemDataRole.BackgroundRole:
            if ticked:
                return QBrush(PRESENT_BACKGROUND)
            if status == RegistrationStatus.EXCUSED:
                return QBrush(EXCUSED_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and status in (None, RegistrationStatus.ABSENT):
            return QBrush(QColor("#6b6b6b"))
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        # A click on the box (the delegate) lands here; Space is handled by the page so a
        # selection of several people does not tick them all by accident.
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        return self.toggle(self.index(index.row(), index.column()))


def untick_status(session: EventRecord, today: dt.date) -> RegistrationStatus:
    """An unticked box: absent once the session has taken place, still registered before."""
    return status_when_absent(session.start, today)
