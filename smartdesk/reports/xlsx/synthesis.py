"""The Synthèse sheet: who, which period, the key figures, and native Excel charts over them.

Every figure is a real number in a cell; each chart refers to the cells of its table, so the
GAL can restyle, copy or recompute them in their own spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from smartdesk.domain.enums import EventKind, Sector
from smartdesk.domain.records import Statistics
from smartdesk.domain.summary import SummaryWorkbookData
from smartdesk.i18n import _, format_date
from smartdesk.reports.xlsx.layout import column_points
from smartdesk.reports.xlsx.sheet import SheetWriter
from smartdesk.reports.xlsx.styles import Styles


@dataclass(frozen=True, slots=True)
class _Block:
    """A small table of the Synthèse and its chart: a title, a header, rows of a label then
    one figure per series (charted), and a totals row."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[tuple]
    pie: bool = False
    chart: bool = True
    total: bool = True


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


def organisation_text(data: SummaryWorkbookData) -> str:
    """The organisation as every page names it; a database whose organiser was never named
    (a GAL's database made with ``smartdesk init``) says where to name it, not a blank."""
    return data.origin.organisation or _("(not named yet: Settings, organisation’s name)")


#: The charts' size (cm): two side by side fill a portrait A4 page's width.
CHART_HEIGHT_CM = 6.8
_ROW_CM = 15 / 72 * 2.54  # a row of the default height


def _identity(data: SummaryWorkbookData) -> list[tuple[str, object]]:
    stats = data.statistics
    return [
        (_("Organisation"), organisation_text(data)),
        (_("Commune"), data.origin.commune or _("All communes")),
        (_("Period"), period_text(stats.date_from, stats.date_to)),
        (_("From"), stats.date_from),
        (_("To"), stats.date_to),
        (_("Exported on"), data.exported_at),
    ]


def _key_figures(stats: Statistics) -> _Block:
    selected = sum(stats.selected_cards_by_axis.values())
    rows = [
        (_("Events held"), sum(stats.events_held_by_kind.values())),
        (_("Events planned"), sum(stats.events_planned_by_kind.values())),
        (_("Participations (people present)"), stats.participations),
        (_("Unique people reached"), stats.unique_people),
        (_("Training hours (participants × hours)"), float(stats.training_hours)),
        (_("Selected challenges"), selected),
    ]
    return _Block(_("Key figures"), (), rows, chart=False, total=False)


def _block_rows(block: _Block) -> list[tuple[tuple[object, ...], str]]:
    """A block's rows as (cells, kind): its title, header, figures and total."""
    out: list[tuple[tuple[object, ...], str]] = [((block.title,), "label")]
    if block.header:
        out.append((tuple(block.header), "header"))
    out.extend((tuple(row), "") for row in block.rows)
    if block.total and block.rows:
        width = max(len(row) for row in block.rows)
        sums = [sum(row[i] for row in block.rows if len(row) > i) for i in range(1, width)]
        out.append(((_("Total"), *sums), "total"))
    return out


def write_synthesis(wb: Workbook, styles: Styles, data: SummaryWorkbookData) -> None:
    """The Synthèse on one A4 page: who and when, then the tables two by two, then their
    charts in a grid of two columns."""
    stats = data.statistics
    sheet = SheetWriter(wb, sheet_title(_("Summary")), styles)
    sheet.print_on_one_page()
    blocks = [_key_figures(stats), *_blocks(stats)]
    left_width = max(1 + max((len(r) - 1 for r in b.rows), default=1) for b in blocks[::2])
    right = left_width + 1  # one narrow column between the two tables of a band
    columns = right + max((1 + max((len(r) - 1 for r in b.rows), default=1)
                           for b in blocks[1::2]), default=0)  # fmt: skip
    sheet.declare_columns(columns)
    sheet.narrow(left_width)
    sheet.append((_("Activity summary"),), style=styles.title)
    for label, value in _identity(data):
        sheet.append((label, value), measure_from=1)  # long values run over the empty cells
    if data.anonymous:
        sheet.append((_("Anonymous export: nobody is named."),), measure_from=1)
    charted: list[tuple[_Block, int, int, int]] = []  # block, label column, first row, last row
    style_of = {"label": styles.label, "header": styles.header, "total": styles.total, "": None}
    for pair in (blocks[i : i + 2] for i in range(0, len(blocks), 2)):
        sheet.blank()
        parts = [_block_rows(block) for block in pair]
        top = sheet.rows + 1
        for n in range(max(len(p) for p in parts)):
            cells: list[object] = []
            kinds = []
            for side, part in enumerate(parts):
                if n < len(part):
                    row, kind = part[n]
                    cells.extend([None] * ((0 if side == 0 else right) - len(cells)))
                    cells.extend(row)
                    kinds.append((0 if side == 0 else right, len(row), kind))
            sheet.append_styled(cells, [(start, count, style_of[k]) for start, count, k in kinds])
        for side, block in enumerate(pair):
            if block.chart and block.rows:
                first = top + (2 if block.header else 1)
                charted.append(
                    (block, 0 if side == 0 else right, first, first + len(block.rows) - 1)
                )
    _place_charts(sheet, charted, right)
    sheet.finish()


def _place_charts(sheet: SheetWriter, charted: list, right: int) -> None:
    """The charts in two columns under the tables, each as wide as its half of the page."""
    widths = sheet.column_widths()
    if len(widths) > right:  # both halves as wide: the right one's last column takes the rest
        left = sum(column_points(w) for w in widths[:right])
        missing = left - sum(column_points(w) for w in widths[right:])
        if missing > 0:
            sheet.at_least(len(widths) - 1, widths[-1] + missing / 0.75 / 7)
            widths = sheet.column_widths()
    left_cm = sum(column_points(w) for w in widths[:right]) / 72 * 2.54
    right_cm = sum(column_points(w) for w in widths[right:]) / 72 * 2.54
    step = math.ceil(CHART_HEIGHT_CM / _ROW_CM) + 1
    top = sheet.rows + 2
    for index, (block, column, first, last) in enumerate(charted):
        anchor = (
            f"{get_column_letter(1 + (0 if index % 2 == 0 else right))}{top + index // 2 * step}"
        )
        width = (left_cm if index % 2 == 0 else right_cm) - 0.3
        _add_chart(sheet, block, column, first, last, anchor, width)
    if charted:
        bottom = top + ((len(charted) + 1) // 2) * step
        sheet.ws.print_area = f"A1:{get_column_letter(len(widths))}{bottom}"


def _add_chart(
    sheet: SheetWriter, block: _Block, column: int, first: int, last: int, anchor: str,
    width: float,
) -> None:  # fmt: skip
    ws = sheet.ws
    labels = Reference(ws, min_col=column + 1, min_row=first, max_row=last)
    values = Reference(
        ws, min_col=column + 2, max_col=column + len(block.header), min_row=first - 1, max_row=last
    )
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
    chart.width, chart.height = width, CHART_HEIGHT_CM
    ws.add_chart(chart, anchor)


_FORBIDDEN_IN_TITLES = str.maketrans({c: " " for c in "[]:*?/\\"})


def sheet_title(text: str) -> str:
    """A translated sheet name made valid for Excel (31 characters, no ``[]:*?/\\``)."""
    return text.translate(_FORBIDDEN_IN_TITLES).strip("' ")[:31] or "Sheet"
