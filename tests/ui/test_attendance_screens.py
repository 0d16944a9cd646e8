"""The attendance screens driven as a user would, offscreen: the registrations tab (picker,
quick-add, status keys), check-in at the door (letters, Enter, Space, walk-ins with the duplicate
question) and typing a signed sheet of 40 rows back in. Every test asserts on the database."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from smartdesk.domain.enums import RegistrationStatus as RS
from smartdesk.services import attendance, events, people
from smartdesk.ui import tasks
from smartdesk.ui.context import AppContext
from smartdesk.ui.pages.checkin import CheckInPage
from smartdesk.ui.pages.encode import EncodePage
from smartdesk.ui.pages.registrations import RegistrationsPanel
from tests.services.conftest import raw_rows, raw_scalar


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("smartdesk.ui.errors.show_error", lambda _p, msg, *a: shown.append(msg))
    yield shown


@pytest.fixture
def event(db):
    return events.create(
        db, title="Midi du Smart", kind="midi_du_smart", start="2020-02-06T12:00", venue="Salle"
    )


def statuses(db, event_id) -> dict[tuple[str, str], tuple[str, int]]:
    rows = raw_rows(
        db,
        "SELECT p.first_name, p.last_name, r.status, r.walk_in FROM registration r "
        "JOIN person p ON p.id = r.person_id WHERE r.event_id = ?",
        event_id,
    )
    return {(f, last): (s, w) for f, last, s, w in rows}


def _people(db, names):
    return [people.create(db, first_name=f, last_name=last).id for f, last in names]


# --- registrations tab ------------------------------------------------------------------------


def test_register_people_through_the_picker_with_the_keyboard(qtbot, db, event):
    _people(db, [("Anne", "Lejeune"), ("Benoît", "Lejeune"), ("Chantal", "Wéry")])
    panel = RegistrationsPanel(AppContext(db), event.id)
    qtbot.addWidget(panel)
    panel.show()
    panel.picker.setFocus()
    qtbot.keyClicks(panel.picker, "leje")
    qtbot.keyClick(panel.picker, Qt.Key.Key_Down)  # from Anne to Benoît
    qtbot.keyClick(panel.picker, Qt.Key.Key_Return)
    assert statuses(db, event.id) == {("Benoît", "Lejeune"): ("registered", 0)}
    assert panel.picker.text() == ""
    qtbot.keyClicks(panel.picker, "wery")  # accents ignored; Enter right away (no wait)
    qtbot.keyClick(panel.picker, Qt.Key.Key_Return)
    qtbot.keyClicks(panel.picker, "lejeune")
    qtbot.waitUntil(lambda: panel.results.isVisible())
    qtbot.keyClick(panel.picker, Qt.Key.Key_Return)  # Anne: the first not yet registered
    assert statuses(db, event.id) == {
        ("Anne", "Lejeune"): ("registered", 0),
        ("Benoît", "Lejeune"): ("registered", 0),
        ("Chantal", "Wéry"): ("registered", 0),
    }
    assert panel.counts_label.text().startswith("Registered: 3")

    # Statuses with one key in the list; Delete unregisters someone not yet marked.
    panel.table.setFocus()
    panel.table.selectRow(0)  # Anne
    qtbot.keyClick(panel.table, Qt.Key.Key_P)
    panel.table.selectRow(1)  # Benoît
    qtbot.keyClick(panel.table, Qt.Key.Key_E)
    panel.table.selectRow(2)  # Chantal
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert statuses(db, event.id) == {
        ("Anne", "Lejeune"): ("present", 0),
        ("Benoît", "Lejeune"): ("excused", 0),
    }
    assert "Present: 1" in panel.counts_label.text()
    assert "Excused: 1" in panel.counts_label.text()


def test_quick_add_registers_a_new_person_and_warns_about_a_look_alike(qtbot, db, event):
    known = _people(db, [("Luc", "Lambert")])[0]
    panel = RegistrationsPanel(AppContext(db), event.id)
    qtbot.addWidget(panel)
    panel.show()
    entry = panel.quick_add
    qtbot.keyClicks(entry.edits["first_name"], "Sophie")
    qtbot.keyClicks(entry.edits["last_name"], "Paquet")
    qtbot.keyClicks(entry.edits["organisation"], "Ville de Wanze")
    qtbot.keyClicks(entry.edits["commune"], "Wanze")
    qtbot.keyClicks(entry.edits["email"], "sophie@wanze.be")
    qtbot.keyClick(entry.edits["email"], Qt.Key.Key_Return)
    assert statuses(db, event.id) == {("Sophie", "Paquet"): ("registered", 0)}
    (sophie,) = people.search(db, "paquet")
    assert (sophie.organisation, sophie.commune, sophie.email) == (
        "Ville de Wanze",
        "Wanze",
        "sophie@wanze.be",
    )
    assert entry.edits["first_name"].text() == ""

    # A near spelling of someone known: the warning, then "it's this person".
    qtbot.keyClicks(entry.edits["first_name"], "Luc")
    qtbot.keyClicks(entry.edits["last_name"], "Lambers")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert entry.duplicates.isVisible()
    assert entry.duplicates.model.record_at(0).person.id == known
    qtbot.mouseClick(entry.duplicates.same_button, Qt.MouseButton.LeftButton)
    assert statuses(db, event.id)[("Luc", "Lambert")] == ("registered", 0)
    assert raw_scalar(db, "SELECT COUNT(*) FROM person WHERE last_name = 'Lambers'") == 0


# --- check-in at the door ---------------------------------------------------------------------


@pytest.fixture
def door(qtbot, db, event):
    names = [
        ("Anne", "Lejeune"),
        ("Benoît", "Bodart"),
        ("Chantal", "Wéry"),
        ("Damien", "Delcour"),
        ("Els", "Van Hove"),
    ]
    ids = _people(db, names)
    attendance.register(db, event.id, ids)
    ctx = AppContext(db)
    page = CheckInPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    page.open(event_id=event.id)
    return page


def test_check_in_three_people_by_typing_letters(qtbot, db, event, door):
    page = door
    assert page.filter.hasFocus() or page.focusWidget() is page.filter
    assert page.count_label.text() == "0 present / 5 expected"
    qtbot.keyClicks(page.filter, "wer")
    assert page.model.rowCount() == 1
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    qtbot.keyClicks(page.filter, "bod")  # the previous letters were selected: replaced
    assert page.filter.text() == "bod"
    qtbot.keyClick(page.filter, Qt.Key.Key_Space)
    qtbot.keyClicks(page.filter, "vanh")  # "Van Hove" typed without its space
    qtbot.keyClick(page.filter, Qt.Key.Key_Enter)
    assert statuses(db, event.id) == {
        ("Anne", "Lejeune"): ("registered", 0),
        ("Benoît", "Bodart"): ("present", 0),
        ("Chantal", "Wéry"): ("present", 0),
        ("Damien", "Delcour"): ("registered", 0),
        ("Els", "Van Hove"): ("present", 0),
    }
    assert page.count_label.text() == "3 present / 5 expected"
    # A mistake: the same key again puts Els back as she was.
    qtbot.keyClick(page.filter, Qt.Key.Key_Space)
    assert statuses(db, event.id)[("Els", "Van Hove")] == ("registered", 0)
    # Escape clears the filter: everybody again; a click marks present too.
    qtbot.keyClick(page.filter, Qt.Key.Key_Escape)
    assert page.filter.text() == "" and page.model.rowCount() == 5
    row = page.model.row_of(people.search(db, "delcour")[0].id)
    rect = page.table.visualRect(page.model.index(row, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert statuses(db, event.id)[("Damien", "Delcour")] == ("present", 0)
    # The window's search field filters too.
    page.set_search("lej")
    assert page.model.rowCount() == 1


def test_the_organisation_gets_the_widest_column_at_any_window_size(qtbot, db, event, door):
    """At the door, the organisation tells two people of the same name apart: it is the widest
    column whatever the screen, the names show whole, the status column holds its texts; the
    columns follow the window (the same rule as every list: smartdesk/ui/column_widths.py)."""
    bodies = {
        "Delcour": "Administration communale de Villers-le-Bouillet",
        "Lejeune": "Les Amis du Moulin de Ville-en-Hesbaye",
        "Van Hove": "Bibliothèque communale de Burdinne",
    }
    for row in attendance.list_attendance(db, event.id):
        if row.last_name in bodies:
            people.update_person(db, row.person_id, organisation=bodies[row.last_name])
    another = people.create(
        db, first_name="Marc", last_name="Delcour", organisation="Repair Café de Wanze"
    ).id
    attendance.register(db, event.id, [another])
    page = door
    page.refresh()
    table = page.table
    fonts = {0: page.model.bold_font, 1: table.font(), 2: table.font()}

    def whole(column: int, text: str) -> bool:
        return QFontMetrics(fonts[column]).horizontalAdvance(text) + 8 <= table.columnWidth(column)

    for width in (1366, 1024):
        page.resize(width, 720)
        qtbot.waitUntil(lambda w=width: w - 200 < table.viewport().width() < w)
        names, first, organisation = (table.columnWidth(c) for c in range(3))
        assert organisation > names and organisation > first
        for row in attendance.list_attendance(db, event.id):
            assert whole(0, row.last_name) and whole(1, row.first_name), (width, row)
        assert whole(2, "Repair Café de Wanze")  # the two Delcour told apart
        status = QFontMetrics(table.font()).horizontalAdvance("✔ Present")
        assert status + 8 <= table.columnWidth(3)
        # At 1366 px every body shows whole; at 1024 px only the longest is cut.
        shown = [body for body in bodies.values() if whole(2, body)]
        assert len(shown) == (3 if width == 1366 else 2), (width, organisation)
        used = names + first + organisation + table.columnWidth(3)
        assert abs(used - table.viewport().width()) <= 2, (width, used)


def test_walk_in_who_is_a_duplicate_checks_in_the_existing_person(qtbot, db, event, door):
    page = door
    known = people.create(db, first_name="Jean", last_name="Dupont", commune="Wanze").id
    before = raw_scalar(db, "SELECT COUNT(*) FROM person")
    qtbot.keyClick(page, Qt.Key.Key_F2)
    dialog = page.walk_in_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.entry.edits["first_name"], "jean")
    qtbot.keyClicks(dialog.entry.edits["last_name"], "Dupond")
    qtbot.keyClick(dialog.entry.edits["last_name"], Qt.Key.Key_Return)
    choice = dialog.entry.duplicates
    assert choice.isVisible()
    assert choice.model.record_at(0).person.id == known
    assert raw_scalar(db, "SELECT COUNT(*) FROM person") == before  # nothing saved yet
    qtbot.keyClick(choice.table, Qt.Key.Key_Return)  # "it's this person"
    assert not dialog.isVisible()
    assert raw_scalar(db, "SELECT COUNT(*) FROM person") == before
    assert statuses(db, event.id)[("Jean", "Dupont")] == ("present", 1)
    assert page.model.row_of(known) is not None
    assert page.count_label.text() == "1 present / 5 expected"


def test_walk_in_new_person_is_created_and_present(qtbot, db, event, door):
    page = door
    qtbot.keyClicks(page.filter, "goffin")
    assert page.model.rowCount() == 0
    qtbot.mouseClick(page.walk_in_button, Qt.MouseButton.LeftButton)
    dialog = page.walk_in_dialog
    assert dialog.entry.edits["last_name"].text() == "goffin"  # what was typed is kept
    dialog.entry.edits["last_name"].setText("")
    qtbot.keyClicks(dialog.entry.edits["last_name"], "Goffin")
    qtbot.keyClicks(dialog.entry.edits["first_name"], "Jeremy")
    qtbot.keyClicks(dialog.entry.edits["organisation"], "Menuiserie Goffin")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert statuses(db, event.id)[("Jeremy", "Goffin")] == ("present", 1)
    (goffin,) = people.search(db, "goffin")
    assert goffin.organisation == "Menuiserie Goffin"
    assert page.model.record(goffin.id).status == RS.PRESENT
    assert page.count_label.text() == "1 present / 5 expected"


# --- encoding the signed sheet ----------------------------------------------------------------


def test_encode_a_40_row_sheet_with_arrows_space_and_two_handwritten_rows(qtbot, db, event):
    first = ["Anne", "Benoît", "Chantal", "Damien", "Els", "Fabrice", "Géraldine", "Hugo"]
    last = ["Bodart", "Closset", "Defays", "Lejeune", "Wéry"]
    names = [(f, f"{last[i % 5]}{i:02d}") for i, f in enumerate(first * 5)]
    ids = _people(db, names)
    attendance.register(db, event.id, ids)
    known = people.create(db, first_name="Jean", last_name="Dupont").id
    page = EncodePage(AppContext(db))
    qtbot.addWidget(page)
    page.resize(1366, 720)
    page.show()
    page.open(event_id=event.id)
    sheet = attendance.sign_in_rows(db, event.id)
    assert page.model.rowCount() == 40
    # The page numbers the rows as the printed sheet does.
    for n, row in enumerate(sheet, start=1):
        line = page.model.record_at(n - 1)
        assert (line.number, line.id) == (n, row.person_id)

    # On paper: everyone signed except rows 5, 12 and 30; row 7 wrote "excused".
    page.table.setFocus()
    page.table.selectRow(0)
    for number in range(1, 41):
        if number == 7:
            qtbot.keyClick(page.table, Qt.Key.Key_E)
        elif number not in (5, 12, 30):
            qtbot.keyClick(page.table, Qt.Key.Key_Space)
        qtbot.keyClick(page.table, Qt.Key.Key_Down)
    # A mistake on row 40, put right with Space again, then Space once more.
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    qtbot.keyClick(page.table, Qt.Key.Key_Space)

    # Two names written by hand on the blank rows: one new, one known (a duplicate).
    entry = page.entry
    qtbot.keyClicks(entry.edits["first_name"], "Nadia")
    qtbot.keyClicks(entry.edits["last_name"], "Gerard")
    qtbot.keyClicks(entry.edits["commune"], "Wanze")
    qtbot.keyClick(entry.edits["commune"], Qt.Key.Key_Return)
    qtbot.keyClicks(entry.edits["first_name"], "Jean")
    qtbot.keyClicks(entry.edits["last_name"], "Dupont")
    qtbot.keyClick(entry.edits["last_name"], Qt.Key.Key_Return)
    assert entry.duplicates.isVisible()
    qtbot.mouseClick(entry.duplicates.same_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 42
    assert [page.model.record_at(r).number for r in (40, 41)] == [41, 42]
    assert (
        "38 present · 3 absent · 1 excused" in page.summary.text()
        and "not saved yet" in page.summary.text()
    )
    assert raw_scalar(db, "SELECT COUNT(*) FROM registration WHERE status = 'present'") == 0

    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: tasks.running_tasks() == 0 and page.save_task is None)
    got = statuses(db, event.id)
    for n, row in enumerate(sheet, start=1):
        expected = "absent" if n in (5, 12, 30) else "excused" if n == 7 else "present"
        assert got[(row.first_name, row.last_name)] == (expected, 0), n
    assert got[("Nadia", "Gerard")] == ("present", 1)
    assert got[("Jean", "Dupont")] == ("present", 1)
    assert raw_scalar(db, "SELECT COUNT(*) FROM person WHERE last_name = 'Dupont'") == 1
    assert raw_scalar(db, "SELECT COUNT(*) FROM registration WHERE person_id = ?", known) == 1
    assert attendance.is_encoded(db, event.id)
    assert "Saved" in page.summary.text()


def test_screens_render_to_png_with_the_demo_without_writing(qtbot, demo_db, tmp_path):
    from smartdesk.ui.attendance_screens import render_attendance_screens

    before = raw_rows(demo_db, "SELECT id, status, walk_in FROM registration ORDER BY id")
    files = render_attendance_screens(AppContext(demo_db), tmp_path)
    assert {f.name for f in files} >= {"checkin.png", "encode.png", "registrations.png"}
    assert all(f.stat().st_size > 10_000 for f in files)
    assert raw_rows(demo_db, "SELECT id, status, walk_in FROM registration ORDER BY id") == before


# --- a USB scanner at the door: the badge's QR code arrives as typed text and Enter ------------


def _scan(qtbot, page, code: str) -> None:
    """What a scanner in keyboard mode sends: each character of the code, then Enter."""
    qtbot.keyClicks(page.filter, code)
    qtbot.keyClick(page.filter, Qt.Key.Key_Return)


def test_a_scanned_badge_code_marks_its_person_present(qtbot, db, event, door):
    page = door
    rows = {r.last_name: r for r in attendance.list_attendance(db, event.id)}
    code = rows["Delcour"].check_in_code
    assert code.startswith("SD") and code.isascii()
    _scan(qtbot, page, code)
    assert statuses(db, event.id)[("Damien", "Delcour")] == ("present", 0)
    assert [s for s, _w in statuses(db, event.id).values()].count("present") == 1
    assert page.filter.text() == "" and page.model.rowCount() == 5
    assert "Damien Delcour" in page.scan_label.text()
    assert page.count_label.text() == "1 present / 5 expected"
    # Scanned twice (the badge held too long): still present, never undone.
    _scan(qtbot, page, code)
    assert statuses(db, event.id)[("Damien", "Delcour")] == ("present", 0)
    # The same scanner on an AZERTY PC types the digit row unshifted: still recognised.
    azerty = code[:2] + code[2:].translate(str.maketrans("1234567890", "&é\"'(§è!çà"))
    assert attendance.is_check_in_code(azerty)
    assert attendance.check_in_by_code(db, event.id, azerty).person_id == rows["Delcour"].person_id


def test_a_code_of_another_event_or_made_up_marks_nobody(qtbot, db, event, door):
    page = door
    other = events.create(db, title="Autre", kind="midi_du_smart", start="2020-03-06T12:00")
    person = _people(db, [("Zoé", "Ailleurs")])[0]
    attendance.register(db, other.id, [person])
    foreign = attendance.list_attendance(db, other.id)[0].check_in_code
    _scan(qtbot, page, foreign)
    code = attendance.list_attendance(db, event.id)[0].check_in_code
    forged = code[:-6] + f"{(int(code[-6:]) + 1) % 10**6:06d}"  # the right id, wrong digits
    _scan(qtbot, page, forged)
    assert all(s == "registered" for s, _w in statuses(db, event.id).values())
    assert page.scan_label.text().startswith("✘")
    # Letters typed as usual still filter the list (a name is no code).
    qtbot.keyClicks(page.filter, "wer")
    assert page.model.rowCount() == 1


# --- how the person dialogs are laid out ---------------------------------------------------------


def _below(upper, lower) -> bool:
    """``lower`` starts under ``upper``'s bottom edge, both measured in their window."""
    top = upper.mapTo(upper.window(), upper.rect().bottomLeft()).y()
    return lower.mapTo(lower.window(), lower.rect().topLeft()).y() > top


def _columns_in_sight(table) -> bool:
    """Every column whole in the view's width, no horizontal scroll bar over the rows."""
    used = sum(table.columnWidth(c) for c in range(table.model().columnCount()))
    return used <= table.viewport().width() and not table.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("lang", ["fr", "nl", "de"])
def test_the_walk_in_look_alikes_fit_above_their_buttons_in_every_language(
    qtbot, db, event, door, lang
):
    from smartdesk import i18n

    people.create(
        db,
        first_name="Luc",
        last_name="Lambert",
        organisation="Administration communale de Braives",
        commune="Villers-le-Bouillet",
        email="luc.lambert@braives.be",
    )
    with i18n.use_locale(lang):
        door.open_walk_in()
        dialog = door.walk_in_dialog
        entry = dialog.entry
        qtbot.keyClicks(entry.edits["first_name"], "Luc")
        qtbot.keyClicks(entry.edits["last_name"], "Lambers")
        qtbot.keyClick(entry.edits["last_name"], Qt.Key.Key_Return)
        choice = entry.duplicates
        qtbot.waitUntil(choice.isVisible)
        qtbot.wait(50)  # the dialog's new size is laid out
        table = choice.table
        assert _below(table, choice.same_button) and _below(table, choice.new_button)
        assert _below(choice.same_button, dialog.save_button)
        assert dialog.save_button.geometry().bottom() <= dialog.rect().bottom()
        assert _columns_in_sight(table)
        model = choice.model
        for column in range(model.columnCount()):  # no header cut ("Cet évén…", "X")
            header = table.horizontalHeader()
            assert table.columnWidth(column) >= header.sectionSizeFromContents(column).width()
        # The 820 px dialog grew for the organisation and the e-mail, the window behind allowing.
        for column in (2, 3, 4):
            text = model.data(model.index(0, column))
            assert table.columnWidth(column) >= table.fontMetrics().horizontalAdvance(text), text
        # The same words as the picker, and the labels of every other form (" :" in French).
        assert model.data(model.index(0, 6)) == i18n._("Not registered")
        for name in ("first_name", "last_name", "organisation", "commune"):
            label = next(w for w in dialog.findChildren(QLabel) if w.buddy() is entry.edits[name])
            assert label.text().endswith(":"), label.text()
            if lang == "fr":
                assert label.text().endswith("\u00a0:"), label.text()
        dialog.reject()


def test_the_quick_add_fields_keep_a_usable_width_in_the_event_editor(qtbot, db, event):
    from smartdesk import i18n
    from smartdesk.ui.dialogs.event_editor import EventEditor

    with i18n.use_locale("fr"):
        editor = EventEditor(AppContext(db), event.id)
        qtbot.addWidget(editor)
        editor.tabs.setCurrentIndex(2)
        editor.show()
        qtbot.waitExposed(editor)
        panel = editor.findChild(RegistrationsPanel)
        entry = panel.quick_add
        metrics = entry.fontMetrics()
        for name, edit in entry.edits.items():  # room for "Villers-le-Bouillet" in each
            assert edit.width() >= metrics.horizontalAdvance("Villers-le-Bouillet"), name
        assert panel.add_button.isVisible() and panel.add_button.width() >= (
            panel.add_button.sizeHint().width()
        )


def test_the_registrations_list_gives_the_spare_width_to_the_organisation(qtbot, db, event):
    from smartdesk import i18n

    ids = _people(db, [("Luc", "Lambert"), ("Anne", "Wéry")])
    people.update_person(db, ids[0], organisation="Administration communale de Braives")
    attendance.register(db, event.id, ids)
    with i18n.use_locale("fr"):
        panel = RegistrationsPanel(AppContext(db), event.id)
        qtbot.addWidget(panel)
        panel.resize(1100, 680)
        panel.show()
        qtbot.waitExposed(panel)
        table = panel.table
        widths = [table.columnWidth(c) for c in range(panel.model.columnCount())]
        assert widths[2] > max(widths[:2] + widths[3:])  # not the empty "Arrival"
        assert widths[2] >= table.fontMetrics().horizontalAdvance(
            "Administration communale de Braives"
        )
        assert _columns_in_sight(table)


def test_the_picker_leaves_no_empty_band_once_its_proposals_are_gone(qtbot, db, event):
    _people(db, [("Luc", "Lambert"), ("Nathalie", "Lambert")])
    host = QWidget()  # the panel in a window of the laptop's size, as in the event editor
    qtbot.addWidget(host)
    panel = RegistrationsPanel(AppContext(db), event.id, host)
    QVBoxLayout(host).addWidget(panel)
    host.resize(1100, 680)
    host.show()
    qtbot.waitExposed(host)
    field_height = panel.person_picker.height()
    panel.picker.setText("lam")  # proposals shown, then gone before the next layout pass
    panel.person_picker.search_now()
    QApplication.processEvents()
    assert panel.results.isVisible()
    assert _columns_in_sight(panel.results)
    panel.picker.clear()
    panel.person_picker.search_now()
    QApplication.processEvents()  # one pass, as the screen is painted next
    assert panel.person_picker.height() == field_height
    assert panel.picker.geometry().top() == 0  # the field at the top, no band above it


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_sheet_gives_the_organisation_room_and_the_number_no_more_than_it_needs(
    qtbot, demo_db, make_window, fits, lang
):
    from smartdesk import i18n
    from smartdesk.services import events as event_service

    midi = next(e for e in event_service.list_events(demo_db) if e.title.startswith("Ma commune"))
    with i18n.use_locale(lang):
        window = make_window(demo_db)
        window.show_page("encode", event_id=midi.id)
        page = window.pages["encode"]
        table = page.table
        lines = page.lines
        for width in (1366, 1024):
            window.resize(width, 768)
            qtbot.waitUntil(lambda w=width: w - 260 < table.viewport().width() < w - 150)
            last, first, organisation = (table.columnWidth(c) for c in (1, 2, 3))
            assert organisation > last and organisation > first
            assert all(fits(table, 1, x.last_name, page.model.bold_font) for x in lines)
            assert all(fits(table, 2, x.first_name) for x in lines)
            for status in ["✔ " + i18n._("Present"), i18n._("Excused"), i18n._("Absent")]:
                assert fits(table, 5, status), (width, status)
            header = table.horizontalHeader()
            number = max(
                table.fontMetrics().horizontalAdvance(i18n.format_number(999)),
                header.fontMetrics().horizontalAdvance(i18n._("No.")),
            )
            assert fits(table, 0, i18n.format_number(999)) and table.columnWidth(0) < number + 30
            used = sum(table.columnWidth(c) for c in range(7))
            assert abs(used - table.viewport().width()) <= 2, (width, used)
            if width == 1366:
                assert all(fits(table, 3, x.organisation) for x in lines)
