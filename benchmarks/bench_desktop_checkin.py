"""Check-in at the door on the stress database (50,000 people, 5,000 events, 200,000
registrations), offscreen, with 500 people registered to one event:

* **mark** — a key press (Space in the filter field) to the row repainted: the page's one
  service call, its one-row model update and a synchronous repaint of the list, for 50 people;
* **service** — the bare ``attendance.check_in`` for 50 other people of the same event (the floor
  of the mark: the database write it cannot avoid);
* **filter** — three letters typed in the filter field, per keystroke, the list repainted;
* **open** — opening the check-in page of that 500-person event, to the list painted.

    .venv/bin/python benchmarks/bench_desktop_checkin.py [--db PATH]

Target (issue 8): marking present p95 ≤ 50 ms. ``--db`` reuses a stress database built before
(a copy is used: the benchmark writes to it)."""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress import build  # noqa: E402
from timing import ms  # noqa: E402

from smartdesk import app  # noqa: E402
from smartdesk.domain.enums import RegistrationStatus  # noqa: E402
from smartdesk.services import attendance  # noqa: E402

EVENT_ID = 1
SIZE = 500
MARKS = 50


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a stress database built before (copied)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    path = folder / "stress.db"
    result: dict[str, object] = {}
    if args.db:
        shutil.copyfile(args.db, path)
    else:
        start = time.perf_counter()
        build(path)
        result["build_s"] = round(time.perf_counter() - start, 1)
    db = app.open_database(path, create=True)

    # 500 people registered to one event (the stress data gives it 40).
    have = {r.person_id for r in attendance.list_attendance(db, EVENT_ID)}
    extra = [pid for pid in range(1, 50_001, 97) if pid not in have][: SIZE - len(have)]
    attendance.register(db, EVENT_ID, extra)
    waiting = [
        r.person_id
        for r in attendance.list_attendance(db, EVENT_ID)
        if r.status not in (RegistrationStatus.PRESENT,)
    ]
    assert len(waiting) >= 2 * MARKS, len(waiting)
    result["registered"] = attendance.attendance_counts(db, EVENT_ID).total

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from smartdesk.ui.context import AppContext
    from smartdesk.ui.pages.checkin import CheckInPage

    qt = QApplication.instance() or QApplication([])
    ctx = AppContext(db)

    opens = []
    for _ in range(5):
        page = CheckInPage(ctx)
        page.resize(1366, 720)
        page.show()
        qt.processEvents()
        start = time.perf_counter()
        page.open(event_id=EVENT_ID)
        page.table.viewport().repaint()
        opens.append(time.perf_counter() - start)
        if _ < 4:
            page.close()
            page.deleteLater()
            qt.processEvents()
    # The first opening also loads Babel's locale data and compiles the SQL (once per run).
    result["open_500_first_ms"] = round(opens[0] * 1000, 1)
    result["open_500_again"] = ms(opens[1:])

    # Marking: the person is found and highlighted first (untimed), then Space is timed to the
    # row repainted.
    marks = []
    for pid in waiting[:MARKS]:
        page.filter.clear()
        page._select(page.model.row_of(pid))  # noqa: SLF001 - the benchmark drives the page
        page.filter.setFocus()
        qt.processEvents()
        start = time.perf_counter()
        QTest.keyClick(page.filter, Qt.Key.Key_Space)
        page.table.viewport().repaint()
        marks.append(time.perf_counter() - start)
        assert page.model.record(pid).status == RegistrationStatus.PRESENT
    result["mark_key_to_repaint"] = ms(marks)

    bare = []
    for pid in waiting[MARKS : 2 * MARKS]:
        start = time.perf_counter()
        attendance.check_in(db, EVENT_ID, pid)
        bare.append(time.perf_counter() - start)
    result["service_check_in"] = ms(bare)

    keys = []
    for _round in range(10):
        page.filter.clear()
        qt.processEvents()
        for letter in "lam":
            start = time.perf_counter()
            QTest.keyClick(page.filter, letter)
            page.table.viewport().repaint()
            keys.append(time.perf_counter() - start)
    result["filter_keystroke"] = ms(keys)
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    result["target_mark_p95_ms"] = 50
    result["ok"] = result["mark_key_to_repaint"]["p95_ms"] <= 50  # type: ignore[index]
    print(json.dumps(result, indent=2))
    db.dispose()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
