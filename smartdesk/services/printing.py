"""Gather the data of each printed document and hand it to its builder in reports/pdf.
Each function reads in one unit of work and returns PDF bytes; nothing is written here.

A document asked for without a language is printed in the language chosen in the settings
(``document_language``), else in the application's."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from smartdesk.db.session import Database
from smartdesk.domain.errors import NotFoundError, ValidationError
from smartdesk.domain.records import OrganisationSettings
from smartdesk.i18n import N_, _, get_locale
from smartdesk.reports.pdf.agenda import AgendaOptions
from smartdesk.reports.pdf.agenda import agenda as agenda_pdf
from smartdesk.reports.pdf.badges import BadgeOptions
from smartdesk.reports.pdf.badges import badges as badges_pdf
from smartdesk.reports.pdf.certificates import CertificateOptions, certificate_files
from smartdesk.reports.pdf.certificates import certificates as certificates_pdf
from smartdesk.reports.pdf.sign_in_sheet import SignInOptions, sign_in_sheet
from smartdesk.reports.pdf.text import ascii_letters
from smartdesk.reports.pdf.workshop_cards import CardOptions, blank_cards, filled_cards
from smartdesk.reports.pdf.workshop_results import ResultsOptions, workshop_results
from smartdesk.services import attendance, events, settings, trainings, workshops
from smartdesk.services.files import cannot_write, write_bytes

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
R = TypeVar("R")

#: The most of anything counted on paper: more is a typing slip (``--blank-rows 100000`` ran for
#: 48 s and took 889 MB), never a real need.
MAX_BLANK_ROWS = settings.MAX_BLANK_ROWS
MAX_BLANK_CARDS = 200
MAX_BLANK_BADGES = 200
MAX_TOP_CARDS = 50


def _in_language(options: Opts | None, default: type[Opts], current: OrganisationSettings) -> Opts:
    """``options`` with the settings' document language when none was asked for."""
    options = options if options is not None else default()
    if getattr(options, "lang", None) is None and current.document_language:
        options = replace(options, lang=current.document_language)  # type: ignore[type-var]
    return options


def _bounded(value: int | None, low: int, high: int, field: str, message: str) -> None:
    if value is not None and not low <= value <= high:
        raise ValidationError(field, message.format(min=low, max=high))


def check_counts(
    *,
    blank_rows: int | None = None,
    blank_cards: int | None = None,
    blank_badges: int | None = None,
    top: int | None = None,
) -> None:
    """A ValidationError naming the allowed range for a count out of it (None: not asked)."""
    _bounded(
        blank_rows,
        0,
        MAX_BLANK_ROWS,
        "blank_rows",
        _("The number of blank rows must be a whole number from {min} to {max}."),
    )
    _bounded(
        blank_cards,
        0,
        MAX_BLANK_CARDS,
        "count",
        _("The number of blank cards must be a whole number from {min} to {max}."),
    )
    _bounded(
        blank_badges,
        0,
        MAX_BLANK_BADGES,
        "blank",
        _("The number of blank badges must be a whole number from {min} to {max}."),
    )
    _bounded(
        top,
        1,
        MAX_TOP_CARDS,
        "top_n",
        _("The number of cards shown per group must be a whole number from {min} to {max}."),
    )


def _settings_for(options: Any, current: OrganisationSettings) -> OrganisationSettings:
    """The organiser's settings with the funding line and privacy notice of the document's
    language, where the organiser gave one (``funding_line_nl`` …)."""
    lang = (getattr(options, "lang", None) or get_locale())[:2]
    return settings.in_language(current, lang)


_EXPECTED = {
    "event": N_("This document takes an event id, as “smartdesk events list” shows."),
    "prompt": N_(
        "Workshop cards take the id of a workshop question, as “smartdesk workshops list” shows."
    ),
    "workshop": N_("This document takes a workshop id, as “smartdesk workshops list” shows."),
    "training": N_("Certificates take a training id, as “smartdesk trainings list” shows."),
}


def _what_id_is(db: Database, record_id: int, expected: str) -> str:
    """What else ``record_id`` names, when it is not a ``expected`` (the ids of events,
    trainings and workshops are counted apart, so each number exists in several lists)."""
    if expected != "event":
        try:
            event = events.get(db, record_id)
        except NotFoundError:
            pass
        else:
            if event.training_id is not None:
                return _(
                    "{id} is the id of an event, a session of the training “{training}” "
                    "(training id {training_id})."
                ).format(
                    id=record_id,
                    training=event.training_title or "",
                    training_id=event.training_id,
                )
            return _("{id} is the id of the event “{title}”.").format(
                id=record_id, title=event.title
            )
    return ""


def _expecting(db: Database, kind: str, record_id: int, read: Callable[[], R]) -> R:
    """``read()``, or its NotFoundError completed with what the id names instead and which id
    the document takes."""
    try:
        return read()
    except NotFoundError as exc:
        expected = KINDS[kind]
        parts = [exc.message, _what_id_is(db, record_id, expected), _(_EXPECTED[expected])]
        raise NotFoundError(" ".join(p for p in parts if p)) from None


def attendance_sheet(db: Database, event_id: int, options: SignInOptions | None = None) -> bytes:
    event = _expecting(db, "attendance", event_id, lambda: events.get(db, event_id))
    current = settings.load(db)
    if options is None:
        options = SignInOptions(blank_rows=current.default_blank_rows)
    check_counts(blank_rows=options.blank_rows)
    # The rows in the printed order, from the function the encoding screen numbers them with.
    rows, excused = attendance.sign_in_people(db, event_id, options.order)
    options = _in_language(options, SignInOptions, current)
    return sign_in_sheet(event, rows, _settings_for(options, current), options, excused=excused)


def cards(
    db: Database, prompt_id: int, options: CardOptions | None = None, filled: bool = False
) -> bytes:
    workshop, prompt = _expecting(
        db, "cards", prompt_id, lambda: workshops.get_prompt(db, prompt_id)
    )
    current = settings.load(db)
    options = _in_language(options, CardOptions, current)
    check_counts(blank_cards=options.count)
    current = _settings_for(options, current)
    if filled:
        typed = workshops.cards(db, prompt_id=prompt_id)
        return filled_cards(prompt, workshop, typed, current, options)
    # Number the new paper cards after those already typed in, so codes never collide.
    first = int(workshops.blank_card_codes(db, prompt_id, 1)[0].rsplit("-", 1)[1])
    options = replace(options, first_number=first)
    return blank_cards(prompt, workshop, current, options)


def results(db: Database, workshop_id: int, options: ResultsOptions | None = None) -> bytes:
    workshop = _expecting(db, "results", workshop_id, lambda: workshops.get(db, workshop_id))
    current = settings.load(db)
    options = _in_language(options, ResultsOptions, current)
    check_counts(top=options.top_n)
    counts = attendance.attendance_counts(db, workshop.event_id)
    return workshop_results(
        workshop,
        workshops.cards(db, workshop_id=workshop_id),
        _settings_for(options, current),
        options,
        event=events.get(db, workshop.event_id),
        # Who came once attendance is known, else who is expected.
        participants=counts.present or counts.expected,
    )


def badges(db: Database, event_id: int, options: BadgeOptions | None = None) -> bytes:
    event = _expecting(db, "badges", event_id, lambda: events.get(db, event_id))
    current = settings.load(db)
    options = _in_language(options, BadgeOptions, current)
    check_counts(blank_badges=options.blank)
    rows = attendance.badge_rows(db, event_id, current.name)
    return badges_pdf(event, rows, _settings_for(options, current), options)


def agenda(db: Database, event_id: int, options: AgendaOptions | None = None) -> bytes:
    event = _expecting(db, "agenda", event_id, lambda: events.get(db, event_id))
    current = settings.load(db)
    options = _in_language(options, AgendaOptions, current)
    return agenda_pdf(event, events.agenda(db, event_id), _settings_for(options, current), options)


def certificates(
    db: Database,
    training_id: int,
    options: CertificateOptions | None = None,
    person_ids: Collection[int] | None = None,
) -> bytes:
    """Every participant's certificate, or only those of ``person_ids``."""
    items = _certified(db, training_id, person_ids)
    current = settings.load(db)
    options = _in_language(options, CertificateOptions, current)
    return certificates_pdf(items, _settings_for(options, current), options)


def _certified(db: Database, training_id: int, person_ids: Collection[int] | None) -> list:
    items = _expecting(
        db, "certificates", training_id, lambda: trainings.certificates(db, training_id)
    )
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
    """One PDF per participant in ``directory`` (made if its parent folder exists); returns the
    files written."""
    directory = certificate_directory(directory)
    items = _certified(db, training_id, person_ids)
    current = settings.load(db)
    options = _in_language(options, CertificateOptions, current)
    files = certificate_files(items, _settings_for(options, current), options)
    try:
        directory.mkdir(exist_ok=True)
    except OSError as exc:
        raise cannot_write(directory, exc) from None
    written = []
    for name, data in files.items():
        target = directory / name
        write_bytes(target, data)
        written.append(target)
    return written


def certificate_directory(directory: Path) -> Path:
    """``directory`` if one file per person can go there, else a ValidationError: an existing
    file, a missing parent folder (a typing slip would silently make a tree of folders) or a
    name that looks like a file's (``attestations.docx``) are refused."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise ValidationError(
            "output",
            _(
                "“{path}” is a file, not a folder: give a folder for one certificate per person, "
                "or a name ending in .pdf for one file."
            ).format(path=directory),
        )
    if not directory.exists():
        if not directory.parent.is_dir():
            raise ValidationError(
                "output",
                _("The folder “{folder}” does not exist.").format(folder=directory.parent),
            )
        if directory.suffix:
            raise ValidationError(
                "output",
                _(
                    "“{path}” looks like a file name: give a name ending in .pdf for one file, "
                    "or a folder for one certificate per person."
                ).format(path=directory),
            )
    return directory


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


def safe_file_stem(text: str, limit: int = 80) -> str:
    """``Midi du Smart : « Qu'est-ce … ? »`` → ``Midi du Smart - Qu'est-ce …``: plain ASCII
    letters, digits, spaces and dashes, so the name works on any disk, share or USB key."""
    ascii_text = ascii_letters(text)
    words = re.sub(r"[^A-Za-z0-9'_-]+", " ", ascii_text).replace("'", " ").split()
    stem = " ".join(words)[:limit].strip(" -")
    return stem


def file_name(db: Database, kind: str, record_id: int) -> str:
    """A default file name for the PDF, e.g. ``Feuille de presence - Midi du Smart.pdf``."""
    title = safe_file_stem(document_title(db, kind, record_id))
    label = safe_file_stem(kind_label(kind))
    return f"{label} - {title}.pdf" if title else f"{label}.pdf"
