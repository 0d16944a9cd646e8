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
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
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
from smartdesk.i18n import _, ngettext, use_locale
from smartdesk.reports.xlsx.exchange import write_exchange_part
from smartdesk.reports.xlsx.internals import discard_sheet
from smartdesk.reports.xlsx.layout import PageDecoration
from smartdesk.reports.xlsx.sheet import SheetWriter, sheets_kept_in
from smartdesk.reports.xlsx.styles import Styles
from smartdesk.reports.xlsx.synthesis import (
    organisation_text,
    period_text,
    sheet_title,
    write_synthesis,
)

#: zlib level for the archive: 1 is ~3× faster than the default 6 for a ~15% larger file.
COMPRESS_LEVEL = 1

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
    columns: Sequence[str | tuple[str, float]],
    rows: Iterable[_Row],
    to_values: Callable[[_Row], Sequence[object]],
    wrap: Iterable[int] = (),
    totals: Iterable[int] = (),
) -> None:
    """A data sheet: header, rows, and a totals row (the count, and the sums of ``totals``).
    Columns fit their content; a ``(title, width)`` column is never narrower than ``width``;
    ``wrap`` columns hold long texts, wrapped."""
    titles = [c if isinstance(c, str) else c[0] for c in columns]
    sheet = SheetWriter(wb, sheet_title(title), styles, wrap_columns=wrap, total_columns=totals)
    for i, column in enumerate(columns):
        if not isinstance(column, str):
            sheet.at_least(i, column[1])
    sheet.header(titles)
    sheet.extend(map(to_values, rows))
    last = sheet.rows
    count = last - 1
    if count:
        sheet.total_row(ngettext("Total, {n} row", "Total, {n} rows", count).format(n=count))
    sheet.finish(autofilter_from=1, autofilter_to=last)


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
        _("Date"), _("Start"), _("End"), _("Event"),
        _("Kind"), _("Status"), _("Venue"), _("Commune"),
        _("Organiser"), _("Training"), _("Hours"),
        _("Registered"), _("Present"),
    )  # fmt: skip
    _table(wb, styles, _("Events"), columns, rows, values, wrap=(3, 8, 9), totals=(10, 11, 12))


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
        _("Date"), _("Event"), _("Kind"), _("Last name"),
        _("First name"), _("Organisation"), _("Sector"),
        _("Commune"), _("Status"), _("Walk-in"),
    )  # fmt: skip
    _table(wb, styles, _("Participations"), columns, rows, values, wrap=(1, 5))


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
    # a person counts in one commune only: every column sums to the GAL's figure
    _table(
        wb, styles, _("Contributions by commune"), _header_wide(columns), rows, values,
        totals=range(1, 8),
    )  # fmt: skip


def _trainings(wb: Workbook, styles: Styles, rows: Iterable[TrainingSessionRow]) -> None:
    def values(row: TrainingSessionRow):
        s = row.session
        hours = float(row.hours if row.hours is not None else s.hours or 0.0)
        delivered = row.hours_delivered
        if delivered is None:
            delivered = round(hours * row.present, 2)
        return (
            row.training_title, _day(s.start), _clock(s.start), _clock(s.end),
            s.trainer, hours, row.registered, row.present, delivered,
        )  # fmt: skip

    columns = (
        _("Training"), _("Date"), _("Start"), _("End"),
        _("Trainer"), _("Hours"), _("Registered"), _("Present"),
        _("Hours delivered"),
    )  # fmt: skip
    _table(wb, styles, _("Trainings"), columns, rows, values, wrap=(0,), totals=(5, 6, 7, 8))


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
    # distinct trainees are not summed: one person may follow several trainings
    _table(
        wb, styles, _("Training totals"), _header_wide(columns), rows, values,
        totals=(2, 3, 4, 6, 7),
    )  # fmt: skip


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
        _("Date"), _("Workshop"), _("Question"), _("Code"),
        _("Card"), _("Category"), _("Axis"), _("Commune"),
        _("Group"), _("Round"), _("Votes"), _("Selected"),
        _("Rank"),
    )  # fmt: skip
    _table(wb, styles, _("Workshops"), columns, rows, values, wrap=(1, 2, 4), totals=(10,))


def _card_tallies(wb: Workbook, styles: Styles, rows: Iterable[CardTally]) -> None:
    categories, no_axis = _labels(CardCategory), _("No axis")

    def values(row: CardTally):
        return (categories.get(row.category), row.axis or no_axis, row.cards, row.selected)

    columns = (
        (_("Category"), 30), (_("Axis"), 36), (_("Cards"), 10), (_("Selected challenges"), 12),
    )  # fmt: skip
    _table(
        wb, styles, _("Cards by category and axis"), _header_wide(columns), rows, values,
        totals=(2, 3),
    )  # fmt: skip


def _projects(wb: Workbook, styles: Styles, rows: Iterable[ProjectRow]) -> None:
    statuses = _labels(ProjectStatus)

    def values(row: ProjectRow):
        p = row.project
        return (
            p.title, statuses.get(p.status), p.description,
            "\n".join(row.challenges) or None, len(row.challenges),
        )  # fmt: skip

    columns = (
        _("Project"), _("Status"), _("Description"),
        _("Challenges"), _("Number of challenges"),
    )  # fmt: skip
    _table(wb, styles, _("Projects"), columns, rows, values, wrap=(0, 2, 3), totals=(4,))


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
        discard_sheet(ws)


def page_decoration(data: SummaryWorkbookData) -> PageDecoration:
    """What every printed page says: the organisation, the funders' line, the page number."""
    return PageDecoration(
        organisation=organisation_text(data),
        funding_line=data.funding_line,
        page_text=_("Page {page} / {pages}").format(page="&P", pages="&N"),
    )


def _write_sheets(wb: Workbook, data: SummaryWorkbookData) -> None:
    styles = Styles(wb, page_decoration(data))
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
    with zipfile.ZipFile(
        target, "w", zipfile.ZIP_DEFLATED, allowZip64=True, compresslevel=COMPRESS_LEVEL
    ) as archive:
        ExcelWriter(wb, archive).write_data()


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
