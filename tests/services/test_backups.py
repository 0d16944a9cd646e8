"""Backups on real SQLite files: the WAL is included, each copy is verified, restore puts back
exactly what was saved and refuses what is not a whole SmartDesk database, pruning keeps what
the rule promises."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from smartdesk import app, paths
from smartdesk.db.session import APPLICATION_ID
from smartdesk.domain.errors import DatabaseFileError, OperationCancelled, SmartDeskError
from smartdesk.services import backups, people, retention

from .conftest import raw_scalar


def add_people(db, n: int, prefix: str = "Extra") -> None:
    for i in range(n):
        people.create(db, first_name=prefix, last_name=f"Person {i:04d}")


def fingerprint(path: Path) -> dict[str, str]:
    """The bytes of a database file and of its companions, as hashes."""
    return {
        suffix: hashlib.sha256(Path(f"{path}{suffix}").read_bytes()).hexdigest()
        for suffix in ("", "-wal", "-journal")
        if Path(f"{path}{suffix}").exists()
    }


def count_people(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM person").fetchone()[0]
    finally:
        con.close()


# --- making backups ---------------------------------------------------------------------------


def test_a_backup_holds_the_commits_still_in_the_wal(demo_db, db_path, tmp_path):
    # A reader holding an old snapshot keeps the checkpoint from moving the new commits into
    # the .db file: they live only in the -wal.
    reader = sqlite3.connect(db_path)
    reader.execute("BEGIN")
    before = reader.execute("SELECT count(*) FROM person").fetchone()[0]
    add_people(demo_db, 120)
    total = raw_scalar(demo_db, "SELECT count(*) FROM person")
    assert total == before + 120
    assert Path(f"{db_path}-wal").stat().st_size > 0
    plain = tmp_path / "plain-copy.db"  # what the migration backup used to do
    shutil.copyfile(db_path, plain)
    assert count_people(plain) < total

    info = backups.create_backup(demo_db)
    reader.close()

    assert count_people(info.path) == total
    assert info.counts is not None and info.counts.people == total
    assert info.path.parent == tmp_path / "backups"
    assert info.path.name.startswith("smartdesk_") and info.path.name.endswith("_manual.db")
    assert not Path(f"{info.path}-wal").exists()  # one self-contained file
    con = sqlite3.connect(info.path)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert [b.path for b in backups.list_backups(demo_db)] == [info.path]


def test_backups_of_two_databases_in_one_folder_do_not_mix(tmp_path):
    one, two = (
        app.open_database(tmp_path / "one.db", create=True),
        app.open_database(tmp_path / "one_2.db", create=True),
    )
    try:
        add_people(one, 2)
        add_people(two, 5)
        backups.create_backup(one)
        backups.create_backup(two)
        assert [b.counts.people for b in backups.list_backups(one)] == [2]
        assert [b.counts.people for b in backups.list_backups(two)] == [5]
    finally:
        one.dispose()
        two.dispose()


def test_the_default_database_is_backed_up_in_the_data_folder():
    db = app.open_database(paths.default_db_path(), create=True)
    try:
        info = backups.create_backup(db, "daily")
        assert info.path.parent == paths.backups_dir()
    finally:
        db.dispose()


def test_progress_is_reported_and_cancelling_leaves_no_file(demo_db, tmp_path):
    seen = []
    backups.create_backup(demo_db, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0

    def cancel(done, total):
        raise OperationCancelled("cancelled")

    with pytest.raises(OperationCancelled):
        backups.create_backup(demo_db, "import", progress=cancel)
    names = sorted(p.name for p in (tmp_path / "backups").iterdir())
    assert len(names) == 1 and names[0].endswith("_manual.db")  # no partial, no second copy


def test_backup_before_and_once_a_day(db, tmp_path):
    assert backups.backup_before(db, "import").reason == "import"
    today = dt.date.today()
    assert backups.backup_if_due(db, today) is None  # the import's copy counts for today
    made = backups.backup_if_due(db, today + dt.timedelta(days=1))
    assert made is not None and made.reason == "daily"
    with pytest.raises(ValueError):
        backups.backup_before(db, "whim")


def test_an_unwritable_backups_folder_gives_one_sentence(db, tmp_path):
    (tmp_path / "backups").write_text("a file where the folder should be")
    with pytest.raises(SmartDeskError) as caught:
        backups.create_backup(db)
    assert "backups" in caught.value.message


def test_operations_that_change_many_rows_are_backed_up_first(db, tmp_path):
    csv = tmp_path / "people.csv"
    csv.write_text("Prénom;Nom;E-mail\nAnne;Dubois;anne@example.be\nLuc;Martin;luc@example.be\n")
    from smartdesk.services import imports

    imports.import_people(db, csv, dry_run=True)
    assert backups.list_backups(db) == []
    imports.import_people(db, csv)
    made = backups.list_backups(db)
    assert [b.reason for b in made] == ["import"]
    assert made[0].counts.people == 0  # taken before the import wrote
    ids = [p.id for p in people.search(db, None)]
    people.merge(db, ids[0], ids[1])
    assert {b.reason for b in backups.list_backups(db)} == {"import", "merge"}


# --- verifying and restoring -----------------------------------------------------------------


def test_restore_round_trip(demo_db, db_path):
    saved = backups.create_backup(demo_db)
    add_people(demo_db, 7, "Later")
    changed = raw_scalar(demo_db, "SELECT count(*) FROM person")
    demo_db.dispose()

    calls = []
    info = backups.restore(db_path, saved.path, after_restore=lambda db: calls.append(db.path))

    assert info.counts == saved.counts
    assert calls == [db_path]
    assert count_people(db_path) == saved.counts.people == changed - 7
    restore_copies = [b for b in backups.list_backups(db_path) if b.reason == "restore"]
    assert [b.counts.people for b in restore_copies] == [changed]  # nothing lost by restoring
    assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".partial")]
    db = app.open_database(db_path, create=True)
    try:
        assert not people.search(db, "Later")
    finally:
        db.dispose()


def test_restore_never_replays_the_old_wal(demo_db, db_path, tmp_path):
    """A -wal left by a SmartDesk killed with commits in it belongs to the old file; SQLite
    would apply its pages to whatever file bears the name."""
    saved = backups.create_backup(demo_db)
    demo_db.dispose()
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE person SET last_name = last_name || ' Ghost'")
    con.execute("CREATE TABLE ghost AS SELECT * FROM registration")
    con.commit()
    stale = tmp_path / "stale-wal"
    shutil.copyfile(f"{db_path}-wal", stale)
    con.close()
    shutil.copyfile(stale, f"{db_path}-wal")  # as a killed process leaves it

    backups.restore(db_path, saved.path)

    assert not Path(f"{db_path}-wal").exists()
    con = sqlite3.connect(db_path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM person").fetchone()[0] == saved.counts.people
    assert (
        con.execute("SELECT count(*) FROM person WHERE last_name LIKE '% Ghost'").fetchone()[0] == 0
    )
    assert not con.execute("SELECT name FROM sqlite_master WHERE name = 'ghost'").fetchall()
    con.close()
    kept = [b for b in backups.list_backups(db_path) if b.reason == "restore"][0]
    con = sqlite3.connect(kept.path)  # the old file's last commits were saved, not lost
    assert con.execute("SELECT count(*) FROM ghost").fetchone()[0] == saved.counts.registrations
    con.close()


def _foreign_sqlite(path: Path, application_id: int = 0) -> Path:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO person (name) VALUES ('someone else')")
    con.execute(f"PRAGMA application_id={application_id}")
    con.commit()
    con.close()
    return path


def _truncated(saved: Path, path: Path) -> Path:
    data = saved.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _newer(saved: Path, path: Path) -> Path:
    shutil.copyfile(saved, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    return path


def _flipped(saved: Path, path: Path) -> Path:
    """Garbage written over the middle of a page: a damaged copy of the right size."""
    data = bytearray(saved.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    start = page_size * 3
    data[start : start + page_size] = b"\xa5" * page_size
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda saved, p: (p.write_bytes(bytes(range(256)) * 40), p)[1], "not_database"),
        (_truncated, "damaged"),
        (_flipped, "damaged"),
        (lambda saved, p: _foreign_sqlite(p), "foreign"),
        (lambda saved, p: _foreign_sqlite(p, 0x12345678), "foreign"),
        (_newer, "newer"),
        (lambda saved, p: p, "missing"),
    ],
    ids=[
        "random-bytes",
        "truncated",
        "corrupted",
        "other-program",
        "other-app-id",
        "newer",
        "missing",
    ],
)
def test_restore_refuses_a_bad_file_and_changes_nothing(demo_db, db_path, tmp_path, make, kind):
    saved = backups.create_backup(demo_db).path
    add_people(demo_db, 3)
    demo_db.dispose()
    bad = make(saved, tmp_path / "chosen.db")
    before = fingerprint(db_path)
    listed = sorted(p.name for p in (tmp_path / "backups").iterdir())

    with pytest.raises(DatabaseFileError) as caught:
        backups.restore(db_path, bad)

    assert caught.value.kind == kind
    assert "\n" not in caught.value.message and "chosen.db" in caught.value.message
    assert fingerprint(db_path) == before
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == listed
    if bad.exists():
        assert not Path(f"{bad}-wal").exists() and not Path(f"{bad}-shm").exists()


def test_restore_will_not_replace_another_programs_file(demo_db, tmp_path):
    saved = backups.create_backup(demo_db).path
    theirs = _foreign_sqlite(tmp_path / "theirs.db", 0x12345678)
    before = fingerprint(theirs)
    with pytest.raises(DatabaseFileError) as caught:
        backups.restore(theirs, saved)
    assert caught.value.kind == "foreign"
    assert fingerprint(theirs) == before


def test_a_damaged_database_can_be_restored_and_its_bytes_are_kept(demo_db, db_path):
    saved = backups.create_backup(demo_db).path
    demo_db.dispose()
    garbage = b"\x00garbage" * 5000
    db_path.write_bytes(garbage)
    backups.restore(db_path, saved)
    assert count_people(db_path) == count_people(saved)
    raw = [b for b in backups.list_backups(db_path) if b.reason == "restore"]
    assert len(raw) == 1 and raw[0].counts is None and raw[0].path.read_bytes() == garbage


def test_verify_backup_names_a_file_from_elsewhere(demo_db, tmp_path):
    copy = backups.save_copy(demo_db, tmp_path / "my copy.db")
    info = backups.verify_backup(copy.path)
    assert info.reason == "copy" and info.counts == copy.counts


def test_a_file_of_the_first_versions_without_application_id_is_accepted(demo_db, tmp_path):
    saved = backups.create_backup(demo_db).path
    con = sqlite3.connect(saved)
    con.execute("PRAGMA application_id=0")
    con.commit()
    con.close()
    assert backups.verify_backup(saved).counts.people > 0
    con = sqlite3.connect(saved)
    con.execute(f"PRAGMA application_id={APPLICATION_ID}")
    con.commit()
    con.close()
    assert backups.verify_backup(saved).counts.people > 0


# --- copies outside the data folder ----------------------------------------------------------


def test_copy_reminder(db, tmp_path_factory):
    now = dt.datetime.now()
    assert backups.copy_reminder_due(db, now) is False  # a new database is not nagged
    assert backups.copy_reminder_due(db, now + dt.timedelta(days=29)) is False
    assert backups.copy_reminder_due(db, now + dt.timedelta(days=31)) is True
    assert backups.last_external_copy(db) is None

    backups.save_copy(db, db.path.parent / "beside.db")  # the same folder is no safer
    assert backups.last_external_copy(db) is None

    usb = tmp_path_factory.mktemp("usb-key")
    info = backups.save_copy(db, usb / "smartdesk-copy.db")
    assert backups.last_external_copy(db) == info.created_at
    later = info.created_at + dt.timedelta(days=29)
    assert backups.copy_reminder_due(db, later) is False
    assert backups.copy_reminder_due(db, info.created_at + dt.timedelta(days=30)) is True
    assert backups.verify_backup(usb / "smartdesk-copy.db").counts == info.counts
    assert [p.name for p in usb.iterdir()] == ["smartdesk-copy.db"]


# --- pruning ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeBackup:
    path: Path
    created_at: dt.datetime
    reason: str
    size: int = 1000


def test_pruning_over_a_simulated_year_keeps_the_promised_copies():
    """A year of use: a daily copy on working days, an import now and then, a merge spree;
    the rule is applied after every copy, as create_backup does."""
    policy = retention.DEFAULT_POLICY
    start = dt.datetime(2025, 1, 1, 8, 30)
    alive: list[FakeBackup] = []
    for day in range(365):
        when = start + dt.timedelta(days=day)
        if when.weekday() >= 5 and day % 3:  # most weekends nobody opens SmartDesk
            continue
        made = [FakeBackup(Path(f"{day}-daily"), when, "daily")]
        if day % 17 == 0:
            made.append(FakeBackup(Path(f"{day}-import"), when.replace(hour=10), "import"))
        if day == 364:
            made += [
                FakeBackup(Path(f"{day}-merge-{k}"), when.replace(hour=11, minute=k), "merge")
                for k in range(20)
            ]
        for backup in made:
            alive = list(retention.kept([*alive, backup], policy))
    by_time = sorted(alive, key=lambda b: b.created_at, reverse=True)
    everything_made_last = by_time[0]
    assert everything_made_last.path == Path("364-merge-19")
    names = {b.path.name for b in alive}
    # the newest five, whatever they are
    assert {f"364-merge-{k}" for k in range(15, 20)} <= names
    # the newest copy of each reason survives the merge spree: the last import's
    assert "357-import" in names and "364-daily" in names
    # one per day for the last 7 days that had a copy
    days = sorted({b.created_at.date() for b in alive}, reverse=True)
    all_days = sorted(
        {(start + dt.timedelta(days=d)).date() for d in range(365)
         if (start + dt.timedelta(days=d)).weekday() < 5 or not d % 3},
        reverse=True,
    )  # fmt: skip
    assert days[:7] == all_days[:7]
    weeks = {b.created_at.isocalendar()[:2] for b in alive}
    recent_weeks = []
    for d in all_days:
        w = d.isocalendar()[:2]
        if w not in recent_weeks:
            recent_weeks.append(w)
    assert set(recent_weeks[:4]) <= weeks
    months = {(b.created_at.year, b.created_at.month) for b in alive}
    assert months == {(2025, m) for m in range(1, 13)}  # twelve months, one each at least
    assert len(alive) <= policy.newest + 3 + policy.daily + policy.weekly + policy.monthly


def test_pruning_stays_within_the_size_budget():
    start = dt.datetime(2025, 1, 1)
    made = [FakeBackup(Path(str(d)), start + dt.timedelta(days=d), "daily", 300) for d in range(60)]
    policy = retention.RetentionPolicy(budget_bytes=1000)
    kept = retention.kept(made, policy)
    assert [b.path.name for b in kept] == ["59", "58", "57"]
    huge = [FakeBackup(Path("big"), start, "daily", 5000)]
    assert retention.kept(huge, policy) == huge  # the newest copy is always kept


def test_prune_touches_only_this_databases_backups(db, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    strangers = ["notes.txt", "smartdesk_old.db", "other_2025-01-01_090000_daily.db"]
    for name in strangers:
        (folder / name).write_text("not ours")
    start = dt.datetime(2025, 1, 1, 9)
    for d in range(40):
        stamp = (start + dt.timedelta(days=d)).strftime("%Y-%m-%d_%H%M%S")
        (folder / f"smartdesk_{stamp}_daily.db").write_bytes(b"x" * 10)
    removed = backups.prune(db)
    left = sorted(p.name for p in folder.iterdir())
    assert set(strangers) <= set(left)
    ours = [n for n in left if n not in strangers]
    assert len(ours) + len(removed) == 40
    assert "smartdesk_2025-02-09_090000_daily.db" in ours  # the newest
    assert "smartdesk_2025-01-31_090000_daily.db" in ours  # the last of January (monthly)
    assert "smartdesk_2025-01-02_090000_daily.db" not in ours


def test_a_refused_import_copies_nothing(db, tmp_path):
    from smartdesk.services import imports

    csv = tmp_path / "bad.csv"
    csv.write_text("Prénom;Nom;E-mail\nAnne;Dubois;anne@\n", encoding="utf-8")
    report = imports.import_people(db, csv)
    assert report.blocked and not report.written
    assert backups.list_backups(db) == []  # nothing was written: no copy of the whole file


def test_latest_backup_reads_only_the_names(db):
    assert backups.latest_backup(db) is None
    first = backups.create_backup(db)
    latest = backups.latest_backup(db)
    assert latest.path == first.path and latest.counts is None
    assert backups.last_backup_at(db) == first.created_at
