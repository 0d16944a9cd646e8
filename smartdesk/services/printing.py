"""Gather the data of each printed document and hand it to its builder in reports/pdf.
Each function reads in one unit of work and returns PDF bytes; nothing is written here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from smartdesk.db.session import Database
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


def attendance_sheet(db: Database, event_id: int, options: SignInOptions | None = None) -> bytes:
    event = events.get(db, event_id)
    # The rows in the printed order, from the function the encoding screen numbers them with.
    rows = attendance.sign_in_rows(db, event_id, (options or SignInOptions()).order)
    return sign_in_sheet(event, rows, settings.load(db), options)


def cards(
    db: Database, prompt_id: int, options: CardOptions | None = None, filled: bool = False
) -> bytes:
    workshop, prompt = workshops.get_prompt(db, prompt_id)
    if filled:
        typed = workshops.cards(db, prompt_id=prompt_id)
        return filled_cards(prompt, workshop, typed, settings.load(db), options)
    # Number the new paper cards after those already typed in, so codes never collide.
    first = int(workshops.blank_card_codes(db, prompt_id, 1)[0].rsplit("-", 1)[1])
    options = replace(options or CardOptions(), first_number=first)
    return blank_cards(prompt, workshop, settings.load(db), options)


def results(db: Database, workshop_id: int, options: ResultsOptions | None = None) -> bytes:
    workshop = workshops.get(db, workshop_id)
    return workshop_results(
        workshop, workshops.cards(db, workshop_id=workshop_id), settings.load(db), options
    )


def badges(db: Database, event_id: int, options: BadgeOptions | None = None) -> bytes:
    event = events.get(db, event_id)
    rows = [r for r in attendance.list_attendance(db, event_id) if r.status in ON_SIGN_IN_SHEET]
    return badges_pdf(event, rows, settings.load(db), options)


def agenda(db: Database, event_id: int, options: AgendaOptions | None = None) -> bytes:
    return agenda_pdf(
        events.get(db, event_id), events.agenda(db, event_id), settings.load(db), options
    )


def certificates(
    db: Database, training_id: int, options: CertificateOptions | None = None
) -> bytes:
    items = trainings.certificates(db, training_id)
    return certificates_pdf(items, settings.load(db), options)


def certificate_folder(
    db: Database, training_id: int, directory: Path, options: CertificateOptions | None = None
) -> list[Path]:
    """One PDF per participant in ``directory`` (created if needed); returns the files written."""
    items = trainings.certificates(db, training_id)
    files = certificate_files(items, settings.load(db), options)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        target = directory / name
        write_bytes(target, data)
        written.append(target)
    return written
