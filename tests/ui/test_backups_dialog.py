"""Fichier ▸ Sauvegardes et restauration, driven as a user would."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from smartdesk import app
from smartdesk.services import backups, people
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs import backups as dialog_module
from smartdesk.ui.dialogs.backups import BackupsDialog


def test_back_up_now_lists_the_new_backup_with_its_counts(qtbot, db):
    people.create(db, first_name="Léa", last_name="Paquet")
    dialog = BackupsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 0
    assert not dialog.reminder.isVisibleTo(dialog)  # a new database is not nagged about
    qtbot.mouseClick(dialog.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    info = dialog.selected()
    assert info.reason == "manual" and info.counts.people == 1
    assert dialog.model.index(0, 3).data() == "1"


def test_a_copy_on_a_usb_key_quiets_the_reminder(qtbot, db, tmp_path_factory, monkeypatch):
    key = tmp_path_factory.mktemp("usb")  # outside the database's folder, like a USB key
    monkeypatch.setattr(
        dialog_module.QFileDialog,
        "getSaveFileName",
        lambda *a, **k: (str(key / "copie.db"), ""),
    )
    # First seen 40 days ago and never copied outside this PC since: the reminder shows.
    backups.copy_reminder_due(db, now=dt.datetime.now() - dt.timedelta(days=40))
    dialog = BackupsDialog(AppContext(db))
    qtbot.addWidget(dialog)
    assert dialog.reminder.isVisibleTo(dialog) and "USB" in dialog.reminder.text()
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0 and (key / "copie.db").exists())
    assert backups.verify_backup(key / "copie.db").counts is not None
    qtbot.waitUntil(lambda: not dialog.reminder.isVisibleTo(dialog))
    assert backups.last_external_copy(db) is not None


def test_restoring_a_backup_from_the_window_brings_the_old_data_back(
    qtbot, db, make_window, monkeypatch
):
    people.create(db, first_name="Léa", last_name="Paquet")
    backup = backups.create_backup(db)
    people.create(db, first_name="Tard", last_name="Venu")

    def open_database(path, create):
        return AppContext(app.open_database(path, create=create))

    window = make_window(db, open_database=open_database)
    monkeypatch.setattr(dialog_module, "ask", lambda *a: True)
    dialog = BackupsDialog(window.ctx, window, restore=window.restore_backup)
    qtbot.addWidget(dialog)
    dialog.table.selectRow(dialog.model.row_of(0) or 0)
    assert dialog.selected().path == backup.path
    dialog.restore_selected()
    qtbot.waitUntil(lambda: window.ctx.db is not db and tasks.running_tasks() == 0)
    assert [p.last_name for p in people.search(window.ctx.db)] == ["Paquet"]
    reasons = [b.reason for b in backups.list_backups(window.ctx.db)]
    assert "restore" in reasons  # the file as it was before the restore was kept
