"""Start Qt: one QApplication set up for an office PC, the log and the error hook, the
translators, then the main window, then its database.

The composition root (app.py) hands over how to open a database (``open_database``), used for
the first one and for File ▸ New, Open and Recent, so this module never touches the database
layer; every problem a file can have gets its dialog (ui/dialogs/open_problems.py).

The window is shown first, with "Opening …" where its pages go; the database is opened on a
worker thread (importing SQLAlchemy and the models, checking, locking, migrating the file take
longer than drawing the window), and the first page is built and filled when it is ready.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

from smartdesk import __version__, startup
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext
from smartdesk.ui.dialogs.open_problems import (
    open_in_background,
    open_with_dialogs,
    read_only_notice,
)
from smartdesk.ui.language import install_qt_translator
from smartdesk.ui.main_window import MainWindow
from smartdesk.ui.pages import registry

#: A readable default on a 1366×768 screen with Windows' usual 100 % scaling.
MIN_POINT_SIZE = 10
#: The database is opened once the window is drawn, or after this long at the latest (a window
#: started minimised is not drawn).
OPEN_AT_THE_LATEST_MS = 300


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
    open_database: Callable[..., Any], parent: Callable[[], QWidget | None] = lambda: None
) -> Callable[[Path, bool], AppContext | None]:
    """What the window calls for File ▸ New, Open and Recent: the composition root's
    ``open_database`` with a dialog for every problem (None: the user gave up)."""

    def opener(path: Path, create: bool) -> AppContext | None:
        ctx = open_with_dialogs(parent(), open_database, path, create=create)
        if ctx is not None:
            read_only_notice(parent(), ctx)
        return ctx

    return opener


def _welcome_if_new(window: MainWindow) -> None:
    """First start: the welcome asks the organisation, its logo, the language, and offers the
    demonstration data; cancelled, it comes back at the next start."""
    from smartdesk.ui.dialogs.welcome import needs_welcome, run_welcome
    from smartdesk.ui.language import change_language

    ctx = window.ctx
    if ctx.read_only or not needs_welcome(ctx.db):
        return
    if run_welcome(window, ctx, set_language=lambda code: change_language(window, code)):
        window.show_page("home")
        ctx.changed.emit("settings")


def _daily_backup(window: MainWindow) -> None:
    """The first opening of a day makes a backup, off the GUI thread (a GAL's file takes a
    second); the status bar shows it when done. A failure is logged, never in her way."""
    from smartdesk.services import backups

    ctx = window.ctx
    if ctx.read_only:
        return
    ctx.run(
        window,
        backups.backup_if_due,
        on_success=lambda info: ctx.changed.emit("backups") if info else None,
        on_failure=lambda exc: errors.log.warning("The day's backup was not made: %s", exc),
    )


def run(
    argv: list[str],
    open_database: Callable[..., Any],
    path: Path,
    create: bool = False,
) -> int:
    """Start the desktop application on the database at ``path`` (created on first start when
    ``create``). The window is shown at once and the file opened behind it; a file that cannot
    be opened gets its dialog, never a traceback, and giving up there ends the program with 1."""
    with startup.loading():  # the frame lives as long as the program
        qt_app = make_application(argv)
        errors.setup_logging()
        errors.install_excepthook()
        window = MainWindow(
            None, open_database=database_opener(open_database, lambda: window), opening=path
        )
        window.show()
    state = {"running": True, "opening": False, "code": 0}

    def opened(ctx: AppContext) -> None:
        if not state["running"]:  # the window was closed while the file was being opened
            ctx.db.dispose()
            return
        read_only_notice(window, ctx)
        window.show_database(ctx)
        _welcome_if_new(window)
        _daily_backup(window)

    def gave_up() -> None:
        state["code"] = 1
        qt_app.exit(1)

    def start_opening() -> None:
        # After the first paint, so the worker's imports do not compete with drawing the frame.
        if not state["opening"]:
            state["opening"] = True
            open_in_background(
                window,
                open_database,
                path,
                opened,
                gave_up,
                create=create,
                prepare=lambda: registry.page_class(registry.entry(window.first_page)),
            )

    window.first_painted.connect(start_opening)
    QTimer.singleShot(OPEN_AT_THE_LATEST_MS, start_opening)
    code = qt_app.exec()
    state["running"] = False
    if window.isVisible():  # the user gave up in an opening dialog
        window.close()
    # Work still running (the opening, the day's backup) ends before the file is let go; a
    # database opened after the window closed is then handed to ``opened``, which closes it.
    QThreadPool.globalInstance().waitForDone()
    qt_app.processEvents()
    if window.ctx is not None:
        window.ctx.db.dispose()
    return code or int(state["code"])
