"""The main window, driven as a user would (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from smartdesk.services import events
from smartdesk.ui.main_window import MainWindow


def test_empty_database_shows_a_helpful_message(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert window.events_table.rowCount() == 0
    assert window.empty_label.isVisible()
    assert str(db.path) in window.statusBar().currentMessage()


def test_demo_events_are_listed_in_date_order_with_localised_dates(qtbot, demo_db, tmp_path):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    table = window.events_table
    assert table.rowCount() == len(events.list_events(demo_db))
    titles = [table.item(r, 2).text() for r in range(table.rowCount())]
    assert "Ma commune rurale, un smart territoire ?" in titles
    assert not window.empty_label.isVisible()
    row = titles.index("Ma commune rurale, un smart territoire ?")
    assert table.item(row, 0).text() == "06/02/2020, 12:00"  # en_GB short date-time
    assert table.item(row, 0).data(Qt.ItemDataRole.UserRole) == events.list_events(demo_db)[row].id
    shot = tmp_path / "main_window.png"
    assert window.grab().save(str(shot))
    assert shot.stat().st_size > 1000


def test_refresh_shows_an_event_added_meanwhile(qtbot, db):
    window = MainWindow(db)
    qtbot.addWidget(window)
    events.create(db, title="Petit déj' rural", kind="business_breakfast", start="2026-12-03T07:30")
    assert window.events_table.rowCount() == 0
    window.refresh()
    assert window.events_table.rowCount() == 1
