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

    p = sub.add_parser("csv", help=_("a list as CSV that Excel opens in columns"))
    p.add_argument("what", choices=exports.CSV_KINDS, help=_("people, events or attendance"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.csv", help=_("file to write"))
    p.add_argument(
        "--delimiter",
        choices=[";", ",", "comma", "semicolon"],
        default=";",
        help=_("the separator: ';' (default, what Excel expects on a Belgian Windows) or ','"),
    )
    p.add_argument(
        "--encoding",
        choices=exports.CSV_ENCODINGS,
        default="utf-8-sig",
        help=_(
            "utf-8-sig (default: UTF-8 that Excel recognises), cp1252 (Excel's Windows code page) or utf-8"
        ),
    )
    # Kept for scripts written before ';' became the default.
    p.add_argument("--semicolon", action="store_true", help=argparse.SUPPRESS)
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
    delimiter = {"comma": ",", "semicolon": ";"}.get(args.delimiter, args.delimiter)
    n = exports.export_csv(
        db, args.what, args.output, ";" if args.semicolon else delimiter, encoding=args.encoding
    )
    print(_("Written: {path}").format(path=args.output))
    print(ngettext("{n} row", "{n} rows", n).format(n=n))
    return 0
