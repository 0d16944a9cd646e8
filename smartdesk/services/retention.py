"""Which backups to keep: the rule, in one place, and nothing else (no files touched here).

The rule (what :func:`kept` returns, newest first), applied after every new backup:

1. the ``newest`` few backups, whatever their age: the copy made before an import a minute
   ago survives however many copies follow it;
2. the newest backup made for each reason (before an import, a merge, a restore …), so twenty
   merges in a row do not push out the copy made before this morning's import;
3. the newest backup of each of the last ``daily`` days that have one, of the last ``weekly``
   ISO weeks that have one, and of the last ``monthly`` months that have one (days, weeks and
   months without any backup — holidays — do not count, so a town hall opening SmartDesk once a
   week still keeps seven daily copies);
4. then, newest first, as many of those as fit in ``budget_bytes``; the newest one is kept even
   when it alone is bigger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


class Dated(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def reason(self) -> str: ...
    @property
    def size(self) -> int: ...


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    newest: int = 5
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    budget_bytes: int = 4 * 1024**3


DEFAULT_POLICY = RetentionPolicy()


def _one_per_period(
    newest_first: Sequence[Dated], key: Callable[[dt.datetime], Hashable], periods: int
) -> list[Dated]:
    chosen: list[Dated] = []
    seen: set[Hashable] = set()
    for backup in newest_first:
        period = key(backup.created_at)
        if period in seen:
            continue
        if len(seen) == periods:
            break
        seen.add(period)
        chosen.append(backup)
    return chosen


def kept(backups: Sequence[Dated], policy: RetentionPolicy = DEFAULT_POLICY) -> list[Dated]:
    """The backups the rule of the module keeps, newest first."""
    newest_first = sorted(backups, key=lambda b: (b.created_at, b.path.name), reverse=True)
    keep: set[Path] = {b.path for b in newest_first[: policy.newest]}
    by_reason: dict[str, Dated] = {}
    for backup in newest_first:
        by_reason.setdefault(backup.reason, backup)
    keep.update(b.path for b in by_reason.values())
    for key, periods in (
        (lambda t: t.date(), policy.daily),
        (lambda t: t.isocalendar()[:2], policy.weekly),
        (lambda t: (t.year, t.month), policy.monthly),
    ):
        keep.update(b.path for b in _one_per_period(newest_first, key, periods))
    result: list[Dated] = []
    total = 0
    for backup in newest_first:
        if backup.path not in keep:
            continue
        if result and total + backup.size > policy.budget_bytes:
            break
        total += backup.size
        result.append(backup)
    return result
