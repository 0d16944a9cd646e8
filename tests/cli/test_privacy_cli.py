"""``smartdesk people erase|anonymise|export-data|retention`` and text from the command line,
run in-process through ``cli.main`` on a real database file."""

from __future__ import annotations

import json
import sqlite3

import pytest

from smartdesk import app, cli
from smartdesk.services import attendance, events, people


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "commune.db"
    db = app.open_database(path, create=True)
    try:
        person = people.create(
            db, first_name="Quillemette", last_name="Zyxwvutsonne", email="q.z@rare.be",
            phone="+32 471 98 76 54", commune="Héron",
        )  # fmt: skip
        event = events.create(
            db, title="Soirée d'échange", kind="exchange_evening", start="2019-03-01T19:00"
        )
        attendance.set_status(db, event.id, person.id, "present")
    finally:
        db.dispose()
    return path


def rows(path, query, *params):
    con = sqlite3.connect(path)
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def run(path, *args) -> int:
    return cli.main(["--lang", "en", "--db", str(path), *args])


def test_erase_removes_the_person_and_keeps_the_count(path, capsys):
    assert run(path, "people", "erase", "1") == 0
    assert "erased" in capsys.readouterr().out
    assert rows(path, "SELECT COUNT(*) FROM person WHERE last_name = 'Zyxwvutsonne'") == [(0,)]
    assert rows(path, "SELECT COUNT(*) FROM registration WHERE status = 'present'") == [(1,)]
    assert b"Zyxwvutsonne" not in path.read_bytes()


def test_an_unknown_person_is_one_line_and_exit_1(path, capsys):
    for action in ("erase", "anonymise", "export-data"):
        assert run(path, "people", action, "99") == 1
        err = capsys.readouterr().err
        assert err.strip() == "Error: No person with id 99." and err.count("\n") == 1


def test_anonymise_then_export_data_to_a_file(path, tmp_path, capsys):
    assert run(path, "people", "anonymise", "1", "--json") == 0
    assert json.loads(capsys.readouterr().out)["email"] is None
    out = tmp_path / "acces.json"
    assert run(path, "people", "export-data", "1", "-o", str(out)) == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["person"]["anonymised"] is True and data["person"]["email"] is None
    assert [r["event"] for r in data["registrations"]] == ["Soirée d'échange"]


def test_export_data_to_the_screen(path, capsys):
    assert run(path, "people", "export-data", "1") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["person"]["phone"] == "+32 471 98 76 54"


def test_retention_lists_then_erases(path, capsys):
    assert run(path, "people", "retention", "--years", "2", "--json") == 0
    [candidate] = json.loads(capsys.readouterr().out)
    assert candidate["last_name"] == "Zyxwvutsonne" and candidate["last_seen"] == "2019-03-01"
    assert run(path, "people", "retention", "--years", "50") == 0
    assert "Zyxwvutsonne" not in capsys.readouterr().out
    assert run(path, "people", "retention", "--years", "2", "--erase") == 0
    assert "1 person erased." in capsys.readouterr().err
    assert rows(path, "SELECT COUNT(*) FROM person WHERE last_name = 'Zyxwvutsonne'") == [(0,)]


def test_retention_years_setting(path, capsys):
    assert run(path, "settings", "set", "retention_years", "20") == 0
    assert run(path, "people", "retention", "--json") == 0
    assert "retention_years" in capsys.readouterr().out
    assert run(path, "settings", "set", "retention_years", "zero") == 1
    assert "retention period" in capsys.readouterr().err


def test_control_characters_and_lone_surrogates_from_the_command_line(path, capsys):
    # A NUL cannot come from a real shell, but a surrogate can (undecodable bytes in argv).
    args = ("people", "add", "--first-name", "Mar\0tin", "--last-name", "Dup\udcffont\x07")
    assert run(path, *args) == 0
    assert rows(path, "SELECT first_name, last_name FROM person WHERE id = 2") == [
        ("Martin", "Dupont")
    ]
    capsys.readouterr()
    assert run(path, "people", "list", "--search", "Martin", "--json") == 0
    assert [p["last_name"] for p in json.loads(capsys.readouterr().out)] == ["Dupont"]
