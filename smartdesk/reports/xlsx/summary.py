"""The summary workbook for the GAL: Synthèse, the communes' contribution, Événements,
Participations, Formations and their totals, Ateliers and their cards by category and axis,
Projets, and the hidden exchange part — written in one pass, row by row.

Sheet names, headers and labels are translated in the language asked for; dates, times and
numbers are real cells. The file appears only when complete: it is written next to the target
and renamed, so a failure (a disk full, a value that cannot be written) leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, TypeVar

from openpyxl.packaging.custom import IntProperty, StringProperty
from openpyxl.workbook import Workbook
from openpyxl.writer.excel import ExcelWriter

from smartdesk import __version__
from smartdesk.domain.enums import (
    CardCategory,
    EventKind,
    EventStatus,
    ProjectStatus,
    RegistrationStatus,
    Sector,
)
from smartdesk.domain.exchange import EXCHANGE_FORMAT_VERSION
from smartdesk.domain.summary import (
    CardTally,
    CommuneContribution,
    EventSummaryRow,
    ParticipationRow,
    ProjectRow,
    SummaryWorkbookData,
    TrainingSessionRow,
    TrainingTotals,
    WorkshopCardRow,
)
from smartdesk.durable import replace_durably, usual_permissions
from smartdesk.i18n import _, use_locale
from smartdesk.reports.xlsx.exchange import write_exchange_part
from smartdesk.reports.xlsx.sheet import SheetWriter, sheets_kept_in
from smartdesk.reports.xlsx.styles import Styles
from smartdesk.reports.xlsx.synthesis import period_text, sheet_title, write_synthesis

#: zlib level for the archive: 1 is ~3× faster than the default 6 for a ~15% larger file.
COMPRESS_LEVEL = 1
#: Sheet files at least this big are deflated ahead by two threads while the archive is
#: written (zlib lets go of the GIL): the 270 MB of XML of the stress export in half the time.
DEFLATE_AHEAD_MIN_BYTES = 1 << 20

_Row = TypeVar("_Row")


def _labels(enum) -> dict:
    return {member: _(member.label) for member in enum}


def _day(value: dt.datetime | dt.date | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value


def _clock(value: dt.datetime | None) -> dt.time | None:
    return value.time().replace(microsecond=0) if isinstance(value, dt.datetime) else None


def _table(
    wb: Workbook,
    styles: Styles,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: Iterable[_Row],
    to_values: Callable[[_Row], Sequence[object]],
    wrap: Iterable[int] = (),
) -> None:
    sheet = SheetWriter(
        wb, sheet_title(title), styles, widths=[w for _, w in columns], wrap_columns=wrap
    )
    sheet.print_landscape()
    sheet.header([name for name, _ in columns])
    sheet.extend(map(to_values, rows))
    sheet.finish(autofilter_from=1)


def _header_wide(columns: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """Columns at least as wide as their header: these headers say whose commune or which
    hours a figure counts, and must be read whole (in every language)."""
    return [(name, max(width, len(name) * 1.25 + 2)) for name, width in columns]  # bold


def _events(wb: Workbook, styles: Styles, rows: Iterable[EventSummaryRow]) -> None:
    kinds, statuses = _labels(EventKind), _labels(EventStatus)

    def values(row: EventSummaryRow):
        e = row.event
        return (
            _day(e.start), _clock(e.start), _clock(e.end), e.title, kinds.get(e.kind),
            statuses.get(e.status), e.venue, e.commune, e.organiser, e.training_title,
            e.hours, row.registered, row.present,
        )  # fmt: skip

    columns = (
        (_("Date"), 12), (_("Start"), 8), (_("End"), 8), (_("Event"), 42),
        (_("Kind"), 22), (_("Status"), 12), (_("Venue"), 26), (_("Commune"), 18),
        (_("Organiser"), 24), (_("Training"), 30), (_("Hours"), 8),
        (_("Registered"), 11), (_("Present"), 10),
    )  # fmt: skip
    _table(wb, styles, _("Events"), columns, rows, values)


def _participations(
    wb: Workbook, styles: Styles, rows: Iterable[ParticipationRow], anonymous: bool
) -> None:
    kinds, sectors = _labels(EventKind), _labels(Sector)
    statuses, yes = _labels(RegistrationStatus), _("Yes")
    not_named = _("(not named)")

    def values(row: ParticipationRow):
        named = not anonymous and (row.first_name or row.last_name)
        start = row.event_start
        return (
            start.date() if isinstance(start, dt.datetime) else start,
            row.event_title,
            kinds.get(row.event_kind),
            row.last_name if named else not_named,
            row.first_name if named else None,
            row.organisation,
            sectors.get(row.sector),
            row.commune,
            statuses.get(row.status),
            yes if row.walk_in else None,
        )

    columns = (
        (_("Date"), 12), (_("Event"), 40), (_("Kind"), 20), (_("Last name"), 22),
        (_("First name"), 18), (_("Organisation"), 30), (_("Sector"), 24),
        (_("Commune"), 18), (_("Status"), 12), (_("Walk-in"), 9),
    )  # fmt: skip
    _table(wb, styles, _("Participations"), columns, rows, values)


def _communes(wb: Workbook, styles: Styles, rows: Iterable[CommuneContribution]) -> None:
    unknown = _("Commune unknown")

    def values(row: CommuneContribution):
        return (
            row.commune or unknown, row.events_held, row.events_planned, row.people,
            row.participations, row.training_hours, row.cards, row.challenges_selected,
        )  # fmt: skip

    # each column says whose commune it counts: the event's, the people's or the card's
    columns = (
        (_("Commune"), 24), (_("Events held in the commune"), 14),
        (_("Events planned in the commune"), 14), (_("Unique people of the commune"), 14),
        (_("Participations of its people"), 14), (_("Training hours of its people"), 14),
        (_("Workshop cards of the commune"), 14), (_("Selected challenges of the commune"), 14),
    )  # fmt: skip
    _table(wb, styles, _("Contributions by commune"), _header_wide(columns), rows, values)


def _trainings(wb: Workbook, styles: Styles, rows: Iterable[TrainingSessionRow]) -> None:
    def values(row: TrainingSessionRow):
        s = row.session
        hours = float(row.hours if row.hours is not None else s.hours or 0.0)
        return (
            row.training_title, _day(s.start), _clock(s.start), _clock(s.end),
            s.trainer, hours, row.registered, row.present, round(hours * row.present, 2),
        )  # fmt: skip

    columns = (
        (_("Training"), 36), (_("Date"), 12), (_("Start"), 8), (_("End"), 8),
        (_("Trainer"), 24), (_("Hours"), 8), (_("Registered"), 11), (_("Present"), 10),
        (_("Hours delivered"), 14),
    )  # fmt: skip
    _table(wb, styles, _("Trainings"), columns, rows, values)


def _training_totals(wb: Workbook, styles: Styles, rows: Iterable[TrainingTotals]) -> None:
    alone = _("(session not linked to a training)")

    def values(row: TrainingTotals):
        return (
            row.title, row.trainer if row.linked else alone, row.sessions_held,
            row.sessions_planned, row.hours, row.trainees, row.participations,
            row.hours_delivered,
        )  # fmt: skip

    columns = (
        (_("Training"), 36), (_("Trainer"), 24), (_("Sessions held"), 11),
        (_("Sessions planned"), 11), (_("Hours of training"), 11),
        (_("Distinct trainees"), 11), (_("Participations"), 13), (_("Hours delivered"), 14),
    )  # fmt: skip
    _table(wb, styles, _("Training totals"), _header_wide(columns), rows, values)


def _cards(wb: Workbook, styles: Styles, rows: Iterable[WorkshopCardRow]) -> None:
    categories, yes = _labels(CardCategory), _("Yes")

    def values(row: WorkshopCardRow):
        c = row.card
        return (
            _day(row.event_start), row.workshop_title, row.question, c.code, c.text,
            categories.get(c.category), c.axis, c.commune, c.group_label, c.round, c.votes,
            yes if c.selected else None, c.rank,
        )  # fmt: skip

    columns = (
        (_("Date"), 12), (_("Workshop"), 30), (_("Question"), 36), (_("Code"), 8),
        (_("Card"), 50), (_("Category"), 26), (_("Axis"), 28), (_("Commune"), 18),
        (_("Group"), 10), (_("Round"), 8), (_("Votes"), 8), (_("Selected"), 10),
        (_("Rank"), 7),
    )  # fmt: skip
    _table(wb, styles, _("Workshops"), columns, rows, values, wrap=(2, 4))


def _card_tallies(wb: Workbook, styles: Styles, rows: Iterable[CardTally]) -> None:
    categories, no_axis = _labels(CardCategory), _("No axis")

    def values(row: CardTally):
        return (categories.get(row.category), row.axis or no_axis, row.cards, row.selected)

    columns = (
        (_("Category"), 30), (_("Axis"), 36), (_("Cards"), 10), (_("Selected challenges"), 12),
    )  # fmt: skip
    _table(wb, styles, _("Cards by category and axis"), _header_wide(columns), rows, values)


def _projects(wb: Workbook, styles: Styles, rows: Iterable[ProjectRow]) -> None:
    statuses = _labels(ProjectStatus)

    def values(row: ProjectRow):
        p = row.project
        return (
            p.title, statuses.get(p.status), p.description,
            "\n".join(row.challenges) or None, len(row.challenges),
        )  # fmt: skip

    columns = (
        (_("Project"), 36), (_("Status"), 14), (_("Description"), 50),
        (_("Challenges"), 50), (_("Number of challenges"), 12),
    )  # fmt: skip
    _table(wb, styles, _("Projects"), columns, rows, values, wrap=(2, 3))


def _properties(wb: Workbook, data: SummaryWorkbookData) -> None:
    stats = data.statistics
    period = period_text(stats.date_from, stats.date_to)
    props = wb.properties
    props.creator = data.origin.organisation or "SmartDesk"
    props.lastModifiedBy = props.creator
    props.title = _("Activity summary, {period}").format(period=period)
    props.subject = _("Activity summary for the GAL")
    props.description = _("Exported by SmartDesk {version}").format(version=__version__)
    props.keywords = "SmartDesk"
    props.category = data.origin.commune or None
    props.version = __version__
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    wb.custom_doc_props.append(StringProperty(name="SmartDesk version", value=__version__))
    wb.custom_doc_props.append(
        IntProperty(name="SmartDesk exchange format", value=EXCHANGE_FORMAT_VERSION)
    )


def build_summary_workbook(data: SummaryWorkbookData) -> Workbook:
    """The write-only workbook with every sheet written, ready to save (active locale)."""
    wb = Workbook(write_only=True)
    try:
        _write_sheets(wb, data)
    except BaseException:
        discard(wb)
        raise
    return wb


def discard(wb: Workbook) -> None:
    """Close the sheets' streams and delete their temporary files after a failure."""
    for ws in wb.worksheets:
        for close in (
            getattr(ws._rows, "close", None),
            getattr(ws._writer, "close", None),
            getattr(ws._writer, "cleanup", None),
        ):
            if close is not None:
                with contextlib.suppress(Exception):
                    close()


def _write_sheets(wb: Workbook, data: SummaryWorkbookData) -> None:
    styles = Styles(wb)
    write_synthesis(wb, styles, data)
    _communes(wb, styles, data.communes)
    _events(wb, styles, data.events)
    _participations(wb, styles, data.participations, data.anonymous)
    _trainings(wb, styles, data.training_sessions)
    _training_totals(wb, styles, data.training_totals)
    _cards(wb, styles, data.cards)
    _card_tallies(wb, styles, data.card_tallies)
    _projects(wb, styles, data.projects)
    write_exchange_part(
        wb,
        styles,
        origin=data.origin,
        exported_at=data.exported_at,
        date_from=data.statistics.date_from,
        date_to=data.statistics.date_to,
        anonymous=data.anonymous,
        tables=data.exchange_tables,
    )
    _properties(wb, data)


def save_workbook(wb: Workbook, target: Path | str | BinaryIO) -> None:
    """Save atomically to a path (temporary file, then rename), or into an open binary file."""
    if not isinstance(target, str | os.PathLike):
        _save(wb, target)
        return
    target = Path(target)
    # ".partial": the name files.remove_leftovers recognises after a kill
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".partial", dir=target.parent)
    os.close(fd)
    try:
        _save(wb, tmp)
        usual_permissions(tmp)
        replace_durably(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _save(wb: Workbook, target) -> None:
    threads = min(2, os.cpu_count() or 1)
    big = [path for path in _sheet_files(wb) if os.path.getsize(path) >= DEFLATE_AHEAD_MIN_BYTES]
    if threads < 2 or not big:
        with zipfile.ZipFile(
            target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL
        ) as archive:
            ExcelWriter(wb, archive).write_data()
        return
    pool = ThreadPoolExecutor(threads, thread_name_prefix="smartdesk-deflate")
    try:
        # all at once: the writer waits on the biggest sheets anyway, and their streams
        # (a seventh of the XML) are let go of as they are written
        ahead = {path: pool.submit(_deflate, path, COMPRESS_LEVEL) for path in big}
        with _Archive(target, ahead) as archive:
            ExcelWriter(wb, archive).write_data()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _sheet_files(wb: Workbook) -> list[str]:
    """The XML files of the write-only sheets already closed (in the order they are saved)."""
    files = []
    for ws in wb.worksheets:
        out = getattr(getattr(ws, "_writer", None), "out", None)
        if getattr(ws, "closed", False) and isinstance(out, str) and os.path.isfile(out):
            files.append(out)
    return files


_CHUNK = 1 << 20


def _deflate(path: str, level: int) -> deque[bytes]:
    """The raw deflate stream of a file as zipfile makes it for a member, in pieces: one per
    megabyte read, then the end of the stream."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    parts: deque[bytes] = deque()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return parts


class _Deflated:
    """Stands for zipfile's compressor of a member whose data was deflated ahead: the data
    still goes through the member a megabyte at a time (zipfile counts its size and CRC) and
    each megabyte lets out the next piece of the stream (there are as many plus one), so the
    pieces are let go of as they are written; the rest comes out at the end."""

    def __init__(self, parts: deque[bytes]):
        self._parts = parts

    def compress(self, _data) -> bytes:
        return self._parts.popleft() if self._parts else b""

    def flush(self) -> bytes:
        rest = b"".join(self._parts)
        self._parts.clear()
        return rest


class _Archive(zipfile.ZipFile):
    """The workbook's archive; files deflated ahead (path → future stream) are written as is."""

    def __init__(self, target, ahead: dict[str, Future]):
        super().__init__(
            target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL
        )
        self._ahead = ahead

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        future = self._ahead.pop(os.fspath(filename), None)
        if future is None or compress_type is not None or compresslevel is not None:
            return super().write(filename, arcname, compress_type, compresslevel)
        zinfo = zipfile.ZipInfo.from_file(filename, arcname)
        zinfo.compress_type = zipfile.ZIP_DEFLATED
        zinfo._compresslevel = COMPRESS_LEVEL
        with open(filename, "rb") as src, self.open(zinfo, "w") as dest:
            if getattr(dest, "_compressor", None) is not None:  # CPython's zipfile
                dest._compressor = _Deflated(future.result())
            shutil.copyfileobj(src, dest, _CHUNK)
        return None


def write_summary_workbook(
    target: Path | str | BinaryIO, data: SummaryWorkbookData, *, lang: str | None = None
) -> None:
    """Write the GAL's summary workbook (visible sheets + exchange part) in ``lang``.

    ``lang`` is ``fr``, ``nl``, ``de``, ``en`` or a locale; ``None`` keeps the active one.
    """
    # the sheets' XML (names, e-mails) waits beside the target, not in the system's folder
    scratch = Path(target).parent if isinstance(target, str | os.PathLike) else None
    with use_locale(lang), sheets_kept_in(scratch):
        wb = build_summary_workbook(data)
        try:
            save_workbook(wb, target)
        except BaseException:
            discard(wb)
            raise
