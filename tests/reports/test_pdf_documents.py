"""Workshop cards and results, badges, certificates and the agenda, read back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from pdf_samples import (
    HOSTILE_LAST,
    LONG_NAME,
    MIDI,
    PROMPT_AXES,
    PROMPT_CATEGORIES,
    SESSION,
    TRAINING,
    WORKSHOP,
    card,
    font_names,
    hostile_rows,
    pages_text,
    people,
    read,
    settings_with_logos,
    squeeze,
)

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.records import AgendaItemRecord, CertificateData, PersonRecord
from smartdesk.reports.pdf import (
    AgendaOptions,
    BadgeOptions,
    CardOptions,
    CertificateOptions,
    ResultsOptions,
    agenda,
    badges,
    blank_cards,
    certificate_files,
    certificates,
    filled_cards,
    workshop_results,
    write_certificate_files,
)

# --- workshop cards -------------------------------------------------------------------------


def test_blank_cards_by_category_with_codes_question_and_event():
    data = blank_cards(
        PROMPT_CATEGORIES, WORKSHOP, None, CardOptions(per_page=4, count=2, lang="fr")
    )
    pages = pages_text(data)
    assert len(pages) == 1
    text = pages[0]
    assert all(code in text for code in ("11-001", "11-002", "11-003", "11-004"))
    assert squeeze("Que fait déjà ma commune en matière de « smart » ?") in squeeze(text)
    assert "6 février 2020" in text
    assert "Collaboration / participation" in text or "Collaboration / Participation" in text


def test_blank_cards_by_axis_six_per_page():
    data = blank_cards(PROMPT_AXES, WORKSHOP, None, CardOptions(per_page=6, count=7, lang="fr"))
    assert len(read(data).pages) == 3  # 2 axes × 7 cards = 14 cards
    text = "\n".join(pages_text(data))
    assert "12-014" in text and "12-015" not in text
    assert "Développement durable du territoire" in text and "Priorité communale (PST)" in text


def test_blank_cards_default_to_one_page_per_variant_and_continue_numbering():
    data = blank_cards(PROMPT_AXES, WORKSHOP, None, CardOptions(per_page=4, first_number=41))
    assert len(read(data).pages) == 2
    assert "12-041" in pages_text(data)[0] and "12-048" in pages_text(data)[1]


def test_blank_cards_print_the_codes_they_are_given():
    options = CardOptions(per_page=4, count=2, codes=("11-101", "11-102", "<x>&"))
    text = "\n".join(pages_text(blank_cards(PROMPT_CATEGORIES, WORKSHOP, None, options)))
    assert all(code in text for code in ("11-101", "11-102", "<x>&", "11-001"))


def test_filled_cards_print_the_typed_text_commune_and_author():
    cards = [
        card(
            1,
            PROMPT_AXES,
            text="Des bornes de recharge dans chaque village",
            axis=PROMPT_AXES.axes[0],
            commune="Perwez",
            author="Marie",
        ),
        card(
            2,
            PROMPT_AXES,
            text="<script>alert('x')</script> & 🎉 " + "très long " * 80,
            commune=None,
        ),
    ]
    text = "\n".join(
        pages_text(filled_cards(PROMPT_AXES, WORKSHOP, cards, None, CardOptions(per_page=6)))
    )
    assert squeeze("Des bornes de recharge dans chaque village") in squeeze(text)
    assert "Perwez" in text and "Marie" in text and "12-X001" in text and "12-X002" in text
    assert squeeze("<script>alert('x')</script> &") in squeeze(text)
    assert "…" in text


def test_no_cards_still_gives_a_valid_pdf():
    assert len(read(filled_cards(PROMPT_AXES, WORKSHOP, [])).pages) == 1


def test_card_options_are_validated():
    with pytest.raises(ValueError):
        CardOptions(per_page=5)  # type: ignore[arg-type]


# --- workshop results -----------------------------------------------------------------------


def test_results_show_each_groups_top_n_then_all_cards_by_axis():
    cards = [
        card(
            i,
            PROMPT_AXES,
            text=f"Défi {i}",
            axis=PROMPT_AXES.axes[i % 2],
            group_label=f"Groupe {1 + i % 2}",
            selected=i < 6,
            rank=i // 2 + 1,
            votes=10 - i,
        )
        for i in range(8)
    ] + [
        card(20 + i, PROMPT_CATEGORIES, text=f"Action {i}", category=CardCategory.BLUE)
        for i in range(2)
    ]
    text = "\n".join(pages_text(workshop_results(WORKSHOP, cards, None, ResultsOptions(lang="fr"))))
    assert "Groupe 1" in text and "Groupe 2" in text
    top = text[: text.index("Défi 6")] if "Défi 6" in text else text
    assert "Défi 0" in top and "Défi 2" in top
    # top_n of the prompt is 2: Défi 4 (rank 3 in group 1) is only listed among all cards
    assert text.count("Défi 4") == 1 and text.count("Défi 0") == 2
    assert "Développement durable du territoire" in text and "Action 1" in text
    assert "jeudi 6 février 2020" in text


def test_results_without_cards_or_prompts():
    assert "No cards" in pages_text(workshop_results(WORKSHOP, []))[0]
    empty = dataclasses.replace(WORKSHOP, prompts=())
    assert len(read(workshop_results(empty, [])).pages) == 1


# --- badges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("layout", "count", "pages"), [("2x4", 9, 2), ("2x5", 10, 1), ("tent", 3, 2), ("2x4", 0, 1)]
)
def test_badge_layouts_and_page_counts(layout, count, pages):
    data = badges(MIDI, people(count), None, BadgeOptions(layout=layout, lang="fr"))
    assert len(read(data).pages) == pages
    text = "\n".join(pages_text(data))
    for i in range(count):
        assert f"Prénom{i:04d}" in text and "Comité de village" in text


def test_badges_for_hostile_names_and_blank_badges():
    data = badges(MIDI, hostile_rows(), None, BadgeOptions(layout="2x5", blank=3))
    text = squeeze("\n".join(pages_text(data)))
    assert squeeze(HOSTILE_LAST) in text and "Gündoğan" in text and "…" in text
    assert len(read(data).pages) == 1


def test_badges_accept_person_records():
    person = PersonRecord(1, "u", "Marie", "Dubois", organisation="CPAS", commune="Perwez")
    assert "Marie" in pages_text(badges(MIDI, [person]))[0]


# --- certificates ---------------------------------------------------------------------------


def _certificate_data(n: int) -> list[CertificateData]:
    rows = people(n)
    return [
        CertificateData(
            PersonRecord(
                r.person_id,
                str(r.person_id),
                r.first_name,
                r.last_name,
                organisation=r.organisation,
            ),
            TRAINING,
            (SESSION,),
        )
        for r in rows
    ]


def test_one_certificate_page_per_participant_with_hours_and_dates(tmp_path):
    settings = settings_with_logos(tmp_path)
    options = CertificateOptions(lang="fr", issued_on=dt.date(2020, 4, 2))
    data = certificates(_certificate_data(3), settings, options)
    pages = pages_text(data)
    assert len(pages) == 3
    for i, text in enumerate(pages):
        assert f"Prénom{i:04d} Nom{i:04d}" in text
        assert "Communication web pour les communes" in text
        assert "6,5 h" in text
        assert "mardi 3 mars 2020" in text
        assert "Catherine Lambotte" in text and "Eghezée" in text and "2 avril 2020" in text
    assert all(embedded for _name, embedded in font_names(data))


def test_certificates_for_nobody_and_for_a_hostile_name():
    assert len(read(certificates([])).pages) == 1
    person = PersonRecord(1, "u", "Zoë 🎉", HOSTILE_LAST + LONG_NAME, organisation="O" * 200)
    text = pages_text(certificates([CertificateData(person, TRAINING, (SESSION,))]))[0]
    assert "Zoë" in text and "&lt;" not in text and "…" in text


def test_one_file_per_person_with_safe_unique_names(tmp_path):
    items = _certificate_data(2)
    twin = dataclasses.replace(items[0], person=dataclasses.replace(items[0].person, id=99))
    weird = dataclasses.replace(items[0], person=PersonRecord(7, "u", "../..", "<CON>:é/\\*?"))
    files = certificate_files([*items, twin, weird], None, CertificateOptions(lang="fr"))
    assert len(files) == 4
    for name, data in files.items():
        assert re.fullmatch(r"[a-z0-9_-]+\.pdf", name), name
        assert len(read(data).pages) == 1
    assert (
        "attestation_nom0000_prenom0000.pdf" in files
        and "attestation_nom0000_prenom0000-2.pdf" in files
    )
    paths = write_certificate_files(items, tmp_path / "out", None, CertificateOptions(lang="fr"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(p.name for p in paths)


# --- agenda ---------------------------------------------------------------------------------


def test_agenda_lists_items_in_order_with_speakers():
    items = [
        AgendaItemRecord(
            2,
            "Qu'est-ce qu'une commune smart ?",
            dt.time(12, 15),
            "Pierre Vandenberghe",
            "Directeur",
            "Smart Rural ASBL",
        ),
        AgendaItemRecord(1, "Accueil", dt.time(12, 0)),
        AgendaItemRecord(3, "Temps d'échanges & <conclusion>", None, None, "Animatrice", None),
    ]
    text = pages_text(agenda(MIDI, items, None, AgendaOptions(lang="fr")))[0]
    assert (
        text.index("Accueil")
        < text.index("Qu'est-ce qu'une commune smart ?")
        < text.index("Temps d'échanges & <conclusion>")
    )
    assert "Pierre Vandenberghe" in text and "Directeur, Smart Rural ASBL" in text
    assert "12:15" in text and "jeudi 6 février 2020" in text


def test_empty_agenda():
    assert len(read(agenda(MIDI, [])).pages) == 1
