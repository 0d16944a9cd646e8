"""The organiser's settings printed on documents (name, logos, funding line …), the document
defaults (blank rows, language), and whether the first-start welcome has been done.

``set_value`` sets one key (the CLI); ``save`` writes a whole form at once (the Paramètres page
and the welcome), after ``check`` found nothing wrong: one user action, one transaction."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import OrganisationSettings
from smartdesk.domain.text import strip_controls
from smartdesk.i18n import LANGUAGES, _

#: Keys a user may set, and the field of OrganisationSettings each fills.
DOCUMENT_KEYS = tuple(f.name for f in fields(OrganisationSettings))
#: Rules of the office, not printed on documents: key → default value.
RETENTION_YEARS = "retention_years"
#: The secret the GAL shares with its communes to pseudonymise people in the exchange part
#: (services.exchange.pseudonyms); empty: none.
EXCHANGE_KEY = "exchange_key"
EXCHANGE_KEY_MIN_LENGTH = 16
POLICY_DEFAULTS = {RETENTION_YEARS: "3", EXCHANGE_KEY: ""}
KEYS = DOCUMENT_KEYS + tuple(POLICY_DEFAULTS)
LIST_KEYS = {"funder_logos"}  # stored one path per line
IMAGE_KEYS = ("logo_path", "signature_image")
INT_KEYS = {"default_blank_rows"}
ORGANISATION_KINDS = ("commune", "gal")
DOCUMENT_LANGUAGES = tuple(LANGUAGES)  # fr, nl, de, en
MAX_BLANK_ROWS = 200
#: Not a document setting: set once the first-start welcome was completed (or skipped).
WELCOME_DONE = "welcome_done"


def load(db: Database) -> OrganisationSettings:
    with db.reading() as s:
        values = {row.key: row.value for row in s.scalars(select(m.Setting))}
    kwargs: dict[str, object] = {}
    for key in DOCUMENT_KEYS:
        if key not in values:
            continue
        value = values[key]
        if key in LIST_KEYS:
            kwargs[key] = tuple(line.strip() for line in value.splitlines() if line.strip())
        elif key in INT_KEYS:
            try:
                kwargs[key] = int(value)
            except ValueError:
                continue  # a value typed in by hand elsewhere: the default is safer than a crash
        else:
            kwargs[key] = value or (None if key in IMAGE_KEYS else "")
    return OrganisationSettings(**kwargs)  # type: ignore[arg-type]


def _stored(key: str, value: object) -> str:
    """The text stored for ``key``, or a ValidationError naming the field."""
    if key not in KEYS:
        raise ValidationError(
            "key",
            _("Unknown setting “{key}”. Known settings: {keys}.").format(
                key=key, keys=", ".join(KEYS)
            ),
        )
    if isinstance(value, str):
        value = strip_controls(value, keep_lines=True)
    if key == RETENTION_YEARS:
        return str(_retention_years(str(value or "")))
    if key == EXCHANGE_KEY:
        return _exchange_key(str(value or ""))
    if key in LIST_KEYS:
        if isinstance(value, str):
            parts: Iterable[object] = value.replace(";", "\n").splitlines()
        else:
            parts = value if isinstance(value, Iterable) else ()
        return "\n".join(str(p).strip() for p in parts if str(p).strip())
    text = "" if value is None else str(value).strip()
    if key in INT_KEYS:
        try:
            number = int(text)
        except ValueError:
            number = -1
        if not 0 <= number <= MAX_BLANK_ROWS:
            raise ValidationError(
                key,
                _("The number of blank rows must be a whole number from 0 to {max}.").format(
                    max=MAX_BLANK_ROWS
                ),
            )
        return str(number)
    if key == "organisation_kind" and text not in ("", *ORGANISATION_KINDS):
        raise ValidationError(key, _("The organisation is either a commune or a GAL."))
    if key == "document_language" and text not in ("", *DOCUMENT_LANGUAGES):
        raise ValidationError(
            key,
            _("Documents can be printed in {languages}.").format(
                languages=", ".join(DOCUMENT_LANGUAGES)
            ),
        )
    return text


#: The texts an organiser may give in each document language besides the main one.
TRANSLATED_KEYS = ("funding_line", "privacy_notice")


def in_language(current: OrganisationSettings, lang: str) -> OrganisationSettings:
    """``current`` with the funding line and privacy notice given for ``lang`` (nl, de, en)
    in place of the main ones; unchanged for a language the organiser gave nothing for."""
    changes: dict[str, Any] = {}
    for key in TRANSLATED_KEYS:
        text = getattr(current, f"{key}_{lang}", "")
        if text:
            changes[key] = text
    return replace(current, **changes) if changes else current


def set_value(db: Database, key: str, value: str) -> OrganisationSettings:
    value = _stored(key, value)
    # A file that is there but is no printable picture is refused when it is set, not dropped
    # at print time without a word; a path not found here stays a warning (``missing_files``):
    # the database may be shared with a PC where it exists.
    paths = value.splitlines() if key in LIST_KEYS else [value] if key in IMAGE_KEYS else []
    for path in paths:
        if path and Path(path).is_file() and (problem := image_problem(path)):
            raise ValidationError(key, problem)
    with db.transaction() as s:
        _write(s, key, value)
    return load(db)


def _write(s, key: str, value: str) -> None:
    row = s.get(m.Setting, key)
    if row is None:
        s.add(m.Setting(key=key, value=value))
    else:
        row.value = value


def image_problem(path: str | Path | None) -> str | None:
    """Why ``path`` cannot serve as a logo or signature, in one sentence; None if it can."""
    if not path:
        return None
    path = Path(path)
    if not path.is_file():
        return _("The file “{name}” does not exist.").format(name=path)
    from PIL import Image, UnidentifiedImageError  # only when a logo is chosen

    from smartdesk.reports.pdf.images import PictureTooLarge, decodable_size

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # checked below
            with Image.open(path) as image:
                image.verify()
        decodable_size(str(path))
    except PictureTooLarge as exc:
        return _(
            "“{name}” is too large ({width} × {height} pixels): save it at most {max} megapixels "
            "(a logo needs far less) and choose it again."
        ).format(
            name=path.name,
            width=exc.width,
            height=exc.height,
            max=images_max_megapixels(),
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return _("“{name}” is not an image SmartDesk can print: choose a PNG or JPEG file.").format(
            name=path.name
        )
    return None


def images_max_megapixels() -> int:
    from smartdesk.reports.pdf.images import MAX_PIXELS

    return MAX_PIXELS // 1_000_000


def _paths(value: object) -> list[str]:
    return [line for line in _stored("funder_logos", value).splitlines() if line]


def check(
    values: Mapping[str, object], current: OrganisationSettings | None = None
) -> dict[str, str]:
    """Every problem of a settings form, by key (empty: it can be saved). Images are checked only
    where they differ from ``current``: a logo that went missing since stays a warning
    (``missing_files``) instead of blocking an unrelated change."""
    current = current or OrganisationSettings()
    problems: dict[str, str] = {}
    for key, value in values.items():
        try:
            _stored(key, value)
        except ValidationError as exc:
            problems[exc.field if exc.field != "key" else key] = exc.message
    if "name" in values and not str(values["name"] or "").strip():
        problems["name"] = _("Give the organisation's name: it heads every document.")
    for key in IMAGE_KEYS:
        changed = key in values and (values[key] or None) != getattr(current, key)
        if changed and (problem := image_problem(str(values[key] or ""))):
            problems[key] = problem
    if "funder_logos" in values and "funder_logos" not in problems:
        for path in _paths(values["funder_logos"]):
            if path not in current.funder_logos and (problem := image_problem(path)):
                problems["funder_logos"] = problem
                break
    return problems


def save(
    db: Database, values: Mapping[str, object], *, welcome_done: bool = False
) -> OrganisationSettings:
    """Write every key of ``values`` in one transaction, after ``check``: the first problem is
    raised as a ValidationError naming its field, and nothing is written. ``welcome_done``
    also records that the first-start welcome is over."""
    problems = check(values, load(db))
    if problems:
        key, message = next(iter(problems.items()))
        raise ValidationError(key, message)
    stored = {key: _stored(key, value) for key, value in values.items()}
    with db.transaction() as s:
        for key, value in stored.items():
            _write(s, key, value)
        if welcome_done:
            _write(s, WELCOME_DONE, "1")
    return load(db)


def needs_welcome(db: Database) -> bool:
    """True on a database where nobody has gone through the welcome and no organisation is set
    (a database from the CLI or an older version that already names its organiser needs none)."""
    with db.reading() as s:
        done = s.get(m.Setting, WELCOME_DONE)
        name = s.get(m.Setting, "name")
        return done is None and not (name is not None and name.value.strip())


def finish_welcome(db: Database) -> None:
    """Record that the welcome was completed or skipped, so it is not offered again."""
    with db.transaction() as s:
        _write(s, WELCOME_DONE, "1")


def missing_files(current: OrganisationSettings) -> list[str]:
    """Warnings for image settings that point to no readable file (documents print without them)."""
    paths: Iterable[str | None] = [
        current.logo_path,
        current.signature_image,
        *current.funder_logos,
    ]
    return [
        _(
            "Warning: the image “{path}” cannot be read; documents will be printed without it."
        ).format(path=p)
        for p in paths
        if p and not Path(p).is_file()
    ]


def _retention_years(value: str) -> int:
    try:
        years = int(value.strip())
    except ValueError:
        years = 0
    if not 1 <= years <= 100:
        raise ValidationError(
            RETENTION_YEARS,
            _(
                "The retention period is a whole number of years from 1 to 100, not “{value}”."
            ).format(value=value),
        )
    return years


def _exchange_key(value: str) -> str:
    key = value.strip()
    if key and (len(key) < EXCHANGE_KEY_MIN_LENGTH or not key.isprintable()):
        raise ValidationError(
            EXCHANGE_KEY,
            _(
                "The exchange key is at least {min} characters without line breaks; the GAL "
                "gives the same key to each of its communes."
            ).format(min=EXCHANGE_KEY_MIN_LENGTH),
        )
    return key


def exchange_key(session: Session) -> str:
    """The exchange key set here ("" if none), read in the caller's unit of work."""
    row = session.get(m.Setting, EXCHANGE_KEY)
    return row.value if row is not None else ""


def policy_values(db: Database) -> dict[str, str]:
    """The settings that are not printed on documents, with their defaults."""
    with db.reading() as s:
        stored = {
            row.key: row.value
            for row in s.scalars(select(m.Setting).where(m.Setting.key.in_(POLICY_DEFAULTS)))
        }
    return {key: stored.get(key, default) for key, default in POLICY_DEFAULTS.items()}


def retention_years(db: Database) -> int:
    """How many years a person without consent is kept after last being seen (default 3)."""
    return _retention_years(policy_values(db)[RETENTION_YEARS])
