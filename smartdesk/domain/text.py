"""Text keys shared by duplicate detection, search and imports (pure functions)."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—'’`´.,_]+")
# Deliberately simple: one @, a dot in the domain, no spaces. Real validation is sending a mail.
_EMAIL = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\".]{2,}$")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalize_name(value: str | None) -> str:
    """``Jean-Pierre  D'Ébroux`` → ``jean pierre d ebroux``: accents, case, hyphens ignored."""
    if not value:
        return ""
    return _SEPARATORS.sub(" ", strip_accents(value).casefold()).strip()


def person_name_key(first_name: str | None, last_name: str | None) -> str:
    return normalize_name(f"{first_name or ''} {last_name or ''}")


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
