"""The exchange part edited by hand is refused whole: two communes export as they would, the
workbook is opened and changed with openpyxl as a user would, and the GAL imports it."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import uuid

import openpyxl
import pytest

from smartdesk.i18n import _
from smartdesk.services import events, exchange, exports

from .conftest import raw_rows
from .test_exchange import communes, dump, gal, workbooks  # noqa: F401 (fixtures)


def edited_by_hand(name: str) -> str:
    """The sentence of today's refusal, in the test's language."""
    return _(
        "The exchange part of {name} is damaged or was edited by hand; it cannot be imported. "
        "Ask for a new export."
    ).format(name=name)


def column(ws, name: str) -> int:
    return next(c.column for c in ws[1] if c.value == name)


def set_cell(table: str, name: str, value, row: int = 2):
    """An edit of one cell of an exchange table, as a user would type it."""

    def edit(wb):
        ws = wb[f"_x_{table}"]
        ws.cell(row, column(ws, name), value)

    return edit


def set_header(key: str, value):
    def edit(wb):
        for row in wb["_exchange"].iter_rows():
            if row[0].value == key:
                row[1].value = value
                return
        raise AssertionError(key)

    return edit


def new_uuid(_old=None) -> str:
    return str(uuid.uuid4())


def set_from(table: str, name: str, change, row: int = 2):
    """An edit computed from the cell's current value."""

    def edit(wb):
        ws = wb[f"_x_{table}"]
        cell = ws.cell(row, column(ws, name))
        cell.value = change(cell.value)

    return edit


def delete_last_row_and_fix_the_count(table: str):
    """A record removed, with the header's row count corrected by someone who looked."""

    def edit(wb):
        ws = wb[f"_x_{table}"]
        ws.delete_rows(ws.max_row)
        for row in wb["_exchange"].iter_rows():
            if row[0].value == table:
                row[2].value -= 1

    return edit


EDITS = {
    "event UUID": set_from("events", "uuid", new_uuid),
    "person UUID": set_from("people", "uuid", new_uuid),
    "origin commune": set_header("commune", "Wanze"),
    "origin commune UUID": set_header("commune_uuid", new_uuid()),
    "registration status": set_from(
        "registrations", "status", lambda s: "excused" if s == "present" else "present"
    ),
    "event status": set_from(
        "events", "status", lambda s: "cancelled" if s != "cancelled" else "held"
    ),
    "event title": set_from("events", "title", lambda t: t + " (corrigé)"),
    "event of a registration": set_from("registrations", "event_uuid", new_uuid),
    "anonymous flag": set_header("anonymous", True),
    "seal removed": set_header("seal", None),
    "record removed, count fixed": delete_last_row_and_fix_the_count("registrations"),
    "hours typed as a number": set_cell("events", "hours", 99),
}


@pytest.mark.parametrize("edit", list(EDITS.values()), ids=list(EDITS))
def test_an_edited_exchange_part_is_refused_and_changes_nothing(workbooks, gal, tmp_path, edit):  # noqa: F811
    heron, wanze = workbooks
    assert exchange.consolidate(gal, [wanze]).ok
    before = dump(gal)
    edited = tmp_path / "heron-edited.xlsx"
    wb = openpyxl.load_workbook(heron)
    edit(wb)
    wb.save(edited)
    report = exchange.consolidate(gal, [edited])
    [file] = report.files
    assert not file.ok
    assert file.error == edited_by_hand(edited.name)
    assert dump(gal) == before


def test_a_workbook_saved_again_without_edits_is_imported(workbooks, gal, tmp_path):  # noqa: F811
    """Opened and saved (openpyxl here; LibreOffice in tests/reports): the same records."""
    heron, wanze = workbooks
    again = tmp_path / "heron-saved-again.xlsx"
    wb = openpyxl.load_workbook(heron)
    wb.save(again)
    report = exchange.consolidate(gal, [again, wanze])
    assert report.ok, [f.error for f in report.files]
    # each commune's evening and training session, once each
    assert raw_rows(gal, "SELECT count(*) FROM event") == [(4,)]


def test_an_edited_event_is_not_counted_twice(workbooks, gal, tmp_path):  # noqa: F811
    """The fault the issue found: an event UUID edited in a file sent again was counted as a
    new event. Now the edited file is refused and the count stays."""
    heron, wanze = workbooks
    assert exchange.consolidate(gal, [heron, wanze]).ok
    events_before = raw_rows(gal, "SELECT count(*) FROM event")
    edited = tmp_path / "heron-again.xlsx"
    wb = openpyxl.load_workbook(heron)
    EDITS["event UUID"](wb)
    wb.save(edited)
    assert not exchange.consolidate(gal, [edited]).ok
    assert raw_rows(gal, "SELECT count(*) FROM event") == events_before
    origins = [f.origin for f in exchange.figures_by_origin(gal)]
    assert sorted(origins) == ["Héron", "Wanze"]


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_real_export_saved_again_in_libreoffice_is_imported(communes, gal, tmp_path):  # noqa: F811
    """A real export (enums, hours, dates, booleans, JSON lists) opened and saved by
    LibreOffice keeps its seal: the values are sealed as they read back, not as stored."""
    source = tmp_path / "heron.xlsx"
    events.create(
        communes["heron"], title="Petit déj'", kind="business_breakfast",
        start="2024-05-01T08:00", end="2024-05-01T09:20", hours=4 / 3,
    )  # fmt: skip
    exports.export_summary(communes["heron"], source)
    profile = tmp_path / f"lo-profile-{uuid.uuid4().hex[:8]}"
    out = tmp_path / "out"
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "xlsx", "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = exchange.consolidate(gal, [out / "heron.xlsx"])
    assert report.ok, report.files[0].error
    assert raw_rows(gal, "SELECT count(*) FROM event") == [(3,)]


def test_a_workbook_saved_again_later_is_imported_with_a_word_on_its_visible_sheets(
    workbooks,  # noqa: F811
    gal,  # noqa: F811
    tmp_path,
):
    """Exported two hours ago, then opened and saved (perhaps with a status corrected in a
    visible sheet): imported from its exchange part, and the report says the visible sheets
    were not read."""
    heron, _wanze = workbooks
    again = tmp_path / "heron-later.xlsx"
    wb = openpyxl.load_workbook(heron)
    wb.properties.created -= dt.timedelta(hours=2)
    ws = wb.worksheets[1]  # a visible sheet, edited as a secretary would
    ws.cell(ws.max_row, 1, "corrigé à la main")
    wb.save(again)
    [file] = exchange.consolidate(gal, [again]).files
    assert file.ok
    [warning] = [w for w in file.warnings if "saved again" in w]
    assert again.name in warning and "visible sheets are not" in warning
    # the file as exported: no such word
    [file] = exchange.consolidate(gal, [heron]).files
    assert not [w for w in file.warnings if "saved again" in w]
