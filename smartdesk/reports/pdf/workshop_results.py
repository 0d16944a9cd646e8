"""The results handout of a workshop: per prompt, each group's selected top N, then every card
by axis or category."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from smartdesk.domain.enums import CardCategory
from smartdesk.domain.records import (
    CardRecord,
    EventRecord,
    OrganisationSettings,
    PromptRecord,
    WorkshopRecord,
)
from smartdesk.i18n import _, format_date, format_number, ngettext, use_locale
from smartdesk.reports.pdf import event_facts, styles
from smartdesk.reports.pdf.page import DocumentHeader, FlowingPage, Letterhead, footer_lines
from smartdesk.reports.pdf.text import clean, escape

DEFAULT_TOP_N = 5
CHECK = "\u2713"


@dataclass(frozen=True, slots=True)
class ResultsOptions:
    top_n: int | None = None  # per group; default: the prompt's top_n, else 5
    lang: str | None = None
    facilitator: str | None = None  # who ran the workshop, named in the header


def workshop_results(
    workshop: WorkshopRecord,
    cards: Sequence[CardRecord],
    settings: OrganisationSettings | None = None,
    options: ResultsOptions | None = None,
    event: EventRecord | None = None,
    participants: int | None = None,
) -> bytes:
    """The results of ``workshop`` (its prompts in order; ``cards`` of every prompt, any order).
    The header names the place (of ``event``), the number of ``participants`` and the
    facilitator (``options.facilitator``) when they are known."""
    settings = settings or OrganisationSettings()
    options = options or ResultsOptions()
    with use_locale(options.lang):
        width = A4[0] - 2 * styles.MARGIN
        header = DocumentHeader(
            Letterhead.from_settings(settings),
            label=_("WORKSHOP RESULTS"),
            kind=clean(workshop.title),
            title=workshop.event_title or workshop.title,
            when=format_date(workshop.event_start, "full"),
            details=_details(event, participants, options.facilitator),
            width=width,
        )
        story: list[Flowable] = []
        by_prompt: dict[int, list[CardRecord]] = {}
        for card in cards:
            by_prompt.setdefault(card.prompt_id, []).append(card)
        prompts = sorted(workshop.prompts, key=lambda p: p.position)
        for prompt in prompts:
            story += _prompt_section(prompt, by_prompt.get(prompt.id, []), options, width)
        if not prompts:
            story.append(
                Paragraph(
                    escape(_("This workshop has no questions yet.")),
                    styles.paragraph_styles()["body"],
                )
            )
        page = FlowingPage(
            pagesize=A4,
            header=header,
            footer=footer_lines(clean(settings.name), width),
            title=_("Workshop results – {title}").format(title=clean(workshop.event_title)),
            author=clean(settings.name),
        )
        return page.build(story)


def _details(event: EventRecord | None, participants: int | None, facilitator: str | None) -> str:
    details = []
    if event is not None and (place := event_facts.place(event)):
        details.append(_("Venue: {place}").format(place=place))
    if participants:
        details.append(
            ngettext("{n} participant", "{n} participants", participants).format(
                n=format_number(participants)
            )
        )
    if clean(facilitator):
        details.append(_("Facilitator: {name}").format(name=clean(facilitator)))
    return event_facts.SEPARATOR.join(details)


def group_name(label: str | None) -> str:
    """ "Group A" for a group typed as a bare letter or number ("A", "2"); a name as typed."""
    text = clean(label)
    if not text:
        return _("No group")
    if len(text) <= 2 or text.isdigit():
        return _("Group {name}").format(name=text)
    return text


def _natural(value: str | None) -> tuple:
    """ "Group 2" before "Group 10"; no group last."""
    if value is None:
        return (1,)
    return (
        0,
        *[
            (0, int(t), "") if t.isdigit() else (1, 0, t.casefold())
            for t in re.split(r"(\d+)", value)
            if t
        ],
    )


def _label(prompt: PromptRecord, card: CardRecord) -> str:
    if card.axis:
        return clean(card.axis)
    return _(card.category.label) if card.category != CardCategory.NONE else ""


def _prompt_section(
    prompt: PromptRecord, cards: list[CardRecord], options: ResultsOptions, width: float
) -> list[Flowable]:
    sheet = styles.paragraph_styles()
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        Paragraph(f"{prompt.position}. {escape(prompt.question)}", sheet["heading"]),
    ]
    if not cards:
        return [
            *out,
            Paragraph(escape(_("No cards were typed for this question.")), sheet["body"]),
            Spacer(1, 4 * mm),
        ]
    top_n = options.top_n or prompt.top_n or DEFAULT_TOP_N
    voted = any(c.votes for c in cards)
    groups: dict[str | None, list[CardRecord]] = {}
    for card in cards:
        if card.selected:
            groups.setdefault(clean(card.group_label) or None, []).append(card)
    if groups:
        out.append(
            Paragraph(
                escape(
                    ngettext(
                        "Selected by each group (top {n})",
                        "Selected by each group (top {n})",
                        top_n,
                    ).format(n=top_n)
                ),
                sheet["subheading"],
            )
        )
        for group in sorted(groups, key=_natural):
            chosen = sorted(
                groups[group], key=lambda c: (c.rank is None, c.rank or 0, -c.votes, c.code)
            )[:top_n]
            title = Paragraph(escape(group_name(group)), sheet["cell_bold"])
            columns = [
                _Col(
                    _("Rank"), 14 * mm, lambda c: str(c.rank) if c.rank is not None else "–", True
                ),
                _Col(_("Challenge or action"), None, _text),
                _Col(_("Axis or category"), 56 * mm, lambda c: escape(_label(prompt, c))),
            ]
            if voted:
                columns.append(_Col(_("Votes"), 16 * mm, lambda c: format_number(c.votes), True))
            out.append(CondPageBreak(35 * mm))
            out.append(
                KeepTogether(
                    [
                        title,
                        Spacer(1, 1 * mm),
                        _table(columns, chosen, width),
                    ]
                )
            )
            out.append(Spacer(1, 3 * mm))
    else:
        out.append(Paragraph(escape(_("No group selection was recorded.")), sheet["body"]))
    out.append(CondPageBreak(40 * mm))
    out.append(
        Paragraph(
            escape(ngettext("All cards ({n})", "All cards ({n})", len(cards)).format(n=len(cards))),
            sheet["subheading"],
        )
    )
    # Columns nobody filled in are left out: no empty "Votes" when nobody voted.
    every = [
        _Col(_("Code"), 20 * mm, lambda c: escape(c.code)),
        _Col(_("Challenge or action"), None, _text),
    ]
    if any(clean(c.commune) for c in cards):
        every.append(_Col(_("Commune"), 32 * mm, lambda c: escape(c.commune)))
    if voted:
        every.append(_Col(_("Votes"), 14 * mm, lambda c: format_number(c.votes), True))
    if groups:
        every.append(_Col(_("Selected"), 16 * mm, lambda c: CHECK if c.selected else "", True))
    for label, members in _by_axis_or_category(prompt, cards):
        out.append(CondPageBreak(30 * mm))
        out.append(Paragraph(escape(label or _("No axis or category")), sheet["cell_bold"]))
        out.append(Spacer(1, 1 * mm))
        out.append(_table(every, members, width))
        out.append(Spacer(1, 3 * mm))
    return out


def _text(card: CardRecord) -> str:
    return escape(card.text) or "—"


def _by_axis_or_category(
    prompt: PromptRecord, cards: list[CardRecord]
) -> list[tuple[str, list[CardRecord]]]:
    order = {axis: i for i, axis in enumerate(prompt.axes)}
    categories = list(CardCategory)

    def key(card: CardRecord) -> tuple:
        if card.axis:
            return (0, order.get(card.axis, len(order)), clean(card.axis).casefold())
        return (1, categories.index(card.category), "")

    grouped: dict[tuple, list[CardRecord]] = {}
    for card in sorted(cards, key=lambda c: (key(c), _natural(c.code))):
        grouped.setdefault(key(card), []).append(card)
    return [(_label(prompt, members[0]), members) for members in grouped.values()]


@dataclass(frozen=True, slots=True)
class _Col:
    heading: str
    width: float | None  # None: what the other columns leave
    value: Callable[[CardRecord], str]  # markup-escaped text
    centred: bool = False  # short plain values (rank, votes, tick)


def _table(columns: list[_Col], cards: Sequence[CardRecord], width: float) -> Table:
    """Text columns as wrapping paragraphs; centred columns hold short plain values."""
    sheet = styles.paragraph_styles()
    flexible = width - sum(col.width or 0 for col in columns)
    col_widths = [col.width or flexible for col in columns]
    data: list[list[object]] = [
        [
            styles.header_cell(col.heading, w, col.centred)
            for col, w in zip(columns, col_widths, strict=True)
        ]
    ]
    data += [
        [
            col.value(card) if col.centred else Paragraph(col.value(card), sheet["cell"])
            for col in columns
        ]
        for card in cards
    ]
    table = Table(data, colWidths=col_widths, repeatRows=1)
    commands = styles.data_table_style() + [("VALIGN", (0, 1), (-1, -1), "TOP")]
    commands += [
        ("ALIGN", (i, 1), (i, -1), "CENTER") for i, col in enumerate(columns) if col.centred
    ]
    table.setStyle(TableStyle(commands))
    return table
