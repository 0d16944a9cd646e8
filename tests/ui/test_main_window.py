"""The main window, driven with the keyboard: pages, search, menus, preferences, errors."""

from __future__ import annotations

import base64
import logging

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from smartdesk import paths
from smartdesk.services import events, preferences, trainings
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.main_window import MainWindow, about_text
from smartdesk.ui.pages import registry


def test_ctrl_number_switches_pages_and_ctrl_f_focuses_the_search(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    assert window.current_page().key == "home"
    assert not window.search.isEnabled()  # the home page has no list to filter
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page().key == "events"
    assert window.navigation.currentItem().text() == "Events"
    assert window.search.isEnabled() and window.search.placeholderText()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    nav = [p.key for p in registry.PAGES if p.in_navigation]
    assert len(nav) == 8
    for number, key in enumerate(nav, start=1):
        qtbot.keyClick(
            window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier
        )
        assert window.current_page().key == key
    assert window.pages["trainings"].model.rowCount() == len(trainings.list_trainings(demo_db))


def test_typing_in_the_search_filters_the_events_list_and_a_page_change_clears_it(
    qtbot, demo_db, make_window
):
    window = make_window(demo_db)
    window.show_page("events")
    page = window.pages["events"]
    total = page.model.rowCount()
    assert total == len(events.list_events(demo_db))
    window.focus_search()
    qtbot.keyClicks(window.search, "tourn")
    assert page.model.rowCount() == 6  # the six "Tournée DG"
    qtbot.keyClicks(window.search, "ee dg verl")  # accents and case folded, word by word
    titles = [page.model.record_at(r).title for r in range(page.model.rowCount())]
    assert titles == ["Tournée DG : rencontre à Verlaine"]
    window.search.clear()
    qtbot.keyClicks(window.search, "salle des FETES")  # the venue too
    assert [page.model.record_at(r).venue for r in range(page.model.rowCount())] == [
        "Salle des fêtes"
    ]
    qtbot.keyClicks(window.search, " zzz")
    assert page.model.rowCount() == 0
    window.show_page("home")
    assert window.search.text() == ""
    window.show_page("events")
    assert page.model.rowCount() == total


def test_status_bar_shows_the_database_and_read_only(qtbot, db, make_window):
    window = make_window(db)
    assert str(db.path) in window.db_label.text()
    assert "read-only" not in window.db_label.text()
    other = MainWindow(AppContext(db, read_only=True))
    qtbot.addWidget(other)
    assert "read-only" in other.db_label.text()


def test_preferences_survive_a_restart(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    window.resize(790, 540)
    window.show_page("events")
    header = window.pages["events"].table.horizontalHeader()
    header.resizeSection(0, 177)
    window.close()
    saved = preferences.load()
    assert saved["last_page"] == "events"
    assert base64.b64decode(saved["geometry"])
    assert saved["column_widths"]["events/events_table"][0] == 177

    again = make_window(demo_db)
    assert again.current_page().key == "events"
    assert again.size().width() == 790
    assert again.pages["events"].table.horizontalHeader().sectionSize(0) == 177


def test_copy_puts_the_selected_rows_as_tab_separated_text(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    window.show_page("events")
    table = window.pages["events"].table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert lines[0].split("\t")[:4] == ["Date", "Time", "Kind", "Title"]
    assert "Ma commune rurale, un smart territoire ?" in lines[1].split("\t")


def test_new_database_and_recent_list_switch_the_database(
    qtbot, db, make_window, tmp_path, monkeypatch
):
    from smartdesk import app

    opened = []

    def open_database(path, create):
        opened.append((path, create))
        return AppContext(app.open_database(path, create=create))

    window = make_window(db, open_database=open_database)
    target = tmp_path / "braives.db"
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName",
        lambda *a, **k: (str(tmp_path / "braives"), ""),
    )
    window.new_database()
    assert opened == [(target, True)]
    assert window.ctx.db.path == target
    assert str(target) in window.db_label.text()
    assert preferences.recent_databases()[0] == str(target.resolve())
    events.create(window.ctx.db, title="Midi", kind="midi_du_smart", start="2020-02-10T12:00")
    window.show_page("events")
    assert window.pages["events"].model.rowCount() == 1
    assert window.recent_menu.actions()[0].text().endswith(str(target.resolve()))
    # back to the first database through File ▸ Recent
    preferences.add_recent_database(db.path)
    window._fill_recent_menu()
    window.recent_menu.actions()[0].trigger()
    assert window.ctx.db.path.resolve() == db.path.resolve()
    window.ctx.db.dispose()


def test_new_database_never_replaces_an_existing_file(db, make_window, monkeypatch, shown_errors):
    window = make_window(db, open_database=lambda path, create: AppContext(db))
    monkeypatch.setattr(
        "PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(db.path), "")
    )
    window.new_database()
    assert "already exists" in shown_errors[0]


def test_file_export_opens_the_exports_of_the_gal_page(db, make_window, answers):
    _replies, infos = answers
    window = make_window(db)
    window.export_data()
    page = window.current_page()
    assert page.key == "gal" and page.tabs.currentWidget() is page.exports
    assert infos == []  # nothing said "next version": both exist now


def test_file_import_opens_the_import_wizard(db, make_window):
    window = make_window(db)
    window.findChild(QAction, "import").trigger()
    wizard = window.import_wizard
    assert wizard is not None and wizard.isVisible() and wizard.currentPage() is wizard.file_page
    wizard.reject()


def test_about_names_the_version_licences_and_folders():
    text = about_text()
    assert "GNU General Public License" in text and "LGPL" in text and "reportlab" in text
    assert str(paths.data_dir()) in text and str(paths.logs_dir()) in text


def test_an_exception_in_a_slot_shows_the_dialog_and_is_logged(qtbot, db, make_window, monkeypatch):
    errors.setup_logging()
    errors.install_excepthook()
    seen = []

    def close_the_box():
        box = QApplication.activeModalWidget()
        if box is not None and box.objectName() == "unexpected_error":
            seen.append(box.detailedText())
            box.close()

    window = make_window(db)
    button = QPushButton("boom", window)

    def broken():
        raise RuntimeError("the slot broke")

    button.clicked.connect(broken)
    button.show()
    timer = QTimer(window)
    timer.timeout.connect(close_the_box)
    timer.start(50)
    try:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        qtbot.waitUntil(lambda: bool(seen))
    finally:
        timer.stop()
        import sys

        sys.excepthook = sys.__excepthook__
    assert "RuntimeError: the slot broke" in seen[0]
    for handler in logging.getLogger("smartdesk").handlers:
        handler.flush()
    log = (paths.logs_dir() / errors.LOG_FILE).read_text(encoding="utf-8")
    assert "the slot broke" in log


def test_pages_without_a_list_grey_the_search_out_and_say_so(qtbot, demo_db, make_window):
    window = make_window(demo_db)
    no_list = "No search on this page"
    for key in ("home", "workshops", "gal", "settings"):
        window.show_page(key)
        assert not window.search.isEnabled(), key
        assert window.search.placeholderText() == no_list, key
    window.show_page("people")
    assert window.search.isEnabled()
    people_hint = window.search.placeholderText()
    assert people_hint and people_hint != no_list
    window.focus_search()
    qtbot.keyClicks(window.search, "lejeune")
    assert window.pages["people"].model.rowCount() >= 1
    window.show_page("home")  # back to a page without a list: emptied and greyed again
    assert window.search.text() == "" and not window.search.isEnabled()


def test_the_navigation_marks_keyboard_focus_with_a_bar_not_a_frame(qtbot, demo_db, make_window):
    """No dotted frame inside the highlight; the current page's left edge turns dark while the
    keyboard is in the list, and is the highlight's colour otherwise."""
    window = make_window(demo_db)
    nav = window.navigation
    window.show_page("people")

    def edge_and_middle() -> tuple[str, str]:
        rect = nav.visualItemRect(nav.currentItem())
        image = nav.grab().toImage()
        y = rect.center().y()
        return (
            image.pixelColor(rect.left() + 1, y).name(),
            image.pixelColor(rect.left() + 10, y).name(),
        )

    nav.setFocus()
    qtbot.waitUntil(nav.hasFocus)
    focused_edge, highlight = edge_and_middle()
    window.focus_search()
    qtbot.waitUntil(lambda: not nav.hasFocus())
    unfocused_edge, unfocused_middle = edge_and_middle()
    assert focused_edge != highlight  # the bar shows where the keyboard is
    assert unfocused_edge == unfocused_middle == highlight  # plain highlight otherwise
