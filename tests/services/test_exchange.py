"""Consolidation at the GAL on real SQLite files: two communes build their databases with the
services, export their summary workbooks, and the GAL merges them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3

import openpyxl
import pytest

from smartdesk import app
from smartdesk.domain.errors import NotFoundError
from smartdesk.domain.exchange import ExchangeOrigin, ExchangeTable
from smartdesk.reports.xlsx import write_summary_workbook
from smartdesk.services import (
    attendance,
    events,
    exchange,
    exports,
    people,
    settings,
    stats,
    trainings,
    workshops,
)

from .conftest import raw_rows, table_counts

SHARED_EMAIL = "marie.lambert@gal-bm.be"


def commune_db(path, commune: str, staff: list[tuple[str, str, bool]], shared_email: str):
    """A commune's database: its people (one shared with the other commune), an event of its
    own, a training session and a workshop card, everyone present."""
    db = app.open_database(path, create=True)
    settings.set_value(db, "name", f"Administration communale de {commune}")
    settings.set_value(db, "commune", commune)
    ids = []
    for first, last, consent in staff:
        ids.append(
            people.create(
                db,
                first_name=first,
                last_name=last,
                email=f"{first}.{last}@{commune}.be".lower().replace(" ", ""),
                organisation=f"Administration communale de {commune}",
                sector="commune",
                commune=commune,
                consent=consent,
            ).id
        )
    marie = people.create(
        db,
        first_name="Marie",
        last_name="Lambert",
        email=shared_email,
        phone="085 00 00 00",
        organisation="GAL Burdinale Mehaigne",
        sector="partner",
        commune="Braives",
        consent=True,
    )
    ids.append(marie.id)
    day = 1 if commune == "Héron" else 2
    midi = events.create(
        db,
        title=f"Soirée d'échange à {commune}",
        kind="exchange_evening",
        start=f"2024-03-0{day}T19:00",
        end=f"2024-03-0{day}T21:00",
        commune=commune,
    )
    training = trainings.create(db, f"Facebook pour {commune}", trainer="A. Formatrice")
    session = trainings.add_session(
        db, training.id, start="2024-04-01T09:00", end="2024-04-01T12:00", commune=commune
    ).sessions[0]
    for pid in ids:
        attendance.set_status(db, midi.id, pid, "present")
        attendance.set_status(db, session.id, pid, "present")
    workshop = workshops.create(db, midi.id, "Temps d'échanges")
    prompt = workshops.add_prompt(db, workshop.id, "Que peut-on rêver ensemble ?")
    workshops.add_card(
        db, prompt.id, text=f"Un tiers-lieu à {commune}", axis="Priorité communale (PST)",
        selected=True, rank=1,
    )  # fmt: skip
    return db, marie


@pytest.fixture
def communes(tmp_path):
    heron, marie_h = commune_db(
        tmp_path / "heron.db",
        "Héron",
        [("Véronique", "Collard", True), ("Benoît", "Lhoest", False)],
        SHARED_EMAIL,
    )
    wanze, marie_w = commune_db(
        tmp_path / "wanze.db",
        "Wanze",
        [("Els", "Van Hove", True), ("Luc", "Paquet", False), ("Léa", "Gillet", True)],
        SHARED_EMAIL.upper(),  # the same address, typed differently
    )
    yield {"heron": heron, "wanze": wanze, "marie_h": marie_h, "marie_w": marie_w}
    heron.dispose()
    wanze.dispose()


@pytest.fixture
def workbooks(communes, tmp_path):
    h, w = tmp_path / "heron.xlsx", tmp_path / "wanze.xlsx"
    exports.export_summary(communes["heron"], h)
    exports.export_summary(communes["wanze"], w)
    return h, w


@pytest.fixture
def gal(tmp_path):
    db = app.open_database(tmp_path / "gal.db", create=True)
    yield db
    db.dispose()


def dump(db) -> dict[str, list[tuple]]:
    """Every row of every table, for "nothing changed" comparisons."""
    return {
        name: raw_rows(db, f'SELECT * FROM "{name}" ORDER BY 1')
        for name in table_counts(db)
        if name != "alembic_version"
    }


def test_two_communes_merge_into_the_gal_without_double_counting(communes, workbooks, gal):
    report = exchange.consolidate(gal, workbooks)
    assert report.ok and not report.dry_run
    heron, wanze = report.files
    assert (heron.origin, wanze.origin) == ("Héron", "Wanze")
    assert heron.tables["people"].added == 3
    # Marie comes from both: recognised (e-mail, ignoring case), not added twice
    assert wanze.tables["people"].added == 3 and wanze.tables["people"].merged == 1
    assert wanze.tables["communes"].merged == 1  # Braives, Marie's commune, known from Héron
    assert people.count(gal) == 6
    [marie] = people.search(gal, "Marie Lambert")
    assert marie.email == SHARED_EMAIL  # the first spelling stays (same address)
    assert len(raw_rows(gal, "SELECT id FROM registration WHERE person_id = ?", marie.id)) == 4

    h, w, g = (stats.statistics(db) for db in (communes["heron"], communes["wanze"], gal))
    assert g.participations == h.participations + w.participations == 14
    assert g.unique_people == h.unique_people + w.unique_people - 1 == 6
    assert g.training_hours == h.training_hours + w.training_hours == 21.0
    assert g.events_total == h.events_total + w.events_total == 4
    assert sum(g.selected_cards_by_axis.values()) == 2
    assert g.participants_by_commune["Braives"] == 4  # Marie, twice in each commune


def test_people_who_did_not_consent_arrive_counted_but_without_names(communes, workbooks, gal):
    exchange.consolidate(gal, workbooks)
    names = {(p.first_name, p.last_name) for p in people.search(gal)}
    assert ("Benoît", "Lhoest") not in names and ("Luc", "Paquet") not in names
    assert ("Véronique", "Collard") in names and ("Els", "Van Hove") in names
    unnamed = raw_rows(gal, "SELECT first_name, email, consent FROM person WHERE first_name = ''")
    assert unnamed == [("", None, 0), ("", None, 0)]
    figures = stats.statistics(gal)
    assert figures.participants_by_commune["Héron"] == 4  # Lhoest counted, not named


def test_the_same_file_twice_changes_nothing(communes, workbooks, gal):
    exchange.consolidate(gal, workbooks)
    before = dump(gal)
    report = exchange.consolidate(gal, workbooks)
    assert report.ok
    for file in report.files:
        totals = file.totals
        assert (totals.added, totals.updated, totals.conflicts) == (0, 0, 0), file.tables
        assert totals.unchanged > 0
    assert dump(gal) == before


def test_a_change_at_the_commune_only_is_applied(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    heron = communes["heron"]
    [vero] = people.search(heron, "Collard")
    people.update_person(heron, vero.id, phone="085 11 22 33")
    set_updated(heron, "person", vero.uuid, "2030-01-01 10:00:00")
    again = tmp_path / "heron-2.xlsx"
    exports.export_summary(heron, again)
    report = exchange.consolidate(gal, [again])
    assert report.files[0].tables["people"].updated == 1
    assert report.files[0].tables["people"].conflicts == 0
    [vero_gal] = people.search(gal, "Collard")
    assert vero_gal.phone == "085 11 22 33"


def set_updated(db, table: str, uuid: str, when: str) -> None:
    """Move a record's last change in time (timestamps have a one-second resolution)."""
    con = sqlite3.connect(db.path)
    con.execute(f'UPDATE "{table}" SET updated_at = ? WHERE uuid = ?', (when, uuid))
    con.commit()
    con.close()


def edit_at_both_ends(communes, gal, tmp_path, gal_time: str, commune_time: str):
    heron = communes["heron"]
    [marie_gal] = people.search(gal, "Marie Lambert")
    people.update_person(gal, marie_gal.id, phone="0470 GAL")
    set_updated(gal, "person", marie_gal.uuid, gal_time)
    people.update_person(heron, communes["marie_h"].id, phone="0470 HERON")
    set_updated(heron, "person", communes["marie_h"].uuid, commune_time)
    again = tmp_path / "heron-again.xlsx"
    exports.export_summary(heron, again)
    return exchange.consolidate(gal, [again])


def test_a_record_changed_at_both_ends_is_a_conflict_newer_kept(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    report = edit_at_both_ends(
        communes, gal, tmp_path, "2030-01-01 10:00:00", "2030-01-02 10:00:00"
    )
    [conflict] = report.files[0].conflicts
    assert (conflict.table, conflict.kept, conflict.label) == (
        "people",
        "incoming",
        "Marie Lambert",
    )
    assert "phone" in conflict.fields
    assert report.files[0].tables["people"].conflicts == 1
    [marie] = people.search(gal, "Marie Lambert")
    assert marie.phone == "0470 HERON"  # the newer
    [(kept, kept_json, discarded_json)] = raw_rows(
        gal, "SELECT kept, kept_json, discarded_json FROM exchange_conflict"
    )
    assert kept == "incoming"
    assert json.loads(discarded_json)["phone"] == "0470 GAL"  # nothing silently lost
    assert json.loads(kept_json)["phone"] == "0470 HERON"


def test_when_the_gal_changed_it_last_its_version_is_kept(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    report = edit_at_both_ends(
        communes, gal, tmp_path, "2030-01-03 10:00:00", "2030-01-02 10:00:00"
    )
    [conflict] = report.files[0].conflicts
    assert conflict.kept == "local"
    [marie] = people.search(gal, "Marie Lambert")
    assert marie.phone == "0470 GAL"
    [(discarded,)] = raw_rows(gal, "SELECT discarded_json FROM exchange_conflict")
    assert json.loads(discarded)["phone"] == "0470 HERON"
    # importing the same file again does not report it a second time
    again = exchange.consolidate(gal, [tmp_path / "heron-again.xlsx"])
    assert again.files[0].conflicts == [] and again.files[0].totals.conflicts == 0


def test_the_same_person_differing_between_communes_is_one_person_and_a_conflict(
    communes, tmp_path, gal
):
    # Wanze knows Marie with another phone: first meeting of the two records
    people.update_person(communes["wanze"], communes["marie_w"].id, phone="0499 WANZE")
    set_updated(communes["wanze"], "person", communes["marie_w"].uuid, "2030-05-05 10:00:00")
    h, w = tmp_path / "h.xlsx", tmp_path / "w.xlsx"
    exports.export_summary(communes["heron"], h)
    exports.export_summary(communes["wanze"], w)
    report = exchange.consolidate(gal, [h, w])
    [conflict] = report.files[1].conflicts
    assert conflict.fields == ("phone",) and conflict.kept == "incoming"
    [marie] = people.search(gal, "Marie Lambert")
    assert marie.phone == "0499 WANZE"
    # Héron then changes Marie's function only: applied, Wanze's phone stays
    people.update_person(communes["heron"], communes["marie_h"].id, function="Coordinatrice")
    set_updated(communes["heron"], "person", communes["marie_h"].uuid, "2030-06-06 10:00:00")
    exports.export_summary(communes["heron"], h)
    report = exchange.consolidate(gal, [h])
    assert report.files[0].tables["people"].updated == 1
    [marie] = people.search(gal, "Marie Lambert")
    assert (marie.function, marie.phone) == ("Coordinatrice", "0499 WANZE")


def test_homonyms_of_one_commune_stay_two_people(tmp_path, gal):
    db = app.open_database(tmp_path / "c.db", create=True)
    settings.set_value(db, "commune", "Héron")
    for email in ("jean.1@x.be", "jean.2@x.be"):
        people.create(
            db, first_name="Jean", last_name="Dubois", email=email, commune="Héron", consent=True
        )
    target = tmp_path / "c.xlsx"
    exports.export_summary(db, target)
    db.dispose()
    exchange.consolidate(gal, [target])
    assert len(people.search(gal, "Jean Dubois")) == 2


def test_a_bad_file_is_reported_and_changes_nothing(communes, workbooks, gal, tmp_path):
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("Nom;Prénom\nCollard;Véronique\n", encoding="utf-8")
    too_new = tmp_path / "future.xlsx"
    wb = openpyxl.load_workbook(workbooks[0])
    for row in wb["_exchange"].iter_rows():
        if row[0].value == "format_version":
            row[1].value = 99
    wb.save(too_new)
    before = dump(gal)
    report = exchange.consolidate(gal, [not_a_workbook, too_new])
    assert not report.ok and report.imported == []
    assert "not an Excel workbook" in report.files[0].error
    assert "version 99" in report.files[1].error
    assert dump(gal) == before
    # with a good file among them: the good one is imported, the bad one reported
    report = exchange.consolidate(gal, [not_a_workbook, workbooks[0]])
    assert [f.ok for f in report.files] == [False, True]
    assert people.count(gal) == 3


def test_a_file_whose_rows_do_not_fit_is_refused_whole(gal, tmp_path, communes, workbooks):
    """The communes table is fine, the registrations refer to nothing: nothing is written."""
    from tests.reports.xlsx_factory import summary_data

    commune = "2b1f2b1c-0000-4000-8000-000000000001"
    tables = [
        ExchangeTable(
            "communes",
            ("uuid", "name", "postal_code", "created_at", "updated_at"),
            [(commune, "Lincent", "4287", dt.datetime(2024, 1, 1), dt.datetime(2024, 1, 1))],
        ),
        ExchangeTable(
            "registrations",
            ("uuid", "status", "event_uuid", "person_uuid", "updated_at"),
            [("2b1f2b1c-0000-4000-8000-000000000002", "present",
              "2b1f2b1c-0000-4000-8000-000000000003", None, dt.datetime(2024, 1, 1))],
        ),
    ]  # fmt: skip
    target = tmp_path / "broken.xlsx"
    data = dataclasses.replace(
        summary_data(3),
        exchange_tables=tables,
        origin=ExchangeOrigin(commune="Lincent", commune_uuid=commune),
    )
    write_summary_workbook(target, data)
    before = dump(gal)
    report = exchange.consolidate(gal, [target])
    [file] = report.files
    assert not file.ok and "nothing was written" in file.error
    assert any("registrations, row 2" in p and "event_uuid" in p for p in file.problems)
    assert dump(gal) == before


def test_dry_run_reports_the_same_and_writes_nothing(communes, workbooks, gal):
    before = dump(gal)
    dry = exchange.consolidate(gal, workbooks, dry_run=True)
    assert dry.dry_run and dry.ok
    assert dump(gal) == before
    real = exchange.consolidate(gal, workbooks)
    assert [f.tables for f in dry.files] == [f.tables for f in real.files]
    assert dump(gal) != before


def test_the_consolidated_database_exports_again(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    target = tmp_path / "gal.xlsx"
    result = exports.export_summary(gal, target)
    assert result.statistics == stats.statistics(gal)
    assert result.rows["people"] == 6
    # and a second GAL (or the region) can consolidate that workbook in turn
    other = app.open_database(tmp_path / "region.db", create=True)
    try:
        report = exchange.consolidate(other, [target])
        assert report.ok
        assert stats.statistics(other).unique_people == 6
    finally:
        other.dispose()


def test_figures_by_commune_of_origin(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    exchange.consolidate(gal, workbooks)  # twice: still counted once
    figures = {f.origin: (f.participations, f.people) for f in exchange.figures_by_origin(gal)}
    # Marie counts for both communes here; the GAL's own statistics count her once
    assert figures == {"Wanze": (8, 4), "Héron": (6, 3)}
    target = tmp_path / "gal.xlsx"
    exports.export_summary(gal, target, all_communes=True)
    from smartdesk.reports.xlsx import read_exchange_workbook

    origin = read_exchange_workbook(target).header.origin
    assert origin.commune is None and origin.commune_uuid is None


# --- the stored conflicts, listed and resolved at the GAL ---------------------------------------


def test_stored_conflicts_are_listed_with_both_versions(communes, workbooks, gal, tmp_path):
    exchange.consolidate(gal, workbooks)
    edit_at_both_ends(communes, gal, tmp_path, "2030-01-01 10:00:00", "2030-01-02 10:00:00")
    [conflict] = exchange.list_conflicts(gal)
    assert (conflict.table, conflict.label, conflict.kept) == (
        "people",
        "Marie Lambert",
        "incoming",
    )
    assert conflict.origin == "Héron"
    assert "phone" in conflict.fields
    assert conflict.local["phone"] == "0470 GAL" and conflict.incoming["phone"] == "0470 HERON"


def test_resolving_by_keeping_the_discarded_version_writes_it_back(
    communes, workbooks, gal, tmp_path
):
    exchange.consolidate(gal, workbooks)
    edit_at_both_ends(communes, gal, tmp_path, "2030-01-01 10:00:00", "2030-01-02 10:00:00")
    [conflict] = exchange.list_conflicts(gal)
    exchange.resolve_conflict(gal, conflict.id, "local")
    [marie] = people.search(gal, "Marie Lambert")
    assert marie.phone == "0470 GAL"  # the GAL's version, discarded by the merge, is back
    assert raw_rows(gal, "SELECT COUNT(*) FROM exchange_conflict") == [(0,)]
    assert exchange.list_conflicts(gal) == []
    with pytest.raises(NotFoundError):
        exchange.resolve_conflict(gal, conflict.id, "local")


def test_resolving_by_keeping_the_version_in_force_changes_no_record(
    communes, workbooks, gal, tmp_path
):
    exchange.consolidate(gal, workbooks)
    edit_at_both_ends(communes, gal, tmp_path, "2030-01-01 10:00:00", "2030-01-02 10:00:00")
    before = raw_rows(gal, "SELECT * FROM person ORDER BY id")
    [conflict] = exchange.list_conflicts(gal)
    exchange.resolve_conflict(gal, conflict.id, "incoming")
    assert raw_rows(gal, "SELECT * FROM person ORDER BY id") == before
    assert raw_rows(gal, "SELECT COUNT(*) FROM exchange_conflict") == [(0,)]


def test_resolving_with_an_unknown_choice_is_refused(communes, workbooks, gal, tmp_path):
    from smartdesk.domain.errors import ValidationError

    exchange.consolidate(gal, workbooks)
    edit_at_both_ends(communes, gal, tmp_path, "2030-01-01 10:00:00", "2030-01-02 10:00:00")
    [conflict] = exchange.list_conflicts(gal)
    with pytest.raises(ValidationError):
        exchange.resolve_conflict(gal, conflict.id, "both")
    assert len(exchange.list_conflicts(gal)) == 1


def test_consolidation_reports_each_file_and_a_stopped_dry_run_writes_nothing(workbooks, gal):
    calls: list[tuple[int, int]] = []
    report = exchange.consolidate(
        gal, workbooks, dry_run=True, progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(0, 2), (1, 2)] and report.ok

    def stop(done, total):
        if done == 1:
            raise RuntimeError("cancelled")

    before = dump(gal)
    with pytest.raises(RuntimeError):
        exchange.consolidate(gal, workbooks, dry_run=True, progress=stop)
    assert dump(gal) == before


def test_a_half_day_travels_to_the_gal(communes, tmp_path, gal):
    """A full-day session where Léa left at noon: the GAL counts her 3 of its 6 hours, as
    Wanze does, and her registration arrives as the morning's."""
    wanze = communes["wanze"]
    training = trainings.create(wanze, "Intelligence collective", trainer="P. Henrotte")
    [day] = trainings.add_session(
        wanze, training.id, start="2024-05-07T09:00", end="2024-05-07T16:30", hours=6.0
    ).sessions
    assert day.full_day
    [lea] = people.search(wanze, "Gillet")
    [els] = people.search(wanze, "Van Hove")
    attendance.set_status(wanze, day.id, els.id, "present")
    attendance.set_half_day(wanze, day.id, lea.id, "morning", True)
    h, w = tmp_path / "heron-half.xlsx", tmp_path / "wanze-half.xlsx"
    exports.export_summary(communes["heron"], h)
    exports.export_summary(wanze, w)
    assert exchange.consolidate(gal, [h, w]).ok

    local = stats.statistics(wanze).training_hours
    at_gal = stats.statistics(gal).training_hours
    assert local == 6.0 * 4 / 2 + 6.0 + 3.0  # the morning sessions (3 h × 4 present), Els, Léa
    assert at_gal == stats.statistics(communes["heron"]).training_hours + local
    halves = raw_rows(gal, "SELECT half_day FROM registration WHERE half_day IS NOT NULL")
    assert halves == [("morning",)]
    full_days = raw_rows(gal, "SELECT title FROM event WHERE full_day")
    assert len(full_days) == 1
