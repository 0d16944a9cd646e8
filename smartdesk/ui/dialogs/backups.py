"""Fichier ▸ Sauvegardes et restauration: the backups of the open database, newest first, with
what each holds; back up now, save a copy elsewhere (a USB key: the copy outside the PC the
reminder asks for), restore a backup or a file. Restoring replaces the open file, so the window
does it (it closes and reopens the database): the dialog only asks which file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from smartdesk.i18n import _, format_datetime, format_decimal, format_number
from smartdesk.services import backups
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.open_problems import ask
from smartdesk.ui.models.lazy import Column, LazyTableModel

DB_FILTER = "SmartDesk (*.db *.sqlite);;*"


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return _("{size} MB").format(size=format_decimal(size / 1_000_000, 1))
    return _("{size} KB").format(size=format_number(max(1, round(size / 1000))))


def _count(info: Any, field: str) -> str:
    return format_number(getattr(info.counts, field)) if info.counts is not None else "?"


class BackupsDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        restore: Callable[[Path], bool] | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("backups_dialog")
        self.setWindowTitle(_("Backups and restore"))
        self.resize(860, 480)
        self.ctx = ctx
        self._restore = restore
        layout = QVBoxLayout(self)

        folder = backups.backups_folder(ctx.db)
        self.intro = QLabel(
            _(
                "SmartDesk makes a verified backup at the first opening of each day and before "
                "every import, merge, consolidation and erasure, in {folder}. It keeps the newest "
                "ones, one a day for a week, one a week for a month and one a month for a year."
            ).format(folder=folder),
            self,
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.reminder = QLabel(self)
        self.reminder.setObjectName("copy_reminder")
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet("color: #8a4b00; font-weight: bold;")
        layout.addWidget(self.reminder)

        self.model = LazyTableModel(
            [
                Column(_("Date"), lambda b: format_datetime(b.created_at, "short")),
                Column(_("Why"), lambda b: b.label),
                Column(_("Size"), lambda b: size_text(b.size)),
                Column(_("People"), lambda b: _count(b, "people")),
                Column(_("Events"), lambda b: _count(b, "events")),
                Column(_("Registrations"), lambda b: _count(b, "registrations")),
            ],
            fetch=lambda ids: {},
        )
        self.table = QTableView(self)
        self.table.setObjectName("backups_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.backup_button = QPushButton(_("&Back up now"), self)
        self.backup_button.clicked.connect(self.back_up_now)
        self.copy_button = QPushButton(_("&Save a copy elsewhere…"), self)
        self.copy_button.clicked.connect(self.save_copy)
        self.restore_button = QPushButton(_("&Restore the selected backup…"), self)
        self.restore_button.clicked.connect(self.restore_selected)
        self.restore_file_button = QPushButton(_("Restore from a &file…"), self)
        self.restore_file_button.clicked.connect(self.restore_file)
        self.folder_button = QPushButton(_("Open the &folder"), self)
        self.folder_button.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        )
        for button in (
            self.backup_button,
            self.copy_button,
            self.restore_button,
            self.restore_file_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.folder_button)
        layout.addLayout(actions)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        # A read-only file can be copied, not replaced.
        for button in (self.restore_button, self.restore_file_button):
            button.setEnabled(not ctx.read_only and restore is not None)
        self.refresh()

    def refresh(self) -> None:
        found = backups.list_backups(self.ctx.db)
        self.model.set_records(_Row(i, info) for i, info in enumerate(found))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        if found:
            self.table.selectRow(0)
        last = backups.last_external_copy(self.ctx.db)
        if backups.copy_reminder_due(self.ctx.db):
            self.reminder.setText(
                _(
                    "No copy outside this PC for more than 30 days: save a copy on a USB key "
                    "(or another disk) and keep it elsewhere."
                )
                if last is None
                else _(
                    "The last copy outside this PC dates from {date}: save a new one on a USB "
                    "key and keep it elsewhere."
                ).format(date=format_datetime(last, "short"))
            )
            self.reminder.show()
        else:
            self.reminder.hide()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record_at(rows[0].row()).info if rows else None

    def _busy(self, busy: bool) -> None:
        for button in (self.backup_button, self.copy_button):
            button.setEnabled(not busy)

    def back_up_now(self) -> None:
        self._busy(True)
        self.ctx.run(
            self,
            backups.create_backup,
            "manual",
            progress_title=_("Backing up…"),
            on_success=lambda _info: (self._busy(False), self.refresh()),
            on_failure=self._failed,
        )

    def save_copy(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save a copy of the database"), str(Path.home()), DB_FILTER
        )
        if not name:
            return
        self._busy(True)
        self.ctx.run(
            self,
            backups.save_copy,
            Path(name),
            progress_title=_("Saving a copy…"),
            on_success=lambda _info: (self._busy(False), self.refresh()),
            on_failure=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        message = getattr(exc, "message", None)
        if message is None:
            errors.show_unexpected(self, exc)
        else:
            errors.show_error(self, message)

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or self._restore is None or self.ctx.read_only:
            return
        question = _(
            "Restore the backup of {date} ({why})?\n\nThe database as it is now is backed up "
            "first; people erased since then stay erased."
        ).format(date=format_datetime(info.created_at, "short"), why=info.label)
        if ask(self, question, _("&Restore"), "restore_question") and self._restore(info.path):
            self.accept()

    def restore_file(self) -> None:
        if self._restore is None or self.ctx.read_only:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Restore from a file"), str(Path.home()), DB_FILTER
        )
        if not name:
            return
        question = _(
            "Replace the open database by “{path}”?\n\nThe database as it is now is backed up "
            "first; people erased since then stay erased."
        ).format(path=name)
        if ask(self, question, _("&Restore"), "restore_question") and self._restore(Path(name)):
            self.accept()


class _Row:
    """A backup as a row of the lazy model (it wants an ``id``)."""

    def __init__(self, id_: int, info: Any):
        self.id = id_
        self.info = info

    def __getattr__(self, name: str) -> Any:
        return getattr(self.info, name)
