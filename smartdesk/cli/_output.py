"""Printing for the CLI: JSON with stable keys, or aligned text tables for people to read."""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from smartdesk.i18n import _, format_datetime

if TYPE_CHECKING:  # for the hints only: --version, --help and the window do not load them
    from smartdesk.domain.records import AttendanceRow, EventRecord, PersonRecord


def fail(message: str) -> int:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    return 1


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    raise TypeError(type(value))


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def person_json(p: PersonRecord) -> dict[str, Any]:
    return {
        "id": p.id,
        "uuid": p.uuid,
        "first_name": p.first_name,
        "last_name": p.last_name,
        "email": p.email,
        "phone": p.phone,
        "function": p.function,
        "organisation": p.organisation,
        "sector": p.sector.value if p.sector else None,
        "commune": p.commune,
        "consent": p.consent,
    }


def event_json(e: EventRecord) -> dict[str, Any]:
    return {
        "id": e.id,
        "uuid": e.uuid,
        "title": e.title,
        "kind": e.kind.value,
        "start": e.start.isoformat(),
        "end": e.end.isoformat() if e.end else None,
        "venue": e.venue,
        "commune": e.commune,
        "status": e.status.value,
    }


def attendance_json(a: AttendanceRow) -> dict[str, Any]:
    return {
        "person_id": a.person_id,
        "first_name": a.first_name,
        "last_name": a.last_name,
        "organisation": a.organisation,
        "status": a.status.value,
        "half_day": a.half_day.value if a.half_day else None,
    }


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, min(_width(v), 40)) for w, v in zip(widths, row, strict=True)]
    if rows:  # the last column is never cut: it is where messages go
        widths[-1] = max(widths[-1], *(_width(row[-1]) for row in rows))

    def line(cells: Sequence[str]) -> str:
        out = []
        for cell, width in zip(cells, widths, strict=True):
            if _width(cell) > width:
                cell = cell[: width - 1] + "…"
            out.append(cell + " " * (width - _width(cell)))
        return "  ".join(out).rstrip()

    print(line(headers))
    print("  ".join("-" * w for w in widths))
    for row in rows:
        print(line(row))


def when(value: dt.datetime | None) -> str:
    return format_datetime(value, "short") if value else ""
