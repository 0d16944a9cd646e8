"""Opening a database from the window, with a dialog for every problem a file can have.

The composition root's ``open_database(path, create=, read_only=)`` raises one
DatabaseFileError per problem (see smartdesk.app); here each becomes the question a secretary
can answer: open read-only a file another PC is writing, restore the latest backup of a damaged
file, create the missing file she typed, or choose another one. Nothing is changed without her
"yes", and the file she was refused keeps its bytes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from smartdesk.domain.errors import DatabaseFileError, DatabaseLockedError, SmartDeskError
from smartdesk.i18n import _, format_datetime
from smartdesk.ui import errors
from smartdesk.ui.context import AppContext

OpenDatabase = Callable[..., Any]


def ask(parent: QWidget | None, text: str, accept: str, name: str) -> bool:
    """A yes/cancel question whose yes button says what it does."""
    box = QMessageBox(QMessageBox.Icon.Question, _("SmartDesk"), text, parent=parent)
    box.setObjectName(name)
    yes = box.addButton(accept, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.exec()
    return box.clickedButton() is yes


def _latest_backup(path: Path) -> Any:
    from smartdesk.services import backups

    try:
        return backups.latest_backup(path)
    except (SmartDeskError, OSError):
        return None


def _restore(parent: QWidget | None, path: Path, backup: Any) -> bool:
    from smartdesk.services import backups

    try:
        backups.restore(path, backup.path)
    except SmartDeskError as exc:
        errors.show_error(parent, exc.message)
        return False
    return True


def open_with_dialogs(
    parent: QWidget | None,
    open_database: OpenDatabase,
    path: Path,
    create: bool = False,
    read_only: bool = False,
) -> AppContext | None:
    """The context of the database at ``path``, or None when the user gave up (each problem
    was explained in its dialog)."""
    while True:
        try:
            db = open_database(path, create=create, read_only=read_only)
        except DatabaseLockedError as exc:
            question = exc.message + "\n\n" + _("Open it read-only to look at it?")
            if not ask(parent, question, _("Open &read-only"), "locked_question"):
                return None
            read_only = True
            continue
        except DatabaseFileError as exc:
            if exc.kind == "missing" and not create:
                question = _(
                    "There is no database at “{path}”.\n\nCreate a new, empty database there?"
                ).format(path=path)
                if not ask(parent, question, _("&Create"), "missing_question"):
                    return None
                create = True
                continue
            if exc.kind == "damaged":
                backup = _latest_backup(path)
                if backup is not None:
                    question = (
                        exc.message
                        + "\n\n"
                        + _(
                            "Restore the backup of {date}? The damaged file is kept aside, "
                            "nothing is deleted."
                        ).format(date=format_datetime(backup.created_at, "short"))
                    )
                    if ask(
                        parent, question, _("&Restore the backup"), "damaged_question"
                    ) and _restore(parent, path, backup):
                        continue
                    return None
            errors.show_error(parent, exc.message)
            return None
        except SmartDeskError as exc:
            errors.show_error(parent, exc.message)
            return None
        return AppContext(db, read_only=bool(getattr(db, "read_only", False)))


def read_only_notice(parent: QWidget | None, ctx: AppContext) -> None:
    """Tell once, on opening, that nothing can be changed in this file."""
    if not ctx.read_only:
        return
    QMessageBox.information(
        parent,
        _("SmartDesk"),
        _(
            "“{path}” is open read-only: you can look at everything and print, but nothing "
            "can be changed."
        ).format(path=getattr(ctx.db, "path", "")),
    )
