"""The sign-in sheet (feuille de présence): the legal proof of attendance the GAL shows its funder."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from smartdesk.domain.records import AttendanceRow, EventRecord, OrganisationSettings
from smartdesk.domain.sign_in import sign_in_order
from smartdesk.i18n import _, get_locale, ngettext, use_locale
from smartdesk.reports.pdf import event_facts, fonts, styles
from smartdesk.reports.pdf.page import DocumentHeader, FlowingPage, Letterhead, footer_lines
from smartdesk.reports.pdf.qr import qr_drawing
from smartdesk.reports.pdf.text import ELLIPSIS, clean, escape, fit

ROW_HEIGHT = 10 * mm  # room for a signature
QR_ROW_HEIGHT = 12 * mm  # room for a QR code a door scanner reads (modules ≈ 0.4 mm)
QR_SIZE = 10 * mm
#: Rows may be squeezed by this much to save a page that would hold only a few rows.
SQUEEZE = 1.5 * mm
#: A last page holding less than this share of a full page's rows is avoided (squeezed away, or
#: filled with blank rows for walk-ins when that page is needed anyway).
SPILL = 1 / 3
SIGNATURE_WIDTH = 45 * mm  # a signature, not a paraph: the funders' auditors ask for it
CELL_FONT_SIZE = 8.5
CELL_LEADING = 10
CELL_MIN_SIZE = 7.5  # still two lines
CELL_SMALL_SIZE = 6.5  # three lines in a row, the last resort before "…"
BOX = "\u2610"  # ☐, in DejaVu
NO_NAME = "—"  # a registered row without a name must not look like a blank row
PADDING = 3
HEADING_MIN_SIZE = 7.0
#: The consent column holds a box to tick; it widens only as far as its heading's longest word
#: needs at the smallest heading size ("Kontaktaufnahme"), so the word is not hyphenated over
#: four lines ("Mit Kon-/taktaufnah-/me einver-/standen"), and at most to CONSENT_MAX_WIDTH.
CONSENT_WIDTH = 17 * mm
CONSENT_MAX_WIDTH = 26 * mm
#: pyphen dictionaries for the column headings ("Kontakt-/aufnahme", not "Kontakta/ufnahme").
HYPHENATION = {"fr": "fr", "nl": "nl_NL", "de": "de_DE", "en": "en_GB"}


@dataclass(frozen=True, slots=True)
class SignInOptions:
    landscape: bool = False  # also chosen by itself when morning and afternoon are signed
    blank_rows: int = 10
    order: Literal["name", "registration"] = "name"
    no_names: bool = False  # every row left blank, for people to write their own name
    lang: str | None = None
    emails: bool = False  # the sheet passes round the room: e-mails only when asked
    certified: bool = False  # a "certified true" box for the organiser (funders ask for it)
    qr_codes: bool = False  # each person's check-in code, for a scanner at the door

    def __post_init__(self) -> None:
        if self.blank_rows < 0:
            raise ValueError("blank_rows must be 0 or more")
        if self.order not in ("name", "registration"):
            raise ValueError(f"unknown order: {self.order}")


def ordered(rows: Sequence[AttendanceRow], order: str) -> list[AttendanceRow]:
    """By last then first name (accents ignored), or in registration order (undated last):
    the one order shared with the encoding screen (smartdesk.domain.sign_in)."""
    return sign_in_order(rows, order)


def _cell(value: object, font: str, width: float) -> tuple[str, float]:
    """The cell's lines and font size: two lines, a little smaller if needed, then three small
    ones (a 10 mm row holds them) before any "…"."""
    room = width - 2 * PADDING
    # A word wider than the column is shrunk before it is cut ("Prénom000 / 1").
    widest = max(
        (fonts.string_width(w, font, CELL_FONT_SIZE) for w in clean(value).split()), default=0
    )
    size = CELL_FONT_SIZE
    if widest > room:
        size = max(CELL_MIN_SIZE, int(CELL_FONT_SIZE * room / widest * 2) / 2)
    lines, size = fit(value, font, size, room, 2, CELL_MIN_SIZE)
    cut = lines and lines[-1].endswith(ELLIPSIS) and not clean(value).endswith(ELLIPSIS)
    split_word = len(lines) > len(clean(value).split())  # "Jean-Philipp / e"
    if cut or split_word:
        small, small_size = fit(value, font, CELL_SMALL_SIZE, room, 3)
        if cut or len(small) < len(lines):
            lines, size = small, small_size
    return "\n".join(lines), size


@dataclass(frozen=True, slots=True)
class _Column:
    key: str
    label: str
    weight: float = 0  # share of what the fixed columns leave
    fixed: float = 0


def _columns(half_days: bool, wide: bool, options: SignInOptions) -> list[_Column]:
    signature = SIGNATURE_WIDTH if half_days or not wide else 60 * mm
    signatures = (
        [
            _Column("signature", _("Signature (morning)"), fixed=signature),
            _Column("signature", _("Signature (afternoon)"), fixed=signature),
        ]
        if half_days
        else [_Column("signature", _("Signature"), fixed=signature)]
    )
    columns = [_Column("number", _("No."), fixed=8 * mm)]
    if options.qr_codes:
        columns.append(_Column("qr", _("Code"), fixed=QR_SIZE + 2 * PADDING))
    columns += [
        _Column("last", _("Last name"), 3.0),
        _Column("first", _("First name"), 2.3),
        _Column("organisation", _("Organisation"), 3.0),
        _Column("commune", _("Commune"), 2.1),
    ]
    if options.emails:
        columns.append(_Column("email", _("E-mail"), 3.4))
    consent = _("Agrees to be contacted")
    columns.append(_Column("consent", consent, fixed=_snug(consent, CONSENT_WIDTH)))
    return columns + signatures


def _snug(label: str, least: float) -> float:
    """The width of a narrow column (at least ``least``, at most CONSENT_MAX_WIDTH) whose
    heading's longest word fits on one line at the smallest heading size."""
    font = styles.paragraph_styles()["th_center"].fontName
    words = clean(label).split()
    widest = max((fonts.string_width(w, font, HEADING_MIN_SIZE) for w in words), default=0)
    return min(max(least, widest + 2 * PADDING + 1), CONSENT_MAX_WIDTH)


def _widths(width: float, columns: Sequence[_Column]) -> list[float]:
    flexible = width - sum(column.fixed for column in columns)
    weights = sum(column.weight for column in columns)
    return [column.fixed or flexible * column.weight / weights for column in columns]


@cache
def _heading_style(centred: bool, size: float, lang: str) -> ParagraphStyle:
    base = styles.paragraph_styles()["th_center" if centred else "th"]
    return ParagraphStyle(
        f"signin-{base.name}-{size}-{lang}",
        base,
        fontSize=size,
        leading=size * 1.2,
        hyphenationLang=lang,
        hyphenationMinWordLength=5,
    )


def heading(label: str, width: float, centred: bool = False) -> Paragraph:
    """A column heading: shrunk a little if a word is wider than the column, then, only if a
    word is still too wide, hyphenated by the document language's dictionary (never cut between
    two letters without a hyphen). Words that fit stay whole: "Mit / Kontaktaufnahme", not
    "Mit Kontakt- / aufnahme"."""
    base = styles.paragraph_styles()["th_center" if centred else "th"]
    room = width - 2 * PADDING
    words = clean(label).split() or [""]
    widest = max(fonts.string_width(word, base.fontName, base.fontSize) for word in words)
    size = base.fontSize
    if widest > room:
        size = max(HEADING_MIN_SIZE, int(base.fontSize * room / widest * 2) / 2)
    too_wide = widest * size / base.fontSize > room  # widths scale with the font size
    lang = HYPHENATION.get(get_locale().split("_")[0], "") if too_wide else ""
    return Paragraph(escape(label), _heading_style(centred, size, lang))


def sign_in_sheet(
    event: EventRecord,
    rows: Sequence[AttendanceRow],
    settings: OrganisationSettings | None = None,
    options: SignInOptions | None = None,
    excused: Sequence[AttendanceRow] = (),
) -> bytes:
    """The sign-in sheet of an event or training session, as PDF bytes.

    Prints the rows it is given (the caller chooses which registrations belong on it), sorted as
    ``options.order`` says, then at least ``options.blank_rows`` numbered empty rows for
    walk-ins (more when a page printed anyway would otherwise hold only a few rows), then the
    ``excused`` people by name.
    """
    settings = settings or OrganisationSettings()
    options = options or SignInOptions()
    with use_locale(options.lang):
        return _build(event, rows, settings, options, excused)


def _build(
    event: EventRecord,
    rows: Sequence[AttendanceRow],
    settings: OrganisationSettings,
    options: SignInOptions,
    excused: Sequence[AttendanceRow],
) -> bytes:
    half_days = event_facts.spans_full_day(event)
    # Two 45 mm signature columns leave too little room for the names on a portrait page.
    wide = options.landscape or half_days
    pagesize = landscape(A4) if wide else A4
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
    columns = _columns(half_days, wide, options)
    widths = _widths(width, columns)
    keys = [column.key for column in columns]
    head = [
        heading(column.label, w, centred=column.key not in _TEXT_COLUMNS)
        for column, w in zip(columns, widths, strict=True)
    ]
    footer = footer_lines(clean(settings.privacy_notice) or _default_notice(settings), width)
    page = FlowingPage(
        pagesize=pagesize,
        header=header,
        footer=footer,
        title=_("Sign-in sheet – {title}").format(title=clean(event.title)),
        author=clean(settings.name),
        subject=event_facts.date_and_times(event),
    )

    people = [] if options.no_names else ordered(rows, options.order)
    asked_blank = options.blank_rows + (len(rows) if options.no_names else 0)
    row_height = QR_ROW_HEIGHT if options.qr_codes else ROW_HEIGHT
    trailer_parts = _trailer(event, excused, options, width, half_days)
    first, later = page.frame_heights
    head_height = _heading_height(head, widths)
    plan = plan_rows(
        len(people) + asked_blank,
        first,
        later,
        head_height,
        _height([Spacer(1, 4 * mm), *_summary_story(len(people), asked_blank, options)], width)
        + _height(trailer_parts, width),
        row_height,
    )
    blank_count = plan.rows - len(people)

    data: list[list[object]] = [head]
    cells = dict(zip(keys, widths, strict=True))
    signatures = [""] * keys.count("signature")
    fonts_of = {"last": fonts.CONDENSED_BOLD}
    text_keys = [key for key in keys if key in _TEXT_COLUMNS]
    smaller: list[tuple] = []  # cells printed smaller than the rest, to fit before any "…"
    for number, row in enumerate(people, start=1):
        values: dict[str, object] = {
            "number": str(number),
            "qr": qr_drawing(row.check_in_code, QR_SIZE) if row.check_in_code else "",
            "consent": BOX,
        }
        for key in text_keys:
            text, size = _cell(_value(row, key), fonts_of.get(key, fonts.CONDENSED), cells[key])
            values[key] = text
            if size != CELL_FONT_SIZE:
                cell = (keys.index(key), number)
                smaller += [("FONTSIZE", cell, cell, size), ("LEADING", cell, cell, size * 1.15)]
        values["last"] = values["last"] or NO_NAME
        data.append([values.get(key, "") for key in keys if key != "signature"] + signatures)
    for number in range(len(people) + 1, len(people) + blank_count + 1):
        values = {"number": str(number), "consent": BOX}
        data.append([values.get(key, "") for key in keys if key != "signature"] + signatures)

    table = Table(
        data,
        colWidths=widths,
        rowHeights=[None] + [plan.row_height] * (len(data) - 1),
        repeatRows=1,
    )
    table.setStyle(TableStyle(_table_style(keys) + smaller))
    story: list = [
        table,
        KeepTogether(
            [
                Spacer(1, 4 * mm),
                *_summary_story(len(people), blank_count, options),
                *trailer_parts,
            ]
        ),
    ]
    return page.build(story)


#: Columns whose text is read left-aligned; the others (number, boxes, code) are centred.
_TEXT_COLUMNS = frozenset({"last", "first", "organisation", "commune", "email"})


def _value(row: AttendanceRow, key: str) -> str | None:
    return {
        "last": row.last_name,
        "first": row.first_name,
        "organisation": row.organisation,
        "commune": row.commune,
        "email": row.email,
    }[key]


def _table_style(keys: list[str]) -> list[tuple]:
    consent, number = keys.index("consent"), keys.index("number")
    first_signature = keys.index("signature")
    commands = styles.data_table_style()
    commands += [
        ("FONTSIZE", (0, 1), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 1), (-1, -1), CELL_LEADING),
        ("FONTNAME", (keys.index("last"), 1), (keys.index("last"), -1), fonts.CONDENSED_BOLD),
        ("ALIGN", (number, 1), (number, -1), "CENTER"),
        ("TEXTCOLOR", (number, 1), (number, -1), styles.MUTED),
        ("ALIGN", (consent, 1), (consent, -1), "CENTER"),
        ("FONTNAME", (consent, 1), (consent, -1), fonts.REGULAR),
        ("FONTSIZE", (consent, 1), (consent, -1), 14),
        ("BOTTOMPADDING", (consent, 1), (consent, -1), 5),  # the glyph sits on its baseline
        ("TEXTCOLOR", (consent, 1), (consent, -1), styles.MUTED),
        ("LINEBEFORE", (first_signature, 0), (first_signature, -1), 0.8, styles.MUTED),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 4),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
    ]
    if "qr" in keys:
        qr = keys.index("qr")
        commands += [
            ("ALIGN", (qr, 1), (qr, -1), "CENTER"),
            ("BACKGROUND", (qr, 1), (qr, -1), styles.WHITE),  # the code's quiet zone
        ]
    return commands


def _heading_height(head: Sequence[Paragraph], widths: Sequence[float]) -> float:
    """The heading row's height as the table will lay it out (paddings 4 + 4)."""
    return max(p.wrap(w - 2 * PADDING, 1000)[1] for p, w in zip(head, widths, strict=True)) + 8


def _height(story: Sequence[Flowable], width: float) -> float:
    return sum(f.wrap(width, 10_000)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in story)


@dataclass(frozen=True, slots=True)
class RowPlan:
    rows: int  # rows printed (people and blank rows)
    row_height: float
    pages: int


def _paginate(rows: int, first: float, later: float, head: float, trailer: float, height: float):
    """(pages, rows on the last page, rows the last page could hold with the trailer under
    them) for ``rows`` rows of ``height``, the table's heading repeated on each page."""
    eps = 0.01  # reportlab compares heights in floating point
    pages, left, last_rows = 1, rows, 0
    room = first
    while True:
        fits = max(0, int((room - head + eps) // height))
        if left <= fits:
            last_rows = left
            break
        left -= fits
        pages += 1
        room = later
    if head + last_rows * height + trailer > room + eps:  # the trailer goes on a page of its own
        pages += 1
        room, last_rows = later, 0
    capacity = max(last_rows, int((room - head - trailer + eps) // height))
    return pages, last_rows, capacity


def plan_rows(
    rows: int, first: float, later: float, head: float, trailer: float, row_height: float
) -> RowPlan:
    """How many rows and how tall, so that no page holds only a few rows: a last page less than
    ``SPILL`` full is avoided by squeezing the rows a little (down to ``SQUEEZE`` less), else,
    since that page prints anyway, it is filled with blank rows for walk-ins."""
    pages, last_rows, capacity = _paginate(rows, first, later, head, trailer, row_height)
    full_page = max(1, int((later - head) // row_height))
    if pages == 1 or last_rows >= SPILL * full_page:
        return RowPlan(rows, row_height, pages)
    height = row_height
    while height > row_height - SQUEEZE + 1e-6:
        height -= 0.25 * mm
        squeezed, _last, _capacity = _paginate(rows, first, later, head, trailer, height)
        if squeezed < pages:
            return RowPlan(rows, height, squeezed)
    return RowPlan(rows + capacity - last_rows, row_height, pages)


def _summary_story(registered: int, blank: int, options: SignInOptions) -> list[Flowable]:
    parts = []
    if not options.no_names:
        parts.append(
            ngettext(
                "{n} registered participant", "{n} registered participants", registered
            ).format(n=registered)
        )
    parts.append(ngettext("{n} blank row", "{n} blank rows", blank).format(n=blank))
    parts.append(_("Total present: ________"))
    text = escape(event_facts.SEPARATOR.join(parts))
    return [Paragraph(text, styles.paragraph_styles()["body"])]


def _trailer(
    event: EventRecord,
    excused: Sequence[AttendanceRow],
    options: SignInOptions,
    width: float,
    half_days: bool,
) -> list[Flowable]:
    """What follows the summary line: the excused people, then the boxes signed at the end."""
    sheet = styles.paragraph_styles()
    out: list[Flowable] = []
    names = [
        " ".join(part for part in (clean(r.first_name), clean(r.last_name)) if part) or NO_NAME
        for r in excused
    ]
    if names:
        out.append(Spacer(1, 2 * mm))
        # The label in bold, wherever the translation puts the names.
        before, _sep, after = escape(_("Excused: {names}")).partition("{names}")
        listed = escape(", ".join(names))
        out.append(Paragraph(f"<b>{before.rstrip()}</b> {listed}{after}", sheet["body"]))
    training = event_facts.is_training(event)
    if training or options.certified:
        out.append(Spacer(1, 5 * mm))
        out.append(_signature_boxes(event, width, half_days, training, options.certified))
    return out


def _signature_boxes(
    event: EventRecord, width: float, half_days: bool, training: bool, certified: bool
) -> Table:
    """The trainer's signature (trainings) and the organiser's "certified true" box (asked)."""
    sheet = styles.paragraph_styles()
    cells: list[object] = []
    widths: list[float] = []
    if training:
        name = clean(event.trainer) or "……………………………………"
        # the messages outside the f-strings: the extractor does not look inside them
        title = escape(_("Trainer"))
        cells.append(Paragraph(f"<b>{title}</b><br/>{escape(name)}", sheet["body"]))
        boxes = (
            [_("Trainer's signature (morning)"), _("Trainer's signature (afternoon)")]
            if half_days
            else [_("Trainer's signature")]
        )
        cells += [Paragraph(escape(text), sheet["cell_muted"]) for text in boxes]
        widths += [0] + [55 * mm] * len(boxes)
    else:
        cells.append("")
        widths.append(0)
    if certified:
        certified_title = escape(_("Certified true and correct"))
        who = escape(_("For the organiser: name, date and signature"))
        cells.append(Paragraph(f"<b>{certified_title}</b><br/>{who}", sheet["cell_muted"]))
        widths.append(75 * mm)
    widths[0] = width - sum(widths[1:])
    table = Table([cells], colWidths=widths, rowHeights=[24 * mm])
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
    return table


def _default_notice(settings: OrganisationSettings) -> str:
    organiser = clean(settings.name) or _("the organiser")
    return _(
        "Privacy: {organiser} uses the data on this sheet only to prove attendance to the funders of this "
        "activity and, if you ticked the box, to invite you to similar activities. You may ask to see, "
        "correct or delete your data at any time."
    ).format(organiser=organiser)
