"""The user's preferences on this computer: language, window geometry, last page, column widths,
recent databases. A small JSON file in the data folder, free of Qt so the composition root can
read the language before Qt starts (Picard keeps these in QSettings, which leaks Qt into its
core; we do not).

A preference file that cannot be read (hand-edited, half-written by a crash of an old version)
is ignored rather than stopping the application: these are comforts, not data. Writes go through
a temporary file and ``os.replace`` so a crash never leaves half a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from smartdesk import paths
from smartdesk.i18n import LANGUAGES, normalize_locale

FILENAME = "preferences.json"
#: How many databases the File ▸ Recent menu remembers.
MAX_RECENT = 8


def preferences_path() -> Path:
    return paths.data_dir() / FILENAME


def load() -> dict[str, Any]:
    """Every preference saved, or an empty dict when there is no readable file."""
    try:
        with preferences_path().open(encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    """Write every preference at once, atomically. A folder that cannot be written is not an
    error the user can act on at this point: the preferences are then simply not kept."""
    target = preferences_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".preferences-", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1, sort_keys=True)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def update(**values: Any) -> None:
    """Change some preferences, keeping the others (None removes a key)."""
    data = load()
    for key, value in values.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    save(data)


def language() -> str | None:
    """The language chosen in Paramètres (``fr``, ``nl``, ``de`` or ``en``), if any."""
    value = load().get("language")
    return value if isinstance(value, str) and value in LANGUAGES else None


def set_language(code: str) -> str:
    """Remember the user's language (``fr``, ``nl``, ``de``, ``en`` or a locale such as
    ``nl_BE``); raises ValueError for a language SmartDesk does not speak."""
    code = normalize_locale(code).split("_")[0]
    update(language=code)
    return code


def choose_language(explicit: str | None = None) -> str | None:
    """Which language to start in: ``--lang``, else $SMARTDESK_LANG, else the saved choice
    (None: the default)."""
    return explicit or os.environ.get("SMARTDESK_LANG") or language()


def recent_databases() -> list[str]:
    value = load().get("recent_databases")
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, str)][:MAX_RECENT]


def add_recent_database(path: str | os.PathLike) -> list[str]:
    """Put a database at the top of the recent list (once) and return the list."""
    entry = str(Path(path).expanduser().resolve())
    recent = [entry] + [p for p in recent_databases() if p != entry]
    recent = recent[:MAX_RECENT]
    update(recent_databases=recent)
    return recent


def forget_recent_database(path: str | os.PathLike) -> list[str]:
    entry = str(Path(path).expanduser().resolve())
    recent = [p for p in recent_databases() if p != entry]
    update(recent_databases=recent)
    return recent
