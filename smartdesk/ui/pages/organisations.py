"""Organisations: town halls, associations, businesses and partners, with their members. New,
edit, delete one nobody belongs to, merge two that are the same body under two names."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.records import OrganisationSummary
from smartdesk.i18n import _, format_number, ngettext
from smartdesk.services import organisations, people
from smartdesk.ui.column_widths import ColumnWidths
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.merge_organisations import MergeOrganisationsDialog
from smartdesk.ui.dialogs.organisation_editor import OrganisationEditor
from smartdesk.ui.dialogs.person_editor import _tidy
from smartdesk.ui.models.lazy import Column, LazyTableModel
from smartdesk.ui.pages import people as people_page
from smartdesk.ui.pages.base import Page
from smartdesk.ui.pages.people import ListView, display_name


def organisation_columns() -> list[Column]:
    return [
        Column(_("Name"), lambda o: o.name),
        Column(_("Sector"), lambda o: _(o.sector.label)),
        Column(_("Commune"), lambda o: o.commune or ""),
        Column(
            _("Members"),
            lambda o: format_number(o.members),
            align=Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
        ),
    ]


def member_columns() -> list[Column]:
    return [
        Column(_("Name"), display_name),
        Column(_("Function"), lambda p: p.function or ""),
        Column(_("E-mail"), lambda p: p.email or ""),
        Column(_("Phone"), lambda p: p.phone or ""),
    ]


class OrganisationsPage(Page):
    key = "organisations"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.search_text = ""
        self.editor: OrganisationEditor | None = None
        self.merge_dialog: MergeOrganisationsDialog | None = None

        self.sector_filter = QComboBox(self)
        self.sector_filter.setObjectName("sector_filter")
        self.sector_filter.addItem(_("All sectors"), None)
        for sector in Sector:
            self.sector_filter.addItem(_(sector.label), sector.value)
        self.sector_filter.currentIndexChanged.connect(lambda _index: self.reload())
        self.count_label = QLabel(self)
        filters = QHBoxLayout()
        caption = QLabel(_("&Show:"), self)
        caption.setBuddy(self.sector_filter)
        filters.addWidget(caption)
        filters.addWidget(self.sector_filter)
        filters.addStretch(1)
        filters.addWidget(self.count_label)

        self.model = LazyTableModel(organisation_columns(), self._fetch, parent=self)
        self.table = ListView(self)
        self.table.setObjectName("organisations_table")
        self.table.setModel(self.model)
        _tidy(self.table)
        self.columns = ColumnWidths(
            self.table,
            "organisations/organisations_table",
            fixed={3: [format_number(99999)]},
        )
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.open_requested.connect(self.edit_current)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)

        self.members_label = QLabel(self)
        self.members_label.setObjectName("members_label")
        self.members_model = LazyTableModel(
            member_columns(), lambda ids: people.get_many(self.ctx.db, ids), parent=self
        )
        self.members = ListView(self)
        self.members.setObjectName("members_table")
        self.members.setModel(self.members_model)
        _tidy(self.members)
        self.member_columns = ColumnWidths(self.members, "organisations/members_table")
        self.members.open_requested.connect(self.open_member)
        self.members.doubleClicked.connect(lambda _index: self.open_member())
        members_box = QWidget(self)
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_layout.addWidget(self.members_label)
        members_layout.addWidget(self.members)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(members_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)

        self.new_button = QPushButton(_("&New organisation…"), self)
        self.edit_button = QPushButton(_("&Edit…"), self)
        self.merge_button = QPushButton(_("&Merge the two…"), self)
        self.delete_button = QPushButton(_("&Delete…"), self)
        self.new_button.clicked.connect(self.new_organisation)
        self.edit_button.clicked.connect(self.edit_current)
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button.clicked.connect(self.delete_current)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_organisation)
        actions = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.merge_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        ctx.changed.connect(self._on_changed)
        self.reload()

    # --- Page ----------------------------------------------------------------------------
    def title(self) -> str:
        return _("Organisations")

    def search_placeholder(self) -> str | None:
        return _("Search an organisation…")

    def set_search(self, text: str) -> None:
        self.search_text = text
        self.reload()

    def refresh(self) -> None:
        self.model.invalidate()
        self.reload()

    def open(self, **kwargs: Any) -> None:
        self.refresh()
        if kwargs.get("organisation_id") is not None:
            self.select_id(kwargs["organisation_id"])

    # --- the lists -----------------------------------------------------------------------
    def _fetch(self, ids: list[int]) -> dict[int, OrganisationSummary]:
        return organisations.get_many(self.ctx.db, ids)

    def reload(self) -> None:
        current = self.current_id()
        try:
            ids = organisations.search_ids(
                self.ctx.db, self.search_text, sector=self.sector_filter.currentData()
            )
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.model.set_ids(ids)
        self.columns.measure_first_rows()
        self.count_label.setText(
            ngettext("{n} organisation", "{n} organisations", len(ids)).format(
                n=format_number(len(ids))
            )
        )
        if current is not None and self.model.row_of(current) is not None:
            self.select_id(current)
        self._selection_changed()

    def current_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [i for i in (self.model.id_at(r) for r in rows) if i is not None]

    def select_id(self, organisation_id: int) -> None:
        row = self.model.row_of(organisation_id)
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _selection_changed(self, *_args: object) -> None:
        selected = self.selected_ids()
        writable = not self.ctx.read_only
        self.new_button.setEnabled(writable)
        self.edit_button.setEnabled(len(selected) == 1)
        self.merge_button.setEnabled(writable and len(selected) == 2)
        self.delete_button.setEnabled(writable and len(selected) == 1)
        org_id = self.current_id()
        if org_id is None:
            self.members_model.set_ids([])
            self.members_label.setText(_("Select an organisation to see its members."))
            return
        ids = people.search_ids(self.ctx.db, organisation_id=org_id)
        self.members_model.invalidate()
        self.members_model.set_ids(ids)
        self.member_columns.measure_first_rows()
        record = self.model.record_at(self.model.row_of(org_id) or 0)
        self.members_label.setText(
            ngettext("Member of {name}: {n}", "Members of {name}: {n}", len(ids)).format(
                name=record.name if record else "", n=format_number(len(ids))
            )
        )

    def _on_changed(self, kind: str) -> None:
        if kind in ("people", "organisations"):
            self.refresh()

    # --- actions -------------------------------------------------------------------------
    def new_organisation(self) -> None:
        if not self.ctx.read_only:
            self.open_editor(None)

    def edit_current(self) -> None:
        org_id = self.current_id()
        if org_id is not None:
            self.open_editor(org_id)

    def open_editor(self, organisation_id: int | None) -> OrganisationEditor:
        editor = OrganisationEditor(self.ctx, organisation_id, self)
        self.editor = editor

        def closed(_result: int) -> None:
            self.editor = None
            editor.deleteLater()
            if editor.saved is not None:
                self.refresh()
                self.select_id(editor.saved.id)

        editor.finished.connect(closed)
        editor.open()
        editor.activateWindow()
        return editor

    def open_member(self) -> None:
        index = self.members.currentIndex()
        person_id = self.members_model.id_at(index.row()) if index.isValid() else None
        if person_id is not None:
            self.ctx.navigate("people", person_id=person_id, edit=True)

    def merge_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 2:
            self.ctx.show_error(self, _("Select the two organisations to merge (Ctrl+click)."))
            return
        dialog = MergeOrganisationsDialog(self.ctx, ids[0], ids[1], self)
        self.merge_dialog = dialog

        def closed(_result: int) -> None:
            self.merge_dialog = None
            dialog.deleteLater()
            if dialog.merged is not None:
                self.select_id(dialog.merged.id)

        dialog.finished.connect(closed)
        dialog.open()
        dialog.activateWindow()

    def delete_current(self) -> None:
        org_id = self.current_id()
        if org_id is None:
            return
        record = self.model.record_at(self.model.row_of(org_id) or 0)
        text = _("Delete the organisation “{name}”? This cannot be undone.").format(
            name=record.name if record else ""
        )
        if not people_page.confirm(self, _("Delete an organisation"), text, _("&Delete")):
            return
        try:
            organisations.delete(self.ctx.db, org_id)
        except SmartDeskError as exc:
            self.ctx.show_error(self, exc.message)
            return
        self.ctx.changed.emit("organisations")
