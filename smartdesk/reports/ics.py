"""Events as an RFC 5545 calendar (``.ics``) for Outlook, Thunderbird or a phone.

Each event keeps its SmartDesk UUID as ``UID``, so importing the file again updates the
calendar entries instead of duplicating them. Times are Brussels local time with the
``Europe/Brussels`` time zone definition included (``VTIMEZONE``), which Outlook requires.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText

from smartdesk import __version__
from smartdesk.domain.enums import EventStatus
from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _

BRUSSELS = ZoneInfo("Europe/Brussels")
DEFAULT_DURATION = dt.timedelta(hours=2)
_STATUS = {
    EventStatus.PLANNED: "CONFIRMED",
    EventStatus.HELD: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=BRUSSELS)
    return value.astimezone(BRUSSELS)


def _location(event: EventRecord) -> str:
    parts = [event.venue, event.address, event.commune]
    seen: list[str] = []
    for part in parts:
        if part and part.strip() and part.strip() not in seen:
            seen.append(part.strip())
    return ", ".join(seen)


def _description(event: EventRecord) -> str:
    lines = [_(event.kind.label)]
    if event.training_title:
        lines.append(_("Training: {title}").format(title=event.training_title))
    if event.trainer:
        lines.append(_("Trainer: {name}").format(name=event.trainer))
    if event.organiser:
        lines.append(_("Organiser: {name}").format(name=event.organiser))
    if event.description:
        lines.extend(["", event.description])
    return "\n".join(lines)


def build_calendar(events: Iterable[EventRecord], *, now: dt.datetime | None = None) -> Calendar:
    """The calendar object (kept separate so a caller can add to it)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//SmartDesk//SmartDesk {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("SmartDesk events"))
    calendar.add("x-wr-timezone", "Europe/Brussels")
    for record in events:
        start = _local(record.start)
        end = _local(record.end) if record.end and record.end > record.start else None
        item = Event()
        item.add("uid", f"{record.uuid}@smartdesk")
        item.add("dtstamp", stamp)
        item.add("dtstart", start)
        item.add("dtend", end or start + DEFAULT_DURATION)
        item.add("summary", record.title)
        location = _location(record)
        if location:
            item.add("location", vText(location))
        item.add("description", _description(record))
        item.add("status", _STATUS.get(record.status, "CONFIRMED"))
        item.add("categories", [_(record.kind.label)])
        calendar.add_component(item)
    calendar.add_missing_timezones()
    return calendar


def write_ics(
    events: Iterable[EventRecord], target: Path | str | BinaryIO, *, now: dt.datetime | None = None
) -> None:
    """Write the events as an ``.ics`` file (or into an open binary file)."""
    data = build_calendar(events, now=now).to_ical()
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(data)
    else:
        target.write(data)
