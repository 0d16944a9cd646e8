"""``smartdesk demo``: fill the database with the demonstration data set."""

from __future__ import annotations

import argparse

from smartdesk.i18n import _, format_number
from smartdesk.services import demo


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "demo", help=_("fill the database with a realistic demonstration data set")
    )
    p.set_defaults(handler=cmd_demo)


def cmd_demo(db, args) -> int:
    counts = demo.load_demo(db)
    print(
        _("Demonstration data ready: {people} people, {events} events.").format(
            people=format_number(counts["people"]), events=format_number(counts["events"])
        )
    )
    return 0
