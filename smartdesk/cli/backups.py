"""``smartdesk backup [-o FILE]``, ``smartdesk backups [--json]``, ``smartdesk restore FILE``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from smartdesk.cli._output import print_json, print_table, when
from smartdesk.i18n import _, format_decimal, format_number
from smartdesk.services import backups


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "backup", help=_("back up the database now (verified), or save a copy to a file")
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write the copy to FILE (e.g. on a USB key) instead of the backups folder"),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("backups", help=_("list the backups of the database, newest first"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    # by path: a database too damaged to open still lists its backups and can be restored
    p.set_defaults(handler=cmd_list, unopened=True)

    p = commands.add_parser(
        "restore",
        help=_("replace the database by a backup (the current file is backed up first)"),
    )
    p.add_argument("file", metavar="FILE", help=_("the backup to restore"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_restore, unopened=True)


def size_text(size: int) -> str:
    """A file size as people read it (MB with one decimal, kB under 1 MB)."""
    if size >= 1_000_000:
        return _("{size} MB").format(size=format_decimal(size / 1_000_000, 1))
    return _("{size} kB").format(size=format_number(max(1, round(size / 1000))))


def backup_json(b: backups.BackupInfo) -> dict[str, Any]:
    return {
        "path": str(b.path),
        "created_at": b.created_at.isoformat(),
        "reason": b.reason,
        "size": b.size,
        "people": b.counts.people if b.counts else None,
        "events": b.counts.events if b.counts else None,
        "registrations": b.counts.registrations if b.counts else None,
    }


def _print(items: list[backups.BackupInfo]) -> None:
    def n(value: int | None) -> str:
        return "" if value is None else format_number(value)

    print_table(
        [_("Date"), _("Why"), _("Size"), _("People"), _("Events"), _("Registrations"), _("File")],
        [
            (
                when(b.created_at),
                b.label,
                size_text(b.size),
                n(b.counts.people if b.counts else None),
                n(b.counts.events if b.counts else None),
                n(b.counts.registrations if b.counts else None),
                b.path.name,
            )
            for b in items
        ],
    )


def cmd_backup(db, args) -> int:
    if args.output:
        info = backups.save_copy(db, args.output)
    else:
        info = backups.create_backup(db, "manual")
    if args.json:
        print_json(backup_json(info))
        return 0
    assert info.counts is not None  # a new backup is verified
    print(
        _(
            "Backed up and verified: {path} ({people} people, {events} events, "
            "{registrations} registrations)."
        ).format(
            path=info.path,
            people=format_number(info.counts.people),
            events=format_number(info.counts.events),
            registrations=format_number(info.counts.registrations),
        )
    )
    return 0


def cmd_list(db, args) -> int:
    """``db`` is the database's path (``unopened``)."""
    items = backups.list_backups(db)
    if args.json:
        print_json(
            {
                "folder": str(backups.backups_folder(db)),
                "backups": [backup_json(b) for b in items],
                "last_external_copy": backups.last_external_copy(db),
            }
        )
        return 0
    if not items:
        print(_("No backup yet in {folder}.").format(folder=backups.backups_folder(db)))
    else:
        _print(items)
        print(_("Folder: {folder}").format(folder=backups.backups_folder(db)))
    last = backups.last_external_copy(db)
    if backups.copy_reminder_due(db):
        print(
            _(
                "Reminder: no copy of the database was saved outside this computer for 30 days "
                "or more; use `smartdesk backup -o FILE` with a USB key."
            ),
            file=sys.stderr,
        )
    elif last is not None:
        print(_("Last copy outside the data folder: {date}.").format(date=when(last)))
    return 0


def cmd_restore(path, args) -> int:
    """``path`` is the database's path (``unopened``): no connection of ours may stay open
    on the file restore replaces, and a damaged database must be restorable."""
    info = backups.restore(path, args.file)
    if args.json:
        print_json(backup_json(info))
        return 0
    counts = info.counts
    assert counts is not None
    print(
        _(
            "Restored {name} ({people} people, {events} events, {registrations} registrations). "
            "The previous file was backed up first (see `smartdesk backups`)."
        ).format(
            name=info.path.name,
            people=format_number(counts.people),
            events=format_number(counts.events),
            registrations=format_number(counts.registrations),
        )
    )
    return 0
