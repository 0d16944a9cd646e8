"""Fast inserts of many rows at once (imports, consolidation, stress data).

The ORM unit of work costs ~20× a plain INSERT per row; for thousands of rows the services
validate in Python, then hand SQLAlchemy Core one ``executemany``. Helpers take an open
session and never commit: the calling service owns the transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import Base, new_uuid, utcnow
from smartdesk.domain.text import email_key, person_name_key, person_sort_key

CHUNK = 5000


def _stamped(rows: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    now = utcnow()
    for row in rows:
        out = dict(row)
        if not out.get("uuid"):
            out["uuid"] = new_uuid()
        out.setdefault("created_at", now)
        out.setdefault("updated_at", now)
        yield out


def insert_rows(session: Session, model: type[Base], rows: Iterable[Mapping[str, Any]]) -> int:
    """INSERT every row (dicts of column values) in chunks; returns the number inserted."""
    table = cast(Table, model.__table__)
    total = 0
    chunk: list[dict[str, Any]] = []
    for row in _stamped(rows):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            session.execute(insert(table), chunk)
            total += len(chunk)
            chunk = []
    if chunk:
        session.execute(insert(table), chunk)
        total += len(chunk)
    return total


def person_rows(rows: Iterable[Mapping[str, Any]]) -> Iterable[dict[str, Any]]:
    """Fill the derived search keys of already validated person rows."""
    for row in rows:
        out = dict(row)
        out["name_key"] = person_name_key(out.get("first_name"), out.get("last_name"))
        out["email_key"] = email_key(out.get("email"))
        out.setdefault("consent", False)
        out.setdefault("anonymised", False)
        out["sort_key"] = person_sort_key(
            out.get("first_name"), out.get("last_name"), bool(out["anonymised"])
        )
        yield out


def insert_people(session: Session, rows: Iterable[Mapping[str, Any]]) -> int:
    return insert_rows(session, m.Person, person_rows(rows))
