"""``smartdesk workshops list``: the workshops (``print results`` takes their id) and their
questions (``print cards`` takes a question's id)."""

from __future__ import annotations

import argparse

from smartdesk.cli._output import print_json, print_table, when
from smartdesk.i18n import _
from smartdesk.services import workshops


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("workshops", help=_("list the workshops and their questions"))
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser(
        "list",
        help=_("list the workshops by date, with the ids of their questions (for workshop cards)"),
    )
    p.add_argument("--event", type=int, metavar="EVENT", help=_("only the workshops of one event"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)


def cmd_list(db, args) -> int:
    records = workshops.list_workshops(db, args.event)
    if args.json:
        print_json(
            [
                {
                    "id": w.id,
                    "title": w.title,
                    "event_id": w.event_id,
                    "event_title": w.event_title,
                    "start": w.event_start,
                    "questions": [
                        {"id": p.id, "position": p.position, "question": p.question}
                        for p in w.prompts
                    ],
                }
                for w in records
            ]
        )
        return 0
    print_table(
        [_("Id"), _("Date"), _("Event"), _("Workshop"), _("Questions (id: question)")],
        [
            (
                w.id,
                when(w.event_start),
                w.event_title,
                w.title,
                " | ".join(
                    _("{id}: {question}").format(id=p.id, question=p.question) for p in w.prompts
                ),
            )
            for w in records
        ],
    )
    return 0
