"""Text keys shared by duplicate detection, search and imports (pure functions), and the one
place where text typed, pasted or imported is cleaned of control characters."""

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


# Control characters (Unicode category Cc) never belong in a name, an address or a note: a NUL
# pasted from a broken export makes "Mar\0tin" unfindable and ends C strings early in other
# programs. Those Python counts as white space (tab, line breaks, \x1c-\x1f, NEL) become a
# space, so the words they separated stay apart; the others are dropped.
_CONTROLS = {
    c: (" " if chr(c).isspace() else None) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))
}
_CONTROLS_KEEP_LINES = {**_CONTROLS, ord("\n"): "\n", ord("\t"): "\t"}
# Lone surrogates reach Python from undecodable command-line bytes (surrogateescape) and
# cannot be stored as UTF-8 at all.
_SURROGATES = re.compile("[\ud800-\udfff]")


def strip_controls(value: str, keep_lines: bool = False) -> str:
    """``value`` without control characters or lone surrogates (see above); ``keep_lines``
    keeps line breaks (any of CR LF, CR, LF becomes LF) and tabs, for multi-line fields."""
    if keep_lines:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = value.translate(_CONTROLS_KEEP_LINES if keep_lines else _CONTROLS)
    return _SURROGATES.sub("", value)


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
    # Control characters out first; accents off before and after case folding: NFKD can give
    # capitals (㎆ → MB) and case folding can give accents back (İ → i̇).
    folded = strip_accents(strip_accents(strip_controls(value)).casefold()).translate(_LETTERS)
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
    """A one-line field as stored: control characters dropped (NUL and the like, see
    :func:`strip_controls`), trimmed, inner runs of white space folded; empty becomes None."""
    if value is None:
        return None
    value = " ".join(strip_controls(str(value)).split())
    return value or None


def clean_multiline(value: str | None) -> str | None:
    """A multi-line field (notes, descriptions) as stored: control characters dropped except
    line breaks and tabs, trailing spaces of each line and blank lines around the text removed;
    empty becomes None."""
    if value is None:
        return None
    lines = [line.rstrip() for line in strip_controls(str(value), keep_lines=True).split("\n")]
    return "\n".join(lines).strip() or None
