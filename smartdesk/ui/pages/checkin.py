"""Check-in at the door: the laptop sits on a table at the entrance and people read their own
name at arm's length. Large type, a big filter field that has the focus: three letters of the
name narrow the list, Enter or Space marks the highlighted person present (the same key again
undoes a mistake), a click does the same. A USB scanner is a keyboard: the QR code of a badge
or sheet arrives in the field as typed text and Enter, and marks its person present. Marking is one service call and one repainted row,
never a reload of the list. A walk-in is two fields away (F2), with the duplicate question."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import AttendanceRow, EventRecord
from smartdesk.domain.text import normalize_name
from smartdesk.i18n import _, format_date, format_number, format_time_range
from smartdesk.services import attendance, events
from smartdesk.ui import errors
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.walk_in import WalkInDialog
from smartdesk.ui.models.attendance import AttendanceModel
from smartdesk.ui.models.lazy import Column
from smartdesk.ui.pages.base import Page

#: Point sizes: the list is read standing, about 70 cm from a laptop screen.
LIST_POINTS = 20
TITLE_POINTS = 24
COUNT_POINTS = 22
#: How much more than a name the organisation is given of the room to share.
ORGANISATION_WEIGHT = 2.0
MOVE_KEYS = {
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
}
MARK_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space}


def name_words(row: AttendanceRow) -> tuple[tuple[str, ...], str]:
    """The folded words of a name and the name without spaces ("Van Hove" → "vanhove")."""
    words = tuple(normalize_name(f"{row.last_name} {row.first_name}").split())
    return words, "".join(words)


def matches(typed: str, words: tuple[str, ...], compact: str) -> bool:
    """Every typed word starts a word of the name ("dup", "jea dup"), or the letters typed
    start the name without its spaces ("vanh" → Van Hove)."""
    parts = normalize_name(typed).split()
    if not parts:
        return True
    if all(any(w.startswith(p) for w in words) for p in parts):
        return True
    return compact.startswith("".join(parts))


def _font(base: QFont, points: int, bold: bool = False) -> QFont:
    font = QFont(base)
    font.setPointSize(points)
    font.setBold(bold)
    return font


def _status_mark(row: AttendanceRow) -> str:
    if row.status == RegistrationStatus.PRESENT:
        return "✔ " + _("Present")
    if row.status == RegistrationStatus.EXCUSED:
        return _("Excused")
    return ""


class CheckInPage(Page):
    key = "checkin"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.event_id: int | None = None
        self.shown_event: EventRecord | None = None
        self._words: dict[int, tuple[tuple[str, ...], str]] = {}
        #: Status before the click that made someone present, to undo a mistake exactly.
        self._before: dict[int, RegistrationStatus] = {}
        self.walk_in_dialog: WalkInDialog | None = None
        self._measured_for: tuple[int | None, int] = (None, 0)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        head = QHBoxLayout()
        titles = QVBoxLayout()
        self.title_label = QLabel(self)
        self.title_label.setObjectName("checkin_title")
        self.title_label.setFont(_font(self.font(), TITLE_POINTS, bold=True))
        self.title_label.setWordWrap(True)
        self.when_label = QLabel(self)
        self.when_label.setFont(_font(self.font(), 14))
        titles.addWidget(self.title_label)
        titles.addWidget(self.when_label)
        head.addLayout(titles, 1)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("checkin_counts")
        self.count_label.setFont(_font(self.font(), COUNT_POINTS, bold=True))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(self.count_label)
        layout.addLayout(head)

        bar = QHBoxLayout()
        self.filter = QLineEdit(self)
        self.filter.setObjectName("checkin_filter")
        self.filter.setFont(_font(self.font(), LIST_POINTS))
        self.filter.setPlaceholderText(_("Type the first letters of the name…"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._apply_filter)
        self.filter.installEventFilter(self)
        bar.addWidget(self.filter, 1)
        self.walk_in_button = QPushButton(_("&Walk-in… (F2)"), self)
        self.walk_in_button.setObjectName("walk_in")
        self.walk_in_button.setFont(_font(self.font(), 14))
        self.walk_in_button.setToolTip(_("Someone who did not register: add them and mark present"))
        self.walk_in_button.clicked.connect(self.open_walk_in)
        bar.addWidget(self.walk_in_button)
        layout.addLayout(bar)

        self.model = AttendanceModel(
            [
                Column(_("Last name"), lambda r: r.last_name),
                Column(_("First name"), lambda r: r.first_name),
                Column(_("Organisation"), lambda r: r.organisation or ""),
                Column(_("Attendance"), _status_mark),
            ],
            greyed=lambda r: r.status == RegistrationStatus.EXCUSED,
            bold_column=0,
        )
        self.table = QTableView(self)
        self.table.setObjectName("checkin_table")
        self.table.setFont(_font(self.font(), LIST_POINTS))
        self.model.bold_font = _font(self.font(), LIST_POINTS, bold=True)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # long names are elided, rows stay one line
        self.table.setShowGrid(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(int(LIST_POINTS * 2.4))
        self.table.horizontalHeader().setFont(_font(self.font(), 12, bold=True))
        # The names take what they need; the organisation is what tells two Delcour apart,
        # so it is favoured when the width runs short.
        self.columns = ColumnWidths(
            self.table,
            "checkin/checkin_table",
            fixed={3: ["✔ " + _("Present"), _("Excused")]},
            weights={2: ORGANISATION_WEIGHT},
            fonts={0: self.model.bold_font},
        )
        self.table.clicked.connect(lambda index: self.toggle_row(index.row()))
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        self.hint = QLabel(
            _(
                "Enter or Space: present (again to undo) · ↑ ↓: choose · Escape: clear · "
                "F2: walk-in"
            ),
            self,
        )
        self.hint.setFont(_font(self.font(), 12))
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)
        # What the last scanned badge did: a line, not a dialog, so the next scan works at once.
        self.scan_label = QLabel(self)
        self.scan_label.setObjectName("checkin_scan")
        self.scan_label.setFont(_font(self.font(), 16, bold=True))
        layout.addWidget(self.scan_label)

        for key in ("F2", "Ctrl+N"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.open_walk_in)

    # --- Page ----------------------------------------------------------------------------
    def title(self) -> str:
        return _("Check-in")

    def search_placeholder(self) -> str | None:
        return _("Filter the names")

    def set_search(self, text: str) -> None:
        if text != self.filter.text():
            self.filter.setText(text)

    def open(self, **kwargs: Any) -> None:
        event_id = kwargs.get("event_id")
        if event_id is not None and event_id != self.event_id:
            self.event_id = int(event_id)
            self._before.clear()
            self.filter.clear()
        self.refresh()
        self.filter.setFocus()

    def refresh(self) -> None:
        if self.event_id is None:
            return
        try:
            self.shown_event = events.get(self.ctx.db, self.event_id)
            rows = attendance.list_attendance(self.ctx.db, self.event_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.title_label.setText(self.shown_event.title)
        when = [
            format_date(self.shown_event.start, "full"),
            format_time_range(self.shown_event.start, self.shown_event.end),
        ]
        if self.shown_event.venue:
            when.append(self.shown_event.venue)
        self.when_label.setText(" · ".join(w for w in when if w))
        self._words = {r.person_id: name_words(r) for r in rows}
        self.model.set_rows(rows, self._filtered(rows))
        # Measured again only when the list changed (another event, someone added): each
        # mark refreshes the page, and 500 names at this size cost a few milliseconds.
        if self._measured_for != (self.event_id, len(rows)):
            self._measured_for = (self.event_id, len(rows))
            self.columns.measure(rows)
        self._select(0)
        self._update_counts()
        self.walk_in_button.setEnabled(not self.ctx.read_only)

    # --- filtering -----------------------------------------------------------------------
    def _filtered(self, rows: list[AttendanceRow]) -> list[int]:
        text = self.filter.text()
        return [r.person_id for r in rows if matches(text, *self._words[r.person_id])]

    def _apply_filter(self, _text: str = "") -> None:
        self.model.show(self._filtered(self._ordered()))
        self._select(0)

    def _ordered(self) -> list[AttendanceRow]:
        # The records in the list's order (by name, as the service gave them; walk-ins added
        # here are slotted in by the same rule in _add_row).
        return self.model.records()

    def _select(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()

    def current_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else (0 if self.model.rowCount() else -1)

    # --- marking present -----------------------------------------------------------------
    def toggle_current(self) -> None:
        self.toggle_row(self.current_row())

    def toggle_row(self, row: int) -> None:
        """Present, or back to what it was before (a mistake): one call, one row repainted."""
        person_id = self.model.id_at(row)
        if person_id is None or self.event_id is None:
            return
        if self.ctx.read_only:
            errors.show_error(self, _("The database is open read-only: nothing can be marked."))
            return
        record: AttendanceRow = self.model.record(person_id)
        try:
            if record.status != RegistrationStatus.PRESENT:
                self._before[person_id] = record.status
                new = attendance.check_in(self.ctx.db, self.event_id, person_id)
            else:
                back = self._before.pop(person_id, RegistrationStatus.REGISTERED)
                new = attendance.set_status(self.ctx.db, self.event_id, person_id, back)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.model.update_row(new)
        self._select(row)
        self._update_counts()
        # The next person's letters replace this name; the same key again undoes the mark.
        self.filter.selectAll()
        self.ctx.changed.emit("attendance")

    def check_in_scanned(self, code: str) -> None:
        """A badge or sheet code read by the scanner at the door (typed text, then Enter): that
        person is present. A second scan leaves them present; a wrong code says so in a line."""
        if self.event_id is None:
            return
        self.filter.clear()
        if self.ctx.read_only:
            self._scan_result(_("The database is open read-only: nothing can be marked."), False)
            return
        try:
            new = attendance.check_in_by_code(self.ctx.db, self.event_id, code)
        except SmartDeskError as exc:
            self._scan_result(exc.message, False)
            return
        self.model.update_row(new)
        row = self.model.row_of(new.person_id)
        self._select(row if row is not None else 0)
        self._update_counts()
        name = f"{new.first_name} {new.last_name}".strip()
        self._scan_result(_("{name} is present.").format(name=name), True)
        self.ctx.changed.emit("attendance")

    def _scan_result(self, text: str, ok: bool) -> None:
        self.scan_label.setText(("✔ " if ok else "✘ ") + text)
        self.scan_label.setStyleSheet("color: #1F5F4A;" if ok else "color: #B42318;")

    def _update_counts(self) -> None:
        rows = self.model.records()
        present = sum(r.status == RegistrationStatus.PRESENT for r in rows)
        expected = sum(not r.walk_in and r.status in attendance.ON_SIGN_IN_SHEET for r in rows)
        self.count_label.setText(
            _("{present} present / {expected} expected").format(
                present=format_number(present), expected=format_number(expected)
            )
        )

    # --- walk-ins ------------------------------------------------------------------------
    def open_walk_in(self) -> None:
        if self.event_id is None or self.ctx.read_only:
            return
        typed = self.filter.text().strip()
        # What was typed and matched nobody is probably the last name of the person in front.
        guess = typed if typed and self.model.rowCount() == 0 else ""
        dialog = WalkInDialog(self.ctx, self.event_id, self, last_name=guess)
        dialog.setFont(_font(self.font(), 13))
        dialog.arrived.connect(self._arrived)
        dialog.finished.connect(lambda _r: self.filter.setFocus())
        self.walk_in_dialog = dialog
        dialog.open()

    def _arrived(self, row: AttendanceRow) -> None:
        """A walk-in (new or recognised) is present: add or repaint their row, show it."""
        self._words[row.person_id] = name_words(row)
        records = {r.person_id: r for r in self.model.records()}
        records[row.person_id] = row
        ordered = sorted(records.values(), key=lambda r: (*self._words[r.person_id], r.person_id))
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.blockSignals(False)
        self.model.set_rows(ordered)
        row_index = self.model.row_of(row.person_id)
        self._select(row_index if row_index is not None else 0)
        self._update_counts()
        self.ctx.changed.emit("attendance")

    # --- keys ----------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        if key in MARK_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            text = self.filter.text()
            if key != Qt.Key.Key_Space and attendance.is_check_in_code(text):
                self.check_in_scanned(text)
            else:
                self.toggle_current()
            return True
        if key == Qt.Key.Key_Escape:
            self.filter.clear()
            self.filter.setFocus()
            return True
        if watched is self.filter and key in MOVE_KEYS:
            # The list moves; the focus and the letters stay in the field.
            step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10}.get(key, 10)
            last = self.model.rowCount() - 1
            self._select(max(0, min(last, self.current_row() + step)))
            return True
        if watched is self.table and event.text().isprintable() and event.text().strip():
            self.filter.setFocus()
            self.filter.insert(event.text())
            return True
        return super().eventFilter(watched, event)
