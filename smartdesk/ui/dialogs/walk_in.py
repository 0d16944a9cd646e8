"""Someone to add at an event: the walk-in at the door, a name written by hand on a blank row of
the sign-in sheet, a quick-add in the registrations tab. All three ask the same question before
saving: is this somebody we already know? (same e-mail, same or similar name) — so that the
secretary can say "it's this person" instead of creating a duplicate."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _
from smartdesk.services import attendance
from smartdesk.services.attendance import PossibleDuplicate
from smartdesk.ui.column_widths import ColumnFit, no_horizontal_scrolling
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.attendance import AttendanceModel
from smartdesk.ui.models.lazy import Column

#: The fields a person entry may show, with their labels (mnemonics for Alt+letter; the colon
#: in the translated string, as every form of the application has it).
FIELD_LABELS = {
    "first_name": lambda: _("&First name:"),
    "last_name": lambda: _("&Last name:"),
    "organisation": lambda: _("&Organisation:"),
    "commune": lambda: _("&Commune:"),
    "email": lambda: _("&E-mail:"),
}
#: The same fields named in a sentence ("First name is required.").
FIELD_NAMES = {
    "first_name": lambda: _("&First name"),
    "last_name": lambda: _("&Last name"),
    "organisation": lambda: _("&Organisation"),
    "commune": lambda: _("&Commune"),
    "email": lambda: _("&E-mail"),
}


def _reason(d: PossibleDuplicate) -> str:
    return {
        "email": _("Same e-mail"),
        "name": _("Same name"),
        "similar": _("Similar name"),
    }[d.reason]


class _DuplicateTable(QTableView):
    activated_row = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.activated_row.emit()
            return
        super().keyPressEvent(event)


class DuplicateChoice(QWidget):
    """ "This person may already exist": the look-alikes, and the two ways out."""

    chosen = Signal(int)  # "it's this person": their id
    create_new = Signal()  # "no, a new person"

    def __init__(self, parent: QWidget | None = None, new_label: str | None = None):
        super().__init__(parent)
        self.setObjectName("duplicate_choice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #8a4b00; font-weight: bold;")
        layout.addWidget(self.message)
        self.model = AttendanceModel(
            [
                Column(_("Last name"), lambda d: d.person.last_name),
                Column(_("First name"), lambda d: d.person.first_name),
                Column(_("Organisation"), lambda d: d.person.organisation or ""),
                Column(_("Commune"), lambda d: d.person.commune or ""),
                Column(_("E-mail"), lambda d: d.person.email or ""),
                Column(_("Why"), _reason),
                Column(  # the picker's words for the same thing
                    _("This event"),
                    lambda d: _("Already registered") if d.registered else _("Not registered"),
                ),
            ],
            key=lambda d: d.person.id,
        )
        self.table = _DuplicateTable(self)
        self.table.setObjectName("duplicates")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # long names are elided, rows stay one line
        self.table.verticalHeader().setVisible(False)
        # Every column in sight, the longest cut first: no scroll bar over the rows.
        self.fit = ColumnFit(self.table, grow=2)  # the spare width to the organisation
        no_horizontal_scrolling(self.table)
        self.table.activated_row.connect(self._choose)
        self.table.doubleClicked.connect(lambda _i: self._choose())
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        self.same_button = QPushButton(_("It's &this person"), self)
        self.same_button.setObjectName("same_person")
        self.same_button.clicked.connect(self._choose)
        self.new_button = QPushButton(new_label or _("No, a &new person"), self)
        self.new_button.setObjectName("new_person")
        self.new_button.clicked.connect(self.create_new)
        for button in (self.same_button, self.new_button):
            button.setAutoDefault(False)  # Enter in a field must not press them in a dialog
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

    def set_candidates(self, candidates: Sequence[PossibleDuplicate], name: str) -> None:
        self.message.setText(
            _("“{name}” may already be known. Is it one of these people?").format(name=name)
        )
        self.model.set_rows(candidates)
        self.fit.refit()
        # Room for up to four look-alikes without scrolling (more scroll, vertically only).
        line = self.table.fontMetrics().height() + 10
        rows = min(len(candidates), 4)
        self.table.verticalHeader().setDefaultSectionSize(line)
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + line * rows + 2 * self.table.frameWidth())
        self.table.selectRow(0)

    def _choose(self) -> None:
        index = self.table.currentIndex()
        row = index.row() if index.isValid() else 0
        record = self.model.record_at(row)
        if record is not None:
            self.chosen.emit(record.person.id)


class PersonEntry(QWidget):
    """A few fields for a new person; ``submit()`` asks about look-alikes first, then emits
    ``resolved`` with an existing person's id ("it's this person") or the new person's fields
    (a dict for services.people / attendance). The caller decides what to do with it."""

    resolved = Signal(object)
    #: The look-alikes are shown: the window around may need to grow to show them whole.
    asking = Signal()

    def __init__(
        self,
        ctx: AppContext,
        event_id: int | None,
        fields: Sequence[str] = ("first_name", "last_name", "organisation", "commune"),
        horizontal: bool = False,
        parent: QWidget | None = None,
        per_row: int | None = None,
    ):
        """``horizontal``: the fields in one strip; with ``per_row``, in rows of that many
        (label and field), so that each field keeps a usable width in a narrow window."""
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.edits: dict[str, QLineEdit] = {}
        self._checked: dict[str, str] | None = None  # the values the look-alikes were shown for
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form: QFormLayout | QHBoxLayout | QGridLayout
        self.grid: QGridLayout | None = None
        if per_row:
            form = self.grid = QGridLayout()
            for pair in range(per_row):
                form.setColumnStretch(2 * pair + 1, 1)
        else:
            form = QHBoxLayout() if horizontal else QFormLayout()
        for position, name in enumerate(fields):
            edit = QLineEdit(self)
            edit.setObjectName(name)
            edit.returnPressed.connect(self.submit)
            edit.textEdited.connect(self._edited)
            label = QLabel(FIELD_LABELS[name](), self)
            label.setBuddy(edit)
            if isinstance(form, QFormLayout):
                form.addRow(label, edit)
            elif isinstance(form, QGridLayout):
                assert per_row is not None
                row, pair = divmod(position, per_row)
                form.addWidget(label, row, 2 * pair)
                form.addWidget(edit, row, 2 * pair + 1)
            else:
                form.addWidget(label)
                form.addWidget(edit, 2 if name in ("first_name", "last_name") else 1)
            self.edits[name] = edit
        self.per_row = per_row
        self.fields_count = len(fields)
        outer.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.error.hide()
        outer.addWidget(self.error)
        self.duplicates = DuplicateChoice(self)
        self.duplicates.hide()
        self.duplicates.chosen.connect(self._chosen)
        self.duplicates.create_new.connect(self._create_new)
        outer.addWidget(self.duplicates)

    def add_to_fields(self, widget: QWidget) -> None:
        """A widget (the strip's button) in the first free place after the fields, in the room
        left in that row (rows of ``per_row`` only)."""
        assert self.per_row is not None and self.grid is not None
        row, pair = divmod(self.fields_count, self.per_row)
        span = 2 * (self.per_row - pair)
        self.grid.addWidget(widget, row, 2 * pair, 1, span, Qt.AlignmentFlag.AlignLeft)

    def values(self) -> dict[str, str]:
        return {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}

    def name(self) -> str:
        v = self.values()
        return " ".join(x for x in (v.get("first_name"), v.get("last_name")) if x)

    def set_values(self, **values: str) -> None:
        for key, value in values.items():
            self.edits[key].setText(value)

    def clear(self) -> None:
        for edit in self.edits.values():
            edit.clear()
        self._reset()

    def focus_first(self) -> None:
        first = next(iter(self.edits.values()))
        first.setFocus()
        first.selectAll()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _edited(self, _text: str) -> None:
        if self._checked is not None:  # the name changed: ask again on the next save
            self._reset()

    def _reset(self) -> None:
        self._checked = None
        self.duplicates.hide()
        self.error.hide()

    def submit(self) -> None:
        values = self.values()
        missing = [
            FIELD_NAMES[k]().replace("&", "")
            for k in ("first_name", "last_name")
            if k in self.edits and k not in values
        ]
        if missing:
            self.show_error(_("{field} is required.").format(field=missing[0]))
            self.edits["first_name" if "first_name" not in values else "last_name"].setFocus()
            return
        self.error.hide()
        if self._checked == values:  # the look-alikes are shown: Enter again = a new person
            self._create_new()
            return
        try:
            candidates = attendance.possible_duplicates(
                self.ctx.db,
                values.get("first_name"),
                values.get("last_name"),
                email=values.get("email"),
                commune=values.get("commune"),
                event_id=self.event_id,
            )
        except SmartDeskError as exc:
            self.show_error(exc.message)
            return
        if candidates:
            self._checked = values
            self.duplicates.set_candidates(candidates, self.name())
            self.duplicates.show()
            self.duplicates.table.setFocus()
            self.asking.emit()
            return
        self.resolved.emit(values)

    def _chosen(self, person_id: int) -> None:
        self._reset()
        self.resolved.emit(person_id)

    def _create_new(self) -> None:
        values = self.values()
        self._reset()
        self.resolved.emit(values)


class WalkInDialog(QDialog):
    """Check-in at the door: someone who did not register. Two fields are enough (first and last
    name); organisation and commune if they say. Saving marks them present."""

    arrived = Signal(object)  # the AttendanceRow

    def __init__(
        self, ctx: AppContext, event_id: int, parent: QWidget | None = None, last_name: str = ""
    ):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.row: Any = None
        self.setObjectName("walk_in_dialog")
        self.setWindowTitle(_("Walk-in"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Someone who did not register: their name, and they are marked present."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.entry = PersonEntry(ctx, event_id, parent=self)
        self.entry.resolved.connect(self._save)
        self.entry.asking.connect(self.fit_to_content)
        layout.addWidget(self.entry)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.save_button = QPushButton(_("&Save and mark present"), self)
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.entry.submit)
        cancel = QPushButton(_("Cancel"), self)
        cancel.clicked.connect(self.reject)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout.addStretch(1)
        layout.addLayout(buttons)
        # Enter in a field already submits the entry (returnPressed): a default button would
        # submit it a second time and answer the duplicate question before it is seen.
        for button in (self.save_button, cancel):
            button.setAutoDefault(False)
        if last_name:
            self.entry.set_values(last_name=last_name)
        self.resize(820, 300)

    def fit_to_content(self) -> None:
        """The look-alikes shown: wider if their columns want it and there is room (the screen,
        or the window it was opened over), and tall enough for every line (the word-wrapped
        ones too: a layout's minimum size does not count them, its buttons would overlap)."""
        layout = self.layout()
        margins = layout.contentsMargins()
        wanted = self.entry.duplicates.fit.wanted_width() + margins.left() + margins.right()
        room = self.screen().availableGeometry().width()
        parent = self.parentWidget()
        if parent is not None:
            room = max(room, parent.window().width())
        width = max(self.width(), min(wanted, room - 40))
        layout.activate()
        height = max(
            self.height(), layout.totalHeightForWidth(width), layout.totalMinimumSize().height()
        )
        self.resize(width, height)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.entry.focus_first()

    def _save(self, value: object) -> None:
        try:
            if isinstance(value, int):
                row = attendance.walk_in_person(self.ctx.db, self.event_id, value)
            else:
                assert isinstance(value, dict)
                row = attendance.walk_in(self.ctx.db, self.event_id, **value)
        except SmartDeskError as exc:
            self.entry.show_error(exc.message)
            return
        self.row = row
        self.arrived.emit(row)
        self.accept()
