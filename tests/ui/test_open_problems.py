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
