"""Events as an RFC 5545 calendar (``.ics``) for Outlook, Thunderbird or a phone.

Each event keeps its SmartDesk UUID as ``UID``, so importing the file again updates the
calendar entries instead of duplicating them; ``SEQUENCE`` (seconds from the event's creation to
its last change: it only grows) and ``LAST-MODIFIED`` tell Outlook that an entry it already has
was changed, without which it keeps the old one. Times are Brussels local time with the
``Europe/Brussels`` time zone definition included (``VTIMEZONE``), which Outlook requires —
written as the two yearly rules (last Sunday of March and of October) that Outlook reads, not as
the list of past transitions that icalendar derives from the tz database (Outlook ignores a
VTIMEZONE made of RDATEs and shows the times an hour off in summer).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vText

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


def brussels_timezone() -> Timezone:
    """Europe/Brussels as RRULEs (EU summer time since 1996: last Sunday of March at 02:00 to
    the last Sunday of October at 03:00). Not icalendar's ``Timezone.from_tzid``: it lists each
    transition as an RDATE and stops in 2038 (icalendar 7.3)."""
    zone = Timezone()
    zone.add("tzid", "Europe/Brussels")
    zone.add("x-lic-location", "Europe/Brussels")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", dt.timedelta(hours=1))
    summer.add("tzoffsetto", dt.timedelta(hours=2))
    summer.add("dtstart", dt.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", dt.timedelta(hours=2))
    winter.add("tzoffsetto", dt.timedelta(hours=1))
    winter.add("dtstart", dt.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _utc(value: dt.datetime) -> dt.datetime:
    """A stored timestamp (naive UTC) as an aware UTC time."""
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


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


#: An event's creation and last change (naive UTC, as stored), by UUID.
Revisions = Mapping[str, tuple[dt.datetime, dt.datetime]]


def build_calendar(
    events: Iterable[EventRecord],
    *,
    now: dt.datetime | None = None,
    revisions: Revisions | None = None,
) -> Calendar:
    """The calendar object (kept separate so a caller can add to it)."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", f"-//SmartDesk//SmartDesk {__version__}//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("SmartDesk events"))
    calendar.add("x-wr-timezone", "Europe/Brussels")
    calendar.add_component(brussels_timezone())  # before the events that name it
    for record in events:
        start = _local(record.start)
        end = _local(record.end) if record.end and record.end > record.start else None
        item = Event()
        item.add("uid", f"{record.uuid}@smartdesk")
        item.add("dtstamp", stamp)
        created, modified = (revisions or {}).get(record.uuid, (None, None))
        sequence = 0
        if created is not None and modified is not None:
            sequence = max(0, int((_utc(modified) - _utc(created)).total_seconds()))
            item.add("last-modified", _utc(modified))
        item.add("sequence", sequence)
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
    return calendar


def write_ics(
    events: Iterable[EventRecord],
    target: Path | str | BinaryIO,
    *,
    now: dt.datetime | None = None,
    revisions: Revisions | None = None,
) -> None:
    """Write the events as an ``.ics`` file (or into an open binary file)."""
    data = build_calendar(events, now=now, revisions=revisions).to_ical()
    if isinstance(target, str | os.PathLike):
        Path(target).write_bytes(data)
    else:
        target.write(data)
