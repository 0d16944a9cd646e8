"""Today's date as the screens see it. One place, so the screenshots and the tests can show the
demo data (2020) as if it were today, without touching the system clock."""

from __future__ import annotations

import datetime as dt

_fixed: dt.date | None = None


def today() -> dt.date:
    return _fixed or dt.date.today()


def set_today(value: dt.date | None) -> None:
    """Pretend today is ``value`` (None: the real date again)."""
    global _fixed
    _fixed = value
