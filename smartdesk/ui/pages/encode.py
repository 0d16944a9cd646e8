"""Encode the signed sheet: after the meeting, the secretary types the paper sheet back in.
The people come in the order the sheet printed them, with its row numbers (the same function
orders both: services.attendance.sign_in_rows), so she follows the paper with ↓ and taps Space
on each signature: 40 rows in well under a minute. Names written by hand on the blank rows go in
the small form below (Enter adds them, after the duplicate question).

Saving: everything is kept on screen until "Done", then written in ONE transaction
(attendance.encode_sheet). A sheet is one document: half of it typed in must not look encoded
(unmarked rows become "absent" only when the sheet is finished), "Undo changes" can drop a
wrong start, and one commit is quicker than forty on an old PC. What is typed stays on the page
while it is open for the same event, even if the user visits another page meanwhile."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _, format_date, format_number
from smartdesk.services import attendance, events, people
from smartdesk.services.attendance import AttendanceCounts
from smartdesk.ui import errors
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.walk_in import PersonEntry
from smartdesk.ui.models.attendance import AttendanceModel
from smartdesk.ui.models.lazy import Column
from smartdesk.ui.pages.base import Page
from smartdesk.ui.pages.registrations import status_keys

RS = RegistrationStatus


@dataclass(frozen=True)
class SheetLine:
    """One row of the paper sheet as typed in: ``id`` is the person's (negative for someone
    new written on a blank row, created when the sheet is saved)."""

    id: int
    number: int
    first_name: str
    last_name: str
    organisation: str = ""
    commune: str = ""
    status: RegistrationStatus = RS.ABSENT
    walk_in: bool = False
    added: bool = False  # written by hand on a blank row, typed in now
    new_fields: dict[str, Any] | None = field(default=None, compare=False)


def _status_text(line: SheetLine) -> str:
    if line.status == RS.PRESENT:
        return "✔ " + _("Present")
    return _(line.status.label)


class EncodePage(Page):
    key = "encode"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.event_id: int | None = None
        self.shown_event: EventRecord | None = None
        self.lines: list[SheetLine] = []
        #: The statuses shown when the sheet was read, to know whether something was typed.
        self._initial: dict[int, RegistrationStatus] = {}
        self._next_new = -1
        self.save_task: Any = None

        layout = QVBoxLayout(self)
        self.title_label = QLabel(self)
        self.title_label.setObjectName("encode_title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        top = QHBoxLayout()
        self.when_label = QLabel(self)
        top.addWidget(self.when_label, 1)
        order_label = QLabel(_("&Order of the printed sheet:"), self)
        self.order = QComboBox(self)
        self.order.setObjectName("sheet_order")
        self.order.addItem(_("By name"), "name")
        self.order.addItem(_("By registration date"), "registration")
        order_label.setBuddy(self.order)
        self.order.currentIndexChanged.connect(self._reorder)
        top.addWidget(order_label)
        top.addWidget(self.order)
        layout.addLayout(top)

        self.model = AttendanceModel(
            [
                Column(
                    _("No."),
                    lambda line: format_number(line.number),
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                ),
                Column(_("Last name"), lambda line: line.last_name),
                Column(_("First name"), lambda line: line.first_name),
                Column(_("Organisation"), lambda line: line.organisation),
                Column(_("Commune"), lambda line: line.commune),
                Column(_("Attendance"), _status_text),
                Column(
                    _("Row"),
                    lambda line: _("written by hand") if line.added or line.walk_in else "",
                ),
            ],
            key=lambda line: line.id,
            greyed=lambda line: line.status == RS.ABSENT,
            bold_column=1,
        )
        self.table = QTableView(self)
        self.table.setObjectName("sheet_table")
        self.table.setModel(self.model)
        bold = self.table.font()
        bold.setBold(True)
        self.model.bold_font = bold
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # long names are elided, rows stay one line
        self.table.verticalHeader().setVisible(False)
        # Number, attendance and the "written by hand" mark: as wide as their texts; the
        # names, organisation and commune share the rest from what the sheet holds.
        self.columns = ColumnWidths(
            self.table,
            "encode/sheet_table",
            fixed={
                0: [format_number(999)],
                5: ["✔ " + _("Present"), *(_(s.label) for s in RS)],
                6: [_("written by hand")],
            },
            fonts={1: bold},
        )
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)
        keys = status_keys()
        self.hint = QLabel(
            _(
                "↑ ↓: next row · Space: present / absent · {excused}: excused · "
                "{absent}: absent · Del: remove a row written by hand"
            ).format(excused=keys[RS.EXCUSED], absent=keys[RS.ABSENT]),
            self,
        )
        self.hint.setStyleSheet("color: #555;")
        layout.addWidget(self.hint)

        self.blank_box = QGroupBox(self)
        box_layout = QHBoxLayout(self.blank_box)
        self.entry = PersonEntry(ctx, None, horizontal=True, parent=self.blank_box)
        self.entry.setObjectName("blank_row_entry")
        self.entry.duplicates.new_button.setText(_("No, a &new person (walk-in)"))
        self.entry.resolved.connect(self._add_written_row)
        box_layout.addWidget(self.entry, 1)
        self.add_button = QPushButton(_("A&dd the row"), self.blank_box)
        self.add_button.setObjectName("add_row")
        self.add_button.clicked.connect(self.entry.submit)
        box_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.blank_box)

        bottom = QHBoxLayout()
        self.summary = QLabel(self)
        self.summary.setObjectName("encode_summary")
        bottom.addWidget(self.summary, 1)
        self.undo_button = QPushButton(_("&Undo changes"), self)
        self.undo_button.setObjectName("undo_changes")
        self.undo_button.clicked.connect(self.reload)
        self.done_button = QPushButton(_("Done: &save the sheet (Ctrl+Enter)"), self)
        self.done_button.setObjectName("done")
        self.done_button.clicked.connect(self.save)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.done_button)
        layout.addLayout(bottom)
        for key in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

    # --- Page ------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Encode the signed sheet")

    def open(self, **kwargs: Any) -> None:
        event_id = kwargs.get("event_id")
        if event_id is not None and (int(event_id) != self.event_id or not self.dirty()):
            self.event_id = int(event_id)
            self.reload()
        self.table.setFocus()

    def refresh(self) -> None:
        # Shown again: what was typed and not saved stays; otherwise read the sheet again.
        if self.event_id is not None and not self.dirty():
            self.reload()

    # --- reading ---------------------------------------------------------------------------
    def reload(self) -> None:
        """The sheet as the database has it (drops what was typed and not saved)."""
        if self.event_id is None:
            return
        try:
            self.shown_event = events.get(self.ctx.db, self.event_id)
            rows = attendance.sign_in_rows(self.ctx.db, self.event_id, self.order.currentData())
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        event = self.shown_event
        self.title_label.setText(_("Signed sheet: {title}").format(title=event.title))
        self.when_label.setText(format_date(event.start, "full"))
        # Walk-ins were written on the blank rows, after the printed names: they follow them.
        printed = [r for r in rows if not r.walk_in]
        written = [r for r in rows if r.walk_in]
        self.lines = [
            SheetLine(
                id=r.person_id,
                number=n,
                first_name=r.first_name,
                last_name=r.last_name,
                organisation=r.organisation or "",
                commune=r.commune or "",
                # A row nobody signed is an absence once the sheet is done.
                status=r.status if r.status in (RS.PRESENT, RS.EXCUSED) else RS.ABSENT,
                walk_in=r.walk_in,
            )
            for n, r in enumerate(printed + written, start=1)
        ]
        self._initial = {line.id: line.status for line in self.lines}
        self._next_new = -1
        self.entry.clear()
        self._show_lines(0)

    def _reorder(self) -> None:
        if self.event_id is None:
            return
        if not self.dirty():
            self.reload()
            return
        # Keep what was typed: reorder the printed rows, renumber, keep the added ones last.
        try:
            rows = attendance.sign_in_rows(self.ctx.db, self.event_id, self.order.currentData())
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        rank = {r.person_id: i for i, r in enumerate(rows)}
        printed = sorted(
            (line for line in self.lines if line.id in rank and not line.walk_in),
            key=lambda line: rank[line.id],
        )
        others = [line for line in self.lines if line.id not in rank or line.walk_in]
        self.lines = [replace(line, number=n) for n, line in enumerate(printed + others, 1)]
        self._show_lines(0)

    def _show_lines(self, select: int | None = None) -> None:
        current = self.table.currentIndex().row() if select is None else select
        self.model.set_rows(self.lines)
        self.columns.measure(self.lines)
        if self.lines:
            row = max(0, min(current, len(self.lines) - 1))
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self._update_summary()
        self.blank_box.setTitle(
            _("Row {number} written by hand (someone who was not registered):").format(
                number=format_number(len(self.lines) + 1)
            )
        )

    # --- marking ---------------------------------------------------------------------------
    def dirty(self) -> bool:
        """Whether something was typed that is not saved yet."""
        return any(line.added or self._initial.get(line.id) != line.status for line in self.lines)

    def current_line(self) -> SheetLine | None:
        index = self.table.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def set_current(self, status: RegistrationStatus | None = None) -> None:
        """Give the current row a status; None toggles present ↔ absent."""
        line = self.current_line()
        if line is None:
            return
        if status is None:
            status = RS.ABSENT if line.status == RS.PRESENT else RS.PRESENT
        new = replace(line, status=status)
        self.lines[self.lines.index(line)] = new
        self.model.update_row(new)
        self._update_summary()

    def remove_current(self) -> None:
        line = self.current_line()
        if line is None or not line.added:
            return
        row = self.lines.index(line)
        del self.lines[row]
        self.lines = [replace(x, number=n) for n, x in enumerate(self.lines, 1)]
        self._show_lines(row)

    def _add_written_row(self, value: object) -> None:
        """A name written on a blank row: someone recognised (their id) or someone new."""
        if isinstance(value, int):
            known = next((line for line in self.lines if line.id == value), None)
            if known is not None:  # on the sheet already: they signed their own row too
                self.table.selectRow(self.lines.index(known))
                self.set_current(RS.PRESENT)
                self.entry.clear()
                self.entry.focus_first()
                return
            person = people.get(self.ctx.db, value)
            line = SheetLine(
                id=value,
                number=len(self.lines) + 1,
                first_name=person.first_name,
                last_name=person.last_name,
                organisation=person.organisation or "",
                commune=person.commune or "",
                status=RS.PRESENT,
                added=True,
            )
        else:
            assert isinstance(value, dict)
            line = SheetLine(
                id=self._next_new,
                number=len(self.lines) + 1,
                first_name=value.get("first_name", ""),
                last_name=value.get("last_name", ""),
                organisation=value.get("organisation", ""),
                commune=value.get("commune", ""),
                status=RS.PRESENT,
                added=True,
                new_fields=dict(value),
            )
            self._next_new -= 1
        self.lines.append(line)
        self.entry.clear()
        self._show_lines(len(self.lines) - 1)
        self.entry.focus_first()

    def _counts(self) -> dict[RegistrationStatus, int]:
        counts = dict.fromkeys(RS, 0)
        for line in self.lines:
            counts[line.status] += 1
        return counts

    def _update_summary(self) -> None:
        counts = self._counts()
        added = sum(line.added for line in self.lines)
        text = _(
            "{present} present · {absent} absent · {excused} excused · {added} added by hand"
        ).format(
            present=format_number(counts[RS.PRESENT]),
            absent=format_number(counts[RS.ABSENT]),
            excused=format_number(counts[RS.EXCUSED]),
            added=format_number(added),
        )
        if self.dirty():
            text += " — " + _("not saved yet")
        self.summary.setText(text)
        self.done_button.setEnabled(not self.ctx.read_only and self.save_task is None)

    # --- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        """Write the whole sheet in one transaction, in the background."""
        if self.event_id is None or self.ctx.read_only or self.save_task is not None:
            return
        marks = {line.id: line.status for line in self.lines if not line.added}
        walk_ins: list[int | dict[str, Any]] = [
            line.new_fields if line.new_fields is not None else line.id
            for line in self.lines
            if line.added and line.status == RS.PRESENT
        ]
        self.done_button.setEnabled(False)
        self.save_task = self.ctx.run(
            self,
            attendance.encode_sheet,
            self.event_id,
            marks,
            walk_ins,
            on_success=self._saved_sheet,
            on_failure=self._save_failed,
        )

    def _saved_sheet(self, counts: AttendanceCounts) -> None:
        self.save_task = None
        self.reload()
        self.summary.setText(
            _("Saved: {present} present, {absent} absent, {excused} excused.").format(
                present=format_number(counts.present),
                absent=format_number(counts.absent),
                excused=format_number(counts.excused),
            )
        )
        self.ctx.changed.emit("attendance")
        if any(line.new_fields for line in self.lines):
            self.ctx.changed.emit("people")

    def _save_failed(self, exc: BaseException) -> None:
        self.save_task = None
        self._update_summary()
        if isinstance(exc, SmartDeskError):
            errors.show_error(self, exc.message)
        else:
            errors.show_unexpected(self, exc)

    # --- keys ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            # The list view takes Ctrl+Enter before the page's shortcut sees it.
            self.save()
            return True
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            key = event.key()
            if key == Qt.Key.Key_Space:
                self.set_current(None)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # like a spreadsheet: next row
                row = self.table.currentIndex().row()
                self.table.selectRow(min(row + 1, self.model.rowCount() - 1))
                return True
            if key == Qt.Key.Key_Delete:
                self.remove_current()
                return True
            typed = event.text().casefold()
            for status, letter in status_keys().items():
                if typed and typed == letter.casefold():
                    self.set_current(status)
                    return True
        return super().eventFilter(watched, event)
