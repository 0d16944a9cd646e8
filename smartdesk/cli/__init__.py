"""Command line: ``smartdesk [--db PATH] [--lang L] COMMAND …``. A stable contract: the JSON
keys and exit codes (0 ok, 1 bad input or unknown record, 2 usage error) do not change lightly.
The CLI talks to the services only; it never touches the database layer."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from smartdesk import __version__, app
from smartdesk.cli import (
    attendance,
    backups,
    consolidate,
    demo,
    events,
    exports,
    imports,
    people,
    printing,
    settings,
)
from smartdesk.cli._output import fail
from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _

#: Each command group registers its sub-commands; later groups (print, import, export,
#: consolidate, backup, restore) plug in here the same way.
GROUPS: list[Callable[[argparse._SubParsersAction], None]] = [
    demo.register,
    events.register,
    people.register,
    attendance.register,
    settings.register,
    printing.register,
    imports.register,
    exports.register,
    consolidate.register,
    backups.register,
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="smartdesk",
        description=_(
            "SmartDesk: events, attendance, trainings and workshops for town halls and their GAL."
        ),
    )
    parser.add_argument("--version", action="version", version=f"SmartDesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_(
            "database file (default: $SMARTDESK_DB, else smartdesk.db in the user's data folder)"
        ),
    )
    parser.add_argument("--lang", metavar="LANG", help=_("language of messages: fr, nl, de or en"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in GROUPS:
        register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are translated.
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang")
    # Only the options before the command are global: `print … --lang nl` is the document's.
    head = []
    for arg in argv:
        if not arg.startswith("-") and (not head or head[-1] not in ("--db", "--lang")):
            break
        head.append(arg)
    known, _rest = pre.parse_known_args(head)
    try:
        app.setup_locale(known.lang)
    except ValueError:
        print(
            _("Unsupported language “{lang}”: choose fr, nl, de or en.").format(lang=known.lang),
            file=sys.stderr,
        )
        return 2
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return app.run_gui(args.db, [sys.argv[0]])
    if getattr(args, "unopened", False):  # the command takes the path (restore, backups)
        try:
            return int(args.handler(app.resolve_db_path(args.db), args) or 0)
        except SmartDeskError as exc:
            return fail(exc.message)
    try:
        db = app.open_database(args.db)
    except SmartDeskError as exc:
        return fail(exc.message)
    try:
        return int(args.handler(db, args) or 0)
    except SmartDeskError as exc:
        return fail(exc.message)
    except BrokenPipeError:  # `smartdesk people list | head`
        return 0
    finally:
        db.dispose()
