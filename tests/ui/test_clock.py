"""Every "today" of the screens comes from smartdesk.ui.clock, which the tests and the
screenshots set (here to the demo's Midi du Smart, tests/ui/conftest.py)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QDate

from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.person_editor import PersonEditor

UI = Path(__file__).resolve().parents[2] / "smartdesk" / "ui"
REAL_CLOCK = re.compile(r"date\.today\(\)|datetime\.now\(|QDate\.currentDate\(|currentDateTime\(")


def test_no_screen_reads_the_computers_clock_directly():
    offenders = [
        f"{path.relative_to(UI)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if REAL_CLOCK.search(line)
    ]
    assert offenders == []


def test_a_new_persons_consent_date_is_the_applications_today(qtbot, db):
    editor = PersonEditor(AppContext(db), None)
    qtbot.addWidget(editor)
    editor.first_name.setText("Anne")
    editor.last_name.setText("Lejeune")
    editor.consent.setChecked(True)
    assert editor.consent_date.date() == QDate(2020, 2, 6)
    assert editor.values()["consent_date"].isoformat() == "2020-02-06"
