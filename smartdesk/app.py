"""Composition root: paths → database (migrated to head) → services, then Qt or the CLI.
The only module that wires the layers together."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from smartdesk import i18n, paths
from smartdesk.db.migrate import upgrade_to_head
from smartdesk.db.session import Database
from smartdesk.services import preferences

log = logging.getLogger("smartdesk")


def resolve_db_path(db_path: str | os.PathLike | None = None) -> Path:
    return Path(db_path).expanduser() if db_path else paths.default_db_path()


def open_database(db_path: str | os.PathLike | None = None) -> Database:
    """Open (creating if needed) the SQLite file and bring it to the current schema."""
    path = resolve_db_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = Database.at_path(path)
    upgrade_to_head(
        db,
        backup_dir=paths.backups_dir()
        if path == paths.default_db_path()
        else path.parent / "backups",
    )
    return db


def setup_locale(lang: str | None = None) -> str:
    """The user's language: --lang, else SMARTDESK_LANG, else the one chosen in Paramètres
    (preferences file, read before Qt starts), else French (Belgium)."""
    return i18n.set_locale(preferences.choose_language(lang) or i18n.DEFAULT_LOCALE)


def run_gui(db_path: str | os.PathLike | None = None, argv: list[str] | None = None) -> int:
    from smartdesk.ui.application import run  # Qt is loaded only when a window is wanted

    setup_locale()
    db = open_database(db_path)
    try:
        # File ▸ New / Open / Recent open other databases through the same function.
        return run(db, argv if argv is not None else sys.argv, open_database=open_database)
    finally:
        db.dispose()
