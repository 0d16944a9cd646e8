"""The agenda: a speaker's organisation said once; nothing "to be announced" after the event."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pdf_samples import MIDI, pages_text, read

from smartdesk.domain.records import AgendaItemRecord
from smartdesk.reports.pdf import AgendaOptions, agenda


def test_the_organisation_already_in_the_role_is_not_repeated():
    item = AgendaItemRecord(
        1,
        "Le potentiel des données",
        dt.time(13),
        "Thomas Renard",
        "Smart City manager, Ville de Namur",
        "Ville de Namur",
    )
    text = pages_text(agenda(MIDI, [item], None, AgendaOptions("fr")))[0]
    assert text.count("Ville de Namur") == 1
    other = dataclasses.replace(
        item, speaker_role="Directeur", speaker_organisation="Smart Rural ASBL"
    )
    assert (
        "Directeur, Smart Rural ASBL"
        in pages_text(agenda(MIDI, [other], None, AgendaOptions("fr")))[0]
    )


def test_an_empty_programme_of_a_past_event_is_not_announced_for_later():
    after = AgendaOptions("en", today=dt.date(2020, 3, 1))
    before = AgendaOptions("en", today=dt.date(2020, 1, 1))
    assert "will be announced" not in pages_text(agenda(MIDI, [], None, after))[0]
    assert "No programme was recorded." in pages_text(agenda(MIDI, [], None, after))[0]
    assert "The programme will be announced." in pages_text(agenda(MIDI, [], None, before))[0]


def test_the_pdf_title_names_the_event():
    assert read(agenda(MIDI, [], None, AgendaOptions("en"))).metadata.title == (
        "Programme – Ma commune rurale, un smart territoire ?"
    )
