"""Start Qt: one QApplication set up for an office PC, the log and the error hook, the
translators, then the context and the main window.

The composition root (app.py) opens the database before calling ``run`` and hands over how to
open another one (File ▸ New, Open, Recent), so this module never touches the database layer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from smartdesk import __version__
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.language import install_qt_translator
from smartdesk.ui.main_window import MainWindow

#: A readable default on a 1366×768 screen with Windows' usual 100 % scaling.
MIN_POINT_SIZE = 10


def make_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named and styled (also used by tests and the screenshots)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("SmartDesk")
    app.setOrganizationName("SmartDesk")
    app.setApplicationVersion(__version__)
    app.setApplicationDisplayName("SmartDesk")
    # Windows' own style on Windows; Fusion elsewhere, the same everywhere else (and offscreen).
    if sys.platform != "win32" and os.environ.get("SMARTDESK_STYLE", "fusion") == "fusion":
        app.setStyle("Fusion")
    font = QFont(app.font())
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
        app.setFont(font)
    install_qt_translator()
    return app


def database_opener(
    open_database: Callable[..., Any], read_only_of: Callable[[Any], bool] | None = None
) -> Callable[[Path, bool], AppContext]:
    """Turn the composition root's ``open_database(path, create=)`` into what the window calls."""

    def opener(path: Path, create: bool) -> AppContext:
        db = open_database(path, create=create)
        read_only = read_only_of(db) if read_only_of else bool(getattr(db, "read_only", False))
        return AppContext(db, read_only=read_only)

    return opener


def run(
    db: Any,
    argv: list[str],
    open_database: Callable[..., Any] | None = None,
    read_only: bool = False,
) -> int:
    qt_app = make_application(argv)
    errors.setup_logging()
    errors.install_excepthook()
    ctx = AppContext(db, read_only=read_only)
    window = MainWindow(
        ctx, open_database=database_opener(open_database) if open_database else None
    )
    window.show()
    code = qt_app.exec()
    # The window may have switched to another database meanwhile: close the one open now.
    if window.ctx is not ctx:
        window.ctx.db.dispose()
    return code
