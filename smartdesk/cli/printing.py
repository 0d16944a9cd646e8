"""``smartdesk print attendance|cards|results|badges|certificates|agenda``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from smartdesk.i18n import _, ngettext
from smartdesk.services import files, printing
from smartdesk.services.printing import (
    AgendaOptions,
    BadgeOptions,
    CardOptions,
    CertificateOptions,
    ResultsOptions,
    SignInOptions,
)

LANGS = ["fr", "nl", "de", "en"]


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "print", help=_("print sign-in sheets, workshop cards, badges, certificates, agendas")
    )
    sub = group.add_subparsers(dest="action", metavar="DOCUMENT", required=True)

    def doc(name: str, help_text: str, target: str, handler) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("id", type=int, metavar=target)
        p.add_argument(
            "-o", "--output", required=True, metavar="FILE.pdf", help=_("the PDF file to write")
        )
        p.add_argument(
            "--lang",
            dest="doc_lang",
            choices=LANGS,
            help=_("language of the document (default: yours)"),
        )
        p.set_defaults(handler=handler)
        return p

    p = doc(
        "attendance", _("sign-in sheet of an event or training session"), "EVENT", cmd_attendance
    )
    p.add_argument("--landscape", action="store_true", help=_("A4 landscape (wider columns)"))
    p.add_argument(
        "--blank-rows",
        type=int,
        default=None,
        metavar="N",
        help=_("empty rows for walk-ins (default: as in the settings, 10 unless changed)"),
    )
    p.add_argument(
        "--order", choices=["name", "registration"], default="name", help=_("order of the names")
    )
    p.add_argument(
        "--no-names", action="store_true", help=_("no names printed: people write their own")
    )
    p.add_argument(
        "--emails", action="store_true", help=_("print the e-mail addresses (not by default)")
    )
    p.add_argument(
        "--certified", action="store_true", help=_("a “certified true” box for the organiser")
    )
    p.add_argument(
        "--qr", action="store_true", help=_("a QR code per person, for check-in at the door")
    )

    p = doc("cards", _("workshop cards for a question"), "PROMPT", cmd_cards)
    p.add_argument("--per-page", type=int, choices=[4, 6], default=4, help=_("cards per A4 page"))
    p.add_argument(
        "--filled", action="store_true", help=_("print the typed cards instead of blank ones")
    )
    p.add_argument(
        "--count",
        type=int,
        default=0,
        metavar="N",
        help=_("blank cards per colour (default: one page)"),
    )

    p = doc("results", _("results handout of a workshop"), "WORKSHOP", cmd_results)
    p.add_argument("--top", type=int, metavar="N", help=_("selected cards shown per group"))
    p.add_argument("--facilitator", metavar="NAME", help=_("who ran the workshop (in the header)"))

    p = doc("badges", _("name badges or table tents for an event"), "EVENT", cmd_badges)
    p.add_argument(
        "--layout",
        choices=["2x4", "2x5", "tent"],
        default="2x4",
        help=_("labels per A4 page, or A6 folded tents"),
    )
    p.add_argument(
        "--blank", type=int, default=0, metavar="N", help=_("extra blank badges for walk-ins")
    )
    p.add_argument(
        "--qr", action="store_true", help=_("a QR code per person, for check-in at the door")
    )

    p = doc(
        "certificates", _("certificates of attendance for a training"), "TRAINING", cmd_certificates
    )
    p.add_argument(
        "--date",
        type=_issue_date,
        metavar="YYYY-MM-DD",
        help=_("the date the certificates are issued on (default: today)"),
    )
    p.set_defaults(output_help=_("a PDF file, or a folder for one file per person"))

    doc("agenda", _("programme handout of an event"), "EVENT", cmd_agenda)


def _issue_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“{text}” is not a date: write it as YYYY-MM-DD, e.g. 2020-04-02.").format(text=text)
        ) from None


def _write(args, data: bytes) -> int:
    path = Path(args.output)
    files.write_bytes(path, data)
    print(_("Written: {path}").format(path=path))
    return 0


def cmd_attendance(db, args) -> int:
    printing.check_counts(blank_rows=args.blank_rows)
    blank_rows = args.blank_rows
    if blank_rows is None:
        from smartdesk.services import settings

        blank_rows = settings.load(db).default_blank_rows
    options = SignInOptions(
        landscape=args.landscape,
        blank_rows=blank_rows,
        order=args.order,
        no_names=args.no_names,
        lang=args.doc_lang,
        emails=args.emails,
        certified=args.certified,
        qr_codes=args.qr,
    )
    return _write(args, printing.attendance_sheet(db, args.id, options))


def cmd_cards(db, args) -> int:
    printing.check_counts(blank_cards=args.count)
    options = CardOptions(per_page=args.per_page, count=args.count, lang=args.doc_lang)
    return _write(args, printing.cards(db, args.id, options, filled=args.filled))


def cmd_results(db, args) -> int:
    printing.check_counts(top=args.top)
    options = ResultsOptions(top_n=args.top, lang=args.doc_lang, facilitator=args.facilitator)
    return _write(args, printing.results(db, args.id, options))


def cmd_badges(db, args) -> int:
    printing.check_counts(blank_badges=args.blank)
    options = BadgeOptions(
        layout=args.layout, blank=args.blank, lang=args.doc_lang, qr_codes=args.qr
    )
    return _write(args, printing.badges(db, args.id, options))


def cmd_certificates(db, args) -> int:
    options = CertificateOptions(lang=args.doc_lang, issued_on=args.date)
    target = Path(args.output)
    if target.suffix.lower() != ".pdf":
        written = printing.certificate_folder(db, args.id, target, options)
        print(
            ngettext(
                "{n} certificate written in {folder}",
                "{n} certificates written in {folder}",
                len(written),
            ).format(n=len(written), folder=target)
        )
        return 0
    return _write(args, printing.certificates(db, args.id, options))


def cmd_agenda(db, args) -> int:
    return _write(args, printing.agenda(db, args.id, AgendaOptions(lang=args.doc_lang)))
