"""The Organisations page driven with keys and clicks; the database checked afterwards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from smartdesk.domain.enums import Sector
from smartdesk.services import organisations, people
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages import people as people_page
from smartdesk.ui.pages.organisations import OrganisationsPage


@pytest.fixture
def shown_errors(monkeypatch):
    seen: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, message, *a: seen.append(message))
    return seen


@pytest.fixture
def page(qtbot, db, shown_errors):
    page = OrganisationsPage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    return page


def column(model, col=0):
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_list_with_member_counts_and_members_of_the_selected(qtbot, page, db):
    people.create(db, first_name="Anne", last_name="Noël", organisation="CPAS", sector="commune")
    people.create(db, first_name="Marc", last_name="Ruelle", organisation="CPAS")
    organisations.create(db, "Œuvre paroissiale", sector="association")
    page.refresh()
    assert column(page.model) == ["CPAS", "Œuvre paroissiale"]
    assert column(page.model, 3) == ["2", "0"]
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    assert page.current_id() == page.model.id_at(0)
    assert column(page.members_model) == ["Noël Anne", "Ruelle Marc"]
    page.set_search("oeuvre")
    assert column(page.model) == ["Œuvre paroissiale"]


def test_new_organisation_typed_and_saved(qtbot, page, db):
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.editor is not None and page.editor.isActiveWindow())
    editor = page.editor
    qtbot.keyClicks(editor.name, "Club des aines")
    editor.sector.setCurrentIndex(editor.sector.findData("association"))
    qtbot.keyClicks(editor.commune, "Wanze")
    qtbot.keyClick(editor.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.editor is None)
    [org_id] = organisations.search_ids(db, "aines")
    org = organisations.get(db, org_id)
    assert (org.name, org.sector, org.commune) == ("Club des aines", Sector.ASSOCIATION, "Wanze")
    assert column(page.model) == ["Club des aines"]


def test_a_duplicate_name_shows_under_the_field(qtbot, page, db):
    organisations.create(db, "CPAS", commune="Wanze")
    editor = page.open_editor(None)
    qtbot.keyClicks(editor.name, "cpas")
    qtbot.keyClicks(editor.commune, "Wanze")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.errors["name"].isVisible() and "merge" in editor.errors["name"].text()
    assert editor.name.text() == "cpas"
    editor.reject()


def test_merge_two_organisations_moves_the_members(qtbot, page, db):
    people.create(db, first_name="Anne", last_name="Noël", organisation="Commune de Wanze")
    people.create(db, first_name="Marc", last_name="Ruelle", organisation="AC Wanze")
    people.create(db, first_name="Léa", last_name="Gillet", organisation="AC Wanze")
    page.refresh()
    page.table.selectAll()
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.merge_dialog is not None)
    dialog = page.merge_dialog
    assert dialog.keep_buttons[0].isChecked()  # AC Wanze: more members
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.merge_dialog is None)
    assert column(page.model) == ["AC Wanze"]
    assert column(page.model, 3) == ["3"]
    assert {p.organisation for p in people.search(db)} == {"AC Wanze"}


def test_delete_refused_while_people_belong(qtbot, page, db, monkeypatch, shown_errors):
    people.create(db, first_name="Anne", last_name="Noël", organisation="CPAS")
    empty = organisations.create(db, "Vide")
    page.refresh()
    monkeypatch.setattr(people_page, "confirm", lambda *a: True)
    page.select_id(page.model.id_at(0))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert "merge it" in shown_errors[0]
    page.select_id(empty.id)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert column(page.model) == ["CPAS"]


def test_names_and_sectors_show_whole_and_an_empty_phone_column_stays_narrow(
    qtbot, demo_db, make_window, fits
):
    window = make_window(demo_db)
    window.show_page("organisations")
    page = window.pages["organisations"]
    table, members = page.table, page.members
    bodies = [page.model.record_at(r) for r in range(page.model.rowCount())]
    for width in (1366, 1024):
        window.resize(width, 768)
        qtbot.waitUntil(lambda w=width: w - 260 < table.viewport().width() < w - 150)
        assert all(fits(table, 0, o.name) for o in bodies), width
        assert all(fits(table, 1, o.sector.label) for o in bodies), width  # English in tests
        assert fits(table, 3, "9,999")
        used = sum(table.columnWidth(c) for c in range(4))
        assert abs(used - table.viewport().width()) <= 2, (width, used)
    # The members of an organisation: the demo has no phone numbers, so the e-mail gets the room.
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    assert page.members_model.rowCount() > 0
    people_shown = [page.members_model.record_at(r) for r in range(page.members_model.rowCount())]
    assert not any(p.phone for p in people_shown)
    assert members.columnWidth(2) > 2 * members.columnWidth(3)
    assert all(fits(members, 2, p.email or "") for p in people_shown)
