"""The Personnes page driven as the secretary would: typing, keys, clicks; the database is
checked afterwards."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
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
    # The kept one told apart by what the secretary knows of it, not by its record number.
    kept_text, merged_text = dialog.outcome.text().split(";")
    assert "085 21 00 00" in kept_text and "anne@wanze.be" in merged_text
    assert not re.search(r"#\d", dialog.outcome.text())
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


# --- column widths ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl", "de"])
def test_columns_fit_what_they_hold_and_follow_the_window(qtbot, demo_db, fits, lang):
    from smartdesk import i18n

    with i18n.use_locale(lang):
        page = PeoplePage(AppContext(demo_db))
        qtbot.addWidget(page)
        table = page.table
        for width in (1366 - 190, 1024 - 190):  # the window less the navigation
            page.resize(width, 650)
            page.show()
            qtbot.waitUntil(lambda w=width: w - 60 < table.viewport().width() < w)
            widest = people_page.consent_texts()[-1]  # "Oui, le 28/12/2020"
            assert fits(table, people_page.CONSENT_COLUMN, widest), (width, widest)
            header = table.horizontalHeader()
            consent_header = table.model().headerData(6, Qt.Orientation.Horizontal)
            assert header.fontMetrics().horizontalAdvance(consent_header) < header.sectionSize(6)
            # The demo has no phone numbers: the organisation gets the room, not the phone.
            assert table.columnWidth(1) > table.columnWidth(5) * (2 if width > 1100 else 1.5)
            used = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
            assert abs(used - table.viewport().width()) <= 2, (width, used)
        # At 1366 px the organisations of the first rows show whole, most of them.
        page.resize(1366 - 190, 650)
        qtbot.waitUntil(lambda: table.viewport().width() > 1100)
        shown = [page.model.record_at(r).organisation or "" for r in range(25)]
        whole = [o for o in shown if fits(table, 1, o)]
        assert len(whole) >= 0.8 * len(shown), [o for o in shown if o not in whole]


def test_a_column_the_user_widens_keeps_its_width_and_is_remembered(qtbot, demo_db):
    page = PeoplePage(AppContext(demo_db))
    qtbot.addWidget(page)
    page.resize(1176, 650)
    page.show()
    table = page.table
    qtbot.waitUntil(lambda: table.viewport().width() > 1100)
    header = table.horizontalHeader()
    # Drag the right edge of the phone column 60 px to the right, as with the mouse.
    edge = header.sectionViewportPosition(5) + header.sectionSize(5) - 1
    y = header.height() // 2
    before = header.sectionSize(5)
    viewport = header.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
    qtbot.mouseMove(viewport, QPoint(edge + 30, y))
    qtbot.mouseMove(viewport, QPoint(edge + 60, y))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(edge + 60, y))
    assert header.sectionSize(5) == before + 60
    # The other text columns gave the room back: the list still ends at the view's edge.
    used = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    assert abs(used - table.viewport().width()) <= 2
    page.resize(900, 650)
    qtbot.waitUntil(lambda: table.viewport().width() < 900)
    assert header.sectionSize(5) == before + 60  # the user's width wins over the layout
    # A page opened later (the next start) finds it again.
    again = PeoplePage(AppContext(demo_db))
    qtbot.addWidget(again)
    again.resize(1176, 650)
    again.show()
    qtbot.waitUntil(lambda: again.table.viewport().width() > 1100)
    assert again.table.columnWidth(5) == before + 60


def test_widths_saved_by_the_last_window_are_laid_out_again_only_dragged_ones_kept(
    qtbot, demo_db, make_window
):
    """The main window saves every column's width on close, those of a window of another
    size: they are laid out again for this one; what the user dragged stays."""
    from smartdesk.services import preferences

    preferences.update(
        column_widths={"people/people_table": [40, 40, 40, 40, 40, 400]},
        column_widths_by_hand={"people/people_table": {"4": 333}},
    )
    window = make_window(demo_db)
    window.resize(1366, 768)
    window.show_page("people")
    table = window.pages["people"].table
    qtbot.waitUntil(lambda: table.viewport().width() > 1100)
    assert table.columnWidth(4) == 333  # the e-mail the user widened
    assert table.columnWidth(5) < 120  # the (empty) phone column is not 400 px
    assert table.columnWidth(1) > 200  # nor the organisation 40
    assert preferences.get("column_widths_by_hand") == {"people/people_table": {"4": 333}}
    used = sum(table.columnWidth(c) for c in range(7))
    assert abs(used - table.viewport().width()) <= 2
