"""Consolidation at the GAL: the communes' workbooks added (file dialog or dropped on the page),
checked by a dry run in the background (a table per commune: added, updated, unchanged,
refused and why), then applied; the stored conflicts, each settled by keeping one version; and
what each commune brought."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import OperationCancelled
from smartdesk.i18n import N_, _, format_datetime, format_number, ngettext
from smartdesk.services import exchange
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.lazy import Column, LazyTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter

#: The exchange tables as users name them.
TABLE_NAMES = {
    "communes": N_("Communes"),
    "organisations": N_("Organisations"),
    "people": N_("People"),
    "trainings": N_("Trainings"),
    "events": N_("Events"),
    "agenda_items": N_("Agenda items"),
    "registrations": N_("Registrations"),
    "workshops": N_("Workshops"),
    "prompts": N_("Questions"),
    "cards": N_("Cards"),
    "projects": N_("Projects"),
    "project_cards": N_("Cards of projects"),
    "erasures": N_("Erasures"),
}


#: The fields a conflict may be about, as users name them (others are shown as stored).
FIELD_NAMES = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "function": N_("Function"),
    "consent": N_("Consent"),
    "consent_date": N_("Consent date"),
    "organisation_uuid": N_("Organisation"),
    "commune_uuid": N_("Commune"),
    "name": N_("Name"),
    "sector": N_("Sector"),
    "postal_code": N_("Postal code"),
    "title": N_("Title"),
    "start": N_("Start"),
    "end": N_("End"),
    "venue": N_("Venue"),
    "address": N_("Address"),
    "status": N_("Status"),
    "hours": N_("Hours"),
    "text": N_("Text"),
    "axis": N_("Axis"),
    "selected": N_("Selected"),
    "rank": N_("Rank"),
}


def _table_name(table: str) -> str:
    return _(TABLE_NAMES.get(table, table))


@dataclass(frozen=True, slots=True)
class _FileRow:
    id: int
    path: Path
    report: exchange.FileReport | None = None


@dataclass(frozen=True, slots=True)
class _OriginRow:
    id: int
    figures: exchange.OriginFigures


def _table(parent: QWidget, name: str, model: LazyTableModel) -> QTableView:
    view = QTableView(parent)
    view.setObjectName(name)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def _count(report: exchange.FileReport | None, key: str) -> str:
    if report is None or not report.ok:
        return ""
    return format_number(getattr(report.totals, key))


def _outcome(row: _FileRow) -> str:
    report = row.report
    if report is None:
        return _("Not checked yet")
    if report.ok:
        return _("Can be imported, with a warning") if report.warnings else _("Can be imported")
    # The reason is a sentence or more: whole in the details beside the list (and the tooltip).
    return _("Refused: see the details")


def _table_counts(table: str, added: int, updated: int, unchanged: int) -> str:
    return _("{table}: {added}, {updated}, {unchanged}").format(
        table=_table_name(table),
        added=ngettext("{n} added", "{n} added", added).format(n=format_number(added)),
        updated=ngettext("{n} updated", "{n} updated", updated).format(n=format_number(updated)),
        unchanged=ngettext("{n} unchanged", "{n} unchanged", unchanged).format(
            n=format_number(unchanged)
        ),
    )


def _why(row: _FileRow) -> str:
    report = row.report
    if report is None:
        return ""
    if report.ok:
        return "\n".join(
            report.warnings
            + [
                _table_counts(table, counts.added, counts.updated, counts.unchanged)
                for table, counts in report.tables.items()
            ]
        )
    return "\n".join([report.error or _("Refused"), *report.problems[:20]])


def _value_text(values: dict[str, Any]) -> str:
    return "; ".join(
        _("{field}: {value}").format(
            field=_(FIELD_NAMES[name]) if name in FIELD_NAMES else name,
            value="" if v is None else v,
        )
        for name, v in values.items()
    )


def _stored_lists(db) -> tuple[list, list]:
    return exchange.list_conflicts(db), exchange.figures_by_origin(db)


class ConsolidationPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.files: list[_FileRow] = []
        self.checked = False
        self.task = None
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)

        files_box = QGroupBox(_("Workbooks received from the communes"), self)
        box = QVBoxLayout(files_box)
        hint = QLabel(
            _(
                "Add the summary workbooks the communes sent (or drop them here), check what "
                "they would change, then import them. Nothing is written before “Import”."
            ),
            files_box,
        )
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.files_model = LazyTableModel(
            [
                Column(_("Commune"), lambda r: (r.report.origin or "") if r.report else ""),
                Column(_("File"), lambda r: r.path.name, tooltip=lambda r: str(r.path)),
                Column(_("Added"), lambda r: _count(r.report, "added"), RIGHT),
                Column(_("Updated"), lambda r: _count(r.report, "updated"), RIGHT),
                Column(_("Unchanged"), lambda r: _count(r.report, "unchanged"), RIGHT),
                Column(_("Conflicts"), lambda r: _count(r.report, "conflicts"), RIGHT),
                Column(_("Result"), _outcome, tooltip=_why),
            ],
            lambda ids: {r.id: r for r in self.files if r.id in ids},
            parent=self,
        )
        self.files_view = _table(files_box, "consolidation_files", self.files_model)
        self.details = QPlainTextEdit(files_box)
        self.details.setObjectName("consolidation_details")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(
            _("Select a workbook to see what it brings, table by table.")
        )
        files_row = QHBoxLayout()
        files_row.addWidget(self.files_view, 3)
        files_row.addWidget(self.details, 2)
        box.addLayout(files_row)
        self.files_view.selectionModel().currentRowChanged.connect(self._show_details)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("A&dd workbooks…"), files_box)
        self.add_button.setObjectName("add_workbooks")
        self.add_button.clicked.connect(self.add_from_dialog)
        self.remove_button = QPushButton(_("&Remove from the list"), files_box)
        self.remove_button.setObjectName("remove_workbook")
        self.remove_button.clicked.connect(self.remove_selected)
        self.check_button = QPushButton(_("Check (nothing is &written)"), files_box)
        self.check_button.setObjectName("dry_run")
        self.check_button.clicked.connect(self.dry_run)
        self.apply_button = QPushButton(_("Import i&nto this database"), files_box)
        self.apply_button.setObjectName("apply_consolidation")
        self.apply_button.clicked.connect(self.apply)
        for button in (self.add_button, self.remove_button, self.check_button, self.apply_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.summary = QLabel(files_box)
        self.summary.setObjectName("consolidation_summary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        conflicts_box = QGroupBox(_("Conflicts: changed both here and at a commune"), lower)
        cbox = QVBoxLayout(conflicts_box)
        self.conflicts_model = LazyTableModel(
            [
                Column(_("Record"), lambda c: c.label),
                Column(_("Kind"), lambda c: _table_name(c.table)),
                Column(_("From"), lambda c: c.origin),
                Column(_("GAL's version"), lambda c: _value_text(c.local)),
                Column(_("Commune's version"), lambda c: _value_text(c.incoming)),
                Column(
                    _("In force"),
                    lambda c: _("the GAL's") if c.kept == "local" else _("the commune's"),
                ),
                Column(_("Found on"), lambda c: format_datetime(c.detected_at, "short")),
            ],
            lambda ids: {c.id: c for c in self.conflicts if c.id in ids},
            parent=self,
        )
        self.conflicts: list[exchange.StoredConflict] = []
        self.conflicts_view = _table(conflicts_box, "conflicts", self.conflicts_model)
        cbox.addWidget(self.conflicts_view)
        row = QHBoxLayout()
        self.keep_local_button = QPushButton(_("Keep the &GAL's version"), conflicts_box)
        self.keep_local_button.setObjectName("keep_local")
        self.keep_local_button.clicked.connect(lambda: self.resolve("local"))
        self.keep_incoming_button = QPushButton(_("Keep the co&mmune's version"), conflicts_box)
        self.keep_incoming_button.setObjectName("keep_incoming")
        self.keep_incoming_button.clicked.connect(lambda: self.resolve("incoming"))
        row.addWidget(self.keep_local_button)
        row.addWidget(self.keep_incoming_button)
        row.addStretch(1)
        cbox.addLayout(row)

        origins_box = QGroupBox(_("What each commune brought"), lower)
        obox = QVBoxLayout(origins_box)
        self.origins_model = LazyTableModel(
            [
                Column(_("Sent by"), lambda r: r.figures.origin),
                Column(
                    _("Participations"), lambda r: format_number(r.figures.participations), RIGHT
                ),
                Column(_("People"), lambda r: format_number(r.figures.people), RIGHT),
            ],
            lambda ids: {r.id: r for r in self.origins if r.id in ids},
            parent=self,
        )
        self.origins: list[_OriginRow] = []
        self.origins_view = _table(origins_box, "origins", self.origins_model)
        obox.addWidget(self.origins_view)
        lower.addWidget(conflicts_box)
        lower.addWidget(origins_box)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 1)
        lower.setSizes([700, 400])

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(files_box)
        splitter.addWidget(lower)
        layout.addWidget(splitter)
        self._update_buttons()

    # --- the files -------------------------------------------------------------------------

    def add_files(self, paths: list[Path]) -> None:
        known = {r.path.resolve() for r in self.files}
        next_id = max((r.id for r in self.files), default=0) + 1
        for path in paths:
            if path.suffix.lower() != ".xlsx" or path.resolve() in known:
                continue
            self.files.append(_FileRow(next_id, path))
            known.add(path.resolve())
            next_id += 1
        self._files_changed()

    def add_from_dialog(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self, _("Add workbooks"), "", _("Excel workbook (*.xlsx)")
        )
        self.add_files([Path(n) for n in names])

    def remove_selected(self) -> None:
        rows = {i.row() for i in self.files_view.selectionModel().selectedRows()}
        self.files = [r for i, r in enumerate(self.files) if i not in rows]
        self._files_changed()

    def _files_changed(self) -> None:
        self.files = [_FileRow(r.id, r.path) for r in self.files]  # any change: check again
        self.checked = False
        self.files_model.set_records(self.files)
        self.details.clear()
        self.summary.setText(
            ngettext("{n} workbook to check.", "{n} workbooks to check.", len(self.files)).format(
                n=len(self.files)
            )
            if self.files
            else ""
        )
        self._update_buttons()

    def _show_details(self, *_args: Any) -> None:
        index = self.files_view.currentIndex()
        row = self.files_model.record_at(index.row()) if index.isValid() else None
        self.details.setPlainText(_why(row) if row is not None else "")

    def _update_buttons(self) -> None:
        busy = self.task is not None and not self.task.done
        writable = not self.ctx.read_only
        self.check_button.setEnabled(bool(self.files) and not busy)
        self.apply_button.setEnabled(bool(self.files) and self.checked and writable and not busy)
        self.remove_button.setEnabled(bool(self.files) and not busy)
        has_conflicts = bool(self.conflicts)
        self.keep_local_button.setEnabled(has_conflicts and writable)
        self.keep_incoming_button.setEnabled(has_conflicts and writable)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(u.toLocalFile().lower().endswith(".xlsx") for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.add_files([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        event.acceptProposedAction()

    # --- dry run and import ------------------------------------------------------------------

    def _show_report(self, report: exchange.ConsolidationReport) -> None:
        by_path = {f.path: f for f in report.files}
        self.files = [_FileRow(r.id, r.path, by_path.get(r.path, r.report)) for r in self.files]
        self.files_model.set_records(self.files)
        if self.files:
            self.files_view.selectRow(0)
            self._show_details()

    def dry_run(self) -> None:
        paths = [r.path for r in self.files]
        if not paths:
            return
        self.summary.setText(_("Checking the workbooks…"))

        def checked(report: exchange.ConsolidationReport) -> None:
            self._show_report(report)
            self.checked = bool(report.imported)
            refused = len(report.refused)
            self.summary.setText(
                _("Check done: {ok} of {n} can be imported, {refused} refused. "
                  "Nothing was written.").format(
                    ok=len(report.imported), n=len(report.files), refused=refused
                )
            )  # fmt: skip
            self._update_buttons()

        self.task = self.ctx.run(
            self,
            exchange.consolidate,
            paths,
            dry_run=True,
            on_success=checked,
            on_failure=self._failed,
            progress_title=_("Checking the workbooks…"),
        )
        self._update_buttons()

    def apply(self) -> None:
        paths = [r.path for r in self.files if r.report is None or r.report.ok]
        if not paths:
            return
        answer = QMessageBox.question(
            self,
            _("Import the workbooks"),
            ngettext(
                "Import {n} workbook into this database? A backup is made first.",
                "Import {n} workbooks into this database? A backup is made first.",
                len(paths),
            ).format(n=len(paths)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.summary.setText(_("Importing the workbooks…"))

        def applied(report: exchange.ConsolidationReport) -> None:
            self._show_report(report)
            self.checked = False
            self.summary.setText(
                ngettext(
                    "{n} workbook imported.", "{n} workbooks imported.", len(report.imported)
                ).format(n=len(report.imported))
            )
            for what in ("people", "events", "attendance"):
                self.ctx.changed.emit(what)
            self.refresh()

        self.task = self.ctx.run(
            self, exchange.consolidate, paths, on_success=applied, on_failure=self._failed
        )
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, OperationCancelled):  # only the check can be cancelled
            self.summary.setText(_("The check was stopped: nothing was written."))
        else:
            # an import stopped by an error keeps the workbooks imported before it (each
            # workbook is its own transaction): the lists below say what is there now
            self.summary.setText(_("Stopped by an error."))
            errors.show_unexpected(self, exc)
            self.refresh()
        self._update_buttons()

    # --- conflicts and contributions ----------------------------------------------------------

    def refresh(self) -> None:
        """The stored conflicts and each commune's contribution, read in the background (the
        contributions count every registration a commune sent)."""

        def shown(result: tuple[list, list]) -> None:
            conflicts, figures = result
            self.conflicts = conflicts
            self.conflicts_model.set_records(self.conflicts)
            self.origins = [_OriginRow(i, f) for i, f in enumerate(figures, 1)]
            self.origins_model.set_records(self.origins)
            self._update_buttons()

        self.lists_task = self.ctx.run(self, _stored_lists, on_success=shown)

    def selected_conflict(self) -> exchange.StoredConflict | None:
        rows = self.conflicts_view.selectionModel().selectedRows()
        return self.conflicts_model.record_at(rows[0].row()) if rows else None

    def resolve(self, keep: str) -> None:
        conflict = self.selected_conflict()
        if conflict is None:
            errors.show_error(self, _("Select a conflict first."))
            return
        try:
            exchange.resolve_conflict(self.ctx.db, conflict.id, keep)
        except Exception as exc:  # noqa: BLE001 - shown in plain words, or logged
            errors.show_unexpected(self, exc)
        self.ctx.changed.emit("people")
        self.refresh()
