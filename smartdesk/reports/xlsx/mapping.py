"""Which column holds what: guessed from the headers (see :mod:`.headers`), corrected by the
user with ``COLUMN=field``; then each data row as field → text.

"Nom", "Naam" and "Name" are a last name beside a first-name column, and a full name otherwise;
a full name is split into first and last name row by row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence

from smartdesk.domain.errors import SmartDeskError
from smartdesk.domain.text import strip_accents, strip_controls
from smartdesk.i18n import _
from smartdesk.reports.xlsx.headers import FIELDS, IGNORE, NAME, header_key, match_header

__all__ = [
    "FIELDS",
    "IGNORE",
    "MappingError",
    "apply_overrides",
    "cell_text",
    "guess_mapping",
    "mapped_rows",
    "parse_field",
    "parse_yes_no",
    "split_full_name",
]


class MappingError(SmartDeskError):
    """A ``COLUMN=field`` correction that does not fit the file."""


def guess_mapping(headers: Sequence[object]) -> dict[int, str]:
    """Column index (0-based) → field, for the columns whose header is recognised."""
    candidates = []
    for index, header in enumerate(headers):
        found = match_header(header)
        if found:
            candidates.append((found[1], index, found[0]))
    candidates.sort()
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    ambiguous: list[int] = []
    for _strength, index, field in candidates:
        if field == NAME:
            ambiguous.append(index)
            continue
        if field not in taken:
            mapping[index] = field
            taken.add(field)
    for index in ambiguous:
        for field in ("last_name", "full_name") if "first_name" in taken else ("full_name",):
            if field not in taken:
                mapping[index] = field
                taken.add(field)
                break
    return dict(sorted(mapping.items()))


def _column_index(column: str, headers: Sequence[object]) -> int | None:
    key = header_key(column)
    for index, header in enumerate(headers):
        if key and header_key(header) == key:
            return index
    text = column.strip()
    if text.isdigit() and 1 <= int(text) <= len(headers):
        return int(text) - 1
    if text.isalpha() and text.isascii() and len(text) <= 3:
        index = 0
        for char in text.upper():
            index = index * 26 + ord(char) - 64
        if 1 <= index <= len(headers):
            return index - 1
    return None


_FIELD_SYNONYMS = {
    "e_mail": "email",
    "mail": "email",
    "organization": "organisation",
    "postcode": "postal_code",
    "zip": "postal_code",
    "name": "full_name",
    "none": IGNORE,
    "skip": IGNORE,
    "": IGNORE,
}


def parse_field(text: str) -> str:
    key = header_key(text).replace(" ", "_")
    key = _FIELD_SYNONYMS.get(key, key)
    if key in FIELDS or key == IGNORE:
        return key
    raise MappingError(
        _("Unknown field “{field}”. Fields: {fields}, or {ignore}.").format(
            field=text, fields=", ".join(FIELDS), ignore=IGNORE
        )
    )


def apply_overrides(
    headers: Sequence[object], mapping: dict[int, str], overrides: Iterable[str]
) -> dict[int, str]:
    """The mapping corrected by ``COLUMN=field`` items (header name, letter or number).

    A field given to a column is taken from any other column; ``COLUMN=ignore`` drops one.
    """
    result = dict(mapping)
    for item in overrides:
        column, sep, field_text = item.rpartition("=")
        if not sep or not column.strip():
            raise MappingError(
                _("“{item}” is not a column correction; write COLUMN=field, e.g. Courriel=email.")
                .format(item=item)
            )  # fmt: skip
        field = parse_field(field_text)
        index = _column_index(column, headers)
        if index is None:
            raise MappingError(
                _("The file has no column “{column}” (give its header, letter or number).")
                .format(column=column.strip())
            )  # fmt: skip
        if field == IGNORE:
            result.pop(index, None)
            continue
        for other in [i for i, f in result.items() if f == field]:
            del result[other]
        result[index] = field
    return dict(sorted(result.items()))


# --- rows as text ------------------------------------------------------------------------------

_SPACES = re.compile(r"\s+")
_UPPERNAME = re.compile(r"^[^\W\d_][^\W\d_'’-]*(?:[-'’][^\W\d_]+)*$")
_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "del",
        "della",
        "di",
        "du",
        "le",
        "la",
        "des",
        "ter",
        "ten",
        "vander",
    ]
)


def cell_text(value: object, *, keep_lines: bool = False) -> str:
    """A cell as the text a person would type: numbers without ``.0``, ISO dates, trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    # Control characters (a NUL from a broken export) are dropped, as in every typed field.
    text = strip_controls(str(value), keep_lines=keep_lines)
    if keep_lines:
        lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
        return "\n".join(line for line in lines if line)
    return _SPACES.sub(" ", text).strip()


def split_full_name(text: str) -> tuple[str, str]:
    """``"DUPONT Jean"`` → (Jean, DUPONT); ``"Els Van Hove"`` → (Els, Van Hove);
    ``"Van Hove Els"`` → (Els, Van Hove); ``"van der Linden Hans"`` → (Hans, van der Linden);
    ``"Jean Dupont"`` → (Jean, Dupont). A heuristic: check the result."""
    words = text.split()
    if len(words) < 2:
        return "", text
    upper = [w.isupper() and len(w) > 1 and _UPPERNAME.match(w) is not None for w in words]
    if any(upper) and not all(upper):
        last = [w for w, u in zip(words, upper, strict=True) if u]
        first = [w for w, u in zip(words, upper, strict=True) if not u]
        return " ".join(first), " ".join(last)
    if words[0].casefold() in _PARTICLES:
        # "van der Linden Hans": the list is sorted by last name, which starts with its
        # particles; the particles and the word after them are the last name.
        end = 0
        while end < len(words) - 1 and words[end].casefold() in _PARTICLES:
            end += 1
        if end < len(words) - 1:
            return " ".join(words[end + 1 :]), " ".join(words[: end + 1])
    for i, word in enumerate(words[1:], start=1):
        if word.casefold() in _PARTICLES:
            return " ".join(words[:i]), " ".join(words[i:])
    return words[0], " ".join(words[1:])


#: Google Contacts puts several values in one cell: "a@x.be ::: b@y.be".
_GOOGLE_SEPARATOR = " ::: "


def _first_value(text: str) -> str:
    return text.split(_GOOGLE_SEPARATOR, 1)[0].strip() if _GOOGLE_SEPARATOR in text else text


def is_exchange_address(text: str) -> bool:
    """Outlook's internal Exchange address ("/o=ExchangeLabs/ou=…/cn=Recipients/cn=…"): no
    e-mail address at all, the real one is in another column."""
    return text.startswith("/") and "@" not in text and "/cn=" in text.casefold()


def _other_email_columns(headers: Sequence[object], mapping: dict[int, str]) -> list[int]:
    mapped = [i for i, f in mapping.items() if f == "email"]
    return [
        i
        for i, header in enumerate(headers)
        if i not in mapped and (match_header(header) or ("", 0))[0] == "email"
    ]


def mapped_rows(table, mapping: dict[int, str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(row number, field → text) for each data row of a :class:`~.table.Table`.

    Every mapped field is present ("" when empty); ``full_name`` fills first and last name where
    those are empty, and is then dropped. A cell of several values (Google's ``a ::: b``) gives
    its first; an Exchange address gives way to the next e-mail column ("E-mail 2 Address").
    """
    items = [(index, field) for index, field in sorted(mapping.items()) if field != IGNORE]
    fallback = _other_email_columns(table.headers, mapping) if "email" in mapping.values() else []
    for row in table.rows:
        values = row.values
        width = len(values)
        record = {
            field: cell_text(values[index] if index < width else None, keep_lines=field == "notes")
            for index, field in items
        }
        for field, text in record.items():
            if field != "notes" and _GOOGLE_SEPARATOR in text:
                record[field] = _first_value(text)
        if fallback and is_exchange_address(record.get("email", "")):
            others = (_first_value(cell_text(values[i])) for i in fallback if i < width)
            record["email"] = next((t for t in others if "@" in t), "")
        full = record.pop("full_name", None)
        if full is not None:
            first, last = record.get("first_name", ""), record.get("last_name", "")
            if full and not first and not last:
                first, last = split_full_name(full)
            record["first_name"], record["last_name"] = first, last
        yield row.number, record


_YES = frozenset((
    "1", "x", "y", "yes", "true", "ok", "v", "oui", "o", "vrai", "d accord", "accord", "ja", "j",
    "waar", "akkoord", "einverstanden", "wahr", "si", "✓", "✔", "☑", "☒",
))  # fmt: skip
_NO = frozenset((
    "0", "n", "no", "false", "non", "faux", "pas d accord", "nee", "neen", "onwaar", "nein",
    "falsch", "✗", "✘", "☐",
))  # fmt: skip


def parse_yes_no(text: str | None) -> bool | None:
    """A consent or yes/no cell in French, Dutch, German or English; ``None`` when unclear."""
    if not text:
        return None
    key = " ".join(strip_accents(text).casefold().replace("'", " ").replace("’", " ").split())
    if key in _YES:
        return True
    if key in _NO:
        return False
    return None
