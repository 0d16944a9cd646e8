"""When does the export's second process pay? The summary export of growing parts of the stress
database (periods holding about N registrations), in one process and with the exchange part
rendered by a second one, each in a fresh process, side by side.

    .venv/bin/python benchmarks/bench_export_workers.py --db STRESS.db

Sets the threshold ``PARALLEL_MIN_REGISTRATIONS`` of ``services/exchange/export_part.py``: the
smallest size where two processes are faster, with a margin (the machine may be busy).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

SIZES = (10_000, 20_000, 40_000, 60_000, 100_000, 200_000)


def child(db_path: str, target: str, date_to: str) -> None:
    from smartdesk import app, i18n
    from smartdesk.services import exports

    i18n.set_locale("fr")
    db = app.open_database(Path(db_path), create=True)
    try:
        start = time.perf_counter()
        result = exports.export_summary(db, target, date_to=exports.parse_day(date_to, "to", "to"))
        seconds = time.perf_counter() - start
    finally:
        db.dispose()
    print(json.dumps({"seconds": seconds, "registrations": result.rows.get("registrations", 0)}))


def period_end(db_path: Path, registrations: int) -> str:
    """The last day of the period from the first event holding about ``registrations``."""
    con = sqlite3.connect(db_path)
    rows = con.execute(
        "SELECT date(e.start), count(*) FROM registration r JOIN event e ON e.id = r.event_id "
        "GROUP BY date(e.start) ORDER BY date(e.start)"
    ).fetchall()
    con.close()
    seen = 0
    for day, n in rows:
        seen += n
        if seen >= registrations:
            return day
    return rows[-1][0]


def run(db_path: Path, workers: str, date_to: str, folder: Path) -> dict:
    env = dict(os.environ, SMARTDESK_EXPORT_WORKERS=workers)
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(db_path), str(folder / f"w{workers}.xlsx"),
         date_to],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument("--child", nargs=3)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    import tempfile

    print(f"{'registrations':>14}{'1 process':>11}{'2 processes':>13}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            date_to = period_end(args.db, size)
            one = min(run(args.db, "1", date_to, Path(folder))["seconds"] for _ in range(2))
            two_run = [run(args.db, "2", date_to, Path(folder)) for _ in range(2)]
            two = min(r["seconds"] for r in two_run)
            n = two_run[0]["registrations"]
            print(f"{n:>14,}{one:>11.2f}{two:>13.2f}{two / one:>8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
