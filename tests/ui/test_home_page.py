"""Accueil: today's and the next events with their four buttons, the reminders, a new database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from smartdesk.services import attendance, events, people


def test_each_coming_event_offers_its_four_actions(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    printed = []
    window.ctx.printer = lambda parent, kind, record_id, **o: printed.append((kind, record_id))
    home = window.pages["home"]
    midi = home.cards[0]
    assert "Ma commune rurale" in midi.findChildren(QLabel)[0].text()
    assert "Today" in midi.findChildren(QLabel)[1].text()

    def press(name):
        button = midi.findChild(QPushButton, name)
        button.setFocus()
        qtbot.keyClick(button, Qt.Key.Key_Space)

    press("sign_in")
    press("badges")
    assert printed == [("attendance", midi.event_id), ("badges", midi.event_id)]
    press("checkin")
    assert window.current_page().key == "checkin"
    assert window.pages["checkin"].event_id == midi.event_id
    window.show_page("home")
    press("encode")
    assert window.current_page().key == "encode"
    assert window.pages["encode"].event_id == window.pages["home"].cards[0].event_id


def test_past_events_never_encoded_are_reminded(qtbot, db, make_window):
    anne = people.create(db, first_name="Anne", last_name="Lejeune")
    past = events.create(db, title="Soirée", kind="exchange_evening", start="2020-01-20T19:00")
    attendance.register(db, past.id, [anne.id])
    window = make_window(db)
    home = window.pages["home"]
    reminder = home.findChild(QLabel, "unencoded_reminder")
    assert reminder is not None and "1 past event" in reminder.text()
    row = home.findChild(QWidget, f"unencoded_{past.id}")
    row.findChild(QPushButton, "encode").click()
    assert window.current_page().key == "encode"
    assert window.pages["encode"].event_id == past.id
    attendance.check_in(db, past.id, anne.id)
    window.show_page("home")
    assert home.findChild(QLabel, "unencoded_reminder") is None


def test_a_new_database_gets_a_friendly_start(qtbot, db, make_window):
    window = make_window(db)
    home = window.pages["home"]
    empty = home.findChild(QLabel, "empty_state")
    assert "Welcome to SmartDesk" in empty.text()
    opened = []
    from smartdesk.ui.pages import events as events_page

    original = events_page.EventsPage.new_event
    events_page.EventsPage.new_event = lambda self: opened.append(True)
    try:
        home.findChild(QPushButton, "add_event").click()
    finally:
        events_page.EventsPage.new_event = original
    assert window.current_page().key == "events" and opened == [True]
