"""Badges, the results handout and the workshop cards against the hand-made versions, read back
from the PDF: sizes and positions of what is drawn, the columns printed, the contrast of the
band, and QR codes decoded from the rendered page."""

from __future__ import annotations

import dataclasses
import subprocess

import pytest
import zxingcpp
from pdf_geometry import shapes, text_runs
from pdf_samples import (
    MIDI,
    PROMPT_AXES,
    PROMPT_CATEGORIES,
    WORKSHOP,
    card,
    pages_text,
    people,
    read,
    row,
)
from PIL import Image

from smartdesk.domain.enums import CardCategory
from smartdesk.reports.pdf import (
    BadgeOptions,
    CardOptions,
    ResultsOptions,
    badges,
    blank_cards,
    styles,
    workshop_results,
)
from smartdesk.reports.pdf.badges import LAYOUTS, SAFE_MARGIN
from smartdesk.reports.pdf.workshop_cards import (
    MIN_CONTRAST,
    WRITING_LINE,
    band_colour,
    contrast_ratio,
)

# --- badges ---------------------------------------------------------------------------------


def test_the_first_name_is_printed_larger_than_the_last_name():
    data = badges(MIDI, [row(1, "Marie", "Dubois", organisation="CPAS")], None, BadgeOptions())
    runs = {r.text: r for r in text_runs(read(data).pages[0])}
    assert runs["Marie"].size > runs["Dubois"].size
    assert runs["Marie"].y > runs["Dubois"].y  # first name above


def test_a_long_organisation_gets_a_third_line_before_any_ellipsis():
    organisation = (
        "Administration communale de Orp-Jauche, service des travaux et de l'environnement"
    )
    person = row(1, "Jean", "Dupont", organisation=organisation, commune="Orp-Jauche")
    text = pages_text(badges(MIDI, [person], None, BadgeOptions(layout="2x4")))[0]
    assert "…" not in text
    assert " ".join(text.split()).count(organisation) == 1 or all(
        word in text for word in organisation.split()
    )
    lines = [r.text for r in text_runs(read(badges(MIDI, [person])).pages[0])]
    assert len([line for line in lines if line in organisation]) == 3


@pytest.mark.parametrize("layout", ["2x4", "2x5"])
def test_colour_and_outline_stay_inside_each_label(layout):
    """A sheet fed 1–2 mm askew must not print a band or frame on the next label."""
    grid = LAYOUTS[layout]
    rows = [dataclasses.replace(r, role="speaker") for r in people(grid.per_page)]
    page = read(badges(MIDI, rows, None, BadgeOptions(layout=layout))).pages[0]
    drawn = shapes(page).boxes
    assert len(drawn) >= 2 * grid.per_page  # a frame and a band per label
    labels = [grid.origin(i) for i in range(grid.per_page)]
    for x, y, w, h in drawn:
        inside = [
            (lx, ly)
            for lx, ly in labels
            if lx + SAFE_MARGIN - 0.1 <= x
            and x + w <= lx + grid.width - SAFE_MARGIN + 0.1
            and ly + SAFE_MARGIN - 0.1 <= y
            and y + h <= ly + grid.height - SAFE_MARGIN + 0.1
        ]
        assert inside, (x, y, w, h)


def test_the_role_is_printed_when_known():
    rows = [
        dataclasses.replace(row(1, "Ann", "Speaker"), role="speaker"),
        dataclasses.replace(row(2, "Bob", "Organiser"), role="organiser"),
        row(3, "Cid", "Guest"),
    ]
    text = pages_text(badges(MIDI, rows, None, BadgeOptions(lang="en")))[0]
    assert "SPEAKER" in text and "ORGANISER" in text
    assert text.count("SPEAKER") == 1 and text.count("ORGANISER") == 1


def test_badge_qr_codes_are_read_by_a_scanner_and_hold_no_name(tmp_path):
    rows = [dataclasses.replace(r, check_in_code=f"SD{r.person_id + 7}123456") for r in people(3)]
    data = badges(MIDI, rows, None, BadgeOptions(qr_codes=True))
    pdf = tmp_path / "badges.pdf"
    pdf.write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "p")], check=True)
    found = sorted(r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("p-*")))))
    assert found == sorted(r.check_in_code for r in rows)
    assert all(r.last_name not in code for r in rows for code in found)
    # Tents stand on tables: no code there.
    tents = badges(MIDI, rows, None, BadgeOptions(layout="tent", qr_codes=True))
    pdf.write_bytes(tents)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "t")], check=True)
    assert all(
        zxingcpp.read_barcodes(Image.open(image)) == [] for image in tmp_path.glob("t-*.png")
    )


# --- results handout ------------------------------------------------------------------------


def _results(cards, **options) -> str:
    data = workshop_results(
        WORKSHOP,
        cards,
        None,
        ResultsOptions(lang="fr", **options),
        event=MIDI,
        participants=23,
    )
    return "\n".join(pages_text(data))


def test_no_empty_votes_selected_or_commune_column():
    cards = [card(i, PROMPT_CATEGORIES, category=CardCategory.GREEN) for i in range(4)]
    text = _results(cards)
    assert "Votes" not in text and "Retenu" not in text and "Commune" not in text
    assert "Code" in text and "Idée numéro 3" in text


def test_columns_come_back_when_filled_and_groups_read_group_a():
    cards = [
        card(1, PROMPT_AXES, axis=PROMPT_AXES.axes[0], votes=4, selected=True, rank=1,
             group_label="A", commune="Perwez"),
        card(2, PROMPT_AXES, axis=PROMPT_AXES.axes[1], votes=0, group_label="A"),
        card(3, PROMPT_AXES, axis=PROMPT_AXES.axes[1], selected=True, rank=1,
             group_label="Les Verts"),
    ]  # fmt: skip
    text = _results(cards)
    assert "Votes" in text and "Retenu" in text and "Commune" in text and "Perwez" in text
    assert "Groupe A" in text or "Group A" in text
    assert "Les Verts" in text and "Group Les Verts" not in text


def test_the_header_names_the_place_participants_and_facilitator():
    text = _results([card(1, PROMPT_CATEGORIES)], facilitator="Marie Lambert")
    first = text.split("\n", 12)
    head = "\n".join(first)
    assert "Salle du Conseil" in head and "23 participants" in head
    assert "Marie Lambert" in head


# --- workshop cards ---------------------------------------------------------------------------


@pytest.mark.parametrize("colour", [*styles.AXIS_COLOURS, *styles.CATEGORY_COLOURS.values()])
def test_white_text_on_every_band_reads_at_wcag_aa(colour):
    band = band_colour(colour)
    assert contrast_ratio(band, styles.WHITE) >= MIN_CONTRAST
    if contrast_ratio(colour, styles.WHITE) >= MIN_CONTRAST:
        assert band == colour  # colours already dark enough are left alone


def test_the_ochre_band_is_darkened_and_printed_so():
    ochre = styles.AXIS_COLOURS[0]
    assert contrast_ratio(ochre, styles.WHITE) < MIN_CONTRAST  # the fault the issue saw
    data = blank_cards(PROMPT_AXES, WORKSHOP, None, CardOptions(lang="fr"))
    stream = read(data).pages[0].get_contents().get_data().decode("latin-1")
    band = band_colour(ochre)
    fill = f"{band.red:.6g} {band.green:.6g} {band.blue:.6g} rg"
    assert any(
        line.endswith(" rg") and _close(line, (band.red, band.green, band.blue))
        for line in stream.splitlines()
    ), fill


def _close(line: str, rgb: tuple[float, float, float]) -> bool:
    try:
        values = [float(v) for v in line.split()[:3]]
    except ValueError:
        return False
    return len(values) == 3 and all(abs(a - b) < 0.002 for a, b in zip(values, rgb, strict=True))


def test_writing_lines_survive_a_photocopy(tmp_path):
    """Solid lines at least 3:1 against paper (WCAG's floor for graphics), and visible on a
    grey render thresholded as a copier does."""
    assert contrast_ratio(WRITING_LINE, styles.WHITE) >= 3
    data = blank_cards(PROMPT_CATEGORIES, WORKSHOP, None, CardOptions(lang="fr"))
    stream = read(data).pages[0].get_contents().get_data().decode("latin-1")
    assert "[1 2] 0 d" not in stream  # no dotted lines left
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "100",
            "-gray",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(pdf),
            str(tmp_path / "c"),
        ],
        check=True,
    )
    image = Image.open(next(tmp_path.glob("c-*.png"))).convert("L")
    width, height = image.size
    pixels = image.load()
    # The top-left card's writing area: rows where most of the card's width is dark (< 160).
    left, right = int(width * 0.1), int(width * 0.45)
    dark_rows = [
        y
        for y in range(int(height * 0.15), int(height * 0.42))
        if sum(pixels[x, y] < 160 for x in range(left, right)) > 0.8 * (right - left)
    ]
    lines = [y for i, y in enumerate(dark_rows) if i == 0 or y - dark_rows[i - 1] > 2]
    assert len(lines) >= 6, lines
