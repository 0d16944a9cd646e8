"""The summary workbook as it prints and reads: widths and heights from the content, one font,
A4 fitted to the width with a header and a footer on every sheet, totals rows, the Synthèse on
one page (LibreOffice converts it to PDF and the pages are counted); and the fast writer: taken
with the pinned library versions, loud when it is not, its placeholders always filled in."""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsx_factory as factory

from smartdesk.reports.xlsx import internals, write_summary_workbook
from smartdesk.reports.xlsx.layout import MAX_WIDTH, WRAP_WIDTH, lines_needed, text_width
from smartdesk.reports.xlsx.sheet import SheetWriter
from smartdesk.reports.xlsx.styles import Styles

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
FUNDING = "Avec le soutien du FEADER & de la Wallonie — programme LEADER."
VISIBLE = [
    "Synthèse",
    "Contribution des communes",
    "Événements",
    "Participations",
    "Formations",
    "Totaux par formation",
    "Ateliers",
    "Cartes par catégorie et axe",
    "Projets",
]


def _data(n: int = 30, **changes):
    return dataclasses.replace(factory.summary_data(n), **({"funding_line": FUNDING} | changes))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("layout") / "synthese.xlsx"
    write_summary_workbook(path, _data(), lang="fr")
    return path


def test_every_visible_sheet_has_the_header_footer_and_print_settings(workbook):
    wb = openpyxl.load_workbook(workbook)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == VISIBLE
    for name in VISIBLE:
        ws = wb[name]
        assert ws.oddHeader.left.text == "GAL Burdinale Mehaigne", name
        assert ws.oddHeader.right.text == "&A", name  # the sheet's name
        assert ws.oddFooter.left.text == FUNDING.replace("&", "&&"), name  # & is a code there
        assert ws.oddFooter.right.text == "Page &P / &N", name
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        if name == "Synthèse":
            assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToHeight == 1
        else:
            assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToHeight == 0
    for name in ("_exchange",):
        assert wb[name].oddHeader.left.text is None  # hidden sheets are not printed


def test_one_font_everywhere(workbook):
    wb = openpyxl.load_workbook(workbook)
    fonts = {
        cell.font.name
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value is not None
    }
    assert fonts == {"Calibri"}
    assert wb["Synthèse"]["A1"].font.sz == 14 and wb["Synthèse"]["A1"].font.b


def test_widths_follow_the_content(tmp_path):
    long_org = "Association des commerçants et artisans de la vallée de la Burdinale"
    data = _data()
    participations = [dataclasses.replace(p, organisation=long_org) for p in data.participations]
    path = tmp_path / "w.xlsx"
    write_summary_workbook(
        path, dataclasses.replace(data, participations=participations), lang="fr"
    )
    ws = openpyxl.load_workbook(path)["Participations"]
    widths = {cell.value: ws.column_dimensions[cell.column_letter].width for cell in ws[1]}
    # the organisation column grew to its (wrapped) maximum, its rows are two lines high
    assert widths["Organisation"] == WRAP_WIDTH
    assert ws.row_dimensions[2].height == 15 * lines_needed(long_org, WRAP_WIDTH) >= 30
    # a date column is as wide as a date, the header "Commune" and its communes are whole
    assert 10 < widths["Date"] < 14
    assert widths["Commune"] >= text_width("Commune", bold=True) + 1
    assert all(w <= MAX_WIDTH for w in widths.values())
    # a first name of 200 characters does not make a column wider than the page
    assert widths["Prénom"] == MAX_WIDTH


def test_headers_fit_and_wrapped_rows_get_their_height(workbook):
    wb = openpyxl.load_workbook(workbook)
    ws = wb["Ateliers"]
    for cell in ws[1]:
        width = ws.column_dimensions[cell.column_letter].width
        words = max(text_width(w, bold=True) for w in cell.value.split())
        assert width >= words, cell.value  # no header word cut
    question = ws.column_dimensions["C"].width
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row - 1):
        needed = lines_needed(row[2].value, question)
        height = ws.row_dimensions[row[0].row].height
        assert (height or 15) >= needed * 15, row[2].value


def test_totals_rows(workbook):
    wb = openpyxl.load_workbook(workbook)
    events = [list(r) for r in wb["Événements"].iter_rows(values_only=True)]
    total = events[-1]
    assert total[0].startswith("Total") and "4" in total[0]
    for column in (10, 11, 12):  # hours, registered, present
        assert total[column] == sum(r[column] or 0 for r in events[1:-1])
    assert wb["Événements"].auto_filter.ref == "A1:M5"  # the totals row is not filtered
    assert wb["Événements"].cell(len(events), 12).font.b


def test_the_dimension_and_widths_are_real(workbook):
    with zipfile.ZipFile(workbook) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                head = archive.open(name).read(4096).decode()
                assert "XFD" not in head and "200.0" not in head, name
                assert re.search(r'<dimension ref="A1(:[A-Z]+\d+)?"', head), name


def test_the_pinned_versions_take_the_fast_path(tmp_path, caplog):
    lock = Path(__file__).resolve().parents[2] / "requirements.lock"
    pinned = dict(
        line.split("==") for line in lock.read_text().splitlines() if "==" in line
    )  # fmt: skip
    assert {name: pinned[name] for name in internals.PINNED} == internals.PINNED
    assert internals.why_not_fast() is None
    wb = openpyxl.Workbook(write_only=True)
    sheet = SheetWriter(wb, "s", Styles(wb))
    with caplog.at_level(logging.WARNING):
        sheet.append(("a", 1))
    assert sheet._raw is not None  # rows go straight to et_xmlfile's writer
    assert not caplog.records
    sheet.finish()
    wb.save(tmp_path / "fast.xlsx")
    assert openpyxl.load_workbook(tmp_path / "fast.xlsx")["s"]["B1"].value == 1


def test_an_unknown_version_is_said_in_the_log(tmp_path, monkeypatch, caplog):
    monkeypatch.setattr(internals, "_WHY_NOT", "openpyxl 9.9 instead of the pinned 3.1.5")
    monkeypatch.setattr(internals, "_told", False)
    with caplog.at_level(logging.WARNING, logger=internals.__name__):
        write_summary_workbook(tmp_path / "slow.xlsx", _data(5), lang="fr")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "openpyxl 9.9" in warnings[0]  # once, not per sheet
    wb = openpyxl.load_workbook(tmp_path / "slow.xlsx")
    assert wb["Événements"]["A2"].value is not None
    assert wb["Événements"].oddFooter.left.text == FUNDING.replace("&", "&&")


def test_an_organisation_never_named_says_where_to_name_it(tmp_path):
    from smartdesk.domain.exchange import ExchangeOrigin

    path = tmp_path / "gal.xlsx"
    write_summary_workbook(path, _data(3, origin=ExchangeOrigin()), lang="en")
    ws = openpyxl.load_workbook(path)["Summary"]
    assert ws["B2"].value == "(not named yet: Settings, organisation’s name)"
    assert ws.oddHeader.left.text == ws["B2"].value


def test_hostile_names_in_the_header_and_footer(tmp_path):
    from smartdesk.domain.exchange import ExchangeOrigin

    hostile = "<GAL> & =cmd 🎉 " + "x" * 200
    path = tmp_path / "h.xlsx"
    data = _data(3, origin=ExchangeOrigin(organisation=hostile), funding_line="&P " + "y" * 400)
    write_summary_workbook(path, data, lang="fr")
    ws = openpyxl.load_workbook(path)["Événements"]
    header, footer = ws.oddHeader.left.text, ws.oddFooter.left.text
    assert header.startswith("<GAL> && =cmd 🎉 x") and footer.startswith("&&P y")
    assert len(footer) + len(ws.oddFooter.right.text) < 255  # what Excel accepts


def _pdf(workbook: Path, folder: Path) -> Path:
    profile = folder / f"lo-profile-{uuid.uuid4().hex[:8]}"
    result = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(folder), str(workbook)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return folder / f"{workbook.stem}.pdf"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
@pytest.mark.parametrize("communes", [6, 19])
def test_libreoffice_prints_the_synthesis_on_one_page(tmp_path, communes):
    from pypdf import PdfReader

    data = _data(40)
    by_commune = {f"Commune n°{i}": 40 - i for i in range(communes)}
    stats = dataclasses.replace(
        data.statistics, participants_by_commune=by_commune, people_by_commune=by_commune
    )
    path = tmp_path / "synthese.xlsx"
    write_summary_workbook(path, dataclasses.replace(data, statistics=stats), lang="fr")
    pages = [page.extract_text() for page in PdfReader(_pdf(path, tmp_path)).pages]
    # the header names the sheet on each of its pages
    synthesis = [text for text in pages if "Synthèse" in text.splitlines()[0]]
    assert len(synthesis) == 1, [text[:80] for text in pages]
    assert "Synthèse des activités" in synthesis[0] and "Page 1 /" in synthesis[0]
    assert FUNDING in synthesis[0]
    assert any("Commune n°" + str(communes - 1) in text for text in synthesis)
    # every sheet's page carries the funders' line and the organisation
    assert all(FUNDING in text and "GAL Burdinale Mehaigne" in text for text in pages)
