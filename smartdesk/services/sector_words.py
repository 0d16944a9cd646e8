"""The sector a person's organisation belongs to, from the words people write in a "Secteur"
column ("asbl", "SPRL", "Administration communale" …) or guessed from an organisation's name."""

from __future__ import annotations

from smartdesk.domain.enums import Sector
from smartdesk.domain.text import normalize_name

# Words people write in a "sector" column, in the four languages, after normalize_name().
_SECTOR_WORDS = {
    Sector.COMMUNE: (
        "commune",
        "administration",
        "administration communale",
        "cpas",
        "gemeente",
        "gemeinde",
        "municipality",
        "public",
        "pouvoir local",
        "ville",
    ),
    Sector.ASSOCIATION: (
        "association",
        "asbl",
        "vzw",
        "verein",
        "citoyen",
        "initiative citoyenne",
        "club",
        "comite",
        "non profit",
        "ngo",
    ),
    Sector.BUSINESS: (
        "entreprise",
        "business",
        "societe",
        "commerce",
        "independant",
        "bedrijf",
        "onderneming",
        "unternehmen",
        "firma",
        "company",
        "srl",
        "sprl",
        "scrl",
        "sc",
        "sa",
        "snc",
        "bvba",
        "bv",
        "nv",
        "gmbh",
        "ag",
        "entreprises",
    ),
    Sector.PARTNER: ("partenaire", "partner", "partenaires", "universite", "agence"),
    Sector.OTHER: ("autre", "autres", "other", "divers", "andere", "sonstige"),
}
_SECTORS = {word: sector for sector, words in _SECTOR_WORDS.items() for word in words}
_SECTORS.update({s.value: s for s in Sector})


def parse_sector_text(text: str) -> Sector | None:
    key = normalize_name(text)
    if not key:
        return None
    if key in _SECTORS:
        return _SECTORS[key]
    for word in key.split():
        if word in _SECTORS:
            return _SECTORS[word]
    return Sector.OTHER


def sector_of(text: str) -> Sector | None:
    """The sector a cell names, or None when the words are not known (an error to report)."""
    key = normalize_name(text)
    if key in _SECTORS:
        return _SECTORS[key]
    return next((_SECTORS[w] for w in key.split() if w in _SECTORS), None)


def infer_sector(organisation: str | None) -> Sector | None:
    """ "Administration communale de Wanze" is a commune, "Jeunesse de Couthuin asbl" an
    association: a sector guessed from the organisation's name, or None."""
    words = set(normalize_name(organisation).split())
    for sector in (Sector.COMMUNE, Sector.ASSOCIATION, Sector.BUSINESS, Sector.PARTNER):
        if any(" " not in w and w in words for w in _SECTOR_WORDS[sector]) or (
            sector == Sector.COMMUNE and "communale" in words
        ):
            return sector
    return None
