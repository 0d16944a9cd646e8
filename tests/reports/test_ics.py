"""write_ics: an RFC 5545 calendar that icalendar parses back with the same facts."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from icalendar import Calendar

from smartdesk.domain.enums import EventKind, EventStatus
from smartdesk.domain.records import EventRecord
from smartdesk.reports.ics import write_ics

BRUSSELS = ZoneInfo("Europe/Brussels")


def events():
    yield EventRecord(
        id=1,
        uuid="5b1e8a6c-0000-4000-8000-000000000001",
        title="Midi du Smart : « la donnée », enfin ; pour tous",
        kind=EventKind.MIDI_DU_SMART,
        start=dt.datetime(2024, 2, 6, 12, 0),
        end=dt.datetime(2024, 2, 6, 14, 0),
        venue="Salle du conseil",
        address="Place Communale 1",
        commune="Héron",
        organiser="GAL Burdinale Mehaigne",
        description="Temps d'échanges\nen atelier, puis lunch",
        status=EventStatus.HELD,
    )
    yield EventRecord(
        id=2,
        uuid="5b1e8a6c-0000-4000-8000-000000000002",
        title="Formation Facebook",
        kind=EventKind.TRAINING_SESSION,
        start=dt.datetime(2024, 7, 1, 9, 0, tzinfo=dt.UTC),
        training_title="Communiquer sur Facebook",
        trainer="A. Formatrice",
        status=EventStatus.CANCELLED,
    )


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    return calendar, list(calendar.walk("VEVENT"))


def test_events_parse_back(tmp_path):
    path = tmp_path / "agenda.ics"
    write_ics(events(), path, now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    calendar, (first, second) = parse(path.read_bytes())
    assert str(calendar["version"]) == "2.0"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    assert str(first["uid"]) == "5b1e8a6c-0000-4000-8000-000000000001@smartdesk"
    start, end = first.decoded("dtstart"), first.decoded("dtend")
    assert start == dt.datetime(2024, 2, 6, 12, 0, tzinfo=BRUSSELS)
    assert str(start.tzinfo) == "Europe/Brussels"
    assert end - start == dt.timedelta(hours=2)
    assert str(first["summary"]) == "Midi du Smart : « la donnée », enfin ; pour tous"
    assert str(first["location"]) == "Salle du conseil, Place Communale 1, Héron"
    assert "Temps d'échanges\nen atelier, puis lunch" in str(first["description"])
    assert str(first["status"]) == "CONFIRMED"
    # aware times are converted to Brussels (summer time: UTC+2); no end → two hours
    assert second.decoded("dtstart") == dt.datetime(2024, 7, 1, 11, 0, tzinfo=BRUSSELS)
    assert second.decoded("dtend") - second.decoded("dtstart") == dt.timedelta(hours=2)
    assert str(second["status"]) == "CANCELLED"
    assert "Communiquer sur Facebook" in str(second["description"])
    assert "location" not in second
    assert second.decoded("dtstamp") == dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def test_lines_are_folded_and_crlf(tmp_path):
    buffer = io.BytesIO()
    write_ics(events(), buffer)
    data = buffer.getvalue()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))


def test_no_events_is_a_valid_empty_calendar():
    buffer = io.BytesIO()
    write_ics([], buffer)
    calendar, found = parse(buffer.getvalue())
    assert found == [] and str(calendar["prodid"]).startswith("-//SmartDesk//")


def test_time_zone_is_written_as_rules_outlook_reads(tmp_path):
    data = io.BytesIO()
    write_ics(events(), data, now=dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    text = data.getvalue().decode()
    (zone,) = Calendar.from_ical(data.getvalue()).walk("VTIMEZONE")
    rules = {sub.name: sub for sub in zone.subcomponents}
    assert set(rules) == {"DAYLIGHT", "STANDARD"}
    assert dict(rules["DAYLIGHT"]["rrule"]) == {
        "FREQ": ["YEARLY"],
        "BYDAY": ["-1SU"],
        "BYMONTH": [3],
    }
    assert dict(rules["STANDARD"]["rrule"]) == {
        "FREQ": ["YEARLY"],
        "BYDAY": ["-1SU"],
        "BYMONTH": [10],
    }
    assert "RDATE" not in text
    # The zone comes before the events that name it, as Outlook expects.
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")
    assert "DTSTART;TZID=Europe/Brussels:20240206T120000" in text


def test_sequence_and_last_modified_follow_the_revisions():
    created = dt.datetime(2024, 1, 10, 8, 0)
    revisions = {
        "5b1e8a6c-0000-4000-8000-000000000001": (created, created + dt.timedelta(minutes=5))
    }
    data = io.BytesIO()
    write_ics(events(), data, revisions=revisions)
    _, (first, second) = parse(data.getvalue())
    assert int(first["sequence"]) == 300
    assert first.decoded("last-modified") == dt.datetime(2024, 1, 10, 8, 5, tzinfo=dt.UTC)
    assert int(second["sequence"]) == 0 and "last-modified" not in second
