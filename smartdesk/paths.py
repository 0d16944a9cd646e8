"""Where SmartDesk keeps its files.

One mechanism (platformdirs) gives the platform's standard data folder; each path can be
overridden by an environment variable so that tests, portable installs and the GAL's
shared PCs can point elsewhere without Qt being involved (QSettings would leak Qt into the core).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "SmartDesk"
APP_AUTHOR = "SmartDesk"
DB_FILENAME = "smartdesk.db"


def data_dir() -> Path:
    override = os.environ.get("SMARTDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def default_db_path() -> Path:
    override = os.environ.get("SMARTDESK_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def cache_dir() -> Path:
    """What can be made again from the program's own files (compiled catalogs). Beside the data
    when SMARTDESK_DATA_DIR points elsewhere (tests, portable installs), else the platform's
    cache folder."""
    override = os.environ.get("SMARTDESK_DATA_DIR")
    if override:
        return Path(override).expanduser() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def backups_dir() -> Path:
    return data_dir() / "backups"


def logs_dir() -> Path:
    return data_dir() / "logs"


def resources_dir() -> Path:
    """Fonts, icons and default logos: beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def translations_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "translations"
    return Path(__file__).resolve().parent.parent / "translations"
