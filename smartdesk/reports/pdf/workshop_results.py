"""The results handout of a workshop: per prompt, each group's selected top N, then every card
by axis or category."""

from __future__ import annotations

import re
from collections.abc import Sequence
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
from smartdesk.domain.records import CardRecord, OrganisationSettings, PromptRecord, WorkshopRecord
from smartdesk.i18n import _, format_date, format_number, ngettext, use_locale
from smartdesk.reports.pdf import styles
from smartdesk.reports.pdf.page import DocumentHeader, FlowingPage, Letterhead, footer_lines
from smartdesk.reports.pdf.text import clean, escape

DEFAULT_TOP_N = 5
CHECK = "\u2713"


@dataclass(frozen=True, slots=True)
class ResultsOptions:
    top_n: int | None = None  # per group; default: the prompt's top_n, else 5
    lang: str | None = None


def workshop_results(
    workshop: WorkshopRecord,
    cards: Sequence[CardRecord],
    settings: OrganisationSettings | None = None,
    options: ResultsOptions | None = None,
) -> bytes:
    """The results of ``workshop`` (its prompts in order; ``cards`` of every prompt, any order)."""
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
            details="",
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
            title=f"{_('Workshop results')} – {clean(workshop.event_title)}",
            author=clean(settings.name),
        )
        return page.build(story)


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
            title = Paragraph(escape(group or _("No group")), sheet["cell_bold"])
            rows = [
                [
                    str(c.rank) if c.rank is not None else "–",
                    _text(c),
                    escape(_label(prompt, c)),
                    format_number(c.votes),
                ]
                for c in chosen
            ]
            out.append(CondPageBreak(35 * mm))
            out.append(
                KeepTogether(
                    [
                        title,
                        Spacer(1, 1 * mm),
                        _table(
                            [
                                _("Rank"),
                                _("Challenge or action"),
                                _("Axis or category"),
                                _("Votes"),
                            ],
                            rows,
                            width,
                            (14 * mm, None, 56 * mm, 16 * mm),
                            centred=(0, 3),
                        ),
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
    for label, members in _by_axis_or_category(prompt, cards):
        rows = [
            [
                escape(c.code),
                _text(c),
                escape(c.commune),
                format_number(c.votes),
                CHECK if c.selected else "",
            ]
            for c in members
        ]
        out.append(CondPageBreak(30 * mm))
        out.append(Paragraph(escape(label or _("No axis or category")), sheet["cell_bold"]))
        out.append(Spacer(1, 1 * mm))
        out.append(
            _table(
                [_("Code"), _("Challenge or action"), _("Commune"), _("Votes"), _("Selected")],
                rows,
                width,
                (20 * mm, None, 32 * mm, 14 * mm, 16 * mm),
                centred=(3, 4),
            )
        )
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


def _table(
    headings: list[str],
    rows: list[list[str]],
    width: float,
    widths: tuple,
    centred: tuple[int, ...],
) -> Table:
    """Text columns as wrapping paragraphs (markup-escaped); ``centred`` columns hold short
    plain values (rank, votes, tick)."""
    sheet = styles.paragraph_styles()
    flexible = width - sum(w for w in widths if w)
    col_widths = [w if w else flexible for w in widths]
    data: list[list[object]] = [
        [
            styles.header_cell(h, w, i in centred)
            for i, (h, w) in enumerate(zip(headings, col_widths, strict=True))
        ]
    ]
    data += [
        [cell if i in centred else Paragraph(cell, sheet["cell"]) for i, cell in enumerate(row)]
        for row in rows
    ]
    table = Table(data, colWidths=col_widths, repeatRows=1)
    commands = styles.data_table_style() + [("VALIGN", (0, 1), (-1, -1), "TOP")]
    commands += [("ALIGN", (i, 1), (i, -1), "CENTER") for i in centred]
    table.setStyle(TableStyle(commands))
    return table
