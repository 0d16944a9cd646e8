"""Command line: ``smartdesk [--db PATH] [--lang L] COMMAND …``. A stable contract: the JSON
keys and exit codes (0 ok, 1 bad input or unknown record, 2 usage error) do not change lightly.
The CLI talks to the services only; it never touches the database layer."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from smartdesk import __version__, startup
from smartdesk.cli._output import fail
from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import N_, _, ngettext, set_locale
from smartdesk.services import preferences


@dataclass(frozen=True)
class Group:
    """A command group: the word typed, the module under smartdesk.cli whose ``register``
    adds it, and its one-line help. Only the group a command line names is imported, so
    ``smartdesk --version`` or ``events list`` never loads reportlab, openpyxl or Qt."""

    command: str
    module: str
    help: str


#: Each command group registers its sub-commands; a new group is one line here.
GROUPS: list[Group] = [
    Group("init", "database", N_("create a new, empty SmartDesk database")),
    Group("demo", "demo", N_("fill the database with a realistic demonstration data set")),
    Group("events", "events", N_("list, show, add and edit events")),
    Group("people", "people", N_("list, search and add people")),
    Group("attendance", "attendance", N_("registrations and attendance of an event")),
    Group("trainings", "trainings", N_("list the trainings and their ids")),
    Group("workshops", "workshops", N_("list the workshops and their questions")),
    Group("settings", "settings", N_("the organiser's name, logos, funding line and signatory")),
    Group(
        "print",
        "printing",
        N_("print sign-in sheets, workshop cards, badges, certificates, agendas"),
    ),
    Group("import", "imports", N_("import people from a spreadsheet or CSV file")),
    Group(
        "export",
        "exports",
        N_("export the summary workbook for the GAL, a calendar or CSV lists"),
    ),
    Group(
        "consolidate",
        "consolidate",
        N_("import the communes' summary workbooks into this database, without double counting"),
    ),
    Group("backup", "backups", N_("make a verified backup of the database, or a copy to a file")),
    Group("backups", "backups", N_("list the backups of the database, newest first")),
    Group("restore", "backups", N_("put a backup back in place of the database")),
]


def _register(commands: argparse._SubParsersAction, group: Group) -> None:
    module = importlib.import_module(f"smartdesk.cli.{group.module}")
    module.register(commands)


def build_parser(command: str | None = None, load_all: bool = False) -> argparse.ArgumentParser:
    """The parser with only ``command``'s group loaded (the others are listed by name and help
    for ``--help``, unloaded), or with every group loaded (``load_all``)."""
    parser = argparse.ArgumentParser(
        prog="smartdesk",
        description=_(
            "SmartDesk: events, attendance, trainings and workshops for town halls and their GAL."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"SmartDesk {__version__}",
        help=_("show the program's version number and exit"),
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help=_(
            "database file (default: $SMARTDESK_DB, else smartdesk.db in the user's data folder)"
        ),
    )
    parser.add_argument("--lang", metavar="LANG", help=_("language of messages: fr, nl, de or en"))
    parser.add_argument(
        "--read-only",
        action="store_true",
        help=_("open the database read-only (e.g. while another PC is writing to it)"),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # A module may register several commands (backup, backups, restore): it is loaded once,
    # and its commands get no unloaded stand-in.
    wanted = {g.module for g in GROUPS if load_all or g.command == command}
    loaded: set[str] = set()
    for group in GROUPS:
        if group.module not in wanted:
            commands.add_parser(group.command, help=_(group.help))
        elif group.module not in loaded:
            _register(commands, group)
            loaded.add(group.module)
    return parser


#: argparse's own words (its headings and its errors: "usage:", "the following arguments are
#: required: …"), marked for our catalogs. argparse looks them up through its module's ``_`` and
#: ``ngettext`` each time it speaks; ``_argparse_in_our_language`` points those at ours while the
#: command line is built and parsed. These are Python 3.11's texts: another version's changed
#: texts would stay in English, nothing worse.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
)


def _argparse_plural_words() -> None:  # never called: marks argparse's plural for extraction
    ngettext("expected %s argument", "expected %s arguments", 2)


@contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda message: _(message) if message else message  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def _latest_backup_hint(exc: SmartDeskError) -> str:
    """For a damaged file, the command that puts its latest backup back (same line)."""
    if getattr(exc, "kind", None) != "damaged" or getattr(exc, "path", None) is None:
        return ""
    from smartdesk.services import backups

    latest = backups.latest_backup(exc.path)  # type: ignore[attr-defined]
    if latest is None:
        return ""
    return " " + _('Its latest backup: smartdesk --db "{db}" restore "{backup}"').format(
        db=exc.path,  # type: ignore[attr-defined]
        backup=latest.path,
    )


def _say_we_wait() -> Callable[[float], None]:
    said = []

    def on_wait(seconds: float) -> None:
        if not said:
            said.append(True)
            print(
                _("Another SmartDesk is writing to the database; waiting for it to finish…"),
                file=sys.stderr,
                flush=True,
            )

    return on_wait


@dataclass
class _Started:
    """What the start of a command line found: its parsed arguments, and the database it opened
    (None for a command that takes the path itself, or for the window)."""

    args: argparse.Namespace
    db: Any = None  # the services' Database: the command line does not name the database layer


def _start(argv: list[str]) -> _Started | int:
    """Parse the command line, load the command's modules and open its database; an exit code
    instead when it stops there (an unsupported language, a file that cannot be opened)."""
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
        set_locale(preferences.choose_language(known.lang))
    except ValueError:
        print(
            _("Unsupported language “{lang}”: choose fr, nl, de or en.").format(lang=known.lang),
            file=sys.stderr,
        )
        return 2
    command = argv[len(head)] if len(head) < len(argv) else None
    with _argparse_in_our_language():
        args = build_parser(command).parse_args(argv)
    # The database layer (SQLAlchemy, Alembic) only once a command needs it.
    from smartdesk import app

    if args.command is None or getattr(args, "unopened", False):
        return _Started(args)
    try:
        db = app.open_database(
            args.db,
            create=getattr(args, "creates_database", False),
            read_only=args.read_only,
        )
    except SmartDeskError as exc:
        return fail(exc.message + _latest_backup_hint(exc))
    return _Started(args, db)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    with startup.loading():  # the command's modules, and its database opened
        started = _start(argv)
    if isinstance(started, int):
        return started
    from smartdesk import app

    args, db = started.args, started.db
    if args.command is None:
        return app.run_gui(args.db, [sys.argv[0]])
    if db is None:  # the command takes the path (restore, backups)
        try:
            return int(args.handler(app.resolve_db_path(args.db), args) or 0)
        except SmartDeskError as exc:
            return fail(exc.message)
    db.on_wait = _say_we_wait()
    try:
        code = int(args.handler(db, args) or 0)
        note = app.read_only_note(db)
        if note and code == 0:  # a refused write already said it in its one line
            print(note, file=sys.stderr)
        return code
    except SmartDeskError as exc:
        return fail(exc.message)
    except BrokenPipeError:  # `smartdesk people list | head`
        return 0
    finally:
        db.dispose()
