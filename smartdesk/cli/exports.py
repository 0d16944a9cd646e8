"""``smartdesk export summary|ics|csv``: the GAL's summary workbook, a calendar, CSV lists."""

from __future__ import annotations

import argparse

from smartdesk.i18n import _, ngettext
from smartdesk.services import exports

LANGS = ["fr", "nl", "de", "en"]


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "export", help=_("export the summary workbook for the GAL, a calendar or CSV lists")
    )
    sub = group.add_subparsers(dest="action", metavar="WHAT", required=True)

    p = sub.add_parser(
        "summary", help=_("the summary workbook for the GAL, with its exchange part (.xlsx)")
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("file to write"))
    p.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day, e.g. 2024-01-01"))
    p.add_argument("--to", dest="date_to", metavar="DATE", help=_("last day, e.g. 2024-12-31"))
    p.add_argument("--anonymous", action="store_true", help=_("name nobody in the workbook"))
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=LANGS,
        help=_("language of the document (default: yours)"),
    )
    p.set_defaults(handler=cmd_summary)

    p = sub.add_parser("ics", help=_("the events as a calendar for Outlook or Thunderbird (.ics)"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.ics", help=_("file to write"))
    p.add_argument("--from", dest="date_from", metavar="DATE", help=_("first day, e.g. 2024-01-01"))
    p.set_defaults(handler=cmd_ics)

    p = sub.add_parser("csv", help=_("a list as CSV for Excel (UTF-8)"))
    p.add_argument("what", choices=exports.CSV_KINDS, help=_("people, events or attendance"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv", help=_("file to write"))
    p.add_argument(
        "--semicolon",
        action="store_true",
        help=_("separate with ';' (what Excel expects on a Belgian or French Windows)"),
    )
    p.set_defaults(handler=cmd_csv)


def cmd_summary(db, args) -> int:
    date_from = exports.parse_day(args.date_from, "date_from", "--from")
    date_to = exports.parse_day(args.date_to, "date_to", "--to")
    result = exports.export_summary(
        db,
        args.output,
        date_from=date_from,
        date_to=date_to,
        anonymous=args.anonymous,
        lang=args.doc_lang,
    )
    print(_("Written: {path}").format(path=result.path))
    return 0


def cmd_ics(db, args) -> int:
    date_from = exports.parse_day(args.date_from, "date_from", "--from")
    n = exports.export_ics(db, args.output, date_from=date_from)
    print(_("Written: {path}").format(path=args.output))
    print(ngettext("{n} event", "{n} events", n).format(n=n))
    return 0


def cmd_csv(db, args) -> int:
    n = exports.export_csv(db, args.what, args.output, ";" if args.semicolon else ",")
    print(_("Written: {path}").format(path=args.output))
    print(ngettext("{n} row", "{n} rows", n).format(n=n))
    return 0
