"""``smartdesk events list|show|add|edit``."""

from __future__ import annotations

import argparse

from smartdesk.cli._output import event_json, print_json, print_table, when
from smartdesk.i18n import _, format_date, format_number, format_time_range
from smartdesk.services import events


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("events", help=_("list, show, add and edit events"))
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = sub.add_parser("list", help=_("list events in date order"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("show", help=_("show one event with its agenda and attendance counts"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_show)

    p = sub.add_parser("add", help=_("add an event"))
    p.add_argument("--title", required=True)
    p.add_argument(
        "--kind",
        required=True,
        help=_(
            "midi_du_smart, exchange_evening, training_session, workshop, business_breakfast, visit, partner_meeting or other"
        ),
    )
    p.add_argument("--start", required=True, metavar="ISO", help=_("start, e.g. 2020-02-06T12:00"))
    p.add_argument("--end", metavar="ISO", help=_("end, e.g. 2020-02-06T14:00"))
    p.add_argument("--venue")
    p.add_argument("--commune")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser(
        "edit",
        help=_("change fields of an event (only those given; an empty value clears a field)"),
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--title")
    p.add_argument("--kind", help=_("the kind of event, as for “events add”"))
    p.add_argument(
        "--status", help=_("planned, held or cancelled (only held events count as held)")
    )
    p.add_argument("--start", metavar="ISO", help=_("start, e.g. 2020-02-06T12:00"))
    p.add_argument("--end", metavar="ISO", help=_("end, e.g. 2020-02-06T14:00"))
    p.add_argument("--date", metavar="DAY", help=_("move the event to this day at the same hours"))
    for option in ("--venue", "--address", "--commune", "--organiser", "--description"):
        p.add_argument(option)
    p.add_argument("--capacity", metavar="N")
    p.add_argument("--hours", metavar="H", help=_("hours counted for each participant"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_edit)


def _print_events(records, as_json: bool) -> None:
    if as_json:
        print_json([event_json(e) for e in records])
        return
    print_table(
        [_("Id"), _("Start"), _("Kind"), _("Title"), _("Venue"), _("Commune"), _("Status")],
        [
            (e.id, when(e.start), _(e.kind.label), e.title, e.venue, e.commune, _(e.status.label))
            for e in records
        ],
    )


def cmd_list(db, args) -> int:
    _print_events(events.list_events(db), args.json)
    return 0


def cmd_show(db, args) -> int:
    # Only ``show`` counts attendance: ``list`` (the common command) does not load that module
    # and the people services it brings (see tests/test_startup.py).
    from smartdesk.services import attendance

    event = events.get(db, args.id)
    agenda = events.agenda(db, args.id)
    counts = attendance.counts(db, args.id)
    if args.json:
        data = event_json(event)
        data["agenda"] = [
            {
                "position": a.position,
                "time": a.time,
                "title": a.title,
                "speaker": a.speaker,
                "role": a.speaker_role,
            }
            for a in agenda
        ]
        data["attendance"] = {status.value: n for status, n in counts.items()}
        print_json(data)
        return 0
    print(event.title)
    if event.end is not None and event.end.date() == event.start.date():
        period = f"{format_date(event.start, 'full')}, {format_time_range(event.start, event.end)}"
    else:
        period = when(event.start) + (f" – {when(event.end)}" if event.end else "")
    print(f"{_(event.kind.label)} · {period}")
    if event.venue or event.commune:
        print(", ".join(v for v in (event.venue, event.commune) if v))
    for a in agenda:
        speaker = (
            f" — {a.speaker}" + (f" ({a.speaker_role})" if a.speaker_role else "")
            if a.speaker
            else ""
        )
        print(f"  {a.time.strftime('%H:%M') if a.time else '     '}  {a.title}{speaker}")
    for status, n in counts.items():
        print(f"{_(status.label)}: {format_number(n)}")
    return 0


def cmd_add(db, args) -> int:
    event = events.create(
        db,
        title=args.title,
        kind=args.kind,
        start=args.start,
        end=args.end,
        venue=args.venue,
        commune=args.commune,
    )
    _print_events([event], args.json)
    return 0


#: The options of ``events edit``, as the service's field names.
EDITABLE = (
    "title", "kind", "status", "start", "end", "date", "venue", "address", "commune",
    "organiser", "description", "capacity", "hours",
)  # fmt: skip
#: Fields an empty value sets to none (the service clears the texts itself).
CLEARED_WHEN_EMPTY = ("end", "capacity", "hours")


def cmd_edit(db, args) -> int:
    fields = {name: getattr(args, name) for name in EDITABLE if getattr(args, name) is not None}
    for name in CLEARED_WHEN_EMPTY:
        if name in fields and not fields[name].strip():
            fields[name] = None
    event = events.update_event(db, args.id, **fields)
    _print_events([event], args.json)
    return 0
