"""Workshops (temps d'échanges): prompts, cards typed in after the session, selections,
and the follow-up projects born from selected cards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.enums import CardCategory, ProjectStatus
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import CardRecord, ProjectRecord, PromptRecord, WorkshopRecord
from smartdesk.domain.text import clean_multiline, clean_text
from smartdesk.i18n import _
from smartdesk.services.lookups import commune_by_name, get_or_raise
from smartdesk.services.validation import (
    limited,
    optional_text,
    parse_choice,
    parse_number,
    required_text,
)

#: The two axes of the deck's second round; any other axis may be typed.
DEFAULT_AXES = ("Développement durable du territoire", "Priorité communale (PST)")


def parse_category(value: str | CardCategory) -> CardCategory:
    return parse_choice(
        CardCategory,
        value,
        "category",
        _("Unknown card category “{value}”. Choose one of: {choices}."),
    )


def prompt_record(p: m.WorkshopPrompt) -> PromptRecord:
    return PromptRecord(
        id=p.id,
        uuid=p.uuid,
        workshop_id=p.workshop_id,
        position=p.position,
        question=p.question,
        categories=tuple(CardCategory(c) for c in p.categories),
        axes=tuple(p.axes),
        cards_per_participant=p.cards_per_participant,
        cards_redistributed=p.cards_redistributed,
        top_n=p.top_n,
    )


def card_record(c: m.WorkshopCard) -> CardRecord:
    return CardRecord(
        id=c.id,
        uuid=c.uuid,
        prompt_id=c.prompt_id,
        code=c.code,
        text=c.text,
        category=c.category,
        axis=c.axis,
        author=c.author,
        commune=c.commune.name if c.commune else None,
        group_label=c.group_label,
        round=c.round,
        votes=c.votes,
        selected=c.selected,
        rank=c.rank,
    )


def workshop_record(w: m.Workshop) -> WorkshopRecord:
    return WorkshopRecord(
        id=w.id,
        uuid=w.uuid,
        event_id=w.event_id,
        title=w.title,
        event_title=w.event.title,
        event_start=w.event.start,
        prompts=tuple(prompt_record(p) for p in w.prompts),
    )


def add_workshop(session: Session, event: m.Event, title: str) -> m.Workshop:
    workshop = m.Workshop(event=event, title=required_text(title, "title", _("Title"), 300))
    session.add(workshop)
    session.flush()
    return workshop


def create(db: Database, event_id: int, title: str) -> WorkshopRecord:
    with db.transaction() as s:
        event = get_or_raise(s, m.Event, event_id, _("No event with id {id}."))
        return workshop_record(add_workshop(s, event, title))


def add_prompt_in(
    session: Session,
    workshop: m.Workshop,
    question: str,
    categories: tuple[CardCategory | str, ...] = (),
    axes: tuple[str, ...] = (),
    cards_per_participant: int | None = None,
    cards_redistributed: int | None = None,
    top_n: int | None = None,
) -> m.WorkshopPrompt:
    cats = [parse_category(c).value for c in categories]
    for name, value in (
        ("cards_per_participant", cards_per_participant),
        ("cards_redistributed", cards_redistributed),
        ("top_n", top_n),
    ):
        if value is not None and value < 0:
            raise ValidationError(name, _("This number cannot be negative."))
    prompt = m.WorkshopPrompt(
        workshop=workshop,
        position=len(workshop.prompts) + 1,
        question=required_text(question, "question", _("Question"), 1000),
        categories=cats,
        axes=[text for a in axes if (text := clean_text(a))],
        cards_per_participant=cards_per_participant,
        cards_redistributed=cards_redistributed,
        top_n=top_n,
    )
    session.add(prompt)
    session.flush()
    return prompt


def add_prompt(db: Database, workshop_id: int, question: str, **options: Any) -> PromptRecord:
    with db.transaction() as s:
        workshop = get_or_raise(s, m.Workshop, workshop_id, _("No workshop with id {id}."))
        return prompt_record(add_prompt_in(s, workshop, question, **options))


def next_codes(session: Session, prompt: m.WorkshopPrompt, n: int) -> list[str]:
    """Codes for the next ``n`` paper cards of a prompt: ``<prompt id>-<number>``."""
    used = session.scalars(
        select(m.WorkshopCard.code).where(m.WorkshopCard.prompt_id == prompt.id)
    ).all()
    highest = 0
    for code in used:
        tail = code.rsplit("-", 1)[-1]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return [f"{prompt.id}-{highest + i:03d}" for i in range(1, n + 1)]


def blank_card_codes(db: Database, prompt_id: int, n: int) -> list[str]:
    with db.reading() as s:
        return next_codes(
            s,
            get_or_raise(s, m.WorkshopPrompt, prompt_id, _("No workshop question with id {id}.")),
            n,
        )


def _apply_card(
    session: Session, card: m.WorkshopCard, prompt: m.WorkshopPrompt, fields: dict[str, Any]
) -> None:
    if "text" in fields:
        card.text = required_text(fields["text"], "text", _("Card text"), 2000)
    if fields.get("category") is not None:
        card.category = parse_category(fields["category"])
    if "axis" in fields:
        card.axis = optional_text(fields["axis"], "axis", _("Axis"))
    if "author" in fields:
        card.author = optional_text(fields["author"], "author", _("Author"))
    if "commune" in fields:
        card.commune = commune_by_name(session, fields["commune"])
    if "group_label" in fields:
        card.group_label = optional_text(fields["group_label"], "group_label", _("Group"), 100)
    for name, label in (("round", _("Round")), ("rank", _("Rank"))):
        if name in fields:
            value = fields[name]
            if value is not None:
                value = parse_number(value, name, label, int)
                if value < 1:
                    raise ValidationError(name, _("{field} must be 1 or more.").format(field=label))
            setattr(card, name, value)
    if "votes" in fields:
        votes = int(parse_number(fields["votes"] or 0, "votes", _("Votes"), int))
        if votes < 0:
            raise ValidationError("votes", _("The number of votes cannot be negative."))
        card.votes = votes
    if "selected" in fields:
        card.selected = bool(fields["selected"])


def add_card_in(session: Session, prompt: m.WorkshopPrompt, **fields: Any) -> m.WorkshopCard:
    code = clean_text(fields.pop("code", None)) or next_codes(session, prompt, 1)[0]
    code = limited(code, "code", _("Code"), 16)  # the column's width, enforced by PostgreSQL
    exists = session.scalar(
        select(func.count())
        .select_from(m.WorkshopCard)
        .where(m.WorkshopCard.prompt_id == prompt.id, m.WorkshopCard.code == code)
    )
    if exists:
        raise ValidationError(
            "code", _("A card with the code {code} was already typed in.").format(code=code)
        )
    fields.setdefault("text", None)
    # prompt_id, not prompt=: the card must not sit in prompt.cards before it is in the session
    # (a commune created by _apply_card flushes the session).
    card = m.WorkshopCard(prompt_id=prompt.id, code=code)
    _apply_card(session, card, prompt, fields)
    session.add(card)
    session.flush()
    return card


def add_card(db: Database, prompt_id: int, **fields: Any) -> CardRecord:
    """Type in a card. Fields: text (required), code, category, axis, author, commune,
    group_label, round, votes, selected, rank."""
    with db.transaction() as s:
        prompt = get_or_raise(
            s, m.WorkshopPrompt, prompt_id, _("No workshop question with id {id}.")
        )
        return card_record(add_card_in(s, prompt, **fields))


def update_card(db: Database, card_id: int, **fields: Any) -> CardRecord:
    with db.transaction() as s:
        card = get_or_raise(s, m.WorkshopCard, card_id, _("No card with id {id}."))
        _apply_card(s, card, card.prompt, fields)
        s.flush()
        return card_record(card)


def delete_card(db: Database, card_id: int) -> None:
    with db.transaction() as s:
        s.delete(get_or_raise(s, m.WorkshopCard, card_id, _("No card with id {id}.")))


def get(db: Database, workshop_id: int) -> WorkshopRecord:
    with db.reading() as s:
        return workshop_record(
            get_or_raise(s, m.Workshop, workshop_id, _("No workshop with id {id}."))
        )


def get_prompt(db: Database, prompt_id: int) -> tuple[WorkshopRecord, PromptRecord]:
    with db.reading() as s:
        prompt = get_or_raise(
            s, m.WorkshopPrompt, prompt_id, _("No workshop question with id {id}.")
        )
        return workshop_record(prompt.workshop), prompt_record(prompt)


def list_workshops(db: Database, event_id: int | None = None) -> list[WorkshopRecord]:
    with db.reading() as s:
        stmt = select(m.Workshop).join(m.Event).order_by(m.Event.start, m.Workshop.id)
        if event_id is not None:
            stmt = stmt.where(m.Workshop.event_id == event_id)
        return [workshop_record(w) for w in s.scalars(stmt)]


def cards(
    db: Database, workshop_id: int | None = None, prompt_id: int | None = None
) -> list[CardRecord]:
    """Cards by prompt, group, rank, then code."""
    with db.reading() as s:
        stmt = select(m.WorkshopCard).join(m.WorkshopPrompt)
        if workshop_id is not None:
            stmt = stmt.where(m.WorkshopPrompt.workshop_id == workshop_id)
        if prompt_id is not None:
            stmt = stmt.where(m.WorkshopCard.prompt_id == prompt_id)
        stmt = stmt.order_by(
            m.WorkshopPrompt.position,
            m.WorkshopCard.group_label,
            m.WorkshopCard.rank.is_(None),
            m.WorkshopCard.rank,
            m.WorkshopCard.code,
        )
        return [card_record(c) for c in s.scalars(stmt)]


def project_record(p: m.FollowUpProject) -> ProjectRecord:
    return ProjectRecord(
        id=p.id,
        uuid=p.uuid,
        title=p.title,
        status=p.status,
        description=p.description,
        card_ids=tuple(sorted(c.id for c in p.cards)),
        owner=p.owner,
        due_date=p.due_date,
    )


def create_project(
    db: Database,
    title: str,
    card_ids: list[int],
    description: str | None = None,
    owner: str | None = None,
    due_date: dt.date | None = None,
) -> ProjectRecord:
    """A follow-up project born from selected cards ("passer en mode projet"), with who carries
    it on and by when, both optional."""
    with db.transaction() as s:
        cards_ = [
            get_or_raise(s, m.WorkshopCard, cid, _("No card with id {id}."))
            for cid in dict.fromkeys(card_ids)
        ]
        project = m.FollowUpProject(
            title=required_text(title, "title", _("Title"), 300),
            description=clean_multiline(description),
            status=ProjectStatus.IDEA,
            owner=optional_text(owner, "owner", _("Owner"), 200),
            due_date=due_date,
            cards=cards_,
        )
        s.add(project)
        s.flush()
        return project_record(project)


def set_project_status(db: Database, project_id: int, status: str | ProjectStatus) -> ProjectRecord:
    with db.transaction() as s:
        project = get_or_raise(s, m.FollowUpProject, project_id, _("No project with id {id}."))
        project.status = parse_choice(
            ProjectStatus,
            status,
            "status",
            _("Unknown project status “{value}”. Choose one of: {choices}."),
        )
        s.flush()
        return project_record(project)


def list_projects(db: Database) -> list[ProjectRecord]:
    with db.reading() as s:
        return [
            project_record(p)
            for p in s.scalars(select(m.FollowUpProject).order_by(m.FollowUpProject.id))
        ]


def select_top(db: Database, prompt_id: int, group_label: str | None, n: int) -> list[CardRecord]:
    """A group's choice by its votes: its ``n`` most voted cards selected and ranked 1…n (ties
    in the order they were typed), the group's other cards unselected. Returns the group's cards
    in rank order."""
    if n < 1:
        raise ValidationError("top_n", _("Choose at least one card."))
    with db.transaction() as s:
        get_or_raise(s, m.WorkshopPrompt, prompt_id, _("No workshop question with id {id}."))
        stmt = select(m.WorkshopCard).where(m.WorkshopCard.prompt_id == prompt_id)
        if group_label:
            stmt = stmt.where(m.WorkshopCard.group_label == group_label)
        else:
            stmt = stmt.where(m.WorkshopCard.group_label.is_(None))
        group = sorted(s.scalars(stmt), key=lambda c: (-c.votes, c.id))
        for rank, card in enumerate(group, start=1):
            card.selected = rank <= n
            card.rank = rank if rank <= n else None
        s.flush()
        return [card_record(c) for c in group]
