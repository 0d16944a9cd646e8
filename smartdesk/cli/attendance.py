"""``smartdesk attendance list|set``."""

from __future__ import annotations

import argparse

from smartdesk.cli._output import attendance_json, print_json, print_table
from smartdesk.domain.enums import RegistrationStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.i18n import _
from smartdesk.services import attendance


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("attendance", help=_("registrations and attendance of an event"))
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = sub.add_parser("list", help=_("who is registered and who came"))
    p.add_argument("event", type=int, metavar="EVENT")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("set", help=_("set a person's status (registers them if needed)"))
    p.add_argument("event", type=int, metavar="EVENT")
    p.add_argument("person", type=int, metavar="PERSON")
    p.add_argument(
        "status", metavar="STATUS", help=_("invited, registered, present, excused or absent")
    )
    p.add_argument(
        "--half",
        choices=("morning", "afternoon"),
        help=_(
            "a full-day session: tick (present) or untick (absent) this half only, the other "
            "half kept"
        ),
    )
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_set)


def _print_rows(rows, as_json: bool) -> None:
    if as_json:
        print_json([attendance_json(r) for r in rows])
        return
    print_table(
        [_("Id"), _("Last name"), _("First name"), _("Organisation"), _("Status")],
        [(r.person_id, r.last_name, r.first_name, r.organisation, _status(r)) for r in rows],
    )


def _status(row) -> str:
    if row.half_day is None:
        return _(row.status.label)
    return _("{status} ({half})").format(status=_(row.status.label), half=_(row.half_day.label))


def cmd_list(db, args) -> int:
    _print_rows(attendance.list_attendance(db, args.event), args.json)
    return 0


def cmd_set(db, args) -> int:
    if args.half:
        status = attendance.parse_status(args.status)
        if status not in (RegistrationStatus.PRESENT, RegistrationStatus.ABSENT):
            raise ValidationError("status", _("With --half, the status is “present” or “absent”."))
        row = attendance.set_half_day(
            db, args.event, args.person, args.half, status == RegistrationStatus.PRESENT
        )
    else:
        row = attendance.set_status(db, args.event, args.person, args.status)
    if args.json:
        print_json(attendance_json(row))
    else:
        _print_rows([row], False)
    return 0
