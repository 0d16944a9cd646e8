"""Exports on real SQLite files: the summary workbook re-opened with openpyxl, who is named,
the exchange part read back, the calendar and the CSV lists."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io

import openpyxl
import pytest
from icalendar import Calendar

from smartdesk.domain.errors import ValidationError
from smartdesk.reports.xlsx import read_exchange_workbook
from smartdesk.services import attendance, events, exchange, exports, people, settings, stats

SHEETS = [
    "Summary",
    "Contributions by commune",
    "Events",
    "Participations",
    "Trainings",
    "Training totals",
    "Workshops",
    "Cards by category and axis",
    "Projects",
]
HOSTILE = (
    "=cmd|' /C calc'!A0",
    "<b>&amp;</b> & <i>",
    "Émile 🎉 Ünal",
    "x" * 200,
    "@SUM(1)",
    "-2+3",
)


def every_text(path) -> list[str]:
    """Every text cell of every sheet, hidden ones included."""
    wb = openpyxl.load_workbook(path)
    try:
        return [
            cell
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            for cell in row
            if isinstance(cell, str)
        ]
    finally:
        wb.close()


def key_values(path, title="Summary") -> dict:
    """Label → value of a sheet's first two columns, first occurrence of each label."""
    out: dict = {}
    for row in sheet_rows(path, title):
        if row and row[0]:
            out.setdefault(row[0], row[1] if len(row) > 1 else None)
    return out


def sheet_rows(path, title) -> list[tuple]:
    wb = openpyxl.load_workbook(path)
    try:
        return list(wb[title].iter_rows(values_only=True))
    finally:
        wb.close()


def secret_person(db, event_id, consent=False, **extra):
    person = people.create(
        db,
        first_name=extra.pop("first_name", "Zéphyrin"),
        last_name=extra.pop("last_name", "Quackenbush"),
        email=extra.pop("email", "zephyrin@secret-mail.be"),
        phone="0499 12 34 56",
        function="Échevin secret",
        organisation="Comité des fêtes de Lamontzée",
        sector="association",
        commune="Burdinne",
        consent=consent,
        **extra,
    )
    attendance.set_status(db, event_id, person.id, "present")
    return person


@pytest.fixture
def midi(demo_db):
    return next(e for e in events.list_events(demo_db) if e.kind.value == "midi_du_smart")


def test_summary_of_the_demo_has_its_sheets_real_dates_and_the_statistics(demo_db, tmp_path):
    target = tmp_path / "summary.xlsx"
    result = exports.export_summary(demo_db, target, lang="en")
    figures = stats.statistics(demo_db)
    assert result.path == target and result.statistics == figures
    wb = openpyxl.load_workbook(target)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    assert visible == SHEETS
    wb.close()

    summary = key_values(target)
    assert summary["Organisation"] == "GAL Burdinale Mehaigne"
    assert summary["Commune"] == "Braives"
    assert summary["Events held"] == sum(figures.events_held_by_kind.values())
    assert summary["Events planned"] == sum(figures.events_planned_by_kind.values())
    assert summary["Participations (people present)"] == figures.participations == 150
    assert summary["Unique people reached"] == figures.unique_people
    assert summary["Training hours (participants × hours)"] == figures.training_hours
    assert summary["Selected challenges"] == sum(figures.selected_cards_by_axis.values())

    rows = sheet_rows(target, "Events")
    assert rows[0][:4] == ("Date", "Start", "End", "Event")
    assert rows[-1][0] == f"Total, {len(rows) - 2} rows"  # the totals row under the table
    assert len(rows) - 2 == len(events.list_events(demo_db)) == result.rows["events_sheet"]
    first = rows[1]
    assert isinstance(first[0], dt.datetime) and isinstance(first[1], dt.time)
    assert isinstance(first[11], int) and isinstance(first[12], int)  # registered, present
    participations = sheet_rows(target, "Participations")[:-1]  # not the totals row
    registrations = sum(row[11] for row in rows[1:-1])
    assert rows[-1][11] == registrations  # the totals row sums the column
    assert len(participations) - 1 == result.rows["registrations"] >= registrations
    assert sum(1 for r in participations[1:] if r[8] == "Present") == 150
    assert all(isinstance(r[0], dt.datetime) for r in participations[1:])
    trainings = sheet_rows(target, "Trainings")
    delivered = sum(r[8] for r in trainings[1:-1])
    assert delivered == pytest.approx(figures.training_hours) == pytest.approx(trainings[-1][8])
    cards = sheet_rows(target, "Workshops")
    assert sum(1 for r in cards[1:] if r[11] == "Yes") == sum(
        figures.selected_cards_by_axis.values()
    )


def test_the_exchange_part_carries_uuids_origin_and_every_table(demo_db, tmp_path):
    target = tmp_path / "summary.xlsx"
    result = exports.export_summary(demo_db, target)
    book = read_exchange_workbook(target)
    assert book.header.origin.commune == "Braives"
    assert book.header.origin.organisation == "GAL Burdinale Mehaigne"
    assert book.header.origin.commune_uuid
    for name in ("communes", "organisations", "people", "events", "registrations", "cards"):
        rows = book.table(name)
        assert len(rows) == result.rows[name] > 0, name
        assert all(r["uuid"] and isinstance(r["updated_at"], dt.datetime) for r in rows)
    event_uuids = {r["uuid"] for r in book.table("events")}
    person_uuids = {r["uuid"] for r in book.table("people")}
    for reg in book.table("registrations"):
        assert reg["event_uuid"] in event_uuids and reg["person_uuid"] in person_uuids
    assert "author" not in book.columns["cards"]  # typed freely, no consent behind it
    prompt = book.table("prompts")[0]
    assert prompt["categories"] == '["green", "blue"]'


def test_a_person_who_did_not_consent_is_counted_but_named_nowhere(demo_db, midi, tmp_path):
    secret_person(demo_db, midi.id, consent=False)
    before = stats.statistics(demo_db)
    target = tmp_path / "summary.xlsx"
    exports.export_summary(demo_db, target)
    texts = every_text(target)
    for secret in ("Zéphyrin", "Quackenbush", "secret-mail", "0499 12 34 56", "Échevin secret"):
        assert not [t for t in texts if secret in t], secret
    assert before.participations == 151
    summary = key_values(target)
    assert summary["Participations (people present)"] == 151
    # counted, with the sector and commune of the organisation: only the name is missing
    assert "Comité des fêtes de Lamontzée" in texts


def test_anonymised_people_are_not_named_either(demo_db, midi, tmp_path):
    person = secret_person(demo_db, midi.id, consent=True)
    people.anonymise(demo_db, person.id)
    target = tmp_path / "summary.xlsx"
    exports.export_summary(demo_db, target)
    assert not [t for t in every_text(target) if "Zéphyrin" in t or "#" + str(person.id) in t]


def test_anonymous_export_names_nobody(demo_db, midi, tmp_path):
    secret_person(demo_db, midi.id, consent=True)
    target = tmp_path / "anonymous.xlsx"
    exports.export_summary(demo_db, target, anonymous=True, lang="en")
    texts = every_text(target)
    assert not [t for t in texts if "@" in t]  # not one e-mail address
    assert not [t for t in texts if "Zéphyrin" in t or "Quackenbush" in t]
    everyone = people.search(demo_db)
    rows = sheet_rows(target, "Participations")
    rows = rows[1:-1]  # between the header and the totals row
    assert {r[3] for r in rows} == {"(not named)"} and {r[4] for r in rows} == {None}
    book = read_exchange_workbook(target)
    assert book.header.anonymous
    assert all(
        r["first_name"] is None and r["last_name"] is None and r["email"] is None
        for r in book.table("people")
    )
    assert len(book.table("people")) == len(everyone)


def test_a_consenting_person_is_named(demo_db, midi, tmp_path):
    secret_person(demo_db, midi.id, consent=True)
    target = tmp_path / "summary.xlsx"
    exports.export_summary(demo_db, target, lang="en")
    rows = sheet_rows(target, "Participations")
    assert ("Quackenbush", "Zéphyrin") in {(r[3], r[4]) for r in rows}
    [mine] = [r for r in read_exchange_workbook(target).table("people") if r["email"]
              and r["email"].startswith("zephyrin")]  # fmt: skip
    assert (mine["first_name"], mine["phone"]) == ("Zéphyrin", "0499 12 34 56")


def test_hostile_names_survive_export_and_reimport_exactly(db, tmp_path):
    event = events.create(db, title=HOSTILE[0], kind="workshop", start="2024-03-01T18:00")
    created = []
    for i, text in enumerate(HOSTILE):
        person = people.create(
            db,
            first_name=text,
            last_name=HOSTILE[-1 - i],
            email=f"p{i}@example.be",
            organisation=text,
            commune="Héron",
            consent=True,
        )
        attendance.set_status(db, event.id, person.id, "present")
        created.append(person)
    target = tmp_path / "hostile.xlsx"
    exports.export_summary(db, target, lang="en")
    rows = sheet_rows(target, "Participations")
    rows = rows[:-1]  # not the totals row
    assert {(r[4], r[3]) for r in rows[1:]} == {(p.first_name, p.last_name) for p in created}
    assert {r[1] for r in rows[1:]} == {HOSTILE[0]}
    # no cell became a formula
    wb = openpyxl.load_workbook(target)
    assert not [
        c for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"
    ]
    wb.close()
    from smartdesk import app

    gal = app.open_database(tmp_path / "gal.db", create=True)
    try:
        report = exchange.consolidate(gal, [target])
        assert report.ok, report.files[0].error
        back = {(p.first_name, p.last_name, p.organisation) for p in people.search(gal)}
        assert back == {(p.first_name, p.last_name, p.organisation) for p in created}
        assert [e.title for e in events.list_events(gal)] == [HOSTILE[0]]
    finally:
        gal.dispose()


def test_period_keeps_the_rows_of_the_period(demo_db, tmp_path):
    target = tmp_path / "feb.xlsx"
    result = exports.export_summary(
        demo_db, target, date_from=dt.date(2020, 2, 1), date_to=dt.date(2020, 2, 29)
    )
    figures = stats.statistics(demo_db, dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    assert result.statistics == figures
    inside = events.list_events(demo_db, dt.date(2020, 2, 1), dt.date(2020, 2, 29))
    book = read_exchange_workbook(target)
    assert {r["uuid"] for r in book.table("events")} == {e.uuid for e in inside}
    assert book.header.date_from == dt.date(2020, 2, 1)
    registered = {r["person_uuid"] for r in book.table("registrations")}
    speakers = {r["speaker_uuid"] for r in book.table("agenda_items")} - {None}
    assert {r["uuid"] for r in book.table("people")} == registered | speakers


def test_bad_period_and_dates_are_refused(demo_db, tmp_path):
    with pytest.raises(ValidationError, match="before its start"):
        exports.export_summary(
            demo_db, tmp_path / "x.xlsx", date_from=dt.date(2021, 1, 2), date_to=dt.date(2021, 1, 1)
        )
    assert exports.parse_day("01/03/2024", "d", "Date") == dt.date(2024, 3, 1)
    assert exports.parse_day("2024-03-01", "d", "Date") == dt.date(2024, 3, 1)
    with pytest.raises(ValidationError, match="not a date"):
        exports.parse_day("2024-02-30", "d", "Date")
    with pytest.raises(ValidationError, match="does not exist"):
        exports.export_summary(demo_db, tmp_path / "missing" / "x.xlsx")
    assert not list(tmp_path.glob("*.xlsx"))


def test_calendar_has_every_event_with_its_uuid(demo_db, tmp_path):
    target = tmp_path / "events.ics"
    n = exports.export_ics(demo_db, target, date_from=dt.date(2020, 2, 1))
    calendar = Calendar.from_ical(target.read_bytes())
    uids = {str(c["uid"]) for c in calendar.walk("VEVENT")}
    expected = events.list_events(demo_db, date_from=dt.date(2020, 2, 1))
    assert n == len(expected) == len(uids)
    assert uids == {f"{e.uuid}@smartdesk" for e in expected}


@pytest.mark.parametrize("what", ["people", "events", "attendance"])
def test_csv_lists_for_excel(demo_db, tmp_path, what):
    target = tmp_path / f"{what}.csv"
    n = exports.export_csv(demo_db, what, target, delimiter=";")
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the accents right
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 == n
    expected = {
        "people": people.count(demo_db),
        "events": len(events.list_events(demo_db)),
        "attendance": sum(
            len(attendance.list_attendance(demo_db, e.id)) for e in events.list_events(demo_db)
        ),
    }[what]
    assert n == expected


def test_csv_escapes_formulas_and_refuses_unknown_lists(db, tmp_path):
    people.create(db, first_name="=1+1", last_name="@Evil", consent=True)
    target = tmp_path / "people.csv"
    exports.export_csv(db, "people", target)
    text = target.read_text(encoding="utf-8-sig")
    assert "'=1+1" in text and "'@Evil" in text
    with pytest.raises(ValidationError, match="Unknown list"):
        exports.export_csv(db, "cats", target)


def test_origin_follows_the_settings(db, tmp_path):
    settings.set_value(db, "name", "Administration communale de Wanze")
    settings.set_value(db, "commune", "Wanze")
    people.create(db, first_name="Ann", last_name="Smet", commune="Wanze")
    target = tmp_path / "wanze.xlsx"
    exports.export_summary(db, target)
    header = read_exchange_workbook(target).header
    [wanze] = [r for r in read_exchange_workbook(target).table("communes") if r["name"] == "Wanze"]
    assert header.origin.commune == "Wanze" and header.origin.commune_uuid == wanze["uuid"]


def workbook_cells(path) -> dict[str, list[tuple]]:
    """Every cell of every sheet (hidden ones included): value, number format, quote prefix;
    the export's own timestamp left out."""
    wb = openpyxl.load_workbook(path)
    try:
        sheets = {}
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows():
                # the export's time, and the seal that covers it
                if row and row[0].value in ("Exported on", "exported_at", "seal"):
                    continue
                rows.append(
                    tuple((c.value, c.number_format, c.quotePrefix, c.data_type) for c in row)
                )
            sheets[ws.title] = rows
        return sheets
    finally:
        wb.close()


@pytest.mark.parametrize("anonymous", [False, True])
@pytest.mark.parametrize("bounded", [False, True])
def test_the_exchange_worker_writes_the_same_workbook(
    demo_db, midi, tmp_path, monkeypatch, anonymous, bounded
):
    secret_person(demo_db, midi.id)
    secret_person(demo_db, midi.id, consent=True, first_name=HOSTILE[0], last_name=HOSTILE[1])
    date_from = date_to = None
    if bounded:  # a month around the midi: some events, registrations and cards left out
        date_from = midi.start.date() - dt.timedelta(days=30)
        date_to = midi.start.date() + dt.timedelta(days=30)
    results, cells = {}, {}
    for workers in ("1", "2"):
        monkeypatch.setenv(exports.WORKERS_ENV, workers)
        assert exports._parallel(demo_db) == (workers == "2")
        target = tmp_path / f"summary-{workers}.xlsx"
        results[workers] = exports.export_summary(
            demo_db, target, date_from, date_to, anonymous=anonymous, lang="en"
        )
        cells[workers] = workbook_cells(target)
    assert results["1"].rows == results["2"].rows
    assert results["2"].rows["registrations"] > 0
    assert cells["1"] == cells["2"]
    assert any(name.startswith("_x_") for name in cells["2"])
    for workers in ("1", "2"):  # each sealed right, whichever process rendered the tables
        book = read_exchange_workbook(tmp_path / f"summary-{workers}.xlsx")
        assert len(book.table("registrations")) == results[workers].rows["registrations"]


@pytest.mark.parametrize(
    ("cores", "load", "big", "expected"),
    [
        (2, 0.3, True, True),  # a big export, a core idle: the second process pays
        (2, 1.5, True, False),  # both cores busy: it would only wait for a core
        (1, 0.0, True, False),
        (2, 0.3, False, False),  # too small: starting it costs more than it saves
        (2, None, True, True),  # no load average (Windows): two cores suffice
    ],
)
def test_a_second_process_only_where_it_pays(demo_db, monkeypatch, cores, load, big, expected):
    import sqlite3

    from smartdesk.services.exchange import export_part as _exchange_part

    monkeypatch.delenv(exports.WORKERS_ENV, raising=False)
    monkeypatch.setattr(_exchange_part.os, "cpu_count", lambda: cores)
    if load is None:
        monkeypatch.delattr(_exchange_part.os, "getloadavg")
    else:
        monkeypatch.setattr(_exchange_part.os, "getloadavg", lambda: (load, load, load))
    with contextlib.closing(sqlite3.connect(demo_db.path)) as con:
        registrations = con.execute("SELECT count(*) FROM registration").fetchone()[0]
    # the demo stands for a big database when the threshold is its size
    threshold = registrations if big else registrations + 1
    monkeypatch.setattr(_exchange_part, "PARALLEL_MIN_REGISTRATIONS", threshold)
    assert exports._parallel(demo_db) is expected


def test_no_worker_for_a_database_that_is_not_a_file(monkeypatch):
    from smartdesk.db.session import Database

    monkeypatch.setenv(exports.WORKERS_ENV, "2")
    memory = Database("sqlite://")
    try:
        assert not exports._parallel(memory)
    finally:
        memory.dispose()


def test_exported_files_are_readable_like_any_new_file(demo_db, tmp_path):
    import os
    import stat

    from smartdesk.services import exports

    mask = os.umask(0o022)
    try:
        exports.export_summary(demo_db, tmp_path / "s.xlsx")
        exports.export_ics(demo_db, tmp_path / "a.ics")
    finally:
        os.umask(mask)
    for name in ("s.xlsx", "a.ics"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644


# --- progress and cancel (the desktop's progress dialog) ----------------------------------------


class Stop(Exception):
    pass


def test_csv_export_reports_progress_up_to_its_total(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 10)
    calls: list[tuple[int, int]] = []
    n = exports.export_csv(
        demo_db, "attendance", tmp_path / "a.csv", progress=lambda d, t: calls.append((d, t))
    )
    assert n > 10 and calls[-1] == (n, n)
    assert calls[0] == (10, n) and [d for d, _t in calls] == sorted(d for d, _t in calls)


@pytest.mark.parametrize(
    "export",
    [
        lambda db, path, progress: exports.export_csv(db, "people", path, progress=progress),
        lambda db, path, progress: exports.export_summary(db, path, progress=progress),
        lambda db, path, progress: exports.export_ics(db, path, progress=progress),
    ],
    ids=["csv", "summary", "ics"],
)
def test_an_export_stopped_by_its_progress_leaves_no_file(demo_db, tmp_path, monkeypatch, export):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 5)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.file"

    def stop(done, total):
        raise Stop

    with pytest.raises(Stop):
        export(demo_db, target, stop)
    assert not target.exists()
    assert list(folder.iterdir()) == []  # no .partial left beside it


def test_summary_progress_counts_the_rows_of_the_visible_sheets(demo_db, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 10)
    calls: list[tuple[int, int]] = []
    result = exports.export_summary(
        demo_db, tmp_path / "s.xlsx", progress=lambda d, t: calls.append((d, t))
    )
    visible = sum(n for key, n in result.rows.items() if key.endswith("_sheet"))
    assert [d for d, _t in calls] == list(range(10, visible + 1, 10))
    assert all(t == 0 for _d, t in calls)  # the total is not known beforehand


def test_ics_sequence_grows_when_an_event_changes(db, tmp_path):
    import time

    from icalendar import Calendar

    from smartdesk.services import events as event_service

    event = event_service.create(
        db, title="Midi du Smart", kind="midi_du_smart", start="2026-12-10T12:00"
    )

    def vevent():
        target = tmp_path / "agenda.ics"
        exports.export_ics(db, target)
        (item,) = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
        return int(item["sequence"]), item.decoded("last-modified")

    first_sequence, first_modified = vevent()
    time.sleep(1.1)  # timestamps are stored to the second
    event_service.update_event(db, event.id, title="Midi du Smart (salle changée)")
    second_sequence, second_modified = vevent()
    assert second_sequence > first_sequence and second_modified > first_modified
