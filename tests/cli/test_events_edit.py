"""``smartdesk events edit`` in-process: every field of an existing event, only those given, the
status that decides whether the event counts as held, and one sentence for bad input."""

from __future__ import annotations

import json

import pytest

from smartdesk import app, cli
from smartdesk.services import events, stats
from tests.cli.test_cli import fresh


def main(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def base(tmp_path, capsys):
    path = fresh(tmp_path / "edit.db")
    code, out, _err = main(
        capsys, "--db", str(path), "events", "add", "--title", "Midi du Smart",
        "--kind", "midi_du_smart", "--start", "2020-02-06T12:00", "--end", "2020-02-06T14:00",
        "--venue", "Salle du conseil", "--commune", "Héron", "--json",
    )  # fmt: skip
    assert code == 0
    return path, json.loads(out)[0]["id"]


def opened(path):
    return app.open_database(path, daily_backup=False)


def test_edit_sets_the_status_and_every_field(base, capsys):
    path, event_id = base
    db = opened(path)
    try:
        before = stats.statistics(db)
    finally:
        db.dispose()
    assert sum(before.events_planned_by_kind.values()) == 1
    assert sum(before.events_held_by_kind.values()) == 0

    code, out, err = main(
        capsys, "--db", str(path), "events", "edit", str(event_id), "--status", "held",
        "--title", "Midi du Smart <n°1> & co", "--date", "07/02/2020", "--kind", "workshop",
        "--address", "Place 1", "--organiser", "GAL", "--description", "Deux\nlignes",
        "--capacity", "40", "--hours", "1.5", "--commune", "Wanze", "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)[0]
    assert shown["id"] == event_id and shown["status"] == "held"
    assert shown["title"] == "Midi du Smart <n°1> & co" and shown["kind"] == "workshop"
    # the same hours on the new day
    assert (shown["start"], shown["end"]) == ("2020-02-07T12:00:00", "2020-02-07T14:00:00")
    assert shown["venue"] == "Salle du conseil"  # not given: unchanged
    db = opened(path)
    try:
        record = events.get(db, event_id)
        after = stats.statistics(db)
    finally:
        db.dispose()
    assert (record.address, record.organiser, record.description) == (
        "Place 1",
        "GAL",
        "Deux\nlignes",
    )
    assert (record.capacity, record.hours, record.commune) == (40, 1.5, "Wanze")
    assert after.events_held_by_kind == {record.kind: 1} and after.events_planned_by_kind == {}


def test_edit_clears_what_is_given_empty_and_moves_the_start(base, capsys):
    path, event_id = base
    code, out, err = main(
        capsys, "--db", str(path), "events", "edit", str(event_id), "--venue", "", "--end", "",
        "--start", "2020-03-01T09:30", "--json",
    )  # fmt: skip
    assert code == 0, err
    shown = json.loads(out)[0]
    assert shown["venue"] is None and shown["end"] is None
    assert shown["start"] == "2020-03-01T09:30:00"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["999", "--status", "held"], "999"),
        (["{id}", "--status", "done"], "done"),
        (["{id}", "--date", "31/02/2020"], "31/02/2020"),
        (["{id}", "--date", "2020-02-07", "--start", "2020-02-07T10:00"], None),
        (["{id}", "--end", "2020-02-05T10:00"], None),
        (["{id}", "--title", ""], None),
    ],
)
def test_bad_input_is_one_sentence_and_changes_nothing(base, capsys, args, needle):
    path, event_id = base
    db = opened(path)
    try:
        before = events.get(db, event_id)
    finally:
        db.dispose()
    argv = [a.format(id=event_id) for a in args]
    code, out, err = main(capsys, "--db", str(path), "events", "edit", *argv)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    if needle:
        assert needle in lines[0]
    db = opened(path)
    try:
        assert events.get(db, event_id) == before
    finally:
        db.dispose()


def test_edit_in_the_users_language(base, capsys):
    path, event_id = base
    code, _out, err = main(
        capsys, "--lang", "fr", "--db", str(path), "events", "edit", str(event_id),
        "--status", "fini",
    )  # fmt: skip
    assert code == 1
    assert "fini" in err and "planned, held, cancelled" in err
