"""Start-up stays light: the window and the common commands do not load the PDF and workbook
libraries, nor every command group; the window is shown before the database layer is loaded
(each check in a fresh interpreter: this test process has long loaded everything)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from smartdesk import app
from smartdesk.services import events, preferences

HEAVY = ("reportlab", "openpyxl", "PySide6", "sqlalchemy", "alembic")
#: Not needed to list events: the attendance and people services, the catalog compiler (the
#: compiled catalog is cached), multiprocessing (the frozen app's worker processes only).
NOT_FOR_EVENTS_LIST = (
    "smartdesk.services.attendance",
    "smartdesk.services.people",
    "smartdesk.services.privacy",
    "babel.messages.pofile",
    "multiprocessing",
)
PROBE = Path(__file__).resolve().parent.parent / "benchmarks" / "window_probe.py"


def _loaded_after(code: str, tmp_path) -> dict[str, bool]:
    probe = (
        "import sys, json\n"
        + code
        + f"\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY + NOT_FOR_EVENTS_LIST!r}"
        " + tuple(n for n in sys.modules if n.startswith('smartdesk.cli.'))}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"SMARTDESK_DATA_DIR": str(tmp_path), "PATH": "", "QT_QPA_PLATFORM": "offscreen"},
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_version_loads_no_library_and_no_command_group(tmp_path):
    loaded = _loaded_after(
        "from smartdesk import cli\ntry:\n    cli.main(['--version'])\nexcept SystemExit:\n    pass",
        tmp_path,
    )
    assert not any(loaded[m] for m in HEAVY), loaded
    groups = [n for n, yes in loaded.items() if n.startswith("smartdesk.cli.") and yes]
    assert groups == ["smartdesk.cli._output"]


def test_help_lists_every_group_without_loading_them(tmp_path, capsys):
    from smartdesk import cli

    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    out = capsys.readouterr().out
    for group in cli.GROUPS:
        assert group.command in out
    loaded = _loaded_after(
        "from smartdesk import cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass",
        tmp_path,
    )
    assert not any(loaded[m] for m in HEAVY), loaded


def test_events_list_loads_the_database_layer_but_nothing_it_does_not_need(tmp_path):
    db = app.open_database(tmp_path / "smartdesk.db", create=True)
    events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2026-12-10T12:00")
    db.dispose()
    # As typed: python -m smartdesk (its __main__ too), in French (a catalog to read).
    command = (
        "import runpy\n"
        f"sys.argv = ['smartdesk', '--lang', 'fr', '--db', {str(db.path)!r}, 'events', 'list']\n"
        "try:\n    runpy.run_module('smartdesk', run_name='__main__')\n"
        "except SystemExit:\n    pass"
    )
    _loaded_after(command, tmp_path)  # the first run compiles the French catalog once
    loaded = _loaded_after(command, tmp_path)
    assert loaded["sqlalchemy"] and loaded["smartdesk.cli.events"]
    # The file is at this version's schema: Alembic stays unloaded.
    assert not loaded["alembic"], loaded
    assert not any(loaded[m] for m in ("reportlab", "openpyxl", "PySide6")), loaded
    assert not any(loaded[m] for m in NOT_FOR_EVENTS_LIST), loaded
    assert "smartdesk.cli.printing" not in loaded


def test_the_window_does_not_load_the_report_libraries(tmp_path):
    loaded = _loaded_after("import smartdesk.ui.application, smartdesk.ui.main_window", tmp_path)
    assert loaded["PySide6"]
    assert not loaded["reportlab"] and not loaded["openpyxl"], loaded


def _start_the_window(db_path, data_dir) -> list[dict]:
    """``smartdesk --db PATH`` in a fresh process, watched by benchmarks/window_probe.py (it
    closes the window once the database is shown): what it saw, milestone by milestone."""
    out = subprocess.run(
        [sys.executable, str(PROBE), "ours", str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,  # an unexpected dialog would wait for an answer forever
        env={
            **os.environ,
            "SMARTDESK_DATA_DIR": str(data_dir),
            "SMARTDESK_LANG": "en",
            "QT_QPA_PLATFORM": "offscreen",
        },
    )
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_the_window_is_shown_before_the_database_layer_then_fills_the_remembered_page(
    demo_db, tmp_path
):
    shown_events = len(events.list_events(demo_db))
    demo_db.dispose()  # let go of the file and its lock, as a closed SmartDesk would
    preferences.update(last_page="events")
    data_dir = os.environ["SMARTDESK_DATA_DIR"]
    said = _start_the_window(demo_db.path, data_dir)
    assert [s["event"] for s in said] == ["shown", "ready", "exit"]
    shown, ready, end = said
    # First painted: the frame, and what it is doing, before SQLAlchemy is even imported.
    assert shown["sqlalchemy"] is False and shown["alembic"] is False
    assert shown["page_area"] == f"Opening “{demo_db.path}”…"
    assert shown["navigation"] and shown["menus"] == ["&File", "&Edit", "&View", "&Help"]
    # Then the page she left open, built and filled from the database.
    assert ready["page"] == "events" and ready["rows"] == shown_events > 0
    assert ready["status"] == f"Database: {demo_db.path}" and ready["navigation_enabled"]
    assert end["code"] == 0


# The collector while the program loads (smartdesk.startup).


@pytest.fixture
def not_the_program(monkeypatch):
    """A test process is never the program: whatever a test says, it is forgotten after."""
    from smartdesk import startup

    monkeypatch.setattr(startup, "_program", False)
    yield startup


def test_loading_pauses_the_collector_and_resumes_it_without_freezing(not_the_program):
    import gc

    startup = not_the_program
    frozen = gc.get_freeze_count()
    with startup.loading():
        assert not gc.isenabled()
    assert gc.isenabled()
    # A test (or a script calling cli.main) is not the program: its garbage is not frozen.
    assert gc.get_freeze_count() == frozen


def test_loading_leaves_a_collector_paused_by_somebody_else_paused(not_the_program):
    import gc

    startup = not_the_program
    startup.begin_program()
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        with startup.loading():
            pass
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
    finally:
        gc.enable()


def test_loading_resumes_the_collector_when_the_start_fails(not_the_program):
    import gc

    startup = not_the_program
    with pytest.raises(SystemExit), startup.loading():
        raise SystemExit(2)  # a usage error, --help, --version
    assert gc.isenabled()


def test_the_program_freezes_what_it_loaded_and_collects_as_usual_while_it_works(tmp_path):
    """The entry point ``smartdesk`` in a fresh process: the command's modules are frozen out of
    the collector's passes, the command itself runs with the collector on, and its output is the
    same as in-process."""
    db = app.open_database(tmp_path / "smartdesk.db", create=True)
    events.create(db, title="Café & <rencontre>", kind="midi_du_smart", start="2026-12-10T12:00")
    db.dispose()
    code = (
        "import gc, sys\n"
        f"sys.argv = ['smartdesk', '--lang', 'fr', '--db', {str(db.path)!r}, 'events', 'list']\n"
        "from smartdesk.__main__ import main\n"
        "seen = {}\n"
        "from smartdesk.cli import events as ev\n"
        "original = ev._print_events\n"
        "def watched(*a, **k):\n"
        "    seen['enabled'] = gc.isenabled(); seen['frozen'] = gc.get_freeze_count()\n"
        "    return original(*a, **k)\n"
        "ev._print_events = watched\n"
        "code = main()\n"
        "print(seen['enabled'], seen['frozen'] > 10000, code, file=sys.stderr)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={"SMARTDESK_DATA_DIR": str(tmp_path), "PATH": "", "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.returncode == 0, out.stderr
    assert "Café & <rencontre>" in out.stdout
    assert out.stderr.split() == ["True", "True", "0"]
