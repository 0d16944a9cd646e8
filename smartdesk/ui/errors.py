"""What the user sees when something goes wrong: never a traceback.

A SmartDeskError is one plain sentence in a message box (or next to the field, by the form
itself). Anything unexpected is written to the rotating log in the data folder and shown in a
dialog with "Copy the details", so the secretary can send them to whoever helps her.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from smartdesk import paths
from smartdesk.domain.errors import SmartDeskError
from smartdesk.i18n import _

log = logging.getLogger("smartdesk")

LOG_FILE = "smartdesk.log"


def setup_logging() -> logging.Handler | None:
    """Errors (and warnings) of the desktop application go to ``logs/smartdesk.log`` in the data
    folder, rotated at 1 MB with 5 old files kept. Returns the handler, or None if the folder
    cannot be written (then the log is simply not kept; the dialogs still show)."""
    folder = paths.logs_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_FILE, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


def show_error(parent: QWidget | None, message: str, title: str | None = None) -> None:
    """One plain sentence the user can act on."""
    box = QMessageBox(QMessageBox.Icon.Warning, title or _("SmartDesk"), message, parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.exec()


def details_text(exc: BaseException, details: str | None = None) -> str:
    from smartdesk import __version__

    body = details or "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return f"SmartDesk {__version__}, Python {sys.version.split()[0]}\n{body}"


def show_unexpected(parent: QWidget | None, exc: BaseException, details: str | None = None) -> None:
    """Log the failure and tell the user, with the details one click away (not in their face)."""
    if isinstance(exc, SmartDeskError):
        show_error(parent, exc.message)
        return
    text = details_text(exc, details)
    log.error("Unexpected error\n%s", text)
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        _("SmartDesk"),
        _(
            "Something went wrong and this action was not completed. Your data is safe: "
            "nothing half-done was saved.\nIf it happens again, copy the details and send "
            "them to the person who helps you with SmartDesk."
        ),
        parent=parent,
    )
    box.setObjectName("unexpected_error")
    box.setDetailedText(text)
    copy = box.addButton(_("Copy the details"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    # The copy button must not close the box before the text is on the clipboard.
    copy.clicked.disconnect()
    copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
    box.exec()


def install_excepthook() -> None:
    """An exception escaping a slot reaches the user as the dialog above, not as a crash."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        details = "".join(traceback.format_exception(kind, exc, tb))
        show_unexpected(QApplication.activeWindow(), exc, details)

    sys.excepthook = hook
