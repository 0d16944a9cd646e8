"""``smartdesk demo``: fill the database with the demonstration data set."""

from __future__ import annotations

import argparse

from smartdesk.i18n import _, format_number, ngettext
from smartdesk.services import demo


def register(commands: argparse._SubParsersAction) -> None:
    p = commands.add_parser(
        "demo", help=_("fill the database with a realistic demonstration data set")
    )
    p.set_defaults(handler=cmd_demo, creates_database=True)  # fills the file it is given


def cmd_demo(db, args) -> int:
    counts = demo.load_demo(db)
    # Two counts, two plurals: each half of the sentence agrees with its own number.
    people = ngettext("{n} person", "{n} people", counts["people"]).format(
        n=format_number(counts["people"])
    )
    events = ngettext("{n} event", "{n} events", counts["events"]).format(
        n=format_number(counts["events"])
    )
    print(_("Demonstration data ready: {people}, {events}.").format(people=people, events=events))
    return 0
