"""Translation and locale-aware formatting.

Strings are marked with ``_()`` (translated now, in the active locale) or ``N_()`` (marked for
extraction, translated where shown). Catalogs are gettext ``.po`` files under ``translations/``,
managed with Babel; they are compiled when first needed so a stale ``.mo`` can never be shipped.
Compiling one takes longer than the rest of a short command, so the compiled catalog is kept in
the cache folder under the hash of the ``.po``'s bytes: an edited catalog has another name, and
a cached one can only be the compilation of exactly the ``.po`` beside the program.

The active locale lives in a context variable: the composition root sets it once from the
user's choice, and a document printed in another language uses ``use_locale("nl_BE")`` for the
duration of that build only.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import gettext
import hashlib
import io
import os
import threading
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel import dates as babel_dates
from babel import numbers as babel_numbers

from smartdesk.paths import cache_dir, translations_dir

DOMAIN = "smartdesk"
DEFAULT_LOCALE = "fr_BE"
#: Short language codes users type (``--lang nl``) and the locale each one means here.
LANGUAGES: dict[str, str] = {"fr": "fr_BE", "nl": "nl_BE", "de": "de_BE", "en": "en_GB"}

_active: contextvars.ContextVar[str] = contextvars.ContextVar(
    "smartdesk_locale", default=DEFAULT_LOCALE
)


def normalize_locale(value: str | None) -> str:
    """Turn ``fr``, ``nl-BE`` or ``de_BE`` into a locale SmartDesk supports; raise on others."""
    if not value:
        return DEFAULT_LOCALE
    value = value.replace("-", "_")
    if value in LANGUAGES:
        return LANGUAGES[value]
    if value.split("_")[0] in LANGUAGES:
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            return LANGUAGES[value.split("_")[0]]
        return value
    raise ValueError(f"unsupported language: {value}")


def set_locale(value: str | None) -> str:
    """Set the active locale for this context (the composition root calls this once)."""
    locale = normalize_locale(value)
    _active.set(locale)
    return locale


def get_locale() -> str:
    return _active.get()


@contextlib.contextmanager
def use_locale(value: str | None) -> Iterator[str]:
    """Temporarily switch language, e.g. to print a document in Dutch from a French session."""
    token = _active.set(normalize_locale(value) if value else _active.get())
    try:
        yield _active.get()
    finally:
        _active.reset(token)


@lru_cache(maxsize=16)
def translations(locale: str) -> gettext.NullTranslations:
    """The catalog for a locale (``fr_BE`` falls back to ``fr``); English needs none."""
    for name in (locale, locale.split("_")[0]):
        po = translations_dir() / name / "LC_MESSAGES" / f"{DOMAIN}.po"
        if po.is_file():
            return _compiled(po.read_bytes(), name)
    return gettext.NullTranslations()


def _compiled(po: bytes, name: str) -> gettext.GNUTranslations:
    """The catalog compiled from the ``.po`` bytes, from the cache when it holds them."""
    cached = cache_dir() / f"{DOMAIN}-{name}-{hashlib.sha256(po).hexdigest()[:20]}.mo"
    try:
        with cached.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except Exception:  # noqa: BLE001 - absent or unreadable: compiled again below
        pass
    from babel.messages.mofile import write_mo  # only on a cache miss
    from babel.messages.pofile import read_po

    buf = io.BytesIO()
    write_mo(buf, read_po(io.BytesIO(po), locale=name, domain=DOMAIN), use_fuzzy=False)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        # Written aside, then renamed: another SmartDesk never reads half a file.
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.{threading.get_ident()}.partial")
        partial.write_bytes(buf.getvalue())
        os.replace(partial, cached)
    except OSError:
        pass  # a read-only cache folder: compiled at each start, as before
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def load_locale_data() -> None:
    """Read the active locale's catalog and Babel's data for it now: both are read from disk
    on first use (tens of milliseconds), which the window does on its opening thread."""
    now = dt.datetime.now()
    format_datetime(now, "short")
    format_date(now, "full")
    format_number(1234.5)
    _("SmartDesk")


def _(message: str) -> str:
    return translations(_active.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_active.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_active.get()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return message


# --- formatting: every date or number a user reads goes through these -----------------------


def format_date(value: dt.date | dt.datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return babel_dates.format_date(value, format=format, locale=_active.get())


def format_time(value: dt.datetime | dt.time | None, format: str = "short") -> str:
    if value is None:
        return ""
    return babel_dates.format_time(value, format=format, locale=_active.get())


def format_datetime(value: dt.datetime | None, format: str = "medium") -> str:
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format=format, locale=_active.get())


def format_number(value: int | float | Decimal) -> str:
    return babel_numbers.format_decimal(value, locale=_active.get())


def format_decimal(value: float | Decimal, digits: int = 2) -> str:
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return babel_numbers.format_decimal(value, format=pattern, locale=_active.get())


def format_hours(value: float | Decimal) -> str:
    """Training hours as users read them: ``12,5 h`` in French."""
    return _("{hours} h").format(hours=format_decimal(value, 2))


def format_time_range(start: dt.datetime | None, end: dt.datetime | None) -> str:
    if start is None:
        return ""
    if end is None:
        return format_time(start)
    return _("{start} – {end}").format(start=format_time(start), end=format_time(end))
