"""The import's phases as the wizard calls them (read → map → check → import), on a real file."""

from __future__ import annotations

import sqlite3

import pytest

from smartdesk.domain.errors import OperationCancelled
from smartdesk.services import imports, people


def person_count(db) -> int:
    with sqlite3.connect(db.path) as con:
        return con.execute("SELECT count(*) FROM person").fetchone()[0]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(
        (
            "Nom;Prénom;Zone;Courriel\r\n"
            "Collard;Véronique;Héron;v.collard@heron.be\r\n"
            "Lhoest;Benoît;Wanze;benoit@wanze.be\r\n"
            "Gillet;Françoise;Héron;pas-une-adresse\r\n"
            "Wéry;Anne;Braives;anne@braives.be\r\n"
        ).encode("cp1252")
    )
    return path


def test_check_then_run_with_a_choice_per_duplicate(db, source):
    collard = people.create(db, first_name="Véronique", last_name="Collard", commune="Héron")
    people.create(db, first_name="Anne", last_name="Wéry", email="anne@braives.be")
    table = imports.read_source(source)
    mapping = imports.column_mapping(table)
    assert 2 not in mapping  # "Zone" is not a known header
    assert imports.mapping_problem(table, {0: "email"})
    mapping[2] = "commune"
    seen: list[tuple[int, int]] = []
    check = imports.check_import(db, table, mapping, progress=lambda d, t: seen.append((d, t)))
    assert [(p.row, p.field) for p in check.report.invalid] == [(4, "email")]
    assert [(d.row, d.person_id) for d in check.duplicates][0] == (2, collard.id)
    assert "Collard" in check.duplicates[0].known and seen[-1] == (4, 4)
    assert person_count(db) == 2  # a check writes nothing

    report = imports.run_import(
        db, table, mapping, choices={2: "update", 5: "create"}, skip_invalid=True
    )
    assert report.written and (report.created, report.updated) == (2, 1)
    assert people.get(db, collard.id).email == "v.collard@heron.be"
    assert len(people.search(db, "wery")) == 2  # created anyway, as chosen
    assert person_count(db) == 4  # two known + Lhoest + the second Anne Wéry


def test_bad_rows_block_and_cancel_rolls_back(db, source):
    table = imports.read_source(source)
    mapping = imports.column_mapping(table)
    assert not imports.run_import(db, table, mapping).written
    assert person_count(db) == 0

    def cancel(done, total):
        if done == total:
            raise OperationCancelled("stop")

    with pytest.raises(OperationCancelled):
        imports.run_import(db, table, mapping, skip_invalid=True, progress=cancel)
    assert person_count(db) == 0


def test_report_saved_as_csv_and_text(db, source, tmp_path):
    table = imports.read_source(source)
    report = imports.run_import(db, table, imports.column_mapping(table), skip_invalid=True)
    csv_path = imports.save_report(report, tmp_path / "rapport.csv")
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert "pas-une-adresse" in text and text.count("\r\n") == 2
    txt = imports.save_report(report, tmp_path / "rapport.txt").read_text(encoding="utf-8-sig")
    assert "Created: 3" in txt and "Refused: 1" in txt and "pas-une-adresse" in txt
