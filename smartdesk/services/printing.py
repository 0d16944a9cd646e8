"""Gather the data of each printed document and hand it to its builder in reports/pdf.
Each function reads in one unit of work and returns PDF bytes; nothing is written here.

A document asked for without a language is printed in the language chosen in the settings
(``document_language``), else in the application's."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from smartdesk.db.session import Database
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import OrganisationSettings
from smartdesk.i18n import _
from smartdesk.reports.pdf.agenda import AgendaOptions
from smartdesk.reports.pdf.agenda import agenda as agenda_pdf
from smartdesk.reports.pdf.badges import BadgeOptions
from smartdesk.reports.pdf.badges import badges as badges_pdf
from smartdesk.reports.pdf.certificates import CertificateOptions, certificate_files
from smartdesk.reports.pdf.certificates import certificates as certificates_pdf
from smartdesk.reports.pdf.sign_in_sheet import SignInOptions, sign_in_sheet
from smartdesk.reports.pdf.workshop_cards import CardOptions, blank_cards, filled_cards
from smartdesk.reports.pdf.workshop_results import ResultsOptions, workshop_results
from smartdesk.services import attendance, events, settings, trainings, workshops
from smartdesk.services.files import write_bytes

#: Who is printed on a sign-in sheet (kept in services.attendance with the printed order).
ON_SIGN_IN_SHEET = attendance.ON_SIGN_IN_SHEET


#: The documents of the print dialog, and what their ``record_id`` is.
KINDS = {
    "attendance": "event",
    "badges": "event",
    "agenda": "event",
    "cards": "prompt",
    "results": "workshop",
    "certificates": "training",
}

Opts = TypeVar("Opts")


def _in_language(options: Opts | None, default: type[Opts], current: OrganisationSettings) -> Opts:
    """``options`` with the settings' document language when none was asked for."""
    options = options if options is not None else default()
    if getattr(options, "lang", None) is None and current.document_language:
        options = replace(options, lang=current.document_language)  # type: ignore[type-var]
    return options


def attendance_sheet(db: Database, event_id: int, options: SignInOptions | None = None) -> bytes:
    event = events.get(db, event_id)
    current = settings.load(db)
    if options is None:
        options = SignInOptions(blank_rows=current.default_blank_rows)
    # The rows in the printed order, from the function the encoding screen numbers them with.
    rows, excused = attendance.sign_in_people(db, event_id, options.order)
    return sign_in_sheet(
        event, rows, current, _in_language(options, SignInOptions, current), excused=excused
    )


def cards(
    db: Database, prompt_id: int, options: CardOptions | None = None, filled: bool = False
) -> bytes:
    workshop, prompt = workshops.get_prompt(db, prompt_id)
    current = settings.load(db)
    options = _in_language(options, CardOptions, current)
    if filled:
        typed = workshops.cards(db, prompt_id=prompt_id)
        return filled_cards(prompt, workshop, typed, current, options)
    # Number the new paper cards after those already typed in, so codes never collide.
    first = int(workshops.blank_card_codes(db, prompt_id, 1)[0].rsplit("-", 1)[1])
    options = replace(options, first_number=first)
    return blank_cards(prompt, workshop, current, options)


def results(db: Database, workshop_id: int, options: ResultsOptions | None = None) -> bytes:
    workshop = workshops.get(db, workshop_id)
    current = settings.load(db)
    counts = attendance.attendance_counts(db, workshop.event_id)
    return workshop_results(
        workshop,
        workshops.cards(db, workshop_id=workshop_id),
        current,
        _in_language(options, ResultsOptions, current),
        event=events.get(db, workshop.event_id),
        # Who came once attendance is known, else who is expected.
        participants=counts.present or counts.expected,
    )


def badges(db: Database, event_id: int, options: BadgeOptions | None = None) -> bytes:
    event = events.get(db, event_id)
    current = settings.load(db)
    rows = attendance.badge_rows(db, event_id, current.name)
    return badges_pdf(event, rows, current, _in_language(options, BadgeOptions, current))


def agenda(db: Database, event_id: int, options: AgendaOptions | None = None) -> bytes:
    current = settings.load(db)
    return agenda_pdf(
        events.get(db, event_id),
        events.agenda(db, event_id),
        current,
        _in_language(options, AgendaOptions, current),
    )


def certificates(
    db: Database,
    training_id: int,
    options: CertificateOptions | None = None,
    person_ids: Collection[int] | None = None,
) -> bytes:
    """Every participant's certificate, or only those of ``person_ids``."""
    items = _certified(db, training_id, person_ids)
    current = settings.load(db)
    return certificates_pdf(items, current, _in_language(options, CertificateOptions, current))


def _certified(db: Database, training_id: int, person_ids: Collection[int] | None) -> list:
    items = trainings.certificates(db, training_id)
    if person_ids is None:
        return items
    wanted = set(person_ids)
    return [item for item in items if item.person.id in wanted]


def certificate_folder(
    db: Database,
    training_id: int,
    directory: Path,
    options: CertificateOptions | None = None,
    person_ids: Collection[int] | None = None,
) -> list[Path]:
    """One PDF per participant in ``directory`` (created if needed); returns the files written."""
    items = _certified(db, training_id, person_ids)
    current = settings.load(db)
    files = certificate_files(items, current, _in_language(options, CertificateOptions, current))
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        target = directory / name
        write_bytes(target, data)
        written.append(target)
    return written


def document(db: Database, kind: str, record_id: int, options: Any = None, **extra: Any) -> bytes:
    """The PDF of a document of ``KINDS`` (the print dialog's one entry point); ``extra`` is
    ``filled`` for cards and ``person_ids`` for certificates."""
    if kind == "attendance":
        return attendance_sheet(db, record_id, options)
    if kind == "badges":
        return badges(db, record_id, options)
    if kind == "agenda":
        return agenda(db, record_id, options)
    if kind == "cards":
        return cards(db, record_id, options, filled=bool(extra.get("filled")))
    if kind == "results":
        return results(db, record_id, options)
    if kind == "certificates":
        return certificates(db, record_id, options, extra.get("person_ids"))
    raise ValidationError("kind", _("Unknown document “{kind}”.").format(kind=kind))


def document_title(db: Database, kind: str, record_id: int) -> str:
    """What the document is printed for: the event's, workshop's or training's title."""
    if kind in ("attendance", "badges", "agenda"):
        return events.get(db, record_id).title
    if kind == "cards":
        workshop, _prompt = workshops.get_prompt(db, record_id)
        return workshop.event_title or workshop.title
    if kind == "results":
        workshop = workshops.get(db, record_id)
        return workshop.event_title or workshop.title
    if kind == "certificates":
        return trainings.get(db, record_id).title
    raise ValidationError("kind", _("Unknown document “{kind}”.").format(kind=kind))


def kind_label(kind: str) -> str:
    """The document's name as users say it (also the start of its file name)."""
    labels = {
        "attendance": _("Sign-in sheet"),
        "badges": _("Badges"),
        "agenda": _("Programme"),
        "cards": _("Workshop cards"),
        "results": _("Workshop results"),
        "certificates": _("Certificates of attendance"),
    }
    return labels[kind]


#: Letters NFKD does not take apart (Ørsted, Œuvray, Łukasz …) and what they become in a file name.
_LATIN = str.maketrans(
    {"Ø": "O", "ø": "o", "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ß": "ss", "Æ": "AE",
     "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "Th", "þ": "th", "ı": "i"}
)  # fmt: skip


def safe_file_stem(text: str, limit: int = 80) -> str:
    """``Midi du Smart : « Qu'est-ce … ? »`` → ``Midi du Smart - Qu'est-ce …``: plain ASCII
    letters, digits, spaces and dashes, so the name works on any disk, share or USB key."""
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LATIN))
    ascii_text = "".join(c for c in ascii_text if not unicodedata.combining(c))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"[^A-Za-z0-9'_-]+", " ", ascii_text).replace("'", " ").split()
    stem = " ".join(words)[:limit].strip(" -")
    return stem


def file_name(db: Database, kind: str, record_id: int) -> str:
    """A default file name for the PDF, e.g. ``Feuille de presence - Midi du Smart.pdf``."""
    title = safe_file_stem(document_title(db, kind, record_id))
    label = safe_file_stem(kind_label(kind))
    return f"{label} - {title}.pdf" if title else f"{label}.pdf"
