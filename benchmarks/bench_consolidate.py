"""Consolidation benchmark on the stress database (50,000 people, 5,000 events, 200,000
registrations, 20,000 workshop cards): the GAL imports the commune's summary workbook into an
empty database, then imports the same file again (every record unchanged).

    .venv/bin/python benchmarks/bench_consolidate.py [--db PATH] [--baseline REV] [--rounds N]

Two code paths run in the same session, each in fresh processes:

* **baseline** — today's code, the commit ``--baseline`` (default ``main``) extracted with
  ``git archive`` into a temporary folder: its own export of the stress database, consolidated
  by its own code;
* **ours** — this checkout: the exchange part with its seals and the people's pseudonymous
  keys (``exchange_key`` set at both ends), checked and matched by the consolidation.

The stress database is built once by the baseline's code (an older schema: ours upgrades its
copy). The ways alternate ``--rounds`` times and the best time of each is kept: the machine is
shared, the best run is the least disturbed. Target (issue 10): ours ≤ 1.2 × the baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OURS = HERE.parent
KEY = "benchmark-shared-key-0123456789"

#: Runs inside a child process, with the code under test first on the path. It uses only what
#: both code paths have: open_database, export_summary, consolidate, settings.set_value.
CHILD = r"""
import json, sys, time
from pathlib import Path
from smartdesk import app
from smartdesk.services import exchange, exports, settings

mode, db_path, workbook, key = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
if mode == "export":
    db = app.open_database(db_path, daily_backup=False)
    if key:
        settings.set_value(db, "exchange_key", key)
    start = time.perf_counter()
    exports.export_summary(db, workbook)
    print(json.dumps({"export": time.perf_counter() - start}))
else:
    db = app.open_database(db_path, create=True, daily_backup=False)
    if key:
        settings.set_value(db, "exchange_key", key)
    times = {}
    for phase in ("first", "again"):
        start = time.perf_counter()
        report = exchange.consolidate(db, [workbook])
        times[phase] = time.perf_counter() - start
        assert report.ok, [f.error for f in report.files]
    people = report.files[0].tables["people"]
    times["people_unchanged"] = people.unchanged
    print(json.dumps(times))
db.dispose()
"""


def run(code: Path, data: Path, *args: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(code), SMARTDESK_DATA_DIR=str(data))
    result = subprocess.run(
        [sys.executable, "-c", CHILD, *args], cwd=code, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


def extract(rev: str, folder: Path) -> Path:
    """Today's code at ``rev``, as files (not a worktree): smartdesk/ and benchmarks/."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(OURS), "archive", rev, "smartdesk", "benchmarks"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="stress database of the baseline's schema")
    parser.add_argument("--baseline", default="main", help="git revision of today's code")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        baseline = extract(args.baseline, folder / "baseline")
        stress = args.db or folder / "stress.db"
        if not stress.exists():
            print("building the stress database …", flush=True)
            code = (
                f"from stress import build; from pathlib import Path; build(Path({str(stress)!r}))"
            )
            env = dict(os.environ, PYTHONPATH=str(baseline))
            subprocess.run(
                [sys.executable, "-c", code], cwd=baseline / "benchmarks", env=env, check=True
            )
        ways = {"baseline": (baseline, ""), "ours": (OURS, KEY)}
        workbooks: dict[str, Path] = {}
        export_s: dict[str, float] = {}
        for name, (code, key) in ways.items():
            source = folder / f"{name}-commune.db"
            shutil.copyfile(stress, source)
            workbooks[name] = folder / f"{name}.xlsx"
            data = folder / f"{name}-data"
            data.mkdir()
            export_s[name] = run(code, data, "export", str(source), str(workbooks[name]), key)[
                "export"
            ]
            print(f"  {name}: export {export_s[name]:.2f} s", flush=True)
        best: dict[str, dict[str, float]] = {}
        for round_ in range(args.rounds):
            for name, (code, key) in ways.items():
                gal = folder / f"{name}-gal-{round_}.db"
                data = folder / f"{name}-data-{round_}"
                data.mkdir()
                started = time.perf_counter()
                times = run(code, data, "consolidate", str(gal), str(workbooks[name]), key)
                gal.unlink()
                shutil.rmtree(data)
                print(
                    f"  round {round_ + 1} {name}: first import {times['first']:.2f} s, "
                    f"again {times['again']:.2f} s ({time.perf_counter() - started:.1f} s in all)",
                    flush=True,
                )
                mine = best.setdefault(name, dict(times))
                for phase in ("first", "again"):
                    mine[phase] = min(mine[phase], times[phase])
    base, ours = best["baseline"], best["ours"]
    print(f"\nConsolidating the stress database's workbook (baseline: {args.baseline})")
    print(f"{'phase':<28}{'baseline s':>12}{'ours s':>10}{'ratio':>8}")
    for phase, label in (("first", "first import (empty GAL)"), ("again", "same file again")):
        ratio = ours[phase] / base[phase]
        print(f"{label:<28}{base[phase]:>12.2f}{ours[phase]:>10.2f}{ratio:>8.2f}")
    print(f"{'export (for reference)':<28}{export_s['baseline']:>12.2f}{export_s['ours']:>10.2f}")
    ok = all(ours[p] <= 1.2 * base[p] for p in ("first", "again"))
    print(f"ours ≤ 1.2 × baseline: {'yes' if ok else 'NO'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
