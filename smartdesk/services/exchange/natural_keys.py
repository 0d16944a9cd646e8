"""Recognising a record a sender sent under another UUID by its natural key: the same person
(same e-mail ignoring case, or same normalised name in a compatible commune), the commune or
organisation of the same name, the event of the same kind, start and title …

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.domain.text import email_key, normalize_name, person_name_key
from smartdesk.services.exchange.matching import Incoming, Local, chunks, load_local
from smartdesk.services.exchange.schema import TableSpec


class NaturalKeys:
    """Recognising a record sent under another UUID: per table, a key and the local index."""

    def __init__(
        self, session: Session, origin: str, spec: TableSpec, index: dict[Any, list[Local]]
    ):
        self.spec = spec
        self.index = index
        # Local records the sender already sent under another UUID: the sender says they are
        # another record, so they are not matched again (homonyms stay two people).
        self.taken: set[str] = set()
        if spec.name not in _FORCED:
            self.taken = set(
                session.scalars(
                    select(m.ExchangeLink.local_uuid).where(
                        m.ExchangeLink.origin == origin,
                        m.ExchangeLink.table_name == spec.name,
                    )
                )
            )

    @classmethod
    def for_table(
        cls,
        session: Session,
        origin: str,
        spec: TableSpec,
        items: list[Incoming],
        local: dict[str, Local],
    ) -> NaturalKeys | None:
        """The keys of ``spec``'s table, indexing the local records the items may meet (loaded
        into ``local``); None for a table matched by UUID only."""
        loader = _INDEX.get(spec.name)
        if loader is None or not items:
            return None
        index: dict[Any, list[Local]] = {}
        for record in loader(session, spec, items, local):
            for key in _keys(spec.name, record.values):
                index.setdefault(key, []).append(record)
        return cls(session, origin, spec, index)

    def add(self, record: Local) -> None:
        for key in _keys(self.spec.name, record.values):
            self.index.setdefault(key, []).append(record)

    def match(self, item: Incoming, claimed: set[str], ignore_taken: bool = False) -> Local | None:
        values = {a: v for a, v in item.values.items() if a not in item.withheld}
        forced = self.spec.name in _FORCED  # a unique constraint leaves no choice
        for key in _keys(self.spec.name, values):
            for record in self.index.get(key, []):
                if not forced and (
                    record.uuid in claimed or (record.uuid in self.taken and not ignore_taken)
                ):
                    continue
                if _compatible(self.spec.name, record.values, values, key):
                    return record
        return None


#: Tables whose natural key is also a unique constraint: two records with it must become one.
_FORCED = {"communes", "registrations", "cards"}


def _keys(table: str, values: dict[str, Any]) -> list[tuple]:
    if table in ("communes", "organisations"):
        name = normalize_name(values.get("name"))
        return [("name", name)] if name else []
    if table == "people":
        if values.get("anonymised"):
            return []
        keys = []
        pseudonym = values.get("pseudonym")
        if pseudonym:  # the same e-mail, or name and commune, at another commune (same key)
            keys.append(("pseudonym", pseudonym))
        mail = email_key(values.get("email"))
        if mail:
            keys.append(("email", mail))
        name = person_name_key(values.get("first_name"), values.get("last_name"))
        if name:
            keys.append(("name", name))
        return keys
    if table == "trainings":
        title = normalize_name(values.get("title"))
        return [("title", title, normalize_name(values.get("trainer")))] if title else []
    if table == "events":
        title = normalize_name(values.get("title"))
        start, kind = values.get("start"), values.get("kind")
        return [("event", kind, start, title)] if title and start and kind else []
    if table == "registrations":
        event, person = values.get("event_id"), values.get("person_id")
        return [("pair", event, person)] if event and person else []
    if table == "cards":
        prompt, code = values.get("prompt_id"), values.get("code")
        return [("code", prompt, code)] if prompt and code else []
    return []


def _compatible(table: str, ours: dict[str, Any], theirs: dict[str, Any], key: tuple) -> bool:
    if table == "people" and key[0] == "name":
        # Same name: the same person only in the same commune (or one unknown) and without two
        # different e-mail addresses.
        a, b = ours.get("commune_id"), theirs.get("commune_id")
        mail_a, mail_b = email_key(ours.get("email")), email_key(theirs.get("email"))
        return (a is None or b is None or a == b) and (not mail_a or not mail_b or mail_a == mail_b)
    if table == "events":
        a, b = ours.get("commune_id"), theirs.get("commune_id")
        return a is None or b is None or a == b
    return True


def _load_all(session: Session, spec: TableSpec, items: list[Incoming], local: dict):
    uuids = session.scalars(select(spec.model.uuid)).all()
    load_local(session, spec, uuids, local)
    return [local[u] for u in uuids]


def _load_people(session: Session, spec: TableSpec, items: list[Incoming], local: dict):
    emails = {email_key(i.values.get("email")) for i in items} - {None}
    names = {person_name_key(i.values.get("first_name"), i.values.get("last_name")) for i in items}
    names.discard("")
    pseudonyms = {v for i in items if (v := i.values.get("pseudonym"))}
    uuids: set[str] = set()
    p = m.Person
    for column, wanted in ((p.email_key, emails), (p.name_key, names), (p.pseudonym, pseudonyms)):
        for chunk in chunks(sorted(wanted)):
            uuids.update(
                session.scalars(
                    select(p.uuid).where(column.in_(chunk), p.anonymised.is_(False))
                ).all()
            )
    load_local(session, spec, uuids, local)
    return [local[u] for u in uuids]


def _load_by(attribute: str):
    def load(session: Session, spec: TableSpec, items: list[Incoming], local: dict):
        column = getattr(spec.model, attribute)
        parents = sorted({v for i in items if (v := i.values.get(attribute)) is not None})
        uuids: list[str] = []
        for chunk in chunks(parents):
            uuids += session.scalars(select(spec.model.uuid).where(column.in_(chunk))).all()
        load_local(session, spec, uuids, local)
        return [local[u] for u in uuids]

    return load


_INDEX = {
    "communes": _load_all,
    "organisations": _load_all,
    "trainings": _load_all,
    "people": _load_people,
    "events": _load_by("start"),
    "registrations": _load_by("event_id"),
    "cards": _load_by("prompt_id"),
}
