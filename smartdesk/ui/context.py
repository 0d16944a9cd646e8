"""What every page and dialog needs from the application, handed down instead of globals: the
database, whether it is open read-only, background work, errors, and navigation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from smartdesk.ui import errors, tasks

GUI_WAIT_SECONDS = 1.0


class AppContext(QObject):
    #: Something was written; pages showing that kind of data refresh ("events", "people", …).
    changed = Signal(str)
    #: A background write is waiting for another SmartDesk's write lock (seconds so far);
    #: emitted from the worker thread, delivered on the GUI thread (the status bar says so).
    waiting = Signal(float)

    def __init__(self, db: Any, read_only: bool = False):
        super().__init__()
        self.db = db
        self.read_only = read_only
        self.navigator: Callable[..., None] | None = None
        self.printer: Callable[..., None] | None = None
        if hasattr(db, "on_wait"):
            db.on_wait = self.waiting.emit
            # A quick save made on the window's thread gives up after a second with its
            # sentence (the form keeps what was typed) instead of freezing the window.
            db.gui_wait = GUI_WAIT_SECONDS

    def run(
        self,
        parent: QWidget | None,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        progress_title: str | None = None,
        **kwargs: Any,
    ) -> tasks.Task:
        """``fn(self.db, *args, **kwargs)`` in the background (see ui.tasks)."""
        return tasks.run_task(
            parent,
            fn,
            self.db,
            *args,
            on_success=on_success,
            on_failure=on_failure,
            progress_title=progress_title,
            **kwargs,
        )

    def navigate(self, key: str, **kwargs: Any) -> None:
        """Show page ``key`` (e.g. ``navigate("checkin", event_id=12)``)."""
        if self.navigator is not None:
            self.navigator(key, **kwargs)

    def print_document(
        self, parent: QWidget | None, kind: str, record_id: int, **options: Any
    ) -> None:
        """Open the print dialog (options, preview, print, save as PDF) for a document:
        ``kind`` is "attendance", "badges", "agenda", "cards", "results" or "certificates",
        ``record_id`` the event, workshop or training it is printed for."""
        if self.printer is not None:
            self.printer(parent, kind, record_id, **options)

    def show_error(self, parent: QWidget | None, message: str) -> None:
        errors.show_error(parent, message)
