"""Checking what a user typed, with one translated sentence naming the field when it does not
fit. Pure functions: no session."""

from __future__ import annotations

from typing import TypeVar

from smartdesk.domain.enums import LabelledEnum
from smartdesk.domain.errors import ValidationError
from smartdesk.domain.text import clean_text
from smartdesk.i18n import _

MAX_TEXT = 200

E = TypeVar("E", bound=LabelledEnum)


def parse_choice(cls: type[E], value: str | E, field: str, message: str) -> E:
    """The member of ``cls`` the user typed (any case, hyphens or spaces for underscores), or a
    ValidationError from ``message``: translated, with ``{value}`` and ``{choices}`` in it."""
    if isinstance(value, cls):
        return value
    try:
        return cls.parse(str(value))
    except ValueError:
        raise ValidationError(
            field, message.format(value=value, choices=", ".join(m.value for m in cls))
        ) from None


def required_text(value: str | None, field: str, label: str, max_length: int = MAX_TEXT) -> str:
    text = clean_text(value)
    if not text:
        raise ValidationError(field, _("{field} is required.").format(field=label))
    return limited(text, field, label, max_length)


def optional_text(
    value: str | None, field: str, label: str, max_length: int = MAX_TEXT
) -> str | None:
    text = clean_text(value)
    return limited(text, field, label, max_length) if text else None


def limited(text: str, field: str, label: str, max_length: int) -> str:
    if len(text) > max_length:
        raise ValidationError(
            field,
            _("{field} is too long ({length} characters, at most {max}).").format(
                field=label, length=len(text), max=max_length
            ),
        )
    return text


def parse_number(
    value: object, field: str, label: str, kind: type[int] | type[float] = int
) -> int | float:
    """``int`` or ``float`` of what the user typed, or a ValidationError naming the field."""
    try:
        return kind(value)  # type: ignore[arg-type,call-overload]
    except (TypeError, ValueError):
        raise ValidationError(
            field, _("{field}: “{value}” is not a number.").format(field=label, value=value)
        ) from None
