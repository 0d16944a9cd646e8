"""A full-day session on the Formations page, driven with the keyboard: its morning and
afternoon columns ticked apart with arrows and Space, the halves and the hours read back from
the database; the session editor's full-day box following the times until chosen by hand."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTime, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from smartdesk.domain.enums import HalfDay, RegistrationStatus
from smartdesk.domain.half_days import half_times
from smartdesk.i18n import format_date
from smartdesk.services import attendance, people, trainings
from smartdesk.ui import clock
from smartdesk.ui.dialogs.session_editor import SessionEditor


def _halves(db, event_id):
    return {r.first_name: (r.status, r.half_day) for r in attendance.list_attendance(db, event_id)}


def test_morning_and_afternoon_ticked_apart_with_the_keyboard(
    qtbot, db, make_window, shown_errors, tmp_path
):
    clock.set_today(dt.date(2020, 4, 1))
    t = trainings.create(db, "Communication Facebook pour les communes")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    t = trainings.add_session(db, t.id, start="2020-03-17T09:00", end="2020-03-17T16:30", hours=6)
    morning_session, day = t.sessions
    names = ("Anne", "Luc", "Zoe")
    for first, last in zip(names, ("Bodart", "Closset", "Dewez"), strict=True):
        person = people.create(db, first_name=first, last_name=last)
        trainings.register_people(db, t.id, [person.id])

    window = make_window(db)
    window.show_page("trainings")
    detail = window.pages["trainings"].detail
    model = detail.grid_model
    # Name, organisation, the morning session, the full day's morning and afternoon, hours.
    assert model.columnCount() == 6
    header = [model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(2, 5)]
    assert "Morning" not in header[0] and "Morning" in header[1] and "Afternoon" in header[2]

    # Anne: the morning of the full day. Luc: its afternoon. Zoe: all of it, then her
    # morning unticked by mistake and ticked again.
    detail.grid.setFocus()
    detail.grid.setCurrentIndex(model.index(0, 3))
    keys = Qt.Key
    for key in (
        keys.Key_Space,
        keys.Key_Down,
        keys.Key_Right,
        keys.Key_Space,
        keys.Key_Down,
        keys.Key_Space,
        keys.Key_Left,
        keys.Key_Space,
        keys.Key_Space,
        keys.Key_Space,
    ):
        qtbot.keyClick(detail.grid, key)
    present = RegistrationStatus.PRESENT
    assert _halves(db, day.id) == {
        "Anne": (present, HalfDay.MORNING),
        "Luc": (present, HalfDay.AFTERNOON),
        "Zoe": (present, None),  # both halves: the whole day
    }
    hours = model.hours_column()
    shown = [model.data(model.index(r, hours)) for r in range(3)]
    assert shown == ["3 h", "3 h", "6 h"]
    checks = [
        [model.data(model.index(r, c), Qt.ItemDataRole.CheckStateRole) for c in (3, 4)]
        for r in range(3)
    ]
    on, off = Qt.CheckState.Checked, Qt.CheckState.Unchecked
    assert checks == [[on, off], [off, on], [on, on]]

    # Anne's morning unticked: neither half left, so absent (the day is past).
    detail.grid.setCurrentIndex(model.index(0, 3))
    qtbot.keyClick(detail.grid, keys.Key_Space)
    assert _halves(db, day.id)["Anne"] == (RegistrationStatus.ABSENT, None)
    assert model.data(model.index(0, hours)) == "–"
    # The morning-only session is one box as before; its 3 hours add to Luc's half day.
    detail.grid.setCurrentIndex(model.index(1, 2))
    qtbot.keyClick(detail.grid, keys.Key_Space)
    assert _halves(db, morning_session.id)["Luc"] == (present, None)
    assert model.data(model.index(1, hours)) == "6 h"
    certified = {c.person.first_name: c.hours for c in trainings.certificates(db, t.id)}
    assert certified == {"Luc": 6.0, "Zoe": 6.0}
    # What the page reads again from the database agrees with what the ticks showed.
    detail.reload()
    assert [model.data(model.index(r, hours)) for r in range(3)] == ["–", "6 h", "6 h"]
    assert shown_errors == []
    detail.grab().save(str(tmp_path / "training_half_days.png"))


def _edit(qtbot, detail, act) -> list:
    done: list = []

    def run():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SessionEditor), dialog
        act(dialog)
        done.append(dialog.result())

    QTimer.singleShot(0, run)
    return done


def test_the_session_editor_full_day_box(qtbot, db, make_window, shown_errors):
    t = trainings.create(db, "Outils collaboratifs")
    t = trainings.add_session(db, t.id, start="2020-03-10T09:00", end="2020-03-10T12:00")
    window = make_window(db)
    window.show_page("trainings")
    detail = window.pages["trainings"].detail

    seen = []

    def lengthen_then_refuse(editor):
        editor.day.setDate(QDate(2020, 3, 17))
        seen.append(editor.full_day.isChecked())  # 9:00 - 12:00: a morning
        editor.end.setTime(QTime(16, 30))
        seen.append(editor.full_day.isChecked())  # follows the times
        editor.full_day.setFocus()
        qtbot.keyClick(editor.full_day, Qt.Key.Key_Space)  # chosen by hand: one box
        editor.end.setTime(QTime(17, 0))
        seen.append(editor.full_day.isChecked())  # the times no longer decide
        qtbot.keyClick(editor.venue, Qt.Key.Key_Return)

    done = _edit(qtbot, detail, lengthen_then_refuse)
    qtbot.mouseClick(detail.add_session_button, Qt.MouseButton.LeftButton)
    assert done == [QDialog.DialogCode.Accepted] and seen == [False, True, False]
    added = trainings.get(db, t.id).sessions[1]
    assert (added.end, added.full_day) == (dt.datetime(2020, 3, 17, 17, 0), False)
    assert detail.grid_model.columnCount() == 5  # one box for each session

    # Changed to a full day: the editor shows the stored choice and saves the new one.
    detail.sessions.setCurrentIndex(detail.sessions_model.index(1, 0))

    def make_full_day(editor):
        seen.append(editor.full_day.isChecked())
        editor.full_day.setFocus()
        qtbot.keyClick(editor.full_day, Qt.Key.Key_Space)
        qtbot.keyClick(editor.venue, Qt.Key.Key_Return)

    done = _edit(qtbot, detail, make_full_day)
    qtbot.mouseClick(detail.edit_session_button, Qt.MouseButton.LeftButton)
    assert done == [QDialog.DialogCode.Accepted] and seen[-1] is False
    assert trainings.get(db, t.id).sessions[1].full_day
    assert detail.grid_model.columnCount() == 6
    assert shown_errors == []


def test_each_half_of_a_full_day_shows_its_own_times(qtbot, db, make_window):
    """The grid's morning and afternoon columns: the session's times split by the hours rule
    (half the counted hours from the start, half up to the end), and the date written as the
    sessions table above writes it."""
    t = trainings.create(db, "Intelligence collective")
    t = trainings.add_session(db, t.id, start="2020-04-21T09:00", end="2020-04-21T16:30", hours=6)
    t = trainings.add_session(db, t.id, start="2020-05-05T09:00", end="2020-05-05T12:30")
    person = people.create(db, first_name="Anne", last_name="Bodart")
    trainings.register_people(db, t.id, [person.id])
    window = make_window(db)
    window.show_page("trainings")
    detail = window.pages["trainings"].detail
    model = detail.grid_model
    morning, afternoon, short = (
        model.headerData(c, Qt.Orientation.Horizontal, 0).split("\n") for c in (2, 3, 4)
    )
    assert morning[1:] == ["09:00 – 12:00", "Morning"]
    assert afternoon[1:] == ["13:30 – 16:30", "Afternoon"]  # the lunch break between them
    assert short[1:] == ["09:00 – 12:30"]  # a half-day session keeps its own times
    dates = [detail.sessions_model.index(r, 0).data() for r in range(2)]
    assert [morning[0], afternoon[0], short[0]] == [dates[0], dates[0], dates[1]]
    assert dates[0] == format_date(dt.date(2020, 4, 21), "medium")  # 2020, never 20
    tooltip = model.headerData(3, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "13:30 – 16:30" in tooltip and "09:00" not in tooltip


def test_the_halves_follow_the_hours_rule():
    day = dt.date(2020, 4, 21)
    start, end = dt.datetime(2020, 4, 21, 9, 0), dt.datetime(2020, 4, 21, 16, 30)
    at = dt.datetime.combine
    # 6.5 hours counted: 3 h 15 each, an hour for lunch
    assert half_times(start, end, 6.5, HalfDay.MORNING) == (start, at(day, dt.time(12, 15)))
    assert half_times(start, end, 6.5, HalfDay.AFTERNOON) == (at(day, dt.time(13, 15)), end)
    # hours that do not fit the times (none typed as 0, or more than the day): the middle
    for hours in (0, 9):
        assert half_times(start, end, hours, HalfDay.MORNING)[1] == at(day, dt.time(12, 45))
        assert half_times(start, end, hours, HalfDay.AFTERNOON)[0] == at(day, dt.time(12, 45))
