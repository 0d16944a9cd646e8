"""``smartdesk events list|show|add``."""

from __future__ import annotations

import argparse

from smartdesk.cli._output import event_json, print_json, print_table, when
from smartdesk.i18n import _, format_date, format_number, format_time_range
from smartdesk.services import events


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("events", help=_("list, show and add events"))
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
