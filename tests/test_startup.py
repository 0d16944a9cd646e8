"""Start-up stays light: the window and the common commands do not load the PDF and workbook
libraries, nor every command group (each check in a fresh interpreter: this test process has
long loaded everything)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("reportlab", "openpyxl", "PySide6", "sqlalchemy", "alembic")


def _loaded_after(code: str, tmp_path) -> dict[str, bool]:
    probe = (
        "import sys, json\n"
        + code
        + f"\nprint(json.dumps({{m: m in sys.modules for m in {HEAVY!r} + tuple("
        "n for n in sys.modules if n.startswith('smartdesk.cli.'))}))"
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


def test_events_list_loads_the_database_layer_but_no_report_library(tmp_path):
    loaded = _loaded_after("from smartdesk import cli\ncli.main(['events', 'list'])", tmp_path)
    assert loaded["sqlalchemy"]
    assert not loaded["reportlab"] and not loaded["openpyxl"] and not loaded["PySide6"]
    assert loaded["smartdesk.cli.events"] and "smartdesk.cli.printing" not in loaded


def test_the_window_does_not_load_the_report_libraries(tmp_path):
    loaded = _loaded_after("import smartdesk.ui.application, smartdesk.ui.main_window", tmp_path)
    assert loaded["PySide6"]
    assert not loaded["reportlab"] and not loaded["openpyxl"], loaded
