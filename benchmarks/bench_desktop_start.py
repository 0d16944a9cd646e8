"""Desktop start-up benchmark, each figure beside its floor measured in the same run:

- start to the main window shown, on the stress database (50,000 people, 5,000 events), vs a
  bare QMainWindow shown by the same interpreter (both in fresh processes, offscreen);
- ``smartdesk --version`` and ``smartdesk events list`` on the demo database vs ``python -c pass``;
- peak memory (max RSS) of the application on the stress database, home then events page shown.

    .venv/bin/python benchmarks/bench_desktop_start.py [--runs 5]

Targets (issue 8): window ≤ 1.5 s and ≤ 2× the bare window; commands ≤ 0.3 s above the bare
interpreter; peak ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

SHOWN = "window-shown"

BARE_WINDOW = f"""
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow()
w.resize(1366, 768)
w.show()
app.processEvents()
print({SHOWN!r}, flush=True)
"""

# What `smartdesk` does for the window (app.run_gui), stopped once the window has painted.
OUR_WINDOW = f"""
import resource, sys
from smartdesk import app as composition
composition.setup_locale()
db = composition.open_database(sys.argv[1], create=True)
from smartdesk.ui.application import make_application
from smartdesk.ui.context import AppContext
from smartdesk.ui.main_window import MainWindow
qt = make_application([])
w = MainWindow(AppContext(db))
w.resize(1366, 768)
w.show()
qt.processEvents()
print({SHOWN!r}, flush=True)
if len(sys.argv) > 2:  # the memory run: also the events page, scrolled to the end
    w.show_page("events")
    qt.processEvents()
    table = w.pages["events"].table
    table.scrollToBottom()
    qt.processEvents()
    w.grab()
    print("rows", w.pages["events"].model.rowCount(), flush=True)
print("maxrss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "SMARTDESK_DATA_DIR": str(data_dir),
        "PYTHONPATH": str(ROOT),
    }


def time_until_shown(args: list[str], environment: dict[str, str]) -> tuple[float, list[str]]:
    """Seconds from launching the process to its "window-shown" line, and all its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=environment
    )
    assert proc.stdout is not None
    shown = None
    lines = []
    for line in proc.stdout:
        lines.append(line.strip())
        if line.strip() == SHOWN and shown is None:
            shown = time.perf_counter() - start
    proc.wait()
    if shown is None or proc.returncode != 0:
        raise SystemExit(f"{args[:3]} failed: {lines}")
    return shown, lines


def time_command(args: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=environment)
    return time.perf_counter() - start


def median(fn, runs: int) -> float:
    fn()  # one warm-up: the OS file cache, not our code, is what a first run measures
    return statistics.median(fn() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        environment = env(folder / "data")
        stress_db, demo_db = folder / "stress.db", folder / "demo.db"
        # Built in their own processes, so this one stays small.
        subprocess.run(
            [
                py,
                "-c",
                f"import stress; stress.build(__import__('pathlib').Path({str(stress_db)!r}))",
            ],
            check=True,
            cwd=Path(__file__).resolve().parent,
            env=environment,
        )
        subprocess.run(
            [py, "-m", "smartdesk", "--db", str(demo_db), "demo"],
            check=True,
            stdout=subprocess.DEVNULL,
            env=environment,
        )

        bare = median(lambda: time_until_shown([py, "-c", BARE_WINDOW], environment)[0], runs)
        ours = median(
            lambda: time_until_shown([py, "-c", OUR_WINDOW, str(stress_db)], environment)[0], runs
        )
        _shown, lines = time_until_shown(
            [py, "-c", OUR_WINDOW, str(stress_db), "memory"], environment
        )
        peak_mb = (
            int(next(line for line in lines if line.startswith("maxrss_kb")).split()[1]) / 1024
        )
        rows = next(line for line in lines if line.startswith("rows")).split()[1]

        python_pass = median(lambda: time_command([py, "-c", "pass"], environment), runs)
        version = median(
            lambda: time_command([py, "-m", "smartdesk", "--version"], environment), runs
        )
        events_list = median(
            lambda: time_command(
                [py, "-m", "smartdesk", "--db", str(demo_db), "events", "list"], environment
            ),
            runs,
        )

    def ok(good: bool) -> str:
        return "ok" if good else "OVER TARGET"

    print(f"median of {runs} runs, offscreen, fresh processes")
    print(
        f"window shown, stress DB   {ours:6.3f} s   bare QMainWindow {bare:6.3f} s   "
        f"ratio {ours / bare:4.2f}   target ≤ 1.5 s and ≤ 2×: {ok(ours <= 1.5 and ours <= 2 * bare)}"
    )
    for name, value in (("smartdesk --version", version), ("smartdesk events list", events_list)):
        print(
            f"{name:<25} {value:6.3f} s   python -c pass   {python_pass:6.3f} s   "
            f"above {value - python_pass:6.3f} s   target ≤ 0.3 s above: "
            f"{ok(value - python_pass <= 0.3)}"
        )
    print(
        f"peak memory, stress DB    {peak_mb:6.0f} MB  (home, then the events page: {rows} "
        f"events, scrolled to the end)   target ≤ 300 MB: {ok(peak_mb <= 300)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
