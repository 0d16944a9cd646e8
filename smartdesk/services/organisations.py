"""Organisations (town halls, associations, businesses, partners): list, search, edit, delete
when nobody belongs to them, merge two that are the same.

A territory has a few hundred organisations, a GAL a few thousand at most: lists are sorted and
filtered in Python by the folded name (the same folding as people's names), not by a stored key.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.db.session import Database
from smartdesk.domain.enums import Sector
from smartdesk.domain.errors import ConflictError, ValidationError
from smartdesk.domain.records import OrganisationSummary
from smartdesk.domain.text import normalize_name
from smartdesk.i18n import _, ngettext
from smartdesk.services.lookups import commune_by_name, find_commune, get_or_raise
from smartdesk.services.validation import parse_choice, required_text


def _not_found() -> str:
    return _("No organisation with id {id}.")


def parse_sector(value: str | Sector) -> Sector:
    return parse_choice(
        Sector, value, "sector", _("Unknown sector “{value}”. Choose one of: {choices}.")
    )


def _members(session: Session, ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        for org_id, n in session.execute(
            select(m.Person.organisation_id, func.count())
            .where(m.Person.organisation_id.in_(chunk))
            .group_by(m.Person.organisation_id)
        ):
            if org_id is not None:
                counts[org_id] = n
    return counts


def _summary(org: m.Organisation, members: int) -> OrganisationSummary:
    return OrganisationSummary(
        id=org.id,
        uuid=org.uuid,
        name=org.name,
        sector=org.sector,
        commune=org.commune.name if org.commune else None,
        members=members,
    )


def search_ids(
    db: Database,
    text: str | None = None,
    *,
    sector: Sector | str | None = None,
    commune: str | None = None,
) -> list[int]:
    """Organisations' ids sorted by folded name (then commune), ``text`` found anywhere in the
    name ignoring case, accents and separators."""
    key = normalize_name(text)
    if text and text.strip() and not key:
        return []
    with db.reading() as s:
        stmt = select(m.Organisation.id, m.Organisation.name, m.Commune.name).outerjoin(
            m.Commune, m.Organisation.commune_id == m.Commune.id
        )
        if sector is not None:
            stmt = stmt.where(m.Organisation.sector == parse_sector(sector))
        if commune is not None:
            found = find_commune(s, commune)
            if found is None:
                return []
            stmt = stmt.where(m.Organisation.commune_id == found.id)
        rows = [
            (normalize_name(name), normalize_name(commune_name), id_)
            for id_, name, commune_name in s.execute(stmt)
        ]
    rows = [row for row in rows if key in row[0]] if key else rows
    rows.sort()
    return [id_ for _name, _commune, id_ in rows]


def get_many(db: Database, ids: Iterable[int]) -> dict[int, OrganisationSummary]:
    """The organisations of these ids with their member counts."""
    wanted = list(dict.fromkeys(ids))
    found: dict[int, OrganisationSummary] = {}
    with db.reading() as s:
        members = _members(s, wanted)
        for start in range(0, len(wanted), 900):
            chunk = wanted[start : start + 900]
            for org in s.scalars(select(m.Organisation).where(m.Organisation.id.in_(chunk))):
                found[org.id] = _summary(org, members.get(org.id, 0))
    return found


def get(db: Database, organisation_id: int) -> OrganisationSummary:
    with db.reading() as s:
        org = get_or_raise(s, m.Organisation, organisation_id, _not_found())
        return _summary(org, _members(s, [org.id]).get(org.id, 0))


def names(db: Database) -> list[str]:
    """Every organisation's name once, in alphabetical order (for completion while typing)."""
    with db.reading() as s:
        found = set(s.scalars(select(m.Organisation.name)))
    return sorted(found, key=lambda n: (normalize_name(n), n))


def commune_names(db: Database) -> list[str]:
    """The communes already known, in alphabetical order (for completion while typing)."""
    with db.reading() as s:
        found = list(s.scalars(select(m.Commune.name)))
    return sorted(found, key=lambda n: (normalize_name(n), n))


def _same_name_elsewhere(session: Session, org: m.Organisation) -> m.Organisation | None:
    key = normalize_name(org.name)
    for other in session.scalars(
        select(m.Organisation).where(
            m.Organisation.id != (org.id or 0),
            (m.Organisation.commune_id == org.commune_id)
            if org.commune_id is not None
            else m.Organisation.commune_id.is_(None),
        )
    ):
        if normalize_name(other.name) == key:
            return other
    return None


def _apply(session: Session, org: m.Organisation, fields: dict[str, Any]) -> None:
    if "name" in fields:
        org.name = required_text(fields["name"], "name", _("Name"))
    if fields.get("sector") is not None:
        org.sector = parse_sector(fields["sector"])
    if "commune" in fields:
        org.commune = commune_by_name(session, fields["commune"])
        org.commune_id = org.commune.id if org.commune else None
    # Names repeat across communes ("CPAS"), not within one: that would be two cards for one body.
    twin = _same_name_elsewhere(session, org)
    if twin is not None:
        raise ValidationError(
            "name",
            _(
                "An organisation called “{name}” already exists in this commune: "
                "merge the two instead."
            ).format(name=twin.name),
        )


def create(
    db: Database,
    name: str,
    sector: Sector | str | None = None,
    commune: str | None = None,
) -> OrganisationSummary:
    """A new organisation (sector "other" when not given)."""
    with db.transaction() as s:
        org = m.Organisation(name="", sector=Sector.OTHER)
        _apply(s, org, {"name": name, "sector": sector, "commune": commune})
        s.add(org)
        s.flush()
        return _summary(org, 0)


def update_organisation(db: Database, organisation_id: int, **fields: Any) -> OrganisationSummary:
    """Change ``name``, ``sector`` or ``commune`` (a name; empty for none)."""
    with db.transaction() as s:
        org = get_or_raise(s, m.Organisation, organisation_id, _not_found())
        _apply(s, org, fields)
        s.flush()
        return _summary(org, _members(s, [org.id]).get(org.id, 0))


def delete(db: Database, organisation_id: int) -> None:
    """Delete an organisation nobody belongs to; otherwise refuse (merge it instead)."""
    with db.transaction() as s:
        org = get_or_raise(s, m.Organisation, organisation_id, _not_found())
        n = _members(s, [org.id]).get(org.id, 0)
        if n:
            raise ConflictError(
                ngettext(
                    "{n} person belongs to {name}: merge it with another organisation instead of deleting it.",
                    "{n} people belong to {name}: merge it with another organisation instead of deleting it.",
                    n,
                ).format(name=org.name, n=n)
            )
        s.delete(org)


def merge(db: Database, keep_id: int, other_id: int) -> OrganisationSummary:
    """Merge ``other`` into ``keep``: its members move over, a missing commune is taken from it,
    then ``other`` is deleted. One transaction."""
    if keep_id == other_id:
        raise ValidationError("organisation", _("An organisation cannot be merged with itself."))
    with db.transaction() as s:
        keep = get_or_raise(s, m.Organisation, keep_id, _not_found())
        other = get_or_raise(s, m.Organisation, other_id, _not_found())
        if keep.commune_id is None and other.commune_id is not None:
            keep.commune_id = other.commune_id
        if keep.sector == Sector.OTHER and other.sector != Sector.OTHER:
            keep.sector = other.sector
        s.execute(
            update(m.Person)
            .where(m.Person.organisation_id == other.id)
            .values(organisation_id=keep.id, updated_at=utcnow())
        )
        # The GAL's next workbook naming `other` must update `keep`, not recreate `other`.
        s.execute(
            update(m.ExchangeLink)
            .where(m.ExchangeLink.local_uuid == other.uuid)
            .values(local_uuid=keep.uuid)
        )
        s.delete(other)
        s.flush()
        s.refresh(keep)
        return _summary(keep, _members(s, [keep.id]).get(keep.id, 0))
