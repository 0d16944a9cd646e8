"""The sign-in sheet (feuille de présence): the legal proof of attendance the GAL shows its funder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table, TableStyle

from smartdesk.domain.records import AttendanceRow, EventRecord, OrganisationSettings
from smartdesk.domain.sign_in import sign_in_order
from smartdesk.i18n import _, ngettext, use_locale
from smartdesk.reports.pdf import event_facts, fonts, styles
from smartdesk.reports.pdf.page import DocumentHeader, FlowingPage, Letterhead, footer_lines
from smartdesk.reports.pdf.text import clean, escape, fit

ROW_HEIGHT = 10 * mm  # room for a signature
CELL_FONT_SIZE = 8.5
CELL_LEADING = 10
BOX = "\u2610"  # ☐, in DejaVu
NO_NAME = "—"  # a registered row without a name must not look like a blank row
PADDING = 3


@dataclass(frozen=True, slots=True)
class SignInOptions:
    landscape: bool = False
    blank_rows: int = 10
    order: Literal["name", "registration"] = "name"
    no_names: bool = False  # every row left blank, for people to write their own name
    lang: str | None = None

    def __post_init__(self) -> None:
        if self.blank_rows < 0:
            raise ValueError("blank_rows must be 0 or more")
        if self.order not in ("name", "registration"):
            raise ValueError(f"unknown order: {self.order}")


def ordered(rows: Sequence[AttendanceRow], order: str) -> list[AttendanceRow]:
    """By last then first name (accents ignored), or in registration order (undated last):
    the one order shared with the encoding screen (smartdesk.domain.sign_in)."""
    return sign_in_order(rows, order)


def _cell(value: object, font: str, width: float) -> str:
    lines, _size = fit(value, font, CELL_FONT_SIZE, width - 2 * PADDING, 2)
    return "\n".join(lines)


def _columns(half_days: bool, wide: bool) -> list[tuple[str, float, float]]:
    """(label, weight, fixed width): weighted columns share what the fixed ones leave."""
    signature = (38 if half_days else 48) * mm if wide else (26 if half_days else 34) * mm
    signatures = (
        [(_("Signature (morning)"), 0, signature), (_("Signature (afternoon)"), 0, signature)]
        if half_days
        else [(_("Signature"), 0, signature)]
    )
    return [
        (_("No."), 0, 8 * mm),
        (_("Last name"), 3.0, 0),
        (_("First name"), 2.3, 0),
        (_("Organisation"), 3.0, 0),
        (_("Commune"), 2.1, 0),
        (_("E-mail"), 3.4, 0),
        (_("Agrees to be contacted"), 0, 17 * mm),
        *signatures,
    ]


def _widths(width: float, half_days: bool, wide: bool) -> tuple[list[str], list[float]]:
    columns = _columns(half_days, wide)
    flexible = width - sum(fixed for _label, _weight, fixed in columns)
    weights = sum(weight for _label, weight, _fixed in columns)
    widths = [fixed or flexible * weight / weights for _label, weight, fixed in columns]
    return [label for label, _weight, _fixed in columns], widths


def sign_in_sheet(
    event: EventRecord,
    rows: Sequence[AttendanceRow],
    settings: OrganisationSettings | None = None,
    options: SignInOptions | None = None,
) -> bytes:
    """The sign-in sheet of an event or training session, as PDF bytes.

    Prints the rows it is given (the caller chooses which registrations belong on it), sorted as
    ``options.order`` says, then ``options.blank_rows`` numbered empty rows for walk-ins.
    """
    settings = settings or OrganisationSettings()
    options = options or SignInOptions()
    with use_locale(options.lang):
        return _build(event, rows, settings, options)


def _build(
    event: EventRecord,
    rows: Sequence[AttendanceRow],
    settings: OrganisationSettings,
    options: SignInOptions,
) -> bytes:
    pagesize = landscape(A4) if options.landscape else A4
    width = pagesize[0] - 2 * styles.MARGIN
    details = []
    if place := event_facts.place(event):
        details.append(_("Venue: {place}").format(place=place))
    if event.organiser and clean(event.organiser) != clean(settings.name):
        details.append(_("Organiser: {name}").format(name=clean(event.organiser)))
    if event_facts.is_training(event) and clean(event.trainer):
        details.append(_("Trainer: {name}").format(name=clean(event.trainer)))
    header = DocumentHeader(
        Letterhead.from_settings(settings),
        label=_("SIGN-IN SHEET"),
        kind=event_facts.kind_and_training(event),
        title=event.title or _("Untitled event"),
        when=event_facts.date_and_times(event),
        details=event_facts.SEPARATOR.join(details),
        width=width,
    )
    half_days = event_facts.spans_full_day(event)
    labels, widths = _widths(width, half_days, options.landscape)
    sheet = styles.paragraph_styles()
    head = [
        styles.header_cell(label, widths[i], centred=i == 0 or i >= 6)
        for i, label in enumerate(labels)
    ]
    empty_signatures = [""] * (2 if half_days else 1)

    people = [] if options.no_names else ordered(rows, options.order)
    data: list[list[object]] = [head]
    w_last, w_first, w_org, w_commune, w_mail = widths[1:6]
    for number, row in enumerate(people, start=1):
        data.append(
            [
                str(number),
                _cell(row.last_name, fonts.CONDENSED_BOLD, w_last) or NO_NAME,
                _cell(row.first_name, fonts.CONDENSED, w_first),
                _cell(row.organisation, fonts.CONDENSED, w_org),
                _cell(row.commune, fonts.CONDENSED, w_commune),
                _cell(row.email, fonts.CONDENSED, w_mail),
                BOX,
                *empty_signatures,
            ]
        )
    blank_count = options.blank_rows + (len(rows) if options.no_names else 0)
    for number in range(len(people) + 1, len(people) + blank_count + 1):
        data.append([str(number), "", "", "", "", "", BOX, *empty_signatures])

    table = Table(
        data, colWidths=widths, rowHeights=[None] + [ROW_HEIGHT] * (len(data) - 1), repeatRows=1
    )
    commands = styles.data_table_style()
    commands += [
        ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
        ("FONTNAME", (1, 1), (1, -1), fonts.CONDENSED_BOLD),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("TEXTCOLOR", (0, 1), (0, -1), styles.MUTED),
        ("ALIGN", (6, 1), (6, -1), "CENTER"),
        ("FONTNAME", (6, 1), (6, -1), fonts.REGULAR),
        ("FONTSIZE", (6, 1), (6, -1), 14),
        ("BOTTOMPADDING", (6, 1), (6, -1), 5),  # the box glyph sits on its baseline: lift it
        ("TEXTCOLOR", (6, 1), (6, -1), styles.MUTED),
        ("LINEBEFORE", (7, 0), (7, -1), 0.8, styles.MUTED),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 4),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
    ]
    table.setStyle(TableStyle(commands))

    story: list = [
        table,
        Spacer(1, 4 * mm),
        Paragraph(_summary(len(people), blank_count, options.no_names), sheet["body"]),
    ]
    if event_facts.is_training(event):
        story.append(Spacer(1, 5 * mm))
        story.append(_trainer_box(event, width, half_days))

    footer = footer_lines(clean(settings.privacy_notice) or _default_notice(settings), width)
    page = FlowingPage(
        pagesize=pagesize,
        header=header,
        footer=footer,
        title=f"{_('Sign-in sheet')} – {clean(event.title)}",
        author=clean(settings.name),
        subject=event_facts.date_and_times(event),
    )
    return page.build(story)


def _summary(registered: int, blank: int, no_names: bool) -> str:
    parts = []
    if not no_names:
        parts.append(
            ngettext(
                "{n} registered participant", "{n} registered participants", registered
            ).format(n=registered)
        )
    parts.append(ngettext("{n} blank row", "{n} blank rows", blank).format(n=blank))
    parts.append(_("Total present: ________"))
    return escape(event_facts.SEPARATOR.join(parts))


def _trainer_box(event: EventRecord, width: float, half_days: bool) -> KeepTogether:
    sheet = styles.paragraph_styles()
    name = clean(event.trainer) or "……………………………………"
    label = Paragraph(f"<b>{escape(_('Trainer'))}</b><br/>{escape(name)}", sheet["body"])
    boxes = (
        [_("Trainer's signature (morning)"), _("Trainer's signature (afternoon)")]
        if half_days
        else [_("Trainer's signature")]
    )
    cells = [label] + [Paragraph(escape(text), sheet["cell_muted"]) for text in boxes]
    box_width = 55 * mm
    table = Table(
        [cells],
        colWidths=[width - box_width * len(boxes)] + [box_width] * len(boxes),
        rowHeights=[22 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (1, 0), (-1, 0), 0.8, styles.MUTED),
                ("INNERGRID", (1, 0), (-1, 0), 0.8, styles.MUTED),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([table])


def _default_notice(settings: OrganisationSettings) -> str:
    organiser = clean(settings.name) or _("the organiser")
    return _(
        "Privacy: {organiser} uses the data on this sheet only to prove attendance to the funders of this "
        "activity and, if you ticked the box, to invite you to similar activities. You may ask to see, "
        "correct or delete your data at any time."
    ).format(organiser=organiser)
