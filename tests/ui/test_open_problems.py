"""Opening a database from the window: each problem gets its question or sentence, never a
traceback, and a refused file keeps its bytes."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest

from smartdesk import app
from smartdesk.services import events
from smartdesk.ui.dialogs import open_problems
from tests.db.test_opening import HOLDER


@pytest.fixture
def answers(monkeypatch):
    """The questions asked (by name) and the sentences shown; questions answered from a list."""
    seen = {"asked": [], "shown": [], "replies": []}

    def ask(parent, text, accept, name):
        seen["asked"].append((name, text))
        return seen["replies"].pop(0) if seen["replies"] else False

    monkeypatch.setattr(open_problems, "ask", ask)
    monkeypatch.setattr(
        open_problems.errors, "show_error", lambda parent, message: seen["shown"].append(message)
    )
    return seen


def test_a_missing_file_is_created_only_after_yes(qtbot, tmp_path, answers):
    path = tmp_path / "braives.db"
    assert open_problems.open_with_dialogs(None, app.open_database, path) is None
    assert not path.exists()
    answers["replies"] = [True]
    ctx = open_problems.open_with_dialogs(None, app.open_database, path)
    try:
        assert [name for name, _ in answers["asked"]] == ["missing_question"] * 2
        assert path.exists() and not ctx.read_only
    finally:
        ctx.db.dispose()


def test_another_programs_file_is_refused_with_its_sentence(qtbot, tmp_path, answers):
    path = tmp_path / "compta.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE facture (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert open_problems.open_with_dialogs(None, app.open_database, path) is None
    assert "another program" in answers["shown"][0]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_a_file_open_elsewhere_is_offered_read_only(qtbot, db, answers):
    events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2026-12-10T12:00")
    db.dispose()
    env = {**os.environ, "USER": "marc", "LOGNAME": "marc", "USERNAME": "marc"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db.path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        answers["replies"] = [True]
        ctx = open_problems.open_with_dialogs(None, app.open_database, db.path)
        try:
            name, text = answers["asked"][0]
            assert name == "locked_question" and "marc@" in text
            assert ctx.read_only
            assert [e.title for e in events.list_events(ctx.db)] == ["Midi du Smart"]
        finally:
            ctx.db.dispose()
    finally:
        holder.kill()
        holder.wait()


def test_the_desktop_start_on_a_bad_file_shows_a_dialog_and_ends(
    qtbot, tmp_path, answers, monkeypatch
):
    monkeypatch.setenv("SMARTDESK_LANG", "en")  # the window starts in the user's language
    bad = tmp_path / "bad.db"
    bad.write_bytes(os.urandom(4096))
    assert app.run_gui(bad, ["smartdesk"]) == 1
    assert "not a database" in answers["shown"][0]


def test_a_write_that_waits_for_another_writer_says_so_then_lands(qtbot, db, make_window):
    window = make_window(db)
    blocker = sqlite3.connect(db.path)
    blocker.execute("BEGIN IMMEDIATE")  # another SmartDesk in the middle of a long import
    done = []
    task = window.ctx.run(
        window,
        events.create,
        title="Soirée d'échange",
        kind="exchange_evening",
        start="2026-12-03T19:00",
        on_success=done.append,
    )
    qtbot.waitUntil(lambda: "waiting" in window.statusBar().currentMessage(), timeout=8000)
    assert not task.done  # the window answers while the write waits
    blocker.rollback()
    blocker.close()
    qtbot.waitUntil(lambda: task.done, timeout=8000)
    assert [e.title for e in events.list_events(db)] == ["Soirée d'échange"]


def test_a_write_kept_waiting_too_long_fails_with_a_sentence_and_writes_nothing(
    qtbot, db, monkeypatch
):
    monkeypatch.setenv("SMARTDESK_LOCK_WAIT", "1")
    blocker = sqlite3.connect(db.path)
    blocker.execute("BEGIN IMMEDIATE")
    failures = []
    try:
        from smartdesk.ui import tasks

        task = tasks.run_task(
            None,
            events.create,
            db,
            title="X",
            kind="other",
            start="2026-12-03T19:00",
            on_failure=failures.append,
        )
        qtbot.waitUntil(lambda: task.done, timeout=8000)
    finally:
        blocker.rollback()
        blocker.close()
    assert "nothing was written" in failures[0].message
    assert events.list_events(db) == []


def test_a_save_on_the_windows_thread_gives_up_quickly_instead_of_freezing(qtbot, db):
    import time

    from smartdesk.domain.errors import DatabaseBusyError
    from smartdesk.ui.context import GUI_WAIT_SECONDS, AppContext

    ctx = AppContext(db)
    blocker = sqlite3.connect(db.path)
    blocker.execute("BEGIN IMMEDIATE")  # another SmartDesk in the middle of a long import
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusyError) as caught:
            events.create(ctx.db, title="X", kind="other", start="2026-12-03T19:00")
        waited = time.monotonic() - started
    finally:
        blocker.rollback()
        blocker.close()
    assert waited < GUI_WAIT_SECONDS + 1.0
    assert "nothing was written" in caught.value.message
    assert events.list_events(db) == []
    events.create(ctx.db, title="Y", kind="other", start="2026-12-03T19:00")  # free again
    assert [e.title for e in events.list_events(db)] == ["Y"]


def _start_the_desktop(path, monkeypatch) -> dict:
    """``app.run_gui(path)`` as ``smartdesk --db PATH`` runs it: what the window shows while the
    file is being opened, then once the database is shown (the window is closed there)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from smartdesk.ui.main_window import MainWindow

    monkeypatch.setenv("SMARTDESK_LANG", "en")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    seen: dict = {}

    def ready(window: MainWindow) -> None:
        page = window.current_page()
        seen["ready"] = {
            "page": page.key,
            "rows": page.model.rowCount() if hasattr(page, "model") else None,
            "status": window.db_label.text(),
            "opening_shown": window.opening_label.isVisible(),
        }
        QTimer.singleShot(0, window.close)

    def watch() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = next((w for w in windows if w.isVisible()), None)
        if window is None or "opening" in seen:
            return
        seen["opening"] = {
            "ctx": window.ctx,
            "text": window.opening_label.text() if window.opening_label.isVisible() else None,
            "navigation": window.navigation.isEnabled(),
            "actions": sorted(a.objectName() for a in window.actions() if a.isEnabled()),
        }
        window.database_ready.connect(lambda: ready(window))

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(5)
    guard = QTimer()  # a dialog nobody answers must fail the test, not hang it
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: QApplication.exit(99))
    guard.start(60_000)
    try:
        seen["code"] = app.run_gui(path, ["smartdesk"])
    finally:
        timer.stop()
        guard.stop()
    return seen


def test_the_desktop_start_shows_the_window_opening_then_the_page_she_left(
    qtbot, demo_db, monkeypatch
):
    from smartdesk.services import preferences

    total = len(events.list_events(demo_db))
    demo_db.dispose()
    preferences.update(last_page="events")
    seen = _start_the_desktop(demo_db.path, monkeypatch)
    assert seen["code"] == 0
    # At once: the frame, saying what it does; only Quit and About answer meanwhile.
    opening = seen["opening"]
    assert opening["ctx"] is None and opening["text"] == f"Opening “{demo_db.path}”…"
    assert not opening["navigation"] and opening["actions"] == ["about", "quit"]
    # Then the page she left, filled, and the status bar with the file.
    ready = seen["ready"]
    assert ready["page"] == "events" and ready["rows"] == total > 0
    assert ready["status"] == f"Database: {demo_db.path}" and not ready["opening_shown"]
    assert preferences.load()["last_page"] == "events"


def test_the_desktop_start_asks_to_create_a_missing_file_then_shows_it(
    qtbot, tmp_path, answers, monkeypatch
):
    welcomed = []
    monkeypatch.setattr(
        "smartdesk.ui.dialogs.welcome.run_welcome",
        lambda parent, ctx, set_language=None: welcomed.append(ctx.db.path) and False,
    )
    path = tmp_path / "braives.db"
    answers["replies"] = [True]
    seen = _start_the_desktop(path, monkeypatch)
    assert [name for name, _ in answers["asked"]] == ["missing_question"]
    assert seen["code"] == 0 and path.exists()
    assert seen["ready"]["page"] == "home" and welcomed == [path]  # a new file: the welcome


def test_the_desktop_start_on_a_file_open_elsewhere_offers_read_only(
    qtbot, db, answers, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    notices = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda parent, title, text: notices.append(text))
    )
    events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2026-12-10T12:00")
    db.dispose()
    env = {**os.environ, "USER": "marc", "LOGNAME": "marc", "USERNAME": "marc"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db.path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        answers["replies"] = [True]
        seen = _start_the_desktop(db.path, monkeypatch)
    finally:
        holder.kill()
        holder.wait()
    assert [name for name, _ in answers["asked"]] == ["locked_question"]
    assert seen["code"] == 0 and "(read-only)" in seen["ready"]["status"]
    assert "read-only" in notices[0]


def test_the_desktop_start_that_gives_up_on_a_locked_file_ends_with_1(
    qtbot, db, answers, monkeypatch
):
    db.dispose()
    env = {**os.environ, "USER": "marc", "LOGNAME": "marc", "USERNAME": "marc"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db.path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        answers["replies"] = [False]
        seen = _start_the_desktop(db.path, monkeypatch)
    finally:
        holder.kill()
        holder.wait()
    assert [name for name, _ in answers["asked"]] == ["locked_question"]
    assert seen["code"] == 1 and "ready" not in seen
