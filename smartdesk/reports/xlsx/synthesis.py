"""The Synthèse sheet: who, which period, the key figures, and native Excel charts over them.

Every figure is a real number in a cell; each chart refers to the cells of its table, so the
GAL can restyle, copy or recompute them in their own spreadsheet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.workbook import Workbook

from smartdesk.domain.enums import EventKind, Sector
from smartdesk.domain.records import Statistics
from smartdesk.domain.summary import SummaryWorkbookData
from smartdesk.i18n import _, format_date
from smartdesk.reports.xlsx.sheet import SheetWriter
from smartdesk.reports.xlsx.styles import Styles

CHART_COLUMN = "E"
CHART_ROWS = 18  # vertical room per chart, in rows


@dataclass(frozen=True, slots=True)
class _Block:
    """A table of the Synthèse and its chart: a label, then one value per series."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[tuple[str, *tuple[int | float, ...]]]
    pie: bool = False


def period_text(date_from: dt.date | None, date_to: dt.date | None) -> str:
    """The period as people read it: ``du 1 janv. 2024 au 30 juin 2024``."""
    if date_from and date_to:
        return _("from {start} to {end}").format(
            start=format_date(date_from), end=format_date(date_to)
        )
    if date_from:
        return _("since {start}").format(start=format_date(date_from))
    if date_to:
        return _("until {end}").format(end=format_date(date_to))
    return _("all dates")


def _blocks(stats: Statistics) -> list[_Block]:
    # Held and planned side by side: a planned event is not yet an event the GAL can report.
    kinds = [
        (_(k.label), stats.events_held_by_kind.get(k, 0), stats.events_planned_by_kind.get(k, 0))
        for k in EventKind
        if k in stats.events_by_kind
    ]
    # Unique people beside participations: one person who came five times is five
    # participations, and the two must never be read one for the other.
    order: dict[Sector | None, int] = {sector: i for i, sector in enumerate(Sector)}
    sectors = [
        (
            _(s.label) if s is not None else _("Sector unknown"),
            stats.people_by_sector.get(s, 0),
            stats.participants_by_sector.get(s, 0),
        )
        for s in sorted(
            stats.participants_by_sector.keys() | stats.people_by_sector.keys(),
            key=lambda sector: order.get(sector, len(order)),
        )
    ]
    communes = [
        (c if c else _("Commune unknown"), people, stats.participants_by_commune.get(c, 0))
        for c, people in sorted(
            stats.people_by_commune.items(), key=lambda item: (-item[1], item[0] or "\uffff")
        )
    ]
    axes = [
        (a if a else _("No axis"), n)
        for a, n in sorted(
            stats.selected_cards_by_axis.items(), key=lambda item: (-item[1], item[0] or "\uffff")
        )
    ]
    both = (_("Unique people"), _("Participations"))
    return [
        _Block(_("Events by kind"), (_("Kind of event"), _("Held"), _("Planned")), kinds),
        _Block(_("Unique people and participations by sector"), (_("Sector"), *both), sectors),
        _Block(_("Unique people and participations by commune"), (_("Commune"), *both), communes),
        _Block(_("Selected challenges by axis"), (_("Axis"), _("Challenges")), axes),
    ]


def write_synthesis(wb: Workbook, styles: Styles, data: SummaryWorkbookData) -> None:
    stats = data.statistics
    sheet = SheetWriter(wb, sheet_title(_("Summary")), styles, widths=(44, 34, 14, 4))
    sheet.print_landscape()
    sheet.append((_("Activity summary"),), style=styles.title)
    sheet.append((_("Organisation"), data.origin.organisation or None))
    sheet.append((_("Commune"), data.origin.commune or _("All communes")))
    sheet.append((_("Period"), period_text(stats.date_from, stats.date_to)))
    sheet.append((_("From"), stats.date_from))
    sheet.append((_("To"), stats.date_to))
    sheet.append((_("Exported on"), data.exported_at))
    if data.anonymous:
        sheet.append((_("Anonymous export: nobody is named."),))
    sheet.blank()
    sheet.append((_("Key figures"),), style=styles.label)
    selected = sum(stats.selected_cards_by_axis.values())
    for label, value in (
        (_("Events held"), sum(stats.events_held_by_kind.values())),
        (_("Events planned"), sum(stats.events_planned_by_kind.values())),
        (_("Participations (people present)"), stats.participations),
        (_("Unique people reached"), stats.unique_people),
        (_("Training hours (participants × hours)"), float(stats.training_hours)),
        (_("Selected challenges"), selected),
    ):
        sheet.append((label, value))
    charts = 0
    for block in _blocks(stats):
        sheet.blank()
        sheet.append((block.title,), style=styles.label)
        sheet.append(block.header, style=styles.header)
        first = sheet.rows + 1
        for row in block.rows:
            sheet.append(row)
        if block.rows:
            _add_chart(sheet, block, first, sheet.rows, charts)
            charts += 1
    sheet.finish()


def _add_chart(sheet: SheetWriter, block: _Block, first: int, last: int, index: int) -> None:
    ws = sheet.ws
    labels = Reference(ws, min_col=1, min_row=first, max_row=last)
    values = Reference(ws, min_col=2, max_col=len(block.header), min_row=first - 1, max_row=last)
    if block.pie:
        chart = PieChart()
        # percent only: left unset, LibreOffice also prints the series, category and value
        chart.dataLabels = DataLabelList(
            showPercent=True, showVal=False, showCatName=False, showSerName=False,
            showLegendKey=False,
        )  # fmt: skip
    else:
        chart = BarChart()
        chart.type = "bar"
        if len(block.header) == 2:
            chart.legend = None  # one series: its name is the chart's title
        else:
            chart.legend.position = "b"
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.x_axis.scaling.orientation = "maxMin"  # first row of the table on top
        chart.y_axis.majorGridlines = None
        if max(max(values) for _label, *values in block.rows) <= 10:
            chart.y_axis.majorUnit = 1  # counts: no 0.5 ticks
    chart.add_data(values, titles_from_data=True)
    chart.set_categories(labels)
    chart.title = block.title
    chart.width, chart.height = 16, 8.5
    ws.add_chart(chart, f"{CHART_COLUMN}{1 + index * CHART_ROWS}")


_FORBIDDEN_IN_TITLES = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """A translated sheet name made valid for Excel (31 characters, no ``[]:*?/\\``)."""
    return text.translate(_FORBIDDEN_IN_TITLES).strip("' ")[:31] or "Sheet"
