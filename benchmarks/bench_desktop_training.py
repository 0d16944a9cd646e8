"""The Formations page's attendance grid on the stress database (50,000 people, 5,000 events,
200,000 registrations), offscreen, in the main window (so a tick's ``ctx.changed`` refreshes
the page as it does for the user), with one training of 12 full-day sessions (9:00 – 16:30:
a morning and an afternoon column each, 24 boxes a person) and 150 trainees:

* **tick** — Space in the grid to the grid repainted, on the halves' columns:
  ``attendance.set_half_day`` (one transaction), the session's two cells and the row's hours;
* **service** — the bare ``attendance.set_half_day`` and ``attendance.set_status`` for as many
  other cells (the floor);
* **open** — selecting the training in the list to its grid painted.

    .venv/bin/python benchmarks/bench_desktop_training.py [--db PATH]

Target (issue 8's rule for the screens): a tick p95 ≤ 50 ms, the window never frozen > 100 ms.
``--db`` reuses a stress database built before (a copy is used: the benchmark writes to it)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stress import build  # noqa: E402
from timing import ms  # noqa: E402

from smartdesk import app  # noqa: E402
from smartdesk.services import attendance, trainings  # noqa: E402

SESSIONS = 12
TRAINEES = 150
TICKS = 60


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, help="a stress database built before (copied)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-training-"))
    path = folder / "stress.db"
    result: dict[str, object] = {}
    if args.db:
        shutil.copyfile(args.db, path)
    else:
        start = time.perf_counter()
        build(path)
        result["build_s"] = round(time.perf_counter() - start, 1)
    db = app.open_database(path, create=True)

    t = trainings.create(db, "AAA Benchmark: outils collaboratifs", trainer="Julie Marchand")
    for week in range(SESSIONS):
        day = 1 + week * 2
        t = trainings.add_session(
            db, t.id, start=f"2020-03-{day:02d}T09:00", end=f"2020-03-{day:02d}T16:30", hours=6
        )
    people = list(range(1, 50_001, 331))[:TRAINEES]
    trainings.register_people(db, t.id, people)

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from smartdesk.ui.context import AppContext
    from smartdesk.ui.main_window import MainWindow

    qt = QApplication.instance() or QApplication([])
    window = MainWindow(AppContext(db))
    window.resize(1366, 768)
    window.show()
    window.show_page("trainings")
    page = window.pages["trainings"]
    qt.processEvents()

    opens = []
    for _round in range(6):
        page.table.setCurrentIndex(page.model.index(1, 0))  # another training first
        qt.processEvents()
        start = time.perf_counter()
        page.select(t.id)
        page.detail.grid.viewport().repaint()
        opens.append(time.perf_counter() - start)
    assert page.detail.grid_model.rowCount() == TRAINEES, page.detail.grid_model.rowCount()
    result["open_grid_first_ms"] = round(opens[0] * 1000, 1)
    result["open_grid_again"] = ms(opens[1:])

    ticks = []
    page.detail.grid.setFocus()
    for n in range(TICKS):
        row, column = n % TRAINEES, 2 + n % (2 * SESSIONS)
        page.detail.grid.setCurrentIndex(page.detail.grid_model.index(row, column))
        qt.processEvents()
        start = time.perf_counter()
        QTest.keyClick(page.detail.grid, Qt.Key.Key_Space)
        page.detail.grid.viewport().repaint()
        ticks.append(time.perf_counter() - start)
    result["tick_key_to_repaint"] = ms(ticks)
    grid = trainings.attendance_grid(db, t.id)
    result["half_days_after_ticks"] = sum(len(r.halves) for r in grid.rows)
    assert result["half_days_after_ticks"] == TICKS  # one half each: no tick got lost

    sessions = [s.id for s in grid.sessions]
    halves = []
    for n in range(TICKS):
        half = ("morning", "afternoon")[n % 2]
        start = time.perf_counter()
        attendance.set_half_day(db, sessions[n % SESSIONS], people[-1 - n % TRAINEES], half, True)
        halves.append(time.perf_counter() - start)
    result["service_set_half_day"] = ms(halves)
    bare = []
    for n in range(TICKS):
        start = time.perf_counter()
        attendance.set_status(db, sessions[n % SESSIONS], people[-2 - n % TRAINEES], "present")
        bare.append(time.perf_counter() - start)
    result["service_set_status"] = ms(bare)
    window.close()
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
