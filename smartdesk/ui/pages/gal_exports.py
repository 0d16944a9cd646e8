"""The exports of the GAL page: the summary workbook of the page's period (language, anonymous),
the events as a calendar file, and the CSV lists — each written in the background with a
progress dialog that can cancel, then "Open the file" and "Open the folder"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from smartdesk.domain.errors import OperationCancelled
from smartdesk.i18n import _, format_number, get_locale, ngettext
from smartdesk.services import exports
from smartdesk.ui import clock, errors
from smartdesk.ui.context import AppContext

#: The languages of the summary workbook, as ``export_summary(lang=...)`` takes them.
LANGUAGES = (("fr", "Français"), ("nl", "Nederlands"), ("de", "Deutsch"), ("en", "English"))


def open_with_system(path: Path) -> bool:
    """Open a file or folder with the program the system associates with it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class ExportsPanel(QWidget):
    def __init__(self, ctx: AppContext, period, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.period = period  # the page's PeriodChooser
        self.last_path: Path | None = None
        self.task = None
        layout = QVBoxLayout(self)

        summary = QGroupBox(_("Summary workbook for the GAL"), self)
        form = QFormLayout(summary)
        self.summary_period = QLabel(summary)
        form.addRow(_("Period:"), self.summary_period)
        self.language = QComboBox(summary)
        self.language.setObjectName("summary_language")
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        current = get_locale().split("_")[0]
        self.language.setCurrentIndex(
            max(0, next((i for i, (c, _n) in enumerate(LANGUAGES) if c == current), 0))
        )
        self.language.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        language_row = QHBoxLayout()
        language_row.addWidget(self.language)
        language_row.addStretch(1)
        language_label = QLabel(_("Lan&guage:"), summary)
        language_label.setBuddy(self.language)
        form.addRow(language_label, language_row)
        self.anonymous = QCheckBox(_("A&nonymous: name nobody, only counts"), summary)
        self.anonymous.setObjectName("summary_anonymous")
        form.addRow("", self.anonymous)
        self.summary_button = QPushButton(_("Export the &summary…"), summary)
        self.summary_button.setObjectName("export_summary")
        self.summary_button.clicked.connect(self.export_summary)
        button_row = QHBoxLayout()
        button_row.addWidget(self.summary_button)
        button_row.addStretch(1)
        form.addRow("", button_row)
        layout.addWidget(summary)

        calendar = QGroupBox(_("Calendar (Outlook, Google, Thunderbird)"), self)
        row = QHBoxLayout(calendar)
        row.addWidget(
            QLabel(_("The events from the start of the period on, as an .ics file."), self)
        )
        row.addStretch(1)
        self.ics_button = QPushButton(_("Export the calen&dar…"), calendar)
        self.ics_button.setObjectName("export_ics")
        self.ics_button.clicked.connect(self.export_ics)
        row.addWidget(self.ics_button)
        layout.addWidget(calendar)

        lists = QGroupBox(_("Lists for a spreadsheet (CSV)"), self)
        row = QHBoxLayout(lists)
        self.csv_kind = QComboBox(lists)
        self.csv_kind.setObjectName("csv_kind")
        for kind, name in (
            ("people", _("People")),
            ("events", _("Events")),
            ("attendance", _("Attendance")),
        ):
            self.csv_kind.addItem(name, kind)
        kind_label = QLabel(_("Lis&t:"), lists)
        kind_label.setBuddy(self.csv_kind)
        self.delimiter = QComboBox(lists)
        self.delimiter.setObjectName("csv_delimiter")
        self.delimiter.addItem(_("Semicolon (Excel in Belgium)"), ";")
        self.delimiter.addItem(_("Comma"), ",")
        delimiter_label = QLabel(_("Sepa&rator:"), lists)
        delimiter_label.setBuddy(self.delimiter)
        row.addWidget(kind_label)
        row.addWidget(self.csv_kind)
        row.addWidget(delimiter_label)
        row.addWidget(self.delimiter)
        row.addStretch(1)
        self.csv_button = QPushButton(_("Export the &list…"), lists)
        self.csv_button.setObjectName("export_csv")
        self.csv_button.clicked.connect(self.export_csv)
        row.addWidget(self.csv_button)
        layout.addWidget(lists)

        done = QHBoxLayout()
        self.result = QLabel(self)
        self.result.setObjectName("export_result")
        self.result.setWordWrap(True)
        done.addWidget(self.result, 1)
        self.open_file_button = QPushButton(_("&Open the file"), self)
        self.open_file_button.setObjectName("open_file")
        self.open_file_button.clicked.connect(lambda: self._open(self.last_path))
        self.open_folder_button = QPushButton(_("Open the folder"), self)
        self.open_folder_button.setObjectName("open_folder")
        self.open_folder_button.clicked.connect(
            lambda: self._open(self.last_path.parent if self.last_path else None)
        )
        for button in (self.open_file_button, self.open_folder_button):
            button.setEnabled(False)
            done.addWidget(button)
        layout.addLayout(done)
        layout.addStretch(1)
        self.period.choice.currentIndexChanged.connect(self._show_period)
        self.period.date_from.dateChanged.connect(self._show_period)
        self.period.date_to.dateChanged.connect(self._show_period)
        self._show_period()

    def _show_period(self, *_args: Any) -> None:
        self.summary_period.setText(
            _("{period} (chosen at the top of the page)").format(period=self.period.describe())
        )

    # --- asking where ----------------------------------------------------------------------

    def ask_target(self, title: str, name: str, file_filter: str) -> Path | None:
        """Where to write: the save dialog (tests replace this method)."""
        folder = self.last_path.parent if self.last_path else Path.home()
        path, _filter = QFileDialog.getSaveFileName(self, title, str(folder / name), file_filter)
        return Path(path) if path else None

    def _run(self, fn: Callable[..., Any], target: Path, describe, *args: Any, **kw: Any) -> None:
        self.result.setText(_("Writing {name}…").format(name=target.name))
        for button in (self.open_file_button, self.open_folder_button):
            button.setEnabled(False)

        def written(result: Any) -> None:
            self.last_path = target
            self.result.setText(describe(result))
            for button in (self.open_file_button, self.open_folder_button):
                button.setEnabled(True)
            self.open_file_button.setFocus()  # Enter opens what was just written

        def failed(exc: BaseException) -> None:
            if isinstance(exc, OperationCancelled):
                self.result.setText(_("Cancelled: no file was written."))
                return
            self.result.setText(_("The file was not written."))
            errors.show_unexpected(self, exc)

        self.task = self.ctx.run(
            self,
            fn,
            target,
            *args,
            on_success=written,
            on_failure=failed,
            progress_title=_("Writing {name}…").format(name=target.name),
            **kw,
        )

    # --- the three exports -----------------------------------------------------------------

    def export_summary(self) -> None:
        date_from, date_to = self.period.period()
        year = date_from.year if date_from else clock.today().year
        target = self.ask_target(
            _("Save the summary workbook"),
            _("summary-{year}.xlsx").format(year=year),
            _("Excel workbook (*.xlsx)"),
        )
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")

        def describe(result: exports.SummaryExport) -> str:
            figures = result.statistics
            return _(
                "{name} written: {held} events held ({planned} planned), {people} unique people, "
                "{participations} participations."
            ).format(
                name=result.path.name,
                held=format_number(sum(figures.events_held_by_kind.values())),
                planned=format_number(sum(figures.events_planned_by_kind.values())),
                people=format_number(figures.unique_people),
                participations=format_number(figures.participations),
            )

        self._run(
            exports.export_summary,
            target,
            describe,
            date_from,
            date_to,
            anonymous=self.anonymous.isChecked(),
            lang=self.language.currentData(),
        )

    def export_ics(self) -> None:
        date_from, _date_to = self.period.period()
        target = self.ask_target(
            _("Save the calendar"), _("events.ics"), _("Calendar file (*.ics)")
        )
        if target is None:
            return
        if target.suffix.lower() != ".ics":
            target = target.with_suffix(".ics")

        def describe(n: int) -> str:
            return ngettext("{name} written: {n} event.", "{name} written: {n} events.", n).format(
                name=target.name, n=format_number(n)
            )

        self._run(exports.export_ics, target, describe, date_from)

    def export_csv(self) -> None:
        kind = self.csv_kind.currentData()
        target = self.ask_target(
            _("Save the list"),
            f"{kind}-{dt.date.isoformat(clock.today())}.csv",
            _("CSV file (*.csv)"),
        )
        if target is None:
            return
        if target.suffix.lower() != ".csv":
            target = target.with_suffix(".csv")

        def describe(n: int) -> str:
            return ngettext("{name} written: {n} row.", "{name} written: {n} rows.", n).format(
                name=target.name, n=format_number(n)
            )

        delimiter = self.delimiter.currentData()

        def write(db, path, *, progress=None):  # export_csv takes the list's kind first
            return exports.export_csv(db, kind, path, delimiter, progress=progress)

        self._run(write, target, describe)

    def _open(self, path: Path | None) -> None:
        if path is None or not path.exists():
            errors.show_error(self, _("The file is no longer there."))
            return
        if not open_with_system(path):
            errors.show_error(
                self, _("No program opens {name} on this computer.").format(name=path.name)
            )
