"""Build a sample of every printed document and render each page to PNG (pdftoppm), to look at.

    .venv/bin/python scripts/render_pdfs.py [--out out/pdf-samples] [--dpi 80] [--lang fr|all]

``--lang all`` renders the four languages, each in its own sub-folder.

Realistic Walloon data (the Midi du Smart of 6 February 2020) plus hostile names, sample logos
drawn with Pillow (a GAL mark, the EU emblem, a LEADER mark) and one missing logo path, which
must only give a warning.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from smartdesk.domain.check_in_code import check_in_code
from smartdesk.domain.enums import CardCategory, EventKind, RegistrationStatus, Sector
from smartdesk.domain.records import (
    AgendaItemRecord,
    AttendanceRow,
    CardRecord,
    CertificateData,
    EventRecord,
    OrganisationSettings,
    PersonRecord,
    PromptRecord,
    TrainingRecord,
    WorkshopRecord,
)
from smartdesk.paths import resources_dir
from smartdesk.reports import pdf
from smartdesk.services.settings import in_language

COMMUNES = [
    "Gembloux",
    "Perwez",
    "Eghezée",
    "Ramillies",
    "Jodoigne",
    "Orp-Jauche",
    "Hélécine",
    "Incourt",
]
PEOPLE = [
    ("Marie", "Dubois", "Administration communale de Perwez", "Perwez", "marie.dubois@perwez.be"),
    (
        "Jean-Philippe",
        "Van den Bossche",
        "CPAS de Gembloux",
        "Gembloux",
        "jp.vandenbossche@cpas-gembloux.be",
    ),
    (
        "Françoise",
        "Lemaître",
        "ASBL Les Amis du Patrimoine rural",
        "Eghezée",
        "f.lemaitre@patrimoine-rural.be",
    ),
    ("Luc", "Henrard", "Boulangerie Henrard & Fils", "Ramillies", "luc@henrard.be"),
    (
        "Anne-Sophie",
        "de Ghellinck d'Elseghem",
        "Commune de Jodoigne – Service Cadre de vie",
        "Jodoigne",
        None,
    ),
    (
        "Jürgen",
        "Weiß",
        "Universität Liège – Arlon Campus Environnement",
        "Orp-Jauche",
        "j.weiss@uliege.be",
    ),
    ("Żaneta", "Łęcka", "Repair Café Hélécine", "Hélécine", "zaneta.lecka@gmail.com"),
    ("İlkay", "Gündoğan", None, "Incourt", "ilkay.g@outlook.com"),
    ("小明", "王", "北京大学 & Université", "Incourt", None),  # the fallback font
    ("Åsa", "Ørsted", "Agence de Développement Local", "Gembloux", "asa@adl-gembloux.be"),
    ("Zoë", '<b>O\'Brien</b> & "Cie"', "=cmd|' /C calc'!A0", "Perwez", "zoe+test@example.org"),
    ("Łukasz 🎉🚀", "Nowak 👩‍👩‍👧", "Tech 🤖 ASBL", "Jodoigne", "lukasz@example.org"),
    (
        "Maximilien",
        "A" * 40 + " " + "Très-Long-Nom-De-Famille " * 6,
        "O" * 200,
        "C" * 60,
        "x" * 70 + "@example.org",
    ),
    ("", "", "", None, None),
]


def sample_logos(folder: Path) -> tuple[str, tuple[str, ...], str]:
    """A GAL mark, the EU emblem and a LEADER mark (PNG), and a signature (drawn lines)."""
    font_path = str(resources_dir() / "fonts" / "DejaVuSans-Bold.ttf")
    gal = Image.new("RGBA", (360, 360), (0, 0, 0, 0))
    d = ImageDraw.Draw(gal)
    d.rounded_rectangle((0, 0, 359, 359), 60, fill=(31, 95, 74, 255))
    d.pieslice((40, 170, 320, 450), 180, 360, fill=(126, 186, 101, 255))
    d.text((180, 120), "GAL", fill="white", anchor="mm", font=ImageFont.truetype(font_path, 130))
    eu = Image.new("RGB", (450, 300), (0, 51, 153))
    d = ImageDraw.Draw(eu)
    for i in range(12):
        a = 2 * math.pi * i / 12
        cx, cy = 225 + 100 * math.cos(a), 150 + 100 * math.sin(a)
        star = [
            (
                cx + (17 if k % 2 == 0 else 7) * math.cos(math.pi / 2 + k * math.pi / 5),
                cy - (17 if k % 2 == 0 else 7) * math.sin(math.pi / 2 + k * math.pi / 5),
            )
            for k in range(10)
        ]
        d.polygon(star, fill=(255, 204, 0))
    leader = Image.new("RGB", (520, 200), "white")
    d = ImageDraw.Draw(leader)
    d.rectangle((0, 0, 519, 199), outline=(0, 102, 51), width=8)
    d.text(
        (260, 100), "LEADER", fill=(0, 102, 51), anchor="mm", font=ImageFont.truetype(font_path, 96)
    )
    signature = Image.new("RGBA", (500, 180), (0, 0, 0, 0))
    d = ImageDraw.Draw(signature)
    points = [(20 + x * 4, 110 - 45 * math.sin(x / 9) * math.exp(-x / 120)) for x in range(115)]
    d.line(points, fill=(20, 40, 120, 255), width=6, joint="curve")
    paths = []
    for name, image in (
        ("gal.png", gal),
        ("eu.png", eu),
        ("leader.png", leader),
        ("signature.png", signature),
    ):
        paths.append(str(folder / name))
        image.save(folder / name)
    return paths[0], (paths[1], paths[2]), paths[3]


def build(out: Path, lang: str) -> list[Path]:
    logos = out / "logos"
    logos.mkdir(parents=True, exist_ok=True)
    gal, funders, signature = sample_logos(logos)
    settings = OrganisationSettings(
        name="GAL Hesbaye & Condroz",
        logo_path=gal,
        funder_logos=(*funders, str(logos / "missing-wallonie.png")),  # missing: warning only
        funding_line="Cofinancé par l'Union européenne (FEADER) et la Wallonie – programme LEADER",
        funding_line_nl="Medegefinancierd door de Europese Unie (ELFPO) en Wallonië – LEADER-programma",
        funding_line_de="Kofinanziert von der Europäischen Union (ELER) und der Wallonie – LEADER-Programm",
        funding_line_en="Co-funded by the European Union (EAFRD) and Wallonia – LEADER programme",
        privacy_notice="",
        signatory_name="Catherine Lambotte",
        signatory_title="Coordinatrice du GAL",
        signature_image=signature,
        commune="Eghezée",
    )
    settings = in_language(settings, lang)  # what services.printing hands the builders
    midi = EventRecord(
        1,
        "e1",
        "Ma commune rurale, un smart territoire ?",
        EventKind.MIDI_DU_SMART,
        dt.datetime(2020, 2, 6, 12, 0),
        dt.datetime(2020, 2, 6, 14, 0),
        venue="Salle du Conseil communal",
        address="Grand-Place 1, 5030 Gembloux",
        commune="Gembloux",
        organiser="GAL Hesbaye & Condroz",
        description="Un midi pour comprendre ce qu'est une commune « smart » et rêver ensemble du territoire, autour d'un sandwich.",
    )
    rows = [
        AttendanceRow(
            i,
            first,
            last,
            RegistrationStatus.REGISTERED,
            organisation=org,
            commune=commune,
            email=mail,
            sector=Sector.COMMUNE,
        )
        for i, (first, last, org, commune, mail) in enumerate(PEOPLE, start=1)
    ]
    crowd = rows + [
        AttendanceRow(
            100 + i,
            f"Participant{i}",
            f"Habitant {COMMUNES[i % 8]}",
            RegistrationStatus.REGISTERED,
            organisation="Comité de village",
            commune=COMMUNES[i % 8],
            email=f"p{i}@example.be",
        )
        for i in range(40)
    ]
    sessions = tuple(
        EventRecord(
            20 + i,
            f"s{i}",
            f"Communication web – module {i + 1}",
            EventKind.TRAINING_SESSION,
            dt.datetime(2020, 3, 3 + 7 * i, 9, 0),
            dt.datetime(2020, 3, 3 + 7 * i, 16, 30 if i < 3 else 0),
            venue="Maison de l'Entreprise",
            address="Rue de la Station 12, 5310 Eghezée",
            training_id=7,
            training_title="Communication web pour les communes",
            trainer="Sophie Delvaux",
            hours=6.5 if i < 3 else 3.0,
            full_day=i < 3,  # as the session editor sets it for 9:00 – 16:30
        )
        for i in range(4)
    )
    training = TrainingRecord(
        7, "t7", "Communication web pour les communes", trainer="Sophie Delvaux", sessions=sessions
    )
    people = [
        PersonRecord(
            r.person_id,
            str(r.person_id),
            r.first_name,
            r.last_name,
            organisation=r.organisation,
            commune=r.commune,
        )
        for r in rows
    ]
    prompts = (
        PromptRecord(
            11,
            "p11",
            1,
            1,
            "Que fait déjà ma commune en matière de « smart » ?",
            categories=(CardCategory.GREEN, CardCategory.BLUE),
        ),
        PromptRecord(
            12,
            "p12",
            1,
            2,
            "Que peut-on rêver ensemble ?",
            axes=("Développement durable du territoire", "Priorité communale (PST)"),
            cards_per_participant=5,
            cards_redistributed=3,
            top_n=5,
        ),
    )
    workshop = WorkshopRecord(1, "w1", 1, "Temps d'échanges", midi.title, midi.start, prompts)
    ideas = [
        "Un réseau de bornes de recharge pour vélos électriques dans chaque village",
        "Un guichet numérique unique pour les démarches, avec un accompagnement à la bibliothèque pour les aînés",
        "Des capteurs de qualité de l'air près des écoles, données ouvertes",
        "Une plateforme de covoiturage entre communes du GAL",
        "Un budget participatif annuel voté en ligne et sur papier",
        "Cartographier les chemins vicinaux et les rendre praticables",
        "<script>alert('x')</script> & « guillemets » 🎉",
    ]
    cards = [
        CardRecord(
            i,
            f"c{i}",
            12,
            f"12-{i + 1:03d}",
            ideas[i % len(ideas)],
            axis=prompts[1].axes[i % 2],
            author=PEOPLE[i % 8][0],
            commune=COMMUNES[i % 8],
            group_label=f"Groupe {i % 3 + 1}",
            votes=(i * 7) % 9,
            selected=i % 3 != 2,
            rank=(i // 3) % 5 + 1,
        )
        for i in range(24)
    ] + [
        CardRecord(
            100 + i,
            f"g{i}",
            11,
            f"11-{101 + i:03d}",
            [
                "Conseil consultatif des aînés",
                "Site web communal responsive",
                "Page Facebook de la commune",
                "Plan de mobilité citoyen",
            ][i % 4],
            category=(CardCategory.GREEN, CardCategory.BLUE)[i % 2],
            commune=COMMUNES[i % 8],
        )
        for i in range(8)
    ]
    agenda_items = [
        AgendaItemRecord(1, "Accueil et lunch", dt.time(12, 0)),
        AgendaItemRecord(
            2,
            "Qu'est-ce qu'une commune smart ?",
            dt.time(12, 15),
            "Pierre Vandenberghe",
            "Directeur",
            "Smart Rural ASBL",
        ),
        AgendaItemRecord(
            3,
            "Du PST aux données : le lien entre stratégie et information",
            dt.time(12, 40),
            "Isabelle Gérard",
            "Directrice générale",
            "Commune de Perwez",
        ),
        AgendaItemRecord(
            4,
            "Le potentiel des données pour les pouvoirs publics",
            dt.time(13, 0),
            "Thomas Renard",
            "Smart City manager",
            "Ville de Namur",
        ),
        AgendaItemRecord(
            5, "Temps d'échanges : que peut-on rêver ensemble ?", dt.time(13, 20), None, None, None
        ),
        AgendaItemRecord(
            6,
            "Conclusion et suites",
            dt.time(13, 50),
            '<b>Zoë</b> & "Cie" 🎉',
            "Animatrice",
            "GAL Hesbaye & Condroz",
        ),
    ]
    full_day = sessions[0]
    # Check-in codes as the service makes them (registration id + digits of its UUID) and the
    # roles the badges print (speaker from the agenda, the GAL's own staff as organisers).
    coded = [
        dataclasses.replace(
            r,
            check_in_code=check_in_code(100 + r.person_id, f"reg-{r.person_id}"),
            role={1: "organiser", 3: "speaker"}.get(r.person_id),
        )
        for r in rows
    ]
    excused = [
        AttendanceRow(90, "Chantal", "Wéry", RegistrationStatus.EXCUSED),
        AttendanceRow(91, "Els", "Van Hove", RegistrationStatus.EXCUSED),
    ]
    plain_cards = [
        dataclasses.replace(c, votes=0, selected=False, rank=None, commune=None, group_label=None)
        for c in cards
    ]
    docs = {
        "sign-in-midi": pdf.sign_in_sheet(midi, rows, settings, pdf.SignInOptions(lang=lang)),
        "sign-in-crowd-landscape": pdf.sign_in_sheet(
            midi, crowd, settings, pdf.SignInOptions(landscape=True, lang=lang)
        ),
        "sign-in-no-names": pdf.sign_in_sheet(
            midi, rows, settings, pdf.SignInOptions(no_names=True, blank_rows=5, lang=lang)
        ),
        "sign-in-training-full-day": pdf.sign_in_sheet(
            full_day, rows[:6], settings, pdf.SignInOptions(lang=lang)
        ),
        "sign-in-options": pdf.sign_in_sheet(
            midi,
            coded,
            settings,
            pdf.SignInOptions(lang=lang, emails=True, certified=True, qr_codes=True),
            excused=excused,
        ),
        "sign-in-training-certified": pdf.sign_in_sheet(
            full_day, coded, settings, pdf.SignInOptions(lang=lang, certified=True, qr_codes=True)
        ),
        "sign-in-empty": pdf.sign_in_sheet(
            midi, [], OrganisationSettings(), pdf.SignInOptions(lang=lang)
        ),
        "cards-blank-4": pdf.blank_cards(
            prompts[0], workshop, settings, pdf.CardOptions(per_page=4, count=2, lang=lang)
        ),
        "cards-blank-6": pdf.blank_cards(
            prompts[1], workshop, settings, pdf.CardOptions(per_page=6, count=3, lang=lang)
        ),
        "cards-filled": pdf.filled_cards(
            prompts[1], workshop, cards[:7], settings, pdf.CardOptions(per_page=6, lang=lang)
        ),
        "workshop-results": pdf.workshop_results(
            workshop,
            cards,
            settings,
            pdf.ResultsOptions(lang=lang, facilitator="Zoë Lambert"),
            event=midi,
            participants=27,
        ),
        "workshop-results-no-votes": pdf.workshop_results(
            workshop, plain_cards, settings, pdf.ResultsOptions(lang=lang), event=midi
        ),
        "badges-2x4": pdf.badges(midi, rows, settings, pdf.BadgeOptions(layout="2x4", lang=lang)),
        "badges-2x5": pdf.badges(
            midi, rows, settings, pdf.BadgeOptions(layout="2x5", blank=2, lang=lang)
        ),
        "badges-qr-roles": pdf.badges(
            midi, coded, settings, pdf.BadgeOptions(layout="2x4", lang=lang, qr_codes=True)
        ),
        "badges-tent": pdf.badges(
            midi, rows[:4], settings, pdf.BadgeOptions(layout="tent", lang=lang)
        ),
        "certificates": pdf.certificates(
            [CertificateData(p, training, sessions[: 1 + i % 4]) for i, p in enumerate(people)],
            settings,
            pdf.CertificateOptions(lang=lang, issued_on=dt.date(2020, 4, 2)),
        ),
        "agenda": pdf.agenda(midi, agenda_items, settings, pdf.AgendaOptions(lang=lang)),
    }
    no_logo = dataclasses.replace(settings, logo_path=None, funder_logos=())
    docs["agenda-no-logos"] = pdf.agenda(
        midi, agenda_items[:3], no_logo, pdf.AgendaOptions(lang=lang)
    )
    # The letterhead's three cases: organiser logo only (the name once ran over the funding line),
    # no picture at all, and a training long enough for the certificate's second page.
    logo_only = dataclasses.replace(settings, funder_logos=())
    long_sessions = tuple(
        dataclasses.replace(
            sessions[3],
            id=200 + i,
            start=dt.datetime(2020, 5, 4, 9) + dt.timedelta(days=i),
            end=dt.datetime(2020, 5, 4, 12) + dt.timedelta(days=i),
            title=f"Atelier pratique {i + 1}",
        )
        for i in range(24)
    )
    long_training = dataclasses.replace(training, sessions=long_sessions)
    docs["certificates-logo-only"] = pdf.certificates(
        [CertificateData(people[6], long_training, long_sessions[:20])],
        logo_only,
        pdf.CertificateOptions(lang=lang, issued_on=dt.date(2020, 6, 2)),
    )
    docs["certificates-no-logos"] = pdf.certificates(
        [CertificateData(people[0], training, sessions)],
        no_logo,
        pdf.CertificateOptions(lang=lang, issued_on=dt.date(2020, 4, 2)),
    )
    docs["agenda-logo-only"] = pdf.agenda(
        midi, agenda_items, logo_only, pdf.AgendaOptions(lang=lang)
    )
    written = []
    for name, data in docs.items():
        path = out / f"{name}.pdf"
        path.write_bytes(data)
        written.append(path)
    return written


def _page_of(image: Path, stem: str) -> bool:
    """``agenda-1.png`` is a page of ``agenda``, ``agenda-no-logos-1.png`` is not."""
    return re.fullmatch(re.escape(stem) + r"-\d+\.png", image.name) is not None


def render(paths: list[Path], dpi: int) -> list[Path]:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm not found: install poppler-utils")
    images: list[Path] = []
    for path in paths:
        stem = path.with_suffix("")
        for old in path.parent.glob(f"{stem.name}-*.png"):
            if _page_of(old, stem.name):
                old.unlink()
        subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(path), str(stem)], check=True)
        images += sorted(
            p for p in path.parent.glob(f"{stem.name}-*.png") if _page_of(p, stem.name)
        )
    return images


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parent.parent / "out" / "pdf-samples"
    )
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--lang", default="fr", choices=["fr", "nl", "de", "en", "all"])
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    languages = ["fr", "nl", "de", "en"] if args.lang == "all" else [args.lang]
    for lang in languages:
        out = args.out / lang if args.lang == "all" else args.out
        out.mkdir(parents=True, exist_ok=True)
        pdfs = build(out, lang)
        images = render(pdfs, args.dpi)
        for path in pdfs:
            pages = [p for p in images if _page_of(p, path.stem)]
            sys.stdout.write(f"{path}  ({len(pages)} page{'s' if len(pages) != 1 else ''})\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
