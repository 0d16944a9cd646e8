"""GAL page benchmark on the stress database (50,000 people, 5,000 events, 200,000
registrations, 20,000 cards): the page's key figures — from the request to the numbers and the
six charts painted, computed in the background — beside ``services.stats.statistics`` called
alone for the same period, alternately in the same run.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_gal_page.py [--runs 10]

Target (issue 9): the page ≤ 1.2× the statistics service alone (medians)."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from smartdesk import app  # noqa: E402

#: (name, combo index, bounds): the page's choices and the period the service is asked for.
PERIODS = [
    ("all time", 3, (None, None)),
    ("LEADER 2023–2027", 2, (dt.date(2023, 1, 1), dt.date(2027, 12, 31))),
    ("year 2021", 0, (dt.date(2021, 1, 1), dt.date(2021, 12, 31))),
]


def ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:7.1f} ms   min {min(values) * 1000:7.1f} ms"
        f"   max {max(values) * 1000:7.1f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--db", type=Path, help="reuse a stress database built before")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="bench-gal-"))
    os.environ.setdefault("SMARTDESK_DATA_DIR", str(folder / "data"))
    path = args.db or folder / "stress.db"
    if not path.exists():
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import stress; stress.build(__import__('pathlib').Path({str(path)!r}))",
            ],
            cwd=Path(__file__).resolve().parent,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
            check=True,
        )
        print(f"stress database built in {time.perf_counter() - started:.1f} s: {path}")

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from smartdesk.services import stats
    from smartdesk.ui import clock, tasks
    from smartdesk.ui.context import AppContext
    from smartdesk.ui.pages.gal import GalPage

    qapp = QApplication.instance() or QApplication([])
    clock.set_today(dt.date(2021, 6, 1))  # "this year" = 2021, inside the stress data
    db = app.open_database(path)
    page = GalPage(AppContext(db))
    page.resize(1140, 700)
    page.show()
    qapp.processEvents()

    def settle() -> None:
        # Wait as the application does, in the event loop (polling would take the GIL from
        # the worker thread and slow the very computation measured).
        task = page.task
        if task is not None and not task.done:
            loop = QEventLoop()
            task.finished.connect(loop.quit)
            if not task.done:
                loop.exec()
        assert tasks.running_tasks() == 0
        qapp.processEvents()

    settle()  # the first computation, on showing the page
    stats.statistics(db)  # both sides start with the file in the page cache

    ratios = []
    for name, index, bounds in PERIODS:
        ours: list[float] = []
        alone: list[float] = []
        page.period.choice.setCurrentIndex(index)  # sets the dates (and computes once)
        settle()
        for _ in range(args.runs):
            t0 = time.perf_counter()
            expected = stats.statistics(db, *bounds)
            alone.append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            page.compute()  # what a change of period or "Update the figures" does
            settle()
            page.key_figures.repaint()  # the numbers and six charts on screen
            ours.append(time.perf_counter() - t0)
            assert page.figures == expected, name
        ratio = statistics.median(ours) / statistics.median(alone)
        best = min(ours) / min(alone)
        ratios.append(ratio)
        figures = page.figures
        assert figures is not None
        print(
            f"{name}: {figures.events_total:,} events, {figures.participations:,} participations, "
            f"{figures.unique_people:,} people"
        )
        print(f"  the page, request → figures and charts painted: {ms(ours)}")
        print(f"  stats.statistics alone:                         {ms(alone)}")
        print(f"  ratio of the medians: {ratio:.2f}× (of the best runs: {best:.2f}×)")
    worst = max(ratios)
    print(f"worst ratio {worst:.2f}×; target ≤ 1.2×: {'met' if worst <= 1.2 else 'NOT met'}")
    page.close()
    db.dispose()


if __name__ == "__main__":
    main()
