"""``smartdesk trainings list``: the trainings with the ids ``print certificates`` takes."""

from __future__ import annotations

import argparse

from smartdesk.cli._output import print_json, print_table, when
from smartdesk.i18n import _, format_hours, format_number
from smartdesk.services import trainings


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("trainings", help=_("list the trainings and their ids"))
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser(
        "list", help=_("list the trainings, latest first (the id is what certificates take)")
    )
    p.add_argument("--search", metavar="TEXT", help=_("title, topic or trainer"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)


def cmd_list(db, args) -> int:
    ids = trainings.find_trainings(db, args.search)
    summaries = trainings.training_summaries(db, ids)
    rows = [summaries[i] for i in ids if i in summaries]
    if args.json:
        print_json(
            [
                {
                    "id": t.id,
                    "title": t.title,
                    "trainer": t.trainer,
                    "sessions": t.sessions,
                    "hours": t.hours,
                    "trainees": t.trainees,
                    "first": t.first,
                    "last": t.last,
                }
                for t in rows
            ]
        )
        return 0
    print_table(
        [_("Id"), _("First session"), _("Sessions"), _("Hours"), _("Trainer"), _("Title")],
        [
            (
                t.id,
                when(t.first),
                format_number(t.sessions),
                format_hours(t.hours),
                t.trainer,
                t.title,
            )
            for t in rows
        ],
    )
    return 0
