"""Certificates of attendance: wording, every session listed, hours followed, signature boxes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from pdf_positions import find
from pdf_samples import TRAINING, pages_text, read, squeeze

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.records import (
    CertificateData,
    EventRecord,
    OrganisationSettings,
    PersonRecord,
    TrainingRecord,
)
from smartdesk.i18n import use_locale
from smartdesk.reports.pdf import CertificateOptions, certificate_files, certificates
from smartdesk.reports.pdf.certificates import signatory_role

GAL = OrganisationSettings(
    name="GAL Burdinale Mehaigne",
    signatory_name="Marie Lambert",
    signatory_title="Coordinatrice du GAL",
    commune="Villers-le-Bouillet",
)
PERSON = PersonRecord(1, "1", "Żaneta", "Łęcka")


def sessions(n: int, hours: float = 3.0, **kw) -> tuple[EventRecord, ...]:
    return tuple(
        EventRecord(
            100 + i,
            f"s{i}",
            f"Module {i + 1}",
            EventKind.TRAINING_SESSION,
            dt.datetime(2020, 1, 6, 9) + dt.timedelta(days=i),
            dt.datetime(2020, 1, 6, 12) + dt.timedelta(days=i),
            training_id=7,
            hours=hours,
            **kw,
        )
        for i in range(n)
    )


def training(items: tuple[EventRecord, ...], trainer: str | None = "Sophie Delvaux"):
    return TrainingRecord(7, "t7", "Communication web", trainer=trainer, sessions=items)


def one(attended, of=None, settings=GAL, lang="en", **options) -> bytes:
    record = training(of if of is not None else attended)
    item = CertificateData(PERSON, record, attended)
    return certificates(
        [item], settings, CertificateOptions(lang=lang, issued_on=dt.date(2026, 11, 26), **options)
    )


def test_the_place_and_date_line_is_whole_even_with_a_long_commune():
    place = "Villers-le-Bouillet-sur-Mehaigne-en-Hesbaye-Liégeoise"
    data = one(sessions(2), settings=dataclasses.replace(GAL, commune=place))
    text = squeeze(pages_text(data)[0])
    assert squeeze(f"Issued in {place} on 26 November 2026") in text
    for lang, date in (
        ("fr", "26 novembre 2026"),
        ("nl", "26 november 2026"),
        ("de", "26. November 2026"),
    ):
        assert squeeze(date) in squeeze(pages_text(one(sessions(2), lang=lang))[0]), lang


def test_the_signatory_sentence_names_the_organisation_once_without_a_capital_mid_sentence():
    text = pages_text(one(sessions(2)))[0]
    assert "Marie Lambert, coordinatrice du GAL Burdinale Mehaigne, certifies that" in text
    assert "GAL, GAL" not in text
    assert signatory_role("DG", "Commune de Perwez") == "DG, Commune de Perwez"
    assert signatory_role("Directrice générale", "") == "directrice générale"
    with use_locale("de"):  # German nouns keep their capital
        assert (
            signatory_role("Koordinatorin der LAG", "LAG Burdinale")
            == "Koordinatorin der LAG Burdinale"
        )


def test_thirty_sessions_are_all_listed_on_a_second_page():
    attended = sessions(30)
    data = one(attended)
    reader = read(data)
    assert len(reader.pages) == 2
    text = "\n".join(pages_text(data))
    for i in range(1, 31):
        assert f"Module {i}\n" in text + "\n", i
    assert "more sessions on the next page" in pages_text(data)[0]
    assert "Żaneta Łęcka" in pages_text(data)[1]
    # the signature block stays on the first page, under the sessions
    assert "For the organiser," in pages_text(data)[0]
    assert "For the organiser," not in pages_text(data)[1]
    last_row = find(data, "Module 13")[0]
    issued = find(data, "Issued in")[0]
    assert last_row.y > issued.y + 10


def test_a_short_training_fits_on_one_page():
    assert len(read(one(sessions(5))).pages) == 1


def test_hours_out_of_the_training_when_sessions_were_missed():
    offered = sessions(3)  # 9 h, of which 6 h followed
    text = pages_text(one(offered[:2], of=offered))[0]
    assert "for a total of 6 h out of 9 h" in text
    full = pages_text(one(offered))[0]
    assert "for a total of 9 h" in full and "out of" not in full
    cancelled = (*offered[:2], dataclasses.replace(offered[2], status=EventStatus.CANCELLED))
    assert "out of" not in pages_text(one(offered[:2], of=cancelled))[0]


def test_the_trainer_signs_beside_the_signatory():
    data = one(sessions(2))
    trainer_box, organiser_box = find(data, "The trainer,")[0], find(data, "For the organiser,")[0]
    assert abs(trainer_box.y - organiser_box.y) < 1 and trainer_box.x < organiser_box.x
    names = [r for r in find(data, "Sophie Delvaux")]
    assert any(abs(r.x - trainer_box.x) < 1 for r in names)  # the name under the trainer's box
    record = training(sessions(2), trainer=None)
    no_trainer = certificates([CertificateData(PERSON, record, record.sessions)], GAL)
    assert "The trainer," not in pages_text(no_trainer)[0]


def test_the_issue_date_is_the_one_chosen():
    data = one(sessions(1), lang="fr")
    assert "26 novembre 2026" in pages_text(data)[0]


def test_polish_letters_are_spelt_out_in_file_names():
    item = CertificateData(PERSON, TRAINING, TRAINING.sessions)
    ørsted = CertificateData(PersonRecord(2, "2", "Åsa", "Ørsted"), TRAINING, TRAINING.sessions)
    names = certificate_files([item, ørsted], GAL, CertificateOptions(lang="en"))
    assert sorted(names) == ["certificate_lecka_zaneta.pdf", "certificate_orsted_asa.pdf"]


def test_the_pdf_title_is_translated():
    data = one(sessions(1), lang="fr")
    assert read(data).metadata.title.endswith("Communication web")
    assert read(one(sessions(1), lang="en")).metadata.title == (
        "Certificates of attendance – Communication web"
    )
