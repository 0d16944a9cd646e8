"""Full-day training sessions: a morning and an afternoon ticked apart.

A registration keeps its one status for the session (present, absent …) and, when the person
came for one half only of a full-day session, which half (``HalfDay``). Present with no half
means the whole session, so every reader that knows nothing of halves (the exchange workbook,
an old backup, a sign-in sheet typed back in) still reads the right whole-session status.

The hours rule: each half of a full-day session counts half of the session's hours (a 9:00 –
16:30 session counted 6 hours gives 3 + 3, the lunch break falling between the halves). A
person present all day gets the session's hours, a person present one half gets half of them.
The same rule gives each half its times: the morning from the start for half the hours, the
afternoon up to the end for half the hours (9:00 – 12:00 and 13:30 – 16:30 for that session).
"""

from __future__ import annotations

import datetime as dt

from smartdesk.domain.enums import HalfDay, RegistrationStatus

#: A session that starts before noon and ends after 14:00 has a lunch break: a full day.
NOON = dt.time(12, 0)
EARLY_AFTERNOON = dt.time(14, 0)


def looks_full_day(start: dt.datetime, end: dt.datetime | None) -> bool:
    """Whether a session's times say "full day" (the default the session editor shows)."""
    return (
        end is not None
        and end.date() == start.date()
        and start.time() < NOON
        and end.time() > EARLY_AFTERNOON
    )


def half_times(
    start: dt.datetime, end: dt.datetime, hours: float, half: HalfDay
) -> tuple[dt.datetime, dt.datetime]:
    """When one half of a full-day session runs (the module's rule), to the minute. Hours
    that do not fit the session's times (none, or more than end − start) split it in the
    middle."""
    span = end - start
    length = dt.timedelta(hours=hours / 2)
    if not dt.timedelta(0) < length * 2 <= span:
        length = span / 2
    length = dt.timedelta(minutes=round(length.total_seconds() / 60))
    if half == HalfDay.MORNING:
        return start, start + length
    return end - length, end


def attended_hours(
    hours: float, full_day: bool, status: RegistrationStatus | None, half: HalfDay | None
) -> float:
    """The hours a person followed at one session (see the module's rule)."""
    if status != RegistrationStatus.PRESENT:
        return 0.0
    if full_day and half is not None:
        return hours / 2
    return hours


def hours_delivered(hours: float, full_day: bool, present: int, present_one_half: int) -> float:
    """Σ hours followed at one session by its ``present`` people, ``present_one_half`` of whom
    came for one half only (the module's rule, summed)."""
    if not full_day:
        present_one_half = 0
    return hours * present - hours / 2 * present_one_half


def halves_present(status: RegistrationStatus | None, half: HalfDay | None) -> tuple[bool, bool]:
    """(morning, afternoon): the two boxes of a full-day session."""
    if status != RegistrationStatus.PRESENT:
        return False, False
    if half is None:
        return True, True
    return half == HalfDay.MORNING, half == HalfDay.AFTERNOON


def tick(
    status: RegistrationStatus | None, half: HalfDay | None, ticked: HalfDay, present: bool
) -> tuple[bool, HalfDay | None]:
    """After ticking (``present``) or unticking one half, the other half kept: whether the
    person was there at all, and the half they came for (None: the whole session, or nothing)."""
    morning, afternoon = halves_present(status, half)
    if ticked == HalfDay.MORNING:
        morning = present
    else:
        afternoon = present
    if morning and afternoon:
        return True, None
    if morning:
        return True, HalfDay.MORNING
    if afternoon:
        return True, HalfDay.AFTERNOON
    return False, None
