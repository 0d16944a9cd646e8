"""How a database file is opened: only SmartDesk's, only when it exists (unless asked to create
it), one sentence for every bad file — and the file keeps its bytes when it is refused."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from smartdesk import app, cli
from smartdesk.db.files import inspect
from smartdesk.db.migrate import current_revision, head_revision
from smartdesk.db.session import APPLICATION_ID
from smartdesk.domain.errors import (
    DatabaseFileError,
    DatabaseLockedError,
    SmartDeskError,
)
from smartdesk.services import events, people


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def no_traceback(text: str) -> bool:
    return "Traceback" not in text and 'File "' not in text


def cli_error(capsys, *argv) -> str:
    """Run the CLI in-process; it must fail with exit 1 and ONE line on stderr."""
    assert cli.main(["--lang", "en", *argv]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert no_traceback(err)
    return err


@pytest.fixture
def foreign_db(tmp_path):
    """Another program's SQLite file, with a table named like ours."""
    path = tmp_path / "compta.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, nom TEXT)")
    con.execute("INSERT INTO person (nom) VALUES ('Dupont')")
    con.commit()
    con.close()
    return path


def test_a_new_file_is_marked_as_smartdesks_and_at_head(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    assert current_revision(db) == head_revision(db)
    assert inspect(db.path).kind == "smartdesk"


def test_another_programs_database_is_refused_untouched(foreign_db, capsys):
    before = digest(foreign_db)
    with pytest.raises(DatabaseFileError) as caught:
        app.open_database(foreign_db)
    assert caught.value.kind == "foreign"
    err = cli_error(capsys, "--db", str(foreign_db), "people", "list")
    assert "another program" in err
    assert digest(foreign_db) == before
    con = sqlite3.connect(foreign_db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # not switched to WAL
    assert {r[0] for r in con.execute("SELECT name FROM sqlite_master")} == {"person"}
    con.close()


@pytest.mark.parametrize(
    ("content", "kind", "words"),
    [
        (lambda good: os.urandom(64 * 1024), "not_database", "not a database"),
        (lambda good: b"", "not_database", "not a database"),
        (lambda good: good[: len(good) // 2], "damaged", "damaged"),
        (lambda good: good[:60], "damaged", "damaged"),
    ],
    ids=["random-bytes", "empty", "truncated", "header-only"],
)
def test_bad_files_get_one_sentence_and_keep_their_bytes(
    db, tmp_path, capsys, content, kind, words
):
    events.create(db, title="Midi du Smart", kind="midi_du_smart", start="2026-12-10T12:00")
    for i in range(300):
        people.create(db, first_name=f"P{i}", last_name="Martin" * 5, email=f"p{i}@x.be")
    db.dispose()  # checkpoints the WAL into the file
    bad = tmp_path / "bad.db"
    bad.write_bytes(content(db.path.read_bytes()))
    before = digest(bad)
    with pytest.raises(DatabaseFileError) as caught:
        app.open_database(bad)
    assert caught.value.kind == kind
    err = cli_error(capsys, "--db", str(bad), "events", "list")
    assert words in err
    assert digest(bad) == before
    assert not (tmp_path / "bad.db-wal").exists()


def test_a_missing_file_is_not_created_and_names_the_path(tmp_path, capsys):
    typo = tmp_path / "smartdesk-typo.db"
    with pytest.raises(DatabaseFileError) as caught:
        app.open_database(typo)
    assert caught.value.kind == "missing"
    err = cli_error(capsys, "--db", str(typo), "people", "list")
    assert str(typo) in err and "init" in err
    assert not typo.exists()


def test_a_missing_folder_is_not_created(tmp_path, capsys):
    path = tmp_path / "nope" / "deeper" / "x.db"
    err = cli_error(capsys, "--db", str(path), "init")
    assert "does not exist" in err
    assert not (tmp_path / "nope").exists()


def test_init_and_demo_create_the_file_they_are_given(tmp_path, capsys):
    assert cli.main(["--db", str(tmp_path / "a.db"), "init"]) == 0
    assert cli.main(["--db", str(tmp_path / "b.db"), "demo"]) == 0
    capsys.readouterr()
    assert inspect(tmp_path / "a.db").kind == inspect(tmp_path / "b.db").kind == "smartdesk"
    assert cli.main(["--db", str(tmp_path / "a.db"), "init"]) == 0  # twice: harmless
    assert not list(tmp_path.glob(".*creating*"))


def test_the_default_database_is_created_by_init_with_its_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SMARTDESK_DATA_DIR", str(tmp_path / "fresh" / "SmartDesk"))
    assert cli.main(["people", "list"]) == 1  # not created by an ordinary command
    assert not (tmp_path / "fresh").exists()
    assert cli.main(["init"]) == 0
    assert (tmp_path / "fresh" / "SmartDesk" / "smartdesk.db").exists()


def test_a_newer_schema_is_refused_untouched(db, capsys):
    with db.transaction() as s:
        s.connection().exec_driver_sql("UPDATE alembic_version SET version_num='9999'")
    db.dispose()
    before = digest(db.path)
    with pytest.raises(DatabaseFileError) as caught:
        app.open_database(db.path)
    assert caught.value.kind == "newer"
    assert "newer version" in cli_error(capsys, "--db", str(db.path), "events", "list")
    assert digest(db.path) == before


def test_a_file_written_before_the_mark_is_opened_and_marked(db):
    events.create(db, title="Ancien", kind="midi_du_smart", start="2020-02-06T12:00")
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA application_id=0")
    db.dispose()
    assert inspect(db.path).kind == "legacy"
    again = app.open_database(db.path)
    try:
        assert [e.title for e in events.list_events(again)] == ["Ancien"]
    finally:
        again.dispose()
    assert inspect(db.path).kind == "smartdesk"


def test_read_only_opening_reads_and_refuses_writes_with_a_sentence(db, capsys):
    events.create(db, title="Lecture", kind="midi_du_smart", start="2026-12-10T12:00")
    db.dispose()
    before = digest(db.path)
    ro = app.open_database(db.path, read_only=True)
    try:
        assert ro.read_only
        assert [e.title for e in events.list_events(ro)] == ["Lecture"]
        with pytest.raises(SmartDeskError) as caught:
            events.create(ro, title="X", kind="midi_du_smart", start="2026-12-11T12:00")
        assert "read-only" in caught.value.message
    finally:
        ro.dispose()
    assert digest(db.path) == before
    assert cli.main(["--lang", "en", "--db", str(db.path), "--read-only", "events", "list"]) == 0
    captured = capsys.readouterr()
    assert "Lecture" in captured.out and "read-only" in captured.err


def test_a_file_the_user_may_not_write_is_opened_read_only(db, monkeypatch, capsys):
    # The suite runs as root in CI, who may write anything: the permission is simulated.
    db.dispose()
    real_access = os.access
    monkeypatch.setattr(
        app.os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    ro = app.open_database(db.path)
    try:
        assert ro.read_only
        assert "read-only for you" in app.read_only_note(ro)
    finally:
        ro.dispose()
    err = cli_error(
        capsys, "--db", str(db.path), "people", "add", "--first-name", "A", "--last-name", "B"
    )
    assert "read-only" in err and "nothing was written" in err


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from smartdesk.db.lock import WriterLock
    lock = WriterLock(Path(sys.argv[1]))
    assert lock.acquire() is None
    print("held", flush=True)
    time.sleep(60)
    """
)


def test_a_file_open_on_another_pc_names_who_and_offers_read_only(db, capsys):
    db.dispose()
    env = {**os.environ, "USER": "anne", "LOGNAME": "anne", "USERNAME": "anne"}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db.path)], stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DatabaseLockedError) as caught:
            app.open_database(db.path)
        assert caught.value.holder.startswith("anne@")
        err = cli_error(capsys, "--db", str(db.path), "events", "list")
        assert "anne@" in err and "read-only" in err
        assert cli.main(["--db", str(db.path), "--read-only", "events", "list"]) == 0
    finally:
        holder.kill()
        holder.wait()
    # The holder was killed: its lock went with it, nobody is blocked by a stale lock file.
    app.open_database(db.path).dispose()


def test_the_same_user_may_open_the_file_twice_on_one_pc(db):
    second = app.open_database(db.path)  # e.g. the window and a command line at once
    try:
        people.create(second, first_name="Léa", last_name="Paquet")
        assert people.count(db) == 1
    finally:
        second.dispose()


def test_a_write_transaction_takes_the_write_lock_before_reading(db):
    other = sqlite3.connect(db.path, timeout=0)
    try:
        with db.transaction() as s:
            s.connection().exec_driver_sql("SELECT 1").scalar()  # only a read so far
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again after the commit
        other.rollback()
    finally:
        other.close()


def test_a_writer_kept_waiting_too_long_gets_a_sentence_and_nothing_is_lost(
    db, monkeypatch, capsys
):
    event = events.create(db, title="Midi", kind="midi_du_smart", start="2026-12-10T12:00")
    person = people.create(db, first_name="Léa", last_name="Paquet")
    monkeypatch.setenv("SMARTDESK_LOCK_WAIT", "1")
    blocker = sqlite3.connect(db.path)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        err = cli_error(
            capsys,
            "--db",
            str(db.path),
            "attendance",
            "set",
            str(event.id),
            str(person.id),
            "present",
        )
    finally:
        blocker.rollback()
        blocker.close()
    assert "busy" in err and "nothing was written" in err
    assert (
        cli.main(
            ["--db", str(db.path), "attendance", "set", str(event.id), str(person.id), "present"]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert no_traceback(captured.err)


def test_a_writer_that_waits_says_so_then_succeeds(db, capsys):
    event = events.create(db, title="Midi", kind="midi_du_smart", start="2026-12-10T12:00")
    person = people.create(db, first_name="Léa", last_name="Paquet")
    blocker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); c.execute('BEGIN IMMEDIATE');"
            "print('held', flush=True); time.sleep(3); c.rollback()",
            str(db.path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert blocker.stdout.readline().strip() == "held"
        code = cli.main(
            [
                "--lang",
                "en",
                "--db",
                str(db.path),
                "attendance",
                "set",
                str(event.id),
                str(person.id),
                "present",
            ]
        )
    finally:
        blocker.wait()
    assert code == 0
    assert "waiting" in capsys.readouterr().err


def test_on_a_network_share_the_rollback_journal_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTDESK_NETWORK_FS", "1")
    db = app.open_database(tmp_path / "share.db", create=True)
    try:
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
        people.create(db, first_name="Léa", last_name="Paquet")
    finally:
        db.dispose()
    assert not (tmp_path / "share.db-wal").exists()


def test_two_imports_of_the_same_file_at_once_make_no_duplicate(tmp_path):
    path = tmp_path / "two.db"
    assert cli.main(["--db", str(path), "init"]) == 0
    source = tmp_path / "contacts.csv"
    rows = ["Prénom;Nom;Courriel"] + [f"P{i};Nom{i};p{i}@exemple.be" for i in range(1500)]
    source.write_text("\n".join(rows), encoding="utf-8")
    cmd = [sys.executable, "-m", "smartdesk", "--db", str(path), "import", "people", str(source)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in (1, 2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    con = sqlite3.connect(path)
    total, distinct = con.execute(
        "SELECT count(*), count(DISTINCT email_key) FROM person"
    ).fetchone()
    con.close()
    assert total == distinct == 1500


def test_a_kill_while_a_database_is_created_leaves_no_file_or_a_whole_one(tmp_path):
    rng = random.Random(7)
    for i in range(6):
        path = tmp_path / f"k{i}.db"
        proc = subprocess.Popen(
            [sys.executable, "-m", "smartdesk", "--db", str(path), "init"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            proc.wait(timeout=rng.uniform(0.3, 1.6))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if path.exists():
            db = app.open_database(path)
            try:
                assert current_revision(db) == head_revision(db)
            finally:
                db.dispose()
        # A second try always succeeds and cleans up what the killed one left.
        assert cli.main(["--db", str(path), "init"]) == 0
        assert not list(tmp_path.glob(f".k{i}.db.creating-*"))


def test_a_damaged_file_names_the_command_that_restores_its_latest_backup(db, capsys):
    from smartdesk.services import backups

    people.create(db, first_name="Léa", last_name="Paquet")
    backup = backups.create_backup(db)
    db.dispose()
    data = db.path.read_bytes()
    db.path.write_bytes(data[: len(data) // 2])
    err = cli_error(capsys, "--db", str(db.path), "people", "list")
    assert "damaged" in err and f'restore "{backup.path}"' in err
    assert cli.main(["--db", str(db.path), "restore", str(backup.path)]) == 0
    again = app.open_database(db.path)
    try:
        assert [p.last_name for p in people.search(again)] == ["Paquet"]
    finally:
        again.dispose()
