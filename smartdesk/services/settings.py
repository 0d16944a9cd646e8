"""The organiser's settings printed on documents (name, logos, funding line …)."""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select

from smartdesk.db import models as m
from smartdesk.db.session import Database
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.records import OrganisationSettings
from smartdesk.domain.text import strip_controls
from smartdesk.i18n import _

#: Keys a user may set, and the field of OrganisationSettings each fills.
DOCUMENT_KEYS = tuple(f.name for f in fields(OrganisationSettings))
#: Rules of the office, not printed on documents: key → default value.
POLICY_DEFAULTS = {"retention_years": "3"}
RETENTION_YEARS = "retention_years"
KEYS = DOCUMENT_KEYS + tuple(POLICY_DEFAULTS)
LIST_KEYS = {"funder_logos"}  # stored one path per line


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
        else:
            kwargs[key] = value or (None if key in ("logo_path", "signature_image") else "")
    return OrganisationSettings(**kwargs)  # type: ignore[arg-type]


def set_value(db: Database, key: str, value: str) -> OrganisationSettings:
    if key not in KEYS:
        raise ValidationError(
            "key",
            _("Unknown setting “{key}”. Known settings: {keys}.").format(
                key=key, keys=", ".join(KEYS)
            ),
        )
    value = strip_controls(value, keep_lines=True)
    if key == RETENTION_YEARS:
        value = str(_retention_years(value))
    if key in LIST_KEYS:
        value = "\n".join(
            part.strip() for part in value.replace(";", "\n").splitlines() if part.strip()
        )
    with db.transaction() as s:
        row = s.get(m.Setting, key)
        if row is None:
            s.add(m.Setting(key=key, value=value))
        else:
            row.value = value
    return load(db)


def missing_files(current: OrganisationSettings) -> list[str]:
    """Warnings for image settings that point to no readable file (documents print without them)."""
    from pathlib import Path

    paths = [current.logo_path, current.signature_image, *current.funder_logos]
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
