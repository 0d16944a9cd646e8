"""The exchange part: every value comes back exactly; doubtful workbooks are refused."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import openpyxl
import pytest
import xlsx_factory as factory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smartdesk.domain.enums import EventKind, Sector
from smartdesk.domain.exchange import EXCHANGE_FORMAT_VERSION, ExchangeTable
from smartdesk.reports.xlsx import (
    ExchangeReadError,
    Limits,
    TableReadError,
    read_exchange_workbook,
    write_summary_workbook,
)
from smartdesk.reports.xlsx import exchange as exchange_module
from smartdesk.reports.xlsx.cells import ooxml_escape, ooxml_unescape, safe_cell, unsafe_cell

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
BRUSSELS = dt.timezone(dt.timedelta(hours=1))


def write(path, tables, **kwargs):
    write_summary_workbook(path, factory.summary_data(3, tables, **kwargs), lang="en")
    return read_exchange_workbook(path)


def test_header_round_trip(tmp_path):
    result = write(tmp_path / "x.xlsx", [])
    header = result.header
    assert header.format_version == EXCHANGE_FORMAT_VERSION
    assert header.exported_at == dt.datetime(2025, 1, 15, 9, 30)
    assert header.smartdesk_version
    assert header.origin.commune == "Héron"
    assert header.origin.commune_uuid == factory.uid(7)
    assert header.origin.organisation == "GAL Burdinale Mehaigne"
    assert (header.date_from, header.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert header.anonymous is False
    assert write(tmp_path / "y.xlsx", [], anonymous=True).header.anonymous is True


def test_typed_values_round_trip(tmp_path):
    person = uuid.uuid4()
    rows = [
        (str(person), "Véronique", 3, 2.5, True, dt.date(2024, 3, 1),
         dt.datetime(2024, 3, 1, 10, 30, 15, 123456, tzinfo=BRUSSELS), dt.time(9, 15),
         EventKind.WORKSHOP, ""),
        (person, None, -7, 1e-7, False, None, dt.datetime(2024, 3, 2, 8, 0), None, None, None),
        (None,) * 10,
        ("x", "=SUM(A1)", 2**53 + 1, -0.0, False, dt.date(1900, 1, 1), None, dt.time(0, 0),
         Sector.BUSINESS, " "),
    ]  # fmt: skip
    columns = ("uuid", "name", "count", "ratio", "flag", "day", "updated_at", "at", "kind", "e")
    result = write(tmp_path / "x.xlsx", [ExchangeTable("events", columns, iter(rows))])
    got = result.table("events")
    assert result.columns["events"] == columns
    assert len(got) == 4
    assert got[0] == dict(zip(columns, [str(person), *rows[0][1:8], "workshop", ""], strict=True))
    assert got[1]["uuid"] == str(person) and got[1]["ratio"] == 1e-7 and got[1]["flag"] is False
    assert got[1]["updated_at"] == dt.datetime(2024, 3, 2, 8, 0)
    assert got[0]["updated_at"].tzinfo is not None
    assert got[2] == dict.fromkeys(columns)
    assert got[3]["count"] == 2**53 + 1 and type(got[3]["count"]) is int
    assert str(got[3]["ratio"]) == "-0.0"
    assert got[3]["kind"] == "business" and got[3]["e"] == " "
    assert result.table("absent") == []


def test_several_tables_and_empty_ones(tmp_path):
    tables = [
        ExchangeTable("communes", ("uuid", "name"), [(factory.uid(1), "Héron")]),
        ExchangeTable("people", ("uuid",), []),
        ExchangeTable("registrations", ("uuid", "event_uuid", "person_uuid", "status"),
                      ((factory.uid(i), factory.uid(1), factory.uid(i + 1), "present")
                       for i in range(500))),
    ]  # fmt: skip
    result = write(tmp_path / "x.xlsx", tables)
    assert list(result.tables) == ["communes", "people", "registrations"]
    assert result.table("people") == []
    assert len(result.table("registrations")) == 500
    assert result.table("registrations")[499]["person_uuid"] == factory.uid(500)


@pytest.mark.parametrize(
    "table",
    [
        ExchangeTable("people", ("a", "b"), [(1,)]),
        ExchangeTable("bad name!", ("a",), []),
        ExchangeTable("x" * 40, ("a",), []),
        ExchangeTable("mixed", ("a",), [(dt.date(2024, 1, 1),), ("text",)]),
        ExchangeTable("mixed2", ("a",), [("text",), (dt.date(2024, 1, 1),)]),
        ExchangeTable("mixed3", ("a",), [(dt.date(2024, 1, 1),), (dt.datetime(2024, 1, 1),)]),
        ExchangeTable("obj", ("a",), [(object(),)]),
        ExchangeTable("nan", ("a",), [(float("nan"),)]),
    ],
)
def test_programming_errors_are_refused_and_leave_no_file(tmp_path, table):
    with pytest.raises((ValueError, TypeError)):
        write_summary_workbook(tmp_path / "x.xlsx", factory.summary_data(1, [table]))
    assert list(tmp_path.iterdir()) == []


def test_repeated_table_name_is_refused(tmp_path):
    tables = [ExchangeTable("people", ("a",), []), ExchangeTable("people", ("a",), [])]
    with pytest.raises(ValueError, match="repeated"):
        write_summary_workbook(tmp_path / "x.xlsx", factory.summary_data(1, tables))


# --- refusals ------------------------------------------------------------------------------------


def test_a_workbook_without_exchange_part(tmp_path):
    with pytest.raises(ExchangeReadError, match="not a SmartDesk exchange workbook"):
        read_exchange_workbook(DATA / "membres_titre_fusionne.xlsx")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("not_a_workbook.xlsx", "not an Excel workbook"),
        ("empty.csv", "empty"),
        ("billion_laughs.xlsx", "refused for safety"),
        ("billion_laughs_deep.xlsx", "refused for safety"),
        ("zip_bomb.xlsx", "expands"),
    ],
)
def test_files_that_are_not_sound_workbooks(name, message):
    with pytest.raises(ExchangeReadError, match=message):
        read_exchange_workbook(DATA / name)


def test_too_large(tmp_path):
    path = tmp_path / "x.xlsx"
    write(path, [])
    with pytest.raises(TableReadError, match="too large"):
        read_exchange_workbook(path, limits=Limits(max_file_bytes=1000))


def test_unknown_format_version(tmp_path, monkeypatch):
    path = tmp_path / "future.xlsx"
    monkeypatch.setattr(exchange_module, "EXCHANGE_FORMAT_VERSION", EXCHANGE_FORMAT_VERSION + 1)
    write_summary_workbook(path, factory.summary_data(1))
    monkeypatch.undo()
    newer, ours = EXCHANGE_FORMAT_VERSION + 1, EXCHANGE_FORMAT_VERSION
    with pytest.raises(ExchangeReadError, match=f"format version {newer}.*up to version {ours}"):
        read_exchange_workbook(path)


def _edit(path, change):
    wb = openpyxl.load_workbook(path)
    change(wb)
    wb.save(path)


@pytest.mark.parametrize(
    "change",
    [
        lambda wb: wb["_x_people"].delete_rows(3),  # a record removed
        lambda wb: wb["_x_people"].append(["extra"]),  # a record added
        lambda wb: wb.remove(wb["_x_people"]),  # a table sheet removed
        lambda wb: wb["_x_people"].cell(1, 2, "prénom"),  # a column renamed
        lambda wb: wb["_x_people"].cell(2, 6, "pas une date"),  # a date garbled
        lambda wb: wb["_exchange"].cell(1, 2, "autre-chose"),  # not our format
        lambda wb: wb["_exchange"].cell(2, 2, "un"),  # version not a number
    ],
)
def test_edited_exchange_part_is_refused(tmp_path, change):
    path = tmp_path / "x.xlsx"
    rows = [(factory.uid(i), "A", "B", None, True, dt.datetime(2024, 1, i + 1)) for i in range(3)]
    write(path, [factory.people_table(rows)])
    _edit(path, change)
    with pytest.raises(ExchangeReadError, match="damaged or was edited"):
        read_exchange_workbook(path)


# --- properties: random texts come back unchanged -------------------------------------------

RISKY_TEXT = st.tuples(st.sampled_from(["", "=", "+", "-", "@", "\t", "\r", "'", "''=", "_x0041_"]),
                       st.text()).map("".join)  # fmt: skip
ANY_TEXT = st.one_of(st.text(), RISKY_TEXT, st.text(alphabet=st.characters(codec="utf-8")))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(st.lists(ANY_TEXT, min_size=3, max_size=3), min_size=1, max_size=8))
def test_random_texts_round_trip_through_the_exchange_part(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("prop") / "x.xlsx"
    table = ExchangeTable("notes", ("a", "b", "c"), [tuple(row) for row in texts])
    write_summary_workbook(path, factory.summary_data(0, [table]))
    result = read_exchange_workbook(path)
    assert [tuple(r.values()) for r in result.table("notes")] == [tuple(r) for r in texts]


@given(ANY_TEXT)
def test_escapes_are_exact_inverses(text):
    assert ooxml_unescape(ooxml_escape(text)) == text
    assert unsafe_cell(safe_cell(text)) == text
    escaped = safe_cell(text)
    assert not escaped or escaped[0] not in "=+-@\t\r"


NASTY = [
    "\x00\x01\x08\x0b\x0c\x0e\x1f",
    "\ufffe\uffff",
    "\ud800 lone surrogate \udfff",
    "a\r\nb\rc\n",
    "_x005F_",
    "_xD800_ and _x0041",
    "_x0041_\x01",
    "  leading and trailing  ",
    "\u2028\x85\xa0",
    "]]> <![CDATA[ &amp; &#13;",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 👩‍👩‍👧",
    "=" * 32767,
]


def test_nasty_texts_round_trip(tmp_path):
    table = ExchangeTable("notes", ("a",), [(text,) for text in NASTY])
    result = write(tmp_path / "x.xlsx", [table])
    assert [r["a"] for r in result.table("notes")] == NASTY


def test_a_workbook_saved_again_by_openpyxl_reads_the_same(tmp_path):
    """Saved again by another program (openpyxl here, LibreOffice in the LibreOffice tests)."""
    path = tmp_path / "x.xlsx"
    rows = [(factory.uid(i), t, "X", None, i % 2 == 0, dt.datetime(2024, 1, 1, 10, i))
            for i, t in enumerate(NASTY[:-1])]  # fmt: skip
    before = write(path, [factory.people_table(rows)])
    _edit(path, lambda wb: None)
    after = read_exchange_workbook(path)
    assert after.tables == before.tables
