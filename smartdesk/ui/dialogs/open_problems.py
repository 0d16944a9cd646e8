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
from typing import Any, NamedTuple

from PySide6.QtWidgets import QMessageBox, QWidget

from smartdesk.domain.errors import DatabaseFileError, DatabaseLockedError, SmartDeskError
from smartdesk.i18n import _, format_datetime
from smartdesk.ui import errors, tasks
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


class Attempt(NamedTuple):
    """How to try opening again after the user answered a question."""

    create: bool
    read_only: bool


def answer_problem(
    parent: QWidget | None, exc: SmartDeskError, path: Path, create: bool, read_only: bool
) -> Attempt | None:
    """The question or sentence for a file that could not be opened: the next attempt the
    user's answer asks for, or None when there is none (she gave up, or nothing can be done)."""
    if isinstance(exc, DatabaseLockedError):
        question = exc.message + "\n\n" + _("Open it read-only to look at it?")
        if not ask(parent, question, _("Open &read-only"), "locked_question"):
            return None
        return Attempt(create, read_only=True)
    if isinstance(exc, DatabaseFileError):
        if exc.kind == "missing" and not create:
            question = _(
                "There is no database at “{path}”.\n\nCreate a new, empty database there?"
            ).format(path=path)
            if not ask(parent, question, _("&Create"), "missing_question"):
                return None
            return Attempt(create=True, read_only=read_only)
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
                if ask(parent, question, _("&Restore the backup"), "damaged_question") and _restore(
                    parent, path, backup
                ):
                    return Attempt(create, read_only)
                return None
    errors.show_error(parent, exc.message)
    return None


def context_of(db: Any) -> AppContext:
    """The window's context for a database just opened (made on the GUI thread)."""
    return AppContext(db, read_only=bool(getattr(db, "read_only", False)))


def open_with_dialogs(
    parent: QWidget | None,
    open_database: OpenDatabase,
    path: Path,
    create: bool = False,
    read_only: bool = False,
) -> AppContext | None:
    """The context of the database at ``path``, or None when the user gave up (each problem
    was explained in its dialog). Opened on the calling thread: File ▸ Open, New and Recent,
    once the database layer is loaded; the first database of a start goes through
    ``open_in_background``."""
    attempt: Attempt | None = Attempt(create, read_only)
    while attempt is not None:
        try:
            db = open_database(path, create=attempt.create, read_only=attempt.read_only)
        except SmartDeskError as exc:
            attempt = answer_problem(parent, exc, path, *attempt)
            continue
        return context_of(db)
    return None


def open_in_background(
    parent: QWidget,
    open_database: OpenDatabase,
    path: Path,
    on_opened: Callable[[AppContext], None],
    on_gave_up: Callable[[], None],
    create: bool = False,
    prepare: Callable[[], object] | None = None,
) -> None:
    """Open the database at ``path`` on a worker thread, so the window is shown and answers
    while SQLAlchemy is imported and the file is checked, locked and migrated. A problem gets
    its question on the GUI thread (``parent`` is the window), and the answer starts the next
    attempt; ``on_opened(ctx)`` or ``on_gave_up()`` is called once, on the GUI thread.
    ``prepare()`` also runs on the worker once the file is open: what the window needs next
    (the first page's modules) is then loaded there rather than on the window's thread."""

    def open_and_prepare(create: bool, read_only: bool) -> Any:
        db = open_database(path, create=create, read_only=read_only)
        if prepare is not None:
            try:
                prepare()
            except Exception:  # noqa: BLE001 - done again on the GUI thread, which reports it
                errors.log.exception("Could not prepare the first page")
        return db

    def attempt(create: bool, read_only: bool) -> None:
        tasks.run_task(
            parent,
            open_and_prepare,
            create,
            read_only,
            on_success=lambda db: on_opened(context_of(db)),
            on_failure=lambda exc: failed(exc, create, read_only),
        )

    def failed(exc: BaseException, create: bool, read_only: bool) -> None:
        if not isinstance(exc, SmartDeskError):
            errors.show_unexpected(parent, exc)  # its traceback travelled with it
            on_gave_up()
            return
        again = answer_problem(parent, exc, path, create, read_only)
        if again is None:
            on_gave_up()
        else:
            attempt(*again)

    attempt(create, False)


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
