"""``smartdesk init``: create a new, empty database where asked (nothing else creates one)."""

from __future__ import annotations

import argparse

from smartdesk.i18n import _


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "init", help=_("create a new, empty SmartDesk database (--db PATH, or the default one)")
    )
    p.set_defaults(handler=cmd_init, creates_database=True)


def cmd_init(db, args) -> int:
    print(_("SmartDesk database ready: {path}").format(path=db.path))
    return 0
