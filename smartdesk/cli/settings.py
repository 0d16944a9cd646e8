"""``smartdesk settings show|set``: the organiser's identity printed on every document."""

from __future__ import annotations

import argparse
import sys

from smartdesk.cli._output import print_json, print_table
from smartdesk.i18n import _
from smartdesk.services import settings


def register(commands: argparse._SubParsersAction) -> None:
    group = commands.add_parser(
        "settings", help=_("the organiser's name, logos, funding line and signatory")
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)
    p = sub.add_parser("show", help=_("show every setting"))
    p.add_argument("--json", action="store_true", help=_("print JSON"))
    p.set_defaults(handler=cmd_show)
    p = sub.add_parser("set", help=_("set one setting"))
    p.add_argument("key", metavar="KEY", choices=settings.KEYS, help=", ".join(settings.KEYS))
    p.add_argument(
        "value", metavar="VALUE", help=_("the value; funder_logos takes paths separated by ';'")
    )
    p.set_defaults(handler=cmd_set)


def _show(db, current, as_json: bool) -> None:
    values = {key: getattr(current, key) for key in settings.DOCUMENT_KEYS}
    values.update(settings.policy_values(db))
    if as_json:
        print_json({k: list(v) if isinstance(v, tuple) else v for k, v in values.items()})
        return
    print_table(
        [_("Setting"), _("Value")],
        [(k, "; ".join(v) if isinstance(v, tuple) else (v or "")) for k, v in values.items()],
    )


def cmd_show(db, args) -> int:
    _show(db, settings.load(db), args.json)
    return 0


def cmd_set(db, args) -> int:
    current = settings.set_value(db, args.key, args.value)
    for warning in settings.missing_files(current):
        print(warning, file=sys.stderr)
    _show(db, current, False)
    return 0
