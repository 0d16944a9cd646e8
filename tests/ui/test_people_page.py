"""The Personnes page driven as the secretary would: typing, keys, clicks; the database is
checked afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from smartdesk.domain.enums import ConsentMethod, RegistrationStatus
from smartdesk.services import attendance, events, people
from smartdesk.ui import clock, errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs import person_editor
from smartdesk.ui.pages import people as people_page
from smartdesk.ui.pages.people import PeoplePage

# QTest.keyClicks only knows ASCII (it aborts on "é", "Ø"): other characters are sent as key
# events carrying their text, as a keyboard layout or an input method delivers them.


def type_text(qtbot, widget: QWidget, text: str) -> None:
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


@pytest.fixture
def shown_errors(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, message, *a: seen.append(message))
    return seen


@pytest.fixture
def page(qtbot, db, shown_errors):
    ctx = AppContext(db)
    page = PeoplePage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    return page


def names_shown(page) -> list[str]:
    model = page.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def open_new(qtbot, page):
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isActiveWindow())
    return page.editor


def test_type_a_new_person_with_the_keyboard_and_save(qtbot, page, db):
    editor = open_new(qtbot, page)
    assert editor.focusWidget() is editor.first_name  # typing starts with the first name
    type_text(qtbot, editor.first_name, "Łukasz")
    qtbot.keyClick(editor.first_name, Qt.Key.Key_Tab)
    type_text(qtbot, editor.last_name, "Ørsted")
    type_text(qtbot, editor.email, "lukasz@orsted.be")
    type_text(qtbot, editor.commune, "Héron")
    qtbot.keyClick(editor.consent, Qt.Key.Key_Space)
    editor.consent_method.setCurrentIndex(editor.consent_method.findData("paper"))
    qtbot.keyClick(editor.last_name, Qt.Key.Key_Return)  # Enter = the default button, Save
    qtbot.waitUntil(lambda: page.editor is None)
    [saved] = people.search(db, "lukasz orsted")
    assert (saved.first_name, saved.last_name, saved.email, saved.commune) == (
        "Łukasz", "Ørsted", "lukasz@orsted.be", "Héron",
    )  # fmt: skip
    assert saved.consent and saved.consent_method == ConsentMethod.PAPER
    assert saved.consent_date == clock.today()  # the application's today (tests/ui/conftest.py)
    assert names_shown(page) == ["Ørsted Łukasz"]
    assert page.current_id() == saved.id


def test_a_service_error_shows_next_to_the_field_and_the_form_keeps_the_text(qtbot, page, db):
    editor = open_new(qtbot, page)
    type_text(qtbot, editor.first_name, "Anne")
    type_text(qtbot, editor.email, "anne(at)heron")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.errors["last_name"].isVisible()
    assert "Last name is required" in editor.errors["last_name"].text()
    type_text(qtbot, editor.last_name, "Noël")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["email"].isVisible() and not editor.errors["last_name"].isVisible()
    assert "not valid" in editor.errors["email"].text()
    assert (editor.first_name.text(), editor.email.text()) == ("Anne", "anne(at)heron")
    assert people.count(db) == 0
    editor.email.clear()
    type_text(qtbot, editor.email, "anne@heron.be")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is None)
    assert [p.email for p in people.search(db)] == ["anne@heron.be"]


def test_typing_an_existing_email_warns_and_opens_the_existing_person(qtbot, page, db):
    known = people.create(db, first_name="Marie", last_name="Lambert",
                          email="marie.lambert@gal-bm.be", commune="Braives")  # fmt: skip
    page.refresh()
    editor = open_new(qtbot, page)
    type_text(qtbot, editor.first_name, "M.")
    type_text(qtbot, editor.email, "Marie.Lambert@GAL-bm.be")
    qtbot.waitUntil(lambda: editor.duplicate_box.isVisible())
    assert "Marie Lambert" in editor.duplicate_label.text()
    qtbot.mouseClick(editor.open_existing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor is not editor)
    assert page.editor.person_id == known.id
    assert page.editor.last_name.text() == "Lambert"
    assert people.count(db) == 1  # nothing written for the abandoned entry


def test_a_similar_name_in_the_same_commune_warns_too(qtbot, page, db):
    people.create(db, first_name="Benoît", last_name="Lhoest", commune="Héron")
    editor = open_new(qtbot, page)
    type_text(qtbot, editor.first_name, "benoit")
    type_text(qtbot, editor.last_name, "LHOEST")
    qtbot.waitUntil(lambda: editor.duplicate_box.isVisible())
    editor.last_name.setText("Lhoest-Dubois")
    qtbot.waitUntil(lambda: not editor.duplicate_box.isVisible())


def test_edit_consent_with_enter_on_the_row(qtbot, page, db):
    anne = people.create(db, first_name="Anne", last_name="Noël", consent=True,
                         consent_date=dt.date(2020, 1, 15), consent_method="email")  # fmt: skip
    page.refresh()
    page.table.setFocus()
    page.select_id(anne.id)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isActiveWindow())
    editor = page.editor
    assert editor.consent.isChecked() and editor.consent_date.date().year() == 2020
    qtbot.keyClick(editor.consent, Qt.Key.Key_Space)  # withdrawn
    assert not editor.consent_method.isEnabled()
    qtbot.keyClick(editor.first_name, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is None)
    after = people.get(db, anne.id)
    assert (after.consent, after.consent_date, after.consent_method) == (False, None, None)
    assert page.model.data(page.model.index(0, 6)) == "No"


def test_the_editor_shows_the_attendance_history(qtbot, page, db):
    anne = people.create(db, first_name="Anne", last_name="Noël")
    ev = events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2020-02-06T12:00")
    attendance.set_status(db, ev.id, anne.id, "present")
    editor = page.open_editor(anne.id)
    qtbot.waitUntil(editor.isVisible)
    assert editor.tabs.count() == 2
    model = editor.history_view.model()
    assert model.rowCount() == 1
    assert model.data(model.index(0, 2)) == "Midi du Smart"
    assert model.data(model.index(0, 4)) == "Present"
    editor.reject()


def test_search_orsted_finds_orsted_in_the_page(qtbot, page, db):
    for first, last in (("Karen", "Ørsted"), ("Paul", "Œuvray"), ("Zoé", "Zeller")):
        people.create(db, first_name=first, last_name=last)
    page.refresh()
    assert names_shown(page) == ["Œuvray Paul", "Ørsted Karen", "Zeller Zoé"]
    page.set_search("orsted")
    assert names_shown(page) == ["Ørsted Karen"]
    page.set_search("oeuvray")
    assert names_shown(page) == ["Œuvray Paul"]
    assert page.count_label.text() == "1 person"
    page.set_search("")
    assert page.model.rowCount() == 3


def test_local_filters_commune_and_consent(qtbot, page, db):
    people.create(db, first_name="Anne", last_name="Noël", commune="Héron", consent=True)
    people.create(db, first_name="Marc", last_name="Ruelle", commune="Wanze")
    page.refresh()
    page.commune_filter.setCurrentIndex(page.commune_filter.findData("Wanze"))
    assert names_shown(page) == ["Ruelle Marc"]
    page.commune_filter.setCurrentIndex(0)
    page.consent_filter.setCurrentIndex(page.consent_filter.findData(True))
    assert names_shown(page) == ["Noël Anne"]


def test_merge_two_people_keeps_both_histories(qtbot, page, db):
    a = people.create(db, first_name="Anne", last_name="Dubois", email="anne@wanze.be")
    b = people.create(db, first_name="Anne", last_name="Dubois", phone="085 21 00 00")
    first = events.create(db, title="Midi", kind="midi_du_smart", start="2021-03-01T12:00")
    second = events.create(db, title="Soirée", kind="exchange_evening", start="2021-04-01T19:00")
    attendance.set_status(db, first.id, a.id, "present")
    attendance.set_status(db, second.id, b.id, "present")
    attendance.set_status(db, second.id, people.create(db, first_name="Z", last_name="Z").id,
                          "absent")  # fmt: skip
    page.refresh()
    page.table.selectAll()
    page.table.selectionModel().select(
        page.model.index(2, 0),
        page.table.selectionModel().SelectionFlag.Deselect
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    assert page.selected_ids() == [a.id, b.id]
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.merge_dialog is not None)
    dialog = page.merge_dialog
    dialog.keep_buttons[1].setFocus()
    qtbot.keyClick(dialog.keep_buttons[1], Qt.Key.Key_Space)  # keep B
    assert f"#{b.id}" in dialog.outcome.text().split(";")[0]
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.merge_dialog is None)
    kept = people.get(db, b.id)
    assert (kept.email, kept.phone) == ("anne@wanze.be", "085 21 00 00")
    history = people.attendance_history(db, b.id)
    assert sorted(h.title for h in history) == ["Midi", "Soirée"]
    assert all(h.status == RegistrationStatus.PRESENT for h in history)
    assert people.search_ids(db, "anne dubois") == [b.id]
    assert page.model.rowCount() == 2


def test_anonymise_asks_first_and_keeps_the_row_greyed(qtbot, page, db, monkeypatch):
    anne = people.create(db, first_name="Anne", last_name="Noël", email="anne@heron.be")
    page.refresh()
    page.select_id(anne.id)
    asked: list[str] = []
    monkeypatch.setattr(people_page, "confirm", lambda p, t, text, a: asked.append(text) or False)
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    assert "Anne Noël" in asked[0] and "cannot be undone" in asked[0]
    assert people.get(db, anne.id).email == "anne@heron.be"  # refused: nothing changed
    monkeypatch.setattr(people_page, "confirm", lambda *a: True)
    qtbot.mouseClick(page.anonymise_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people.get(db, anne.id).anonymised)  # done in the background
    assert people.get(db, anne.id).email is None
    qtbot.waitUntil(lambda: names_shown(page) == [f"Anonymised person #{anne.id}"])


def test_erase_keeps_the_anonymous_count_of_attendance(qtbot, page, db, monkeypatch):
    anne = people.create(db, first_name="Anne", last_name="Noël")
    marc = people.create(db, first_name="Marc", last_name="Ruelle")
    ev = events.create(db, title="Midi", kind="midi_du_smart", start="2021-03-01T12:00")
    attendance.set_status(db, ev.id, anne.id, "present")
    page.refresh()
    monkeypatch.setattr(people_page, "confirm", lambda *a: True)
    page.select_id(anne.id)
    qtbot.mouseClick(page.erase_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: anne.id not in people.search_ids(db))
    assert attendance.counts(db, ev.id)[RegistrationStatus.PRESENT] == 1  # counted, unnamed
    qtbot.waitUntil(lambda: "Noël Anne" not in names_shown(page))
    assert "Ruelle Marc" in names_shown(page)
    assert marc.id in people.search_ids(db)


def test_the_page_follows_the_shared_sort_order(qtbot, page, db):
    for first, last in (("Zoé", "Zeller"), ("Anne", "Évrard"), ("Els", "Van Hove"),
                        ("Marc", "de Wilde"), ("Łukasz", "Nowak")):  # fmt: skip
        people.create(db, first_name=first, last_name=last)
    page.refresh()
    assert names_shown(page) == [
        "de Wilde Marc", "Évrard Anne", "Nowak Łukasz", "Van Hove Els", "Zeller Zoé",
    ]  # fmt: skip
    assert page.model.ids() == [p.id for p in people.search(db)]


def test_editor_module_needs_no_database_import():
    import smartdesk.ui.dialogs.person_editor as module

    assert "sqlalchemy" not in module.__dict__ and person_editor.OPEN_EXISTING == 2
