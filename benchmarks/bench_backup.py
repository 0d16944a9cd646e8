"""Backup benchmark on the stress database (50,000 people, 5,000 events, 200,000 registrations,
20,000 workshop cards): SmartDesk's verified backup against a plain file copy, in the same run.

    .venv/bin/python benchmarks/bench_backup.py [--db stress.db] [--repeat 3]

SmartDesk's backup = SQLite's online backup API (WAL included) + fsync + quick check +
counts + rename + pruning (``backups.create_backup``); restoring = ``backups.restore`` (verify,
copy, check, back up the current file, swap). The plain copy is ``shutil.copyfile`` of the
``.db`` file (what the migration backup used to do; it misses the WAL) followed by an fsync,
so that both write the same bytes to the disk. Best of ``--repeat`` runs each, file in the
OS cache for both."""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from smartdesk import app  # noqa: E402
from smartdesk.services import backups, database_files  # noqa: E402


def best(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="stress database (built if missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db or Path(folder) / "stress.db"
        if not db_path.exists():
            print("building the stress database …", flush=True)
            code = (
                f"from stress import build; from pathlib import Path; build(Path({str(db_path)!r}))"
            )
            env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
            subprocess.run(
                [sys.executable, "-c", code], check=True, cwd=Path(__file__).parent, env=env
            )
        size = db_path.stat().st_size
        con = sqlite3.connect(db_path)
        con.execute("SELECT count(*) FROM registration").fetchone()  # into the OS cache
        con.close()
        copies = Path(folder) / "copies"
        copies.mkdir()

        def plain_copy() -> None:
            target = copies / "plain.db"
            shutil.copyfile(db_path, target)
            with open(target, "rb+") as fh:
                os.fsync(fh.fileno())

        db = app.open_database(db_path, create=True)
        made = []
        try:
            plain = best(args.repeat, plain_copy)
            ours = best(args.repeat, lambda: made.append(backups.create_backup(db)))
            copy_only = best(args.repeat, lambda: backups.create_backup(db, target=copies / "o.db"))
        finally:
            db.dispose()
        backup_file = made[-1].path
        thorough = best(args.repeat, lambda: database_files.inspect(backup_file))
        quick = best(args.repeat, lambda: database_files.inspect(backup_file, thorough=False))
        restore = best(1, lambda: backups.restore(db_path, backup_file))

    counts = made[-1].counts
    print(
        f"\nStress database: {size / 2**20:.1f} MB, {counts.people:,} people, "
        f"{counts.events:,} events, {counts.registrations:,} registrations"
    )
    print(f"{'way':<44}{'seconds':>9}{'× copy':>9}")
    rows = [
        ("plain file copy (shutil.copyfile + fsync)", plain),
        ("create_backup (online API + verify + prune)", ours),
        ("create_backup to a chosen file (no pruning)", copy_only),
        ("  of which quick_check + counts", quick),
        ("verify_backup's integrity_check + counts", thorough),
        ("restore (verify, copy, back up current, swap)", restore),
    ]
    for label, seconds in rows:
        print(f"{label:<44}{seconds:>9.2f}{seconds / plain:>9.1f}")
    print(f"\nratio backup / plain copy: {ours / plain:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
