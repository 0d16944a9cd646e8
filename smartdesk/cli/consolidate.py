"""``smartdesk consolidate FILE.xlsx …``: merge the communes' exchange workbooks at the GAL."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smartdesk.cli._output import print_json, print_table
from smartdesk.i18n import _, format_number
from smartdesk.services import exchange, exports


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "consolidate",
        help=_(
            "import the communes' summary workbooks into this database, without double counting"
        ),
    )
    p.add_argument("files", nargs="+", metavar="FILE.xlsx", help=_("exchange workbooks to import"))
    p.add_argument(
        "-o",
        "--output",
        metavar="SUMMARY.xlsx",
        help=_("then write the summary workbook of the consolidated database"),
    )
    p.add_argument(
        "--dry-run", action="store_true", help=_("report what would change, write nothing")
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_consolidate)


def _file_json(f: exchange.FileReport) -> dict[str, Any]:
    return {
        "path": str(f.path),
        "ok": f.ok,
        "origin": f.origin,
        "error": f.error,
        "problems": f.problems,
        "warnings": f.warnings,
        "tables": {name: counts.as_dict() for name, counts in f.tables.items()},
        "totals": f.totals.as_dict(),
        "conflicts": [
            {
                "table": c.table,
                "record_uuid": c.record_uuid,
                "incoming_uuid": c.incoming_uuid,
                "kept": c.kept,
                "fields": list(c.fields),
                "label": c.label,
            }
            for c in f.conflicts
        ],
    }


def _print_file(f: exchange.FileReport) -> None:
    if not f.ok:
        print(_("{name}: not imported").format(name=f.path.name))
        return
    print(_("{name} (from {origin}): imported").format(name=f.path.name, origin=f.origin))
    n = format_number
    print_table(
        [_("Table"), _("Added"), _("Updated"), _("Unchanged"), _("Conflicts"), _("Merged")],
        [
            (name, n(c.added), n(c.updated), n(c.unchanged), n(c.conflicts), n(c.merged))
            for name, c in f.tables.items()
        ],
    )
    for c in f.conflicts:
        kept = _("the incoming version") if c.kept == "incoming" else _("the version here")
        print(
            _(
                "Conflict in {table}: “{label}” changed at both ends ({fields}); kept {kept} "
                "(the newer), the other is saved."
            ).format(table=c.table, label=c.label, fields=", ".join(c.fields), kept=kept)
        )
    print()


def cmd_consolidate(db, args) -> int:
    report = exchange.consolidate(db, args.files, dry_run=args.dry_run)
    summary = None
    if args.output and report.imported and not args.dry_run:
        summary = exports.export_summary(db, args.output, all_communes=True).path
    by_origin = [] if args.dry_run else exchange.figures_by_origin(db)
    if args.json:
        print_json(
            {
                "dry_run": report.dry_run,
                "ok": report.ok,
                "files": [_file_json(f) for f in report.files],
                "by_origin": [
                    {"origin": o.origin, "participations": o.participations, "people": o.people}
                    for o in by_origin
                ],
                "summary": str(summary) if summary else None,
            }
        )
    else:
        for f in report.files:
            _print_file(f)
        if by_origin:
            print(_("By commune of origin (everything imported so far):"))
            print_table(
                [_("Commune of origin"), _("Participations"), _("People")],
                [(o.origin, format_number(o.participations), format_number(o.people))
                 for o in by_origin],
            )  # fmt: skip
        if summary:
            print(_("Written: {path}").format(path=summary))
    for f in report.imported:
        for warning in f.warnings:
            print(_("Warning: {message}").format(message=warning), file=sys.stderr)
    for f in report.refused:
        print(_("Error: {message}").format(message=f.error), file=sys.stderr)
        for problem in f.problems:
            print(f"  {problem}", file=sys.stderr)
    if args.dry_run:
        print(_("Dry run: nothing was written."), file=sys.stderr)
    return 0 if report.ok else 1
