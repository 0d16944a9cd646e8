"""``smartdesk import people FILE …``: the lists people already have, all or nothing."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from smartdesk.cli._output import print_json, print_table
from smartdesk.i18n import _, format_number
from smartdesk.services import imports


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("import", help=_("import people from a spreadsheet or CSV file"))
    sub = group.add_subparsers(dest="action", metavar="WHAT", required=True)
    p = sub.add_parser(
        "people", help=_("import people from .xlsx or .csv (all or nothing by default)")
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the active one)"))
    p.add_argument(
        "--map",
        action="extend",
        nargs="+",
        default=[],
        metavar="COLUMN=field",
        help=_("correct the column mapping, e.g. Courriel=email or C=commune (repeatable)"),
    )
    p.add_argument("--dry-run", action="store_true", help=_("check and report, write nothing"))
    p.add_argument(
        "--skip-invalid", action="store_true", help=_("import the valid rows, report the others")
    )
    p.add_argument(
        "--on-duplicate",
        choices=imports.ON_DUPLICATE,
        default="skip",
        help=_("people already known: skip them (default) or update them"),
    )
    p.add_argument(
        "--event", type=int, metavar="ID", help=_("also register everyone to this event")
    )
    p.add_argument("--json", action="store_true", help=_("print the report as JSON"))
    p.set_defaults(handler=cmd_people)


def cmd_people(db, args) -> int:
    report = imports.import_people(
        db, args.file, sheet=args.sheet, overrides=args.map, dry_run=args.dry_run,
        skip_invalid=args.skip_invalid, on_duplicate=args.on_duplicate, event_id=args.event,
    )  # fmt: skip
    if args.json:
        print_json(asdict(report))
    else:
        _print(report)
    return 1 if report.blocked else 0


def _print(report: imports.ImportReport) -> None:
    print(_("File: {source}").format(source=report.source))
    print(
        _("Columns: {mapping}").format(
            mapping=", ".join(f"{c} → {f}" for c, f in report.mapping.items())
        )
    )
    print(_("Rows read: {n}").format(n=format_number(report.rows)))
    if report.invalid:
        print()
        print(_("Rows with a problem:"))
        print_table(
            [_("Row"), _("Column"), _("Problem")],
            [(p.row, p.column or p.field or "", p.reason) for p in report.invalid],
        )
    if report.skipped:
        print()
        print_table([_("Row"), _("Skipped")], [(p.row, p.reason) for p in report.skipped])
    if report.changes:
        print()
        print(_("Changes to people already known:"))
        print_table(
            [_("Row"), _("Person"), _("Change")],
            [(c.row, f"#{c.person_id}", imports.field_change_text(c)) for c in report.changes],
        )
    if report.warnings:
        print()
        print(_("To check:"))
        print_table(
            [_("Row"), _("Column"), _("Warning")],
            [(p.row, p.column or p.field or "", p.reason) for p in report.warnings],
        )
    print()
    if report.blocked:
        if report.dry_run:
            print(_("Nothing would be imported: correct the rows above, or use --skip-invalid."))
        else:
            print(_("Nothing was imported: correct the rows above, or use --skip-invalid."))
        return
    created = format_number(report.created)
    print(
        _("Would create: {n}").format(n=created)
        if report.dry_run
        else _("Created: {n}").format(n=created)
    )
    print(_("Updated: {n}").format(n=format_number(report.updated)))
    if report.unchanged:
        print(_("Already known, nothing new: {n}").format(n=format_number(report.unchanged)))
    if report.registered:
        print(_("Registered to the event: {n}").format(n=format_number(report.registered)))
    if report.dry_run:
        print(_("Dry run: nothing was written."))
