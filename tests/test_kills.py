"""Kill tests: ``python -m smartdesk …`` killed (SIGKILL, no clean-up of any kind) at seeded
random moments during a backup, a restore, a 2,000-row import and a consolidation. Afterwards
the database opens, passes SQLite's integrity check and holds what it held before or what the
whole operation would have made, never something in between; every file under a backup's name
is a whole, verified backup; the next start's clean-up removes what the killed run left.

The kill is timed from the moment the operation is seen to start (its ``.partial`` file
appears), not from the process start, so that three kills per operation are enough."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from smartdesk import app
from smartdesk.db import models as m
from smartdesk.services import backups, bulk, demo, exchange, exports, files

REPO = Path(__file__).resolve().parent.parent
KILLS = 3


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env["SMARTDESK_DATA_DIR"] = str(data_dir)
    env["SMARTDESK_LANG"] = "en"
    env.pop("SMARTDESK_DB", None)
    return env


def _partial_in(*folders: Path):
    def seen() -> bool:
        for folder in folders:
            try:
                if any(n.startswith(".") and ".partial" in n for n in os.listdir(folder)):
                    return True
            except FileNotFoundError:
                pass
        return False

    return seen


def run_and_kill(args: list[str], data_dir: Path, started, delay: float) -> bool:
    """Run ``smartdesk args``; once ``started()`` is true wait ``delay`` seconds and kill it.
    True if it was killed before it ended by itself."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "smartdesk", *args],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while proc.poll() is None and not started() and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(delay)
    ended = proc.poll() is not None
    proc.kill()
    proc.wait()
    return not ended


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def counts(path: Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def next_start(*folders: Path) -> None:
    """What the application does at start-up, for the folders of this test."""
    for folder in folders:
        files.remove_leftovers(folder, min_age=0)
        if folder.is_dir():
            assert not [n for n in os.listdir(folder) if ".partial" in n]


@pytest.fixture(scope="module")
def big_db(tmp_path_factory) -> Path:
    """A database of a few MB (the demo plus 20,000 people), closed, without a -wal."""
    path = tmp_path_factory.mktemp("big") / "big.db"
    db = app.open_database(path, create=True)
    demo.load_demo(db)
    with db.transaction() as s:
        bulk.insert_people(
            s,
            (
                {"first_name": "Kill", "last_name": f"Test {i:05d}", "email": f"k{i}@example.be"}
                for i in range(20_000)
            ),
        )
    db.dispose()
    assert not Path(f"{path}-wal").exists()
    return path


def _fresh(big_db: Path, folder: Path, name: str = "town.db") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(big_db, path)
    return path


def test_kills_during_a_backup(big_db, tmp_path):
    rnd = random.Random(7001)
    killed = 0
    for run in range(KILLS):
        db_path = _fresh(big_db, tmp_path / f"run{run}")
        before = counts(db_path)
        folder = db_path.parent / "backups"
        killed += run_and_kill(
            ["--db", str(db_path), "backup"],
            tmp_path / "data",
            _partial_in(folder),
            rnd.uniform(0, 0.08),
        )
        next_start(folder, db_path.parent)
        assert integrity(db_path) == "ok" and counts(db_path) == before
        for backup in backups.list_backups(db_path):  # a name is only ever a whole backup
            assert backups.verify_backup(backup.path).counts.people == before["person"]
    assert killed >= 1


def test_kills_during_a_restore(big_db, tmp_path):
    rnd = random.Random(7002)
    small = tmp_path / "small.db"  # the backup to restore: another state than the database
    db = app.open_database(small, create=True)
    demo.load_demo(db)
    db.dispose()
    restored = counts(small)
    killed = 0
    for run in range(KILLS):
        db_path = _fresh(big_db, tmp_path / f"run{run}")
        before = counts(db_path)
        killed += run_and_kill(
            ["--db", str(db_path), "restore", str(small)],
            tmp_path / "data",
            _partial_in(db_path.parent, db_path.parent / "backups"),
            rnd.uniform(0, 0.15),
        )
        next_start(db_path.parent, db_path.parent / "backups")
        assert integrity(db_path) == "ok"
        assert counts(db_path) in (before, restored)  # the old file or the backup, whole
        for backup in backups.list_backups(db_path):
            backups.verify_backup(backup.path)
    assert killed >= 1


def test_kills_during_a_2000_row_import(big_db, tmp_path):
    rnd = random.Random(7003)
    csv = tmp_path / "people.csv"
    csv.write_text(
        "Prénom;Nom;E-mail;Commune\n"
        + "".join(f"Anne;Import {i:04d};anne{i}@import.be;Héron\n" for i in range(2000)),
        encoding="utf-8",
    )
    killed = 0
    for run in range(KILLS):
        db_path = _fresh(big_db, tmp_path / f"run{run}")
        people = counts(db_path)["person"]
        killed += run_and_kill(
            ["--db", str(db_path), "import", "people", str(csv)],
            tmp_path / "data",
            _partial_in(db_path.parent / "backups"),  # the backup made just before the write
            rnd.uniform(0, 0.4),
        )
        next_start(db_path.parent, db_path.parent / "backups")
        assert integrity(db_path) == "ok"
        assert counts(db_path)["person"] in (people, people + 2000)  # all or nothing
    assert killed >= 1


def test_kills_during_a_consolidation(tmp_path):
    rnd = random.Random(7004)
    commune = app.open_database(tmp_path / "commune.db", create=True)
    demo.load_demo(commune)
    with commune.transaction() as s:  # more rows to merge: a longer window to be killed in
        bulk.insert_people(
            s,
            (
                {"first_name": "Gal", "last_name": f"Merge {i:04d}", "consent": True}
                for i in range(1500)
            ),
        )
        ids = s.scalars(select(m.Person.id).where(m.Person.last_name.like("Merge %"))).all()
        bulk.insert_rows(s, m.Registration, ({"event_id": 1, "person_id": i} for i in ids))
    workbook = tmp_path / "commune.xlsx"
    exports.export_summary(commune, workbook)
    commune.dispose()
    gal0 = tmp_path / "gal.db"
    app.open_database(gal0, create=True).dispose()
    before = counts(gal0)
    whole = tmp_path / "whole" / "gal.db"
    whole.parent.mkdir()
    shutil.copyfile(gal0, whole)
    gal = app.open_database(whole, create=True)
    assert exchange.consolidate(gal, [workbook]).ok
    gal.dispose()
    after = counts(whole)
    assert after["person"] > before["person"]
    killed = 0
    for run in range(KILLS):
        db_path = _fresh(gal0, tmp_path / f"run{run}", "gal.db")
        killed += run_and_kill(
            ["--db", str(db_path), "consolidate", str(workbook)],
            tmp_path / "data",
            _partial_in(db_path.parent / "backups"),
            rnd.uniform(0, 0.6),
        )
        next_start(db_path.parent, db_path.parent / "backups")
        assert integrity(db_path) == "ok"
        assert counts(db_path) in (before, after)
    assert killed >= 1
