"""``smartdesk people list|add|duplicates|merge|delete|anonymise|erase|export-data|retention``."""

from __future__ import annotations

import argparse
import sys

from smartdesk.cli._output import person_json, print_json, print_table
from smartdesk.i18n import _, format_date, ngettext
from smartdesk.services import people, privacy


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

    p = sub.add_parser(
        "anonymise", help=_("remove everything that identifies a person, keep their attendance")
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_anonymise)

    p = sub.add_parser(
        "erase", help=_("erase a person (their attendance stays counted, anonymously)")
    )
    p.add_argument("id", type=int, metavar="ID")
    p.set_defaults(handler=cmd_erase)

    p = sub.add_parser(
        "export-data", help=_("everything held on one person, as JSON (access request)")
    )
    p.add_argument("id", type=int, metavar="ID")
    p.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of the screen"))
    p.set_defaults(handler=cmd_export_data)

    p = sub.add_parser(
        "retention", help=_("people without consent not seen for years; --erase erases them")
    )
    p.add_argument(
        "--years",
        type=int,
        metavar="N",
        help=_("not seen for N years (default: the retention_years setting, 3)"),
    )
    p.add_argument("--erase", action="store_true", help=_("erase every person listed"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_retention)


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


def cmd_anonymise(db, args) -> int:
    record = privacy.anonymise_person(db, args.id)
    if args.json:
        print_json(person_json(record))
    else:
        print(_("Person #{id} anonymised.").format(id=args.id))
    return 0


def cmd_erase(db, args) -> int:
    privacy.erase_person(db, args.id)
    print(_("Person #{id} erased; their attendance stays counted anonymously.").format(id=args.id))
    return 0


def cmd_export_data(db, args) -> int:
    if args.output:
        path = privacy.write_person_data(db, args.id, args.output)
        print(_("Written: {path}").format(path=path))
    else:
        print_json(privacy.export_person_data(db, args.id))
    return 0


def cmd_retention(db, args) -> int:
    candidates = privacy.retention_candidates(db, args.years)
    if args.json:
        print_json(
            [
                {
                    **person_json(c.person),
                    "last_seen": c.last_seen.isoformat() if c.last_seen else None,
                }
                for c in candidates
            ]
        )
    else:
        print_table(
            [_("Id"), _("Last name"), _("First name"), _("Commune"), _("Last seen")],
            [
                (
                    c.person.id,
                    c.person.last_name,
                    c.person.first_name,
                    c.person.commune,
                    format_date(c.last_seen) if c.last_seen else _("never registered"),
                )
                for c in candidates
            ],
        )
    if args.erase and candidates:
        n = privacy.erase_many(db, [c.person.id for c in candidates])
        print(ngettext("{n} person erased.", "{n} people erased.", n).format(n=n), file=sys.stderr)
    return 0
