"""PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to ``None`` on every wrapped call
that returns nothing; after enough calls Python aborts with "Fatal Python error: none_dealloc"
(the window died on a GAL's database at its 16th refresh). The pin in requirements.lock avoids
it; this test fails if an upgrade brings the bug back."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QStatusBar, QTableWidget, QTableWidgetItem


def test_calls_returning_nothing_keep_the_reference_count_of_none(qtbot):
    table = QTableWidget()
    qtbot.addWidget(table)
    status = QStatusBar()
    qtbot.addWidget(status)
    before = sys.getrefcount(None)
    for i in range(1000):
        table.setRowCount(100)
        table.setItem(0, 0, QTableWidgetItem(str(i)))
        status.showMessage("x")
    lost = before - sys.getrefcount(None)
    # References come and go with other threads (a preview rendering); 3,000 calls that each
    # dropped one would lose about 3,000.
    assert lost < 1000, f"None lost {lost} references over 3,000 Qt calls"
