"""The agenda handout of an event: the programme with times, titles, speakers and their roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from smartdesk.domain.records import AgendaItemRecord, EventRecord, OrganisationSettings
from smartdesk.i18n import _, format_time, use_locale
from smartdesk.reports.pdf import event_facts, fonts, styles
from smartdesk.reports.pdf.page import DocumentHeader, FlowingPage, Letterhead, footer_lines
from smartdesk.reports.pdf.text import clean, escape


@dataclass(frozen=True, slots=True)
class AgendaOptions:
    lang: str | None = None
    today: dt.date | None = None  # what "past" means; default: the computer's date


def agenda(
    event: EventRecord,
    items: Sequence[AgendaItemRecord],
    settings: OrganisationSettings | None = None,
    options: AgendaOptions | None = None,
) -> bytes:
    """The programme of ``event`` as a one- or few-page handout, items in their ``position`` order."""
    settings = settings or OrganisationSettings()
    options = options or AgendaOptions()
    with use_locale(options.lang):
        width = A4[0] - 2 * styles.MARGIN
        details = []
        if place := event_facts.place(event):
            details.append(_("Venue: {place}").format(place=place))
        if event_facts.is_training(event) and clean(event.trainer):
            details.append(_("Trainer: {name}").format(name=clean(event.trainer)))
        header = DocumentHeader(
            Letterhead.from_settings(settings),
            label=_("PROGRAMME"),
            kind=event_facts.kind_and_training(event),
            title=event.title or _("Untitled event"),
            when=event_facts.date_and_times(event),
            details=event_facts.SEPARATOR.join(details),
            width=width,
        )
        sheet = styles.paragraph_styles()
        story: list = []
        if clean(event.description):
            story += [Paragraph(escape(event.description), sheet["body"]), Spacer(1, 5 * mm)]
        story.append(Paragraph(escape(_("Programme")), sheet["heading"]))
        ordered = sorted(items, key=lambda item: item.position)
        if ordered:
            story += [_programme(ordered, width), Spacer(1, 8 * mm), NotesArea(_("Notes"))]
        else:
            today = options.today or dt.date.today()
            held = (event.end or event.start).date() < today
            # "will be announced" on an event already held reads as a mistake
            empty = (
                _("No programme was recorded.") if held else _("The programme will be announced.")
            )
            story.append(Paragraph(escape(empty), sheet["body"]))
        footer_text = event_facts.SEPARATOR.join(
            p for p in (clean(settings.name), clean(settings.funding_line)) if p
        )
        page = FlowingPage(
            pagesize=A4,
            header=header,
            footer=footer_lines(footer_text, width),
            title=_("Programme – {title}").format(title=clean(event.title))
            if clean(event.title)
            else _("Programme"),
            author=clean(settings.name),
            subject=event_facts.date_and_times(event),
        )
        return page.build(story)


class NotesArea(Flowable):
    """Ruled lines for notes over whatever room the last page has left (nothing if little)."""

    MIN_HEIGHT = 40 * mm
    SPACING = 8 * mm

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.lines = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        if availHeight < self.MIN_HEIGHT:
            self.lines = 0
            return availWidth, 0
        self.lines = int((availHeight - 10 * mm) // self.SPACING)
        return availWidth, 6 * mm + self.lines * self.SPACING

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # never carried to a new page

    def draw(self) -> None:
        if not self.lines:
            return
        c = self.canv
        top = 6 * mm + self.lines * self.SPACING
        c.setFont(fonts.BOLD, 9)
        c.setFillColor(styles.ACCENT)
        c.drawString(0, top - 9, self.label)
        c.setStrokeColor(styles.GRID)
        c.setLineWidth(0.5)
        c.setDash(1, 2)
        for i in range(self.lines):
            y = top - 6 * mm - (i + 1) * self.SPACING + 2 * mm
            c.line(0, y, self.width, y)
        c.setDash()


def _speaker(item: AgendaItemRecord) -> str:
    name = clean(item.speaker)
    role, organisation = clean(item.speaker_role), clean(item.speaker_organisation)
    if organisation and organisation.casefold() in role.casefold():
        organisation = ""  # "Smart City manager, Ville de Namur" already names it
    about = ", ".join(p for p in (role, organisation) if p)
    if name and about:
        return f"<b>{escape(name)}</b> — {escape(about)}"
    return f"<b>{escape(name)}</b>" if name else escape(about)


def _programme(items: list[AgendaItemRecord], width: float) -> Table:
    sheet = styles.paragraph_styles()
    time_width = 24 * mm
    rows = []
    for item in items:
        cell = [Paragraph(escape(item.title) or "—", sheet["item"])]
        if speaker := _speaker(item):
            cell.append(Paragraph(speaker, sheet["speaker"]))
        rows.append([Paragraph(escape(format_time(item.time)), sheet["item_time"]), cell])
    table = Table(rows, colWidths=[time_width, width - time_width], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, styles.GRID),
                ("LINEBEFORE", (1, 0), (1, -1), 1.6, styles.ACCENT),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
                ("LEFTPADDING", (1, 0), (1, -1), 10),
                ("LEFTPADDING", (0, 0), (0, -1), 0),
            ]
        )
    )
    return table
