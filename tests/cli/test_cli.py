"""The command line as a user runs it: a real process, a real database file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def fresh(path: Path) -> Path:
    """A new, empty database at ``path`` (only `init` and `demo` create one)."""
    from smartdesk import cli

    assert cli.main(["--db", str(path), "init"]) == 0
    return path


def run(
    *args: str, db=None, check: bool = True, env_extra: dict | None = None
) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "smartdesk"]
    if db is not None:
        cmd += ["--db", str(db)]
    env = {**os.environ, **(env_extra or {})}
    proc = subprocess.run(cmd + list(args), capture_output=True, text=True, env=env, timeout=120)
    if check and proc.returncode != 0:
        raise AssertionError(
            f"exit {proc.returncode}\nstdout: {proc.stdout}\nstderr: {proc.stderr}"
        )
    return proc


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    run("demo", db=path)
    return path


def test_demo_has_the_midi_du_smart_and_its_speaker(demo_file):
    events = json.loads(run("events", "list", "--json", db=demo_file).stdout)
    midi = [e for e in events if e["start"] == "2020-02-06T12:00:00"]
    assert len(midi) == 1
    assert midi[0]["kind"] == "midi_du_smart"
    assert midi[0]["end"] == "2020-02-06T14:00:00"
    assert set(midi[0]) == {
        "id",
        "uuid",
        "title",
        "kind",
        "start",
        "end",
        "venue",
        "commune",
        "status",
    }
    people = json.loads(run("people", "list", "--search", "debroux", "--json", db=demo_file).stdout)
    assert [p["last_name"] for p in people] == ["Debroux"]
    assert set(people[0]) == {
        "id",
        "uuid",
        "first_name",
        "last_name",
        "email",
        "phone",
        "function",
        "organisation",
        "sector",
        "commune",
        "consent",
    }
    shown = json.loads(run("events", "show", str(midi[0]["id"]), "--json", db=demo_file).stdout)
    speakers = [a["speaker"] for a in shown["agenda"] if a["speaker"]]
    assert "Thomas Debroux" in speakers and len(speakers) == 3


def test_demo_twice_changes_nothing(tmp_path):
    path = tmp_path / "twice.db"
    run("demo", db=path)
    before = (
        run("events", "list", "--json", db=path).stdout,
        run("people", "list", "--json", db=path).stdout,
    )
    run("demo", db=path)
    after = (
        run("events", "list", "--json", db=path).stdout,
        run("people", "list", "--json", db=path).stdout,
    )
    assert before == after
    assert len(json.loads(after[1])) == 60


def test_add_then_list_events_and_people(tmp_path):
    path = fresh(tmp_path / "add.db")
    out = run(
        "events",
        "add",
        "--title",
        "Soirée <d'échange> & co",
        "--kind",
        "exchange_evening",
        "--start",
        "2026-12-03T19:00",
        "--end",
        "2026-12-03T21:30",
        "--venue",
        "Salle",
        "--commune",
        "Wanze",
        "--json",
        db=path,
    ).stdout
    event = json.loads(out)[0]
    assert event["title"] == "Soirée <d'échange> & co" and event["commune"] == "Wanze"
    person = json.loads(
        run(
            "people",
            "add",
            "--first-name",
            "Léa",
            "--last-name",
            "Pâquet",
            "--email",
            "lea@burdinne.be",
            "--organisation",
            "Bibliothèque",
            "--sector",
            "association",
            "--commune",
            "Burdinne",
            "--consent",
            "--json",
            db=path,
        ).stdout
    )[0]
    assert person["sector"] == "association" and person["consent"] is True
    assert (
        json.loads(run("people", "list", "--search", "PAQUET", "--json", db=path).stdout)[0]["id"]
        == person["id"]
    )
    run("attendance", "set", str(event["id"]), str(person["id"]), "present", db=path)
    rows = json.loads(run("attendance", "list", str(event["id"]), "--json", db=path).stdout)
    assert rows == [
        {
            "person_id": person["id"],
            "first_name": "Léa",
            "last_name": "Pâquet",
            "organisation": "Bibliothèque",
            "status": "present",
            "half_day": None,
        }
    ]


def test_bad_input_exits_1_with_a_message_on_stderr(tmp_path):
    path = fresh(tmp_path / "bad.db")
    proc = run(
        "events",
        "add",
        "--title",
        "X",
        "--kind",
        "party",
        "--start",
        "2026-12-03T19:00",
        db=path,
        check=False,
    )
    assert proc.returncode == 1
    assert "party" in proc.stderr and proc.stdout == ""
    proc = run(
        "people",
        "add",
        "--first-name",
        "A",
        "--last-name",
        "B",
        "--email",
        "not-an-email",
        db=path,
        check=False,
    )
    assert proc.returncode == 1 and "not-an-email" in proc.stderr
    proc = run("attendance", "set", "999", "1", "present", db=path, check=False)
    assert proc.returncode == 1 and "999" in proc.stderr
    assert json.loads(run("people", "list", "--json", db=path).stdout) == []


def test_usage_errors_exit_2(tmp_path):
    proc = run("events", "add", "--title", "X", db=fresh(tmp_path / "u.db"), check=False)
    assert proc.returncode == 2
    assert run("frobnicate", db=fresh(tmp_path / "u.db"), check=False).returncode == 2


def test_messages_are_french_by_default(tmp_path):
    proc = run(
        "events",
        "add",
        "--title",
        "X",
        "--kind",
        "party",
        "--start",
        "2026-12-03T19:00",
        db=fresh(tmp_path / "fr.db"),
        check=False,
        env_extra={"SMARTDESK_LANG": ""},
    )
    assert proc.returncode == 1
    assert "Erreur" in proc.stderr


def test_smartdesk_db_variable_is_the_default_database(tmp_path):
    path = fresh(tmp_path / "env.db")
    run("demo", env_extra={"SMARTDESK_DB": str(path)})
    assert path.exists()


def test_events_list_text_output_uses_localised_dates(demo_file):
    out = run("--lang", "fr", "events", "list", db=demo_file).stdout
    assert "6/02/20 12:00" in out


def test_a_documents_language_does_not_change_the_messages(demo_file, tmp_path):
    out = run("print", "agenda", "1", "-o", str(tmp_path / "a.pdf"), "--lang", "nl", db=demo_file,
              env_extra={"SMARTDESK_LANG": "fr"}).stdout  # fmt: skip
    assert "Fichier créé" in out


def test_events_show_gives_the_full_date_once(demo_file):
    out = run("--lang", "fr", "events", "show", "1", db=demo_file).stdout
    assert "jeudi 6 février 2020, 12:00 – 14:00" in out


@pytest.mark.parametrize(
    ("lang", "usage", "required", "heading"),
    [
        ("fr", "utilisation\u00a0: smartdesk", "ces arguments sont obligatoires\u00a0:", "options"),
        ("nl", "gebruik: smartdesk", "deze argumenten zijn verplicht:", "opties"),
        ("de", "Aufruf: smartdesk", "diese Argumente sind erforderlich:", "Optionen"),
        ("en", "usage: smartdesk", "the following arguments are required:", "options"),
    ],
)
def test_argparse_speaks_the_users_language_and_only_while_it_parses(
    tmp_path, capsys, lang, usage, required, heading
):
    """argparse's own words (usage, its errors, its headings) in the language of the rest of the
    command line, not English in the middle of French; and argparse is given back as it was."""
    import argparse

    from smartdesk import cli

    own = argparse._  # type: ignore[attr-defined]
    path = str(fresh(tmp_path / "words.db"))
    with pytest.raises(SystemExit) as stop:
        cli.main(["--lang", lang, "--db", path, "events", "add", "--title", "X"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and required in err and "--kind" in err, err
    with pytest.raises(SystemExit):
        cli.main(["--lang", lang, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(usage) and f"\n{heading}:" in out.replace("\u00a0:", ":"), out
    assert argparse._ is own  # type: ignore[attr-defined]
    assert argparse.ArgumentParser(prog="x").format_usage() == "usage: x [-h]\n"
