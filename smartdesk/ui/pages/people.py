"""Personnes: everybody the town hall or the GAL knows, as one lazy list (ids from one SQL query
in the shared sort order, records fetched a page at a time as rows are painted), filtered as
the user types in the window's search field and by commune, sector and consent. New, edit,
merge two, erase or anonymise (the RGPD services: the statistics keep an anonymous count, and
the erasure reaches the GAL with the next summary workbook)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import PersonRecord
from smartdesk.i18n import _, format_date, format_number, ngettext
from smartdesk.services import organisations, people
from smartdesk.services.privacy import anonymise_person, erase_person
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.merge_people import MergePeopleDialog
from smartdesk.ui.dialogs.person_editor import OPEN_EXISTING, PersonEditor, _tidy
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.pages.base import Page


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone; the safe answer is the default."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is go


def display_name(p: PersonRecord) -> str:
    """Last name first, as the list is sorted."""
    if p.anonymised:
        return _("Anonymised person #{id}").format(id=p.id)
    return f"{p.last_name} {p.first_name}".strip()


def consent_text(p: PersonRecord) -> str:
    if not p.consent:
        return _("No")
    if p.consent_date is None:
        return _("Yes")
    return _("Yes, {date}").format(date=format_date(p.consent_date, "short"))


def consent_texts() -> list[str]:
    """Every text the consent column can show, with the widest date of the locale."""
    return [_("No"), _("Yes"), _("Yes, {date}").format(date=format_date(WIDEST_DATE, "short"))]


CONSENT_COLUMN = 6
#: Two-digit day and month: the widest short date in any of our locales.
WIDEST_DATE = dt.date(2020, 12, 28)


def person_columns() -> list[Column]:
    return [
        Column(_("Name"), display_name),
        Column(
            _("Organisation"),
            lambda p: p.organisation or "",
            tooltip=lambda p: p.organisation or "",
        ),
        Column(_("Commune"), lambda p: p.commune or ""),
        Column(
            _("Sector"),
            lambda p: _(p.sector.label) if p.sector else "",
            tooltip=lambda p: _(p.sector.label) if p.sector else "",
        ),
        Column(_("E-mail"), lambda p: p.email or ""),
        Column(_("Phone"), lambda p: p.phone or ""),
        Column(
            _("Consent"),
            consent_text,
            tooltip=lambda p: _(p.consent_method.label) if p.consent_method else "",
        ),
    ]


class ListView(QTableView):
    """A list whose Enter opens the current row (double-click does the same)."""

    open_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit()
            return
        super().keyPressEvent(event)


class PeoplePage(Page):
    key = "people"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.search_text = ""
        self.editor: PersonEditor | None = None
        self.merge_dialog: MergePeopleDialog | None = None

        self.commune_filter = QComboBox(self)
        self.commune_filter.setObjectName("commune_filter")
        self.sector_filter = QComboBox(self)
        self.sector_filter.setObjectName("sector_filter")
        self.sector_filter.addItem(_("All sectors"), None)
        for sector in Sector:
            self.sector_filter.addItem(_(sector.label), sector.value)
        self.consent_filter = QComboBox(self)
        self.consent_filter.setObjectName("consent_filter")
        self.consent_filter.addItem(_("With or without consent"), None)
        self.consent_filter.addItem(_("Agreed to be contacted"), True)
        self.consent_filter.addItem(_("Did not agree"), False)
        self._fill_communes()
        for combo in (self.commune_filter, self.sector_filter, self.consent_filter):
            combo.currentIndexChanged.connect(lambda _index: self.reload())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")

        filters = QHBoxLayout()
        caption = QLabel(_("&Show:"), self)
        caption.setBuddy(self.commune_filter)
        filters.addWidget(caption)
        filters.addWidget(self.commune_filter)
        filters.addWidget(self.sector_filter)
        filters.addWidget(self.consent_filter)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        # Pages of 60 records: a screen shows about 25 rows, and each keystroke of a search
        # fetches the first page again (200 would cost three times as much).
        self.model = LazyTableModel(
            person_columns(),
            self._fetch,
            page_size=60,
            greyed=lambda p: p.anonymised,
            parent=self,
        )
        self.table = ListView(self)
        self.table.setObjectName("people_table")
        self.table.setModel(self.model)
        _tidy(self.table)
        # The consent column holds "No", "Yes" or "Yes, <a date>": as wide as the longest;
        # the others share the width from what the first page of the list holds.
        self.columns = ColumnWidths(
            self.table,
            "people/people_table",
            fixed={CONSENT_COLUMN: consent_texts()},
            weights={0: 1.5, 1: 1.5},  # who, and which body: cut last
        )
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.open_requested.connect(self.edit_current)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.new_button = QPushButton(_("&New person…"), self)
        self.new_button.setObjectName("new_person")
        self.new_button.setToolTip(_("Ctrl+N"))
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.merge_button = QPushButton(_("&Merge the two…"), self)
        self.merge_button.setObjectName("merge_people")
        self.anonymise_button = QPushButton(_("&Anonymise…"), self)
        self.erase_button = QPushButton(_("E&rase…"), self)
        self.new_button.clicked.connect(self.new_person)
        self.edit_button.clicked.connect(self.edit_current)
        self.merge_button.clicked.connect(self.merge_selected)
        self.anonymise_button.clicked.connect(self.anonymise_current)
        self.erase_button.clicked.connect(self.erase_current)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_person)

        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.merge_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.anonymise_button)
        actions.addWidget(self.erase_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        ctx.changed.connect(self._on_changed)
        self.reload()

    # --- Page ----------------------------------------------------------------------------
    def title(self) -> str:
        return _("People")

    def search_placeholder(self) -> str | None:
        return _("Search a name or an e-mail…")

    def set_search(self, text: str) -> None:
        self.search_text = text
        self.reload()

    def refresh(self) -> None:
        self.model.invalidate()
        self._fill_communes()
        self.reload()

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        person_id = kwargs.get("person_id")
        if person_id is not None:
            self.select_id(person_id)
            if kwargs.get("edit"):
                self.open_editor(person_id)

    # --- the list ------------------------------------------------------------------------
    def _fetch(self, ids: list[int]) -> dict[int, PersonRecord]:
        return people.get_many(self.ctx.db, ids)

    def _fill_communes(self) -> None:
        current = self.commune_filter.currentData()
        self.commune_filter.blockSignals(True)
        self.commune_filter.clear()
        self.commune_filter.addItem(_("All communes"), None)
        for name in organisations.commune_names(self.ctx.db):
            self.commune_filter.addItem(name, name)
        self.commune_filter.setCurrentIndex(max(0, self.commune_filter.findData(current)))
        self.commune_filter.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        return {
            "commune": self.commune_filter.currentData(),
            "sector": self.sector_filter.currentData(),
            "consent": self.consent_filter.currentData(),
        }

    def reload(self) -> None:
        """Ask the service for the ids that match (one quick query), keep the current row."""
        current = self.current_id()
        try:
            ids = people.search_ids(self.ctx.db, self.search_text, **self.filters())
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.model.set_ids(ids)
        self.columns.measure_first_rows()
        n = len(ids)
        self.count_label.setText(ngettext("{n} person", "{n} people", n).format(n=format_number(n)))
        if current is not None and self.model.row_of(current) is not None:
            self.select_id(current)
        self._update_buttons()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def select_id(self, person_id: int) -> None:
        row = self.model.row_of(person_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.scrollTo(index)

    def _update_buttons(self, *_args: object) -> None:
        selected = self.selected_ids()
        writable = not self.ctx.read_only
        self.new_button.setEnabled(writable)
        self.edit_button.setEnabled(len(selected) == 1)
        self.merge_button.setEnabled(writable and len(selected) == 2)
        self.anonymise_button.setEnabled(writable and len(selected) == 1)
        self.erase_button.setEnabled(writable and len(selected) == 1)

    def _on_changed(self, kind: str) -> None:
        if kind in ("people", "organisations", "attendance"):
            self.refresh()

    # --- actions -------------------------------------------------------------------------
    def new_person(self) -> None:
        if not self.ctx.read_only:
            self.open_editor(None)

    def edit_current(self) -> None:
        person_id = self.current_id()
        if person_id is not None:
            self.open_editor(person_id)

    def open_editor(self, person_id: int | None) -> PersonEditor:
        editor = PersonEditor(self.ctx, person_id, self)
        self.editor = editor
        editor.finished.connect(lambda result: self._editor_closed(editor, result))
        editor.open()
        editor.activateWindow()  # typing goes to the form at once, whatever the window manager
        return editor

    def _editor_closed(self, editor: PersonEditor, result: int) -> None:
        if self.editor is editor:
            self.editor = None
        editor.deleteLater()
        if result == OPEN_EXISTING and editor.existing_id is not None:
            self.select_id(editor.existing_id)
            self.open_editor(editor.existing_id)
        elif editor.saved is not None:
            self.refresh()  # the changed signal already did; the row must be the saved one
            self.select_id(editor.saved.id)

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            self.ctx.show_error(self, _("Select the two people to merge (Ctrl+click)."))
            return
        dialog = MergePeopleDialog(self.ctx, ids[0], ids[1], self)
        self.merge_dialog = dialog

        def closed(_result: int) -> None:
            self.merge_dialog = None
            dialog.deleteLater()
            if dialog.merged is not None:
                self.select_id(dialog.merged.id)

        dialog.finished.connect(closed)
        dialog.open()
        dialog.activateWindow()

    def _current_record(self) -> PersonRecord | None:
        index = self.table.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def anonymise_current(self) -> None:
        person = self._current_record()
        if person is None or person.anonymised:
            return
        text = _(
            "Anonymise {name}?\n\nTheir name, e-mail, phone, function and notes are erased for "
            "good. Their attendance stays in the statistics as an anonymous person (sector and "
            "commune only). This cannot be undone."
        ).format(name=person.full_name)
        if not confirm(self, _("Anonymise a person"), text, _("&Anonymise")):
            return
        self._act(anonymise_person, person.id)

    def erase_current(self) -> None:
        person = self._current_record()
        if person is None:
            return
        text = _(
            "Erase {name}?\n\nEverything held on this person is deleted for good, also at the "
            "GAL with the next summary workbook. Their attendance stays in the statistics as an "
            "anonymous count. This cannot be undone."
        ).format(name=person.full_name)
        if not confirm(self, _("Erase a person"), text, _("&Erase")):
            return
        self._act(erase_person, person.id)

    def _act(self, fn: Any, person_id: int) -> None:
        # In the background: a backup of the whole file is made first (a GAL's takes a second).
        self.erase_button.setEnabled(False)
        self.anonymise_button.setEnabled(False)
        self.ctx.run(
            self,
            fn,
            person_id,
            on_success=lambda _result: self.ctx.changed.emit("people"),
            on_failure=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        if not isinstance(exc, SmartDeskError):
            raise exc
        self.ctx.show_error(self, exc.message)
        self.refresh()
