"""Records and helpers shared by the PDF tests (plain data, no database)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

from PIL import Image
from pypdf import PdfReader

from smartdesk.domain.enums import CardCategory, EventKind, RegistrationStatus
from smartdesk.domain.records import (
    AttendanceRow,
    CardRecord,
    EventRecord,
    OrganisationSettings,
    PromptRecord,
    TrainingRecord,
    WorkshopRecord,
)

HOSTILE_LAST = '<b>O\'Brien</b> & "Cie"'
LONG_NAME = "Van " + "Lang" * 49  # 200 characters

MIDI = EventRecord(
    1,
    "e1",
    "Ma commune rurale, un smart territoire ?",
    EventKind.MIDI_DU_SMART,
    dt.datetime(2020, 2, 6, 12, 0),
    dt.datetime(2020, 2, 6, 14, 0),
    venue="Salle du Conseil",
    address="Grand-Place 1, 5030 Gembloux",
    commune="Gembloux",
)

SESSION = EventRecord(
    2,
    "e2",
    "Communication web – module 1",
    EventKind.TRAINING_SESSION,
    dt.datetime(2020, 3, 3, 9, 0),
    dt.datetime(2020, 3, 3, 16, 30),
    venue="Maison de l'Entreprise",
    training_id=7,
    training_title="Communication web pour les communes",
    trainer="Sophie Delvaux",
    hours=6.5,
    full_day=True,  # as the session editor sets it for 9:00 – 16:30
)

TRAINING = TrainingRecord(
    7, "t7", "Communication web pour les communes", trainer="Sophie Delvaux", sessions=(SESSION,)
)

PROMPT_CATEGORIES = PromptRecord(
    11,
    "p11",
    1,
    1,
    "Que fait déjà ma commune en matière de « smart » ?",
    categories=(CardCategory.GREEN, CardCategory.BLUE),
)
PROMPT_AXES = PromptRecord(
    12,
    "p12",
    1,
    2,
    "Que peut-on rêver ensemble ?",
    axes=("Développement durable du territoire", "Priorité communale (PST)"),
    top_n=2,
)
WORKSHOP = WorkshopRecord(
    1, "w1", 1, "Temps d'échanges", MIDI.title, MIDI.start, (PROMPT_CATEGORIES, PROMPT_AXES)
)


def row(i: int, first: str, last: str, **kw) -> AttendanceRow:
    return AttendanceRow(i, first, last, RegistrationStatus.REGISTERED, **kw)


def people(n: int) -> list[AttendanceRow]:
    return [
        row(
            i,
            f"Prénom{i:04d}",
            f"Nom{i:04d}",
            organisation="Comité de village",
            commune="Perwez",
            email=f"p{i}@example.be",
        )
        for i in range(n)
    ]


def hostile_rows() -> list[AttendanceRow]:
    return [
        row(1, "Zoë", HOSTILE_LAST, organisation="=cmd|' /C calc'!A0", commune="Perwez"),
        row(2, "Łukasz 🎉", "Nowak", organisation="", commune=None, email="lukasz@example.org"),
        row(
            3,
            "Maximilien",
            LONG_NAME,
            organisation="O" * 200,
            commune="C" * 80,
            email="x" * 90 + "@example.org",
        ),
        row(4, "İlkay", "Gündoğan", organisation="Żabka & Ørsted", commune="Orp-Jauche"),
    ]


def card(i: int, prompt: PromptRecord, **kw) -> CardRecord:
    return CardRecord(
        i, f"c{i}", prompt.id, f"{prompt.id}-X{i:03d}", kw.pop("text", f"Idée numéro {i}"), **kw
    )


def logo(path: Path, size: tuple[int, int] = (300, 150), colour: str = "#1f5f4a") -> str:
    Image.new("RGB", size, colour).save(path)
    return str(path)


def settings_with_logos(folder: Path, **kw) -> OrganisationSettings:
    return OrganisationSettings(
        name="GAL Hesbaye & Condroz",
        logo_path=logo(folder / "gal.png", (200, 200)),
        funder_logos=(logo(folder / "eu.png", (300, 200), "#003399"), logo(folder / "leader.png")),
        funding_line="Cofinancé par l'Union européenne",
        signatory_name="Catherine Lambotte",
        signatory_title="Coordinatrice",
        commune="Eghezée",
        **kw,
    )


def read(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in read(data).pages]


def squeeze(text: str) -> str:
    """Text without white space, so that a wrapped cell still matches its value."""
    return re.sub(r"\s+", "", text)


def font_names(data: bytes) -> set[str]:
    names = set()
    for page in read(data).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            names.add((str(font.get("/BaseFont")), embedded))
    return names
