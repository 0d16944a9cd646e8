"""A search-as-you-type person picker: type a name, ↓/↑ to choose, Enter (or a double-click)
to pick. The keys stay in the field; the proposals show under it, those already taken greyed
(the first one not taken is chosen). Same keys as the event editor's registrations tab."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import PersonRecord
from smartdesk.i18n import _
from smartdesk.services import people
from smartdesk.ui import errors
from smartdesk.ui.column_widths import ColumnFit, no_horizontal_scrolling
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.attendance import AttendanceModel
from smartdesk.ui.models.lazy import Column

#: How many people the picker proposes (the first ones in name order).
PICKER_LIMIT = 8
#: Wait this long after the last keystroke before searching (a 50,000-people LIKE is not free).
PICKER_DELAY_MS = 120


class PersonPicker(QWidget):
    #: The person chosen with Enter or a double-click.
    picked = Signal(object)
    #: A sentence for the user (nobody found …).
    message = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        label: str,
        placeholder: str,
        taken_text: str,
        parent: QWidget | None = None,
        nobody_text: str | None = None,
        taken_header: str = "",
    ):
        super().__init__(parent)
        self.ctx = ctx
        #: Ids of people already taken (greyed, not chosen first).
        self.taken: set[int] = set()
        # As tall as its field and proposals, never stretched by the page around it.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._nobody = nobody_text or _("Nobody by that name: add them on the People page first.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        caption = QLabel(label, self)
        self.field = QLineEdit(self)
        self.field.setObjectName("picker")
        self.field.setPlaceholderText(placeholder)
        self.field.setClearButtonEnabled(True)
        caption.setBuddy(self.field)
        self.field.textEdited.connect(self._edited)
        self.field.installEventFilter(self)
        row.addWidget(caption)
        row.addWidget(self.field, 1)
        layout.addLayout(row)
        self.model = AttendanceModel(
            [
                Column(_("Last name"), lambda p: p.last_name),
                Column(_("First name"), lambda p: p.first_name),
                Column(_("Organisation"), lambda p: p.organisation or ""),
                Column(_("Commune"), lambda p: p.commune or ""),
                Column(taken_header, lambda p: taken_text if p.id in self.taken else ""),
            ],
            key=lambda p: p.id,
            greyed=lambda p: p.id in self.taken,
        )
        self.results = QTableView(self)
        self.results.setObjectName("picker_results")
        self.results.setModel(self.model)
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setWordWrap(False)
        self.results.verticalHeader().setVisible(False)
        self.fit = ColumnFit(self.results, grow=2)  # the organisation takes the spare width
        no_horizontal_scrolling(self.results)
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay in the field
        self.results.doubleClicked.connect(lambda index: self.pick_row(index.row()))
        self.results.hide()
        layout.addWidget(self.results)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PICKER_DELAY_MS)
        self.timer.timeout.connect(self.search_now)

    def _edited(self, _text: str) -> None:
        self.message.emit("")  # what was said about the previous letters no longer holds
        self.timer.start()

    def clear(self) -> None:
        self.field.clear()
        self.model.set_rows([])
        self.results.hide()
        self._relayout()

    def _relayout(self) -> None:
        """The page around takes the new height now: without this it keeps the height the
        proposals had, and the field floats in an empty band until its next layout."""
        self.layout().activate()
        self.updateGeometry()

    def search_now(self) -> None:
        """Look up the people matching the field (the timer calls this)."""
        self.timer.stop()
        text = self.field.text().strip()
        if not text:
            self.model.set_rows([])
            self.results.hide()
            self._relayout()
            return
        try:
            found: list[PersonRecord] = people.search(self.ctx.db, text, limit=PICKER_LIMIT)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.model.set_rows(found)
        self.results.setVisible(bool(found))
        if found:
            line = self.results.verticalHeader().defaultSectionSize()
            header = self.results.horizontalHeader().sizeHint().height()
            self.results.setFixedHeight(header + line * len(found) + 2 * self.results.frameWidth())
            self.fit.refit()
            first = next((i for i, p in enumerate(found) if p.id not in self.taken), 0)
            self.results.selectRow(first)
        else:
            self.message.emit(self._nobody)
        self._relayout()

    def pick_row(self, row: int) -> None:
        person = self.model.record_at(row)
        if person is not None:
            self.picked.emit(person)

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count:
            index = self.results.currentIndex()
            row = index.row() + step if index.isValid() else 0
            self.results.selectRow(max(0, min(count - 1, row)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                if self.timer.isActive():
                    self.search_now()
                self._move(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive() or not self.model.rowCount():
                    self.search_now()
                index = self.results.currentIndex()
                if index.isValid():
                    self.pick_row(index.row())
                return True
            if key == Qt.Key.Key_Escape and self.field.text():
                self.clear()
                return True
        return super().eventFilter(watched, event)
