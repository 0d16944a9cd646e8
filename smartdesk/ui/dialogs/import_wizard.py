"""Fichier ▸ Importer…: the import wizard for the lists people already keep (Excel's CSV in
cp1252 with ';', xlsx).

Six steps, on the same service phases as ``smartdesk import people`` (services.imports):
the file (and sheet) → the first rows as read → the column mapping, guessed and editable →
the check (bad rows with their reason, possible duplicates with a choice each) → the import,
with progress and Cancel (rolls back), all or nothing unless bad rows are skipped → the report,
which can be saved. Reading, checking and importing run in the background: 10,000 rows never
freeze the window.

``run_import_wizard(parent, ctx)`` is the one entry point (File menu, GAL page).
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from smartdesk.domain.errors import OperationCancelled, SmartDeskError
from smartdesk.i18n import _, format_date, format_datetime, format_number, ngettext
from smartdesk.services import events, imports
from smartdesk.ui import errors, tasks
from smartdesk.ui.column_widths import ColumnFit
from smartdesk.ui.context import AppContext
from smartdesk.ui.models.lazy import Column, LazyTableModel

FILE_FILTER = "{lists} (*.csv *.xlsx *.xlsm *.txt);;{all} (*)"
PREVIEW_ROWS = 100
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def choice_label(choice: str) -> str:
    return {"skip": _("Skip"), "update": _("Update"), "create": _("Create anyway")}[choice]


def _table_view(parent: QWidget, model: LazyTableModel) -> QTableView:
    view = QTableView(parent)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    return view


def _problem_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #b00020;")
    return label


@dataclass(frozen=True, slots=True)
class _Line:
    """A row of a table of the wizard (the lazy model wants an ``id``)."""

    id: int
    cells: tuple[str, ...]


def _columns(headers: list[str], right: tuple[int, ...] = ()) -> list[Column]:
    return [
        Column(h, lambda line, i=i: line.cells[i], RIGHT) if i in right
        else Column(h, lambda line, i=i: line.cells[i])
        for i, h in enumerate(headers)
    ]  # fmt: skip


# --- 1. the file -------------------------------------------------------------------------------
class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Choose the file"))
        self.setSubTitle(
            _("A list of people saved from Excel or LibreOffice: .xlsx, or .csv (any separator).")
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setPlaceholderText(_("Path of the file to import"))
        self.path_edit.editingFinished.connect(self._path_entered)
        self.browse_button = QPushButton(_("&Browse…"), self)
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setEnabled(False)
        self.sheet_combo.activated.connect(self._sheet_chosen)
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.problem = _problem_label(self)
        form = QFormLayout(self)
        file_label = QLabel(_("&File:"), self)
        file_label.setBuddy(self.path_edit)
        form.addRow(file_label, row)
        sheet_label = QLabel(_("&Sheet:"), self)
        sheet_label.setBuddy(self.sheet_combo)
        form.addRow(sheet_label, self.sheet_combo)
        form.addRow("", self.info)
        form.addRow("", self.problem)
        self._read_path: str | None = None
        self._asked: tuple[str, str | None] | None = None
        self.setAcceptDrops(True)  # a file dropped from the Explorer

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        urls = event.mimeData().urls()
        if len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = event.mimeData().urls()[0].toLocalFile()
        self.path_edit.setText(path)
        self._path_entered()
        event.acceptProposedAction()

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Import people"),
            self.path_edit.text(),
            FILE_FILTER.format(lists=_("Lists of people"), all=_("All files")),
        )
        if path:
            self.path_edit.setText(path)
            self._path_entered()

    def _path_entered(self) -> None:
        text = self.path_edit.text().strip()
        if text and text != self._read_path:
            self.read(text, None)

    def _sheet_chosen(self) -> None:
        sheet = self.sheet_combo.currentText()
        if self.w.table is not None and sheet != self.w.table.sheet:
            self.read(self.path_edit.text().strip(), sheet)

    def read(self, path: str, sheet: str | None) -> None:
        """Read the file in the background (10,000 rows take a moment)."""
        self._read_path = path
        self.w.table = None
        self.w.reading = True
        self.problem.clear()
        self.info.setText(_("Reading {name}…").format(name=Path(path).name))
        self.completeChanged.emit()
        asked = (path, sheet)
        self._asked = asked  # another file chosen while reading: only the last one counts
        self.w.track(
            tasks.run_task(
                self,
                imports.read_source,
                path,
                sheet,
                on_success=lambda table: self._asked == asked and self._read(table),
                on_failure=lambda exc: self._asked == asked and self._not_read(exc),
            )
        )

    def _read(self, table: Any) -> None:
        self.w.reading = False
        self.w.table = table
        self.w.mapping = imports.column_mapping(table)
        self.sheet_combo.clear()
        self.sheet_combo.addItems(list(table.sheets))
        if table.sheet:
            self.sheet_combo.setCurrentText(table.sheet)
        self.sheet_combo.setEnabled(len(table.sheets) > 1)
        rows = format_number(len(table.rows))
        if table.sheet:
            text = _("{rows} rows read from the sheet “{sheet}”.").format(
                rows=rows, sheet=table.sheet
            )
        else:
            text = _("{rows} rows read (encoding {encoding}, separator “{delimiter}”).").format(
                rows=rows, encoding=table.encoding, delimiter=table.delimiter
            )
        self.info.setText(text)
        if not table.rows:
            self.problem.setText(_("The file holds no row below its headers."))
        self.completeChanged.emit()

    def _not_read(self, exc: BaseException) -> None:
        self.w.reading = False
        self.info.clear()
        if isinstance(exc, SmartDeskError):
            self.problem.setText(exc.message)
        else:
            errors.show_unexpected(self, exc, _details(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not self.w.reading and self.w.table is not None and bool(self.w.table.rows)


# --- 2. the first rows as read -----------------------------------------------------------------
class PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("The first rows, as read"))
        self.info = QLabel(self)
        self.info.setWordWrap(True)
        self.model = LazyTableModel([], lambda ids: {}, parent=self)
        self.view = _table_view(self, self.model)
        # Every column of the file in sight (the last one too), the longest cut first; a
        # scroll bar only for a file with more columns than the page can show by their names.
        self.fit = ColumnFit(self.view, grow=None)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(self.view, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        table = self.w.table
        shown = table.rows[:PREVIEW_ROWS]
        self.setSubTitle(
            _("Check that names and accents look right: the headers were found on row {row}.")
            .format(row=table.header_row)
        )  # fmt: skip
        width = len(table.headers)
        headers = [_("Row")] + [table.column_name(i) for i in range(width)]
        self.model.beginResetModel()
        self.model.columns = _columns(headers, right=(0,))
        self.model.endResetModel()
        self.model.set_records(
            _Line(r.number, (str(r.number), *(_cell(r.values, i) for i in range(width))))
            for r in shown
        )
        self.info.setText(
            _("The first {shown} of {rows} rows.").format(
                shown=format_number(len(shown)), rows=format_number(len(table.rows))
            )
        )
        self.fit.refit()


def _cell(values: tuple, index: int) -> str:
    value = values[index] if index < len(values) else None
    if value is None:
        return ""
    if hasattr(value, "year") and hasattr(value, "day"):
        return format_datetime(value) if hasattr(value, "hour") else _date(value)
    return str(value)


def _details(exc: BaseException) -> str:
    return "".join(traceback.format_exception(exc))


def _date(value: Any) -> str:
    return format_date(value)


# --- 3. the column mapping ---------------------------------------------------------------------
class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Which column holds what"))
        self.setSubTitle(
            _("SmartDesk guessed from the headers; correct any column. A field goes to one column.")
        )
        self.combos: list[QComboBox] = []
        self.grid_host = QWidget(self)
        self.grid = QGridLayout(self.grid_host)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        self.problem = _problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        self._filling = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        table = self.w.table
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.combos = []
        bold = "font-weight: bold;"
        for col, text in enumerate((_("Column"), _("Imported as"), _("Example"))):
            header = QLabel(text, self.grid_host)
            header.setStyleSheet(bold)
            self.grid.addWidget(header, 0, col)
        self._filling = True
        for index in range(len(table.headers)):
            name = QLabel(table.column_name(index), self.grid_host)
            combo = QComboBox(self.grid_host)
            combo.setObjectName(f"mapping_{index}")
            for field_name in imports.MAPPABLE_FIELDS:
                combo.addItem(imports.field_label(field_name), field_name)
            combo.setCurrentIndex(combo.findData(self.w.mapping.get(index, imports.IGNORE)))
            combo.currentIndexChanged.connect(lambda _i, index=index: self._changed(index))
            name.setBuddy(combo)
            example = QLabel(self._example(index), self.grid_host)
            example.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(name, index + 1, 0)
            self.grid.addWidget(combo, index + 1, 1)
            self.grid.addWidget(example, index + 1, 2)
            self.combos.append(combo)
        self.grid.setColumnStretch(2, 1)
        self.grid.setRowStretch(len(table.headers) + 1, 1)
        self._filling = False
        self._show_problem()

    def _example(self, index: int) -> str:
        """The first non-empty values of the column, so "Nom" is seen to hold last names."""
        seen: list[str] = []
        for row in self.w.table.rows[:50]:
            text = _cell(row.values, index).strip()
            if text and text not in seen:
                seen.append(text)
            if len(seen) == 3:
                break
        joined = " · ".join(seen)
        return joined if len(joined) <= 80 else joined[:79] + "…"

    def _changed(self, index: int) -> None:
        if self._filling:
            return
        field_name = self.combos[index].currentData()
        self._filling = True
        if field_name == imports.IGNORE:
            self.w.mapping.pop(index, None)
        else:
            # One column per field: the column that had it gives it up (as --map does).
            for other, taken in list(self.w.mapping.items()):
                if taken == field_name and other != index:
                    del self.w.mapping[other]
                    self.combos[other].setCurrentIndex(0)
            self.w.mapping[index] = field_name
        self._filling = False
        self._show_problem()

    def _show_problem(self) -> None:
        self.problem.setText(imports.mapping_problem(self.w.table, self.w.mapping) or "")
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.w.table is not None and not imports.mapping_problem(
            self.w.table, self.w.mapping
        )


# --- 4. the check ------------------------------------------------------------------------------
class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("The check"))
        self.setSubTitle(_("Every row was read and compared with the people already known."))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.bad_label = QLabel(_("Rows with a problem:"), self)
        self.bad_model = LazyTableModel(
            _columns([_("Row"), _("Column"), _("Problem")], right=(0,)), lambda ids: {}, parent=self
        )
        self.bad_view = _table_view(self, self.bad_model)
        self.bad_label.setBuddy(self.bad_view)
        self.skip_bad = QCheckBox(_("Skip the bad rows and import the &others"), self)
        self.skip_bad.toggled.connect(self._skip_toggled)
        self.dup_label = QLabel(_("Possibly already known (choose for each row):"), self)
        self.dup_model = LazyTableModel(
            [
                Column(_("Row"), lambda line: line.cells[0], RIGHT),
                Column(_("In the file"), lambda line: line.cells[1], tooltip=lambda r: r.cells[1]),
                Column(
                    _("Already known"), lambda line: line.cells[2], tooltip=lambda r: r.cells[2]
                ),
                Column(_("Choice"), lambda line: choice_label(self.w.choice_of(line.id))),
            ],
            lambda ids: {},
            parent=self,
        )
        self.dup_view = _table_view(self, self.dup_model)
        self.dup_label.setBuddy(self.dup_view)
        self.choice_buttons: dict[str, QPushButton] = {}
        buttons = QHBoxLayout()
        buttons.addWidget(QLabel(_("Selected rows:"), self))
        for choice, text in (
            ("skip", _("&Skip")),
            ("update", _("&Update")),
            ("create", _("C&reate anyway")),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(lambda _c=False, choice=choice: self.choose_selected(choice))
            buttons.addWidget(button)
            self.choice_buttons[choice] = button
        buttons.addSpacing(24)
        all_label = QLabel(_("For &all:"), self)
        self.all_combo = QComboBox(self)
        for choice in imports.DUPLICATE_CHOICES:
            self.all_combo.addItem(choice_label(choice), choice)
        self.all_combo.activated.connect(lambda _i: self.choose_all(self.all_combo.currentData()))
        all_label.setBuddy(self.all_combo)
        buttons.addWidget(all_label)
        buttons.addWidget(self.all_combo)
        buttons.addStretch(1)
        self.dup_buttons = buttons
        self.problem = _problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.bad_label)
        layout.addWidget(self.bad_view, 1)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.dup_label)
        layout.addWidget(self.dup_view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.problem)
        self.checking = False
        self._generation = 0

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.w.check = None
        self.w.choices = {}
        self.checking = True
        # Back then Next again while a check runs: only the latest check's result counts.
        self._generation += 1
        generation = self._generation
        self.summary.setText(
            _("Checking {rows} rows…").format(rows=format_number(len(self.w.table.rows)))
        )
        self.bad_model.set_records([])
        self.dup_model.set_records([])
        self._show_parts()
        self.w.run(
            self,
            imports.check_import,
            self.w.table,
            dict(self.w.mapping),
            on_success=lambda check: self._generation == generation and self.show_check(check),
            on_failure=lambda exc: self._generation == generation and self._not_checked(exc),
            progress_title=_("Checking the rows…"),
        )

    def show_check(self, check: Any) -> None:
        self.checking = False
        self.w.check = check
        report = check.report
        self.bad_model.set_records(
            _Line(i, (str(p.row), p.column or imports.field_label(p.field or ""), p.reason))
            for i, p in enumerate(report.invalid)
        )
        self.dup_model.set_records(
            _Line(d.row, (str(d.row), d.in_file, d.known)) for d in check.duplicates
        )
        for view in (self.bad_view, self.dup_view):
            view.resizeColumnToContents(0)
        self.dup_view.setColumnWidth(1, 330)
        self.dup_view.setColumnWidth(2, 330)
        self.bad_view.setColumnWidth(1, 140)
        self._show_parts()
        self._summarise()

    def _not_checked(self, exc: BaseException) -> None:
        self.checking = False
        if isinstance(exc, OperationCancelled):
            self.summary.setText(_("The check was cancelled."))
            self.w.back()
        elif isinstance(exc, SmartDeskError):
            self.summary.clear()
            errors.show_error(self, exc.message)
        else:
            errors.show_unexpected(self, exc, _details(exc))
        self.completeChanged.emit()

    def _show_parts(self) -> None:
        check = self.w.check
        bad = bool(check and check.report.invalid)
        dups = bool(check and check.duplicates)
        for widget in (self.bad_label, self.bad_view, self.skip_bad):
            widget.setVisible(bad)
        for widget in (self.dup_label, self.dup_view):
            widget.setVisible(dups)
        for i in range(self.dup_buttons.count()):
            item = self.dup_buttons.itemAt(i)
            if item.widget() is not None:
                item.widget().setVisible(dups)

    def _summarise(self) -> None:
        report = self.w.check.report
        counts = self.w.planned()
        self.summary.setText(
            _("{rows} rows read: {create} to create, {update} to update, {skip} to skip, {bad} with a problem.")
            .format(
                rows=format_number(report.rows), create=format_number(counts["create"]),
                update=format_number(counts["update"]), skip=format_number(counts["skip"]),
                bad=format_number(len(report.invalid)),
            )
            + self._notes(report)
        )  # fmt: skip
        if report.invalid and not self.skip_bad.isChecked():
            self.problem.setText(
                _("Nothing is imported while a row has a problem: correct the file and read it again, or skip the bad rows.")
            )  # fmt: skip
        else:
            self.problem.clear()
        self.completeChanged.emit()

    @staticmethod
    def _notes(report: Any) -> str:
        """What the report will list besides: lines that are no person, things to check."""
        notes = []
        if report.lines_skipped:
            n = report.lines_skipped
            notes.append(
                ngettext(
                    "{n} line that is no person (a total, a blank line) is left out.",
                    "{n} lines that are no person (a total, a blank line) are left out.",
                    n,
                ).format(n=format_number(n))
            )
        if report.warnings:
            n = len(report.warnings)
            notes.append(
                ngettext(
                    "{n} value to check (a phone number, a place, a sector): see the report.",
                    "{n} values to check (a phone number, a place, a sector): see the report.",
                    n,
                ).format(n=format_number(n))
            )
        return "".join("\n" + note for note in notes)

    def _skip_toggled(self, checked: bool) -> None:
        self.w.skip_invalid = checked
        if self.w.check is not None:
            self._summarise()

    def choose_selected(self, choice: str) -> None:
        rows = self.dup_view.selectionModel().selectedRows()
        for index in rows:
            row_number = self.dup_model.id_at(index.row())
            if row_number is not None:
                self.w.choices[row_number] = choice
        self._choices_changed()

    def choose_all(self, choice: str) -> None:
        for d in self.w.check.duplicates:
            self.w.choices[d.row] = choice
        self._choices_changed()

    def _choices_changed(self) -> None:
        last = self.dup_model.rowCount() - 1
        if last >= 0:
            self.dup_model.dataChanged.emit(
                self.dup_model.index(0, 3), self.dup_model.index(last, 3)
            )
        self._summarise()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        check = self.w.check
        if self.checking or check is None:
            return False
        return not check.report.invalid or self.skip_bad.isChecked()


# --- 5. the import -----------------------------------------------------------------------------
class ImportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("Import"))
        self.setSubTitle(
            _(
                "Everything is written at once, or nothing: Cancel during the import changes nothing."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.event_combo = QComboBox(self)
        self.event_combo.addItem(_("(no event)"), None)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.summary)
        event_label = QLabel(_("&Register everyone to:"), self)
        event_label.setBuddy(self.event_combo)
        form.addRow(event_label, self.event_combo)
        form.addRow(self.status)
        self.importing = False
        self._events_loaded = False

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        counts = self.w.planned()
        lines = [
            _("To create: {n}").format(n=format_number(counts["create"])),
            _("To update: {n}").format(n=format_number(counts["update"])),
            _("To skip (already known): {n}").format(n=format_number(counts["skip"])),
        ]
        bad = len(self.w.check.report.invalid)
        if bad:
            lines.append(
                ngettext("{n} bad row left out.", "{n} bad rows left out.", bad).format(
                    n=format_number(bad)
                )
            )
        self.summary.setText("\n".join(lines))
        self.status.clear()
        if not self._events_loaded:
            self.w.run(self, events.list_events, on_success=self._events)

    def _events(self, found: list) -> None:
        self._events_loaded = True
        # Coming events first: people are registered to what is being prepared.
        for event in sorted(found, key=lambda e: e.start, reverse=True):
            self.event_combo.addItem(
                f"{_date(event.start.date())} · {event.title}",
                event.id,
            )

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        if self.w.report is not None:
            return True
        if self.importing:
            return False
        self.importing = True
        self.status.setText(_("Importing…"))
        self.w.run(
            self,
            imports.run_import,
            self.w.table,
            dict(self.w.mapping),
            choices=dict(self.w.choices),
            skip_invalid=self.w.skip_invalid,
            event_id=self.event_combo.currentData(),
            on_success=self._imported,
            on_failure=self._failed,
            progress_title=_("Importing people…"),
        )
        return False  # the wizard moves on when the import has finished

    def _imported(self, report: Any) -> None:
        self.importing = False
        self.w.report = report
        if report.written:
            self.w.ctx.changed.emit("people")
            if report.registered:
                self.w.ctx.changed.emit("attendance")
        self.w.next()

    def _failed(self, exc: BaseException) -> None:
        self.importing = False
        if isinstance(exc, OperationCancelled):
            self.status.setText(_("Cancelled: nothing was changed."))
        elif isinstance(exc, SmartDeskError):
            self.status.setText(exc.message)
            errors.show_error(self, exc.message)
        else:
            self.status.clear()
            errors.show_unexpected(self, exc, _details(exc))


# --- 6. the report -----------------------------------------------------------------------------
class ReportPage(QWizardPage):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(_("The report"))
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = LazyTableModel(
            _columns([_("Row"), _("Outcome"), _("Column"), _("Reason")], right=(0,)),
            lambda ids: {},
            parent=self,
        )
        self.view = _table_view(self, self.model)
        self.save_button = QPushButton(_("&Save the report…"), self)
        self.save_button.clicked.connect(self.save)
        self.saved = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        report = self.w.report
        self.setSubTitle(
            _("The people were imported.") if report.written else _("Nothing was imported.")
        )
        self.summary.setText("\n".join(imports.report_summary(report)))
        self.model.set_records(
            _Line(i, (str(row), outcome, field_name, reason))
            for i, (row, outcome, field_name, reason) in enumerate(imports.report_lines(report))
        )
        self.view.resizeColumnsToContents()
        self.view.setVisible(self.model.rowCount() > 0)

    def save(self) -> None:
        source = Path(self.w.report.source)
        suggested = str(source.with_name(_("{name} - import report").format(name=source.stem)))
        csv_filter, text_filter = _("CSV table (*.csv)"), _("Text (*.txt)")
        path, chosen = QFileDialog.getSaveFileName(
            self, _("Save the report"), suggested + ".csv", f"{csv_filter};;{text_filter}"
        )
        if not path:
            return
        if not Path(path).suffix:
            path += ".txt" if chosen == text_filter else ".csv"
        run = tasks.run_task(
            self,
            imports.save_report,
            self.w.report,
            path,
            on_success=lambda saved: self.saved.setText(_("Saved: {path}").format(path=str(saved))),
        )
        self.w.track(run)


# --- the wizard --------------------------------------------------------------------------------
class ImportWizard(QWizard):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Import people"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # it is done
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setMinimumSize(820, 560)
        self.resize(920, 620)
        self.table: Any = None
        self.reading = False
        self.mapping: dict[int, str] = {}
        self.check: Any = None
        self.choices: dict[int, str] = {}
        self.skip_invalid = False
        self.report: Any = None
        self._tasks = 0
        self.file_page = FilePage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.import_page = ImportPage(self)
        self.report_page = ReportPage(self)
        for page in (
            self.file_page,
            self.preview_page,
            self.mapping_page,
            self.check_page,
            self.import_page,
            self.report_page,
        ):
            self.addPage(page)

    def run(self, parent: QWidget, fn: Any, *args: Any, **kwargs: Any) -> tasks.Task:
        """``ctx.run``, counted: the wizard outlives its background work (see ``done``)."""
        return self.track(self.ctx.run(parent, fn, *args, **kwargs))

    def track(self, task: tasks.Task) -> tasks.Task:
        self._tasks += 1
        task.finished.connect(self._task_finished)
        return task

    def _task_finished(self) -> None:
        self._tasks -= 1

    def done(self, result: int) -> None:
        super().done(result)
        self._dispose_when_idle()

    def _dispose_when_idle(self) -> None:
        """Deleted once closed, but never under a running check or read: its callbacks would
        reach deleted widgets. The 10,000 rows it holds go with it."""
        if self._tasks:
            QTimer.singleShot(200, self._dispose_when_idle)
        elif not self.isVisible():
            self.deleteLater()

    def choice_of(self, row: int) -> str:
        """What is done with a possible duplicate: the user's choice, else skip."""
        return self.choices.get(row, "skip")

    def planned(self) -> dict[str, int]:
        """How many rows would be created, updated, skipped with the current choices."""
        report = self.check.report
        counts = {"create": report.created, "update": 0, "skip": 0}
        for d in self.check.duplicates:
            counts[self.choice_of(d.row)] += 1
        return counts

    def reject(self) -> None:
        if self.import_page.importing:
            return  # the progress dialog's Cancel stops an import, not this button
        super().reject()


def run_import_wizard(parent: QWidget | None, ctx: AppContext) -> ImportWizard | None:
    """Open the import wizard (window-modal, not blocking) and return it; None when the
    database is open read-only."""
    if ctx.read_only:
        errors.show_error(parent, _("The database is open read-only: nothing can be imported."))
        return None
    wizard = ImportWizard(ctx, parent)
    wizard.open()
    return wizard
