"""Événements: every event, the coming ones first (soonest on top), then the past ones greyed
(most recent first); filters by kind, status, period and commune; the window's search field
looks in the titles and venues. Enter or a double-click opens the editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _, format_date, format_datetime, format_time_range, ngettext
from smartdesk.services import events
from smartdesk.ui import clock, errors
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.pages.base import Page

PERIODS = ("all", "upcoming", "this_year", "last_12_months", "custom")


def _period_label(key: str) -> str:
    return {
        "all": _("All dates"),
        "upcoming": _("Upcoming"),
        "this_year": _("This year"),
        "last_12_months": _("Last 12 months"),
        "custom": _("Period…"),
    }[key]


def period_bounds(
    key: str, today: dt.date, custom: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date | None, dt.date | None]:
    if key == "upcoming":
        return today, None
    if key == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    if key == "last_12_months":
        return today - dt.timedelta(days=365), today
    if key == "custom" and custom:
        return custom
    return None, None


class EventsPage(Page):
    key = "events"

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self._search = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)

        filters = QHBoxLayout()
        self.kind = QComboBox(self)
        self.kind.setObjectName("kind_filter")
        self.kind.addItem(_("All kinds"), None)
        for kind in EventKind:
            self.kind.addItem(_(kind.label), kind.value)
        self.status = QComboBox(self)
        self.status.setObjectName("status_filter")
        self.status.addItem(_("All statuses"), None)
        for status in EventStatus:
            self.status.addItem(_(status.label), status.value)
        self.period = QComboBox(self)
        self.period.setObjectName("period_filter")
        for key in PERIODS:
            self.period.addItem(_period_label(key), key)
        self.date_from = QDateEdit(self)
        self.date_to = QDateEdit(self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setVisible(False)
        today = clock.today()
        self.date_from.setDate(QDate(today.year, 1, 1))
        self.date_to.setDate(QDate(today.year, 12, 31))
        self.commune = QComboBox(self)
        self.commune.setObjectName("commune_filter")
        self.commune.setMinimumContentsLength(14)
        self.commune.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        for label, combo in (
            (_("&Kind:"), self.kind),
            (_("S&tatus:"), self.status),
            (_("&Period:"), self.period),
        ):
            caption = QLabel(label, self)
            caption.setBuddy(combo)
            filters.addWidget(caption)
            filters.addWidget(combo)
        filters.addWidget(self.date_from)
        filters.addWidget(self.date_to)
        caption = QLabel(_("C&ommune:"), self)
        caption.setBuddy(self.commune)
        filters.addWidget(caption)
        filters.addWidget(self.commune)
        filters.addStretch(1)
        layout.addLayout(filters)
        for combo in (self.kind, self.status, self.period, self.commune):
            combo.currentIndexChanged.connect(self._filters_changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self._filters_changed)

        self.model = LazyTableModel(
            [
                Column(_("Date"), lambda e: format_date(e.start, "medium")),
                Column(_("Time"), lambda e: format_time_range(e.start, e.end)),
                Column(_("Kind"), lambda e: _(e.kind.label)),
                Column(
                    _("Title"),
                    lambda e: e.title,
                    tooltip=lambda e: e.description or e.title,
                ),
                Column(_("Venue"), lambda e: e.venue or ""),
                Column(_("Commune"), lambda e: e.commune or ""),
                Column(_("Status"), lambda e: _(e.status.label)),
            ],
            fetch=lambda ids: events.events_by_id(self.ctx.db, ids),
            greyed=self._greyed,
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setObjectName("events_table")
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # Date, time, kind and status hold texts known in advance: as wide as the widest in
        # this language. Title, venue and commune share the rest from what the list holds.
        sample = dt.datetime(2020, 12, 28, 19, 30)
        self.columns = ColumnWidths(
            self.table,
            "events/events_table",
            fixed={
                0: [format_date(sample.replace(month=m), "medium") for m in range(1, 13)],
                1: [format_time_range(sample, sample + dt.timedelta(minutes=10))],
                2: [_(k.label) for k in EventKind],
                6: [_(s.label) for s in EventStatus],
            },
            weights={3: 1.5},  # the title says which event: cut last
        )
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())
        layout.addWidget(self.table, 1)

        bottom = QHBoxLayout()
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count_label")
        bottom.addWidget(self.count_label, 1)
        self.new_button = QPushButton(_("&New event"), self)
        self.new_button.setObjectName("new_event")
        self.new_button.setToolTip(_("Ctrl+N"))
        self.new_button.clicked.connect(self.new_event)
        self.open_button = QPushButton(_("&Open"), self)
        self.open_button.setObjectName("open_event")
        self.open_button.clicked.connect(self.edit_selected)
        self.duplicate_button = QPushButton(_("D&uplicate…"), self)
        self.duplicate_button.setObjectName("duplicate_event")
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button = QPushButton(_("&Delete"), self)
        self.delete_button.setObjectName("delete_event")
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (
            self.new_button,
            self.open_button,
            self.duplicate_button,
            self.delete_button,
        ):
            bottom.addWidget(button)
        layout.addLayout(bottom)

        QShortcut(QKeySequence.StandardKey.New, self, self.new_event)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected)
        self._communes_loaded = False

    # --- the page contract ----------------------------------------------------------------
    def title(self) -> str:
        return _("Events")

    def search_placeholder(self) -> str | None:
        return _("Search events by title or venue")

    def set_search(self, text: str) -> None:
        self._search = text
        self.refresh()

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        if kwargs.get("new"):
            self.new_event()
        elif kwargs.get("event_id") is not None:
            self.select(kwargs["event_id"])
            self.edit_event(kwargs["event_id"])

    def refresh(self) -> None:
        self._fill_communes()
        today = clock.today()
        period = self.period.currentData()
        custom = (self.date_from.date().toPython(), self.date_to.date().toPython())
        self.date_from.setVisible(period == "custom")
        self.date_to.setVisible(period == "custom")
        date_from, date_to = period_bounds(period, today, custom)
        selected = self.selected_event_id()
        ids = events.find_events(
            self.ctx.db,
            today,
            text=self._search,
            kind=self.kind.currentData(),
            status=self.status.currentData(),
            date_from=date_from,
            date_to=date_to,
            commune=self.commune.currentData(),
        )
        self.model.set_ids(ids)
        self.model.invalidate()
        self.columns.measure_first_rows(200)
        self.count_label.setText(ngettext("{n} event", "{n} events", len(ids)).format(n=len(ids)))
        if selected is not None:
            self.select(selected)
        elif ids and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _filters_changed(self) -> None:
        self.refresh()

    def _fill_communes(self) -> None:
        current = self.commune.currentData()
        names = events.event_communes(self.ctx.db)
        if (
            self._communes_loaded
            and [self.commune.itemData(i) for i in range(1, self.commune.count())] == names
        ):
            return
        self.commune.blockSignals(True)
        self.commune.clear()
        self.commune.addItem(_("All communes"), None)
        for name in names:
            self.commune.addItem(name, name)
        index = self.commune.findData(current) if current else 0
        self.commune.setCurrentIndex(max(index, 0))
        self.commune.blockSignals(False)
        self._communes_loaded = True

    def _greyed(self, event: EventRecord) -> bool:
        return event.start.date() < clock.today() or event.status == EventStatus.CANCELLED

    # --- selection and actions ---------------------------------------------------------
    def selected_event_id(self) -> int | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.id_at(index.row())

    def select(self, event_id: int) -> None:
        row = self.model.row_of(event_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.scrollTo(self.model.index(row, 0))

    def new_event(self) -> None:
        self._edit(None)

    def edit_selected(self) -> None:
        event_id = self.selected_event_id()
        if event_id is not None:
            self._edit(event_id)

    def edit_event(self, event_id: int) -> None:
        self._edit(event_id)

    def _edit(self, event_id: int | None) -> None:
        from smartdesk.ui.dialogs.event_editor import EventEditor

        editor = EventEditor(self.ctx, event_id, self)
        editor.exec()
        saved = editor.event_id
        self.refresh()
        if saved is not None:
            self.select(saved)
        self.table.setFocus()

    def delete_selected(self) -> None:
        event_id = self.selected_event_id()
        if event_id is None:
            return
        event = self.model.record_at(self.table.currentIndex().row())
        answer = QMessageBox.question(
            self,
            _("Delete the event"),
            _(
                "Delete “{title}” of {date}, with its registrations, attendance and agenda? "
                "This cannot be undone."
            ).format(title=event.title, date=format_datetime(event.start, "short")),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            events.delete(self.ctx.db, event_id)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.ctx.changed.emit("events")
        self.refresh()

    def duplicate_selected(self) -> None:
        event_id = self.selected_event_id()
        if event_id is None:
            return
        event = self.model.record_at(self.table.currentIndex().row())
        proposed = event.start + dt.timedelta(days=7)
        text, ok = QInputDialog.getText(
            self,
            _("Duplicate the event"),
            _("Date and time of the copy (e.g. {example}):").format(
                example=proposed.strftime("%Y-%m-%d %H:%M")
            ),
            text=proposed.strftime("%Y-%m-%d %H:%M"),
        )
        if not ok:
            return
        try:
            copy = events.duplicate(self.ctx.db, event_id, text)
        except SmartDeskError as exc:
            errors.show_error(self, exc.message)
            return
        self.ctx.changed.emit("events")
        self.refresh()
        self.select(copy.id)
