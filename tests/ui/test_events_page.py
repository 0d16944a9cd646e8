"""The events page and the event editor, driven with the keyboard; the database is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDateTime, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.services import events, people
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.event_editor import AgendaItemDialog, EventEditor


def _select(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def test_ctrl_n_opens_the_editor_and_a_typed_event_is_saved(qtbot, db, make_window):
    window = make_window(db)
    window.show_page("events")
    page = window.pages["events"]
    page.table.setFocus()
    done = []

    def fill_in():
        editor = QApplication.activeModalWidget()
        assert isinstance(editor, EventEditor)
        assert editor.windowTitle() == "New event"
        # QTest types ASCII only; accented text is inserted as an input method would.
        qtbot.keyClicks(editor.form.title, "Petit dej' rural : le ")
        editor.form.title.insert("numérique")
        editor.form.kind.setFocus()
        qtbot.keyClicks(editor.form.kind, "Business")  # typing selects in a combo box
        editor.form.start.setDateTime(QDateTime(dt.date(2020, 3, 5), QTime(7, 30)))
        editor.form.end.setDateTime(QDateTime(dt.date(2020, 3, 5), QTime(9, 0)))
        qtbot.keyClicks(editor.form.venue, "Brasserie de la Mehaigne")
        editor.form.commune.setFocus()
        editor.form.commune.lineEdit().insert("Héron")
        editor.form.title.setFocus()
        qtbot.keyClick(editor.form.title, Qt.Key.Key_Return)  # Enter = OK
        done.append(editor.result())

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(page, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert done == [QDialog.DialogCode.Accepted]
    [saved] = events.list_events(db)
    assert saved.title == "Petit dej' rural : le numérique"
    assert saved.kind == EventKind.BUSINESS_BREAKFAST
    assert (saved.start, saved.end) == (dt.datetime(2020, 3, 5, 7, 30), dt.datetime(2020, 3, 5, 9))
    assert (saved.venue, saved.commune) == ("Brasserie de la Mehaigne", "Héron")
    assert page.model.rowCount() == 1
    assert page.selected_event_id() == saved.id


def test_a_validation_error_keeps_the_form_open_with_what_was_typed(qtbot, db):
    editor = EventEditor(AppContext(db), None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.form.venue, "Salle du Moulin")
    qtbot.keyClick(editor.form.venue, Qt.Key.Key_Return)  # no title
    assert editor.result() != QDialog.DialogCode.Accepted
    assert editor.isVisible()
    assert editor.form.errors["title"].isVisible()
    assert "Title" in editor.form.errors["title"].text()
    assert editor.form.venue.text() == "Salle du Moulin"
    assert events.list_events(db) == []
    # an end before the start: the message goes under the end
    qtbot.keyClicks(editor.form.title, "Midi")
    editor.form.end.setDateTime(editor.form.start.dateTime().addSecs(-3600))
    assert not editor.apply()
    assert editor.form.errors["end"].isVisible() and not editor.form.errors["title"].isVisible()
    assert events.list_events(db) == []


def test_status_change_is_saved(qtbot, demo_db):
    event = next(e for e in events.list_events(demo_db) if e.kind == EventKind.VISIT)
    editor = EventEditor(AppContext(demo_db), event.id)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.form.title.text() == event.title
    editor.form.status.setFocus()
    qtbot.keyClicks(editor.form.status, "Canc")
    qtbot.keyClick(editor.form.status, Qt.Key.Key_Return)
    assert events.get(demo_db, event.id).status == EventStatus.CANCELLED
    assert events.get(demo_db, event.id).venue == event.venue  # the rest untouched


def test_agenda_items_added_and_reordered_with_alt_arrows(qtbot, db, monkeypatch):
    anne = people.create(db, first_name="Anne", last_name="Lejeune")
    event = events.create(db, title="Midi", kind="midi_du_smart", start="2020-02-06T12:00")
    for title in ("Accueil", "Exposé", "Échanges"):
        events.add_agenda_item(db, event.id, title)
    editor = EventEditor(AppContext(db), event.id)
    qtbot.addWidget(editor)
    editor.show()
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    editor.tabs.setCurrentWidget(editor.agenda)
    agenda = editor.agenda.list
    assert agenda.count() == 3
    agenda.setFocus()
    agenda.setCurrentRow(2)
    qtbot.keyClick(agenda, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(agenda, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [i.title for i in events.agenda(db, event.id)] == ["Échanges", "Accueil", "Exposé"]
    assert agenda.currentRow() == 0
    qtbot.keyClick(agenda, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [i.title for i in events.agenda(db, event.id)] == ["Accueil", "Échanges", "Exposé"]

    # a new item with a speaker found by typing part of her name
    def fill(dialog_self):
        qtbot.keyClicks(dialog_self.time, "12h40")
        qtbot.keyClicks(dialog_self.title, "Le PST et les donnees")
        qtbot.keyClicks(dialog_self.speaker, "lejeune")
        dialog_self.speaker.completer_.activated.emit("Anne Lejeune")
        qtbot.keyClicks(dialog_self.role, "DG de Wanze")
        return QDialog.DialogCode.Accepted

    calls = []

    def fake_exec(dialog_self):
        calls.append(1)
        return fill(dialog_self) if len(calls) == 1 else QDialog.DialogCode.Rejected

    monkeypatch.setattr(AgendaItemDialog, "exec", fake_exec)
    editor.add_agenda_item()
    last = events.agenda(db, event.id)[-1]
    assert (last.title, last.time, last.speaker, last.speaker_role) == (
        "Le PST et les donnees",
        dt.time(12, 40),
        "Anne Lejeune",
        "DG de Wanze",
    )
    assert last.speaker_id == anne.id
    assert "Anne Lejeune" in agenda.item(3).text()
    # dragging: the list's order after a drop is saved as is
    moved = agenda.takeItem(3)
    agenda.insertItem(0, moved)
    editor.save_agenda_order()
    assert events.agenda(db, event.id)[0].title == "Le PST et les donnees"


def test_a_new_event_must_be_saved_before_its_agenda(qtbot, db):
    editor = EventEditor(AppContext(db), None)
    qtbot.addWidget(editor)
    assert not editor.agenda.add.isEnabled()
    assert not editor.tabs.isTabEnabled(editor.registrations_index)
    qtbot.keyClicks(editor.form.title, "Soiree d'echange")
    assert editor.apply()
    assert editor.event_id is not None and editor.agenda.add.isEnabled()
    assert editor.tabs.isTabEnabled(editor.registrations_index)
    assert editor.windowTitle() == "Event: Soiree d'echange"


def test_filters_and_delete_with_confirmation(qtbot, demo_db, make_window, answers):
    replies, _infos = answers
    window = make_window(demo_db)
    window.show_page("events")
    page = window.pages["events"]
    total = page.model.rowCount()
    _select(page.kind, "visit")
    assert page.model.rowCount() == 6
    _select(page.commune, "Wanze")
    assert page.model.rowCount() == 1
    _select(page.kind, None)
    _select(page.commune, None)
    _select(page.period, "upcoming")  # "today" is the Midi du Smart's day in these tests
    upcoming = page.model.rowCount()
    assert 0 < upcoming < total
    assert page.model.record_at(0).title == "Ma commune rurale, un smart territoire ?"
    _select(page.period, "all")
    # past events come after the upcoming ones, greyed
    last = page.model.record_at(total - 1)
    assert last.start.date() < dt.date(2020, 2, 6)
    assert page.model.data(page.model.index(total - 1, 0), Qt.ItemDataRole.ForegroundRole)
    assert page.model.data(page.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None

    page.select(last.id)
    page.table.setFocus()
    from PySide6.QtWidgets import QMessageBox

    replies.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == total  # refused: nothing deleted
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == total - 1
    assert last.id not in [e.id for e in events.list_events(demo_db)]


@pytest.mark.parametrize("lang", ["fr", "nl", "de"])
def test_venue_and_kind_show_whole_and_the_title_takes_the_rest(
    qtbot, demo_db, make_window, fits, lang
):
    """The window at 1366 and at 1024 px (a small laptop), in each language."""
    from smartdesk import i18n

    with i18n.use_locale(lang):
        window = make_window(demo_db)
        window.show_page("events")
        page = window.pages["events"]
        table = page.table
        for width in (1366, 1024):
            window.resize(width, 768)
            qtbot.waitUntil(lambda w=width: w - 260 < table.viewport().width() < w - 150)
            # Every kind and status in this language, the dates and times: whole.
            for kind in EventKind:
                assert fits(table, 2, i18n._(kind.label)), (width, kind)
            for status in EventStatus:
                assert fits(table, 6, i18n._(status.label)), (width, status)
            records = [page.model.record_at(r) for r in range(page.model.rowCount())]
            for e in records:
                assert fits(table, 0, i18n.format_date(e.start, "medium"))
                assert fits(table, 1, i18n.format_time_range(e.start, e.end))
            used = sum(table.columnWidth(c) for c in range(7))
            assert abs(used - table.viewport().width()) <= 2, (width, used)
            if width == 1366:  # titles, venues and communes show whole, but for the longest
                for column, texts in (
                    (3, [e.title for e in records]),
                    (4, [e.venue or "" for e in records]),
                    (5, [e.commune or "" for e in records]),
                ):
                    whole = [t for t in texts if fits(table, column, t)]
                    assert len(whole) >= 0.85 * len(texts), (column, set(texts) - set(whole))
            else:  # at 1024 px the title is cut last
                assert table.columnWidth(3) >= table.columnWidth(4)
