"""Printed documents as pure functions: plain records in, PDF bytes out.

reportlab only: no Qt, no database session. Every builder takes the records the services
gathered, the organiser's ``OrganisationSettings`` and a small frozen options object (with the
document's language), and returns the PDF as bytes.
"""

from smartdesk.reports.pdf.agenda import AgendaOptions, agenda
from smartdesk.reports.pdf.badges import BadgeOptions, badges
from smartdesk.reports.pdf.certificates import (
    CertificateOptions,
    certificate_files,
    certificates,
    write_certificate_files,
)
from smartdesk.reports.pdf.sign_in_sheet import SignInOptions, sign_in_sheet
from smartdesk.reports.pdf.workshop_cards import (
    CardOptions,
    blank_card_code,
    blank_cards,
    filled_cards,
)
from smartdesk.reports.pdf.workshop_results import ResultsOptions, workshop_results

__all__ = [
    "AgendaOptions",
    "BadgeOptions",
    "CardOptions",
    "CertificateOptions",
    "ResultsOptions",
    "SignInOptions",
    "agenda",
    "badges",
    "blank_card_code",
    "blank_cards",
    "certificate_files",
    "certificates",
    "filled_cards",
    "sign_in_sheet",
    "workshop_results",
    "write_certificate_files",
]
