"""The letterhead: the organisation's name and the funding line never share a line box."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from pdf_positions import find, line_box, runs
from pdf_samples import MIDI, TRAINING, logo, read, settings_with_logos

from smartdesk.domain.records import AgendaItemRecord, CertificateData, PersonRecord
from smartdesk.reports.pdf import AgendaOptions, CertificateOptions, agenda, certificates, fonts

FUNDING = "Avec le soutien du FEADER et de la Wallonie — programme LEADER. Cofinancé par l'Union européenne."


def _overlap(a, b) -> bool:
    (a0, a1), (b0, b1) = a, b
    return a0 < b1 and b0 < a1


def _horizontal(run, font) -> tuple[float, float]:
    return run.x, run.x + fonts.string_width(run.text, font, run.size)


@pytest.mark.parametrize("funders", [False, True])
@pytest.mark.parametrize("document", ["agenda", "certificate"])
def test_name_and_funding_line_do_not_overlap_with_an_organiser_logo(tmp_path, funders, document):
    settings = dataclasses.replace(
        settings_with_logos(tmp_path),
        name="GAL Burdinale Mehaigne",
        funding_line=FUNDING,
    )
    if not funders:
        settings = dataclasses.replace(settings, funder_logos=())
    if document == "agenda":
        data = agenda(
            MIDI, [AgendaItemRecord(1, "Accueil", dt.time(12))], settings, AgendaOptions("fr")
        )
    else:
        person = PersonRecord(1, "1", "Marie", "Dubois")
        data = certificates(
            [CertificateData(person, TRAINING, TRAINING.sessions)],
            settings,
            CertificateOptions("fr"),
        )
    name = find(data, "GAL Burdinale Mehaigne")[0]
    top_band = [r for r in runs(data) if r.y > 700]  # the letterhead, not the agenda's footer
    funding = [r for r in top_band if "FEADER" in r.text or "Union" in r.text]
    assert funding, "the funding line is printed"
    for run in funding:
        same_band = _overlap(line_box(name), line_box(run))
        side_by_side = _overlap(_horizontal(name, fonts.BOLD), _horizontal(run, fonts.ITALIC))
        assert not (same_band and side_by_side), (name, run)
    # the whole funding line is there, not cut with an ellipsis
    assert "".join(r.text for r in funding).replace(" ", "").endswith("européenne.")


def test_an_eight_thousand_pixel_logo_is_embedded_at_about_300_dpi(tmp_path):
    settings = dataclasses.replace(
        settings_with_logos(tmp_path), logo_path=logo(tmp_path / "huge.png", (8000, 6000))
    )
    data = agenda(MIDI, [], settings, AgendaOptions("fr"))
    widths = []
    for page in read(data).pages:
        for xobject in page["/Resources"]["/XObject"].values():
            obj = xobject.get_object()
            if obj.get("/Subtype") == "/Form":  # the header form holds the pictures
                for inner in obj["/Resources"].get("/XObject", {}).values():
                    widths.append(int(inner.get_object()["/Width"]))
            elif obj.get("/Subtype") == "/Image":
                widths.append(int(obj["/Width"]))
    # the organiser's logo prints at most 42 mm wide: 496 pixels at 300 dpi
    assert widths and max(widths) <= 500
    assert len(data) < 200_000
