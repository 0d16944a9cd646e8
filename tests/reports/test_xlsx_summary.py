"""The summary workbook re-opened with openpyxl: sheets, real dates and numbers, frozen header,
autofilter, charts, hidden exchange part, properties, translations, and no formula anywhere."""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import openpyxl
import pytest
import xlsx_factory as factory

from smartdesk import __version__, i18n
from smartdesk.domain.exchange import EXCHANGE_FORMAT_VERSION
from smartdesk.reports.xlsx import internals, ooxml_unescape, write_summary_workbook
from smartdesk.reports.xlsx.exchange import read_exchange_workbook

VISIBLE = [
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


@pytest.fixture
def workbook_path(tmp_path):
    path = tmp_path / "synthese.xlsx"
    table = factory.people_table(
        [(factory.uid(i), text, "X", None, True, None) for i, text in enumerate(factory.HOSTILE)]
    )
    write_summary_workbook(path, factory.summary_data(30, [table]), lang="en")
    return path


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_sheets_in_order_exchange_hidden(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    assert wb.sheetnames == [*VISIBLE, "_exchange", "_x_people"]
    assert [wb[n].sheet_state for n in VISIBLE] == ["visible"] * len(VISIBLE)
    assert wb["_exchange"].sheet_state == "hidden"
    assert wb["_x_people"].sheet_state == "hidden"
    assert wb.active.title == "Summary"


def test_data_sheets_have_frozen_styled_header_and_autofilter(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    expected_filters = {
        "Events": "A1:M5",
        "Participations": "A1:J31",
        "Trainings": "A1:I2",
        "Workshops": "A1:M2",
        "Projects": "A1:E2",
    }
    for name, ref in expected_filters.items():
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == ref, name
        assert ws["A1"].font.bold and ws["A1"].fill.fgColor.rgb.endswith("2F5D50")
        assert ws.column_dimensions["A"].width >= 8
        assert ws.print_title_rows == "$1:$1"  # header repeated on each printed page
        assert ws.page_setup.orientation == "landscape"


def test_real_dates_times_and_numbers(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    events = wb["Events"]
    assert events["A2"].value == dt.datetime(2024, 2, 6)
    assert events["A2"].number_format == "DD/MM/YYYY"
    assert events["B2"].value == dt.time(12, 0)
    assert events["L2"].value == 10 and events["L2"].data_type == "n"
    trainings = wb["Trainings"]
    assert trainings["F2"].value == 3.5
    assert trainings["I2"].value == 35.0  # 10 present × 3.5 h
    summary = wb["Summary"]
    values = {r[0]: r[1] for r in rows(summary) if r[0]}
    assert values["From"] == dt.datetime(2024, 1, 1)
    assert values["To"] == dt.datetime(2024, 12, 31)
    assert values["Events held"] == 5 and values["Events planned"] == 2
    assert values["Unique people reached"] == 19
    assert values["Training hours (participants × hours)"] == 37.5
    assert values["Exported on"] == dt.datetime(2025, 1, 15, 9, 30)


def test_synthesis_blocks_and_charts(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    summary = wb["Summary"]
    table = rows(summary)
    # the tables stand two by two: find the block's title in any column
    title = "Unique people and participations by commune"
    i, j = next((i, r.index(title)) for i, r in enumerate(table) if title in r)
    assert table[i + 1][j : j + 3] == ["Commune", "Unique people", "Participations"]
    assert table[i + 2][j : j + 3] == ["Héron", 9, 12]
    assert table[i + 4][j : j + 3] == ["Commune unknown", 3, 5]
    last = next(k for k in range(i + 2, len(table)) if table[k][j] == "Total")
    assert table[last][j + 1] == sum(r[j + 1] for r in table[i + 2 : last])
    assert len(summary._charts) == 4
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 4
        xml = archive.read(charts[2]).decode()
        # the third chart stands in the right half of the page, under its table
        assert "barChart>" in xml and "Summary" in xml and re.search(r"\$[B-Z]\$\d+", xml)


def test_no_cell_is_ever_a_formula(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    risky = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@\t\r":
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    risky += 1
    assert risky >= 20
    participations = rows(wb["Participations"])
    first_names = {ooxml_unescape(r[4]) for r in participations[1:] if r[4]}
    assert {"=1+1", "+32 476 55 44 33", "-", "-2+3", "@x", "\tTab", "\rCR"} <= first_names
    assert wb["Workshops"]["E2"].value == '=HYPERLINK("http://evil")'
    assert wb["Projects"]["A2"].value == "@Tiers-lieu"


def test_people_who_may_not_be_named_are_counted_not_named(tmp_path):
    path = tmp_path / "s.xlsx"
    write_summary_workbook(path, factory.summary_data(9), lang="en")
    table = rows(openpyxl.load_workbook(path)["Participations"])
    assert table[-1][0] == "Total, 9 rows"
    names = [r[3:5] for r in table[1:-1]]
    assert len(names) == 9
    assert names[0] == ["(not named)", None] and names[3] == ["(not named)", None]
    assert names[1] == ["Dupont1", "=1+1"]
    write_summary_workbook(path, factory.summary_data(9, anonymous=True), lang="en")
    wb = openpyxl.load_workbook(path)
    assert {tuple(r[3:5]) for r in rows(wb["Participations"])[1:-1]} == {("(not named)", None)}
    assert "Anonymous export: nobody is named." in [r[0] for r in rows(wb["Summary"])]


def test_document_properties(workbook_path):
    wb = openpyxl.load_workbook(workbook_path)
    props = wb.properties
    assert props.creator == "GAL Burdinale Mehaigne"
    assert props.title.startswith("Activity summary, from ")
    assert __version__ in props.description
    assert props.version == __version__
    custom = {p.name: p.value for p in wb.custom_doc_props}
    assert custom["SmartDesk version"] == __version__
    assert custom["SmartDesk exchange format"] == EXCHANGE_FORMAT_VERSION


@pytest.mark.parametrize(
    ("lang", "names"),
    [
        ("fr", ["Synthèse", "Événements", "Participations", "Formations", "Ateliers", "Projets"]),
        ("nl", None),
        ("de", None),
    ],
)
def test_sheet_names_and_headers_follow_the_language(tmp_path, lang, names):
    path = tmp_path / f"{lang}.xlsx"
    write_summary_workbook(path, factory.summary_data(3), lang=lang)
    wb = openpyxl.load_workbook(path)
    visible = [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"]
    if names:
        # the sheets known before, in their order, among the nine
        assert [n for n in visible if n in names] == names and len(visible) == len(VISIBLE)
        assert wb["Événements"]["A1"].value == "Date"
        assert wb["Synthèse"]["A1"].value == "Synthèse des activités"
    assert visible != VISIBLE  # translated
    assert all(len(n) <= 31 for n in visible)
    assert read_exchange_workbook(path).header.origin.commune == "Héron"


def test_fallback_through_openpyxl_cells_reads_back_the_same(tmp_path, monkeypatch):
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    write_summary_workbook(fast, factory.summary_data(20), lang="en")
    monkeypatch.setattr(internals, "ENABLED", False)
    write_summary_workbook(slow, factory.summary_data(20), lang="en")
    a, b = openpyxl.load_workbook(fast), openpyxl.load_workbook(slow)
    assert a.sheetnames == b.sheetnames
    for name in a.sheetnames:
        cells_a = [(c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix)
                   for row in a[name].iter_rows() for c in row]  # fmt: skip
        cells_b = [(c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix)
                   for row in b[name].iter_rows() for c in row]  # fmt: skip
        assert cells_a == cells_b, name


def test_a_failure_leaves_no_file(tmp_path):
    path = tmp_path / "s.xlsx"
    broken = factory.people_table([("a", "b", "c", "d", "e")])  # 5 values for 6 columns
    with pytest.raises(ValueError):
        write_summary_workbook(path, factory.summary_data(3, [broken]))
    assert list(tmp_path.iterdir()) == []
    path.write_bytes(b"previous export")
    with pytest.raises(ValueError):
        write_summary_workbook(path, factory.summary_data(3, [broken]))
    assert path.read_bytes() == b"previous export"
    assert list(tmp_path.iterdir()) == [path]


def test_writes_into_an_open_file(tmp_path):
    path = tmp_path / "s.xlsx"
    with path.open("wb") as fh, i18n.use_locale("fr"):
        write_summary_workbook(fh, factory.summary_data(3))
    assert openpyxl.load_workbook(path).sheetnames[0] == "Synthèse"  # the active locale


def test_empty_period_and_empty_tables(tmp_path):
    from smartdesk.domain.exchange import ExchangeOrigin
    from smartdesk.domain.records import Statistics
    from smartdesk.domain.summary import SummaryWorkbookData

    data = SummaryWorkbookData(
        statistics=Statistics(date_from=None, date_to=None),
        origin=ExchangeOrigin(),
        exported_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
    )
    path = tmp_path / "vide.xlsx"
    write_summary_workbook(path, data, lang="en")
    wb = openpyxl.load_workbook(path)
    summary = {}
    for r in rows(wb["Summary"]):
        summary.setdefault(r[0], r[1])
    assert summary["Period"] == "all dates"
    assert summary["Commune"] == "All communes"
    assert summary["Exported on"] == dt.datetime(2025, 1, 1, 1, 0)  # Brussels time
    assert len(wb["Summary"]._charts) == 0
    assert rows(wb["Events"])[0][0] == "Date" and wb["Events"].max_row == 1
    exchange = read_exchange_workbook(path)
    assert exchange.tables == {} and exchange.header.date_from is None


def test_texts_longer_than_excel_allows_are_cut_in_visible_sheets_only(tmp_path):
    from dataclasses import replace

    long_text = "é" * 40_000
    data = factory.summary_data(
        1, [factory.people_table([("u", long_text, "X", None, True, None)])]
    )
    data = replace(data, events=[factory.EventSummaryRow(factory.event(1, title=long_text))])
    path = tmp_path / "long.xlsx"
    write_summary_workbook(path, data, lang="en")
    title = openpyxl.load_workbook(path)["Events"]["D2"].value
    assert len(title) == 32_767 and title.endswith("…")
    assert read_exchange_workbook(path).table("people")[0]["first_name"] == long_text
