"""How an event's facts read on paper (call inside ``use_locale`` so they come out localised)."""

from __future__ import annotations

from smartdesk.domain.enums import EventKind
from smartdesk.domain.half_days import looks_full_day
from smartdesk.domain.records import EventRecord
from smartdesk.i18n import _, format_date, format_time_range
from smartdesk.reports.pdf.text import clean

SEPARATOR = " · "


def full_date(event: EventRecord) -> str:
    """``jeudi 6 février 2020`` (``jeudi 6 février 2020 – vendredi 7 février 2020`` over days)."""
    text = format_date(event.start, "full")
    if event.end is not None and event.end.date() != event.start.date():
        text = _("{start} – {end}").format(start=text, end=format_date(event.end, "full"))
    return text


def times(event: EventRecord) -> str:
    if event.end is not None and event.end.date() != event.start.date():
        return ""
    return format_time_range(event.start, event.end)


def date_and_times(event: EventRecord) -> str:
    return SEPARATOR.join(part for part in (full_date(event), times(event)) if part)


def place(event: EventRecord) -> str:
    """Venue, address and commune, without repeating the commune the address already names."""
    parts = [clean(event.venue), clean(event.address)]
    commune = clean(event.commune)
    if commune and not any(commune.casefold() in part.casefold() for part in parts if part):
        parts.append(commune)
    return ", ".join(part for part in parts if part)


def kind_label(event: EventRecord) -> str:
    return _(event.kind.label)


def kind_and_training(event: EventRecord) -> str:
    """``Training session · Communication web`` (the training named when the title does not)."""
    kind = kind_label(event)
    if event.training_title and clean(event.training_title) != clean(event.title):
        kind = f"{kind}{SEPARATOR}{clean(event.training_title)}"
    return kind


def is_training(event: EventRecord) -> bool:
    return event.kind == EventKind.TRAINING_SESSION or event.training_id is not None


def spans_full_day(event: EventRecord) -> bool:
    """Is the sheet signed once per half-day? A training's session says so itself (the session
    editor's "full day" box, ``domain.half_days``); any other event when it starts before noon
    and ends after 14:00."""
    if event.training_id is not None:
        return event.full_day
    return looks_full_day(event.start, event.end)
