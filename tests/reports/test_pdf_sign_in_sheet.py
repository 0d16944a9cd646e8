"""The sign-in sheet read back: names, localised date, header on every page, numbering, rows."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re

import pytest
from pdf_samples import (
    HOSTILE_LAST,
    MIDI,
    SESSION,
    font_names,
    hostile_rows,
    pages_text,
    people,
    read,
    row,
    settings_with_logos,
    squeeze,
)

from smartdesk.domain.records import OrganisationSettings
from smartdesk.reports.pdf import SignInOptions, sign_in_sheet
from smartdesk.reports.pdf.sign_in_sheet import BOX

FR = SignInOptions(lang="fr")


def test_names_and_the_french_full_date_are_printed():
    options = SignInOptions(lang="fr", emails=True)
    text = "\n".join(pages_text(sign_in_sheet(MIDI, people(3), None, options)))
    assert "jeudi 6 février 2020" in text
    assert "12:00 – 14:00" in text
    assert "Ma commune rurale, un smart territoire ?" in text
    assert "Salle du Conseil, Grand-Place 1, 5030 Gembloux" in text
    for i in range(3):
        assert f"Nom{i:04d}" in text and f"Prénom{i:04d}" in text and f"p{i}@example.be" in text


def test_other_languages_change_the_date():
    assert (
        "Thursday, 6 February 2020"
        in pages_text(sign_in_sheet(MIDI, [], None, SignInOptions(lang="en")))[0]
    )
    assert (
        "donderdag 6 februari 2020"
        in pages_text(sign_in_sheet(MIDI, [], None, SignInOptions(lang="nl")))[0]
    )
    assert (
        "Donnerstag, 6. Februar 2020"
        in pages_text(sign_in_sheet(MIDI, [], None, SignInOptions(lang="de")))[0]
    )


@pytest.mark.parametrize(("count", "blank"), [(0, 0), (0, 10), (1, 10), (3, 7), (1000, 10)])
def test_every_row_is_numbered_once_and_has_a_consent_box(count, blank):
    data = sign_in_sheet(MIDI, people(count), None, SignInOptions(blank_rows=blank, lang="fr"))
    pages = pages_text(data)
    text = "\n".join(pages)
    assert text.count(BOX) == count + blank
    numbers = [int(n) for n in re.findall(r"^\s*(\d+)\s*$", text, flags=re.MULTILINE)]
    assert numbers == list(range(1, count + blank + 1))
    for i in range(count):
        assert text.count(f"Nom{i:04d}") == 1


@pytest.mark.parametrize("count", [0, 1, 1000])
def test_page_x_of_y_and_the_header_on_every_page(count):
    data = sign_in_sheet(MIDI, people(count), None, FR)
    pages = pages_text(data)
    total = len(read(data).pages)
    assert total == len(pages)
    if count == 1000:
        assert 40 < total < 80  # about twenty rows a page
    else:
        assert total == 1
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} / {total}" in text
        assert "Ma commune rurale, un smart territoire ?" in text
        assert "jeudi 6 février 2020" in text
        assert "N°" in text  # the table's header row repeats


def test_summary_counts_registered_people_and_blank_rows():
    text = pages_text(
        sign_in_sheet(MIDI, people(12), None, SignInOptions(blank_rows=5, lang="en"))
    )[-1]
    assert "12 registered participants" in text
    assert "5 blank rows" in text
    one = pages_text(sign_in_sheet(MIDI, people(1), None, SignInOptions(blank_rows=1, lang="en")))[
        -1
    ]
    assert "1 registered participant " in one and "1 blank row " in one


def test_sorted_by_last_name_ignoring_accents_or_by_registration():
    rows = [
        row(1, "Anne", "Zimmer", registered_at=dt.datetime(2020, 1, 1)),
        row(2, "Élodie", "Étienne", registered_at=dt.datetime(2020, 1, 3)),
        row(3, "Bob", "Dubois", registered_at=dt.datetime(2020, 1, 2)),
    ]
    by_name = pages_text(sign_in_sheet(MIDI, rows, None, FR))[0]
    assert by_name.index("Dubois") < by_name.index("Étienne") < by_name.index("Zimmer")
    by_date = pages_text(
        sign_in_sheet(MIDI, rows, None, SignInOptions(order="registration", lang="fr"))
    )[0]
    assert by_date.index("Zimmer") < by_date.index("Dubois") < by_date.index("Étienne")


def test_variant_without_names_gives_blank_rows_for_everyone():
    data = sign_in_sheet(
        MIDI, people(4), None, SignInOptions(no_names=True, blank_rows=3, lang="fr")
    )
    text = "\n".join(pages_text(data))
    assert "Nom0000" not in text
    assert text.count(BOX) == 7


def test_hostile_names_survive():
    data = sign_in_sheet(MIDI, hostile_rows(), None, SignInOptions(landscape=True, lang="fr"))
    text = squeeze("\n".join(pages_text(data)))
    assert squeeze(HOSTILE_LAST) in text
    assert squeeze("=cmd|' /C calc'!A0") in text
    assert "Łukasz" in text and "🎉" not in text
    assert "Gündoğan" in text and "İlkay" in text and "Żabka&Ørsted" in text
    assert "…" in text  # the 200-character name is cut, not spilled


def test_training_session_over_a_full_day_has_half_day_signatures_and_trainer_box():
    text = "\n".join(pages_text(sign_in_sheet(SESSION, people(2), None, SignInOptions(lang="en"))))
    assert "Tuesday, 3 March 2020" in text and "09:00 – 16:30" in text
    assert "Trainer: Sophie Delvaux" in text
    assert "Communication web pour les communes" in text
    assert squeeze("Signature (morning)") in squeeze(text)
    assert squeeze("Signature (afternoon)") in squeeze(text)
    assert "Trainer's signature (morning)" in text and "Trainer's signature (afternoon)" in text


def test_a_session_its_editor_says_is_not_a_full_day_is_signed_once():
    # 9:00 – 16:30 but the "full day" box unticked (one group all day, no half-days to count)
    whole = dataclasses.replace(SESSION, full_day=False)
    text = "\n".join(pages_text(sign_in_sheet(whole, people(2), None, SignInOptions(lang="en"))))
    assert "morning" not in text and "afternoon" not in text


def test_short_session_has_one_signature_column():
    short = dataclasses.replace(SESSION, end=dt.datetime(2020, 3, 3, 12, 0), full_day=False)
    text = "\n".join(pages_text(sign_in_sheet(short, people(2), None, SignInOptions(lang="en"))))
    assert "morning" not in text
    assert "Trainer's signature" in text


def test_logos_funding_line_and_privacy_notice(tmp_path):
    settings = settings_with_logos(tmp_path, privacy_notice="Vos données restent à la commune.")
    data = sign_in_sheet(MIDI, people(2), settings, FR)
    text = pages_text(data)[0]
    assert "GAL Hesbaye & Condroz" in text
    assert "Cofinancé par l'Union européenne" in text
    assert "Vos données restent à la commune." in text
    assert b"/Subtype /Image" in data  # logos embedded


def test_missing_or_unreadable_logo_warns_and_prints_without_it(tmp_path, caplog):
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a png at all")
    settings = OrganisationSettings(
        name="GAL", logo_path=str(tmp_path / "nowhere.png"), funder_logos=(str(broken),)
    )
    with caplog.at_level(logging.WARNING):
        data = sign_in_sheet(MIDI, people(1), settings, FR)
    assert "Nom0000" in pages_text(data)[0]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "nowhere.png" in messages and "broken.png" in messages


def test_fonts_are_embedded_dejavu_only():
    fonts = font_names(sign_in_sheet(MIDI, hostile_rows(), None, FR))
    assert fonts and all(embedded for _name, embedded in fonts)
    assert all("DejaVu" in name for name, _embedded in fonts)


def test_same_input_same_bytes():
    assert sign_in_sheet(MIDI, people(5), None, FR) == sign_in_sheet(MIDI, people(5), None, FR)


def test_options_are_validated():
    with pytest.raises(ValueError):
        SignInOptions(blank_rows=-1)
    with pytest.raises(ValueError):
        SignInOptions(order="age")  # type: ignore[arg-type]
