"""Formations, driven as a user would: a training with two sessions typed in, people
registered with the picker, the grid filled with arrows and Space, the hours read back from the
database, and the certificates of two selected people saved from the print dialog."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, QPoint, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QStyle

from smartdesk.domain.enums import RegistrationStatus
from smartdesk.services import attendance, people, trainings
from smartdesk.ui import clock, tasks
from smartdesk.ui.column_widths import share
from smartdesk.ui.dialogs import print_dialog
from smartdesk.ui.dialogs.session_editor import SessionEditor
from smartdesk.ui.dialogs.training_editor import TrainingEditor
from smartdesk.ui.pages.training_detail import TEXT_COLUMN_MINIMUM


def _statuses(db, event_id):
    return {r.person_id: r.status for r in attendance.list_attendance(db, event_id)}


def _when_modal(qtbot, cls, act, done):
    def run():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, cls), dialog
        act(dialog)
        done.append(dialog.result())

    QTimer.singleShot(0, run)


def _add_session(qtbot, page, day, start, end, venue):
    done = []

    def fill(editor):
        editor.day.setDate(QDate(day.year, day.month, day.day))
        editor.start.setTime(QTime(*start))
        editor.end.setTime(QTime(*end))
        editor.venue.clear()
        qtbot.keyClicks(editor.venue, venue)
        qtbot.keyClick(editor.venue, Qt.Key.Key_Return)

    _when_modal(qtbot, SessionEditor, fill, done)
    qtbot.mouseClick(page.detail.add_session_button, Qt.MouseButton.LeftButton)
    assert done == [QDialog.DialogCode.Accepted]


def _register(qtbot, page, text):
    field = page.detail.picker.field
    field.setFocus()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.fixture
def trainees(db):
    return [
        people.create(db, first_name=first, last_name=last, organisation=org)
        for first, last, org in (
            ("Anne", "Bodart", "Commune de Hannut"),
            ("Luc", "Closset", "ASBL Vivre ici"),
            ("Zoe", "Dewez", None),
        )
    ]


def test_a_training_typed_in_its_grid_ticked_with_the_keyboard(
    qtbot, db, trainees, make_window, shown_errors
):
    clock.set_today(dt.date(2020, 3, 20))  # both sessions are over: an untick means absent
    window = make_window(db)
    window.show_page("trainings")
    page = window.pages["trainings"]
    assert page.model.rowCount() == 0 and not page.detail.add_session_button.isEnabled()

    done = []

    def fill_training(editor):
        qtbot.keyClicks(editor.title_edit, "Communication Facebook pour les communes")
        qtbot.keyClicks(editor.trainer, "Julie Marchand")
        qtbot.keyClicks(editor.description, "Deux sessions pratiques.")
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_Return)

    _when_modal(qtbot, TrainingEditor, fill_training, done)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert done == [QDialog.DialogCode.Accepted]
    [training] = trainings.list_trainings(db)
    assert training.description == "Deux sessions pratiques."
    assert page.training_id == training.id and page.model.rowCount() == 1

    _add_session(qtbot, page, dt.date(2020, 3, 10), (9, 0), (12, 30), "Salle du conseil")
    _add_session(qtbot, page, dt.date(2020, 3, 17), (9, 0), (16, 0), "Maison rurale")
    first, second = trainings.get(db, training.id).sessions
    assert (first.hours, second.hours) == (3.5, 7.0)
    assert page.detail.sessions_model.rowCount() == 2
    assert "full day" in page.detail.sessions_model.data(page.detail.sessions_model.index(1, 1))

    for name in ("bodart", "closs", "dewez"):
        _register(qtbot, page, name)
    anne, luc, zoe = (p.id for p in trainees)
    assert _statuses(db, first.id) == dict.fromkeys((anne, luc, zoe), RegistrationStatus.REGISTERED)
    assert page.detail.grid_model.rowCount() == 3
    assert shown_errors == []

    # Anne both sessions (the second, a full day, morning and afternoon), Luc the first, Zoe
    # none.
    page.detail.grid.setFocus()
    page.detail.grid.setCurrentIndex(page.detail.grid_model.index(0, 2))
    for key in (
        Qt.Key.Key_Space,
        Qt.Key.Key_Right,
        Qt.Key.Key_Space,
        Qt.Key.Key_Right,
        Qt.Key.Key_Space,
        Qt.Key.Key_Down,
        Qt.Key.Key_Left,
        Qt.Key.Key_Left,
        Qt.Key.Key_Space,
        Qt.Key.Key_Down,
        Qt.Key.Key_Space,  # Zoe ticked by mistake …
        Qt.Key.Key_Space,  # … and unticked: the session is past, so absent
    ):
        qtbot.keyClick(page.detail.grid, key)
    present, absent, registered = (
        RegistrationStatus.PRESENT,
        RegistrationStatus.ABSENT,
        RegistrationStatus.REGISTERED,
    )
    assert _statuses(db, first.id) == {anne: present, luc: present, zoe: absent}
    assert _statuses(db, second.id) == {anne: present, luc: registered, zoe: registered}
    hours = page.detail.grid_model.hours_column()
    shown = [page.detail.grid_model.data(page.detail.grid_model.index(r, hours)) for r in range(3)]
    assert shown == ["10.5 h", "3.5 h", "–"]
    certified = {c.person.id: c.hours for c in trainings.certificates(db, training.id)}
    assert certified == {anne: 10.5, luc: 3.5}
    # The list's figures follow.
    summary = page.model.record_at(0)
    assert (summary.sessions, summary.hours, summary.trainees) == (2, 10.5, 3)


def test_search_as_you_type_filters_the_trainings(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    window.show_page("trainings")
    page = window.pages["trainings"]
    total = page.model.rowCount()
    assert total == len(trainings.list_trainings(demo_db)) >= 1
    qtbot.keyClicks(window.search, "zzzz-nothing")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.training_id is None and not page.detail.certificates_all.isEnabled()
    window.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total)


def test_certificates_of_two_selected_people_through_the_print_dialog(
    qtbot, db, trainees, make_window, monkeypatch, tmp_path, shown_errors
):
    t = trainings.create(db, "Outils collaboratifs", trainer="Marc Lenoir")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    [session] = t.sessions
    anne, luc, zoe = trainees
    trainings.register_people(db, t.id, [p.id for p in trainees])
    for person in trainees:
        attendance.set_status(db, session.id, person.id, "present")

    window = make_window(db)
    window.show_page("trainings")
    page = window.pages["trainings"]
    assert page.training_id == t.id
    # Anne and Zoe: click, then Ctrl+click (rows 0 and 2 in name order).
    grid = page.detail.grid
    for row, modifier in (
        (0, Qt.KeyboardModifier.NoModifier),
        (2, Qt.KeyboardModifier.ControlModifier),
    ):
        rect = grid.visualRect(page.detail.grid_model.index(row, 0))
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())
    assert page.detail.selected_people() == [anne.id, zoe.id]

    target = tmp_path / "attestations.pdf"
    monkeypatch.setattr(
        print_dialog.QFileDialog, "getSaveFileName", lambda *a: (str(target), "PDF (*.pdf)")
    )
    seen = []

    def save(dialog):
        qtbot.waitUntil(lambda: dialog.ready, timeout=20_000)
        seen.append(dialog.options_form.chosen_people())
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: target.exists() and tasks.running_tasks() == 0, timeout=20_000)
        dialog.reject()

    done = []
    _when_modal(qtbot, print_dialog.PrintDialog, save, done)
    qtbot.mouseClick(page.detail.certificates_selected, Qt.MouseButton.LeftButton)
    assert done and seen == [[anne.id, zoe.id]]
    reader = PdfReader(target)
    assert len(reader.pages) == 2
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Anne" in text and "Bodart" in text.replace("BODART", "Bodart")
    assert "Zoe" in text and "Closset" not in text and "CLOSSET" not in text
    assert shown_errors == []


def test_sign_in_sheet_of_the_selected_session(qtbot, db, make_window):
    t = trainings.create(db, "Intelligence collective")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    t = trainings.add_session(db, t.id, start="2020-03-17T09:00", end="2020-03-17T12:00")
    window = make_window(db)
    window.show_page("trainings")
    page = window.pages["trainings"]
    printed = []
    page.ctx.printer = lambda parent, kind, record_id, **o: printed.append((kind, record_id, o))
    page.detail.sessions.setCurrentIndex(page.detail.sessions_model.index(1, 0))
    qtbot.mouseClick(page.detail.sheet_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.detail.certificates_all, Qt.MouseButton.LeftButton)
    assert printed == [("attendance", t.sessions[1].id, {})]  # nobody yet: no certificate


def test_change_and_remove_a_session_and_unregister(
    qtbot, db, trainees, make_window, answers, shown_errors
):
    t = trainings.create(db, "Communication web")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    t = trainings.add_session(db, t.id, start="2020-03-17T09:00", end="2020-03-17T12:00")
    first, second = t.sessions
    anne, luc, _zoe = trainees
    trainings.register_people(db, t.id, [anne.id, luc.id])
    window = make_window(db)
    window.show_page("trainings")
    page = window.pages["trainings"]

    done = []

    def full_day_with_lunch(editor):
        assert editor.venue.text() == ""
        editor.end.setTime(QTime(16, 30))
        qtbot.mouseClick(editor.own_hours, Qt.MouseButton.LeftButton)
        editor.hours.selectAll()
        qtbot.keyClicks(editor.hours, "6")
        qtbot.keyClick(editor.venue, Qt.Key.Key_Return)

    page.detail.sessions.setCurrentIndex(page.detail.sessions_model.index(1, 0))
    _when_modal(qtbot, SessionEditor, full_day_with_lunch, done)
    qtbot.mouseClick(page.detail.edit_session_button, Qt.MouseButton.LeftButton)
    assert done == [QDialog.DialogCode.Accepted]
    changed = trainings.get(db, t.id).sessions[1]
    assert (changed.end, changed.hours) == (dt.datetime(2020, 3, 17, 16, 30), 6.0)
    assert changed.full_day  # 9:00 - 16:30: the editor's box followed the times
    header = page.detail.grid_model.headerData
    assert "Morning" in header(3, Qt.Orientation.Horizontal, 0)
    assert "Afternoon" in header(4, Qt.Orientation.Horizontal, 0)

    # A click on the box ticks too, and the hours of the typed value count (3 h a half).
    grid = page.detail.grid
    for column, hours in ((3, 3.0), (4, 6.0)):
        rect = grid.visualRect(page.detail.grid_model.index(0, column))
        box = rect.topLeft() + QPoint(
            page.detail.grid.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) // 2 + 4,
            rect.height() // 2,
        )
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=box)
        assert _statuses(db, second.id)[anne.id] == RegistrationStatus.PRESENT
        assert page.detail.grid_model.rows[0].hours == hours

    page.detail.sessions.setCurrentIndex(page.detail.sessions_model.index(0, 0))
    qtbot.mouseClick(page.detail.delete_session_button, Qt.MouseButton.LeftButton)
    assert [s.id for s in trainings.get(db, t.id).sessions] == [second.id]
    # Name, organisation, the full-day session's morning and afternoon, hours.
    assert page.detail.grid_model.columnCount() == 5

    page.detail.grid.setCurrentIndex(
        page.detail.grid_model.index(0, 0)
    )  # Anne attended: asked, Yes
    qtbot.mouseClick(page.detail.unregister_button, Qt.MouseButton.LeftButton)
    assert [r.person_id for r in trainings.attendance_grid(db, t.id).rows] == [luc.id]
    assert answers[1] == [] and shown_errors == []


def test_read_only_shows_but_writes_nothing(qtbot, db, trainees, monkeypatch):
    from smartdesk.ui.context import AppContext
    from smartdesk.ui.pages.trainings import TrainingsPage

    t = trainings.create(db, "Communication web")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    trainings.register_people(db, t.id, [trainees[0].id])
    page = TrainingsPage(AppContext(db, read_only=True))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.detail.grid_model.rowCount() == 1
    assert not page.new_button.isEnabled() and not page.detail.picker.isEnabled()
    assert page.detail.certificates_all.isEnabled() and page.detail.sheet_button.isEnabled()
    page.detail.grid.setFocus()
    page.detail.grid.setCurrentIndex(page.detail.grid_model.index(0, 2))
    qtbot.keyClick(page.detail.grid, Qt.Key.Key_Space)
    assert _statuses(db, t.sessions[0].id) == {trainees[0].id: RegistrationStatus.REGISTERED}


def test_titles_venues_names_and_organisations_get_their_width(qtbot, demo_db, make_window):
    """The demo at 1366 × 768: every training's title reads whole in the list, the venue whole
    in the sessions table (the short columns as wide as their texts), and in the grid the
    organisations, longer than the names, get the larger share."""
    window = make_window(demo_db)
    window.resize(1366, 768)
    window.show_page("trainings")
    page = window.pages["trainings"]
    page.refresh()  # as when the page is opened at that size
    QApplication.processEvents()
    fm = page.table.fontMetrics()
    titles = [page.model.record_at(r).title for r in range(page.model.rowCount())]
    assert "Outils de travail collaboratif" in titles
    assert page.table.columnWidth(0) >= max(fm.horizontalAdvance(t) for t in titles) + 8

    detail = page.detail
    page.select(trainings.find_trainings(demo_db, "Outils de travail")[0])
    QApplication.processEvents()
    sessions = [detail.sessions_model.record_at(r) for r in range(detail.sessions_model.rowCount())]
    venues = {s.venue for s in sessions if s.venue}
    assert venues
    width = detail.sessions.columnWidth(3)
    assert all(width >= fm.horizontalAdvance(v) + 8 for v in venues)
    assert detail.sessions.columnWidth(1) < width  # the times no wider than they need

    grid = detail.grid
    rows = detail.grid_model.rows
    names = max(fm.horizontalAdvance(f"{r.last_name} {r.first_name}") for r in rows)
    organisations = max(fm.horizontalAdvance(r.organisation or "") for r in rows)
    assert organisations > names
    assert grid.columnWidth(0) >= min(names + 8, TEXT_COLUMN_MINIMUM)
    assert grid.columnWidth(1) > grid.columnWidth(0)
    # the name and the organisation share the room the sessions leave, no more (no scrolling)
    used = sum(grid.columnWidth(c) for c in range(detail.grid_model.columnCount()))
    assert used <= grid.viewport().width()


def share_width(room: int, needs: list[int], floor: int = TEXT_COLUMN_MINIMUM) -> list[int]:
    """The grid's name and organisation as TrainingDetail shares them (ui.column_widths)."""
    floors = [min(n, floor) for n in needs]
    return share(room, needs, floors, weights=needs, content=[1] * len(needs))


def test_share_width_of_text_columns():
    # both fit: the spare shared too (the rounding's pixel to the widest: the grid ends at the edge)
    assert share_width(500, [100, 200]) == [166, 334]
    assert share_width(300, [100, 500], floor=140) == [100, 200]  # a short one kept whole
    assert share_width(300, [200, 400], floor=140) == [140, 160]  # a floor first
    assert share_width(200, [200, 400], floor=140) == [140, 140]  # too narrow: the grid scrolls
