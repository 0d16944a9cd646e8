"""The user's preferences file: survives a restart, atomic, ignores a damaged file."""

from __future__ import annotations

import os

import pytest

from smartdesk import paths
from smartdesk.services import preferences


def test_preferences_are_kept_in_a_json_file_in_the_data_folder():
    preferences.update(last_page="events", column_widths={"events": [120, 300]})
    preferences.update(geometry="AAA=")
    assert preferences.load() == {
        "last_page": "events",
        "column_widths": {"events": [120, 300]},
        "geometry": "AAA=",
    }
    assert (paths.data_dir() / "preferences.json").is_file()
    preferences.update(geometry=None)
    assert "geometry" not in preferences.load()
    assert not [f for f in os.listdir(paths.data_dir()) if f.endswith(".tmp")]


def test_a_damaged_file_is_ignored_and_replaced_on_the_next_save():
    paths.data_dir().mkdir(parents=True, exist_ok=True)
    preferences.preferences_path().write_text("{not json", encoding="utf-8")
    assert preferences.load() == {}
    preferences.update(last_page="home")
    assert preferences.get("last_page") == "home"


def test_language_choice(monkeypatch):
    assert preferences.language() is None
    assert preferences.set_language("nl_BE") == "nl"
    assert preferences.language() == "nl"
    assert preferences.choose_language() == "nl"
    monkeypatch.setenv("SMARTDESK_LANG", "de")
    assert preferences.choose_language() == "de"
    assert preferences.choose_language("fr") == "fr"
    with pytest.raises(ValueError):
        preferences.set_language("klingon")


def test_recent_databases_most_recent_first_without_repeats(tmp_path):
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    preferences.add_recent_database(a)
    preferences.add_recent_database(b)
    assert preferences.add_recent_database(a) == [str(a.resolve()), str(b.resolve())]
    for i in range(20):
        preferences.add_recent_database(tmp_path / f"{i}.db")
    assert len(preferences.recent_databases()) == preferences.MAX_RECENT
    preferences.forget_recent_database(tmp_path / "19.db")
    assert str((tmp_path / "19.db").resolve()) not in preferences.recent_databases()
