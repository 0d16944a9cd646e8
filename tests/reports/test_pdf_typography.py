"""French typography survives the text layer: no-break spaces before ":" "?" "!" stay glued."""

from __future__ import annotations

import datetime as dt

from pdf_samples import MIDI, pages_text

from smartdesk.domain.records import AgendaItemRecord
from smartdesk.reports.pdf import AgendaOptions, agenda
from smartdesk.reports.pdf.text import ascii_letters, clean, wrap


def test_clean_keeps_no_break_spaces_and_collapses_the_others():
    assert clean("Lieu\u00a0: Braives") == "Lieu\u00a0: Braives"
    assert clean("Smart\u202f?") == "Smart\u202f?"
    assert clean("a \t\n  b\u2003c") == "a b c"  # other spaces still become one plain space


def test_a_question_mark_never_starts_a_line():
    text = clean("Ma commune rurale, un smart territoire\u00a0?")
    for width in range(60, 260, 7):
        for line in wrap(text, "DejaVuSans", 11, width):
            assert not line.startswith("?"), (width, line)


def test_the_agenda_keeps_the_no_break_space_before_the_question_mark():
    item = AgendaItemRecord(1, "Que peut-on rêver ensemble\u00a0?", dt.time(12))
    text = "\n".join(pages_text(agenda(MIDI, [item], None, AgendaOptions("fr"))))
    assert "ensemble ?" in text.replace("\u00a0", " ")  # pypdf reads the no-break space as a space
    assert "\n?" not in text


def test_ascii_letters_spell_out_strokes_and_ligatures():
    assert ascii_letters("Łukasz Łęcka, Ørsted, Œuvray, Straße") == (
        "Lukasz Lecka, Orsted, OEuvray, Strasse"
    )
