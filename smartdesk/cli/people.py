"""``smartdesk people list|add|duplicates|merge|delete|anonymise``."""

from __future__ import annotations

import argparse
import sys

from smartdesk.cli._output import person_json, print_json, print_table
from smartdesk.i18n import _
from smartdesk.services import people


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser("people", help=_("list, search and add people"))
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = sub.add_parser("list", help=_("list people by last name"))
    p.add_argument("--search", metavar="TEXT", help=_("name or e-mail, ignoring case and accents"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("add", help=_("add a person"))
    p.add_argument("--first-name", required=True)
    p.add_argument("--last-name", required=True)
    p.add_argument("--email")
    p.add_argument("--phone")
    p.add_argument("--function")
    p.add_argument("--organisation")
    p.add_argument("--sector", help=_("commune, association, business, partner or other"))
    p.add_argument("--commune")
    p.add_argument("--consent", action="store_true", help=_("agrees to be contacted again"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_add)

    p = sub.add_parser("duplicates", help=_("list people who look like the same person"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_duplicates)

    p = sub.add_parser(
        "merge", help=_("merge the second person into the first, keeping both histories")
    )
    p.add_argument("keep", type=int, metavar="KEEP_ID")
    p.add_argument("other", type=int, metavar="OTHER_ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_merge)

    p = sub.add_parser("delete", help=_("delete a person who never attended anything"))
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument(
        "--anonymise", action="store_true", help=_("if they have a history, anonymise them instead")
    )
    p.set_defaults(handler=cmd_delete)


def _print_people(records, as_json: bool) -> None:
    if as_json:
        print_json([person_json(p) for p in records])
        return
    print_table(
        [
            _("Id"),
            _("Last name"),
            _("First name"),
            _("Organisation"),
            _("Commune"),
            _("E-mail"),
            _("Consent"),
        ],
        [
            (
                p.id,
                p.last_name,
                p.first_name,
                p.organisation,
                p.commune,
                p.email,
                _("yes") if p.consent else _("no"),
            )
            for p in records
        ],
    )


def cmd_list(db, args) -> int:
    _print_people(people.search(db, args.search), args.json)
    return 0


def cmd_add(db, args) -> int:
    record = people.create(
        db,
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
        phone=args.phone,
        function=args.function,
        organisation=args.organisation,
        sector=args.sector,
        commune=args.commune,
        consent=args.consent,
    )
    _print_people([record], args.json)
    for twin in people.look_alikes(db, record.id):
        print(
            _(
                "Warning: this may be the same person as #{id} {first} {last}; see `smartdesk people merge`."
            ).format(id=twin.id, first=twin.first_name, last=twin.last_name),
            file=sys.stderr,
        )
    return 0


def cmd_duplicates(db, args) -> int:
    pairs = people.find_duplicates(db)
    if args.json:
        print_json(
            [
                {"first": person_json(p.first), "second": person_json(p.second), "reason": p.reason}
                for p in pairs
            ]
        )
        return 0
    reasons = {"email": _("same e-mail"), "name": _("same name and commune")}
    print_table(
        [_("Id"), _("Name"), _("Id"), _("Name"), _("Why")],
        [
            (p.first.id, p.first.full_name, p.second.id, p.second.full_name, reasons[p.reason])
            for p in pairs
        ],
    )
    return 0


def cmd_merge(db, args) -> int:
    _print_people([people.merge(db, args.keep, args.other)], args.json)
    return 0


def cmd_delete(db, args) -> int:
    from smartdesk.domain.errors import ConflictError

    try:
        people.delete(db, args.id)
        print(_("Deleted."))
    except ConflictError:
        if not args.anonymise:
            raise
        people.anonymise(db, args.id)
        print(_("This person has an attendance history: anonymised instead of deleted."))
    return 0
