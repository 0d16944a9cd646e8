"""Text keys shared by duplicate detection, search and imports (pure functions)."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’ʼ`´.,_]+")
# Letters that NFKD leaves whole (a stroke or a ligature is not an accent) folded as people
# type them on a Belgian keyboard: "orsted" finds Ørsted, "lukasz" Łukasz, "oeuvray" Œuvray.
# Lower case only: the name is case-folded first (ẞ and ß already become "ss" there).
_LETTERS = str.maketrans(
    {
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŧ": "t",
        "ŋ": "n",
        "ĸ": "k",
        "ƒ": "f",
        "ɨ": "i",
        "ʉ": "u",
        "ƀ": "b",
        "ƶ": "z",
        "ȥ": "z",
        "ɍ": "r",
        "·": "",  # Catalan l·l (ŀ decomposes to l·): "parallel" finds "paral·lel"
    }
)
# Deliberately simple: one @, a dot in the domain, no spaces. Real validation is sending a mail.
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(value: str | None) -> str:
    """``Jean-Pierre  D'Ébroux`` → ``jean pierre d ebroux``: accents, case, hyphens ignored,
    and the letters with a stroke or ligatures spelt out (``Ørsted`` → ``orsted``,
    ``Œuvray`` → ``oeuvray``, ``Straße`` → ``strasse``).

    Stored in ``person.name_key``: a change here needs a migration that recomputes the keys."""
    if not value:
        return ""
    # Accents off before and after case folding: NFKD can give capitals (㎆ → MB) and
    # case folding can give accents back (İ → i̇).
    folded = strip_accents(strip_accents(value).casefold()).translate(_LETTERS)
    return _SEPARATORS.sub(" ", folded).strip()


def person_name_key(first_name: str | None, last_name: str | None) -> str:
    return normalize_name(f"{first_name or ''} {last_name or ''}")


#: Sorts anonymised people after everybody else (then by id): they have no name to sort by.
ANONYMISED_SORT_KEY = "\uffff"


def person_sort_key(first_name: str | None, last_name: str | None, anonymised: bool = False) -> str:
    """The one alphabetical order of people, stored in ``person.sort_key`` so that an SQL page
    and a whole list agree: folded last name, then folded first name. A unit separator (below
    the space) ends the last name, so "Dupont Zoé" comes before "Dupont-Martin Anne"."""
    if anonymised:
        return ANONYMISED_SORT_KEY
    return f"{normalize_name(last_name)}\x1f{normalize_name(first_name)}"


def email_key(value: str | None) -> str | None:
    value = (value or "").strip()
    return value.casefold() if value else None


def is_valid_email(value: str) -> bool:
    return bool(_EMAIL.match(value.strip()))


def clean_text(value: str | None) -> str | None:
    """Trim and fold inner runs of white space; empty becomes None."""
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None
