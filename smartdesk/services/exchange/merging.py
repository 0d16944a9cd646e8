"""The merge of one exchange workbook into the database, table by table (consolidation's engine).

For each incoming record (UUID ``u``, ``updated_at`` ``t``) from a sender (origin ``o``):

* **which local record**: the one ``u`` was linked to at an earlier import (from any sender), else
  the local record with UUID ``u``, else one recognised by its natural key (the same person under
  another UUID: same e-mail ignoring case, or same normalised name in a compatible commune; a
  commune or an organisation by normalised name …). Recognised records are *merged*: the link
  ``u → local`` makes every later reference to ``u`` (a registration) land on the one record.
* **first time from this sender**: new → added. Known → blanks are filled, equivalent spellings
  kept; a real difference is a conflict: the newer ``updated_at`` wins, the other version is
  stored in ``exchange_conflict``.
* **seen before**: the sender did not change it since (``t`` not newer than at the last import)
  → unchanged. Changed there only → updated. Changed at both ends (the local ``updated_at`` moved
  since the last import too) → conflict, newer wins, the other stored.

Helpers take the session of the calling service and never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.base import utcnow
from smartdesk.domain.enums import CardCategory, RegistrationStatus, Sector
from smartdesk.domain.exchange import ExchangeWorkbook
from smartdesk.domain.text import normalize_name
from smartdesk.i18n import _
from smartdesk.services import erasure
from smartdesk.services.exchange.conflicts import Conflict, ConflictLog
from smartdesk.services.exchange.matching import (
    Incoming,
    Link,
    Local,
    Problems,
    References,
    chunks,
    incoming_rows,
    load_links,
    load_local,
)
from smartdesk.services.exchange.natural_keys import NaturalKeys
from smartdesk.services.exchange.schema import ERASURES, PROJECT_CARDS, SPECS, TableSpec
from smartdesk.services.exchange.writing import RecordWriter, canon, canonical
from smartdesk.services.people import STATUS_WEIGHT


@dataclass(slots=True)
class TableCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    #: Records recognised as one already known under another UUID (also counted above).
    merged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "conflicts": self.conflicts,
            "merged": self.merged,
        }


def _blank(value: Any) -> bool:
    return (
        value is None
        or value == ""
        or value is Sector.OTHER
        or value is CardCategory.NONE
        or value == []
    )


def _equivalent(attr: str, a: Any, b: Any) -> bool:
    """Two spellings of the same thing (first meeting of two records only)."""
    if a == b:
        return True
    if isinstance(a, str) and isinstance(b, str):
        if attr == "email":
            return a.strip().casefold() == b.strip().casefold()
        if attr in ("first_name", "last_name", "name"):
            return normalize_name(a) == normalize_name(b)
    return False


def _strongest(a: RegistrationStatus, b: RegistrationStatus) -> RegistrationStatus:
    return b if STATUS_WEIGHT[b] > STATUS_WEIGHT[a] else a


def _earliest(a: Any, b: Any) -> Any:
    return b if a is None or (b is not None and b < a) else a


#: How two records' values combine when they first meet, where "newer wins" would be wrong.
_COMBINE: dict[tuple[str, str], Callable[[Any, Any], Any]] = {
    ("registrations", "status"): _strongest,  # the proof of attendance is kept
    ("registrations", "walk_in"): lambda a, b: bool(a and b),
    ("registrations", "registered_at"): _earliest,
    ("registrations", "checked_in_at"): _earliest,
    ("people", "consent"): lambda a, b: bool(a or b),
    ("people", "anonymised"): lambda a, b: bool(a or b),
    ("people", "pseudonym"): lambda a, b: a or b,  # the first one known stays
    ("cards", "votes"): max,
    ("cards", "selected"): lambda a, b: bool(a or b),
}


class WorkbookMerge:
    """Merge one workbook inside the caller's transaction; ``counts`` and ``conflicts`` say what
    happened. Raises :class:`~smartdesk.services.exchange.matching.Refused` before anything is
    written when rows do not fit. People are recognised by their pseudonym too when
    ``pseudonyms`` (see :mod:`smartdesk.services.exchange.pseudonyms`)."""

    def __init__(
        self,
        session: Session,
        workbook: ExchangeWorkbook,
        origin: str,
        source: str,
        *,
        pseudonyms: bool = False,
    ):
        self.s = session
        self.wb = workbook
        self.origin = origin
        self.anonymous = workbook.header.anonymous
        #: The sender's pseudonyms are trusted: made with the key this database holds.
        self.pseudonyms = pseudonyms
        now = utcnow()
        self.counts: dict[str, TableCounts] = {}
        self.problems = Problems()
        self.references = References(session, (spec.name for spec in SPECS))
        self.log = ConflictLog(session, origin, source, now, self.references)
        self.writer = RecordWriter(session, origin, now)

    @property
    def conflicts(self) -> list[Conflict]:
        return self.log.conflicts

    # --- public ---------------------------------------------------------------------------------

    def run(self) -> None:
        erasures = erasure.read_entries(self.wb, ERASURES, self.problems.add)
        self.problems.check()
        # Rows of people erased (here or at the sender) lose their names before anything else.
        erasure.prepare_workbook(self.s, self.wb, erasures)
        for spec in SPECS:
            if spec.name in self.wb.tables:
                self._merge_table(spec)
        if PROJECT_CARDS in self.wb.tables:
            self._merge_project_cards()
        self._apply_erasures(erasures)

    def _apply_erasures(self, entries: list[tuple[str, str, dt.datetime | None]]) -> None:
        """The sender's erasures, applied to the people its UUIDs stand for here (through this
        sender's links only: a workbook erases what its sender sent), then logged here."""
        for person_uuid, kind, at in entries:
            for person in erasure.people_known_as(self.s, [person_uuid], self.origin):
                if kind == erasure.ANONYMISED and person.anonymised and not person.name_key:
                    continue
                erasure.apply(self.s, person, kind)
            erasure.log(self.s, person_uuid, kind, at)

    # --- one table ----------------------------------------------------------------------------------------

    def _merge_table(self, spec: TableSpec) -> None:
        items = incoming_rows(
            self.wb, spec, self.references, self.problems, self.anonymous, self.pseudonyms
        )
        self.problems.check()
        counts = self.counts.setdefault(spec.name, TableCounts())
        uuids = [item.uuid for item in items]
        links = load_links(self.s, spec.name, uuids)
        wanted = set(uuids) | {link.local_uuid for ls in links.values() for link in ls}
        local = load_local(self.s, spec, wanted)
        keys = NaturalKeys.for_table(self.s, self.origin, spec, items, local)
        claimed: set[str] = set()  # local records already matched by a row of this file
        link_rows: list[dict[str, Any]] = []
        for item in items:
            mine = links.get(item.uuid, [])
            base = next((link for link in mine if link.origin == self.origin), None)
            target = mine[0].local_uuid if mine else None
            record = local.get(target) if target else None
            record = record or local.get(item.uuid)
            merged = False
            if record is None and keys is not None:
                # A link to a record gone from here (merged into another, deleted): recognise
                # it again by its key, even where this sender sent the other record.
                record = keys.match(item, claimed, ignore_taken=bool(mine))
                merged = record is not None
            if record is None:
                record = self._new(spec, item)
                if record is None:
                    continue
                local[record.uuid] = record
                if keys is not None:
                    keys.add(record)
                counts.added += 1
                outcome = "added"
            elif base is None or base.local_uuid != record.uuid:
                outcome = self._first_meeting(spec, item, record)
            else:
                outcome = self._again(spec, item, record, base)
            claimed.add(record.uuid)
            counts.merged += merged
            if outcome != "added":
                setattr(counts, outcome, getattr(counts, outcome) + 1)
            link_rows.append({"item": item, "record": record, "base": base, "outcome": outcome})
        self.problems.check()
        self.writer.records(spec, local.values())
        self.writer.links(spec, link_rows)
        resolved = self.references.resolved[spec.name]
        for row in link_rows:
            resolved[row["item"].uuid] = row["record"].id

    def _new(self, spec: TableSpec, item: Incoming) -> Local | None:
        values = dict(item.values)
        for name in spec.personal:
            if name in item.withheld:
                values[name] = "" if spec.required(name) else None
        for name in spec.fields:
            if values.get(name) is None and spec.required(name) and name not in spec.personal:
                self.problems.add(spec.name, item.row, _("{field} is required.").format(field=name))
                return None
        return Local(
            uuid=item.uuid,
            values=values,
            updated_at=item.updated_at,
            created_at=item.created_at or item.updated_at,
        )

    def _apply(self, record: Local, changes: dict[str, Any], updated_at: dt.datetime) -> None:
        if not record.pending and record.before is None:
            record.before = (dict(record.values), record.updated_at)
        record.values.update(changes)
        record.changed.update(changes)
        record.updated_at = max(record.updated_at, updated_at)
        record.changed["updated_at"] = record.updated_at

    def _first_meeting(self, spec: TableSpec, item: Incoming, record: Local) -> str:
        """The sender's record meets a local one for the first time: combine them."""
        changes: dict[str, Any] = {}
        disputed: list[str] = []
        for attr, theirs in item.values.items():
            if attr in item.withheld:
                continue
            ours = record.values.get(attr)
            combine = _COMBINE.get((spec.name, attr))
            if combine is not None:
                value = combine(ours, theirs)
                if value != ours:
                    changes[attr] = value
            elif _equivalent(attr, ours, theirs) or _blank(theirs):
                continue
            elif _blank(ours):
                changes[attr] = theirs
            else:
                disputed.append(attr)
        if disputed:
            incoming_wins = item.updated_at > record.updated_at
            self.log.record(spec, item, record, disputed, incoming_wins)
            if incoming_wins:
                changes.update({a: item.values[a] for a in disputed})
        if changes:
            self._apply(record, changes, item.updated_at)
        return "conflicts" if disputed else "updated" if changes else "unchanged"

    def _again(self, spec: TableSpec, item: Incoming, record: Local, base: Link) -> str:
        """The sender's record was imported before: a three-way merge against the sender's
        last version, field by field where that version is known."""
        if item.updated_at <= base.remote_updated_at:
            return "unchanged"
        local_changed = record.updated_at != base.local_updated_at
        last = base.remote_values
        if last is None and not local_changed:
            last = canonical(record.values)  # in step at the last import: ours was theirs
        theirs = {a: v for a, v in item.values.items() if a not in item.withheld}
        differ = [a for a, v in theirs.items() if record.values.get(a) != v]
        if last is None:
            # Changed at both ends and no record of the sender's last version: every
            # difference is disputed.
            changed_there, disputed = [], differ
        else:
            changed_there = [a for a in differ if canon(theirs[a]) != last.get(a)]
            disputed = [a for a in changed_there if canon(record.values.get(a)) != last.get(a)]
            changed_there = [a for a in changed_there if a not in disputed]
        changes = {a: theirs[a] for a in changed_there}
        if disputed:
            incoming_wins = item.updated_at > record.updated_at
            self.log.record(spec, item, record, disputed, incoming_wins)
            if incoming_wins:
                changes.update({a: theirs[a] for a in disputed})
        if changes:
            self._apply(record, changes, item.updated_at)
        return "conflicts" if disputed else "updated" if changes else "unchanged"

    # --- projects and their cards -----------------------------------------------------------------------

    def _merge_project_cards(self) -> None:
        rows = self.wb.table(PROJECT_CARDS)
        counts = self.counts.setdefault(PROJECT_CARDS, TableCounts())
        self.references.prefetch("projects", (r.get("project_uuid") for r in rows))
        self.references.prefetch("cards", (r.get("card_uuid") for r in rows))
        pairs: list[tuple[int, int]] = []
        for number, row in enumerate(rows, start=2):
            project = self.references.local_id("projects", row.get("project_uuid"))
            card = self.references.local_id("cards", row.get("card_uuid"))
            if project is None or card is None:
                self.problems.add(
                    PROJECT_CARDS,
                    number,
                    _("refers to a record that is neither in the file nor here."),
                )
                continue
            pairs.append((project, card))
        self.problems.check()
        pc = m.project_card
        existing: set[tuple[int, int]] = set()
        for chunk in chunks(list({p for p, _c in pairs})):
            existing.update(
                self.s.execute(
                    select(pc.c.project_id, pc.c.card_id).where(pc.c.project_id.in_(chunk))
                ).all()
            )
        new = [p for p in dict.fromkeys(pairs) if p not in existing]
        counts.unchanged += len(pairs) - len(new)
        counts.added += len(new)
        if new:
            self.s.execute(insert(pc), [{"project_id": p, "card_id": c} for p, c in new])
